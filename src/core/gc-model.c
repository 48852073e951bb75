/* genreclassify — the model: its labels, standardisation and calibration
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The GcModel object and its rules.  Reading and writing bundles is in
 * gc-model-io.c, classifying in gc-model-predict.c, the libsvm model file in
 * gc-libsvm.c, training in gc-model-train.c.
 */
#include "gc-model.h"
#include "gc-model-private.h"

#include <math.h>
#include <string.h>

#define MAX_LABEL_BYTES 256

gboolean
gc_model_check_labels (const char *const *labels, guint n, char **why)
{
  if (n < 2) {
    *why = g_strdup_printf ("needs at least 2 labels, has %u", n);
    return FALSE;
  }
  if (n > GC_MODEL_MAX_LABELS) {
    *why = g_strdup_printf (
        "has %u labels, at most %d are supported", n, GC_MODEL_MAX_LABELS);
    return FALSE;
  }
  for (guint i = 0; i < n; i++) {
    const char *l = labels[i];
    gsize len = l ? strlen (l) : 0;

    if (len == 0) {
      *why = g_strdup_printf ("label %u is empty", i);
      return FALSE;
    }
    if (len > MAX_LABEL_BYTES || !g_utf8_validate (l, -1, NULL)) {
      char *e = gc_model_excerpt (l);
      *why =
          g_strdup_printf ("label %u %s is not UTF-8 text of at most %d bytes",
              i, e, MAX_LABEL_BYTES);
      g_free (e);
      return FALSE;
    }
    if (g_ascii_isspace (l[0]) || g_ascii_isspace (l[len - 1])) {
      char *e = gc_model_excerpt (l);
      *why = g_strdup_printf (
          "label %u %s has leading or trailing white space", i, e);
      g_free (e);
      return FALSE;
    }
    for (const char *p = l; *p; p++) {
      if ((guchar)*p < 0x20 || *p == 0x7f || *p == ';' || *p == '=') {
        char *e = gc_model_excerpt (l);
        *why = g_strdup_printf ("label %u %s contains a control character, "
                                "';' or '='",
            i, e);
        g_free (e);
        return FALSE;
      }
    }
    for (guint j = 0; j < i; j++) {
      if (strcmp (labels[j], l) == 0) {
        char *e = gc_model_excerpt (l);
        *why = g_strdup_printf ("label %s appears twice (%u and %u)", e, j, i);
        g_free (e);
        return FALSE;
      }
    }
  }
  return TRUE;
}

GcModel *
gc_model_new_empty (void)
{
  GcModel *m = g_new0 (GcModel, 1);

  gc_libsvm_model_init (&m->svm);
  return m;
}

void
gc_model_free (GcModel *m)
{
  if (m == NULL)
    return;
  g_free (m->feature_set);
  g_strfreev (m->labels);
  g_strfreev (m->display_names);
  g_free (m->mean);
  g_free (m->scale);
  g_free (m->description);
  g_free (m->trained_by);
  g_free (m->calibration_seconds);
  g_free (m->calibration_temperature);
  g_free (m->calibration_weight);
  g_free (m->svm_sha256);
  gc_libsvm_model_clear (&m->svm);
  g_free (m);
}

gboolean
gc_model_check_calibration (guint n, const double *seconds,
    const double *temperature, const double *weight, char **why)
{
  if (n < 1 || n > GC_MODEL_MAX_CALIBRATION) {
    *why = g_strdup_printf (
        "needs 1 to %d lengths, has %u", GC_MODEL_MAX_CALIBRATION, n);
    return FALSE;
  }
  for (guint i = 0; i < n; i++) {
    if (!isfinite (seconds[i]) || !(seconds[i] > 0.0)
        || (i > 0 && !(seconds[i] > seconds[i - 1]))) {
      *why = g_strdup_printf ("window-seconds must be positive and strictly "
                              "increasing (value %u is %g)",
          i + 1, seconds[i]);
      return FALSE;
    }
    if (!isfinite (temperature[i]) || !(temperature[i] > 0.0)) {
      *why = g_strdup_printf ("temperature %u is %g: it must be finite and > 0",
          i + 1, temperature[i]);
      return FALSE;
    }
    if (!(weight[i] >= 0.0 && weight[i] <= 1.0)) {
      *why = g_strdup_printf (
          "weight %u is %g: it must be between 0 and 1", i + 1, weight[i]);
      return FALSE;
    }
  }
  return TRUE;
}

