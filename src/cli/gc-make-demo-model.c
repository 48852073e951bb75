/* genreclassify — regenerates the synthetic demonstration model
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 *   gc-make-demo-model [--clips N] [--seconds S] [--seed N] OUTPUT_DIR
 *
 * Synthesises tones / noise / clicks clips (src/training/gc-demo.c), computes
 * their seed-212 vectors through the element's code path (GcWindower), trains
 * an RBF C-SVC with fixed parameters and writes OUTPUT_DIR/model.ini and
 * OUTPUT_DIR/model.svm.  With the defaults this reproduces
 * models/synthetic-demo.
 */
#include "config.h"
#include "gc-demo.h"
#include "gc-distribution.h"
#include "gc-model-train.h"

#include <libsvm/svm.h>

#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>

static double
now (void)
{
  return g_get_monotonic_time () / 1e6;
}

int
main (int argc, char **argv)
{
  int clips = GC_DEMO_CLIPS_PER_CLASS;
  double seconds = GC_DEMO_CLIP_SECONDS;
  gint64 seed = GC_DEMO_SEED;
  gboolean quiet = FALSE;
  GOptionEntry entries[] = {
    { "clips", 'n', 0, G_OPTION_ARG_INT, &clips, "Clips per class (10)", "N" },
    { "seconds", 's', 0, G_OPTION_ARG_DOUBLE, &seconds,
        "Length of a clip in seconds (6)", "S" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, "Seed of the clip set", "N" },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "Print nothing", NULL },
    { NULL },
  };
  GOptionContext *ctx = g_option_context_new (
      "OUTPUT_DIR - write the synthetic demonstration model");
  GError *error = NULL;
  double *features = NULL, *prob;
  int *classes = NULL, correct = 0;
  gsize n = 0;
  GcModel *model = NULL;
  char *path = NULL, *text;
  double t0, t1, t2;
  int status = EXIT_FAILURE;

  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, &argc, &argv, &error)) {
    g_printerr ("%s\n", error->message);
    goto out;
  }
  if (argc != 2 || clips < 2 || clips > 10000 || !(seconds >= 0.5)
      || !(seconds <= 600.0)) {
    g_printerr ("usage: %s [--clips N>=2] [--seconds 0.5..600] [--seed N] "
                "OUTPUT_DIR\n",
        g_get_prgname ());
    goto out;
  }
  if (g_mkdir_with_parents (argv[1], 0755) != 0) {
    g_printerr ("%s: cannot create the folder\n", argv[1]);
    goto out;
  }

  t0 = now ();
  if (!gc_demo_dataset ((guint)clips, seconds, (guint64)seed, &features,
          &classes, &n, &error)) {
    g_printerr ("%s\n", error->message);
    goto out;
  }
  t1 = now ();
  model =
      gc_model_train (features, classes, n, GC_FEATURES_SEED212, gc_demo_labels,
          GC_DEMO_N_CLASSES, GC_DEMO_C, GC_DEMO_GAMMA, (guint)seed, &error);
  if (model == NULL) {
    g_printerr ("%s\n", error->message);
    goto out;
  }
  t2 = now ();

  gc_model_set_window_seconds (model, seconds);
  /* Its labels are signal types: no tool may store them as genres. */
  gc_model_set_demonstration (model, TRUE);
  text = g_strdup_printf (
      "Demonstration model trained on synthetic signals: tones (a few "
      "harmonic sines with vibrato and soft envelopes), noise (filtered "
      "noise with slowly changing level) and clicks (kicks and noise bursts "
      "on a regular beat). It knows nothing about real music genres; use it "
      "to try the element, not to classify music. Regenerate with: "
      "gc-make-demo-model%s models/synthetic-demo (built in "
      "BUILD/src/cli).",
      (clips == GC_DEMO_CLIPS_PER_CLASS && seconds == GC_DEMO_CLIP_SECONDS
          && seed == GC_DEMO_SEED)
          ? ""
          : " --clips N --seconds S --seed N");
  gc_model_set_description (model, text);
  g_free (text);
  text = g_strdup_printf ("gc-make-demo-model (genreclassify %s, libsvm %d): "
                          "%d clips of %g s per class, seed %" G_GINT64_FORMAT
                          ", C-SVC RBF C=%g gamma=1/%d",
      VERSION, LIBSVM_VERSION, clips, seconds, seed, GC_DEMO_C, GC_SEED212_DIM);
  gc_model_set_trained_by (model, text);
  g_free (text);

  path = g_build_filename (argv[1], "model.ini", NULL);
  if (!gc_model_save (model, path, &error)) {
    g_printerr ("%s\n", error->message);
    goto out;
  }

  prob = g_newa (double, GC_DEMO_N_CLASSES);
  for (gsize i = 0; i < n; i++)
    if (gc_model_predict (model, features + i * GC_SEED212_DIM, prob)
        && (int)gc_distribution_top (prob, GC_DEMO_N_CLASSES) == classes[i])
      correct++;
  if (!quiet)
    printf ("%s: %" G_GSIZE_FORMAT " clips of %g s, features %.2f s, "
            "training %.3f s, %u support vectors, training-set accuracy "
            "%d/%" G_GSIZE_FORMAT "\n",
        path, n, seconds, t1 - t0, t2 - t1,
        gc_model_get_n_support_vectors (model), correct, n);
  status = EXIT_SUCCESS;

out:
  g_clear_error (&error);
  g_option_context_free (ctx);
  gc_model_free (model);
  g_free (features);
  g_free (classes);
  g_free (path);
  return status;
}
