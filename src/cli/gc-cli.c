/* genreclassify — options and steps shared by the command-line tools
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <gst/gst.h>

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gc-cli.h"
#include "gc-model.h"
#include "gc-stats.h"

void
gc_cli_options_init (GcCliOptions *o)
{
  memset (o, 0, sizeof (*o));
  o->window = o->hop = o->min_window = NAN;
}

void
gc_cli_options_clear (GcCliOptions *o)
{
  g_free (o->cache_dir);
  g_free (o->progress);
  g_strfreev (o->groups);
  g_free (o->group_column);
  g_free (o->features);
  memset (o, 0, sizeof (*o));
}

gboolean
gc_cli_parse (GcCliOptions *o, GcCliEntries extra, const GOptionEntry *entries,
    const char *parameter_string, const char *summary, const char *description,
    int *argc, char ***argv, GError **error)
{
  GOptionContext *ctx = g_option_context_new (parameter_string);
  gboolean ok;

  g_option_context_set_summary (ctx, summary);
  g_option_context_set_description (ctx, description);
  g_option_context_add_main_entries (ctx, entries, NULL);
  gc_cli_add_entries (ctx, o);
  if (extra & GC_CLI_GROUP_ENTRIES)
    gc_cli_add_group_entries (ctx, o);
  if (extra & GC_CLI_FEATURE_ENTRIES)
    gc_cli_add_feature_entries (ctx, o);
  g_option_context_add_group (ctx, gst_init_get_option_group ());
  ok = g_option_context_parse (ctx, argc, argv, error);
  g_option_context_free (ctx);
  return ok;
}

void
gc_cli_add_entries (GOptionContext *context, GcCliOptions *o)
{
  GOptionEntry entries[] = {
    { "window", 0, 0, G_OPTION_ARG_DOUBLE, &o->window,
        "Analysis window in seconds, as the element's window property "
        "(1-3600)",
        "S" },
    { "hop", 0, 0, G_OPTION_ARG_DOUBLE, &o->hop,
        "Seconds between window starts; 0 = the window (default 0)", "S" },
    { "min-window", 0, 0, G_OPTION_ARG_DOUBLE, &o->min_window,
        "Shortest partial window used at the end of a file (default 5)", "S" },
    { "jobs", 'j', 0, G_OPTION_ARG_INT, &o->jobs,
        "Parallel jobs (default: one per processor)", "N" },
    { "cache-dir", 0, 0, G_OPTION_ARG_FILENAME, &o->cache_dir,
        "Feature cache folder (default $XDG_CACHE_HOME/genreclassify)", "DIR" },
    { "no-cache", 0, 0, G_OPTION_ARG_NONE, &o->no_cache,
        "Neither read nor write the feature cache", NULL },
    { "strict", 0, 0, G_OPTION_ARG_NONE, &o->strict,
        "Fail on the first file that cannot be decoded (default: skip it "
        "with a warning)",
        NULL },
    { "progress", 0, 0, G_OPTION_ARG_STRING, &o->progress,
        "Progress display: auto (a live line on a terminal, plain lines "
        "otherwise), tty, plain or none",
        "MODE" },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &o->quiet,
        "Only errors and warnings, no progress or summary", NULL },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &o->verbose, "One line per file",
        NULL },
    { NULL },
  };

  g_option_context_add_main_entries (context, entries, NULL);
}

char *
gc_cli_default_model_path (void)
{
  char *exe = g_file_read_link ("/proc/self/exe", NULL);
  char *root = NULL, *path;

  if (exe) {
    /* BUILD/src/cli/PROGRAM: three levels up. */
    char *tools = g_path_get_dirname (exe);
    char *src = g_path_get_dirname (tools);

    root = g_path_get_dirname (src);
    g_free (src);
    g_free (tools);
    g_free (exe);
  }
  path = gc_model_default_path (root, NULL);
  g_free (root);
  return path;
}

