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
#include "gc-tag-labels.h"
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

/* Everything one run of the tool holds, filled phase by phase. */
typedef struct {
  /* the command line */
  GcCliOptions o;
  char *output, *log2c, *log2g, *description;
  char *augment, *probability, *extra_windows;
  double fixed_c, fixed_gamma;
  gint folds;
  gint64 seed, max_rows;
  const char *set_path;
  /* --labels-from-tags: the folders, and how their genres become labels */
  gboolean from_tags;
  const char *const *folders;
  char *genre_map, *genre_values, *save_labels;
  gint min_artists;
  GcTagLabelsOptions tag_options;
  GcGenreMap *map;

  /* the plan, checked */
  char *path;
  GArray *cs, *gammas;
  double *extra_seconds;
  guint n_extra;
  const GcChain **augments;
  guint n_augments;
  gboolean grouped_probability;

  /* the labelled set and its features */
  GcDataset *set;
  const char *const *labels;
  guint n_labels;
  GcFeatureCache *cache;
  const GcChain **chains;
  GcExtractJob *jobs;
  GcExtractJob **extra_jobs;
  GcExtractStats stats;
  GcTrainset *trainset;
  GPtrArray *warnings;

  /* the grid search and the final model */
  guint *fold_of_group;
  GcGridResult grid;
  gboolean have_grid;
  double best_c, best_gamma;
  GcModel *model;

  double t_start, t_features, t_grid, t_train;
} Train;

static void
train_init (Train *t)
{
  memset (t, 0, sizeof (*t));
  gc_cli_options_init (&t->o);
  t->folds = DEFAULT_FOLDS;
  t->seed = DEFAULT_SEED;
  t->min_artists = GC_TAG_LABELS_DEFAULT_MIN_ARTISTS;
  t->cs = g_array_new (FALSE, FALSE, sizeof (double));
  t->gammas = g_array_new (FALSE, FALSE, sizeof (double));
  t->t_start = now ();
}

static void
train_clear (Train *t)
{
  if (t->jobs)
    gc_cli_jobs_free (t->jobs, t->set->items->len * (t->n_augments + 1));
  gc_cli_length_jobs_free (
      t->extra_jobs, t->n_extra, t->set ? t->set->items->len : 0);
  g_free (t->extra_seconds);
  g_free (t->extra_windows);
  g_free (t->augments);
  g_free (t->chains);
  g_free (t->augment);
  g_free (t->probability);
  gc_trainset_free (t->trainset);
  if (t->warnings)
    g_ptr_array_free (t->warnings, TRUE);
  g_free (t->fold_of_group);
  gc_dataset_free (t->set);
  gc_feature_cache_free (t->cache);
  gc_grid_result_clear (&t->grid);
  gc_model_free (t->model);
  g_array_free (t->cs, TRUE);
  g_array_free (t->gammas, TRUE);
  g_free (t->path);
  g_free (t->output);
  g_free (t->log2c);
  g_free (t->log2g);
  g_free (t->description);
  g_free (t->genre_map);
  g_free (t->genre_values);
  g_free (t->save_labels);
  gc_genre_map_free (t->map);
  gc_cli_options_clear (&t->o);
}

/* ---- parse ------------------------------------------------------------- */

