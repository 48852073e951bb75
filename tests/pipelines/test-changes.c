/* genreclassify — genre changes in real music: how far from the true
 * change each genreclassify-change message comes, and how many false
 * changes an hour of unchanging music gets
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Real clips of four clearly different genres from $GENRECLASSIFY_SHARED/data
 * (Emotify's classical, electronic and rock, AllMusic's hip-hop; the tests
 * are skipped without them) are decoded to 22050 Hz mono and pushed, end to
 * end, as one continuous stream through the element — as a radio programme
 * reaches it:
 *
 *   alternating  12 clips, the genre changing at every clip (11 changes at
 *                known times);
 *   steady       per genre, its 6 clips one after the other (four streams
 *                of 3 minutes, no genre change at all).
 *
 * The model: CHANGE_MODEL, or (NULL) a small one trained here, once per
 * build folder, with genreclassify-train on 8 other clips per genre, by
 * other artists (fixed C and gamma, no grid search: a few seconds).  Set
 * CHANGE_MODEL to the shipped model's path to measure that one instead;
 * its labels must include the four genres.
 *
 * The element runs with the settings docs/howto-radio-monitoring.md
 * recommends (SMOOTHING, CHANGE_MARGIN); its change messages are checked
 * against GcSmoother replaying its own window messages (the same
 * arithmetic, bit for bit), then the window messages are replayed with
 * other settings to print the trade-off table of the how-to.  The bounds
 * asserted are for the recommended settings.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>
#include <gst/app/gstappsink.h>
#include <gst/check/gstharness.h>
#include <gst/gst.h>

#include "gc-model.h"
#include "gc-smoother.h"
#include "gc-test-data.h"

/* The one constant to switch to another model (a model.ini path). */
#define CHANGE_MODEL NULL

/* What the element runs with. */
#define WINDOW 10.0
#define HOP 2.5
#define SMOOTHING 15.0
#define CHANGE_MARGIN 0.3

/* A change message within this many seconds of a true change, naming the
 * new clip's genre, found it. */
#define TOLERANCE 10.0

#define RATE 22050
#define MAX_LABELS 64

typedef struct {
  const char *path; /* under data/ */
  const char *genre;
} Clip;

/* One clip per artist; artists of the training clips are not in the
 * streams. */
static const Clip train_clips[] = {
  { "emotify/classical/022.mp3", "classical" },
  { "emotify/classical/023.mp3", "classical" },
  { "emotify/classical/028.mp3", "classical" },
  { "emotify/classical/024.mp3", "classical" },
  { "emotify/classical/010.mp3", "classical" },
  { "emotify/classical/034.mp3", "classical" },
  { "emotify/classical/035.mp3", "classical" },
  { "emotify/classical/008.mp3", "classical" },
  { "emotify/electronic/018.mp3", "electronic" },
  { "emotify/electronic/025.mp3", "electronic" },
  { "emotify/electronic/002.mp3", "electronic" },
  { "emotify/electronic/026.mp3", "electronic" },
  { "emotify/electronic/028.mp3", "electronic" },
  { "emotify/electronic/032.mp3", "electronic" },
  { "emotify/electronic/037.mp3", "electronic" },
  { "emotify/electronic/005.mp3", "electronic" },
  { "allmusic-4q/hip-hop/MT0015599764.mp3", "hip-hop" },
  { "allmusic-4q/hip-hop/MT0014794891.mp3", "hip-hop" },
  { "allmusic-4q/hip-hop/MT0010085729.mp3", "hip-hop" },
  { "allmusic-4q/hip-hop/MT0014134790.mp3", "hip-hop" },
  { "allmusic-4q/hip-hop/MT0009117202.mp3", "hip-hop" },
  { "allmusic-4q/hip-hop/MT0002233402.mp3", "hip-hop" },
  { "allmusic-4q/hip-hop/MT0032957418.mp3", "hip-hop" },
  { "allmusic-4q/hip-hop/MT0000901959.mp3", "hip-hop" },
  { "emotify/rock/003.mp3", "rock" },
  { "emotify/rock/011.mp3", "rock" },
  { "emotify/rock/013.mp3", "rock" },
  { "emotify/rock/009.mp3", "rock" },
  { "emotify/rock/010.mp3", "rock" },
  { "emotify/rock/005.mp3", "rock" },
  { "emotify/rock/027.mp3", "rock" },
  { "emotify/rock/001.mp3", "rock" },
};

