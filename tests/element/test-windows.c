/* genreclassify — element tests: window scheduling, timestamps, summary,
 * flush, discontinuities, caps changes
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <math.h>
#include <string.h>

#include "gc-check-util.h"

#define S GST_SECOND

static void
check_window (
    const GstStructure *s, guint index, GstClockTime ts, GstClockTime duration)
{
  gc_test_check_result (s);
  fail_if (gc_test_get_boolean (s, "final"));
  fail_unless_equals_int (gc_test_get_uint (s, "window-index"), index);
  fail_unless_equals_uint64 (gc_test_get_uint64 (s, "timestamp"), ts);
  fail_unless_equals_uint64 (gc_test_get_uint64 (s, "duration"), duration);
}

/* Probability of @genre in @s, -1 if absent. */
static gdouble
prob_of (const GstStructure *s, const gchar *genre)
{
  guint i, n = gc_test_n_probs (s);

  for (i = 0; i < n; i++)
    if (strcmp (gc_test_genre (s, i), genre) == 0)
      return gc_test_prob (s, i);
  return -1.0;
}

/* The summary is the duration-weighted mean of the window distributions. */
static void
check_summary (const GstStructure *summary, GPtrArray *windows)
{
  guint n = gc_test_n_probs (summary), i, w;

  gc_test_check_result (summary);
  fail_unless (gc_test_get_boolean (summary, "final"));
  fail_unless_equals_int (gc_test_get_uint (summary, "windows"), windows->len);
  for (i = 0; i < n; i++) {
    const gchar *genre = gc_test_genre (summary, i);
    gdouble num = 0.0, den = 0.0;

    for (w = 0; w < windows->len; w++) {
      const GstStructure *s = windows->pdata[w];
      gdouble d = (gdouble)gc_test_get_uint64 (s, "duration");

      fail_unless (prob_of (s, genre) >= 0.0);
      num += d * prob_of (s, genre);
      den += d;
    }
    fail_unless (fabs (gc_test_prob (summary, i) - num / den) < 1e-9,
        "summary %s: %g, expected %g", genre, gc_test_prob (summary, i),
        num / den);
  }
}

static guint
count_tag_events (GstHarness *h, gchar **last_genre)
{
  GstEvent *ev;
  guint n = 0;

  while ((ev = gst_harness_try_pull_event (h))) {
    if (GST_EVENT_TYPE (ev) == GST_EVENT_TAG) {
      GstTagList *tags;
      gchar *genre = NULL, *dist = NULL;

      gst_event_parse_tag (ev, &tags);
      fail_unless_equals_int (
          gst_tag_list_get_scope (tags), GST_TAG_SCOPE_STREAM);
      fail_unless (gst_tag_list_get_string (tags, GST_TAG_GENRE, &genre));
      fail_unless (gst_tag_list_get_string (tags, "genre-distribution", &dist));
      fail_unless (g_str_has_prefix (dist, genre));
      if (last_genre) {
        g_free (*last_genre);
        *last_genre = genre;
      } else {
        g_free (genre);
      }
      g_free (dist);
      n++;
    }
    gst_event_unref (ev);
  }
  return n;
}

