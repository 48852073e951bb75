/* genreclassify — streaming feature analyser
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Data flow per window:
 *   samples ─ STFT X ─┬─ |X| ─ median over frequency ─ P ─┐
 *                     │        median over time (lag 15) ─ H ─┴─ soft mask M
 *                     │  X·M ─ ISTFT ─ STFT ─ Y ── mel power of Y ──┐ kept
 *                     │          X − Y (same frame) ─ mel power ────┤ until
 *                     └─ contrast peaks / valleys ──────────────────┘ the end
 *
 * librosa computes the percussive part as ISTFT(X·(1−M)) and then its STFT.
 * Both transforms are linear and ISTFT(X) is the signal itself (Hann at 75 %
 * overlap reconstructs exactly, edges included), so that STFT equals
 * X − STFT(ISTFT(X·M)) = X − Y: the percussive spectrum costs a subtraction
 * instead of two FFTs per frame, with the same values to rounding.
 *
 * The kept values are converted to dB frame by frame.  At the window end
 * they get the gain of the peak normalisation (the masks are scale-invariant
 * and the rest is quadratic or linear in the signal, so this equals
 * normalising first) and the window-wide amin and top_db floors, and are
 * summarised: the frame that ends a window does little more than the
 * others.
 */
#include "gc-analyser.h"
#include "gc-contrast.h"
#include "gc-istft.h"
#include "gc-median.h"
#include "gc-mel.h"
#include "gc-robust.h"
#include "gc-spectrum.h"
#include "gc-stats.h"
#include "gc-stft.h"

#include <float.h>
#include <math.h>
#include <string.h>

/* The analyser counts frames (GC_N_FFT, GC_HOP in gc-analyser.h) on the grid
 * the STFT transforms (gc-stft.h, which callers of the analyser do not
 * see): the two must not drift apart. */
G_STATIC_ASSERT (GC_N_FFT == GC_STFT_N_FFT);
G_STATIC_ASSERT (GC_HOP == GC_STFT_HOP);

/* Frames the time median reaches ahead of the frame it filters. */
#define LAG (GC_HPSS_KERNEL / 2)
/* Recent frames of the signal kept: the time median's kernel, and X until
 * the harmonic part's frame of the same index comes back (18 frames later). */
#define RING 32

#define CONTRAST_FMIN 200.0
#define CONTRAST_QUANTILE 0.02

struct _GcAnalyser {
  GcFeatureSet set;
  gsize max_samples, max_frames;
  gsize n_samples, n_invalid;
  guint32 peak_bits; /* bits of the largest |sample| so far */

  GcStft *stft;
  GcMel *mel;
  GcContrast *contrast;

  /* The last RING frames of the signal: spectrum, magnitude and its median
   * over frequency. */
  double complex *spectrum;
  float *magnitude;
  float *freq_median;
  guint64 n_frames;
  guint64 n_separated;
  GcMedianBank *time_median;
  float *harmonic_median;

  /* The harmonic part back in the time domain, and its STFT. */
  GcIstft *harmonic_istft;
  GcStft *harmonic_stft;
  guint64 n_part_frames;

  /* Kept for the window's end, frame-major, in dB before any floor: mel
   * powers of both parts, contrast peaks and valleys. */
  double *mel_harmonic, *mel_percussive;
  double *contrast_peak, *contrast_valley;
  /* robust-281 only: mel powers of the whole signal, in dB. */
  double *mel_full;

  /* Per-frame scratch. */
  double *power_harmonic, *power_percussive, *power_full;

  /* Results of the last ended window. */
  double *mfcc_harmonic, *mfcc_percussive;
  double *contrast_out;
  gsize n_result_frames;
  double *stats_scratch;
  gboolean *active; /* robust-281: the window's active frames */
};

