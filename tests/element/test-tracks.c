/* genreclassify — element tests: one track after another in one stream
 * (a new STREAM_START ends the track; concat; gapless playbin)
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include <glib/gstdio.h>

#include "gc-check-util.h"

#define S GST_SECOND
#define RATE 22050
#define MONO_F32                                                               \
  "audio/x-raw, format=F32LE, rate=22050, channels=1, "                        \
  "layout=interleaved"
/* 2-s windows: every track below ends with a partial window that is
 * reported (at least min-window long). */
#define PROPS "window=2 min-window=0.5"

static GstEvent *
stream_start (const gchar *id, gint group)
{
  GstEvent *ev = gst_event_new_stream_start (id);

  if (group >= 0)
    gst_event_set_group_id (ev, (guint)group);
  return ev;
}

/* A harness whose stream the test starts itself. */
static GstHarness *
bare_harness (void)
{
  GstHarness *h = gc_test_harness (PROPS, NULL);

  gst_harness_play (h);
  return h;
}

/* caps and a TIME segment from 0 */
static void
push_caps_segment (GstHarness *h)
{
  GstSegment segment;
  GstCaps *caps = gst_caps_from_string (MONO_F32);

  gst_segment_init (&segment, GST_FORMAT_TIME);
  fail_unless (gst_harness_push_event (h, gst_event_new_caps (caps)));
  gst_caps_unref (caps);
  fail_unless (gst_harness_push_event (h, gst_event_new_segment (&segment)));
}

static void
push_seconds (GstHarness *h, gdouble from, gdouble seconds, GcSignal signal)
{
  gc_test_push_signal (h, GST_AUDIO_FORMAT_F32LE, RATE, 1,
      (GstClockTime)(from * S), (guint64)(from * RATE), seconds, 2205, signal,
      NULL);
}

static GPtrArray *
finish (GstHarness *h)
{
  fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));
  return gc_test_collect_results (gc_test_harness_bus (h));
}

static guint
n_final (GPtrArray *results)
{
  guint n = 0;

  for (guint i = 0; i < results->len; i++)
    n += gc_test_get_boolean (results->pdata[i], "final");
  return n;
}

/* Messages @got[@from..] are @want's, field for field, except that their
 * running time is @offset later (the track started @offset into the
 * stream's running time). */
static void
check_same_track (
    GPtrArray *want, GPtrArray *got, guint from, GstClockTimeDiff offset)
{
  fail_unless (from + want->len <= got->len,
      "%u messages from %u, only %u in all", want->len, from, got->len);
  for (guint i = 0; i < want->len; i++) {
    const GstStructure *w = want->pdata[i], *g = got->pdata[from + i];
    gint n = gst_structure_n_fields (w);

    gc_test_check_result (g);
    fail_unless_equals_int (gst_structure_n_fields (g), n);
    for (gint f = 0; f < n; f++) {
      const gchar *name = gst_structure_nth_field_name (w, f);
      const GValue *wv = gst_structure_get_value (w, name);
      const GValue *gv = gst_structure_get_value (g, name);

      fail_unless (gv != NULL, "no %s in %" GST_PTR_FORMAT, name, g);
      if (strcmp (name, "running-time") == 0) {
        fail_unless_equals_int64 (
            (gint64)g_value_get_uint64 (gv) - (gint64)g_value_get_uint64 (wv),
            offset);
        continue;
      }
      fail_unless (gst_value_compare (wv, gv) == GST_VALUE_EQUAL,
          "message %u, %s differs:\n%" GST_PTR_FORMAT "\n%" GST_PTR_FORMAT, i,
          name, w, g);
    }
  }
}

/* The two tracks must not be classified alike, or the checks above could
 * not tell whose windows are whose. */
static void
check_tracks_differ (GPtrArray *a, GPtrArray *b)
{
  const GstStructure *sa = a->pdata[a->len - 1], *sb = b->pdata[b->len - 1];

  fail_unless (gc_test_get_boolean (sa, "final"));
  fail_unless (gc_test_get_boolean (sb, "final"));
  fail_unless (gc_test_n_probs (sa) > 0 && gc_test_n_probs (sb) > 0);
  fail_if (gst_value_compare (gst_structure_get_value (sa, "probabilities"),
               gst_structure_get_value (sb, "probabilities"))
          == GST_VALUE_EQUAL,
      "both tracks sum up alike: %" GST_PTR_FORMAT, sa);
}

