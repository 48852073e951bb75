/* genreclassify — hardening: how the stream arrives (docs/hardening.md)
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Buffer sizes from 1 frame to the whole stream, timestamp gaps with and
 * without DISCONT, GAP events, many caps changes, flush storms, a seek in a
 * real pipeline, empty and short streams, 8 channels at 192 kHz, 8 kHz
 * mono, buffers without timestamps, odd buffer sizes, settings that would
 * exhaust the memory.
 */
#include <math.h>
#include <string.h>

#include "hd-util.h"

#define S GST_SECOND

static void
check_window (
    const GstStructure *s, guint index, GstClockTime ts, GstClockTime duration)
{
  fail_if (gc_test_get_boolean (s, "final"));
  fail_unless_equals_int (gc_test_get_uint (s, "window-index"), index);
  fail_unless_equals_uint64 (gc_test_get_uint64 (s, "timestamp"), ts);
  fail_unless_equals_uint64 (gc_test_get_uint64 (s, "duration"), duration);
  fail_unless (gc_test_n_probs (s) >= 2, "not classified: %" GST_PTR_FORMAT, s);
}

/* The same audio cut into buffers of 1 frame, odd sizes, 1 second and the
 * whole stream gives exactly the same results. */
GST_START_TEST (test_buffer_sizes)
{
  static const struct {
    GstAudioFormat format;
    gint rate, channels;
  } cases[] = {
    { GST_AUDIO_FORMAT_S16LE, 44100, 2 }, /* downsampled */
    { GST_AUDIO_FORMAT_S16LE, 8000, 1 }, /* upsampled */
    { GST_AUDIO_FORMAT_F32LE, 22050, 1 }, /* not resampled */
  };
  static const gsize sizes[] = { 1, 7, 1023, G_MAXSIZE /* 1 s */,
    G_MAXSIZE - 1 /* all */ };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++) {
    HdRun run = { "window=2 min-window=0.5", cases[c].format, cases[c].rate,
      cases[c].channels, FALSE, 4.6, 0, GC_SIGNAL_MUSIC };
    GPtrArray *ref = NULL;

    for (guint k = 0; k < G_N_ELEMENTS (sizes); k++) {
      GPtrArray *r;

      run.frames_per_buffer = sizes[k] == G_MAXSIZE ? (gsize)cases[c].rate
          : sizes[k] == G_MAXSIZE - 1               ? (gsize)(cases[c].rate * 5)
                                                    : sizes[k];
      r = hd_run (&run);
      /* windows at 0, 2 and the partial one at 4 s, the summary */
      fail_unless_equals_int (r->len, 4);
      check_window (r->pdata[0], 0, 0, 2 * S);
      check_window (r->pdata[1], 1, 2 * S, 2 * S);
      check_window (r->pdata[2], 2, 4 * S, 6 * S / 10);
      if (ref == NULL) {
        ref = r;
      } else {
        hd_assert_same_results (ref, r, 0.0);
        g_ptr_array_unref (r);
      }
    }
    g_ptr_array_unref (ref);
  }
}

GST_END_TEST;

/* Pushes @seconds of music at 22050 Hz mono F32 with PTS @pts onwards,
 * from signal frame @first_frame, in 0.1 s buffers; the first one DISCONT
 * if @discont. */
static void
push_run (GstHarness *h, GstClockTime pts, guint64 first_frame, gdouble seconds,
    gboolean discont)
{
  guint64 total = (guint64)llround (seconds * 22050), done = 0;

  while (done < total) {
    gsize n = MIN (2205, total - done);
    GstBuffer *buf = gc_test_make_buffer (GST_AUDIO_FORMAT_F32LE, 22050, 1,
        first_frame + done, n, GC_SIGNAL_MUSIC, NULL);

    GST_BUFFER_PTS (buf) =
        pts + gst_util_uint64_scale_round (done, GST_SECOND, 22050);
    GST_BUFFER_DURATION (buf) =
        gst_util_uint64_scale_round (n, GST_SECOND, 22050);
    if (done == 0 && discont)
      GST_BUFFER_FLAG_SET (buf, GST_BUFFER_FLAG_DISCONT);
    fail_unless_equals_int (gst_harness_push (h, buf), GST_FLOW_OK);
    done += n;
  }
}

