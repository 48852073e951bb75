/* genreclassify — mel filterbank, power_to_db and the MFCC DCT (librosa 0.10)
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef GC_MEL_H
#define GC_MEL_H

#include <glib.h>

G_BEGIN_DECLS

#define GC_DB_AMIN 1e-10
#define GC_DB_TOP 80.0

typedef struct _GcMel GcMel;

/* librosa.filters.mel(sr, n_fft, n_mels, fmin=0, fmax=sr/2, htk=False,
 * norm="slaney"): triangular filters equally spaced on the Slaney mel scale,
 * each scaled to unit area. */
GcMel *gc_mel_new (double sample_rate, guint n_fft, guint n_mels);
void gc_mel_free (GcMel *mel);
guint gc_mel_get_n_mels (const GcMel *mel);
/* Dense weights, n_mels rows × (n_fft/2 + 1) columns. */
const double *gc_mel_get_weights (const GcMel *mel);

/* mel[m] = Σ_k weights[m][k] · power[k] for one frame. */
void gc_mel_apply (const GcMel *mel, const double *power, double *mel_out);

/* gc_mel_apply() of two frames at once, reading the weights once; each
 * result is bit-identical to gc_mel_apply()'s. */
void gc_mel_apply_pair (const GcMel *mel, const double *power_a,
    const double *power_b, double *mel_a, double *mel_b);

double gc_hz_to_mel (double hz);
double gc_mel_to_hz (double mel);

/* librosa.power_to_db(scale·values, ref=1, amin=1e-10, top_db=80) in place:
 * 10·log10(max(amin, scale·v)), then floored at (maximum − top_db) over all
 * @n values together — the floor is why callers keep a whole window. */
void gc_power_to_db (double *values, gsize n, double scale);

/* The same in two steps, so that the logarithms can be taken frame by frame
 * as the powers come, and only the floors wait for the window's end:
 * gc_db_of_power() writes 10·log10(power) (−inf for 0), and gc_db_floor()
 * turns those @n values into power_to_db(10^(gain_db / 10)·power), i.e.
 * adds @gain_db and floors at amin and at (maximum − @top_db).  With
 * @top_db = GC_DB_TOP, equal to gc_power_to_db() up to rounding (log10 of a
 * product is the sum of the logs). */
void gc_db_of_power (const double *power, double *db, gsize n);
void gc_db_floor (double *db, gsize n, double gain_db, double top_db);

/* scipy.fft.dct(type=2, norm="ortho") of each frame of @in (frame-major:
 * n_frames × n_in), keeping the first @n_out coefficients; @out is
 * coefficient-major (n_out rows × n_frames), as librosa's MFCC matrix. */
void gc_dct_ortho (
    const double *in, guint n_in, gsize n_frames, guint n_out, double *out);

G_END_DECLS

#endif