static int
parse_command_line (Train *t, int *argc, char ***argv)
{
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &t->output,
        "The model bundle to write: MODEL.ini (and MODEL.svm beside it), or "
        "a folder for FOLDER/model.ini",
        "FILE" },
    { "folds", 'k', 0, G_OPTION_ARG_INT, &t->folds,
        "Cross-validation folds (default 5; files, not windows, are "
        "split)",
        "K" },
    { "log2c", 0, 0, G_OPTION_ARG_STRING, &t->log2c,
        "C grid as log2 BEGIN,END,STEP (default " DEFAULT_LOG2C ")", "B,E,S" },
    { "log2g", 0, 0, G_OPTION_ARG_STRING, &t->log2g,
        "gamma grid as log2 BEGIN,END,STEP (default " DEFAULT_LOG2G ")",
        "B,E,S" },
    { "c", 'c', 0, G_OPTION_ARG_DOUBLE, &t->fixed_c,
        "Use this C instead of searching a grid", "C" },
    { "gamma", 'g', 0, G_OPTION_ARG_DOUBLE, &t->fixed_gamma,
        "Use this gamma instead of searching a grid", "GAMMA" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &t->seed,
        "Seed of the folds and of libsvm's probability training (default "
        "1): the same seed and data give the same model",
        "N" },
    { "max-rows", 0, 0, G_OPTION_ARG_INT64, &t->max_rows,
        "Train on at most N windows, shared evenly among the genres and "
        "within each genre among its groups (artists), drawn with --seed: "
        "bounded time and memory for a large library (default 0: every "
        "window; docs/training.md)",
        "N" },
    { "description", 0, 0, G_OPTION_ARG_STRING, &t->description,
        "The model's description (what it was trained on)", "TEXT" },
    { "augment", 0, 0, G_OPTION_ARG_STRING, &t->augment,
        "Also train on every file through each of these recording chains "
        "(NAME[,NAME...], listed below): extra training windows, in their "
        "file's fold, never scored by the cross-validation",
        "NAMES" },
    { "extra-windows", 0, 0, G_OPTION_ARG_STRING, &t->extra_windows,
        "Also train on every file cut into back-to-back windows of these "
        "lengths (S[,S...] seconds, shorter than --window): extra training "
        "windows in their file's fold, never scored, so that the model "
        "learns the short windows the element also reports",
        "S,S" },
    { "probability", 0, 0, G_OPTION_ARG_STRING, &t->probability,
        "How the probability estimates are fitted: libsvm (default; its own "
        "5-fold split by window) or grouped (on K folds that keep each group "
        "and a file's augmented copies together; docs/training.md)",
        "HOW" },
    { "labels-from-tags", 0, 0, G_OPTION_ARG_NONE, &t->from_tags,
        "SET is one or more folders of tagged music: each file's genre tag "
        "is its label, its album artist (else artist, else folder; on a "
        "compilation the artist) its "
        "group (docs/howto-your-genres.md); or list files of "
        "PATH<TAB>GENRE<TAB>ARTIST lines standing for the tags (a music "
        "library's fields), under the same rules",
        NULL },
    { "genre-map", 0, 0, G_OPTION_ARG_FILENAME, &t->genre_map,
        "With --labels-from-tags: merge or rename genres by this file's "
        "\"From<TAB>To\" or \"From = To\" lines",
        "FILE" },
    { "genre-values", 0, 0, G_OPTION_ARG_STRING, &t->genre_values,
        "With --labels-from-tags: a file of several genres gives its first "
        "(first, default) or is left out (skip)",
        "first|skip" },
    { "min-artists", 0, 0, G_OPTION_ARG_INT, &t->min_artists,
        "With --labels-from-tags: leave out genres of fewer artists "
        "(default 3: grouped cross-validation needs each genre in several "
        "folds)",
        "N" },
    { "save-labels", 0, 0, G_OPTION_ARG_FILENAME, &t->save_labels,
        "With --labels-from-tags: also write the labels found as a list "
        "file (PATH<TAB>GENRE<TAB>ARTIST), e.g. for genreclassify-eval --cv",
        "FILE" },
    { NULL },
  };
  char *help = gc_chain_help ();
  char *description = g_strdup_printf (
      "Recording chains (--augment):\n%s\n"
      "Examples:\n  genreclassify-train --window 30 -o mymodel/model.ini "
      "~/music/genres\n  genreclassify-train --groups clips.tsv --augment "
      "mp3-32k-96k,mp3-44k-128k -o mymodel train.list\n\nExit status: 0 "
      "model written, 1 failure, 2 bad command line. See docs/training.md.",
      help);
  GError *error = NULL;
  gboolean ok =
      gc_cli_parse (&t->o, GC_CLI_GROUP_ENTRIES | GC_CLI_FEATURE_ENTRIES,
          entries, "SET - train a genre model bundle",
          "SET is a folder with one folder per genre (SET/GENRE/FILE, at any "
          "depth below GENRE) or a list file of PATH<TAB>GENRE lines; with "
          "--labels-from-tags, one or more folders of tagged music (or "
          "lists of their tags). Every "
          "analysis window of every file is one training example.",
          description, argc, argv, &error);

  g_free (description);
  g_free (help);
  if (!ok) {
    gc_cli_error ("%s", error->message);
    g_error_free (error);
    return GC_EXIT_USAGE;
  }
  if (t->from_tags && *argc >= 2 && t->output) {
    t->folders = (const char *const *)(*argv + 1);
    return GC_EXIT_OK;
  }
  if (*argc != 2 || t->output == NULL) {
    gc_cli_error (t->from_tags && *argc < 2
            ? "expected one or more FOLDERs of tagged music; see --help"
            : *argc != 2 ? "expected one SET (a folder or a list file); "
                           "see --help"
                         : "--output is required; see --help");
    return GC_EXIT_USAGE;
  }
  t->set_path = (*argv)[1];
  return GC_EXIT_OK;
}

