/* genreclassify-eval — measure a genre model on a labelled set
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 *   genreclassify-eval [OPTION…] [-m MODEL.ini] SET
 *   genreclassify-eval [OPTION…] --cv K (--c C --gamma G | -m MODEL.ini) SET
 *
 * Every file of SET (a folder of folders or a PATH<TAB>GENRE list) is
 * decoded as the element would see it, every window classified as the
 * element classifies it, and the results scored twice:
 *   per window — each window on its own;
 *   per file   — the duration-weighted mean of the file's windows, as the
 *                element's end-of-stream summary.
 * With -m, by that model, else by the one the element and genreclassify-tag
 * load when given none (gc_cli_default_model_path()).  With --cv K, by
 * cross-validation: each fold's files by a model trained, as
 * gc_model_train() trains, on the other folds (folds by group with
 * --groups, gc-folds.h), so that every file is predicted by a model that
 * never saw it, nor its group.
 *
 * --degrade / --robustness also run the set through recording chains
 * (gc-chain.h) and give each one's accuracy beside the clean files'.
 * Accuracy, top-2 accuracy, per-genre precision / recall / F1 and the
 * confusion matrix go to stdout as text, and optionally to --json and to an
 * SVG heat-map (--svg).  See docs/training.md.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gc-calibration.h"
#include "gc-coverage.h"
#include "gc-cli.h"
#include "gc-json.h"
#include "gc-length-calibration.h"
#include "gc-model.h"
#include "gc-distribution.h"
#include "gc-model-train.h"
#include "gc-recipe.h"
#include "gc-summary.h"
#include "gc-svg.h"
#include "gc-trainset.h"

#define NO_SEED G_MININT64

static double
now (void)
{
  return g_get_monotonic_time () / 1e6;
}

/* ---- scores ------------------------------------------------------------ */

typedef struct {
  guint n_labels;
  guint n, correct, top2;
  guint *confusion; /* n_labels × n_labels, rows true, columns predicted */
  GcCalibration cal; /* of the top probability */
  GcCoverage coverage; /* precision against a write threshold */
  /* --uncertain-margin (0: none): the predictions that rule calls
   * uncertain, and how many of them were right */
  double uncertain_margin;
  guint n_uncertain, uncertain_correct;
  /* The ECE a calibrated model would score on as many predictions
   * (gc_calibration_ece_noise()), once all are counted: scores_finish(). */
  double ece_noise_mean, ece_noise_p90;
} Scores;

static void
scores_init (Scores *s, guint n_labels, double uncertain_margin)
{
  memset (s, 0, sizeof (*s));
  s->n_labels = n_labels;
  s->confusion = g_new0 (guint, n_labels * n_labels);
  gc_calibration_init (&s->cal, GC_CALIBRATION_BINS);
  gc_coverage_init_default (&s->coverage);
  s->uncertain_margin = uncertain_margin;
}

static void
scores_clear (Scores *s)
{
  g_free (s->confusion);
  gc_calibration_clear (&s->cal);
  gc_coverage_clear (&s->coverage);
}

static void
scores_finish (Scores *s)
{
  gc_calibration_ece_noise (&s->cal, GC_CALIBRATION_NOISE_DRAWS, 1, 0.9,
      &s->ece_noise_mean, &s->ece_noise_p90);
}

