/* genreclassify — centred short-time Fourier transform over a stream
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "gc-stft.h"

#include <fftw3.h>
#include <math.h>
#include <string.h>

struct _GcStft {
  double window[GC_STFT_N_FFT];
  /* Samples of the padded signal from the start of the next frame on. */
  double pending[2 * GC_STFT_N_FFT];
  gsize n_pending;
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

GcStft *
gc_stft_new (void)
{
  GcStft *stft = g_new0 (GcStft, 1);

  for (guint i = 0; i < GC_STFT_N_FFT; i++)
    stft->window[i] = 0.5 - 0.5 * cos (2.0 * G_PI * i / GC_STFT_N_FFT);

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
  memset (stft->pending, 0, sizeof (double) * (GC_STFT_N_FFT / 2));
  stft->n_pending = GC_STFT_N_FFT / 2;
  stft->n_samples = 0;
  stft->n_frames = 0;
}

const double *
gc_stft_window (const GcStft *stft)
{
  return stft->window;
}

static void
emit_frame (GcStft *stft, GcStftFrameFunc func, gpointer user_data)
{
  for (guint i = 0; i < GC_STFT_N_FFT; i++)
    stft->fft_in[i] = stft->pending[i] * stft->window[i];
  fftw_execute (stft->plan);
  func ((const double complex *)stft->fft_out, user_data);
  stft->n_frames++;

  stft->n_pending -= GC_STFT_HOP;
  memmove (stft->pending, stft->pending + GC_STFT_HOP,
      sizeof (double) * stft->n_pending);
}

void
gc_stft_push (GcStft *stft, const double *samples, gsize n,
    GcStftFrameFunc func, gpointer user_data)
{
  while (n > 0) {
    gsize room = GC_STFT_N_FFT - stft->n_pending;
    gsize take = MIN (room, n);

    memcpy (stft->pending + stft->n_pending, samples, sizeof (double) * take);
    stft->n_pending += take;
    stft->n_samples += take;
    samples += take;
    n -= take;

    if (stft->n_pending == GC_STFT_N_FFT)
      emit_frame (stft, func, user_data);
  }
}

void
gc_stft_finish (GcStft *stft, GcStftFrameFunc func, gpointer user_data)
{
  guint64 total = 1 + stft->n_samples / GC_STFT_HOP;

  while (stft->n_frames < total) {
    memset (stft->pending + stft->n_pending, 0,
        sizeof (double) * (GC_STFT_N_FFT - stft->n_pending));
    stft->n_pending = GC_STFT_N_FFT;
    emit_frame (stft, func, user_data);
  }
  gc_stft_reset (stft);
}
