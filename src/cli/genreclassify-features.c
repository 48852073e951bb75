/* genreclassify-features — the feature vector of every analysis window, as
 * a table for training elsewhere
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 *   genreclassify-features [OPTION…] -o OUT.csv|OUT.npy FILE-OR-FOLDER…
 *   genreclassify-features [OPTION…] --labelled -o OUT.csv|OUT.npy SET
 *
 * Every file is decoded as the element would see it and cut into its
 * windows (gc-decode.h, through the feature cache and on -j workers:
 * gc_cli_extract()), optionally also through recording chains (--degrade);
 * every window that is not silent becomes one row: where it comes from
 * (path, window index, start, duration, and the genre and group of a
 * labelled set, the chain) and its feature vector, with a name per value
 * (gc-feature-names.h).  The table is a CSV file, or an .npy array with a
 * JSON sidecar for the rows' metadata (gc-export.h).  Rows come in path
 * order, then chain, then window: the same input gives the same bytes with
 * any -j, from the cache or not.  See docs/howto-features.md.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "gc-cli.h"
#include "gc-export.h"
#include "gc-feature-names.h"
#include "gc-json.h"
#include "gc-tag-files.h"

/* One way of hearing the files: as they are (chain NULL) or through a
 * chain. */
static const char *
chain_name (const GcChain *chain)
{
  return chain ? chain->name : "clean";
}

/* Plain files and folders as a set without labels, so that they go through
 * the same extraction as a labelled set. */
static GcDataset *
files_as_set (GPtrArray *files)
{
  GcDataset *set = g_new0 (GcDataset, 1);

  set->source = g_strdup ("the command line");
  set->labels = g_ptr_array_new_with_free_func (g_free);
  set->items = g_array_new (FALSE, TRUE, sizeof (GcDatasetItem));
  for (guint i = 0; i < files->len; i++) {
    const GcTagFile *f = g_ptr_array_index (files, i);
    GcDatasetItem item = { g_strdup (f->path), G_MAXUINT, NULL, 0 };

    g_array_append_val (set->items, item);
  }
  return set;
}

static double
window_start (const GcWindowResult *w)
{
  return GST_CLOCK_TIME_IS_VALID (w->timestamp)
      ? (double)w->timestamp / GST_SECOND
      : (double)w->start / GC_ANALYSIS_RATE;
}

/* What a row says besides its features. */
typedef struct {
  gboolean labelled, grouped, chained;
} Columns;

static void
csv_row (GString *line, const Columns *c, const GcDataset *set, guint item,
    const GcChain *chain, const GcWindowResult *w, guint dimension)
{
  const GcDatasetItem *it = gc_dataset_item (set, item);
  char *path = g_filename_display_name (it->path);

  g_string_truncate (line, 0);
  gc_csv_append_field (line, path);
  g_string_append_printf (line, ",%u,", w->index);
  gc_csv_append_double (line, window_start (w));
  g_string_append_c (line, ',');
  gc_csv_append_double (line, (double)w->duration / GST_SECOND);
  if (c->labelled) {
    g_string_append_c (line, ',');
    gc_csv_append_field (line, gc_dataset_label (set, it->label));
  }
  if (c->grouped) {
    g_string_append_c (line, ',');
    gc_csv_append_field (line, it->group ? it->group : "");
  }
  if (c->chained) {
    g_string_append_c (line, ',');
    gc_csv_append_field (line, chain_name (chain));
  }
  for (guint k = 0; k < dimension; k++) {
    g_string_append_c (line, ',');
    gc_csv_append_double (line, w->vector[k]);
  }
  g_string_append_c (line, '\n');
  g_free (path);
}

static void
json_row (GcJson *j, const Columns *c, const GcDataset *set, guint item,
    const GcChain *chain, const GcWindowResult *w)
{
  const GcDatasetItem *it = gc_dataset_item (set, item);
  char *path = g_filename_display_name (it->path);

  gc_json_begin_object (j, NULL);
  gc_json_string (j, "path", path);
  gc_json_int (j, "window", w->index);
  gc_json_double (j, "start", window_start (w));
  gc_json_double (j, "duration", (double)w->duration / GST_SECOND);
  if (c->labelled)
    gc_json_string (j, "label", gc_dataset_label (set, it->label));
  if (c->grouped)
    gc_json_string (j, "group", it->group ? it->group : "");
  if (c->chained)
    gc_json_string (j, "chain", chain_name (chain));
  gc_json_end_object (j);
  g_free (path);
}

