/* genreclassify-train — train a genre model bundle from labelled audio
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 *   genreclassify-train [OPTION…] -o MODEL.ini SET
 *
 * SET is a folder of folders (SET/GENRE/FILE) or a list file
 * (PATH<TAB>GENRE).  Every file is decoded as the element would see it
 * (gc-decode.h) into windows of --window seconds, each window's seed-212
 * vector is one training example (cached per file, gc-feature-cache.h);
 * (C, gamma) are chosen by grouped, stratified k-fold cross-validation
 * (gc-grid.h) and the final model is trained on everything with
 * gc_model_train() and written with gc_model_save().  See docs/training.md.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <glib/gstdio.h>
#include <libsvm/svm.h>

#include "gc-cli.h"
#include "gc-distribution.h"
#include "gc-grid.h"
#include "gc-model.h"
#include "gc-model-train.h"
#include "gc-decoders.h"
#include "gc-recipe.h"
#include "gc-trainset.h"

#define DEFAULT_LOG2C "-1,9,2"
#define DEFAULT_LOG2G "-11,-3,2"
#define DEFAULT_FOLDS 5
#define DEFAULT_SEED 1

static double
now (void)
{
  return g_get_monotonic_time () / 1e6;
}

/* -o: a .ini file, or a folder (then FOLDER/model.ini). */
static char *
resolve_output (const char *output, GError **error)
{
  if (g_file_test (output, G_FILE_TEST_IS_DIR)
      || g_str_has_suffix (output, G_DIR_SEPARATOR_S))
    return g_build_filename (output, "model.ini", NULL);
  if (!g_str_has_suffix (output, ".ini")) {
    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
        "--output must name the bundle's key-file (…/model.ini; the libsvm "
        "file is written beside it as model.svm) or a folder, not \"%s\"",
        output);
    return NULL;
  }
  return g_strdup (output);
}

typedef struct {
  GcProgress *progress;
} FitProgress;

static void
fit_done (guint done, guint total, gpointer user_data)
{
  FitProgress *fp = user_data;

  gc_progress_item_done (fp->progress, NULL);
}

static void
print_grid (const GcGridResult *r, const double *cs, guint n_c,
    const double *gammas, guint n_gamma)
{
  printf ("  CV accuracy (%%), rows log2 C, columns log2 gamma:\n");
  printf ("  %8s", "");
  for (guint g = 0; g < n_gamma; g++)
    printf (" %7.4g", log2 (gammas[g]));
  printf ("\n");
  for (guint c = 0; c < n_c; c++) {
    printf ("  %8.4g", log2 (cs[c]));
    for (guint g = 0; g < n_gamma; g++)
      printf (" %6.1f%s", 100.0 * r->accuracy[c * n_gamma + g],
          (c == r->best_c && g == r->best_gamma) ? "*" : " ");
    printf ("\n");
  }
}

/* "10,15" */
/* Every decoder the training rows came through, for the recipe. */
static char *
training_decoders (const GcExtractJob *jobs, guint n_jobs,
    GcExtractJob *const *extra_jobs, guint n_extra, guint n_items)
{
  const char **lists = g_new0 (const char *, n_extra + 1);
  char *merged;

  lists[0] = gc_extract_decoders (jobs, n_jobs);
  for (guint e = 0; e < n_extra; e++)
    lists[e + 1] = gc_extract_decoders (extra_jobs[e], n_items);
  merged = gc_decoders_merge (lists, n_extra + 1);
  for (guint e = 0; e <= n_extra; e++)
    g_free ((char *)lists[e]);
  g_free (lists);
  return merged;
}

static char *
join_seconds (const double *seconds, guint n)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    g_string_append_printf (s, "%s%g", i ? "," : "", seconds[i]);
  return g_string_free (s, FALSE);
}

