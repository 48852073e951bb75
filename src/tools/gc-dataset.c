/* genreclassify — labelled sets of audio files
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gstdio.h>

#include "gc-dataset.h"

#define MAX_LABEL_BYTES 256
#define MAX_DEPTH 32
#define MAX_LIST_BYTES (256u * 1024 * 1024)

G_DEFINE_QUARK (gc - dataset - error - quark, gc_dataset_error)

gboolean
gc_dataset_check_label (const char *l, char **why)
{
  gsize len = l ? strlen (l) : 0;

  if (len == 0) {
    *why = g_strdup ("the label is empty");
    return FALSE;
  }
  if (len > MAX_LABEL_BYTES || !g_utf8_validate (l, -1, NULL)) {
    *why = g_strdup_printf (
        "a label must be UTF-8 text of at most %d bytes", MAX_LABEL_BYTES);
    return FALSE;
  }
  if (g_ascii_isspace (l[0]) || g_ascii_isspace (l[len - 1])) {
    *why = g_strdup ("a label must not start or end with white space");
    return FALSE;
  }
  for (const char *p = l; *p; p++) {
    if ((guchar)*p < 0x20 || *p == 0x7f || *p == ';' || *p == '=') {
      *why =
          g_strdup ("a label must not contain control characters, ';' or '='");
      return FALSE;
    }
  }
  return TRUE;
}

typedef struct {
  char *path;
  char *label;
} Entry;

static void
entry_clear (gpointer p)
{
  Entry *e = p;

  g_free (e->path);
  g_free (e->label);
}

static gboolean
ignored_name (const char *name)
{
  static GHashTable *exts = NULL;
  static gsize once = 0;
  const char *dot;
  char *lower;
  gboolean ignored;

  if (name[0] == '.')
    return TRUE;
  if (g_once_init_enter (&once)) {
    char **v = g_strsplit (GC_DATASET_IGNORED_EXTENSIONS, " ", -1);

    exts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    for (char **p = v; *p; p++)
      if (**p)
        g_hash_table_add (exts, g_strdup (*p));
    g_strfreev (v);
    g_once_init_leave (&once, 1);
  }
  dot = strrchr (name, '.');
  if (dot == NULL)
    return FALSE;
  lower = g_ascii_strdown (dot + 1, -1);
  ignored = g_hash_table_contains (exts, lower);
  g_free (lower);
  return ignored;
}

static gboolean
walk (const char *dir, const char *label, guint depth, GArray *entries,
    guint *n_skipped, GError **error)
{
  GError *err = NULL;
  GDir *d = g_dir_open (dir, 0, &err);
  const char *name;

  if (d == NULL) {
    char *display = g_filename_display_name (dir);

    g_set_error (error, GC_DATASET_ERROR, GC_DATASET_ERROR_IO,
        "%s: cannot read the folder: %s", display, err->message);
    g_free (display);
    g_error_free (err);
    return FALSE;
  }
  while ((name = g_dir_read_name (d)) != NULL) {
    char *path = g_build_filename (dir, name, NULL);

    if (name[0] == '.') {
      (*n_skipped)++;
    } else if (g_file_test (path, G_FILE_TEST_IS_DIR)) {
      if (depth < MAX_DEPTH
          && !walk (path, label, depth + 1, entries, n_skipped, error)) {
        g_free (path);
        g_dir_close (d);
        return FALSE;
      }
    } else if (ignored_name (name)) {
      (*n_skipped)++;
    } else {
      /* Regular files, and anything else the decoder will complain
       * about in its own words (a broken link, a device). */
      Entry e = { path, g_strdup (label) };

      g_array_append_val (entries, e);
      path = NULL;
    }
    g_free (path);
  }
  g_dir_close (d);
  return TRUE;
}

