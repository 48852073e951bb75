/* genreclassify — genreclassify-train and genreclassify-eval end to end
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * A synthetic labelled set (three "genres" of tones, noise and clicks,
 * tests/tools/gc-test-make-set) is written as WAV, FLAC and Ogg files; the
 * tools must train a model that scores 100 % on it and > 90 % on a held-out
 * set, reproducibly, use the cache the second time, and give the same
 * distributions as the element in a pipeline.  Bad inputs must give a clear
 * message and a non-zero exit, never a crash.
 *
 * The executables come from the build (GC_TRAIN, GC_EVAL, GC_MAKE_SET);
 * the element from GC_BUILD_ROOT/gst.
 */
#include <math.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <gst/gst.h>

#include "gc-model.h"
#include "gc-test-json.h"
#include "gc-test-data.h"

static char *tmp_root;

static char *
tmp_path (const char *name)
{
  return g_build_filename (tmp_root, name, NULL);
}

/* A failing run: non-zero status and @what in its message. */
static void
expect_failure (GcTestSpawn *r, const char *what)
{
  g_assert_cmpint (r->status, !=, 0);
  if (strstr (r->err, what) == NULL)
    g_error ("expected \"%s\" in:\n%s", what, r->err);
  gc_test_spawn_clear (r);
}

/* Made once: the sets, a model, its evaluations. */
static char *train_set, *heldout_set, *long_set, *cache_dir, *model, *model2;
/* gc-test-make-set --artists: 3 genres × 4 artists × 4 clips, each
 * artist's clips sharing a loud signature, the genre only faint. */
static char *artist_set;

static void
make_set (
    const char *dir, const char *clips, const char *seconds, const char *seed)
{
  GcTestSpawn r = gc_test_spawn (GC_MAKE_SET, "--clips", clips, "--seconds",
      seconds, "--seed", seed, dir, NULL);

  g_assert_cmpint (r.status, ==, 0);
  gc_test_spawn_clear (&r);
}

static void
test_train (void)
{
  GcTestSpawn r;
  char *a, *b, *svm;

  r = gc_test_spawn (GC_TRAIN, "--window", "4", "--min-window", "2",
      "--cache-dir", cache_dir, "-j", "2", "--progress", "plain", "-o", model,
      train_set, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out,
      "24 files: 24 decoded, 0 from the cache, 0 failed, 0 without a "
      "usable window; 24 windows"));
  g_assert_nonnull (strstr (r.out, "5 folds"));
  g_assert_nonnull (strstr (r.out, "CV accuracy 100.00 %"));
  g_assert_nonnull (strstr (r.out, "training-set accuracy 100.00 %"));
  g_assert_nonnull (strstr (r.err, "features: 24/24 files in"));
  gc_test_spawn_clear (&r);

  /* Again, into another bundle: nothing is decoded, and the model is the
   * same, byte for byte. */
  r = gc_test_spawn (GC_TRAIN, "--window", "4", "--min-window", "2",
      "--cache-dir", cache_dir, "-j", "1", "-o", model2, train_set, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "24 files: 0 decoded, 24 from the cache"));
  gc_test_spawn_clear (&r);
  a = gc_test_read_text (model);
  b = gc_test_read_text (model2);
  /* Only the svm-file names may differ: here both are model.svm. */
  g_assert_cmpstr (a, ==, b);
  g_free (a);
  g_free (b);
  svm = g_strdup (model);
  strcpy (svm + strlen (svm) - 3, "svm");
  a = gc_test_read_text (svm);
  g_free (svm);
  svm = g_strdup (model2);
  strcpy (svm + strlen (svm) - 3, "svm");
  b = gc_test_read_text (svm);
  g_free (svm);
  g_assert_cmpstr (a, ==, b);
  g_free (a);
  g_free (b);
}

/* save (load (model)) is the same bundle. */
static void
test_roundtrip (void)
{
  GError *error = NULL;
  GcModel *m = gc_model_load (model, &error);
  char *copy = tmp_path ("copy/model.ini"), *a, *b;

  g_assert_no_error (error);
  g_assert_cmpstr (gc_model_get_feature_set (m), ==, "seed-212");
  g_assert_cmpuint (gc_model_get_n_labels (m), ==, 3);
  g_assert_cmpstr (gc_model_get_label (m, 0), ==, "clicks");
  g_assert_cmpfloat (gc_model_get_window_seconds (m), ==, 4.0);
  a = tmp_path ("copy");
  g_mkdir_with_parents (a, 0755);
  g_free (a);
  g_assert_true (gc_model_save (m, copy, &error));
  a = gc_test_read_text (model);
  b = gc_test_read_text (copy);
  g_assert_cmpstr (a, ==, b);
  g_free (a);
  g_free (b);
  gc_model_free (m);
  g_free (copy);
}

static GcTj *
evaluate (const char *set, const char *json, const char *extra)
{
  GError *error = NULL;
  GcTj *root;
  GcTestSpawn r = gc_test_spawn (GC_EVAL, "-m", model, "--min-window", "2",
      "--cache-dir", cache_dir, "--json", json,
      extra ? extra : "--progress=none", set, NULL);

  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "PER FILE"));
  g_assert_nonnull (strstr (r.out, "PER WINDOW"));
  g_assert_nonnull (strstr (r.out, "confusion matrix"));
  gc_test_spawn_clear (&r);
  root = gc_tj_parse_file (json, &error);
  g_assert_no_error (error);
  return root;
}

static void
test_eval_self (void)
{
  char *json = tmp_path ("self.json");
  GcTj *root = evaluate (train_set, json, NULL);

  g_assert_cmpfloat (gc_tj_number (root, "file-level/accuracy"), ==, 1.0);
  g_assert_cmpfloat (gc_tj_number (root, "window-level/accuracy"), ==, 1.0);
  g_assert_cmpfloat (gc_tj_number (root, "file-level/count"), ==, 24.0);
  g_assert_cmpfloat (gc_tj_number (root, "files/cached"), ==, 24.0);
  g_assert_cmpfloat (
      gc_tj_number (root, "file-level/confusion/matrix/2/2"), ==, 8.0);
  gc_tj_free (root);
  g_free (json);
}

/* The ECE of the predictions listed in @root's items, recomputed here from
 * their probabilities (top probability, right or not, 10 bins ⌊10 p⌋):
 * per file, or per window.  Also counts those whose top two are less than
 * @margin apart into *@n_uncertain. */
static double
recompute_ece (GcTj *root, gboolean windows, double margin, guint *n_uncertain)
{
  GcTj *items = gc_tj_path (root, "items"), *labels;
  guint count[10] = { 0 }, right[10] = { 0 }, n = 0;
  double conf[10] = { 0 }, ece = 0.0;

  labels = gc_tj_path (root, "model/labels");
  *n_uncertain = 0;
  for (guint i = 0; i < gc_tj_length (items); i++) {
    GcTj *item = gc_tj_index (items, i);
    const char *truth = gc_tj_string (item, "genre");
    GcTj *preds = windows ? gc_tj_get (item, "windows") : NULL;
    guint m = windows ? gc_tj_length (preds) : 1;

    for (guint w = 0; w < m; w++) {
      GcTj *pred = windows ? gc_tj_index (preds, w) : item;
      GcTj *p = gc_tj_get (pred, "probabilities");
      double first = 0.0, second = 0.0;
      guint best = 0, k;

      if (p == NULL)
        continue;
      for (guint l = 0; l < gc_tj_length (p); l++) {
        double v = gc_tj_index (p, l)->number;

        if (v > first) {
          second = first;
          first = v;
          best = l;
        } else if (v > second) {
          second = v;
        }
      }
      k = MIN ((guint)floor (first * 10.0), 9);
      count[k]++;
      conf[k] += first;
      right[k] += strcmp (gc_tj_index (labels, best)->string, truth) == 0;
      *n_uncertain += first - second < margin;
      n++;
    }
  }
  g_assert_cmpuint (n, >, 0);
  for (guint k = 0; k < 10; k++)
    if (count[k])
      ece += (double)count[k] / n
          * fabs ((double)right[k] / count[k] - conf[k] / count[k]);
  return ece;
}

/* The precision-against-coverage table of a run (JSON @root, text @out,
 * SVG at @svg_path) against its own per-file answers: at each threshold,
 * the files whose top probability reaches it and the right ones among
 * them, counted again from "items". */
static void
check_coverage (const GcTj *root, const char *out, const char *svg_path)
{
  GcTj *items = gc_tj_get (root, "items");
  GcTj *thresholds = gc_tj_path (root, "file-level/coverage/thresholds");
  guint n = gc_tj_length (thresholds), n_files = 0;
  char *text, *expect;

  g_assert_cmpuint (n, ==, 15);
  for (guint i = 0; i < gc_tj_length (items); i++)
    if (gc_tj_get (gc_tj_index (items, i), "probabilities"))
      n_files++;
  g_assert_cmpuint (n_files, >, 0);
  g_assert_cmpfloat (
      gc_tj_number (root, "file-level/coverage/files"), ==, n_files);
  g_assert_cmpfloat (gc_tj_number (thresholds, "0/written"), ==,
      gc_tj_number (root, "file-level/count"));
  g_assert_cmpfloat (gc_tj_number (thresholds, "0/correct"), ==,
      gc_tj_number (root, "file-level/correct"));
  for (guint k = 0; k < n; k++) {
    GcTj *row = gc_tj_index (thresholds, k);
    double t = gc_tj_number (row, "threshold");
    guint written = 0, correct = 0;

    for (guint i = 0; i < gc_tj_length (items); i++) {
      GcTj *item = gc_tj_index (items, i);
      GcTj *p = gc_tj_get (item, "probabilities");
      double top = 0.0;

      if (!p)
        continue;
      for (guint j = 0; j < gc_tj_length (p); j++)
        top = MAX (top, gc_tj_index (p, j)->number);
      if (top >= t) {
        written++;
        correct += g_strcmp0 (gc_tj_string (item, "predicted"),
                       gc_tj_string (item, "genre"))
            == 0;
      }
    }
    g_assert_cmpfloat (gc_tj_number (row, "written"), ==, written);
    g_assert_cmpfloat (gc_tj_number (row, "correct"), ==, correct);
  }
  expect = g_strdup_printf ("     0.00 %9u   100.0 %% %9u", n_files,
      (guint)gc_tj_number (thresholds, "0/correct"));
  g_assert_nonnull (strstr (out,
      "writing the genre only when the top "
      "probability reaches a threshold"));
  g_assert_nonnull (strstr (out, expect));
  g_free (expect);
  text = gc_test_read_text (svg_path);
  g_assert_true (g_str_has_prefix (text, "<?xml"));
  g_assert_nonnull (strstr (text, "Precision against coverage"));
  expect = g_strdup_printf ("%u of %u written", n_files, n_files);
  g_assert_nonnull (strstr (text, expect));
  g_free (expect);
  g_free (text);
}

