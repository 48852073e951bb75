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
}

GstStructure *
gc_output_build_structure (const GcModel *model, const GcResult *r)
{
  GstStructure *s;
  GValue genres = G_VALUE_INIT, probabilities = G_VALUE_INIT;
  GValue v = G_VALUE_INIT;
  const char *top = "";
  double confidence = 0.0;

  g_value_init (&genres, GST_TYPE_ARRAY);
  g_value_init (&probabilities, GST_TYPE_ARRAY);

  if (r->probs != NULL) {
    guint n = gc_model_get_n_labels (model);
    guint *order = gc_distribution_sorted_order (r->probs, n);
    guint i;

    for (i = 0; i < n; i++) {
      g_value_init (&v, G_TYPE_STRING);
      g_value_set_string (&v, gc_model_get_label (model, order[i]));
      gst_value_array_append_and_take_value (&genres, &v);
      memset (&v, 0, sizeof (v));

      g_value_init (&v, G_TYPE_DOUBLE);
      g_value_set_double (&v, r->probs[order[i]]);
      gst_value_array_append_and_take_value (&probabilities, &v);
      memset (&v, 0, sizeof (v));
    }
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
      G_TYPE_UINT64, (guint64)r->n_invalid, NULL);
  gst_structure_take_value (s, "genres", &genres);
  gst_structure_take_value (s, "probabilities", &probabilities);
  if (r->final)
    gst_structure_set (s, "windows", G_TYPE_UINT, r->windows, "silent-windows",
        G_TYPE_UINT, r->silent_windows, NULL);
  return s;
}

/* "GENRE_DISTRIBUTION=…" (Vorbis comments) or "GENRE_DISTRIBUTION[lang]=…"
 * (ID3v2 COMM frames). */
static gboolean
is_distribution_comment (const gchar *comment)
{
  static const gchar key[] = "GENRE_DISTRIBUTION";
  gsize n = sizeof (key) - 1;

  return g_ascii_strncasecmp (comment, key, n) == 0
      && (comment[n] == '=' || comment[n] == '[');
}

void
gc_output_strip_genre (GstTagList *tags)
{
  guint n = gst_tag_list_get_tag_size (tags, GST_TAG_EXTENDED_COMMENT);
  GPtrArray *keep = NULL;

  gst_tag_list_remove_tag (tags, GST_TAG_GENRE);
  gst_tag_list_remove_tag (tags, GC_TAG_GENRE_DISTRIBUTION);
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
gc_output_build_tags (
    const GcModel *model, const double *probs, const GstTagList *upstream)
{
  GstTagList *tags = gst_tag_list_new_empty ();
  guint n = gc_model_get_n_labels (model);
  guint *order = gc_distribution_sorted_order (probs, n);
  gchar *dist = gc_distribution_to_string (model, probs);

  gst_tag_list_add (tags, GST_TAG_MERGE_REPLACE_ALL, GST_TAG_GENRE,
      gc_model_get_label (model, order[0]), GC_TAG_GENRE_DISTRIBUTION, dist,
      NULL);
  g_free (dist);
  g_free (order);

  if (upstream != NULL) {
    GstTagList *up = gst_tag_list_copy (upstream);
    GstTagList *merged;

    gc_output_strip_genre (up);
    merged = gst_tag_list_merge (up, tags, GST_TAG_MERGE_REPLACE);
    gst_tag_list_unref (up);
    gst_tag_list_unref (tags);
    tags = merged;
  }
  gst_tag_list_set_scope (tags, GST_TAG_SCOPE_STREAM);
  return tags;
}
