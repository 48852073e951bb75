/* genreclassify — what the model bundle's three files share
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * gc-model.c, gc-libsvm.c and gc-model-train.c only; callers use gc-model.h
 * (and gc-model-train.h).
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

/* A GC_MODEL_ERROR "@path: message". */
void gc_model_set_error (GError **error, GcModelError code, const char *path,
    const char *format, ...) G_GNUC_PRINTF (4, 5);

/* A short printable (ASCII) excerpt of untrusted text, for messages.  Free
 * with g_free(). */
char *gc_model_excerpt (const char *text);

/* Checks a label list; on failure returns FALSE and a reason in @why. */
gboolean gc_model_check_labels (const char *const *labels, guint n, char **why);

/* Appends @v with 17 significant digits, whatever the locale: read back, it
 * is the same double. */
void gc_model_append_double (GString *s, double v);

G_END_DECLS

#endif