static double
scores_accuracy (const Scores *s)
{
  return s->n ? (double)s->correct / s->n : NAN;
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

static void
scores_add (Scores *s, guint truth, const double *p)
{
  guint pred = gc_distribution_top (p, s->n_labels);

  s->n++;
  if (pred == truth)
    s->correct++;
  if (rank_of (p, s->n_labels, truth) < 2)
    s->top2++;
  s->confusion[truth * s->n_labels + pred]++;
  /* a normalised probability is at most 1, but not always by rounding */
  gc_calibration_add (&s->cal, CLAMP (p[pred], 0.0, 1.0), pred == truth);
  gc_coverage_add (&s->coverage, CLAMP (p[pred], 0.0, 1.0), pred == truth);
  if (gc_distribution_uncertain (p, s->n_labels, s->uncertain_margin)) {
    s->n_uncertain++;
    s->uncertain_correct += pred == truth;
  }
}

static const char CALIBRATION_DEFINITION[] =
    "expected calibration error: the predictions in 10 equal-width bins of "
    "their top probability (bin k holds [k/10, (k+1)/10), the last one "
    "includes 1), ECE = sum over bins of (bin count / count) * |bin "
    "accuracy - bin mean top probability|; MCE = the largest bin gap";

static void
print_calibration (const Scores *s)
{
  const GcCalibration *c = &s->cal;

  printf ("  calibration (%u equal-width bins of the top probability; ECE = "
          "sum of |accuracy - mean confidence| per bin, weighted by its "
          "share):\n",
      c->n_bins);
  printf ("    ECE %.2f %%, MCE %.2f %%; mean confidence %.2f %% for an "
          "accuracy of %.2f %%\n",
      100.0 * gc_calibration_ece (c), 100.0 * gc_calibration_mce (c),
      100.0 * gc_calibration_mean_confidence (c),
      100.0 * gc_calibration_accuracy (c));
  printf ("    a perfectly calibrated model with these confidences would "
          "score ECE %.2f %% on as many predictions (9 draws in 10 below "
          "%.2f %%)\n",
      100.0 * s->ece_noise_mean, 100.0 * s->ece_noise_p90);
  printf ("    %-11s %7s %9s %11s %8s\n", "confidence", "count", "accuracy",
      "mean conf.", "gap");
  for (guint k = 0; k < c->n_bins; k++) {
    double acc = gc_calibration_bin_accuracy (c, k);
    double conf = gc_calibration_bin_confidence (c, k);
    char range[32];

    if (c->count[k] == 0)
      continue;
    g_snprintf (range, sizeof range, "%.1f-%.1f", (double)k / c->n_bins,
        (double)(k + 1) / c->n_bins);
    printf ("    %-11s %7u %7.1f %% %9.1f %% %+8.1f\n", range, c->count[k],
        100.0 * acc, 100.0 * conf, 100.0 * (acc - conf));
  }
  if (s->uncertain_margin > 0.0) {
    guint certain = s->n - s->n_uncertain;

    printf ("  uncertain (top two less than %g apart): %u of %u (%.1f %%); "
            "accuracy of the others %.2f %% (%u/%u), of the uncertain %.2f "
            "%%\n",
        s->uncertain_margin, s->n_uncertain, s->n,
        100.0 * s->n_uncertain / s->n,
        certain ? 100.0 * (s->correct - s->uncertain_correct) / certain : NAN,
        s->correct - s->uncertain_correct, certain,
        s->n_uncertain ? 100.0 * s->uncertain_correct / s->n_uncertain : NAN);
  }
}

static void
json_calibration (GcJson *j, const Scores *s)
{
  const GcCalibration *c = &s->cal;

  gc_json_begin_object (j, "calibration");
  gc_json_string (j, "definition", CALIBRATION_DEFINITION);
  gc_json_int (j, "bins", c->n_bins);
  gc_json_double (j, "ece", gc_calibration_ece (c));
  gc_json_double (j, "mce", gc_calibration_mce (c));
  gc_json_double (j, "ece-if-calibrated-mean", s->ece_noise_mean);
  gc_json_double (j, "ece-if-calibrated-p90", s->ece_noise_p90);
  gc_json_double (j, "mean-confidence", gc_calibration_mean_confidence (c));
  gc_json_double (j, "accuracy", gc_calibration_accuracy (c));
  gc_json_begin_array (j, "per-bin");
  for (guint k = 0; k < c->n_bins; k++) {
    gc_json_begin_object (j, NULL);
    gc_json_double (j, "low", (double)k / c->n_bins);
    gc_json_double (j, "high", (double)(k + 1) / c->n_bins);
    gc_json_int (j, "count", c->count[k]);
    gc_json_int (j, "correct", c->correct[k]);
    gc_json_double (j, "accuracy", gc_calibration_bin_accuracy (c, k));
    gc_json_double (j, "mean-confidence", gc_calibration_bin_confidence (c, k));
    gc_json_end_object (j);
  }
  gc_json_end_array (j);
  gc_json_end_object (j);
  if (s->uncertain_margin > 0.0) {
    guint certain = s->n - s->n_uncertain;

    gc_json_begin_object (j, "uncertain");
    gc_json_double (j, "margin", s->uncertain_margin);
    gc_json_int (j, "count", s->n_uncertain);
    gc_json_int (j, "correct", s->uncertain_correct);
    gc_json_double (j, "accuracy",
        s->n_uncertain ? (double)s->uncertain_correct / s->n_uncertain : NAN);
    gc_json_int (j, "certain-count", certain);
    gc_json_double (j, "certain-accuracy",
        certain ? (double)(s->correct - s->uncertain_correct) / certain : NAN);
    gc_json_end_object (j);
  }
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
print_scores (const Scores *s, const char *const *labels, const char *what)
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
    width = MAX (width, g_utf8_strlen (labels[k], -1));
  printf ("  %-*s %9s %7s %7s %8s\n", width, "genre", "precision", "recall",
      "F1", "support");
  for (guint k = 0; k < L; k++) {
    LabelScore ls;

    label_score (s, k, &ls);
    printf ("  %-*s %9s %7s %7s %8u\n", width, labels[k],
        pct (a, sizeof a, ls.precision), pct (b, sizeof b, ls.recall),
        pct (c, sizeof c, ls.f1), ls.support);
  }
  printf ("  confusion matrix (rows: true genre, columns: predicted)\n");
  printf ("  %-*s", width, "");
  for (guint j = 0; j < L; j++)
    printf (" %7.7s", labels[j]);
  printf ("\n");
  for (guint i = 0; i < L; i++) {
    printf ("  %-*s", width, labels[i]);
    for (guint j = 0; j < L; j++)
      printf (" %7u", s->confusion[i * L + j]);
    printf ("\n");
  }
  print_calibration (s);
}

static void
json_scores (GcJson *j, const char *key, const Scores *s,
    const char *const *labels, const char *description)
{
  double balanced, macro_f1;
  guint L = s->n_labels;

  macro (s, &balanced, &macro_f1);
  gc_json_begin_object (j, key);
  gc_json_string (j, "description", description);
  gc_json_int (j, "count", s->n);
  gc_json_int (j, "correct", s->correct);
  gc_json_double (j, "accuracy", scores_accuracy (s));
  gc_json_double (j, "top2-accuracy", s->n ? (double)s->top2 / s->n : NAN);
  gc_json_double (j, "balanced-accuracy", balanced);
  gc_json_double (j, "macro-f1", macro_f1);
  gc_json_begin_array (j, "per-genre");
  for (guint k = 0; k < L; k++) {
    LabelScore ls;

    label_score (s, k, &ls);
    gc_json_begin_object (j, NULL);
    gc_json_string (j, "genre", labels[k]);
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
  json_calibration (j, s);
  gc_coverage_json (j, "coverage", &s->coverage);
  gc_json_end_object (j);
}

/* What a tagger that writes a file's genre only from a threshold of its
 * top probability on would write (gc-coverage.h). */
static void
print_coverage (const Scores *s)
{
  char *table;

  if (s->n == 0)
    return;
  table = gc_coverage_format (&s->coverage, "    ");
  printf ("  writing the genre only when the top probability reaches a "
          "threshold (coverage: share of the files written; precision: "
          "right among them):\n%s",
      table);
  g_free (table);
}

/* ---- classification ---------------------------------------------------- */

/* Per item: the classification of its windows and of the file. */
typedef struct {
  guint truth; /* report label */
  gboolean classified; /* at least one window classified */
  double *file_probs; /* n_labels; NULL when not classified */
  double *window_probs; /* n_windows × n_labels, NAN rows when not */
  int fold; /* --cv: the fold that tested it, -1 if none */
} ItemResult;

/* One way of hearing the set: its files as they are, or through a
 * recording chain. */
typedef struct {
  const GcChain *chain; /* NULL: the files as they are */
  GcExtractJob *jobs; /* n_items, into the run's jobs */
  ItemResult *results; /* n_items */
  Scores win, file;
  guint n_failed, n_unclassified;
} Variant;

/* Classifies every window of @f with @model as the element does
 * (gc_model_classify()), its label m reported as @to_report[m] among @L
 * labels (the labels a model lacks get 0), and the file as the element's
 * summary (GcSummary: the mean of its windows weighted by
 * gc_model_window_weight()).
 * @calibration (a fold's model has none) is the model whose [calibration]
 * table tempers the probabilities and weighs the windows, NULL for
 * @model's own. */
static void
classify_file (const GcModel *model, const GcModel *calibration,
    const guint *to_report, guint L, const GcFileFeatures *f, ItemResult *r,
    Scores *win, Scores *file)
{
  guint M = gc_model_get_n_labels (model);
  double *p = g_newa (double, M);
  GcSummary summary;

  gc_summary_init (&summary, L);
  r->window_probs = g_new (double, (gsize)MAX (f->n_windows, 1) * L);
  r->file_probs = g_new0 (double, L);
  for (guint w = 0; w < f->n_windows; w++) {
    const GcWindowResult *wr = &f->windows[w];
    double *q = r->window_probs + (gsize)w * L;

    if (wr->status != GC_WINDOW_OK || !gc_model_predict (model, wr->vector, p)
        || !gc_distribution_normalise (p, M)
        || !gc_model_calibrate (
            calibration ? calibration : model, wr->n_samples, p, M)) {
      for (guint k = 0; k < L; k++)
        q[k] = NAN;
      continue;
    }
    memset (q, 0, L * sizeof (double));
    for (guint m = 0; m < M; m++)
      q[to_report[m]] = p[m];
    scores_add (win, r->truth, q);
    gc_summary_add (&summary, GC_TIME_NONE, 0,
        gc_model_window_weight (
            calibration ? calibration : model, wr->n_samples),
        q, FALSE, 0);
  }
  if (gc_summary_get (&summary, r->file_probs)) {
    r->classified = TRUE;
    scores_add (file, r->truth, r->file_probs);
  } else {
    g_clear_pointer (&r->file_probs, g_free);
  }
  gc_summary_clear (&summary);
}

static void
variant_count (Variant *v, guint n_items)
{
  v->n_failed = v->n_unclassified = 0;
  for (guint i = 0; i < n_items; i++) {
    if (v->jobs[i].features == NULL)
      v->n_failed++;
    else if (!v->results[i].classified)
      v->n_unclassified++;
  }
}

/* ---- cross-validation -------------------------------------------------- */

typedef struct {
  guint groups, files; /* held out */
  guint train_groups; /* trained on (all the other folds' unless a share) */
  gsize train_rows, copy_rows; /* trained on */
  char *missing; /* genres without a training row, or NULL */
  double seconds;
} FoldInfo;

/* Trains the model of fold @f: gc_model_train() on every row of the other
 * folds (files' windows and their augmented copies), over the genres those
 * rows have; @to_report receives each model label's set label.  libsvm's
 * probability training draws from rand(): gc_model_train() seeds it with
 * @seed + @f, and the folds are trained one after the other on this thread
 * (no other thread runs meanwhile), so every fold is reproducible.  With
 * @inner_folds, the probabilities are fitted instead on that many folds of
 * the training rows by group (gc_model_train_folded()), as
 * genreclassify-train --probability grouped fits the whole set's.  With
 * @keep_group (--train-fraction), only the groups it marks are trained on. */
static GcModel *
train_fold (const GcTrainset *t, const guint *fold_of_group, guint f,
    const char *const *labels, guint L, double c, double gamma, gint64 seed,
    guint inner_folds, const gboolean *keep_group, guint *to_report,
    FoldInfo *info, GError **error)
{
  guint *count = g_new0 (guint, L), *from_set = g_new (guint, L), M = 0;
  const char **sub_labels = g_new0 (const char *, L + 1);
  GArray *x = g_array_new (FALSE, FALSE, sizeof (double));
  GArray *y = g_array_new (FALSE, FALSE, sizeof (int));
  GArray *row_group = g_array_new (FALSE, FALSE, sizeof (guint));
  GArray *row_copy = g_array_new (FALSE, FALSE, sizeof (guint8));
  GString *missing = g_string_new (NULL);
  GcModel *model = NULL;
  double t0 = now ();

  for (gsize i = 0; i < t->n; i++) {
    guint group = g_array_index (t->groups, guint, i);

    if (fold_of_group[group] != f && (!keep_group || keep_group[group]))
      count[g_array_index (t->classes, int, i)]++;
  }
  for (guint k = 0; k < L; k++) {
    if (count[k] == 0) {
      g_string_append_printf (
          missing, "%s\"%s\"", missing->len ? ", " : "", labels[k]);
      continue;
    }
    from_set[k] = M;
    to_report[M] = k;
    sub_labels[M++] = labels[k];
  }
  for (gsize i = 0; i < t->n; i++) {
    int cls;
    guint group = g_array_index (t->groups, guint, i);

    if (fold_of_group[group] == f || (keep_group && !keep_group[group]))
      continue;
    cls = (int)from_set[g_array_index (t->classes, int, i)];
    g_array_append_vals (x, gc_trainset_row (t, i), t->dimension);
    g_array_append_val (y, cls);
    g_array_append_val (row_group, group);
    g_array_append_val (row_copy, g_array_index (t->train_only, guint8, i));
    if (g_array_index (t->train_only, guint8, i))
      info->copy_rows++;
    else
      info->train_rows++;
  }
  if (M < 2) {
    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
        "fold %u: the other folds hold %s genre: nothing to train", f + 1,
        M ? "only one" : "no");
  } else {
    guint *row_fold = NULL, n_row_folds = 0;

    if (inner_folds)
      row_fold = gc_grouping_row_folds (t->grouping,
          (const int *)(void *)y->data, (const guint *)(void *)row_group->data,
          (const guint8 *)row_copy->data, y->len, M, inner_folds, (guint64)seed,
          &n_row_folds);
    if (inner_folds && n_row_folds < 2)
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
          "fold %u: fewer than 2 groups to fit probabilities on", f + 1);
    else
      model = gc_model_train_folded ((const double *)(void *)x->data,
          (const int *)(void *)y->data, y->len, t->feature_set, sub_labels, M,
          c, gamma, (guint)(seed + f), row_fold, n_row_folds, error);
    g_free (row_fold);
  }
  info->missing = g_string_free (missing, missing->len == 0);
  info->seconds = now () - t0;
  g_array_free (x, TRUE);
  g_array_free (y, TRUE);
  g_array_free (row_group, TRUE);
  g_array_free (row_copy, TRUE);
  g_free (count);
  g_free (from_set);
  g_free (sub_labels);
  return model;
}

