/* genreclassify — benchmark of the element in real pipelines
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 *   bench-pipeline MODEL [MINUTES] [SOAK_MINUTES]
 *
 * 1. Encodes MINUTES (default 10) of a music-like synthetic signal, 44.1 kHz
 *    stereo, to a 192 kb/s MP3 in a temporary folder.
 * 2. Runs `filesrc ! decodebin ! audioconvert ! [genreclassify !] fakesink`
 *    with and without the element (best of three each) and reports process
 *    CPU seconds; times every buffer inside the element (thread CPU time
 *    between its sink and source pad probes) for the worst single buffer.
 * 3. Pushes SOAK_MINUTES (default 120) of the signal through the element as
 *    fast as it goes and samples the peak RSS at minute 10 and at the end.
 * Prints a small table (Markdown) for docs/performance.md.
 */
#include "bench-music.h"

#include <gst/app/gstappsrc.h>
#include <gst/audio/audio.h>
#include <gst/gst.h>
#include <glib/gstdio.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#define RATE 44100
#define CHANNELS 2
#define BLOCK 4410 /* frames per appsrc buffer: 100 ms */

typedef struct {
  guint64 frame;
  GRand *rand;
} Synth;

/* Stereo: the hi-hat panned apart from the rest. */
static GstBuffer *
synth_block (Synth *s)
{
  GstBuffer *buf = gst_buffer_new_allocate (NULL, BLOCK * CHANNELS * 4, NULL);
  GstMapInfo map;
  float *x;

  gst_buffer_map (buf, &map, GST_MAP_WRITE);
  x = (float *)map.data;
  for (guint i = 0; i < BLOCK; i++) {
    double t = (double)(s->frame + i) / RATE;
    double v = 0.8 * bench_music (t, s->rand), hat = bench_hihat (t, s->rand);

    x[2 * i] = v + hat;
    x[2 * i + 1] = v - hat;
  }
  gst_buffer_unmap (buf, &map);
  GST_BUFFER_PTS (buf) = gst_util_uint64_scale (s->frame, GST_SECOND, RATE);
  GST_BUFFER_DURATION (buf) = gst_util_uint64_scale (BLOCK, GST_SECOND, RATE);
  s->frame += BLOCK;
  return buf;
}

static GstElement *
appsrc_pipeline (const char *tail, GstAppSrc **src)
{
  char *desc = g_strdup_printf (
      "appsrc name=src format=time "
      "caps=audio/x-raw,format=F32LE,rate=%d,channels=%d,layout=interleaved "
      "! %s",
      RATE, CHANNELS, tail);
  GError *error = NULL;
  GstElement *pipeline = gst_parse_launch (desc, &error);

  if (!pipeline)
    g_error ("%s: %s", desc, error->message);
  g_free (desc);
  *src = GST_APP_SRC (gst_bin_get_by_name (GST_BIN (pipeline), "src"));
  return pipeline;
}

static void
run_to_eos (GstElement *pipeline)
{
  GstBus *bus = gst_element_get_bus (pipeline);
  GstMessage *msg;

  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  msg = gst_bus_timed_pop_filtered (
      bus, GST_CLOCK_TIME_NONE, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR) {
    GError *error;
    gst_message_parse_error (msg, &error, NULL);
    g_error ("pipeline error: %s", error->message);
  }
  gst_message_unref (msg);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (bus);
}

static void
encode_mp3 (const char *path, double minutes)
{
  char *tail =
      g_strdup_printf ("audioconvert ! lamemp3enc target=bitrate "
                       "bitrate=192 cbr=true ! filesink location=\"%s\"",
          path);
  GstAppSrc *src;
  GstElement *pipeline = appsrc_pipeline (tail, &src);
  Synth s = { 0, g_rand_new_with_seed (1) };
  guint64 total = (guint64)(minutes * 60 * RATE);

  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  while (s.frame < total)
    gst_app_src_push_buffer (src, synth_block (&s));
  gst_app_src_end_of_stream (src);
  run_to_eos (pipeline);
  gst_object_unref (src);
  gst_object_unref (pipeline);
  g_rand_free (s.rand);
  g_free (tail);
}

static double
process_cpu (void)
{
  struct rusage ru;
  getrusage (RUSAGE_SELF, &ru);
  return ru.ru_utime.tv_sec + ru.ru_stime.tv_sec
      + 1e-6 * (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec);
}

