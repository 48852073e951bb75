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
 * @keep_group (--train-fraction), only the groups it marks are trained on;
 * with @max_rows (--max-rows), at most that many of their rows, chosen as
 * genreclassify-train --max-rows chooses them. */
static GcModel *
train_fold (const GcTrainset *t, const guint *fold_of_group, guint f,
    const char *const *labels, guint L, double c, double gamma, gint64 seed,
    guint inner_folds, const gboolean *keep_group, gsize max_rows,
    guint *to_report, FoldInfo *info, GError **error)
{
  guint8 *use = g_new (guint8, MAX (t->n, 1));
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

    use[i] = fold_of_group[group] != f && (!keep_group || keep_group[group]);
  }
  if (max_rows)
    gc_rows_sample ((const int *)(void *)t->classes->data,
        (const guint *)(void *)t->groups->data, t->n, L, t->grouping->n_groups,
        use, max_rows, (guint64)seed, use);
  for (gsize i = 0; i < t->n; i++)
    if (use[i])
      count[g_array_index (t->classes, int, i)]++;
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

    if (!use[i])
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
  g_free (use);
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

/* Everything one run of the tool holds, filled phase by phase. */
typedef struct {
  /* the command line */
  GcCliOptions o;
  char *model_path, *json_path, *svg_path;
  char *svg_level, *augment, *degrade;
  char *probability, *extra_windows;
  char *reliability_path, *coverage_path, *calibrate;
  gboolean write_calibration;
  double uncertain_margin;
  gint cv;
  double opt_c, opt_gamma;
  gint64 opt_seed;
  double train_fraction;
  gint64 max_rows;
  gboolean robustness;
  const char *set_path;

  /* the plan, checked: the model or the recipe to cross-validate */
  const GcChain **degrades, **augments, **chains;
  guint n_degrades, n_augments, n_chains;
  gboolean json_stdout, svg_windows;
  GcModel *model;
  GcRecipe recipe;
  gboolean have_recipe;
  double default_window, c, gamma;
  gint64 seed;
  const char *params_from;
  gboolean grouped_probability;
  double *extra_seconds;
  guint n_extra;

  /* the set and its features */
  GcDataset *set;
  guint n_items;
  const char *const *labels;
  const char **model_labels;
  guint L, *map;
  GcFeatureCache *cache;
  GcExtractJob *jobs;
  GcExtractJob **extra_jobs;
  GcExtractStats stats;
  GcLengthCalibration *by_length;

  /* the classification, by the model or out of fold */
  Variant *variants;
  guint n_variants;
  GcTrainset *trainset;
  GPtrArray *warnings;
  guint *fold_of_group, folds_used;
  gboolean *keep_group;
  FoldInfo *fold_info;
  double t_train;

  /* --calibrate's fits */
  GcLengthFit *fits;
  guint n_fits;
} Eval;

static void
eval_init (Eval *e)
{
  memset (e, 0, sizeof (*e));
  gc_cli_options_init (&e->o);
  e->opt_seed = NO_SEED;
  e->train_fraction = 1.0;
  e->warnings = g_ptr_array_new_with_free_func (g_free);
  e->seed = 1;
}

static void
eval_clear (Eval *e)
{
  gc_length_calibration_free (e->by_length);
  g_free (e->fits);
  g_free (e->calibrate);
  for (guint v = 0; e->variants && v < e->n_variants; v++) {
    for (guint i = 0; i < e->n_items; i++) {
      g_free (e->variants[v].results[i].file_probs);
      g_free (e->variants[v].results[i].window_probs);
    }
    g_free (e->variants[v].results);
    scores_clear (&e->variants[v].win);
    scores_clear (&e->variants[v].file);
  }
  g_free (e->variants);
  for (guint f = 0; e->fold_info && f < e->folds_used; f++)
    g_free (e->fold_info[f].missing);
  g_free (e->fold_info);
  if (e->jobs)
    gc_cli_jobs_free (e->jobs, e->n_items * e->n_chains);
  gc_cli_length_jobs_free (e->extra_jobs, e->n_extra, e->n_items);
  g_free (e->extra_seconds);
  g_free (e->extra_windows);
  gc_trainset_free (e->trainset);
  g_ptr_array_free (e->warnings, TRUE);
  g_free (e->fold_of_group);
  g_free (e->keep_group);
  g_free (e->map);
  g_free (e->model_labels);
  g_free (e->chains);
  g_free (e->degrades);
  g_free (e->augments);
  gc_recipe_clear (&e->recipe);
  gc_dataset_free (e->set);
  gc_feature_cache_free (e->cache);
  gc_model_free (e->model);
  g_free (e->model_path);
  g_free (e->json_path);
  g_free (e->svg_path);
  g_free (e->reliability_path);
  g_free (e->coverage_path);
  g_free (e->svg_level);
  g_free (e->augment);
  g_free (e->probability);
  g_free (e->degrade);
  gc_cli_options_clear (&e->o);
}

/* ---- parse ------------------------------------------------------------- */

