/* genreclassify — helpers for the element tests
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <math.h>
#include <string.h>

#include "gc-check-util.h"

void
gc_test_init (int *argc, char ***argv)
{
  const gchar *old = g_getenv ("GST_PLUGIN_PATH");
  gchar *path;

  /* The plugin under test comes first; the system plugins
   * (GST_PLUGIN_SYSTEM_PATH_1_0) stay as they are. */
  path = old && *old
      ? g_strconcat (GC_BUILD_ROOT "/gst", G_SEARCHPATH_SEPARATOR_S, old, NULL)
      : g_strdup (GC_BUILD_ROOT "/gst");
  g_setenv ("GST_PLUGIN_PATH", path, TRUE);
  g_free (path);
  if (!g_getenv ("GST_REGISTRY_1_0")) {
    /* one registry per test program: they may run in parallel */
    gchar *base = g_path_get_basename ((*argv)[0]);
    gchar *reg = g_strdup_printf (
        "%s/tests/element/registry-%s.bin", GC_BUILD_ROOT, base);

    g_setenv ("GST_REGISTRY_1_0", reg, TRUE);
    g_free (reg);
    g_free (base);
  }
  /* Tests name their model explicitly; the default must not leak in. */
  g_unsetenv ("GENRECLASSIFY_MODEL");

  gst_check_init (argc, argv);
}

int
gc_test_run (Suite *suite, const char *name)
{
  return gst_check_run_suite (suite, name, __FILE__);
}

/* Uniform in [-1, 1), a function of @i alone (so independent of how the
 * signal is cut into buffers). */
static double
hash_noise (guint64 i, guint32 seed)
{
  guint64 x = i * 0x9E3779B97F4A7C15ull + seed;

  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdull;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ull;
  x ^= x >> 33;
  return (double)(x >> 11) / (double)(1ull << 52) - 1.0;
}

static double
signal_value (GcSignal signal, guint64 frame, gint rate)
{
  static const double roots[4] = { 220.0, 174.61, 261.63, 196.0 };
  double t, root, beat, v;

  switch (signal) {
    case GC_SIGNAL_SILENCE:
      return 0.0;
    case GC_SIGNAL_RANDOM:
      return 0.9 * hash_noise (frame, 7);
    case GC_SIGNAL_MUSIC:
    default:
      break;
  }
  t = (double)frame / rate;
  root = roots[((guint64)(t / 2.0)) % 4];
  /* a chord that changes every 2 s */
  v = 0.20 * sin (2 * G_PI * root * t) + 0.12 * sin (2 * G_PI * root * 1.25 * t)
      + 0.10 * sin (2 * G_PI * root * 1.5 * t)
      + 0.05 * sin (2 * G_PI * root * 4.0 * t);
  /* a noisy beat every 0.5 s */
  beat = fmod (t, 0.5);
  v += 0.4 * exp (-40.0 * beat) * hash_noise (frame, 1);
  v += 0.01 * hash_noise (frame, 2);
  return v;
}

GstBuffer *
gc_test_make_buffer (GstAudioFormat format, gint rate, gint channels,
    guint64 first_frame, gsize n_frames, GcSignal signal, const float *gains)
{
  const GstAudioFormatInfo *finfo = gst_audio_format_get_info (format);
  gint bps = GST_AUDIO_FORMAT_INFO_WIDTH (finfo) / 8;
  GstBuffer *buf =
      gst_buffer_new_allocate (NULL, n_frames * channels * bps, NULL);
  GstMapInfo map;
  gsize f;
  gint c;

  fail_unless (gst_buffer_map (buf, &map, GST_MAP_WRITE));
  for (f = 0; f < n_frames; f++) {
    double x = signal_value (signal, first_frame + f, rate);

    for (c = 0; c < channels; c++) {
      double y = x * (gains ? gains[c] : 1.0);
      gsize i = f * channels + c;

      switch (format) {
        case GST_AUDIO_FORMAT_S16LE: {
          gint16 s = (gint16)CLAMP (lrint (y * 32767.0), -32768, 32767);

          ((gint16 *)map.data)[i] = GINT16_TO_LE (s);
          break;
        }
        case GST_AUDIO_FORMAT_S32LE: {
          gint32 s =
              (gint32)CLAMP (llrint (y * 2147483647.0), G_MININT32, G_MAXINT32);

          ((gint32 *)map.data)[i] = GINT32_TO_LE (s);
          break;
        }
        case GST_AUDIO_FORMAT_F32LE:
          ((gfloat *)map.data)[i] = (gfloat)y;
          break;
        case GST_AUDIO_FORMAT_F64LE:
          ((gdouble *)map.data)[i] = y;
          break;
        default:
          fail ("unsupported test format");
      }
    }
  }
  gst_buffer_unmap (buf, &map);
  return buf;
}

