/* genreclassify-tag — the list of files to process, and shards of it
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "gc-audio-names.h"
#include "gc-tag-files.h"

void
gc_tag_file_free (GcTagFile *file)
{
  if (file == NULL)
    return;
  g_free (file->path);
  g_free (file->relative);
  g_free (file);
}

static void
add_file (GPtrArray *files, const char *path, const char *relative)
{
  GcTagFile *f = g_new0 (GcTagFile, 1);

  f->path = g_strdup (path);
  f->relative = g_strdup (relative);
  g_ptr_array_add (files, f);
}

static void
scan_folder (
    GPtrArray *files, const char *dir, const char *relative, gboolean all_files)
{
  GDir *d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d)) != NULL) {
    char *path, *rel;
    GStatBuf st;

    if (name[0] == '.')
      continue;
    path = g_build_filename (dir, name, NULL);
    rel = relative ? g_build_filename (relative, name, NULL) : g_strdup (name);
    /* lstat: a symbolic link to a folder is not followed (no loops) */
    if (g_lstat (path, &st) == 0) {
      gboolean link = S_ISLNK (st.st_mode);

      if (link && g_stat (path, &st) != 0)
        st.st_mode = 0; /* dangling */
      if (S_ISDIR (st.st_mode) && !link)
        scan_folder (files, path, rel, all_files);
      else if (S_ISREG (st.st_mode)
          && (all_files || gc_audio_name_is_audio (name)))
        add_file (files, path, rel);
    }
    g_free (rel);
    g_free (path);
  }
  g_dir_close (d);
}

static gint
compare_paths (gconstpointer a, gconstpointer b)
{
  const GcTagFile *fa = *(const GcTagFile *const *)a;
  const GcTagFile *fb = *(const GcTagFile *const *)b;

  return strcmp (fa->path, fb->path);
}

GPtrArray *
gc_tag_files_collect (
    const char *const *args, gboolean all_files, GPtrArray *missing)
{
  GPtrArray *files =
      g_ptr_array_new_with_free_func ((GDestroyNotify)gc_tag_file_free);
  GPtrArray *unique;
  guint i;

  for (i = 0; args[i] != NULL; i++) {
    const char *arg = args[i];

    if (g_file_test (arg, G_FILE_TEST_IS_DIR)) {
      /* "music/" and "music" give the same paths */
      char *dir = g_strdup (arg);
      gsize len = strlen (dir);

      while (len > 1 && dir[len - 1] == G_DIR_SEPARATOR)
        dir[--len] = '\0';
      scan_folder (files, dir, NULL, all_files);
      g_free (dir);
    } else if (g_file_test (arg, G_FILE_TEST_EXISTS)) {
      char *base = g_path_get_basename (arg);

      add_file (files, arg, base);
      g_free (base);
    } else if (missing != NULL) {
      g_ptr_array_add (missing, g_strdup (arg));
    }
  }

  g_ptr_array_sort (files, compare_paths);
  /* drop duplicates (a file named twice, or also inside a folder named) */
  g_ptr_array_set_free_func (files, NULL);
  unique = g_ptr_array_new_with_free_func ((GDestroyNotify)gc_tag_file_free);
  for (i = 0; i < files->len; i++) {
    GcTagFile *f = g_ptr_array_index (files, i);

    if (unique->len > 0
        && strcmp (
               ((GcTagFile *)g_ptr_array_index (unique, unique->len - 1))->path,
               f->path)
            == 0)
      gc_tag_file_free (f);
    else
      g_ptr_array_add (unique, f);
  }
  g_ptr_array_unref (files);
  return unique;
}

gboolean
gc_tag_files_parse_shard (
    const char *spec, guint *index, guint *count, GError **error)
{
  guint64 i, n;
  char **parts = g_strsplit (spec, "/", -1);
  gboolean ok = g_strv_length (parts) == 2
      && g_ascii_string_to_unsigned (parts[0], 10, 0, G_MAXUINT, &i, NULL)
      && g_ascii_string_to_unsigned (parts[1], 10, 1, G_MAXUINT, &n, NULL)
      && i < n;

  g_strfreev (parts);
  if (!ok) {
    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
        "--shard: \"%s\" is not I/N with 0 <= I < N (e.g. 0/4 to 3/4)", spec);
    return FALSE;
  }
  *index = (guint)i;
  *count = (guint)n;
  return TRUE;
}

GPtrArray *
gc_tag_files_shard (GPtrArray *files, guint index, guint count)
{
  GPtrArray *kept;

  g_return_val_if_fail (count > 0 && index < count, files);
  g_ptr_array_set_free_func (files, NULL);
  kept = g_ptr_array_new_with_free_func ((GDestroyNotify)gc_tag_file_free);
  for (guint i = 0; i < files->len; i++) {
    GcTagFile *f = g_ptr_array_index (files, i);

    if (i % count == index)
      g_ptr_array_add (kept, f);
    else
      gc_tag_file_free (f);
  }
  g_ptr_array_unref (files);
  return kept;
}
