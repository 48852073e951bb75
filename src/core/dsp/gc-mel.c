/* genreclassify — mel filterbank, power_to_db and the MFCC DCT (librosa 0.10)
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "gc-mel.h"

#include <math.h>
#include <string.h>

struct _GcMel {
  guint n_mels, n_bins;
  double *weights;
  /* Non-zero column range of each filter, so a frame costs ~n_bins MACs. */
  guint *first, *last;
};

/* The Slaney scale: linear below 1 kHz, logarithmic above. */
#define F_SP (200.0 / 3.0)
#define MIN_LOG_HZ 1000.0
#define MIN_LOG_MEL (MIN_LOG_HZ / F_SP)
#define LOGSTEP (log (6.4) / 27.0)

double
gc_hz_to_mel (double hz)
{
  if (hz >= MIN_LOG_HZ)
    return MIN_LOG_MEL + log (hz / MIN_LOG_HZ) / LOGSTEP;
  return hz / F_SP;
}

double
gc_mel_to_hz (double mel)
{
  if (mel >= MIN_LOG_MEL)
    return MIN_LOG_HZ * exp (LOGSTEP * (mel - MIN_LOG_MEL));
  return F_SP * mel;
}

GcMel *
gc_mel_new (double sample_rate, guint n_fft, guint n_mels)
{
  GcMel *mel = g_new0 (GcMel, 1);
  guint n_bins = n_fft / 2 + 1;
  double *mel_f = g_new (double, n_mels + 2);
  double min_mel = gc_hz_to_mel (0.0), max_mel = gc_hz_to_mel (sample_rate / 2);

  mel->n_mels = n_mels;
  mel->n_bins = n_bins;
  mel->weights = g_new0 (double, (gsize) n_mels * n_bins);
  mel->first = g_new (guint, n_mels);
  mel->last = g_new (guint, n_mels);

  for (guint i = 0; i < n_mels + 2; i++)
    mel_f[i] = gc_mel_to_hz (min_mel + (max_mel - min_mel) * i / (n_mels + 1));

  for (guint m = 0; m < n_mels; m++) {
    double lower_width = mel_f[m + 1] - mel_f[m];
    double upper_width = mel_f[m + 2] - mel_f[m + 1];
    double enorm = 2.0 / (mel_f[m + 2] - mel_f[m]);
    double *row = mel->weights + (gsize)m * n_bins;

    mel->first[m] = n_bins;
    mel->last[m] = 0;
    for (guint k = 0; k < n_bins; k++) {
      double f = sample_rate * k / n_fft;
      double lower = (f - mel_f[m]) / lower_width;
      double upper = (mel_f[m + 2] - f) / upper_width;
      double w = MAX (0.0, MIN (lower, upper)) * enorm;

      /* librosa builds the basis in float32. */
      row[k] = (float)w;
      if (row[k] != 0.0) {
        mel->first[m] = MIN (mel->first[m], k);
        mel->last[m] = k;
      }
    }
  }
  g_free (mel_f);
  return mel;
}

void
gc_mel_free (GcMel *mel)
{
  if (!mel)
    return;
  g_free (mel->weights);
  g_free (mel->first);
  g_free (mel->last);
  g_free (mel);
}

guint
gc_mel_get_n_mels (const GcMel *mel)
{
  return mel->n_mels;
}

const double *
gc_mel_get_weights (const GcMel *mel)
{
  return mel->weights;
}

/* Four partial sums per filter, in the lanes of a vector: written as
 * scalars, GCC shuffles them in and out of vectors at every step.  Both
 * functions add in the same order, so their results agree bit for bit,
 * whatever the vector width. */
typedef double vsum __attribute__ ((vector_size (4 * sizeof (double))));

/* Macros, not functions: a 32-byte vector must not be passed or returned
 * in the default clone, which has no AVX registers (clang refuses it). */
#define LOAD_SUM(v, p) memcpy (&(v), (p), sizeof (vsum))
#define LANES_TOTAL(v) (((v)[0] + (v)[1]) + ((v)[2] + (v)[3]))