GcAnalyser *
gc_analyser_new (gsize max_window_samples, GcFeatureSet set)
{
  GcAnalyser *a = g_new0 (GcAnalyser, 1);
  gsize max_frames = 1 + max_window_samples / GC_HOP;

  a->set = set;
  a->max_samples = max_window_samples;
  a->max_frames = max_frames;
  a->stft = gc_stft_new ();
  a->mel = gc_mel_new (GC_ANALYSIS_RATE, GC_N_FFT, GC_N_MELS);
  a->contrast = gc_contrast_new (
      GC_ANALYSIS_RATE, GC_N_FFT, CONTRAST_FMIN, CONTRAST_QUANTILE);

  a->spectrum = g_new (double complex, RING * GC_N_BINS);
  a->magnitude = g_new (float, RING * GC_N_BINS);
  a->freq_median = g_new (float, RING * GC_N_BINS);
  a->time_median = gc_median_bank_new (GC_N_BINS);
  a->harmonic_median = g_new (float, GC_N_BINS);
  a->harmonic_istft = gc_istft_new ();
  a->harmonic_stft = gc_stft_new ();

  a->mel_harmonic = g_new (double, max_frames * GC_N_MELS);
  a->mel_percussive = g_new (double, max_frames * GC_N_MELS);
  a->contrast_peak = g_new (double, max_frames * GC_N_CONTRAST);
  a->contrast_valley = g_new (double, max_frames * GC_N_CONTRAST);

  a->power_harmonic = g_new (double, GC_N_BINS);
  a->power_percussive = g_new (double, GC_N_BINS);

  a->mfcc_harmonic = g_new (double, max_frames * GC_N_MFCC);
  a->mfcc_percussive = g_new (double, max_frames * GC_N_MFCC);
  a->contrast_out = g_new (double, max_frames * GC_N_CONTRAST);
  if (set == GC_FEATURES_ROBUST281) {
    a->mel_full = g_new (double, max_frames * GC_N_MELS);
    a->power_full = g_new (double, GC_N_BINS);
    a->active = g_new (gboolean, max_frames);
    a->stats_scratch = g_new (double, 3 * max_frames);
  } else {
    a->stats_scratch = g_new (double, 2 * max_frames);
  }

  gc_analyser_reset (a);
  return a;
}

/* Allowance for one FFTW plan of GC_N_FFT points; FFTW shares its twiddle
 * tables between plans, so only the first plan of a process costs more
 * (~240 KB, once). */
#define FFT_PLAN_BYTES (16 * 1024)

gsize
gc_analyser_memory (gsize max_window_samples, GcFeatureSet set)
{
  const gsize max_frames = 1 + max_window_samples / GC_HOP;
  const gsize fft_stage = 3 * GC_N_FFT * sizeof (double)
      + GC_N_BINS * sizeof (double complex) + FFT_PLAN_BYTES;
  gsize fixed = sizeof (GcAnalyser);
  gsize per_frame;

  /* The rings of spectra, magnitudes and frequency medians. */
  fixed += RING * GC_N_BINS * (sizeof (double complex) + 2 * sizeof (float));
  /* The time median's sorted windows (lanes rounded up, at most 16). */
  fixed += (GC_N_BINS + 15) / 16 * 16 * GC_HPSS_KERNEL * sizeof (float);
  /* STFT of the signal, ISTFT and STFT of the harmonic part: windows,
   * rings or overlap-add buffers, FFT input and output. */
  fixed += 3 * fft_stage + 2 * GC_N_FFT * sizeof (double);
  /* Dense mel basis; contrast candidates; per-frame scratch. */
  fixed += (gsize)GC_N_MELS * GC_N_BINS * sizeof (double);
  fixed += (GC_N_BINS + 16) * sizeof (gint32);
  fixed += GC_N_BINS * (sizeof (float) + 2 * sizeof (double));

  /* Kept for the window's end: mel dB of both parts, contrast peaks and
   * valleys; then both MFCC matrices, contrast and statistics scratch. */
  per_frame =
      (2 * GC_N_MELS + 2 * GC_N_CONTRAST + 2 * GC_N_MFCC + GC_N_CONTRAST + 2)
      * sizeof (double);
  if (set == GC_FEATURES_ROBUST281) {
    /* The whole signal's mel dB, a third row of scratch, active flags. */
    fixed += GC_N_BINS * sizeof (double);
    per_frame += (GC_N_MELS + 1) * sizeof (double) + sizeof (gboolean);
  }
  return fixed + max_frames * per_frame;
}

