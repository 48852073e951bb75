/* genreclassify — labelled sets of audio files
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>

#include "gc-audio-names.h"
#include "gc-dataset.h"

#define MAX_LABEL_BYTES 256
#define MAX_DEPTH 32
#define MAX_LIST_BYTES (256u * 1024 * 1024)

G_DEFINE_QUARK (gc-dataset-error-quark, gc_dataset_error);

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
  char *group;
  guint line;
  gboolean blank_group; /* a third column, but empty */
} Entry;

static void
entry_clear (gpointer p)
{
  Entry *e = p;

  g_free (e->path);
  g_free (e->label);
  g_free (e->group);
}

/* Hidden files and names without an audio extension (gc-audio-names.h). */
static gboolean
ignored_name (const char *name)
{
  return name[0] == '.' || !gc_audio_name_is_audio (name);
}

static gboolean
walk_paths (const char *dir, guint depth, GPtrArray *paths, guint *n_skipped,
    GError **error)
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
          && !walk_paths (path, depth + 1, paths, n_skipped, error)) {
        g_free (path);
        g_dir_close (d);
        return FALSE;
      }
    } else if (ignored_name (name)) {
      (*n_skipped)++;
    } else {
      /* Regular files, and anything else the decoder will complain
       * about in its own words (a broken link, a device). */
      g_ptr_array_add (paths, path);
      path = NULL;
    }
    g_free (path);
  }
  g_dir_close (d);
  return TRUE;
}

gboolean
gc_dataset_walk_audio (
    const char *dir, GPtrArray *paths, guint *n_skipped, GError **error)
{
  return walk_paths (dir, 1, paths, n_skipped, error);
}

static gboolean
walk (const char *dir, const char *label, guint depth, GArray *entries,
    guint *n_skipped, GError **error)
{
  GPtrArray *paths = g_ptr_array_new ();
  gboolean ok = walk_paths (dir, depth, paths, n_skipped, error);

  /* The entries own the paths, even after a failure. */
  for (guint i = 0; i < paths->len; i++) {
    Entry e = { g_ptr_array_index (paths, i), g_strdup (label), NULL, 0,
      FALSE };

    g_array_append_val (entries, e);
  }
  g_ptr_array_free (paths, TRUE);
  return ok;
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

/* @as_tagged: the LABEL column is a genre field as tagged (not checked
 * here: gc-tag-labels.c applies its rules) and a blank GROUP is allowed. */
static gboolean
load_list (const char *list, GArray *entries, gboolean *has_groups,
    gboolean as_tagged, GError **error)
{
  char *contents = NULL, *display = g_filename_display_name (list);
  char *base = g_path_get_dirname (list);
  gsize len = 0;
  GError *err = NULL;
  char **lines = NULL;
  gboolean ok = FALSE;
  guint first_group_line = 0;
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
    char *line = lines[i], **fields, *why = NULL;
    gsize l = strlen (line);
    guint n_fields;
    Entry e;

    if (l > 0 && line[l - 1] == '\r')
      line[--l] = 0;
    if (l == 0 || line[0] == '#')
      continue;
    fields = g_strsplit (line, "\t", -1);
    n_fields = g_strv_length (fields);
    if (n_fields < 2 || n_fields > 3 || fields[0][0] == 0) {
      g_set_error (error, GC_DATASET_ERROR, GC_DATASET_ERROR_PARSE,
          "%s:%u: expected PATH<TAB>LABEL or PATH<TAB>LABEL<TAB>GROUP", display,
          i + 1);
      g_strfreev (fields);
      goto out;
    }
    if (!as_tagged && !gc_dataset_check_label (fields[1], &why)) {
      g_set_error (error, GC_DATASET_ERROR, GC_DATASET_ERROR_LABEL,
          "%s:%u: invalid label \"%s\": %s", display, i + 1, fields[1], why);
      g_free (why);
      g_strfreev (fields);
      goto out;
    }
    e.path = g_path_is_absolute (fields[0])
        ? g_strdup (fields[0])
        : g_build_filename (base, fields[0], NULL);
    e.label = g_strdup (fields[1]);
    /* An empty or blank third column is no group (checked below). */
    e.group =
        n_fields == 3 && *g_strstrip (fields[2]) ? g_strdup (fields[2]) : NULL;
    e.line = i + 1;
    e.blank_group = n_fields == 3 && e.group == NULL;
    if (n_fields == 3 && first_group_line == 0)
      first_group_line = i + 1;
    g_array_append_val (entries, e);
    g_strfreev (fields);
  }
  /* Groups are all or nothing: a file without one could land on both
   * sides of a split with its artist's other files. */
  for (guint i = 0; first_group_line && !as_tagged && i < entries->len; i++) {
    const Entry *e = &g_array_index (entries, Entry, i);

    if (e->blank_group) {
      g_set_error (error, GC_DATASET_ERROR, GC_DATASET_ERROR_GROUP,
          "%s:%u: no group (the third column is empty)", display, e->line);
      goto out;
    }
    if (e->group == NULL) {
      g_set_error (error, GC_DATASET_ERROR, GC_DATASET_ERROR_GROUP,
          "%s:%u: no group (line %u has a third column, GROUP: then every "
          "line needs one)",
          display, e->line, first_group_line);
      goto out;
    }
  }
  *has_groups = first_group_line > 0;
  ok = TRUE;

out:
  g_strfreev (lines);
  g_free (contents);
  g_free (base);
  g_free (display);
  return ok;
}