/* eval's calibration report against the same arithmetic done here on its
 * listed predictions. */
static void
check_calibration (GcTj *root, double margin)
{
  static const char *const levels[] = { "file-level", "window-level" };

  for (guint l = 0; l < 2; l++) {
    char *key = g_strdup_printf ("%s/calibration", levels[l]);
    GcTj *cal = gc_tj_path (root, key);
    guint n_uncertain, sum = 0;
    double ece = recompute_ece (root, l == 1, margin, &n_uncertain);

    g_assert_nonnull (cal);
    g_test_message ("%s: ECE %.4f", levels[l], ece);
    g_assert_cmpfloat_with_epsilon (gc_tj_number (cal, "ece"), ece, 1e-12);
    g_assert_cmpfloat (gc_tj_number (cal, "mce"), >=, ece - 1e-12);
    g_assert_cmpfloat (gc_tj_number (cal, "bins"), ==, 10);
    for (guint k = 0; k < 10; k++)
      sum += (guint)gc_tj_number (
          gc_tj_index (gc_tj_get (cal, "per-bin"), k), "count");
    g_free (key);
    key = g_strdup_printf ("%s/count", levels[l]);
    g_assert_cmpfloat (sum, ==, gc_tj_number (root, key));
    g_free (key);
    if (margin > 0.0) {
      key = g_strdup_printf ("%s/uncertain/count", levels[l]);
      g_assert_cmpfloat (gc_tj_number (root, key), ==, n_uncertain);
      g_free (key);
    }
  }
}

static void
test_eval_heldout (void)
{
  char *json = tmp_path ("heldout.json"), *svg = tmp_path ("heldout.svg");
  char *svg_arg = g_strconcat ("--svg=", svg, NULL), *text;
  GcTj *root = evaluate (heldout_set, json, svg_arg);
  double acc = gc_tj_number (root, "file-level/accuracy");
  double wacc = gc_tj_number (root, "window-level/accuracy");

  g_test_message ("held-out accuracy: files %.3f, windows %.3f", acc, wacc);
  g_assert_cmpfloat (gc_tj_number (root, "files/total"), ==, 18.0);
  g_assert_cmpfloat (gc_tj_number (root, "files/decoded"), ==, 18.0);
  g_assert_cmpfloat (acc, >, 0.9);
  g_assert_cmpfloat (wacc, >, 0.9);
  g_assert_cmpfloat (gc_tj_number (root, "file-level/top2-accuracy"), >=, acc);
  g_assert_nonnull (gc_tj_path (root, "file-level/per-genre/2/f1"));
  g_assert_cmpstr (
      gc_tj_string (root, "file-level/per-genre/1/genre"), ==, "noise");
  gc_tj_free (root);

  text = gc_test_read_text (svg);
  g_assert_true (g_str_has_prefix (text, "<?xml"));
  g_assert_nonnull (strstr (text, "true genre"));
  g_assert_nonnull (strstr (text, "tones"));
  g_assert_nonnull (strstr (text, "share of row"));
  g_free (text);

  /* calibration: text, JSON, the reliability diagram, and how many
   * answers uncertain-margin 0.5 would withhold */
  {
    char *rel = tmp_path ("heldout-reliability.svg");
    char *rel_arg = g_strconcat ("--reliability-svg=", rel, NULL);
    char *cov = tmp_path ("heldout-coverage.svg");
    char *cov_arg = g_strconcat ("--coverage-svg=", cov, NULL);
    char *expect;
    GError *error = NULL;
    GcTestSpawn r = gc_test_spawn (GC_EVAL, "-m", model, "--min-window", "2",
        "--cache-dir", cache_dir, "--json", json, rel_arg, cov_arg,
        "--uncertain-margin", "0.5", heldout_set, NULL);

    g_assert_cmpint (r.status, ==, 0);
    root = gc_tj_parse_file (json, &error);
    g_assert_no_error (error);
    check_calibration (root, 0.5);
    expect = g_strdup_printf ("ECE %.2f %%",
        100.0 * gc_tj_number (root, "file-level/calibration/ece"));
    g_assert_nonnull (strstr (r.out, expect));
    g_free (expect);
    /* The ECE a calibrated model would score on as few files: above 0,
     * below the ECE of predictions all right at 1/2 (0.5), the 90th
     * percentile above the mean; printed as the JSON says. */
    {
      double mean =
          gc_tj_number (root, "file-level/calibration/ece-if-calibrated-mean");
      double p90 =
          gc_tj_number (root, "file-level/calibration/ece-if-calibrated-p90");

      g_assert_cmpfloat (mean, >, 0.0);
      g_assert_cmpfloat (mean, <, 0.5);
      g_assert_cmpfloat (p90, >, mean);
      expect = g_strdup_printf ("would score ECE %.2f %% on as many "
                                "predictions (9 draws in 10 below %.2f %%)",
          100.0 * mean, 100.0 * p90);
      g_assert_nonnull (strstr (r.out, expect));
    }
    g_assert_nonnull (strstr (r.out, "calibration (10 equal-width bins"));
    g_assert_nonnull (
        strstr (r.out, "uncertain (top two less than 0.5 apart)"));
    g_free (expect);
    text = gc_test_read_text (rel);
    g_assert_nonnull (strstr (text, "Reliability: "));
    expect = g_strdup_printf ("per file: ECE %.1f %%, 18 predictions",
        100.0 * gc_tj_number (root, "file-level/calibration/ece"));
    g_assert_nonnull (strstr (text, expect));
    g_free (expect);
    expect = g_strdup_printf ("per window: ECE %.1f %%",
        100.0 * gc_tj_number (root, "window-level/calibration/ece"));
    g_assert_nonnull (strstr (text, expect));
    g_free (expect);
    g_free (text);
    check_coverage (root, r.out, cov);
    gc_tj_free (root);
    gc_test_spawn_clear (&r);
    r = gc_test_spawn (
        GC_EVAL, "-m", model, "--uncertain-margin", "1.5", heldout_set, NULL);
    expect_failure (&r, "--uncertain-margin must be between 0 and 1");
    g_free (rel_arg);
    g_free (rel);
    g_free (cov_arg);
    g_free (cov);
  }
  g_free (svg_arg);
  g_free (svg);
  g_free (json);
}

/* ---- the element ------------------------------------------------------ */

typedef struct {
  GArray *windows; /* double per label, label order, per message */
  GArray *timestamps; /* guint64 */
  double summary[8];
  gboolean have_summary;
} ElementRun;

static void
run_element (const char *file, const char *window, const char *hop,
    ElementRun *er, const char *const *labels, guint n_labels)
{
  GError *error = NULL;
  char *desc = g_strdup_printf ("filesrc location=\"%s\" ! decodebin ! "
                                "audioconvert ! genreclassify model=\"%s\" "
                                "window=%s hop=%s min-window=2 ! fakesink",
      file, model, window, hop);
  GstElement *p = gst_parse_launch (desc, &error);
  GstBus *bus;
  gboolean done = FALSE;

  g_assert_no_error (error);
  er->windows = g_array_new (FALSE, FALSE, sizeof (double));
  er->timestamps = g_array_new (FALSE, FALSE, sizeof (guint64));
  er->have_summary = FALSE;
  bus = gst_element_get_bus (p);
  gst_element_set_state (p, GST_STATE_PLAYING);
  while (!done) {
    GstMessage *msg = gst_bus_timed_pop_filtered (bus, 60 * GST_SECOND,
        GST_MESSAGE_EOS | GST_MESSAGE_ERROR | GST_MESSAGE_ELEMENT);
    const GstStructure *s;

    g_assert_nonnull (msg);
    if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR) {
      GError *err = NULL;

      gst_message_parse_error (msg, &err, NULL);
      g_error ("element pipeline: %s", err->message);
    }
    if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_EOS) {
      done = TRUE;
    } else if ((s = gst_message_get_structure (msg))
        && gst_structure_has_name (s, "genreclassify")) {
      const GValue *genres = gst_structure_get_value (s, "genres");
      const GValue *probs = gst_structure_get_value (s, "probabilities");
      gboolean final = FALSE;
      double row[8];
      guint64 ts = 0;

      gst_structure_get_boolean (s, "final", &final);
      gst_structure_get_uint64 (s, "timestamp", &ts);
      g_assert_cmpuint (gst_value_array_get_size (genres), ==, n_labels);
      for (guint i = 0; i < n_labels; i++) {
        const char *g =
            g_value_get_string (gst_value_array_get_value (genres, i));
        double v = g_value_get_double (gst_value_array_get_value (probs, i));

        for (guint k = 0; k < n_labels; k++)
          if (strcmp (labels[k], g) == 0)
            row[k] = v;
      }
      if (final) {
        memcpy (er->summary, row, n_labels * sizeof (double));
        er->have_summary = TRUE;
      } else {
        g_array_append_vals (er->windows, row, n_labels);
        g_array_append_val (er->timestamps, ts);
      }
    }
    gst_message_unref (msg);
  }
  gst_element_set_state (p, GST_STATE_NULL);
  gst_object_unref (bus);
  gst_object_unref (p);
  g_free (desc);
}

/* eval's windows of @file (from @json) against the element's messages. */
static void
compare_with_element (const char *json, const char *file, const char *window,
    const char *hop, guint expect_windows)
{
  GError *error = NULL;
  GcTj *root = gc_tj_parse_file (json, &error), *items, *item = NULL;
  const char *labels[8];
  guint n_labels;
  ElementRun er;

  g_assert_no_error (error);
  n_labels = gc_tj_length (gc_tj_path (root, "model/labels"));
  for (guint k = 0; k < n_labels; k++)
    labels[k] = gc_tj_index (gc_tj_path (root, "model/labels"), k)->string;
  items = gc_tj_path (root, "items");
  for (guint i = 0; i < gc_tj_length (items); i++)
    if (g_strcmp0 (gc_tj_string (gc_tj_index (items, i), "path"), file) == 0)
      item = gc_tj_index (items, i);
  g_assert_nonnull (item);

  run_element (file, window, hop, &er, labels, n_labels);
  g_assert_cmpuint (er.timestamps->len, ==, expect_windows);
  g_assert_cmpuint (
      gc_tj_length (gc_tj_get (item, "windows")), ==, er.timestamps->len);
  for (guint w = 0; w < er.timestamps->len; w++) {
    GcTj *win = gc_tj_index (gc_tj_get (item, "windows"), w);

    g_assert_cmpfloat (gc_tj_number (win, "timestamp"), ==,
        (double)g_array_index (er.timestamps, guint64, w));
    for (guint k = 0; k < n_labels; k++) {
      double tool = gc_tj_number (
                 gc_tj_index (gc_tj_get (win, "probabilities"), k), ""),
             element = g_array_index (er.windows, double, w *n_labels + k);

      g_assert_cmpfloat_with_epsilon (tool, element, 1e-9);
    }
  }
  g_assert_true (er.have_summary);
  for (guint k = 0; k < n_labels; k++)
    g_assert_cmpfloat_with_epsilon (
        gc_tj_index (gc_tj_get (item, "probabilities"), k)->number,
        er.summary[k], 1e-9);
  g_array_free (er.windows, TRUE);
  g_array_free (er.timestamps, TRUE);
  gc_tj_free (root);
}