static GstHarness *
mono_harness (const gchar *props)
{
  GstHarness *h = gc_test_harness (props,
      "audio/x-raw, format=F32LE, rate=22050, channels=1, "
      "layout=interleaved");

  gst_harness_set_drop_buffers (h, TRUE);
  return h;
}

static GPtrArray *
finish (GstHarness *h)
{
  GPtrArray *r;

  fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));
  r = gc_test_collect_results (gc_test_harness_bus (h));
  for (guint i = 0; i < r->len; i++)
    gc_test_check_result (r->pdata[i]);
  gc_test_teardown (h);
  return r;
}

/* Timestamps that jump by more than 40 ms without the DISCONT flag are a
 * discontinuity all the same: the open window is dropped and the next one
 * is timed from the buffer after the jump.  Jitter up to 40 ms is not. */
GST_START_TEST (test_timestamp_gap)
{
  GstHarness *h = mono_harness ("window=1 min-window=1");
  GPtrArray *r;

  push_run (h, 0, 0, 1.5, FALSE);
  push_run (h, 10 * S, 33075, 2.0, FALSE); /* a gap of 8.5 s */
  push_run (h, 12 * S + 30 * GST_MSECOND, 77175, 1.0, FALSE); /* jitter */
  push_run (h, 5 * S, 99225, 1.2, FALSE); /* backwards */
  r = finish (h);

  /* [0,1); [1,1.5) dropped; [10,11) [11,12) [12,13) — the 30 ms of jitter
   * is absorbed; then [5,6) and 0.2 s dropped at EOS */
  fail_unless_equals_int (r->len, 6);
  check_window (r->pdata[0], 0, 0, S);
  check_window (r->pdata[1], 1, 10 * S, S);
  check_window (r->pdata[2], 2, 11 * S, S);
  check_window (r->pdata[3], 3, 12 * S, S);
  check_window (r->pdata[4], 4, 5 * S, S);
  fail_unless_equals_int (gc_test_get_uint (r->pdata[5], "windows"), 5);
  g_ptr_array_unref (r);
}

GST_END_TEST;

/* A GAP event drops the open window like a DISCONT buffer. */
GST_START_TEST (test_gap_event)
{
  GstHarness *h = mono_harness ("window=1 min-window=1");
  GPtrArray *r;

  push_run (h, 0, 0, 1.5, FALSE);
  fail_unless (gst_harness_push_event (
      h, gst_event_new_gap (1500 * GST_MSECOND, 3500 * GST_MSECOND)));
  push_run (h, 5 * S, 0, 1.0, FALSE);
  r = finish (h);
  fail_unless_equals_int (r->len, 3);
  check_window (r->pdata[0], 0, 0, S);
  check_window (r->pdata[1], 1, 5 * S, S);
  g_ptr_array_unref (r);
}

GST_END_TEST;

/* Every buffer DISCONT: no window ever completes, and the summary says so. */
GST_START_TEST (test_discont_storm)
{
  GstHarness *h = mono_harness ("window=1 min-window=0.5");
  GPtrArray *r;

  for (guint i = 0; i < 30; i++)
    push_run (h, i * S / 10, i * 2205, 0.1, TRUE);
  r = finish (h);
  fail_unless_equals_int (r->len, 1);
  fail_unless (gc_test_get_boolean (r->pdata[0], "final"));
  fail_unless_equals_int (gc_test_get_uint (r->pdata[0], "windows"), 0);
  fail_if (gc_test_get_boolean (r->pdata[0], "silent"));
  g_ptr_array_unref (r);
}

GST_END_TEST;

/* The caps change every 0.7 s among formats, rates and channel counts:
 * windows run across the changes, exactly round(frames × 22050 / rate)
 * analysis samples are taken from each part (here 15435 each), so the
 * windows fall exactly every 2 s. */
