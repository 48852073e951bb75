/* genreclassify — streaming feature analyser
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Data flow per window:
 *   samples ─ STFT ─┬─ |X| ─ median over frequency ─ P ─┐
 *                   │        median over time (lag 15) ─ H ─┴─ soft masks
 *                   │    X·mask_h ─ ISTFT ─ STFT ─ mel power ─┐ (kept until
 *                   │    X·mask_p ─ ISTFT ─ STFT ─ mel power ─┤  the window
 *                   └─ contrast peaks / valleys ──────────────┘  ends)
 * At the window end the kept values are scaled for peak normalisation
 * (the masks are scale-invariant and the rest is quadratic or linear in the
 * signal, so this equals normalising first), converted to dB with the
 * window-wide top_db floor, and summarised.
 */
#include "gc-analyser.h"
#include "gc-contrast.h"
#include "gc-istft.h"
#include "gc-median.h"
#include "gc-mel.h"
#include "gc-stats.h"
#include "gc-stft.h"

#include <float.h>
#include <math.h>
#include <string.h>

/* Frames the time median reaches ahead of the frame it filters. */
#define LAG (GC_HPSS_KERNEL / 2)
/* Recent frames kept for the time median: the kernel, rounded up. */
#define RING 32

#define CONTRAST_FMIN 200.0
#define CONTRAST_QUANTILE 0.02

typedef struct {
  GcAnalyser *owner;
  GcIstft *istft;
  GcStft *stft;
  double *mel; /* max_frames × GC_N_MELS, frame-major */
  gsize n_frames;
  double *mfcc; /* result: GC_N_MFCC × n_result_frames */
} Part;

struct _GcAnalyser {
  gsize max_samples, max_frames;
  gsize n_samples, n_invalid;
  double peak;

  GcStft *stft;
  GcMel *mel;
  GcContrast *contrast;
  Part harmonic, percussive;

  /* The last RING frames of the signal: spectrum, magnitude and its median
   * over frequency. */
  double complex *spectrum;
  float *magnitude;
  float *freq_median;
  guint64 n_frames;
  guint64 n_separated;

  /* Contrast peaks and valleys of the window, frame-major. */
  double *contrast_peak, *contrast_valley;

  /* Per-frame scratch. */
  double complex *part_spectrum;
  double *power;
  double *mask_p;
  /* Every bin's time-median window. */
  GcMedianBank *time_median;
  float *harmonic_median;
  double *frame_magnitude;

  /* Results of the last ended window. */
  double *contrast_out;
  gsize n_result_frames;
  double *stats_scratch;
};

static void
part_init (Part *part, GcAnalyser *owner)
{
  part->owner = owner;
  part->istft = gc_istft_new ();
  part->stft = gc_stft_new ();
  part->mel = g_new (double, owner->max_frames * GC_N_MELS);
  part->mfcc = g_new (double, owner->max_frames * GC_N_MFCC);
  part->n_frames = 0;
}

static void
part_clear (Part *part)
{
  gc_istft_free (part->istft);
  gc_stft_free (part->stft);
  g_free (part->mel);
  g_free (part->mfcc);
}

GcAnalyser *
gc_analyser_new (gsize max_window_samples)
{
  GcAnalyser *a = g_new0 (GcAnalyser, 1);

  a->max_samples = max_window_samples;
  a->max_frames = 1 + max_window_samples / GC_HOP;
  a->stft = gc_stft_new ();
  a->mel = gc_mel_new (GC_ANALYSIS_RATE, GC_N_FFT, GC_N_MELS);
  a->contrast = gc_contrast_new (
      GC_ANALYSIS_RATE, GC_N_FFT, CONTRAST_FMIN, CONTRAST_QUANTILE);
  part_init (&a->harmonic, a);
  part_init (&a->percussive, a);

  a->spectrum = g_new (double complex, RING * GC_N_BINS);
  a->magnitude = g_new (float, RING * GC_N_BINS);
  a->freq_median = g_new (float, RING * GC_N_BINS);
  a->contrast_peak = g_new (double, a->max_frames * GC_N_CONTRAST);
  a->contrast_valley = g_new (double, a->max_frames * GC_N_CONTRAST);
  a->part_spectrum = g_new (double complex, GC_N_BINS);
  a->power = g_new (double, GC_N_BINS);
  a->mask_p = g_new (double, GC_N_BINS);
  a->time_median = gc_median_bank_new (GC_N_BINS);
  a->harmonic_median = g_new (float, GC_N_BINS);
  a->frame_magnitude = g_new (double, GC_N_BINS);
  a->contrast_out = g_new (double, a->max_frames * GC_N_CONTRAST);
  a->stats_scratch = g_new (double, 2 * a->max_frames);

  gc_analyser_reset (a);
  return a;
}

