/* genreclassify — element tests: tags reaching a sink, the output switches
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gc-check-util.h"

/* Checks "label=0.6100;label2=0.2000;..." and returns its first label. */
static gchar *
check_distribution (const gchar *dist)
{
  gchar **items = g_strsplit (dist, ";", -1);
  gchar *first = NULL;
  gdouble sum = 0.0, prev = 2.0;
  guint i, n = g_strv_length (items);

  fail_unless (n >= 2, "distribution \"%s\"", dist);
  for (i = 0; i < n; i++) {
    gchar **kv = g_strsplit (items[i], "=", 2);
    gchar *end = NULL;
    gdouble p;

    fail_unless (kv[0] && kv[1], "bad item \"%s\"", items[i]);
    fail_unless (strlen (kv[0]) > 0);
    /* four decimals */
    fail_unless (
        strlen (kv[1]) == 6 && kv[1][1] == '.', "bad number \"%s\"", kv[1]);
    p = g_ascii_strtod (kv[1], &end);
    fail_unless (end && *end == '\0');
    fail_unless (p >= 0.0 && p <= 1.0 && p <= prev);
    prev = p;
    sum += p;
    if (i == 0)
      first = g_strdup (kv[0]);
    g_strfreev (kv);
  }
  fail_unless (
      fabs (sum - 1.0) <= n * 0.00005 + 1e-12, "distribution sums to %f", sum);
  g_strfreev (items);
  return first;
}

/* audiotestsrc ! genreclassify ! fakesink: fakesink posts the tags it
 * receives on the bus; the last ones, before EOS, are the summary's. */
GST_START_TEST (test_tags_reach_sink)
{
  gchar *desc = g_strdup_printf (
      "audiotestsrc wave=pink-noise "
      "samplesperbuffer=4410 num-buffers=50 ! audio/x-raw, format=S16LE, "
      "rate=44100, channels=2 ! genreclassify window=2 min-window=1 "
      "model=\"%s\" ! fakesink sync=false",
      GC_TEST_MODEL);
  GstElement *pipeline = gst_parse_launch (desc, NULL);
  GstBus *bus;
  GstMessage *msg;
  guint n_tags = 0, n_results = 0;
  gchar *last_genre = NULL, *summary_genre = NULL;
  gboolean summary_seen = FALSE;

  fail_unless (pipeline != NULL);
  bus = gst_element_get_bus (pipeline);
  fail_unless (gst_element_set_state (pipeline, GST_STATE_PLAYING)
      != GST_STATE_CHANGE_FAILURE);

  for (;;) {
    msg = gst_bus_timed_pop_filtered (bus, 60 * GST_SECOND,
        GST_MESSAGE_EOS | GST_MESSAGE_ERROR | GST_MESSAGE_TAG
            | GST_MESSAGE_ELEMENT);
    fail_unless (msg != NULL, "timeout");
    fail_if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR);
    if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_EOS) {
      gst_message_unref (msg);
      break;
    }
    if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_TAG) {
      GstTagList *tags;
      gchar *genre = NULL, *dist = NULL, *top;

      gst_message_parse_tag (msg, &tags);
      if (gst_tag_list_get_string (tags, GST_TAG_GENRE, &genre)) {
        fail_unless (
            gst_tag_list_get_string (tags, "genre-distribution", &dist));
        top = check_distribution (dist);
        fail_unless_equals_string (top, genre);
        g_free (top);
        g_free (dist);
        g_free (last_genre);
        last_genre = genre;
        n_tags++;
      }
      gst_tag_list_unref (tags);
    } else if (gst_message_has_name (msg, "genreclassify")) {
      const GstStructure *s = gst_message_get_structure (msg);

      gc_test_check_result (s);
      n_results++;
      if (gc_test_get_boolean (s, "final")) {
        summary_seen = TRUE;
        summary_genre = g_strdup (gst_structure_get_string (s, "genre"));
        fail_unless_equals_int (gc_test_get_uint (s, "windows"), 3);
      }
    }
    gst_message_unref (msg);
  }

  /* 5 s: [0,2) [2,4) [4,5) and the summary, each with its tags */
  fail_unless (summary_seen);
  fail_unless_equals_int (n_results, 4);
  fail_unless_equals_int (n_tags, 4);
  fail_unless_equals_string (last_genre, summary_genre);

  g_free (last_genre);
  g_free (summary_genre);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (bus);
  gst_object_unref (pipeline);
  g_free (desc);
}

GST_END_TEST;

/* Pulls every event the harness received; returns the number of tag events
 * with a genre, and the title and genre of the last one. */
static guint
count_genre_tags_full (GstHarness *h, gchar **title, gchar **genre)
{
  GstEvent *ev;
  guint n = 0;

  while ((ev = gst_harness_try_pull_event (h))) {
    if (GST_EVENT_TYPE (ev) == GST_EVENT_TAG) {
      GstTagList *tags;
      gchar *g = NULL;

      gst_event_parse_tag (ev, &tags);
      if (gst_tag_list_get_string (tags, GST_TAG_GENRE, &g)) {
        n++;
        if (title) {
          g_free (*title);
          *title = NULL;
          gst_tag_list_get_string (tags, GST_TAG_TITLE, title);
        }
        if (genre) {
          g_free (*genre);
          *genre = g_strdup (g);
        }
      }
      g_free (g);
    }
    gst_event_unref (ev);
  }
  return n;
}

