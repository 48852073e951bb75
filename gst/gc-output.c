/* genreclassify — the element's output side: messages and tags
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <string.h>

#include "gc-distribution.h"
#include "gc-output.h"

void
gc_output_register_tags (void)
{
  gst_tag_register (GC_TAG_GENRE_DISTRIBUTION, GST_TAG_FLAG_META, G_TYPE_STRING,
      "genre distribution",
      "Estimated genre probabilities, most probable first: "
      "\"label=0.6100;label2=0.2000;...\"",
      NULL);
  gst_tag_register (GC_TAG_GENRE_UNCERTAIN, GST_TAG_FLAG_META, G_TYPE_BOOLEAN,
      "genre uncertain",
      "TRUE when no genre was clearly ahead (genreclassify's "
      "uncertain-margin): the genre tag is then left as it was",
      NULL);
}

/* @genres and @probabilities (GstValueArrays) of @probs, most probable
 * first; returns the top label's index. */
static guint
take_arrays (GstStructure *s, const char *genres_field, const char *probs_field,
    const GcModel *model, const double *probs)
{
  GValue genres = G_VALUE_INIT, probabilities = G_VALUE_INIT;
  GValue v = G_VALUE_INIT;
  guint top = GC_LABEL_NONE;

  g_value_init (&genres, GST_TYPE_ARRAY);
  g_value_init (&probabilities, GST_TYPE_ARRAY);
  if (probs != NULL) {
    guint n = gc_model_get_n_labels (model);
    guint *order = gc_distribution_sorted_order (probs, n);

    for (guint i = 0; i < n; i++) {
      g_value_init (&v, G_TYPE_STRING);
      g_value_set_string (&v, gc_model_get_label (model, order[i]));
      gst_value_array_append_and_take_value (&genres, &v);
      memset (&v, 0, sizeof (v));

      g_value_init (&v, G_TYPE_DOUBLE);
      g_value_set_double (&v, probs[order[i]]);
      gst_value_array_append_and_take_value (&probabilities, &v);
      memset (&v, 0, sizeof (v));
    }
    top = order[0];
    g_free (order);
  }
  gst_structure_take_value (s, genres_field, &genres);
  gst_structure_take_value (s, probs_field, &probabilities);
  return top;
}

static const char *
label_or_empty (const GcModel *model, guint label)
{
  return label == GC_LABEL_NONE ? "" : gc_model_get_label (model, label);
}

GstStructure *
gc_output_build_structure (const GcModel *model, const GcResult *r)
{
  GstStructure *s;
  const char *top = "";
  double confidence = 0.0;

  if (r->probs != NULL) {
    guint *order =
        gc_distribution_sorted_order (r->probs, gc_model_get_n_labels (model));

    top = gc_model_get_label (model, order[0]);
    confidence = r->probs[order[0]];
    g_free (order);
  }

  s = gst_structure_new (GC_OUTPUT_MESSAGE_NAME, "timestamp", G_TYPE_UINT64,
      (guint64)r->timestamp, "stream-time", G_TYPE_UINT64,
      (guint64)r->stream_time, "running-time", G_TYPE_UINT64,
      (guint64)r->running_time, "duration", G_TYPE_UINT64, (guint64)r->duration,
      "genre", G_TYPE_STRING, top, "confidence", G_TYPE_DOUBLE, confidence,
      "final", G_TYPE_BOOLEAN, r->final, "silent", G_TYPE_BOOLEAN, r->silent,
      "window-index", G_TYPE_UINT, r->window_index, "invalid-samples",
      G_TYPE_UINT64, (guint64)r->n_invalid, "uncertain", G_TYPE_BOOLEAN,
      r->uncertain, NULL);
  take_arrays (s, "genres", "probabilities", model, r->probs);
  if (r->final)
    gst_structure_set (s, "windows", G_TYPE_UINT, r->windows, "silent-windows",
        G_TYPE_UINT, r->silent_windows, NULL);
  if (r->smoothing) {
    guint best = take_arrays (
        s, "smoothed-genres", "smoothed-probabilities", model, r->smoothed);

    gst_structure_set (s, "smoothed-genre", G_TYPE_STRING,
        label_or_empty (model, best), "smoothed-confidence", G_TYPE_DOUBLE,
        r->smoothed ? r->smoothed[best] : 0.0, "smoothed-windows", G_TYPE_UINT,
        r->smoothed ? r->smoothed_windows : 0u, "current-genre", G_TYPE_STRING,
        label_or_empty (model, r->current_label), NULL);
  }
  return s;
}