static void
test_element (void)
{
  char *json = tmp_path ("heldout.json");
  char *wav = g_build_filename (heldout_set, "tones", "tones-00.wav", NULL);
  char *flac = g_build_filename (heldout_set, "tones", "tones-01.flac", NULL);
  char *ogg = g_build_filename (heldout_set, "tones", "tones-02.ogg", NULL);

  if (!g_file_test (json, G_FILE_TEST_EXISTS)) {
    GcTj *root = evaluate (heldout_set, json, NULL);

    gc_tj_free (root);
  }
  /* 44.1 kHz stereo WAV, Ogg Vorbis, FLAC — the first two are converted
   * (resampled, mixed) on the way. */
  compare_with_element (json, wav, "4", "0", 1);
  compare_with_element (json, ogg, "4", "0", 1);
  compare_with_element (json, flac, "4", "0", 1);
  g_free (wav);
  g_free (ogg);
  g_free (flac);
  g_free (json);
}

/* 9-s clips, 4-s windows every 1.5 s: overlapping windows and partial
 * ones at the end, as the element schedules them. */
static void
test_element_overlap (void)
{
  char *json = tmp_path ("long.json");
  char *wav = g_build_filename (long_set, "tones", "tones-00.wav", NULL);
  char *flac = g_build_filename (long_set, "noise", "noise-00.flac", NULL);
  GcTestSpawn r = gc_test_spawn (GC_EVAL, "-m", model, "--window", "4", "--hop",
      "1.5", "--min-window", "2", "--no-cache", "--json", json, long_set, NULL);

  g_assert_cmpint (r.status, ==, 0);
  gc_test_spawn_clear (&r);
  /* Starts 0, 1.5, … 6 are full or >= 2 s (6 + 3 = 9 > 7.5: the one at
   * 7.5 s holds 1.5 s < 2 s and is dropped): 0, 1.5, 3, 4.5, 6. */
  compare_with_element (json, wav, "4", "1.5", 5);
  compare_with_element (json, flac, "4", "1.5", 5);
  g_free (wav);
  g_free (flac);
  g_free (json);
}

/* ---- list files ------------------------------------------------------- */

static void
test_list_file (void)
{
  char *list = tmp_path ("list.tsv"), *json = tmp_path ("list.json");
  char *out = tmp_path ("list-model/model.ini");
  GString *text = g_string_new ("# path<TAB>genre\n");
  const char *genres[] = { "tones", "noise", "clicks" };
  const char *ext[] = { "wav", "flac", "ogg" };
  GError *error = NULL;
  GcTj *root;
  GcTestSpawn r;

  /* Relative to the list's folder. */
  for (guint g = 0; g < 3; g++)
    for (guint i = 0; i < 4; i++) {
      char *name = g_strdup_printf ("%s-%02u", genres[g], i);
      char *path = NULL;

      for (guint e = 0; e < 3 && path == NULL; e++) {
        char *p =
            g_strdup_printf ("%s/%s/%s.%s", train_set, genres[g], name, ext[e]);

        if (g_file_test (p, G_FILE_TEST_EXISTS))
          path = p;
        else
          g_free (p);
      }
      g_assert_nonnull (path);
      g_string_append_printf (text, "train/%s/%s\t%s\n", genres[g],
          strrchr (path, '/') + 1, genres[g]);
      g_free (path);
      g_free (name);
    }
  g_assert_true (g_file_set_contents (list, text->str, -1, NULL));
  g_string_free (text, TRUE);

  r = gc_test_spawn (GC_TRAIN, "--window", "4", "--min-window", "2",
      "--cache-dir", cache_dir, "--c", "8", "--gamma", "0.005", "-o", out, list,
      NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "no grid search"));
  g_assert_nonnull (strstr (r.out, "12 files: 0 decoded, 12 from the cache"));
  gc_test_spawn_clear (&r);

  r = gc_test_spawn (GC_EVAL, "-m", out, "--min-window", "2", "--cache-dir",
      cache_dir, "--json", "-", list, NULL);
  g_assert_cmpint (r.status, ==, 0);
  root = gc_tj_parse (r.out, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (gc_tj_number (root, "file-level/accuracy"), ==, 1.0);
  g_assert_cmpfloat (gc_tj_number (root, "windows/window"), ==, 4.0);
  gc_tj_free (root);
  gc_test_spawn_clear (&r);
  g_free (list);
  g_free (json);
  g_free (out);
}

/* ---- bad inputs ------------------------------------------------------- */

static void
copy_file (const char *from, const char *to)
{
  char *data;
  gsize len;

  g_assert_true (g_file_get_contents (from, &data, &len, NULL));
  g_assert_true (g_file_set_contents (to, data, len, NULL));
  g_free (data);
}

static void
test_bad_inputs (void)
{
  char *empty = tmp_path ("bad/empty"), *one = tmp_path ("bad/one");
  char *mixed = tmp_path ("bad/mixed"), *out = tmp_path ("bad/model.ini");
  char *p, *q, *bad_model, *text;
  GcTestSpawn r;

  /* Nothing at all. */
  g_mkdir_with_parents (empty, 0755);
  r = gc_test_spawn (GC_TRAIN, "-o", out, empty, NULL);
  expect_failure (&r, "no audio files");
  p = tmp_path ("bad/nowhere");
  r = gc_test_spawn (GC_TRAIN, "-o", out, p, NULL);
  expect_failure (&r, "no such folder or list file");
  g_free (p);

  /* One genre only. */
  p = g_build_filename (one, "tones", NULL);
  g_mkdir_with_parents (p, 0755);
  q = g_build_filename (train_set, "tones", "tones-00.wav", NULL);
  g_free (p);
  p = g_build_filename (one, "tones", "a.wav", NULL);
  copy_file (q, p);
  g_free (p);
  g_free (q);
  r = gc_test_spawn (GC_TRAIN, "-o", out, one, NULL);
  expect_failure (&r, "only one genre (\"tones\")");

  /* Two genres, one of which has only a non-audio and an unreadable
   * file (a dangling link: we run as root, who reads anything). */
  p = g_build_filename (mixed, "tones", NULL);
  g_mkdir_with_parents (p, 0755);
  g_free (p);
  p = g_build_filename (mixed, "noise", NULL);
  g_mkdir_with_parents (p, 0755);
  g_free (p);
  for (guint i = 0; i < 3; i++) {
    char *name = g_strdup_printf ("tones-%02u.", i);
    const char *ext = i % 3 == 0 ? "wav" : i % 3 == 1 ? "flac" : "ogg";
    char *file = g_strconcat (name, ext, NULL);

    q = g_build_filename (train_set, "tones", file, NULL);
    p = g_build_filename (mixed, "tones", file, NULL);
    copy_file (q, p);
    g_free (p);
    g_free (q);
    g_free (file);
    g_free (name);
  }
  p = g_build_filename (mixed, "noise", "fake.wav", NULL);
  g_assert_true (g_file_set_contents (p, "not audio\n", -1, NULL));
  g_free (p);
  p = g_build_filename (mixed, "noise", "gone.flac", NULL);
  g_assert_cmpint (symlink ("/nonexistent/gone.flac", p), ==, 0);
  g_free (p);
  r = gc_test_spawn (GC_TRAIN, "--window", "4", "--min-window", "2",
      "--no-cache", "-o", out, mixed, NULL);
  g_assert_nonnull (strstr (r.err, "fake.wav: not an audio or media file"));
  g_assert_nonnull (strstr (r.err, "gone.flac: cannot read"));
  g_assert_nonnull (strstr (r.out, "2 failed"));
  expect_failure (&r, "genre \"noise\" has no usable window");

  /* With one good noise file: trained, the bad ones skipped and counted;
   * --strict fails. */
  q = g_build_filename (train_set, "noise", "noise-00.ogg", NULL);
  p = g_build_filename (mixed, "noise", "good.ogg", NULL);
  copy_file (q, p);
  g_free (p);
  g_free (q);
  r = gc_test_spawn (GC_TRAIN, "--window", "4", "--min-window", "2",
      "--no-cache", "--c", "8", "--gamma", "0.005", "-o", out, mixed, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "2 failed"));
  g_assert_nonnull (strstr (r.err, "warning: "));
  gc_test_spawn_clear (&r);
  r = gc_test_spawn (GC_TRAIN, "--window", "4", "--min-window", "2",
      "--no-cache", "--strict", "-j", "1", "-o", out, mixed, NULL);
  expect_failure (&r, "--strict");

  /* Usage errors: exit status 2. */
  r = gc_test_spawn (GC_TRAIN, "-o", out, "--window", "0.5", mixed, NULL);
  g_assert_cmpint (r.status, ==, 2);
  expect_failure (&r, "--window must be between 1 and 3600");
  r = gc_test_spawn (GC_TRAIN, "-o", out, "--log2c", "1,0,1", mixed, NULL);
  g_assert_cmpint (r.status, ==, 2);
  expect_failure (&r, "--log2c expects");
  r = gc_test_spawn (GC_TRAIN, mixed, NULL);
  g_assert_cmpint (r.status, ==, 2);
  expect_failure (&r, "--output is required");

  /* eval without -m measures the model the element and genreclassify-tag
   * default to: $GENRECLASSIFY_MODEL, else the build's genres-11 (which
   * knows no "tones"). */
  g_setenv ("GENRECLASSIFY_MODEL", model, TRUE);
  r = gc_test_spawn (GC_EVAL, "--min-window", "2", "--cache-dir", cache_dir,
      "--progress=none", heldout_set, NULL);
  g_unsetenv ("GENRECLASSIFY_MODEL");
  g_assert_cmpint (r.status, ==, 0);
  p = g_strdup_printf (
      "genreclassify-eval: model %s (seed-212, 3 genres)", model);
  g_assert_nonnull (strstr (r.out, p));
  g_free (p);
  gc_test_spawn_clear (&r);
  r = gc_test_spawn (GC_EVAL, mixed, NULL);
  expect_failure (&r, "the model knows \"blues\"");

  /* eval: a model of another feature set, a model that is not there, a
   * genre the model does not know. */
  bad_model = tmp_path ("bad/other-set.ini");
  text = gc_test_read_text (model);
  p = strstr (text, "feature-set=seed-212");
  g_assert_nonnull (p);
  memcpy (p, "feature-set=rich-300", 20);
  g_assert_true (g_file_set_contents (bad_model, text, -1, NULL));
  g_free (text);
  p = g_path_get_dirname (model);
  q = g_build_filename (p, "model.svm", NULL);
  g_free (p);
  p = tmp_path ("bad/model.svm");
  copy_file (q, p);
  g_free (p);
  g_free (q);
  r = gc_test_spawn (GC_EVAL, "-m", bad_model, heldout_set, NULL);
  expect_failure (&r, "rich-300");
  g_free (bad_model);
  p = tmp_path ("bad/missing.ini");
  r = gc_test_spawn (GC_EVAL, "-m", p, heldout_set, NULL);
  expect_failure (&r, "cannot load the model");
  g_free (p);

  p = g_build_filename (mixed, "jazz", NULL);
  g_mkdir_with_parents (p, 0755);
  g_free (p);
  p = g_build_filename (mixed, "jazz", "x.ogg", NULL);
  g_assert_true (g_file_set_contents (p, "x", -1, NULL));
  g_free (p);
  r = gc_test_spawn (GC_EVAL, "-m", model, mixed, NULL);
  expect_failure (&r, "genres the model does not know: \"jazz\"");

  g_free (empty);
  g_free (one);
  g_free (mixed);
  g_free (out);
}

