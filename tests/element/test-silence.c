/* genreclassify — element tests: silence and invalid samples
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <math.h>
#include <string.h>

#include "gc-check-util.h"

GST_START_TEST (test_silence)
{
  GstHarness *h = gc_test_harness ("window=1 min-window=0.5",
      "audio/x-raw, format=F32LE, rate=48000, channels=2, "
      "layout=interleaved");
  GPtrArray *results;
  const GstStructure *sum;
  guint i;

  gst_harness_set_drop_buffers (h, TRUE);
  gc_test_push_signal (h, GST_AUDIO_FORMAT_F32LE, 48000, 2, 0, 0, 2.5, 4800,
      GC_SIGNAL_SILENCE, NULL);
  fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));
  results = gc_test_collect_results (gc_test_harness_bus (h));

  /* [0,1) [1,2) [2,2.5) and the summary */
  fail_unless_equals_int (results->len, 4);
  for (i = 0; i < 3; i++) {
    const GstStructure *s = results->pdata[i];

    gc_test_check_result (s); /* every double finite */
    fail_unless (gc_test_get_boolean (s, "silent"));
    fail_if (gc_test_get_boolean (s, "final"));
    fail_unless_equals_string (gst_structure_get_string (s, "genre"), "");
    fail_unless_equals_int (gc_test_n_probs (s), 0);
    fail_unless (gc_test_get_double (s, "confidence") == 0.0);
    fail_unless_equals_uint64 (
        gc_test_get_uint64 (s, "timestamp"), i * GST_SECOND);
  }
  sum = results->pdata[3];
  gc_test_check_result (sum);
  fail_unless (gc_test_get_boolean (sum, "final"));
  fail_unless (gc_test_get_boolean (sum, "silent"));
  fail_unless_equals_int (gc_test_get_uint (sum, "windows"), 0);
  fail_unless_equals_int (gc_test_get_uint (sum, "silent-windows"), 3);
  fail_unless_equals_string (gst_structure_get_string (sum, "genre"), "");
  fail_unless_equals_int (gc_test_n_probs (sum), 0);
  fail_unless_equals_uint64 (
      gc_test_get_uint64 (sum, "duration"), GST_SECOND * 5 / 2);
  /* nothing to tag */
  fail_unless_equals_int (gc_test_count_tag_events (h), 0);

  g_ptr_array_unref (results);
  gc_test_teardown (h);
}

GST_END_TEST;

/* A stream too short for any window: the summary says windows=0 and is not
 * silent (nothing was heard at all). */
GST_START_TEST (test_no_window)
{
  GstHarness *h = gc_test_harness ("window=1 min-window=0.5",
      "audio/x-raw, format=S16LE, rate=44100, channels=1, "
      "layout=interleaved");
  GPtrArray *results;
  const GstStructure *sum;

  gst_harness_set_drop_buffers (h, TRUE);
  gc_test_push_signal (h, GST_AUDIO_FORMAT_S16LE, 44100, 1, 0, 0, 0.2, 4410,
      GC_SIGNAL_MUSIC, NULL);
  fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));
  results = gc_test_collect_results (gc_test_harness_bus (h));
  fail_unless_equals_int (results->len, 1);
  sum = results->pdata[0];
  gc_test_check_result (sum);
  fail_unless (gc_test_get_boolean (sum, "final"));
  fail_if (gc_test_get_boolean (sum, "silent"));
  fail_unless_equals_int (gc_test_get_uint (sum, "windows"), 0);
  fail_unless_equals_int (gc_test_get_uint (sum, "silent-windows"), 0);
  fail_unless_equals_uint64 (gc_test_get_uint64 (sum, "duration"), 0);
  fail_unless_equals_int (gc_test_count_tag_events (h), 0);
  g_ptr_array_unref (results);
  gc_test_teardown (h);
}

GST_END_TEST;

/* Non-finite input samples are counted and replaced by zeros; nothing
 * non-finite reaches a message. */
GST_START_TEST (test_nan_input)
{
  GstHarness *h = gc_test_harness ("window=1 min-window=1",
      "audio/x-raw, format=F32LE, rate=22050, channels=1, "
      "layout=interleaved");
  GPtrArray *results;
  GstBuffer *buf;
  GstMapInfo map;
  gfloat *f;
  guint i;

  gst_harness_set_drop_buffers (h, TRUE);
  /* 22050 Hz mono: no resampling, so the count is exact */
  buf = gc_test_make_buffer (
      GST_AUDIO_FORMAT_F32LE, 22050, 1, 0, 22050, GC_SIGNAL_MUSIC, NULL);
  gst_buffer_map (buf, &map, GST_MAP_WRITE);
  f = (gfloat *)map.data;
  f[100] = NAN;
  f[5000] = INFINITY;
  f[22049] = -INFINITY;
  gst_buffer_unmap (buf, &map);
  GST_BUFFER_PTS (buf) = 0;
  fail_unless_equals_int (gst_harness_push (h, buf), GST_FLOW_OK);

  /* a second window made only of NaN: silent once zeroed */
  buf = gc_test_make_buffer (
      GST_AUDIO_FORMAT_F32LE, 22050, 1, 0, 22050, GC_SIGNAL_SILENCE, NULL);
  gst_buffer_map (buf, &map, GST_MAP_WRITE);
  f = (gfloat *)map.data;
  for (i = 0; i < 22050; i++)
    f[i] = NAN;
  gst_buffer_unmap (buf, &map);
  GST_BUFFER_PTS (buf) = GST_SECOND;
  fail_unless_equals_int (gst_harness_push (h, buf), GST_FLOW_OK);
  fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));

  results = gc_test_collect_results (gc_test_harness_bus (h));
  fail_unless_equals_int (results->len, 3);
  for (i = 0; i < 3; i++)
    gc_test_check_result (results->pdata[i]);
  fail_unless_equals_uint64 (
      gc_test_get_uint64 (results->pdata[0], "invalid-samples"), 3);
  fail_if (gc_test_get_boolean (results->pdata[0], "silent"));
  fail_unless (gc_test_n_probs (results->pdata[0]) >= 2);
  fail_unless_equals_uint64 (
      gc_test_get_uint64 (results->pdata[1], "invalid-samples"), 22050);
  fail_unless (gc_test_get_boolean (results->pdata[1], "silent"));
  fail_unless_equals_uint64 (
      gc_test_get_uint64 (results->pdata[2], "invalid-samples"), 22053);
  fail_unless_equals_int (gc_test_get_uint (results->pdata[2], "windows"), 1);
  g_ptr_array_unref (results);
  gc_test_teardown (h);
}

GST_END_TEST;

static Suite *
silence_suite (void)
{
  Suite *s = suite_create ("genreclassify-silence");
  TCase *tc = tcase_create ("general");

  tcase_set_timeout (tc, 300);
  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_silence);
  tcase_add_test (tc, test_no_window);
  tcase_add_test (tc, test_nan_input);
  return s;
}

int
main (int argc, char **argv)
{
  gc_test_init (&argc, &argv);
  return gc_test_run (silence_suite (), "genreclassify-silence");
}
