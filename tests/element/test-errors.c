/* genreclassify — element tests: model loading errors, settings
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib/gstdio.h>
#include <string.h>

#include "gc-check-util.h"
#include "gc-test-data.h"

/* docs/model-format.md */
#define MODEL_GROUP "model"
#define MODEL_DIMENSION_KEY "dimension"
#define MODEL_FEATURE_SET_KEY "feature-set"
#define MODEL_SVM_FILE_KEY "svm-file"

static void
expect_error (const gchar *model, const gchar *props, GQuark domain, gint code,
    const gchar *must_contain)
{
  GError *err = NULL;
  gchar *debug = NULL;

  fail_unless_equals_int (
      gc_test_try_start (model, props, &err, &debug), GST_STATE_CHANGE_FAILURE);
  fail_unless (err != NULL);
  GST_INFO ("error: %s (%s)", err->message, GST_STR_NULL (debug));
  fail_unless (
      err->domain == domain, "domain %s", g_quark_to_string (err->domain));
  if (code >= 0)
    fail_unless_equals_int (err->code, code);
  fail_unless (strstr (err->message, must_contain) != NULL,
      "\"%s\" does not name \"%s\"", err->message, must_contain);
  g_error_free (err);
  g_free (debug);
}

GST_START_TEST (test_good_model_starts)
{
  fail_unless (gc_test_try_start (GC_TEST_MODEL, NULL, NULL, NULL)
      != GST_STATE_CHANGE_FAILURE);
}

GST_END_TEST;

GST_START_TEST (test_missing_model)
{
  const gchar *path = "/nonexistent/genreclassify/no-such-model.ini";

  expect_error (
      path, NULL, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NOT_FOUND, path);
}

GST_END_TEST;

static gchar *
write_temp (const gchar *dir, const gchar *name, const gchar *contents)
{
  gchar *path = g_build_filename (dir, name, NULL);

  fail_unless (g_file_set_contents (path, contents, -1, NULL));
  return path;
}

GST_START_TEST (test_garbage_model)
{
  gchar *dir = g_dir_make_tmp ("gc-element-XXXXXX", NULL);
  gchar *path = write_temp (
      dir, "model.ini", "\x01\x02 this is not a key file [[[\n= = =\n");

  expect_error (
      path, NULL, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_FAILED, path);
  g_free (path);

  /* an empty file */
  path = write_temp (dir, "empty.ini", "");
  expect_error (
      path, NULL, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_FAILED, path);
  g_free (path);

  gc_test_remove_tree (dir);
  g_free (dir);
}

GST_END_TEST;

/* Copies the shipped bundle with one key changed. */
static gchar *
altered_model (
    const gchar *dir, const gchar *group, const gchar *key, const gchar *value)
{
  GKeyFile *kf = g_key_file_new ();
  gchar *src_dir = g_path_get_dirname (GC_TEST_MODEL);
  gchar **groups, **keys;
  gchar *data, *path;
  guint g, k;

  fail_unless (g_key_file_load_from_file (
      kf, GC_TEST_MODEL, G_KEY_FILE_KEEP_COMMENTS, NULL));
  /* make relative file names absolute, so the copy finds them */
  groups = g_key_file_get_groups (kf, NULL);
  for (g = 0; groups[g]; g++) {
    keys = g_key_file_get_keys (kf, groups[g], NULL, NULL);
    for (k = 0; keys && keys[k]; k++) {
      gchar *v = g_key_file_get_string (kf, groups[g], keys[k], NULL);
      gchar *candidate;

      if (v && !g_path_is_absolute (v) && strchr (v, ';') == NULL
          && strlen (v) > 0) {
        candidate = g_build_filename (src_dir, v, NULL);
        if (g_file_test (candidate, G_FILE_TEST_IS_REGULAR))
          g_key_file_set_string (kf, groups[g], keys[k], candidate);
        g_free (candidate);
      }
      g_free (v);
    }
    g_strfreev (keys);
  }
  g_strfreev (groups);

  fail_unless (g_key_file_has_key (kf, group, key, NULL),
      "the model has no key %s/%s", group, key);
  g_key_file_set_string (kf, group, key, value);
  data = g_key_file_to_data (kf, NULL, NULL);
  path = write_temp (dir, "model.ini", data);
  g_free (data);
  g_free (src_dir);
  g_key_file_free (kf);
  return path;
}

