/* genreclassify — inverse STFT over a stream
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "gc-istft.h"

#include <fftw3.h>
#include <float.h>
#include <math.h>
#include <string.h>

#define PAD (GC_STFT_N_FFT / 2)

#define RING_MASK (GC_STFT_N_FFT - 1)

struct _GcIstft {
  /* The synthesis window (Hann, with irfft's 1/n_fft) and Hann squared. */
  double synthesis[GC_STFT_N_FFT];
  double window_sq[GC_STFT_N_FFT];
  /* Overlap-add accumulators of signal and squared window, circular over
   * the padded positions [n_frames·hop, n_frames·hop + n_fft). */
  double ola[GC_STFT_N_FFT];
  double wss[GC_STFT_N_FFT];
  guint64 n_frames;
  gsize n_output; /* samples output since reset */

  fftw_complex *ifft_in;
  double *ifft_out;
  fftw_plan plan;
};

GcIstft *
gc_istft_new (void)
{
  GcIstft *istft = g_new0 (GcIstft, 1);

  gc_hann_window (istft->synthesis, GC_STFT_N_FFT);
  for (guint i = 0; i < GC_STFT_N_FFT; i++) {
    istft->window_sq[i] = istft->synthesis[i] * istft->synthesis[i];
    istft->synthesis[i] /= GC_STFT_N_FFT;
  }

  istft->ifft_in = fftw_alloc_complex (GC_STFT_N_BINS);
  istft->ifft_out = fftw_alloc_real (GC_STFT_N_FFT);
  gc_fft_planner_lock ();
  istft->plan = fftw_plan_dft_c2r_1d (
      GC_STFT_N_FFT, istft->ifft_in, istft->ifft_out, FFTW_ESTIMATE);
  gc_fft_planner_unlock ();

  gc_istft_reset (istft);
  return istft;
}

void
gc_istft_free (GcIstft *istft)
{
  if (!istft)
    return;
  gc_fft_planner_lock ();
  fftw_destroy_plan (istft->plan);
  gc_fft_planner_unlock ();
  fftw_free (istft->ifft_in);
  fftw_free (istft->ifft_out);
  g_free (istft);
}

void
gc_istft_reset (GcIstft *istft)
{
  memset (istft->ola, 0, sizeof (istft->ola));
  memset (istft->wss, 0, sizeof (istft->wss));
  istft->n_frames = 0;
  istft->n_output = 0;
}

/* Outputs the first @n accumulated samples (padded positions from
 * n_frames·hop on) and clears their slots, skipping the left padding and
 * anything past @limit. */
static void
output_head (GcIstft *istft, gsize n, gsize limit, GcIstftOutputFunc func,
    gpointer user_data)
{
  double out[GC_STFT_N_FFT];
  guint64 pos = istft->n_frames * GC_STFT_HOP;
  gsize skip = pos < PAD ? MIN (n, PAD - pos) : 0;
  gsize n_out = MIN (n - skip, limit - MIN (limit, istft->n_output));

  for (gsize done = 0; done < n;) {
    /* A run of slots that does not wrap around the ring. */
    guint at = (pos + done) & RING_MASK;
    gsize run = MIN (n - done, GC_STFT_N_FFT - at);
    gsize from = MAX (done, skip), to = MIN (done + run, skip + n_out);

    if (to > from) {
      const double *v = istft->ola + at + (from - done);
      const double *w = istft->wss + at + (from - done);
      double *dst = out + (from - skip);

      /* librosa divides only where the window sum exceeds float32's tiny. */
      for (gsize j = 0; j < to - from; j++)
        dst[j] = v[j] / (w[j] > FLT_MIN ? w[j] : 1.0);
    }
    memset (istft->ola + at, 0, sizeof (double) * run);
    memset (istft->wss + at, 0, sizeof (double) * run);
    done += run;
  }
  if (n_out > 0) {
    istft->n_output += n_out;
    func (out, n_out, user_data);
  }
}

double complex *
gc_istft_input (GcIstft *istft)
{
  return (double complex *)istft->ifft_in;
}

void
gc_istft_push_input (GcIstft *istft, GcIstftOutputFunc func, gpointer user_data)
{
  gsize start = (istft->n_frames * GC_STFT_HOP) & RING_MASK;
  gsize first = GC_STFT_N_FFT - start;

  fftw_execute (istft->plan);
  for (gsize i = 0; i < first; i++) {
    istft->ola[start + i] += istft->ifft_out[i] * istft->synthesis[i];
    istft->wss[start + i] += istft->window_sq[i];
  }
  for (gsize i = first; i < GC_STFT_N_FFT; i++) {
    istft->ola[i - first] += istft->ifft_out[i] * istft->synthesis[i];
    istft->wss[i - first] += istft->window_sq[i];
  }

  /* The next frame starts one hop later: what lies before it is final. */
  output_head (istft, GC_STFT_HOP, G_MAXSIZE, func, user_data);
  istft->n_frames++;
}

void
gc_istft_push (GcIstft *istft, const double complex *spectrum,
    GcIstftOutputFunc func, gpointer user_data)
{
  memcpy (istft->ifft_in, spectrum, sizeof (fftw_complex) * GC_STFT_N_BINS);
  gc_istft_push_input (istft, func, user_data);
}

void
gc_istft_finish (
    GcIstft *istft, gsize length, GcIstftOutputFunc func, gpointer user_data)
{
  output_head (istft, GC_STFT_N_FFT - GC_STFT_HOP, length, func, user_data);

  /* A signal shorter than the frames covered is padded with zeros, as
   * librosa.util.fix_length does. */
  while (istft->n_output < length) {
    double zeros[GC_STFT_HOP] = { 0 };
    gsize n = MIN (GC_STFT_HOP, length - istft->n_output);
    istft->n_output += n;
    func (zeros, n, user_data);
  }
  gc_istft_reset (istft);
}
