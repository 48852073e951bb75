/* genreclassify — a labelled set from the genres people wrote into their
 * files' tags
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <string.h>

#include "gc-distribution.h"
#include "gc-tag-labels.h"
#include "gc-taglib.h"

#define MAX_MAP_BYTES (16u * 1024 * 1024)
#define MAX_NAMED_ARTISTS 3

G_DEFINE_QUARK (gc-tag-labels-error-quark, gc_tag_labels_error);

/* ---- keys and values --------------------------------------------------- */

char *
gc_tag_labels_key (const char *genre)
{
  char *nfc = g_utf8_normalize (genre, -1, G_NORMALIZE_DEFAULT_COMPOSE);
  char *folded = g_utf8_casefold (nfc ? nfc : genre, -1);
  GString *key = g_string_sized_new (strlen (folded));

  for (const char *p = folded; *p; p = g_utf8_next_char (p)) {
    gunichar c = g_utf8_get_char (p);

    if (!g_unichar_isspace (c) && c != '-' && c != '_')
      g_string_append_unichar (key, c);
  }
  g_free (folded);
  g_free (nfc);
  return g_string_free (key, FALSE);
}

gboolean
gc_tag_labels_is_persons (const char *genre, const char *person_genre)
{
  char *genre_key, *person_key;
  gboolean persons;

  if (genre == NULL || person_genre == NULL)
    return FALSE;
  genre_key = gc_tag_labels_key (genre);
  person_key = gc_tag_labels_key (person_genre);
  persons = *person_key && strcmp (genre_key, person_key) == 0;
  g_free (person_key);
  g_free (genre_key);
  return persons;
}

gboolean
gc_tag_labels_genre_is_ours (
    const char *genre, const char *distribution, const char *person_genre)
{
  char *top, *top_key, *genre_key;
  gboolean ours;

  if (genre == NULL || distribution == NULL
      || strchr (distribution, '=') == NULL)
    return FALSE;
  top = g_strstrip (g_strndup (distribution, strcspn (distribution, "=")));
  top_key = gc_tag_labels_key (top);
  genre_key = gc_tag_labels_key (genre);
  ours = *top_key && strcmp (top_key, genre_key) == 0
      && !gc_tag_labels_is_persons (genre, person_genre);
  g_free (genre_key);
  g_free (top_key);
  g_free (top);
  return ours;
}

char **
gc_tag_labels_split (const char *value)
{
  char **parts = g_strsplit_set (value, ";/", -1);
  GPtrArray *values = g_ptr_array_new ();

  for (guint i = 0; parts[i]; i++) {
    if (*g_strstrip (parts[i]))
      g_ptr_array_add (values, g_strdup (parts[i]));
  }
  g_strfreev (parts);
  g_ptr_array_add (values, NULL);
  return (char **)g_ptr_array_free (values, FALSE);
}

/* ---- the genre map ----------------------------------------------------- */

struct _GcGenreMap {
  GHashTable *targets; /* key of From → To */
  GHashTable *lines; /* key of From → its line, for messages */
};

void
gc_genre_map_free (GcGenreMap *map)
{
  if (map == NULL)
    return;
  g_hash_table_destroy (map->targets);
  g_hash_table_destroy (map->lines);
  g_free (map);
}

guint
gc_genre_map_size (const GcGenreMap *map)
{
  return map ? g_hash_table_size (map->targets) : 0;
}

const char *
gc_genre_map_lookup (const GcGenreMap *map, const char *genre)
{
  char *key;
  const char *to;

  if (map == NULL)
    return NULL;
  key = gc_tag_labels_key (genre);
  to = g_hash_table_lookup (map->targets, key);
  g_free (key);
  return to;
}