/* Six clips per genre, in genre blocks: the steady streams. */
static const Clip stream_clips[] = {
  { "emotify/classical/036.mp3", "classical" },
  { "emotify/classical/037.mp3", "classical" },
  { "emotify/classical/043.mp3", "classical" },
  { "emotify/classical/045.mp3", "classical" },
  { "emotify/classical/014.mp3", "classical" },
  { "emotify/classical/004.mp3", "classical" },
  { "emotify/electronic/039.mp3", "electronic" },
  { "emotify/electronic/041.mp3", "electronic" },
  { "emotify/electronic/044.mp3", "electronic" },
  { "emotify/electronic/047.mp3", "electronic" },
  { "emotify/electronic/017.mp3", "electronic" },
  { "emotify/electronic/054.mp3", "electronic" },
  { "allmusic-4q/hip-hop/MT0014737299.mp3", "hip-hop" },
  { "allmusic-4q/hip-hop/MT0013885218.mp3", "hip-hop" },
  { "allmusic-4q/hip-hop/MT0013612461.mp3", "hip-hop" },
  { "allmusic-4q/hip-hop/MT0000092267.mp3", "hip-hop" },
  { "allmusic-4q/hip-hop/MT0003362542.mp3", "hip-hop" },
  { "allmusic-4q/hip-hop/MT0015004289.mp3", "hip-hop" },
  { "emotify/rock/031.mp3", "rock" },
  { "emotify/rock/074.mp3", "rock" },
  { "emotify/rock/033.mp3", "rock" },
  { "emotify/rock/034.mp3", "rock" },
  { "emotify/rock/012.mp3", "rock" },
  { "emotify/rock/039.mp3", "rock" },
};

/* The alternating stream: indices into stream_clips, every transition
 * between two of the genres at least once (C classical 0-5, E electronic
 * 6-11, H hip-hop 12-17, R rock 18-23): C H R E C R H E H C E R. */
static const guint alternating[] = { 0, 12, 18, 6, 1, 19, 13, 7, 14, 2, 8, 20 };

/* ---- set-up ------------------------------------------------------------ */

static char *data_dir, *tmp_dir, *model_path;
static GcModel *model;
static GArray *decoded[G_N_ELEMENTS (stream_clips)]; /* float, 22050 mono */