/* ---- plan: the options checked and resolved ----------------------------- */

static int
plan (Train *t)
{
  GError *error = NULL;

  if (!gc_cli_check (&t->o, 30.0, &error)
      || !(t->path = resolve_output (t->output, &error))
      || !gc_cli_parse_log2 (
          "--log2c", t->log2c ? t->log2c : DEFAULT_LOG2C, t->cs, &error)
      || !gc_cli_parse_log2 (
          "--log2g", t->log2g ? t->log2g : DEFAULT_LOG2G, t->gammas, &error)) {
    gc_cli_error ("%s", error->message);
    g_error_free (error);
    return GC_EXIT_USAGE;
  }
  if (t->fixed_c != 0.0) {
    if (!(t->fixed_c > 0.0) || !isfinite (t->fixed_c)) {
      gc_cli_error ("--c must be positive, not %g", t->fixed_c);
      return GC_EXIT_USAGE;
    }
    g_array_set_size (t->cs, 0);
    g_array_append_val (t->cs, t->fixed_c);
  }
  if (t->fixed_gamma != 0.0) {
    if (!(t->fixed_gamma > 0.0) || !isfinite (t->fixed_gamma)) {
      gc_cli_error ("--gamma must be positive, not %g", t->fixed_gamma);
      return GC_EXIT_USAGE;
    }
    g_array_set_size (t->gammas, 0);
    g_array_append_val (t->gammas, t->fixed_gamma);
  }
  if (t->folds < 2 || t->folds > 100) {
    gc_cli_error ("--folds must be between 2 and 100, not %d", t->folds);
    return GC_EXIT_USAGE;
  }
  if (t->extra_windows) {
    t->extra_seconds = gc_cli_parse_extra_windows (
        t->extra_windows, t->o.spec.window, &t->n_extra, &error);
    if (t->extra_seconds == NULL) {
      gc_cli_error ("%s", error->message);
      g_error_free (error);
      return GC_EXIT_USAGE;
    }
  }
  if (!t->from_tags
      && (t->genre_map || t->genre_values || t->save_labels
          || t->min_artists != GC_TAG_LABELS_DEFAULT_MIN_ARTISTS)) {
    gc_cli_error ("--genre-map, --genre-values, --min-artists and "
                  "--save-labels go with --labels-from-tags");
    return GC_EXIT_USAGE;
  }
  if (t->from_tags && t->o.groups) {
    gc_cli_error ("--groups cannot be used with --labels-from-tags: the "
                  "groups are the files' album artists");
    return GC_EXIT_USAGE;
  }
  if (t->min_artists < 1) {
    gc_cli_error ("--min-artists must be at least 1, not %d", t->min_artists);
    return GC_EXIT_USAGE;
  }
  t->tag_options.min_artists = (guint)t->min_artists;
  if (t->genre_values && !g_str_equal (t->genre_values, "first")) {
    if (!g_str_equal (t->genre_values, "skip")) {
      gc_cli_error (
          "--genre-values must be first or skip, not \"%s\"", t->genre_values);
      return GC_EXIT_USAGE;
    }
    t->tag_options.values = GC_GENRE_VALUES_SKIP;
  }
  if (t->genre_map) {
    t->map = gc_genre_map_load (t->genre_map, &error);
    if (t->map == NULL) {
      gc_cli_error ("--genre-map: %s", error->message);
      g_error_free (error);
      return GC_EXIT_USAGE;
    }
    t->tag_options.map = t->map;
  }
  if (t->max_rows < 0) {
    gc_cli_error (
        "--max-rows must be 0 (every window) or more, not %" G_GINT64_FORMAT,
        t->max_rows);
    return GC_EXIT_USAGE;
  }
  if (t->probability && !g_str_equal (t->probability, "libsvm")) {
    if (!g_str_equal (t->probability, "grouped")) {
      gc_cli_error ("--probability must be libsvm or grouped, not \"%s\"",
          t->probability);
      return GC_EXIT_USAGE;
    }
    t->grouped_probability = TRUE;
  }
  if (t->augment) {
    t->augments = gc_cli_parse_chains ("--augment", t->augment, &error);
    if (t->augments == NULL) {
      gc_cli_error ("%s", error->message);
      g_error_free (error);
      return GC_EXIT_USAGE;
    }
    t->n_augments = gc_chain_list_length (t->augments);
    for (guint a = 0; a < t->n_augments; a++) {
      if (!gc_chain_check (t->augments[a], &error)) {
        gc_cli_error ("%s", error->message);
        g_error_free (error);
        return GC_EXIT_FAILURE;
      }
    }
  }
  return GC_EXIT_OK;
}

