/* genreclassify — model bundle I/O: finding, loading and saving bundles
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The bundle format and its validation rules are in docs/model-format.md.
 * This file reads and checks the key-file and writes the bundle; the libsvm
 * model file is read and written by gc-libsvm.c (which explains why not by
 * libsvm itself).
 */
#include "config.h"

#include "gc-model.h"
#include "gc-analyser.h"
#include "gc-libsvm.h"
#include "gc-model-private.h"
#include "gc-number.h"

#include <errno.h>
#include <math.h>
#include <string.h>

#include <glib/gstdio.h>

/* Bounds on what the loader reads into memory. */
#define MAX_KEYFILE_BYTES (1 << 20)
#define MAX_SVM_BYTES (256 * 1024 * 1024)

/* ---- the default bundle ------------------------------------------------ */

char *
gc_model_default_path (const char *build_root, char **also_tried)
{
  const char *env = g_getenv ("GENRECLASSIFY_MODEL");
  char *in_build;

  if (also_tried)
    *also_tried = NULL;
  if (env && *env)
    return g_strdup (env);
  if (build_root == NULL || g_file_test (GC_DEFAULT_MODEL, G_FILE_TEST_EXISTS))
    return g_strdup (GC_DEFAULT_MODEL);
  in_build = g_build_filename (
      build_root, "models", GC_DEFAULT_MODEL_NAME, "model.ini", NULL);
  if (g_file_test (in_build, G_FILE_TEST_EXISTS)) {
    if (also_tried)
      *also_tried = g_strdup (GC_DEFAULT_MODEL);
    return in_build;
  }
  if (also_tried)
    *also_tried = in_build;
  else
    g_free (in_build);
  return g_strdup (GC_DEFAULT_MODEL);
}

/* ---- helpers ----------------------------------------------------------- */

static guint
feature_set_dimension (const char *name)
{
  GcFeatureSet set;

  return gc_feature_set_from_name (name, &set) ? gc_feature_set_dimension (set)
                                               : 0;
}

/* Reads a whole regular file of at most @max_bytes. */
static gboolean
read_file (const char *path, gsize max_bytes, char **contents, gsize *length,
    GError **error)
{
  GStatBuf st;
  GError *err = NULL;

  *contents = NULL;
  if (g_stat (path, &st) != 0) {
    int e = errno;
    gc_model_set_error (error, GC_MODEL_ERROR_NOT_FOUND, path,
        "cannot read: %s", g_strerror (e));
    return FALSE;
  }
  if (!S_ISREG (st.st_mode)) {
    gc_model_set_error (error, GC_MODEL_ERROR_NOT_FOUND, path,
        "cannot read: not a regular file");
    return FALSE;
  }
  if ((guint64)st.st_size > max_bytes) {
    gc_model_set_error (error, GC_MODEL_ERROR_PARSE, path,
        "file is too large (%" G_GUINT64_FORMAT
        " bytes, at most %" G_GSIZE_FORMAT ")",
        (guint64)st.st_size, max_bytes);
    return FALSE;
  }
  if (!g_file_get_contents (path, contents, length, &err)) {
    gc_model_set_error (
        error, GC_MODEL_ERROR_NOT_FOUND, path, "cannot read: %s", err->message);
    g_error_free (err);
    return FALSE;
  }
  if (*length > max_bytes) {
    gc_model_set_error (error, GC_MODEL_ERROR_PARSE, path, "file is too large");
    g_clear_pointer (contents, g_free);
    return FALSE;
  }
  if (memchr (*contents, '\0', *length) != NULL) {
    gc_model_set_error (error, GC_MODEL_ERROR_PARSE, path,
        "contains NUL bytes: not a text file");
    g_clear_pointer (contents, g_free);
    return FALSE;
  }
  return TRUE;
}

/* ---- key-file ---------------------------------------------------------- */

/* Turns a GKeyFile lookup error into a GC_MODEL_ERROR. */
static void
key_error (GError **error, const char *path, const char *group, const char *key,
    const char *type, GError *err)
{
  if (g_error_matches (err, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_GROUP_NOT_FOUND)
      || g_error_matches (
          err, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_KEY_NOT_FOUND))
    gc_model_set_error (
        error, GC_MODEL_ERROR_PARSE, path, "missing key [%s] %s", group, key);
  else
    gc_model_set_error (error, GC_MODEL_ERROR_PARSE, path,
        "[%s] %s is not %s (%s)", group, key, type, err->message);
  g_error_free (err);
}