void
gc_analyser_free (GcAnalyser *a)
{
  if (!a)
    return;
  gc_stft_free (a->stft);
  gc_mel_free (a->mel);
  gc_contrast_free (a->contrast);
  part_clear (&a->harmonic);
  part_clear (&a->percussive);
  g_free (a->spectrum);
  g_free (a->magnitude);
  g_free (a->freq_median);
  g_free (a->contrast_peak);
  g_free (a->contrast_valley);
  g_free (a->part_spectrum);
  g_free (a->power);
  g_free (a->mask_p);
  gc_median_bank_free (a->time_median);
  g_free (a->harmonic_median);
  g_free (a->frame_magnitude);
  g_free (a->contrast_out);
  g_free (a->stats_scratch);
  g_free (a);
}

void
gc_analyser_reset (GcAnalyser *a)
{
  a->n_samples = 0;
  a->n_invalid = 0;
  a->peak = 0.0;
  a->n_frames = 0;
  a->n_separated = 0;
  gc_stft_reset (a->stft);
  gc_istft_reset (a->harmonic.istft);
  gc_stft_reset (a->harmonic.stft);
  a->harmonic.n_frames = 0;
  gc_istft_reset (a->percussive.istft);
  gc_stft_reset (a->percussive.stft);
  a->percussive.n_frames = 0;
}

gsize
gc_analyser_n_samples (const GcAnalyser *a)
{
  return a->n_samples;
}

gsize
gc_analyser_n_invalid (const GcAnalyser *a)
{
  return a->n_invalid;
}

/* A frame of a separated part: keep its mel power for the window's end. */
static void
on_part_frame (const double complex *spectrum, gpointer user_data)
{
  Part *part = user_data;
  GcAnalyser *a = part->owner;

  g_assert (part->n_frames < a->max_frames);
  for (guint k = 0; k < GC_N_BINS; k++)
    a->power[k] = creal (spectrum[k]) * creal (spectrum[k])
        + cimag (spectrum[k]) * cimag (spectrum[k]);
  gc_mel_apply (a->mel, a->power, part->mel + part->n_frames * GC_N_MELS);
  part->n_frames++;
}

/* Samples of a separated part, as the ISTFT finishes them. */
static void
on_part_samples (const double *samples, gsize n, gpointer user_data)
{
  Part *part = user_data;

  gc_stft_push (part->stft, samples, n, on_part_frame, part);
}

/* Frame index @t of the signal as the time median sees it: reflected at
 * the window start, and at its end once @n_total frames are known. */
static inline guint64
time_index (gint64 t, guint64 n_total)
{
  if (n_total > 0)
    return gc_reflect_index (t, n_total);
  return t < 0 ? (guint64)(-t - 1) : (guint64)t;
}

/* HPSS of frame @u (frames are separated in order); @n_total is the
 * window's frame count once known, 0 before. */
static void
separate_frame (GcAnalyser *a, guint64 u, guint64 n_total)
{
  const guint slot = u % RING;
  const double complex *x = a->spectrum + slot * GC_N_BINS;
  const float *perc = a->freq_median + slot * GC_N_BINS;

  if (u == 0) {
    const float *rows[GC_HPSS_KERNEL];
    for (gint j = 0; j < GC_HPSS_KERNEL; j++)
      rows[j] =
          a->magnitude + (time_index (j - LAG, n_total) % RING) * GC_N_BINS;
    gc_median_bank_init (a->time_median, rows);
  } else {
    gc_median_bank_slide (a->time_median,
        a->magnitude
            + (time_index ((gint64)u - LAG - 1, n_total) % RING) * GC_N_BINS,
        a->magnitude
            + (time_index ((gint64)u + LAG, n_total) % RING) * GC_N_BINS);
  }
  gc_median_bank_get (a->time_median, a->harmonic_median);

  for (guint k = 0; k < GC_N_BINS; k++) {
    double h = a->harmonic_median[k], p = perc[k];
    double hh = h * h, pp = p * p, mask_h, mask_p;

    /* librosa.util.softmask(power=2, split_zeros=True), both ways:
     * h²/(h²+p²), and ½ where both are below float32's tiny. */
    if (MAX (h, p) < FLT_MIN) {
      mask_h = mask_p = 0.5;
    } else {
      double inv = 1.0 / (hh + pp);
      mask_h = hh * inv;
      mask_p = pp * inv;
    }
    a->part_spectrum[k] = x[k] * mask_h;
    a->mask_p[k] = mask_p;
  }
  gc_istft_push (
      a->harmonic.istft, a->part_spectrum, on_part_samples, &a->harmonic);

  for (guint k = 0; k < GC_N_BINS; k++)
    a->part_spectrum[k] = x[k] * a->mask_p[k];
  gc_istft_push (
      a->percussive.istft, a->part_spectrum, on_part_samples, &a->percussive);
}