/* ---- run --------------------------------------------------------------- */

/* --save-labels: the set as a list file the other tools read. */
static gboolean
save_labels (const GcDataset *set, const char *path, GError **error)
{
  GString *s = g_string_new ("# PATH<TAB>GENRE<TAB>ARTIST, from the tags "
                             "(genreclassify-train --labels-from-tags)\n");
  gboolean ok;

  for (guint i = 0; i < set->items->len; i++) {
    const GcDatasetItem *item = gc_dataset_item (set, i);
    char *full = g_canonicalize_filename (item->path, NULL);

    g_string_append_printf (s, "%s\t%s\t%s\n", full,
        gc_dataset_label (set, item->label), item->group);
    g_free (full);
  }
  ok = g_file_set_contents (path, s->str, s->len, error);
  g_string_free (s, TRUE);
  return ok;
}

static void
report_tag_labels (const GcTagLabelsReport *r)
{
  printf ("labels from tags: %u audio files, %u used; left out: %u "
          "unreadable tags, %u without a genre tag, %u empty genre, %u "
          "invalid genre, %u several genres, %u genre written by "
          "genreclassify, %u of genres with too few artists; the map changed "
          "the genre of %u files\n",
      r->n_files, r->n_used, r->n_unreadable, r->n_no_genre, r->n_empty_genre,
      r->n_bad_genre, r->n_several, r->n_ours, r->n_few_artists, r->n_mapped);
  for (guint i = 0; i < r->left_out_genres->len; i++)
    printf ("  left out: %s\n",
        (const char *)g_ptr_array_index (r->left_out_genres, i));
}

static int
load_tag_set (Train *t)
{
  GPtrArray *messages = g_ptr_array_new_with_free_func (g_free);
  GcTagLabelsReport report;
  GError *error = NULL;

  t->set = gc_tag_labels_load (
      t->folders, &t->tag_options, messages, &report, &error);
  gc_cli_print_warnings (messages);
  g_ptr_array_free (messages, TRUE);
  if (!t->o.quiet)
    report_tag_labels (&report);
  gc_tag_labels_report_clear (&report);
  if (t->set && t->save_labels
      && !save_labels (t->set, t->save_labels, &error)) {
    gc_dataset_free (t->set);
    t->set = NULL;
  }
  if (t->set == NULL) {
    gc_cli_error ("%s", error->message);
    g_error_free (error);
    return GC_EXIT_FAILURE;
  }
  return GC_EXIT_OK;
}

static int
load_set (Train *t)
{
  GError *error = NULL;

  if (t->from_tags) {
    int status = load_tag_set (t);

    if (status != GC_EXIT_OK)
      return status;
  } else {
    t->set = gc_dataset_load (t->set_path, &error);
  }
  if (t->set == NULL || !gc_cli_load_groups (&t->o, t->set, &error)) {
    gc_cli_error ("%s", error->message);
    g_error_free (error);
    return GC_EXIT_FAILURE;
  }
  t->n_labels = t->set->labels->len;
  t->labels = (const char *const *)t->set->labels->pdata;
  if (t->n_labels < 2) {
    char *display = g_filename_display_name (t->set_path);

    gc_cli_error ("%s: only one genre (\"%s\"): a model needs at least two "
                  "(one folder per genre)",
        display, gc_dataset_label (t->set, 0));
    g_free (display);
    return GC_EXIT_FAILURE;
  }
  if (t->n_labels > GC_MODEL_MAX_LABELS) {
    gc_cli_error ("%u genres: a model holds at most %d", t->n_labels,
        GC_MODEL_MAX_LABELS);
    return GC_EXIT_FAILURE;
  }
  return GC_EXIT_OK;
}