static int
parse_command_line (Eval *e, int *argc, char ***argv)
{
  GOptionEntry entries[] = {
    { "model", 'm', 0, G_OPTION_ARG_FILENAME, &e->model_path,
        "The model bundle (model.ini) to evaluate (default "
        "$GENRECLASSIFY_MODEL, else the installed model, as the element); "
        "with --cv, the model whose recorded training parameters to "
        "cross-validate",
        "FILE" },
    { "json", 0, 0, G_OPTION_ARG_FILENAME, &e->json_path,
        "Also write the results, down to every window's distribution, as "
        "JSON (- for stdout, which then gets only the JSON)",
        "FILE" },
    { "svg", 0, 0, G_OPTION_ARG_FILENAME, &e->svg_path,
        "Also draw the confusion matrix as an SVG heat-map", "FILE" },
    { "svg-level", 0, 0, G_OPTION_ARG_STRING, &e->svg_level,
        "Which confusion matrix --svg draws: files (default) or windows",
        "LEVEL" },
    { "reliability-svg", 0, 0, G_OPTION_ARG_FILENAME, &e->reliability_path,
        "Also draw the reliability diagrams (accuracy against the top "
        "probability, 10 bins, per file and per window) as SVG",
        "FILE" },
    { "coverage-svg", 0, 0, G_OPTION_ARG_FILENAME, &e->coverage_path,
        "Also draw, per file, the precision of the genres a tagger would "
        "write and the share of the files it would write, against the "
        "threshold of the top probability, as SVG",
        "FILE" },
    { "uncertain-margin", 0, 0, G_OPTION_ARG_DOUBLE, &e->uncertain_margin,
        "Also report how many predictions the element's uncertain-margin M "
        "would call uncertain (top two less than M apart) and the accuracy "
        "of the others (0-1, default 0: not reported)",
        "M" },
    { "cv", 0, 0, G_OPTION_ARG_INT, &e->cv,
        "Cross-validate instead of evaluating a model: K folds (2-100), each "
        "predicted by a model trained on the others (folds by group with "
        "--groups or a list's third column)",
        "K" },
    { "c", 'c', 0, G_OPTION_ARG_DOUBLE, &e->opt_c,
        "--cv: the SVM's C (default: the -m model's)", "C" },
    { "gamma", 'g', 0, G_OPTION_ARG_DOUBLE, &e->opt_gamma,
        "--cv: the RBF kernel's gamma (default: the -m model's)", "GAMMA" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &e->opt_seed,
        "Seed of the folds, of libsvm's probability training and of the "
        "pink noise (default: the -m model's with --cv, else 1)",
        "N" },
    { "augment", 0, 0, G_OPTION_ARG_STRING, &e->augment,
        "--cv: also train on every training file through these chains "
        "(NAME[,NAME...], or none; default: the -m model's); held-out files "
        "are never augmented",
        "NAMES" },
    { "extra-windows", 0, 0, G_OPTION_ARG_STRING, &e->extra_windows,
        "--cv: also train on every training file in back-to-back windows of "
        "these lengths (S[,S...] seconds, or none; default: the -m model's)",
        "S,S" },
    { "probability", 0, 0, G_OPTION_ARG_STRING, &e->probability,
        "--cv: how each fold's model fits its probabilities: libsvm or "
        "grouped (on inner folds by group; default: the -m model's, else "
        "libsvm)",
        "HOW" },
    { "train-fraction", 0, 0, G_OPTION_ARG_DOUBLE, &e->train_fraction,
        "--cv: train each fold's model on a seeded share F (0-1] of the "
        "other folds' groups, per genre, and score the same held-out files "
        "(a learning curve; default 1: all of them)",
        "F" },
    { "max-rows", 0, 0, G_OPTION_ARG_INT64, &e->max_rows,
        "--cv: train each fold's model on at most N of its windows, "
        "balanced by genre and group as genreclassify-train --max-rows "
        "(default 0: all of them)",
        "N" },
    { "degrade", 0, 0, G_OPTION_ARG_STRING, &e->degrade,
        "Also evaluate the set through each of these recording chains "
        "(NAME[,NAME...]) and compare with the clean files",
        "NAMES" },
    { "robustness", 0, 0, G_OPTION_ARG_NONE, &e->robustness,
        "Also evaluate the set through every robustness chain (marked "
        "[robustness] below)",
        NULL },
    { "calibrate", 0, 0, G_OPTION_ARG_STRING, &e->calibrate,
        "--cv: also classify every held-out file in back-to-back windows of "
        "these lengths (S[,S...] seconds, e.g. 5,10,15,20,30) and fit, per "
        "length, the temperature that makes the probabilities honest and "
        "the window's weight in a summary (before/after table)",
        "LENGTHS" },
    { "write-calibration", 0, 0, G_OPTION_ARG_NONE, &e->write_calibration,
        "With --calibrate and -m: write the fitted table into the model's "
        "[calibration] (the bundle is rewritten, all or nothing)",
        NULL },
    { NULL },
  };
  char *help = gc_chain_help ();
  char *description = g_strdup_printf (
      "--window defaults to the model's window-seconds (else 30).\n\n"
      "Recording chains (--degrade, --augment):\n%s\n"
      "Examples:\n  genreclassify-eval -m mymodel/model.ini --svg "
      "confusion.svg ~/music/held-out\n  genreclassify-eval --cv 5 --groups "
      "clips.tsv --c 16 --gamma 0.0025 --robustness train.list\n\nExit "
      "status: 0 evaluated, 1 failure, 2 bad command line. See "
      "docs/training.md.",
      help);
  GError *error = NULL;
  gboolean ok = gc_cli_parse (&e->o,
      GC_CLI_GROUP_ENTRIES | GC_CLI_FEATURE_ENTRIES, entries,
      "SET - measure a genre model on labelled audio",
      "SET is a folder with one folder per genre (SET/GENRE/FILE) or a list "
      "file of PATH<TAB>GENRE[<TAB>GROUP] lines. Scores are given per window "
      "(each window alone) and per file (duration-weighted mean of its "
      "windows, as the element's summary). With -m every genre of the set "
      "must be one of the model's; with --cv the set's genres are the "
      "models'.",
      description, argc, argv, &error);

  g_free (help);
  g_free (description);
  if (!ok) {
    gc_cli_error ("%s", error->message);
    g_error_free (error);
    return GC_EXIT_USAGE;
  }
  if (*argc != 2) {
    gc_cli_error ("expected one SET (a folder or a list file); see --help");
    return GC_EXIT_USAGE;
  }
  e->set_path = (*argv)[1];
  return GC_EXIT_OK;
}

/* ---- plan: the options checked and resolved ----------------------------- */

