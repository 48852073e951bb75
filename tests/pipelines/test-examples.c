/* genreclassify — the example programs of docs/examples and the gst-launch
 * lines of the docs, run as a user would run them
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 *   test-examples c        docs/examples/print-genres.c (built by meson)
 *   test-examples python   docs/examples/print-genres.py with /usr/bin/python3
 *                          (exit 77, SKIP, when PyGObject or Gst's
 *                          introspection data are missing)
 *   test-examples launch   gst-launch-1.0 lines of docs/howto-gst-launch.md,
 *                          and gst-inspect-1.0 genreclassify
 *
 * GC_TEST_AUDIO is 6 s of "noise" then 12 s of "tones" (demo model
 * classes): with --window 6, three windows then the summary.
 */
#include <string.h>

#include <glib.h>

#define MODEL GC_SOURCE_ROOT "/models/synthetic-demo/model.ini"
#define PYTHON "/usr/bin/python3"

static gchar **
test_env (const gchar *name)
{
  gchar **env = g_get_environ ();
  gchar *reg = g_strdup_printf (
      "%s/tests/pipelines/registry-examples-%s.bin", GC_BUILD_ROOT, name);

  env = g_environ_setenv (env, "GST_PLUGIN_PATH", GC_BUILD_ROOT "/gst", TRUE);
  env = g_environ_setenv (env, "GST_REGISTRY_1_0", reg, TRUE);
  env = g_environ_unsetenv (env, "GENRECLASSIFY_MODEL");
  g_free (reg);
  return env;
}

/* Runs @argv, checks it exits with 0 and returns its standard output. */
static gchar *
run (const gchar *const *argv, const gchar *name)
{
  gchar **env = test_env (name);
  gchar *out = NULL, *err = NULL;
  gint status;
  GError *error = NULL;

  g_assert_true (g_spawn_sync (NULL, (gchar **)argv, env, G_SPAWN_DEFAULT, NULL,
      NULL, &out, &err, &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("%s failed: %s\nstdout:\n%s\nstderr:\n%s", argv[0], error->message,
        out, err);
  g_strfreev (env);
  g_free (err);
  return out;
}

/* The lines print-genres prints for GC_TEST_AUDIO with --window 6. */
static void
check_print_genres_output (const gchar *out)
{
  gchar **lines = g_strsplit (out, "\n", -1);
  static const gchar *const prefixes[] = {
    "window 0 start=0.000 duration=6.000 genre=noise noise=",
    "window 1 start=6.000 duration=6.000 genre=tones tones=",
    "window 2 start=12.000 duration=6.000 genre=tones tones=",
    "summary start=0.000 duration=18.000 genre=tones windows=3 tones=",
  };

  g_test_message ("output:\n%s", out);
  g_assert_cmpuint (g_strv_length (lines), ==, G_N_ELEMENTS (prefixes) + 1);
  for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++) {
    gchar **words = g_strsplit (lines[i], " ", -1);
    guint n = g_strv_length (words);
    double sum = 0.0;

    g_assert_true (g_str_has_prefix (lines[i], prefixes[i]));
    /* the three labels of the demo model, each once, summing to 1 */
    g_assert_nonnull (strstr (lines[i], " tones="));
    g_assert_nonnull (strstr (lines[i], " noise="));
    g_assert_nonnull (strstr (lines[i], " clicks="));
    for (guint w = n - 3; w < n; w++)
      sum += g_ascii_strtod (strchr (words[w], '=') + 1, NULL);
    g_assert_cmpfloat (sum, >, 0.9995);
    g_assert_cmpfloat (sum, <, 1.0005);
    g_strfreev (words);
  }
  g_assert_cmpstr (lines[G_N_ELEMENTS (prefixes)], ==, "");
  g_strfreev (lines);
}

/* With --window 6 --hop 3 --smoothing 6: five windows, the first genre
 * and one change (the window at 3 s, half noise and half tones, already
 * votes tones: the change is placed half-way between the centres of the
 * windows at 0 and 3 s). */
static void
check_change_output (const gchar *out)
{
  gchar **lines = g_strsplit (out, "\n", -1);
  static const gchar *const prefixes[] = {
    "window 0 start=0.000 duration=6.000 genre=noise noise=",
    "change at=0.000 from=- to=noise margin=0.",
    "window 1 start=3.000 duration=6.000 genre=tones tones=",
    "window 2 start=6.000 duration=6.000 genre=tones tones=",
    "change at=4.500 from=noise to=tones margin=0.",
    "window 3 start=9.000 duration=6.000 genre=tones tones=",
    "window 4 start=12.000 duration=6.000 genre=tones tones=",
    "summary start=0.000 duration=18.000 genre=tones windows=5 tones=",
  };

  g_test_message ("output:\n%s", out);
  g_assert_cmpuint (g_strv_length (lines), ==, G_N_ELEMENTS (prefixes) + 1);
  for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++)
    g_assert_true (g_str_has_prefix (lines[i], prefixes[i]));
  g_assert_true (g_str_has_suffix (lines[1], " detected=6.000"));
  g_assert_true (g_str_has_suffix (lines[4], " detected=12.000"));
  g_strfreev (lines);
}