static int
extract_features (Train *t)
{
  const GcExtractJob **copies;

  t->cache = gc_cli_cache (&t->o);
  /* The files as they are, then through each augmentation chain. */
  t->chains = g_new0 (const GcChain *, t->n_augments + 2);
  t->chains[0] = NULL;
  for (guint a = 0; a < t->n_augments; a++)
    t->chains[a + 1] = t->augments[a];
  t->jobs = gc_cli_extract (&t->o, t->set, t->cache, t->chains,
      t->n_augments + 1, (guint64)t->seed, &t->stats);
  t->t_features = now ();
  if (t->o.strict && (t->stats.n_failed > 0 || t->stats.n_skipped > 0)) {
    gc_cli_error ("stopped: a file could not be decoded (--strict)");
    return GC_EXIT_FAILURE;
  }

  /* The files as they are, in windows of each extra length. */
  t->extra_jobs = gc_cli_extract_lengths (
      &t->o, t->set, t->cache, t->extra_seconds, t->n_extra, (guint64)t->seed);

  t->warnings = g_ptr_array_new_with_free_func (g_free);
  copies = g_new0 (const GcExtractJob *, t->n_augments + t->n_extra + 1);
  for (guint a = 0; a < t->n_augments; a++)
    copies[a] = t->jobs + (gsize)(a + 1) * t->set->items->len;
  for (guint e = 0; e < t->n_extra; e++)
    copies[t->n_augments + e] = t->extra_jobs[e];
  t->trainset = gc_trainset_new (t->set, t->jobs, copies,
      t->n_augments + t->n_extra, &t->o.spec, t->warnings);
  g_free (copies);
  gc_cli_print_warnings (t->warnings);
  g_ptr_array_set_size (t->warnings, 0);
  return GC_EXIT_OK;
}

static void
report_features (const Train *t)
{
  const GcTrainset *ts = t->trainset;
  guint n_items = t->set->items->len, decoded = 0, cached = 0;

  /* The files themselves; their copies have a line of their own. */
  for (guint i = 0; i < n_items; i++) {
    if (t->jobs[i].features && t->jobs[i].source == GC_FEATURES_CACHED)
      cached++;
    else if (t->jobs[i].features)
      decoded++;
  }
  printf ("genreclassify-train: %u files in %u genres from %s\n", n_items,
      t->n_labels, t->set->source);
  printf ("features: %u files: %u decoded, %u from the cache, %u failed, "
          "%u without a usable window; %" G_GSIZE_FORMAT " windows (%u "
          "silent skipped); %.1f s of audio decoded%s in %.2f s\n",
      n_items, decoded, cached, ts->n_failed, ts->n_no_window, ts->n_tested,
      ts->n_silent, t->stats.audio_seconds,
      t->n_augments ? " (files and copies)" : "", t->stats.seconds);
  for (guint a = 0; a < t->n_augments; a++)
    printf ("augmented through %s: %u copies, %u windows for training "
            "only, %u copies failed\n",
        t->augments[a]->name, ts->n_usable - ts->copy_failed[a],
        ts->copy_windows[a], ts->copy_failed[a]);
  for (guint e = 0; e < t->n_extra; e++)
    printf ("also in windows of %g s: %u windows for training only\n",
        t->extra_seconds[e], ts->copy_windows[t->n_augments + e]);
  if (t->set->n_skipped)
    printf ("  (%u hidden or non-audio files skipped)\n", t->set->n_skipped);
  printf ("  %-20s %8s %8s %8s\n", "genre", "files", "failed", "windows");
  for (guint k = 0; k < t->n_labels; k++)
    printf ("  %-20s %8u %8u %8u\n", t->labels[k], ts->files_per_label[k],
        ts->failed_per_label[k], ts->windows_per_label[k]);
}

/* --max-rows: a balanced, seeded share of the windows, before anything is
 * trained on them. */