/* The table's file and, for an .npy (@sidecar_path not NULL), the
 * sidecar's. */
static gboolean
open_outputs (const char *path, const char *sidecar_path, GcExportFile **out,
    GcExportFile **sidecar, GError **error)
{
  *out = gc_export_file_open (path, error);
  if (*out && sidecar_path)
    *sidecar = gc_export_file_open (sidecar_path, error);
  return *out && (sidecar_path == NULL || *sidecar);
}

/* Everything one run of the tool holds, filled phase by phase. */
typedef struct {
  /* the command line */
  GcCliOptions o;
  char *output, *degrade;
  gboolean labelled;
  gint64 seed;
  int argc;
  char **argv;

  /* the plan, checked */
  GcExportFormat format;
  const GcChain **degrades, **chains;
  guint n_chains;

  /* the input and its features */
  GcDataset *set;
  GPtrArray *files, *missing;
  guint n_items, dimension, n_fixed;
  Columns cols;
  char **names, *sidecar_path;
  GcFeatureCache *cache;
  GcExtractJob *jobs;
  GcExtractStats stats;
  guint n_failed, n_no_window, n_silent;
  guint64 n_rows;

  /* the table */
  GcExportFile *out, *sidecar;
} Features;

static void
features_init (Features *t)
{
  memset (t, 0, sizeof (*t));
  gc_cli_options_init (&t->o);
  t->seed = 1;
  t->format = GC_EXPORT_CSV;
  t->n_chains = 1;
  t->n_fixed = 4;
}

static void
features_clear (Features *t)
{
  gc_export_file_abort (t->out);
  gc_export_file_abort (t->sidecar);
  if (t->jobs)
    gc_cli_jobs_free (t->jobs, t->n_items * t->n_chains);
  gc_feature_cache_free (t->cache);
  gc_dataset_free (t->set);
  if (t->files)
    g_ptr_array_unref (t->files);
  if (t->missing)
    g_ptr_array_unref (t->missing);
  g_strfreev (t->names);
  g_free (t->sidecar_path);
  g_free (t->chains);
  g_free (t->degrades);
  g_free (t->output);
  g_free (t->degrade);
  gc_cli_options_clear (&t->o);
}

/* ---- parse ------------------------------------------------------------- */

static int
parse_command_line (Features *t, int *argc, char ***argv)
{
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &t->output,
        "The table to write: OUT.csv, or OUT.npy (a float64 array; its rows' "
        "paths, labels, groups and times go to OUT.json beside it)",
        "FILE" },
    { "labelled", 'l', 0, G_OPTION_ARG_NONE, &t->labelled,
        "The one argument is a labelled set, as genreclassify-train takes: "
        "a folder of genre folders or a PATH<TAB>GENRE[<TAB>GROUP] list; "
        "adds the columns label (and group)",
        NULL },
    { "degrade", 0, 0, G_OPTION_ARG_STRING, &t->degrade,
        "Also every file through each of these recording chains "
        "(NAME[,NAME...], listed below): more rows, and a column chain",
        "NAMES" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &t->seed,
        "Seed of the pink-noise chain (default 1)", "N" },
    { NULL },
  };
  char *help = gc_chain_help ();
  char *description = g_strdup_printf (
      "Recording chains (--degrade):\n%s\n"
      "Examples:\n  genreclassify-features --labelled --features robust-281 "
      "-o features.csv ~/music/genres\n  genreclassify-features --window 10 "
      "-o features.npy song.flac album/\n\nExit status: 0 written, 1 "
      "failure (nothing written), 2 bad command line. See "
      "docs/howto-features.md.",
      help);
  GError *error = NULL;
  gboolean ok =
      gc_cli_parse (&t->o, GC_CLI_GROUP_ENTRIES | GC_CLI_FEATURE_ENTRIES,
          entries, "FILE-OR-FOLDER... - the features of every analysis window",
          "Writes one row per analysis window of every file, as the "
          "genreclassify element computes it: path, window, start, duration "
          "(seconds), with --labelled label (and group), with --degrade chain, "
          "then the feature values, one named column each. Folders are "
          "searched for audio files; silent windows are skipped.",
          description, argc, argv, &error);

  g_free (help);
  g_free (description);
  if (!ok) {
    gc_cli_error ("%s", error->message);
    g_error_free (error);
    return GC_EXIT_USAGE;
  }
  t->argc = *argc;
  t->argv = *argv;
  return GC_EXIT_OK;
}