/* ---- cross-validation by group ---------------------------------------- */

static char *
artist_path (const char *name)
{
  return g_build_filename (artist_set, name, NULL);
}

/* Runs @tool with the arguments and "--json -", returns the parsed JSON
 * (the run must succeed); @err_out (may be NULL) receives stderr. */
static GcTj *
run_json (char **err_out, const char *tool, ...)
{
  GPtrArray *argv = g_ptr_array_new ();
  GError *error = NULL;
  GcTj *root;
  va_list ap;
  const char *arg;
  GcTestSpawn r = { 0 };
  int wait_status = 0;

  g_ptr_array_add (argv, (gpointer)tool);
  va_start (ap, tool);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer)arg);
  va_end (ap);
  g_ptr_array_add (argv, (gpointer) "--json");
  g_ptr_array_add (argv, (gpointer) "-");
  g_ptr_array_add (argv, NULL);
  g_spawn_sync (NULL, (char **)argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
      &r.out, &r.err, &wait_status, &error);
  g_assert_no_error (error);
  g_ptr_array_free (argv, TRUE);
  g_assert_true (WIFEXITED (wait_status));
  if (WEXITSTATUS (wait_status) != 0)
    g_error ("%s failed:\n%s", tool, r.err);
  g_test_message ("%s", r.err);
  root = gc_tj_parse (r.out, &error);
  g_assert_no_error (error);
  if (err_out)
    *err_out = g_strdup (r.err);
  gc_test_spawn_clear (&r);
  return root;
}

/* Every group's files are in one fold, and every fold tests some group. */
static void
check_folds (const GcTj *root, guint expect_folds, guint expect_groups)
{
  GHashTable *fold_of = g_hash_table_new (g_str_hash, g_str_equal);
  GcTj *items = gc_tj_path (root, "items");
  guint used[16] = { 0 };

  g_assert_cmpfloat (
      gc_tj_number (root, "cross-validation/folds"), ==, expect_folds);
  for (guint i = 0; i < gc_tj_length (items); i++) {
    GcTj *item = gc_tj_index (items, i);
    const char *group = gc_tj_string (item, "group");
    int fold = (int)gc_tj_number (item, "fold");
    gpointer seen;

    g_assert_nonnull (group);
    g_assert_cmpint (fold, >=, 0);
    g_assert_cmpint (fold, <, (int)expect_folds);
    if (g_hash_table_lookup_extended (fold_of, group, NULL, &seen))
      g_assert_cmpint (GPOINTER_TO_INT (seen), ==, fold);
    else
      g_hash_table_insert (fold_of, (gpointer)group, GINT_TO_POINTER (fold));
    used[fold]++;
  }
  g_assert_cmpuint (g_hash_table_size (fold_of), ==, expect_groups);
  for (guint f = 0; f < expect_folds; f++)
    g_assert_cmpuint (used[f], >, 0);
  g_hash_table_destroy (fold_of);
}

/* The artist says more than the genre: folds by file reward recognising
 * the artist (the other clips of the artist are in training), folds by
 * artist cannot.  Groups from the list's third column and from --groups
 * give the same folds. */
static void
test_cv_groups (void)
{
  char *plain = artist_path ("plain.list"), *list = artist_path ("list.tsv");
  char *tsv = artist_path ("clips.tsv"), *a, *b, *svg, *svg_arg, *text;
  GcTj *by_file, *by_list, *by_tsv, *again;
  double acc_file, acc_group;
  GcTestSpawn r;

  by_file = run_json (NULL, GC_EVAL, "--cv", "4", "--c", "8", "--gamma",
      "0.005", "--window", "4", "--min-window", "2", "--cache-dir", cache_dir,
      "-j", "2", plain, NULL);
  by_list = run_json (NULL, GC_EVAL, "--cv", "4", "--c", "8", "--gamma",
      "0.005", "--window", "4", "--min-window", "2", "--cache-dir", cache_dir,
      "-j", "2", list, NULL);
  by_tsv = run_json (NULL, GC_EVAL, "--cv", "4", "--c", "8", "--gamma", "0.005",
      "--window", "4", "--min-window", "2", "--cache-dir", cache_dir, "-j", "2",
      "--groups", tsv, plain, NULL);
  acc_file = gc_tj_number (by_file, "file-level/accuracy");
  acc_group = gc_tj_number (by_list, "file-level/accuracy");
  g_test_message (
      "CV accuracy by file %.3f, by artist %.3f", acc_file, acc_group);
  g_assert_cmpstr (gc_tj_string (by_file, "mode"), ==, "cross-validation");
  g_assert_cmpstr (gc_tj_string (by_file, "cross-validation/by"), ==, "file");
  g_assert_cmpstr (gc_tj_string (by_list, "cross-validation/by"), ==, "group");
  g_assert_cmpfloat (gc_tj_number (by_file, "file-level/count"), ==, 48.0);
  g_assert_cmpfloat (gc_tj_number (by_list, "file-level/count"), ==, 48.0);
  g_assert_cmpfloat (gc_tj_number (by_list, "window-level/count"), ==, 48.0);
  /* The gap this measures: near-perfect when the artist is known, far
   * less when it is not (chance is 1/3). */
  g_assert_cmpfloat (acc_file, >=, 0.9);
  g_assert_cmpfloat (acc_group, <=, acc_file - 0.25);
  g_assert_cmpfloat (acc_group, >, 0.34);
  check_folds (by_file, 4, 48);
  check_folds (by_list, 4, 12);
  check_folds (by_tsv, 4, 12);
  g_assert_nonnull (
      strstr (gc_tj_string (by_tsv, "cross-validation/description"),
          "4 folds by group \"artist\" from "));
  g_assert_nonnull (
      strstr (gc_tj_string (by_list, "cross-validation/description"),
          "4 folds by group from the third column of "));
  g_assert_cmpstr (
      gc_tj_string (by_tsv, "cross-validation/group-column"), ==, "artist");
  /* the calibration of the out-of-fold predictions */
  check_calibration (by_tsv, 0.0);
  /* The same groups, the same folds, the same predictions. */
  g_assert_cmpfloat (
      gc_tj_number (by_tsv, "file-level/accuracy"), ==, acc_group);
  for (guint i = 0; i < 48; i++) {
    GcTj *x = gc_tj_index (gc_tj_path (by_list, "items"), i);
    GcTj *y = gc_tj_index (gc_tj_path (by_tsv, "items"), i);

    g_assert_cmpfloat (gc_tj_number (x, "fold"), ==, gc_tj_number (y, "fold"));
    g_assert_cmpfloat (gc_tj_number (x, "probabilities/0"), ==,
        gc_tj_number (y, "probabilities/0"));
  }

  /* Deterministic: another run (features from the cache now) gives the
   * same distributions, bit for bit. */
  again = run_json (NULL, GC_EVAL, "--cv", "4", "--c", "8", "--gamma", "0.005",
      "--window", "4", "--min-window", "2", "--cache-dir", cache_dir, "-j", "1",
      list, NULL);
  g_assert_cmpfloat (gc_tj_number (again, "files/cached"), ==, 48.0);
  for (guint i = 0; i < 48; i++)
    for (guint k = 0; k < 3; k++) {
      char *path = g_strdup_printf ("items/%u/probabilities/%u", i, k);

      g_assert_cmpfloat (
          gc_tj_number (by_list, path), ==, gc_tj_number (again, path));
      g_free (path);
    }

  /* The text report says how the folds were made; the heat map is the
   * out-of-fold one. */
  svg = tmp_path ("cv.svg");
  svg_arg = g_strconcat ("--svg=", svg, NULL);
  a = tmp_path ("cv-reliability.svg");
  b = g_strconcat ("--reliability-svg=", a, NULL);
  r = gc_test_spawn (GC_EVAL, "--cv", "4", "--c", "8", "--gamma", "0.005",
      "--window", "4", "--min-window", "2", "--cache-dir", cache_dir,
      "--groups", tsv, svg_arg, b, plain, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_free (b);
  text = gc_test_read_text (a);
  g_assert_nonnull (strstr (
      text, "Reliability: 4-fold cross-validation (out of fold), plain.list"));
  b = g_strdup_printf ("per file: ECE %.1f %%, 48 predictions",
      100.0 * gc_tj_number (by_tsv, "file-level/calibration/ece"));
  g_assert_nonnull (strstr (text, b));
  g_free (b);
  g_free (text);
  g_free (a);
  text = gc_test_read_text (svg);
  g_assert_nonnull (
      strstr (text, "Confusion matrix: 4-fold cross-validation, plain.list"));
  a = g_strdup_printf ("48 files, accuracy %.1f %%", 100.0 * acc_group);
  g_assert_nonnull (strstr (text, a));
  g_free (a);
  g_free (text);
  g_free (svg);
  g_free (svg_arg);
  a = g_strdup_printf ("folds: 4 folds by group \"artist\" from %s (12 "
                       "groups), stratified by genre",
      tsv);
  g_assert_nonnull (strstr (r.out, a));
  g_assert_nonnull (strstr (r.out, "PER FILE (out of fold"));
  b = g_strdup_printf ("accuracy           %6.2f %%  (%u/48)",
      100.0 * acc_group, (guint)lround (acc_group * 48));
  g_assert_nonnull (strstr (r.out, b));
  g_free (a);
  g_free (b);
  gc_test_spawn_clear (&r);

  gc_tj_free (by_file);
  gc_tj_free (by_list);
  gc_tj_free (by_tsv);
  gc_tj_free (again);
  g_free (plain);
  g_free (list);
  g_free (tsv);
}

/* genreclassify-train with --groups: its grid search is by artist too, and
 * the model says so; eval --cv -m takes the model's recipe. */
static void
test_train_groups (void)
{
  char *plain = artist_path ("plain.list"), *tsv = artist_path ("clips.tsv");
  char *out = tmp_path ("artists-model/model.ini"), *text;
  char *out2 = tmp_path ("artists-model-by-file/model.ini");
  GcTj *root;
  GcTestSpawn r;

  r = gc_test_spawn (GC_TRAIN, "--window", "4", "--min-window", "2",
      "--cache-dir", cache_dir, "-j", "2", "--folds", "4", "--groups", tsv,
      "-o", out, plain, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "  4 folds by group \"artist\" from "));
  g_assert_nonnull (strstr (r.out, "(12 groups), stratified by genre, seed 1"));
  gc_test_spawn_clear (&r);
  text = gc_test_read_text (out);
  g_assert_nonnull (strstr (text, "(folds by group \"artist\" from "));
  g_free (text);

  r = gc_test_spawn (GC_TRAIN, "--window", "4", "--min-window", "2",
      "--cache-dir", cache_dir, "-j", "2", "--folds", "4", "-o", out2, plain,
      NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "  4 folds by file (48 files)"));
  g_assert_nonnull (strstr (r.out, "CV accuracy 100.00 %"));
  gc_test_spawn_clear (&r);
  text = gc_test_read_text (out2);
  g_assert_null (strstr (text, "folds by"));
  g_free (text);

  /* The model's C, gamma, window and seed, read back from trained-by. */
  root = run_json (NULL, GC_EVAL, "--cv", "4", "-m", out, "--cache-dir",
      cache_dir, "--groups", tsv, plain, NULL);
  g_assert_cmpstr (gc_tj_string (root, "cross-validation/parameters-from"), ==,
      "the model's trained-by");
  g_assert_cmpfloat (gc_tj_number (root, "windows/window"), ==, 4.0);
  g_assert_cmpfloat (gc_tj_number (root, "windows/min-window"), ==, 2.0);
  g_assert_cmpfloat (gc_tj_number (root, "cross-validation/c"), >, 0.0);
  g_assert_cmpfloat (gc_tj_number (root, "file-level/count"), ==, 48.0);
  gc_tj_free (root);

  g_free (plain);
  g_free (tsv);
  g_free (out);
  g_free (out2);
}

