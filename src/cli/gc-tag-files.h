/* genreclassify-tag — the list of files to process, and shards of it
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef GC_TAG_FILES_H
#define GC_TAG_FILES_H

#include <glib.h>

G_BEGIN_DECLS

/* One file to process. */
typedef struct {
  char *path; /* as found: the argument, or ARGUMENT/relative/path */
  /* Path relative to the folder argument it was found under (the base name
   * for a file given as argument): where --output-dir puts its copy. */
  char *relative;
} GcTagFile;

void gc_tag_file_free (GcTagFile *file);

/* Collects the files named by @args: a file is taken as it is, whatever
 * its name; a folder is searched recursively for files with an audio
 * extension (gc-audio-names.h) (every regular file with @all_files), skipping
 * names that start with '.' and not following symbolic links to folders.  The
 * list is sorted by path (byte order, the same on every machine) and free of
 * duplicates. Arguments that do not exist are reported in @missing (may be
 * NULL; a GPtrArray of strings) and left out. */
GPtrArray *gc_tag_files_collect (
    const char *const *args, gboolean all_files, GPtrArray *missing);

/* "I/N" with 0 <= I < N. */
gboolean gc_tag_files_parse_shard (
    const char *spec, guint *index, guint *count, GError **error);

/* The files of shard @index of @count: those at positions p of the sorted
 * list with p % count == index.  Any two shards are disjoint and all @count
 * together are the whole list.  Consumes @files. */
GPtrArray *gc_tag_files_shard (GPtrArray *files, guint index, guint count);

G_END_DECLS

#endif
