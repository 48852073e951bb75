/* genreclassify — hardening: concurrency and lifecycle (docs/hardening.md)
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * 8 pipelines in parallel threads give exactly the results of one alone;
 * 1000 NULL→PLAYING→NULL cycles with audio flowing leak nothing visible;
 * the model of one element changes in READY, again and again, while other
 * instances run, and every run gives the results of its model.
 * HD_CYCLES=n runs n state cycles instead of 1000 (valgrind).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>
#include <gst/app/gstappsrc.h>

#include "hd-util.h"

#define S GST_SECOND

typedef struct {
  const gchar *caps;
  GstAudioFormat format;
  gint rate, channels;
  GPtrArray *buffers; /* the input, shared read-only by every pipeline */
} Input;

static void
input_init (
    Input *in, GstAudioFormat format, gint rate, gint channels, gdouble seconds)
{
  guint64 total = (guint64)llround (seconds * rate), done = 0;

  in->format = format;
  in->rate = rate;
  in->channels = channels;
  in->caps = gc_test_caps_string (format, rate, channels, FALSE);
  in->buffers =
      g_ptr_array_new_with_free_func ((GDestroyNotify)gst_buffer_unref);
  while (done < total) {
    gsize n = MIN ((guint64)rate / 10, total - done);
    GstBuffer *buf = gc_test_make_buffer (
        format, rate, channels, done, n, GC_SIGNAL_MUSIC, NULL);

    GST_BUFFER_PTS (buf) = gst_util_uint64_scale_round (done, S, rate);
    GST_BUFFER_DURATION (buf) =
        gst_util_uint64_scale_round (done + n, S, rate) - GST_BUFFER_PTS (buf);
    g_ptr_array_add (in->buffers, buf);
    done += n;
  }
}

static void
input_clear (Input *in)
{
  g_free ((gchar *)in->caps);
  g_ptr_array_unref (in->buffers);
}

static GstElement *
make_pipeline (const Input *in, const gchar *model)
{
  gchar *desc = g_strdup_printf (
      "appsrc name=src format=time max-bytes=0 caps=\"%s\" ! "
      "genreclassify name=gc model=\"%s\" window=2 min-window=0.5 ! "
      "fakesink sync=false",
      in->caps, model);
  GError *err = NULL;
  GstElement *p = gst_parse_launch (desc, &err);

  fail_unless (p != NULL, "%s", err ? err->message : "");
  g_free (desc);
  return p;
}

/* Plays the input through @pipeline (in NULL or READY) and returns the
 * results; leaves the pipeline in READY. */
static GPtrArray *
run_pipeline (GstElement *pipeline, const Input *in)
{
  GstElement *src = gst_bin_get_by_name (GST_BIN (pipeline), "src");
  GPtrArray *r;

  /* appsrc takes buffers once started (PAUSED) */
  fail_unless (gst_element_set_state (pipeline, GST_STATE_PAUSED)
      != GST_STATE_CHANGE_FAILURE);
  for (guint i = 0; i < in->buffers->len; i++)
    fail_unless_equals_int (gst_app_src_push_buffer (GST_APP_SRC (src),
                                gst_buffer_ref (in->buffers->pdata[i])),
        GST_FLOW_OK);
  fail_unless_equals_int (
      gst_app_src_end_of_stream (GST_APP_SRC (src)), GST_FLOW_OK);
  fail_unless (gst_element_set_state (pipeline, GST_STATE_PLAYING)
      != GST_STATE_CHANGE_FAILURE);
  r = hd_play_until_eos (pipeline);
  fail_unless (gst_element_set_state (pipeline, GST_STATE_READY)
      == GST_STATE_CHANGE_SUCCESS);
  gst_object_unref (src);
  return r;
}

static GPtrArray *
run_once (const Input *in, const gchar *model)
{
  GstElement *p = make_pipeline (in, model);
  GPtrArray *r = run_pipeline (p, in);

  gst_element_set_state (p, GST_STATE_NULL);
  gst_object_unref (p);
  return r;
}

/* ---- 8 pipelines in parallel ------------------------------------------- */

typedef struct {
  const Input *input;
  GPtrArray *results;
} Job;

static gpointer
job_thread (gpointer data)
{
  Job *job = data;

  job->results = run_once (job->input, GC_TEST_MODEL);
  return NULL;
}