static gboolean
get_int (GKeyFile *kf, const char *path, const char *group, const char *key,
    gboolean optional, int *value, GError **error)
{
  GError *err = NULL;

  if (optional && !g_key_file_has_key (kf, group, key, NULL))
    return TRUE;
  *value = g_key_file_get_integer (kf, group, key, &err);
  if (err) {
    key_error (error, path, group, key, "an integer", err);
    return FALSE;
  }
  return TRUE;
}

static char *
get_string (GKeyFile *kf, const char *path, const char *group, const char *key,
    gboolean optional, GError **error)
{
  GError *err = NULL;
  char *s;

  if (optional && !g_key_file_has_key (kf, group, key, NULL))
    return NULL;
  s = g_key_file_get_string (kf, group, key, &err);
  if (err) {
    /* GLib returns what it could unescape together with the error (an
     * invalid escape such as "\;"): the value is refused. */
    key_error (error, path, group, key, "a string", err);
    g_clear_pointer (&s, g_free);
  }
  return s;
}

static double *
get_doubles (GKeyFile *kf, const char *path, const char *key, guint dimension,
    GError **error)
{
  GError *err = NULL;
  gsize n = 0;
  double *list =
      g_key_file_get_double_list (kf, "standardisation", key, &n, &err);

  if (err) {
    key_error (error, path, "standardisation", key, "a list of numbers", err);
    return NULL;
  }
  if (n != dimension) {
    gc_model_set_error (error, GC_MODEL_ERROR_INCONSISTENT, path,
        "[standardisation] %s has %" G_GSIZE_FORMAT
        " values, the dimension is %u",
        key, n, dimension);
    g_free (list);
    return NULL;
  }
  return list;
}

/* [calibration] window-seconds, temperature, weight: lists of one length. */
static gboolean
parse_calibration (GcModel *m, GKeyFile *kf, const char *path, GError **error)
{
  static const char *const keys[3] = { "window-seconds", "temperature",
    "weight" };
  double *lists[3] = { NULL, NULL, NULL };
  gsize n[3] = { 0, 0, 0 };
  char *why = NULL;
  gboolean ok = FALSE;

  for (guint k = 0; k < 3; k++) {
    GError *err = NULL;

    lists[k] =
        g_key_file_get_double_list (kf, "calibration", keys[k], &n[k], &err);
    if (err) {
      key_error (error, path, "calibration", keys[k], "a list of numbers", err);
      goto out;
    }
  }
  if (n[1] != n[0] || n[2] != n[0]) {
    gc_model_set_error (error, GC_MODEL_ERROR_INCONSISTENT, path,
        "[calibration] window-seconds, temperature and weight have "
        "%" G_GSIZE_FORMAT ", %" G_GSIZE_FORMAT " and %" G_GSIZE_FORMAT
        " values: they must have as many",
        n[0], n[1], n[2]);
    goto out;
  }
  if (!gc_model_check_calibration (
          (guint)MIN (n[0], G_MAXUINT), lists[0], lists[1], lists[2], &why)) {
    gc_model_set_error (
        error, GC_MODEL_ERROR_INCONSISTENT, path, "[calibration] %s", why);
    goto out;
  }
  m->n_calibration = (guint)n[0];
  m->calibration_seconds = lists[0];
  m->calibration_temperature = lists[1];
  m->calibration_weight = lists[2];
  lists[0] = lists[1] = lists[2] = NULL;
  ok = TRUE;

out:
  g_free (why);
  for (guint k = 0; k < 3; k++)
    g_free (lists[k]);
  return ok;
}

/* Reads and checks the key-file; fills everything but the libsvm model and
 * returns the absolute path of the libsvm file. */
