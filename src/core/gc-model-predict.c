/* genreclassify — classification: a window's features to a distribution
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "gc-model.h"
#include "gc-analyser.h"
#include "gc-distribution.h"
#include "gc-model-private.h"

#include <math.h>
#include <string.h>

/* Predict keeps its per-call buffers on the stack, sized by the largest
 * feature set. */
#define MAX_DIMENSION GC_FEATURES_MAX_DIM

/* ---- prediction -------------------------------------------------------- */

/* Thread-safe: the model is only read, the buffers are on the stack (about
 * 4.5 KiB).  libsvm's svm_predict_probability() itself allocates a few
 * small arrays per call. */
gboolean
gc_model_predict (
    const GcModel *m, const double *features, double *probabilities)
{
  struct svm_node x[MAX_DIMENSION + 1];
  double estimates[GC_MODEL_MAX_LABELS], out[GC_MODEL_MAX_LABELS];
  guint i;

  g_return_val_if_fail (m != NULL, FALSE);
  g_return_val_if_fail (features != NULL, FALSE);
  g_return_val_if_fail (probabilities != NULL, FALSE);

  for (i = 0; i < m->dimension; i++) {
    double z = (features[i] - m->mean[i]) / m->scale[i];

    if (!isfinite (z))
      return FALSE;
    x[i].index = (int)i + 1;
    x[i].value = z;
  }
  x[i].index = -1;
  x[i].value = 0.0;

  svm_predict_probability (&m->svm.model, x, estimates);
  /* libsvm orders the estimates like model.label; the key-file's order is the
   * class number. */
  for (i = 0; i < m->n_labels; i++) {
    if (!isfinite (estimates[i]))
      return FALSE;
    out[m->svm.model.label[i]] = estimates[i];
  }
  memcpy (probabilities, out, m->n_labels * sizeof (double));
  return TRUE;
}

/* The table's value at @seconds: linear between the tabled lengths, the
 * end values beyond them. */
static double
interpolate (const GcModel *m, const double *values, double seconds)
{
  const double *x = m->calibration_seconds;
  guint n = m->n_calibration, i = 1;

  if (seconds <= x[0])
    return values[0];
  if (seconds >= x[n - 1])
    return values[n - 1];
  while (x[i] < seconds)
    i++;
  return values[i - 1]
      + (values[i] - values[i - 1]) * (seconds - x[i - 1]) / (x[i] - x[i - 1]);
}

gboolean
gc_model_classify (const GcModel *m, const double *features, gsize n_samples,
    double *probabilities)
{
  return gc_model_predict (m, features, probabilities)
      && gc_distribution_normalise (probabilities, m->n_labels)
      && gc_model_calibrate (m, n_samples, probabilities, m->n_labels);
}

gboolean
gc_model_calibrate (
    const GcModel *m, gsize n_samples, double *probabilities, guint n)
{
  double t, sum = 0.0;

  if (m->n_calibration == 0)
    return TRUE;
  t = interpolate (
      m, m->calibration_temperature, (double)n_samples / GC_ANALYSIS_RATE);
  for (guint k = 0; k < n; k++) {
    double p = probabilities[k];

    probabilities[k] = p > 0.0 ? exp (log (p) / t) : 0.0;
    sum += probabilities[k];
  }
  if (!(sum > 0.0) || !isfinite (sum))
    return FALSE;
  for (guint k = 0; k < n; k++)
    probabilities[k] /= sum;
  return TRUE;
}

double
gc_model_window_weight (const GcModel *m, gsize n_samples)
{
  if (m->n_calibration == 0)
    return (double)n_samples;
  return (double)n_samples
      * interpolate (
          m, m->calibration_weight, (double)n_samples / GC_ANALYSIS_RATE);
}