GPtrArray *
gc_dataset_read_tagged_list (const char *list, GError **error)
{
  GArray *entries = g_array_new (FALSE, FALSE, sizeof (Entry));
  GPtrArray *lines = NULL;
  gboolean has_groups = FALSE;

  if (load_list (list, entries, &has_groups, TRUE, error)) {
    lines = g_ptr_array_new_with_free_func (gc_dataset_line_free);
    for (guint i = 0; i < entries->len; i++) {
      Entry *e = &g_array_index (entries, Entry, i);
      GcDatasetLine *l = g_new0 (GcDatasetLine, 1);

      /* Moved, not copied: the array is freed without clearing. */
      l->path = e->path;
      l->label = e->label;
      l->group = e->group;
      l->line = e->line;
      g_ptr_array_add (lines, l);
    }
  } else {
    for (guint i = 0; i < entries->len; i++)
      entry_clear (&g_array_index (entries, Entry, i));
  }
  g_array_free (entries, TRUE);
  return lines;
}

void
gc_dataset_line_free (gpointer line)
{
  GcDatasetLine *l = line;

  g_free (l->path);
  g_free (l->label);
  g_free (l->group);
  g_free (l);
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
  gboolean ok, has_groups = FALSE, is_list = FALSE;

  g_array_set_clear_func (entries, entry_clear);
  if (g_file_test (path, G_FILE_TEST_IS_DIR)) {
    ok = load_folder (path, entries, &n_skipped, error);
  } else if (g_file_test (path, G_FILE_TEST_EXISTS)) {
    is_list = TRUE;
    ok = load_list (path, entries, &has_groups, FALSE, error);
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
  set->is_list = is_list;
  if (has_groups)
    set->group_source = g_strdup_printf ("the third column of %s", display);

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
        if (strcmp (prev->label, e->label) == 0
            && g_strcmp0 (prev->group, e->group) == 0)
          continue; /* listed twice: once is enough */
        if (strcmp (prev->label, e->label) == 0) {
          char *p = g_filename_display_name (e->path);

          g_set_error (error, GC_DATASET_ERROR, GC_DATASET_ERROR_DUPLICATE,
              "%s:%u: %s is listed with two groups, \"%s\" (line %u) and "
              "\"%s\"",
              display, e->line, p, prev->group, prev->line, e->group);
          g_free (p);
        } else {
          char *p = g_filename_display_name (e->path);

          if (e->line)
            g_set_error (error, GC_DATASET_ERROR, GC_DATASET_ERROR_DUPLICATE,
                "%s:%u: %s is listed with two labels, \"%s\" (line %u) and "
                "\"%s\"",
                display, e->line, p, prev->label, prev->line, e->label);
          else
            g_set_error (error, GC_DATASET_ERROR, GC_DATASET_ERROR_DUPLICATE,
                "%s is listed with two labels, \"%s\" and \"%s\"", p,
                prev->label, e->label);
          g_free (p);
        }
        gc_dataset_free (set);
        set = NULL;
        goto out;
      }
    }
    item.path = g_strdup (e->path);
    item.label = GPOINTER_TO_UINT (g_hash_table_lookup (index, e->label));
    item.group = g_strdup (e->group);
    item.line = e->line;
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
  for (guint i = 0; i < set->items->len; i++) {
    g_free (g_array_index (set->items, GcDatasetItem, i).path);
    g_free (g_array_index (set->items, GcDatasetItem, i).group);
  }
  g_array_free (set->items, TRUE);
  g_ptr_array_free (set->labels, TRUE);
  g_free (set->source);
  g_free (set->group_source);
  g_free (set->group_column);
  g_free (set);
}