/* The options that need no model nor set. */
static int
plan (Eval *e)
{
  GError *error = NULL;

  /* Without --cv there is a model to measure: the default one, as the
   * other tools. */
  if (e->model_path == NULL && e->cv == 0)
    e->model_path = gc_cli_default_model_path ();
  if (e->svg_level && strcmp (e->svg_level, "files") != 0
      && strcmp (e->svg_level, "windows") != 0) {
    gc_cli_error (
        "--svg-level must be files or windows, not \"%s\"", e->svg_level);
    return GC_EXIT_USAGE;
  }
  if (!(e->uncertain_margin >= 0.0 && e->uncertain_margin <= 1.0)) {
    gc_cli_error ("--uncertain-margin must be between 0 and 1, not %g",
        e->uncertain_margin);
    return GC_EXIT_USAGE;
  }
  if (e->cv != 0 && (e->cv < 2 || e->cv > 100)) {
    gc_cli_error ("--cv must be between 2 and 100 folds, not %d", e->cv);
    return GC_EXIT_USAGE;
  }
  if (e->cv == 0
      && (e->opt_c != 0.0 || e->opt_gamma != 0.0 || e->augment || e->o.groups
          || e->probability || e->extra_windows || e->train_fraction != 1.0
          || e->max_rows != 0)) {
    gc_cli_error ("%s trains: it goes with --cv",
        e->augment                     ? "--augment"
            : e->o.groups              ? "--groups"
            : e->probability           ? "--probability"
            : e->extra_windows         ? "--extra-windows"
            : e->train_fraction != 1.0 ? "--train-fraction"
            : e->max_rows != 0         ? "--max-rows"
                                       : "--c/--gamma");
    return GC_EXIT_USAGE;
  }
  if (e->max_rows < 0) {
    gc_cli_error (
        "--max-rows must be 0 (every window) or more, not %" G_GINT64_FORMAT,
        e->max_rows);
    return GC_EXIT_USAGE;
  }
  if (!(e->train_fraction > 0.0 && e->train_fraction <= 1.0)) {
    gc_cli_error ("--train-fraction must be more than 0 and at most 1, not %g",
        e->train_fraction);
    return GC_EXIT_USAGE;
  }
  if (e->probability && !g_str_equal (e->probability, "libsvm")
      && !g_str_equal (e->probability, "grouped")) {
    gc_cli_error (
        "--probability must be libsvm or grouped, not \"%s\"", e->probability);
    return GC_EXIT_USAGE;
  }
  if ((e->calibrate && e->cv == 0) || (e->write_calibration && !e->calibrate)
      || (e->write_calibration && e->model_path == NULL)) {
    gc_cli_error ("%s",
        e->calibrate && e->cv == 0
            ? "--calibrate measures held-out windows: it goes with --cv"
            : e->write_calibration && !e->calibrate
            ? "--write-calibration writes what --calibrate fits: give "
              "--calibrate"
            : "--write-calibration writes into the -m model: give -m");
    return GC_EXIT_USAGE;
  }
  if ((e->opt_c != 0.0 && (!(e->opt_c > 0.0) || !isfinite (e->opt_c)))
      || (e->opt_gamma != 0.0
          && (!(e->opt_gamma > 0.0) || !isfinite (e->opt_gamma)))) {
    gc_cli_error ("--c and --gamma must be positive");
    return GC_EXIT_USAGE;
  }
  e->degrades = degradations (e->degrade, e->robustness, &error);
  if (e->degrades == NULL) {
    gc_cli_error ("%s", error->message);
    g_error_free (error);
    return GC_EXIT_USAGE;
  }
  e->n_degrades = gc_chain_list_length (e->degrades);
  e->svg_windows = e->svg_level && strcmp (e->svg_level, "windows") == 0;
  e->json_stdout = e->json_path && strcmp (e->json_path, "-") == 0;
  if (e->json_stdout)
    e->o.quiet = TRUE;
  return GC_EXIT_OK;
}

/* The model to measure, or whose recipe to cross-validate. */
static int
load_model (Eval *e)
{
  GError *error = NULL;

  if (e->model_path == NULL)
    return GC_EXIT_OK;
  e->model = gc_model_load (e->model_path, &error);
  if (e->model == NULL) {
    gc_cli_error ("cannot load the model: %s", error->message);
    g_error_free (error);
    return GC_EXIT_FAILURE;
  }
  /* gc_model_load() accepts only the feature sets this build knows. */
  if (e->o.features
      && g_strcmp0 (e->o.features, gc_model_get_feature_set (e->model)) != 0) {
    gc_cli_error ("--features %s: the model %s was trained on %s",
        e->o.features, e->model_path, gc_model_get_feature_set (e->model));
    return GC_EXIT_FAILURE;
  }
  g_free (e->o.features);
  e->o.features = g_strdup (gc_model_get_feature_set (e->model));
  e->have_recipe =
      gc_recipe_parse (gc_model_get_trained_by (e->model), &e->recipe);
  return GC_EXIT_OK;
}

/* --cv: C, gamma, the seed, the windows, the augmentations and the
 * probability fit, from the command line, else from the model's recipe. */
