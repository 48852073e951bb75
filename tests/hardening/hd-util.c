/* genreclassify — helpers shared by the hardening tests
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "hd-util.h"

GPtrArray *
hd_run (const HdRun *run)
{
  gchar *caps = gc_test_caps_string (
      run->format, run->rate, run->channels, run->unpositioned);
  GstHarness *h = gc_test_harness (run->props, caps);
  guint64 total = (guint64)llround (run->seconds * run->rate), done = 0;
  GPtrArray *results;

  gst_harness_set_drop_buffers (h, TRUE);
  while (done < total) {
    gsize n = MIN (run->frames_per_buffer, total - done);
    GstBuffer *buf = gc_test_make_buffer (run->format, run->rate, run->channels,
        done, n, run->signal, run->gains);

    if (run->modify) {
      GstMapInfo map;

      fail_unless (gst_buffer_map (buf, &map, GST_MAP_WRITE));
      run->modify (&map, run->format, run->channels, done, n, run->modify_data);
      gst_buffer_unmap (buf, &map);
    }
    GST_BUFFER_PTS (buf) =
        gst_util_uint64_scale_round (done, GST_SECOND, run->rate);
    GST_BUFFER_DURATION (buf) =
        gst_util_uint64_scale_round (done + n, GST_SECOND, run->rate)
        - GST_BUFFER_PTS (buf);
    fail_unless_equals_int (gst_harness_push (h, buf), GST_FLOW_OK);
    done += n;
  }
  fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));
  results = gc_test_collect_results (gc_test_harness_bus (h));
  for (guint i = 0; i < results->len; i++)
    gc_test_check_result (results->pdata[i]);
  gc_test_teardown (h);
  g_free (caps);
  return results;
}

gdouble
hd_prob_of (const GstStructure *s, const gchar *genre)
{
  guint i, n = gc_test_n_probs (s);

  for (i = 0; i < n; i++)
    if (strcmp (gc_test_genre (s, i), genre) == 0)
      return gc_test_prob (s, i);
  return -1.0;
}

void
hd_assert_same_results (GPtrArray *a, GPtrArray *b, gdouble tolerance)
{
  static const gchar *const u64[] = { "timestamp", "duration",
    "invalid-samples" };
  guint i, k;

  fail_unless_equals_int (a->len, b->len);
  for (i = 0; i < a->len; i++) {
    const GstStructure *x = a->pdata[i], *y = b->pdata[i];
    guint n = gc_test_n_probs (x);

    for (k = 0; k < G_N_ELEMENTS (u64); k++)
      fail_unless_equals_uint64 (
          gc_test_get_uint64 (x, u64[k]), gc_test_get_uint64 (y, u64[k]));
    fail_unless_equals_int (gc_test_get_uint (x, "window-index"),
        gc_test_get_uint (y, "window-index"));
    fail_unless_equals_int (
        gc_test_get_boolean (x, "final"), gc_test_get_boolean (y, "final"));
    fail_unless_equals_int (
        gc_test_get_boolean (x, "silent"), gc_test_get_boolean (y, "silent"));
    fail_unless_equals_int (n, gc_test_n_probs (y));
    /* Labels are compared by name: with near-equal probabilities a
     * difference within the tolerance may swap the order. */
    for (k = 0; k < n; k++) {
      const gchar *genre = gc_test_genre (x, k);
      gdouble p = gc_test_prob (x, k), q = hd_prob_of (y, genre);

      fail_unless (q >= 0.0, "%s missing", genre);
      fail_unless (fabs (p - q) <= tolerance,
          "result %u: %s %.17g vs %.17g (tolerance %g)\n%" GST_PTR_FORMAT
          "\n%" GST_PTR_FORMAT,
          i, genre, p, q, tolerance, x, y);
    }
  }
}

void
hd_set_float (
    GstMapInfo *map, GstAudioFormat format, gsize index, gdouble value)
{
  if (format == GST_AUDIO_FORMAT_F32LE)
    ((gfloat *)map->data)[index] = (gfloat)value;
  else if (format == GST_AUDIO_FORMAT_F64LE)
    ((gdouble *)map->data)[index] = value;
  else
    fail ("not a float format");
}

GPtrArray *
hd_play_until_eos (GstElement *pipeline)
{
  GstBus *bus = gst_element_get_bus (pipeline);
  GPtrArray *r =
      g_ptr_array_new_with_free_func ((GDestroyNotify)gst_structure_free);

  for (;;) {
    GstMessage *msg = gst_bus_timed_pop_filtered (bus, 60 * GST_SECOND,
        GST_MESSAGE_EOS | GST_MESSAGE_ERROR | GST_MESSAGE_ELEMENT);

    fail_unless (msg != NULL, "no EOS within 60 s");
    fail_if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR);
    if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_EOS) {
      gst_message_unref (msg);
      break;
    }
    if (gst_structure_has_name (
            gst_message_get_structure (msg), "genreclassify"))
      g_ptr_array_add (r, gst_structure_copy (gst_message_get_structure (msg)));
    gst_message_unref (msg);
  }
  gst_object_unref (bus);
  for (guint i = 0; i < r->len; i++)
    gc_test_check_result (r->pdata[i]);
  return r;
}

gsize
hd_rss_bytes (void)
{
  gchar *text = NULL;
  gsize pages = 0;

  if (g_file_get_contents ("/proc/self/statm", &text, NULL, NULL))
    sscanf (text, "%*s %" G_GSIZE_FORMAT, &pages);
  g_free (text);
  return pages * (gsize)sysconf (_SC_PAGESIZE);
}