GST_START_TEST (test_wrong_dimension_model)
{
  gchar *dir = g_dir_make_tmp ("gc-element-XXXXXX", NULL);
  gchar *path;

  path = altered_model (dir, MODEL_GROUP, MODEL_DIMENSION_KEY, "211");
  expect_error (
      path, NULL, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_FAILED, path);
  g_free (path);

  path = altered_model (dir, MODEL_GROUP, MODEL_FEATURE_SET_KEY, "seed-999");
  expect_error (
      path, NULL, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_FAILED, path);
  g_free (path);

  /* the libsvm file of the bundle is missing */
  path = altered_model (dir, MODEL_GROUP, MODEL_SVM_FILE_KEY,
      "/nonexistent/genreclassify/model.svm");
  expect_error (
      path, NULL, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NOT_FOUND, path);
  g_free (path);

  gc_test_remove_tree (dir);
  g_free (dir);
}

GST_END_TEST;

GST_START_TEST (test_hop_longer_than_window)
{
  expect_error (GC_TEST_MODEL, "hop=40", GST_LIBRARY_ERROR,
      GST_LIBRARY_ERROR_SETTINGS, "and the window (30 s), not 40");
  fail_unless (gc_test_try_start (GC_TEST_MODEL, "hop=30", NULL, NULL)
      != GST_STATE_CHANGE_FAILURE);
}

GST_END_TEST;

/* Without the model property: $GENRECLASSIFY_MODEL, read at start. */
GST_START_TEST (test_default_model_from_environment)
{
  const gchar *missing = "/nonexistent/from-environment/model.ini";

  g_setenv ("GENRECLASSIFY_MODEL", missing, TRUE);
  expect_error (
      NULL, NULL, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NOT_FOUND, missing);
  /* an empty model property means the default too */
  expect_error (
      "", NULL, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NOT_FOUND, missing);
  g_setenv ("GENRECLASSIFY_MODEL", GC_TEST_MODEL, TRUE);
  fail_unless (
      gc_test_try_start (NULL, NULL, NULL, NULL) != GST_STATE_CHANGE_FAILURE);
  g_unsetenv ("GENRECLASSIFY_MODEL");
}

GST_END_TEST;

/* Properties: defaults and ranges as documented. */
GST_START_TEST (test_properties)
{
  GstElement *e = gst_element_factory_make ("genreclassify", NULL);
  gdouble window, hop, min_window;
  gboolean post, tags;
  gchar *model;

  g_object_get (e, "window", &window, "hop", &hop, "min-window", &min_window,
      "post-messages", &post, "emit-tags", &tags, "model", &model, NULL);
  fail_unless (window == 30.0 && hop == 0.0 && min_window == 5.0);
  fail_unless (post && tags);
  fail_unless (model == NULL);
  g_object_set (e, "model", "/x/y.ini", "window", 10.0, NULL);
  g_object_get (e, "model", &model, "window", &window, NULL);
  fail_unless_equals_string (model, "/x/y.ini");
  fail_unless (window == 10.0);
  g_free (model);
  fail_unless_equals_string (
      gst_element_class_get_metadata (
          GST_ELEMENT_GET_CLASS (e), GST_ELEMENT_METADATA_KLASS),
      "Filter/Analyzer/Audio");
  fail_unless (gst_tag_exists ("genre-distribution"));
  fail_unless (gst_tag_get_type ("genre-distribution") == G_TYPE_STRING);
  gst_object_unref (e);
}

GST_END_TEST;

static Suite *
errors_suite (void)
{
  Suite *s = suite_create ("genreclassify-errors");
  TCase *tc = tcase_create ("general");

  tcase_set_timeout (tc, 300);
  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_properties);
  tcase_add_test (tc, test_good_model_starts);
  tcase_add_test (tc, test_missing_model);
  tcase_add_test (tc, test_garbage_model);
  tcase_add_test (tc, test_wrong_dimension_model);
  tcase_add_test (tc, test_hop_longer_than_window);
  tcase_add_test (tc, test_default_model_from_environment);
  return s;
}

int
main (int argc, char **argv)
{
  gc_test_init (&argc, &argv);
  return gc_test_run (errors_suite (), "genreclassify-errors");
}