GST_START_TEST (test_default_windows_65s)
{
  GstHarness *h = gc_test_harness (NULL,
      "audio/x-raw, format=S16LE, rate=44100, channels=2, "
      "layout=interleaved");
  GPtrArray *results, *windows;
  gchar *last_genre = NULL;
  guint i;

  gst_harness_set_drop_buffers (h, TRUE);
  gc_test_push_signal (h, GST_AUDIO_FORMAT_S16LE, 44100, 2, 0, 0, 65.0, 4410,
      GC_SIGNAL_MUSIC, NULL);
  /* the second window ends 30 s after the first; the resampler delays its
   * end by a few samples only, so it is reported before EOS */
  results = gc_test_collect_results (gc_test_harness_bus (h));
  fail_unless_equals_int (results->len, 2);
  fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));
  windows = gc_test_collect_results (gc_test_harness_bus (h));
  fail_unless_equals_int (windows->len, 2);
  for (i = 0; i < windows->len; i++)
    g_ptr_array_add (results, gst_structure_copy (windows->pdata[i]));
  g_ptr_array_unref (windows);
  fail_unless_equals_int (results->len, 4);

  check_window (results->pdata[0], 0, 0, 30 * S);
  check_window (results->pdata[1], 1, 30 * S, 30 * S);
  check_window (results->pdata[2], 2, 60 * S, 5 * S);
  for (i = 0; i < 3; i++) {
    const GstStructure *s = results->pdata[i];

    fail_if (gc_test_get_boolean (s, "silent"));
    fail_unless (gc_test_n_probs (s) >= 2);
    fail_unless_equals_uint64 (gc_test_get_uint64 (s, "stream-time"),
        gc_test_get_uint64 (s, "timestamp"));
    fail_unless_equals_uint64 (gc_test_get_uint64 (s, "running-time"),
        gc_test_get_uint64 (s, "timestamp"));
    fail_unless_equals_uint64 (gc_test_get_uint64 (s, "invalid-samples"), 0);
  }

  windows = g_ptr_array_new ();
  for (i = 0; i < 3; i++)
    g_ptr_array_add (windows, results->pdata[i]);
  check_summary (results->pdata[3], windows);
  g_ptr_array_unref (windows);
  fail_unless_equals_uint64 (
      gc_test_get_uint64 (results->pdata[3], "timestamp"), 0);
  fail_unless_equals_uint64 (
      gc_test_get_uint64 (results->pdata[3], "duration"), 65 * S);

  /* a tag event per window and one for the summary, all before EOS */
  fail_unless_equals_int (count_tag_events (h, &last_genre), 4);
  fail_unless_equals_string (
      last_genre, gst_structure_get_string (results->pdata[3], "genre"));
  g_free (last_genre);

  g_ptr_array_unref (results);
  gc_test_teardown (h);
}

GST_END_TEST;

GST_START_TEST (test_hop_overlap)
{
  GstHarness *h = gc_test_harness ("window=10 hop=5 min-window=5",
      "audio/x-raw, format=S16LE, rate=22050, channels=1, "
      "layout=interleaved");
  GPtrArray *results, *windows;
  guint i;

  gst_harness_set_drop_buffers (h, TRUE);
  gc_test_push_signal (h, GST_AUDIO_FORMAT_S16LE, 22050, 1, 0, 0, 30.0, 2205,
      GC_SIGNAL_MUSIC, NULL);
  fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));
  results = gc_test_collect_results (gc_test_harness_bus (h));

  /* full windows start at 0, 5, 10, 15, 20; at EOS the one that started at
   * 25 s holds 5 s >= min-window and is reported */
  fail_unless_equals_int (results->len, 7);
  for (i = 0; i < 5; i++)
    check_window (results->pdata[i], i, i * 5 * S, 10 * S);
  check_window (results->pdata[5], 5, 25 * S, 5 * S);

  windows = g_ptr_array_new ();
  for (i = 0; i < 6; i++)
    g_ptr_array_add (windows, results->pdata[i]);
  check_summary (results->pdata[6], windows);
  g_ptr_array_unref (windows);
  fail_unless_equals_uint64 (
      gc_test_get_uint64 (results->pdata[6], "duration"), 30 * S);

  g_ptr_array_unref (results);
  gc_test_teardown (h);
}

GST_END_TEST;

/* A window shorter than min-window at EOS is dropped. */
GST_START_TEST (test_min_window)
{
  GstHarness *h = gc_test_harness ("window=2 min-window=1.5",
      "audio/x-raw, format=F32LE, rate=48000, channels=2, "
      "layout=interleaved");
  GPtrArray *results;

  gst_harness_set_drop_buffers (h, TRUE);
  gc_test_push_signal (h, GST_AUDIO_FORMAT_F32LE, 48000, 2, 0, 0, 3.4, 4800,
      GC_SIGNAL_MUSIC, NULL);
  fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));
  results = gc_test_collect_results (gc_test_harness_bus (h));
  /* [0, 2) full, [2, 3.4) has 1.4 s < 1.5 s */
  fail_unless_equals_int (results->len, 2);
  check_window (results->pdata[0], 0, 0, 2 * S);
  fail_unless (gc_test_get_boolean (results->pdata[1], "final"));
  fail_unless_equals_int (gc_test_get_uint (results->pdata[1], "windows"), 1);
  g_ptr_array_unref (results);
  gc_test_teardown (h);
}

GST_END_TEST;

/* Timestamps come from the first buffer's PTS; stream and running time from
 * the segment. */