int
main (int argc, char **argv)
{
  GcCliOptions o;
  char *output = NULL, *log2c = NULL, *log2g = NULL, *description = NULL;
  char *augment = NULL, *probability = NULL, *extra_windows = NULL;
  double *extra_seconds = NULL;
  guint n_extra = 0;
  GcExtractJob **extra_jobs = NULL;
  gboolean grouped_probability = FALSE;
  double fixed_c = 0.0, fixed_gamma = 0.0;
  gint folds = DEFAULT_FOLDS;
  gint64 seed = DEFAULT_SEED;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
        "The model bundle to write: MODEL.ini (and MODEL.svm beside it), or "
        "a folder for FOLDER/model.ini",
        "FILE" },
    { "folds", 'k', 0, G_OPTION_ARG_INT, &folds,
        "Cross-validation folds (default 5; files, not windows, are "
        "split)",
        "K" },
    { "log2c", 0, 0, G_OPTION_ARG_STRING, &log2c,
        "C grid as log2 BEGIN,END,STEP (default " DEFAULT_LOG2C ")", "B,E,S" },
    { "log2g", 0, 0, G_OPTION_ARG_STRING, &log2g,
        "gamma grid as log2 BEGIN,END,STEP (default " DEFAULT_LOG2G ")",
        "B,E,S" },
    { "c", 'c', 0, G_OPTION_ARG_DOUBLE, &fixed_c,
        "Use this C instead of searching a grid", "C" },
    { "gamma", 'g', 0, G_OPTION_ARG_DOUBLE, &fixed_gamma,
        "Use this gamma instead of searching a grid", "GAMMA" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed,
        "Seed of the folds and of libsvm's probability training (default "
        "1): the same seed and data give the same model",
        "N" },
    { "description", 0, 0, G_OPTION_ARG_STRING, &description,
        "The model's description (what it was trained on)", "TEXT" },
    { "augment", 0, 0, G_OPTION_ARG_STRING, &augment,
        "Also train on every file through each of these recording chains "
        "(NAME[,NAME...], listed below): extra training windows, in their "
        "file's fold, never scored by the cross-validation",
        "NAMES" },
    { "extra-windows", 0, 0, G_OPTION_ARG_STRING, &extra_windows,
        "Also train on every file cut into back-to-back windows of these "
        "lengths (S[,S...] seconds, shorter than --window): extra training "
        "windows in their file's fold, never scored, so that the model "
        "learns the short windows the element also reports",
        "S,S" },
    { "probability", 0, 0, G_OPTION_ARG_STRING, &probability,
        "How the probability estimates are fitted: libsvm (default; its own "
        "5-fold split by window) or grouped (on K folds that keep each group "
        "and a file's augmented copies together; docs/training.md)",
        "HOW" },
    { NULL },
  };
  GOptionContext *ctx;
  GError *error = NULL;
  GcDataset *set = NULL;
  GcFeatureCache *cache = NULL;
  GcExtractJob *jobs = NULL;
  GcExtractStats stats = { 0 };
  GArray *cs = g_array_new (FALSE, FALSE, sizeof (double));
  GArray *gammas = g_array_new (FALSE, FALSE, sizeof (double));
  GcTrainset *trainset = NULL;
  const GcChain **augments = NULL, **chains = NULL;
  guint n_augments = 0;
  GPtrArray *warnings = NULL;
  guint *fold_of_group = NULL;
  GcGridResult grid = { 0 };
  gboolean have_grid = FALSE;
  GcModel *model = NULL;
  char *path = NULL, *text, *store_error;
  guint n_labels = 0, n_groups = 0;
  double best_c, best_gamma, t_start = now (), t_features, t_grid = 0.0,
                             t_train;
  int status = GC_EXIT_FAILURE;
  const char *const *labels;

  g_set_prgname ("genreclassify-train");
  gc_cli_options_init (&o);
  ctx = g_option_context_new ("SET - train a genre model bundle");
  g_option_context_set_summary (ctx,
      "SET is a folder with one folder per genre (SET/GENRE/FILE, at any "
      "depth below GENRE) or a list file of PATH<TAB>GENRE lines. Every "
      "analysis window of every file is one training example.");
  {
    char *help = gc_chain_help ();
    char *text = g_strdup_printf (
        "Recording chains (--augment):\n%s\n"
        "Examples:\n  genreclassify-train --window 30 -o mymodel/model.ini "
        "~/music/genres\n  genreclassify-train --groups clips.tsv --augment "
        "mp3-32k-96k,mp3-44k-128k -o mymodel train.list\n\nExit status: 0 "
        "model written, 1 failure, 2 bad command line. See docs/training.md.",
        help);

    g_option_context_set_description (ctx, text);
    g_free (text);
    g_free (help);
  }
  g_option_context_add_main_entries (ctx, entries, NULL);
  gc_cli_add_entries (ctx, &o);
  gc_cli_add_group_entries (ctx, &o);
  gc_cli_add_feature_entries (ctx, &o);
  g_option_context_add_group (ctx, gst_init_get_option_group ());
  if (!g_option_context_parse (ctx, &argc, &argv, &error)) {
    gc_cli_error ("%s", error->message);
    status = GC_EXIT_USAGE;
    goto out;
  }
  if (argc != 2 || output == NULL) {
    gc_cli_error (argc != 2 ? "expected one SET (a folder or a list file); "
                              "see --help"
                            : "--output is required; see --help");
    status = GC_EXIT_USAGE;
    goto out;
  }
  if (!gc_cli_check (&o, 30.0, &error)
      || !(path = resolve_output (output, &error))
      || !gc_grid_parse_log2 (
          "--log2c", log2c ? log2c : DEFAULT_LOG2C, cs, &error)
      || !gc_grid_parse_log2 (
          "--log2g", log2g ? log2g : DEFAULT_LOG2G, gammas, &error)) {
    gc_cli_error ("%s", error->message);
    status = GC_EXIT_USAGE;
    goto out;
  }
  if (fixed_c != 0.0) {
    if (!(fixed_c > 0.0) || !isfinite (fixed_c)) {
      gc_cli_error ("--c must be positive, not %g", fixed_c);
      status = GC_EXIT_USAGE;
      goto out;
    }
    g_array_set_size (cs, 0);
    g_array_append_val (cs, fixed_c);
  }
  if (fixed_gamma != 0.0) {
    if (!(fixed_gamma > 0.0) || !isfinite (fixed_gamma)) {
      gc_cli_error ("--gamma must be positive, not %g", fixed_gamma);
      status = GC_EXIT_USAGE;
      goto out;
    }
    g_array_set_size (gammas, 0);
    g_array_append_val (gammas, fixed_gamma);
  }
  if (folds < 2 || folds > 100) {
    gc_cli_error ("--folds must be between 2 and 100, not %d", folds);
    status = GC_EXIT_USAGE;
    goto out;
  }
  if (extra_windows) {
    extra_seconds = gc_cli_parse_extra_windows (
        extra_windows, o.spec.window, &n_extra, &error);
    if (extra_seconds == NULL) {
      gc_cli_error ("%s", error->message);
      status = GC_EXIT_USAGE;
      goto out;
    }
  }
  if (probability && !g_str_equal (probability, "libsvm")) {
    if (!g_str_equal (probability, "grouped")) {
      gc_cli_error (
          "--probability must be libsvm or grouped, not \"%s\"", probability);
      status = GC_EXIT_USAGE;
      goto out;
    }
    grouped_probability = TRUE;
  }
  if (augment) {
    augments = gc_chain_parse_list ("--augment", augment, &error);
    if (augments == NULL) {
      gc_cli_error ("%s", error->message);
      status = GC_EXIT_USAGE;
      goto out;
    }
    n_augments = gc_chain_list_length (augments);
    for (guint a = 0; a < n_augments; a++) {
      if (!gc_chain_check (augments[a], &error)) {
        gc_cli_error ("%s", error->message);
        goto out;
      }
    }
  }

  /* ---- the labelled set ---- */
  set = gc_dataset_load (argv[1], &error);
  if (set == NULL) {
    gc_cli_error ("%s", error->message);
    goto out;
  }
  if (!gc_cli_load_groups (&o, set, &error)) {
    gc_cli_error ("%s", error->message);
    goto out;
  }
  n_labels = set->labels->len;
  labels = (const char *const *)set->labels->pdata;
  if (n_labels < 2) {
    char *display = g_filename_display_name (argv[1]);

    gc_cli_error ("%s: only one genre (\"%s\"): a model needs at least two "
                  "(one folder per genre)",
        display, gc_dataset_label (set, 0));
    g_free (display);
    goto out;
  }
  if (n_labels > GC_MODEL_MAX_LABELS) {
    gc_cli_error (
        "%u genres: a model holds at most %d", n_labels, GC_MODEL_MAX_LABELS);
    goto out;
  }

  /* ---- features ---- */
  cache = gc_cli_cache (&o);
  /* The files as they are, then through each augmentation chain. */
  chains = g_new0 (const GcChain *, n_augments + 2);
  chains[0] = NULL;
  for (guint a = 0; a < n_augments; a++)
    chains[a + 1] = augments[a];
  jobs = gc_cli_extract (
      &o, set, cache, chains, n_augments + 1, (guint64)seed, &stats);
  t_features = now ();
  if (o.strict && (stats.n_failed > 0 || stats.n_skipped > 0)) {
    gc_cli_error ("stopped: a file could not be decoded (--strict)");
    goto out;
  }

  /* The files as they are, in windows of each extra length. */
  extra_jobs = gc_cli_extract_lengths (
      &o, set, cache, extra_seconds, n_extra, (guint64)seed);

  warnings = g_ptr_array_new_with_free_func (g_free);
  {
    const GcExtractJob **copies =
        g_new0 (const GcExtractJob *, n_augments + n_extra + 1);

    for (guint a = 0; a < n_augments; a++)
      copies[a] = jobs + (gsize)(a + 1) * set->items->len;
    for (guint e = 0; e < n_extra; e++)
      copies[n_augments + e] = extra_jobs[e];
    trainset = gc_trainset_new (
        set, jobs, copies, n_augments + n_extra, &o.spec, warnings);
    g_free (copies);
  }
  gc_cli_print_warnings (warnings);
  g_ptr_array_set_size (warnings, 0);

  if (!o.quiet) {
    guint n_items = set->items->len, decoded = 0, cached = 0;

    /* The files themselves; their copies have a line of their own. */
    for (guint i = 0; i < n_items; i++) {
      if (jobs[i].features && jobs[i].source == GC_FEATURES_CACHED)
        cached++;
      else if (jobs[i].features)
        decoded++;
    }
    printf ("genreclassify-train: %u files in %u genres from %s\n", n_items,
        n_labels, set->source);
    printf ("features: %u files: %u decoded, %u from the cache, %u failed, "
            "%u without a usable window; %" G_GSIZE_FORMAT " windows (%u "
            "silent skipped); %.1f s of audio decoded%s in %.2f s\n",
        n_items, decoded, cached, trainset->n_failed, trainset->n_no_window,
        trainset->n_tested, trainset->n_silent, stats.audio_seconds,
        n_augments ? " (files and copies)" : "", stats.seconds);
    for (guint a = 0; a < n_augments; a++)
      printf ("augmented through %s: %u copies, %u windows for training "
              "only, %u copies failed\n",
          augments[a]->name, trainset->n_usable - trainset->copy_failed[a],
          trainset->copy_windows[a], trainset->copy_failed[a]);
    for (guint e = 0; e < n_extra; e++)
      printf ("also in windows of %g s: %u windows for training only\n",
          extra_seconds[e], trainset->copy_windows[n_augments + e]);
    if (set->n_skipped)
      printf ("  (%u hidden or non-audio files skipped)\n", set->n_skipped);
    printf ("  %-20s %8s %8s %8s\n", "genre", "files", "failed", "windows");
    for (guint k = 0; k < n_labels; k++)
      printf ("  %-20s %8u %8u %8u\n", labels[k], trainset->files_per_label[k],
          trainset->failed_per_label[k], trainset->windows_per_label[k]);
  }
  for (guint k = 0; k < n_labels; k++) {
    if (trainset->windows_per_label[k] == 0) {
      gc_cli_error ("genre \"%s\" has no usable window (%u files, %u could "
                    "not be decoded): nothing to learn it from",
          labels[k], trainset->files_per_label[k],
          trainset->failed_per_label[k]);
      goto out;
    }
  }
  n_groups = trainset->grouping->n_groups;

  /* ---- grid search ---- */
  if (cs->len * gammas->len > 1) {
    GcGridProblem problem = {
      .features = (const double *)(void *)trainset->features->data,
      .n = trainset->n,
      .dimension = trainset->dimension,
      .classes = (const int *)(void *)trainset->classes->data,
      .n_classes = n_labels,
      .groups = (const guint *)(void *)trainset->groups->data,
      .n_groups = n_groups,
      .cs = (const double *)(void *)cs->data,
      .n_c = cs->len,
      .gammas = (const double *)(void *)gammas->data,
      .n_gamma = gammas->len,
      .seed = (guint64)seed,
      .n_threads = (guint)o.jobs,
      .fit_done = fit_done,
      .train_only = (const guint8 *)trainset->train_only->data,
    };
    FitProgress fp;

    if (n_groups < 2) {
      gc_cli_error ("cross-validation needs at least 2 distinct %s; give "
                    "--c and --gamma to train without it",
          trainset->grouping->by_file ? "files" : "groups");
      goto out;
    }
    fold_of_group = g_new (guint, n_groups);
    problem.folds = gc_grouping_assign_folds (trainset->grouping,
        problem.classes, problem.groups, problem.train_only, problem.n,
        n_labels, (guint)folds, (guint64)seed, fold_of_group);
    problem.fold_of_group = fold_of_group;
    gc_grouping_check_classes (trainset->grouping, problem.classes,
        problem.groups, problem.train_only, problem.n, labels, n_labels,
        problem.folds, warnings);
    gc_cli_print_warnings (warnings);
    fp.progress = gc_progress_new (stderr, o.progress_mode, "grid search",
        "fits", problem.folds * cs->len * gammas->len);
    problem.user_data = &fp;
    if (!gc_grid_search (&problem, &grid, &error)) {
      gc_progress_free (fp.progress);
      gc_cli_error ("%s", error->message);
      goto out;
    }
    gc_progress_finish (fp.progress);
    gc_progress_free (fp.progress);
    have_grid = TRUE;
    t_grid = grid.seconds;
    best_c = g_array_index (cs, double, grid.best_c);
    best_gamma = g_array_index (gammas, double, grid.best_gamma);
    if (!o.quiet) {
      char *how = gc_grouping_describe_folds (trainset->grouping, grid.folds);

      printf ("grid search: %u C × %u gamma × %u folds = %u fits on %u "
              "threads in %.3f s; per fold: %.3f s for the whole grid, "
              "%.2f ms per fit (one grid point)\n",
          cs->len, gammas->len, grid.folds, grid.n_fits,
          MIN (o.jobs ? (guint)o.jobs : gc_extract_default_threads (),
              grid.n_fits),
          grid.seconds, grid.fit_seconds / grid.folds,
          1000.0 * grid.fit_seconds / grid.n_fits);
      printf ("  %s, seed %" G_GINT64_FORMAT "\n", how, seed);
      g_free (how);
      if (grid.folds < (guint)folds)
        printf ("  (only %u %s: %u folds instead of %d)\n", n_groups,
            trainset->grouping->by_file ? "distinct files" : "groups",
            grid.folds, folds);
      print_grid (&grid, (const double *)(void *)cs->data, cs->len,
          (const double *)(void *)gammas->data, gammas->len);
      printf ("best: C = %.17g (2^%g), gamma = %.17g (2^%g): CV accuracy "
              "%.2f %% (%" G_GUINT64_FORMAT "/%" G_GUINT64_FORMAT " windows)\n",
          best_c, log2 (best_c), best_gamma, log2 (best_gamma),
          100.0 * grid.best_accuracy,
          grid.correct[grid.best_c * gammas->len + grid.best_gamma],
          grid.total);
    }
  } else {
    best_c = g_array_index (cs, double, 0);
    best_gamma = g_array_index (gammas, double, 0);
    if (!o.quiet)
      printf ("no grid search: C = %.17g, gamma = %.17g\n", best_c, best_gamma);
  }

  /* ---- the final model ---- */
  {
    double t0 = now ();

    guint *row_fold = NULL, n_row_folds = 0;

    if (grouped_probability)
      row_fold = gc_grouping_row_folds (trainset->grouping,
          (const int *)(void *)trainset->classes->data,
          (const guint *)(void *)trainset->groups->data,
          (const guint8 *)trainset->train_only->data, trainset->n, n_labels,
          (guint)folds, (guint64)seed, &n_row_folds);
    if (grouped_probability && n_row_folds < 2) {
      g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
          "--probability grouped needs at least 2 distinct %s",
          trainset->grouping->by_file ? "files" : "groups");
    } else {
      model = gc_model_train_folded (
          (const double *)(void *)trainset->features->data,
          (const int *)(void *)trainset->classes->data, trainset->n,
          trainset->feature_set, labels, n_labels, best_c, best_gamma,
          (guint)seed, row_fold, n_row_folds, &error);
    }
    g_free (row_fold);
    t_train = now () - t0;
  }
  if (model == NULL) {
    gc_cli_error ("training failed: %s", error->message);
    goto out;
  }
  gc_model_set_window_seconds (model, o.spec.window);
  {
    char *names = gc_chain_list_names (augments);

    text = g_strdup_printf ("Genre model trained with genreclassify-train on "
                            "%u files (%" G_GSIZE_FORMAT " windows) of %s%s%s.",
        trainset->n_usable, trainset->n_tested, set->source,
        n_augments ? ", each also through " : "", names);
    g_free (names);
  }
  gc_model_set_description (model, description ? description : text);
  g_free (text);
  {
    GcRecipe recipe = {
      .window = o.spec.window,
      .hop = o.spec.hop > 0.0 ? o.spec.hop : o.spec.window,
      .min_window = o.spec.min_window,
      .c = best_c,
      .gamma = best_gamma,
      .seed = seed,
      .augment = n_augments ? gc_chain_list_names (augments) : NULL,
      .extra_windows = n_extra ? join_seconds (extra_seconds, n_extra) : NULL,
      .grouped_probability = grouped_probability,
      .decoders = training_decoders (jobs, set->items->len * (n_augments + 1),
          extra_jobs, n_extra, set->items->len),
    };
    char *recipe_text = gc_recipe_to_string (&recipe);
    GString *t = g_string_new (recipe_text);

    g_free (recipe_text);
    g_free (recipe.augment);
    g_free (recipe.extra_windows);
    g_free (recipe.decoders);
    if (have_grid)
      g_string_append_printf (
          t, ", %u-fold CV accuracy %.4f", grid.folds, grid.best_accuracy);
    /* Folds by file need no word: they are what the tool always did. */
    if (have_grid && !trainset->grouping->by_file)
      g_string_append_printf (
          t, " (folds %s)", trainset->grouping->description);
    gc_model_set_trained_by (model, t->str);
    g_string_free (t, TRUE);
  }
  {
    char *dir = g_path_get_dirname (path);

    if (g_mkdir_with_parents (dir, 0755) != 0) {
      gc_cli_error ("cannot create the folder %s: %s", dir, g_strerror (errno));
      g_free (dir);
      goto out;
    }
    g_free (dir);
  }
  if (!gc_model_save (model, path, &error)) {
    gc_cli_error ("cannot write the model: %s", error->message);
    goto out;
  }

  if (!o.quiet) {
    guint correct = 0;
    double *p = g_newa (double, n_labels);

    /* The files' own windows: copies are not what the model is for. */
    for (gsize i = 0; i < trainset->n_tested; i++) {
      if (!gc_model_predict (model, gc_trainset_row (trainset, i), p))
        continue;
      if ((int)gc_distribution_top (p, n_labels)
          == g_array_index (trainset->classes, int, i))
        correct++;
    }
    printf ("model: %u support vectors, training-set accuracy %.2f %% "
            "(%u/%" G_GSIZE_FORMAT " windows)\n",
        gc_model_get_n_support_vectors (model),
        100.0 * correct / trainset->n_tested, correct, trainset->n_tested);
    printf ("wrote %s (and its .svm beside it)\n", path);
    printf ("time: features %.2f s, grid search %.2f s, final training "
            "%.2f s, total %.2f s\n",
        t_features - t_start, t_grid, t_train, now () - t_start);
  }
  store_error = cache ? gc_feature_cache_get_store_error (cache) : NULL;
  if (store_error) {
    fprintf (stderr, "warning: the feature cache could not be written: %s\n",
        store_error);
    g_free (store_error);
  }
  status = GC_EXIT_OK;

out:
  g_clear_error (&error);
  g_option_context_free (ctx);
  if (jobs)
    gc_cli_jobs_free (jobs, set->items->len * (n_augments + 1));
  gc_cli_length_jobs_free (extra_jobs, n_extra, set ? set->items->len : 0);
  g_free (extra_seconds);
  g_free (extra_windows);
  g_free (augments);
  g_free (chains);
  g_free (augment);
  g_free (probability);
  gc_trainset_free (trainset);
  if (warnings)
    g_ptr_array_free (warnings, TRUE);
  g_free (fold_of_group);
  gc_dataset_free (set);
  gc_feature_cache_free (cache);
  gc_grid_result_clear (&grid);
  gc_model_free (model);
  g_array_free (cs, TRUE);
  g_array_free (gammas, TRUE);
  g_free (path);
  g_free (output);
  g_free (log2c);
  g_free (log2g);
  g_free (description);
  gc_cli_options_clear (&o);
  return status;
}