/* Appends the messages waiting on @h's bus to @all. */
static void
collect_into (GPtrArray *all, GstHarness *h)
{
  GPtrArray *more = gc_test_collect_results (gc_test_harness_bus (h));

  for (guint i = 0; i < more->len; i++)
    g_ptr_array_add (all, gst_structure_copy (more->pdata[i]));
  g_ptr_array_unref (more);
}

/* ---- STREAM_START in the element ---------------------------------------- */

/* The same stream-id and group-id again (an element that repeats its
 * sticky events) is no new track: nothing is reported early, and the
 * messages are those of the uninterrupted stream. */
GST_START_TEST (test_same_stream_start_goes_on)
{
  static const gint groups[] = { 3, -1 };

  for (guint g = 0; g < G_N_ELEMENTS (groups); g++) {
    GstHarness *h = bare_harness ();
    GPtrArray *plain, *repeated;

    fail_unless (gst_harness_push_event (h, stream_start ("a", groups[g])));
    push_caps_segment (h);
    push_seconds (h, 0.0, 5.0, GC_SIGNAL_MUSIC);
    plain = finish (h);
    gc_test_teardown (h);
    fail_unless_equals_int (plain->len, 4); /* 0, 2, 4 (1 s), summary */
    fail_unless_equals_int (n_final (plain), 1);

    h = bare_harness ();
    fail_unless (gst_harness_push_event (h, stream_start ("a", groups[g])));
    push_caps_segment (h);
    push_seconds (h, 0.0, 3.0, GC_SIGNAL_MUSIC);
    fail_unless (gst_harness_push_event (h, stream_start ("a", groups[g])));
    /* only the window 0-2 that was finished: no partial one, no summary */
    repeated = gc_test_collect_results (gc_test_harness_bus (h));
    fail_unless_equals_int (repeated->len, 1);
    fail_unless_equals_int (n_final (repeated), 0);
    push_seconds (h, 3.0, 2.0, GC_SIGNAL_MUSIC);
    fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));
    collect_into (repeated, h);
    gc_test_teardown (h);
    fail_unless_equals_int (repeated->len, plain->len);
    check_same_track (plain, repeated, 0, 0);
    g_ptr_array_unref (repeated);
    g_ptr_array_unref (plain);
  }
}

GST_END_TEST;

/* One track alone: stream-start @id, caps, segment, @seconds of @signal,
 * EOS. */
static GPtrArray *
track_alone (const gchar *id, gdouble seconds, GcSignal signal)
{
  GstHarness *h = bare_harness ();
  GPtrArray *r;

  fail_unless (gst_harness_push_event (h, stream_start (id, 1)));
  push_caps_segment (h);
  push_seconds (h, 0.0, seconds, signal);
  r = finish (h);
  gc_test_teardown (h);
  return r;
}

/* "genre-distribution" of a result, as the element writes it. */
static gchar *
distribution_of (const GstStructure *s)
{
  GString *str = g_string_new (NULL);

  for (guint i = 0; i < gc_test_n_probs (s); i++)
    g_string_append_printf (str, "%s%s=%.4f", i ? ";" : "",
        gc_test_genre (s, i), gc_test_prob (s, i));
  return g_string_free (str, FALSE);
}

/* A new stream-id, or the same stream-id in a new group, ends the track as
 * EOS would: its partial window and summary, whose tags come before the new
 * stream-start.  The next track starts afresh (window-index, timestamps,
 * summary, upstream tags) and is reported as it is alone. */