static int
sample_rows (Train *t)
{
  GcTrainset *ts = t->trainset;
  guint8 *keep;
  gsize before = ts->n;

  if (t->max_rows == 0 || (gsize)t->max_rows >= ts->n)
    return GC_EXIT_OK;
  /* Each genre needs a window to learn it from. */
  if ((gsize)t->max_rows < t->n_labels) {
    gc_cli_error ("--max-rows %" G_GINT64_FORMAT " is fewer than the %u "
                  "genres",
        t->max_rows, t->n_labels);
    return GC_EXIT_USAGE;
  }
  keep = g_new (guint8, ts->n);
  gc_rows_sample ((const int *)(void *)ts->classes->data,
      (const guint *)(void *)ts->groups->data, ts->n, t->n_labels,
      ts->grouping->n_groups, NULL, (gsize)t->max_rows, (guint64)t->seed, keep);
  gc_trainset_keep_rows (ts, keep);
  g_free (keep);
  if (!t->o.quiet)
    printf ("--max-rows: training on %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT
            " windows (%" G_GSIZE_FORMAT " of the files' own), balanced by "
            "genre and %s\n",
        ts->n, before, ts->n_tested, ts->grouping->by_file ? "file" : "group");
  return GC_EXIT_OK;
}

/* Every genre needs a window to learn it from. */
static int
check_every_genre (const Train *t)
{
  const GcTrainset *ts = t->trainset;

  for (guint k = 0; k < t->n_labels; k++) {
    if (ts->windows_per_label[k] == 0) {
      gc_cli_error ("genre \"%s\" has no usable window (%u files, %u could "
                    "not be decoded): nothing to learn it from",
          t->labels[k], ts->files_per_label[k], ts->failed_per_label[k]);
      return GC_EXIT_FAILURE;
    }
  }
  return GC_EXIT_OK;
}

static void
report_grid (const Train *t)
{
  const GcGridResult *grid = &t->grid;
  const GcTrainset *ts = t->trainset;
  guint n_groups = ts->grouping->n_groups;
  char *how = gc_grouping_describe_folds (ts->grouping, grid->folds);

  printf ("grid search: %u C × %u gamma × %u folds = %u fits on %u "
          "threads in %.3f s; per fold: %.3f s for the whole grid, "
          "%.2f ms per fit (one grid point)\n",
      t->cs->len, t->gammas->len, grid->folds, grid->n_fits,
      MIN (t->o.jobs ? (guint)t->o.jobs : gc_extract_default_threads (),
          grid->n_fits),
      grid->seconds, grid->fit_seconds / grid->folds,
      1000.0 * grid->fit_seconds / grid->n_fits);
  printf ("  %s, seed %" G_GINT64_FORMAT "\n", how, t->seed);
  g_free (how);
  if (grid->folds < (guint)t->folds)
    printf ("  (only %u %s: %u folds instead of %d)\n", n_groups,
        ts->grouping->by_file ? "distinct files" : "groups", grid->folds,
        t->folds);
  print_grid (grid, (const double *)(void *)t->cs->data, t->cs->len,
      (const double *)(void *)t->gammas->data, t->gammas->len);
  printf ("best: C = %.17g (2^%g), gamma = %.17g (2^%g): CV accuracy "
          "%.2f %% (%" G_GUINT64_FORMAT "/%" G_GUINT64_FORMAT " windows)\n",
      t->best_c, log2 (t->best_c), t->best_gamma, log2 (t->best_gamma),
      100.0 * grid->best_accuracy,
      grid->correct[grid->best_c * t->gammas->len + grid->best_gamma],
      grid->total);
}