static int
plan_training (Eval *e)
{
  GError *error = NULL;

  if ((e->opt_c == 0.0 || e->opt_gamma == 0.0) && !e->have_recipe) {
    if (e->model_path)
      gc_cli_error ("%s: its trained-by does not record C and gamma (was "
                    "it made by genreclassify-train?): give --c and "
                    "--gamma",
          e->model_path);
    else
      gc_cli_error ("--cv needs --c and --gamma, or -m MODEL.ini made by "
                    "genreclassify-train");
    return GC_EXIT_USAGE;
  }
  e->c = e->opt_c != 0.0 ? e->opt_c : e->recipe.c;
  e->gamma = e->opt_gamma != 0.0 ? e->opt_gamma : e->recipe.gamma;
  e->params_from = e->have_recipe && (e->opt_c == 0.0 || e->opt_gamma == 0.0)
      ? "the model's trained-by"
      : "the command line";
  if (e->have_recipe) {
    /* The model's windows, unless the command line says otherwise. */
    if (isnan (e->o.window))
      e->default_window = e->recipe.window;
    if (isnan (e->o.hop))
      e->o.hop = e->recipe.hop == e->recipe.window ? 0.0 : e->recipe.hop;
    if (isnan (e->o.min_window))
      e->o.min_window = e->recipe.min_window;
  }
  e->seed = e->opt_seed != NO_SEED ? e->opt_seed
      : e->have_recipe             ? e->recipe.seed
                                   : 1;
  if (e->augment == NULL && e->have_recipe && e->recipe.augment)
    e->augment = g_strdup (e->recipe.augment);
  e->grouped_probability = e->probability
      ? g_str_equal (e->probability, "grouped")
      : e->have_recipe && e->recipe.grouped_probability;
  if (e->max_rows == 0 && e->have_recipe)
    e->max_rows = e->recipe.max_rows;
  if (e->extra_windows == NULL && e->have_recipe && e->recipe.extra_windows)
    e->extra_windows = g_strdup (e->recipe.extra_windows);
  if (e->augment) {
    e->augments = gc_cli_parse_chains ("--augment", e->augment, &error);
    if (e->augments == NULL) {
      gc_cli_error ("%s", error->message);
      g_error_free (error);
      return GC_EXIT_USAGE;
    }
    e->n_augments = gc_chain_list_length (e->augments);
  }
  return GC_EXIT_OK;
}

/* The windows: the model's, the recipe's or the command line's. */
static int
plan_windows (Eval *e)
{
  GError *error = NULL;
  int status;

  e->default_window = e->model && gc_model_get_window_seconds (e->model) > 0.0
      ? gc_model_get_window_seconds (e->model)
      : 30.0;
  if (e->cv) {
    status = plan_training (e);
    if (status != GC_EXIT_OK)
      return status;
  } else if (e->opt_seed != NO_SEED) {
    e->seed = e->opt_seed;
  }
  if (!gc_cli_check (&e->o, e->default_window, &error)) {
    gc_cli_error ("%s", error->message);
    g_error_free (error);
    return GC_EXIT_USAGE;
  }
  if (e->extra_windows && !g_str_equal (e->extra_windows, "none")) {
    e->extra_seconds = gc_cli_parse_extra_windows (
        e->extra_windows, e->o.spec.window, &e->n_extra, &error);
    if (e->extra_seconds == NULL) {
      gc_cli_error ("%s", error->message);
      g_error_free (error);
      return GC_EXIT_USAGE;
    }
  }
  return GC_EXIT_OK;
}

/* Every chain once: clean, the degradations, the augmentations. */
static int
plan_chains (Eval *e)
{
  GError *error = NULL;

  e->chains = g_new0 (const GcChain *, 1 + e->n_degrades + e->n_augments + 1);
  e->chains[e->n_chains++] = NULL;
  for (guint d = 0; d < e->n_degrades; d++)
    e->chains[e->n_chains++] = e->degrades[d];
  for (guint a = 0; a < e->n_augments; a++) {
    gboolean listed = FALSE;

    for (guint d = 0; d < e->n_degrades; d++)
      listed |= e->degrades[d] == e->augments[a];
    if (!listed)
      e->chains[e->n_chains++] = e->augments[a];
  }
  for (guint k = 1; k < e->n_chains; k++) {
    if (!gc_chain_check (e->chains[k], &error)) {
      gc_cli_error ("%s", error->message);
      g_error_free (error);
      return GC_EXIT_FAILURE;
    }
  }
  return GC_EXIT_OK;
}

/* ---- run --------------------------------------------------------------- */

/* The report labels: with --cv the set's, else the model's, which must
 * hold every genre of the set (@map: set label to report label). */
static int
load_set (Eval *e)
{
  GError *error = NULL;

  e->set = gc_dataset_load (e->set_path, &error);
  if (e->set == NULL) {
    gc_cli_error ("%s", error->message);
    g_error_free (error);
    return GC_EXIT_FAILURE;
  }
  e->n_items = e->set->items->len;
  if (e->cv && !gc_cli_load_groups (&e->o, e->set, &error)) {
    gc_cli_error ("%s", error->message);
    g_error_free (error);
    return GC_EXIT_FAILURE;
  }
  e->map = g_new (guint, e->set->labels->len);
  if (e->cv) {
    /* The models are the set's: its genres, in its order. */
    e->labels = (const char *const *)e->set->labels->pdata;
    e->L = e->set->labels->len;
    for (guint k = 0; k < e->L; k++)
      e->map[k] = k;
    if (e->L < 2) {
      gc_cli_error ("%s: only one genre (\"%s\"): nothing to cross-validate",
          e->set->source, e->labels[0]);
      return GC_EXIT_FAILURE;
    }
  } else {
    GString *unknown = g_string_new (NULL), *known = g_string_new (NULL);

    e->L = gc_model_get_n_labels (e->model);
    e->model_labels = g_new0 (const char *, e->L + 1);
    for (guint m = 0; m < e->L; m++)
      e->model_labels[m] = gc_model_get_label (e->model, m);
    e->labels = e->model_labels;
    /* Every genre of the set must be one of the model's. */
    for (guint k = 0; k < e->set->labels->len; k++) {
      e->map[k] = e->L;
      for (guint m = 0; m < e->L; m++)
        if (strcmp (gc_dataset_label (e->set, k), e->labels[m]) == 0)
          e->map[k] = m;
      if (e->map[k] == e->L)
        g_string_append_printf (unknown, "%s\"%s\"", unknown->len ? ", " : "",
            gc_dataset_label (e->set, k));
    }
    for (guint m = 0; m < e->L; m++)
      g_string_append_printf (known, "%s\"%s\"", m ? ", " : "", e->labels[m]);
    if (unknown->len) {
      gc_cli_error ("the set has genres the model does not know: %s (the "
                    "model knows %s)",
          unknown->str, known->str);
      g_string_free (unknown, TRUE);
      g_string_free (known, TRUE);
      return GC_EXIT_FAILURE;
    }
    g_string_free (unknown, TRUE);
    g_string_free (known, TRUE);
  }
  return GC_EXIT_OK;
}