/* Bad group input: each case its message (file and line) and status. */
static void
test_group_errors (void)
{
  char *tsv = artist_path ("clips.tsv"), *list = artist_path ("list.tsv");
  char *bad = tmp_path ("groups-bad.tsv"), *bad_tsv = artist_path ("bad.tsv");
  char *out = tmp_path ("bad-groups/model.ini"), *text, *p, *err = NULL;
  char **lines;
  GString *s;
  GcTj *root;
  GcTestSpawn r;

  /* A line without a group, when the others have one: line 6 loses its
   * third column. */
  text = gc_test_read_text (list);
  lines = g_strsplit (text, "\n", -1);
  g_free (text);
  s = g_string_new (NULL);
  for (guint i = 0; lines[i]; i++) {
    if (lines[i][0] == 0)
      continue;
    if (i == 5)
      *strrchr (lines[i], '\t') = 0;
    g_string_append_printf (
        s, "%s%s\n", lines[i][0] == '#' ? "" : "artists/", lines[i]);
  }
  g_strfreev (lines);
  g_assert_true (g_file_set_contents (bad, s->str, -1, NULL));
  g_string_free (s, TRUE);
  r = gc_test_spawn (GC_TRAIN, "-o", out, bad, NULL);
  g_assert_cmpint (r.status, ==, 1);
  p = g_strdup_printf ("%s:6: no group", bad);
  expect_failure (&r, p);
  g_free (p);
  r = gc_test_spawn (
      GC_EVAL, "--cv", "4", "--c", "1", "--gamma", "1", bad, NULL);
  g_assert_cmpint (r.status, ==, 1);
  expect_failure (&r, ":6: no group");

  /* A file of the set that --groups does not name. */
  text = gc_test_read_text (tsv);
  p = strstr (text, "noise/artist05-02.wav");
  g_assert_nonnull (p);
  memcpy (p, "noise/artist05-99", strlen ("noise/artist05-99"));
  g_assert_true (g_file_set_contents (bad_tsv, text, -1, NULL));
  g_free (text);
  p = artist_path ("plain.list");
  r = gc_test_spawn (GC_TRAIN, "--groups", bad_tsv, "-o", out, p, NULL);
  g_assert_cmpint (r.status, ==, 1);
  expect_failure (&r, "noise/artist05-02.wav has no group: ");
  r = gc_test_spawn (
      GC_TRAIN, "--groups", tsv, "--group-column", "album", "-o", out, p, NULL);
  g_assert_cmpint (r.status, ==, 1);
  expect_failure (&r,
      "clips.tsv:1: no column \"album\" in the header (it "
      "has: path, genre, artist)");
  r = gc_test_spawn (GC_TRAIN, "--group-column", "album", "-o", out, p, NULL);
  g_assert_cmpint (r.status, ==, 2);
  expect_failure (&r, "--group-column names a column of the --groups file");
  r = gc_test_spawn (GC_EVAL, "-m", model, "--groups", tsv, p, NULL);
  g_assert_cmpint (r.status, ==, 2);
  expect_failure (&r, "--groups trains: it goes with --cv");
  r = gc_test_spawn (GC_EVAL, "--cv", "4", p, NULL);
  g_assert_cmpint (r.status, ==, 2);
  expect_failure (&r, "--cv needs --c and --gamma");
  /* A model whose trained-by is not genreclassify-train's recipe. */
  text = g_build_filename (
      GC_SOURCE_ROOT, "models", "synthetic-demo", "model.ini", NULL);
  r = gc_test_spawn (GC_EVAL, "--cv", "4", "-m", text, p, NULL);
  g_assert_cmpint (r.status, ==, 2);
  expect_failure (&r, "model.ini: its trained-by does not record C and gamma");
  g_free (text);
  r = gc_test_spawn (GC_EVAL, "--cv", "1", "--c", "1", "--gamma", "1", p, NULL);
  g_assert_cmpint (r.status, ==, 2);
  expect_failure (&r, "--cv must be between 2 and 100");
  g_free (p);

  /* A listed file that is missing: a warning naming the list and line;
   * a genre with fewer groups than folds: a warning naming it. */
  s = g_string_new ("# clicks by two artists only\n");
  for (guint i = 0; i < 4; i++)
    g_string_append_printf (s,
        "artists/clicks/artist%02u-0%u.wav\tclicks\tartist %u\n"
        "artists/noise/artist%02u-0%u.wav\tnoise\tartist %u\n",
        8 + i / 2, i, 8 + i / 2, 4 + i, 0, 4 + i);
  g_string_append (s, "artists/noise/gone.wav\tnoise\tartist 7\n");
  g_assert_true (g_file_set_contents (bad, s->str, -1, NULL));
  g_string_free (s, TRUE);
  root = run_json (&err, GC_EVAL, "--cv", "4", "--c", "8", "--gamma", "0.005",
      "--window", "4", "--min-window", "2", "--cache-dir", cache_dir, bad,
      NULL);
  p = g_strdup_printf (
      "warning: %s:10: %s/artists/noise/gone.wav: cannot read", bad, tmp_root);
  if (strstr (err, p) == NULL)
    g_error ("expected \"%s\" in:\n%s", p, err);
  g_free (p);
  g_assert_nonnull (strstr (err,
      "warning: genre \"clicks\" has 2 groups for 4 "
      "folds: at least 2 folds test no \"clicks\" "
      "clip"));
  g_assert_null (strstr (err, "genre \"noise\" has"));
  g_assert_cmpfloat (gc_tj_number (root, "files/failed"), ==, 1.0);
  g_assert_cmpfloat (gc_tj_number (root, "file-level/count"), ==, 8.0);
  g_assert_cmpstr (gc_tj_string (root, "items/8/status"), ==, "failed");
  g_assert_nonnull (strstr (gc_tj_string (root, "items/8/error"), ":10: "));
  gc_tj_free (root);
  g_free (err);

  g_free (tsv);
  g_free (list);
  g_free (bad);
  g_free (bad_tsv);
  g_free (out);
}

/* ---- robustness --------------------------------------------------------- */

static double
degraded_accuracy (GcTj *rob, const char *name, const char *level)
{
  for (guint v = 0; v < gc_tj_length (rob); v++)
    if (g_strcmp0 (gc_tj_string (gc_tj_index (rob, v), "degradation"), name)
        == 0)
      return gc_tj_number (gc_tj_index (rob, v), level);
  g_error ("no degradation %s in the report", name);
  return NAN;
}

