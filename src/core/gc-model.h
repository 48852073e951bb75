/* genreclassify — model bundle I/O and classification (no GStreamer types)
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * A model bundle is a GLib key-file (see docs/model-format.md) naming a
 * libsvm model file next to it, the genre labels, the feature set and its
 * dimension, and the standardisation (mean, scale) applied before the SVM.
 * Training is in gc-model-train.h.  The functions below live in
 * gc-model.c (the object), gc-model-io.c (finding, loading, saving) and
 * gc-model-predict.c (classifying).
 */
#ifndef GC_MODEL_H
#define GC_MODEL_H

#include <glib.h>

#include "gc-model-error.h"

G_BEGIN_DECLS

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
/* All labels in order (gc_model_get_n_labels() of them, NULL-terminated),
 * owned by @model. */
const char *const *gc_model_get_labels (const GcModel *model);
/* How people spell label @index (the model's [model] display-names, e.g.
 * "Hip-Hop" for "hip-hop"): what goes into files' tags.  The label itself
 * when the model has no display names. */
const char *gc_model_get_display_name (const GcModel *model, guint index);
const char *gc_model_get_feature_set (const GcModel *model);
guint gc_model_get_dimension (const GcModel *model);

/* Standardises @features (gc_model_get_dimension() values) and writes one
 * probability per label, in label order, to @probabilities.  Non-finite
 * features give FALSE and leave @probabilities untouched.  Only reads the
 * model and allocates nothing itself (libsvm does, a little): one model may
 * serve several threads at once. */
gboolean gc_model_predict (
    const GcModel *model, const double *features, double *probabilities);

/* What the element reports for a window of @n_samples analysis samples:
 * gc_model_predict(), normalised to sum 1, then — if the bundle has a
 * [calibration] group — tempered for the window's length: p_k ∝ p_k^(1/T),
 * T interpolated linearly in seconds between the tabled lengths and held
 * at the end values beyond them.  FALSE as gc_model_predict(). */
gboolean gc_model_classify (const GcModel *model, const double *features,
    gsize n_samples, double *probabilities);

/* The tempering step of gc_model_classify() alone, with @model's table, on
 * a normalised distribution of @n values (for example a cross-validation
 * fold's model's, calibrated with the final model's table). */
gboolean gc_model_calibrate (
    const GcModel *model, gsize n_samples, double *probabilities, guint n);

/* The weight of such a window in a whole-stream summary: its sample count
 * times the model's weight for its length (interpolated as the temperature;
 * 1 without [calibration]).  A short window that the model gets right less
 * often counts for less than its duration. */
double gc_model_window_weight (const GcModel *model, gsize n_samples);

/* The [calibration] table: @n lengths in seconds (strictly increasing,
 * > 0), their temperatures (> 0) and weights (0 … 1).  @n = 0 removes it.
 * GC_MODEL_ERROR_INCONSISTENT on a bad table. */
gboolean gc_model_set_calibration (GcModel *model, guint n,
    const double *seconds, const double *temperature, const double *weight,
    GError **error);
guint gc_model_get_calibration (const GcModel *model, const double **seconds,
    const double **temperature, const double **weight);

/* Limits a bundle must respect (larger ones are rejected when loading). */
#define GC_MODEL_FORMAT_VERSION 1
#define GC_MODEL_MAX_LABELS 64
#define GC_MODEL_MAX_CALIBRATION 32

/* Informational [model] keys; NULL / 0.0 when the bundle has none. */
const char *gc_model_get_description (const GcModel *model);
const char *gc_model_get_trained_by (const GcModel *model);
double gc_model_get_window_seconds (const GcModel *model);
guint gc_model_get_n_support_vectors (const GcModel *model);

/* [model] demonstration=true: a model made to show how the element works
 * (models/synthetic-demo), whose labels are not genres of real music.
 * Programs that store genres in files or libraries refuse such a model
 * unless told otherwise (genreclassify-tag --allow-demo-model). */
gboolean gc_model_is_demonstration (const GcModel *model);
void gc_model_set_demonstration (GcModel *model, gboolean demonstration);

void gc_model_set_description (GcModel *model, const char *description);
void gc_model_set_trained_by (GcModel *model, const char *trained_by);
void gc_model_set_window_seconds (GcModel *model, double seconds);

/* Writes the bundle: @path (the key-file, e.g. ".../model.ini") and the
 * libsvm file beside it, named after @path with ".svm" in place of ".ini".
 * Every number is written with 17 significant digits, so gc_model_load()
 * gives back a model with bit-identical predictions.  All or nothing: both
 * files are written to temporary names first (on failure the old bundle
 * stays as it was), then renamed into place, and the key-file records the
 * libsvm file's SHA-256, which gc_model_load() checks, so that a torn
 * update never loads.  File errors are G_FILE_ERROR. */
gboolean gc_model_save (const GcModel *model, const char *path, GError **error);

G_END_DECLS

#endif