static int
extract_features (Eval *e)
{
  GError *error = NULL;

  e->cache = gc_cli_cache (&e->o);
  e->jobs = gc_cli_extract (&e->o, e->set, e->cache, e->chains, e->n_chains,
      (guint64)e->seed, &e->stats);
  if (e->o.strict && (e->stats.n_failed > 0 || e->stats.n_skipped > 0)) {
    gc_cli_error ("stopped: a file could not be decoded (--strict)");
    return GC_EXIT_FAILURE;
  }
  e->extra_jobs = gc_cli_extract_lengths (
      &e->o, e->set, e->cache, e->extra_seconds, e->n_extra, (guint64)e->seed);
  if (e->calibrate) {
    e->by_length = gc_length_calibration_new (
        e->calibrate, e->o.spec.window, e->L, &error);
    if (e->by_length == NULL) {
      gc_cli_error ("%s", error->message);
      g_error_free (error);
      return GC_EXIT_USAGE;
    }
    gc_length_calibration_extract (
        e->by_length, &e->o, e->set, e->cache, (guint64)e->seed);
  }
  return GC_EXIT_OK;
}

/* One variant per way of hearing the set: clean, then each degradation. */
static void
init_variants (Eval *e)
{
  e->n_variants = 1 + e->n_degrades;
  e->variants = g_new0 (Variant, e->n_variants);
  for (guint v = 0; v < e->n_variants; v++) {
    Variant *var = &e->variants[v];

    var->chain = v ? e->degrades[v - 1] : NULL;
    for (guint k = 0; k < e->n_chains; k++)
      if (e->chains[k] == var->chain)
        var->jobs = e->jobs + (gsize)k * e->n_items;
    var->results = g_new0 (ItemResult, MAX (e->n_items, 1));
    for (guint i = 0; i < e->n_items; i++) {
      var->results[i].truth = e->map[gc_dataset_item (e->set, i)->label];
      var->results[i].fold = -1;
    }
    scores_init (&var->win, e->L, e->uncertain_margin);
    scores_init (&var->file, e->L, e->uncertain_margin);
  }
}

/* Every variant's files by the model. */
static void
classify_with_model (Eval *e)
{
  guint *identity = g_new (guint, e->L);

  for (guint k = 0; k < e->L; k++)
    identity[k] = k;
  for (guint v = 0; v < e->n_variants; v++)
    for (guint i = 0; i < e->n_items; i++)
      if (e->variants[v].jobs[i].features)
        classify_file (e->model, NULL, identity, e->L,
            e->variants[v].jobs[i].features, &e->variants[v].results[i],
            &e->variants[v].win, &e->variants[v].file);
  g_free (identity);
}

/* Every variant's files by the model of the other folds. */
static int
cross_validate (Eval *e)
{
  const GcExtractJob **copies =
      g_new0 (const GcExtractJob *, e->n_augments + e->n_extra + 1);
  guint *to_report = g_new (guint, e->L);
  double t0 = now ();
  GcTrainset *trainset;
  GError *error = NULL;

  for (guint a = 0; a < e->n_augments; a++)
    for (guint k = 0; k < e->n_chains; k++)
      if (e->chains[k] == e->augments[a])
        copies[a] = e->jobs + (gsize)k * e->n_items;
  for (guint x = 0; x < e->n_extra; x++)
    copies[e->n_augments + x] = e->extra_jobs[x];
  trainset = e->trainset = gc_trainset_new (e->set, e->jobs, copies,
      e->n_augments + e->n_extra, &e->o.spec, e->warnings);
  g_free (copies);
  for (guint k = 0; k < e->L; k++) {
    if (trainset->windows_per_label[k] == 0) {
      gc_cli_print_warnings (e->warnings);
      gc_cli_error ("genre \"%s\" has no usable window (%u files, %u could "
                    "not be decoded): nothing to learn it from",
          e->labels[k], trainset->files_per_label[k],
          trainset->failed_per_label[k]);
      g_free (to_report);
      return GC_EXIT_FAILURE;
    }
  }
  if (trainset->grouping->n_groups < 2) {
    gc_cli_print_warnings (e->warnings);
    gc_cli_error ("cross-validation needs at least 2 distinct %s",
        trainset->grouping->by_file ? "files" : "groups");
    g_free (to_report);
    return GC_EXIT_FAILURE;
  }
  e->fold_of_group = g_new (guint, trainset->grouping->n_groups);
  e->folds_used = gc_grouping_assign_folds (trainset->grouping,
      (const int *)(void *)trainset->classes->data,
      (const guint *)(void *)trainset->groups->data,
      (const guint8 *)trainset->train_only->data, trainset->n, e->L,
      (guint)e->cv, (guint64)e->seed, e->fold_of_group);
  gc_grouping_check_classes (trainset->grouping,
      (const int *)(void *)trainset->classes->data,
      (const guint *)(void *)trainset->groups->data,
      (const guint8 *)trainset->train_only->data, trainset->n, e->labels, e->L,
      e->folds_used, e->warnings);
  gc_cli_print_warnings (e->warnings);
  g_ptr_array_set_size (e->warnings, 0);

  e->fold_info = g_new0 (FoldInfo, e->folds_used);
  if (e->train_fraction < 1.0)
    e->keep_group = g_new (gboolean, MAX (trainset->grouping->n_groups, 1));
  for (guint f = 0; f < e->folds_used; f++) {
    FoldInfo *info = &e->fold_info[f];
    GcModel *fold_model;

    for (guint g = 0; g < trainset->grouping->n_groups; g++)
      if (e->fold_of_group[g] == f)
        info->groups++;
    info->train_groups = trainset->grouping->n_groups - info->groups;
    if (e->keep_group)
      info->train_groups = gc_grouping_keep_share (trainset->grouping,
          (const int *)(void *)trainset->classes->data,
          (const guint *)(void *)trainset->groups->data,
          (const guint8 *)trainset->train_only->data, trainset->n, e->L,
          e->fold_of_group, f, e->train_fraction, (guint64)e->seed,
          e->keep_group);
    fold_model = train_fold (trainset, e->fold_of_group, f, e->labels, e->L,
        e->c, e->gamma, e->seed, e->grouped_probability ? (guint)e->cv : 0,
        e->keep_group, (gsize)e->max_rows, to_report, info, &error);
    if (fold_model == NULL) {
      gc_cli_error ("%s", error->message);
      g_error_free (error);
      g_free (to_report);
      return GC_EXIT_FAILURE;
    }
    for (guint i = 0; i < e->n_items; i++) {
      guint group = trainset->grouping->group_of_item[i];

      if (group == G_MAXUINT || e->fold_of_group[group] != f)
        continue;
      info->files++;
      for (guint v = 0; v < e->n_variants; v++) {
        Variant *var = &e->variants[v];

        var->results[i].fold = (int)f;
        if (var->jobs[i].features)
          classify_file (fold_model, e->model, to_report, e->L,
              var->jobs[i].features, &var->results[i], &var->win, &var->file);
      }
      if (e->by_length)
        gc_length_calibration_add (e->by_length, fold_model, to_report, i,
            e->variants[0].results[i].truth);
    }
    gc_model_free (fold_model);
  }
  g_free (to_report);
  e->t_train = now () - t0;
  return GC_EXIT_OK;
}