/* ---- output ------------------------------------------------------------ */

static const char *
variant_name (const Variant *v)
{
  return v->chain ? v->chain->name : "clean";
}

/* A figure's title: "WHAT: K-fold cross-validation[NOTE], SET" with
 * @folds, else "WHAT: DIR/MODEL.ini".  Free with g_free(). */
static char *
svg_title (const char *what, const char *cv_note, guint folds,
    const char *source, const char *model_path)
{
  char *title;

  if (folds) {
    char *base = g_path_get_basename (source);

    title = g_strdup_printf (
        "%s: %u-fold cross-validation%s, %s", what, folds, cv_note, base);
    g_free (base);
  } else {
    char *base = g_path_get_basename (model_path);
    char *dir = g_path_get_dirname (model_path);
    char *dirbase = g_path_get_basename (dir);

    title = g_strdup_printf ("%s: %s/%s", what, dirbase, base);
    g_free (base);
    g_free (dir);
    g_free (dirbase);
  }
  return title;
}

static void
print_robustness (const Variant *variants, guint n_variants)
{
  double file0 = scores_accuracy (&variants[0].file);
  double win0 = scores_accuracy (&variants[0].win);

  printf ("\nROBUSTNESS (every file through each recording chain before the "
          "element's conversion; change in percentage points against the "
          "clean files; ECE of the windows' top probability, 10 bins):\n");
  printf ("  %-14s %6s %20s %7s %20s %7s %7s\n", "degradation", "failed",
      "per file", "change", "per window", "change", "ECE");
  for (guint v = 0; v < n_variants; v++) {
    const Variant *var = &variants[v];
    char files[32], windows[32], dfile[16], dwin[16];

    g_snprintf (files, sizeof files, "%u/%u", var->file.correct, var->file.n);
    g_snprintf (windows, sizeof windows, "%u/%u", var->win.correct, var->win.n);
    if (v == 0) {
      g_strlcpy (dfile, "", sizeof dfile);
      g_strlcpy (dwin, "", sizeof dwin);
    } else {
      g_snprintf (dfile, sizeof dfile, "%+.1f",
          100.0 * (scores_accuracy (&var->file) - file0));
      g_snprintf (dwin, sizeof dwin, "%+.1f",
          100.0 * (scores_accuracy (&var->win) - win0));
    }
    printf ("  %-14s %6u %8.1f %% %9s %7s %8.1f %% %9s %7s %5.1f %%\n",
        variant_name (var), var->n_failed, 100.0 * scores_accuracy (&var->file),
        files, dfile, 100.0 * scores_accuracy (&var->win), windows, dwin,
        100.0 * gc_calibration_ece (&var->win.cal));
  }
}

static void
json_files (GcJson *j, const Variant *v, guint n_items)
{
  gc_json_begin_object (j, "files");
  gc_json_int (j, "total", n_items);
  gc_json_int (j, "evaluated", n_items - v->n_failed - v->n_unclassified);
  gc_json_int (j, "failed", v->n_failed);
  gc_json_int (j, "unclassified", v->n_unclassified);
  gc_json_end_object (j);
}

static const char FILE_LEVEL[] =
    "one prediction per file: the duration-weighted mean of its windows' "
    "distributions (the element's summary)";
static const char WINDOW_LEVEL[] =
    "one prediction per window, each on its own (the element's window "
    "messages)";

static void
json_robustness (GcJson *j, const Variant *variants, guint n_variants,
    guint n_items, const char *const *labels)
{
  double file0 = scores_accuracy (&variants[0].file);
  double win0 = scores_accuracy (&variants[0].win);

  gc_json_begin_array (j, "robustness");
  for (guint v = 0; v < n_variants; v++) {
    const Variant *var = &variants[v];

    gc_json_begin_object (j, NULL);
    gc_json_string (j, "degradation", variant_name (var));
    gc_json_string (j, "description",
        var->chain ? var->chain->description : "the files as they are");
    gc_json_string (j, "launch", var->chain ? var->chain->launch : "");
    json_files (j, var, n_items);
    gc_json_double (j, "file-accuracy", scores_accuracy (&var->file));
    gc_json_double (j, "window-accuracy", scores_accuracy (&var->win));
    gc_json_double (
        j, "file-accuracy-change", scores_accuracy (&var->file) - file0);
    gc_json_double (
        j, "window-accuracy-change", scores_accuracy (&var->win) - win0);
    json_scores (j, "file-level", &var->file, labels, FILE_LEVEL);
    json_scores (j, "window-level", &var->win, labels, WINDOW_LEVEL);
    gc_json_end_object (j);
  }
  gc_json_end_array (j);
}