GST_START_TEST (test_new_stream_ends_track)
{
  static const struct {
    const gchar *second_id;
    gint second_group;
  } cases[] = { { "b", 1 }, { "a", 2 } };
  GPtrArray *alone_a = track_alone ("a", 5.0, GC_SIGNAL_MUSIC);
  GPtrArray *alone_b = track_alone ("b", 3.5, GC_SIGNAL_RANDOM);

  check_tracks_differ (alone_a, alone_b);
  for (guint c = 0; c < G_N_ELEMENTS (cases); c++) {
    GstHarness *h = bare_harness ();
    GPtrArray *all;
    GstEvent *ev;
    gchar *summary_tags = NULL, *want = NULL, *title = NULL;
    guint n_starts = 0;
    guint n_tags_b = 0;

    fail_unless (gst_harness_push_event (h, stream_start ("a", 1)));
    push_caps_segment (h);
    fail_unless (gst_harness_push_event (
        h, gst_event_new_tag (gst_tag_list_new (GST_TAG_TITLE, "A", NULL))));
    push_seconds (h, 0.0, 5.0, GC_SIGNAL_MUSIC);
    fail_unless (gst_harness_push_event (
        h, stream_start (cases[c].second_id, cases[c].second_group)));
    /* the whole first track, reported at once */
    all = gc_test_collect_results (gc_test_harness_bus (h));
    fail_unless_equals_int (all->len, alone_a->len);
    check_same_track (alone_a, all, 0, 0);

    /* its summary's tags are the last before the new stream-start */
    while ((ev = gst_harness_try_pull_event (h))) {
      if (GST_EVENT_TYPE (ev) == GST_EVENT_STREAM_START) {
        n_starts++;
      } else if (GST_EVENT_TYPE (ev) == GST_EVENT_TAG && n_starts == 1) {
        GstTagList *tags;

        gst_event_parse_tag (ev, &tags);
        g_free (summary_tags);
        summary_tags = NULL;
        gst_tag_list_get_string (tags, "genre-distribution", &summary_tags);
      }
      gst_event_unref (ev);
    }
    fail_unless_equals_int (n_starts, 2);
    want = distribution_of (alone_a->pdata[alone_a->len - 1]);
    fail_unless_equals_string (summary_tags, want);
    g_free (want);
    g_free (summary_tags);

    push_caps_segment (h);
    push_seconds (h, 0.0, 3.5, GC_SIGNAL_RANDOM);
    fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));
    collect_into (all, h);
    fail_unless_equals_int (all->len, alone_a->len + alone_b->len);
    check_same_track (alone_b, all, alone_a->len, 0);
    /* the first track's title is not carried into the second's tags */
    while ((ev = gst_harness_try_pull_event (h))) {
      if (GST_EVENT_TYPE (ev) == GST_EVENT_TAG) {
        GstTagList *tags;

        gst_event_parse_tag (ev, &tags);
        fail_if (gst_tag_list_get_string (tags, GST_TAG_TITLE, &title),
            "title %s in the second track's tags", title);
        n_tags_b++;
      }
      gst_event_unref (ev);
    }
    /* a window 0-2, a partial one 2-3.5 and the summary */
    fail_unless_equals_int (n_tags_b, 3);
    g_ptr_array_unref (all);
    gc_test_teardown (h);
  }
  g_ptr_array_unref (alone_a);
  g_ptr_array_unref (alone_b);
}

GST_END_TEST;

/* After EOS the track is reported already: the next stream's stream-start
 * ends nothing, and that stream is reported as it is alone. */
GST_START_TEST (test_stream_after_eos_ends_nothing)
{
  GPtrArray *alone_a = track_alone ("a", 5.0, GC_SIGNAL_MUSIC);
  GPtrArray *alone_b = track_alone ("b", 3.5, GC_SIGNAL_RANDOM);
  GstHarness *h = bare_harness ();
  GPtrArray *all;

  fail_unless (gst_harness_push_event (h, stream_start ("a", 1)));
  push_caps_segment (h);
  push_seconds (h, 0.0, 5.0, GC_SIGNAL_MUSIC);
  all = finish (h);
  check_same_track (alone_a, all, 0, 0);
  fail_unless (gst_harness_push_event (h, stream_start ("b", 2)));
  collect_into (all, h);
  fail_unless_equals_int (all->len, alone_a->len);
  push_caps_segment (h);
  push_seconds (h, 0.0, 3.5, GC_SIGNAL_RANDOM);
  fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));
  collect_into (all, h);
  fail_unless_equals_int (all->len, alone_a->len + alone_b->len);
  check_same_track (alone_b, all, alone_a->len, 0);
  g_ptr_array_unref (all);
  g_ptr_array_unref (alone_a);
  g_ptr_array_unref (alone_b);
  gc_test_teardown (h);
}

GST_END_TEST;

/* ---- real pipelines ----------------------------------------------------- */

