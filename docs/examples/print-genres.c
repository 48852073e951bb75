/* print-genres — run a pipeline with genreclassify and print, from the bus,
 * the genre distribution of every analysis window and the summary.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Build (or see tests/pipelines/meson.build, which builds it):
 *   cc print-genres.c -o print-genres $(pkg-config --cflags --libs
 * gstreamer-1.0) Run: GST_PLUGIN_PATH=build/gst ./print-genres --window 10
 * song.ogg
 *
 * Output, one line per window and one for the summary at the end:
 *   window 0 start=0.000 duration=6.000 genre=noise noise=0.8917 ...
 *   summary start=0.000 duration=18.000 genre=tones windows=3 tones=0.5838 ...
 * A silent window prints genre=- and no probabilities, an uncertain one
 * (--uncertain-margin) "uncertain" after its genre.  With --smoothing, a
 * line for every change of the current genre (see
 * docs/howto-radio-monitoring.md):
 *   change at=4.500 from=noise to=tones margin=0.6958 detected=12.000
 */
#include <stdio.h>
#include <stdlib.h>

#include <gst/gst.h>

typedef struct {
  GMainLoop *loop;
  int status;
} App;

static double
seconds (const GstStructure *s, const char *field)
{
  guint64 t = GST_CLOCK_TIME_NONE;

  if (!gst_structure_get_uint64 (s, field, &t) || !GST_CLOCK_TIME_IS_VALID (t))
    return 0.0;
  return (double)t / GST_SECOND;
}

/* Prints one "genreclassify" message (see docs/element.md, "Messages"). */
static void
print_result (const GstStructure *s)
{
  const GValue *genres = gst_structure_get_value (s, "genres");
  const GValue *probs = gst_structure_get_value (s, "probabilities");
  const char *genre = gst_structure_get_string (s, "genre");
  gboolean final = FALSE, uncertain = FALSE;
  guint index = 0, windows = 0, i, n;

  gst_structure_get_boolean (s, "final", &final);
  if (final) {
    gst_structure_get_uint (s, "windows", &windows);
    printf ("summary");
  } else {
    gst_structure_get_uint (s, "window-index", &index);
    printf ("window %u", index);
  }
  printf (" start=%.3f duration=%.3f genre=%s", seconds (s, "stream-time"),
      seconds (s, "duration"), genre && *genre ? genre : "-");
  if (gst_structure_get_boolean (s, "uncertain", &uncertain) && uncertain)
    printf (" uncertain");
  if (final)
    printf (" windows=%u", windows);

  /* genres and probabilities: GstValueArrays, most probable first */
  n = genres ? gst_value_array_get_size (genres) : 0;
  for (i = 0; i < n; i++)
    printf (" %s=%.4f",
        g_value_get_string (gst_value_array_get_value (genres, i)),
        g_value_get_double (gst_value_array_get_value (probs, i)));
  printf ("\n");
  fflush (stdout);
}

/* Prints one "genreclassify-change" message: the current genre changed
 * (at the estimated time "at"; known at the end of the window that
 * confirmed it, "detected"). */
static void
print_change (const GstStructure *s)
{
  const char *from = gst_structure_get_string (s, "old-genre");
  double margin = 0.0;

  gst_structure_get_double (s, "margin", &margin);
  printf ("change at=%.3f from=%s to=%s margin=%.4f detected=%.3f\n",
      seconds (s, "stream-time"), from && *from ? from : "-",
      gst_structure_get_string (s, "new-genre"), margin,
      seconds (s, "detected-at"));
  fflush (stdout);
}

static gboolean
on_message (GstBus *bus, GstMessage *msg, gpointer user_data)
{
  App *app = user_data;

  switch (GST_MESSAGE_TYPE (msg)) {
    case GST_MESSAGE_ELEMENT:
      if (gst_message_has_name (msg, "genreclassify"))
        print_result (gst_message_get_structure (msg));
      else if (gst_message_has_name (msg, "genreclassify-change"))
        print_change (gst_message_get_structure (msg));
      break;
    case GST_MESSAGE_ERROR: {
      GError *err = NULL;
      gchar *debug = NULL;

      gst_message_parse_error (msg, &err, &debug);
      fprintf (stderr, "error: %s\n%s\n", err->message, debug ? debug : "");
      g_clear_error (&err);
      g_free (debug);
      app->status = 1;
      g_main_loop_quit (app->loop);
      break;
    }
    case GST_MESSAGE_EOS:
      g_main_loop_quit (app->loop);
      break;
    default:
      break;
  }
  return G_SOURCE_CONTINUE;
}