void
gc_dataset_count (const GcDataset *set, guint *counts)
{
  memset (counts, 0, set->labels->len * sizeof (guint));
  for (guint i = 0; i < set->items->len; i++)
    counts[gc_dataset_item (set, i)->label]++;
}

char *
gc_dataset_item_origin (const GcDataset *set, guint index)
{
  const GcDatasetItem *item = gc_dataset_item (set, index);
  char *display, *origin;

  if (!set->is_list || item->line == 0)
    return NULL;
  display = g_filename_display_name (set->source);
  origin = g_strdup_printf ("%s:%u", display, item->line);
  g_free (display);
  return origin;
}

/* ---- groups from TSV files --------------------------------------------- */

/* The same file named two ways (relative, "..", a symbolic link) gives the
 * same key. */
static char *
file_key (const char *path)
{
  char *resolved = realpath (path, NULL);
  char *key;

  if (resolved) {
    key = g_strdup (resolved);
    free (resolved);
    return key;
  }
  return g_canonicalize_filename (path, NULL);
}

/* Adds the rows of one TSV to @groups (file key → group). */
static gboolean
read_group_tsv (const char *tsv, const char *column, GHashTable *groups,
    GHashTable *where, GError **error)
{
  char *contents = NULL, *display = g_filename_display_name (tsv);
  char *base = g_path_get_dirname (tsv);
  char **lines = NULL, **header = NULL;
  int path_col = -1, group_col = -1;
  gboolean ok = FALSE;
  GError *err = NULL;
  gsize len = 0;
  guint i;

  if (!g_file_get_contents (tsv, &contents, &len, &err)) {
    g_set_error (error, GC_DATASET_ERROR, GC_DATASET_ERROR_IO,
        "%s: cannot read the groups: %s", display, err->message);
    g_error_free (err);
    goto out;
  }
  if (memchr (contents, 0, len) || !g_utf8_validate (contents, len, NULL)) {
    g_set_error (error, GC_DATASET_ERROR, GC_DATASET_ERROR_PARSE,
        "%s: not a TSV file (not UTF-8 text)", display);
    goto out;
  }
  lines = g_strsplit (contents, "\n", -1);
  /* The header: the first line that is neither empty nor a comment. */
  for (i = 0; lines[i]; i++) {
    g_strchomp (lines[i]);
    if (lines[i][0] != 0 && lines[i][0] != '#')
      break;
  }
  if (lines[i] == NULL) {
    g_set_error (error, GC_DATASET_ERROR, GC_DATASET_ERROR_PARSE,
        "%s: empty (expected a header line naming the columns, e.g. "
        "path<TAB>genre<TAB>artist)",
        display);
    goto out;
  }
  header = g_strsplit (lines[i], "\t", -1);
  for (int c = 0; header[c]; c++) {
    if (path_col < 0 && strcmp (header[c], "path") == 0)
      path_col = c;
    if (group_col < 0 && strcmp (header[c], column) == 0)
      group_col = c;
  }
  if (path_col < 0 || group_col < 0) {
    char *names = g_strjoinv (", ", header);

    g_set_error (error, GC_DATASET_ERROR, GC_DATASET_ERROR_PARSE,
        "%s:%u: no column \"%s\" in the header (it has: %s)", display, i + 1,
        path_col < 0 ? "path" : column, names);
    g_free (names);
    goto out;
  }
  for (i++; lines[i]; i++) {
    char **fields, *key;
    const char *previous;
    gsize l = strlen (lines[i]);
    guint n;

    /* Only a CR is stripped: a tab at the end is an empty field. */
    if (l > 0 && lines[i][l - 1] == '\r')
      lines[i][l - 1] = 0;
    if (lines[i][0] == 0 || lines[i][0] == '#')
      continue;
    fields = g_strsplit (lines[i], "\t", -1);
    n = g_strv_length (fields);
    if ((int)n <= MAX (path_col, group_col) || fields[path_col][0] == 0) {
      g_set_error (error, GC_DATASET_ERROR, GC_DATASET_ERROR_PARSE,
          "%s:%u: %u fields, the header has %u", display, i + 1, n,
          g_strv_length (header));
      g_strfreev (fields);
      goto out;
    }
    if (*g_strstrip (fields[group_col]) == 0) {
      g_set_error (error, GC_DATASET_ERROR, GC_DATASET_ERROR_GROUP,
          "%s:%u: no group (column \"%s\" is empty)", display, i + 1, column);
      g_strfreev (fields);
      goto out;
    }
    {
      char *full = g_path_is_absolute (fields[path_col])
          ? g_strdup (fields[path_col])
          : g_build_filename (base, fields[path_col], NULL);

      key = file_key (full);
      g_free (full);
    }
    previous = g_hash_table_lookup (groups, key);
    if (previous && strcmp (previous, fields[group_col]) != 0) {
      g_set_error (error, GC_DATASET_ERROR, GC_DATASET_ERROR_DUPLICATE,
          "%s:%u: %s has two groups, \"%s\" (%s) and \"%s\"", display, i + 1,
          fields[path_col], previous,
          (const char *)g_hash_table_lookup (where, key), fields[group_col]);
      g_free (key);
      g_strfreev (fields);
      goto out;
    }
    g_hash_table_insert (
        where, g_strdup (key), g_strdup_printf ("%s:%u", display, i + 1));
    g_hash_table_insert (groups, key, g_strdup (fields[group_col]));
    g_strfreev (fields);
  }
  ok = TRUE;

out:
  g_strfreev (header);
  g_strfreev (lines);
  g_free (contents);
  g_free (base);
  g_free (display);
  return ok;
}