static void
test_robustness (void)
{
  GcTj *root, *rob;
  double clean;
  GcTestSpawn r;

  root = run_json (NULL, GC_EVAL, "-m", model, "--min-window", "2",
      "--cache-dir", cache_dir, "-j", "2", "--robustness", "--degrade",
      "fade-2s", heldout_set, NULL);
  rob = gc_tj_path (root, "robustness");
  g_assert_cmpuint (gc_tj_length (rob), ==, 10);
  clean = gc_tj_number (root, "file-level/accuracy");
  g_assert_cmpfloat (gc_tj_number (rob, "0/file-accuracy"), ==, clean);
  g_assert_cmpstr (gc_tj_string (rob, "0/degradation"), ==, "clean");
  g_assert_cmpstr (gc_tj_string (rob, "1/degradation"), ==, "fade-2s");
  g_assert_cmpstr (gc_tj_string (rob, "9/degradation"), ==, "pink-30db");
  for (guint v = 0; v < 10; v++) {
    GcTj *var = gc_tj_index (rob, v);
    double acc = gc_tj_number (var, "file-accuracy");

    g_test_message ("%s: %.3f per file, %.3f per window",
        gc_tj_string (var, "degradation"), acc,
        gc_tj_number (var, "window-accuracy"));
    /* Every file was decoded through every chain, and classified. */
    g_assert_cmpfloat (gc_tj_number (var, "files/failed"), ==, 0.0);
    g_assert_cmpfloat (gc_tj_number (var, "file-level/count"), ==, 18.0);
    g_assert_cmpfloat (
        gc_tj_number (var, "file-accuracy-change"), ==, acc - clean);
  }
  /* Plausible: 20 dB quieter changes nothing (the element normalises
   * each window's peak), MP3 at 64 kb/s little, a 5-kHz band limit more
   * than an 8-kHz one on these broadband noises and clicks. */
  g_assert_cmpfloat (clean, >, 0.9);
  g_assert_cmpfloat (
      degraded_accuracy (rob, "gain-20db", "file-accuracy"), ==, clean);
  g_assert_cmpfloat (
      degraded_accuracy (rob, "mp3-64k", "file-accuracy"), >=, clean - 0.3);
  g_assert_cmpfloat (degraded_accuracy (rob, "lowpass-5k", "window-accuracy"),
      <=, degraded_accuracy (rob, "lowpass-8k", "window-accuracy"));
  gc_tj_free (root);

  /* The table, and a second run from the cache only. */
  r = gc_test_spawn (GC_EVAL, "-m", model, "--min-window", "2", "--cache-dir",
      cache_dir, "--degrade", "gain-20db,mp3-64k", heldout_set, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "features: 0 decoded, 54 from the cache"));
  g_assert_nonnull (strstr (r.out, "ROBUSTNESS"));
  g_assert_nonnull (strstr (r.out, "\n  gain-20db "));
  g_assert_nonnull (strstr (r.out, "\n  mp3-64k "));
  /* Each row ends with its windows' ECE, as the JSON has it. */
  {
    char *json = tmp_path ("robustness-ece.json");
    GError *error = NULL;
    GcTestSpawn rj = gc_test_spawn (GC_EVAL, "-m", model, "--min-window", "2",
        "--cache-dir", cache_dir, "--degrade", "gain-20db,mp3-64k", "--json",
        json, heldout_set, NULL);
    GcTj *root;

    g_assert_cmpint (rj.status, ==, 0);
    root = gc_tj_parse_file (json, &error);
    g_assert_no_error (error);
    for (guint v = 0; v < 3; v++) {
      char *key =
          g_strdup_printf ("robustness/%u/window-level/calibration/ece", v);
      char *row_start = strstr (rj.out,
          v == 0       ? "\n  clean "
              : v == 1 ? "\n  gain-20db "
                       : "\n  mp3-64k ");
      char *expect =
          g_strdup_printf (" %5.1f %%\n", 100.0 * gc_tj_number (root, key));

      g_assert_nonnull (row_start);
      g_assert_true (
          strncmp (strchr (row_start + 1, '\n') - strlen (expect) + 1, expect,
              strlen (expect))
          == 0);
      g_free (expect);
      g_free (key);
    }
    gc_tj_free (root);
    gc_test_spawn_clear (&rj);
    g_free (json);
  }
  g_assert_nonnull (strstr (r.out, "ECE of the windows' top probability"));
  gc_test_spawn_clear (&r);

  r = gc_test_spawn (
      GC_EVAL, "-m", model, "--degrade", "lowpass-8k,hiss", heldout_set, NULL);
  g_assert_cmpint (r.status, ==, 2);
  expect_failure (&r,
      "--degrade: unknown chain \"hiss\" (known: lowpass-8k, "
      "lowpass-5k, mono-22k, mp3-64k, gain-20db, tilt+6db, "
      "tilt-6db, pink-30db, mp3-32k-96k, mp3-44k-128k, "
      "fade-2s, vorbis-q2)");
}

/* ---- augmentation ------------------------------------------------------- */

static void
compare_bundles (const char *a_ini, const char *b_ini)
{
  char *a = gc_test_read_text (a_ini), *b = gc_test_read_text (b_ini);
  char *a_svm = g_strdup (a_ini), *b_svm = g_strdup (b_ini);

  g_assert_cmpstr (a, ==, b);
  g_free (a);
  g_free (b);
  strcpy (a_svm + strlen (a_svm) - 3, "svm");
  strcpy (b_svm + strlen (b_svm) - 3, "svm");
  a = gc_test_read_text (a_svm);
  b = gc_test_read_text (b_svm);
  g_assert_cmpstr (a, ==, b);
  g_free (a);
  g_free (b);
  g_free (a_svm);
  g_free (b_svm);
}

/* --augment: copies are extra training rows in their file's fold, never
 * scored; the model records them, eval --cv -m repeats them; the same
 * model whatever -j and the cache; the ablation run (grouped CV, augmented
 * training, degraded held-out files) in one command, from the cache the
 * second time. */
static void
test_augment (void)
{
  char *plain = artist_path ("plain.list"), *tsv = artist_path ("clips.tsv");
  char *out = tmp_path ("augmented/model.ini");
  char *out2 = tmp_path ("augmented2/model.ini"), *text;
  GcTj *root, *rob;
  GcTestSpawn r;

  r = gc_test_spawn (GC_TRAIN, "--window", "4", "--min-window", "2",
      "--cache-dir", cache_dir, "-j", "2", "--folds", "4", "--groups", tsv,
      "--augment", "fade-2s,pink-30db", "-o", out, plain, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "features: 48 files: "));
  g_assert_nonnull (strstr (r.out,
      "augmented through fade-2s: 48 copies, 48 "
      "windows for training only, 0 copies "
      "failed"));
  g_assert_nonnull (strstr (r.out, "augmented through pink-30db: 48 copies"));
  /* Scored on the 48 files' own windows, not on 144 rows. */
  g_assert_nonnull (strstr (r.out, "/48 windows)\nmodel: "));
  g_assert_nonnull (strstr (r.out, "training-set accuracy "));
  gc_test_spawn_clear (&r);
  text = gc_test_read_text (out);
  g_assert_nonnull (strstr (text,
      ", seed 1, augment fade-2s,pink-30db, "
      "4-fold CV accuracy "));
  g_assert_nonnull (strstr (text, "each also through fade-2s,pink-30db."));
  g_free (text);

  /* The same bundle from the cache on one thread. */
  r = gc_test_spawn (GC_TRAIN, "--window", "4", "--min-window", "2",
      "--cache-dir", cache_dir, "-j", "1", "--folds", "4", "--groups", tsv,
      "--augment", "fade-2s,pink-30db", "-o", out2, plain, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "48 files: 0 decoded, 48 from the cache"));
  gc_test_spawn_clear (&r);
  compare_bundles (out, out2);

  /* eval --cv with the model's recipe, its augmentation included, the
   * held-out files clean and through two chains. */
  root = run_json (NULL, GC_EVAL, "--cv", "4", "-m", out, "--groups", tsv,
      "--cache-dir", cache_dir, "-j", "2", "--degrade", "gain-20db,fade-2s",
      plain, NULL);
  g_assert_cmpstr (
      gc_tj_string (root, "cross-validation/augment/0"), ==, "fade-2s");
  g_assert_cmpstr (
      gc_tj_string (root, "cross-validation/augment/1"), ==, "pink-30db");
  /* 3 folds of 4 train: 36 files, 72 copies. */
  g_assert_cmpfloat (
      gc_tj_number (root, "cross-validation/training/0/training-windows"), ==,
      36.0);
  g_assert_cmpfloat (
      gc_tj_number (root, "cross-validation/training/0/augmented-windows"), ==,
      72.0);
  g_assert_cmpfloat (gc_tj_number (root, "file-level/count"), ==, 48.0);
  g_assert_cmpfloat (gc_tj_number (root, "window-level/count"), ==, 48.0);
  check_folds (root, 4, 12);
  rob = gc_tj_path (root, "robustness");
  g_assert_cmpuint (gc_tj_length (rob), ==, 3);
  g_assert_cmpfloat (gc_tj_number (rob, "1/file-level/count"), ==, 48.0);
  g_assert_cmpfloat (gc_tj_number (rob, "2/file-level/count"), ==, 48.0);
  gc_tj_free (root);

  /* The whole ablation row again: every feature from the cache. */
  r = gc_test_spawn (GC_EVAL, "--cv", "4", "--groups", tsv, "--c", "1",
      "--gamma", "0.01", "--window", "4", "--min-window", "2", "--augment",
      "fade-2s,pink-30db", "--degrade", "gain-20db,fade-2s", "--cache-dir",
      cache_dir, plain, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out,
      "features: 0 decoded, 192 from the cache "
      "(48 files × 4: as they are and through 3 "
      "chains)"));
  g_assert_nonnull (strstr (r.out,
      "augment fade-2s,pink-30db, probability "
      "libsvm (from the command line)"));
  g_assert_nonnull (strstr (r.out, "+ 72 augmented on average"));
  g_assert_nonnull (strstr (r.out, "\n  fade-2s "));
  gc_test_spawn_clear (&r);

  /* --augment trains: without --cv, eval has nothing to train. */
  r = gc_test_spawn (GC_EVAL, "-m", out, "--augment", "fade-2s", plain, NULL);
  g_assert_cmpint (r.status, ==, 2);
  expect_failure (&r, "--augment trains: it goes with --cv");
  r = gc_test_spawn (
      GC_TRAIN, "--augment", "mp3-320k", "-o", out2, plain, NULL);
  g_assert_cmpint (r.status, ==, 2);
  expect_failure (&r, "--augment: unknown chain \"mp3-320k\" (known: ");

  g_free (plain);
  g_free (tsv);
  g_free (out);
  g_free (out2);
}

/* --probability grouped: the sigmoids are fitted on folds by artist (a
 * file's copies with it), recorded in the recipe and repeated by eval --cv;
 * the same SVM as libsvm's fit gives, other probabilities. */