GST_START_TEST (test_parallel_pipelines)
{
  Input inputs[2];
  GPtrArray *ref[2];
  Job jobs[8];
  GThread *threads[8];

  input_init (&inputs[0], GST_AUDIO_FORMAT_S16LE, 22050, 1, 9.0);
  input_init (&inputs[1], GST_AUDIO_FORMAT_F32LE, 44100, 2, 9.0);
  for (guint k = 0; k < 2; k++) {
    ref[k] = run_once (&inputs[k], GC_TEST_MODEL);
    fail_unless_equals_int (ref[k]->len, 6);
  }
  for (guint round = 0; round < 3; round++) {
    for (guint i = 0; i < 8; i++) {
      jobs[i].input = &inputs[i % 2];
      jobs[i].results = NULL;
      threads[i] = g_thread_new ("pipeline", job_thread, &jobs[i]);
    }
    for (guint i = 0; i < 8; i++) {
      g_thread_join (threads[i]);
      hd_assert_same_results (ref[i % 2], jobs[i].results, 0.0);
      g_ptr_array_unref (jobs[i].results);
    }
  }
  for (guint k = 0; k < 2; k++) {
    g_ptr_array_unref (ref[k]);
    input_clear (&inputs[k]);
  }
}

GST_END_TEST;

/* ---- state cycles ------------------------------------------------------ */

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define HD_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define HD_ASAN 1
#endif

static gboolean
under_sanitizer (void)
{
#ifdef HD_ASAN
  return TRUE;
#else
  return FALSE;
#endif
}

static guint
n_cycles (void)
{
  const gchar *env = g_getenv ("HD_CYCLES");

  return env && atoi (env) > 0 ? (guint)atoi (env) : 1000;
}

/* NULL → PLAYING (audio flows in 0.05 s buffers) → NULL, 1000 times;
 * every 25th cycle waits for a 1-s window to be reported, every 4th
 * returns to NULL without waiting for PLAYING, so the element also stops
 * in the middle of its start. */
GST_START_TEST (test_state_cycles)
{
  gchar *desc =
      g_strdup_printf ("audiotestsrc wave=pink-noise samplesperbuffer=2205 ! "
                       "audio/x-raw,rate=44100,channels=2 ! "
                       "genreclassify model=\"%s\" window=1 min-window=0.5 ! "
                       "fakesink sync=false",
          GC_TEST_MODEL);
  GstElement *p = gst_parse_launch (desc, NULL);
  GstBus *bus = gst_element_get_bus (p);
  guint cycles = n_cycles (), windows = 0;
  gsize rss_warm = 0, rss_end;

  fail_unless (p != NULL);
  for (guint i = 0; i < cycles; i++) {
    GstMessage *msg;

    fail_unless (gst_element_set_state (p, GST_STATE_PLAYING)
        != GST_STATE_CHANGE_FAILURE);
    if (i % 4 != 3)
      fail_unless_equals_int (gst_element_get_state (p, NULL, NULL, 10 * S),
          GST_STATE_CHANGE_SUCCESS);
    if (i % 25 == 0) {
      /* let a window through */
      msg = gst_bus_timed_pop_filtered (bus, 10 * S, GST_MESSAGE_ELEMENT);
      fail_unless (msg != NULL, "no window within 10 s");
      gc_test_check_result (gst_message_get_structure (msg));
      gst_message_unref (msg);
      windows++;
    }
    fail_unless_equals_int (
        gst_element_set_state (p, GST_STATE_NULL), GST_STATE_CHANGE_SUCCESS);
    while ((msg = gst_bus_pop (bus))) {
      fail_if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR);
      if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ELEMENT) {
        gc_test_check_result (gst_message_get_structure (msg));
        windows++;
      }
      gst_message_unref (msg);
    }
    if (i + 1 == MIN (100, cycles / 2))
      rss_warm = hd_rss_bytes ();
  }
  rss_end = hd_rss_bytes ();
  GST_INFO ("%u cycles, %u windows, RSS %" G_GSIZE_FORMAT
            " -> %" G_GSIZE_FORMAT,
      cycles, windows, rss_warm, rss_end);
  /* a leaked model would be 150 KB a cycle (AddressSanitizer keeps freed
   * memory in quarantine, and valgrind has its own accounting: leaks are
   * theirs to find there) */
  if (!under_sanitizer () && !g_getenv ("HD_NO_RSS_CHECK"))
    fail_unless (rss_end < rss_warm + 4 * 1024 * 1024,
        "RSS grew from %" G_GSIZE_FORMAT " to %" G_GSIZE_FORMAT, rss_warm,
        rss_end);
  gst_object_unref (bus);
  gst_object_unref (p);
  g_free (desc);
}

