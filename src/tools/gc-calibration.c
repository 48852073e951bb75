/* genreclassify — calibration of predicted probabilities (plain C)
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "gc-calibration.h"

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
