/* genreclassify — centred short-time Fourier transform over a stream
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "gc-stft.h"

#include <fftw3.h>
#include <math.h>
#include <string.h>

#define RING_MASK (GC_STFT_N_FFT - 1)

struct _GcStft {
  double window[GC_STFT_N_FFT];
  /* The last GC_STFT_N_FFT samples of the padded signal, circularly. */
  double ring[GC_STFT_N_FFT];
  guint64 n_padded; /* padded samples written since reset */
  gsize n_samples; /* real samples pushed since reset */
  guint64 n_frames; /* frames emitted since reset */

  double *fft_in;
  fftw_complex *fft_out;
  fftw_plan plan;
};

static GMutex planner_mutex;

void
gc_fft_planner_lock (void)
{
  g_mutex_lock (&planner_mutex);
}

void
gc_fft_planner_unlock (void)
{
  g_mutex_unlock (&planner_mutex);
}

void
gc_hann_window (double *window, guint n)
{
  for (guint i = 0; i < n; i++)
    window[i] = 0.5 - 0.5 * cos (2.0 * G_PI * i / n);
}

GcStft *
gc_stft_new (void)
{
  GcStft *stft = g_new0 (GcStft, 1);

  gc_hann_window (stft->window, GC_STFT_N_FFT);

  stft->fft_in = fftw_alloc_real (GC_STFT_N_FFT);
  stft->fft_out = fftw_alloc_complex (GC_STFT_N_BINS);
  gc_fft_planner_lock ();
  stft->plan = fftw_plan_dft_r2c_1d (
      GC_STFT_N_FFT, stft->fft_in, stft->fft_out, FFTW_ESTIMATE);
  gc_fft_planner_unlock ();

  gc_stft_reset (stft);
  return stft;
}

void
gc_stft_free (GcStft *stft)
{
  if (!stft)
    return;
  gc_fft_planner_lock ();
  fftw_destroy_plan (stft->plan);
  gc_fft_planner_unlock ();
  fftw_free (stft->fft_in);
  fftw_free (stft->fft_out);
  g_free (stft);
}

void
gc_stft_reset (GcStft *stft)
{
  /* The left half of frame 0 is the zero padding. */
  memset (stft->ring, 0, sizeof (stft->ring));
  stft->n_padded = GC_STFT_N_FFT / 2;
  stft->n_samples = 0;
  stft->n_frames = 0;
}

/* fft_in = the frame starting at ring[start], circularly, times the
 * window. */
__attribute__ ((target_clones ("avx2", "default"))) static void
window_frame (
    const double *ring, const double *window, gsize start, double *fft_in)
{
  gsize first = GC_STFT_N_FFT - start;

  /* gsize indices: with guint ones GCC fears a wrap and does not
   * vectorise. */
  for (gsize i = 0; i < first; i++)
    fft_in[i] = ring[start + i] * window[i];
  for (gsize i = first; i < GC_STFT_N_FFT; i++)
    fft_in[i] = ring[i - first] * window[i];
}

static void
emit_frame (GcStft *stft, GcStftFrameFunc func, gpointer user_data)
{
  window_frame (stft->ring, stft->window,
      (stft->n_frames * GC_STFT_HOP) & RING_MASK, stft->fft_in);
  fftw_execute (stft->plan);
  func ((const double complex *)stft->fft_out, user_data);
  stft->n_frames++;
}

/* Writes @n samples (zeros if @samples is NULL), emitting every frame that
 * becomes complete. */
static void
write_samples (GcStft *stft, const double *samples, gsize n,
    GcStftFrameFunc func, gpointer user_data)
{
  while (n > 0) {
    guint64 frame_end = stft->n_frames * GC_STFT_HOP + GC_STFT_N_FFT;
    guint at = stft->n_padded & RING_MASK;
    gsize take = MIN (n, frame_end - stft->n_padded);

    take = MIN (take, GC_STFT_N_FFT - at);
    if (samples) {
      memcpy (stft->ring + at, samples, sizeof (double) * take);
      samples += take;
    } else {
      memset (stft->ring + at, 0, sizeof (double) * take);
    }
    stft->n_padded += take;
    n -= take;
    if (stft->n_padded == frame_end)
      emit_frame (stft, func, user_data);
  }
}

void
gc_stft_push (GcStft *stft, const double *samples, gsize n,
    GcStftFrameFunc func, gpointer user_data)
{
  stft->n_samples += n;
  write_samples (stft, samples, n, func, user_data);
}

void
gc_stft_finish (GcStft *stft, GcStftFrameFunc func, gpointer user_data)
{
  guint64 total = 1 + stft->n_samples / GC_STFT_HOP;

  if (stft->n_frames < total)
    write_samples (stft, NULL,
        (total - 1) * GC_STFT_HOP + GC_STFT_N_FFT - stft->n_padded, func,
        user_data);
  gc_stft_reset (stft);
}
