/* genreclassify-tag — one file's genre distribution, as the element's
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <string.h>

#include "gc-distribution.h"
#include "gc-summary.h"
#include "gc-tag-analyse.h"

/* The summary takes GstClockTimes as they are: "none" must be one value. */
G_STATIC_ASSERT (GC_TIME_NONE == GST_CLOCK_TIME_NONE);

void
gc_tag_result_free (GcTagResult *result)
{
  if (result == NULL)
    return;
  for (guint i = 0; i < result->n_windows; i++)
    g_free (result->windows[i].probs);
  g_free (result->windows);
  g_free (result->probs);
  g_free (result->order);
  g_free (result);
}

GcTagResult *
gc_tag_analyse (const char *path, const GcModel *model,
    const GcWindowSpec *spec, GcFeatureCache *cache, GCancellable *cancellable,
    GcFeatureSource *source, GError **error)
{
  guint n = gc_model_get_n_labels (model);
  g_autoptr (GcFileFeatures) features = NULL;
  GcSummary summary;
  GcTagResult *r;
  double *probs;

  /* Vectors of another set would be classified as garbage, silently. */
  g_return_val_if_fail (g_strcmp0 (gc_feature_set_name (spec->features),
                            gc_model_get_feature_set (model))
          == 0,
      NULL);
  features =
      gc_features_get (path, spec, cache, cancellable, source, NULL, error);
  if (features == NULL)
    return NULL;

  r = g_new0 (GcTagResult, 1);
  r->duration = features->duration;
  r->n_labels = n;
  r->n_windows = features->n_windows;
  r->windows = g_new0 (GcTagWindow, MAX (r->n_windows, 1));
  probs = g_new0 (double, n);
  gc_summary_init (&summary, n);

  /* what the element does with every window it reports */
  for (guint i = 0; i < features->n_windows; i++) {
    const GcWindowResult *w = &features->windows[i];
    GcTagWindow *tw = &r->windows[i];

    tw->start = GST_CLOCK_TIME_IS_VALID (w->timestamp)
        ? (double)w->timestamp / GST_SECOND
        : (double)w->start / GC_ANALYSIS_RATE;
    tw->duration = (double)w->duration / GST_SECOND;
    tw->silent = (w->status == GC_WINDOW_SILENT);
    if (w->status == GC_WINDOW_OK
        && gc_model_classify (model, w->vector, w->n_samples, probs)) {
      tw->probs = g_new (double, n);
      memcpy (tw->probs, probs, n * sizeof (double));
    }
    gc_summary_add (&summary, w->timestamp, w->duration,
        gc_model_window_weight (model, w->n_samples), tw->probs, tw->silent,
        w->n_invalid);
  }

  r->n_classified = summary.n_classified;
  r->n_silent = summary.n_silent;
  if (gc_summary_get (&summary, probs)) {
    r->probs = probs;
    r->order = gc_distribution_sorted_order (r->probs, n);
  } else {
    g_free (probs);
  }
  gc_summary_clear (&summary);
  return r;
}

const char *
gc_tag_result_genre (const GcTagResult *result, const GcModel *model)
{
  if (result->probs == NULL)
    return NULL;
  return gc_model_get_label (model, result->order[0]);
}