GcGenreMap *
gc_genre_map_parse (const char *text, const char *name, GError **error)
{
  GcGenreMap *map = g_new0 (GcGenreMap, 1);
  char **lines = g_strsplit (text, "\n", -1);
  gboolean ok = TRUE;

  map->targets =
      g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  map->lines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (!g_utf8_validate (text, -1, NULL)) {
    g_set_error (error, GC_TAG_LABELS_ERROR, GC_TAG_LABELS_ERROR_MAP,
        "%s: not a genre map (not UTF-8 text)", name);
    ok = FALSE;
  }
  for (guint i = 0; ok && lines[i]; i++) {
    char *line = g_strstrip (lines[i]), *sep, *from, *to, *why = NULL, *key;
    guint previous;

    if (line[0] == 0 || line[0] == '#')
      continue;
    /* A tab first: a genre may hold '=' only where it cannot be a label. */
    sep = strchr (line, '\t');
    if (sep == NULL)
      sep = strchr (line, '=');
    if (sep == NULL) {
      g_set_error (error, GC_TAG_LABELS_ERROR, GC_TAG_LABELS_ERROR_MAP,
          "%s:%u: expected \"From<TAB>To\" or \"From = To\"", name, i + 1);
      ok = FALSE;
      break;
    }
    *sep = 0;
    from = g_strstrip (line);
    to = g_strstrip (sep + 1);
    if (from[0] == 0 || to[0] == 0) {
      g_set_error (error, GC_TAG_LABELS_ERROR, GC_TAG_LABELS_ERROR_MAP,
          "%s:%u: a genre is missing on the %s side", name, i + 1,
          from[0] == 0 ? "left" : "right");
      ok = FALSE;
      break;
    }
    if (!gc_dataset_check_label (to, &why)) {
      g_set_error (error, GC_TAG_LABELS_ERROR, GC_TAG_LABELS_ERROR_MAP,
          "%s:%u: \"%s\" cannot be a genre label: %s", name, i + 1, to, why);
      g_free (why);
      ok = FALSE;
      break;
    }
    key = gc_tag_labels_key (from);
    previous = GPOINTER_TO_UINT (g_hash_table_lookup (map->lines, key));
    if (previous && strcmp (g_hash_table_lookup (map->targets, key), to) != 0) {
      g_set_error (error, GC_TAG_LABELS_ERROR, GC_TAG_LABELS_ERROR_MAP,
          "%s:%u: \"%s\" is mapped twice, to \"%s\" (line %u) and to \"%s\"",
          name, i + 1, from,
          (const char *)g_hash_table_lookup (map->targets, key), previous, to);
      g_free (key);
      ok = FALSE;
      break;
    }
    g_hash_table_insert (map->lines, g_strdup (key), GUINT_TO_POINTER (i + 1));
    g_hash_table_insert (map->targets, key, g_strdup (to));
  }
  g_strfreev (lines);
  if (!ok) {
    gc_genre_map_free (map);
    return NULL;
  }
  return map;
}

GcGenreMap *
gc_genre_map_load (const char *path, GError **error)
{
  char *display = g_filename_display_name (path), *text = NULL;
  GcGenreMap *map = NULL;
  GError *err = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &text, &len, &err)) {
    g_set_error (error, GC_TAG_LABELS_ERROR, GC_TAG_LABELS_ERROR_MAP,
        "%s: cannot read the genre map: %s", display, err->message);
    g_error_free (err);
  } else if (len > MAX_MAP_BYTES || memchr (text, 0, len)) {
    g_set_error (error, GC_TAG_LABELS_ERROR, GC_TAG_LABELS_ERROR_MAP,
        "%s: not a genre map (binary, or more than %u MiB)", display,
        MAX_MAP_BYTES >> 20);
  } else {
    map = gc_genre_map_parse (text, display, error);
  }
  g_free (text);
  g_free (display);
  return map;
}

/* ---- the set ----------------------------------------------------------- */

typedef struct {
  char *path; /* owned by the paths array */
  char *key; /* the genre's key */
  char *spelling; /* the genre as written (or as the map writes it) */
  char *group;
} Tagged;

static void
tagged_clear (gpointer p)
{
  Tagged *t = p;

  g_free (t->key);
  g_free (t->spelling);
  g_free (t->group);
}

/* One genre key's files, spellings and groups. */
typedef struct {
  GHashTable *spellings; /* spelling → count */
  GHashTable *groups; /* group → count */
  guint n_files;
  char *label; /* the chosen spelling; NULL: left out */
} Genre;