static char *
parse_keyfile (GcModel *m, const char *path, GError **error)
{
  GKeyFile *kf = g_key_file_new ();
  GError *err = NULL;
  char *text = NULL, *svm_file = NULL, *svm_path = NULL, *why = NULL;
  gsize len;
  int version, dimension, rate = GC_ANALYSIS_RATE;

  if (!read_file (path, MAX_KEYFILE_BYTES, &text, &len, error))
    goto out;
  if (!g_key_file_load_from_data (kf, text, len, G_KEY_FILE_NONE, &err)) {
    gc_model_set_error (
        error, GC_MODEL_ERROR_PARSE, path, "not a key-file: %s", err->message);
    g_error_free (err);
    goto out;
  }

  if (!get_int (kf, path, "model", "format-version", FALSE, &version, error))
    goto out;
  if (version != GC_MODEL_FORMAT_VERSION) {
    gc_model_set_error (error, GC_MODEL_ERROR_INCONSISTENT, path,
        "unknown format-version %d (this build reads version %d)", version,
        GC_MODEL_FORMAT_VERSION);
    goto out;
  }

  m->feature_set = get_string (kf, path, "model", "feature-set", FALSE, error);
  if (m->feature_set == NULL)
    goto out;
  m->dimension = feature_set_dimension (m->feature_set);
  if (m->dimension == 0) {
    char *e = gc_model_excerpt (m->feature_set);
    gc_model_set_error (error, GC_MODEL_ERROR_INCONSISTENT, path,
        "unknown feature-set %s (this build knows %s)", e,
        gc_feature_set_known_names ());
    g_free (e);
    goto out;
  }
  if (!get_int (kf, path, "model", "dimension", FALSE, &dimension, error))
    goto out;
  if (dimension < 0 || (guint)dimension != m->dimension) {
    gc_model_set_error (error, GC_MODEL_ERROR_INCONSISTENT, path,
        "dimension is %d, feature-set %s has dimension %u", dimension,
        m->feature_set, m->dimension);
    goto out;
  }

  m->labels = g_key_file_get_string_list (kf, "model", "labels", &len, &err);
  if (err) {
    key_error (error, path, "model", "labels", "a list of strings", err);
    goto out;
  }
  m->n_labels = len > G_MAXUINT ? G_MAXUINT : (guint)len;
  if (!gc_model_check_labels (
          (const char *const *)m->labels, m->n_labels, &why)) {
    gc_model_set_error (
        error, GC_MODEL_ERROR_INCONSISTENT, path, "[model] labels: %s", why);
    goto out;
  }
  /* optional; the labels' rules, one name per label */
  if (g_key_file_has_key (kf, "model", "display-names", NULL)) {
    m->display_names =
        g_key_file_get_string_list (kf, "model", "display-names", &len, &err);
    if (err) {
      key_error (
          error, path, "model", "display-names", "a list of strings", err);
      goto out;
    }
    if (len != m->n_labels) {
      gc_model_set_error (error, GC_MODEL_ERROR_INCONSISTENT, path,
          "[model] display-names has %" G_GSIZE_FORMAT " names for %u labels",
          len, m->n_labels);
      goto out;
    }
    if (!gc_model_check_labels (
            (const char *const *)m->display_names, m->n_labels, &why)) {
      gc_model_set_error (error, GC_MODEL_ERROR_INCONSISTENT, path,
          "[model] display-names: %s", why);
      goto out;
    }
  }

  svm_file = get_string (kf, path, "model", "svm-file", FALSE, error);
  if (svm_file == NULL)
    goto out;
  if (*svm_file == '\0') {
    gc_model_set_error (
        error, GC_MODEL_ERROR_INCONSISTENT, path, "[model] svm-file is empty");
    goto out;
  }

  if (!get_int (kf, path, "model", "analysis-rate", TRUE, &rate, error))
    goto out;
  if (rate != GC_ANALYSIS_RATE) {
    gc_model_set_error (error, GC_MODEL_ERROR_INCONSISTENT, path,
        "analysis-rate is %d, the features are computed at %d Hz", rate,
        GC_ANALYSIS_RATE);
    goto out;
  }
  if (g_key_file_has_key (kf, "model", "window-seconds", NULL)) {
    m->window_seconds =
        g_key_file_get_double (kf, "model", "window-seconds", &err);
    if (err) {
      key_error (error, path, "model", "window-seconds", "a number", err);
      goto out;
    }
    if (!isfinite (m->window_seconds) || !(m->window_seconds > 0.0)) {
      gc_model_set_error (error, GC_MODEL_ERROR_INCONSISTENT, path,
          "window-seconds must be a positive number");
      goto out;
    }
  }
  if (g_key_file_has_key (kf, "model", "demonstration", NULL)) {
    m->demonstration =
        g_key_file_get_boolean (kf, "model", "demonstration", &err);
    if (err) {
      key_error (error, path, "model", "demonstration", "true or false", err);
      goto out;
    }
  }
  m->description = get_string (kf, path, "model", "description", TRUE, &err);
  if (err == NULL)
    m->trained_by = get_string (kf, path, "model", "trained-by", TRUE, &err);
  if (err) {
    g_propagate_error (error, err);
    goto out;
  }

  if (g_key_file_has_key (kf, "model", "svm-sha256", NULL)) {
    m->svm_sha256 = get_string (kf, path, "model", "svm-sha256", FALSE, error);
    if (m->svm_sha256 == NULL)
      goto out;
    if (strlen (m->svm_sha256) != 64
        || strspn (m->svm_sha256, "0123456789abcdef") != 64) {
      gc_model_set_error (error, GC_MODEL_ERROR_INCONSISTENT, path,
          "svm-sha256 must be 64 lower-case hexadecimal digits");
      goto out;
    }
  }
  if (g_key_file_has_group (kf, "calibration")
      && !parse_calibration (m, kf, path, error))
    goto out;

  m->mean = get_doubles (kf, path, "mean", m->dimension, error);
  if (m->mean == NULL)
    goto out;
  m->scale = get_doubles (kf, path, "scale", m->dimension, error);
  if (m->scale == NULL)
    goto out;
  for (guint i = 0; i < m->dimension; i++) {
    if (!isfinite (m->mean[i])) {
      gc_model_set_error (error, GC_MODEL_ERROR_INCONSISTENT, path,
          "[standardisation] mean value %u is not finite", i + 1);
      goto out;
    }
    if (!isfinite (m->scale[i]) || !(m->scale[i] > 0.0)) {
      gc_model_set_error (error, GC_MODEL_ERROR_INCONSISTENT, path,
          "[standardisation] scale value %u is %g: it must be finite and > 0",
          i + 1, m->scale[i]);
      goto out;
    }
  }

  if (g_path_is_absolute (svm_file)) {
    svm_path = g_strdup (svm_file);
  } else {
    char *dir = g_path_get_dirname (path);
    svm_path = g_build_filename (dir, svm_file, NULL);
    g_free (dir);
  }

out:
  g_free (why);
  g_free (svm_file);
  g_free (text);
  g_key_file_free (kf);
  return svm_path;
}