GST_START_TEST (test_caps_changes)
{
  static const struct {
    GstAudioFormat format;
    gint rate, channels;
    gboolean unpositioned;
  } caps[] = {
    { GST_AUDIO_FORMAT_S16LE, 44100, 2, FALSE },
    { GST_AUDIO_FORMAT_F32LE, 8000, 1, FALSE },
    { GST_AUDIO_FORMAT_S32LE, 192000, 8, FALSE },
    { GST_AUDIO_FORMAT_F64LE, 22050, 3, TRUE },
    { GST_AUDIO_FORMAT_S16LE, 96000, 6, FALSE },
  };
  GstHarness *h = mono_harness ("window=2 min-window=0.5");
  GstClockTime pts = 0;
  GPtrArray *r;

  for (guint i = 0; i < 10; i++) {
    guint k = i % G_N_ELEMENTS (caps);
    gchar *str = gc_test_caps_string (
        caps[k].format, caps[k].rate, caps[k].channels, caps[k].unpositioned);

    gst_harness_set_src_caps_str (h, str);
    g_free (str);
    gc_test_push_signal (h, caps[k].format, caps[k].rate, caps[k].channels, pts,
        (guint64)llround (pts / 1e9 * caps[k].rate), 0.7, caps[k].rate / 20,
        GC_SIGNAL_MUSIC, NULL);
    pts += 700 * GST_MSECOND;
  }
  r = finish (h);
  fail_unless_equals_int (r->len, 5);
  check_window (r->pdata[0], 0, 0, 2 * S);
  check_window (r->pdata[1], 1, 2 * S, 2 * S);
  check_window (r->pdata[2], 2, 4 * S, 2 * S);
  check_window (r->pdata[3], 3, 6 * S, S);
  fail_unless_equals_uint64 (
      gc_test_get_uint64 (r->pdata[4], "duration"), 7 * S);
  g_ptr_array_unref (r);
}

GST_END_TEST;

/* 50 flushes, each after a little audio and some with nothing at all, then
 * a clean run: the results are those of a fresh element. */
GST_START_TEST (test_flush_storm)
{
  GstHarness *h = mono_harness ("window=1 min-window=0.5");
  GPtrArray *r, *ref;
  GstSegment segment;

  gst_segment_init (&segment, GST_FORMAT_TIME);
  for (guint i = 0; i < 50; i++) {
    if (i % 3 != 0)
      push_run (h, 0, 0, 0.1 * (i % 7), FALSE);
    fail_unless (gst_harness_push_event (h, gst_event_new_flush_start ()));
    fail_unless (gst_harness_push_event (h, gst_event_new_flush_stop (TRUE)));
    fail_unless (gst_harness_push_event (h, gst_event_new_segment (&segment)));
  }
  /* whatever the storm produced is not looked at */
  g_ptr_array_unref (gc_test_collect_results (gc_test_harness_bus (h)));
  push_run (h, 0, 0, 2.5, FALSE);
  r = finish (h);

  h = mono_harness ("window=1 min-window=0.5");
  push_run (h, 0, 0, 2.5, FALSE);
  ref = finish (h);
  fail_unless_equals_int (ref->len, 4);
  hd_assert_same_results (ref, r, 0.0);
  g_ptr_array_unref (r);
  g_ptr_array_unref (ref);
}

GST_END_TEST;

/* After EOS, a flush and a new segment start a second stream in the same
 * element: it gets the same results as the first. */
GST_START_TEST (test_second_stream_after_eos)
{
  GstHarness *h = mono_harness ("window=1 min-window=0.5");
  GstSegment segment;
  GPtrArray *a, *b;

  push_run (h, 0, 0, 2.5, FALSE);
  fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));
  a = gc_test_collect_results (gc_test_harness_bus (h));
  fail_unless (gst_harness_push_event (h, gst_event_new_flush_start ()));
  fail_unless (gst_harness_push_event (h, gst_event_new_flush_stop (TRUE)));
  gst_segment_init (&segment, GST_FORMAT_TIME);
  fail_unless (gst_harness_push_event (h, gst_event_new_segment (&segment)));
  push_run (h, 0, 0, 2.5, FALSE);
  b = finish (h);
  fail_unless_equals_int (a->len, 4);
  hd_assert_same_results (a, b, 0.0);
  g_ptr_array_unref (a);
  g_ptr_array_unref (b);
}

GST_END_TEST;

/* A flushing seek in a real pipeline, then a second one after EOS: each
 * plays [start, stop) and reports it with its own windows, indices from 0,
 * running times from 0, and its own summary. */