static void
genre_free (gpointer p)
{
  Genre *g = p;

  g_hash_table_destroy (g->spellings);
  g_hash_table_destroy (g->groups);
  g_free (g->label);
  g_free (g);
}

void
gc_tag_labels_report_clear (GcTagLabelsReport *report)
{
  if (report->left_out_genres)
    g_ptr_array_free (report->left_out_genres, TRUE);
  memset (report, 0, sizeof (*report));
}

static void add_message (GPtrArray *messages, const char *path,
    const char *format, ...) G_GNUC_PRINTF (3, 4);

static void
add_message (GPtrArray *messages, const char *path, const char *format, ...)
{
  char *display = g_filename_display_name (path), *text;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (messages, g_strdup_printf ("%s: %s", display, text));
  g_free (text);
  g_free (display);
}

/* Whether @album_artist stands for a compilation's many artists, as
 * players and taggers write it (beets' va_name, MusicBrainz's). */
static gboolean
is_various_artists (const char *album_artist)
{
  static const char *const names[] = { "Various Artists", "Various", "VA" };

  for (guint i = 0; album_artist && i < G_N_ELEMENTS (names); i++)
    if (g_ascii_strcasecmp (album_artist, names[i]) == 0)
      return TRUE;
  return FALSE;
}

/* The group of a file: album artist, else artist, else its folder's name;
 * on a compilation the artist first, since its album artist gathers
 * artists that have nothing else in common. */
static char *
group_of (const char *path, const GcTaglibLabelTags *tags)
{
  gboolean compilation =
      tags->compilation || is_various_artists (tags->album_artist);
  const char *from[] = { compilation ? tags->artist : tags->album_artist,
    compilation ? tags->album_artist : tags->artist };
  char *dir, *base, *group;

  for (guint i = 0; i < G_N_ELEMENTS (from); i++) {
    if (from[i]) {
      /* A tab or line break would break a list file's line. */
      group = g_strstrip (g_strdelimit (g_strdup (from[i]), "\t\r\n", ' '));
      if (group[0] && g_utf8_validate (group, -1, NULL))
        return group;
      g_free (group);
    }
  }
  dir = g_path_get_dirname (path);
  base = g_path_get_basename (dir);
  group = g_filename_display_name (base);
  g_free (base);
  g_free (dir);
  return group;
}

/* The genre of one file into @t (its key and spelling), or FALSE and a
 * message saying why it is left out. */
static gboolean
genre_of (const char *path, const GcTaglibLabelTags *tags,
    const GcTagLabelsOptions *o, GPtrArray *messages, GcTagLabelsReport *r,
    Tagged *t)
{
  GPtrArray *values = g_ptr_array_new_with_free_func (g_free);
  GPtrArray *keys = g_ptr_array_new_with_free_func (g_free);
  gboolean ok = FALSE, mapped = FALSE;

  for (guint i = 0; tags->genres[i]; i++) {
    char **split = gc_tag_labels_split (tags->genres[i]);

    for (guint j = 0; split[j]; j++)
      g_ptr_array_add (values, g_steal_pointer (&split[j]));
    g_free (split);
  }
  if (tags->genres[0] == NULL) {
    add_message (messages, path, "no genre tag: left out");
    r->n_no_genre++;
    goto out;
  }
  if (values->len == 0) {
    add_message (messages, path, "the genre tag is empty: left out");
    r->n_empty_genre++;
    goto out;
  }
  /* Each value checked, mapped and keyed; FIRST needs only the first. */
  for (guint i = 0; i < values->len; i++) {
    char *value = g_ptr_array_index (values, i), *why = NULL;
    const char *to = gc_genre_map_lookup (o->map, value);

    if (o->values == GC_GENRE_VALUES_FIRST && i > 0)
      break;
    if (to) {
      mapped = mapped || strcmp (to, value) != 0;
      g_free (value);
      values->pdata[i] = value = g_strdup (to);
    }
    if (!gc_dataset_check_label (value, &why)) {
      char *shown = g_strescape (value, NULL);

      add_message (messages, path,
          "the genre \"%s\" cannot be a label (%s): left out", shown, why);
      g_free (shown);
      g_free (why);
      r->n_bad_genre++;
      goto out;
    }
    g_ptr_array_add (keys, gc_tag_labels_key (value));
  }
  for (guint i = 1; i < keys->len; i++) {
    if (strcmp (g_ptr_array_index (keys, i), g_ptr_array_index (keys, 0))) {
      char *shown;

      g_ptr_array_add (values, NULL); /* for g_strjoinv() */
      shown = g_strjoinv ("\", \"", (char **)(void *)values->pdata);
      add_message (messages, path,
          "several genres (\"%s\"; --genre-values skip): left out", shown);
      g_free (shown);
      r->n_several++;
      goto out;
    }
  }
  t->key = g_strdup (g_ptr_array_index (keys, 0));
  t->spelling = g_strdup (g_ptr_array_index (values, 0));
  if (mapped)
    r->n_mapped++;
  ok = TRUE;

out:
  g_ptr_array_free (keys, TRUE);
  g_ptr_array_free (values, TRUE);
  return ok;
}

