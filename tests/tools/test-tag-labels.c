/* genreclassify — unit tests of gc-tag-labels: genre keys, values and maps
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>

#include "gc-tag-labels.h"

static void
assert_key (const char *genre, const char *key)
{
  char *k = gc_tag_labels_key (genre);

  g_assert_cmpstr (k, ==, key);
  g_free (k);
}

static void
test_key (void)
{
  /* the spellings the brief names are one genre */
  assert_key ("Hip Hop", "hiphop");
  assert_key ("hip-hop", "hiphop");
  assert_key ("HipHop", "hiphop");
  assert_key ("hiphop ", "hiphop");
  assert_key ("Hip_Hop", "hiphop");
  assert_key (" HIP\tHOP ", "hiphop");
  /* other characters stay: R&B is not RB, Drum'n'Bass keeps its quotes */
  assert_key ("R&B", "r&b");
  assert_key ("Drum'n'Bass", "drum'n'bass");
  /* Unicode: composed and decomposed É are one key, case-folded */
  assert_key ("\xc3\x89lectro", "\xc3\xa9lectro");
  assert_key ("E\xcc\x81lectro", "\xc3\xa9lectro");
  /* a blank genre has an empty key */
  assert_key (" - ", "");
}

static void
assert_split (const char *value, const char *const *expected)
{
  char **values = gc_tag_labels_split (value);

  g_assert_cmpstrv (values, expected);
  g_strfreev (values);
}

/* Ours: a distribution that names the genre first, in any spelling. */
static void
test_genre_is_ours (void)
{
  g_assert_true (
      gc_tag_labels_genre_is_ours ("Jazz", "jazz=0.9;rock=0.1", NULL));
  g_assert_true (gc_tag_labels_genre_is_ours ("Hip-Hop", "hip-hop=0.6", NULL));
  g_assert_true (
      gc_tag_labels_genre_is_ours ("hip hop", "Hip-Hop=0.6;a=0.4", NULL));
  g_assert_true (gc_tag_labels_genre_is_ours ("R&B", "r&b=0.5;jazz=0.5", NULL));
  /* The person's genre beside an analysis that answered otherwise. */
  g_assert_false (
      gc_tag_labels_genre_is_ours ("Polka", "rock=0.7;polka=0.3", NULL));
  /* A genre only the second value names, or no distribution at all. */
  g_assert_false (
      gc_tag_labels_genre_is_ours ("Rock", "jazz=0.6;rock=0.4", NULL));
  g_assert_false (gc_tag_labels_genre_is_ours ("Rock", NULL, NULL));
  g_assert_false (gc_tag_labels_genre_is_ours ("Rock", "", NULL));
  g_assert_false (gc_tag_labels_genre_is_ours ("Rock", "rock", NULL));
  g_assert_false (gc_tag_labels_genre_is_ours (NULL, "rock=1", NULL));
  g_assert_false (gc_tag_labels_genre_is_ours ("", "=1", NULL));
  /* A plugin recorded the genre as the person's: theirs while it stays. */
  g_assert_false (gc_tag_labels_genre_is_ours ("Jazz", "jazz=0.9", "JAZZ"));
  g_assert_true (gc_tag_labels_genre_is_ours ("Jazz", "jazz=0.9", "Bebop"));
  g_assert_true (gc_tag_labels_genre_is_ours ("Jazz", "jazz=0.9", ""));
  g_assert_true (gc_tag_labels_is_persons ("hip hop", "Hip-Hop"));
  g_assert_false (gc_tag_labels_is_persons ("Rock", NULL));
  g_assert_false (gc_tag_labels_is_persons ("", ""));
}

static void
test_split (void)
{
  assert_split ("Rock", (const char *const[]){ "Rock", NULL });
  assert_split ("Rock; Pop", (const char *const[]){ "Rock", "Pop", NULL });
  assert_split ("Rock/Pop", (const char *const[]){ "Rock", "Pop", NULL });
  assert_split (
      " Rock ;; / Pop ;", (const char *const[]){ "Rock", "Pop", NULL });
  assert_split ("   ", (const char *const[]){ NULL });
  assert_split ("", (const char *const[]){ NULL });
  /* '=' and line breaks are not separators: the label check refuses them */
  assert_split ("A=B", (const char *const[]){ "A=B", NULL });
  assert_split ("A\nB", (const char *const[]){ "A\nB", NULL });
}

