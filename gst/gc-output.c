/* genreclassify — the element's output side: messages, tags, summary
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

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

gboolean
gc_output_normalise (double *probs, guint n)
{
  double sum = 0.0;
  guint i;

  if (n == 0)
    return FALSE;
  for (i = 0; i < n; i++) {
    if (!isfinite (probs[i]) || probs[i] < 0.0)
      return FALSE;
    sum += probs[i];
  }
  if (!(sum > 0.0) || !isfinite (sum))
    return FALSE;
  for (i = 0; i < n; i++)
    probs[i] /= sum;
  return TRUE;
}

/* Insertion sort: stable, and label counts are small. */
guint *
gc_output_sorted_order (const double *probs, guint n)
{
  guint *order = g_new (guint, n);
  guint i, j;

  for (i = 0; i < n; i++) {
    guint idx = i;

    for (j = i; j > 0 && probs[order[j - 1]] < probs[idx]; j--)
      order[j] = order[j - 1];
    order[j] = idx;
  }
  return order;
}

void
gc_summary_init (GcSummary *summary, guint n_labels)
{
  memset (summary, 0, sizeof (*summary));
  summary->n_labels = n_labels;
  summary->weighted = g_new0 (double, MAX (n_labels, 1));
  gc_summary_reset (summary);
}

void
gc_summary_clear (GcSummary *summary)
{
  g_free (summary->weighted);
  memset (summary, 0, sizeof (*summary));
}

void
gc_summary_reset (GcSummary *summary)
{
  if (summary->weighted)
    memset (summary->weighted, 0, sizeof (double) * summary->n_labels);
  summary->total_weight = 0.0;
  summary->n_classified = 0;
  summary->n_silent = 0;
  summary->n_reported = 0;
  summary->n_invalid = 0;
  summary->first_ts = GST_CLOCK_TIME_NONE;
  summary->end_ts = GST_CLOCK_TIME_NONE;
}

void
gc_summary_add (GcSummary *summary, GstClockTime ts, GstClockTime duration,
    gsize n_samples, const double *probs, gboolean silent, guint64 n_invalid)
{
  guint i;

  summary->n_reported++;
  summary->n_invalid += n_invalid;
  if (silent)
    summary->n_silent++;
  if (GST_CLOCK_TIME_IS_VALID (ts)) {
    if (!GST_CLOCK_TIME_IS_VALID (summary->first_ts))
      summary->first_ts = ts;
    if (!GST_CLOCK_TIME_IS_VALID (summary->end_ts)
        || ts + duration > summary->end_ts)
      summary->end_ts = ts + duration;
  }
  if (probs == NULL || n_samples == 0)
    return;
  summary->n_classified++;
  summary->total_weight += (double)n_samples;
  for (i = 0; i < summary->n_labels; i++)
    summary->weighted[i] += (double)n_samples * probs[i];
}

gboolean
gc_summary_get (const GcSummary *summary, double *probs)
{
  guint i;

  if (summary->n_classified == 0 || !(summary->total_weight > 0.0))
    return FALSE;
  for (i = 0; i < summary->n_labels; i++)
    probs[i] = summary->weighted[i] / summary->total_weight;
  return gc_output_normalise (probs, summary->n_labels);
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
    guint *order = gc_output_sorted_order (r->probs, n);
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

gchar *
gc_output_distribution_string (const GcModel *model, const double *probs)
{
  guint n = gc_model_get_n_labels (model);
  guint *order = gc_output_sorted_order (probs, n);
  GString *str = g_string_new (NULL);
  gchar num[G_ASCII_DTOSTR_BUF_SIZE];
  guint i;

  for (i = 0; i < n; i++) {
    if (i > 0)
      g_string_append_c (str, ';');
    g_string_append (str, gc_model_get_label (model, order[i]));
    g_string_append_c (str, '=');
    g_string_append (
        str, g_ascii_formatd (num, sizeof (num), "%.4f", probs[order[i]]));
  }
  g_free (order);
  return g_string_free (str, FALSE);
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
  guint *order = gc_output_sorted_order (probs, n);
  gchar *dist = gc_output_distribution_string (model, probs);

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