static double
thread_cpu (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

typedef struct {
  double entered, worst, total;
  guint n_buffers, n_messages;
} Timing;

static GstPadProbeReturn
on_sink_buffer (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  ((Timing *)user_data)->entered = thread_cpu ();
  return GST_PAD_PROBE_OK;
}

static GstPadProbeReturn
on_src_buffer (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  Timing *t = user_data;
  double dt = thread_cpu () - t->entered;

  t->worst = MAX (t->worst, dt);
  t->total += dt;
  t->n_buffers++;
  return GST_PAD_PROBE_OK;
}

static double
decode_cpu (const char *mp3, const char *model, Timing *timing)
{
  char *desc = model
      ? g_strdup_printf (
          "filesrc location=\"%s\" ! decodebin "
          "! audioconvert ! genreclassify name=gc model=\"%s\" ! fakesink",
          mp3, model)
      : g_strdup_printf ("filesrc location=\"%s\" ! decodebin ! "
                         "audioconvert ! fakesink",
          mp3);
  GError *error = NULL;
  GstElement *pipeline = gst_parse_launch (desc, &error);
  double t0;

  if (!pipeline)
    g_error ("%s: %s", desc, error->message);
  if (model) {
    GstElement *gc = gst_bin_get_by_name (GST_BIN (pipeline), "gc");
    GstPad *sink = gst_element_get_static_pad (gc, "sink");
    GstPad *src = gst_element_get_static_pad (gc, "src");
    gst_pad_add_probe (
        sink, GST_PAD_PROBE_TYPE_BUFFER, on_sink_buffer, timing, NULL);
    gst_pad_add_probe (
        src, GST_PAD_PROBE_TYPE_BUFFER, on_src_buffer, timing, NULL);
    gst_object_unref (sink);
    gst_object_unref (src);
    gst_object_unref (gc);
  }
  t0 = process_cpu ();
  run_to_eos (pipeline);
  t0 = process_cpu () - t0;
  gst_object_unref (pipeline);
  g_free (desc);
  return t0;
}

static double
rss_mib (void)
{
  long pages = 0;
  FILE *f = fopen ("/proc/self/statm", "r");
  if (f) {
    if (fscanf (f, "%*s %ld", &pages) != 1)
      pages = 0;
    fclose (f);
  }
  return pages * (double)sysconf (_SC_PAGESIZE) / (1024.0 * 1024.0);
}

int
main (int argc, char **argv)
{
  const char *model;
  double minutes, soak_minutes, with = G_MAXDOUBLE, without = G_MAXDOUBLE;
  char *dir, *mp3;
  Timing timing = { 0 };

  gst_init (&argc, &argv);
  if (argc < 2) {
    fprintf (stderr, "usage: %s MODEL [MINUTES] [SOAK_MINUTES]\n", argv[0]);
    return 2;
  }
  model = argv[1];
  minutes = argc > 2 ? atof (argv[2]) : 10.0;
  soak_minutes = argc > 3 ? atof (argv[3]) : 120.0;

  dir = g_dir_make_tmp ("gc-bench-XXXXXX", NULL);
  mp3 = g_build_filename (dir, "music.mp3", NULL);
  encode_mp3 (mp3, minutes);

  for (guint i = 0; i < 3; i++) {
    Timing t = { 0 };
    double a = decode_cpu (mp3, NULL, NULL), b = decode_cpu (mp3, model, &t);
    without = MIN (without, a);
    with = MIN (with, b);
    timing.worst = MAX (timing.worst, t.worst);
    timing.total = t.total;
    timing.n_buffers = t.n_buffers;
  }

  printf ("pipeline benchmark: %.1f min of music-like audio, 44.1 kHz stereo, "
          "192 kb/s MP3\n",
      minutes);
  printf ("| measure | value |\n|---|---|\n");
  printf ("| decode only (CPU s, best of 3) | %.2f |\n", without);
  printf ("| decode + genreclassify (CPU s, best of 3) | %.2f |\n", with);
  printf ("| added by genreclassify | %.2f s = %.2f x decoding |\n",
      with - without, (with - without) / without);
  printf ("| per 30-s window in the pipeline | %.1f ms |\n",
      1e3 * (with - without) / (minutes * 2));
  printf ("| inside the element, per buffer (mean / worst of %u) | "
          "%.3f / %.2f ms |\n",
      timing.n_buffers, 1e3 * timing.total / MAX (timing.n_buffers, 1),
      1e3 * timing.worst);

  if (soak_minutes > 0) {
    GstAppSrc *src;
    char *tail =
        g_strdup_printf ("genreclassify model=\"%s\" ! fakesink", model);
    GstElement *pipeline = appsrc_pipeline (tail, &src);
    Synth s = { 0, g_rand_new_with_seed (2) };
    guint64 total = (guint64)(soak_minutes * 60 * RATE);
    guint64 ten = (guint64)10 * 60 * RATE;
    double rss10 = 0.0, rss_max_after = 0.0;

    g_object_set (src, "block", TRUE, "max-bytes", (guint64)1 << 20, NULL);
    gst_element_set_state (pipeline, GST_STATE_PLAYING);
    while (s.frame < total) {
      gst_app_src_push_buffer (src, synth_block (&s));
      if (s.frame >= ten && rss10 == 0.0)
        rss10 = rss_mib ();
      if (s.frame >= ten)
        rss_max_after = MAX (rss_max_after, rss_mib ());
    }
    gst_app_src_end_of_stream (src);
    run_to_eos (pipeline);
    printf ("| RSS at minute 10 / highest after it (of %.0f min) | %.1f / "
            "%.1f MiB (%+.2f MiB) |\n",
        soak_minutes, rss10, rss_max_after, rss_max_after - rss10);
    gst_object_unref (src);
    gst_object_unref (pipeline);
    g_rand_free (s.rand);
    g_free (tail);
  }

  g_unlink (mp3);
  g_rmdir (dir);
  g_free (mp3);
  g_free (dir);
  return 0;
}