static void
test_map (void)
{
  const char *text = "# my genres\n"
                     "\n"
                     "Alternative Rock = Rock\r\n"
                     "  hip-hop\tHip Hop  \n"
                     "Alt Rock=Rock\n"
                     "ALTERNATIVE-ROCK = Rock\n"; /* the same again: fine */
  GError *error = NULL;
  GcGenreMap *map = gc_genre_map_parse (text, "my.map", &error);

  g_assert_no_error (error);
  g_assert_nonnull (map);
  g_assert_cmpuint (gc_genre_map_size (map), ==, 3);
  /* matched by key, whatever the spelling in the tag */
  g_assert_cmpstr (gc_genre_map_lookup (map, "alternative rock"), ==, "Rock");
  g_assert_cmpstr (gc_genre_map_lookup (map, "Alternative_Rock"), ==, "Rock");
  g_assert_cmpstr (gc_genre_map_lookup (map, "AltRock"), ==, "Rock");
  g_assert_cmpstr (gc_genre_map_lookup (map, "Hip Hop"), ==, "Hip Hop");
  g_assert_cmpstr (gc_genre_map_lookup (map, "HIPHOP"), ==, "Hip Hop");
  /* one step: the targets are not looked up again, others not at all */
  g_assert_null (gc_genre_map_lookup (map, "Rock"));
  g_assert_null (gc_genre_map_lookup (map, "Jazz"));
  g_assert_null (gc_genre_map_lookup (NULL, "Jazz"));
  gc_genre_map_free (map);

  /* an empty map is a map */
  map = gc_genre_map_parse ("# nothing\n\n", "empty.map", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gc_genre_map_size (map), ==, 0);
  gc_genre_map_free (map);
}

static void
assert_map_error (const char *text, const char *message)
{
  GError *error = NULL;

  g_assert_null (gc_genre_map_parse (text, "bad.map", &error));
  g_assert_error (error, GC_TAG_LABELS_ERROR, GC_TAG_LABELS_ERROR_MAP);
  g_assert_cmpstr (error->message, ==, message);
  g_error_free (error);
}

static void
test_map_errors (void)
{
  assert_map_error ("Rock = Rock\nno separator\n",
      "bad.map:2: expected \"From<TAB>To\" or \"From = To\"");
  assert_map_error (
      " = Rock\n", "bad.map:1: a genre is missing on the left side");
  assert_map_error (
      "Rock =  \n", "bad.map:1: a genre is missing on the right side");
  /* "A = B = C": the target holds '=', which no label may */
  assert_map_error ("A = B = C\n",
      "bad.map:1: \"B = C\" cannot be a genre label: a label must not "
      "contain control characters, ';' or '='");
  assert_map_error ("A\tB;C\n",
      "bad.map:1: \"B;C\" cannot be a genre label: a label must not "
      "contain control characters, ';' or '='");
  assert_map_error ("Alt Rock = Rock\nalt-rock = Indie\n",
      "bad.map:2: \"alt-rock\" is mapped twice, to \"Rock\" (line 1) and to "
      "\"Indie\"");
  assert_map_error ("A = \xff\n", "bad.map: not a genre map (not UTF-8 text)");
}

static void
test_map_load (void)
{
  GError *error = NULL;
  char *dir = g_dir_make_tmp ("gc-tag-labels-XXXXXX", NULL);
  char *path = g_build_filename (dir, "genres.map", NULL);
  GcGenreMap *map;

  g_assert_null (gc_genre_map_load (path, &error));
  g_assert_error (error, GC_TAG_LABELS_ERROR, GC_TAG_LABELS_ERROR_MAP);
  g_assert_true (g_str_has_prefix (error->message, path));
  g_clear_error (&error);

  g_assert_true (
      g_file_set_contents (path, "Shoegazing = Shoegaze\n", -1, NULL));
  map = gc_genre_map_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gc_genre_map_lookup (map, "shoegazing"), ==, "Shoegaze");
  gc_genre_map_free (map);

  /* binary data is not a map */
  g_assert_true (g_file_set_contents (path, "A = B\0C", 7, NULL));
  g_assert_null (gc_genre_map_load (path, &error));
  g_assert_error (error, GC_TAG_LABELS_ERROR, GC_TAG_LABELS_ERROR_MAP);
  g_clear_error (&error);

  g_remove (path);
  g_rmdir (dir);
  g_free (path);
  g_free (dir);
}

static void
test_not_a_folder (void)
{
  const char *folders[] = { "/nonexistent/music", NULL };
  GcTagLabelsOptions options = { NULL, GC_GENRE_VALUES_FIRST, 3 };
  GPtrArray *messages = g_ptr_array_new_with_free_func (g_free);
  GcTagLabelsReport report;
  GError *error = NULL;

  g_assert_null (
      gc_tag_labels_load (folders, &options, messages, &report, &error));
  g_assert_error (error, GC_TAG_LABELS_ERROR, GC_TAG_LABELS_ERROR_FOLDER);
  g_assert_true (g_str_has_prefix (error->message, "/nonexistent/music: "));
  g_assert_cmpuint (messages->len, ==, 0);
  g_clear_error (&error);
  gc_tag_labels_report_clear (&report);
  g_ptr_array_free (messages, TRUE);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/tag-labels/key", test_key);
  g_test_add_func ("/tag-labels/split", test_split);
  g_test_add_func ("/tag-labels/genre-is-ours", test_genre_is_ours);
  g_test_add_func ("/tag-labels/map", test_map);
  g_test_add_func ("/tag-labels/map-errors", test_map_errors);
  g_test_add_func ("/tag-labels/map-load", test_map_load);
  g_test_add_func ("/tag-labels/not-a-folder", test_not_a_folder);
  return g_test_run ();
}
