/* genreclassify — unit tests of the tools' shared pieces (src/cli)
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * SVG charts, precision against coverage, progress, JSON writer, labelled sets,
 * the feature cache, the folds and grids of the search, and decoding errors.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <glib/gstdio.h>
#include <gst/gst.h>

#include "gc-calibration.h"
#include "gc-chain.h"
#include "gc-cli.h"
#include "gc-coverage.h"
#include "gc-dataset.h"
#include "gc-decode.h"
#include "gc-export.h"
#include "gc-feature-cache.h"
#include "gc-folds.h"
#include "gc-grid.h"
#include "gc-json.h"
#include "gc-model.h"
#include "gc-progress.h"
#include "gc-recipe.h"
#include "gc-svg.h"
#include "gc-test-json.h"
#include "gc-test-data.h"

static char *tmp_root;

static char *
tmp_path (const char *name)
{
  return g_build_filename (tmp_root, name, NULL);
}

static void
write_file (const char *path, const char *text)
{
  char *dir = g_path_get_dirname (path);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  g_free (dir);
}

/* ---- SVG ---------------------------------------------------------------- */

static void
check_well_formed (const char *svg)
{
  GMarkupParser parser = { 0 };
  GMarkupParseContext *ctx =
      g_markup_parse_context_new (&parser, 0, NULL, NULL);
  GError *error = NULL;

  /* The XML declaration is not something GMarkup accepts: skip it. */
  g_assert_true (g_str_has_prefix (svg, "<?xml"));
  svg = strstr (svg, "?>") + 2;
  g_markup_parse_context_parse (ctx, svg, -1, &error);
  g_assert_no_error (error);
  g_markup_parse_context_end_parse (ctx, &error);
  g_assert_no_error (error);
  g_markup_parse_context_free (ctx);
}

static void
test_svg (void)
{
  const char *labels[] = { "rock & roll", "<jazz>", "hip-hop \"old\"",
    "électronique", NULL };
  double values[] = { 0.61, 0.2, 0.15, 0.04 };
  guint counts[16] = { 10, 2, 0, 0, 1, 7, 0, 0, 0, 0, 0, 0, 3, 0, 0, 5 };
  double starts[] = { 0, 30, 60, 90 }, durations[] = { 30, 30, 30, 12 };
  double probs[16] = { 0.7, 0.1, 0.1, 0.1, 0.2, 0.5, 0.2, 0.1, -1, 0, 0, 0,
    0.25, 0.25, 0.25, 0.25 };
  char *s, colour[8];
  char *path;

  s = gc_svg_escape ("a<b & \"c\" 'd'>\x01");
  g_assert_cmpstr (s, ==, "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt; ");
  g_free (s);

  gc_svg_heat_colour (0.0, colour);
  g_assert_cmpstr (colour, ==, "#f7fbff");
  gc_svg_heat_colour (1.0, colour);
  g_assert_cmpstr (colour, ==, "#08306b");
  gc_svg_heat_colour (7.0, colour);
  g_assert_cmpstr (colour, ==, "#08306b");
  g_assert_cmpstr (gc_svg_category_colour (0), ==, gc_svg_category_colour (12));

  s = gc_svg_bar_chart ("Genres of <x>", NULL, labels, values, 4);
  check_well_formed (s);
  g_assert_nonnull (strstr (s, "rock &amp; roll"));
  g_assert_nonnull (strstr (s, "&lt;jazz&gt;"));
  g_assert_nonnull (strstr (s, "61.0 %"));
  g_assert_nonnull (strstr (s, "Genres of &lt;x&gt;"));
  g_free (s);

  s = gc_svg_confusion_matrix ("Confusion", "per file", labels, 4, counts);
  check_well_formed (s);
  g_assert_nonnull (strstr (s, "83.3 %")); /* 10 of 12 */
  g_assert_nonnull (strstr (s, "37.5 %")); /* 3 of 8 */
  g_assert_nonnull (strstr (s, "true genre"));
  g_assert_nonnull (strstr (s, "predicted genre"));
  g_assert_nonnull (strstr (s, "linearGradient"));
  g_assert_nonnull (strstr (s, "–")); /* a row without items */
  g_assert_nonnull (strstr (s, "électronique"));
  path = tmp_path ("confusion.svg");
  g_assert_true (gc_svg_save (path, s, NULL));
  g_free (path);
  g_free (s);

  s = gc_svg_timeline (
      "Timeline", "a long track", labels, 4, starts, durations, probs, 4);
  check_well_formed (s);
  g_assert_nonnull (strstr (s, "url(#unclassified)"));
  g_assert_nonnull (strstr (s, "not classified"));
  g_assert_nonnull (strstr (s, "1:30")); /* a time tick */
  g_assert_nonnull (strstr (s, "rock &amp; roll 70.0 % at 0:00"));
  g_free (s);

  /* Degenerate input. */
  s = gc_svg_timeline (NULL, NULL, labels, 4, NULL, NULL, NULL, 0);
  check_well_formed (s);
  g_free (s);
  s = gc_svg_bar_chart (NULL, NULL, labels, values, 0);
  check_well_formed (s);
  g_free (s);
}

/* ---- calibration --------------------------------------------------------- */

/* The bars of a one-panel reliability diagram, read back: each non-empty
 * bin's solid bar stands on the plot's floor up to its accuracy, and its
 * unfilled bar up to its mean confidence, whichever is higher; the count
 * labels of the histogram stay below the x axis' title. */
static void
check_reliability_bars (const char *svg, const GcSvgReliability *panel)
{
  const char *p;
  double fx, fy, fw, fh, floor_y, title_y = -1.0;
  guint k = 0, n_acc = 0, n_conf = 0, n_counts = 0;

  p = strstr (svg, "fill=\"#f8f8f8\"");
  g_assert_nonnull (p);
  while (p > svg && strncmp (p, "<rect ", 6) != 0)
    p--;
  g_assert_cmpint (sscanf (p,
                       "<rect x=\"%lf\" y=\"%lf\" width=\"%lf\" "
                       "height=\"%lf\"",
                       &fx, &fy, &fw, &fh),
      ==, 4);
  floor_y = fy + fh;
  for (p = strstr (svg, "<rect class=\"accuracy\""); p != NULL;
       p = strstr (p + 1, "<rect class=\"accuracy\"")) {
    double x, y, w, h, cx, cy, cw, ch;
    const char *q = strstr (p, "<rect class=\"confidence\"");

    while (k < panel->n_bins && panel->counts[k] == 0)
      k++;
    g_assert_cmpuint (k, <, panel->n_bins);
    g_assert_cmpint (sscanf (p,
                         "<rect class=\"accuracy\" x=\"%lf\" y=\"%lf\" "
                         "width=\"%lf\" height=\"%lf\"",
                         &x, &y, &w, &h),
        ==, 4);
    g_assert_nonnull (q);
    g_assert_cmpint (sscanf (q,
                         "<rect class=\"confidence\" x=\"%lf\" y=\"%lf\" "
                         "width=\"%lf\" height=\"%lf\" fill=\"none\"",
                         &cx, &cy, &cw, &ch),
        ==, 4);
    g_test_message ("bin %u: accuracy %.3f drawn %.3f, confidence %.3f "
                    "drawn %.3f",
        k, panel->accuracy[k], h / fh, panel->confidence[k], ch / fh);
    /* the bin's place, and each value at its true height */
    g_assert_cmpfloat_with_epsilon (x, fx + k * fw / panel->n_bins, 0.01);
    g_assert_cmpfloat_with_epsilon (y + h, floor_y, 0.01);
    g_assert_cmpfloat_with_epsilon (h / fh, panel->accuracy[k], 1e-4);
    g_assert_cmpfloat_with_epsilon (cy + ch, floor_y, 0.01);
    g_assert_cmpfloat_with_epsilon (ch / fh, panel->confidence[k], 1e-4);
    /* inside its bin */
    g_assert_cmpfloat (cx, >, x);
    g_assert_cmpfloat (cx + cw, <, x + w);
    n_acc++;
    n_conf++;
    k++;
  }
  while (k < panel->n_bins && panel->counts[k] == 0)
    k++;
  g_assert_cmpuint (k, ==, panel->n_bins);
  g_assert_cmpuint (n_acc, >, 0);
  g_assert_cmpuint (n_conf, ==, n_acc);

  /* the axis title's baseline, then every count label's top (9 px type) */
  p = strstr (svg, ">confidence (top probability)</text>");
  g_assert_nonnull (p);
  while (p > svg && strncmp (p, "<text ", 6) != 0)
    p--;
  g_assert_cmpint (sscanf (p, "<text x=\"%*f\" y=\"%lf\"", &title_y), ==, 1);
  for (p = strstr (svg, "font-size=\"9.0\""); p != NULL;
       p = strstr (p + 1, "font-size=\"9.0\"")) {
    const char *t = p;
    double y;

    while (t > svg && strncmp (t, "<text ", 6) != 0)
      t--;
    g_assert_cmpint (sscanf (t, "<text x=\"%*f\" y=\"%lf\"", &y), ==, 1);
    /* 4 px below the title's descenders */
    g_assert_cmpfloat (y - 9.0, >, title_y + 4.0);
    n_counts++;
  }
  g_assert_cmpuint (n_counts, ==, n_acc);
}

