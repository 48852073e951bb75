/* genreclassify — element tests: byte-exact passthrough, down-mixing, the
 * metadata gst-inspect-1.0 shows
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include "gc-check-util.h"

typedef struct {
  gint rate;
  gint channels;
  gboolean unpositioned;
} Layout;

static const Layout layouts[] = {
  { 8000, 1, FALSE },
  { 22050, 2, FALSE },
  { 44100, 2, FALSE },
  { 48000, 6, FALSE },
  { 96000, 3, TRUE },
  { 192000, 8, FALSE },
};

/* Pushes ~1.2 s in odd-sized buffers and checks every output buffer against
 * a copy of the input bytes, then that the analysis ran. */
static void
check_passthrough (GstAudioFormat format)
{
  guint l;

  for (l = 0; l < G_N_ELEMENTS (layouts); l++) {
    const Layout *lay = &layouts[l];
    gchar *caps = gc_test_caps_string (
        format, lay->rate, lay->channels, lay->unpositioned);
    GstHarness *h = gc_test_harness ("window=1 min-window=0.1", caps);
    gsize per_buffer = lay->rate / 10 + 7;
    guint64 total = lay->rate + lay->rate / 5, done = 0;
    GPtrArray *results;
    GstCaps *out_caps, *in_caps;

    GST_INFO ("%s", caps);
    while (done < total) {
      gsize n = MIN (per_buffer, total - done);
      GstBuffer *in = gc_test_make_buffer (
          format, lay->rate, lay->channels, done, n, GC_SIGNAL_RANDOM, NULL);
      GstBuffer *out;
      GstMapInfo map;
      gpointer copy;
      gsize size;

      GST_BUFFER_PTS (in) = gst_util_uint64_scale (done, GST_SECOND, lay->rate);
      GST_BUFFER_DURATION (in) =
          gst_util_uint64_scale (n, GST_SECOND, lay->rate);
      fail_unless (gst_buffer_map (in, &map, GST_MAP_READ));
      copy = g_memdup2 (map.data, map.size);
      size = map.size;
      gst_buffer_unmap (in, &map);

      out = gst_harness_push_and_pull (h, in);
      fail_unless (out != NULL);
      fail_unless_equals_uint64 (gst_buffer_get_size (out), size);
      fail_unless (gst_buffer_memcmp (out, 0, copy, size) == 0,
          "output differs from input (%s)", caps);
      fail_unless_equals_uint64 (GST_BUFFER_PTS (out),
          gst_util_uint64_scale (done, GST_SECOND, lay->rate));
      gst_buffer_unref (out);
      g_free (copy);
      done += n;
    }

    /* same caps downstream, no latency */
    out_caps = gst_pad_get_current_caps (h->sinkpad);
    in_caps = gst_caps_from_string (caps);
    fail_unless (gst_caps_is_equal (out_caps, in_caps));
    gst_caps_unref (out_caps);
    gst_caps_unref (in_caps);
    fail_unless_equals_uint64 (gst_harness_query_latency (h), 0);

    fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));
    results = gc_test_collect_results (gc_test_harness_bus (h));
    /* 1.2 s: one full window, one partial, the summary */
    fail_unless_equals_int (results->len, 3);
    fail_unless_equals_uint64 (
        gc_test_get_uint64 (results->pdata[0], "duration"), GST_SECOND);
    fail_unless_equals_uint64 (
        gc_test_get_uint64 (results->pdata[1], "duration"), GST_SECOND / 5);
    fail_unless (gc_test_get_boolean (results->pdata[2], "final"));
    g_ptr_array_unref (results);

    gc_test_teardown (h);
    g_free (caps);
  }
}

GST_START_TEST (test_passthrough_s16)
{
  check_passthrough (GST_AUDIO_FORMAT_S16LE);
}

GST_END_TEST;

GST_START_TEST (test_passthrough_s32)
{
  check_passthrough (GST_AUDIO_FORMAT_S32LE);
}

GST_END_TEST;

GST_START_TEST (test_passthrough_f32)
{
  check_passthrough (GST_AUDIO_FORMAT_F32LE);
}