static void
test_probability_grouped (void)
{
  char *plain = artist_path ("plain.list"), *tsv = artist_path ("clips.tsv");
  char *out = tmp_path ("grouped/model.ini"), *text, *svm, *ref_svm;
  char *ref = tmp_path ("grouped-libsvm/model.ini");
  GcTj *root;
  GcTestSpawn r;

  r = gc_test_spawn (GC_TRAIN, "--window", "4", "--min-window", "2",
      "--cache-dir", cache_dir, "-j", "2", "--folds", "4", "--groups", tsv,
      "--augment", "fade-2s", "--c", "1", "--gamma", "0.01", "--probability",
      "grouped", "-o", out, plain, NULL);
  g_assert_cmpint (r.status, ==, 0);
  gc_test_spawn_clear (&r);
  r = gc_test_spawn (GC_TRAIN, "--window", "4", "--min-window", "2",
      "--cache-dir", cache_dir, "-j", "2", "--folds", "4", "--groups", tsv,
      "--augment", "fade-2s", "--c", "1", "--gamma", "0.01", "-o", ref, plain,
      NULL);
  g_assert_cmpint (r.status, ==, 0);
  gc_test_spawn_clear (&r);
  text = gc_test_read_text (out);
  g_assert_nonnull (
      strstr (text, ", seed 1, augment fade-2s, probability grouped\n"));
  g_free (text);
  /* The support vectors and rho agree; probA differs, probB is 0. */
  svm = g_strdup (out);
  strcpy (svm + strlen (svm) - 3, "svm");
  ref_svm = g_strdup (ref);
  strcpy (ref_svm + strlen (ref_svm) - 3, "svm");
  {
    char *a = gc_test_read_text (svm), *b = gc_test_read_text (ref_svm);
    char *a_sv = strstr (a, "\nSV\n"), *b_sv = strstr (b, "\nSV\n");
    char *a_rho = strstr (a, "\nrho "), *b_rho = strstr (b, "\nrho ");
    char *a_pa = strstr (a, "\nprobA "), *b_pa = strstr (b, "\nprobA ");
    char *a_pb = strstr (a, "\nprobB ");

    g_assert_nonnull (a_sv);
    g_assert_nonnull (b_sv);
    g_assert_cmpstr (a_sv, ==, b_sv);
    g_assert_cmpint (strcspn (a_rho + 1, "\n"), ==, strcspn (b_rho + 1, "\n"));
    g_assert_cmpint (strncmp (a_rho, b_rho, strcspn (a_rho + 1, "\n")), ==, 0);
    g_assert_nonnull (a_pa);
    g_assert_nonnull (b_pa);
    g_assert_cmpint (strncmp (a_pa, b_pa, strcspn (a_pa + 1, "\n")), !=, 0);
    g_assert_true (g_str_has_prefix (a_pb, "\nprobB 0 0 0\n"));
    g_free (a);
    g_free (b);
  }

  /* eval --cv -m repeats it. */
  root = run_json (NULL, GC_EVAL, "--cv", "4", "-m", out, "--groups", tsv,
      "--cache-dir", cache_dir, "-j", "2", plain, NULL);
  g_assert_cmpstr (
      gc_tj_string (root, "cross-validation/probability"), ==, "grouped");
  g_assert_cmpfloat (gc_tj_number (root, "file-level/count"), ==, 48.0);
  gc_tj_free (root);
  root = run_json (NULL, GC_EVAL, "--cv", "4", "-m", ref, "--groups", tsv,
      "--cache-dir", cache_dir, "-j", "2", plain, NULL);
  g_assert_cmpstr (
      gc_tj_string (root, "cross-validation/probability"), ==, "libsvm");
  gc_tj_free (root);

  r = gc_test_spawn (
      GC_TRAIN, "--probability", "platt", "-o", out, plain, NULL);
  g_assert_cmpint (r.status, ==, 2);
  expect_failure (&r, "--probability must be libsvm or grouped, not \"platt\"");
  r = gc_test_spawn (
      GC_EVAL, "-m", out, "--probability", "grouped", plain, NULL);
  g_assert_cmpint (r.status, ==, 2);
  expect_failure (&r, "--probability trains: it goes with --cv");

  g_free (svm);
  g_free (ref_svm);
  g_free (ref);
  g_free (plain);
  g_free (tsv);
  g_free (out);
}

/* --extra-windows: every file also in back-to-back windows of a shorter
 * length, as training-only rows in its file's fold; recorded in the recipe
 * and repeated by eval --cv. */
static void
test_extra_windows (void)
{
  char *plain = artist_path ("plain.list"), *tsv = artist_path ("clips.tsv");
  char *out = tmp_path ("extra/model.ini"), *text;
  GcTj *root;
  GcTestSpawn r;

  r = gc_test_spawn (GC_TRAIN, "--window", "4", "--min-window", "2",
      "--cache-dir", cache_dir, "-j", "2", "--folds", "4", "--groups", tsv,
      "--c", "1", "--gamma", "0.01", "--extra-windows", "2", "-o", out, plain,
      NULL);
  g_assert_cmpint (r.status, ==, 0);
  /* 48 files of 4 s: two 2-s windows each. */
  g_assert_nonnull (
      strstr (r.out, "also in windows of 2 s: 96 windows for training only\n"));
  /* Scored on the 48 files' own windows only. */
  g_assert_nonnull (strstr (r.out, "training-set accuracy "));
  g_assert_nonnull (strstr (r.out, "/48 windows)"));
  gc_test_spawn_clear (&r);
  text = gc_test_read_text (out);
  g_assert_nonnull (strstr (text, ", seed 1, extra-windows 2\n"));
  g_free (text);

  /* eval --cv -m repeats it: 36 training files, 72 extra rows a fold. */
  root = run_json (NULL, GC_EVAL, "--cv", "4", "-m", out, "--groups", tsv,
      "--cache-dir", cache_dir, "-j", "2", plain, NULL);
  g_assert_cmpfloat (
      gc_tj_number (root, "cross-validation/extra-windows/0"), ==, 2.0);
  g_assert_cmpfloat (
      gc_tj_number (root, "cross-validation/training/0/training-windows"), ==,
      36.0);
  g_assert_cmpfloat (
      gc_tj_number (root, "cross-validation/training/0/augmented-windows"), ==,
      72.0);
  g_assert_cmpfloat (gc_tj_number (root, "file-level/count"), ==, 48.0);
  gc_tj_free (root);
  /* "none" drops it. */
  root = run_json (NULL, GC_EVAL, "--cv", "4", "-m", out, "--groups", tsv,
      "--cache-dir", cache_dir, "-j", "2", "--extra-windows", "none", plain,
      NULL);
  g_assert_cmpuint (
      gc_tj_length (gc_tj_path (root, "cross-validation/extra-windows")), ==,
      0);
  g_assert_cmpfloat (
      gc_tj_number (root, "cross-validation/training/0/augmented-windows"), ==,
      0.0);
  gc_tj_free (root);

  r = gc_test_spawn (GC_TRAIN, "--window", "4", "--extra-windows", "4", "-o",
      out, plain, NULL);
  g_assert_cmpint (r.status, ==, 2);
  expect_failure (
      &r, "--extra-windows: 4 s is not shorter than the window (4 s)");
  r = gc_test_spawn (GC_TRAIN, "--window", "4", "--extra-windows", "2,0.5",
      "-o", out, plain, NULL);
  g_assert_cmpint (r.status, ==, 2);
  expect_failure (&r, "--extra-windows: \"0.5\" is not a window length");
  r = gc_test_spawn (GC_EVAL, "-m", out, "--extra-windows", "2", plain, NULL);
  g_assert_cmpint (r.status, ==, 2);
  expect_failure (&r, "--extra-windows trains: it goes with --cv");

  g_free (plain);
  g_free (tsv);
  g_free (out);
}

/* --train-fraction: a learning curve.  Each fold trains on a share of the
 * other folds' artists, per genre, and the same 48 held-out files are
 * scored; the shares are nested and the full share is plain --cv. */
static void
test_train_fraction (void)
{
  char *plain = artist_path ("plain.list"), *tsv = artist_path ("clips.tsv");
  GcTj *all, *half, *third;
  GcTestSpawn r;

#define TF_RUN(...)                                                            \
  run_json (NULL, GC_EVAL, "--cv", "4", "--c", "8", "--gamma", "0.005",        \
      "--window", "4", "--min-window", "2", "--cache-dir", cache_dir, "-j",    \
      "2", "--groups", tsv, __VA_ARGS__, plain, NULL)
  all = TF_RUN ("--seed", "3");
  half = TF_RUN ("--seed", "3", "--train-fraction", "0.5");
  third = TF_RUN ("--seed", "3", "--train-fraction", "0.3");
#undef TF_RUN
  /* 12 artists, 3 held out a fold: 9 to train on, 3 per genre; a half
   * keeps round(1.5) = 2 of each genre's, 0.3 keeps one (never none). */
  for (guint f = 0; f < 4; f++) {
    char *groups =
        g_strdup_printf ("cross-validation/training/%u/training-groups", f);
    char *windows =
        g_strdup_printf ("cross-validation/training/%u/training-windows", f);

    g_assert_cmpfloat (gc_tj_number (all, groups), ==, 9.0);
    g_assert_cmpfloat (gc_tj_number (half, groups), ==, 6.0);
    g_assert_cmpfloat (gc_tj_number (third, groups), ==, 3.0);
    g_assert_cmpfloat (gc_tj_number (all, windows), ==, 36.0);
    g_assert_cmpfloat (gc_tj_number (half, windows), ==, 24.0);
    g_assert_cmpfloat (gc_tj_number (third, windows), ==, 12.0);
    g_free (groups);
    g_free (windows);
  }
  g_assert_cmpfloat (
      gc_tj_number (half, "cross-validation/train-fraction"), ==, 0.5);
  g_assert_cmpfloat (
      gc_tj_number (all, "cross-validation/train-fraction"), ==, 1.0);
  /* The same held-out files, in the same folds, whatever the share. */
  g_assert_cmpfloat (gc_tj_number (half, "file-level/count"), ==, 48.0);
  for (guint i = 0; i < 48; i++)
    g_assert_cmpfloat (
        gc_tj_number (gc_tj_index (gc_tj_path (half, "items"), i), "fold"), ==,
        gc_tj_number (gc_tj_index (gc_tj_path (all, "items"), i), "fold"));
  g_test_message ("accuracy with 1, 0.5, 0.3 of the artists: %.3f %.3f %.3f",
      gc_tj_number (all, "file-level/accuracy"),
      gc_tj_number (half, "file-level/accuracy"),
      gc_tj_number (third, "file-level/accuracy"));
  gc_tj_free (all);
  gc_tj_free (half);
  gc_tj_free (third);

  r = gc_test_spawn (
      GC_EVAL, "--cv", "4", "--train-fraction", "0", plain, NULL);
  g_assert_cmpint (r.status, ==, 2);
  expect_failure (
      &r, "--train-fraction must be more than 0 and at most 1, not 0");
  r = gc_test_spawn (
      GC_EVAL, "--cv", "4", "--train-fraction", "1.5", plain, NULL);
  g_assert_cmpint (r.status, ==, 2);
  expect_failure (
      &r, "--train-fraction must be more than 0 and at most 1, not 1.5");
  r = gc_test_spawn (
      GC_EVAL, "-m", "x.ini", "--train-fraction", "0.5", plain, NULL);
  g_assert_cmpint (r.status, ==, 2);
  expect_failure (&r, "--train-fraction trains: it goes with --cv");
  g_free (plain);
  g_free (tsv);
}