void
gc_cli_add_feature_entries (GOptionContext *context, GcCliOptions *o)
{
  GOptionEntry entries[] = {
    { "features", 0, 0, G_OPTION_ARG_STRING, &o->features,
        "Feature set to compute: seed-212 (default) or robust-281 "
        "(docs/models.md)",
        "NAME" },
    { NULL },
  };

  g_option_context_add_main_entries (context, entries, NULL);
}

void
gc_cli_add_group_entries (GOptionContext *context, GcCliOptions *o)
{
  GOptionEntry entries[] = {
    { "groups", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &o->groups,
        "Cross-validation keeps each group (e.g. artist) of files in one "
        "fold: read the groups from this TSV with a header, such as a "
        "corpus' clips.tsv (column \"path\", relative to the TSV; may be "
        "repeated). Default: a list's third column, else one group per file",
        "FILE" },
    { "group-column", 0, 0, G_OPTION_ARG_STRING, &o->group_column,
        "The --groups column to read (default \"artist\")", "NAME" },
    { NULL },
  };

  g_option_context_add_main_entries (context, entries, NULL);
}

gboolean
gc_cli_load_groups (const GcCliOptions *o, GcDataset *set, GError **error)
{
  if (o->groups == NULL)
    return TRUE;
  if (set->group_source)
    fprintf (stderr, "warning: --groups replaces the groups of %s\n",
        set->group_source);
  return gc_dataset_load_groups (set, (const char *const *)o->groups,
      o->group_column ? o->group_column : "artist", error);
}

void
gc_cli_print_warnings (GPtrArray *warnings)
{
  fflush (stdout);
  for (guint i = 0; i < warnings->len; i++)
    fprintf (stderr, "warning: %s\n", (const char *)warnings->pdata[i]);
}

gboolean
gc_cli_check (GcCliOptions *o, double default_window, GError **error)
{
  char *problem;

  o->spec.window = isnan (o->window) ? default_window : o->window;
  o->spec.hop = isnan (o->hop) ? 0.0 : o->hop;
  o->spec.min_window = isnan (o->min_window) ? 5.0 : o->min_window;
  /* The library would say "window must be …"; here they are options. */
  problem = gc_window_spec_explain (&o->spec, "--");
  if (problem) {
    g_set_error_literal (
        error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, problem);
    g_free (problem);
    return FALSE;
  }
  if (o->features
      && !gc_feature_set_from_name (o->features, &o->spec.features)) {
    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
        "--features: unknown feature set \"%s\" (this build knows %s)",
        o->features, gc_feature_set_known_names ());
    return FALSE;
  }
  if (o->jobs < 0 || o->jobs > 1024) {
    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
        "--jobs must be between 1 and 1024 (0: one per processor), not %d",
        o->jobs);
    return FALSE;
  }
  if (o->group_column && o->groups == NULL) {
    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
        "--group-column names a column of the --groups file: give --groups");
    return FALSE;
  }
  if (o->no_cache && o->cache_dir) {
    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
        "--cache-dir and --no-cache contradict each other");
    return FALSE;
  }
  if (o->progress == NULL || strcmp (o->progress, "auto") == 0)
    o->progress_mode = GC_PROGRESS_AUTO;
  else if (strcmp (o->progress, "tty") == 0)
    o->progress_mode = GC_PROGRESS_TTY;
  else if (strcmp (o->progress, "plain") == 0)
    o->progress_mode = GC_PROGRESS_PLAIN;
  else if (strcmp (o->progress, "none") == 0)
    o->progress_mode = GC_PROGRESS_QUIET;
  else {
    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
        "--progress must be auto, tty, plain or none, not \"%s\"", o->progress);
    return FALSE;
  }
  if (o->quiet)
    o->progress_mode = GC_PROGRESS_QUIET;
  return TRUE;
}

GcFeatureCache *
gc_cli_cache (const GcCliOptions *o)
{
  return o->no_cache ? NULL : gc_feature_cache_new (o->cache_dir);
}