/* Runs @pipeline to EOS; returns its "genreclassify" messages in order. */
static GPtrArray *
run_to_eos (GstElement *pipeline)
{
  GstBus *bus = gst_element_get_bus (pipeline);
  GPtrArray *results =
      g_ptr_array_new_with_free_func ((GDestroyNotify)gst_structure_free);
  gboolean done = FALSE;

  fail_unless (gst_element_set_state (pipeline, GST_STATE_PLAYING)
      != GST_STATE_CHANGE_FAILURE);
  while (!done) {
    GstMessage *msg = gst_bus_timed_pop (bus, 120 * S);
    const GstStructure *s;

    fail_unless (msg != NULL, "no EOS within 120 s");
    switch (GST_MESSAGE_TYPE (msg)) {
      case GST_MESSAGE_EOS:
        done = TRUE;
        break;
      case GST_MESSAGE_ERROR: {
        GError *err = NULL;
        gchar *debug = NULL;

        gst_message_parse_error (msg, &err, &debug);
        fail ("error: %s (%s)", err->message, debug);
        break;
      }
      case GST_MESSAGE_ELEMENT:
        s = gst_message_get_structure (msg);
        if (gst_structure_has_name (s, "genreclassify"))
          g_ptr_array_add (results, gst_structure_copy (s));
        break;
      default:
        break;
    }
    gst_message_unref (msg);
  }
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (bus);
  return results;
}

static GPtrArray *
run_launch (const gchar *description)
{
  GError *err = NULL;
  GstElement *pipeline = gst_parse_launch (description, &err);
  GPtrArray *results;

  fail_unless (
      pipeline != NULL, "%s: %s", description, err ? err->message : "?");
  g_clear_error (&err);
  results = run_to_eos (pipeline);
  gst_object_unref (pipeline);
  return results;
}

/* Two deterministic signals of known lengths (0.1-s buffers): a sine of 5 s
 * and a square wave of 3.5 s, mono F32 at the analysis rate. */
#define TRACK_A                                                                \
  "audiotestsrc wave=sine freq=440 samplesperbuffer=2205 num-buffers=50 "      \
  "! " MONO_F32
#define TRACK_B                                                                \
  "audiotestsrc wave=square freq=300 volume=0.5 samplesperbuffer=2205 "        \
  "num-buffers=35 ! " MONO_F32
#define CLASSIFY "genreclassify model=\"" GC_TEST_MODEL "\" " PROPS

/* concat plays one input after the other, each with its own stream-start:
 * each track is reported as it is when played alone.  Its PTS (so the
 * timestamp and stream-time) start again from 0; only the running time
 * goes on, by the first track's 5 s. */
GST_START_TEST (test_concat_tracks_match_alone)
{
  GPtrArray *a = run_launch (TRACK_A " ! " CLASSIFY " ! fakesink sync=false");
  GPtrArray *b = run_launch (TRACK_B " ! " CLASSIFY " ! fakesink sync=false");
  GPtrArray *both =
      run_launch ("concat name=c ! " CLASSIFY " ! fakesink sync=false " TRACK_A
                  " ! c. " TRACK_B " ! c.");

  fail_unless_equals_int (a->len, 4); /* 0, 2, 4 (1 s), summary */
  fail_unless_equals_int (b->len, 3); /* 0, 2 (1.5 s), summary */
  check_tracks_differ (a, b);
  fail_unless_equals_int (both->len, a->len + b->len);
  check_same_track (a, both, 0, 0);
  check_same_track (b, both, a->len, 5 * S);
  g_ptr_array_unref (a);
  g_ptr_array_unref (b);
  g_ptr_array_unref (both);
}

GST_END_TEST;

static void
set_next_uri (GstElement *playbin, gpointer user_data)
{
  gchar *next = g_atomic_pointer_exchange ((gpointer *)user_data, NULL);

  /* Gapless: the next track is set while the current one plays on. */
  if (next) {
    g_object_set (playbin, "uri", next, NULL);
    g_free (next);
  }
}

/* playbin with genreclassify as audio-filter plays @uri, then @next_uri
 * (unless NULL) gaplessly, as players do. */
