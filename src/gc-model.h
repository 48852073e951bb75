/* genreclassify — model bundle I/O and classification (no GStreamer types)
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * A model bundle is a GLib key-file (see docs/model-format.md) naming a
 * libsvm model file next to it, the genre labels, the feature set and its
 * dimension, and the standardisation (mean, scale) applied before the SVM.
 * Training is in gc-model-train.h.
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

/* The bundle to load when the user names none: $GENRECLASSIFY_MODEL if set
 * and not empty; else the installed default model (GC_DEFAULT_MODEL, fixed
 * at build time) if it exists; else, when @build_root is given (the build
 * tree a program runs from, if it does), the copy of the default model that
 * the build keeps at @build_root/models/NAME/model.ini, if it exists; else
 * the installed path, so that the error names it.  If @also_tried is not
 * NULL, it receives the other path looked at when the result is not
 * $GENRECLASSIFY_MODEL (or NULL).  Free both with g_free(). */
char *gc_model_default_path (const char *build_root, char **also_tried);
void gc_model_free (GcModel *model);

guint gc_model_get_n_labels (const GcModel *model);
const char *gc_model_get_label (const GcModel *model, guint index);
const char *gc_model_get_feature_set (const GcModel *model);
guint gc_model_get_dimension (const GcModel *model);

/* Standardises @features (gc_model_get_dimension() values) and writes one
 * probability per label, in label order, to @probabilities.  Non-finite
 * features give FALSE and leave @probabilities untouched.  Only reads the
 * model and allocates nothing itself (libsvm does, a little): one model may
 * serve several threads at once. */
gboolean gc_model_predict (
    const GcModel *model, const double *features, double *probabilities);

/* Limits a bundle must respect (larger ones are rejected when loading). */
#define GC_MODEL_FORMAT_VERSION 1
#define GC_MODEL_MAX_LABELS 64

/* Informational [model] keys; NULL / 0.0 when the bundle has none. */
const char *gc_model_get_description (const GcModel *model);
const char *gc_model_get_trained_by (const GcModel *model);
double gc_model_get_window_seconds (const GcModel *model);
guint gc_model_get_n_support_vectors (const GcModel *model);

void gc_model_set_description (GcModel *model, const char *description);
void gc_model_set_trained_by (GcModel *model, const char *trained_by);
void gc_model_set_window_seconds (GcModel *model, double seconds);

/* Writes the bundle: @path (the key-file, e.g. ".../model.ini") and the
 * libsvm file beside it, named after @path with ".svm" in place of ".ini".
 * Every number is written with 17 significant digits, so gc_model_load()
 * gives back a model with bit-identical predictions.  File errors are
 * G_FILE_ERROR. */
gboolean gc_model_save (const GcModel *model, const char *path, GError **error);

G_END_DECLS

#endif
