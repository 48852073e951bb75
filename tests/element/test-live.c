/* genreclassify — element tests: uncertain results, smoothing and genre
 * change messages (issue 12, parts 3 and 4)
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The input is the demo model's own synthetic classes (src/training/gc-demo.h)
 * at 22050 Hz mono, so that what each stretch of the stream is — and when
 * it changes — is known.  These tests check the behaviour (fields, counts,
 * the arithmetic of the smoothed distribution, hysteresis, restarts); how
 * well changes are found in real music is tests/pipelines/test-changes.c.
 */
#include <math.h>
#include <string.h>

#include "gc-check-util.h"
#include "gc-demo.h"

#define S GST_SECOND
#define CAPS                                                                   \
  "audio/x-raw, format=F32LE, rate=22050, channels=1, layout=interleaved"

/* "noise:12,tones:12": the demo classes, concatenated. */
static GArray *
make_signal (const gchar *spec)
{
  GArray *a = g_array_new (FALSE, FALSE, sizeof (float));
  gchar **parts = g_strsplit (spec, ",", -1);

  for (guint i = 0; parts[i] != NULL; i++) {
    gchar **kv = g_strsplit (parts[i], ":", 2);
    gsize n = (gsize)llround (g_ascii_strtod (kv[1], NULL) * 22050);
    guint cls = G_MAXUINT;
    float *clip = g_new (float, n);

    for (guint k = 0; gc_demo_labels[k] != NULL; k++)
      if (strcmp (gc_demo_labels[k], kv[0]) == 0)
        cls = k;
    fail_unless (cls != G_MAXUINT, "no class %s", kv[0]);
    gc_demo_synthesise (cls, gc_demo_clip_seed (4242, cls, i), clip, n);
    g_array_append_vals (a, clip, n);
    g_free (clip);
    g_strfreev (kv);
  }
  g_strfreev (parts);
  return a;
}

/* Pushes @signal from sample @from to @to in 0.1-s buffers, timestamps
 * @base + sample / 22050; the first buffer DISCONT if @discont. */
static void
push_range (GstHarness *h, GArray *signal, gsize from, gsize to,
    GstClockTime base, gboolean discont)
{
  for (gsize i = from; i < to; i += 2205) {
    gsize n = MIN (2205, to - i);
    GstBuffer *buf = gst_buffer_new_memdup (
        &g_array_index (signal, float, i), n * sizeof (float));

    GST_BUFFER_PTS (buf) =
        base + gst_util_uint64_scale_round (i - from, S, 22050);
    GST_BUFFER_DURATION (buf) = gst_util_uint64_scale_round (n, S, 22050);
    if (discont && i == from)
      GST_BUFFER_FLAG_SET (buf, GST_BUFFER_FLAG_DISCONT);
    fail_unless_equals_int (gst_harness_push (h, buf), GST_FLOW_OK);
  }
}

/* Every element message of both kinds, in bus order (structure copies). */
static GPtrArray *
collect_all (GstHarness *h)
{
  GPtrArray *all =
      g_ptr_array_new_with_free_func ((GDestroyNotify)gst_structure_free);
  GstMessage *msg;

  while ((msg = gst_bus_pop_filtered (
              gc_test_harness_bus (h), GST_MESSAGE_ELEMENT))) {
    g_ptr_array_add (all, gst_structure_copy (gst_message_get_structure (msg)));
    gst_message_unref (msg);
  }
  return all;
}

static GPtrArray *
only (GPtrArray *all, const gchar *name)
{
  GPtrArray *out =
      g_ptr_array_new_with_free_func ((GDestroyNotify)gst_structure_free);

  for (guint i = 0; i < all->len; i++)
    if (gst_structure_has_name (all->pdata[i], name))
      g_ptr_array_add (out, gst_structure_copy (all->pdata[i]));
  return out;
}