static void
on_signal_frame (const double complex *spectrum, gpointer user_data)
{
  GcAnalyser *a = user_data;
  const guint slot = a->n_frames % RING;
  double complex *x = a->spectrum + slot * GC_N_BINS;
  float *mag = a->magnitude + slot * GC_N_BINS;

  g_assert (a->n_frames < a->max_frames);
  memcpy (x, spectrum, sizeof (double complex) * GC_N_BINS);
  for (guint k = 0; k < GC_N_BINS; k++) {
    a->frame_magnitude[k] =
        sqrt (creal (x[k]) * creal (x[k]) + cimag (x[k]) * cimag (x[k]));
    /* librosa separates float32 magnitudes too. */
    mag[k] = a->frame_magnitude[k];
  }

  gc_median_filter_reflect (mag, GC_N_BINS, a->freq_median + slot * GC_N_BINS);
  gc_contrast_frame (a->contrast, a->frame_magnitude,
      a->contrast_peak + a->n_frames * GC_N_CONTRAST,
      a->contrast_valley + a->n_frames * GC_N_CONTRAST);
  a->n_frames++;

  while (a->n_separated + LAG < a->n_frames)
    separate_frame (a, a->n_separated++, 0);
}

void
gc_analyser_push (GcAnalyser *a, const float *samples, gsize n)
{
  double chunk[1024];

  g_return_if_fail (a->n_samples + n <= a->max_samples);

  while (n > 0) {
    gsize m = MIN (n, G_N_ELEMENTS (chunk));

    for (gsize i = 0; i < m; i++) {
      double v = samples[i];
      if (!isfinite (v)) {
        v = 0.0;
        a->n_invalid++;
      }
      a->peak = MAX (a->peak, fabs (v));
      chunk[i] = v;
    }
    a->n_samples += m;
    gc_stft_push (a->stft, chunk, m, on_signal_frame, a);
    samples += m;
    n -= m;
  }
}

static void
finish_part (GcAnalyser *a, Part *part, double power_scale)
{
  gc_istft_finish (part->istft, a->n_samples, on_part_samples, part);
  gc_stft_finish (part->stft, on_part_frame, part);
  g_assert (part->n_frames == a->n_frames);

  gc_power_to_db (part->mel, part->n_frames * GC_N_MELS, power_scale);
  gc_dct_ortho (part->mel, GC_N_MELS, part->n_frames, GC_N_MFCC, part->mfcc);
}

GcWindowStatus
gc_analyser_end_window (GcAnalyser *a, double *vector)
{
  GcWindowStatus status = GC_WINDOW_OK;
  gsize n_frames;
  double scale;

  a->n_result_frames = 0;
  if (a->n_samples < GC_N_FFT) {
    gc_analyser_reset (a);
    return GC_WINDOW_TOO_SHORT;
  }
  /* librosa.util.normalize leaves a signal below float32's tiny alone; we
   * call it silence, as nothing in it can be classified. */
  if (a->peak < FLT_MIN) {
    gc_analyser_reset (a);
    return GC_WINDOW_SILENT;
  }

  gc_stft_finish (a->stft, on_signal_frame, a);
  n_frames = a->n_frames;
  while (a->n_separated < n_frames)
    separate_frame (a, a->n_separated++, n_frames);

  scale = 1.0 / a->peak;
  finish_part (a, &a->harmonic, scale * scale);
  finish_part (a, &a->percussive, scale * scale);
  gc_contrast_finish (
      a->contrast_peak, a->contrast_valley, n_frames, scale, a->contrast_out);

  for (guint c = 0; c < GC_N_MFCC; c++) {
    gc_summarise_row (a->harmonic.mfcc + c * n_frames, n_frames,
        a->stats_scratch, vector + c, GC_N_MFCC);
    gc_summarise_row (a->percussive.mfcc + c * n_frames, n_frames,
        a->stats_scratch, vector + 6 * GC_N_MFCC + c, GC_N_MFCC);
  }
  for (guint k = 0; k < GC_N_CONTRAST; k++) {
    double *row = a->contrast_out + k * n_frames;
    double *out = vector + 12 * GC_N_MFCC + k;

    gc_summarise_row (row, n_frames, a->stats_scratch, out, GC_N_CONTRAST);
    gc_skew_kurtosis (
        row, n_frames, &out[6 * GC_N_CONTRAST], &out[7 * GC_N_CONTRAST]);
  }

  a->n_result_frames = n_frames;
  gc_analyser_reset (a);
  return status;
}

gsize
gc_analyser_get_mfcc (
    const GcAnalyser *a, gboolean percussive, const double **mfcc)
{
  *mfcc = percussive ? a->percussive.mfcc : a->harmonic.mfcc;
  return a->n_result_frames;
}

gsize
gc_analyser_get_contrast (const GcAnalyser *a, const double **contrast)
{
  *contrast = a->contrast_out;
  return a->n_result_frames;
}
