/* genreclassify — writes a synthetic labelled set of audio files
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 *   gc-test-make-set [--clips N] [--seconds S] [--seed N] DIR
 *   gc-test-make-set --artists N [--clips N] [--genre-weight W] … DIR
 *
 * Writes DIR/GENRE/GENRE-NN.EXT for the three synthetic classes of
 * src/training/gc-demo.h ("tones", "noise", "clicks"), encoded with GStreamer
 * in turn as WAV (44.1 kHz stereo S16), FLAC (22.05 kHz mono) and Ogg
 * Vorbis (22.05 kHz mono), so that the tools' decoding and conversion are
 * exercised on real files.  Also used by hand to try the tools.
 *
 * With --artists N, a set where the artist says more than the genre: N
 * artists per genre, --clips clips each, written as WAV to
 * DIR/GENRE/ARTIST-CC.wav.  Every clip of an artist holds the artist's own
 * signature — one synthetic signal, the same in all its clips, of class
 * (artist number mod 3), so that each genre has artists of every class —
 * plus, --genre-weight times as loud, a clip of the genre's class drawn
 * for that clip alone.  A model that has heard an artist's other clips
 * recognises the signature; one that has not must find the faint genre.
 * Also writes DIR/clips.tsv (path, genre, artist), DIR/list.tsv
 * (PATH<TAB>GENRE<TAB>ARTIST) and DIR/plain.list (PATH<TAB>GENRE).
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

/* The --artists set. */
static int
make_artist_set (const char *root, int artists, int clips, double seconds,
    double weight, guint64 seed)
{
  gsize n = (gsize)(seconds * GC_ANALYSIS_RATE);
  float *sig = g_new (float, n), *part = g_new (float, n);
  GString *tsv = g_string_new ("path\tgenre\tartist\n");
  GString *list = g_string_new ("# PATH<TAB>GENRE<TAB>ARTIST\n");
  GString *plain = g_string_new ("# PATH<TAB>GENRE\n");
  GError *error = NULL;
  int status = 0;

  for (guint g = 0; g < GC_DEMO_N_CLASSES && status == 0; g++) {
    char *dir = g_build_filename (root, gc_demo_labels[g], NULL);

    g_mkdir_with_parents (dir, 0755);
    for (int a = 0; a < artists && status == 0; a++) {
      guint signature_class = (guint)a % GC_DEMO_N_CLASSES;
      /* Artists are numbered across genres: their seeds never repeat. */
      guint artist = g * (guint)artists + (guint)a;

      gc_demo_synthesise (signature_class,
          gc_demo_clip_seed (seed, 100 + signature_class, artist), sig, n);
      for (int c = 0; c < clips; c++) {
        char *name = g_strdup_printf ("artist%02u-%02d.wav", artist, c);
        char *path = g_build_filename (dir, name, NULL);
        char *rel = g_strdup_printf ("%s/%s", gc_demo_labels[g], name);

        gc_demo_synthesise (
            g, gc_demo_clip_seed (seed, g, artist * 1000 + (guint)c), part, n);
        for (gsize i = 0; i < n; i++)
          part[i] = (float)((sig[i] + weight * part[i]) / (1.0 + weight));
        if (!encode (part, n, 0, path, &error)) {
          fprintf (stderr, "%s\n", error->message);
          status = 1;
        }
        g_string_append_printf (
            tsv, "%s\t%s\tartist %u\n", rel, gc_demo_labels[g], artist);
        g_string_append_printf (
            list, "%s\t%s\tartist %u\n", rel, gc_demo_labels[g], artist);
        g_string_append_printf (plain, "%s\t%s\n", rel, gc_demo_labels[g]);
        g_free (rel);
        g_free (path);
        g_free (name);
      }
    }
    g_free (dir);
  }
  if (status == 0) {
    char *p = g_build_filename (root, "clips.tsv", NULL);
    char *q = g_build_filename (root, "list.tsv", NULL);
    char *r = g_build_filename (root, "plain.list", NULL);

    if (!g_file_set_contents (p, tsv->str, -1, &error)
        || !g_file_set_contents (q, list->str, -1, &error)
        || !g_file_set_contents (r, plain->str, -1, &error)) {
      fprintf (stderr, "%s\n", error->message);
      status = 1;
    }
    g_free (p);
    g_free (q);
    g_free (r);
  }
  g_clear_error (&error);
  g_string_free (tsv, TRUE);
  g_string_free (list, TRUE);
  g_string_free (plain, TRUE);
  g_free (sig);
  g_free (part);
  return status;
}

int
main (int argc, char **argv)
{
  int clips = 8, artists = 0;
  double seconds = 4.0, weight = 0.3;
  gint64 seed = 1;
  GOptionEntry entries[] = {
    { "clips", 'n', 0, G_OPTION_ARG_INT, &clips,
        "Clips per class (8), or per artist", "N" },
    { "seconds", 's', 0, G_OPTION_ARG_DOUBLE, &seconds, "Length of a clip (4)",
        "S" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, "Seed of the set (1)", "N" },
    { "artists", 0, 0, G_OPTION_ARG_INT, &artists,
        "Write a set of N artists per genre, each with a signature of its "
        "own (see the source)",
        "N" },
    { "genre-weight", 0, 0, G_OPTION_ARG_DOUBLE, &weight,
        "--artists: the genre's part, relative to the signature (0.3)", "W" },
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
  if (artists > 0) {
    int status = make_artist_set (
        argv[1], artists, clips, seconds, weight, (guint64)seed);

    g_option_context_free (ctx);
    return status;
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
        g_error_free (error);
        g_free (path);
        g_free (name);
        g_free (dir);
        g_free (clip);
        g_option_context_free (ctx);
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