/* Runs @spec through "genreclassify @props" and EOS; every message. */
static GPtrArray *
run (const gchar *props, const gchar *spec, GPtrArray **tag_lists)
{
  GstHarness *h = gc_test_harness (props, CAPS);
  GArray *signal = make_signal (spec);
  GPtrArray *all;
  GstEvent *ev;

  push_range (h, signal, 0, signal->len, 0, FALSE);
  fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));
  all = collect_all (h);
  if (tag_lists) {
    *tag_lists =
        g_ptr_array_new_with_free_func ((GDestroyNotify)gst_tag_list_unref);
    while ((ev = gst_harness_try_pull_event (h))) {
      if (GST_EVENT_TYPE (ev) == GST_EVENT_TAG) {
        GstTagList *t;

        gst_event_parse_tag (ev, &t);
        g_ptr_array_add (*tag_lists, gst_tag_list_ref (t));
      }
      gst_event_unref (ev);
    }
  }
  g_array_free (signal, TRUE);
  gc_test_teardown (h);
  return all;
}

/* p1 - p2 of a result, -1 when it was not classified. */
static gdouble
lead_of (const GstStructure *s)
{
  guint n = gc_test_n_probs (s);

  if (n == 0)
    return -1.0;
  return n == 1 ? 1.0 : gc_test_prob (s, 0) - gc_test_prob (s, 1);
}

/* Probability of @genre in the @field array of @s (its genres in
 * @genres_field), -1 if absent. */
static gdouble
prob_in (const GstStructure *s, const gchar *genres_field,
    const gchar *probs_field, const gchar *genre)
{
  const GValue *g = gst_structure_get_value (s, genres_field);
  const GValue *p = gst_structure_get_value (s, probs_field);

  fail_unless (g != NULL && p != NULL);
  for (guint i = 0; i < gst_value_array_get_size (g); i++)
    if (strcmp (g_value_get_string (gst_value_array_get_value (g, i)), genre)
        == 0)
      return g_value_get_double (gst_value_array_get_value (p, i));
  return -1.0;
}

/* Defaults: nothing uncertain, no smoothing, no change messages; the
 * uncertain field is there. */
GST_START_TEST (test_defaults)
{
  GstElement *e = gst_element_factory_make ("genreclassify", NULL);
  gdouble um = -1, sm = -1, cm = -1;
  GPtrArray *tags, *all, *results;

  g_object_get (
      e, "uncertain-margin", &um, "smoothing", &sm, "change-margin", &cm, NULL);
  fail_unless_equals_float (um, 0.0);
  fail_unless_equals_float (sm, 0.0);
  fail_unless_equals_float (cm, 0.3);
  gst_object_unref (e);

  all = run ("window=2 hop=1", "noise:3,tones:3", &tags);
  results = only (all, "genreclassify");
  /* windows at 0, 1, … 4 s, and the summary */
  fail_unless_equals_int (results->len, 6);
  fail_unless_equals_int (all->len, results->len);
  for (guint i = 0; i < results->len; i++) {
    const GstStructure *s = results->pdata[i];

    gc_test_check_result (s);
    fail_if (gc_test_get_boolean (s, "uncertain"));
    fail_if (gst_structure_has_field (s, "smoothed-genres"));
    fail_if (gst_structure_has_field (s, "current-genre"));
  }
  fail_unless_equals_int (tags->len, 6);
  for (guint i = 0; i < tags->len; i++) {
    gchar *genre = NULL;

    fail_unless (
        gst_tag_list_get_string (tags->pdata[i], GST_TAG_GENRE, &genre));
    g_free (genre);
    fail_unless_equals_int (
        gst_tag_list_get_tag_size (tags->pdata[i], "genre-uncertain"), 0);
  }
  g_ptr_array_unref (results);
  g_ptr_array_unref (all);
  g_ptr_array_unref (tags);
}

GST_END_TEST;

/* uncertain is exactly p1 - p2 < uncertain-margin, for windows and the
 * summary; the tags of an uncertain result carry genre-uncertain and no
 * genre, those of a certain one the genre and no genre-uncertain. */