#define CHANGE_ARGS                                                            \
  "--window", "6", "--hop", "3", "--smoothing", "6", "--model", MODEL,         \
      GC_TEST_AUDIO

static void
test_c_example (void)
{
  const gchar *argv[] = { PRINT_GENRES, "--window", "6", "--model", MODEL,
    GC_TEST_AUDIO, NULL };
  gchar *out = run (argv, "c");
  gchar *doc = NULL;

  check_print_genres_output (out);
  /* docs/howto-app.md shows this very output: it must not go stale when
   * the demo model is regenerated. */
  g_assert_true (g_file_get_contents (
      GC_SOURCE_ROOT "/docs/howto-app.md", &doc, NULL, NULL));
  if (strstr (doc, out) == NULL)
    g_error ("docs/howto-app.md does not show the current output:\n%s", out);
  g_free (out);

  /* the genre changes, as docs/howto-app.md shows them too */
  {
    const gchar *cargv[] = { PRINT_GENRES, CHANGE_ARGS, NULL };

    out = run (cargv, "c");
    check_change_output (out);
    if (strstr (doc, out) == NULL)
      g_error ("docs/howto-app.md does not show the current output:\n%s", out);
    g_free (out);
  }
  g_free (doc);
}

static gboolean
have_python_gst (void)
{
  const gchar *argv[] = { PYTHON, "-c",
    "import gi; gi.require_version('Gst', '1.0'); "
    "from gi.repository import Gst",
    NULL };
  gint status;

  if (!g_file_test (PYTHON, G_FILE_TEST_IS_EXECUTABLE))
    return FALSE;
  if (!g_spawn_sync (NULL, (gchar **)argv, NULL,
          G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
          NULL, NULL, &status, NULL))
    return FALSE;
  return g_spawn_check_wait_status (status, NULL);
}

static void
test_python_example (void)
{
  const gchar *argv[] = { PYTHON,
    GC_SOURCE_ROOT "/docs/examples/print-genres.py", "--window", "6", "--model",
    MODEL, GC_TEST_AUDIO, NULL };
  const gchar *cargv[] = { PRINT_GENRES, "--window", "6", "--model", MODEL,
    GC_TEST_AUDIO, NULL };
  gchar *out = run (argv, "python");
  gchar *c_out = run (cargv, "python");

  check_print_genres_output (out);
  /* the two examples print the same */
  g_assert_cmpstr (out, ==, c_out);
  g_free (c_out);
  g_free (out);

  {
    const gchar *pargv[] = { PYTHON,
      GC_SOURCE_ROOT "/docs/examples/print-genres.py", CHANGE_ARGS, NULL };
    const gchar *cargv2[] = { PRINT_GENRES, CHANGE_ARGS, NULL };

    out = run (pargv, "python");
    c_out = run (cargv2, "python");
    check_change_output (out);
    g_assert_cmpstr (out, ==, c_out);
    g_free (c_out);
    g_free (out);
  }
}

/* docs/howto-gst-launch.md: a player-style line (playbin with the element
 * as its audio filter) that prints the tags, and the README's -m line. */