/* ---- plan: the options checked and resolved ----------------------------- */

static int
plan (Features *t)
{
  GError *error = NULL;

  if (t->output == NULL) {
    gc_cli_error ("--output is required (OUT.csv or OUT.npy); see --help");
    return GC_EXIT_USAGE;
  }
  if (t->argc < 2 || (t->labelled && t->argc != 2)) {
    gc_cli_error (t->labelled ? "--labelled takes one SET (a folder of genre "
                                "folders or a list file); see --help"
                              : "no file or folder given; see --help");
    return GC_EXIT_USAGE;
  }
  if (t->o.groups && !t->labelled) {
    gc_cli_error ("--groups gives the groups of a labelled set: it goes with "
                  "--labelled");
    return GC_EXIT_USAGE;
  }
  if (!gc_export_format_from_path (t->output, &t->format, &error)) {
    /* "OUT: unknown format": the path was --output's. */
    gc_cli_error ("--output %s", error->message);
    g_error_free (error);
    return GC_EXIT_USAGE;
  }
  if (!gc_cli_check (&t->o, 30.0, &error)) {
    gc_cli_error ("%s", error->message);
    g_error_free (error);
    return GC_EXIT_USAGE;
  }
  if (t->degrade) {
    t->degrades = gc_cli_parse_chains ("--degrade", t->degrade, &error);
    if (t->degrades == NULL) {
      gc_cli_error ("%s", error->message);
      g_error_free (error);
      return GC_EXIT_USAGE;
    }
  }
  t->n_chains = 1 + (t->degrades ? gc_chain_list_length (t->degrades) : 0);
  t->chains = g_new0 (const GcChain *, t->n_chains + 1);
  for (guint k = 1; k < t->n_chains; k++) {
    t->chains[k] = t->degrades[k - 1];
    if (!gc_chain_check (t->chains[k], &error)) {
      gc_cli_error ("%s", error->message);
      g_error_free (error);
      return GC_EXIT_FAILURE;
    }
  }
  return GC_EXIT_OK;
}

/* ---- run --------------------------------------------------------------- */

/* The labelled set, or the files and folders given as a set. */
static int
collect_input (Features *t)
{
  GError *error = NULL;

  if (t->labelled) {
    t->set = gc_dataset_load (t->argv[1], &error);
    if (t->set == NULL || !gc_cli_load_groups (&t->o, t->set, &error)) {
      gc_cli_error ("%s", error->message);
      g_error_free (error);
      return GC_EXIT_FAILURE;
    }
  } else {
    t->missing = g_ptr_array_new_with_free_func (g_free);
    t->files = gc_tag_files_collect (
        (const char *const *)t->argv + 1, FALSE, t->missing);
    for (guint i = 0; i < t->missing->len; i++) {
      char *display = g_filename_display_name (t->missing->pdata[i]);

      gc_cli_error ("%s: no such file or folder", display);
      g_free (display);
    }
    if (t->missing->len > 0)
      return GC_EXIT_FAILURE;
    if (t->files->len == 0) {
      gc_cli_error ("no audio file in %s%s", t->argv[1],
          t->argc > 2 ? " or the other folders given" : "");
      return GC_EXIT_FAILURE;
    }
    t->set = files_as_set (t->files);
  }
  t->n_items = t->set->items->len;
  t->cols.labelled = t->labelled;
  t->cols.grouped = t->set->group_source != NULL;
  t->cols.chained = t->n_chains > 1;
  t->n_fixed += t->cols.labelled + t->cols.grouped + t->cols.chained;
  t->dimension = gc_feature_set_dimension (t->o.spec.features);
  t->names = gc_feature_names (t->o.spec.features);
  return GC_EXIT_OK;
}

/* Whether the output can be written is known before the long part; the
 * files are made again for the table, so that an interrupted decode leaves
 * no temporary file. */
static int
check_outputs (Features *t)
{
  GError *error = NULL;

  if (t->format == GC_EXPORT_NPY)
    t->sidecar_path = gc_export_sidecar_path (t->output);
  if (!open_outputs (
          t->output, t->sidecar_path, &t->out, &t->sidecar, &error)) {
    gc_cli_error ("%s", error->message);
    g_error_free (error);
    return GC_EXIT_FAILURE;
  }
  g_clear_pointer (&t->out, gc_export_file_abort);
  g_clear_pointer (&t->sidecar, gc_export_file_abort);
  return GC_EXIT_OK;
}