GST_START_TEST (test_uncertain)
{
  const gchar *spec = "noise:4,tones:4,clicks:4";
  GPtrArray *plain = run ("window=2", spec, NULL), *judged, *tags;
  GArray *leads = g_array_new (FALSE, FALSE, sizeof (gdouble));
  gdouble margin, lo, hi;
  guint n_uncertain = 0, n_certain = 0, n_tag_uncertain = 0;
  gchar *props;

  fail_unless_equals_int (plain->len, 7);
  for (guint i = 0; i < plain->len; i++) {
    gdouble l = lead_of (plain->pdata[i]);

    fail_unless (l >= 0.0);
    g_array_append_val (leads, l);
  }
  /* a margin between two of the leads (sorted here): some results on
   * each side */
  {
    gdouble *v = (gdouble *)(void *)leads->data;

    for (guint i = 1; i < leads->len; i++)
      for (guint j = i; j > 0 && v[j - 1] > v[j]; j--) {
        gdouble t = v[j];

        v[j] = v[j - 1];
        v[j - 1] = t;
      }
    lo = v[leads->len / 2 - 1];
    hi = v[leads->len / 2];
    fail_unless (hi > lo, "leads %g and %g are equal", lo, hi);
    margin = (lo + hi) / 2.0;
  }
  props = g_strdup_printf ("window=2 uncertain-margin=%.17g", margin);
  judged = run (props, spec, &tags);
  fail_unless_equals_int (judged->len, plain->len);
  for (guint i = 0; i < judged->len; i++) {
    const GstStructure *s = judged->pdata[i];
    gboolean expect = lead_of (s) < margin;

    gc_test_check_result (s);
    /* the same analysis: the margin changes only the verdict */
    fail_unless_equals_float (lead_of (s), lead_of (plain->pdata[i]));
    fail_unless_equals_int (gc_test_get_boolean (s, "uncertain"), expect);
    if (expect)
      n_uncertain++;
    else
      n_certain++;
  }
  fail_unless (n_uncertain >= 1 && n_certain >= 1);
  fail_unless_equals_int (tags->len, judged->len);
  for (guint i = 0; i < tags->len; i++) {
    const GstTagList *t = tags->pdata[i];
    gboolean flag = FALSE;
    gchar *dist = NULL;

    fail_unless (gst_tag_list_get_string (t, "genre-distribution", &dist));
    g_free (dist);
    if (gst_tag_list_get_boolean (t, "genre-uncertain", &flag)) {
      fail_unless (flag);
      fail_unless_equals_int (gst_tag_list_get_tag_size (t, GST_TAG_GENRE), 0);
      n_tag_uncertain++;
    } else {
      fail_unless_equals_int (gst_tag_list_get_tag_size (t, GST_TAG_GENRE), 1);
    }
  }
  fail_unless_equals_int (n_tag_uncertain, n_uncertain);
  g_free (props);
  g_ptr_array_unref (tags);
  g_ptr_array_unref (judged);

  /* margin 1: every result is uncertain, the summary too */
  judged = run ("window=2 uncertain-margin=1", spec, NULL);
  for (guint i = 0; i < judged->len; i++)
    fail_unless (gc_test_get_boolean (judged->pdata[i], "uncertain"));
  fail_unless (gc_test_get_boolean (judged->pdata[judged->len - 1], "final"));
  g_ptr_array_unref (judged);

  /* silence is not uncertain: there is no answer at all */
  {
    GstHarness *h = gc_test_harness ("window=2 uncertain-margin=1", CAPS);
    GPtrArray *r;

    gc_test_push_signal (h, GST_AUDIO_FORMAT_F32LE, 22050, 1, 0, 0, 4.0, 2205,
        GC_SIGNAL_SILENCE, NULL);
    fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));
    r = gc_test_collect_results (gc_test_harness_bus (h));
    fail_unless_equals_int (r->len, 3);
    for (guint i = 0; i < r->len; i++) {
      fail_unless (gc_test_get_boolean (r->pdata[i], "silent"));
      fail_if (gc_test_get_boolean (r->pdata[i], "uncertain"));
    }
    g_ptr_array_unref (r);
    gc_test_teardown (h);
  }
  g_array_free (leads, TRUE);
  g_ptr_array_unref (plain);
}

GST_END_TEST;

/* The stream's own genre (and title) reach downstream in the tags of an
 * uncertain result; a certain one replaces the genre. */