gchar *
gc_test_caps_string (
    GstAudioFormat format, gint rate, gint channels, gboolean unpositioned)
{
  guint64 mask = 0;

  if (!unpositioned && channels > 2)
    mask = gst_audio_channel_get_fallback_mask (channels);
  if (unpositioned || channels > 2)
    return g_strdup_printf (
        "audio/x-raw, format=%s, rate=%d, channels=%d, "
        "layout=interleaved, channel-mask=(bitmask)0x%" G_GINT64_MODIFIER "x",
        gst_audio_format_to_string (format), rate, channels, mask);
  return g_strdup_printf ("audio/x-raw, format=%s, rate=%d, channels=%d, "
                          "layout=interleaved",
      gst_audio_format_to_string (format), rate, channels);
}

GstHarness *
gc_test_harness (const gchar *props, const gchar *caps)
{
  GstHarness *h = gst_harness_new_empty ();
  gchar *launch = g_strdup_printf (
      "genreclassify model=\"%s\" %s", GC_TEST_MODEL, props ? props : "");
  GstBus *bus = gst_bus_new ();

  gst_harness_add_parse (h, launch);
  g_free (launch);
  gst_element_set_bus (h->element, bus);
  gst_object_unref (bus);
  if (caps)
    gst_harness_set_src_caps_str (h, caps);
  return h;
}

GstBus *
gc_test_harness_bus (GstHarness *h)
{
  GstBus *bus = gst_element_get_bus (h->element);

  /* the element keeps its own reference */
  gst_object_unref (bus);
  return bus;
}

void
gc_test_teardown (GstHarness *h)
{
  gst_bus_set_flushing (gc_test_harness_bus (h), TRUE);
  gst_harness_teardown (h);
}

void
gc_test_push_signal (GstHarness *h, GstAudioFormat format, gint rate,
    gint channels, GstClockTime base_pts, guint64 first_frame, gdouble seconds,
    gsize frames_per_buffer, GcSignal signal, const float *gains)
{
  guint64 total = (guint64)llround (seconds * rate);
  guint64 done = 0;

  while (done < total) {
    gsize n = MIN (frames_per_buffer, total - done);
    GstBuffer *buf = gc_test_make_buffer (
        format, rate, channels, first_frame + done, n, signal, gains);

    GST_BUFFER_PTS (buf) =
        base_pts + gst_util_uint64_scale_round (done, GST_SECOND, rate);
    GST_BUFFER_DURATION (buf) =
        gst_util_uint64_scale_round (n, GST_SECOND, rate);
    fail_unless_equals_int (gst_harness_push (h, buf), GST_FLOW_OK);
    done += n;
  }
}

GPtrArray *
gc_test_collect_results (GstBus *bus)
{
  GPtrArray *results =
      g_ptr_array_new_with_free_func ((GDestroyNotify)gst_structure_free);
  GstMessage *msg;

  while ((msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ELEMENT))) {
    const GstStructure *s = gst_message_get_structure (msg);

    if (s && gst_structure_has_name (s, "genreclassify"))
      g_ptr_array_add (results, gst_structure_copy (s));
    gst_message_unref (msg);
  }
  return results;
}

guint64
gc_test_get_uint64 (const GstStructure *s, const gchar *field)
{
  guint64 v = 0;

  fail_unless (gst_structure_get_uint64 (s, field, &v),
      "no guint64 field %s in %" GST_PTR_FORMAT, field, s);
  return v;
}

guint
gc_test_get_uint (const GstStructure *s, const gchar *field)
{
  guint v = 0;

  fail_unless (gst_structure_get_uint (s, field, &v),
      "no guint field %s in %" GST_PTR_FORMAT, field, s);
  return v;
}

gboolean
gc_test_get_boolean (const GstStructure *s, const gchar *field)
{
  gboolean v = FALSE;

  fail_unless (gst_structure_get_boolean (s, field, &v),
      "no boolean field %s in %" GST_PTR_FORMAT, field, s);
  return v;
}

gdouble
gc_test_get_double (const GstStructure *s, const gchar *field)
{
  gdouble v = 0;

  fail_unless (gst_structure_get_double (s, field, &v),
      "no double field %s in %" GST_PTR_FORMAT, field, s);
  return v;
}

guint
gc_test_n_probs (const GstStructure *s)
{
  const GValue *v = gst_structure_get_value (s, "probabilities");

  fail_unless (v != NULL && GST_VALUE_HOLDS_ARRAY (v));
  return gst_value_array_get_size (v);
}