gboolean
gc_dataset_load_groups (GcDataset *set, const char *const *tsv_paths,
    const char *column, GError **error)
{
  GHashTable *groups =
      g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GHashTable *where =
      g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GString *names = g_string_new (NULL);
  gboolean ok = TRUE;

  g_return_val_if_fail (tsv_paths && tsv_paths[0] && column, FALSE);
  for (guint t = 0; ok && tsv_paths[t]; t++) {
    char *display = g_filename_display_name (tsv_paths[t]);

    g_string_append_printf (names, "%s%s", t ? ", " : "", display);
    g_free (display);
    ok = read_group_tsv (tsv_paths[t], column, groups, where, error);
  }
  for (guint i = 0; ok && i < set->items->len; i++) {
    const GcDatasetItem *item = gc_dataset_item (set, i);
    char *key = file_key (item->path);
    const char *group = g_hash_table_lookup (groups, key);

    if (group == NULL) {
      char *origin = gc_dataset_item_origin (set, i);
      char *display = g_filename_display_name (item->path);

      g_set_error (error, GC_DATASET_ERROR, GC_DATASET_ERROR_GROUP,
          "%s%s%s has no group: %s %s no row for it", origin ? origin : "",
          origin ? ": " : "", display, names->str,
          tsv_paths[1] ? "have" : "has");
      g_free (display);
      g_free (origin);
      ok = FALSE;
    }
    g_free (key);
  }
  if (ok) {
    for (guint i = 0; i < set->items->len; i++) {
      GcDatasetItem *item = &g_array_index (set->items, GcDatasetItem, i);
      char *key = file_key (item->path);

      g_free (item->group);
      item->group = g_strdup (g_hash_table_lookup (groups, key));
      g_free (key);
    }
    g_free (set->group_source);
    set->group_source = g_string_free (names, FALSE);
    names = NULL;
    g_free (set->group_column);
    set->group_column = g_strdup (column);
  }
  if (names)
    g_string_free (names, TRUE);
  g_hash_table_destroy (groups);
  g_hash_table_destroy (where);
  return ok;
}