static void
run_tool (const char *const *argv)
{
  char *out = NULL, *err = NULL;
  int status;
  GError *error = NULL;

  g_assert_true (g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL,
      NULL, &out, &err, &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("%s failed: %s\n%s%s", argv[0], error->message, out, err);
  g_test_message ("%s", out);
  g_free (out);
  g_free (err);
}

/* Trains the test's model into the build folder (features cached there). */
static char *
train_model (void)
{
  char *list = g_build_filename (tmp_dir, "train.list", NULL);
  char *out = g_build_filename (tmp_dir, "model", "model.ini", NULL);
  char *cache = g_build_filename (
      GC_BUILD_ROOT, "tests", "pipelines", "changes-feature-cache", NULL);
  GString *text = g_string_new (NULL);
  double t0 = g_get_monotonic_time () / 1e6;
  const char *argv[] = { GC_TRAIN, "--features", "robust-281", "--window", "10",
    "--hop", "5", "--c", "32", "--gamma", "0.001953125", "-j", "2",
    "--progress", "none", "--cache-dir", cache, "-o", out, list, NULL };

  for (guint i = 0; i < G_N_ELEMENTS (train_clips); i++)
    g_string_append_printf (text, "%s/%s\t%s\n", data_dir, train_clips[i].path,
        train_clips[i].genre);
  g_assert_true (g_file_set_contents (list, text->str, -1, NULL));
  g_string_free (text, TRUE);
  run_tool (argv);
  g_test_message (
      "trained the test model in %.1f s", g_get_monotonic_time () / 1e6 - t0);
  g_free (list);
  g_free (cache);
  return out;
}

/* @path decoded to 22050 Hz mono float. */
static GArray *
decode (const char *path)
{
  char *desc = g_strdup_printf (
      "filesrc location=\"%s\" ! decodebin ! audioconvert ! audioresample ! "
      "audio/x-raw,format=F32LE,rate=%d,channels=1,layout=interleaved ! "
      "appsink name=sink sync=false",
      path, RATE);
  GError *error = NULL;
  GstElement *p = gst_parse_launch (desc, &error);
  GstElement *sink;
  GArray *a = g_array_new (FALSE, FALSE, sizeof (float));
  GstSample *sample;

  g_assert_no_error (error);
  sink = gst_bin_get_by_name (GST_BIN (p), "sink");
  g_assert_cmpint (gst_element_set_state (p, GST_STATE_PLAYING), !=,
      GST_STATE_CHANGE_FAILURE);
  while ((sample = gst_app_sink_pull_sample (GST_APP_SINK (sink)))) {
    GstMapInfo map;
    GstBuffer *buf = gst_sample_get_buffer (sample);

    g_assert_true (gst_buffer_map (buf, &map, GST_MAP_READ));
    g_array_append_vals (a, map.data, map.size / sizeof (float));
    gst_buffer_unmap (buf, &map);
    gst_sample_unref (sample);
  }
  g_assert_true (gst_app_sink_is_eos (GST_APP_SINK (sink)));
  gst_element_set_state (p, GST_STATE_NULL);
  gst_object_unref (sink);
  gst_object_unref (p);
  g_free (desc);
  return a;
}

/* ---- running the element ----------------------------------------------- */

typedef struct {
  guint64 start, n_samples;
  gboolean classified;
  double probs[MAX_LABELS]; /* label order */
} Window;

typedef struct {
  double t, detected; /* seconds */
  guint old_label, new_label; /* GC_LABEL_NONE for none */
  double margin;
} Change;

static guint
label_index (const char *name)
{
  if (name == NULL || *name == '\0')
    return GC_LABEL_NONE;
  for (guint k = 0; k < gc_model_get_n_labels (model); k++)
    if (strcmp (gc_model_get_label (model, k), name) == 0)
      return k;
  g_error ("no label \"%s\" in the model", name);
  return GC_LABEL_NONE;
}

static guint64
to_samples (guint64 ns)
{
  return gst_util_uint64_scale_round (ns, RATE, GST_SECOND);
}

/* Pushes the clips @order of stream_clips, end to end, through the
 * element; returns its window messages and change messages. */
static void
run_stream (const guint *order, guint n, GArray *windows, GArray *changes,
    double *seconds)
{
  char *desc = g_strdup_printf ("genreclassify model=\"%s\" window=%g hop=%g "
                                "smoothing=%g change-margin=%g",
      model_path, WINDOW, HOP, SMOOTHING, CHANGE_MARGIN);
  GstHarness *h = gst_harness_new_parse (desc);
  GstBus *bus = gst_bus_new ();
  GstMessage *msg;
  guint64 pos = 0;

  gst_element_set_bus (h->element, bus);
  gst_harness_set_src_caps_str (
      h, "audio/x-raw,format=F32LE,rate=22050,channels=1,layout=interleaved");
  gst_harness_set_drop_buffers (h, TRUE);
  for (guint c = 0; c < n; c++) {
    const GArray *a = decoded[order[c]];

    for (gsize i = 0; i < a->len; i += 2205) {
      gsize m = MIN (2205, a->len - i);
      GstBuffer *buf = gst_buffer_new_memdup (
          &g_array_index (a, float, i), m * sizeof (float));

      GST_BUFFER_PTS (buf) =
          gst_util_uint64_scale_round (pos, GST_SECOND, RATE);
      GST_BUFFER_DURATION (buf) =
          gst_util_uint64_scale_round (m, GST_SECOND, RATE);
      g_assert_cmpint (gst_harness_push (h, buf), ==, GST_FLOW_OK);
      pos += m;
    }
  }
  g_assert_true (gst_harness_push_event (h, gst_event_new_eos ()));
  *seconds = (double)pos / RATE;

  while ((msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ELEMENT))) {
    const GstStructure *s = gst_message_get_structure (msg);
    guint64 ts = 0, dur = 0, det = 0;

    if (gst_structure_has_name (s, "genreclassify")) {
      gboolean final = TRUE;
      const GValue *g = gst_structure_get_value (s, "genres");
      const GValue *p = gst_structure_get_value (s, "probabilities");
      Window w = { 0 };

      g_assert_true (gst_structure_get_boolean (s, "final", &final));
      if (!final) {
        g_assert_true (gst_structure_get_uint64 (s, "timestamp", &ts));
        g_assert_true (gst_structure_get_uint64 (s, "duration", &dur));
        w.start = to_samples (ts);
        w.n_samples = to_samples (dur);
        w.classified = gst_value_array_get_size (g) > 0;
        for (guint i = 0; i < gst_value_array_get_size (g); i++)
          w.probs[label_index (
              g_value_get_string (gst_value_array_get_value (g, i)))] =
              g_value_get_double (gst_value_array_get_value (p, i));
        g_array_append_val (windows, w);
      }
    } else if (gst_structure_has_name (s, "genreclassify-change")) {
      Change c = { 0 };

      g_assert_true (gst_structure_get_uint64 (s, "timestamp", &ts));
      g_assert_true (gst_structure_get_uint64 (s, "detected-at", &det));
      g_assert_true (gst_structure_get_double (s, "margin", &c.margin));
      c.t = ts / 1e9;
      c.detected = det / 1e9;
      c.old_label = label_index (gst_structure_get_string (s, "old-genre"));
      c.new_label = label_index (gst_structure_get_string (s, "new-genre"));
      g_array_append_val (changes, c);
    }
    gst_message_unref (msg);
  }
  gst_element_set_bus (h->element, NULL);
  gst_object_unref (bus);
  gst_harness_teardown (h);
  g_free (desc);
}

