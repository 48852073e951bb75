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

int
main (int argc, char **argv)
{
  GcCliOptions o;
  char *output = NULL, *degrade = NULL;
  gboolean labelled = FALSE;
  gint64 seed = 1;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
        "The table to write: OUT.csv, or OUT.npy (a float64 array; its rows' "
        "paths, labels, groups and times go to OUT.json beside it)",
        "FILE" },
    { "labelled", 'l', 0, G_OPTION_ARG_NONE, &labelled,
        "The one argument is a labelled set, as genreclassify-train takes: "
        "a folder of genre folders or a PATH<TAB>GENRE[<TAB>GROUP] list; "
        "adds the columns label (and group)",
        NULL },
    { "degrade", 0, 0, G_OPTION_ARG_STRING, &degrade,
        "Also every file through each of these recording chains "
        "(NAME[,NAME...], listed below): more rows, and a column chain",
        "NAMES" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed,
        "Seed of the pink-noise chain (default 1)", "N" },
    { NULL },
  };
  GOptionContext *ctx;
  GError *error = NULL;
  GcExportFormat format = GC_EXPORT_CSV;
  GcExportFile *out = NULL, *sidecar = NULL;
  GcDataset *set = NULL;
  GcFeatureCache *cache = NULL;
  GcExtractJob *jobs = NULL;
  GcExtractStats stats = { 0 };
  const GcChain **degrades = NULL, **chains = NULL;
  GPtrArray *files = NULL, *missing = NULL;
  Columns cols = { 0 };
  char **names = NULL, *sidecar_path = NULL, *help, *description;
  guint n_items = 0, n_chains = 1, dimension, n_fixed = 4;
  guint n_failed = 0, n_no_window = 0, n_silent = 0;
  guint64 n_rows = 0;
  int status = GC_EXIT_USAGE;

  g_set_prgname ("genreclassify-features");
  gc_cli_options_init (&o);
  ctx = g_option_context_new (
      "FILE-OR-FOLDER... - the features of every analysis window");
  g_option_context_set_summary (ctx,
      "Writes one row per analysis window of every file, as the "
      "genreclassify element computes it: path, window, start, duration "
      "(seconds), with --labelled label (and group), with --degrade chain, "
      "then the feature values, one named column each. Folders are "
      "searched for audio files; silent windows are skipped.");
  help = gc_chain_help ();
  description = g_strdup_printf (
      "Recording chains (--degrade):\n%s\n"
      "Examples:\n  genreclassify-features --labelled --features robust-281 "
      "-o features.csv ~/music/genres\n  genreclassify-features --window 10 "
      "-o features.npy song.flac album/\n\nExit status: 0 written, 1 "
      "failure (nothing written), 2 bad command line. See "
      "docs/howto-features.md.",
      help);
  g_option_context_set_description (ctx, description);
  g_free (help);
  g_free (description);
  g_option_context_add_main_entries (ctx, entries, NULL);
  gc_cli_add_entries (ctx, &o);
  gc_cli_add_group_entries (ctx, &o);
  gc_cli_add_feature_entries (ctx, &o);
  g_option_context_add_group (ctx, gst_init_get_option_group ());
  if (!g_option_context_parse (ctx, &argc, &argv, &error)) {
    gc_cli_error ("%s", error->message);
    goto out;
  }

  /* ---- the command line ---- */
  if (output == NULL) {
    gc_cli_error ("--output is required (OUT.csv or OUT.npy); see --help");
    goto out;
  }
  if (argc < 2 || (labelled && argc != 2)) {
    gc_cli_error (labelled ? "--labelled takes one SET (a folder of genre "
                             "folders or a list file); see --help"
                           : "no file or folder given; see --help");
    goto out;
  }
  if (o.groups && !labelled) {
    gc_cli_error ("--groups gives the groups of a labelled set: it goes with "
                  "--labelled");
    goto out;
  }
  if (!gc_export_format_from_path (output, &format, &error)
      || !gc_cli_check (&o, 30.0, &error)) {
    gc_cli_error ("%s", error->message);
    goto out;
  }
  if (degrade) {
    degrades = gc_chain_parse_list ("--degrade", degrade, &error);
    if (degrades == NULL) {
      gc_cli_error ("%s", error->message);
      goto out;
    }
  }
  status = GC_EXIT_FAILURE;
  n_chains = 1 + (degrades ? gc_chain_list_length (degrades) : 0);
  chains = g_new0 (const GcChain *, n_chains + 1);
  for (guint k = 1; k < n_chains; k++) {
    chains[k] = degrades[k - 1];
    if (!gc_chain_check (chains[k], &error)) {
      gc_cli_error ("%s", error->message);
      goto out;
    }
  }

  /* ---- the input ---- */
  if (labelled) {
    set = gc_dataset_load (argv[1], &error);
    if (set == NULL || !gc_cli_load_groups (&o, set, &error)) {
      gc_cli_error ("%s", error->message);
      goto out;
    }
  } else {
    missing = g_ptr_array_new_with_free_func (g_free);
    files =
        gc_tag_files_collect ((const char *const *)argv + 1, FALSE, missing);
    for (guint i = 0; i < missing->len; i++) {
      char *display = g_filename_display_name (missing->pdata[i]);

      gc_cli_error ("%s: no such file or folder", display);
      g_free (display);
    }
    if (missing->len > 0)
      goto out;
    if (files->len == 0) {
      gc_cli_error ("no audio file in %s%s", argv[1],
          argc > 2 ? " or the other folders given" : "");
      goto out;
    }
    set = files_as_set (files);
  }
  n_items = set->items->len;
  cols.labelled = labelled;
  cols.grouped = set->group_source != NULL;
  cols.chained = n_chains > 1;
  n_fixed += cols.labelled + cols.grouped + cols.chained;
  dimension = gc_feature_set_dimension (o.spec.features);
  names = gc_feature_names (o.spec.features);

  /* Whether the output can be written is known before the long part;
   * the files are made again for the table, so that an interrupted decode
   * leaves no temporary file. */
  if (format == GC_EXPORT_NPY)
    sidecar_path = gc_export_sidecar_path (output);
  if (!open_outputs (output, sidecar_path, &out, &sidecar, &error)) {
    gc_cli_error ("%s", error->message);
    goto out;
  }
  g_clear_pointer (&out, gc_export_file_abort);
  g_clear_pointer (&sidecar, gc_export_file_abort);

  /* ---- features ---- */
  cache = gc_cli_cache (&o);
  jobs =
      gc_cli_extract (&o, set, cache, chains, n_chains, (guint64)seed, &stats);
  if (o.strict && (stats.n_failed > 0 || stats.n_skipped > 0)) {
    gc_cli_error ("stopped: a file could not be decoded (--strict)");
    goto out;
  }
  for (guint j = 0; j < n_items * n_chains; j++) {
    const GcFileFeatures *f = jobs[j].features;
    guint ok;

    if (f == NULL) {
      n_failed++;
      continue;
    }
    ok = gc_file_features_n_ok (f);
    n_rows += ok;
    n_silent += f->n_windows - ok;
    if (f->n_windows == 0)
      n_no_window++;
  }
  if (n_rows == 0) {
    gc_cli_error ("nothing to write: of %u files, %u could not be decoded, "
                  "%u gave no window (shorter than --min-window, %g s?) and "
                  "the others only %u silent windows",
        n_items * n_chains, n_failed, n_no_window, o.spec.min_window, n_silent);
    goto out;
  }

  /* ---- the table ---- */
  if (!open_outputs (output, sidecar_path, &out, &sidecar, &error)) {
    gc_cli_error ("%s", error->message);
    goto out;
  }
  if (format == GC_EXPORT_CSV) {
    GString *line = g_string_new ("path,window,start,duration");

    if (cols.labelled)
      g_string_append (line, ",label");
    if (cols.grouped)
      g_string_append (line, ",group");
    if (cols.chained)
      g_string_append (line, ",chain");
    for (guint k = 0; k < dimension; k++) {
      g_string_append_c (line, ',');
      gc_csv_append_field (line, names[k]);
    }
    g_string_append_c (line, '\n');
    gc_export_file_write (out, line->str, line->len, NULL);
    for (guint i = 0; i < n_items; i++)
      for (guint c = 0; c < n_chains; c++) {
        const GcFileFeatures *f = jobs[c * n_items + i].features;

        for (guint w = 0; f && w < f->n_windows; w++) {
          if (f->windows[w].status != GC_WINDOW_OK)
            continue;
          csv_row (line, &cols, set, i, chains[c], &f->windows[w], dimension);
          gc_export_file_write (out, line->str, line->len, NULL);
        }
      }
    g_string_free (line, TRUE);
  } else {
    GBytes *header = gc_npy_header (n_rows, dimension);
    guint8 *packed = g_new (guint8, 8 * (gsize)dimension);
    GcJson *j = gc_json_new ();
    char *text, *base = g_path_get_basename (output);

    gc_export_file_write (
        out, g_bytes_get_data (header, NULL), g_bytes_get_size (header), NULL);
    g_bytes_unref (header);
    gc_json_begin_object (j, NULL);
    gc_json_string (j, "tool", "genreclassify-features");
    gc_json_string (j, "version", VERSION);
    gc_json_string (j, "data", base);
    gc_json_string (j, "feature-set", gc_feature_set_name (o.spec.features));
    gc_json_int (
        j, "feature-set-revision", gc_feature_set_revision (o.spec.features));
    gc_json_int (j, "dimension", dimension);
    gc_json_begin_array (j, "shape");
    gc_json_int (j, NULL, (gint64)n_rows);
    gc_json_int (j, NULL, dimension);
    gc_json_end_array (j);
    gc_json_string (j, "dtype", "<f8");
    gc_json_begin_object (j, "windows");
    gc_json_double (j, "window", o.spec.window);
    gc_json_double (j, "hop", o.spec.hop > 0.0 ? o.spec.hop : o.spec.window);
    gc_json_double (j, "min-window", o.spec.min_window);
    gc_json_end_object (j);
    if (cols.labelled) {
      gc_json_begin_array (j, "labels");
      for (guint k = 0; k < set->labels->len; k++)
        gc_json_string (j, NULL, gc_dataset_label (set, k));
      gc_json_end_array (j);
    }
    gc_json_begin_array (j, "chains");
    for (guint c = 0; c < n_chains; c++)
      gc_json_string (j, NULL, chain_name (chains[c]));
    gc_json_end_array (j);
    gc_json_begin_array (j, "columns");
    for (guint k = 0; k < dimension; k++)
      gc_json_string (j, NULL, names[k]);
    gc_json_end_array (j);
    gc_json_begin_array (j, "rows");
    for (guint i = 0; i < n_items; i++)
      for (guint c = 0; c < n_chains; c++) {
        const GcFileFeatures *f = jobs[c * n_items + i].features;

        for (guint w = 0; f && w < f->n_windows; w++) {
          const GcWindowResult *wr = &f->windows[w];

          if (wr->status != GC_WINDOW_OK)
            continue;
          gc_npy_pack (wr->vector, dimension, packed);
          gc_export_file_write (out, packed, 8 * (gsize)dimension, NULL);
          json_row (j, &cols, set, i, chains[c], wr);
        }
      }
    gc_json_end_array (j);
    gc_json_end_object (j);
    text = gc_json_free_to_string (j);
    gc_export_file_write (sidecar, text, strlen (text), NULL);
    g_free (text);
    g_free (base);
    g_free (packed);
  }
  /* Write errors were kept by the files: the first one is reported here. */
  if (sidecar && !gc_export_file_commit (g_steal_pointer (&sidecar), &error)) {
    gc_cli_error ("%s", error->message);
    goto out;
  }
  if (!gc_export_file_commit (g_steal_pointer (&out), &error)) {
    gc_cli_error ("%s", error->message);
    goto out;
  }

  if (!o.quiet) {
    char *w = gc_cli_format_seconds (o.spec.window);

    printf ("genreclassify-features: %u files", n_items);
    if (labelled)
      printf (" in %u genres from %s", set->labels->len, set->source);
    printf (", feature set %s (%u values), windows of %s (hop %g s, "
            "min-window %g s)\n",
        gc_feature_set_name (o.spec.features), dimension, w,
        o.spec.hop > 0.0 ? o.spec.hop : o.spec.window, o.spec.min_window);
    if (n_chains > 1) {
      char *list = gc_chain_list_names (degrades);

      printf ("chains: every file as it is and through %s\n", list);
      g_free (list);
    }
    printf ("features: %u decoded, %u from the cache, %u failed, %u without "
            "a window; %" G_GUINT64_FORMAT " windows written, %u silent "
            "windows skipped; %.1f s of audio decoded in %.2f s\n",
        stats.n_decoded, stats.n_cached, n_failed, n_no_window, n_rows,
        n_silent, stats.audio_seconds, stats.seconds);
    if (set->n_skipped)
      printf ("  (%u hidden or non-audio files skipped)\n", set->n_skipped);
    if (format == GC_EXPORT_CSV)
      printf ("wrote %s: %" G_GUINT64_FORMAT " rows, %u columns (%u about "
              "the window, then the %u features)\n",
          output, n_rows, n_fixed + dimension, n_fixed, dimension);
    else
      printf ("wrote %s: %" G_GUINT64_FORMAT " × %u float64 values, and "
              "%s: the column names and every row's path and window\n",
          output, n_rows, dimension, sidecar_path);
    g_free (w);
  }
  {
    char *store_error = cache ? gc_feature_cache_get_store_error (cache) : NULL;

    if (store_error) {
      fprintf (stderr, "warning: the feature cache could not be written: %s\n",
          store_error);
      g_free (store_error);
    }
  }
  status = GC_EXIT_OK;

out:
  gc_export_file_abort (out);
  gc_export_file_abort (sidecar);
  g_clear_error (&error);
  g_option_context_free (ctx);
  if (jobs)
    gc_cli_jobs_free (jobs, n_items * n_chains);
  gc_feature_cache_free (cache);
  gc_dataset_free (set);
  if (files)
    g_ptr_array_unref (files);
  if (missing)
    g_ptr_array_unref (missing);
  g_strfreev (names);
  g_free (sidecar_path);
  g_free (chains);
  g_free (degrades);
  g_free (output);
  g_free (degrade);
  gc_cli_options_clear (&o);
  return status;
}
