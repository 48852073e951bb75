/* genreclassify — options and steps shared by the command-line tools
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The window options (as the element's properties), the cache, parallel
 * jobs, --strict and the progress display, with one meaning in every tool.
 */
#ifndef GC_CLI_H
#define GC_CLI_H

#include "gc-dataset.h"
#include "gc-extract.h"

G_BEGIN_DECLS

/* Exit statuses of the tools. */
#define GC_EXIT_OK 0
#define GC_EXIT_FAILURE                                                        \
  1 /* nothing (or not everything, with --strict) done                         \
     */
#define GC_EXIT_USAGE 2 /* bad command line */

typedef struct {
  /* NAN until set on the command line (gc_cli_check() fills defaults). */
  double window, hop, min_window;
  gint jobs;
  char *cache_dir;
  gboolean no_cache;
  gboolean strict;
  gboolean quiet;
  gboolean verbose;
  char *progress; /* auto, tty, plain, none */
  /* Groups (gc_cli_add_group_entries()): --groups, --group-column. */
  char **groups;
  char *group_column;
  /* --features (gc_cli_add_feature_entries()), NULL: seed-212. */
  char *features;
  /* Resolved by gc_cli_check(). */
  GcWindowSpec spec;
  GcProgressMode progress_mode;
} GcCliOptions;

void gc_cli_options_init (GcCliOptions *options);
void gc_cli_options_clear (GcCliOptions *options);

/* Adds --window, --hop, --min-window, -j/--jobs, --cache-dir, --no-cache,
 * --strict, --progress, -q/--quiet, -v/--verbose to @context's main group. */
void gc_cli_add_entries (GOptionContext *context, GcCliOptions *options);

/* Which of the shared options beyond gc_cli_add_entries()'s a tool takes. */
typedef enum {
  GC_CLI_GROUP_ENTRIES = 1 << 0, /* gc_cli_add_group_entries() */
  GC_CLI_FEATURE_ENTRIES = 1 << 1, /* gc_cli_add_feature_entries() */
} GcCliEntries;

/* The command line of every tool, parsed one way: a context with
 * @parameter_string, @summary and @description (--help), the tool's own
 * @entries first, then gc_cli_add_entries(), the @extra shared entries
 * (groups before features) and GStreamer's options.  Removes what it parsed
 * from @argc/@argv; FALSE and G_OPTION_ERROR on a bad command line. */
gboolean gc_cli_parse (GcCliOptions *options, GcCliEntries extra,
    const GOptionEntry *entries, const char *parameter_string,
    const char *summary, const char *description, int *argc, char ***argv,
    GError **error);

/* The model to load when -m names none: gc_model_default_path() with the
 * build tree this program runs from, if it does (BUILD/src/cli/…). */
char *gc_cli_default_model_path (void);

/* Adds --features NAME, the feature set to compute (gc-features.h). */
void gc_cli_add_feature_entries (
    GOptionContext *context, GcCliOptions *options);

/* Adds --groups FILE (repeatable) and --group-column NAME. */
void gc_cli_add_group_entries (GOptionContext *context, GcCliOptions *options);

/* With --groups, reads the groups of @set's files (gc_dataset_load_groups(),
 * column --group-column, default "artist"), with a warning on stderr when
 * they replace a list's third column.  GC_DATASET_ERROR on error. */
gboolean gc_cli_load_groups (
    const GcCliOptions *options, GcDataset *set, GError **error);

/* Prints every string of @warnings as "warning: …" on stderr. */
void gc_cli_print_warnings (GPtrArray *warnings);

/* Fills the defaults (@default_window for --window when not given) and
 * checks the values.  G_OPTION_ERROR on error. */
gboolean gc_cli_check (
    GcCliOptions *options, double default_window, GError **error);

/* NULL with --no-cache. */
GcFeatureCache *gc_cli_cache (const GcCliOptions *options);

/* After a run: "warning: the feature cache could not be written: …" on
 * stderr if @cache (NULL: none) failed to store something. */
void gc_cli_warn_cache_store_error (GcFeatureCache *cache);

/* Decodes (or finds in the cache) every item of @set, as it is and through
 * each of @n_chains recording chains (@chains[c] NULL: as it is), with
 * progress on stderr and one warning line per failure.  Returns the jobs,
 * chain by chain: job c · n_items + i is item i through chains[c] (free
 * with gc_cli_jobs_free()).  @seed seeds the random chains. */
GcExtractJob *gc_cli_extract (const GcCliOptions *options, const GcDataset *set,
    GcFeatureCache *cache, const GcChain *const *chains, guint n_chains,
    guint64 seed, GcExtractStats *stats);
void gc_cli_jobs_free (GcExtractJob *jobs, guint n);

/* gc_chain_parse_list() of @option's @text; its errors as
 * G_OPTION_ERROR_BAD_VALUE "OPTION: message". */
const GcChain **gc_cli_parse_chains (
    const char *option, const char *text, GError **error);

/* @option's "BEGIN,END,STEP" of log2 values (as libsvm's grid.py -log2c),
 * e.g. "-1,9,2" → 2^-1, 2^1, … 2^9; a single number "3" gives 2^3.
 * Appends the values (not their logs) to @values.
 * G_OPTION_ERROR_BAD_VALUE on error, naming @option. */
gboolean gc_cli_parse_log2 (
    const char *option, const char *text, GArray *values, GError **error);

/* Window lengths in seconds from @text ("5,10,15"): sorted, each a number
 * in [1, @max_window], no length twice, 1 to @max_count of them (written to
 * @n).  NULL and a G_OPTION_ERROR naming @option otherwise.  Free with
 * g_free(). */
double *gc_cli_parse_lengths (const char *option, const char *text,
    double max_window, guint max_count, guint *n, GError **error);

/* --extra-windows: up to 8 lengths as gc_cli_parse_lengths() reads them,
 * each shorter than @window.  NULL and an error naming the option
 * otherwise.  Free with g_free(). */
double *gc_cli_parse_extra_windows (
    const char *text, double window, guint *n, GError **error);

/* The files of @set, as they are, in back-to-back windows of @seconds
 * (hop = window; a shorter rest only when the element would report it,
 * min-window MIN (@seconds, the options' min-window)): gc_cli_extract()
 * with that window, the cache and progress of @options. */
GcExtractJob *gc_cli_extract_length (const GcCliOptions *options,
    const GcDataset *set, GcFeatureCache *cache, double seconds, guint64 seed);

/* gc_cli_extract_length() for each of the @n lengths @seconds: @n arrays
 * of set->items->len jobs (never NULL, even for @n 0).  Free with
 * gc_cli_length_jobs_free() and the same @n and item count. */
GcExtractJob **gc_cli_extract_lengths (const GcCliOptions *options,
    const GcDataset *set, GcFeatureCache *cache, const double *seconds, guint n,
    guint64 seed);
void gc_cli_length_jobs_free (GcExtractJob **jobs, guint n, guint n_items);

/* "4 s", "0.5 s", "30 s" */
char *gc_cli_format_seconds (double seconds);

/* Prints "PRGNAME: message" on stderr. */
void gc_cli_error (const char *format, ...) G_GNUC_PRINTF (1, 2);

G_END_DECLS

#endif