/* The element's window messages through GcSmoother with other settings:
 * the change messages the element would have posted. */
static GArray *
replay (const GArray *windows, double smoothing, double margin)
{
  guint L = gc_model_get_n_labels (model);
  GcSmoother *s =
      gc_smoother_new (L, MAX ((guint64)llround (smoothing * RATE), 1),
          (gsize)llround (WINDOW * RATE), (gsize)llround (HOP * RATE));
  GArray *changes = g_array_new (FALSE, FALSE, sizeof (Change));
  double smoothed[MAX_LABELS];

  for (guint i = 0; i < windows->len; i++) {
    const Window *w = &g_array_index (windows, Window, i);
    GcChange gc;
    gboolean changed;

    gc_smoother_add (s, w->start, w->n_samples, w->classified ? w->probs : NULL,
        margin, smoothed, &gc, &changed);
    if (changed) {
      Change c = { 0 };

      c.t = gst_util_uint64_scale_round (gc.estimate, GST_SECOND, RATE) / 1e9;
      c.detected = gst_util_uint64_scale_round (
                       w->start + w->n_samples, GST_SECOND, RATE)
          / 1e9;
      c.old_label = gc.old_label;
      c.new_label = gc.new_label;
      c.margin = gc.margin;
      g_array_append_val (changes, c);
    }
  }
  gc_smoother_free (s);
  return changes;
}

/* ---- scoring ----------------------------------------------------------- */

typedef struct {
  guint n_true, found, false_changes;
  double errors[G_N_ELEMENTS (alternating)]; /* estimate - truth, found */
  double latencies[G_N_ELEMENTS (alternating)]; /* detected - truth */
} Score;

static int
cmp_abs (const void *a, const void *b)
{
  double x = fabs (*(const double *)a), y = fabs (*(const double *)b);

  return x < y ? -1 : x > y;
}

static double
median_abs (const double *v, guint n)
{
  double *c;
  double m;

  if (n == 0)
    return NAN;
  c = g_memdup2 (v, n * sizeof (double));
  qsort (c, n, sizeof (double), cmp_abs);
  m = n % 2 ? fabs (c[n / 2]) : (fabs (c[n / 2 - 1]) + fabs (c[n / 2])) / 2;
  g_free (c);
  return m;
}

/* Matches @changes with the alternating stream's true changes (at
 * @bounds[i], into genre @genres[i], i >= 1); the first change must name
 * the first clip's genre. */
