/* genreclassify — model bundle I/O and classification (no GStreamer types)
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * A model bundle is a GLib key-file (see docs/model-format.md) naming a
 * libsvm model file next to it, the genre labels, the feature set and its
 * dimension, and the standardisation (mean, scale) applied before the SVM.
 */
#ifndef GC_MODEL_H
#define GC_MODEL_H

#include <glib.h>

G_BEGIN_DECLS

#define GC_MODEL_ERROR (gc_model_error_quark ())
GQuark gc_model_error_quark (void);

typedef enum {
  GC_MODEL_ERROR_NOT_FOUND, /* a file of the bundle cannot be read */
  GC_MODEL_ERROR_PARSE, /* not a key-file / not a libsvm model */
  GC_MODEL_ERROR_INCONSISTENT, /* dimension, labels, version, values */
} GcModelError;

typedef struct _GcModel GcModel;

GcModel *gc_model_load (const char *path, GError **error);
void gc_model_free (GcModel *model);

guint gc_model_get_n_labels (const GcModel *model);
const char *gc_model_get_label (const GcModel *model, guint index);
const char *gc_model_get_feature_set (const GcModel *model);
guint gc_model_get_dimension (const GcModel *model);

/* Standardises @features (gc_model_get_dimension() values) and writes one
 * probability per label, in label order, to @probabilities.  Non-finite
 * features give FALSE and leave @probabilities untouched. */
gboolean gc_model_predict (
    const GcModel *model, const double *features, double *probabilities);

G_END_DECLS

#endif