GstStructure *
gc_output_build_change (const GcModel *model, const GcChangeResult *c)
{
  return gst_structure_new (GC_OUTPUT_CHANGE_MESSAGE_NAME, "timestamp",
      G_TYPE_UINT64, (guint64)c->timestamp, "stream-time", G_TYPE_UINT64,
      (guint64)c->stream_time, "running-time", G_TYPE_UINT64,
      (guint64)c->running_time, "old-genre", G_TYPE_STRING,
      label_or_empty (model, c->old_label), "new-genre", G_TYPE_STRING,
      label_or_empty (model, c->new_label), "old-probability", G_TYPE_DOUBLE,
      c->old_prob, "new-probability", G_TYPE_DOUBLE, c->new_prob, "margin",
      G_TYPE_DOUBLE, c->margin, "first-window", G_TYPE_UINT64,
      (guint64)c->first_window, "detected-at", G_TYPE_UINT64,
      (guint64)c->detected_at, "window-index", G_TYPE_UINT, c->window_index,
      "voting-windows", G_TYPE_UINT, c->voting_windows, "smoothed-windows",
      G_TYPE_UINT, c->smoothed_windows, NULL);
}

/* "GENRE_DISTRIBUTION=…" (Vorbis comments) or "GENRE_DISTRIBUTION[lang]=…"
 * (ID3v2 COMM frames). */
static gboolean
is_distribution_comment (const gchar *comment)
{
  static const gchar key[] = GC_DISTRIBUTION_KEY;
  gsize n = sizeof (key) - 1;

  return g_ascii_strncasecmp (comment, key, n) == 0
      && (comment[n] == '=' || comment[n] == '[');
}

void
gc_output_strip_genre (GstTagList *tags)
{
  gst_tag_list_remove_tag (tags, GST_TAG_GENRE);
  gc_output_strip_analysis (tags);
}

void
gc_output_strip_analysis (GstTagList *tags)
{
  guint n = gst_tag_list_get_tag_size (tags, GST_TAG_EXTENDED_COMMENT);
  GPtrArray *keep = NULL;

  gst_tag_list_remove_tag (tags, GC_TAG_GENRE_DISTRIBUTION);
  gst_tag_list_remove_tag (tags, GC_TAG_GENRE_UNCERTAIN);
  for (guint i = 0; i < n; i++) {
    const gchar *c = NULL;

    gst_tag_list_peek_string_index (tags, GST_TAG_EXTENDED_COMMENT, i, &c);
    if (c != NULL && is_distribution_comment (c)) {
      keep = g_ptr_array_new_with_free_func (g_free);
      break;
    }
  }
  if (keep == NULL)
    return;
  for (guint i = 0; i < n; i++) {
    const gchar *c = NULL;

    gst_tag_list_peek_string_index (tags, GST_TAG_EXTENDED_COMMENT, i, &c);
    if (c != NULL && !is_distribution_comment (c))
      g_ptr_array_add (keep, g_strdup (c));
  }
  gst_tag_list_remove_tag (tags, GST_TAG_EXTENDED_COMMENT);
  for (guint i = 0; i < keep->len; i++)
    gst_tag_list_add (tags, GST_TAG_MERGE_APPEND, GST_TAG_EXTENDED_COMMENT,
        g_ptr_array_index (keep, i), NULL);
  g_ptr_array_unref (keep);
}

GstTagList *
gc_output_build_tags (const GcModel *model, const double *probs,
    gboolean uncertain, const GstTagList *upstream)
{
  GstTagList *tags = gst_tag_list_new_empty ();
  guint n = gc_model_get_n_labels (model);
  guint *order = gc_distribution_sorted_order (probs, n);
  gchar *dist =
      gc_distribution_to_string (probs, n, gc_model_get_labels (model));

  /* An uncertain answer makes no claim on the genre: the stream keeps the
   * one it came with (if any), as a tagger would leave the file alone. */
  if (uncertain)
    gst_tag_list_add (tags, GST_TAG_MERGE_REPLACE_ALL,
        GC_TAG_GENRE_DISTRIBUTION, dist, GC_TAG_GENRE_UNCERTAIN, TRUE, NULL);
  else
    gst_tag_list_add (tags, GST_TAG_MERGE_REPLACE_ALL, GST_TAG_GENRE,
        gc_model_get_label (model, order[0]), GC_TAG_GENRE_DISTRIBUTION, dist,
        NULL);
  g_free (dist);
  g_free (order);

  if (upstream != NULL) {
    GstTagList *up = gst_tag_list_copy (upstream);
    GstTagList *merged;

    if (uncertain)
      gc_output_strip_analysis (up);
    else
      gc_output_strip_genre (up);
    merged = gst_tag_list_merge (up, tags, GST_TAG_MERGE_REPLACE);
    gst_tag_list_unref (up);
    gst_tag_list_unref (tags);
    tags = merged;
  }
  gst_tag_list_set_scope (tags, GST_TAG_SCOPE_STREAM);
  return tags;
}