static guint
count_genre_tags (GstHarness *h)
{
  return count_genre_tags_full (h, NULL, NULL);
}

#define CAPS                                                                   \
  "audio/x-raw, format=F32LE, rate=22050, channels=1, "                        \
  "layout=interleaved"

GST_START_TEST (test_switches)
{
  GstHarness *h;
  GstElement *e;
  GPtrArray *results;

  /* emit-tags=false: messages, no tags */
  h = gc_test_harness ("window=1 emit-tags=false", CAPS);
  gst_harness_set_drop_buffers (h, TRUE);
  gc_test_push_signal (h, GST_AUDIO_FORMAT_F32LE, 22050, 1, 0, 0, 2.0, 2205,
      GC_SIGNAL_MUSIC, NULL);
  fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));
  results = gc_test_collect_results (gc_test_harness_bus (h));
  fail_unless_equals_int (results->len, 3);
  g_ptr_array_unref (results);
  fail_unless_equals_int (count_genre_tags (h), 0);
  gc_test_teardown (h);

  /* post-messages=false: tags, no messages */
  h = gc_test_harness ("window=1 post-messages=false", CAPS);
  gst_harness_set_drop_buffers (h, TRUE);
  gc_test_push_signal (h, GST_AUDIO_FORMAT_F32LE, 22050, 1, 0, 0, 2.0, 2205,
      GC_SIGNAL_MUSIC, NULL);
  fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));
  results = gc_test_collect_results (gc_test_harness_bus (h));
  fail_unless_equals_int (results->len, 0);
  g_ptr_array_unref (results);
  fail_unless_equals_int (count_genre_tags (h), 3);
  gc_test_teardown (h);

  /* both switch immediately while playing */
  h = gc_test_harness ("window=1", CAPS);
  gst_harness_set_drop_buffers (h, TRUE);
  gc_test_push_signal (h, GST_AUDIO_FORMAT_F32LE, 22050, 1, 0, 0, 2.0, 2205,
      GC_SIGNAL_MUSIC, NULL);
  results = gc_test_collect_results (gc_test_harness_bus (h));
  fail_unless_equals_int (results->len, 2);
  g_ptr_array_unref (results);
  fail_unless_equals_int (count_genre_tags (h), 2);
  e = gst_harness_find_element (h, "genreclassify");
  g_object_set (e, "post-messages", FALSE, "emit-tags", FALSE, NULL);
  gst_object_unref (e);
  gc_test_push_signal (h, GST_AUDIO_FORMAT_F32LE, 22050, 1, 2 * GST_SECOND,
      2 * 22050, 2.0, 2205, GC_SIGNAL_MUSIC, NULL);
  fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));
  results = gc_test_collect_results (gc_test_harness_bus (h));
  fail_unless_equals_int (results->len, 0);
  g_ptr_array_unref (results);
  fail_unless_equals_int (count_genre_tags (h), 0);
  gc_test_teardown (h);
}

GST_END_TEST;

/* Upstream stream tags are kept in the element's tag events. */
GST_START_TEST (test_upstream_tags_kept)
{
  GstHarness *h = gc_test_harness ("window=1", CAPS);
  GstTagList *tags = gst_tag_list_new (
      GST_TAG_TITLE, "A Song", GST_TAG_GENRE, "Upstream", NULL);
  gchar *title = NULL, *genre = NULL;
  GPtrArray *results;

  fail_unless (gst_harness_push_event (h, gst_event_new_tag (tags)));
  gst_harness_set_drop_buffers (h, TRUE);
  gc_test_push_signal (h, GST_AUDIO_FORMAT_F32LE, 22050, 1, 0, 0, 1.0, 2205,
      GC_SIGNAL_MUSIC, NULL);
  fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));
  results = gc_test_collect_results (gc_test_harness_bus (h));
  fail_unless_equals_int (results->len, 2);
  /* the upstream event, then ours (window, summary) */
  fail_unless_equals_int (count_genre_tags_full (h, &title, &genre), 3);
  /* the last one is the summary's: the upstream title, our genre */
  fail_unless_equals_string (title, "A Song");
  fail_unless_equals_string (
      genre, gst_structure_get_string (results->pdata[1], "genre"));
  g_free (genre);
  g_free (title);
  g_ptr_array_unref (results);
  gc_test_teardown (h);
}

GST_END_TEST;

static Suite *
tags_suite (void)
{
  Suite *s = suite_create ("genreclassify-tags");
  TCase *tc = tcase_create ("general");

  tcase_set_timeout (tc, 300);
  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_tags_reach_sink);
  tcase_add_test (tc, test_switches);
  tcase_add_test (tc, test_upstream_tags_kept);
  return s;
}

int
main (int argc, char **argv)
{
  gc_test_init (&argc, &argv);
  return gc_test_run (tags_suite (), "genreclassify-tags");
}