/* ---- queries ----------------------------------------------------------- */

guint
gc_model_get_n_labels (const GcModel *m)
{
  g_return_val_if_fail (m != NULL, 0);
  return m->n_labels;
}

const char *
gc_model_get_label (const GcModel *m, guint index)
{
  g_return_val_if_fail (m != NULL, NULL);
  g_return_val_if_fail (index < m->n_labels, NULL);
  return m->labels[index];
}

const char *const *
gc_model_get_labels (const GcModel *m)
{
  g_return_val_if_fail (m != NULL, NULL);
  return (const char *const *)m->labels;
}

const char *
gc_model_get_display_name (const GcModel *m, guint index)
{
  g_return_val_if_fail (m != NULL, NULL);
  g_return_val_if_fail (index < m->n_labels, NULL);
  return m->display_names ? m->display_names[index] : m->labels[index];
}

const char *
gc_model_get_feature_set (const GcModel *m)
{
  g_return_val_if_fail (m != NULL, NULL);
  return m->feature_set;
}

guint
gc_model_get_dimension (const GcModel *m)
{
  g_return_val_if_fail (m != NULL, 0);
  return m->dimension;
}

const char *
gc_model_get_description (const GcModel *m)
{
  g_return_val_if_fail (m != NULL, NULL);
  return m->description;
}

const char *
gc_model_get_trained_by (const GcModel *m)
{
  g_return_val_if_fail (m != NULL, NULL);
  return m->trained_by;
}

gboolean
gc_model_is_demonstration (const GcModel *m)
{
  g_return_val_if_fail (m != NULL, FALSE);
  return m->demonstration;
}

void
gc_model_set_demonstration (GcModel *m, gboolean demonstration)
{
  g_return_if_fail (m != NULL);
  m->demonstration = demonstration != FALSE;
}

double
gc_model_get_window_seconds (const GcModel *m)
{
  g_return_val_if_fail (m != NULL, 0.0);
  return m->window_seconds;
}

guint
gc_model_get_n_support_vectors (const GcModel *m)
{
  g_return_val_if_fail (m != NULL, 0);
  return (guint)m->svm.model.l;
}

void
gc_model_set_description (GcModel *m, const char *description)
{
  g_return_if_fail (m != NULL);
  g_free (m->description);
  m->description = g_strdup (description);
}

void
gc_model_set_trained_by (GcModel *m, const char *trained_by)
{
  g_return_if_fail (m != NULL);
  g_free (m->trained_by);
  m->trained_by = g_strdup (trained_by);
}

void
gc_model_set_window_seconds (GcModel *m, double seconds)
{
  g_return_if_fail (m != NULL);
  g_return_if_fail (seconds >= 0.0 && isfinite (seconds));
  m->window_seconds = seconds;
}

/* ---- calibration table ------------------------------------------------ */

gboolean
gc_model_set_calibration (GcModel *m, guint n, const double *seconds,
    const double *temperature, const double *weight, GError **error)
{
  char *why = NULL;

  if (n > 0
      && !gc_model_check_calibration (n, seconds, temperature, weight, &why)) {
    gc_model_set_error (
        error, GC_MODEL_ERROR_INCONSISTENT, "calibration", "%s", why);
    g_free (why);
    return FALSE;
  }
  g_clear_pointer (&m->calibration_seconds, g_free);
  g_clear_pointer (&m->calibration_temperature, g_free);
  g_clear_pointer (&m->calibration_weight, g_free);
  m->n_calibration = n;
  if (n > 0) {
    m->calibration_seconds = g_memdup2 (seconds, n * sizeof (double));
    m->calibration_temperature = g_memdup2 (temperature, n * sizeof (double));
    m->calibration_weight = g_memdup2 (weight, n * sizeof (double));
  }
  return TRUE;
}

guint
gc_model_get_calibration (const GcModel *m, const double **seconds,
    const double **temperature, const double **weight)
{
  if (seconds)
    *seconds = m->calibration_seconds;
  if (temperature)
    *temperature = m->calibration_temperature;
  if (weight)
    *weight = m->calibration_weight;
  return m->n_calibration;
}