static void
score_alternating (const GArray *changes, const double *bounds,
    const guint *genres, guint n_clips, Score *sc, gboolean verbose)
{
  gboolean *hit = g_new0 (gboolean, n_clips);

  memset (sc, 0, sizeof (*sc));
  sc->n_true = n_clips - 1;
  for (guint e = 0; e < changes->len; e++) {
    const Change *c = &g_array_index (changes, Change, e);
    guint best = 0;

    if (c->old_label == GC_LABEL_NONE) {
      if (c->new_label != genres[0])
        sc->false_changes++;
      continue;
    }
    for (guint i = 1; i < n_clips; i++)
      if (best == 0 || fabs (c->t - bounds[i]) < fabs (c->t - bounds[best]))
        best = i;
    if (best > 0 && !hit[best] && fabs (c->t - bounds[best]) <= TOLERANCE
        && c->new_label == genres[best]) {
      hit[best] = TRUE;
      sc->errors[sc->found] = c->t - bounds[best];
      sc->latencies[sc->found] = c->detected - bounds[best];
      sc->found++;
      if (verbose)
        g_test_message ("  change at %6.1f s to %-10s: placed %+5.1f s, "
                        "detected %4.1f s after it (margin %.2f)",
            bounds[best], gc_model_get_label (model, c->new_label),
            c->t - bounds[best], c->detected - bounds[best], c->margin);
    } else {
      sc->false_changes++;
      if (verbose)
        g_test_message ("  false change at %6.1f s: %s -> %s (margin %.2f)",
            c->t, gc_model_get_label (model, c->old_label),
            gc_model_get_label (model, c->new_label), c->margin);
    }
  }
  if (verbose)
    for (guint i = 1; i < n_clips; i++)
      if (!hit[i])
        g_test_message ("  change at %6.1f s to %-10s: MISSED", bounds[i],
            gc_model_get_label (model, genres[i]));
  g_free (hit);
}

/* False changes in the steady streams: every change after the first
 * genre (a wrong first genre counts too). */
static guint
count_steady (const GArray *changes, guint genre)
{
  guint n = 0;

  for (guint e = 0; e < changes->len; e++) {
    const Change *c = &g_array_index (changes, Change, e);

    if (c->old_label != GC_LABEL_NONE || c->new_label != genre)
      n++;
  }
  return n;
}

/* ---- the test ---------------------------------------------------------- */

static GArray *alt_windows, *steady_windows[4];
static double bounds[G_N_ELEMENTS (alternating)];
static guint alt_genres[G_N_ELEMENTS (alternating)], steady_genre[4];
static double steady_seconds[4];
static double steady_false_per_hour = -1.0;

static void
check_same (const GArray *element, const GArray *replayed)
{
  g_assert_cmpuint (element->len, ==, replayed->len);
  for (guint i = 0; i < element->len; i++) {
    const Change *a = &g_array_index (element, Change, i);
    const Change *b = &g_array_index (replayed, Change, i);

    g_assert_cmpfloat (a->t, ==, b->t);
    g_assert_cmpfloat (a->detected, ==, b->detected);
    g_assert_cmpuint (a->old_label, ==, b->old_label);
    g_assert_cmpuint (a->new_label, ==, b->new_label);
    g_assert_cmpfloat_with_epsilon (a->margin, b->margin, 1e-12);
  }
}