GST_END_TEST;

GST_START_TEST (test_passthrough_f64)
{
  check_passthrough (GST_AUDIO_FORMAT_F64LE);
}

GST_END_TEST;

/* Mono is the mean of all channels: channels that cancel out give silence,
 * for positioned and unpositioned layouts alike. */
static gboolean
all_silent (GstAudioFormat format, gint rate, gint channels,
    gboolean unpositioned, const float *gains)
{
  gchar *caps = gc_test_caps_string (format, rate, channels, unpositioned);
  GstHarness *h = gc_test_harness ("window=1 min-window=1", caps);
  GPtrArray *results;
  gboolean silent = TRUE;
  guint i;

  gst_harness_set_drop_buffers (h, TRUE);
  gc_test_push_signal (
      h, format, rate, channels, 0, 0, 2.0, 4800, GC_SIGNAL_MUSIC, gains);
  fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));
  results = gc_test_collect_results (gc_test_harness_bus (h));
  fail_unless_equals_int (results->len, 3);
  for (i = 0; i + 1 < results->len; i++) {
    gc_test_check_result (results->pdata[i]);
    if (!gc_test_get_boolean (results->pdata[i], "silent"))
      silent = FALSE;
  }
  g_ptr_array_unref (results);
  gc_test_teardown (h);
  g_free (caps);
  return silent;
}

GST_START_TEST (test_downmix_is_mean)
{
  static const float cancel2[] = { 1.0f, -1.0f };
  static const float same2[] = { 1.0f, 1.0f };
  static const float cancel4[] = { 1.0f, -1.0f, 0.5f, -0.5f };
  static const float same4[] = { 1.0f, 1.0f, 0.5f, 0.5f };

  fail_unless (all_silent (GST_AUDIO_FORMAT_F32LE, 48000, 2, FALSE, cancel2));
  fail_if (all_silent (GST_AUDIO_FORMAT_F32LE, 48000, 2, FALSE, same2));
  fail_unless (all_silent (GST_AUDIO_FORMAT_F32LE, 44100, 4, TRUE, cancel4));
  fail_unless (all_silent (GST_AUDIO_FORMAT_S16LE, 22050, 4, TRUE, cancel4));
  fail_if (all_silent (GST_AUDIO_FORMAT_F32LE, 44100, 4, TRUE, same4));
}

GST_END_TEST;

/* gst-inspect-1.0 prints the description as the element's one-line summary
 * and the origin as a URL: no paragraph, no made-up address. */
GST_START_TEST (test_metadata)
{
  GstElementFactory *factory = gst_element_factory_find ("genreclassify");
  GstPlugin *plugin;
  const gchar *description;

  fail_unless (factory != NULL);
  description = gst_element_factory_get_metadata (
      factory, GST_ELEMENT_METADATA_DESCRIPTION);
  fail_unless (description != NULL);
  fail_if (strchr (description, '\n') != NULL);
  fail_unless (strlen (description) <= 80, "description of %u bytes: %s",
      (guint)strlen (description), description);
  plugin = gst_plugin_feature_get_plugin (GST_PLUGIN_FEATURE (factory));
  fail_unless (plugin != NULL);
  fail_unless_equals_string (
      gst_plugin_get_origin (plugin), "Unknown package origin");
  gst_object_unref (plugin);
  gst_object_unref (factory);
}

GST_END_TEST;

static Suite *
passthrough_suite (void)
{
  Suite *s = suite_create ("genreclassify-passthrough");
  TCase *tc = tcase_create ("general");

  tcase_set_timeout (tc, 300);
  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_passthrough_s16);
  tcase_add_test (tc, test_passthrough_s32);
  tcase_add_test (tc, test_passthrough_f32);
  tcase_add_test (tc, test_passthrough_f64);
  tcase_add_test (tc, test_downmix_is_mean);
  tcase_add_test (tc, test_metadata);
  return s;
}

int
main (int argc, char **argv)
{
  gc_test_init (&argc, &argv);
  return gc_test_run (passthrough_suite (), "genreclassify-passthrough");
}