void
gc_cli_warn_cache_store_error (GcFeatureCache *cache)
{
  char *store_error = cache ? gc_feature_cache_get_store_error (cache) : NULL;

  if (store_error) {
    fprintf (stderr, "warning: the feature cache could not be written: %s\n",
        store_error);
    g_free (store_error);
  }
}

const GcChain **
gc_cli_parse_chains (const char *option, const char *text, GError **error)
{
  GError *err = NULL;
  const GcChain **list = gc_chain_parse_list (text, &err);

  if (list == NULL) {
    /* The library does not know the text was an option's. */
    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "%s: %s",
        option, err->message);
    g_error_free (err);
  }
  return list;
}

gboolean
gc_cli_parse_log2 (
    const char *option, const char *text, GArray *values, GError **error)
{
  char **parts = g_strsplit (text, ",", -1);
  guint n = g_strv_length (parts);
  double v[3] = { 0.0, 0.0, 1.0 };
  gboolean ok = (n == 1 || n == 3);

  for (guint i = 0; ok && i < n; i++) {
    char *end = NULL, *s = g_strstrip (parts[i]);

    v[i] = g_ascii_strtod (s, &end);
    if (*s == 0 || end == NULL || *end != 0 || !isfinite (v[i]))
      ok = FALSE;
  }
  if (ok && n == 1)
    v[1] = v[0];
  if (ok
      && (!(v[2] > 0.0) || v[1] < v[0] || (v[1] - v[0]) / v[2] > 1000.0
          || fabs (v[0]) > 1000.0 || fabs (v[1]) > 1000.0))
    ok = FALSE;
  if (ok) {
    /* Integer steps, so that rounding cannot drop the end point. */
    guint steps = (guint)floor ((v[1] - v[0]) / v[2] + 1e-9);

    for (guint i = 0; i <= steps; i++) {
      double x = exp2 (v[0] + i * v[2]);

      g_array_append_val (values, x);
    }
  } else {
    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
        "%s expects BEGIN,END,STEP (log2 values, BEGIN <= END, STEP > 0, "
        "e.g. -1,9,2) or one log2 value, not \"%s\"",
        option, text);
  }
  g_strfreev (parts);
  return ok;
}

double *
gc_cli_parse_lengths (const char *option, const char *text, double max_window,
    guint max_count, guint *n, GError **error)
{
  char **parts = g_strsplit (text, ",", -1);
  guint count = g_strv_length (parts);
  double *seconds = g_new (double, MAX (count, 1));

  for (guint i = 0; i < count; i++) {
    char *end = NULL;

    g_strstrip (parts[i]);
    seconds[i] = g_ascii_strtod (parts[i], &end);
    if (end == parts[i] || *end != '\0' || !(seconds[i] >= 1.0)
        || !(seconds[i] <= max_window)) {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
          "%s: \"%s\" is not a window length between 1 s and the "
          "window (%g s)",
          option, parts[i], max_window);
      g_strfreev (parts);
      g_free (seconds);
      return NULL;
    }
  }
  g_strfreev (parts);
  qsort (seconds, count, sizeof (double), gc_compare_doubles);
  for (guint i = 1; i < count; i++)
    if (seconds[i] == seconds[i - 1])
      count = 0; /* a length twice */
  if (count < 1 || count > max_count) {
    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
        "%s takes 1 to %u different window lengths in seconds, such as "
        "5,10,15",
        option, max_count);
    g_free (seconds);
    return NULL;
  }
  *n = count;
  return seconds;
}

GcExtractJob *
gc_cli_extract_length (const GcCliOptions *options, const GcDataset *set,
    GcFeatureCache *cache, double seconds, guint64 seed)
{
  GcCliOptions at_length = *options;
  const GcChain *as_they_are[1] = { NULL };
  GcExtractStats stats;

  at_length.spec.window = seconds;
  at_length.spec.hop = 0.0;
  at_length.spec.min_window = MIN (seconds, options->spec.min_window);
  return gc_cli_extract (&at_length, set, cache, as_they_are, 1, seed, &stats);
}