static void
json_items (GcJson *j, const Variant *v, guint n_items,
    const char *const *labels, guint L, const GcTrainset *trainset)
{
  gc_json_begin_array (j, "items");
  for (guint i = 0; i < n_items; i++) {
    const GcFileFeatures *f = v->jobs[i].features;
    const ItemResult *r = &v->results[i];

    gc_json_begin_object (j, NULL);
    gc_json_string (j, "path", v->jobs[i].path);
    gc_json_string (j, "genre", labels[r->truth]);
    if (trainset && trainset->grouping->group_of_item[i] != G_MAXUINT) {
      gc_json_string (j, "group",
          trainset->grouping->names[trainset->grouping->group_of_item[i]]);
      gc_json_int (j, "fold", r->fold);
    }
    if (f == NULL) {
      gc_json_string (j, "status", "failed");
      gc_json_string (j, "error", v->jobs[i].error->message);
      gc_json_end_object (j);
      continue;
    }
    gc_json_string (j, "status", r->classified ? "ok" : "unclassified");
    gc_json_double (j, "duration", f->duration);
    if (r->classified) {
      gc_json_string (
          j, "predicted", labels[gc_distribution_top (r->file_probs, L)]);
      gc_json_doubles (j, "probabilities", r->file_probs, L);
    }
    gc_json_begin_array (j, "windows");
    for (guint w = 0; w < f->n_windows; w++) {
      const GcWindowResult *wr = &f->windows[w];
      const double *p = r->window_probs ? r->window_probs + (gsize)w * L : NULL;
      gboolean ok = p && !isnan (p[0]);

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
        gc_json_string (j, "predicted", labels[gc_distribution_top (p, L)]);
        gc_json_doubles (j, "probabilities", p, L);
      }
      gc_json_end_object (j);
    }
    gc_json_end_array (j);
    gc_json_end_object (j);
  }
  gc_json_end_array (j);
}

/* ---- main -------------------------------------------------------------- */

/* The chains to measure: --degrade's, then --robustness's not yet named. */
static const GcChain **
degradations (const char *degrade, gboolean robustness, GError **error)
{
  const GcChain **list = degrade
      ? gc_cli_parse_chains ("--degrade", degrade, error)
      : g_new0 (const GcChain *, 1);
  const GcChain **robust;
  guint n;

  if (list == NULL || !robustness)
    return list;
  robust = gc_chain_robustness ();
  n = gc_chain_list_length (list);
  for (guint r = 0; robust[r]; r++) {
    gboolean listed = FALSE;

    for (guint i = 0; i < n; i++)
      listed |= list[i] == robust[r];
    if (!listed) {
      list = g_renew (const GcChain *, list, n + 2);
      list[n++] = robust[r];
      list[n] = NULL;
    }
  }
  g_free (robust);
  return list;
}