GST_START_TEST (test_timestamps_segment)
{
  GstHarness *h = gc_test_harness ("window=2 min-window=1",
      "audio/x-raw, format=F32LE, rate=48000, channels=1, "
      "layout=interleaved");
  GstSegment segment;
  GPtrArray *results;
  guint i;

  gst_segment_init (&segment, GST_FORMAT_TIME);
  segment.start = 10 * S;
  segment.time = 100 * S;
  segment.position = 10 * S;
  fail_unless (gst_harness_push_event (h, gst_event_new_segment (&segment)));

  gst_harness_set_drop_buffers (h, TRUE);
  gc_test_push_signal (h, GST_AUDIO_FORMAT_F32LE, 48000, 1, 11 * S, 0, 5.0,
      4800, GC_SIGNAL_MUSIC, NULL);
  fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));
  results = gc_test_collect_results (gc_test_harness_bus (h));

  fail_unless_equals_int (results->len, 4);
  check_window (results->pdata[0], 0, 11 * S, 2 * S);
  check_window (results->pdata[1], 1, 13 * S, 2 * S);
  check_window (results->pdata[2], 2, 15 * S, 1 * S);
  for (i = 0; i < 4; i++) {
    const GstStructure *s = results->pdata[i];
    guint64 ts = gc_test_get_uint64 (s, "timestamp");

    fail_unless_equals_uint64 (
        gc_test_get_uint64 (s, "stream-time"), ts - 10 * S + 100 * S);
    fail_unless_equals_uint64 (
        gc_test_get_uint64 (s, "running-time"), ts - 10 * S);
  }
  fail_unless_equals_uint64 (
      gc_test_get_uint64 (results->pdata[3], "timestamp"), 11 * S);
  fail_unless_equals_uint64 (
      gc_test_get_uint64 (results->pdata[3], "duration"), 5 * S);
  g_ptr_array_unref (results);
  gc_test_teardown (h);
}

GST_END_TEST;

/* FLUSH_START/STOP in the middle: open windows are dropped, window indices,
 * timestamps and the summary start again from the next buffer. */
GST_START_TEST (test_flush_restarts)
{
  GstHarness *h = gc_test_harness ("window=2 min-window=1",
      "audio/x-raw, format=S16LE, rate=44100, channels=2, "
      "layout=interleaved");
  GstSegment segment;
  GPtrArray *results, *windows;

  gst_harness_set_drop_buffers (h, TRUE);
  gc_test_push_signal (h, GST_AUDIO_FORMAT_S16LE, 44100, 2, 0, 0, 5.0, 4410,
      GC_SIGNAL_MUSIC, NULL);
  results = gc_test_collect_results (gc_test_harness_bus (h));
  fail_unless_equals_int (results->len, 2);
  check_window (results->pdata[0], 0, 0, 2 * S);
  check_window (results->pdata[1], 1, 2 * S, 2 * S);
  g_ptr_array_unref (results);

  /* a flushing seek to 50 s */
  fail_unless (gst_harness_push_event (h, gst_event_new_flush_start ()));
  fail_unless (gst_harness_push_event (h, gst_event_new_flush_stop (TRUE)));
  gst_segment_init (&segment, GST_FORMAT_TIME);
  segment.start = 50 * S;
  segment.time = 50 * S;
  segment.position = 50 * S;
  fail_unless (gst_harness_push_event (h, gst_event_new_segment (&segment)));
  gc_test_push_signal (h, GST_AUDIO_FORMAT_S16LE, 44100, 2, 50 * S, 50 * 44100,
      3.0, 4410, GC_SIGNAL_MUSIC, NULL);
  fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));

  results = gc_test_collect_results (gc_test_harness_bus (h));
  /* the 1 s left open before the flush is not reported */
  fail_unless_equals_int (results->len, 3);
  check_window (results->pdata[0], 0, 50 * S, 2 * S);
  check_window (results->pdata[1], 1, 52 * S, 1 * S);
  fail_unless_equals_uint64 (
      gc_test_get_uint64 (results->pdata[0], "running-time"), 0);
  windows = g_ptr_array_new ();
  g_ptr_array_add (windows, results->pdata[0]);
  g_ptr_array_add (windows, results->pdata[1]);
  check_summary (results->pdata[2], windows);
  g_ptr_array_unref (windows);
  fail_unless_equals_uint64 (
      gc_test_get_uint64 (results->pdata[2], "timestamp"), 50 * S);
  g_ptr_array_unref (results);
  gc_test_teardown (h);
}

GST_END_TEST;

