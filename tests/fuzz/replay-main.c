/* genreclassify — replays fuzz inputs through the model loader
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * replay-model [-v] [--expect | --any] FILE-OR-FOLDER...
 *
 * Runs every file (every file of a folder) through the fuzz target of
 * fuzz-model.c, without libFuzzer: a crash, an abort or a sanitizer report
 * is a failure.  After --expect the seed names are checked too: a file whose
 * name starts with "valid-" or "demo-" must load, any other must be
 * rejected with an error; after --any (the default) both outcomes are fine.
 * Names starting with '.' are skipped.  Output is TAP, one test per file.
 */
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "fuzz-model.h"

static guint n_tests, n_failed;

static void
replay (const char *path, gboolean expect, gboolean verbose)
{
  char *data = NULL, *why = NULL, *name;
  gsize len;
  GError *err = NULL;
  gboolean loaded, ok = TRUE;

  if (!g_file_get_contents (path, &data, &len, &err)) {
    g_print ("not ok %u - %s: %s\n", ++n_tests, path, err->message);
    n_failed++;
    g_error_free (err);
    return;
  }
  loaded = gc_fuzz_model_one ((const uint8_t *)data, len, &why);
  name = g_path_get_basename (path);
  if (expect) {
    gboolean want =
        g_str_has_prefix (name, "valid-") || g_str_has_prefix (name, "demo-");

    ok = (loaded == want);
  }
  g_print ("%s %u - %s: %s%s%s\n", ok ? "ok" : "not ok", ++n_tests, name,
      loaded ? "loaded" : "rejected", why && (verbose || !ok) ? ": " : "",
      why && (verbose || !ok) ? why : "");
  if (!ok)
    n_failed++;
  g_free (name);
  g_free (why);
  g_free (data);
}

static int
compare (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char *const *)a, *(char *const *)b);
}

int
main (int argc, char **argv)
{
  gboolean expect = FALSE, verbose = FALSE;

  for (int i = 1; i < argc; i++) {
    const char *arg = argv[i];

    if (strcmp (arg, "--expect") == 0) {
      expect = TRUE;
    } else if (strcmp (arg, "--any") == 0) {
      expect = FALSE;
    } else if (strcmp (arg, "-v") == 0) {
      verbose = TRUE;
    } else if (g_file_test (arg, G_FILE_TEST_IS_DIR)) {
      GDir *dir = g_dir_open (arg, 0, NULL);
      GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
      const char *name;

      while (dir && (name = g_dir_read_name (dir)))
        if (name[0] != '.')
          g_ptr_array_add (names, g_build_filename (arg, name, NULL));
      if (dir)
        g_dir_close (dir);
      g_ptr_array_sort (names, compare);
      for (guint k = 0; k < names->len; k++)
        replay (names->pdata[k], expect, verbose);
      g_ptr_array_unref (names);
    } else {
      replay (arg, expect, verbose);
    }
  }
  g_print ("1..%u\n", n_tests);
  return n_failed > 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
