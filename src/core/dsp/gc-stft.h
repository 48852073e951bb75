/* genreclassify — centred short-time Fourier transform over a stream
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * librosa.stft(n_fft=2048, hop_length=512, window="hann", center=True,
 * pad_mode="constant"), computed frame by frame as samples arrive: frame t
 * covers samples [t·512 − 1024, t·512 + 1024) of the signal padded with zeros
 * on both sides, and a signal of L samples has 1 + L / 512 frames.
 */
#ifndef GC_STFT_H
#define GC_STFT_H

#include <glib.h>
#include <complex.h>

G_BEGIN_DECLS

#define GC_STFT_N_FFT 2048
#define GC_STFT_HOP 512
#define GC_STFT_N_BINS (GC_STFT_N_FFT / 2 + 1)

/* Receives one frame's spectrum (GC_STFT_N_BINS values, valid during the
 * call only); frames arrive in order, numbered from 0 after every reset. */
typedef void (*GcStftFrameFunc) (
    const double complex *spectrum, gpointer user_data);

typedef struct _GcStft GcStft;

GcStft *gc_stft_new (void);
void gc_stft_free (GcStft *stft);

/* Emits every frame whose real samples are all known. */
void gc_stft_push (GcStft *stft, const double *samples, gsize n,
    GcStftFrameFunc func, gpointer user_data);

/* End of signal: zero-pads the right edge, emits the remaining frames (so
 * that 1 + L / 512 frames were emitted in all), then resets. */
void gc_stft_finish (GcStft *stft, GcStftFrameFunc func, gpointer user_data);

void gc_stft_reset (GcStft *stft);

/* Writes the periodic Hann window of length @n, as
 * scipy.signal.get_window("hann", n). */
void gc_hann_window (double *window, guint n);

/* FFTW's planner is process-wide and not thread-safe: every plan made or
 * destroyed by genreclassify goes through this lock. */
void gc_fft_planner_lock (void);
void gc_fft_planner_unlock (void);

G_END_DECLS

#endif