/* The spelling most files have; ties: the first in byte order. */
static char *
choose_spelling (GHashTable *spellings)
{
  GHashTableIter it;
  gpointer key, value;
  const char *best = NULL;
  guint best_n = 0;

  g_hash_table_iter_init (&it, spellings);
  while (g_hash_table_iter_next (&it, &key, &value)) {
    guint n = GPOINTER_TO_UINT (value);

    if (n > best_n || (n == best_n && strcmp (key, best) < 0)) {
      best = key;
      best_n = n;
    }
  }
  return g_strdup (best);
}

static gint
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char *const *)a, *(char *const *)b);
}

/* The keys of @table (borrowed), sorted in byte order. */
static GPtrArray *
sorted_keys (GHashTable *table)
{
  GPtrArray *keys = g_ptr_array_new ();
  GHashTableIter it;
  gpointer key;

  g_hash_table_iter_init (&it, table);
  while (g_hash_table_iter_next (&it, &key, NULL))
    g_ptr_array_add (keys, key);
  g_ptr_array_sort (keys, compare_strings);
  return keys;
}

/* "A, B, C and 2 more" */
static char *
name_groups (GHashTable *groups)
{
  GPtrArray *names = sorted_keys (groups);
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < names->len && i < MAX_NAMED_ARTISTS; i++)
    g_string_append_printf (s, "%s\"%s\"", i ? ", " : "",
        (const char *)g_ptr_array_index (names, i));
  if (names->len > MAX_NAMED_ARTISTS)
    g_string_append_printf (s, " and %u more", names->len - MAX_NAMED_ARTISTS);
  g_ptr_array_free (names, TRUE);
  return g_string_free (s, FALSE);
}

static GcDataset *
make_set (const char *const *folders, GArray *tagged, GHashTable *genres,
    guint n_skipped)
{
  GcDataset *set = g_new0 (GcDataset, 1);
  GHashTable *index = g_hash_table_new (g_str_hash, g_str_equal);
  GString *source = g_string_new (NULL);
  GHashTableIter it;
  gpointer value;

  for (guint f = 0; folders[f]; f++) {
    char *display = g_filename_display_name (folders[f]);

    g_string_append_printf (source, "%s%s", f ? ", " : "", display);
    g_free (display);
  }
  set->source = g_string_free (source, FALSE);
  set->group_source =
      g_strdup ("the tags (album artist, else artist, else folder)");
  set->labels = g_ptr_array_new_with_free_func (g_free);
  set->items = g_array_new (FALSE, FALSE, sizeof (GcDatasetItem));
  set->n_skipped = n_skipped;
  g_hash_table_iter_init (&it, genres);
  while (g_hash_table_iter_next (&it, NULL, &value)) {
    Genre *g = value;

    if (g->label)
      g_ptr_array_add (set->labels, g_strdup (g->label));
  }
  g_ptr_array_sort (set->labels, compare_strings);
  for (guint k = 0; k < set->labels->len; k++)
    g_hash_table_insert (
        index, g_ptr_array_index (set->labels, k), GUINT_TO_POINTER (k));
  for (guint i = 0; i < tagged->len; i++) {
    const Tagged *t = &g_array_index (tagged, Tagged, i);
    const Genre *g = g_hash_table_lookup (genres, t->key);
    GcDatasetItem item = { 0 };

    if (g->label == NULL)
      continue;
    item.path = g_strdup (t->path);
    item.label = GPOINTER_TO_UINT (g_hash_table_lookup (index, g->label));
    item.group = g_strdup (t->group);
    g_array_append_val (set->items, item);
  }
  g_hash_table_destroy (index);
  return set;
}