void
gc_analyser_free (GcAnalyser *a)
{
  if (!a)
    return;
  gc_stft_free (a->stft);
  gc_mel_free (a->mel);
  gc_contrast_free (a->contrast);
  g_free (a->spectrum);
  g_free (a->magnitude);
  g_free (a->freq_median);
  gc_median_bank_free (a->time_median);
  g_free (a->harmonic_median);
  gc_istft_free (a->harmonic_istft);
  gc_stft_free (a->harmonic_stft);
  g_free (a->mel_harmonic);
  g_free (a->mel_percussive);
  g_free (a->contrast_peak);
  g_free (a->contrast_valley);
  g_free (a->power_harmonic);
  g_free (a->power_percussive);
  g_free (a->mfcc_harmonic);
  g_free (a->mfcc_percussive);
  g_free (a->contrast_out);
  g_free (a->stats_scratch);
  g_free (a->mel_full);
  g_free (a->power_full);
  g_free (a->active);
  g_free (a);
}

GcFeatureSet
gc_analyser_get_feature_set (const GcAnalyser *a)
{
  return a->set;
}

void
gc_analyser_reset (GcAnalyser *a)
{
  a->n_samples = 0;
  a->n_invalid = 0;
  a->peak_bits = 0;
  a->n_frames = 0;
  a->n_separated = 0;
  a->n_part_frames = 0;
  gc_stft_reset (a->stft);
  gc_istft_reset (a->harmonic_istft);
  gc_stft_reset (a->harmonic_stft);
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

/* Frame t of the harmonic part, Y: keep the mel power of Y and of the
 * percussive part X − Y for the window's end. */
static void
on_harmonic_frame (const double complex *y, gpointer user_data)
{
  GcAnalyser *a = user_data;
  guint64 t = a->n_part_frames;
  const double complex *x = a->spectrum + (t % RING) * GC_N_BINS;

  /* X_t must still be in the ring: the signal is at most 18 frames ahead. */
  g_assert (t < a->max_frames && t + RING > a->n_frames - 1);
  gc_spectrum_powers (x, y, a->power_harmonic, a->power_percussive, GC_N_BINS);
  gc_mel_apply_pair (a->mel, a->power_harmonic, a->power_percussive,
      a->mel_harmonic + t * GC_N_MELS, a->mel_percussive + t * GC_N_MELS);
  /* The logarithms now, so that the window's end has only floors to do. */
  gc_db_of_power (a->mel_harmonic + t * GC_N_MELS,
      a->mel_harmonic + t * GC_N_MELS, GC_N_MELS);
  gc_db_of_power (a->mel_percussive + t * GC_N_MELS,
      a->mel_percussive + t * GC_N_MELS, GC_N_MELS);
  a->n_part_frames++;
}

/* Samples of the harmonic part, as the ISTFT finishes them. */
static void
on_harmonic_samples (const double *samples, gsize n, gpointer user_data)
{
  GcAnalyser *a = user_data;

  gc_stft_push (a->harmonic_stft, samples, n, on_harmonic_frame, a);
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

  /* librosa.util.softmask(power=2, split_zeros=True), written straight
   * into the ISTFT's input. */
  gc_spectrum_soft_mask (x, a->harmonic_median, perc,
      gc_istft_input (a->harmonic_istft), GC_N_BINS);
  gc_istft_push_input (a->harmonic_istft, on_harmonic_samples, a);
}

static void
on_signal_frame (const double complex *spectrum, gpointer user_data)
{
  GcAnalyser *a = user_data;
  const guint slot = a->n_frames % RING;
  double complex *x = a->spectrum + slot * GC_N_BINS;
  float *mag = a->magnitude + slot * GC_N_BINS;
  double *peak = a->contrast_peak + a->n_frames * GC_N_CONTRAST;
  double *valley = a->contrast_valley + a->n_frames * GC_N_CONTRAST;

  g_assert (a->n_frames < a->max_frames);
  /* librosa separates float32 magnitudes, and measures contrast on them. */
  gc_spectrum_copy_magnitude (spectrum, x, mag, GC_N_BINS);

  gc_median_filter_reflect (mag, GC_N_BINS, a->freq_median + slot * GC_N_BINS);
  gc_contrast_frame (a->contrast, mag, peak, valley);
  gc_db_of_power (peak, peak, GC_N_CONTRAST);
  gc_db_of_power (valley, valley, GC_N_CONTRAST);
  if (a->mel_full) {
    double *mel = a->mel_full + a->n_frames * GC_N_MELS;

    gc_spectrum_power (spectrum, a->power_full, GC_N_BINS);
    gc_mel_apply (a->mel, a->power_full, mel);
    gc_db_of_power (mel, mel, GC_N_MELS);
  }
  a->n_frames++;

  while (a->n_separated + LAG < a->n_frames)
    separate_frame (a, a->n_separated++, 0);
}

/* Copies @n samples to @out, zeroing the non-finite ones, whose number it
 * returns, and raises *@peak_bits to the bits of the largest |sample|.  With
 * the sign bit cleared, the bits of finite floats order as integers do, and
 * NaN and ±Inf are those from 0x7f800000 up: integer work only, which
 * vectorises where float comparisons with their NaN rules do not. */
__attribute__ ((target_clones ("avx2", "default"))) static gsize
sanitise (const float *in, double *out, gsize n, guint32 *peak_bits)
{
  guint32 peak = *peak_bits;
  gsize n_invalid = 0;

  for (gsize i = 0; i < n; i++) {
    guint32 bits, magnitude, valid;
    float v;

    memcpy (&bits, in + i, sizeof (bits));
    magnitude = bits & 0x7fffffff;
    valid = magnitude < 0x7f800000 ? 0xffffffff : 0;
    bits &= valid;
    peak = MAX (peak, magnitude & valid);
    n_invalid += valid == 0;
    memcpy (&v, &bits, sizeof (v));
    out[i] = v;
  }
  *peak_bits = peak;
  return n_invalid;
}

void
gc_analyser_push (GcAnalyser *a, const float *samples, gsize n)
{
  double chunk[1024];

  g_return_if_fail (a->n_samples + n <= a->max_samples);

  while (n > 0) {
    gsize m = MIN (n, G_N_ELEMENTS (chunk));

    a->n_invalid += sanitise (samples, chunk, m, &a->peak_bits);
    a->n_samples += m;
    gc_stft_push (a->stft, chunk, m, on_signal_frame, a);
    samples += m;
    n -= m;
  }
}

/* Mel powers in dB → floored, with the gain of the peak normalisation →
 * MFCC. */
static void
mel_to_mfcc (
    double *mel_db, gsize n_frames, double gain_db, double top_db, double *mfcc)
{
  gc_db_floor (mel_db, n_frames * GC_N_MELS, gain_db, top_db);
  gc_dct_ortho (mel_db, GC_N_MELS, n_frames, GC_N_MFCC, mfcc);
}

/* The seed's summary: gc-analyser.h. */
static void
summarise_seed212 (GcAnalyser *a, gsize n_frames, double *vector)
{
  for (guint c = 0; c < GC_N_MFCC; c++) {
    gc_summarise_row (a->mfcc_harmonic + c * n_frames, n_frames,
        a->stats_scratch, vector + c, GC_N_MFCC);
    gc_summarise_row (a->mfcc_percussive + c * n_frames, n_frames,
        a->stats_scratch, vector + 6 * GC_N_MFCC + c, GC_N_MFCC);
  }
  for (guint k = 0; k < GC_N_CONTRAST; k++) {
    double *row = a->contrast_out + k * n_frames;
    double *out = vector + 12 * GC_N_MFCC + k;

    gc_summarise_row (row, n_frames, a->stats_scratch, out, GC_N_CONTRAST);
    gc_skew_kurtosis (
        row, n_frames, &out[6 * GC_N_CONTRAST], &out[7 * GC_N_CONTRAST]);
  }
}

/* robust-281's summary: gc-robust.h. */
static void
summarise_robust281 (GcAnalyser *a, gsize n_frames, double *vector)
{
  const gboolean *active = a->active;
  double *scratch = a->stats_scratch;

  gc_robust_active_frames (
      a->mel_full, n_frames, GC_N_MELS, scratch, a->active);
  for (guint c = 0; c < GC_N_MFCC; c++) {
    gc_robust_row_stats (a->mfcc_harmonic + c * n_frames, n_frames, active,
        scratch, vector + c, GC_N_MFCC);
    gc_robust_row_stats (a->mfcc_percussive + c * n_frames, n_frames, active,
        scratch, vector + 4 * GC_N_MFCC + c, GC_N_MFCC);
  }
  vector += 8 * GC_N_MFCC;
  for (guint k = 0; k < GC_ROBUST_N_CONTRAST; k++) {
    const double *row = a->contrast_out + k * n_frames;
    double *out = vector + k;

    gc_robust_row_stats (
        row, n_frames, active, scratch, out, GC_ROBUST_N_CONTRAST);
    gc_robust_row_shape (row, n_frames, active, scratch,
        &out[4 * GC_ROBUST_N_CONTRAST], &out[5 * GC_ROBUST_N_CONTRAST]);
  }
  vector += 6 * GC_ROBUST_N_CONTRAST;
  gc_robust_band_profile (
      a->mel_full, n_frames, GC_N_MELS, active, scratch, vector);
  vector += 3 * GC_N_MELS;
  gc_robust_rhythm (a->mel_percussive, n_frames, GC_N_MELS, scratch, vector);
}

GcWindowStatus
gc_analyser_end_window (GcAnalyser *a, double *vector)
{
  gsize n_frames;
  double gain_db, top_db;
  float peak;

  a->n_result_frames = 0;
  if (a->n_samples < GC_N_FFT) {
    gc_analyser_reset (a);
    return GC_WINDOW_TOO_SHORT;
  }
  /* librosa.util.normalize leaves a signal below float32's tiny alone; we
   * call it silence, as nothing in it can be classified. */
  memcpy (&peak, &a->peak_bits, sizeof (peak));
  if (peak < FLT_MIN) {
    gc_analyser_reset (a);
    return GC_WINDOW_SILENT;
  }

  gc_stft_finish (a->stft, on_signal_frame, a);
  n_frames = a->n_frames;
  while (a->n_separated < n_frames)
    separate_frame (a, a->n_separated++, n_frames);
  gc_istft_finish (a->harmonic_istft, a->n_samples, on_harmonic_samples, a);
  gc_stft_finish (a->harmonic_stft, on_harmonic_frame, a);
  g_assert (a->n_part_frames == n_frames);

  /* Peak normalisation multiplies magnitudes by 1/peak, powers by its
   * square. */
  gain_db = -10.0 * log10 (peak);
  top_db = a->set == GC_FEATURES_ROBUST281 ? GC_ROBUST_TOP_DB : GC_DB_TOP;
  mel_to_mfcc (
      a->mel_harmonic, n_frames, 2.0 * gain_db, top_db, a->mfcc_harmonic);
  mel_to_mfcc (
      a->mel_percussive, n_frames, 2.0 * gain_db, top_db, a->mfcc_percussive);
  gc_contrast_finish (
      a->contrast_peak, a->contrast_valley, n_frames, gain_db, a->contrast_out);
  if (a->set == GC_FEATURES_ROBUST281) {
    gc_db_floor (a->mel_full, n_frames * GC_N_MELS, 2.0 * gain_db, top_db);
    summarise_robust281 (a, n_frames, vector);
  } else {
    summarise_seed212 (a, n_frames, vector);
  }

  a->n_result_frames = n_frames;
  gc_analyser_reset (a);
  return GC_WINDOW_OK;
}

gsize
gc_analyser_get_mfcc (
    const GcAnalyser *a, gboolean percussive, const double **mfcc)
{
  *mfcc = percussive ? a->mfcc_percussive : a->mfcc_harmonic;
  return a->n_result_frames;
}

gsize
gc_analyser_get_contrast (const GcAnalyser *a, const double **contrast)
{
  *contrast = a->contrast_out;
  return a->n_result_frames;
}

gsize
gc_analyser_get_mel (const GcAnalyser *a, const double **mel_db)
{
  *mel_db = a->mel_full;
  return a->mel_full ? a->n_result_frames : 0;
}