/* (C, gamma) by cross-validation over the grid, or the one pair given. */
static int
choose_parameters (Train *t)
{
  GcTrainset *ts = t->trainset;
  guint n_groups = ts->grouping->n_groups;
  GcGridProblem problem;
  FitProgress fp;
  GError *error = NULL;

  if (t->cs->len * t->gammas->len <= 1) {
    t->best_c = g_array_index (t->cs, double, 0);
    t->best_gamma = g_array_index (t->gammas, double, 0);
    if (!t->o.quiet)
      printf ("no grid search: C = %.17g, gamma = %.17g\n", t->best_c,
          t->best_gamma);
    return GC_EXIT_OK;
  }
  problem = (GcGridProblem){
    .features = (const double *)(void *)ts->features->data,
    .n = ts->n,
    .dimension = ts->dimension,
    .classes = (const int *)(void *)ts->classes->data,
    .n_classes = t->n_labels,
    .groups = (const guint *)(void *)ts->groups->data,
    .n_groups = n_groups,
    .cs = (const double *)(void *)t->cs->data,
    .n_c = t->cs->len,
    .gammas = (const double *)(void *)t->gammas->data,
    .n_gamma = t->gammas->len,
    .seed = (guint64)t->seed,
    .n_threads = (guint)t->o.jobs,
    .fit_done = fit_done,
    .train_only = (const guint8 *)ts->train_only->data,
  };
  if (n_groups < 2) {
    gc_cli_error ("cross-validation needs at least 2 distinct %s; give "
                  "--c and --gamma to train without it",
        ts->grouping->by_file ? "files" : "groups");
    return GC_EXIT_FAILURE;
  }
  t->fold_of_group = g_new (guint, n_groups);
  problem.folds = gc_grouping_assign_folds (ts->grouping, problem.classes,
      problem.groups, problem.train_only, problem.n, t->n_labels,
      (guint)t->folds, (guint64)t->seed, t->fold_of_group);
  problem.fold_of_group = t->fold_of_group;
  gc_grouping_check_classes (ts->grouping, problem.classes, problem.groups,
      problem.train_only, problem.n, t->labels, t->n_labels, problem.folds,
      t->warnings);
  gc_cli_print_warnings (t->warnings);
  fp.progress = gc_progress_new (stderr, t->o.progress_mode, "grid search",
      "fits", problem.folds * t->cs->len * t->gammas->len);
  problem.user_data = &fp;
  if (!gc_grid_search (&problem, &t->grid, &error)) {
    gc_progress_free (fp.progress);
    gc_cli_error ("%s", error->message);
    g_error_free (error);
    return GC_EXIT_FAILURE;
  }
  gc_progress_finish (fp.progress);
  gc_progress_free (fp.progress);
  t->have_grid = TRUE;
  t->t_grid = t->grid.seconds;
  t->best_c = g_array_index (t->cs, double, t->grid.best_c);
  t->best_gamma = g_array_index (t->gammas, double, t->grid.best_gamma);
  if (!t->o.quiet)
    report_grid (t);
  return GC_EXIT_OK;
}

/* The model's description and trained-by: what it was made from, and how. */
static void
describe_model (Train *t)
{
  const GcTrainset *ts = t->trainset;
  char *names = gc_chain_list_names (t->augments);
  char *text =
      g_strdup_printf ("Genre model trained with genreclassify-train "
                       "on %u files (%" G_GSIZE_FORMAT " windows) of %s%s%s.",
          ts->n_usable, ts->n_tested, t->set->source,
          t->n_augments ? ", each also through " : "", names);
  GcRecipe recipe = {
    .window = t->o.spec.window,
    .hop = t->o.spec.hop > 0.0 ? t->o.spec.hop : t->o.spec.window,
    .min_window = t->o.spec.min_window,
    .c = t->best_c,
    .gamma = t->best_gamma,
    .seed = t->seed,
    .augment = t->n_augments ? gc_chain_list_names (t->augments) : NULL,
    .extra_windows =
        t->n_extra ? join_seconds (t->extra_seconds, t->n_extra) : NULL,
    .grouped_probability = t->grouped_probability,
    .max_rows = t->max_rows,
    .decoders =
        training_decoders (t->jobs, t->set->items->len * (t->n_augments + 1),
            t->extra_jobs, t->n_extra, t->set->items->len),
  };
  char *recipe_text = gc_recipe_to_string (&recipe);
  GString *trained_by = g_string_new (recipe_text);

  g_free (names);
  gc_model_set_description (t->model, t->description ? t->description : text);
  g_free (text);
  g_free (recipe_text);
  g_free (recipe.augment);
  g_free (recipe.extra_windows);
  g_free (recipe.decoders);
  if (t->have_grid)
    g_string_append_printf (trained_by, ", %u-fold CV accuracy %.4f",
        t->grid.folds, t->grid.best_accuracy);
  /* Folds by file need no word: they are what the tool always did. */
  if (t->have_grid && !ts->grouping->by_file)
    g_string_append_printf (
        trained_by, " (folds %s)", ts->grouping->description);
  gc_model_set_trained_by (t->model, trained_by->str);
  g_string_free (trained_by, TRUE);
}