gdouble
gc_test_prob (const GstStructure *s, guint i)
{
  const GValue *v = gst_structure_get_value (s, "probabilities");

  fail_unless (v != NULL && GST_VALUE_HOLDS_ARRAY (v));
  fail_unless (i < gst_value_array_get_size (v));
  fail_unless (G_VALUE_HOLDS_DOUBLE (gst_value_array_get_value (v, i)));
  return g_value_get_double (gst_value_array_get_value (v, i));
}

const gchar *
gc_test_genre (const GstStructure *s, guint i)
{
  const GValue *v = gst_structure_get_value (s, "genres");

  fail_unless (v != NULL && GST_VALUE_HOLDS_ARRAY (v));
  fail_unless (i < gst_value_array_get_size (v));
  fail_unless (G_VALUE_HOLDS_STRING (gst_value_array_get_value (v, i)));
  return g_value_get_string (gst_value_array_get_value (v, i));
}

void
gc_test_check_result (const GstStructure *s)
{
  const GValue *genres = gst_structure_get_value (s, "genres");
  const gchar *genre = gst_structure_get_string (s, "genre");
  gdouble confidence = gc_test_get_double (s, "confidence");
  guint n, i;
  gdouble sum = 0.0;

  fail_unless (gst_structure_has_name (s, "genreclassify"));
  fail_unless (genre != NULL, "no genre in %" GST_PTR_FORMAT, s);
  fail_unless (genres != NULL && GST_VALUE_HOLDS_ARRAY (genres));
  gc_test_get_uint64 (s, "timestamp");
  gc_test_get_uint64 (s, "stream-time");
  gc_test_get_uint64 (s, "running-time");
  gc_test_get_uint64 (s, "duration");
  gc_test_get_uint (s, "window-index");
  gc_test_get_uint64 (s, "invalid-samples");
  gc_test_get_boolean (s, "final");
  fail_unless (isfinite (confidence));

  n = gc_test_n_probs (s);
  fail_unless_equals_int (gst_value_array_get_size (genres), n);
  if (n == 0) {
    fail_unless_equals_string (genre, "");
    fail_unless (confidence == 0.0);
    return;
  }
  for (i = 0; i < n; i++) {
    gdouble p = gc_test_prob (s, i);

    fail_unless (isfinite (p) && p >= 0.0 && p <= 1.0,
        "bad probability %g in %" GST_PTR_FORMAT, p, s);
    if (i > 0)
      fail_unless (p <= gc_test_prob (s, i - 1),
          "probabilities not sorted in %" GST_PTR_FORMAT, s);
    fail_unless (strlen (gc_test_genre (s, i)) > 0);
    sum += p;
  }
  fail_unless (fabs (sum - 1.0) <= 1e-6, "probabilities sum to %.9f", sum);
  fail_unless_equals_string (genre, gc_test_genre (s, 0));
  fail_unless (confidence == gc_test_prob (s, 0));
}

guint
gc_test_count_tag_events (GstHarness *h)
{
  GstEvent *ev;
  guint n = 0;

  while ((ev = gst_harness_try_pull_event (h))) {
    if (GST_EVENT_TYPE (ev) == GST_EVENT_TAG)
      n++;
    gst_event_unref (ev);
  }
  return n;
}

GstStateChangeReturn
gc_test_try_start (
    const gchar *model, const gchar *props, GError **error, gchar **debug)
{
  GstElement *e = gst_element_factory_make ("genreclassify", NULL);
  GstBus *bus = gst_bus_new ();
  GstStateChangeReturn ret;
  GstMessage *msg;

  fail_unless (e != NULL);
  gst_element_set_bus (e, bus);
  if (model)
    g_object_set (e, "model", model, NULL);
  if (props) {
    gchar **pairs = g_strsplit (props, " ", -1);

    for (guint i = 0; pairs[i] != NULL; i++) {
      gchar **kv = g_strsplit (pairs[i], "=", 2);

      if (kv[0] != NULL && kv[1] != NULL)
        gst_util_set_object_arg (G_OBJECT (e), kv[0], kv[1]);
      g_strfreev (kv);
    }
    g_strfreev (pairs);
  }
  ret = gst_element_set_state (e, GST_STATE_PAUSED);
  msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
  if (ret == GST_STATE_CHANGE_FAILURE) {
    fail_unless (msg != NULL, "state change failed without an ERROR");
    gst_message_parse_error (msg, error, debug);
  } else {
    fail_unless (msg == NULL);
  }
  if (msg)
    gst_message_unref (msg);
  gst_element_set_state (e, GST_STATE_NULL);
  gst_element_set_bus (e, NULL);
  gst_object_unref (bus);
  gst_object_unref (e);
  return ret;
}