static int
extract_features (Features *t)
{
  t->cache = gc_cli_cache (&t->o);
  t->jobs = gc_cli_extract (&t->o, t->set, t->cache, t->chains, t->n_chains,
      (guint64)t->seed, &t->stats);
  if (t->o.strict && (t->stats.n_failed > 0 || t->stats.n_skipped > 0)) {
    gc_cli_error ("stopped: a file could not be decoded (--strict)");
    return GC_EXIT_FAILURE;
  }
  for (guint j = 0; j < t->n_items * t->n_chains; j++) {
    const GcFileFeatures *f = t->jobs[j].features;
    guint ok;

    if (f == NULL) {
      t->n_failed++;
      continue;
    }
    ok = gc_file_features_n_ok (f);
    t->n_rows += ok;
    t->n_silent += f->n_windows - ok;
    if (f->n_windows == 0)
      t->n_no_window++;
  }
  if (t->n_rows == 0) {
    gc_cli_error ("nothing to write: of %u files, %u could not be decoded, "
                  "%u gave no window (shorter than --min-window, %g s?) and "
                  "the others only %u silent windows",
        t->n_items * t->n_chains, t->n_failed, t->n_no_window,
        t->o.spec.min_window, t->n_silent);
    return GC_EXIT_FAILURE;
  }
  return GC_EXIT_OK;
}

static void
write_csv (const Features *t)
{
  GString *line = g_string_new ("path,window,start,duration");

  if (t->cols.labelled)
    g_string_append (line, ",label");
  if (t->cols.grouped)
    g_string_append (line, ",group");
  if (t->cols.chained)
    g_string_append (line, ",chain");
  for (guint k = 0; k < t->dimension; k++) {
    g_string_append_c (line, ',');
    gc_csv_append_field (line, t->names[k]);
  }
  g_string_append_c (line, '\n');
  gc_export_file_write (t->out, line->str, line->len, NULL);
  for (guint i = 0; i < t->n_items; i++)
    for (guint c = 0; c < t->n_chains; c++) {
      const GcFileFeatures *f = t->jobs[c * t->n_items + i].features;

      for (guint w = 0; f && w < f->n_windows; w++) {
        if (f->windows[w].status != GC_WINDOW_OK)
          continue;
        csv_row (line, &t->cols, t->set, i, t->chains[c], &f->windows[w],
            t->dimension);
        gc_export_file_write (t->out, line->str, line->len, NULL);
      }
    }
  g_string_free (line, TRUE);
}

static void
write_npy (const Features *t)
{
  const GcWindowSpec *spec = &t->o.spec;
  GBytes *header = gc_npy_header (t->n_rows, t->dimension);
  guint8 *packed = g_new (guint8, 8 * (gsize)t->dimension);
  GcJson *j = gc_json_new ();
  char *text, *base = g_path_get_basename (t->output);

  gc_export_file_write (
      t->out, g_bytes_get_data (header, NULL), g_bytes_get_size (header), NULL);
  g_bytes_unref (header);
  gc_json_begin_object (j, NULL);
  gc_json_string (j, "tool", "genreclassify-features");
  gc_json_string (j, "version", VERSION);
  gc_json_string (j, "data", base);
  gc_json_string (j, "feature-set", gc_feature_set_name (spec->features));
  gc_json_int (
      j, "feature-set-revision", gc_feature_set_revision (spec->features));
  gc_json_int (j, "dimension", t->dimension);
  gc_json_begin_array (j, "shape");
  gc_json_int (j, NULL, (gint64)t->n_rows);
  gc_json_int (j, NULL, t->dimension);
  gc_json_end_array (j);
  gc_json_string (j, "dtype", "<f8");
  gc_json_begin_object (j, "windows");
  gc_json_double (j, "window", spec->window);
  gc_json_double (j, "hop", spec->hop > 0.0 ? spec->hop : spec->window);
  gc_json_double (j, "min-window", spec->min_window);
  gc_json_end_object (j);
  if (t->cols.labelled) {
    gc_json_begin_array (j, "labels");
    for (guint k = 0; k < t->set->labels->len; k++)
      gc_json_string (j, NULL, gc_dataset_label (t->set, k));
    gc_json_end_array (j);
  }
  gc_json_begin_array (j, "chains");
  for (guint c = 0; c < t->n_chains; c++)
    gc_json_string (j, NULL, chain_name (t->chains[c]));
  gc_json_end_array (j);
  gc_json_begin_array (j, "columns");
  for (guint k = 0; k < t->dimension; k++)
    gc_json_string (j, NULL, t->names[k]);
  gc_json_end_array (j);
  gc_json_begin_array (j, "rows");
  for (guint i = 0; i < t->n_items; i++)
    for (guint c = 0; c < t->n_chains; c++) {
      const GcFileFeatures *f = t->jobs[c * t->n_items + i].features;

      for (guint w = 0; f && w < f->n_windows; w++) {
        const GcWindowResult *wr = &f->windows[w];

        if (wr->status != GC_WINDOW_OK)
          continue;
        gc_npy_pack (wr->vector, t->dimension, packed);
        gc_export_file_write (t->out, packed, 8 * (gsize)t->dimension, NULL);
        json_row (j, &t->cols, t->set, i, t->chains[c], wr);
      }
    }
  gc_json_end_array (j);
  gc_json_end_object (j);
  text = gc_json_free_to_string (j);
  gc_export_file_write (t->sidecar, text, strlen (text), NULL);
  g_free (text);
  g_free (base);
  g_free (packed);
}