/* A DISCONT buffer drops the open windows and rebases timestamps; indices
 * and the summary go on. */
GST_START_TEST (test_discont)
{
  GstHarness *h = gc_test_harness ("window=2 min-window=1",
      "audio/x-raw, format=F32LE, rate=22050, channels=1, "
      "layout=interleaved");
  GstBuffer *buf;
  GPtrArray *results, *windows;

  gst_harness_set_drop_buffers (h, TRUE);
  gc_test_push_signal (h, GST_AUDIO_FORMAT_F32LE, 22050, 1, 0, 0, 3.0, 2205,
      GC_SIGNAL_MUSIC, NULL);
  buf = gc_test_make_buffer (
      GST_AUDIO_FORMAT_F32LE, 22050, 1, 0, 2205, GC_SIGNAL_MUSIC, NULL);
  GST_BUFFER_PTS (buf) = 10 * S;
  GST_BUFFER_FLAG_SET (buf, GST_BUFFER_FLAG_DISCONT);
  fail_unless_equals_int (gst_harness_push (h, buf), GST_FLOW_OK);
  gc_test_push_signal (h, GST_AUDIO_FORMAT_F32LE, 22050, 1, 10 * S + S / 10,
      2205, 2.4, 2205, GC_SIGNAL_MUSIC, NULL);
  fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));

  results = gc_test_collect_results (gc_test_harness_bus (h));
  /* [0, 2); [2, 3) dropped at the discontinuity; [10, 12); 0.5 s < 1 s */
  fail_unless_equals_int (results->len, 3);
  check_window (results->pdata[0], 0, 0, 2 * S);
  check_window (results->pdata[1], 1, 10 * S, 2 * S);
  windows = g_ptr_array_new ();
  g_ptr_array_add (windows, results->pdata[0]);
  g_ptr_array_add (windows, results->pdata[1]);
  check_summary (results->pdata[2], windows);
  g_ptr_array_unref (windows);
  g_ptr_array_unref (results);
  gc_test_teardown (h);
}

GST_END_TEST;

/* New caps mid-stream: the old converter is drained, the analysis stream
 * continues, and exactly round(frames * 22050 / rate) samples are analysed
 * for each part. */
GST_START_TEST (test_caps_change)
{
  GstHarness *h = gc_test_harness ("window=2 min-window=0.5",
      "audio/x-raw, format=F32LE, rate=44100, channels=2, "
      "layout=interleaved");
  GPtrArray *results, *windows;
  guint i;

  gst_harness_set_drop_buffers (h, TRUE);
  gc_test_push_signal (h, GST_AUDIO_FORMAT_F32LE, 44100, 2, 0, 0, 3.0, 4410,
      GC_SIGNAL_MUSIC, NULL);
  /* (the harness sends an unchanged segment after the caps) */
  gst_harness_set_src_caps_str (h,
      "audio/x-raw, format=S16LE, rate=8000, "
      "channels=1, layout=interleaved");
  gc_test_push_signal (h, GST_AUDIO_FORMAT_S16LE, 8000, 1, 3 * S, 24000, 3.0,
      800, GC_SIGNAL_MUSIC, NULL);
  fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));

  results = gc_test_collect_results (gc_test_harness_bus (h));
  /* 6 s exactly: three full windows, no partial one */
  fail_unless_equals_int (results->len, 4);
  windows = g_ptr_array_new ();
  for (i = 0; i < 3; i++) {
    check_window (results->pdata[i], i, i * 2 * S, 2 * S);
    g_ptr_array_add (windows, results->pdata[i]);
  }
  check_summary (results->pdata[3], windows);
  g_ptr_array_unref (windows);
  g_ptr_array_unref (results);
  gc_test_teardown (h);
}

GST_END_TEST;

static Suite *
windows_suite (void)
{
  Suite *s = suite_create ("genreclassify-windows");
  TCase *tc = tcase_create ("general");

  tcase_set_timeout (tc, 300);
  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_default_windows_65s);
  tcase_add_test (tc, test_hop_overlap);
  tcase_add_test (tc, test_min_window);
  tcase_add_test (tc, test_timestamps_segment);
  tcase_add_test (tc, test_flush_restarts);
  tcase_add_test (tc, test_discont);
  tcase_add_test (tc, test_caps_change);
  return s;
}

int
main (int argc, char **argv)
{
  gc_test_init (&argc, &argv);
  return gc_test_run (windows_suite (), "genreclassify-windows");
}
