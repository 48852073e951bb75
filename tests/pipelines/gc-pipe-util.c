/* genreclassify — helpers for the pipeline tests
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include <glib/gstdio.h>
#include <gst/check/gstcheck.h>
#include <gst/pbutils/pbutils.h>

#include "gc-pipe-util.h"
#include "gc-test-data.h"

#define TIMEOUT (120 * GST_SECOND)

GPtrArray *
gc_pipe_run_element (GstElement *pipeline)
{
  GPtrArray *results =
      g_ptr_array_new_with_free_func ((GDestroyNotify)gst_structure_free);
  GstBus *bus = gst_element_get_bus (pipeline);
  gboolean done = FALSE;

  fail_unless (gst_element_set_state (pipeline, GST_STATE_PLAYING)
      != GST_STATE_CHANGE_FAILURE);
  while (!done) {
    GstMessage *msg = gst_bus_timed_pop_filtered (bus, TIMEOUT,
        GST_MESSAGE_EOS | GST_MESSAGE_ERROR | GST_MESSAGE_ELEMENT);

    fail_unless (msg != NULL, "timeout");
    switch (GST_MESSAGE_TYPE (msg)) {
      case GST_MESSAGE_ERROR: {
        GError *err = NULL;
        gchar *dbg = NULL;

        gst_message_parse_error (msg, &err, &dbg);
        fail ("pipeline error: %s (%s)", err->message, GST_STR_NULL (dbg));
        break;
      }
      case GST_MESSAGE_EOS:
        done = TRUE;
        break;
      default:
        if (gst_message_has_name (msg, "genreclassify"))
          g_ptr_array_add (
              results, gst_structure_copy (gst_message_get_structure (msg)));
        break;
    }
    gst_message_unref (msg);
  }
  fail_unless (gst_element_set_state (pipeline, GST_STATE_NULL)
      == GST_STATE_CHANGE_SUCCESS);
  gst_object_unref (bus);
  return results;
}

GPtrArray *
gc_pipe_run (const gchar *desc)
{
  GError *err = NULL;
  GstElement *pipeline = gst_parse_launch (desc, &err);
  GPtrArray *results;

  fail_unless (pipeline != NULL && err == NULL, "cannot build \"%s\": %s", desc,
      err ? err->message : "?");
  results = gc_pipe_run_element (pipeline);
  gst_object_unref (pipeline);
  return results;
}

const GstStructure *
gc_pipe_summary (GPtrArray *results)
{
  for (guint i = 0; i < results->len; i++) {
    const GstStructure *s = g_ptr_array_index (results, i);
    gboolean final = FALSE;

    if (gst_structure_get_boolean (s, "final", &final) && final)
      return s;
  }
  fail ("no summary among %u results", results->len);
  return NULL;
}

const gchar *
gc_pipe_genre (const GstStructure *s)
{
  const gchar *genre = gst_structure_get_string (s, "genre");

  fail_unless (genre != NULL);
  return genre;
}

GstTagList *
gc_pipe_discover_tags (const gchar *path)
{
  GError *err = NULL;
  GstDiscoverer *disc = gst_discoverer_new (30 * GST_SECOND, &err);
  GstDiscovererInfo *info;
  GList *streams;
  GstTagList *tags = NULL;
  gchar *uri;

  fail_unless (disc != NULL, "no discoverer: %s", err ? err->message : "?");
  uri = gst_filename_to_uri (path, &err);
  fail_unless (uri != NULL);
  info = gst_discoverer_discover_uri (disc, uri, &err);
  fail_unless (info != NULL
          && gst_discoverer_info_get_result (info) == GST_DISCOVERER_OK,
      "cannot discover %s: %s", path, err ? err->message : "?");
  g_clear_error (&err);

  streams = gst_discoverer_info_get_audio_streams (info);
  fail_unless (streams != NULL, "no audio stream in %s", path);
  {
    const GstTagList *st = gst_discoverer_stream_info_get_tags (streams->data);
    GstDiscovererStreamInfo *top = gst_discoverer_info_get_stream_info (info);
    const GstTagList *ct = NULL;

    /* tags that only the container (topmost) stream carries */
    if (top && GST_IS_DISCOVERER_CONTAINER_INFO (top))
      ct = gst_discoverer_container_info_get_tags (
          GST_DISCOVERER_CONTAINER_INFO (top));
    if (st || ct)
      tags = gst_tag_list_merge (st, ct, GST_TAG_MERGE_KEEP);
    if (top)
      gst_discoverer_stream_info_unref (top);
  }
  gst_discoverer_stream_info_list_free (streams);
  gst_discoverer_info_unref (info);
  g_free (uri);
  g_object_unref (disc);
  return tags;
}

gchar *
gc_pipe_discover_genre (const gchar *path)
{
  GstTagList *tags = gc_pipe_discover_tags (path);
  gchar *genre = NULL;

  if (tags) {
    gst_tag_list_get_string (tags, GST_TAG_GENRE, &genre);
    gst_tag_list_unref (tags);
  }
  return genre;
}

gchar *
gc_pipe_tmpdir (const gchar *name)
{
  gchar *dir =
      g_strdup_printf ("%s/tests/pipelines/tmp-%s", GC_BUILD_ROOT, name);

  gc_test_remove_tree (dir);
  fail_unless (g_mkdir_with_parents (dir, 0755) == 0);
  return dir;
}