GST_END_TEST;

/* ---- the model changed in READY while other instances run --------------- */

/* A copy of the demo bundle whose labels are renamed: the same SVM, so the
 * same probabilities under other names. */
static gchar *
renamed_model (const gchar *dir)
{
  gchar *ini = NULL, *svm = NULL, *path, *svm_path, *renamed;
  gchar *src_svm = g_build_filename (
      GC_SOURCE_ROOT, "models", "synthetic-demo", "model.svm", NULL);
  GRegex *re = g_regex_new ("^labels=.*$", G_REGEX_MULTILINE, 0, NULL);

  fail_unless (g_file_get_contents (GC_TEST_MODEL, &ini, NULL, NULL));
  fail_unless (g_file_get_contents (src_svm, &svm, NULL, NULL));
  renamed = g_regex_replace_literal (
      re, ini, -1, 0, "labels=TONES;NOISE;CLICKS;", 0, NULL);
  fail_if (strcmp (renamed, ini) == 0);
  path = g_build_filename (dir, "model.ini", NULL);
  svm_path = g_build_filename (dir, "model.svm", NULL);
  fail_unless (g_file_set_contents (path, renamed, -1, NULL));
  fail_unless (g_file_set_contents (svm_path, svm, -1, NULL));
  g_regex_unref (re);
  g_free (ini);
  g_free (svm);
  g_free (renamed);
  g_free (svm_path);
  g_free (src_svm);
  return path;
}

/* @b with its labels upper-cased must equal @a. */
static void
assert_same_renamed (GPtrArray *a, GPtrArray *b)
{
  fail_unless_equals_int (a->len, b->len);
  for (guint i = 0; i < a->len; i++) {
    const GstStructure *x = a->pdata[i], *y = b->pdata[i];
    guint n = gc_test_n_probs (x);

    fail_unless_equals_int (n, gc_test_n_probs (y));
    fail_unless_equals_uint64 (gc_test_get_uint64 (x, "timestamp"),
        gc_test_get_uint64 (y, "timestamp"));
    for (guint k = 0; k < n; k++) {
      gchar *upper = g_ascii_strup (gc_test_genre (x, k), -1);

      fail_unless_equals_string (upper, gc_test_genre (y, k));
      fail_unless (gc_test_prob (x, k) == gc_test_prob (y, k));
      g_free (upper);
    }
  }
}

typedef struct {
  const Input *input;
  GPtrArray *ref;
  volatile gint *stop;
  guint runs;
} Worker;

static gpointer
worker_thread (gpointer data)
{
  Worker *w = data;
  GstElement *p = make_pipeline (w->input, GC_TEST_MODEL);

  while (!g_atomic_int_get (w->stop) || w->runs < 2) {
    GPtrArray *r = run_pipeline (p, w->input);

    hd_assert_same_results (w->ref, r, 0.0);
    g_ptr_array_unref (r);
    w->runs++;
  }
  gst_element_set_state (p, GST_STATE_NULL);
  gst_object_unref (p);
  return NULL;
}

