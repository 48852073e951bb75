/* genreclassify — training a model bundle
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "gc-model-train.h"
#include "gc-analyser.h"
#include "gc-model-private.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Smallest standard deviation gc_model_train() divides by. */
#define MIN_TRAIN_SCALE 1e-12

/* libsvm's progress output, silenced. */
static void
quiet (const char *s)
{
}

GcModel *
gc_model_train (const double *features, const int *classes, gsize n,
    GcFeatureSet set, const char *const *labels, guint n_labels, double c,
    double gamma, guint seed, GError **error)
{
  static const char *const where = "training";
  guint dimension;
  struct svm_parameter param = { 0 };
  struct svm_problem prob = { 0 };
  struct svm_model *trained;
  struct svm_node *space;
  const char *problem;
  guint *count;
  GcModel *m;
  char *why = NULL;

  g_return_val_if_fail (features != NULL && classes != NULL, NULL);
  g_return_val_if_fail (labels != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if ((guint)set >= GC_N_FEATURE_SETS) {
    gc_model_set_error (error, GC_MODEL_ERROR_INCONSISTENT, where,
        "unknown feature set %d (this build knows %s)", (int)set,
        gc_feature_set_known_names ());
    return NULL;
  }
  dimension = gc_feature_set_dimension (set);
  if (!gc_model_check_labels (labels, n_labels, &why)) {
    gc_model_set_error (error, GC_MODEL_ERROR_INCONSISTENT, where, "%s", why);
    g_free (why);
    return NULL;
  }
  if (n < 2 || n > G_MAXINT / (dimension + 1)) {
    gc_model_set_error (error, GC_MODEL_ERROR_INCONSISTENT, where,
        "%" G_GSIZE_FORMAT " examples: need 2 to %u", n,
        G_MAXINT / (dimension + 1));
    return NULL;
  }
  if (!(c > 0.0) || !isfinite (c) || !(gamma > 0.0) || !isfinite (gamma)) {
    gc_model_set_error (error, GC_MODEL_ERROR_INCONSISTENT, where,
        "C (%g) and gamma (%g) must be positive and finite", c, gamma);
    return NULL;
  }
  count = g_newa (guint, n_labels);
  memset (count, 0, n_labels * sizeof (guint));
  for (gsize i = 0; i < n; i++) {
    if (classes[i] < 0 || (guint)classes[i] >= n_labels) {
      gc_model_set_error (error, GC_MODEL_ERROR_INCONSISTENT, where,
          "example %" G_GSIZE_FORMAT " has class %d, not in [0, %u)", i,
          classes[i], n_labels);
      return NULL;
    }
    count[classes[i]]++;
    for (guint j = 0; j < dimension; j++) {
      if (!isfinite (features[i * dimension + j])) {
        gc_model_set_error (error, GC_MODEL_ERROR_INCONSISTENT, where,
            "example %" G_GSIZE_FORMAT " feature %u is not finite", i, j);
        return NULL;
      }
    }
  }
  for (guint k = 0; k < n_labels; k++) {
    if (count[k] == 0) {
      gc_model_set_error (error, GC_MODEL_ERROR_INCONSISTENT, where,
          "no example of label %u (\"%s\")", k, labels[k]);
      return NULL;
    }
  }

  m = gc_model_new_empty ();
  m->feature_set = g_strdup (gc_feature_set_name (set));
  m->dimension = dimension;
  m->n_labels = n_labels;
  m->labels = g_new0 (char *, n_labels + 1);
  for (guint k = 0; k < n_labels; k++)
    m->labels[k] = g_strdup (labels[k]);
  m->mean = g_new (double, dimension);
  m->scale = g_new (double, dimension);
  for (guint j = 0; j < dimension; j++) {
    double sum = 0.0, ss = 0.0, sd;

    for (gsize i = 0; i < n; i++)
      sum += features[i * dimension + j];
    m->mean[j] = sum / n;
    for (gsize i = 0; i < n; i++) {
      double d = features[i * dimension + j] - m->mean[j];
      ss += d * d;
    }
    sd = sqrt (ss / n);
    m->scale[j] = (isfinite (sd) && sd > MIN_TRAIN_SCALE) ? sd : 1.0;
  }

  prob.l = (int)n;
  prob.y = g_new (double, n);
  prob.x = g_new (struct svm_node *, n);
  space = g_new (struct svm_node, n * (dimension + 1));
  for (gsize i = 0; i < n; i++) {
    struct svm_node *row = space + i * (dimension + 1);

    prob.y[i] = classes[i];
    prob.x[i] = row;
    for (guint j = 0; j < dimension; j++) {
      row[j].index = (int)j + 1;
      row[j].value = (features[i * dimension + j] - m->mean[j]) / m->scale[j];
    }
    row[dimension].index = -1;
    row[dimension].value = 0.0;
  }

  param.svm_type = C_SVC;
  param.kernel_type = RBF;
  param.gamma = gamma;
  param.C = c;
  param.cache_size = 100;
  param.eps = 1e-3;
  param.shrinking = 1;
  param.probability = 1;

  problem = svm_check_parameter (&prob, &param);
  if (problem != NULL) {
    gc_model_set_error (
        error, GC_MODEL_ERROR_INCONSISTENT, where, "libsvm: %s", problem);
    trained = NULL;
  } else {
    svm_set_print_string_function (quiet);
    srand (seed);
    trained = svm_train (&prob, &param);
    gc_libsvm_model_copy (&m->svm, trained);
    svm_free_and_destroy_model (&trained);
  }
  g_free (space);
  g_free (prob.x);
  g_free (prob.y);
  if (problem != NULL) {
    gc_model_free (m);
    return NULL;
  }
  return m;
}