static int
classify (Eval *e)
{
  int status = GC_EXIT_OK;

  init_variants (e);
  if (!e->cv)
    classify_with_model (e);
  else
    status = cross_validate (e);
  if (status != GC_EXIT_OK)
    return status;
  for (guint v = 0; v < e->n_variants; v++) {
    variant_count (&e->variants[v], e->n_items);
    scores_finish (&e->variants[v].file);
    scores_finish (&e->variants[v].win);
  }
  return GC_EXIT_OK;
}

/* ---- report ------------------------------------------------------------ */

static void
report_text (const Eval *e)
{
  char *w = gc_cli_format_seconds (e->o.spec.window);
  const Variant *clean = &e->variants[0];
  guint n_items = e->n_items;

  if (e->cv) {
    char *how =
        gc_grouping_describe_folds (e->trainset->grouping, e->folds_used);
    char *aug = gc_chain_list_names (e->augments);

    printf ("genreclassify-eval: %u-fold cross-validation, C = %.17g, "
            "gamma = %.17g, seed %" G_GINT64_FORMAT ", augment %s, "
            "%s%s%sprobability %s (from %s)\n",
        e->folds_used, e->c, e->gamma, e->seed, *aug ? aug : "none",
        e->n_extra ? "extra windows of " : "",
        e->n_extra ? e->extra_windows : "", e->n_extra ? " s, " : "",
        e->grouped_probability ? "grouped" : "libsvm", e->params_from);
    printf ("folds: %s\n", how);
    if (e->folds_used < (guint)e->cv)
      printf ("  (only %u %s: %u folds instead of %d)\n",
          e->trainset->grouping->n_groups,
          e->trainset->grouping->by_file ? "distinct files" : "groups",
          e->folds_used, e->cv);
    g_free (how);
    g_free (aug);
  } else {
    printf ("genreclassify-eval: model %s (%s, %u genres)\n", e->model_path,
        gc_model_get_feature_set (e->model), e->L);
  }
  printf ("set %s: %u files: %u evaluated, %u failed, %u without a "
          "classified window; windows of %s (hop %g s, min-window %g s)\n",
      e->set->source, n_items,
      n_items - clean->n_failed - clean->n_unclassified, clean->n_failed,
      clean->n_unclassified, w,
      e->o.spec.hop > 0.0 ? e->o.spec.hop : e->o.spec.window,
      e->o.spec.min_window);
  printf ("features: %u decoded, %u from the cache", e->stats.n_decoded,
      e->stats.n_cached);
  if (e->n_chains > 1)
    printf (" (%u files × %u: as they are and through %u chains)", n_items,
        e->n_chains, e->n_chains - 1);
  printf ("\n");
  g_free (w);
  if (e->cv) {
    gsize lo = G_MAXSIZE, hi = 0, copies = 0;
    guint g_lo = G_MAXUINT, g_hi = 0;

    for (guint f = 0; f < e->folds_used; f++) {
      lo = MIN (lo, e->fold_info[f].train_rows);
      hi = MAX (hi, e->fold_info[f].train_rows);
      copies += e->fold_info[f].copy_rows;
      g_lo = MIN (g_lo, e->fold_info[f].train_groups);
      g_hi = MAX (g_hi, e->fold_info[f].train_groups);
    }
    printf ("training: %u models in %.2f s, on %" G_GSIZE_FORMAT
            "-%" G_GSIZE_FORMAT " windows each",
        e->folds_used, e->t_train, lo, hi);
    if (e->n_augments)
      printf (" + %" G_GSIZE_FORMAT " augmented on average",
          copies / e->folds_used);
    if (e->max_rows)
      printf (" (--max-rows %" G_GINT64_FORMAT ")", e->max_rows);
    if (e->keep_group)
      printf (" (--train-fraction %g: %u-%u of the other folds' %s)",
          e->train_fraction, g_lo, g_hi,
          e->trainset->grouping->by_file ? "files" : "groups");
    printf ("\n");
    for (guint f = 0; f < e->folds_used; f++)
      if (e->fold_info[f].missing)
        printf ("  fold %u trains without %s (all in that fold)\n", f + 1,
            e->fold_info[f].missing);
  }
  print_scores (&clean->file, e->labels,
      e->cv ? "PER FILE (out of fold: each file predicted by the model of the "
              "other folds; a file's distribution is the duration-weighted "
              "mean of its windows, as the element's summary):"
            : "PER FILE (a file's distribution is the duration-weighted mean "
              "of its windows, as the element's summary):");
  print_coverage (&clean->file);
  print_scores (&clean->win, e->labels,
      e->cv ? "PER WINDOW (out of fold, every window classified on its own, "
              "as the element's window messages):"
            : "PER WINDOW (every window classified on its own, as the "
              "element's window messages):");
  if (e->n_variants > 1)
    print_robustness (e->variants, e->n_variants);
}