static GstTagList *
last_tags_after_upstream (const gchar *props)
{
  GstHarness *h = gc_test_harness (props, CAPS);
  GArray *signal = make_signal ("noise:4");
  GstTagList *up = gst_tag_list_new (
      GST_TAG_GENRE, "Jazz", GST_TAG_TITLE, "Take Five", NULL);
  GstTagList *last = NULL;
  GstEvent *ev;

  gst_tag_list_set_scope (up, GST_TAG_SCOPE_STREAM);
  fail_unless (gst_harness_push_event (h, gst_event_new_tag (up)));
  push_range (h, signal, 0, signal->len, 0, FALSE);
  fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));
  while ((ev = gst_harness_try_pull_event (h))) {
    if (GST_EVENT_TYPE (ev) == GST_EVENT_TAG) {
      GstTagList *t;

      gst_event_parse_tag (ev, &t);
      g_clear_pointer (&last, gst_tag_list_unref);
      last = gst_tag_list_ref (t);
    }
    gst_event_unref (ev);
  }
  g_array_free (signal, TRUE);
  gc_test_teardown (h);
  fail_unless (last != NULL);
  return last;
}

GST_START_TEST (test_uncertain_keeps_stream_genre)
{
  static const gchar *const modes[] = { "windows", "summary" };

  for (guint m = 0; m < G_N_ELEMENTS (modes); m++) {
    gchar *props = g_strdup_printf ("window=2 tag-mode=%s", modes[m]);
    gchar *uprops =
        g_strdup_printf ("window=2 tag-mode=%s uncertain-margin=1", modes[m]);
    GstTagList *t = last_tags_after_upstream (uprops);
    gchar *genre = NULL, *title = NULL;
    gboolean flag = FALSE;

    fail_unless (gst_tag_list_get_string (t, GST_TAG_GENRE, &genre));
    fail_unless_equals_string (genre, "Jazz");
    fail_unless (gst_tag_list_get_string (t, GST_TAG_TITLE, &title));
    fail_unless_equals_string (title, "Take Five");
    fail_unless (gst_tag_list_get_boolean (t, "genre-uncertain", &flag));
    fail_unless (flag);
    fail_unless_equals_int (
        gst_tag_list_get_tag_size (t, "genre-distribution"), 1);
    g_free (genre);
    gst_tag_list_unref (t);

    t = last_tags_after_upstream (props);
    fail_unless (gst_tag_list_get_string (t, GST_TAG_GENRE, &genre));
    fail_unless (g_strv_contains (gc_demo_labels, genre), "genre %s", genre);
    fail_unless_equals_int (
        gst_tag_list_get_tag_size (t, "genre-uncertain"), 0);
    g_free (genre);
    g_free (title);
    gst_tag_list_unref (t);
    g_free (props);
    g_free (uprops);
  }
}

GST_END_TEST;

/* The smoothed distribution is the mean of the windows that started in
 * the last `smoothing` seconds, checked against the window messages
 * themselves. */
GST_START_TEST (test_smoothed_fields)
{
  GPtrArray *all = run ("window=2 hop=1 smoothing=3", "noise:6,tones:6", NULL);
  GPtrArray *w = only (all, "genreclassify");
  static const gchar *const labels[] = { "tones", "noise", "clicks" };

  /* windows starting at 0 … 10 s, then the summary */
  fail_unless_equals_int (w->len, 12);
  for (guint i = 0; i + 1 < w->len; i++) {
    const GstStructure *s = w->pdata[i];
    guint first = i >= 2 ? i - 2 : 0, n = i - first + 1;
    gdouble best = -1.0, sum = 0.0;
    const gchar *best_label = NULL;

    fail_unless_equals_uint64 (gc_test_get_uint64 (s, "timestamp"), i * S);
    fail_unless_equals_int (gc_test_get_uint (s, "smoothed-windows"), n);
    for (guint k = 0; k < G_N_ELEMENTS (labels); k++) {
      gdouble mean = 0.0, got;

      for (guint j = first; j <= i; j++)
        mean += prob_in (w->pdata[j], "genres", "probabilities", labels[k]);
      mean /= n;
      got = prob_in (s, "smoothed-genres", "smoothed-probabilities", labels[k]);
      fail_unless (fabs (got - mean) < 1e-12,
          "window %u %s: %.17g, expected "
          "%.17g",
          i, labels[k], got, mean);
      sum += got;
      if (got > best) {
        best = got;
        best_label = labels[k];
      }
    }
    fail_unless (fabs (sum - 1.0) < 1e-12);
    fail_unless_equals_string (
        gst_structure_get_string (s, "smoothed-genre"), best_label);
    fail_unless_equals_float (
        gc_test_get_double (s, "smoothed-confidence"), best);
  }
  /* the summary has no smoothed fields */
  fail_if (gst_structure_has_field (w->pdata[w->len - 1], "smoothed-genres"));
  g_ptr_array_unref (w);
  g_ptr_array_unref (all);
}