int
main (int argc, char **argv)
{
  GcCliOptions o;
  char *model_path = NULL, *json_path = NULL, *svg_path = NULL;
  char *svg_level = NULL, *augment = NULL, *degrade = NULL;
  char *probability = NULL, *extra_windows = NULL;
  gboolean grouped_probability = FALSE;
  double *extra_seconds = NULL;
  guint n_extra = 0;
  GcExtractJob **extra_jobs = NULL;
  char *reliability_path = NULL, *coverage_path = NULL, *calibrate = NULL;
  gboolean write_calibration = FALSE;
  GcLengthCalibration *by_length = NULL;
  GcLengthFit *fits = NULL;
  guint n_fits = 0;
  double uncertain_margin = 0.0;
  gint cv = 0;
  double opt_c = 0.0, opt_gamma = 0.0;
  gint64 opt_seed = NO_SEED;
  double train_fraction = 1.0;
  gboolean robustness = FALSE;
  GOptionEntry entries[] = {
    { "model", 'm', 0, G_OPTION_ARG_FILENAME, &model_path,
        "The model bundle (model.ini) to evaluate (default "
        "$GENRECLASSIFY_MODEL, else the installed model, as the element); "
        "with --cv, the model whose recorded training parameters to "
        "cross-validate",
        "FILE" },
    { "json", 0, 0, G_OPTION_ARG_FILENAME, &json_path,
        "Also write the results, down to every window's distribution, as "
        "JSON (- for stdout, which then gets only the JSON)",
        "FILE" },
    { "svg", 0, 0, G_OPTION_ARG_FILENAME, &svg_path,
        "Also draw the confusion matrix as an SVG heat-map", "FILE" },
    { "svg-level", 0, 0, G_OPTION_ARG_STRING, &svg_level,
        "Which confusion matrix --svg draws: files (default) or windows",
        "LEVEL" },
    { "reliability-svg", 0, 0, G_OPTION_ARG_FILENAME, &reliability_path,
        "Also draw the reliability diagrams (accuracy against the top "
        "probability, 10 bins, per file and per window) as SVG",
        "FILE" },
    { "coverage-svg", 0, 0, G_OPTION_ARG_FILENAME, &coverage_path,
        "Also draw, per file, the precision of the genres a tagger would "
        "write and the share of the files it would write, against the "
        "threshold of the top probability, as SVG",
        "FILE" },
    { "uncertain-margin", 0, 0, G_OPTION_ARG_DOUBLE, &uncertain_margin,
        "Also report how many predictions the element's uncertain-margin M "
        "would call uncertain (top two less than M apart) and the accuracy "
        "of the others (0-1, default 0: not reported)",
        "M" },
    { "cv", 0, 0, G_OPTION_ARG_INT, &cv,
        "Cross-validate instead of evaluating a model: K folds (2-100), each "
        "predicted by a model trained on the others (folds by group with "
        "--groups or a list's third column)",
        "K" },
    { "c", 'c', 0, G_OPTION_ARG_DOUBLE, &opt_c,
        "--cv: the SVM's C (default: the -m model's)", "C" },
    { "gamma", 'g', 0, G_OPTION_ARG_DOUBLE, &opt_gamma,
        "--cv: the RBF kernel's gamma (default: the -m model's)", "GAMMA" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &opt_seed,
        "Seed of the folds, of libsvm's probability training and of the "
        "pink noise (default: the -m model's with --cv, else 1)",
        "N" },
    { "augment", 0, 0, G_OPTION_ARG_STRING, &augment,
        "--cv: also train on every training file through these chains "
        "(NAME[,NAME...], or none; default: the -m model's); held-out files "
        "are never augmented",
        "NAMES" },
    { "extra-windows", 0, 0, G_OPTION_ARG_STRING, &extra_windows,
        "--cv: also train on every training file in back-to-back windows of "
        "these lengths (S[,S...] seconds, or none; default: the -m model's)",
        "S,S" },
    { "probability", 0, 0, G_OPTION_ARG_STRING, &probability,
        "--cv: how each fold's model fits its probabilities: libsvm or "
        "grouped (on inner folds by group; default: the -m model's, else "
        "libsvm)",
        "HOW" },
    { "train-fraction", 0, 0, G_OPTION_ARG_DOUBLE, &train_fraction,
        "--cv: train each fold's model on a seeded share F (0-1] of the "
        "other folds' groups, per genre, and score the same held-out files "
        "(a learning curve; default 1: all of them)",
        "F" },
    { "degrade", 0, 0, G_OPTION_ARG_STRING, &degrade,
        "Also evaluate the set through each of these recording chains "
        "(NAME[,NAME...]) and compare with the clean files",
        "NAMES" },
    { "robustness", 0, 0, G_OPTION_ARG_NONE, &robustness,
        "Also evaluate the set through every robustness chain (marked "
        "[robustness] below)",
        NULL },
    { "calibrate", 0, 0, G_OPTION_ARG_STRING, &calibrate,
        "--cv: also classify every held-out file in back-to-back windows of "
        "these lengths (S[,S...] seconds, e.g. 5,10,15,20,30) and fit, per "
        "length, the temperature that makes the probabilities honest and "
        "the window's weight in a summary (before/after table)",
        "LENGTHS" },
    { "write-calibration", 0, 0, G_OPTION_ARG_NONE, &write_calibration,
        "With --calibrate and -m: write the fitted table into the model's "
        "[calibration] (the bundle is rewritten, all or nothing)",
        NULL },
    { NULL },
  };
  GError *error = NULL;
  GcModel *model = NULL;
  GcDataset *set = NULL;
  GcFeatureCache *cache = NULL;
  GcExtractJob *jobs = NULL;
  GcExtractStats stats = { 0 };
  GcRecipe recipe = { 0 };
  gboolean have_recipe = FALSE;
  const GcChain **degrades = NULL, **augments = NULL, **chains = NULL;
  guint n_degrades = 0, n_augments = 0, n_chains = 0, n_variants = 0;
  Variant *variants = NULL;
  GcTrainset *trainset = NULL;
  GPtrArray *warnings = g_ptr_array_new_with_free_func (g_free);
  guint *fold_of_group = NULL, folds_used = 0;
  gboolean *keep_group = NULL;
  FoldInfo *fold_info = NULL;
  const char *const *labels = NULL;
  const char **model_labels = NULL;
  guint L = 0, *map = NULL, n_items = 0;
  gboolean json_stdout, svg_windows = FALSE;
  int status = GC_EXIT_FAILURE;
  double default_window, c = 0.0, gamma = 0.0, t_train = 0.0;
  gint64 seed = 1;
  const char *params_from = NULL;
  char *help, *description;
  gboolean ok;

  g_set_prgname ("genreclassify-eval");
  gc_cli_options_init (&o);
  help = gc_chain_help ();
  description = g_strdup_printf (
      "--window defaults to the model's window-seconds (else 30).\n\n"
      "Recording chains (--degrade, --augment):\n%s\n"
      "Examples:\n  genreclassify-eval -m mymodel/model.ini --svg "
      "confusion.svg ~/music/held-out\n  genreclassify-eval --cv 5 --groups "
      "clips.tsv --c 16 --gamma 0.0025 --robustness train.list\n\nExit "
      "status: 0 evaluated, 1 failure, 2 bad command line. See "
      "docs/training.md.",
      help);
  ok = gc_cli_parse (&o, GC_CLI_GROUP_ENTRIES | GC_CLI_FEATURE_ENTRIES, entries,
      "SET - measure a genre model on labelled audio",
      "SET is a folder with one folder per genre (SET/GENRE/FILE) or a list "
      "file of PATH<TAB>GENRE[<TAB>GROUP] lines. Scores are given per window "
      "(each window alone) and per file (duration-weighted mean of its "
      "windows, as the element's summary). With -m every genre of the set "
      "must be one of the model's; with --cv the set's genres are the "
      "models'.",
      description, &argc, &argv, &error);
  g_free (help);
  g_free (description);
  if (!ok) {
    gc_cli_error ("%s", error->message);
    status = GC_EXIT_USAGE;
    goto out;
  }

  /* ---- the command line ---- */
  status = GC_EXIT_USAGE;
  if (argc != 2) {
    gc_cli_error ("expected one SET (a folder or a list file); see --help");
    goto out;
  }
  /* Without --cv there is a model to measure: the default one, as the
   * other tools. */
  if (model_path == NULL && cv == 0)
    model_path = gc_cli_default_model_path ();
  if (svg_level && strcmp (svg_level, "files") != 0
      && strcmp (svg_level, "windows") != 0) {
    gc_cli_error (
        "--svg-level must be files or windows, not \"%s\"", svg_level);
    goto out;
  }
  if (!(uncertain_margin >= 0.0 && uncertain_margin <= 1.0)) {
    gc_cli_error (
        "--uncertain-margin must be between 0 and 1, not %g", uncertain_margin);
    goto out;
  }
  if (cv != 0 && (cv < 2 || cv > 100)) {
    gc_cli_error ("--cv must be between 2 and 100 folds, not %d", cv);
    goto out;
  }
  if (cv == 0
      && (opt_c != 0.0 || opt_gamma != 0.0 || augment || o.groups || probability
          || extra_windows || train_fraction != 1.0)) {
    gc_cli_error ("%s trains: it goes with --cv",
        augment                     ? "--augment"
            : o.groups              ? "--groups"
            : probability           ? "--probability"
            : extra_windows         ? "--extra-windows"
            : train_fraction != 1.0 ? "--train-fraction"
                                    : "--c/--gamma");
    goto out;
  }
  if (!(train_fraction > 0.0 && train_fraction <= 1.0)) {
    gc_cli_error ("--train-fraction must be more than 0 and at most 1, not %g",
        train_fraction);
    goto out;
  }
  if (probability && !g_str_equal (probability, "libsvm")
      && !g_str_equal (probability, "grouped")) {
    gc_cli_error (
        "--probability must be libsvm or grouped, not \"%s\"", probability);
    goto out;
  }
  if ((calibrate && cv == 0) || (write_calibration && !calibrate)
      || (write_calibration && model_path == NULL)) {
    gc_cli_error ("%s",
        calibrate && cv == 0
            ? "--calibrate measures held-out windows: it goes with --cv"
            : write_calibration && !calibrate
            ? "--write-calibration writes what --calibrate fits: give "
              "--calibrate"
            : "--write-calibration writes into the -m model: give -m");
    goto out;
  }
  if ((opt_c != 0.0 && (!(opt_c > 0.0) || !isfinite (opt_c)))
      || (opt_gamma != 0.0 && (!(opt_gamma > 0.0) || !isfinite (opt_gamma)))) {
    gc_cli_error ("--c and --gamma must be positive");
    goto out;
  }
  degrades = degradations (degrade, robustness, &error);
  if (degrades == NULL) {
    gc_cli_error ("%s", error->message);
    goto out;
  }
  n_degrades = gc_chain_list_length (degrades);
  svg_windows = svg_level && strcmp (svg_level, "windows") == 0;
  json_stdout = json_path && strcmp (json_path, "-") == 0;
  if (json_stdout)
    o.quiet = TRUE;
  status = GC_EXIT_FAILURE;

  /* ---- the model, or the recipe to cross-validate ---- */
  if (model_path) {
    model = gc_model_load (model_path, &error);
    if (model == NULL) {
      gc_cli_error ("cannot load the model: %s", error->message);
      goto out;
    }
    /* gc_model_load() accepts only the feature sets this build knows. */
    if (o.features
        && g_strcmp0 (o.features, gc_model_get_feature_set (model)) != 0) {
      gc_cli_error ("--features %s: the model %s was trained on %s", o.features,
          model_path, gc_model_get_feature_set (model));
      goto out;
    }
    g_free (o.features);
    o.features = g_strdup (gc_model_get_feature_set (model));
    have_recipe = gc_recipe_parse (gc_model_get_trained_by (model), &recipe);
  }
  default_window = model && gc_model_get_window_seconds (model) > 0.0
      ? gc_model_get_window_seconds (model)
      : 30.0;
  if (cv) {
    if ((opt_c == 0.0 || opt_gamma == 0.0) && !have_recipe) {
      if (model_path)
        gc_cli_error ("%s: its trained-by does not record C and gamma (was "
                      "it made by genreclassify-train?): give --c and "
                      "--gamma",
            model_path);
      else
        gc_cli_error ("--cv needs --c and --gamma, or -m MODEL.ini made by "
                      "genreclassify-train");
      status = GC_EXIT_USAGE;
      goto out;
    }
    c = opt_c != 0.0 ? opt_c : recipe.c;
    gamma = opt_gamma != 0.0 ? opt_gamma : recipe.gamma;
    params_from = have_recipe && (opt_c == 0.0 || opt_gamma == 0.0)
        ? "the model's trained-by"
        : "the command line";
    if (have_recipe) {
      /* The model's windows, unless the command line says otherwise. */
      if (isnan (o.window))
        default_window = recipe.window;
      if (isnan (o.hop))
        o.hop = recipe.hop == recipe.window ? 0.0 : recipe.hop;
      if (isnan (o.min_window))
        o.min_window = recipe.min_window;
    }
    seed = opt_seed != NO_SEED ? opt_seed : have_recipe ? recipe.seed : 1;
    if (augment == NULL && have_recipe && recipe.augment)
      augment = g_strdup (recipe.augment);
    grouped_probability = probability
        ? g_str_equal (probability, "grouped")
        : have_recipe && recipe.grouped_probability;
    if (extra_windows == NULL && have_recipe && recipe.extra_windows)
      extra_windows = g_strdup (recipe.extra_windows);
    if (augment) {
      augments = gc_cli_parse_chains ("--augment", augment, &error);
      if (augments == NULL) {
        gc_cli_error ("%s", error->message);
        status = GC_EXIT_USAGE;
        goto out;
      }
      n_augments = gc_chain_list_length (augments);
    }
  } else if (opt_seed != NO_SEED) {
    seed = opt_seed;
  }
  if (!gc_cli_check (&o, default_window, &error)) {
    gc_cli_error ("%s", error->message);
    status = GC_EXIT_USAGE;
    goto out;
  }
  if (extra_windows && !g_str_equal (extra_windows, "none")) {
    extra_seconds = gc_cli_parse_extra_windows (
        extra_windows, o.spec.window, &n_extra, &error);
    if (extra_seconds == NULL) {
      gc_cli_error ("%s", error->message);
      status = GC_EXIT_USAGE;
      goto out;
    }
  }

  /* Every chain once: clean, the degradations, the augmentations. */
  chains = g_new0 (const GcChain *, 1 + n_degrades + n_augments + 1);
  chains[n_chains++] = NULL;
  for (guint d = 0; d < n_degrades; d++)
    chains[n_chains++] = degrades[d];
  for (guint a = 0; a < n_augments; a++) {
    gboolean listed = FALSE;

    for (guint d = 0; d < n_degrades; d++)
      listed |= degrades[d] == augments[a];
    if (!listed)
      chains[n_chains++] = augments[a];
  }
  for (guint k = 1; k < n_chains; k++) {
    if (!gc_chain_check (chains[k], &error)) {
      gc_cli_error ("%s", error->message);
      goto out;
    }
  }

  /* ---- the set ---- */
  set = gc_dataset_load (argv[1], &error);
  if (set == NULL) {
    gc_cli_error ("%s", error->message);
    goto out;
  }
  n_items = set->items->len;
  if (cv && !gc_cli_load_groups (&o, set, &error)) {
    gc_cli_error ("%s", error->message);
    goto out;
  }
  map = g_new (guint, set->labels->len);
  if (cv) {
    /* The models are the set's: its genres, in its order. */
    labels = (const char *const *)set->labels->pdata;
    L = set->labels->len;
    for (guint k = 0; k < L; k++)
      map[k] = k;
    if (L < 2) {
      gc_cli_error ("%s: only one genre (\"%s\"): nothing to cross-validate",
          set->source, labels[0]);
      goto out;
    }
  } else {
    GString *unknown = g_string_new (NULL), *known = g_string_new (NULL);

    L = gc_model_get_n_labels (model);
    model_labels = g_new0 (const char *, L + 1);
    for (guint m = 0; m < L; m++)
      model_labels[m] = gc_model_get_label (model, m);
    labels = model_labels;
    /* Every genre of the set must be one of the model's. */
    for (guint k = 0; k < set->labels->len; k++) {
      map[k] = L;
      for (guint m = 0; m < L; m++)
        if (strcmp (gc_dataset_label (set, k), labels[m]) == 0)
          map[k] = m;
      if (map[k] == L)
        g_string_append_printf (unknown, "%s\"%s\"", unknown->len ? ", " : "",
            gc_dataset_label (set, k));
    }
    for (guint m = 0; m < L; m++)
      g_string_append_printf (known, "%s\"%s\"", m ? ", " : "", labels[m]);
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

  /* ---- features ---- */
  cache = gc_cli_cache (&o);
  jobs =
      gc_cli_extract (&o, set, cache, chains, n_chains, (guint64)seed, &stats);
  if (o.strict && (stats.n_failed > 0 || stats.n_skipped > 0)) {
    gc_cli_error ("stopped: a file could not be decoded (--strict)");
    goto out;
  }
  extra_jobs = gc_cli_extract_lengths (
      &o, set, cache, extra_seconds, n_extra, (guint64)seed);
  if (calibrate) {
    by_length = gc_length_calibration_new (calibrate, o.spec.window, L, &error);
    if (by_length == NULL) {
      gc_cli_error ("%s", error->message);
      status = GC_EXIT_USAGE;
      goto out;
    }
    gc_length_calibration_extract (by_length, &o, set, cache, (guint64)seed);
  }

  n_variants = 1 + n_degrades;
  variants = g_new0 (Variant, n_variants);
  for (guint v = 0; v < n_variants; v++) {
    Variant *var = &variants[v];

    var->chain = v ? degrades[v - 1] : NULL;
    for (guint k = 0; k < n_chains; k++)
      if (chains[k] == var->chain)
        var->jobs = jobs + (gsize)k * n_items;
    var->results = g_new0 (ItemResult, MAX (n_items, 1));
    for (guint i = 0; i < n_items; i++) {
      var->results[i].truth = map[gc_dataset_item (set, i)->label];
      var->results[i].fold = -1;
    }
    scores_init (&var->win, L, uncertain_margin);
    scores_init (&var->file, L, uncertain_margin);
  }

  /* ---- classification ---- */
  if (!cv) {
    guint *identity = g_new (guint, L);

    for (guint k = 0; k < L; k++)
      identity[k] = k;
    for (guint v = 0; v < n_variants; v++)
      for (guint i = 0; i < n_items; i++)
        if (variants[v].jobs[i].features)
          classify_file (model, NULL, identity, L, variants[v].jobs[i].features,
              &variants[v].results[i], &variants[v].win, &variants[v].file);
    g_free (identity);
  } else {
    const GcExtractJob **copies =
        g_new0 (const GcExtractJob *, n_augments + n_extra + 1);
    guint *to_report = g_new (guint, L);
    double t0 = now ();

    for (guint a = 0; a < n_augments; a++)
      for (guint k = 0; k < n_chains; k++)
        if (chains[k] == augments[a])
          copies[a] = jobs + (gsize)k * n_items;
    for (guint e = 0; e < n_extra; e++)
      copies[n_augments + e] = extra_jobs[e];
    trainset = gc_trainset_new (
        set, jobs, copies, n_augments + n_extra, &o.spec, warnings);
    g_free (copies);
    for (guint k = 0; k < L; k++) {
      if (trainset->windows_per_label[k] == 0) {
        gc_cli_print_warnings (warnings);
        gc_cli_error ("genre \"%s\" has no usable window (%u files, %u could "
                      "not be decoded): nothing to learn it from",
            labels[k], trainset->files_per_label[k],
            trainset->failed_per_label[k]);
        g_free (to_report);
        goto out;
      }
    }
    if (trainset->grouping->n_groups < 2) {
      gc_cli_print_warnings (warnings);
      gc_cli_error ("cross-validation needs at least 2 distinct %s",
          trainset->grouping->by_file ? "files" : "groups");
      g_free (to_report);
      goto out;
    }
    fold_of_group = g_new (guint, trainset->grouping->n_groups);
    folds_used = gc_grouping_assign_folds (trainset->grouping,
        (const int *)(void *)trainset->classes->data,
        (const guint *)(void *)trainset->groups->data,
        (const guint8 *)trainset->train_only->data, trainset->n, L, (guint)cv,
        (guint64)seed, fold_of_group);
    gc_grouping_check_classes (trainset->grouping,
        (const int *)(void *)trainset->classes->data,
        (const guint *)(void *)trainset->groups->data,
        (const guint8 *)trainset->train_only->data, trainset->n, labels, L,
        folds_used, warnings);
    gc_cli_print_warnings (warnings);
    g_ptr_array_set_size (warnings, 0);

    fold_info = g_new0 (FoldInfo, folds_used);
    if (train_fraction < 1.0)
      keep_group = g_new (gboolean, MAX (trainset->grouping->n_groups, 1));
    for (guint f = 0; f < folds_used; f++) {
      GcModel *fold_model;

      for (guint g = 0; g < trainset->grouping->n_groups; g++)
        if (fold_of_group[g] == f)
          fold_info[f].groups++;
      fold_info[f].train_groups =
          trainset->grouping->n_groups - fold_info[f].groups;
      if (keep_group)
        fold_info[f].train_groups = gc_grouping_keep_share (trainset->grouping,
            (const int *)(void *)trainset->classes->data,
            (const guint *)(void *)trainset->groups->data,
            (const guint8 *)trainset->train_only->data, trainset->n, L,
            fold_of_group, f, train_fraction, (guint64)seed, keep_group);
      fold_model = train_fold (trainset, fold_of_group, f, labels, L, c, gamma,
          seed, grouped_probability ? (guint)cv : 0, keep_group, to_report,
          &fold_info[f], &error);
      if (fold_model == NULL) {
        gc_cli_error ("%s", error->message);
        g_free (to_report);
        goto out;
      }
      for (guint i = 0; i < n_items; i++) {
        guint group = trainset->grouping->group_of_item[i];

        if (group == G_MAXUINT || fold_of_group[group] != f)
          continue;
        fold_info[f].files++;
        for (guint v = 0; v < n_variants; v++) {
          variants[v].results[i].fold = (int)f;
          if (variants[v].jobs[i].features)
            classify_file (fold_model, model, to_report, L,
                variants[v].jobs[i].features, &variants[v].results[i],
                &variants[v].win, &variants[v].file);
        }
        if (by_length)
          gc_length_calibration_add (by_length, fold_model, to_report, i,
              variants[0].results[i].truth);
      }
      gc_model_free (fold_model);
    }
    g_free (to_report);
    t_train = now () - t0;
  }
  for (guint v = 0; v < n_variants; v++) {
    variant_count (&variants[v], n_items);
    scores_finish (&variants[v].file);
    scores_finish (&variants[v].win);
  }

  /* ---- the report ---- */
  if (!o.quiet) {
    char *w = gc_cli_format_seconds (o.spec.window);
    const Variant *clean = &variants[0];

    if (cv) {
      char *how = gc_grouping_describe_folds (trainset->grouping, folds_used);
      char *aug = gc_chain_list_names (augments);

      printf ("genreclassify-eval: %u-fold cross-validation, C = %.17g, "
              "gamma = %.17g, seed %" G_GINT64_FORMAT ", augment %s, "
              "%s%s%sprobability %s (from %s)\n",
          folds_used, c, gamma, seed, *aug ? aug : "none",
          n_extra ? "extra windows of " : "", n_extra ? extra_windows : "",
          n_extra ? " s, " : "", grouped_probability ? "grouped" : "libsvm",
          params_from);
      printf ("folds: %s\n", how);
      if (folds_used < (guint)cv)
        printf ("  (only %u %s: %u folds instead of %d)\n",
            trainset->grouping->n_groups,
            trainset->grouping->by_file ? "distinct files" : "groups",
            folds_used, cv);
      g_free (how);
      g_free (aug);
    } else {
      printf ("genreclassify-eval: model %s (%s, %u genres)\n", model_path,
          gc_model_get_feature_set (model), L);
    }
    printf ("set %s: %u files: %u evaluated, %u failed, %u without a "
            "classified window; windows of %s (hop %g s, min-window %g s)\n",
        set->source, n_items, n_items - clean->n_failed - clean->n_unclassified,
        clean->n_failed, clean->n_unclassified, w,
        o.spec.hop > 0.0 ? o.spec.hop : o.spec.window, o.spec.min_window);
    printf ("features: %u decoded, %u from the cache", stats.n_decoded,
        stats.n_cached);
    if (n_chains > 1)
      printf (" (%u files × %u: as they are and through %u chains)", n_items,
          n_chains, n_chains - 1);
    printf ("\n");
    g_free (w);
    if (cv) {
      gsize lo = G_MAXSIZE, hi = 0, copies = 0;
      guint g_lo = G_MAXUINT, g_hi = 0;

      for (guint f = 0; f < folds_used; f++) {
        lo = MIN (lo, fold_info[f].train_rows);
        hi = MAX (hi, fold_info[f].train_rows);
        copies += fold_info[f].copy_rows;
        g_lo = MIN (g_lo, fold_info[f].train_groups);
        g_hi = MAX (g_hi, fold_info[f].train_groups);
      }
      printf ("training: %u models in %.2f s, on %" G_GSIZE_FORMAT
              "-%" G_GSIZE_FORMAT " windows each",
          folds_used, t_train, lo, hi);
      if (n_augments)
        printf (
            " + %" G_GSIZE_FORMAT " augmented on average", copies / folds_used);
      if (keep_group)
        printf (" (--train-fraction %g: %u-%u of the other folds' %s)",
            train_fraction, g_lo, g_hi,
            trainset->grouping->by_file ? "files" : "groups");
      printf ("\n");
      for (guint f = 0; f < folds_used; f++)
        if (fold_info[f].missing)
          printf ("  fold %u trains without %s (all in that fold)\n", f + 1,
              fold_info[f].missing);
    }
    print_scores (&clean->file, labels,
        cv ? "PER FILE (out of fold: each file predicted by the model of the "
             "other folds; a file's distribution is the duration-weighted "
             "mean of its windows, as the element's summary):"
           : "PER FILE (a file's distribution is the duration-weighted mean "
             "of its windows, as the element's summary):");
    print_coverage (&clean->file);
    print_scores (&clean->win, labels,
        cv ? "PER WINDOW (out of fold, every window classified on its own, "
             "as the element's window messages):"
           : "PER WINDOW (every window classified on its own, as the "
             "element's window messages):");
    if (n_variants > 1)
      print_robustness (variants, n_variants);
  }
  if (by_length) {
    fits = gc_length_calibration_fit (by_length, &n_fits);
    if (!o.quiet)
      gc_length_calibration_print (fits, n_fits);
  }

  if (json_path) {
    GcJson *j = gc_json_new ();
    char *text;

    gc_json_begin_object (j, NULL);
    gc_json_string (j, "tool", "genreclassify-eval");
    gc_json_string (j, "version", VERSION);
    gc_json_string (j, "mode", cv ? "cross-validation" : "model");
    gc_json_begin_object (j, "model");
    if (model_path)
      gc_json_string (j, "path", model_path);
    else
      gc_json_null (j, "path");
    gc_json_string (j, "feature-set", gc_feature_set_name (o.spec.features));
    gc_json_begin_array (j, "labels");
    for (guint k = 0; k < L; k++)
      gc_json_string (j, NULL, labels[k]);
    gc_json_end_array (j);
    gc_json_double (j, "window-seconds",
        cv ? o.spec.window : gc_model_get_window_seconds (model));
    gc_json_end_object (j);
    if (cv) {
      char *how = gc_grouping_describe_folds (trainset->grouping, folds_used);

      gc_json_begin_object (j, "cross-validation");
      gc_json_string (j, "description", how);
      gc_json_int (j, "folds", folds_used);
      gc_json_int (j, "requested-folds", cv);
      gc_json_string (j, "by", trainset->grouping->by_file ? "file" : "group");
      if (set->group_source)
        gc_json_string (j, "group-source", set->group_source);
      if (set->group_column)
        gc_json_string (j, "group-column", set->group_column);
      gc_json_int (j, "groups", trainset->grouping->n_groups);
      gc_json_string (j, "stratified-by", "genre");
      gc_json_double (j, "c", c);
      gc_json_double (j, "gamma", gamma);
      gc_json_int (j, "seed", seed);
      gc_json_double (j, "train-fraction", train_fraction);
      gc_json_string (j, "parameters-from", params_from);
      gc_json_string (
          j, "probability", grouped_probability ? "grouped" : "libsvm");
      gc_json_begin_array (j, "extra-windows");
      for (guint e = 0; e < n_extra; e++)
        gc_json_double (j, NULL, extra_seconds[e]);
      gc_json_end_array (j);
      gc_json_begin_array (j, "augment");
      for (guint a = 0; a < n_augments; a++)
        gc_json_string (j, NULL, augments[a]->name);
      gc_json_end_array (j);
      gc_json_begin_array (j, "training");
      for (guint f = 0; f < folds_used; f++) {
        gc_json_begin_object (j, NULL);
        gc_json_int (j, "fold", f);
        gc_json_int (j, "held-out-groups", fold_info[f].groups);
        gc_json_int (j, "held-out-files", fold_info[f].files);
        gc_json_int (j, "training-groups", fold_info[f].train_groups);
        gc_json_int (j, "training-windows", (gint64)fold_info[f].train_rows);
        gc_json_int (j, "augmented-windows", (gint64)fold_info[f].copy_rows);
        if (fold_info[f].missing)
          gc_json_string (j, "genres-missing", fold_info[f].missing);
        gc_json_double (j, "seconds", fold_info[f].seconds);
        gc_json_end_object (j);
      }
      gc_json_end_array (j);
      gc_json_end_object (j);
      g_free (how);
    }
    gc_json_string (j, "set", set->source);
    gc_json_begin_object (j, "windows");
    gc_json_double (j, "window", o.spec.window);
    gc_json_double (j, "hop", o.spec.hop > 0.0 ? o.spec.hop : o.spec.window);
    gc_json_double (j, "min-window", o.spec.min_window);
    gc_json_end_object (j);
    gc_json_begin_object (j, "files");
    gc_json_int (j, "total", n_items);
    gc_json_int (j, "evaluated",
        n_items - variants[0].n_failed - variants[0].n_unclassified);
    gc_json_int (j, "failed", variants[0].n_failed);
    gc_json_int (j, "unclassified", variants[0].n_unclassified);
    gc_json_int (j, "decoded", stats.n_decoded);
    gc_json_int (j, "cached", stats.n_cached);
    gc_json_end_object (j);
    json_scores (j, "file-level", &variants[0].file, labels, FILE_LEVEL);
    json_scores (j, "window-level", &variants[0].win, labels, WINDOW_LEVEL);
    if (n_variants > 1)
      json_robustness (j, variants, n_variants, n_items, labels);
    if (fits)
      gc_length_calibration_json (j, fits, n_fits);
    json_items (j, &variants[0], n_items, labels, L, trainset);
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
    const Scores *s = svg_windows ? &variants[0].win : &variants[0].file;
    char *title, *subtitle, *svg;

    title = svg_title (
        "Confusion matrix", "", cv ? folds_used : 0, set->source, model_path);
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
    if (error)
      goto out;
  }

  if (reliability_path) {
    const Scores *levels[] = { &variants[0].file, &variants[0].win };
    const char *names[] = { "per file", "per window" };
    GcSvgReliability panels[2];
    double acc[2][GC_CALIBRATION_BINS], conf[2][GC_CALIBRATION_BINS];
    char *title, *svg;

    for (guint l = 0; l < 2; l++) {
      const GcCalibration *c = &levels[l]->cal;

      for (guint k = 0; k < GC_CALIBRATION_BINS; k++) {
        acc[l][k] = gc_calibration_bin_accuracy (c, k);
        conf[l][k] = gc_calibration_bin_confidence (c, k);
      }
      panels[l].name = names[l];
      panels[l].n_bins = c->n_bins;
      panels[l].counts = c->count;
      panels[l].accuracy = acc[l];
      panels[l].confidence = conf[l];
      panels[l].ece = gc_calibration_ece (c);
    }
    title = svg_title ("Reliability", " (out of fold)", cv ? folds_used : 0,
        set->source, model_path);
    svg = gc_svg_reliability (title,
        "10 equal-width bins of the top probability; ECE = sum over bins of "
        "share x |accuracy - mean confidence|",
        panels, 2);
    if (!gc_svg_save (reliability_path, svg, &error))
      gc_cli_error ("cannot write %s: %s", reliability_path, error->message);
    g_free (svg);
    g_free (title);
    if (error)
      goto out;
  }

  if (coverage_path) {
    const Scores *s = &variants[0].file;
    char *title, *subtitle, *svg;

    title = svg_title ("Precision against coverage", " (out of fold)",
        cv ? folds_used : 0, set->source, model_path);
    subtitle = g_strdup_printf (
        "per file (mean of its windows), %u files: a genre written only "
        "when the top probability reaches the threshold",
        s->n);
    svg = gc_coverage_svg (&s->coverage, title, subtitle);
    if (!gc_svg_save (coverage_path, svg, &error))
      gc_cli_error ("cannot write %s: %s", coverage_path, error->message);
    g_free (svg);
    g_free (title);
    g_free (subtitle);
    if (error)
      goto out;
  }

  if (variants[0].file.n == 0 && variants[0].win.n == 0) {
    guint no_window = 0;

    for (guint i = 0; i < n_items; i++)
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
  gc_cli_warn_cache_store_error (cache);
  if (write_calibration) {
    if (!gc_length_calibration_apply (fits, n_fits, model, &error)
        || !gc_model_save (model, model_path, &error)) {
      gc_cli_error ("cannot write the calibration into %s: %s", model_path,
          error->message);
      goto out;
    }
    if (!o.quiet)
      printf ("wrote the calibration into %s\n", model_path);
  }
  status = GC_EXIT_OK;

out:
  g_clear_error (&error);
  gc_length_calibration_free (by_length);
  g_free (fits);
  g_free (calibrate);
  for (guint v = 0; variants && v < n_variants; v++) {
    for (guint i = 0; i < n_items; i++) {
      g_free (variants[v].results[i].file_probs);
      g_free (variants[v].results[i].window_probs);
    }
    g_free (variants[v].results);
    scores_clear (&variants[v].win);
    scores_clear (&variants[v].file);
  }
  g_free (variants);
  for (guint f = 0; fold_info && f < folds_used; f++)
    g_free (fold_info[f].missing);
  g_free (fold_info);
  if (jobs)
    gc_cli_jobs_free (jobs, n_items * n_chains);
  gc_cli_length_jobs_free (extra_jobs, n_extra, n_items);
  g_free (extra_seconds);
  g_free (extra_windows);
  gc_trainset_free (trainset);
  g_ptr_array_free (warnings, TRUE);
  g_free (fold_of_group);
  g_free (keep_group);
  g_free (map);
  g_free (model_labels);
  g_free (chains);
  g_free (degrades);
  g_free (augments);
  gc_recipe_clear (&recipe);
  gc_dataset_free (set);
  gc_feature_cache_free (cache);
  gc_model_free (model);
  g_free (model_path);
  g_free (json_path);
  g_free (svg_path);
  g_free (reliability_path);
  g_free (coverage_path);
  g_free (svg_level);
  g_free (augment);
  g_free (probability);
  g_free (degrade);
  gc_cli_options_clear (&o);
  return status;
}
