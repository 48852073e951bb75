/* genreclassify — calibration of predicted probabilities (plain C)
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "gc-calibration.h"
#include "gc-distribution.h"
#include "gc-stats.h"

#include <stdlib.h>
#include <math.h>
#include <string.h>

void
gc_calibration_init (GcCalibration *cal, guint n_bins)
{
  memset (cal, 0, sizeof (*cal));
  cal->n_bins = MAX (n_bins, 1);
  cal->count = g_new0 (guint, cal->n_bins);
  cal->correct = g_new0 (guint, cal->n_bins);
  cal->confidence_sum = g_new0 (double, cal->n_bins);
}

void
gc_calibration_clear (GcCalibration *cal)
{
  g_free (cal->count);
  g_free (cal->correct);
  g_free (cal->confidence_sum);
  memset (cal, 0, sizeof (*cal));
}

guint
gc_calibration_bin (double confidence, guint n_bins)
{
  /* !(x >= 0) also refuses NaN */
  if (n_bins == 0 || !(confidence >= 0.0) || confidence > 1.0)
    return G_MAXUINT;
  return MIN ((guint)floor (confidence * n_bins), n_bins - 1);
}

gboolean
gc_calibration_add (GcCalibration *cal, double confidence, gboolean correct)
{
  guint k = gc_calibration_bin (confidence, cal->n_bins);

  if (k == G_MAXUINT)
    return FALSE;
  cal->count[k]++;
  cal->correct[k] += correct ? 1 : 0;
  cal->confidence_sum[k] += confidence;
  cal->total++;
  return TRUE;
}

double
gc_calibration_bin_accuracy (const GcCalibration *cal, guint k)
{
  if (k >= cal->n_bins || cal->count[k] == 0)
    return NAN;
  return (double)cal->correct[k] / cal->count[k];
}

double
gc_calibration_bin_confidence (const GcCalibration *cal, guint k)
{
  if (k >= cal->n_bins || cal->count[k] == 0)
    return NAN;
  return cal->confidence_sum[k] / cal->count[k];
}

double
gc_calibration_ece (const GcCalibration *cal)
{
  double ece = 0.0;

  if (cal->total == 0)
    return NAN;
  for (guint k = 0; k < cal->n_bins; k++)
    if (cal->count[k] > 0)
      ece += (double)cal->count[k] / cal->total
          * fabs (gc_calibration_bin_accuracy (cal, k)
              - gc_calibration_bin_confidence (cal, k));
  return ece;
}

double
gc_calibration_mce (const GcCalibration *cal)
{
  double mce = 0.0;

  if (cal->total == 0)
    return NAN;
  for (guint k = 0; k < cal->n_bins; k++)
    if (cal->count[k] > 0)
      mce = MAX (mce,
          fabs (gc_calibration_bin_accuracy (cal, k)
              - gc_calibration_bin_confidence (cal, k)));
  return mce;
}

void
gc_calibration_ece_noise (const GcCalibration *cal, guint draws, guint32 seed,
    double level, double *mean, double *quantile)
{
  GRand *rand;
  double *ece, sum = 0.0;

  *mean = *quantile = 0.0;
  if (cal->total == 0 || draws == 0)
    return;
  rand = g_rand_new_with_seed (seed);
  ece = g_new (double, draws);
  for (guint d = 0; d < draws; d++) {
    double e = 0.0;

    for (guint k = 0; k < cal->n_bins; k++) {
      double conf = gc_calibration_bin_confidence (cal, k);
      guint right = 0;

      if (cal->count[k] == 0)
        continue;
      for (guint i = 0; i < cal->count[k]; i++)
        right += g_rand_double (rand) < conf;
      e += fabs ((double)right / cal->count[k] - conf) * cal->count[k];
    }
    ece[d] = e / cal->total;
    sum += ece[d];
  }
  qsort (ece, draws, sizeof (double), gc_compare_doubles);
  *mean = sum / draws;
  *quantile = ece[MIN ((guint)(CLAMP (level, 0.0, 1.0) * draws), draws - 1)];
  g_free (ece);
  g_rand_free (rand);
}

double
gc_calibration_mean_confidence (const GcCalibration *cal)
{
  double sum = 0.0;

  if (cal->total == 0)
    return NAN;
  for (guint k = 0; k < cal->n_bins; k++)
    sum += cal->confidence_sum[k];
  return sum / cal->total;
}

double
gc_calibration_accuracy (const GcCalibration *cal)
{
  guint right = 0;

  if (cal->total == 0)
    return NAN;
  for (guint k = 0; k < cal->n_bins; k++)
    right += cal->correct[k];
  return (double)right / cal->total;
}

/* ---- temperature scaling ---------------------------------------------- */

void
gc_calibration_temper (
    const double *probs, gsize n, guint n_labels, double t, double *out)
{
  for (gsize i = 0; i < n; i++) {
    const double *p = probs + i * n_labels;
    double *q = out + i * n_labels, sum = 0.0;

    for (guint k = 0; k < n_labels; k++) {
      q[k] = p[k] > 0.0 ? exp (log (p[k]) / t) : 0.0;
      sum += q[k];
    }
    for (guint k = 0; k < n_labels; k++)
      q[k] = sum > 0.0 ? q[k] / sum : 1.0 / n_labels;
  }
}

/* Mean negative log-likelihood of @truth at temperature @t. */
static double
nll (const double *probs, const guint *truth, gsize n, guint n_labels, double t)
{
  double total = 0.0;

  for (gsize i = 0; i < n; i++) {
    const double *p = probs + i * n_labels;
    double log_sum, best = -G_MAXDOUBLE, sum = 0.0, log_truth;

    /* log Σ exp(log p_k / t), stably; a zero probability contributes 0. */
    for (guint k = 0; k < n_labels; k++)
      if (p[k] > 0.0)
        best = MAX (best, log (p[k]) / t);
    for (guint k = 0; k < n_labels; k++)
      if (p[k] > 0.0)
        sum += exp (log (p[k]) / t - best);
    log_sum = best + log (sum);
    /* A truth of probability 0 costs as much as 1e-300 would. */
    log_truth = log (MAX (p[truth[i]], 1e-300)) / t;
    total += log_sum - log_truth;
  }
  return n > 0 ? total / n : 0.0;
}

double
gc_calibration_fit_temperature (
    const double *probs, const guint *truth, gsize n, guint n_labels)
{
  const double phi = (sqrt (5.0) - 1.0) / 2.0;
  double a = log (GC_CALIBRATION_MIN_T), b = log (GC_CALIBRATION_MAX_T);
  double c = b - phi * (b - a), d = a + phi * (b - a);
  double fc, fd;

  if (n == 0)
    return 1.0;
  fc = nll (probs, truth, n, n_labels, exp (c));
  fd = nll (probs, truth, n, n_labels, exp (d));
  while (b - a > 1e-4) {
    if (fc <= fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - phi * (b - a);
      fc = nll (probs, truth, n, n_labels, exp (c));
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + phi * (b - a);
      fd = nll (probs, truth, n, n_labels, exp (d));
    }
  }
  return exp ((a + b) / 2.0);
}

void
gc_calibration_add_predictions (GcCalibration *cal, const double *probs,
    const guint *truth, gsize n, guint n_labels)
{
  for (gsize i = 0; i < n; i++) {
    const double *p = probs + i * n_labels;
    guint best = gc_distribution_top (p, n_labels);

    gc_calibration_add (cal, p[best], best == truth[i]);
  }
}
