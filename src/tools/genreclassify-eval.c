/* genreclassify-eval — measure a genre model on a labelled set
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 *   genreclassify-eval [OPTION…] -m MODEL.ini SET
 *
 * Every file of SET (a folder of folders or a PATH<TAB>GENRE list) is
 * decoded as the element would see it, every window classified as the
 * element classifies it, and the results scored twice:
 *   per window — each window on its own;
 *   per file   — the duration-weighted mean of the file's windows, as the
 *                element's end-of-stream summary.
 * Accuracy, top-2 accuracy, per-genre precision / recall / F1 and the
 * confusion matrix go to stdout as text, and optionally to --json and to an
 * SVG heat-map (--svg).  See docs/training.md.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "gc-cli.h"
#include "gc-json.h"
#include "gc-model.h"
#include "gc-output.h"
#include "gc-svg.h"

typedef struct {
  guint n_labels;
  guint n, correct, top2;
  guint *confusion; /* n_labels × n_labels, rows true, columns predicted */
} Scores;

static void
scores_init (Scores *s, guint n_labels)
{
  memset (s, 0, sizeof (*s));
  s->n_labels = n_labels;
  s->confusion = g_new0 (guint, n_labels * n_labels);
}

static void
scores_clear (Scores *s)
{
  g_free (s->confusion);
}

/* The element's order: most probable first, ties in label order. */
static guint
rank_of (const double *p, guint n, guint label)
{
  guint rank = 0;

  for (guint k = 0; k < n; k++)
    if (p[k] > p[label] || (p[k] == p[label] && k < label))
      rank++;
  return rank;
}

static guint
argmax (const double *p, guint n)
{
  guint best = 0;

  for (guint k = 1; k < n; k++)
    if (p[k] > p[best])
      best = k;
  return best;
}

static void
scores_add (Scores *s, guint truth, const double *p)
{
  guint pred = argmax (p, s->n_labels);

  s->n++;
  if (pred == truth)
    s->correct++;
  if (rank_of (p, s->n_labels, truth) < 2)
    s->top2++;
  s->confusion[truth * s->n_labels + pred]++;
}

typedef struct {
  guint support, predicted, tp;
  double precision, recall, f1; /* NAN when undefined */
} LabelScore;

static void
label_score (const Scores *s, guint k, LabelScore *ls)
{
  guint L = s->n_labels;

  memset (ls, 0, sizeof (*ls));
  for (guint j = 0; j < L; j++) {
    ls->support += s->confusion[k * L + j];
    ls->predicted += s->confusion[j * L + k];
  }
  ls->tp = s->confusion[k * L + k];
  ls->precision = ls->predicted ? (double)ls->tp / ls->predicted : NAN;
  ls->recall = ls->support ? (double)ls->tp / ls->support : NAN;
  if (isnan (ls->recall))
    ls->f1 = NAN;
  else {
    double pr = isnan (ls->precision) ? 0.0 : ls->precision;

    ls->f1 = (pr + ls->recall) > 0.0 ? 2.0 * pr * ls->recall / (pr + ls->recall)
                                     : 0.0;
  }
}

/* Mean recall and mean F1 over the labels present in the set. */
static void
macro (const Scores *s, double *balanced, double *macro_f1)
{
  double r = 0.0, f = 0.0;
  guint m = 0;

  for (guint k = 0; k < s->n_labels; k++) {
    LabelScore ls;

    label_score (s, k, &ls);
    if (ls.support == 0)
      continue;
    r += ls.recall;
    f += ls.f1;
    m++;
  }
  *balanced = m ? r / m : NAN;
  *macro_f1 = m ? f / m : NAN;
}

static const char *
pct (char *buf, gsize size, double v)
{
  if (isnan (v))
    g_snprintf (buf, size, "%7s", "-");
  else
    g_snprintf (buf, size, "%6.1f%%", 100.0 * v);
  return buf;
}