GcModel *
gc_model_load (const char *path, GError **error)
{
  GcModel *m;
  char *svm_path, *text = NULL;
  gsize len;
  gboolean ok;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  m = gc_model_new_empty ();
  svm_path = parse_keyfile (m, path, error);
  if (svm_path == NULL) {
    gc_model_free (m);
    return NULL;
  }
  ok = read_file (svm_path, MAX_SVM_BYTES, &text, &len, error);
  if (ok && m->svm_sha256) {
    char *sum = g_compute_checksum_for_data (
        G_CHECKSUM_SHA256, (const guchar *)text, len);

    if (strcmp (sum, m->svm_sha256) != 0) {
      gc_model_set_error (error, GC_MODEL_ERROR_INCONSISTENT, path,
          "the libsvm file %s is not the one this key-file was written with "
          "(SHA-256 %s, the key-file says %s): one of the two was replaced",
          svm_path, sum, m->svm_sha256);
      ok = FALSE;
    }
    g_free (sum);
  }
  ok = ok
      && gc_libsvm_parse (
          &m->svm, svm_path, text, m->n_labels, m->dimension, error);
  g_free (text);
  g_free (svm_path);
  if (!ok) {
    gc_model_free (m);
    return NULL;
  }
  return m;
}

/* ---- saving ------------------------------------------------------------ */

static void
set_double_list (
    GKeyFile *kf, const char *group, const char *key, const double *v, guint n)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < n; i++) {
    if (i > 0)
      g_string_append_c (s, ';');
    gc_number_append (s, v[i]);
  }
  g_key_file_set_value (kf, group, key, s->str);
  g_string_free (s, TRUE);
}

