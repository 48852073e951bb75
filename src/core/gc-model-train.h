/* genreclassify — training a model bundle (no GStreamer types)
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The tools that make models (genreclassify-train, gc-make-demo-model) train
 * here; gc_model_save() (gc-model.h) writes the result.
 */
#ifndef GC_MODEL_TRAIN_H
#define GC_MODEL_TRAIN_H

#include "gc-features.h"
#include "gc-model.h"

G_BEGIN_DECLS

/* Trains a model of feature set @set: the standardisation is the mean and
 * population standard deviation of each column of @features (@n rows of
 * gc_feature_set_dimension (@set) values, row-major; a column with std <=
 * 1e-12 gets scale 1), then a C-SVC
 * with an RBF kernel exp(-gamma·|u-v|²) and libsvm's probability estimates.
 * @classes[i] in [0, n_labels) names the label of row i; every label needs
 * at least one row.  libsvm draws its probability cross-validation folds
 * with rand(): this calls srand(@seed) first, so a run is reproducible but
 * the function is not thread-safe; it also silences libsvm's progress output
 * for the process (svm_set_print_string_function).  Errors are
 * GC_MODEL_ERROR_INCONSISTENT. */
GcModel *gc_model_train (const double *features, const int *classes, gsize n,
    GcFeatureSet set, const char *const *labels, guint n_labels, double c,
    double gamma, guint seed, GError **error);

/* As gc_model_train(), but the probability estimates are fitted on folds
 * the caller chose, so that rows which belong together (a file's windows
 * and its augmented copies, an artist's files) are never on both sides:
 * @fold[i] < @n_folds (>= 2) is row i's fold.  For each fold an SVM of the
 * same parameters is trained on the other folds' rows; the decision values
 * of the held-out rows fit, pair of classes by pair, the slope of Platt's
 * sigmoid through the origin (gc-platt.h).  The model has libsvm's format
 * (probA = the slopes, probB = 0) and does not use rand(): @seed is
 * unused, the result depends only on the rows and the folds.  Costs about
 * @n_folds + 1 SVM trainings, as libsvm's own probability fit does. */
GcModel *gc_model_train_folded (const double *features, const int *classes,
    gsize n, GcFeatureSet set, const char *const *labels, guint n_labels,
    double c, double gamma, guint seed, const guint *fold, guint n_folds,
    GError **error);

G_END_DECLS

#endif