static void
print_scores (const Scores *s, const GcModel *model, const char *what)
{
  guint L = s->n_labels, width = 5;
  double balanced, macro_f1;
  char a[16], b[16], c[16];

  printf ("\n%s\n", what);
  if (s->n == 0) {
    printf ("  nothing to score\n");
    return;
  }
  macro (s, &balanced, &macro_f1);
  printf ("  accuracy           %6.2f %%  (%u/%u)\n", 100.0 * s->correct / s->n,
      s->correct, s->n);
  printf ("  top-2 accuracy     %6.2f %%  (%u/%u)\n", 100.0 * s->top2 / s->n,
      s->top2, s->n);
  printf ("  balanced accuracy  %6.2f %%  (mean recall)\n", 100.0 * balanced);
  printf ("  macro F1           %6.2f %%\n", 100.0 * macro_f1);
  for (guint k = 0; k < L; k++)
    width = MAX (width, g_utf8_strlen (gc_model_get_label (model, k), -1));
  printf ("  %-*s %9s %7s %7s %8s\n", width, "genre", "precision", "recall",
      "F1", "support");
  for (guint k = 0; k < L; k++) {
    LabelScore ls;

    label_score (s, k, &ls);
    printf ("  %-*s %9s %7s %7s %8u\n", width, gc_model_get_label (model, k),
        pct (a, sizeof a, ls.precision), pct (b, sizeof b, ls.recall),
        pct (c, sizeof c, ls.f1), ls.support);
  }
  printf ("  confusion matrix (rows: true genre, columns: predicted)\n");
  printf ("  %-*s", width, "");
  for (guint j = 0; j < L; j++)
    printf (" %7.7s", gc_model_get_label (model, j));
  printf ("\n");
  for (guint i = 0; i < L; i++) {
    printf ("  %-*s", width, gc_model_get_label (model, i));
    for (guint j = 0; j < L; j++)
      printf (" %7u", s->confusion[i * L + j]);
    printf ("\n");
  }
}

static void
json_scores (GcJson *j, const char *key, const Scores *s, const GcModel *model,
    const char *description)
{
  double balanced, macro_f1;
  guint L = s->n_labels;

  macro (s, &balanced, &macro_f1);
  gc_json_begin_object (j, key);
  gc_json_string (j, "description", description);
  gc_json_int (j, "count", s->n);
  gc_json_int (j, "correct", s->correct);
  gc_json_double (j, "accuracy", s->n ? (double)s->correct / s->n : NAN);
  gc_json_double (j, "top2-accuracy", s->n ? (double)s->top2 / s->n : NAN);
  gc_json_double (j, "balanced-accuracy", balanced);
  gc_json_double (j, "macro-f1", macro_f1);
  gc_json_begin_array (j, "per-genre");
  for (guint k = 0; k < L; k++) {
    LabelScore ls;

    label_score (s, k, &ls);
    gc_json_begin_object (j, NULL);
    gc_json_string (j, "genre", gc_model_get_label (model, k));
    gc_json_int (j, "support", ls.support);
    gc_json_int (j, "predicted", ls.predicted);
    gc_json_double (j, "precision", ls.precision);
    gc_json_double (j, "recall", ls.recall);
    gc_json_double (j, "f1", ls.f1);
    gc_json_end_object (j);
  }
  gc_json_end_array (j);
  gc_json_begin_object (j, "confusion");
  gc_json_string (j, "rows", "true genre");
  gc_json_string (j, "columns", "predicted genre");
  gc_json_begin_array (j, "matrix");
  for (guint i = 0; i < L; i++) {
    double *row = g_newa (double, L);

    for (guint k = 0; k < L; k++)
      row[k] = s->confusion[i * L + k];
    gc_json_doubles (j, NULL, row, L);
  }
  gc_json_end_array (j);
  gc_json_end_object (j);
  gc_json_end_object (j);
}

/* Per item: the classification of its windows and of the file. */
typedef struct {
  guint truth; /* model label */
  gboolean classified; /* at least one window classified */
  double *file_probs; /* n_labels */
  double *window_probs; /* n_windows × n_labels, NAN rows when not */
} ItemResult;