static gboolean
load_folder (
    const char *root, GArray *entries, guint *n_skipped, GError **error)
{
  GError *err = NULL;
  GDir *d = g_dir_open (root, 0, &err);
  const char *name;
  GPtrArray *subdirs = g_ptr_array_new_with_free_func (g_free);
  gboolean ok = TRUE;

  if (d == NULL) {
    char *display = g_filename_display_name (root);

    g_set_error (error, GC_DATASET_ERROR, GC_DATASET_ERROR_IO,
        "%s: cannot read the folder: %s", display, err->message);
    g_free (display);
    g_error_free (err);
    g_ptr_array_free (subdirs, TRUE);
    return FALSE;
  }
  while ((name = g_dir_read_name (d)) != NULL) {
    char *path = g_build_filename (root, name, NULL);

    if (name[0] != '.' && g_file_test (path, G_FILE_TEST_IS_DIR))
      g_ptr_array_add (subdirs, g_strdup (name));
    else
      (*n_skipped)++;
    g_free (path);
  }
  g_dir_close (d);

  for (guint i = 0; ok && i < subdirs->len; i++) {
    const char *sub = g_ptr_array_index (subdirs, i);
    char *label = g_filename_to_utf8 (sub, -1, NULL, NULL, NULL);
    char *path = g_build_filename (root, sub, NULL);
    char *why = NULL;

    if (label == NULL || !gc_dataset_check_label (label, &why)) {
      char *display = g_filename_display_name (path);

      g_set_error (error, GC_DATASET_ERROR, GC_DATASET_ERROR_LABEL,
          "%s: the folder name cannot be a genre label: %s", display,
          why ? why : "not valid UTF-8");
      g_free (display);
      ok = FALSE;
    } else {
      ok = walk (path, label, 1, entries, n_skipped, error);
    }
    g_free (why);
    g_free (label);
    g_free (path);
  }
  g_ptr_array_free (subdirs, TRUE);
  return ok;
}

static gboolean
load_list (const char *list, GArray *entries, GError **error)
{
  char *contents = NULL, *display = g_filename_display_name (list);
  char *base = g_path_get_dirname (list);
  gsize len = 0;
  GError *err = NULL;
  char **lines = NULL;
  gboolean ok = FALSE;
  GStatBuf st;

  if (g_stat (list, &st) == 0 && (guint64)st.st_size > MAX_LIST_BYTES) {
    g_set_error (error, GC_DATASET_ERROR, GC_DATASET_ERROR_PARSE,
        "%s: a list file of more than %u MiB is not a list", display,
        MAX_LIST_BYTES >> 20);
    goto out;
  }
  if (!g_file_get_contents (list, &contents, &len, &err)) {
    g_set_error (error, GC_DATASET_ERROR, GC_DATASET_ERROR_IO,
        "%s: cannot read the list: %s", display, err->message);
    g_error_free (err);
    goto out;
  }
  if (memchr (contents, 0, len) || !g_utf8_validate (contents, len, NULL)) {
    g_set_error (error, GC_DATASET_ERROR, GC_DATASET_ERROR_PARSE,
        "%s: not a list of PATH<TAB>LABEL lines (not UTF-8 text; is it an "
        "audio file? Give a folder of folders or a list)",
        display);
    goto out;
  }
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i]; i++) {
    char *line = lines[i], *tab, *why = NULL;
    gsize l = strlen (line);
    Entry e;

    if (l > 0 && line[l - 1] == '\r')
      line[--l] = 0;
    if (l == 0 || line[0] == '#')
      continue;
    tab = strrchr (line, '\t');
    if (tab == NULL || tab == line) {
      g_set_error (error, GC_DATASET_ERROR, GC_DATASET_ERROR_PARSE,
          "%s:%u: expected PATH<TAB>LABEL", display, i + 1);
      goto out;
    }
    *tab = 0;
    if (!gc_dataset_check_label (tab + 1, &why)) {
      g_set_error (error, GC_DATASET_ERROR, GC_DATASET_ERROR_LABEL,
          "%s:%u: invalid label \"%s\": %s", display, i + 1, tab + 1, why);
      g_free (why);
      goto out;
    }
    e.path = g_path_is_absolute (line) ? g_strdup (line)
                                       : g_build_filename (base, line, NULL);
    e.label = g_strdup (tab + 1);
    g_array_append_val (entries, e);
  }
  ok = TRUE;

out:
  g_strfreev (lines);
  g_free (contents);
  g_free (base);
  g_free (display);
  return ok;
}