/* Hand-made predictions whose ECE is known. */
static void
test_calibration (void)
{
  GcCalibration c;

  /* the bins: ⌊10 p⌋, 1 in the top bin, nothing outside [0, 1] */
  g_assert_cmpuint (gc_calibration_bin (0.0, 10), ==, 0);
  g_assert_cmpuint (gc_calibration_bin (0.05, 10), ==, 0);
  g_assert_cmpuint (gc_calibration_bin (0.35, 10), ==, 3);
  g_assert_cmpuint (gc_calibration_bin (0.5, 10), ==, 5);
  g_assert_cmpuint (gc_calibration_bin (0.999, 10), ==, 9);
  g_assert_cmpuint (gc_calibration_bin (1.0, 10), ==, 9);
  g_assert_cmpuint (gc_calibration_bin (-0.01, 10), ==, G_MAXUINT);
  g_assert_cmpuint (gc_calibration_bin (1.01, 10), ==, G_MAXUINT);
  g_assert_cmpuint (gc_calibration_bin (NAN, 10), ==, G_MAXUINT);
  g_assert_cmpuint (gc_calibration_bin (0.5, 4), ==, 2);

  /* nothing counted: undefined */
  gc_calibration_init (&c, 10);
  g_assert_true (isnan (gc_calibration_ece (&c)));
  g_assert_true (isnan (gc_calibration_mce (&c)));
  g_assert_true (isnan (gc_calibration_bin_accuracy (&c, 3)));
  g_assert_false (gc_calibration_add (&c, NAN, TRUE));
  g_assert_false (gc_calibration_add (&c, 1.5, TRUE));
  g_assert_cmpuint (c.total, ==, 0);

  /* perfectly calibrated: 0.8-confident, right 4 times out of 5 */
  for (guint i = 0; i < 5; i++)
    g_assert_true (gc_calibration_add (&c, 0.8, i < 4));
  g_assert_cmpfloat_with_epsilon (gc_calibration_ece (&c), 0.0, 1e-15);
  gc_calibration_clear (&c);

  /* What a calibrated model scores on a finite set.  Nothing counted, or
   * certain and right: 0. */
  {
    double mean, p90, again_mean, again_p90;

    gc_calibration_init (&c, 10);
    gc_calibration_ece_noise (&c, 100, 1, 0.9, &mean, &p90);
    g_assert_cmpfloat (mean, ==, 0.0);
    g_assert_cmpfloat (p90, ==, 0.0);
    for (guint i = 0; i < 50; i++)
      gc_calibration_add (&c, 1.0, TRUE);
    gc_calibration_ece_noise (&c, 100, 1, 0.9, &mean, &p90);
    g_assert_cmpfloat (mean, ==, 0.0);
    g_assert_cmpfloat (p90, ==, 0.0);
    gc_calibration_clear (&c);

    /* 100 at 0.5: |Binomial(100, 1/2) / 100 - 1/2| has mean 0.0398 (the
     * exact binomial sum) and 90th percentile 0.08. */
    gc_calibration_init (&c, 10);
    for (guint i = 0; i < 100; i++)
      gc_calibration_add (&c, 0.5, i % 2);
    gc_calibration_ece_noise (&c, 20000, 7, 0.9, &mean, &p90);
    g_assert_cmpfloat_with_epsilon (mean, 0.0398, 0.0015);
    g_assert_cmpfloat_with_epsilon (p90, 0.08, 0.0100001);
    g_assert_cmpfloat (gc_calibration_ece (&c), ==, 0.0);
    /* The same seed, the same figures. */
    gc_calibration_ece_noise (&c, 20000, 7, 0.9, &again_mean, &again_p90);
    g_assert_cmpfloat (again_mean, ==, mean);
    g_assert_cmpfloat (again_p90, ==, p90);
    /* Four times the predictions: half the noise. */
    for (guint i = 0; i < 300; i++)
      gc_calibration_add (&c, 0.5, i % 2);
    gc_calibration_ece_noise (&c, 20000, 7, 0.9, &again_mean, &again_p90);
    g_assert_cmpfloat_with_epsilon (again_mean, mean / 2.0, 0.0015);
    gc_calibration_clear (&c);
  }

  /* overconfident: 10 at 0.95, 9 right: ECE 0.05 */
  gc_calibration_init (&c, 10);
  for (guint i = 0; i < 10; i++)
    gc_calibration_add (&c, 0.95, i < 9);
  g_assert_cmpfloat_with_epsilon (gc_calibration_ece (&c), 0.05, 1e-12);
  g_assert_cmpfloat_with_epsilon (gc_calibration_mce (&c), 0.05, 1e-12);
  g_assert_cmpuint (c.count[9], ==, 10);
  gc_calibration_clear (&c);

  /* two bins: 4 at 0.35 with 2 right (gap 0.15), 6 at 0.75 with 3 right
   * (gap 0.25): ECE = 0.4 · 0.15 + 0.6 · 0.25 = 0.21, MCE 0.25 */
  gc_calibration_init (&c, 10);
  for (guint i = 0; i < 4; i++)
    gc_calibration_add (&c, 0.35, i < 2);
  for (guint i = 0; i < 6; i++)
    gc_calibration_add (&c, 0.75, i < 3);
  g_assert_cmpfloat_with_epsilon (gc_calibration_ece (&c), 0.21, 1e-12);
  g_assert_cmpfloat_with_epsilon (gc_calibration_mce (&c), 0.25, 1e-12);
  g_assert_cmpfloat_with_epsilon (
      gc_calibration_bin_accuracy (&c, 3), 0.5, 1e-15);
  g_assert_cmpfloat_with_epsilon (
      gc_calibration_bin_confidence (&c, 7), 0.75, 1e-15);
  g_assert_cmpfloat_with_epsilon (gc_calibration_accuracy (&c), 0.5, 1e-15);
  g_assert_cmpfloat_with_epsilon (
      gc_calibration_mean_confidence (&c), 0.59, 1e-12);
  g_assert_true (isnan (gc_calibration_bin_accuracy (&c, 5)));

  /* underconfidence counts the same: the gap is absolute.  Adding 10 at
   * 0.55, all right (gap 0.45): (4 · 0.15 + 6 · 0.25 + 10 · 0.45) / 20 */
  for (guint i = 0; i < 10; i++)
    gc_calibration_add (&c, 0.55, TRUE);
  g_assert_cmpfloat_with_epsilon (
      gc_calibration_ece (&c), (0.6 + 1.5 + 4.5) / 20.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (gc_calibration_mce (&c), 0.45, 1e-12);

  /* its picture */
  {
    double acc[10], conf[10];
    GcSvgReliability panel = { "per file", 10, c.count, acc, conf,
      gc_calibration_ece (&c) };
    char *svg;

    for (guint k = 0; k < 10; k++) {
      acc[k] = gc_calibration_bin_accuracy (&c, k);
      conf[k] = gc_calibration_bin_confidence (&c, k);
    }
    svg = gc_svg_reliability ("Reliability of <x>", "sub", &panel, 1);
    check_well_formed (svg);
    g_assert_nonnull (strstr (svg, "Reliability of &lt;x&gt;"));
    g_assert_nonnull (strstr (svg, "per file: ECE 33.0 %, 20 predictions"));
    g_assert_nonnull (strstr (svg,
        "0.30-0.40: accuracy 50.0 % of 4, mean "
        "confidence 35.0 %"));
    g_assert_nonnull (strstr (svg, "perfect calibration"));
    check_reliability_bars (svg, &panel);
    g_free (svg);
  }
  gc_calibration_clear (&c);
}

/* ---- progress ----------------------------------------------------------- */

static char *
read_stream (FILE *f)
{
  long n;
  char *text;

  fflush (f);
  n = ftell (f);
  text = g_malloc0 (n + 1);
  rewind (f);
  g_assert_cmpint (fread (text, 1, n, f), ==, n);
  return text;
}

static void
test_progress (void)
{
  FILE *f = tmpfile ();
  GcProgress *p;
  char *text, *d;

  d = gc_progress_format_duration (67);
  g_assert_cmpstr (d, ==, "1:07");
  g_free (d);
  d = gc_progress_format_duration (3723);
  g_assert_cmpstr (d, ==, "1:02:03");
  g_free (d);

  /* Plain: a line every interval, messages on their own lines, a last
   * line. */
  p = gc_progress_new (f, GC_PROGRESS_PLAIN, "decoding", "files", 3);
  g_assert_cmpint (gc_progress_get_mode (p), ==, GC_PROGRESS_PLAIN);
  gc_progress_set_interval (p, 1e-6);
  gc_progress_start_item (p, "a.ogg");
  g_usleep (1000);
  gc_progress_item_done (p, "a.ogg");
  gc_progress_print (p, "warning: %s", "b.ogg: broken");
  gc_progress_item_done (p, "b.ogg");
  gc_progress_item_done (p, "c.ogg");
  gc_progress_finish (p);
  gc_progress_finish (p);
  g_assert_cmpuint (gc_progress_get_done (p), ==, 3);
  gc_progress_free (p);
  text = read_stream (f);
  g_assert_nonnull (strstr (text, "decoding: 1/3 files (33 %)"));
  g_assert_nonnull (strstr (text, "ETA"));
  g_assert_nonnull (strstr (text, "\nwarning: b.ogg: broken\n"));
  g_assert_nonnull (strstr (text, "decoding: 3/3 files in "));
  g_assert_null (strstr (text, "\r"));
  g_free (text);
  fclose (f);

  /* Terminal: one line redrawn in place, cleared at the end. */
  f = tmpfile ();
  p = gc_progress_new (f, GC_PROGRESS_TTY, "decoding", "files", 2);
  gc_progress_start_item (p, "rock/a-very-long-name.flac");
  gc_progress_print (p, "warning: x");
  gc_progress_item_done (p, "rock/a-very-long-name.flac");
  gc_progress_item_done (p, NULL);
  gc_progress_finish (p);
  gc_progress_free (p);
  text = read_stream (f);
  g_assert_nonnull (strstr (text, "\r\033[K"));
  g_assert_nonnull (strstr (text, "rock/a-very-long-name.flac"));
  g_assert_nonnull (strstr (text, "warning: x\n"));
  g_assert_nonnull (strstr (text, "decoding: 2/2 files in "));
  g_free (text);
  fclose (f);

  /* Quiet: only messages. */
  f = tmpfile ();
  p = gc_progress_new (f, GC_PROGRESS_QUIET, "decoding", "files", 1);
  gc_progress_item_done (p, NULL);
  gc_progress_print (p, "warning: y");
  gc_progress_finish (p);
  gc_progress_free (p);
  text = read_stream (f);
  g_assert_cmpstr (text, ==, "warning: y\n");
  g_free (text);
  fclose (f);

  /* AUTO on a file is plain. */
  f = tmpfile ();
  p = gc_progress_new (f, GC_PROGRESS_AUTO, "x", "files", 1);
  g_assert_cmpint (gc_progress_get_mode (p), ==, GC_PROGRESS_PLAIN);
  gc_progress_free (p);
  fclose (f);
}

/* ---- JSON --------------------------------------------------------------- */

static void
test_json (void)
{
  GcJson *j = gc_json_new ();
  double v[] = { 0.1, 1.0 / 3.0, NAN };
  GError *error = NULL;
  char *text;
  GcTj *root;

  gc_json_begin_object (j, NULL);
  gc_json_string (j, "name", "a \"quoted\"\\ name\n\ttab\x01");
  gc_json_double (j, "third", 1.0 / 3.0);
  gc_json_double (j, "inf", INFINITY);
  gc_json_int (j, "big", G_GINT64_CONSTANT (-9007199254740993));
  gc_json_bool (j, "yes", TRUE);
  gc_json_null (j, "nothing");
  gc_json_doubles (j, "values", v, 3);
  gc_json_begin_array (j, "empty");
  gc_json_end_array (j);
  gc_json_begin_array (j, "objects");
  gc_json_begin_object (j, NULL);
  gc_json_string (j, "k", "é");
  gc_json_end_object (j);
  gc_json_begin_object (j, NULL);
  gc_json_end_object (j);
  gc_json_end_array (j);
  gc_json_end_object (j);
  text = gc_json_free_to_string (j);

  root = gc_tj_parse (text, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (
      gc_tj_string (root, "name"), ==, "a \"quoted\"\\ name\n\ttab\x01");
  g_assert_true (gc_tj_number (root, "third") == 1.0 / 3.0);
  g_assert_cmpint (gc_tj_path (root, "inf")->type, ==, GC_TJ_NULL);
  g_assert_cmpint (gc_tj_path (root, "yes")->type, ==, GC_TJ_BOOL);
  g_assert_cmpint (gc_tj_path (root, "nothing")->type, ==, GC_TJ_NULL);
  g_assert_true (gc_tj_number (root, "values/0") == 0.1);
  g_assert_true (gc_tj_number (root, "values/1") == 1.0 / 3.0);
  g_assert_cmpint (gc_tj_path (root, "values/2")->type, ==, GC_TJ_NULL);
  g_assert_cmpuint (gc_tj_length (gc_tj_path (root, "empty")), ==, 0);
  g_assert_cmpstr (gc_tj_string (root, "objects/0/k"), ==, "é");
  g_assert_cmpuint (gc_tj_length (gc_tj_path (root, "objects/1")), ==, 0);
  gc_tj_free (root);
  g_free (text);

  g_assert_null (gc_tj_parse ("{\"a\": 1,}", NULL));
  g_assert_null (gc_tj_parse ("[1, 2] x", NULL));
}

/* ---- labelled sets ------------------------------------------------------ */

static void
test_dataset (void)
{
  char *root = tmp_path ("set"), *p, *list;
  GcDataset *set;
  GError *error = NULL;
  guint counts[3];

  p = g_build_filename (root, "rock", "a.ogg", NULL);
  write_file (p, "x");
  g_free (p);
  p = g_build_filename (root, "rock", "album", "b.flac", NULL);
  write_file (p, "x");
  g_free (p);
  p = g_build_filename (root, "rock", "cover.JPG", NULL);
  write_file (p, "x");
  g_free (p);
  p = g_build_filename (root, "rock", ".hidden.ogg", NULL);
  write_file (p, "x");
  g_free (p);
  p = g_build_filename (root, "jazz", "c.wav", NULL);
  write_file (p, "x");
  g_free (p);
  p = g_build_filename (root, "README.txt", NULL);
  write_file (p, "x");
  g_free (p);

  set = gc_dataset_load (root, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (set->labels->len, ==, 2);
  g_assert_cmpstr (gc_dataset_label (set, 0), ==, "jazz");
  g_assert_cmpstr (gc_dataset_label (set, 1), ==, "rock");
  g_assert_cmpuint (set->items->len, ==, 3);
  g_assert_true (g_str_has_suffix (gc_dataset_item (set, 0)->path, "c.wav"));
  g_assert_cmpuint (gc_dataset_item (set, 0)->label, ==, 0);
  g_assert_true (
      g_str_has_suffix (gc_dataset_item (set, 2)->path, "album/b.flac"));
  g_assert_cmpuint (gc_dataset_item (set, 1)->label, ==, 1);
  g_assert_cmpuint (set->n_skipped, ==, 3);
  gc_dataset_count (set, counts);
  g_assert_cmpuint (counts[0], ==, 1);
  g_assert_cmpuint (counts[1], ==, 2);
  gc_dataset_free (set);

  /* A list: relative to its folder, comments, CRLF, duplicates. */
  list = tmp_path ("set/list.tsv");
  write_file (list,
      "# path<TAB>genre\r\nrock/a.ogg\trock\r\n\n"
      "/abs/x.mp3\tfunk\nrock/a.ogg\trock\n");
  set = gc_dataset_load (list, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (set->items->len, ==, 2);
  g_assert_cmpstr (gc_dataset_item (set, 0)->path, ==, "/abs/x.mp3");
  p = g_build_filename (root, "rock", "a.ogg", NULL);
  g_assert_cmpstr (gc_dataset_item (set, 1)->path, ==, p);
  g_free (p);
  gc_dataset_free (set);

  write_file (list, "rock/a.ogg\trock\nrock/a.ogg\tjazz\n");
  g_assert_null (gc_dataset_load (list, &error));
  g_assert_error (error, GC_DATASET_ERROR, GC_DATASET_ERROR_DUPLICATE);
  g_clear_error (&error);

  write_file (list, "rock/a.ogg rock\n");
  g_assert_null (gc_dataset_load (list, &error));
  g_assert_error (error, GC_DATASET_ERROR, GC_DATASET_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, ":1: expected PATH<TAB>LABEL"));
  g_clear_error (&error);

  write_file (list, "a.ogg\tro;ck\n");
  g_assert_null (gc_dataset_load (list, &error));
  g_assert_error (error, GC_DATASET_ERROR, GC_DATASET_ERROR_LABEL);
  g_clear_error (&error);

  write_file (list, "# nothing\n");
  g_assert_null (gc_dataset_load (list, &error));
  g_assert_error (error, GC_DATASET_ERROR, GC_DATASET_ERROR_EMPTY);
  g_clear_error (&error);
  g_free (list);

  /* Folders: empty, missing, a bad folder name. */
  p = tmp_path ("empty-set");
  g_mkdir_with_parents (p, 0755);
  g_assert_null (gc_dataset_load (p, &error));
  g_assert_error (error, GC_DATASET_ERROR, GC_DATASET_ERROR_EMPTY);
  g_assert_nonnull (strstr (error->message, "no audio files"));
  g_clear_error (&error);
  g_free (p);

  p = tmp_path ("no-such-set");
  g_assert_null (gc_dataset_load (p, &error));
  g_assert_error (error, GC_DATASET_ERROR, GC_DATASET_ERROR_IO);
  g_clear_error (&error);
  g_free (p);

  p = g_build_filename (tmp_root, "bad-set", "a=b", "x.ogg", NULL);
  write_file (p, "x");
  g_free (p);
  p = tmp_path ("bad-set");
  g_assert_null (gc_dataset_load (p, &error));
  g_assert_error (error, GC_DATASET_ERROR, GC_DATASET_ERROR_LABEL);
  g_clear_error (&error);
  g_free (p);
  g_free (root);
}

/* A list's third column and --groups TSV files. */
static void
test_dataset_groups (void)
{
  char *list = tmp_path ("groups/list.tsv"),
       *tsv = tmp_path ("groups/clips.tsv");
  char *tsv2 = tmp_path ("groups/more/clips.tsv"), *p;
  const char *tsvs[] = { NULL, NULL, NULL };
  GcDataset *set;
  GError *error = NULL;

  /* PATH<TAB>GENRE<TAB>GROUP; a blank third column is no group. */
  write_file (list,
      "# path genre artist\n"
      "b.ogg\trock\tThe Bees\n"
      "a.ogg\tpop\tAnna\n"
      "c.ogg\trock\tAnna\n"
      "a.ogg\tpop\tAnna\n");
  set = gc_dataset_load (list, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (set->items->len, ==, 3);
  g_assert_cmpstr (gc_dataset_item (set, 0)->group, ==, "Anna");
  g_assert_cmpuint (gc_dataset_item (set, 0)->line, ==, 3);
  g_assert_cmpstr (gc_dataset_item (set, 1)->group, ==, "The Bees");
  g_assert_cmpstr (gc_dataset_item (set, 2)->group, ==, "Anna");
  g_assert_nonnull (strstr (set->group_source, "third column of"));
  g_assert_null (set->group_column);
  p = gc_dataset_item_origin (set, 1);
  g_assert_true (g_str_has_suffix (p, "list.tsv:2"));
  g_free (p);
  gc_dataset_free (set);

  /* Groups are all or nothing; the error names the list and line. */
  write_file (list, "a.ogg\tpop\tAnna\nb.ogg\trock\n");
  g_assert_null (gc_dataset_load (list, &error));
  g_assert_error (error, GC_DATASET_ERROR, GC_DATASET_ERROR_GROUP);
  g_assert_true (strstr (error->message, "list.tsv:2: no group") != NULL);
  g_clear_error (&error);
  write_file (list, "a.ogg\tpop\t \nb.ogg\trock\tX\n");
  g_assert_null (gc_dataset_load (list, &error));
  g_assert_nonnull (strstr (error->message, "list.tsv:1: no group"));
  g_clear_error (&error);
  write_file (list, "a.ogg\tpop\tX\ta fourth\n");
  g_assert_null (gc_dataset_load (list, &error));
  g_assert_error (error, GC_DATASET_ERROR, GC_DATASET_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "list.tsv:1: expected"));
  g_clear_error (&error);
  write_file (list, "a.ogg\tpop\tX\na.ogg\tpop\tY\n");
  g_assert_null (gc_dataset_load (list, &error));
  g_assert_error (error, GC_DATASET_ERROR, GC_DATASET_ERROR_DUPLICATE);
  g_assert_nonnull (strstr (error->message, "two groups"));
  g_clear_error (&error);

  /* --groups: paths relative to the TSV, any column, rows of other files
   * ignored, a second TSV for files elsewhere. */
  write_file (list, "a.ogg\tpop\nb.ogg\trock\nmore/d.ogg\trock\n");
  write_file (tsv,
      "path\tgenre\tartist\talbum\n"
      "a.ogg\tpop\tAnna\tFirst\r\n"
      "b.ogg\trock\tThe Bees\tFirst\n"
      "z.ogg\tjazz\tZed\tLast\n");
  write_file (tsv2, "title\tpath\tartist\nD\td.ogg\tDee\n");
  set = gc_dataset_load (list, &error);
  g_assert_no_error (error);
  g_assert_null (set->group_source);
  tsvs[0] = tsv;
  g_assert_false (gc_dataset_load_groups (set, tsvs, "artist", &error));
  g_assert_error (error, GC_DATASET_ERROR, GC_DATASET_ERROR_GROUP);
  /* The file is named, with the list line that names it. */
  g_assert_nonnull (strstr (error->message, "list.tsv:3: "));
  g_assert_nonnull (strstr (error->message, "d.ogg has no group"));
  g_assert_nonnull (strstr (error->message, "clips.tsv has no row for it"));
  g_clear_error (&error);
  tsvs[1] = tsv2;
  g_assert_true (gc_dataset_load_groups (set, tsvs, "artist", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (gc_dataset_item (set, 0)->group, ==, "Anna");
  g_assert_cmpstr (gc_dataset_item (set, 1)->group, ==, "The Bees");
  g_assert_cmpstr (gc_dataset_item (set, 2)->group, ==, "Dee");
  g_assert_cmpstr (set->group_column, ==, "artist");
  g_assert_nonnull (strstr (set->group_source, "clips.tsv, "));
  tsvs[1] = NULL;
  gc_dataset_free (set);

  write_file (list, "a.ogg\tpop\nb.ogg\trock\n");
  set = gc_dataset_load (list, &error);
  g_assert_no_error (error);
  g_assert_true (gc_dataset_load_groups (set, tsvs, "album", &error));
  g_assert_cmpstr (gc_dataset_item (set, 0)->group, ==, "First");
  g_assert_cmpstr (gc_dataset_item (set, 1)->group, ==, "First");
  g_assert_false (gc_dataset_load_groups (set, tsvs, "label", &error));
  g_assert_error (error, GC_DATASET_ERROR, GC_DATASET_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message,
      "clips.tsv:1: no column \"label\" in the header (it has: path, genre, "
      "artist, album)"));
  g_clear_error (&error);

  write_file (tsv, "path\tartist\na.ogg\tAnna\nb.ogg\n");
  g_assert_false (gc_dataset_load_groups (set, tsvs, "artist", &error));
  g_assert_nonnull (strstr (error->message, "clips.tsv:3: 1 fields"));
  g_clear_error (&error);
  write_file (tsv, "path\tartist\na.ogg\tAnna\nb.ogg\t\n");
  g_assert_false (gc_dataset_load_groups (set, tsvs, "artist", &error));
  g_assert_error (error, GC_DATASET_ERROR, GC_DATASET_ERROR_GROUP);
  g_assert_nonnull (strstr (error->message, "clips.tsv:3: no group"));
  g_clear_error (&error);
  write_file (tsv, "path\tartist\na.ogg\tAnna\n./a.ogg\tBob\nb.ogg\tB\n");
  g_assert_false (gc_dataset_load_groups (set, tsvs, "artist", &error));
  g_assert_error (error, GC_DATASET_ERROR, GC_DATASET_ERROR_DUPLICATE);
  g_assert_nonnull (strstr (error->message, "clips.tsv:3: ./a.ogg has two"));
  g_clear_error (&error);
  p = tmp_path ("groups/none.tsv");
  tsvs[0] = p;
  g_assert_false (gc_dataset_load_groups (set, tsvs, "artist", &error));
  g_assert_error (error, GC_DATASET_ERROR, GC_DATASET_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "none.tsv: cannot read"));
  g_clear_error (&error);
  /* A failed load leaves the set as it was: the albums read above. */
  g_assert_cmpstr (gc_dataset_item (set, 0)->group, ==, "First");
  g_assert_cmpstr (set->group_column, ==, "album");
  g_free (p);
  gc_dataset_free (set);

  g_free (list);
  g_free (tsv);
  g_free (tsv2);
}

/* Groups from item groups, merged where content is identical. */
static void
test_grouping (void)
{
  char *list = tmp_path ("grouping/list.tsv");
  GcDataset *set;
  GError *error = NULL;
  GcGrouping *g;
  GPtrArray *warnings = g_ptr_array_new_with_free_func (g_free);
  gboolean usable[5] = { TRUE, TRUE, TRUE, FALSE, TRUE };
  char *sha[5] = { "h1", "h2", "h3", "h4", "h1" };

  write_file (list,
      "a.ogg\tpop\tX\nb.ogg\trock\tY\nc.ogg\trock\tX\n"
      "d.ogg\tpop\tZ\ne.ogg\tpop\tW\n");
  set = gc_dataset_load (list, &error);
  g_assert_no_error (error);
  g = gc_grouping_new (set, usable, sha, warnings);
  /* X = {a, c}; Y = {b}; W = {e} has a's content: kept with X. */
  g_assert_false (g->by_file);
  g_assert_cmpuint (g->n_groups, ==, 2);
  g_assert_cmpuint (g->group_of_item[0], ==, 0);
  g_assert_cmpuint (g->group_of_item[1], ==, 1);
  g_assert_cmpuint (g->group_of_item[2], ==, 0);
  g_assert_cmpuint (g->group_of_item[3], ==, G_MAXUINT);
  g_assert_cmpuint (g->group_of_item[4], ==, 0);
  g_assert_cmpstr (g->names[0], ==, "X + W");
  g_assert_cmpuint (warnings->len, ==, 1);
  g_assert_nonnull (strstr (warnings->pdata[0], "kept together"));
  g_assert_nonnull (strstr (g->description, "(2 groups)"));
  gc_grouping_free (g);
  g_free (set->group_source);
  set->group_source = NULL;
  g_ptr_array_set_size (warnings, 0);

  /* By file: one group each, identical content merged. */
  g = gc_grouping_new (set, usable, sha, warnings);
  g_assert_true (g->by_file);
  g_assert_cmpuint (g->n_groups, ==, 3);
  g_assert_cmpuint (g->group_of_item[4], ==, 0);
  g_assert_cmpuint (warnings->len, ==, 1);
  g_assert_nonnull (strstr (warnings->pdata[0], "has the same content as"));
  g_assert_cmpstr (g->description, ==, "by file (3 files)");
  gc_grouping_free (g);

  gc_dataset_free (set);
  g_ptr_array_free (warnings, TRUE);
  g_free (list);
}

/* ---- feature cache ------------------------------------------------------ */

static GcFileFeatures *
fake_features (guint n, double seed)
{
  GcFileFeatures *f = g_new0 (GcFileFeatures, 1);

  f->duration = 61.5;
  f->n_analysis_samples = 1356075;
  f->n_restarts = 1;
  f->n_windows = n;
  f->windows = g_new0 (GcWindowResult, MAX (n, 1));
  for (guint w = 0; w < n; w++) {
    f->windows[w].index = w;
    f->windows[w].status = w == 1 ? GC_WINDOW_SILENT : GC_WINDOW_OK;
    f->windows[w].start = w * 661500;
    f->windows[w].timestamp = w * 30 * GST_SECOND;
    f->windows[w].duration = 30 * GST_SECOND;
    f->windows[w].n_samples = 661500;
    f->windows[w].n_invalid = w;
    for (guint k = 0; k < GC_SEED212_DIM; k++)
      f->windows[w].vector[k] = seed + w * 1000 + k / 7.0;
  }
  return f;
}

static void
test_cache (void)
{
  char *dir = tmp_path ("cache"), *entry, *audio = tmp_path ("audio.bin");
  char *hash, *other;
  GcFeatureCache *c = gc_feature_cache_new (dir);
  GcWindowSpec spec = GC_WINDOW_SPEC_INIT, spec2 = { 30.0, 15.0, 5.0 };
  GcFileFeatures *f = fake_features (3, 0.25), *g;
  GError *error = NULL;
  gchar *data;
  gsize len;
  char *def;

  def = gc_feature_cache_default_dir ();
  g_assert_true (g_str_has_suffix (def, "genreclassify"));
  g_free (def);
  g_assert_cmpstr (gc_feature_cache_get_dir (c), ==, dir);

  write_file (audio, "some content");
  hash = gc_file_sha256 (audio, &error);
  g_assert_no_error (error);
  other = g_compute_checksum_for_string (G_CHECKSUM_SHA256, "some content", -1);
  g_assert_cmpstr (hash, ==, other);
  g_free (other);
  other = gc_file_sha256 ("/no/such/file", &error);
  g_assert_null (other);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_clear_error (&error);

  g_assert_null (gc_feature_cache_lookup (c, hash, &spec, NULL));
  g_assert_cmpuint (gc_feature_cache_n_corrupt (c), ==, 0);
  f->decoders = g_strdup ("flacdec,mpg123audiodec");
  g_assert_true (gc_feature_cache_store (c, hash, &spec, NULL, f, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (gc_feature_cache_n_stored (c), ==, 1);

  g = gc_feature_cache_lookup (c, hash, &spec, NULL);
  g_assert_nonnull (g);
  g_assert_cmpuint (gc_feature_cache_n_hits (c), ==, 1);
  g_assert_cmpfloat (g->duration, ==, f->duration);
  g_assert_cmpuint (g->n_analysis_samples, ==, f->n_analysis_samples);
  g_assert_cmpuint (g->n_restarts, ==, 1);
  g_assert_cmpuint (g->n_windows, ==, 3);
  g_assert_cmpmem (g->windows, 3 * sizeof (GcWindowResult), f->windows,
      3 * sizeof (GcWindowResult));
  /* Which decoders made them comes back too (the model's recipe names
   * them). */
  g_assert_cmpstr (g->decoders, ==, "flacdec,mpg123audiodec");
  gc_file_features_free (g);

  /* Other window parameters: another entry. */
  g_assert_null (gc_feature_cache_lookup (c, hash, &spec2, NULL));
  entry = gc_feature_cache_entry_path (c, hash, &spec, NULL);
  other = gc_feature_cache_entry_path (c, hash, &spec2, NULL);
  g_assert_cmpstr (entry, !=, other);
  g_free (other);

  /* Corrupt entries are ignored, counted, and rewritten. */
  g_assert_true (g_file_get_contents (entry, &data, &len, NULL));
  data[len / 2] ^= 0x40;
  g_assert_true (g_file_set_contents (entry, data, len, NULL));
  g_assert_null (gc_feature_cache_lookup (c, hash, &spec, NULL));
  g_assert_cmpuint (gc_feature_cache_n_corrupt (c), ==, 1);
  g_assert_true (g_file_set_contents (entry, data, len / 3, NULL));
  g_assert_null (gc_feature_cache_lookup (c, hash, &spec, NULL));
  g_assert_true (g_file_set_contents (entry, "", 0, NULL));
  g_assert_null (gc_feature_cache_lookup (c, hash, &spec, NULL));
  g_assert_cmpuint (gc_feature_cache_n_corrupt (c), ==, 3);
  g_free (data);
  g_assert_true (gc_feature_cache_store (c, hash, &spec, NULL, f, NULL));
  g = gc_feature_cache_lookup (c, hash, &spec, NULL);
  g_assert_nonnull (g);
  gc_file_features_free (g);

  /* No windows at all is a valid entry. */
  gc_file_features_free (f);
  f = fake_features (0, 0);
  g_assert_true (gc_feature_cache_store (c, hash, &spec2, NULL, f, NULL));
  g = gc_feature_cache_lookup (c, hash, &spec2, NULL);
  g_assert_nonnull (g);
  g_assert_cmpuint (g->n_windows, ==, 0);
  gc_file_features_free (g);

  /* A cache folder that cannot be created: an error, remembered. */
  gc_feature_cache_free (c);
  c = gc_feature_cache_new (audio); /* a regular file */
  g_assert_false (gc_feature_cache_store (c, hash, &spec, NULL, f, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOTDIR);
  g_clear_error (&error);
  g_assert_cmpuint (gc_feature_cache_n_store_errors (c), ==, 1);
  other = gc_feature_cache_get_store_error (c);
  g_assert_nonnull (strstr (other, "cache folder"));
  g_free (other);

  gc_file_features_free (f);
  gc_feature_cache_free (c);
  g_free (entry);
  g_free (hash);
  g_free (audio);
  g_free (dir);
}

/* ---- grids and folds ---------------------------------------------------- */

static void
test_grid (void)
{
  GArray *v = g_array_new (FALSE, FALSE, sizeof (double));
  GError *error = NULL;
  int group_class[40];
  guint group_size[40], fold[40], fold2[40], per_fold[5][3];
  gboolean differs = FALSE;

  g_assert_true (gc_cli_parse_log2 ("--log2c", "-1,9,2", v, &error));
  g_assert_cmpuint (v->len, ==, 6);
  g_assert_cmpfloat (g_array_index (v, double, 0), ==, 0.5);
  g_assert_cmpfloat (g_array_index (v, double, 5), ==, 512.0);
  g_array_set_size (v, 0);
  g_assert_true (gc_cli_parse_log2 ("--log2g", " -7 ", v, &error));
  g_assert_cmpuint (v->len, ==, 1);
  g_assert_cmpfloat (g_array_index (v, double, 0), ==, 1.0 / 128.0);
  g_array_set_size (v, 0);
  g_assert_true (gc_cli_parse_log2 ("--log2g", "-3,-2.5,0.1", v, &error));
  g_assert_cmpuint (v->len, ==, 6);
  for (guint i = 0; i < 7; i++) {
    const char *bad[] = { "", "1,2", "3,1,1", "1,2,0", "a,b,c", "1,2,-1",
      "0,100000,1" };

    g_assert_false (gc_cli_parse_log2 ("--log2c", bad[i], v, &error));
    g_assert_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE);
    g_assert_nonnull (strstr (error->message, "--log2c"));
    g_clear_error (&error);
  }
  g_array_free (v, TRUE);

  /* 40 files: 3 classes of 20, 12, 8 files; sizes 1 to 3 windows. */
  for (guint g = 0; g < 40; g++) {
    group_class[g] = g < 20 ? 0 : g < 32 ? 1 : 2;
    group_size[g] = 1 + g % 3;
  }
  gc_grid_assign_folds (group_class, group_size, 40, 3, 5, 7, fold);
  gc_grid_assign_folds (group_class, group_size, 40, 3, 5, 7, fold2);
  g_assert_cmpmem (fold, sizeof fold, fold2, sizeof fold2);
  memset (per_fold, 0, sizeof per_fold);
  for (guint g = 0; g < 40; g++) {
    g_assert_cmpuint (fold[g], <, 5);
    per_fold[fold[g]][group_class[g]] += group_size[g];
  }
  /* Stratified: every class is spread over the folds within a file's
   * size of each other. */
  for (guint c = 0; c < 3; c++) {
    guint lo = G_MAXUINT, hi = 0;

    for (guint f = 0; f < 5; f++) {
      lo = MIN (lo, per_fold[f][c]);
      hi = MAX (hi, per_fold[f][c]);
    }
    g_assert_cmpuint (hi - lo, <=, 3);
    g_assert_cmpuint (lo, >, 0);
  }
  gc_grid_assign_folds (group_class, group_size, 40, 3, 5, 8, fold2);
  for (guint g = 0; g < 40; g++)
    differs |= fold[g] != fold2[g];
  g_assert_true (differs);
}

/* Groups of several classes (artists with pop and rock): never split (by
 * construction: a fold per group), every class spread over the folds,
 * deterministic for a seed. */
static void
test_grid_grouped (void)
{
  enum { G = 60, C = 3, K = 5 };
  guint class_rows[G * C], fold[G], fold2[G], per_fold[K][C], totals[C];
  guint64 state = 11;
  gboolean differs = FALSE;

  memset (totals, 0, sizeof totals);
  for (guint g = 0; g < G; g++) {
    for (guint c = 0; c < C; c++) {
      state = state * 6364136223846793005ull + 1442695040888963407ull;
      /* 1–6 rows of a main class, sometimes a few of a second one. */
      class_rows[g * C + c] = c == g % C ? 1 + (guint)(state >> 61)
          : (state >> 59) % 4 == 0       ? 1 + (guint)(state >> 62)
                                         : 0;
      totals[c] += class_rows[g * C + c];
    }
  }
  gc_grid_assign_folds_grouped (class_rows, G, C, K, 7, fold);
  gc_grid_assign_folds_grouped (class_rows, G, C, K, 7, fold2);
  g_assert_cmpmem (fold, sizeof fold, fold2, sizeof fold2);
  memset (per_fold, 0, sizeof per_fold);
  for (guint g = 0; g < G; g++) {
    g_assert_cmpuint (fold[g], <, K);
    for (guint c = 0; c < C; c++)
      per_fold[fold[g]][c] += class_rows[g * C + c];
  }
  /* Stratified as far as the groups allow: each class within 15 % of its
   * even share in every fold (a random assignment misses by twice that). */
  for (guint c = 0; c < C; c++)
    for (guint f = 0; f < K; f++) {
      double share = (double)totals[c] / K;

      g_test_message ("class %u fold %u: %u rows (even share %.1f)", c, f,
          per_fold[f][c], share);
      g_assert_cmpfloat (fabs (per_fold[f][c] - share), <=, 0.15 * share);
    }
  gc_grid_assign_folds_grouped (class_rows, G, C, K, 8, fold2);
  for (guint g = 0; g < G; g++)
    differs |= fold[g] != fold2[g];
  g_assert_true (differs);

  /* Fewer groups than folds: each in a fold of its own. */
  gc_grid_assign_folds_grouped (class_rows, 3, C, K, 1, fold);
  g_assert_cmpuint (fold[0], !=, fold[1]);
  g_assert_cmpuint (fold[1], !=, fold[2]);
  g_assert_cmpuint (fold[0], !=, fold[2]);
}

/* A learning curve's share of the training groups: per class, of the
 * groups outside the held-out fold, round(share · m) and at least one;
 * nested as the share grows; reproducible; another seed, other groups. */
static void
test_grid_keep_share (void)
{
  enum { G = 40, C = 3, K = 4 };
  guint class_rows[G * C], fold[G];
  gboolean keep[G], keep_half[G], keep_quarter[G], keep2[G];
  guint kept, m[C], per_class[C];
  gboolean differs = FALSE;

  memset (class_rows, 0, sizeof class_rows);
  for (guint g = 0; g < G; g++) {
    class_rows[g * C + g % C] = 2 + g % 3;
    /* A few groups hold a minority of another class too. */
    if (g % 5 == 0)
      class_rows[g * C + (g + 1) % C] = 1;
  }
  gc_grid_assign_folds_grouped (class_rows, G, C, K, 5, fold);
  memset (m, 0, sizeof m);
  for (guint g = 0; g < G; g++)
    if (fold[g] != 1)
      m[g % C]++;

  kept = gc_grid_keep_share (class_rows, G, C, fold, 1, 1.0, 9, keep);
  g_assert_cmpuint (kept, ==, m[0] + m[1] + m[2]);
  for (guint g = 0; g < G; g++)
    g_assert_cmpint (keep[g], ==, fold[g] != 1);

  kept = gc_grid_keep_share (class_rows, G, C, fold, 1, 0.5, 9, keep_half);
  memset (per_class, 0, sizeof per_class);
  for (guint g = 0; g < G; g++) {
    if (keep_half[g]) {
      g_assert_cmpuint (fold[g], !=, 1);
      per_class[g % C]++;
    }
  }
  for (guint c = 0; c < C; c++)
    g_assert_cmpuint (per_class[c], ==, (guint)floor (0.5 * m[c] + 0.5));
  g_assert_cmpuint (kept, ==, per_class[0] + per_class[1] + per_class[2]);

  /* Nested: a quarter's groups are among the half's. */
  gc_grid_keep_share (class_rows, G, C, fold, 1, 0.25, 9, keep_quarter);
  for (guint g = 0; g < G; g++)
    g_assert_true (!keep_quarter[g] || keep_half[g]);
  /* Never none of a class. */
  kept = gc_grid_keep_share (class_rows, G, C, fold, 1, 0.01, 9, keep2);
  g_assert_cmpuint (kept, ==, C);
  /* Reproducible; another seed picks others. */
  gc_grid_keep_share (class_rows, G, C, fold, 1, 0.5, 9, keep2);
  g_assert_cmpmem (keep_half, sizeof keep_half, keep2, sizeof keep2);
  gc_grid_keep_share (class_rows, G, C, fold, 1, 0.5, 10, keep2);
  for (guint g = 0; g < G; g++)
    differs |= keep_half[g] != keep2[g];
  g_assert_true (differs);
}

/* A separable toy problem: the search finds 100 % and is reproducible,
 * whatever the number of threads. */
static void
test_grid_search (void)
{
  const guint n = 60, dim = 4;
  double *x = g_new (double, n * dim);
  int classes[60];
  guint groups[60];
  double cs[] = { 0.5, 8.0, 128.0 }, gammas[] = { 0.01, 0.1, 1.0 };
  GcGridProblem p = { 0 };
  GcGridResult r1, r2;
  GError *error = NULL;
  guint64 state = 1;

  for (guint i = 0; i < n; i++) {
    classes[i] = (int)(i % 3);
    groups[i] = i / 2; /* two windows per file, same class */
    classes[i] = (int)(groups[i] % 3);
    for (guint j = 0; j < dim; j++) {
      state = state * 6364136223846793005ull + 1442695040888963407ull;
      x[i * dim + j] = (j == (guint)classes[i] ? 3.0 : 0.0)
          + (double)(state >> 40) / (1 << 24) - 0.5;
    }
  }
  p.features = x;
  p.n = n;
  p.dimension = dim;
  p.classes = classes;
  p.n_classes = 3;
  p.groups = groups;
  p.n_groups = n / 2;
  p.cs = cs;
  p.n_c = 3;
  p.gammas = gammas;
  p.n_gamma = 3;
  p.folds = 5;
  p.seed = 3;
  p.n_threads = 1;
  g_assert_true (gc_grid_search (&p, &r1, &error));
  g_assert_no_error (error);
  p.n_threads = 4;
  g_assert_true (gc_grid_search (&p, &r2, &error));
  g_assert_cmpuint (r1.n_fits, ==, 45);
  g_assert_cmpuint (r1.folds, ==, 5);
  g_assert_cmpuint (r1.total, ==, n);
  g_assert_cmpmem (
      r1.correct, 9 * sizeof (guint64), r2.correct, 9 * sizeof (guint64));
  g_assert_cmpuint (r1.best_c, ==, r2.best_c);
  g_assert_cmpuint (r1.best_gamma, ==, r2.best_gamma);
  g_assert_cmpfloat (r1.best_accuracy, ==, 1.0);
  /* A file's two windows are always in the same fold (by construction:
   * folds are per group). */
  g_assert_nonnull (r1.fold_of_group);
  gc_grid_result_clear (&r1);
  gc_grid_result_clear (&r2);

  p.n_groups = 1;
  g_assert_false (gc_grid_search (&p, &r1, &error));
  g_assert_error (error, GC_GRID_ERROR, GC_GRID_ERROR_TOO_SMALL);
  g_clear_error (&error);
  gc_grid_result_clear (&r1);
  g_free (x);
}

/* Augmented copies (training-only rows): with their source's group they
 * add nothing to a problem without signal, and are never scored; given
 * groups of their own they leak, and the same noise scores far above chance
 * (MEASURED.md's false 85–89 %). */
static void
test_grid_train_only (void)
{
  enum { N = 60, DIM = 6 };
  double x[2 * N * DIM], cs[] = { 64.0 }, gammas[] = { 8.0 };
  int classes[2 * N];
  guint groups[2 * N];
  guint8 train_only[2 * N];
  GcGridProblem p = { 0 };
  GcGridResult r;
  GError *error = NULL;
  guint64 state = 5;

  for (guint i = 0; i < N; i++) {
    for (guint j = 0; j < DIM; j++) {
      state = state * 6364136223846793005ull + 1442695040888963407ull;
      x[i * DIM + j] = (double)(state >> 40) / (1 << 24);
      /* The copy: the same window, slightly changed. */
      x[(N + i) * DIM + j] = x[i * DIM + j] + 1e-3;
    }
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    classes[i] = classes[N + i] = (int)((state >> 33) % 3);
    groups[i] = groups[N + i] = i;
    train_only[i] = 0;
    train_only[N + i] = 1;
  }
  p.features = x;
  p.n = 2 * N;
  p.dimension = DIM;
  p.classes = classes;
  p.n_classes = 3;
  p.groups = groups;
  p.n_groups = N;
  p.cs = cs;
  p.n_c = 1;
  p.gammas = gammas;
  p.n_gamma = 1;
  p.folds = 5;
  p.seed = 1;
  p.n_threads = 2;
  p.train_only = train_only;
  g_assert_true (gc_grid_search (&p, &r, &error));
  g_assert_no_error (error);
  g_test_message ("copies in their source's fold: %.3f", r.best_accuracy);
  g_assert_cmpuint (r.total, ==, N);
  g_assert_cmpfloat (r.best_accuracy, <, 0.6);
  gc_grid_result_clear (&r);

  /* The leak: copies in folds of their own. */
  for (guint i = 0; i < N; i++)
    groups[N + i] = N + i;
  p.n_groups = 2 * N;
  g_assert_true (gc_grid_search (&p, &r, &error));
  g_test_message ("copies in other folds: %.3f", r.best_accuracy);
  g_assert_cmpuint (r.total, ==, N);
  /* A copy lands outside its source's fold 4 times in 5: then it gives
   * the answer away. */
  g_assert_cmpfloat (r.best_accuracy, >, 0.75);
  gc_grid_result_clear (&r);
}

/* ---- decoding ----------------------------------------------------------- */

static void
run_pipeline (const char *description)
{
  GError *error = NULL;
  GstElement *p = gst_parse_launch (description, &error);
  GstBus *bus;
  GstMessage *msg;

  g_assert_no_error (error);
  gst_element_set_state (p, GST_STATE_PLAYING);
  bus = gst_element_get_bus (p);
  msg = gst_bus_timed_pop_filtered (
      bus, 30 * GST_SECOND, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  g_assert_nonnull (msg);
  g_assert_cmpint (GST_MESSAGE_TYPE (msg), ==, GST_MESSAGE_EOS);
  gst_message_unref (msg);
  gst_element_set_state (p, GST_STATE_NULL);
  gst_object_unref (bus);
  gst_object_unref (p);
}

static void
expect_decode_error (const char *path, GcDecodeError code, const char *text)
{
  GcWindowSpec spec = GC_WINDOW_SPEC_INIT;
  GError *error = NULL;
  GcFileFeatures *f = gc_decode_file_features (path, &spec, NULL, &error);

  g_assert_null (f);
  if (!g_error_matches (error, GC_DECODE_ERROR, code))
    g_error ("%s: expected code %d, got %s", path, code,
        error ? error->message : "no error");
  g_assert_nonnull (strstr (error->message, text));
  g_test_message ("%s", error->message);
  g_error_free (error);
}

static gboolean
stop_at_first (const GcWindowResult *w, gpointer user_data)
{
  (*(guint *)user_data)++;
  return FALSE;
}

static void
test_decode (void)
{
  char *text = tmp_path ("not-audio.wav"), *empty = tmp_path ("empty.ogg");
  char *png = tmp_path ("picture.png"), *video = tmp_path ("video.ogg");
  char *tone = tmp_path ("tone.wav"), *desc;
  GcWindowSpec spec = { 2.0, 1.0, 0.5 }, bad = { 0.5, 0.0, 0.0 };
  GcFileFeatures *f;
  GError *error = NULL;
  gsize w, h, m;
  guint calls = 0;

  /* The element's rounding. */
  gc_window_spec_samples (&spec, &w, &h, &m);
  g_assert_cmpuint (w, ==, 44100);
  g_assert_cmpuint (h, ==, 22050);
  g_assert_cmpuint (m, ==, 11025);
  spec.hop = 0.0;
  gc_window_spec_samples (&spec, NULL, &h, NULL);
  g_assert_cmpuint (h, ==, 44100);
  spec.hop = 1.0;

  /* A bad spec: the library names the setting as the element does, the
   * tools' option check names their option. */
  g_assert_null (gc_decode_file_features ("any.wav", &bad, NULL, &error));
  g_assert_error (error, GC_DECODE_ERROR, GC_DECODE_ERROR_INVALID);
  g_assert_cmpstr (
      error->message, ==, "window must be between 1 and 3600 seconds, not 0.5");
  g_clear_error (&error);
  {
    GcCliOptions o;

    gc_cli_options_init (&o);
    o.window = 0.5;
    g_assert_false (gc_cli_check (&o, 30.0, &error));
    g_assert_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE);
    g_assert_cmpstr (error->message, ==,
        "--window must be between 1 and 3600 seconds, not 0.5");
    g_clear_error (&error);
    o.window = NAN;
    o.min_window = 4000.0;
    g_assert_false (gc_cli_check (&o, 30.0, &error));
    g_assert_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE);
    g_assert_cmpstr (error->message, ==,
        "--min-window must be between 0 and 3600 seconds, not 4000");
    g_clear_error (&error);
    o.min_window = NAN;
    g_assert_true (gc_cli_check (&o, 30.0, &error));
    g_assert_no_error (error);
    g_assert_cmpfloat (o.spec.window, ==, 30.0);
    gc_cli_options_clear (&o);
  }
  bad.window = 10.0;
  bad.hop = 11.0;

  write_file (text, "This is not audio at all, just some text.\n");
  write_file (empty, "");
  expect_decode_error (
      "/no/such/file.ogg", GC_DECODE_ERROR_OPEN, "No such file or directory");
  expect_decode_error (tmp_root, GC_DECODE_ERROR_OPEN, "not a regular file");
  expect_decode_error (empty, GC_DECODE_ERROR_NOT_MEDIA, "empty file");
  expect_decode_error (text, GC_DECODE_ERROR_NOT_MEDIA, "not an audio");

  desc = g_strdup_printf (
      "videotestsrc num-buffers=1 ! pngenc ! filesink location=\"%s\"", png);
  run_pipeline (desc);
  g_free (desc);
  expect_decode_error (png, GC_DECODE_ERROR_NO_AUDIO, "no audio stream");

  desc = g_strdup_printf ("videotestsrc num-buffers=10 ! "
                          "video/x-raw,width=64,height=48 ! theoraenc ! "
                          "oggmux ! filesink location=\"%s\"",
      video);
  run_pipeline (desc);
  g_free (desc);
  expect_decode_error (video, GC_DECODE_ERROR_NO_AUDIO, "no audio stream");

  /* A MIDI file: recognised, but (with gst-plugins-base and -good only)
   * there is no decoder for it. */
  {
    static const char midi_bytes[] = "MThd\0\0\0\6\0\0\0\1\0\x60"
                                     "MTrk\0\0\0\4\0\xff\x2f\0";
    char *midi = tmp_path ("tune.mid");

    g_assert_true (
        g_file_set_contents (midi, midi_bytes, sizeof midi_bytes - 1, NULL));
    f = gc_decode_file_features (midi, &spec, NULL, &error);
    if (f == NULL
        && g_error_matches (
            error, GC_DECODE_ERROR, GC_DECODE_ERROR_NO_DECODER)) {
      g_assert_nonnull (strstr (error->message, "is not installed"));
      g_test_message ("%s", error->message);
    } else {
      g_test_message ("a MIDI decoder is installed: not checked");
    }
    g_clear_error (&error);
    gc_file_features_free (f);
    g_free (midi);
  }

  /* 5 s of a tone at 48 kHz stereo: windows of 2 s every 1 s, the
   * partial ones at the end if >= 0.5 s. */
  desc = g_strdup_printf ("audiotestsrc num-buffers=250 samplesperbuffer=960 "
                          "freq=440 ! audio/x-raw,rate=48000,channels=2 ! "
                          "wavenc ! filesink location=\"%s\"",
      tone);
  run_pipeline (desc);
  g_free (desc);
  f = gc_decode_file_features (tone, &spec, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (f->duration, 5.0, 1e-9);
  g_assert_cmpuint (f->n_analysis_samples, ==, 5 * 22050);
  /* Starts 0,1,2,3 (full: 0-2 … 3-5), 4 (1 s partial); 5 would be empty. */
  g_assert_cmpuint (f->n_windows, ==, 5);
  for (guint i = 0; i < f->n_windows; i++) {
    g_assert_cmpuint (f->windows[i].index, ==, i);
    g_assert_cmpint (f->windows[i].status, ==, GC_WINDOW_OK);
    g_assert_cmpuint (f->windows[i].start, ==, i * 22050);
    g_assert_cmpuint (f->windows[i].timestamp, ==, i * GST_SECOND);
    g_assert_cmpuint (f->windows[i].n_samples, ==, i < 4 ? 44100 : 22050);
  }
  g_assert_cmpuint (gc_file_features_n_ok (f), ==, 5);
  gc_file_features_free (f);

  g_assert_false (
      gc_decode_file (tone, &spec, stop_at_first, &calls, NULL, NULL, &error));
  g_assert_error (error, GC_DECODE_ERROR, GC_DECODE_ERROR_CANCELLED);
  g_assert_cmpuint (calls, ==, 1);
  g_clear_error (&error);

  g_assert_null (gc_decode_file_features (tone, &bad, NULL, &error));
  g_assert_error (error, GC_DECODE_ERROR, GC_DECODE_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
      "hop must be between 0 (meaning the window) and the window (10 s), "
      "not 11");
  g_clear_error (&error);

  g_free (text);
  g_free (empty);
  g_free (png);
  g_free (video);
  g_free (tone);
}

/* ---- the training recipe in trained-by ---------------------------------- */

static void
test_recipe (void)
{
  GcRecipe r = { 30.0, 15.0, 5.0, 16.0, 0.0025, 7,
    (char *)"mp3-32k-96k,tilt+6db" };
  GcRecipe back = { 0 }, plain = r;
  char *text = gc_recipe_to_string (&r), *more;

  g_assert_true (
      g_str_has_prefix (text, "genreclassify-train (genreclassify "));
  g_assert_nonnull (strstr (text,
      "): window 30 s, hop 15 s, min-window 5 s, "
      "C-SVC RBF C=16 gamma=0.0025000000000000001, "
      "seed 7, augment mp3-32k-96k,tilt+6db"));
  /* What train appends after it does not disturb the reading. */
  more = g_strconcat (text,
      ", 5-fold CV accuracy 0.6154 (folds by group "
      "\"artist\" from a.tsv, b.tsv (104 groups))",
      NULL);
  g_assert_true (gc_recipe_parse (more, &back));
  g_assert_cmpfloat (back.window, ==, 30.0);
  g_assert_cmpfloat (back.hop, ==, 15.0);
  g_assert_cmpfloat (back.min_window, ==, 5.0);
  g_assert_cmpfloat (back.c, ==, 16.0);
  g_assert_cmpfloat (back.gamma, ==, 0.0025);
  g_assert_cmpint (back.seed, ==, 7);
  g_assert_cmpstr (back.augment, ==, "mp3-32k-96k,tilt+6db");
  g_assert_false (back.grouped_probability);
  gc_recipe_clear (&back);
  g_free (more);
  g_free (text);

  /* Probabilities fitted on folds by group, with and without
   * augmentation. */
  r.grouped_probability = TRUE;
  text = gc_recipe_to_string (&r);
  g_assert_true (g_str_has_suffix (
      text, "augment mp3-32k-96k,tilt+6db, probability grouped"));
  more = g_strconcat (text, ", 5-fold CV accuracy 0.6154", NULL);
  g_assert_true (gc_recipe_parse (more, &back));
  g_assert_cmpstr (back.augment, ==, "mp3-32k-96k,tilt+6db");
  g_assert_true (back.grouped_probability);
  gc_recipe_clear (&back);
  g_free (more);
  g_free (text);
  r.augment = NULL;
  text = gc_recipe_to_string (&r);
  g_assert_true (g_str_has_suffix (text, "seed 7, probability grouped"));
  g_assert_true (gc_recipe_parse (text, &back));
  g_assert_null (back.augment);
  g_assert_true (back.grouped_probability);
  gc_recipe_clear (&back);
  g_free (text);
  /* Extra window lengths, between augmentation and probability. */
  r.augment = (char *)"fade-2s";
  r.extra_windows = (char *)"5,10,15";
  text = gc_recipe_to_string (&r);
  g_assert_true (g_str_has_suffix (
      text, "augment fade-2s, extra-windows 5,10,15, probability grouped"));
  more = g_strconcat (text, ", 5-fold CV accuracy 0.6154", NULL);
  g_assert_true (gc_recipe_parse (more, &back));
  g_assert_cmpstr (back.augment, ==, "fade-2s");
  g_assert_cmpstr (back.extra_windows, ==, "5,10,15");
  g_assert_true (back.grouped_probability);
  gc_recipe_clear (&back);
  g_free (more);
  g_free (text);
  r.extra_windows = NULL;
  r.augment = (char *)"mp3-32k-96k,tilt+6db";
  r.grouped_probability = FALSE;

  /* --max-rows, between probability and decoders; absent, it reads 0 and
   * is not written (the models trained without it keep their bytes). */
  r.grouped_probability = TRUE;
  r.max_rows = 20000;
  r.decoders = (char *)"mpg123audiodec";
  text = gc_recipe_to_string (&r);
  g_assert_true (g_str_has_suffix (
      text, "probability grouped, max-rows 20000, decoders mpg123audiodec"));
  g_assert_true (gc_recipe_parse (text, &back));
  g_assert_cmpint (back.max_rows, ==, 20000);
  g_assert_true (back.grouped_probability);
  g_assert_cmpstr (back.decoders, ==, "mpg123audiodec");
  gc_recipe_clear (&back);
  g_free (text);
  r.max_rows = 0;
  text = gc_recipe_to_string (&r);
  g_assert_null (strstr (text, "max-rows"));
  g_assert_true (gc_recipe_parse (text, &back));
  g_assert_cmpint (back.max_rows, ==, 0);
  gc_recipe_clear (&back);
  g_free (text);
  r.decoders = NULL;
  r.grouped_probability = FALSE;

  /* Without augmentation, and C, gamma to the last bit. */
  plain.augment = NULL;
  plain.c = 1.0 / 3.0;
  plain.gamma = exp2 (-7.7);
  text = gc_recipe_to_string (&plain);
  more = g_strconcat (text, ", 5-fold CV accuracy 0.5000", NULL);
  g_assert_true (gc_recipe_parse (more, &back));
  g_assert_null (back.augment);
  g_assert_cmpfloat (back.c, ==, 1.0 / 3.0);
  g_assert_cmpfloat (back.gamma, ==, exp2 (-7.7));
  gc_recipe_clear (&back);
  g_free (more);
  g_free (text);

  /* Anything else is refused, and leaves the recipe alone. */
  back.c = 99.0;
  g_assert_false (gc_recipe_parse (NULL, &back));
  g_assert_false (gc_recipe_parse ("gc-make-demo-model (genreclassify 0.1.0, "
                                   "libsvm 324): 10 synthetic clips per class",
      &back));
  g_assert_false (gc_recipe_parse ("genreclassify-train (x): window 30 s, hop "
                                   "30 s, min-window 5 s, C-SVC RBF C=abc "
                                   "gamma=1, seed 1",
      &back));
  g_assert_cmpfloat (back.c, ==, 99.0);
}

/* ---- recording chains --------------------------------------------------- */

static void
test_chain_registry (void)
{
  const GcChain **list, **robust;
  const GcChain *all;
  GError *error = NULL;
  GcChain edited;
  char *a, *b;
  guint n;

  all = gc_chain_all (&n);
  g_assert_cmpuint (n, >=, 11);
  /* Every chain builds with the packages the project depends on. */
  for (guint i = 0; i < n; i++) {
    g_assert_null (strchr (all[i].name, ','));
    g_assert_true (gc_chain_check (&all[i], &error));
    g_assert_no_error (error);
  }
  g_assert_nonnull (gc_chain_lookup ("lowpass-8k"));
  g_assert_nonnull (gc_chain_lookup ("mp3-32k-96k"));
  g_assert_null (gc_chain_lookup ("lowpass"));

  list = gc_chain_parse_list ("mp3-64k, tilt+6db", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (list[0]->name, ==, "mp3-64k");
  g_assert_cmpstr (list[1]->name, ==, "tilt+6db");
  g_assert_null (list[2]);
  a = gc_chain_list_names (list);
  g_assert_cmpstr (a, ==, "mp3-64k,tilt+6db");
  g_free (a);
  g_free (list);
  list = gc_chain_parse_list ("none", &error);
  g_assert_null (list[0]);
  g_free (list);
  /* The library's errors do not know where the text came from; the tools
   * name the option. */
  g_assert_null (gc_chain_parse_list ("mp3-64k,hiss", &error));
  g_assert_error (error, GC_CHAIN_ERROR, GC_CHAIN_ERROR_UNKNOWN);
  g_assert_true (g_str_has_prefix (error->message,
      "unknown chain \"hiss\" (known: lowpass-8k, lowpass-5k,"));
  g_clear_error (&error);
  g_assert_null (gc_cli_parse_chains ("--degrade", "mp3-64k,hiss", &error));
  g_assert_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE);
  g_assert_true (g_str_has_prefix (error->message,
      "--degrade: unknown chain \"hiss\" (known: lowpass-8k, lowpass-5k,"));
  g_clear_error (&error);
  g_assert_null (gc_chain_parse_list ("fade-2s,fade-2s", &error));
  g_assert_error (error, GC_CHAIN_ERROR, GC_CHAIN_ERROR_TWICE);
  g_assert_cmpstr (error->message, ==, "chain \"fade-2s\" named twice");
  g_clear_error (&error);
  g_assert_null (gc_cli_parse_chains ("--augment", "fade-2s,fade-2s", &error));
  g_assert_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE);
  g_assert_cmpstr (
      error->message, ==, "--augment: chain \"fade-2s\" named twice");
  g_clear_error (&error);

  /* The evaluation set: the band limits, mono 22k, MP3 64k, gain, both
   * tilts and pink noise; not the corpus chains or the fades. */
  robust = gc_chain_robustness ();
  a = gc_chain_list_names (robust);
  g_assert_cmpstr (a, ==,
      "lowpass-8k,lowpass-5k,mono-22k,mp3-64k,gain-20db,tilt+6db,tilt-6db,"
      "pink-30db");
  g_free (a);
  g_free (robust);

  /* The cache key: a chain's description is in it, so editing a chain
   * makes new entries; a random chain's seed too. */
  edited = *gc_chain_lookup ("lowpass-8k");
  a = gc_chain_key (&edited, 1);
  edited.launch = "audioconvert ! audiocheblimit mode=low-pass cutoff=7000";
  b = gc_chain_key (&edited, 1);
  g_assert_cmpstr (a, !=, b);
  g_free (b);
  b = gc_chain_key (&edited, 2);
  g_free (a);
  a = gc_chain_key (&edited, 1);
  g_assert_cmpstr (a, ==, b); /* not random: the seed is not in it */
  g_free (a);
  g_free (b);
  a = gc_chain_key (gc_chain_lookup ("pink-30db"), 1);
  b = gc_chain_key (gc_chain_lookup ("pink-30db"), 2);
  g_assert_cmpstr (a, !=, b);
  g_free (a);
  g_free (b);
  g_assert_cmpuint (
      gc_chain_file_seed ("00ff", 1), !=, gc_chain_file_seed ("00fe", 1));
  g_assert_cmpuint (
      gc_chain_file_seed ("00ff", 1), !=, gc_chain_file_seed ("00ff", 2));

  /* A chain that cannot be built says which. */
  edited.name = "broken";
  edited.launch = "audioconvert ! no-such-element";
  g_assert_false (gc_chain_check (&edited, &error));
  g_assert_error (error, GC_CHAIN_ERROR, GC_CHAIN_ERROR_UNAVAILABLE);
  g_assert_nonnull (strstr (error->message, "chain broken cannot be built"));
  g_clear_error (&error);
}

/* Pink noise at exactly the SNR asked for, the same for the same seed;
 * fades from ~0 to 1 and back. */
static void
test_chain_processor (void)
{
  enum { FRAMES = 44100, CH = 2, CHUNK = 1050 };
  float *x = g_new (float, FRAMES * CH), *y = g_new (float, FRAMES * CH);
  float *z = g_new (float, FRAMES * CH);
  GcChainProcessor *p;
  double signal = 0.0, noise = 0.0, low = 0.0, high = 0.0;

  for (guint f = 0; f < FRAMES; f++)
    for (guint c = 0; c < CH; c++)
      x[f * CH + c] = (float)(0.3 * sin (2 * G_PI * 440 * f / 44100.0 + c));
  g_assert_null (gc_chain_processor_new (gc_chain_lookup ("lowpass-8k"), 1));

  /* Two passes in chunks, as gc-decode does. */
  for (guint run = 0; run < 2; run++) {
    float *out = run ? z : y;

    p = gc_chain_processor_new (gc_chain_lookup ("pink-30db"), 42);
    for (guint f = 0; f < FRAMES; f += CHUNK)
      gc_chain_processor_measure (p, x + f * CH, CHUNK, CH);
    gc_chain_processor_rewind (p);
    memcpy (out, x, sizeof (float) * FRAMES * CH);
    for (guint f = 0; f < FRAMES; f += CHUNK)
      gc_chain_processor_apply (p, out + f * CH, CHUNK, CH, 44100);
    g_assert_cmpfloat_with_epsilon (
        gc_chain_processor_signal_rms (p), 0.3 / sqrt (2.0), 1e-4);
    gc_chain_processor_free (p);
  }
  g_assert_cmpmem (
      y, sizeof (float) * FRAMES * CH, z, sizeof (float) * FRAMES * CH);
  for (guint i = 0; i < FRAMES * CH; i++) {
    double d = (double)y[i] - x[i];

    signal += (double)x[i] * x[i];
    noise += d * d;
    /* The same noise on both channels (to float rounding). */
    if (i % CH == 1)
      g_assert_cmpfloat_with_epsilon (y[i] - x[i], y[i - 1] - x[i - 1], 1e-6);
  }
  g_assert_cmpfloat_with_epsilon (10.0 * log10 (signal / noise), 30.0, 1e-3);
  /* Pink: the noise's first difference (a high-pass) holds far less of
   * its power than white noise's would (twice its power). */
  for (guint f = 1; f < FRAMES; f++) {
    double d0 = (double)y[f * CH] - x[f * CH];
    double d1 = (double)y[(f - 1) * CH] - x[(f - 1) * CH];

    low += d0 * d0;
    high += (d0 - d1) * (d0 - d1);
  }
  g_assert_cmpfloat (high / low, <, 0.5);
  /* Another seed, other noise. */
  p = gc_chain_processor_new (gc_chain_lookup ("pink-30db"), 43);
  gc_chain_processor_measure (p, x, FRAMES, CH);
  gc_chain_processor_rewind (p);
  memcpy (z, x, sizeof (float) * FRAMES * CH);
  gc_chain_processor_apply (p, z, FRAMES, CH, 44100);
  g_assert_true (memcmp (y, z, sizeof (float) * FRAMES * CH) != 0);
  gc_chain_processor_free (p);

  /* Fades: 2 s at 8000 Hz = 16000 frames of ramp at each end of 5.5 s. */
  p = gc_chain_processor_new (gc_chain_lookup ("fade-2s"), 0);
  for (guint f = 0; f < FRAMES; f++)
    y[f] = 1.0f;
  gc_chain_processor_measure (p, y, FRAMES, 1);
  gc_chain_processor_rewind (p);
  for (guint f = 0; f < FRAMES; f += CHUNK)
    gc_chain_processor_apply (p, y + f, MIN (CHUNK, FRAMES - f), 1, 8000);
  g_assert_cmpfloat_with_epsilon (y[0], 0.5 / 16000, 1e-9);
  g_assert_cmpfloat_with_epsilon (y[8000], 8000.5 / 16000, 1e-6);
  g_assert_cmpfloat (y[16000], ==, 1.0f);
  g_assert_cmpfloat (y[FRAMES - 16001], ==, 1.0f);
  g_assert_cmpfloat_with_epsilon (y[FRAMES - 8001], 8000.5 / 16000, 1e-6);
  g_assert_cmpfloat_with_epsilon (y[FRAMES - 1], 0.5 / 16000, 1e-9);
  g_assert_cmpfloat (gc_chain_processor_noise_gain (p), ==, 0.0);
  gc_chain_processor_free (p);
  g_free (x);
  g_free (y);
  g_free (z);
}

/* A file through chains: the element's windows of degraded audio, the
 * same features every time for pink noise and fades. */
static void
test_decode_chain (void)
{
  char *tone = tmp_path ("chain-tone.wav"), *desc;
  GcWindowSpec spec = { 2.0, 0.0, 0.5 };
  GcFileFeatures *clean, *a, *b;
  GError *error = NULL;
  const char *names[] = { "pink-30db", "fade-2s", "mp3-64k", "lowpass-5k",
    "mono-22k", "tilt-6db", "gain-20db" };
  GcChain broken = *gc_chain_lookup ("lowpass-8k");

  desc = g_strdup_printf ("audiotestsrc num-buffers=100 samplesperbuffer=2205 "
                          "wave=saw freq=220 ! "
                          "audio/x-raw,rate=44100,channels=2 ! wavenc ! "
                          "filesink location=\"%s\"",
      tone);
  run_pipeline (desc);
  g_free (desc);
  clean = gc_decode_file_features (tone, &spec, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (clean->n_windows, ==, 3);
  for (guint c = 0; c < G_N_ELEMENTS (names); c++) {
    const GcChain *chain = gc_chain_lookup (names[c]);

    a = gc_decode_file_features_chain (tone, &spec, chain, 7, NULL, &error);
    g_assert_no_error (error);
    b = gc_decode_file_features_chain (tone, &spec, chain, 7, NULL, &error);
    g_assert_no_error (error);
    g_test_message (
        "%s: %.3f s, %u windows", names[c], a->duration, a->n_windows);
    /* 5 s in, 5 s out (an MP3 adds its encoder delay). */
    g_assert_cmpfloat (fabs (a->duration - 5.0), <, 0.1);
    g_assert_cmpuint (a->n_windows, ==, 3);
    g_assert_cmpuint (gc_file_features_n_ok (a), ==, 3);
    /* Deterministic: the same features twice. */
    g_assert_cmpmem (a->windows, a->n_windows * sizeof (GcWindowResult),
        b->windows, b->n_windows * sizeof (GcWindowResult));
    /* …and not the clean ones. */
    g_assert_true (memcmp (a->windows[0].vector, clean->windows[0].vector,
                       sizeof (clean->windows[0].vector))
        != 0);
    gc_file_features_free (b);
    if (strcmp (names[c], "pink-30db") == 0) {
      /* Another seed, other noise. */
      b = gc_decode_file_features_chain (tone, &spec, chain, 8, NULL, &error);
      g_assert_true (memcmp (a->windows[0].vector, b->windows[0].vector,
                         sizeof (a->windows[0].vector))
          != 0);
      gc_file_features_free (b);
    }
    gc_file_features_free (a);
  }

  broken.name = "broken";
  broken.launch = "audioconvert ! no-such-element";
  g_assert_null (
      gc_decode_file_features_chain (tone, &spec, &broken, 0, NULL, &error));
  g_assert_error (error, GC_DECODE_ERROR, GC_DECODE_ERROR_NO_DECODER);
  g_assert_nonnull (strstr (error->message, "the chain broken cannot be"));
  g_clear_error (&error);
  gc_file_features_free (clean);
  g_free (tone);
}

/* Temperature scaling: predictions made over-confident by a known
 * temperature (the true distributions raised to 1/T, T = 0.5), with labels
 * drawn from the true distributions, give back T ≈ 2 — the inverse that
 * undoes it; honest predictions give T ≈ 1.  And tempering is what it says. */
static void
test_temperature (void)
{
  const guint n = 4000, K = 4;
  double *honest = g_new (double, n * K), *sharp = g_new (double, n * K);
  guint *truth = g_new (guint, n);
  GRand *rand = g_rand_new_with_seed (5);
  double t_honest, t_sharp, q[4];

  for (guint i = 0; i < n; i++) {
    double *p = honest + i * K, sum = 0.0, u, acc = 0.0;

    for (guint k = 0; k < K; k++)
      sum += (p[k] = exp (2.0 * g_rand_double (rand)));
    for (guint k = 0; k < K; k++)
      p[k] /= sum;
    u = g_rand_double (rand);
    truth[i] = K - 1;
    for (guint k = 0; k < K; k++)
      if (u < (acc += p[k])) {
        truth[i] = k;
        break;
      }
  }
  gc_calibration_temper (honest, n, K, 0.5, sharp);
  t_honest = gc_calibration_fit_temperature (honest, truth, n, K);
  t_sharp = gc_calibration_fit_temperature (sharp, truth, n, K);
  g_test_message ("fitted T: honest %.3f, sharpened %.3f", t_honest, t_sharp);
  g_assert_cmpfloat (fabs (t_honest - 1.0), <, 0.15);
  g_assert_cmpfloat (fabs (t_sharp - 2.0), <, 0.3);
  g_assert_cmpfloat_with_epsilon (t_sharp / t_honest, 2.0, 1e-3);
  g_assert_cmpfloat (
      gc_calibration_fit_temperature (honest, truth, 0, K), ==, 1.0);

  /* p^(1/T) renormalised; a zero stays zero */
  gc_calibration_temper ((double[4]){ 0.5, 0.25, 0.25, 0.0 }, 1, K, 0.5, q);
  g_assert_cmpfloat_with_epsilon (q[0], 0.25 / 0.375, 1e-15);
  g_assert_cmpfloat_with_epsilon (q[1], 0.0625 / 0.375, 1e-15);
  g_assert_cmpfloat (q[3], ==, 0.0);

  g_rand_free (rand);
  g_free (honest);
  g_free (sharp);
  g_free (truth);
}

/* Each library's error domain has the name G_DEFINE_QUARK was given: a
 * formatter once rewrote "gc-model-error-quark" as "gc - model - error -
 * quark" (see .clang-format), and the names show in logs and D-Bus errors. */
static void
test_error_domains (void)
{
  GError *err = NULL;

  g_assert_cmpstr (
      g_quark_to_string (GC_MODEL_ERROR), ==, "gc-model-error-quark");
  g_assert_cmpstr (
      g_quark_to_string (GC_DECODE_ERROR), ==, "gc-decode-error-quark");
  g_assert_cmpstr (
      g_quark_to_string (GC_DATASET_ERROR), ==, "gc-dataset-error-quark");
  g_assert_cmpstr (
      g_quark_to_string (GC_CHAIN_ERROR), ==, "gc-chain-error-quark");
  g_assert_cmpstr (
      g_quark_to_string (GC_GRID_ERROR), ==, "gc-grid-error-quark");
  g_assert_cmpstr (
      g_quark_to_string (GC_EXPORT_ERROR), ==, "gc-export-error-quark");

  /* and a real error carries that domain */
  g_assert_null (gc_model_load ("/nonexistent/model.ini", &err));
  g_assert_error (err, GC_MODEL_ERROR, GC_MODEL_ERROR_NOT_FOUND);
  g_assert_cmpstr (g_quark_to_string (err->domain), ==, "gc-model-error-quark");
  g_clear_error (&err);
}

/* ---- precision against coverage -------------------------------------- */

/* How many times @needle occurs in @haystack. */
static guint
count_occurrences (const char *haystack, const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (haystack, needle); p;
       p = strstr (p + strlen (needle), needle))
    n++;
  return n;
}

/* The JSON of @cov under "coverage", parsed. */
static GcTj *
coverage_json (const GcCoverage *cov)
{
  GcJson *j = gc_json_new ();
  GError *error = NULL;
  char *text;
  GcTj *root;

  gc_json_begin_object (j, NULL);
  gc_coverage_json (j, "coverage", cov);
  gc_json_end_object (j);
  text = gc_json_free_to_string (j);
  root = gc_tj_parse (text, &error);
  g_assert_no_error (error);
  g_free (text);
  return root;
}

static void
test_coverage (void)
{
  /* eight files: their top probability and whether the top genre is right */
  const double conf[] = { 0.25, 0.30, 0.42, 0.50, 0.55, 0.80, 0.95, 1.0 };
  const gboolean right[] = { FALSE, TRUE, FALSE, TRUE, TRUE, TRUE, FALSE,
    TRUE };
  const double t[] = { 0.0, 0.3, 0.5, 0.9, 1.0 };
  const guint written[] = { 8, 7, 5, 2, 1 }, correct[] = { 5, 5, 4, 1, 1 };
  GcCoverage cov;
  GcTj *root;
  char *text;

  gc_coverage_init (&cov, t, G_N_ELEMENTS (t));
  for (guint i = 0; i < G_N_ELEMENTS (conf); i++)
    g_assert_true (gc_coverage_add (&cov, conf[i], right[i]));
  /* not a probability: refused, nothing counted */
  g_assert_false (gc_coverage_add (&cov, NAN, TRUE));
  g_assert_false (gc_coverage_add (&cov, -0.01, TRUE));
  g_assert_false (gc_coverage_add (&cov, 1.01, TRUE));
  g_assert_cmpuint (cov.total, ==, 8);
  for (guint k = 0; k < G_N_ELEMENTS (t); k++) {
    g_assert_cmpuint (cov.written[k], ==, written[k]);
    g_assert_cmpuint (cov.correct[k], ==, correct[k]);
    g_assert_cmpfloat (gc_coverage_share (&cov, k), ==, written[k] / 8.0);
    g_assert_cmpfloat (
        gc_coverage_precision (&cov, k), ==, (double)correct[k] / written[k]);
  }
  /* at t = 0 every file is written and the precision is the accuracy */
  g_assert_cmpfloat (gc_coverage_share (&cov, 0), ==, 1.0);
  g_assert_cmpfloat (gc_coverage_precision (&cov, 0), ==, 5.0 / 8.0);

  text = gc_coverage_format (&cov, "  ");
  g_assert_cmpuint (count_occurrences (text, "\n"), ==, 1 + G_N_ELEMENTS (t));
  g_assert_nonnull (strstr (text,
      "     0.50         5    62.5 %         4"
      "    80.0 %\n"));
  g_assert_nonnull (strstr (text,
      "     0.90         2    25.0 %         1"
      "    50.0 %\n"));
  g_free (text);

  root = coverage_json (&cov);
  g_assert_cmpfloat (gc_tj_number (root, "coverage/files"), ==, 8);
  g_assert_cmpuint (
      gc_tj_length (gc_tj_path (root, "coverage/thresholds")), ==, 5);
  g_assert_cmpfloat (
      gc_tj_number (root, "coverage/thresholds/2/threshold"), ==, 0.5);
  g_assert_cmpfloat (
      gc_tj_number (root, "coverage/thresholds/2/written"), ==, 5);
  g_assert_cmpfloat (
      gc_tj_number (root, "coverage/thresholds/2/correct"), ==, 4);
  g_assert_cmpfloat (
      gc_tj_number (root, "coverage/thresholds/2/coverage"), ==, 0.625);
  g_assert_cmpfloat (
      gc_tj_number (root, "coverage/thresholds/2/precision"), ==, 0.8);
  gc_tj_free (root);

  /* both curves drawn through all five thresholds, the tooltips with the
   * counts */
  text = gc_coverage_svg (&cov, "Precision & coverage", NULL);
  check_well_formed (text);
  g_assert_cmpuint (count_occurrences (text, "<polyline"), ==, 2);
  g_assert_cmpuint (count_occurrences (text, "class=\"point0\""), ==, 5);
  g_assert_cmpuint (count_occurrences (text, "class=\"point1\""), ==, 5);
  g_assert_nonnull (strstr (text, "5 of 8 written, 4 right"));
  g_assert_nonnull (strstr (text, "Precision &amp; coverage"));
  g_assert_nonnull (strstr (text, "write threshold"));
  g_free (text);
  gc_coverage_clear (&cov);

  /* The default thresholds: 0, then 0.30 to 0.95 by 0.05, each the double
   * its decimal reads as, so a file at exactly 0.35 is written at 0.35 and
   * not at 0.40. */
  gc_coverage_init_default (&cov);
  g_assert_cmpuint (cov.n_thresholds, ==, GC_COVERAGE_DEFAULT_THRESHOLDS);
  g_assert_cmpfloat (cov.threshold[0], ==, 0.0);
  g_assert_cmpfloat (cov.threshold[1], ==, 0.30);
  g_assert_cmpfloat (cov.threshold[2], ==, 0.35);
  g_assert_cmpfloat (cov.threshold[13], ==, 0.90);
  g_assert_cmpfloat (cov.threshold[14], ==, 0.95);
  g_assert_true (gc_coverage_add (&cov, 0.35, TRUE));
  g_assert_cmpuint (cov.written[2], ==, 1);
  g_assert_cmpuint (cov.written[3], ==, 0);
  gc_coverage_clear (&cov);
}

static void
test_coverage_empty (void)
{
  const double t[] = { 0.5, 0.9 };
  GcCoverage cov;
  GcTj *root;
  char *text;

  /* no file: every share and precision undefined, shown as "-" and null,
   * and no curve drawn */
  gc_coverage_init_default (&cov);
  for (guint k = 0; k < cov.n_thresholds; k++) {
    g_assert_cmpuint (cov.written[k], ==, 0);
    g_assert_true (isnan (gc_coverage_share (&cov, k)));
    g_assert_true (isnan (gc_coverage_precision (&cov, k)));
  }
  text = gc_coverage_format (&cov, "");
  g_assert_cmpuint (count_occurrences (text, "\n"), ==, 16);
  g_assert_cmpuint (count_occurrences (text, " -"), ==, 2 * 15);
  g_free (text);
  root = coverage_json (&cov);
  g_assert_cmpfloat (gc_tj_number (root, "coverage/files"), ==, 0);
  g_assert_nonnull (gc_tj_path (root, "coverage/thresholds/0/precision"));
  g_assert_cmpint (gc_tj_path (root, "coverage/thresholds/0/precision")->type,
      ==, GC_TJ_NULL);
  gc_tj_free (root);
  text = gc_coverage_svg (&cov, NULL, NULL);
  check_well_formed (text);
  g_assert_cmpuint (count_occurrences (text, "<polyline"), ==, 0);
  g_assert_cmpuint (count_occurrences (text, "<circle class="), ==, 0);
  g_free (text);
  gc_coverage_clear (&cov);

  /* every file below every threshold: nothing written, coverage 0, the
   * precision of nothing undefined (not 0, not 100 %) */
  gc_coverage_init (&cov, t, G_N_ELEMENTS (t));
  g_assert_true (gc_coverage_add (&cov, 0.1, TRUE));
  g_assert_true (gc_coverage_add (&cov, 0.49, FALSE));
  g_assert_cmpuint (cov.total, ==, 2);
  for (guint k = 0; k < cov.n_thresholds; k++) {
    g_assert_cmpuint (cov.written[k], ==, 0);
    g_assert_cmpuint (cov.correct[k], ==, 0);
    g_assert_cmpfloat (gc_coverage_share (&cov, k), ==, 0.0);
    g_assert_true (isnan (gc_coverage_precision (&cov, k)));
  }
  text = gc_coverage_format (&cov, "");
  g_assert_nonnull (strstr (text,
      "     0.90         0     0.0 %         0"
      "         -\n"));
  g_free (text);
  root = coverage_json (&cov);
  g_assert_cmpfloat (
      gc_tj_number (root, "coverage/thresholds/1/coverage"), ==, 0.0);
  g_assert_cmpint (gc_tj_path (root, "coverage/thresholds/1/precision")->type,
      ==, GC_TJ_NULL);
  gc_tj_free (root);
  /* only the coverage curve, along 0 */
  text = gc_coverage_svg (&cov, NULL, NULL);
  check_well_formed (text);
  g_assert_cmpuint (count_occurrences (text, "<polyline"), ==, 1);
  g_assert_cmpuint (count_occurrences (text, "class=\"point0\""), ==, 0);
  g_assert_cmpuint (count_occurrences (text, "class=\"point1\""), ==, 2);
  g_free (text);
  gc_coverage_clear (&cov);
}

int
main (int argc, char **argv)
{
  int status;

  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);
  tmp_root = g_dir_make_tmp ("gc-tools-units-XXXXXX", NULL);
  g_assert_nonnull (tmp_root);

  g_test_add_func ("/tools/error-domains", test_error_domains);
  g_test_add_func ("/tools/svg", test_svg);
  g_test_add_func ("/tools/calibration", test_calibration);
  g_test_add_func ("/tools/temperature", test_temperature);
  g_test_add_func ("/tools/coverage", test_coverage);
  g_test_add_func ("/tools/coverage-empty", test_coverage_empty);
  g_test_add_func ("/tools/progress", test_progress);
  g_test_add_func ("/tools/json", test_json);
  g_test_add_func ("/tools/dataset", test_dataset);
  g_test_add_func ("/tools/dataset-groups", test_dataset_groups);
  g_test_add_func ("/tools/grouping", test_grouping);
  g_test_add_func ("/tools/cache", test_cache);
  g_test_add_func ("/tools/grid", test_grid);
  g_test_add_func ("/tools/grid-grouped", test_grid_grouped);
  g_test_add_func ("/tools/grid-keep-share", test_grid_keep_share);
  g_test_add_func ("/tools/grid-search", test_grid_search);
  g_test_add_func ("/tools/grid-train-only", test_grid_train_only);
  g_test_add_func ("/tools/decode", test_decode);
  g_test_add_func ("/tools/recipe", test_recipe);
  g_test_add_func ("/tools/chain-registry", test_chain_registry);
  g_test_add_func ("/tools/chain-processor", test_chain_processor);
  g_test_add_func ("/tools/decode-chain", test_decode_chain);
  status = g_test_run ();

  gc_test_remove_tree (tmp_root);
  g_free (tmp_root);
  gst_deinit ();
  return status;
}