gboolean
gc_model_save (const GcModel *m, const char *path, GError **error)
{
  GKeyFile *kf;
  char *base, *dir, *svm_name, *svm_path, *text, *svm_tmp, *ini_tmp, *sha256;
  gboolean ok;

  g_return_val_if_fail (m != NULL && path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  base = g_path_get_basename (path);
  if (g_str_has_suffix (base, ".ini"))
    base[strlen (base) - 4] = '\0';
  svm_name = g_strconcat (base, ".svm", NULL);
  dir = g_path_get_dirname (path);
  svm_path = g_build_filename (dir, svm_name, NULL);

  /* Both files under temporary names first, so that a failure leaves the
   * old bundle as it was. */
  svm_tmp = g_strconcat (svm_path, ".tmp", NULL);
  ini_tmp = g_strconcat (path, ".tmp", NULL);
  text = gc_libsvm_to_text (&m->svm);
  sha256 = g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);
  ok = g_file_set_contents (svm_tmp, text, -1, error);
  g_free (text);
  if (!ok)
    g_prefix_error (error, "%s: ", svm_path);

  kf = g_key_file_new ();
  if (ok) {
    g_key_file_set_integer (
        kf, "model", "format-version", GC_MODEL_FORMAT_VERSION);
    g_key_file_set_comment (kf, "model", NULL,
        " genreclassify model bundle, see docs/model-format.md", NULL);
    g_key_file_set_string (kf, "model", "feature-set", m->feature_set);
    g_key_file_set_integer (kf, "model", "dimension", (int)m->dimension);
    g_key_file_set_string_list (
        kf, "model", "labels", (const char *const *)m->labels, m->n_labels);
    if (m->display_names)
      g_key_file_set_string_list (kf, "model", "display-names",
          (const char *const *)m->display_names, m->n_labels);
    g_key_file_set_string (kf, "model", "svm-file", svm_name);
    g_key_file_set_string (kf, "model", "svm-sha256", sha256);
    g_key_file_set_integer (kf, "model", "analysis-rate", GC_ANALYSIS_RATE);
    if (m->window_seconds > 0.0) {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];
      g_key_file_set_value (kf, "model", "window-seconds",
          g_ascii_formatd (buf, sizeof buf, "%.17g", m->window_seconds));
    }
    if (m->demonstration)
      g_key_file_set_boolean (kf, "model", "demonstration", TRUE);
    if (m->description)
      g_key_file_set_string (kf, "model", "description", m->description);
    if (m->trained_by)
      g_key_file_set_string (kf, "model", "trained-by", m->trained_by);
    if (m->n_calibration > 0) {
      set_double_list (kf, "calibration", "window-seconds",
          m->calibration_seconds, m->n_calibration);
      set_double_list (kf, "calibration", "temperature",
          m->calibration_temperature, m->n_calibration);
      set_double_list (
          kf, "calibration", "weight", m->calibration_weight, m->n_calibration);
    }
    set_double_list (kf, "standardisation", "mean", m->mean, m->dimension);
    set_double_list (kf, "standardisation", "scale", m->scale, m->dimension);
    ok = g_key_file_save_to_file (kf, ini_tmp, error);
    if (!ok)
      g_prefix_error (error, "%s: ", path);
  }
  /* Then into place, the libsvm file first: between the two renames the
   * old key-file names a libsvm file whose SHA-256 is not its own, and the
   * loader refuses the pair instead of mixing them. */
  if (ok && g_rename (svm_tmp, svm_path) != 0) {
    int saved = errno;

    g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
        "%s: cannot rename into place: %s", svm_path, g_strerror (saved));
    ok = FALSE;
  }
  if (ok && g_rename (ini_tmp, path) != 0) {
    int saved = errno;

    g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
        "%s: cannot rename into place: %s", path, g_strerror (saved));
    ok = FALSE;
  }
  if (!ok) {
    g_remove (svm_tmp);
    g_remove (ini_tmp);
  }

  g_key_file_free (kf);
  g_free (sha256);
  g_free (svm_tmp);
  g_free (ini_tmp);
  g_free (svm_path);
  g_free (dir);
  g_free (svm_name);
  g_free (base);
  return ok;
}