/* --calibrate: the temperature and weight per window length. */
static void
fit_calibration (Eval *e)
{
  e->fits = gc_length_calibration_fit (e->by_length, &e->n_fits);
  if (!e->o.quiet)
    gc_length_calibration_print (e->fits, e->n_fits);
}

static void
json_cross_validation (GcJson *j, const Eval *e)
{
  char *how = gc_grouping_describe_folds (e->trainset->grouping, e->folds_used);

  gc_json_begin_object (j, "cross-validation");
  gc_json_string (j, "description", how);
  gc_json_int (j, "folds", e->folds_used);
  gc_json_int (j, "requested-folds", e->cv);
  gc_json_string (j, "by", e->trainset->grouping->by_file ? "file" : "group");
  if (e->set->group_source)
    gc_json_string (j, "group-source", e->set->group_source);
  if (e->set->group_column)
    gc_json_string (j, "group-column", e->set->group_column);
  gc_json_int (j, "groups", e->trainset->grouping->n_groups);
  gc_json_string (j, "stratified-by", "genre");
  gc_json_double (j, "c", e->c);
  gc_json_double (j, "gamma", e->gamma);
  gc_json_int (j, "seed", e->seed);
  gc_json_double (j, "train-fraction", e->train_fraction);
  gc_json_string (j, "parameters-from", e->params_from);
  gc_json_string (
      j, "probability", e->grouped_probability ? "grouped" : "libsvm");
  gc_json_begin_array (j, "extra-windows");
  for (guint x = 0; x < e->n_extra; x++)
    gc_json_double (j, NULL, e->extra_seconds[x]);
  gc_json_end_array (j);
  gc_json_begin_array (j, "augment");
  for (guint a = 0; a < e->n_augments; a++)
    gc_json_string (j, NULL, e->augments[a]->name);
  gc_json_end_array (j);
  gc_json_begin_array (j, "training");
  for (guint f = 0; f < e->folds_used; f++) {
    const FoldInfo *info = &e->fold_info[f];

    gc_json_begin_object (j, NULL);
    gc_json_int (j, "fold", f);
    gc_json_int (j, "held-out-groups", info->groups);
    gc_json_int (j, "held-out-files", info->files);
    gc_json_int (j, "training-groups", info->train_groups);
    gc_json_int (j, "training-windows", (gint64)info->train_rows);
    gc_json_int (j, "augmented-windows", (gint64)info->copy_rows);
    if (info->missing)
      gc_json_string (j, "genres-missing", info->missing);
    gc_json_double (j, "seconds", info->seconds);
    gc_json_end_object (j);
  }
  gc_json_end_array (j);
  gc_json_end_object (j);
  g_free (how);
}

static int
write_json (const Eval *e)
{
  const Variant *clean = &e->variants[0];
  GcJson *j = gc_json_new ();
  GError *error = NULL;
  char *text;

  gc_json_begin_object (j, NULL);
  gc_json_string (j, "tool", "genreclassify-eval");
  gc_json_string (j, "version", VERSION);
  gc_json_string (j, "mode", e->cv ? "cross-validation" : "model");
  gc_json_begin_object (j, "model");
  if (e->model_path)
    gc_json_string (j, "path", e->model_path);
  else
    gc_json_null (j, "path");
  gc_json_string (j, "feature-set", gc_feature_set_name (e->o.spec.features));
  gc_json_begin_array (j, "labels");
  for (guint k = 0; k < e->L; k++)
    gc_json_string (j, NULL, e->labels[k]);
  gc_json_end_array (j);
  gc_json_double (j, "window-seconds",
      e->cv ? e->o.spec.window : gc_model_get_window_seconds (e->model));
  gc_json_end_object (j);
  if (e->cv)
    json_cross_validation (j, e);
  gc_json_string (j, "set", e->set->source);
  gc_json_begin_object (j, "windows");
  gc_json_double (j, "window", e->o.spec.window);
  gc_json_double (
      j, "hop", e->o.spec.hop > 0.0 ? e->o.spec.hop : e->o.spec.window);
  gc_json_double (j, "min-window", e->o.spec.min_window);
  gc_json_end_object (j);
  gc_json_begin_object (j, "files");
  gc_json_int (j, "total", e->n_items);
  gc_json_int (
      j, "evaluated", e->n_items - clean->n_failed - clean->n_unclassified);
  gc_json_int (j, "failed", clean->n_failed);
  gc_json_int (j, "unclassified", clean->n_unclassified);
  gc_json_int (j, "decoded", e->stats.n_decoded);
  gc_json_int (j, "cached", e->stats.n_cached);
  gc_json_end_object (j);
  json_scores (j, "file-level", &clean->file, e->labels, FILE_LEVEL);
  json_scores (j, "window-level", &clean->win, e->labels, WINDOW_LEVEL);
  if (e->n_variants > 1)
    json_robustness (j, e->variants, e->n_variants, e->n_items, e->labels);
  if (e->fits)
    gc_length_calibration_json (j, e->fits, e->n_fits);
  json_items (j, clean, e->n_items, e->labels, e->L, e->trainset);
  gc_json_end_object (j);
  text = gc_json_free_to_string (j);
  if (e->json_stdout) {
    fputs (text, stdout);
  } else if (!g_file_set_contents (e->json_path, text, -1, &error)) {
    gc_cli_error ("cannot write %s: %s", e->json_path, error->message);
    g_error_free (error);
    g_free (text);
    return GC_EXIT_FAILURE;
  }
  g_free (text);
  return GC_EXIT_OK;
}