GST_END_TEST;

/* 12 s of noise then 12 s of tones: the first genre, then one change,
 * near 12 s, with consistent evidence, right after the window message
 * that confirmed it. */
GST_START_TEST (test_change_messages)
{
  GPtrArray *all = run ("window=3 hop=1 smoothing=3 change-margin=0.2",
      "noise:12,tones:12", NULL);
  GPtrArray *changes = only (all, "genreclassify-change");
  const GstStructure *c;
  gdouble t, detected;
  guint pos = G_MAXUINT;

  for (guint i = 0; i < changes->len; i++)
    GST_INFO ("%" GST_PTR_FORMAT, changes->pdata[i]);
  fail_unless_equals_int (changes->len, 2);

  c = changes->pdata[0];
  fail_unless_equals_string (gst_structure_get_string (c, "old-genre"), "");
  fail_unless_equals_string (
      gst_structure_get_string (c, "new-genre"), "noise");
  fail_unless_equals_uint64 (gc_test_get_uint64 (c, "timestamp"), 0);
  fail_unless_equals_uint64 (gc_test_get_uint64 (c, "first-window"), 0);

  c = changes->pdata[1];
  fail_unless_equals_string (
      gst_structure_get_string (c, "old-genre"), "noise");
  fail_unless_equals_string (
      gst_structure_get_string (c, "new-genre"), "tones");
  t = gc_test_get_uint64 (c, "timestamp") / (gdouble)S;
  detected = gc_test_get_uint64 (c, "detected-at") / (gdouble)S;
  GST_INFO ("change at %.3f s (true 12 s), detected at %.3f s", t, detected);
  fail_unless (fabs (t - 12.0) <= 2.0, "change placed at %.3f s", t);
  fail_unless (detected >= t && detected <= 12.0 + 3.0 + 3.0);
  fail_unless (gc_test_get_double (c, "margin") >= 0.2);
  fail_unless (fabs (gc_test_get_double (c, "margin")
                   - (gc_test_get_double (c, "new-probability")
                       - gc_test_get_double (c, "old-probability")))
      < 1e-12);
  fail_unless (gc_test_get_uint64 (c, "first-window")
      <= gc_test_get_uint64 (c, "timestamp"));
  fail_unless (gc_test_get_uint (c, "voting-windows") >= 1);
  fail_unless (gc_test_get_uint (c, "smoothed-windows") >= 1);
  fail_unless_equals_uint64 (gc_test_get_uint64 (c, "stream-time"),
      gc_test_get_uint64 (c, "timestamp"));

  /* posted right after the message of the window that confirmed it, which
   * ends at detected-at and already says current-genre=tones */
  for (guint i = 0; i < all->len; i++)
    if (gst_structure_has_name (all->pdata[i], "genreclassify-change")
        && gc_test_get_uint64 (all->pdata[i], "timestamp")
            == gc_test_get_uint64 (c, "timestamp"))
      pos = i;
  fail_unless (pos != G_MAXUINT && pos > 0);
  {
    const GstStructure *w = all->pdata[pos - 1];

    fail_unless (gst_structure_has_name (w, "genreclassify"));
    fail_unless_equals_int (gc_test_get_uint (w, "window-index"),
        gc_test_get_uint (c, "window-index"));
    fail_unless_equals_uint64 (gc_test_get_uint64 (w, "timestamp")
            + gc_test_get_uint64 (w, "duration"),
        gc_test_get_uint64 (c, "detected-at"));
    fail_unless_equals_string (
        gst_structure_get_string (w, "current-genre"), "tones");
    fail_unless_equals_string (
        gst_structure_get_string (all->pdata[pos - 2], "current-genre"),
        "noise");
  }
  g_ptr_array_unref (changes);
  g_ptr_array_unref (all);

  /* A margin no lead can reach: no genre, no message; post-messages=FALSE:
   * no message either. */
  all = run (
      "window=3 hop=1 smoothing=3 change-margin=1", "noise:12,tones:12", NULL);
  changes = only (all, "genreclassify-change");
  fail_unless_equals_int (changes->len, 0);
  for (guint i = 0; i + 1 < all->len; i++)
    fail_unless_equals_string (
        gst_structure_get_string (all->pdata[i], "current-genre"), "");
  g_ptr_array_unref (changes);
  g_ptr_array_unref (all);
  all = run ("window=3 hop=1 smoothing=3 post-messages=false",
      "noise:12,tones:12", NULL);
  fail_unless_equals_int (all->len, 0);
  g_ptr_array_unref (all);
}