static GPtrArray *
run_playbin (const gchar *uri, const gchar *next_uri)
{
  GstElement *playbin = gst_element_factory_make ("playbin", NULL);
  GstElement *filter = gst_element_factory_make ("genreclassify", NULL);
  GstElement *sink = gst_element_factory_make ("fakesink", NULL);
  gchar *next = g_strdup (next_uri);
  GPtrArray *results;

  fail_unless (playbin && filter && sink);
  g_object_set (
      filter, "model", GC_TEST_MODEL, "window", 2.0, "min-window", 0.5, NULL);
  g_object_set (sink, "sync", FALSE, NULL);
  gst_util_set_object_arg (G_OBJECT (playbin), "flags", "audio");
  g_object_set (
      playbin, "uri", uri, "audio-filter", filter, "audio-sink", sink, NULL);
  g_signal_connect (
      playbin, "about-to-finish", G_CALLBACK (set_next_uri), &next);
  results = run_to_eos (playbin);
  fail_unless (next == NULL, "the second track was never asked for");
  gst_object_unref (playbin);
  return results;
}

/* An Ogg Vorbis file of @track (TRACK_A or TRACK_B) in a folder of the
 * build tree; returns its URI. */
static gchar *
make_file (const gchar *track, const gchar *name)
{
  gchar *dir =
      g_build_filename (GC_BUILD_ROOT, "tests", "element", "tmp-tracks", NULL);
  gchar *path = g_build_filename (dir, name, NULL);
  gchar *launch, *uri;
  GPtrArray *none;

  fail_unless (g_mkdir_with_parents (dir, 0755) == 0);
  launch = g_strdup_printf ("%s ! audioconvert ! vorbisenc quality=0.5 ! "
                            "oggmux ! filesink location=\"%s\"",
      track, path);
  none = run_launch (launch);
  fail_unless_equals_int (none->len, 0);
  g_ptr_array_unref (none);
  uri = gst_filename_to_uri (path, NULL);
  fail_unless (uri != NULL);
  g_free (launch);
  g_free (path);
  g_free (dir);
  return uri;
}

/* Gapless playbin (the next URI set in about-to-finish): each song is
 * reported as it is when played alone.  Its timestamps and stream-times
 * start from 0 again; the running time goes on from the end of the first
 * song (streamsynchronizer's segment base). */
GST_START_TEST (test_playbin_gapless_tracks_match_alone)
{
  gchar *uri_a = make_file (TRACK_A, "a.ogg");
  gchar *uri_b = make_file (TRACK_B, "b.ogg");
  GPtrArray *a = run_playbin (uri_a, NULL);
  GPtrArray *b = run_playbin (uri_b, NULL);
  GPtrArray *both = run_playbin (uri_a, uri_b);
  GstClockTimeDiff offset;

  fail_unless_equals_int (a->len, 4);
  fail_unless_equals_int (b->len, 3);
  check_tracks_differ (a, b);
  fail_unless_equals_int (both->len, a->len + b->len);
  check_same_track (a, both, 0, 0);
  offset =
      (GstClockTimeDiff)gc_test_get_uint64 (both->pdata[a->len], "running-time")
      - (GstClockTimeDiff)gc_test_get_uint64 (b->pdata[0], "running-time");
  fail_unless (ABS (offset - (GstClockTimeDiff)(5 * S)) < 50 * GST_MSECOND,
      "the second song starts at running time %" GST_STIME_FORMAT,
      GST_STIME_ARGS (offset));
  check_same_track (b, both, a->len, offset);
  g_ptr_array_unref (a);
  g_ptr_array_unref (b);
  g_ptr_array_unref (both);
  g_free (uri_a);
  g_free (uri_b);
}

GST_END_TEST;

static Suite *
tracks_suite (void)
{
  Suite *s = suite_create ("genreclassify-tracks");
  TCase *tc = tcase_create ("general");

  tcase_set_timeout (tc, 300);
  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_same_stream_start_goes_on);
  tcase_add_test (tc, test_new_stream_ends_track);
  tcase_add_test (tc, test_stream_after_eos_ends_nothing);
  tcase_add_test (tc, test_concat_tracks_match_alone);
  tcase_add_test (tc, test_playbin_gapless_tracks_match_alone);
  return s;
}

int
main (int argc, char **argv)
{
  gc_test_init (&argc, &argv);
  return gc_test_run (tracks_suite (), "genreclassify-tracks");
}