static void
test_alternating (void)
{
  GArray *changes = g_array_new (FALSE, FALSE, sizeof (Change)), *again;
  double seconds, t = 0.0, t0 = g_get_monotonic_time () / 1e6;
  Score sc;

  for (guint i = 0; i < G_N_ELEMENTS (alternating); i++) {
    const Clip *c = &stream_clips[alternating[i]];

    bounds[i] = t;
    alt_genres[i] = label_index (c->genre);
    t += (double)decoded[alternating[i]]->len / RATE;
  }
  alt_windows = g_array_new (FALSE, FALSE, sizeof (Window));
  run_stream (
      alternating, G_N_ELEMENTS (alternating), alt_windows, changes, &seconds);
  g_test_message ("alternating stream: %.0f s, %u windows, %u change "
                  "messages, analysed in %.1f s (window %g s, hop %g s, "
                  "smoothing %g s, change-margin %g)",
      seconds, alt_windows->len, changes->len,
      g_get_monotonic_time () / 1e6 - t0, WINDOW, HOP, SMOOTHING,
      CHANGE_MARGIN);

  /* the element's messages are GcSmoother's on its own windows */
  again = replay (alt_windows, SMOOTHING, CHANGE_MARGIN);
  check_same (changes, again);
  g_array_unref (again);

  score_alternating (
      changes, bounds, alt_genres, G_N_ELEMENTS (alternating), &sc, TRUE);
  g_test_message ("found %u of %u changes (within %g s, right genre), "
                  "median |error| %.1f s, median delay %.1f s; %u false "
                  "changes",
      sc.found, sc.n_true, TOLERANCE, median_abs (sc.errors, sc.found),
      median_abs (sc.latencies, sc.found), sc.false_changes);
  /* Sane bounds for a small model on real music: most changes found,
   * placed within a few seconds, known within half a minute. */
  g_assert_cmpuint (sc.found, >=, sc.n_true * 7 / 10);
  g_assert_cmpfloat (median_abs (sc.errors, sc.found), <=, 5.0);
  for (guint i = 0; i < sc.found; i++) {
    g_assert_cmpfloat (fabs (sc.errors[i]), <=, TOLERANCE);
    g_assert_cmpfloat (sc.latencies[i], >, 0.0);
    g_assert_cmpfloat (sc.latencies[i], <=, WINDOW + SMOOTHING + 10.0);
  }
  g_assert_cmpuint (sc.false_changes, <=, sc.n_true / 2);
  g_array_unref (changes);
}

static void
test_steady (void)
{
  double hours = 0.0;
  guint total = 0;

  for (guint g = 0; g < 4; g++) {
    guint order[6];
    GArray *changes = g_array_new (FALSE, FALSE, sizeof (Change)), *again;
    guint n;

    for (guint i = 0; i < 6; i++)
      order[i] = 6 * g + i;
    steady_genre[g] = label_index (stream_clips[6 * g].genre);
    steady_windows[g] = g_array_new (FALSE, FALSE, sizeof (Window));
    run_stream (order, 6, steady_windows[g], changes, &steady_seconds[g]);
    again = replay (steady_windows[g], SMOOTHING, CHANGE_MARGIN);
    check_same (changes, again);
    g_array_unref (again);
    n = count_steady (changes, steady_genre[g]);
    g_test_message ("steady %-10s %.0f s: %u change messages, %u false",
        stream_clips[6 * g].genre, steady_seconds[g], changes->len, n);
    for (guint e = 0; e < changes->len; e++) {
      const Change *c = &g_array_index (changes, Change, e);

      g_test_message ("  %6.1f s: %s -> %s (margin %.2f)", c->t,
          c->old_label == GC_LABEL_NONE
              ? "(none)"
              : gc_model_get_label (model, c->old_label),
          gc_model_get_label (model, c->new_label), c->margin);
    }
    total += n;
    hours += steady_seconds[g] / 3600.0;
    g_array_unref (changes);
  }
  g_test_message ("steady music: %u false changes in %.0f s: %.0f per hour",
      total, hours * 3600.0, total / hours);
  /* At most one false change per 3 minutes of a genre. */
  g_assert_cmpfloat (total / hours, <=, 40.0);
  steady_false_per_hour = total / hours;
}

