/* genreclassify — labelled sets of audio files
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * A labelled set is given as either
 *
 *   a folder of folders, ROOT/LABEL/…/FILE: every regular file below
 *   ROOT/LABEL (at any depth) has the label LABEL (the folder's name);
 *   hidden files and folders (".name") and files with an extension that is
 *   never audio (GC_DATASET_IGNORED_EXTENSIONS: pictures, text, playlists,
 *   cue sheets…) are skipped and counted; files directly in ROOT are
 *   skipped and counted too;
 *
 *   or a list file, one "PATH<TAB>LABEL" a line (UTF-8), where a relative
 *   PATH is relative to the list file's folder, empty lines and lines
 *   starting with '#' are ignored.
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

#define GC_DATASET_IGNORED_EXTENSIONS                                          \
  "txt md nfo log cue m3u m3u8 pls xspf jpg jpeg png gif bmp webp tif tiff "   \
  "pdf db ini json xml sfv md5 sha1 sha256 url lnk ds_store"

#define GC_DATASET_ERROR (gc_dataset_error_quark ())
GQuark gc_dataset_error_quark (void);

typedef enum {
  GC_DATASET_ERROR_IO, /* the folder or list cannot be read */
  GC_DATASET_ERROR_PARSE, /* a malformed list line */
  GC_DATASET_ERROR_LABEL, /* an invalid label */
  GC_DATASET_ERROR_EMPTY, /* no file at all */
  GC_DATASET_ERROR_DUPLICATE, /* one path listed with two labels */
} GcDatasetError;

typedef struct {
  char *path; /* as found (ROOT/LABEL/FILE) or resolved from the list */
  guint label; /* index into labels */
} GcDatasetItem;

typedef struct {
  char *source; /* the folder or list file given */
  GPtrArray *labels; /* char *, sorted */
  GArray *items; /* GcDatasetItem, sorted by path */
  guint n_skipped; /* hidden, not-audio extensions, files in ROOT */
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

/* Items per label, into @counts (set->labels->len values). */
void gc_dataset_count (const GcDataset *set, guint *counts);

/* Whether @label can be a model label; if not, why (free with g_free()). */
gboolean gc_dataset_check_label (const char *label, char **why);

G_END_DECLS

#endif
