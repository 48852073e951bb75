/* genreclassify — hardening: a 2-hour soak (docs/hardening.md)
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Two hours of S16 stereo at 44.1 kHz (a 60-s excerpt of the test music
 * repeated, in 0.1-s buffers) through the element with its defaults
 * (30-s windows), as fast as it goes.  Checked:
 *  - exactly 240 window messages and one summary, with exact timestamps,
 *    durations and indices;
 *  - no drift: the input repeats every 60 s, so every window from the
 *    third on equals the one two before it, bit for bit;
 *  - flat memory: the resident set size sampled after every minute of
 *    audio varies by at most 1 MiB from minute 10 to the end.
 * HD_SOAK_MINUTES=n plays n minutes instead of 120.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "hd-util.h"

#define S GST_SECOND
#define RATE 44100
#define CHANNELS 2
#define BPF (2 * CHANNELS)
#define BUFFER_FRAMES 4410

/* Checks result @i as it arrives; @prev holds the last two windows (only
 * they are kept, so that the test itself does not grow). */
static void
check_result (
    const GstStructure *s, guint i, guint minutes, GstStructure *prev[2])
{
  gc_test_check_result (s);
  if (i == minutes * 2) {
    fail_unless (gc_test_get_boolean (s, "final"));
    fail_unless_equals_int (gc_test_get_uint (s, "windows"), minutes * 2);
    fail_unless_equals_uint64 (
        gc_test_get_uint64 (s, "duration"), minutes * 60 * S);
    return;
  }
  fail_unless (i < minutes * 2, "too many results");
  fail_if (gc_test_get_boolean (s, "final"));
  fail_unless_equals_int (gc_test_get_uint (s, "window-index"), i);
  fail_unless_equals_uint64 (gc_test_get_uint64 (s, "timestamp"), i * 30 * S);
  fail_unless_equals_uint64 (gc_test_get_uint64 (s, "duration"), 30 * S);
  fail_unless (gc_test_n_probs (s) >= 2);

  /* only the times and the index differ from the window 60 s before */
  {
    GstStructure *y = gst_structure_copy (s);

    gst_structure_remove_fields (
        y, "timestamp", "stream-time", "running-time", "window-index", NULL);
    if (i >= 4)
      fail_unless (gst_structure_is_equal (prev[0], y),
          "window %u differs from window %u:\n%" GST_PTR_FORMAT
          "\n%" GST_PTR_FORMAT,
          i, i - 2, prev[0], y);
    if (prev[0])
      gst_structure_free (prev[0]);
    prev[0] = prev[1];
    prev[1] = y;
  }
}

static guint
take_results (GstHarness *h, guint n, guint minutes, GstStructure *prev[2])
{
  GPtrArray *r = gc_test_collect_results (gc_test_harness_bus (h));

  for (guint i = 0; i < r->len; i++)
    check_result (r->pdata[i], n + i, minutes, prev);
  n += r->len;
  g_ptr_array_unref (r);
  return n;
}

GST_START_TEST (test_soak)
{
  const gchar *env = g_getenv ("HD_SOAK_MINUTES");
  guint minutes = env && atoi (env) >= 12 ? (guint)atoi (env) : 120;
  gchar *caps =
      gc_test_caps_string (GST_AUDIO_FORMAT_S16LE, RATE, CHANNELS, FALSE);
  GstHarness *h = gc_test_harness (NULL, caps);
  GstBuffer *minute = gc_test_make_buffer (GST_AUDIO_FORMAT_S16LE, RATE,
      CHANNELS, 0, 60 * RATE, GC_SIGNAL_MUSIC, NULL);
  GstStructure *prev[2] = { NULL, NULL };
  gsize rss_min = G_MAXSIZE, rss_max = 0, rss_10 = 0, rss = 0;
  guint64 frame = 0;
  guint n = 0;
  gint64 t0 = g_get_monotonic_time ();

  gst_harness_set_drop_buffers (h, TRUE);
  for (guint m = 0; m < minutes; m++) {
    for (guint64 f = 0; f < 60 * RATE; f += BUFFER_FRAMES) {
      GstBuffer *buf = gst_buffer_copy_region (
          minute, GST_BUFFER_COPY_MEMORY, f * BPF, BUFFER_FRAMES * BPF);

      GST_BUFFER_PTS (buf) = gst_util_uint64_scale_round (frame, S, RATE);
      GST_BUFFER_DURATION (buf) =
          gst_util_uint64_scale_round (frame + BUFFER_FRAMES, S, RATE)
          - GST_BUFFER_PTS (buf);
      fail_unless_equals_int (gst_harness_push (h, buf), GST_FLOW_OK);
      frame += BUFFER_FRAMES;
    }
    /* what a long-running application does: read the bus, let the tags
     * go */
    n = take_results (h, n, minutes, prev);
    gc_test_count_tag_events (h);

    rss = hd_rss_bytes ();
    if (m + 1 == 10)
      rss_10 = rss;
    if (m + 1 >= 10) {
      rss_min = MIN (rss_min, rss);
      rss_max = MAX (rss_max, rss);
    }
    GST_INFO ("minute %u: RSS %" G_GSIZE_FORMAT " KiB, %u results", m + 1,
        rss / 1024, n);
  }
  fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));
  n = take_results (h, n, minutes, prev);
  g_print ("soak: %u minutes of audio in %.1f s, %u messages; RSS at minute "
           "10 %" G_GSIZE_FORMAT " KiB, at the end %" G_GSIZE_FORMAT
           " KiB, range from minute 10 %" G_GSIZE_FORMAT " KiB\n",
      minutes, (g_get_monotonic_time () - t0) / 1e6, n, rss_10 / 1024,
      rss / 1024, (rss_max - rss_min) / 1024);

  fail_unless_equals_int (n, minutes * 2 + 1);
  fail_unless (rss_max - rss_min <= 1024 * 1024,
      "RSS from minute 10 varies from %" G_GSIZE_FORMAT " to %" G_GSIZE_FORMAT
      " bytes",
      rss_min, rss_max);

  g_clear_pointer (&prev[0], gst_structure_free);
  g_clear_pointer (&prev[1], gst_structure_free);
  gst_buffer_unref (minute);
  gc_test_teardown (h);
  g_free (caps);
}

GST_END_TEST;

static Suite *
soak_suite (void)
{
  Suite *s = suite_create ("hardening-soak");
  TCase *tc = tcase_create ("general");

  tcase_set_timeout (tc, 3600);
  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_soak);
  return s;
}

int
main (int argc, char **argv)
{
  gc_test_init (&argc, &argv);
  return gc_test_run (soak_suite (), "hardening-soak");
}
