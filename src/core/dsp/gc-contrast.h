/* genreclassify — spectral contrast (librosa.feature.spectral_contrast)
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Defaults of librosa 0.10: fmin 200 Hz, 6 octave bands plus the rest up to
 * Nyquist (7 rows), quantile 0.02, linear=False.  Peaks and valleys are
 * found per frame; the dB conversion needs the whole window, because
 * power_to_db floors both matrices 80 dB below their own maximum.
 */
#ifndef GC_CONTRAST_H
#define GC_CONTRAST_H

#include <glib.h>

G_BEGIN_DECLS

#define GC_CONTRAST_N_BANDS 6
#define GC_CONTRAST_N_ROWS (GC_CONTRAST_N_BANDS + 1)

typedef struct _GcContrast GcContrast;

GcContrast *gc_contrast_new (
    double sample_rate, guint n_fft, double fmin, double quantile);
void gc_contrast_free (GcContrast *contrast);

/* From one frame's magnitude spectrum (float32 as librosa's, never negative
 * or NaN), the mean of the lowest and of the highest quantile of every band
 * (GC_CONTRAST_N_ROWS values each). */
void gc_contrast_frame (
    GcContrast *contrast, const float *magnitude, double *peak, double *valley);

/* power_to_db(scale·peak) − power_to_db(scale·valley) for a window of
 * @n_frames frames, from the peaks' and valleys' gc_db_of_power() stored
 * frame-major (n_frames × GC_CONTRAST_N_ROWS), with @gain_db = 10·log10
 * (scale); @peak_db and @valley_db are overwritten; @out is row-major
 * (rows × n_frames). */
void gc_contrast_finish (double *peak_db, double *valley_db, gsize n_frames,
    double gain_db, double *out);

G_END_DECLS

#endif