GST_START_TEST (test_seek_pipeline)
{
  gchar *desc =
      g_strdup_printf ("audiotestsrc wave=saw freq=330 samplesperbuffer=1024 ! "
                       "audio/x-raw,rate=44100,channels=2 ! "
                       "genreclassify model=\"%s\" window=1 min-window=0.5 ! "
                       "fakesink sync=false",
          GC_TEST_MODEL);
  GstElement *pipeline = gst_parse_launch (desc, NULL);
  GPtrArray *r;

  fail_unless (pipeline != NULL);
  fail_unless (gst_element_set_state (pipeline, GST_STATE_PAUSED)
      != GST_STATE_CHANGE_FAILURE);
  fail_unless (gst_element_get_state (pipeline, NULL, NULL, 30 * S)
      == GST_STATE_CHANGE_SUCCESS);

  for (guint pass = 0; pass < 2; pass++) {
    GstClockTime start = pass == 0 ? 5 * S : 20 * S;

    fail_unless (gst_element_seek (pipeline, 1.0, GST_FORMAT_TIME,
        GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_ACCURATE, GST_SEEK_TYPE_SET, start,
        GST_SEEK_TYPE_SET, start + 2500 * GST_MSECOND));
    fail_unless (gst_element_set_state (pipeline, GST_STATE_PLAYING)
        != GST_STATE_CHANGE_FAILURE);
    r = hd_play_until_eos (pipeline);
    /* windows at start, start + 1 s, the 0.5 s partial one, the summary;
     * messages of the preroll before the seek may not come first */
    fail_unless (r->len >= 4, "%u results", r->len);
    {
      guint o = r->len - 4;

      check_window (r->pdata[o], 0, start, S);
      check_window (r->pdata[o + 1], 1, start + S, S);
      check_window (r->pdata[o + 2], 2, start + 2 * S, S / 2);
      fail_unless_equals_uint64 (
          gc_test_get_uint64 (r->pdata[o], "running-time"), 0);
      fail_unless (gc_test_get_boolean (r->pdata[o + 3], "final"));
      fail_unless_equals_int (gc_test_get_uint (r->pdata[o + 3], "windows"), 3);
      fail_unless_equals_uint64 (
          gc_test_get_uint64 (r->pdata[o + 3], "timestamp"), start);
    }
    g_ptr_array_unref (r);
    fail_unless (gst_element_set_state (pipeline, GST_STATE_PAUSED)
        != GST_STATE_CHANGE_FAILURE);
  }
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (pipeline);
  g_free (desc);
}

GST_END_TEST;

/* EOS straight away, with or without caps, and after empty buffers: one
 * summary, windows=0, not silent, no timestamp, duration 0. */
static void
check_empty_summary (GPtrArray *r, GstClockTime ts)
{
  const GstStructure *s;

  fail_unless_equals_int (r->len, 1);
  s = r->pdata[0];
  fail_unless (gc_test_get_boolean (s, "final"));
  fail_unless_equals_int (gc_test_get_uint (s, "windows"), 0);
  fail_unless_equals_int (gc_test_get_uint (s, "silent-windows"), 0);
  fail_if (gc_test_get_boolean (s, "silent"));
  fail_unless_equals_uint64 (gc_test_get_uint64 (s, "timestamp"), ts);
  fail_unless_equals_uint64 (gc_test_get_uint64 (s, "duration"), 0);
  fail_unless_equals_int (gc_test_n_probs (s), 0);
}

GST_START_TEST (test_zero_length)
{
  GstHarness *h;
  GPtrArray *r;
  GstBuffer *buf;

  /* caps and segment, then EOS */
  h = mono_harness (NULL);
  r = finish (h);
  check_empty_summary (r, GST_CLOCK_TIME_NONE);
  g_ptr_array_unref (r);

  /* no caps at all */
  h = gc_test_harness (NULL, NULL);
  gst_harness_play (h);
  fail_unless (gst_harness_push_event (h, gst_event_new_stream_start ("x")));
  r = finish (h);
  check_empty_summary (r, GST_CLOCK_TIME_NONE);
  g_ptr_array_unref (r);

  /* empty buffers, and a buffer shorter than one frame (S16 stereo: 4
   * bytes a frame) */
  h = gc_test_harness (NULL,
      "audio/x-raw, format=S16LE, rate=44100, channels=2, "
      "layout=interleaved");
  gst_harness_set_drop_buffers (h, TRUE);
  for (guint i = 0; i < 3; i++) {
    buf = gst_buffer_new_allocate (NULL, i, NULL);
    gst_buffer_memset (buf, 0, 0x55, i);
    GST_BUFFER_PTS (buf) = 7 * S;
    fail_unless_equals_int (gst_harness_push (h, buf), GST_FLOW_OK);
  }
  r = finish (h);
  check_empty_summary (r, 7 * S);
  g_ptr_array_unref (r);
}

