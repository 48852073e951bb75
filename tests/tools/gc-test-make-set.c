/* genreclassify — writes a synthetic labelled set of audio files
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 *   gc-test-make-set [--clips N] [--seconds S] [--seed N] DIR
 *
 * Writes DIR/GENRE/GENRE-NN.EXT for the three synthetic classes of
 * src/tools/gc-demo.h ("tones", "noise", "clicks"), encoded with GStreamer
 * in turn as WAV (44.1 kHz stereo S16), FLAC (22.05 kHz mono) and Ogg
 * Vorbis (22.05 kHz mono), so that the tools' decoding and conversion are
 * exercised on real files.  Also used by hand to try the tools.
 */
#include <stdio.h>
#include <stdlib.h>

#include <glib/gstdio.h>
#include <gst/app/gstappsrc.h>
#include <gst/gst.h>

#include "gc-demo.h"

static const char *const pipelines[][2] = {
  { "wav",
      "audioconvert dithering=none ! audioresample ! "
      "audio/x-raw,format=S16LE,rate=44100,channels=2 ! wavenc" },
  { "flac",
      "audioconvert dithering=none ! "
      "audio/x-raw,format=S16LE,rate=22050,channels=1 ! flacenc" },
  { "ogg", "audioconvert ! vorbisenc quality=0.5 ! oggmux" },
};

static gboolean
encode (const float *samples, gsize n, guint format, const char *path,
    GError **error)
{
  char *desc = g_strdup_printf ("appsrc name=src format=time ! %s ! "
                                "filesink name=sink",
      pipelines[format][1]);
  GstElement *pipeline = gst_parse_launch (desc, error);
  GstElement *src, *sink;
  GstCaps *caps;
  GstBuffer *buf;
  GstMessage *msg;
  GstBus *bus;
  gboolean ok = TRUE;

  g_free (desc);
  if (pipeline == NULL)
    return FALSE;
  src = gst_bin_get_by_name (GST_BIN (pipeline), "src");
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  g_object_set (sink, "location", path, NULL);
  caps = gst_caps_new_simple ("audio/x-raw", "format", G_TYPE_STRING, "F32LE",
      "rate", G_TYPE_INT, GC_ANALYSIS_RATE, "channels", G_TYPE_INT, 1, "layout",
      G_TYPE_STRING, "interleaved", NULL);
  g_object_set (src, "caps", caps, NULL);
  gst_caps_unref (caps);

  buf = gst_buffer_new_memdup (samples, n * sizeof (float));
  GST_BUFFER_PTS (buf) = 0;
  GST_BUFFER_DURATION (buf) =
      gst_util_uint64_scale (n, GST_SECOND, GC_ANALYSIS_RATE);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  gst_app_src_push_buffer (GST_APP_SRC (src), buf);
  gst_app_src_end_of_stream (GST_APP_SRC (src));

  bus = gst_element_get_bus (pipeline);
  msg = gst_bus_timed_pop_filtered (
      bus, 60 * GST_SECOND, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  if (msg == NULL || GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR) {
    GError *err = NULL;

    if (msg)
      gst_message_parse_error (msg, &err, NULL);
    g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "%s: %s", path,
        err ? err->message : "timeout");
    g_clear_error (&err);
    ok = FALSE;
  }
  if (msg)
    gst_message_unref (msg);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (bus);
  gst_object_unref (src);
  gst_object_unref (sink);
  gst_object_unref (pipeline);
  return ok;
}

int
main (int argc, char **argv)
{
  int clips = 8;
  double seconds = 4.0;
  gint64 seed = 1;
  GOptionEntry entries[] = {
    { "clips", 'n', 0, G_OPTION_ARG_INT, &clips, "Clips per class (8)", "N" },
    { "seconds", 's', 0, G_OPTION_ARG_DOUBLE, &seconds, "Length of a clip (4)",
        "S" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, "Seed of the set (1)", "N" },
    { NULL },
  };
  GOptionContext *ctx = g_option_context_new ("DIR");
  GError *error = NULL;
  gsize n;
  float *clip;
  guint counter = 0;

  g_option_context_add_main_entries (ctx, entries, NULL);
  g_option_context_add_group (ctx, gst_init_get_option_group ());
  if (!g_option_context_parse (ctx, &argc, &argv, &error) || argc != 2
      || clips < 1 || !(seconds >= 0.1)) {
    fprintf (stderr,
        "usage: gc-test-make-set [--clips N] [--seconds S] "
        "[--seed N] DIR\n");
    return 2;
  }
  n = (gsize)(seconds * GC_ANALYSIS_RATE);
  clip = g_new (float, n);
  for (guint cls = 0; cls < GC_DEMO_N_CLASSES; cls++) {
    char *dir = g_build_filename (argv[1], gc_demo_labels[cls], NULL);

    g_mkdir_with_parents (dir, 0755);
    for (int i = 0; i < clips; i++, counter++) {
      guint format = counter % G_N_ELEMENTS (pipelines);
      char *name = g_strdup_printf (
          "%s-%02d.%s", gc_demo_labels[cls], i, pipelines[format][0]);
      char *path = g_build_filename (dir, name, NULL);

      gc_demo_synthesise (
          cls, gc_demo_clip_seed ((guint64)seed, cls, (guint)i), clip, n);
      if (!encode (clip, n, format, path, &error)) {
        fprintf (stderr, "%s\n", error->message);
        return 1;
      }
      g_free (path);
      g_free (name);
    }
    g_free (dir);
  }
  g_free (clip);
  g_option_context_free (ctx);
  return 0;
}
