/* genreclassify — hardening: broken model bundles at the element
 * (docs/hardening.md)
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Every bundle of the fuzz seed corpus (tests/fuzz/corpus: truncated,
 * wrong-dimension, NaN-filled, label-mismatched, ...) and oversized files:
 * the element refuses to start with a GST_RESOURCE_ERROR that names the
 * file, or starts and classifies for the valid ones.
 */
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "fuzz-model.h"
#include <gst/app/gstappsrc.h>

#include "hd-util.h"
#include "gc-test-data.h"

#define CORPUS GC_SOURCE_ROOT "/tests/fuzz/corpus"

/* Writes the bundle of a fuzz input into @dir; returns the key-file's
 * path. */
static gchar *
write_bundle (const gchar *dir, const gchar *data, gsize len)
{
  const gchar *cut = g_strstr_len (data, len, GC_FUZZ_SEPARATOR);
  gchar *ini = g_build_filename (dir, "model.ini", NULL);
  gchar *svm = g_build_filename (dir, "model.svm", NULL);
  gsize ini_len = cut ? (gsize)(cut - data) : len;

  fail_unless (g_file_set_contents (ini, data, ini_len, NULL));
  if (cut) {
    const gchar *s = cut + strlen (GC_FUZZ_SEPARATOR);

    fail_unless (g_file_set_contents (svm, s, len - (s - data), NULL));
  }
  g_free (svm);
  return ini;
}

/* Plays 2 s of music through an element with @model: returns the ERROR of
 * a failed start (NULL if it started and classified). */
static GError *
try_model (const gchar *model)
{
  gchar *desc = g_strdup_printf (
      "appsrc name=src format=time ! genreclassify model=\"%s\" window=1 "
      "min-window=1 ! fakesink sync=false",
      model);
  GstElement *p = gst_parse_launch (desc, NULL);
  GstBus *bus = gst_element_get_bus (p);
  GError *err = NULL;
  GstMessage *msg;

  fail_unless (p != NULL);
  if (gst_element_set_state (p, GST_STATE_PAUSED) == GST_STATE_CHANGE_FAILURE) {
    msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
    fail_unless (msg != NULL, "a failed start must post an ERROR");
    gst_message_parse_error (msg, &err, NULL);
    gst_message_unref (msg);
  } else {
    GstElement *src = gst_bin_get_by_name (GST_BIN (p), "src");
    GstCaps *caps = gst_caps_from_string ("audio/x-raw, format=S16LE, "
                                          "rate=22050, channels=1, "
                                          "layout=interleaved");
    GPtrArray *r;

    g_object_set (src, "caps", caps, NULL);
    gst_caps_unref (caps);
    for (guint i = 0; i < 20; i++) {
      GstBuffer *buf = gc_test_make_buffer (GST_AUDIO_FORMAT_S16LE, 22050, 1,
          i * 2205, 2205, GC_SIGNAL_MUSIC, NULL);

      GST_BUFFER_PTS (buf) = i * GST_SECOND / 10;
      fail_unless_equals_int (
          gst_app_src_push_buffer (GST_APP_SRC (src), buf), GST_FLOW_OK);
    }
    gst_app_src_end_of_stream (GST_APP_SRC (src));
    fail_unless (gst_element_set_state (p, GST_STATE_PLAYING)
        != GST_STATE_CHANGE_FAILURE);
    r = hd_play_until_eos (p);
    fail_unless_equals_int (r->len, 3);
    fail_unless (gc_test_n_probs (r->pdata[0]) >= 2);
    g_ptr_array_unref (r);
    gst_object_unref (src);
  }
  gst_element_set_state (p, GST_STATE_NULL);
  gst_object_unref (bus);
  gst_object_unref (p);
  g_free (desc);
  return err;
}

GST_START_TEST (test_corpus_bundles)
{
  GDir *corpus = g_dir_open (CORPUS, 0, NULL);
  const gchar *name;
  guint n_valid = 0, n_bad = 0;

  fail_unless (corpus != NULL);
  while ((name = g_dir_read_name (corpus))) {
    gchar *dir = g_dir_make_tmp ("gc-hardening-XXXXXX", NULL);
    gchar *path = g_build_filename (CORPUS, name, NULL);
    gboolean valid =
        g_str_has_prefix (name, "valid-") || g_str_has_prefix (name, "demo-");
    gchar *data, *ini;
    gsize len;
    GError *err;

    fail_unless (g_file_get_contents (path, &data, &len, NULL));
    ini = write_bundle (dir, data, len);
    err = try_model (ini);
    if (valid) {
      fail_unless (err == NULL, "%s: %s", name, err ? err->message : "");
      n_valid++;
    } else {
      fail_unless (err != NULL, "%s was accepted", name);
      GST_INFO ("%s: %s", name, err->message);
      fail_unless (err->domain == GST_RESOURCE_ERROR, "%s: %s", name,
          g_quark_to_string (err->domain));
      fail_unless (strstr (err->message, ini) != NULL,
          "%s: \"%s\" does not name the file", name, err->message);
      g_error_free (err);
      n_bad++;
    }
    gc_test_remove_tree (dir);
    g_free (dir);
    g_free (ini);
    g_free (data);
    g_free (path);
  }
  g_dir_close (corpus);
  fail_unless (n_valid >= 5 && n_bad >= 20);
}

GST_END_TEST;

/* A key-file over 1 MiB, a libsvm file over 256 MiB (sparse: nothing is
 * written, and nothing is read either, the size is checked first). */
GST_START_TEST (test_oversized_bundles)
{
  gchar *dir = g_dir_make_tmp ("gc-hardening-XXXXXX", NULL);
  gchar *data, *ini, *svm;
  gsize len;
  GError *err;
  int fd;

  fail_unless (g_file_get_contents (CORPUS "/valid-small", &data, &len, NULL));
  ini = write_bundle (dir, data, len);
  svm = g_build_filename (dir, "model.svm", NULL);

  fd = g_open (svm, O_WRONLY | O_TRUNC, 0644);
  fail_unless (fd >= 0);
  fail_unless (ftruncate (fd, (off_t)257 * 1024 * 1024) == 0);
  close (fd);
  err = try_model (ini);
  fail_unless (err != NULL);
  fail_unless (strstr (err->message, "too large") != NULL, "%s", err->message);
  g_clear_error (&err);

  fd = g_open (ini, O_WRONLY | O_APPEND, 0644);
  fail_unless (fd >= 0);
  fail_unless (ftruncate (fd, 1024 * 1024 + 1) == 0);
  close (fd);
  err = try_model (ini);
  fail_unless (err != NULL);
  fail_unless (strstr (err->message, "too large") != NULL, "%s", err->message);
  g_clear_error (&err);

  gc_test_remove_tree (dir);
  g_free (dir);
  g_free (svm);
  g_free (ini);
  g_free (data);
}

GST_END_TEST;

static Suite *
models_suite (void)
{
  Suite *s = suite_create ("hardening-models");
  TCase *tc = tcase_create ("general");

  tcase_set_timeout (tc, 300);
  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_corpus_bundles);
  tcase_add_test (tc, test_oversized_bundles);
  return s;
}

int
main (int argc, char **argv)
{
  gc_test_init (&argc, &argv);
  return gc_test_run (models_suite (), "hardening-models");
}