GST_END_TEST;

/* Streams shorter than min-window, and the bounds: a window is reported at
 * EOS when it holds at least min-window and at least one STFT frame
 * (2048 samples, GC_N_FFT); shorter ones are dropped. */
GST_START_TEST (test_short_streams)
{
  static const struct {
    const gchar *props;
    gdouble seconds;
    guint windows;
  } cases[] = {
    { "window=2 min-window=1", 22049.0 / 22050, 0 },
    { "window=2 min-window=1", 1.0, 1 },
    { "window=2 min-window=0", 100.0 / 22050, 0 },
    { "window=2 min-window=0", 2047.0 / 22050, 0 },
    { "window=2 min-window=0", 2048.0 / 22050, 1 },
    { "window=30", 4.9, 0 }, /* the default min-window, 5 s */
    { "window=30", 5.0, 1 },
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++) {
    GstHarness *h = mono_harness (cases[c].props);
    GPtrArray *r;
    const GstStructure *sum;

    push_run (h, 0, 0, cases[c].seconds, FALSE);
    r = finish (h);
    fail_unless_equals_int (r->len, cases[c].windows + 1);
    sum = r->pdata[r->len - 1];
    fail_unless_equals_int (
        gc_test_get_uint (sum, "windows"), cases[c].windows);
    if (cases[c].windows == 1)
      check_window (r->pdata[0], 0, 0,
          gst_util_uint64_scale_round (
              llround (cases[c].seconds * 22050), S, 22050));
    g_ptr_array_unref (r);
  }
}

GST_END_TEST;

/* 8 channels at 192 kHz, positioned and unpositioned, give the same
 * results, and (the down-mix is the mean) the results of one channel
 * carrying the same signal. */
GST_START_TEST (test_8ch_192k)
{
  HdRun run = { "window=2 min-window=0.5", GST_AUDIO_FORMAT_F32LE, 192000, 8,
    FALSE, 4.5, 19200, GC_SIGNAL_MUSIC };
  GPtrArray *pos, *unpos, *mono;

  pos = hd_run (&run);
  run.unpositioned = TRUE;
  unpos = hd_run (&run);
  run.channels = 1;
  run.unpositioned = FALSE;
  mono = hd_run (&run);

  fail_unless_equals_int (pos->len, 4);
  check_window (pos->pdata[0], 0, 0, 2 * S);
  check_window (pos->pdata[1], 1, 2 * S, 2 * S);
  check_window (pos->pdata[2], 2, 4 * S, S / 2);
  hd_assert_same_results (pos, unpos, 0.0);
  hd_assert_same_results (pos, mono, 1e-6);
  g_ptr_array_unref (pos);
  g_ptr_array_unref (unpos);
  g_ptr_array_unref (mono);
}

GST_END_TEST;

/* 8 kHz mono (upsampled 2.75625 times): exact window times and lengths. */
GST_START_TEST (test_8k_mono)
{
  HdRun run = { "window=2 min-window=0.5", GST_AUDIO_FORMAT_S16LE, 8000, 1,
    FALSE, 4.5, 160, GC_SIGNAL_MUSIC };
  GPtrArray *r = hd_run (&run);

  fail_unless_equals_int (r->len, 4);
  check_window (r->pdata[0], 0, 0, 2 * S);
  check_window (r->pdata[1], 1, 2 * S, 2 * S);
  check_window (r->pdata[2], 2, 4 * S, S / 2);
  fail_unless_equals_uint64 (
      gc_test_get_uint64 (r->pdata[3], "duration"), 9 * S / 2);
  g_ptr_array_unref (r);
}

GST_END_TEST;

