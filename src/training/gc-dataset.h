/* genreclassify — labelled sets of audio files
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * A labelled set is given as either
 *
 *   a folder of folders, ROOT/LABEL/…/FILE: every regular file below
 *   ROOT/LABEL (at any depth) has the label LABEL (the folder's name);
 *   hidden files and folders (".name") and files without an audio
 *   extension (gc-audio-names.h, the same list for every tool) are skipped
 *   and counted; files directly in ROOT are skipped and counted too;
 *
 *   or a list file, one "PATH<TAB>LABEL" or "PATH<TAB>LABEL<TAB>GROUP" a
 *   line (UTF-8), where a relative PATH is relative to the list file's
 *   folder, empty lines and lines starting with '#' are ignored.  When one
 *   line has a GROUP (e.g. the artist), every line must have one.
 *
 * Groups (gc_dataset_load_groups() reads them from TSV files with a header,
 * such as a corpus' clips.tsv) say which files must never be on both sides
 * of a cross-validation split.
 *
 * Labels must be valid model labels (see docs/model-format.md: UTF-8, at
 * most 256 bytes, no control characters, ';' or '=', no leading or trailing
 * space).  The labels are sorted (byte order) and the items sorted by path,
 * so the same set gives the same order whatever the file system does.
 */
#ifndef GC_DATASET_H
#define GC_DATASET_H

#include <glib.h>

G_BEGIN_DECLS

#define GC_DATASET_ERROR (gc_dataset_error_quark ())
GQuark gc_dataset_error_quark (void);

typedef enum {
  GC_DATASET_ERROR_IO, /* the folder or list cannot be read */
  GC_DATASET_ERROR_PARSE, /* a malformed list line */
  GC_DATASET_ERROR_LABEL, /* an invalid label */
  GC_DATASET_ERROR_EMPTY, /* no file at all */
  GC_DATASET_ERROR_DUPLICATE, /* one path listed with two labels */
  GC_DATASET_ERROR_GROUP, /* a file without a group */
} GcDatasetError;

typedef struct {
  char *path; /* as found (ROOT/LABEL/FILE) or resolved from the list */
  guint label; /* index into labels */
  char *group; /* NULL when the set has no groups */
  guint line; /* the list file's line naming it; 0 in a folder set */
} GcDatasetItem;

typedef struct {
  char *source; /* the folder or list file given */
  GPtrArray *labels; /* char *, sorted */
  GArray *items; /* GcDatasetItem, sorted by path */
  guint n_skipped; /* hidden, not-audio extensions, files in ROOT */
  gboolean is_list; /* given as a list file */
  /* Where the items' groups come from, for reports: NULL (no groups),
   * "the third column of LIST", or the --groups files ("a.tsv, b.tsv"). */
  char *group_source;
  char *group_column; /* the TSV column read, NULL for a list's column */
} GcDataset;

/* @path: a folder (folder of folders) or a regular file (a list). */
GcDataset *gc_dataset_load (const char *path, GError **error);
void gc_dataset_free (GcDataset *set);

static inline const char *
gc_dataset_label (const GcDataset *set, guint index)
{
  return (const char *)g_ptr_array_index (set->labels, index);
}

static inline const GcDatasetItem *
gc_dataset_item (const GcDataset *set, guint index)
{
  return &g_array_index (set->items, GcDatasetItem, index);
}

/* Reads the group of every item from the TSV files @tsv_paths (a
 * NULL-terminated array, at least one): a header line naming the columns,
 * among them "path" (relative to the TSV's folder, or absolute) and
 * @column (e.g. "artist"); then one row per file, fields separated by tabs.
 * Rows naming files that are not in the set are ignored.  Replaces the
 * groups of a list's third column.  Errors (GC_DATASET_ERROR) name the file
 * and line: an unreadable file, a missing column, a row with too few fields
 * or an empty group, one file with two groups, and an item of the set that
 * no TSV names. */
gboolean gc_dataset_load_groups (GcDataset *set, const char *const *tsv_paths,
    const char *column, GError **error);

/* "LIST:LINE" for an item of a list set (for messages), NULL for a folder
 * set; free with g_free(). */
char *gc_dataset_item_origin (const GcDataset *set, guint index);

/* The audio files below @dir (at any depth), by the folder sets' rules:
 * hidden files and folders and names without an audio extension are
 * skipped and counted in @n_skipped.  Appends the paths (owned by the
 * caller: free them with g_free()) to @paths, unsorted; GC_DATASET_ERROR_IO
 * when a folder cannot be read (the paths found so far stay in @paths). */
gboolean gc_dataset_walk_audio (
    const char *dir, GPtrArray *paths, guint *n_skipped, GError **error);

/* Items per label, into @counts (set->labels->len values). */
void gc_dataset_count (const GcDataset *set, guint *counts);

/* One line of a list file as written. */
typedef struct {
  char *path; /* resolved: a relative PATH is relative to the list's folder */
  char *label; /* the second column, unchecked */
  char *group; /* the third column; NULL when absent or blank */
  guint line;
} GcDatasetLine;

/* The lines of the list file @list (the same syntax as gc_dataset_load()'s
 * lists) whose LABEL column is a genre field as a music library tagged it
 * ("Rock; Pop", or empty): not checked as a label, and a blank GROUP is
 * allowed, so that gc_tag_labels_load() applies its own rules to them.
 * GcDatasetLine *, in the list's order; NULL and GC_DATASET_ERROR when the
 * list cannot be read or a line is malformed. */
GPtrArray *gc_dataset_read_tagged_list (const char *list, GError **error);
void gc_dataset_line_free (gpointer line);

/* Whether @label can be a model label; if not, why (free with g_free()). */
gboolean gc_dataset_check_label (const char *label, char **why);

G_END_DECLS

#endif