/* The trade-off of the settings, replayed on the element's windows. */
static void
test_tradeoff (void)
{
  static const double smoothings[] = { 0.0, 5.0, 10.0, 15.0, 20.0, 30.0 };
  static const double margins[] = { 0.0, 0.1, 0.2, 0.3, 0.4 };

  if (alt_windows == NULL || steady_windows[3] == NULL) {
    g_test_skip ("needs the two runs before");
    return;
  }
  g_test_message (
      "window %g s, hop %g s; smoothing 0 = each window alone", WINDOW, HOP);
  g_test_message ("smoothing  margin  found  median|err|  median delay  "
                  "false(alt)  false/h(steady)");
  for (guint a = 0; a < G_N_ELEMENTS (smoothings); a++)
    for (guint b = 0; b < G_N_ELEMENTS (margins); b++) {
      /* smoothing 0: a span shorter than the hop, each window alone */
      double sm = smoothings[a] > 0.0 ? smoothings[a] : HOP / 2.0;
      GArray *c = replay (alt_windows, sm, margins[b]);
      double hours = 0.0;
      guint steady = 0;
      Score sc;

      score_alternating (
          c, bounds, alt_genres, G_N_ELEMENTS (alternating), &sc, FALSE);
      g_array_unref (c);
      for (guint g = 0; g < 4; g++) {
        c = replay (steady_windows[g], sm, margins[b]);
        steady += count_steady (c, steady_genre[g]);
        hours += steady_seconds[g] / 3600.0;
        g_array_unref (c);
      }
      g_test_message ("%9g  %6.1f  %2u/%-2u  %11.1f  %12.1f  %10u  %15.0f",
          smoothings[a], margins[b], sc.found, sc.n_true,
          median_abs (sc.errors, sc.found), median_abs (sc.latencies, sc.found),
          sc.false_changes, steady / hours);
    }
}

static char *skip_reason;

static void
skip_all (void)
{
  g_test_skip (skip_reason);
}

int
main (int argc, char **argv)
{
  const char *shared = gc_test_shared_dir ();
  gchar *reg = g_strdup_printf (
      "%s/tests/pipelines/registry-changes.bin", GC_BUILD_ROOT);
  int status;
  double t0;

  g_setenv ("GST_PLUGIN_PATH", GC_BUILD_ROOT "/gst", TRUE);
  g_setenv ("GST_REGISTRY_1_0", reg, TRUE);
  g_free (reg);
  g_test_init (&argc, &argv, NULL);
  gst_init (&argc, &argv);

  data_dir = g_build_filename (shared, "data", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (stream_clips); i++) {
    char *p = g_build_filename (data_dir, stream_clips[i].path, NULL);
    gboolean ok = g_file_test (p, G_FILE_TEST_IS_REGULAR);

    g_free (p);
    if (!ok) {
      /* TAP: every test reported as skipped, with the reason */
      skip_reason =
          g_strdup_printf ("%s/%s not found (set GENRECLASSIFY_SHARED)",
              data_dir, stream_clips[i].path);
      g_test_add_func ("/changes/alternating", skip_all);
      g_test_add_func ("/changes/steady", skip_all);
      g_test_add_func ("/changes/tradeoff", skip_all);
      status = g_test_run ();
      g_free (skip_reason);
      g_free (data_dir);
      return status;
    }
  }

  tmp_dir = g_build_filename (
      GC_BUILD_ROOT, "tests", "pipelines", "tmp-changes", NULL);
  gc_test_remove_tree (tmp_dir);
  g_assert_cmpint (g_mkdir_with_parents (tmp_dir, 0755), ==, 0);
  model_path = CHANGE_MODEL ? g_strdup (CHANGE_MODEL) : train_model ();
  {
    GError *error = NULL;

    model = gc_model_load (model_path, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (gc_model_get_n_labels (model), <=, MAX_LABELS);
  }
  t0 = g_get_monotonic_time () / 1e6;
  for (guint i = 0; i < G_N_ELEMENTS (stream_clips); i++) {
    char *p = g_build_filename (data_dir, stream_clips[i].path, NULL);

    decoded[i] = decode (p);
    g_free (p);
  }
  g_test_message ("decoded %u clips in %.1f s",
      (guint)G_N_ELEMENTS (stream_clips), g_get_monotonic_time () / 1e6 - t0);

  g_test_add_func ("/changes/alternating", test_alternating);
  g_test_add_func ("/changes/steady", test_steady);
  g_test_add_func ("/changes/tradeoff", test_tradeoff);
  status = g_test_run ();

  for (guint i = 0; i < G_N_ELEMENTS (stream_clips); i++)
    g_array_unref (decoded[i]);
  if (alt_windows)
    g_array_unref (alt_windows);
  for (guint g = 0; g < 4; g++)
    if (steady_windows[g])
      g_array_unref (steady_windows[g]);
  gc_model_free (model);
  if (g_getenv ("GC_KEEP_TMP") == NULL)
    gc_test_remove_tree (tmp_dir);
  g_free (tmp_dir);
  g_free (model_path);
  g_free (data_dir);
  return status;
}