/* Buffers without timestamps are analysed; the results have no
 * timestamps (GST_CLOCK_TIME_NONE), never invented ones. */
GST_START_TEST (test_no_timestamps)
{
  GstHarness *h = mono_harness ("window=1 min-window=1");
  GPtrArray *r;

  for (guint i = 0; i < 25; i++) {
    GstBuffer *buf = gc_test_make_buffer (GST_AUDIO_FORMAT_F32LE, 22050, 1,
        i * 2205, 2205, GC_SIGNAL_MUSIC, NULL);

    fail_unless_equals_int (gst_harness_push (h, buf), GST_FLOW_OK);
  }
  r = finish (h);
  fail_unless_equals_int (r->len, 3);
  for (guint i = 0; i < 3; i++) {
    const GstStructure *s = r->pdata[i];

    fail_unless_equals_uint64 (
        gc_test_get_uint64 (s, "timestamp"), GST_CLOCK_TIME_NONE);
    fail_unless_equals_uint64 (
        gc_test_get_uint64 (s, "stream-time"), GST_CLOCK_TIME_NONE);
    fail_unless_equals_uint64 (
        gc_test_get_uint64 (s, "running-time"), GST_CLOCK_TIME_NONE);
  }
  fail_unless (gc_test_n_probs (r->pdata[0]) >= 2);
  fail_unless_equals_int (gc_test_get_uint (r->pdata[2], "windows"), 2);
  g_ptr_array_unref (r);
}

GST_END_TEST;

/* A hop so small that the windows open at once would need more than
 * 1 GiB is refused when the element starts (it used to abort on a failed
 * allocation once the audio came). */
GST_START_TEST (test_tiny_hop_refused)
{
  /* window=1 hop=0.001: a thousand analysers of ~1.6 MB each, although
   * each holds only a second of features. */
  static const gchar *const refused[] = { "window=30 hop=0.0001",
    "window=3600 hop=60", "window=30 hop=0.02", "window=1 hop=0.001" };
  static const gchar *const accepted[] = { "window=30 hop=0.5",
    "window=3600 hop=3600", "window=1 hop=0.01" };

  for (guint i = 0; i < G_N_ELEMENTS (refused) + G_N_ELEMENTS (accepted); i++) {
    gboolean refuse = i < G_N_ELEMENTS (refused);
    const gchar *props =
        refuse ? refused[i] : accepted[i - G_N_ELEMENTS (refused)];
    GError *err = NULL;
    GstStateChangeReturn ret =
        gc_test_try_start (GC_TEST_MODEL, props, &err, NULL);

    if (refuse) {
      fail_unless_equals_int (ret, GST_STATE_CHANGE_FAILURE);
      fail_unless (err != NULL);
      fail_unless (
          g_error_matches (err, GST_LIBRARY_ERROR, GST_LIBRARY_ERROR_SETTINGS),
          "%s", err->message);
      fail_unless (strstr (err->message, "too small") != NULL);
      g_error_free (err);
    } else {
      fail_unless (ret != GST_STATE_CHANGE_FAILURE, "%s refused", props);
      fail_unless (err == NULL);
    }
  }
}

GST_END_TEST;

static Suite *
stream_suite (void)
{
  Suite *s = suite_create ("hardening-stream");
  TCase *tc = tcase_create ("general");

  tcase_set_timeout (tc, 300);
  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_buffer_sizes);
  tcase_add_test (tc, test_timestamp_gap);
  tcase_add_test (tc, test_gap_event);
  tcase_add_test (tc, test_discont_storm);
  tcase_add_test (tc, test_caps_changes);
  tcase_add_test (tc, test_flush_storm);
  tcase_add_test (tc, test_second_stream_after_eos);
  tcase_add_test (tc, test_seek_pipeline);
  tcase_add_test (tc, test_zero_length);
  tcase_add_test (tc, test_short_streams);
  tcase_add_test (tc, test_8ch_192k);
  tcase_add_test (tc, test_8k_mono);
  tcase_add_test (tc, test_no_timestamps);
  tcase_add_test (tc, test_tiny_hop_refused);
  return s;
}

int
main (int argc, char **argv)
{
  gc_test_init (&argc, &argv);
  return gc_test_run (stream_suite (), "hardening-stream");
}
