/* genreclassify — the GcModel struct, for the files that build or read it
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * gc-model.c, gc-model-io.c, gc-model-predict.c and gc-model-train.c only;
 * callers use gc-model.h (and gc-model-train.h).
 */
#ifndef GC_MODEL_PRIVATE_H
#define GC_MODEL_PRIVATE_H

#include "gc-libsvm.h"
#include "gc-model.h"

G_BEGIN_DECLS

struct _GcModel {
  char *feature_set;
  guint dimension;
  char **labels; /* n_labels, NULL-terminated */
  guint n_labels;
  /* [model] display-names: how people spell the labels (n_labels,
   * NULL-terminated), or NULL. */
  char **display_names;
  double *mean, *scale;
  char *description, *trained_by;
  /* [model] demonstration: labels that are not genres (gc-model.h). */
  gboolean demonstration;
  double window_seconds;
  /* [calibration], optional: per window length (seconds, increasing), the
   * temperature of the probabilities and the window's summary weight. */
  guint n_calibration;
  double *calibration_seconds, *calibration_temperature, *calibration_weight;
  /* [model] svm-sha256: the libsvm file's SHA-256, or NULL. */
  char *svm_sha256;

  GcLibsvmModel svm;
};

/* A model with no labels, standardisation or support vectors yet. */
GcModel *gc_model_new_empty (void);

/* Checks a label list; on failure returns FALSE and a reason in @why. */
gboolean gc_model_check_labels (const char *const *labels, guint n, char **why);

/* Checks a [calibration] table (gc_model_set_calibration()'s rules); on
 * failure returns FALSE and a reason in @why. */
gboolean gc_model_check_calibration (guint n, const double *seconds,
    const double *temperature, const double *weight, char **why);

G_END_DECLS

#endif