GST_START_TEST (test_model_change_in_ready)
{
  gchar *dir = g_dir_make_tmp ("gc-hardening-XXXXXX", NULL);
  gchar *model_b = renamed_model (dir);
  gchar *svm_b = g_build_filename (dir, "model.svm", NULL);
  Input in;
  GPtrArray *ref_a, *ref_b;
  Worker workers[4];
  GThread *threads[4];
  volatile gint stop = 0;
  GstElement *p, *gc;

  input_init (&in, GST_AUDIO_FORMAT_S16LE, 22050, 1, 5.0);
  ref_a = run_once (&in, GC_TEST_MODEL);
  ref_b = run_once (&in, model_b);
  fail_unless_equals_int (ref_a->len, 4);
  assert_same_renamed (ref_a, ref_b);

  for (guint i = 0; i < 4; i++) {
    workers[i].input = &in;
    workers[i].ref = ref_a;
    workers[i].stop = &stop;
    workers[i].runs = 0;
    threads[i] = g_thread_new ("worker", worker_thread, &workers[i]);
  }

  p = make_pipeline (&in, GC_TEST_MODEL);
  gc = gst_bin_get_by_name (GST_BIN (p), "gc");
  for (guint i = 0; i < 24; i++) {
    gboolean use_b = i % 2 == 1;
    GPtrArray *r;

    fail_unless_equals_int (
        gst_element_set_state (p, GST_STATE_READY), GST_STATE_CHANGE_SUCCESS);
    g_object_set (gc, "model", use_b ? model_b : GC_TEST_MODEL, NULL);
    r = run_pipeline (p, &in);
    hd_assert_same_results (use_b ? ref_b : ref_a, r, 0.0);
    g_ptr_array_unref (r);
  }
  /* set while PLAYING: the running stream keeps its model */
  {
    GstElement *src = gst_bin_get_by_name (GST_BIN (p), "src");
    GPtrArray *r;

    g_object_set (gc, "model", GC_TEST_MODEL, NULL);
    fail_unless (gst_element_set_state (p, GST_STATE_PLAYING)
        != GST_STATE_CHANGE_FAILURE);
    g_object_set (gc, "model", model_b, NULL);
    for (guint i = 0; i < in.buffers->len; i++) {
      if (i == in.buffers->len / 2)
        g_object_set (gc, "model", "/nonexistent/model.ini", NULL);
      fail_unless_equals_int (gst_app_src_push_buffer (GST_APP_SRC (src),
                                  gst_buffer_ref (in.buffers->pdata[i])),
          GST_FLOW_OK);
    }
    fail_unless_equals_int (
        gst_app_src_end_of_stream (GST_APP_SRC (src)), GST_FLOW_OK);
    r = hd_play_until_eos (p);
    hd_assert_same_results (ref_a, r, 0.0);
    g_ptr_array_unref (r);
    gst_object_unref (src);
  }
  /* the bundle disappears: the next start fails cleanly, the one after
   * with a good model works again */
  fail_unless_equals_int (
      gst_element_set_state (p, GST_STATE_READY), GST_STATE_CHANGE_SUCCESS);
  g_object_set (gc, "model", model_b, NULL);
  g_unlink (model_b);
  g_unlink (svm_b);
  fail_unless_equals_int (
      gst_element_set_state (p, GST_STATE_PAUSED), GST_STATE_CHANGE_FAILURE);
  {
    GstBus *bus = gst_element_get_bus (p);

    gst_bus_set_flushing (bus, TRUE);
    gst_bus_set_flushing (bus, FALSE);
    gst_object_unref (bus);
  }
  fail_unless_equals_int (
      gst_element_set_state (p, GST_STATE_READY), GST_STATE_CHANGE_SUCCESS);
  g_object_set (gc, "model", GC_TEST_MODEL, NULL);
  {
    GPtrArray *r = run_pipeline (p, &in);

    hd_assert_same_results (ref_a, r, 0.0);
    g_ptr_array_unref (r);
  }

  g_atomic_int_set (&stop, 1);
  for (guint i = 0; i < 4; i++) {
    g_thread_join (threads[i]);
    fail_unless (workers[i].runs >= 2);
  }
  gst_element_set_state (p, GST_STATE_NULL);
  gst_object_unref (gc);
  gst_object_unref (p);
  g_ptr_array_unref (ref_a);
  g_ptr_array_unref (ref_b);
  input_clear (&in);
  g_rmdir (dir);
  g_free (svm_b);
  g_free (model_b);
  g_free (dir);
}

GST_END_TEST;

static Suite *
lifecycle_suite (void)
{
  Suite *s = suite_create ("hardening-lifecycle");
  TCase *tc = tcase_create ("general");

  tcase_set_timeout (tc, 600);
  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_parallel_pipelines);
  tcase_add_test (tc, test_state_cycles);
  tcase_add_test (tc, test_model_change_in_ready);
  return s;
}

int
main (int argc, char **argv)
{
  gc_test_init (&argc, &argv);
  return gc_test_run (lifecycle_suite (), "hardening-lifecycle");
}