/* gc_model_predict() then gc_output_normalise(), as the element does. */
static gboolean
classify (const GcModel *model, const double *vector, double *p)
{
  return gc_model_predict (model, vector, p)
      && gc_output_normalise (p, gc_model_get_n_labels (model));
}

int
main (int argc, char **argv)
{
  GcCliOptions o;
  char *model_path = NULL, *json_path = NULL, *svg_path = NULL;
  char *svg_level = NULL;
  GOptionEntry entries[] = {
    { "model", 'm', 0, G_OPTION_ARG_FILENAME, &model_path,
        "The model bundle (model.ini) to evaluate", "FILE" },
    { "json", 0, 0, G_OPTION_ARG_FILENAME, &json_path,
        "Also write the results, down to every window's distribution, as "
        "JSON (- for stdout, which then gets only the JSON)",
        "FILE" },
    { "svg", 0, 0, G_OPTION_ARG_FILENAME, &svg_path,
        "Also draw the confusion matrix as an SVG heat-map", "FILE" },
    { "svg-level", 0, 0, G_OPTION_ARG_STRING, &svg_level,
        "Which confusion matrix --svg draws: files (default) or windows",
        "LEVEL" },
    { NULL },
  };
  GOptionContext *ctx;
  GError *error = NULL;
  GcModel *model = NULL;
  GcDataset *set = NULL;
  GcFeatureCache *cache = NULL;
  GcExtractJob *jobs = NULL;
  GcExtractStats stats = { 0 };
  ItemResult *results = NULL;
  Scores win, file;
  guint L = 0, *map = NULL, n_failed = 0, n_unclassified = 0;
  gboolean json_stdout, svg_windows = FALSE;
  int status = GC_EXIT_FAILURE;
  double default_window;

  g_set_prgname ("genreclassify-eval");
  gc_cli_options_init (&o);
  memset (&win, 0, sizeof win);
  memset (&file, 0, sizeof file);
  ctx = g_option_context_new ("SET - measure a genre model on labelled audio");
  g_option_context_set_summary (ctx,
      "SET is a folder with one folder per genre (SET/GENRE/FILE) or a list "
      "file of PATH<TAB>GENRE lines; every genre must be one of the "
      "model's. Scores are given per window (each window alone) and per "
      "file (duration-weighted mean of its windows, as the element's "
      "summary).");
  g_option_context_set_description (ctx,
      "--window defaults to the model's window-seconds (else 30).\n\n"
      "Example:\n  genreclassify-eval -m mymodel/model.ini --svg "
      "confusion.svg ~/music/held-out\n\nExit status: 0 evaluated, 1 "
      "failure, 2 bad command line. See docs/training.md.");
  g_option_context_add_main_entries (ctx, entries, NULL);
  gc_cli_add_entries (ctx, &o);
  g_option_context_add_group (ctx, gst_init_get_option_group ());
  if (!g_option_context_parse (ctx, &argc, &argv, &error)) {
    gc_cli_error ("%s", error->message);
    status = GC_EXIT_USAGE;
    goto out;
  }
  if (argc != 2 || model_path == NULL) {
    gc_cli_error (argc != 2 ? "expected one SET (a folder or a list file); "
                              "see --help"
                            : "--model is required; see --help");
    status = GC_EXIT_USAGE;
    goto out;
  }
  if (svg_level && strcmp (svg_level, "files") != 0
      && strcmp (svg_level, "windows") != 0) {
    gc_cli_error (
        "--svg-level must be files or windows, not \"%s\"", svg_level);
    status = GC_EXIT_USAGE;
    goto out;
  }
  svg_windows = svg_level && strcmp (svg_level, "windows") == 0;
  json_stdout = json_path && strcmp (json_path, "-") == 0;
  if (json_stdout)
    o.quiet = TRUE;

  model = gc_model_load (model_path, &error);
  if (model == NULL) {
    gc_cli_error ("cannot load the model: %s", error->message);
    goto out;
  }
  if (g_strcmp0 (gc_model_get_feature_set (model), GC_FEATURE_SET_SEED212) != 0
      || gc_model_get_dimension (model) != GC_SEED212_DIM) {
    gc_cli_error ("%s: the model needs feature set \"%s\" (dimension %u); "
                  "this tool computes \"%s\" (dimension %d)",
        model_path, gc_model_get_feature_set (model),
        gc_model_get_dimension (model), GC_FEATURE_SET_SEED212, GC_SEED212_DIM);
    goto out;
  }
  L = gc_model_get_n_labels (model);
  default_window = gc_model_get_window_seconds (model) > 0.0
      ? gc_model_get_window_seconds (model)
      : 30.0;
  if (!gc_cli_check (&o, default_window, &error)) {
    gc_cli_error ("%s", error->message);
    status = GC_EXIT_USAGE;
    goto out;
  }

  set = gc_dataset_load (argv[1], &error);
  if (set == NULL) {
    gc_cli_error ("%s", error->message);
    goto out;
  }
  /* Every genre of the set must be one of the model's. */
  map = g_new (guint, set->labels->len);
  {
    GString *unknown = g_string_new (NULL), *known = g_string_new (NULL);

    for (guint k = 0; k < set->labels->len; k++) {
      map[k] = L;
      for (guint m = 0; m < L; m++)
        if (strcmp (gc_dataset_label (set, k), gc_model_get_label (model, m))
            == 0)
          map[k] = m;
      if (map[k] == L)
        g_string_append_printf (unknown, "%s\"%s\"", unknown->len ? ", " : "",
            gc_dataset_label (set, k));
    }
    for (guint m = 0; m < L; m++)
      g_string_append_printf (
          known, "%s\"%s\"", m ? ", " : "", gc_model_get_label (model, m));
    if (unknown->len) {
      gc_cli_error ("the set has genres the model does not know: %s (the "
                    "model knows %s)",
          unknown->str, known->str);
      g_string_free (unknown, TRUE);
      g_string_free (known, TRUE);
      goto out;
    }
    g_string_free (unknown, TRUE);
    g_string_free (known, TRUE);
  }

  cache = gc_cli_cache (&o);
  {
    const GcChain *clean = NULL;

    jobs = gc_cli_extract (&o, set, cache, &clean, 1, 1, &stats);
  }
  if (o.strict && (stats.n_failed > 0 || stats.n_skipped > 0)) {
    gc_cli_error ("stopped: a file could not be decoded (--strict)");
    goto out;
  }

  scores_init (&win, L);
  scores_init (&file, L);
  results = g_new0 (ItemResult, set->items->len);
  for (guint i = 0; i < set->items->len; i++) {
    const GcFileFeatures *f = jobs[i].features;
    ItemResult *r = &results[i];
    double weight = 0.0;

    r->truth = map[gc_dataset_item (set, i)->label];
    if (f == NULL) {
      n_failed++;
      continue;
    }
    r->file_probs = g_new0 (double, L);
    r->window_probs = g_new (double, MAX (f->n_windows, 1) * L);
    for (guint w = 0; w < f->n_windows; w++) {
      const GcWindowResult *wr = &f->windows[w];
      double *p = r->window_probs + (gsize)w * L;

      if (wr->status != GC_WINDOW_OK || !classify (model, wr->vector, p)) {
        for (guint k = 0; k < L; k++)
          p[k] = NAN;
        continue;
      }
      scores_add (&win, r->truth, p);
      /* The element's summary: weights are the windows' sample counts. */
      for (guint k = 0; k < L; k++)
        r->file_probs[k] += (double)wr->n_samples * p[k];
      weight += (double)wr->n_samples;
    }
    if (weight > 0.0) {
      double sum = 0.0;

      for (guint k = 0; k < L; k++)
        sum += (r->file_probs[k] /= weight);
      for (guint k = 0; k < L; k++)
        r->file_probs[k] /= sum;
      r->classified = TRUE;
      scores_add (&file, r->truth, r->file_probs);
    } else {
      n_unclassified++;
    }
  }

  if (!o.quiet) {
    char *w = gc_cli_format_seconds (o.spec.window);

    printf ("genreclassify-eval: model %s (%s, %u genres)\n", model_path,
        gc_model_get_feature_set (model), L);
    printf ("set %s: %u files: %u evaluated, %u failed, %u without a "
            "classified window; windows of %s (hop %g s, min-window %g s)\n",
        set->source, set->items->len,
        set->items->len - n_failed - n_unclassified, n_failed, n_unclassified,
        w, o.spec.hop > 0.0 ? o.spec.hop : o.spec.window, o.spec.min_window);
    printf ("features: %u decoded, %u from the cache\n", stats.n_decoded,
        stats.n_cached);
    g_free (w);
    print_scores (&file, model,
        "PER FILE (a file's distribution is the duration-weighted mean of "
        "its windows, as the element's summary):");
    print_scores (&win, model,
        "PER WINDOW (every window classified on its own, as the element's "
        "window messages):");
  }

  if (json_path) {
    GcJson *j = gc_json_new ();
    char *text;

    gc_json_begin_object (j, NULL);
    gc_json_string (j, "tool", "genreclassify-eval");
    gc_json_string (j, "version", VERSION);
    gc_json_begin_object (j, "model");
    gc_json_string (j, "path", model_path);
    gc_json_string (j, "feature-set", gc_model_get_feature_set (model));
    gc_json_begin_array (j, "labels");
    for (guint k = 0; k < L; k++)
      gc_json_string (j, NULL, gc_model_get_label (model, k));
    gc_json_end_array (j);
    gc_json_double (j, "window-seconds", gc_model_get_window_seconds (model));
    gc_json_end_object (j);
    gc_json_string (j, "set", set->source);
    gc_json_begin_object (j, "windows");
    gc_json_double (j, "window", o.spec.window);
    gc_json_double (j, "hop", o.spec.hop > 0.0 ? o.spec.hop : o.spec.window);
    gc_json_double (j, "min-window", o.spec.min_window);
    gc_json_end_object (j);
    gc_json_begin_object (j, "files");
    gc_json_int (j, "total", set->items->len);
    gc_json_int (j, "evaluated", set->items->len - n_failed - n_unclassified);
    gc_json_int (j, "failed", n_failed);
    gc_json_int (j, "unclassified", n_unclassified);
    gc_json_int (j, "decoded", stats.n_decoded);
    gc_json_int (j, "cached", stats.n_cached);
    gc_json_end_object (j);
    json_scores (j, "file-level", &file, model,
        "one prediction per file: the duration-weighted mean of its "
        "windows' distributions (the element's summary)");
    json_scores (j, "window-level", &win, model,
        "one prediction per window, each on its own (the element's window "
        "messages)");
    gc_json_begin_array (j, "items");
    for (guint i = 0; i < set->items->len; i++) {
      const GcFileFeatures *f = jobs[i].features;
      const ItemResult *r = &results[i];

      gc_json_begin_object (j, NULL);
      gc_json_string (j, "path", jobs[i].path);
      gc_json_string (j, "genre", gc_model_get_label (model, r->truth));
      if (f == NULL) {
        gc_json_string (j, "status", "failed");
        gc_json_string (j, "error", jobs[i].error->message);
        gc_json_end_object (j);
        continue;
      }
      gc_json_string (j, "status", r->classified ? "ok" : "unclassified");
      gc_json_double (j, "duration", f->duration);
      if (r->classified) {
        gc_json_string (j, "predicted",
            gc_model_get_label (model, argmax (r->file_probs, L)));
        gc_json_doubles (j, "probabilities", r->file_probs, L);
      }
      gc_json_begin_array (j, "windows");
      for (guint w = 0; w < f->n_windows; w++) {
        const GcWindowResult *wr = &f->windows[w];
        const double *p = r->window_probs + (gsize)w * L;
        gboolean ok = !isnan (p[0]);

        gc_json_begin_object (j, NULL);
        gc_json_int (j, "index", wr->index);
        if (GST_CLOCK_TIME_IS_VALID (wr->timestamp)) {
          gc_json_int (j, "timestamp", (gint64)wr->timestamp);
          gc_json_double (j, "start", wr->timestamp / 1e9);
        } else {
          gc_json_null (j, "timestamp");
          gc_json_double (j, "start", wr->start / (double)GC_ANALYSIS_RATE);
        }
        gc_json_int (j, "duration", (gint64)wr->duration);
        gc_json_int (j, "samples", (gint64)wr->n_samples);
        gc_json_string (j, "status",
            wr->status == GC_WINDOW_SILENT ? "silent"
                : ok                       ? "ok"
                                           : "unclassified");
        if (ok) {
          gc_json_string (
              j, "predicted", gc_model_get_label (model, argmax (p, L)));
          gc_json_doubles (j, "probabilities", p, L);
        }
        gc_json_end_object (j);
      }
      gc_json_end_array (j);
      gc_json_end_object (j);
    }
    gc_json_end_array (j);
    gc_json_end_object (j);
    text = gc_json_free_to_string (j);
    if (json_stdout) {
      fputs (text, stdout);
    } else if (!g_file_set_contents (json_path, text, -1, &error)) {
      gc_cli_error ("cannot write %s: %s", json_path, error->message);
      g_free (text);
      goto out;
    }
    g_free (text);
  }

  if (svg_path) {
    const Scores *s = svg_windows ? &win : &file;
    const char **labels = g_newa (const char *, L + 1);
    char *title, *subtitle, *svg, *base = g_path_get_basename (model_path);
    char *dir = g_path_get_dirname (model_path), *dirbase;

    for (guint k = 0; k < L; k++)
      labels[k] = gc_model_get_label (model, k);
    labels[L] = NULL;
    dirbase = g_path_get_basename (dir);
    title = g_strdup_printf ("Confusion matrix: %s/%s", dirbase, base);
    subtitle = g_strdup_printf ("%s: %u %s, accuracy %.1f %%",
        svg_windows ? "per window" : "per file (mean of its windows)", s->n,
        svg_windows ? "windows" : "files",
        s->n ? 100.0 * s->correct / s->n : 0.0);
    svg = gc_svg_confusion_matrix (title, subtitle, labels, L, s->confusion);
    if (!gc_svg_save (svg_path, svg, &error))
      gc_cli_error ("cannot write %s: %s", svg_path, error->message);
    g_free (svg);
    g_free (title);
    g_free (subtitle);
    g_free (base);
    g_free (dir);
    g_free (dirbase);
    if (error)
      goto out;
  }

  if (file.n == 0 && win.n == 0) {
    guint no_window = 0;

    for (guint i = 0; i < set->items->len; i++)
      if (jobs[i].features && jobs[i].features->n_windows == 0)
        no_window++;
    if (no_window > 0)
      gc_cli_error ("no file of the set could be classified: %u files gave "
                    "no window (shorter than --min-window, %g s?)",
          no_window, o.spec.min_window);
    else
      gc_cli_error ("no file of the set could be classified");
    goto out;
  }
  status = GC_EXIT_OK;

out:
  g_clear_error (&error);
  g_option_context_free (ctx);
  if (results) {
    for (guint i = 0; i < set->items->len; i++) {
      g_free (results[i].file_probs);
      g_free (results[i].window_probs);
    }
    g_free (results);
  }
  if (jobs)
    gc_cli_jobs_free (jobs, set->items->len);
  scores_clear (&win);
  scores_clear (&file);
  g_free (map);
  gc_dataset_free (set);
  gc_feature_cache_free (cache);
  gc_model_free (model);
  g_free (model_path);
  g_free (json_path);
  g_free (svg_path);
  g_free (svg_level);
  gc_cli_options_clear (&o);
  return status;
}