int
main (int argc, char **argv)
{
  double window = 30.0, hop = 0.0, smoothing = 0.0, change_margin = -1.0;
  double uncertain_margin = 0.0;
  gchar *model = NULL;
  GOptionEntry entries[] = {
    { "window", 'w', 0, G_OPTION_ARG_DOUBLE, &window,
        "Analysis window in seconds (default 30)", "SECONDS" },
    { "hop", 0, 0, G_OPTION_ARG_DOUBLE, &hop,
        "Seconds between window starts (default 0: the window)", "SECONDS" },
    { "smoothing", 0, 0, G_OPTION_ARG_DOUBLE, &smoothing,
        "Seconds of recent windows to average; also reports genre changes "
        "(default 0: off)",
        "SECONDS" },
    { "change-margin", 0, 0, G_OPTION_ARG_DOUBLE, &change_margin,
        "Hysteresis of the genre changes (default: the element's)", "M" },
    { "uncertain-margin", 0, 0, G_OPTION_ARG_DOUBLE, &uncertain_margin,
        "Results whose top two genres are less than M apart are uncertain "
        "(default 0: none)",
        "M" },
    { "model", 'm', 0, G_OPTION_ARG_FILENAME, &model,
        "Model bundle (model.ini); default: the element's", "PATH" },
    { NULL },
  };
  GOptionContext *ctx = g_option_context_new ("FILE-OR-URI");
  GError *err = NULL;
  GstElement *pipeline, *classifier;
  GstBus *bus;
  gchar *uri;
  App app = { NULL, 0 };

  g_option_context_add_main_entries (ctx, entries, NULL);
  g_option_context_add_group (ctx, gst_init_get_option_group ());
  if (!g_option_context_parse (ctx, &argc, &argv, &err) || argc != 2) {
    fprintf (stderr, "%s\nusage: %s [OPTION...] FILE-OR-URI\n",
        err ? err->message : "", argv[0]);
    return 2;
  }
  g_option_context_free (ctx);

  uri = gst_uri_is_valid (argv[1]) ? g_strdup (argv[1])
                                   : gst_filename_to_uri (argv[1], &err);
  if (uri == NULL) {
    fprintf (stderr, "%s: %s\n", argv[1], err->message);
    return 2;
  }

  /* fakesink sync=false: analyse as fast as possible; use autoaudiosink
   * to listen at the same time. */
  pipeline = gst_parse_launch ("uridecodebin name=src ! audioconvert ! "
                               "genreclassify name=classifier ! "
                               "fakesink sync=false",
      &err);
  if (pipeline == NULL || err != NULL) {
    /* e.g. no element "genreclassify": set GST_PLUGIN_PATH */
    fprintf (
        stderr, "cannot build the pipeline: %s\n", err ? err->message : "?");
    return 1;
  }
  {
    GstElement *src = gst_bin_get_by_name (GST_BIN (pipeline), "src");

    g_object_set (src, "uri", uri, NULL);
    gst_object_unref (src);
  }
  classifier = gst_bin_get_by_name (GST_BIN (pipeline), "classifier");
  g_object_set (classifier, "window", window, "hop", hop, "smoothing",
      smoothing, "uncertain-margin", uncertain_margin, NULL);
  if (change_margin >= 0.0)
    g_object_set (classifier, "change-margin", change_margin, NULL);
  if (model != NULL)
    g_object_set (classifier, "model", model, NULL);
  gst_object_unref (classifier);

  app.loop = g_main_loop_new (NULL, FALSE);
  bus = gst_element_get_bus (pipeline);
  gst_bus_add_watch (bus, on_message, &app);

  if (gst_element_set_state (pipeline, GST_STATE_PLAYING)
      == GST_STATE_CHANGE_FAILURE) {
    /* an error message on the bus says why */
    GstMessage *msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);

    if (msg != NULL) {
      on_message (bus, msg, &app);
      gst_message_unref (msg);
    }
    app.status = 1;
  } else {
    g_main_loop_run (app.loop);
  }

  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_bus_remove_watch (bus);
  gst_object_unref (bus);
  gst_object_unref (pipeline);
  g_main_loop_unref (app.loop);
  g_free (uri);
  g_free (model);
  return app.status;
}