static int
train_final_model (Train *t)
{
  const GcTrainset *ts = t->trainset;
  double t0 = now ();
  guint *row_fold = NULL, n_row_folds = 0;
  GError *error = NULL;

  if (t->grouped_probability)
    row_fold = gc_grouping_row_folds (ts->grouping,
        (const int *)(void *)ts->classes->data,
        (const guint *)(void *)ts->groups->data,
        (const guint8 *)ts->train_only->data, ts->n, t->n_labels,
        (guint)t->folds, (guint64)t->seed, &n_row_folds);
  if (t->grouped_probability && n_row_folds < 2) {
    g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
        "--probability grouped needs at least 2 distinct %s",
        ts->grouping->by_file ? "files" : "groups");
  } else {
    t->model =
        gc_model_train_folded ((const double *)(void *)ts->features->data,
            (const int *)(void *)ts->classes->data, ts->n, ts->feature_set,
            t->labels, t->n_labels, t->best_c, t->best_gamma, (guint)t->seed,
            row_fold, n_row_folds, &error);
  }
  g_free (row_fold);
  t->t_train = now () - t0;
  if (t->model == NULL) {
    gc_cli_error ("training failed: %s", error->message);
    g_error_free (error);
    return GC_EXIT_FAILURE;
  }
  gc_model_set_window_seconds (t->model, t->o.spec.window);
  describe_model (t);
  return GC_EXIT_OK;
}

static int
save_model (const Train *t)
{
  char *dir = g_path_get_dirname (t->path);
  GError *error = NULL;

  if (g_mkdir_with_parents (dir, 0755) != 0) {
    gc_cli_error ("cannot create the folder %s: %s", dir, g_strerror (errno));
    g_free (dir);
    return GC_EXIT_FAILURE;
  }
  g_free (dir);
  if (!gc_model_save (t->model, t->path, &error)) {
    gc_cli_error ("cannot write the model: %s", error->message);
    g_error_free (error);
    return GC_EXIT_FAILURE;
  }
  return GC_EXIT_OK;
}

/* ---- report ------------------------------------------------------------ */

static void
report_model (const Train *t)
{
  const GcTrainset *ts = t->trainset;
  guint correct = 0;
  double *p = g_newa (double, t->n_labels);

  /* The files' own windows: copies are not what the model is for. */
  for (gsize i = 0; i < ts->n_tested; i++) {
    if (!gc_model_predict (t->model, gc_trainset_row (ts, i), p))
      continue;
    if ((int)gc_distribution_top (p, t->n_labels)
        == g_array_index (ts->classes, int, i))
      correct++;
  }
  printf ("model: %u support vectors, training-set accuracy %.2f %% "
          "(%u/%" G_GSIZE_FORMAT " windows)\n",
      gc_model_get_n_support_vectors (t->model), 100.0 * correct / ts->n_tested,
      correct, ts->n_tested);
  printf ("wrote %s (and its .svm beside it)\n", t->path);
  printf ("time: features %.2f s, grid search %.2f s, final training "
          "%.2f s, total %.2f s\n",
      t->t_features - t->t_start, t->t_grid, t->t_train, now () - t->t_start);
}

int
main (int argc, char **argv)
{
  Train t;
  int status;

  g_set_prgname ("genreclassify-train");
  train_init (&t);
  status = parse_command_line (&t, &argc, &argv);
  if (status == GC_EXIT_OK)
    status = plan (&t);
  if (status == GC_EXIT_OK)
    status = load_set (&t);
  if (status == GC_EXIT_OK)
    status = extract_features (&t);
  if (status == GC_EXIT_OK) {
    if (!t.o.quiet)
      report_features (&t);
    status = check_every_genre (&t);
  }
  if (status == GC_EXIT_OK)
    status = sample_rows (&t);
  if (status == GC_EXIT_OK)
    status = choose_parameters (&t);
  if (status == GC_EXIT_OK)
    status = train_final_model (&t);
  if (status == GC_EXIT_OK)
    status = save_model (&t);
  if (status == GC_EXIT_OK) {
    if (!t.o.quiet)
      report_model (&t);
    gc_cli_warn_cache_store_error (t.cache);
  }
  train_clear (&t);
  return status;
}
