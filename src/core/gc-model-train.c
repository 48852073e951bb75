/* genreclassify — training a model bundle
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "gc-model-train.h"
#include "gc-analyser.h"
#include "gc-model-private.h"
#include "gc-platt.h"
#include "gc-stats.h"

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

/* Index of the pair (i, j), i < j, among @n classes, in libsvm's order:
 * (0,1), (0,2) … (0,n-1), (1,2) … */
static int
pair_index (int i, int j, int n)
{
  return i * (2 * n - i - 1) / 2 + (j - i - 1);
}

/* Platt slopes fitted on the decision values of rows held out by @fold
 * (gc-platt.h), written into @trained's probA (probB 0), which then gives
 * probability estimates.  Each fold's model is trained on the other folds'
 * rows of @prob; its label order may differ from @trained's, and it may
 * lack classes: a pair is read from the models that know both classes,
 * with the sign of @trained's order. */
static void
fit_folded_probabilities (struct svm_model *trained,
    const struct svm_problem *prob, const struct svm_parameter *param,
    const guint *fold, guint n_folds, guint n_labels)
{
  int k_final = trained->nr_class, pairs = k_final * (k_final - 1) / 2;
  gsize n = (gsize)prob->l;
  double *dec = g_new (double, n * (gsize)pairs);
  guint8 *have = g_new0 (guint8, n * (gsize)pairs);
  int *final_pos = g_new (int, n_labels);
  double *values = g_new (double, pairs), *slopes = g_new (double, pairs);
  double *pair_dec = g_new (double, n);
  guint8 *pair_first = g_new (guint8, n);
  struct svm_problem sub = { 0 };

  for (guint k = 0; k < n_labels; k++)
    final_pos[k] = -1;
  for (int a = 0; a < k_final; a++)
    final_pos[trained->label[a]] = a;
  sub.y = g_new (double, n);
  sub.x = g_new (struct svm_node *, n);

  for (guint f = 0; f < n_folds; f++) {
    struct svm_model *inner;
    int *pos = g_new (int, n_labels), in_fold = 0;

    sub.l = 0;
    for (gsize i = 0; i < n; i++) {
      if (fold[i] == f) {
        in_fold++;
        continue;
      }
      sub.y[sub.l] = prob->y[i];
      sub.x[sub.l++] = prob->x[i];
    }
    if (in_fold == 0 || sub.l < 2) {
      g_free (pos);
      continue;
    }
    inner = svm_train (&sub, param);
    for (guint k = 0; k < n_labels; k++)
      pos[k] = -1;
    for (int a = 0; a < inner->nr_class; a++)
      pos[inner->label[a]] = a;
    for (gsize i = 0; i < n; i++) {
      if (fold[i] != f)
        continue;
      svm_predict_values (inner, prob->x[i], values);
      for (int a = 0; a < k_final; a++) {
        for (int b = a + 1; b < k_final; b++) {
          int pa = pos[trained->label[a]], pb = pos[trained->label[b]];
          gsize at = i * (gsize)pairs + (gsize)pair_index (a, b, k_final);

          if (pa < 0 || pb < 0)
            continue; /* this fold's model never saw one of the two */
          dec[at] = pa < pb ? values[pair_index (pa, pb, inner->nr_class)]
                            : -values[pair_index (pb, pa, inner->nr_class)];
          have[at] = 1;
        }
      }
    }
    svm_free_and_destroy_model (&inner);
    g_free (pos);
  }

  for (int a = 0; a < k_final; a++) {
    for (int b = a + 1; b < k_final; b++) {
      int k = pair_index (a, b, k_final);
      gsize m = 0;

      for (gsize i = 0; i < n; i++) {
        int cls = final_pos[(int)prob->y[i]];

        if ((cls != a && cls != b) || !have[i * (gsize)pairs + (gsize)k])
          continue;
        pair_dec[m] = dec[i * (gsize)pairs + (gsize)k];
        pair_first[m++] = cls == a;
      }
      slopes[k] = m ? gc_platt_fit_slope (pair_dec, pair_first, m) : NAN;
    }
  }

  /* A pair no fold could measure (a class with a single group) takes the
   * median slope of the others: no sharper than the typical pair. */
  {
    double *known = g_new (double, pairs), fallback = -1.0;
    int m = 0;

    for (int k = 0; k < pairs; k++)
      if (!isnan (slopes[k]))
        known[m++] = slopes[k];
    if (m > 0) {
      qsort (known, m, sizeof (double), gc_compare_doubles);
      fallback = known[m / 2];
    }
    g_free (known);
    /* libsvm frees these with free(). */
    trained->probA = malloc (pairs * sizeof (double));
    trained->probB = malloc (pairs * sizeof (double));
    for (int k = 0; k < pairs; k++) {
      trained->probA[k] = isnan (slopes[k]) ? fallback : slopes[k];
      trained->probB[k] = 0.0;
    }
  }
  trained->param.probability = 1;

  g_free (sub.y);
  g_free (sub.x);
  g_free (dec);
  g_free (have);
  g_free (final_pos);
  g_free (values);
  g_free (slopes);
  g_free (pair_dec);
  g_free (pair_first);
}

GcModel *
gc_model_train (const double *features, const int *classes, gsize n,
    GcFeatureSet set, const char *const *labels, guint n_labels, double c,
    double gamma, guint seed, GError **error)
{
  return gc_model_train_folded (features, classes, n, set, labels, n_labels, c,
      gamma, seed, NULL, 0, error);
}

GcModel *
gc_model_train_folded (const double *features, const int *classes, gsize n,
    GcFeatureSet set, const char *const *labels, guint n_labels, double c,
    double gamma, guint seed, const guint *fold, guint n_folds, GError **error)
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
  g_return_val_if_fail (fold == NULL || n_folds >= 2, NULL);

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
    if (fold != NULL && fold[i] >= n_folds) {
      gc_model_set_error (error, GC_MODEL_ERROR_INCONSISTENT, where,
          "example %" G_GSIZE_FORMAT " is in fold %u, not in [0, %u)", i,
          fold[i], n_folds);
      return NULL;
    }
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
  /* Without folds, libsvm fits its own sigmoids (and draws from rand()). */
  param.probability = fold == NULL;

  problem = svm_check_parameter (&prob, &param);
  if (problem != NULL) {
    gc_model_set_error (
        error, GC_MODEL_ERROR_INCONSISTENT, where, "libsvm: %s", problem);
    trained = NULL;
  } else {
    svm_set_print_string_function (quiet);
    srand (seed);
    trained = svm_train (&prob, &param);
    if (fold != NULL)
      fit_folded_probabilities (
          trained, &prob, &param, fold, n_folds, n_labels);
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
