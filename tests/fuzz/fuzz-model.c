/* genreclassify — fuzz target for the model bundle loader (libFuzzer API)
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * One input is a whole bundle: the key-file, the separator line
 * GC_FUZZ_SEPARATOR, then the libsvm file (no separator: everything is the
 * key-file and the libsvm file is empty).  Both are written to a private
 * temporary folder as model.ini and model.svm, gc_model_load() reads
 * model.ini, and a model that loads is asked to classify a fixed feature
 * vector, whose probabilities must be finite and sum to 1.
 *
 * Built two ways (tests/fuzz/meson.build): with clang -fsanitize=fuzzer as a
 * libFuzzer binary (-Dfuzz=true), and with replay-main.c as the regression
 * test that replays the corpus in every `meson test`.
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "gc-analyser.h"
#include "gc-model.h"
#include "fuzz-model.h"

static char *dir, *ini_path, *svm_path;

static void
remove_files (void)
{
  g_unlink (ini_path);
  g_unlink (svm_path);
  g_rmdir (dir);
}

static void
setup (void)
{
  const char *base = g_getenv ("GC_FUZZ_TMPDIR");
  char *tmpl;

  /* A GLib warning or critical (a GError set twice, a failed
   * g_return_if_fail) is a bug too: make it abort. */
  g_log_set_always_fatal (
      G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  /* tmpfs by default: the target writes two files per execution */
  if (base == NULL && g_file_test ("/dev/shm", G_FILE_TEST_IS_DIR))
    base = "/dev/shm";
  tmpl =
      g_build_filename (base ? base : g_get_tmp_dir (), "gc-fuzz-XXXXXX", NULL);
  dir = g_mkdtemp (tmpl);
  if (dir == NULL) {
    g_printerr ("fuzz-model: cannot create a temporary folder: %s\n",
        g_strerror (errno));
    abort ();
  }
  ini_path = g_build_filename (dir, "model.ini", NULL);
  svm_path = g_build_filename (dir, "model.svm", NULL);
  atexit (remove_files);
}

/* memmem() without _GNU_SOURCE */
static const uint8_t *
find (const uint8_t *data, size_t size, const char *needle, size_t len)
{
  for (size_t i = 0; i + len <= size; i++)
    if (data[i] == (uint8_t)needle[0] && memcmp (data + i, needle, len) == 0)
      return data + i;
  return NULL;
}

static void
write_or_die (const char *path, const uint8_t *data, size_t size)
{
  GError *err = NULL;

  if (!g_file_set_contents (path, (const char *)data, (gssize)size, &err)) {
    g_printerr ("fuzz-model: %s\n", err->message);
    abort ();
  }
}

int
gc_fuzz_model_one (const uint8_t *data, size_t size, char **why)
{
  static const char sep[] = GC_FUZZ_SEPARATOR;
  static double features[GC_SEED212_DIM];
  const uint8_t *cut = NULL;
  size_t ini_size = size;
  GError *err = NULL;
  GcModel *model;

  if (dir == NULL) {
    setup ();
    /* a plausible feature vector: the scale of MFCC and contrast values */
    for (guint i = 0; i < GC_SEED212_DIM; i++)
      features[i] = 10.0 * sin (0.37 * i + 0.1) + (i % 13);
  }

  cut = find (data, size, sep, sizeof sep - 1);
  if (cut != NULL)
    ini_size = (size_t)(cut - data);
  write_or_die (ini_path, data, ini_size);
  if (cut != NULL)
    write_or_die (
        svm_path, cut + sizeof sep - 1, size - ini_size - (sizeof sep - 1));
  else
    write_or_die (svm_path, (const uint8_t *)"", 0);

  model = gc_model_load (ini_path, &err);
  if (model == NULL) {
    /* Every failure must say why, in the model error domain. */
    if (err == NULL || err->domain != GC_MODEL_ERROR || err->message == NULL
        || err->message[0] == '\0')
      abort ();
    if (why)
      *why = g_strdup (err->message);
    g_error_free (err);
    return 0;
  }
  if (err != NULL)
    abort ();

  {
    guint n = gc_model_get_n_labels (model);
    double probs[GC_MODEL_MAX_LABELS];
    double sum = 0.0;

    if (n < 2 || n > GC_MODEL_MAX_LABELS
        || gc_model_get_dimension (model) != GC_SEED212_DIM)
      abort ();
    for (guint i = 0; i < n; i++)
      if (gc_model_get_label (model, i) == NULL)
        abort ();
    if (gc_model_predict (model, features, probs)) {
      for (guint i = 0; i < n; i++) {
        if (!isfinite (probs[i]) || probs[i] < 0.0)
          abort ();
        sum += probs[i];
      }
      if (!(fabs (sum - 1.0) < 1e-6))
        abort ();
    }
  }
  gc_model_free (model);
  return 1;
}

#ifdef GC_FUZZ_LIBFUZZER
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  gc_fuzz_model_one (data, size, NULL);
  return 0;
}
#endif
