/* genreclassify-tag — one file's genre distribution, as the element's
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The file is decoded and windowed by gc-decode (the element's conversion
 * and windowing, bit for bit; or its features come from the feature cache,
 * gc-feature-cache.h), every window is classified with the model
 * and the whole-file distribution is the element's summary (GcSummary of
 * src/core/gc-summary.h: the mean of the classified windows weighted by their
 * length).  So `genreclassify-tag FILE` reports what
 * `filesrc ! decodebin ! audioconvert ! genreclassify` reports at EOS.
 */
#ifndef GC_TAG_ANALYSE_H
#define GC_TAG_ANALYSE_H

#include <gio/gio.h>

#include "gc-feature-cache.h"
#include "gc-model.h"

G_BEGIN_DECLS

/* One reported window. */
typedef struct {
  double start; /* seconds from the start of the file */
  double duration; /* seconds */
  gboolean silent;
  double *probs; /* label order; NULL when not classified */
} GcTagWindow;

typedef struct {
  double duration; /* seconds of audio decoded */
  guint n_labels;
  guint n_windows; /* windows reported */
  guint n_classified; /* windows averaged into @probs */
  guint n_silent;
  GcTagWindow *windows; /* n_windows */
  double *probs; /* summary, label order; NULL when no window was classified */
  guint *order; /* label indices by descending @probs; NULL with @probs */
} GcTagResult;

void gc_tag_result_free (GcTagResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GcTagResult, gc_tag_result_free)

/* Analyses @path with @model (shared: may serve several threads at once),
 * through @cache (may be NULL).  @source (may be NULL) tells whether the
 * features were decoded or cached.  Errors are those of gc_features_get(),
 * their messages naming the file. */
GcTagResult *gc_tag_analyse (const char *path, const GcModel *model,
    const GcWindowSpec *spec, GcFeatureCache *cache, GCancellable *cancellable,
    GcFeatureSource *source, GError **error);

/* The most probable label, or NULL when nothing was classified. */
const char *gc_tag_result_genre (
    const GcTagResult *result, const GcModel *model);

G_END_DECLS

#endif