/* Saves a chart's @svg to @path and frees it with its @title and
 * @subtitle (may be NULL): the one ending of every write_*_svg(). */
static int
save_chart (const char *path, char *svg, char *title, char *subtitle)
{
  GError *error = NULL;
  int status = GC_EXIT_OK;

  if (!gc_svg_save (path, svg, &error)) {
    gc_cli_error ("cannot write %s: %s", path, error->message);
    g_error_free (error);
    status = GC_EXIT_FAILURE;
  }
  g_free (svg);
  g_free (title);
  g_free (subtitle);
  return status;
}

static int
write_confusion_svg (const Eval *e)
{
  const Scores *s = e->svg_windows ? &e->variants[0].win : &e->variants[0].file;
  char *title, *subtitle, *svg;

  title = svg_title ("Confusion matrix", "", e->cv ? e->folds_used : 0,
      e->set->source, e->model_path);
  subtitle = g_strdup_printf ("%s: %u %s, accuracy %.1f %%",
      e->svg_windows ? "per window" : "per file (mean of its windows)", s->n,
      e->svg_windows ? "windows" : "files",
      s->n ? 100.0 * s->correct / s->n : 0.0);
  svg =
      gc_svg_confusion_matrix (title, subtitle, e->labels, e->L, s->confusion);
  return save_chart (e->svg_path, svg, title, subtitle);
}

static int
write_reliability_svg (const Eval *e)
{
  const Scores *levels[] = { &e->variants[0].file, &e->variants[0].win };
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
  title = svg_title ("Reliability", " (out of fold)", e->cv ? e->folds_used : 0,
      e->set->source, e->model_path);
  svg = gc_svg_reliability (title,
      "10 equal-width bins of the top probability; ECE = sum over bins of "
      "share x |accuracy - mean confidence|",
      panels, 2);
  return save_chart (e->reliability_path, svg, title, NULL);
}

static int
write_coverage_svg (const Eval *e)
{
  const Scores *s = &e->variants[0].file;
  char *title, *subtitle, *svg;

  title = svg_title ("Precision against coverage", " (out of fold)",
      e->cv ? e->folds_used : 0, e->set->source, e->model_path);
  subtitle = g_strdup_printf (
      "per file (mean of its windows), %u files: a genre written only "
      "when the top probability reaches the threshold",
      s->n);
  svg = gc_coverage_svg (&s->coverage, title, subtitle);
  return save_chart (e->coverage_path, svg, title, subtitle);
}

/* The reports, written even when nothing could be scored. */
static int
report (Eval *e)
{
  int status = GC_EXIT_OK;

  if (!e->o.quiet)
    report_text (e);
  if (e->by_length)
    fit_calibration (e);
  if (e->json_path)
    status = write_json (e);
  if (status == GC_EXIT_OK && e->svg_path)
    status = write_confusion_svg (e);
  if (status == GC_EXIT_OK && e->reliability_path)
    status = write_reliability_svg (e);
  if (status == GC_EXIT_OK && e->coverage_path)
    status = write_coverage_svg (e);
  return status;
}

/* Nothing scored is a failure, whatever was written. */
static int
check_classified (const Eval *e)
{
  guint no_window = 0;

  if (e->variants[0].file.n > 0 || e->variants[0].win.n > 0)
    return GC_EXIT_OK;
  for (guint i = 0; i < e->n_items; i++)
    if (e->jobs[i].features && e->jobs[i].features->n_windows == 0)
      no_window++;
  if (no_window > 0)
    gc_cli_error ("no file of the set could be classified: %u files gave "
                  "no window (shorter than --min-window, %g s?)",
        no_window, e->o.spec.min_window);
  else
    gc_cli_error ("no file of the set could be classified");
  return GC_EXIT_FAILURE;
}

/* --write-calibration: the fitted table into the -m model. */
static int
write_calibration (const Eval *e)
{
  GError *error = NULL;

  if (!gc_length_calibration_apply (e->fits, e->n_fits, e->model, &error)
      || !gc_model_save (e->model, e->model_path, &error)) {
    gc_cli_error ("cannot write the calibration into %s: %s", e->model_path,
        error->message);
    g_error_free (error);
    return GC_EXIT_FAILURE;
  }
  if (!e->o.quiet)
    printf ("wrote the calibration into %s\n", e->model_path);
  return GC_EXIT_OK;
}

int
main (int argc, char **argv)
{
  Eval e;
  int status;

  g_set_prgname ("genreclassify-eval");
  eval_init (&e);
  status = parse_command_line (&e, &argc, &argv);
  if (status == GC_EXIT_OK)
    status = plan (&e);
  if (status == GC_EXIT_OK)
    status = load_model (&e);
  if (status == GC_EXIT_OK)
    status = plan_windows (&e);
  if (status == GC_EXIT_OK)
    status = plan_chains (&e);
  if (status == GC_EXIT_OK)
    status = load_set (&e);
  if (status == GC_EXIT_OK)
    status = extract_features (&e);
  if (status == GC_EXIT_OK)
    status = classify (&e);
  if (status == GC_EXIT_OK)
    status = report (&e);
  if (status == GC_EXIT_OK)
    status = check_classified (&e);
  if (status == GC_EXIT_OK) {
    gc_cli_warn_cache_store_error (e.cache);
    if (e.write_calibration)
      status = write_calibration (&e);
  }
  eval_clear (&e);
  return status;
}