static gint
compare_entries (gconstpointer a, gconstpointer b)
{
  const Entry *x = a, *y = b;
  int c = strcmp (x->path, y->path);

  return c ? c : strcmp (x->label, y->label);
}

static gint
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char *const *)a, *(char *const *)b);
}

GcDataset *
gc_dataset_load (const char *path, GError **error)
{
  GArray *entries = g_array_new (FALSE, FALSE, sizeof (Entry));
  GcDataset *set = NULL;
  GHashTable *index = NULL;
  char *display = g_filename_display_name (path);
  guint n_skipped = 0;
  gboolean ok;

  g_array_set_clear_func (entries, entry_clear);
  if (g_file_test (path, G_FILE_TEST_IS_DIR)) {
    ok = load_folder (path, entries, &n_skipped, error);
  } else if (g_file_test (path, G_FILE_TEST_EXISTS)) {
    ok = load_list (path, entries, error);
  } else {
    g_set_error (error, GC_DATASET_ERROR, GC_DATASET_ERROR_IO,
        "%s: no such folder or list file", display);
    ok = FALSE;
  }
  if (!ok)
    goto out;
  if (entries->len == 0) {
    g_set_error (error, GC_DATASET_ERROR, GC_DATASET_ERROR_EMPTY,
        g_file_test (path, G_FILE_TEST_IS_DIR)
            ? "%s: no audio files (expected one folder per genre, "
              "ROOT/GENRE/FILE)"
            : "%s: the list names no files",
        display);
    goto out;
  }

  g_array_sort (entries, compare_entries);
  set = g_new0 (GcDataset, 1);
  set->source = g_strdup (path);
  set->labels = g_ptr_array_new_with_free_func (g_free);
  set->items = g_array_new (FALSE, FALSE, sizeof (GcDatasetItem));
  set->n_skipped = n_skipped;

  index = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < entries->len; i++) {
    Entry *e = &g_array_index (entries, Entry, i);

    if (!g_hash_table_contains (index, e->label)) {
      g_hash_table_add (index, e->label);
      g_ptr_array_add (set->labels, g_strdup (e->label));
    }
  }
  g_ptr_array_sort (set->labels, compare_strings);
  g_hash_table_remove_all (index);
  for (guint k = 0; k < set->labels->len; k++)
    g_hash_table_insert (
        index, g_ptr_array_index (set->labels, k), GUINT_TO_POINTER (k));

  for (guint i = 0; i < entries->len; i++) {
    Entry *e = &g_array_index (entries, Entry, i);
    GcDatasetItem item;

    if (i > 0) {
      Entry *prev = &g_array_index (entries, Entry, i - 1);

      if (strcmp (prev->path, e->path) == 0) {
        if (strcmp (prev->label, e->label) == 0)
          continue; /* listed twice: once is enough */
        {
          char *p = g_filename_display_name (e->path);

          g_set_error (error, GC_DATASET_ERROR, GC_DATASET_ERROR_DUPLICATE,
              "%s is listed with two labels, \"%s\" and \"%s\"", p, prev->label,
              e->label);
          g_free (p);
        }
        gc_dataset_free (set);
        set = NULL;
        goto out;
      }
    }
    item.path = g_strdup (e->path);
    item.label = GPOINTER_TO_UINT (g_hash_table_lookup (index, e->label));
    g_array_append_val (set->items, item);
  }

out:
  if (index)
    g_hash_table_destroy (index);
  g_array_free (entries, TRUE);
  g_free (display);
  return set;
}

void
gc_dataset_free (GcDataset *set)
{
  if (set == NULL)
    return;
  for (guint i = 0; i < set->items->len; i++)
    g_free (g_array_index (set->items, GcDatasetItem, i).path);
  g_array_free (set->items, TRUE);
  g_ptr_array_free (set->labels, TRUE);
  g_free (set->source);
  g_free (set);
}

void
gc_dataset_count (const GcDataset *set, guint *counts)
{
  memset (counts, 0, set->labels->len * sizeof (guint));
  for (guint i = 0; i < set->items->len; i++)
    counts[gc_dataset_item (set, i)->label]++;
}