GST_END_TEST;

/* One odd window (3 s of tones inside noise, windows without overlap):
 * smoothing over 3 windows and a margin keep the genre; without the
 * margin, or without the smoothing, it flips there and back. */
GST_START_TEST (test_no_flapping)
{
  static const struct {
    const gchar *props;
    guint changes;
  } cases[] = {
    { "smoothing=9 change-margin=0.2", 1 },
    { "smoothing=9 change-margin=0", 3 },
    { "smoothing=1 change-margin=0", 3 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    gchar *props = g_strdup_printf ("window=3 hop=3 %s", cases[i].props);
    GPtrArray *all = run (props, "noise:12,tones:3,noise:12", NULL);
    GPtrArray *changes = only (all, "genreclassify-change");

    fail_unless_equals_int (changes->len, cases[i].changes);
    fail_unless_equals_string (
        gst_structure_get_string (changes->pdata[0], "new-genre"), "noise");
    if (changes->len == 3) {
      fail_unless_equals_string (
          gst_structure_get_string (changes->pdata[1], "new-genre"), "tones");
      fail_unless_equals_string (
          gst_structure_get_string (changes->pdata[2], "new-genre"), "noise");
    }
    g_ptr_array_unref (changes);
    g_ptr_array_unref (all);
    g_free (props);
  }
}

GST_END_TEST;

/* A discontinuity keeps the current genre (no new message for the same
 * music); a flush forgets it (the stream starts again). */
GST_START_TEST (test_changes_restart)
{
  GstHarness *h = gc_test_harness ("window=3 hop=1 smoothing=3", CAPS);
  GArray *signal = make_signal ("noise:6");
  GPtrArray *all, *changes;
  GstSegment segment;
  gboolean seen = FALSE;

  push_range (h, signal, 0, signal->len, 0, FALSE);
  push_range (h, signal, 0, signal->len, 10 * S, TRUE);
  all = collect_all (h);
  changes = only (all, "genreclassify-change");
  fail_unless_equals_int (changes->len, 1);
  fail_unless_equals_string (
      gst_structure_get_string (changes->pdata[0], "old-genre"), "");
  g_ptr_array_unref (changes);
  /* after the discontinuity the smoothing starts again: one window */
  for (guint i = 0; i < all->len; i++) {
    const GstStructure *s = all->pdata[i];

    if (gst_structure_has_name (s, "genreclassify")
        && gc_test_get_uint64 (s, "timestamp") == 10 * S) {
      fail_unless_equals_int (gc_test_get_uint (s, "smoothed-windows"), 1);
      fail_unless_equals_string (
          gst_structure_get_string (s, "current-genre"), "noise");
      seen = TRUE;
    }
  }
  fail_unless (seen);
  g_ptr_array_unref (all);

  fail_unless (gst_harness_push_event (h, gst_event_new_flush_start ()));
  fail_unless (gst_harness_push_event (h, gst_event_new_flush_stop (TRUE)));
  gst_segment_init (&segment, GST_FORMAT_TIME);
  fail_unless (gst_harness_push_event (h, gst_event_new_segment (&segment)));
  push_range (h, signal, 0, signal->len, 0, FALSE);
  all = collect_all (h);
  changes = only (all, "genreclassify-change");
  fail_unless_equals_int (changes->len, 1);
  fail_unless_equals_string (
      gst_structure_get_string (changes->pdata[0], "old-genre"), "");
  fail_unless_equals_string (
      gst_structure_get_string (changes->pdata[0], "new-genre"), "noise");
  g_ptr_array_unref (changes);
  g_ptr_array_unref (all);
  g_array_free (signal, TRUE);
  gc_test_teardown (h);
}

GST_END_TEST;

/* Buffers without timestamps: the changes are reported, without
 * invented times. */
GST_START_TEST (test_changes_no_timestamps)
{
  GstHarness *h = gc_test_harness ("window=3 hop=1 smoothing=3", CAPS);
  GArray *signal = make_signal ("noise:9,tones:9");
  GPtrArray *all, *changes;

  for (gsize i = 0; i < signal->len; i += 2205) {
    gsize n = MIN (2205, signal->len - i);

    fail_unless_equals_int (
        gst_harness_push (h,
            gst_buffer_new_memdup (
                &g_array_index (signal, float, i), n * sizeof (float))),
        GST_FLOW_OK);
  }
  fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));
  all = collect_all (h);
  changes = only (all, "genreclassify-change");
  fail_unless_equals_int (changes->len, 2);
  for (guint i = 0; i < changes->len; i++) {
    const GstStructure *c = changes->pdata[i];

    fail_unless_equals_uint64 (
        gc_test_get_uint64 (c, "timestamp"), GST_CLOCK_TIME_NONE);
    fail_unless_equals_uint64 (
        gc_test_get_uint64 (c, "stream-time"), GST_CLOCK_TIME_NONE);
    fail_unless_equals_uint64 (
        gc_test_get_uint64 (c, "first-window"), GST_CLOCK_TIME_NONE);
    fail_unless_equals_uint64 (
        gc_test_get_uint64 (c, "detected-at"), GST_CLOCK_TIME_NONE);
  }
  fail_unless_equals_string (
      gst_structure_get_string (changes->pdata[1], "new-genre"), "tones");
  g_ptr_array_unref (changes);
  g_ptr_array_unref (all);
  g_array_free (signal, TRUE);
  gc_test_teardown (h);
}