double *
gc_cli_parse_extra_windows (
    const char *text, double window, guint *n, GError **error)
{
  double *seconds =
      gc_cli_parse_lengths ("--extra-windows", text, window, 8, n, error);

  if (seconds != NULL && seconds[*n - 1] >= window) {
    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
        "--extra-windows: %g s is not shorter than the window (%g s)",
        seconds[*n - 1], window);
    g_free (seconds);
    return NULL;
  }
  return seconds;
}

GcExtractJob **
gc_cli_extract_lengths (const GcCliOptions *options, const GcDataset *set,
    GcFeatureCache *cache, const double *seconds, guint n, guint64 seed)
{
  GcExtractJob **jobs = g_new0 (GcExtractJob *, MAX (n, 1));

  for (guint i = 0; i < n; i++)
    jobs[i] = gc_cli_extract_length (options, set, cache, seconds[i], seed);
  return jobs;
}

void
gc_cli_length_jobs_free (GcExtractJob **jobs, guint n, guint n_items)
{
  if (jobs == NULL)
    return;
  for (guint i = 0; i < n; i++)
    if (jobs[i])
      gc_cli_jobs_free (jobs[i], n_items);
  g_free (jobs);
}

GcExtractJob *
gc_cli_extract (const GcCliOptions *o, const GcDataset *set,
    GcFeatureCache *cache, const GcChain *const *chains, guint n_chains,
    guint64 seed, GcExtractStats *stats)
{
  guint n = set->items->len, n_jobs = n * n_chains;
  GcExtractJob *jobs = g_new0 (GcExtractJob, MAX (n_jobs, 1));
  GcProgress *progress =
      gc_progress_new (stderr, o->progress_mode, "features", "files", n_jobs);

  for (guint c = 0; c < n_chains; c++) {
    for (guint i = 0; i < n; i++) {
      GcExtractJob *job = &jobs[c * n + i];

      job->path = gc_dataset_item (set, i)->path;
      job->origin = gc_dataset_item_origin (set, i);
      job->chain = chains[c];
      job->seed = seed;
    }
  }
  gc_extract_run (jobs, n_jobs, &o->spec, cache, (guint)o->jobs, progress,
      o->strict, stats);
  gc_progress_finish (progress);
  gc_progress_free (progress);

  if (o->verbose) {
    for (guint j = 0; j < n_jobs; j++) {
      char *display = g_filename_display_name (jobs[j].path);
      const GcDatasetItem *item = gc_dataset_item (set, j % n);
      /* A set of plain files (genreclassify-features) has no labels. */
      const char *label = item->label < set->labels->len
          ? gc_dataset_label (set, item->label)
          : "no label";

      if (jobs[j].features)
        fprintf (stderr, "%s%s%s%s: %s, %.1f s, %u windows (%u classified)%s\n",
            display, jobs[j].chain ? " [" : "",
            jobs[j].chain ? jobs[j].chain->name : "", jobs[j].chain ? "]" : "",
            label, jobs[j].features->duration, jobs[j].features->n_windows,
            gc_file_features_n_ok (jobs[j].features),
            jobs[j].source == GC_FEATURES_CACHED ? ", from the cache" : "");
      g_free (display);
    }
  }
  return jobs;
}

void
gc_cli_jobs_free (GcExtractJob *jobs, guint n)
{
  for (guint i = 0; i < n; i++)
    g_free (jobs[i].origin);
  gc_extract_clear (jobs, n);
  g_free (jobs);
}

char *
gc_cli_format_seconds (double s)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup_printf ("%s s", g_ascii_formatd (buf, sizeof buf, "%g", s));
}

void
gc_cli_error (const char *format, ...)
{
  va_list ap;
  char *text;

  va_start (ap, format);
  text = g_strdup_vprintf (format, ap);
  va_end (ap);
  fflush (stdout);
  fprintf (stderr, "%s: %s\n", g_get_prgname (), text);
  g_free (text);
}