static int
write_table (Features *t)
{
  GError *error = NULL;

  if (!open_outputs (
          t->output, t->sidecar_path, &t->out, &t->sidecar, &error)) {
    gc_cli_error ("%s", error->message);
    g_error_free (error);
    return GC_EXIT_FAILURE;
  }
  if (t->format == GC_EXPORT_CSV)
    write_csv (t);
  else
    write_npy (t);
  /* Write errors were kept by the files: the first one is reported here. */
  if ((t->sidecar
          && !gc_export_file_commit (g_steal_pointer (&t->sidecar), &error))
      || !gc_export_file_commit (g_steal_pointer (&t->out), &error)) {
    gc_cli_error ("%s", error->message);
    g_error_free (error);
    return GC_EXIT_FAILURE;
  }
  return GC_EXIT_OK;
}

/* ---- report ------------------------------------------------------------ */

static void
report (const Features *t)
{
  const GcWindowSpec *spec = &t->o.spec;
  char *w = gc_cli_format_seconds (spec->window);

  printf ("genreclassify-features: %u files", t->n_items);
  if (t->labelled)
    printf (" in %u genres from %s", t->set->labels->len, t->set->source);
  printf (", feature set %s (%u values), windows of %s (hop %g s, "
          "min-window %g s)\n",
      gc_feature_set_name (spec->features), t->dimension, w,
      spec->hop > 0.0 ? spec->hop : spec->window, spec->min_window);
  if (t->n_chains > 1) {
    char *list = gc_chain_list_names (t->degrades);

    printf ("chains: every file as it is and through %s\n", list);
    g_free (list);
  }
  printf ("features: %u decoded, %u from the cache, %u failed, %u without "
          "a window; %" G_GUINT64_FORMAT " windows written, %u silent "
          "windows skipped; %.1f s of audio decoded in %.2f s\n",
      t->stats.n_decoded, t->stats.n_cached, t->n_failed, t->n_no_window,
      t->n_rows, t->n_silent, t->stats.audio_seconds, t->stats.seconds);
  if (t->set->n_skipped)
    printf ("  (%u hidden or non-audio files skipped)\n", t->set->n_skipped);
  if (t->format == GC_EXPORT_CSV)
    printf ("wrote %s: %" G_GUINT64_FORMAT " rows, %u columns (%u about "
            "the window, then the %u features)\n",
        t->output, t->n_rows, t->n_fixed + t->dimension, t->n_fixed,
        t->dimension);
  else
    printf ("wrote %s: %" G_GUINT64_FORMAT " × %u float64 values, and "
            "%s: the column names and every row's path and window\n",
        t->output, t->n_rows, t->dimension, t->sidecar_path);
  g_free (w);
}

int
main (int argc, char **argv)
{
  Features t;
  int status;

  g_set_prgname ("genreclassify-features");
  features_init (&t);
  status = parse_command_line (&t, &argc, &argv);
  if (status == GC_EXIT_OK)
    status = plan (&t);
  if (status == GC_EXIT_OK)
    status = collect_input (&t);
  if (status == GC_EXIT_OK)
    status = check_outputs (&t);
  if (status == GC_EXIT_OK)
    status = extract_features (&t);
  if (status == GC_EXIT_OK)
    status = write_table (&t);
  if (status == GC_EXIT_OK) {
    if (!t.o.quiet)
      report (&t);
    gc_cli_warn_cache_store_error (t.cache);
  }
  features_clear (&t);
  return status;
}