/* --max-rows: genreclassify-train keeps a balanced share of the windows
 * (3 genres × 4 artists × 4 one-window clips: 12 rows are one per artist),
 * records it in the recipe, and genreclassify-eval --cv makes the same
 * choice within each fold's training rows. */
static void
test_max_rows (void)
{
  char *plain = artist_path ("plain.list"), *tsv = artist_path ("clips.tsv");
  char *out = tmp_path ("max-rows/model.ini"), *text;
  GcTj *all, *some;
  GcTestSpawn r;

  r = gc_test_spawn (GC_TRAIN, "--window", "4", "--min-window", "2", "--c", "8",
      "--gamma", "0.005", "--groups", tsv, "--max-rows", "12", "--cache-dir",
      cache_dir, "-j", "2", "-o", out, plain, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out,
      "--max-rows: training on 12 of 48 windows (12 of the files' own), "
      "balanced by genre and group"));
  gc_test_spawn_clear (&r);
  text = gc_test_read_text (out);
  g_assert_nonnull (strstr (text, "seed 1, max-rows 12"));
  g_free (text);

#define MR_RUN(...)                                                            \
  run_json (NULL, GC_EVAL, "--cv", "4", "--c", "8", "--gamma", "0.005",        \
      "--window", "4", "--min-window", "2", "--cache-dir", cache_dir, "-j",    \
      "2", "--groups", tsv, __VA_ARGS__, plain, NULL)
  all = MR_RUN ("--seed", "3");
  some = MR_RUN ("--seed", "3", "--max-rows", "10");
#undef MR_RUN
  for (guint f = 0; f < 4; f++) {
    char *windows =
        g_strdup_printf ("cross-validation/training/%u/training-windows", f);

    g_assert_cmpfloat (gc_tj_number (all, windows), ==, 36.0);
    g_assert_cmpfloat (gc_tj_number (some, windows), ==, 10.0);
    g_free (windows);
  }
  /* The same held-out files are scored. */
  g_assert_cmpfloat (gc_tj_number (some, "file-level/count"), ==, 48.0);
  gc_tj_free (all);
  gc_tj_free (some);

  /* The recipe's max-rows is cross-validated by default. */
  r = gc_test_spawn (GC_EVAL, "--cv", "4", "-m", out, "--groups", tsv,
      "--cache-dir", cache_dir, plain, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "(--max-rows 12)"));
  gc_test_spawn_clear (&r);

  r = gc_test_spawn (GC_TRAIN, "--max-rows", "-1", "-o", out, plain, NULL);
  g_assert_cmpint (r.status, ==, 2);
  expect_failure (&r, "--max-rows must be 0 (every window) or more, not -1");
  r = gc_test_spawn (GC_TRAIN, "--window", "4", "--min-window", "2", "--c", "8",
      "--gamma", "0.005", "--max-rows", "2", "--cache-dir", cache_dir, "-o",
      out, plain, NULL);
  g_assert_cmpint (r.status, ==, 2);
  expect_failure (&r, "--max-rows 2 is fewer than the 3 genres");
  r = gc_test_spawn (GC_EVAL, "-m", out, "--max-rows", "10", plain, NULL);
  g_assert_cmpint (r.status, ==, 2);
  expect_failure (&r, "--max-rows trains: it goes with --cv");
  g_free (out);
  g_free (plain);
  g_free (tsv);
}

/* --calibrate: the held-out files in windows of 2 and 4 s, a table per
 * length, written into a copy of the model all or nothing; the element's
 * classification then uses it (gc_model_classify() tempers). */
static void
test_calibrate (void)
{
  char *dir = tmp_path ("calibrated"), *copy, *svm,
       *json = tmp_path ("cal.json");
  char *text;
  const double *s, *t, *w;
  GcModel *m;
  GcTestSpawn r;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  copy = g_build_filename (dir, "model.ini", NULL);
  svm = g_build_filename (dir, "model.svm", NULL);
  text = gc_test_read_text (model);
  g_assert_true (g_file_set_contents (copy, text, -1, NULL));
  g_free (text);
  {
    char *src = g_strdup (model);

    strcpy (src + strlen (src) - 3, "svm");
    text = gc_test_read_text (src);
    g_assert_true (g_file_set_contents (svm, text, -1, NULL));
    g_free (text);
    g_free (src);
  }

  r = gc_test_spawn (GC_EVAL, "--cv", "3", "-m", copy, "--min-window", "2",
      "--cache-dir", cache_dir, "--calibrate", "4,2", "--write-calibration",
      "--json", json, train_set, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "CALIBRATION BY WINDOW LENGTH"));
  g_assert_nonnull (strstr (r.out, "if calibrated"));
  g_assert_nonnull (strstr (r.out, "wrote the calibration into"));
  gc_test_spawn_clear (&r);
  {
    GError *error = NULL;
    GcTj *root = gc_tj_parse_file (json, &error);

    g_assert_no_error (error);
    for (guint i = 0; i < 2; i++) {
      char *mean_key = g_strdup_printf (
          "calibration-by-length/%u/ece-if-calibrated-mean", i);
      char *p90_key =
          g_strdup_printf ("calibration-by-length/%u/ece-if-calibrated-p90", i);
      double mean = gc_tj_number (root, mean_key);

      g_assert_cmpfloat (mean, >, 0.0);
      g_assert_cmpfloat (gc_tj_number (root, p90_key), >, mean);
      g_free (mean_key);
      g_free (p90_key);
    }
    gc_tj_free (root);
  }

  m = gc_model_load (copy, NULL);
  g_assert_nonnull (m);
  g_assert_cmpuint (gc_model_get_calibration (m, &s, &t, &w), ==, 2);
  g_assert_cmpfloat (s[0], ==, 2.0);
  g_assert_cmpfloat (s[1], ==, 4.0);
  for (guint i = 0; i < 2; i++) {
    g_assert_cmpfloat (t[i], >=, 0.1);
    g_assert_cmpfloat (t[i], <=, 20.0);
    g_assert_cmpfloat (w[i], >=, 0.05);
    g_assert_cmpfloat (w[i], <=, 1.0);
  }
  g_assert_cmpfloat (w[1], ==, 1.0);
  gc_model_free (m);
  text = gc_test_read_text (json);
  g_assert_nonnull (strstr (text, "\"calibration-by-length\""));
  g_free (text);

  r = gc_test_spawn (GC_EVAL, "-m", copy, "--calibrate", "2", train_set, NULL);
  expect_failure (&r, "--calibrate measures held-out windows");
  r = gc_test_spawn (
      GC_EVAL, "--cv", "3", "-m", copy, "--write-calibration", train_set, NULL);
  expect_failure (&r, "give --calibrate");
  r = gc_test_spawn (GC_EVAL, "--cv", "3", "-m", copy, "--calibrate", "2,9",
      "--min-window", "2", train_set, NULL);
  expect_failure (&r, "--calibrate: \"9\" is not a window length");

  g_free (copy);
  g_free (svm);
  g_free (json);
  g_free (dir);
}

int
main (int argc, char **argv)
{
  const char *old = g_getenv ("GST_PLUGIN_PATH");
  char *plugin_path;
  int status;

  plugin_path = old && *old
      ? g_strconcat (GC_BUILD_ROOT "/gst", G_SEARCHPATH_SEPARATOR_S, old, NULL)
      : g_strdup (GC_BUILD_ROOT "/gst");
  g_setenv ("GST_PLUGIN_PATH", plugin_path, TRUE);
  g_free (plugin_path);
  g_unsetenv ("GENRECLASSIFY_MODEL");
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

  tmp_root = g_dir_make_tmp ("gc-tools-e2e-XXXXXX", NULL);
  g_assert_nonnull (tmp_root);
  train_set = tmp_path ("train");
  heldout_set = tmp_path ("heldout");
  long_set = tmp_path ("long");
  artist_set = tmp_path ("artists");
  cache_dir = tmp_path ("cache");
  model = tmp_path ("model/model.ini");
  model2 = tmp_path ("model2/model.ini");
  /* Seeds far apart: gc_demo_clip_seed() mixes the set seed with the clip
   * index by XOR, so nearby seeds would share clips. */
  make_set (train_set, "8", "4", "1");
  make_set (heldout_set, "6", "4", "1000000");
  make_set (long_set, "1", "9", "2000000");
  {
    GcTestSpawn r = gc_test_spawn (GC_MAKE_SET, "--artists", "4", "--clips",
        "4", "--seconds", "4", artist_set, NULL);

    g_assert_cmpint (r.status, ==, 0);
    gc_test_spawn_clear (&r);
  }

  g_test_add_func ("/tools/train", test_train);
  g_test_add_func ("/tools/roundtrip", test_roundtrip);
  g_test_add_func ("/tools/eval-self", test_eval_self);
  g_test_add_func ("/tools/eval-heldout", test_eval_heldout);
  g_test_add_func ("/tools/element", test_element);
  g_test_add_func ("/tools/element-overlap", test_element_overlap);
  g_test_add_func ("/tools/list-file", test_list_file);
  g_test_add_func ("/tools/bad-inputs", test_bad_inputs);
  g_test_add_func ("/tools/cv-groups", test_cv_groups);
  g_test_add_func ("/tools/train-groups", test_train_groups);
  g_test_add_func ("/tools/group-errors", test_group_errors);
  g_test_add_func ("/tools/robustness", test_robustness);
  g_test_add_func ("/tools/augment", test_augment);
  g_test_add_func ("/tools/probability-grouped", test_probability_grouped);
  g_test_add_func ("/tools/extra-windows", test_extra_windows);
  g_test_add_func ("/tools/train-fraction", test_train_fraction);
  g_test_add_func ("/tools/max-rows", test_max_rows);
  g_test_add_func ("/tools/calibrate", test_calibrate);
  status = g_test_run ();

  if (g_getenv ("GC_KEEP_TMP") == NULL)
    gc_test_remove_tree (tmp_root);
  g_free (tmp_root);
  g_free (train_set);
  g_free (heldout_set);
  g_free (long_set);
  g_free (artist_set);
  g_free (cache_dir);
  g_free (model);
  g_free (model2);
  gst_deinit ();
  return status;
}