static void
test_launch_lines (void)
{
  gchar *uri = g_filename_to_uri (GC_TEST_AUDIO, NULL, NULL);
  gchar *uri_arg = g_strdup_printf ("uri=%s", uri);
  const gchar *play[] = { GST_LAUNCH, "-t", "playbin", uri_arg,
    "audio-filter=genreclassify window=6 tag-mode=summary model=" MODEL,
    "audio-sink=fakesink sync=false", "video-sink=fakesink", NULL };
  const gchar *messages[] = { GST_LAUNCH, "-m", "filesrc",
    "location=" GC_TEST_AUDIO, "!", "decodebin", "!", "audioconvert", "!",
    "genreclassify", "window=6", "model=" MODEL, "!", "fakesink", NULL };
  gchar *out;

  out = run (play, "launch");
  g_test_message ("playbin:\n%s", out);
  g_assert_nonnull (strstr (out, "genre: tones\n"));
  /* the summary's distribution, most probable first */
  g_assert_nonnull (strstr (out, "genre distribution: tones=0."));
  /* tag-mode=summary: the windows' genre (noise) is never a tag */
  g_assert_null (strstr (out, "genre: noise"));
  g_free (out);

  out = run (messages, "launch");
  g_assert_nonnull (strstr (out, "genreclassify, timestamp=(guint64)0,"));
  g_assert_nonnull (strstr (out, "genre=(string)noise"));
  g_assert_nonnull (strstr (out, "final=(boolean)true"));
  g_assert_nonnull (strstr (out, "windows=(uint)3"));
  g_assert_nonnull (strstr (out, "uncertain=(boolean)false"));
  g_free (out);

  /* docs/howto-radio-monitoring.md: the change messages */
  {
    const gchar *radio[] = { GST_LAUNCH, "-m", "filesrc",
      "location=" GC_TEST_AUDIO, "!", "decodebin", "!", "audioconvert", "!",
      "genreclassify", "window=6", "hop=3", "smoothing=6", "model=" MODEL, "!",
      "fakesink", NULL };

    out = run (radio, "launch");
    g_assert_nonnull (strstr (out,
        "genreclassify-change, timestamp=(guint64)4500000000, "
        "stream-time=(guint64)4500000000, running-time=(guint64)4500000000, "
        "old-genre=(string)noise, new-genre=(string)tones,"));
    g_assert_nonnull (strstr (out, "current-genre=(string)tones"));
    g_free (out);
  }
  g_free (uri_arg);
  g_free (uri);
}

/* The README's first command: the element with the default model (no
 * model=, found in the build tree) on the excerpt.  The README must show
 * the first window's message as the element prints it. */
static void
test_readme_example (void)
{
  const gchar *argv[] = { GST_LAUNCH, "-m", "filesrc",
    "location=" GC_SOURCE_ROOT
    "/tests/data/brahms-hungarian-dance-5-excerpt.ogg",
    "!", "decodebin", "!", "audioconvert", "!", "genreclassify", "!",
    "fakesink", NULL };
  gchar *out = run (argv, "launch"), *readme = NULL, *start, *end, *message;

  g_assert_true (
      g_file_get_contents (GC_SOURCE_ROOT "/README.md", &readme, NULL, NULL));
  start = strstr (out, "genreclassify, timestamp=(guint64)0,");
  g_assert_nonnull (start);
  end = strchr (start, ';');
  g_assert_nonnull (end);
  message = g_strndup (start, end + 1 - start);
  g_test_message ("%s", message);
  g_assert_nonnull (strstr (message, "genre=(string)classical"));
  if (strstr (readme, message) == NULL)
    g_error ("README.md does not show the current first message:\n%s", message);
  g_free (message);
  g_free (readme);
  g_free (out);
}

/* gst-inspect-1.0 genreclassify: the one-line description (the message
 * fields are docs/element.md's), the pad templates and every property
 * with its documentation. */
static void
test_inspect (void)
{
  const gchar *argv[] = { GST_INSPECT, "genreclassify", NULL };
  static const gchar *const expected[] = { "Filter/Analyzer/Audio",
    "genre-distribution",
    "  Description              Estimates the musical genre of the audio "
    "passing through unchanged\n",
    "SINK template: 'sink'", "SRC template: 'src'", "format: { (string)S16LE",
    "window  ", "hop  ", "min-window  ", "model  ", "post-messages  ",
    "emit-tags  ", "tag-mode  ", "(1): summary", "Changes take effect",
    "uncertain-margin  ", "smoothing  ", "change-margin  ",
    "genreclassify-change", "genre-uncertain", "smoothed-probabilities", NULL };
  gchar *out = run (argv, "inspect");

  for (guint i = 0; expected[i] != NULL; i++)
    g_assert_nonnull (strstr (out, expected[i]));
  g_free (out);
}

int
main (int argc, char **argv)
{
  const gchar *what = argc > 1 ? argv[argc - 1] : "";

  g_test_init (&argc, &argv, NULL);
  if (g_str_equal (what, "c")) {
    g_test_add_func ("/examples/c", test_c_example);
  } else if (g_str_equal (what, "python")) {
    if (!have_python_gst ()) {
      g_print ("SKIP: " PYTHON " cannot import gi with Gst 1.0 "
               "(install python3-gi gir1.2-gstreamer-1.0)\n");
      return 77;
    }
    g_test_add_func ("/examples/python", test_python_example);
  } else if (g_str_equal (what, "launch")) {
    g_test_add_func ("/examples/launch", test_launch_lines);
    g_test_add_func ("/examples/inspect", test_inspect);
    g_test_add_func ("/examples/readme", test_readme_example);
  } else {
    g_printerr ("usage: %s c|python|launch\n", argv[0]);
    return 2;
  }
  return g_test_run ();
}
