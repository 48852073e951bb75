/* genreclassify — tests of the synthetic demonstration model
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The committed models/synthetic-demo must be what gc-make-demo-model
 * produces, and it must tell fresh synthetic clips of its three classes
 * apart.
 */
#include "gc-demo.h"
#include "gc-distribution.h"

#include <math.h>
#include <string.h>

#define DIM GC_SEED212_DIM
#define COMMITTED GC_SOURCE_ROOT "/models/synthetic-demo/model.ini"
/* A clip set the model was not trained on. */
#define FRESH_SEED (GC_DEMO_SEED + 1000)

static GcModel *
load (const char *path)
{
  GError *error = NULL;
  GcModel *m = gc_model_load (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (m);
  return m;
}

static void
test_regenerate (void)
{
  char *dir = g_build_filename (
      GC_BUILD_ROOT, "tests", "model", "regenerated-demo", NULL);
  char *ini = g_build_filename (dir, "model.ini", NULL);
  char *argv[] = { (char *)GC_MAKE_DEMO_MODEL, (char *)"-q", dir, NULL };
  char *out = NULL, *err = NULL;
  int status;
  GError *error = NULL;
  GcModel *committed, *regenerated;
  double *x, *y, p[GC_DEMO_N_CLASSES], q[GC_DEMO_N_CLASSES], worst = 0.0;
  int *classes;
  gsize n;

  g_assert_true (g_spawn_sync (NULL, argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
      &out, &err, &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("gc-make-demo-model failed: %s\n%s", error->message, err);

  committed = load (COMMITTED);
  regenerated = load (ini);
  g_assert_cmpuint (gc_model_get_n_labels (committed), ==,
      gc_model_get_n_labels (regenerated));
  for (guint k = 0; k < GC_DEMO_N_CLASSES; k++)
    g_assert_cmpstr (gc_model_get_label (committed, k), ==,
        gc_model_get_label (regenerated, k));
  g_assert_cmpstr (gc_model_get_description (committed), ==,
      gc_model_get_description (regenerated));
  g_assert_true (gc_model_is_demonstration (committed));
  g_assert_true (gc_model_is_demonstration (regenerated));

  /* Vectors of fresh clips, and points between and beyond them. */
  g_assert_true (
      gc_demo_dataset (2, 3.0, FRESH_SEED + 7, &x, &classes, &n, &error));
  y = g_new (double, DIM);
  for (gsize i = 0; i < n + 4; i++) {
    const double *v;

    if (i < n)
      v = x + i * DIM;
    else {
      for (guint j = 0; j < DIM; j++)
        y[j] = x[j] + (i - n) * 0.7 * (x[DIM + j] - x[j]);
      v = y;
    }
    g_assert_true (gc_model_predict (committed, v, p));
    g_assert_true (gc_model_predict (regenerated, v, q));
    for (guint k = 0; k < GC_DEMO_N_CLASSES; k++)
      worst = MAX (worst, fabs (p[k] - q[k]));
  }
  g_test_message ("largest probability difference %g", worst);
  g_assert_cmpfloat (worst, <=, 1e-9);

  gc_model_free (committed);
  gc_model_free (regenerated);
  g_free (x);
  g_free (y);
  g_free (classes);
  g_free (out);
  g_free (err);
  g_free (ini);
  g_free (dir);
}

static void
check_accuracy (guint per_class, double seconds, guint64 seed, double min)
{
  GcModel *m = load (COMMITTED);
  GError *error = NULL;
  double *x, p[GC_DEMO_N_CLASSES];
  int *classes;
  guint correct[GC_DEMO_N_CLASSES] = { 0 };
  double p_true[GC_DEMO_N_CLASSES] = { 0 };
  gsize n;

  g_assert_true (
      gc_demo_dataset (per_class, seconds, seed, &x, &classes, &n, &error));
  g_assert_no_error (error);
  for (gsize i = 0; i < n; i++) {
    g_assert_true (gc_model_predict (m, x + i * DIM, p));
    if ((int)gc_distribution_top (p, GC_DEMO_N_CLASSES) == classes[i])
      correct[classes[i]]++;
    p_true[classes[i]] += p[classes[i]] / per_class;
  }
  for (guint k = 0; k < GC_DEMO_N_CLASSES; k++) {
    g_test_message ("%s: %u/%u clips of %g s right, mean probability %.3f",
        gc_demo_labels[k], correct[k], per_class, seconds, p_true[k]);
    g_assert_cmpfloat ((double)correct[k] / per_class, >=, min);
  }
  gc_model_free (m);
  g_free (x);
  g_free (classes);
}

/* Fresh clips of the training length. */
static void
test_accuracy (void)
{
  check_accuracy (20, GC_DEMO_CLIP_SECONDS, FRESH_SEED, 0.9);
}

/* The element's default window is 30 s. */
static void
test_accuracy_long (void)
{
  check_accuracy (3, 30.0, FRESH_SEED + 1, 0.9);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/demo/regenerate", test_regenerate);
  g_test_add_func ("/demo/accuracy", test_accuracy);
  g_test_add_func ("/demo/accuracy-30s", test_accuracy_long);
  return g_test_run ();
}