__attribute__ ((target_clones ("avx2", "default"))) static void
mel_apply (const GcMel *mel, const double *power, double *mel_out)
{
  for (guint m = 0; m < mel->n_mels; m++) {
    const double *row = mel->weights + (gsize)m * mel->n_bins;
    gsize k = mel->first[m], end = mel->last[m] + 1;
    vsum sum = { 0 };

    for (; k + 4 <= end; k += 4) {
      vsum weights, values;

      LOAD_SUM (weights, row + k);
      LOAD_SUM (values, power + k);
      sum += weights * values;
    }
    for (; k < end; k++)
      sum[0] += row[k] * power[k];
    mel_out[m] = LANES_TOTAL (sum);
  }
}

__attribute__ ((target_clones ("avx2", "default"))) static void
mel_apply_pair (const GcMel *mel, const double *power_a, const double *power_b,
    double *mel_a, double *mel_b)
{
  for (guint m = 0; m < mel->n_mels; m++) {
    const double *row = mel->weights + (gsize)m * mel->n_bins;
    gsize k = mel->first[m], end = mel->last[m] + 1;
    vsum sum_a = { 0 }, sum_b = { 0 };

    for (; k + 4 <= end; k += 4) {
      vsum weights, a, b;

      LOAD_SUM (weights, row + k);
      LOAD_SUM (a, power_a + k);
      LOAD_SUM (b, power_b + k);
      sum_a += weights * a;
      sum_b += weights * b;
    }
    for (; k < end; k++) {
      sum_a[0] += row[k] * power_a[k];
      sum_b[0] += row[k] * power_b[k];
    }
    mel_a[m] = LANES_TOTAL (sum_a);
    mel_b[m] = LANES_TOTAL (sum_b);
  }
}

/* Plain functions in front of the clones: clang 14 does not export a
 * target_clones function to other files. */
void
gc_mel_apply (const GcMel *mel, const double *power, double *mel_out)
{
  mel_apply (mel, power, mel_out);
}

void
gc_mel_apply_pair (const GcMel *mel, const double *power_a,
    const double *power_b, double *mel_a, double *mel_b)
{
  mel_apply_pair (mel, power_a, power_b, mel_a, mel_b);
}

void
gc_power_to_db (double *values, gsize n, double scale)
{
  double top = -G_MAXDOUBLE;

  for (gsize i = 0; i < n; i++) {
    values[i] = 10.0 * log10 (MAX (GC_DB_AMIN, values[i] * scale));
    top = MAX (top, values[i]);
  }
  for (gsize i = 0; i < n; i++)
    values[i] = MAX (values[i], top - GC_DB_TOP);
}

void
gc_db_of_power (const double *power, double *db, gsize n)
{
  for (gsize i = 0; i < n; i++)
    db[i] = 10.0 * log10 (power[i]);
}

void
gc_db_floor (double *db, gsize n, double gain_db, double top_db)
{
  const double amin_db = 10.0 * log10 (GC_DB_AMIN);
  double top = -G_MAXDOUBLE;

  for (gsize i = 0; i < n; i++) {
    db[i] = MAX (amin_db, db[i] + gain_db);
    top = MAX (top, db[i]);
  }
  for (gsize i = 0; i < n; i++)
    db[i] = MAX (db[i], top - top_db);
}

void
gc_dct_ortho (
    const double *in, guint n_in, gsize n_frames, guint n_out, double *out)
{
  /* Transposed, so that each frame's coefficients accumulate side by side
   * in vector lanes, every one still summed over n in order (the values do
   * not depend on the vector width). */
  double basis[n_in][n_out], sum[n_out];

  for (guint k = 0; k < n_out; k++) {
    double norm = k == 0 ? sqrt (1.0 / n_in) : sqrt (2.0 / n_in);
    for (guint n = 0; n < n_in; n++)
      basis[n][k] = norm * cos (G_PI * k * (2 * n + 1) / (2.0 * n_in));
  }
  for (gsize t = 0; t < n_frames; t++) {
    const double *x = in + t * n_in;

    for (guint k = 0; k < n_out; k++)
      sum[k] = 0.0;
    for (guint n = 0; n < n_in; n++)
      for (guint k = 0; k < n_out; k++)
        sum[k] += basis[n][k] * x[n];
    for (guint k = 0; k < n_out; k++)
      out[(gsize)k * n_frames + t] = sum[k];
  }
}