GcDataset *
gc_tag_labels_load (const char *const *folders, const GcTagLabelsOptions *o,
    GPtrArray *messages, GcTagLabelsReport *r, GError **error)
{
  GPtrArray *paths = g_ptr_array_new_with_free_func (g_free);
  GArray *tagged = g_array_new (FALSE, TRUE, sizeof (Tagged));
  GHashTable *genres =
      g_hash_table_new_full (g_str_hash, g_str_equal, g_free, genre_free);
  /* path → GcDatasetLine: the tags a list file gives for it */
  GHashTable *listed = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *lines = g_ptr_array_new_with_free_func (gc_dataset_line_free);
  GcDataset *set = NULL;
  guint n_skipped = 0, n_left = 0;
  GPtrArray *keys = NULL;

  g_return_val_if_fail (folders && folders[0], NULL);
  memset (r, 0, sizeof (*r));
  r->left_out_genres = g_ptr_array_new_with_free_func (g_free);
  g_array_set_clear_func (tagged, tagged_clear);

  for (guint f = 0; folders[f]; f++) {
    if (g_file_test (folders[f], G_FILE_TEST_IS_REGULAR)) {
      GPtrArray *more = gc_dataset_read_tagged_list (folders[f], error);

      if (more == NULL)
        goto out;
      /* The list's lines stand for the files' tags: a music library's
       * database (beet genreclassify-train) knows them, TagLib is not
       * asked. */
      for (guint i = 0; i < more->len; i++) {
        GcDatasetLine *l = g_ptr_array_index (more, i);

        g_ptr_array_add (paths, g_strdup (l->path));
        g_hash_table_insert (listed, l->path, l);
        g_ptr_array_add (lines, l);
      }
      g_ptr_array_set_free_func (more, NULL);
      g_ptr_array_free (more, TRUE);
      continue;
    }
    if (!g_file_test (folders[f], G_FILE_TEST_IS_DIR)) {
      char *display = g_filename_display_name (folders[f]);

      g_set_error (error, GC_TAG_LABELS_ERROR, GC_TAG_LABELS_ERROR_FOLDER,
          "%s: no such folder or list file (--labels-from-tags takes "
          "folders of tagged music, or lists of PATH<TAB>GENRE<TAB>ARTIST)",
          display);
      g_free (display);
      goto out;
    }
    if (!gc_dataset_walk_audio (folders[f], paths, &n_skipped, error))
      goto out;
  }
  /* By path, each once (folders may overlap). */
  g_ptr_array_sort (paths, compare_strings);
  for (guint i = 1; i < paths->len;) {
    if (strcmp (g_ptr_array_index (paths, i - 1), g_ptr_array_index (paths, i))
        == 0)
      g_ptr_array_remove_index (paths, i);
    else
      i++;
  }
  r->n_files = paths->len;

  for (guint i = 0; i < paths->len; i++) {
    const char *path = g_ptr_array_index (paths, i);
    GcTaglibLabelTags tags;
    GError *err = NULL;
    Tagged t = { (char *)path, NULL, NULL, NULL };
    const GcDatasetLine *l = g_hash_table_lookup (listed, path);

    if (l) {
      /* One genre field value, and the artist as the group, or none: the
       * same rules below turn them into a label and a group. */
      memset (&tags, 0, sizeof (tags));
      tags.genres = g_new0 (char *, 2);
      tags.genres[0] = g_strdup (l->label);
      tags.album_artist = g_strdup (l->group);
    } else if (!gc_taglib_read_label_tags (path, &tags, &err)) {
      add_message (messages, path, "%s: left out", err->message);
      g_error_free (err);
      r->n_unreadable++;
      continue;
    }
    if (tags.genres && tags.genres[0]
        && gc_tag_labels_genre_is_ours (
            tags.genres[0], tags.distribution, tags.person_genre)) {
      /* Learning from our own guesses would only confirm them. */
      r->n_ours++;
    } else if (genre_of (path, &tags, o, messages, r, &t)) {
      Genre *g = g_hash_table_lookup (genres, t.key);

      t.group = group_of (path, &tags);
      if (g == NULL) {
        g = g_new0 (Genre, 1);
        g->spellings =
            g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
        g->groups =
            g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
        g_hash_table_insert (genres, g_strdup (t.key), g);
      }
      g_hash_table_insert (g->spellings, g_strdup (t.spelling),
          GUINT_TO_POINTER (
              GPOINTER_TO_UINT (g_hash_table_lookup (g->spellings, t.spelling))
              + 1));
      g_hash_table_insert (g->groups, g_strdup (t.group),
          GUINT_TO_POINTER (
              GPOINTER_TO_UINT (g_hash_table_lookup (g->groups, t.group)) + 1));
      g->n_files++;
      g_array_append_val (tagged, t);
    }
    gc_taglib_label_tags_clear (&tags);
  }
  if (r->n_ours)
    g_ptr_array_add (messages,
        g_strdup_printf ("%u file%s left out: %s genre was written by "
                         "genreclassify (its " GC_DISTRIBUTION_KEY
                         " names it first), not chosen by a person",
            r->n_ours, r->n_ours == 1 ? "" : "s",
            r->n_ours == 1 ? "its" : "their"));

  /* The genres in byte order of their keys, for messages in a stable
   * order. */
  keys = sorted_keys (genres);
  for (guint k = 0; k < keys->len; k++) {
    Genre *g = g_hash_table_lookup (genres, g_ptr_array_index (keys, k));
    guint n_groups = g_hash_table_size (g->groups);
    char *label = choose_spelling (g->spellings);

    if (n_groups < o->min_artists) {
      char *names = name_groups (g->groups);
      char *why = g_strdup_printf ("genre \"%s\": %u file%s by %u artist%s "
                                   "(%s), fewer than --min-artists %u",
          label, g->n_files, g->n_files == 1 ? "" : "s", n_groups,
          n_groups == 1 ? "" : "s", names, o->min_artists);

      g_ptr_array_add (messages, g_strdup_printf ("%s: left out", why));
      g_ptr_array_add (r->left_out_genres, why);
      r->n_few_artists += g->n_files;
      g_free (names);
      g_free (label);
    } else {
      g->label = label;
      r->n_used += g->n_files;
      n_left++;
    }
  }
  if (n_left < 2) {
    char *where = g_strjoinv (", ", (char **)folders);

    g_set_error (error, GC_TAG_LABELS_ERROR, GC_TAG_LABELS_ERROR_TOO_FEW,
        "%s: %u genre%s left of %u audio files (%u genre%s left out with "
        "fewer than %u artists, %u files without a usable genre): a model "
        "needs at least two",
        where, n_left, n_left == 1 ? "" : "s", r->n_files,
        r->left_out_genres->len, r->left_out_genres->len == 1 ? "" : "s",
        o->min_artists,
        r->n_unreadable + r->n_no_genre + r->n_empty_genre + r->n_bad_genre
            + r->n_several + r->n_ours);
    g_free (where);
    goto out;
  }
  set = make_set (folders, tagged, genres, n_skipped);

out:
  if (keys)
    g_ptr_array_free (keys, TRUE);
  g_hash_table_destroy (listed);
  g_ptr_array_free (lines, TRUE);
  g_hash_table_destroy (genres);
  g_array_free (tagged, TRUE);
  g_ptr_array_free (paths, TRUE);
  return set;
}