GST_END_TEST;

/* The smoothing's memory counts with the analysers' (at most 1 GiB). */
GST_START_TEST (test_smoothing_memory)
{
  GError *err = NULL;

  fail_unless (gc_test_try_start (GC_TEST_MODEL,
                   "window=1 hop=0.01 smoothing=3600", &err, NULL)
      != GST_STATE_CHANGE_FAILURE);
  fail_unless_equals_int (gc_test_try_start (GC_TEST_MODEL,
                              "window=1 hop=0.0016 smoothing=3600", &err, NULL),
      GST_STATE_CHANGE_FAILURE);
  fail_unless (
      g_error_matches (err, GST_LIBRARY_ERROR, GST_LIBRARY_ERROR_SETTINGS));
  fail_unless (strstr (err->message, "smoothing (3600 s) is too long") != NULL,
      "%s", err->message);
  /* the message names the smoothing: the analysers alone would fit */
  g_clear_error (&err);
}

GST_END_TEST;

static Suite *
live_suite (void)
{
  Suite *s = suite_create ("element-live");
  TCase *tc = tcase_create ("general");

  tcase_set_timeout (tc, 120);
  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_defaults);
  tcase_add_test (tc, test_uncertain);
  tcase_add_test (tc, test_uncertain_keeps_stream_genre);
  tcase_add_test (tc, test_smoothed_fields);
  tcase_add_test (tc, test_change_messages);
  tcase_add_test (tc, test_no_flapping);
  tcase_add_test (tc, test_changes_restart);
  tcase_add_test (tc, test_changes_no_timestamps);
  tcase_add_test (tc, test_smoothing_memory);
  return s;
}

int
main (int argc, char **argv)
{
  gc_test_init (&argc, &argv);
  return gc_test_run (live_suite (), "element-live");
}
