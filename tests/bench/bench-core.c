/* genreclassify — benchmark of the analysis core alone
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Feeds N minutes of a music-like synthetic signal (chords, bass, drums,
 * noise; mono 22050 Hz, i.e. what the element hands to the core) through
 * the windower in 1024-sample chunks (a typical buffer) and classifies every
 * window with a model. Prints CPU time per 30-s window, the worst single
 * chunk, and the cost of a window's end, all in thread CPU time.
 *
 *   bench-core [minutes] [model.ini]
 */
#include "bench-music.h"
#include "gc-model.h"
#include "gc-windower.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define RATE GC_ANALYSIS_RATE
#define CHUNK 1024

static double
cpu_now (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* Mono: the music with its hi-hat. */
static void
synthesise (float *x, gsize n, guint64 offset, GRand *rand)
{
  for (gsize i = 0; i < n; i++) {
    double t = (double)(offset + i) / RATE;
    x[i] = bench_music (t, rand) + bench_hihat (t, rand);
  }
}

typedef struct {
  GcModel *model;
  double *probabilities;
  guint n_windows;
  double classify_cpu;
} Bench;

static void
on_window (guint64 start, gsize n, GcWindowStatus status, const double *vector,
    gsize n_invalid, gpointer user_data)
{
  Bench *b = user_data;
  double t0 = cpu_now ();

  if (status == GC_WINDOW_OK && b->model)
    gc_model_predict (b->model, vector, b->probabilities);
  b->classify_cpu += cpu_now () - t0;
  b->n_windows++;
}

typedef struct {
  double per_window, classify, speed, worst, worst_end, load;
  guint n_windows;
} Figures;

/* Analyses @minutes of the music with @model's feature set (seed-212
 * without a model) and classifies every window. */
static gboolean
run (double minutes, const char *model_path, Figures *f)
{
  guint64 total = (guint64)(minutes * 60 * RATE);
  GcFeatureSet set = GC_FEATURES_SEED212;
  GRand *rand = g_rand_new_with_seed (42);
  GcWindower *windower;
  float chunk[CHUNK];
  double busy = 0.0, worst = 0.0, worst_end = 0.0;
  Bench b = { 0 };
  GError *error = NULL;

  f->load = 0.0;

  if (model_path) {
    gint64 t0 = g_get_monotonic_time ();

    b.model = gc_model_load (model_path, &error);
    f->load = (g_get_monotonic_time () - t0) * 1e-3;
    if (!b.model) {
      fprintf (stderr, "bench-core: %s\n", error->message);
      g_error_free (error);
      g_rand_free (rand);
      return FALSE;
    }
    gc_feature_set_from_name (gc_model_get_feature_set (b.model), &set);
    b.probabilities = g_new (double, gc_model_get_n_labels (b.model));
  }
  windower = gc_windower_new (30 * RATE, 30 * RATE, set);

  for (guint64 pos = 0; pos < total; pos += CHUNK) {
    gsize n = MIN (CHUNK, total - pos);
    guint before = b.n_windows;
    double t0, dt;

    synthesise (chunk, n, pos, rand);
    t0 = cpu_now ();
    gc_windower_push (windower, chunk, n, on_window, &b);
    dt = cpu_now () - t0;
    busy += dt;
    worst = MAX (worst, dt);
    if (b.n_windows != before)
      worst_end = MAX (worst_end, dt);
  }
  f->n_windows = b.n_windows;
  f->per_window = 1e3 * busy / MAX (b.n_windows, 1);
  f->classify = 1e3 * b.classify_cpu / MAX (b.n_windows, 1);
  f->speed = minutes * 60 / busy;
  f->worst = 1e3 * worst;
  f->worst_end = 1e3 * worst_end;

  gc_windower_free (windower);
  gc_model_free (b.model);
  g_free (b.probabilities);
  g_rand_free (rand);
  return TRUE;
}

/* bench-core [minutes] [model.ini …]: one row per model, in the same run,
 * so that their costs compare on the same machine and load. */
int
main (int argc, char **argv)
{
  double minutes = argc > 1 ? atof (argv[1]) : 10.0;
  int n_models = MAX (argc - 2, 1);
  Figures first = { 0 };

  printf ("core benchmark: %.1f min of audio per model, 30-s windows, "
          "%d-sample chunks, thread CPU time\n\n",
      minutes, CHUNK);
  printf ("| model (feature set) | CPU per window (features + "
          "classification) | of which classification | vs the first | "
          "speed | worst chunk | worst window-ending chunk | load (wall) |\n"
          "|---|---|---|---|---|---|---|---|\n");
  /* Warm up first: FFTW's shared tables, the page cache, the CPU's clock
   * would otherwise count against the first model only. */
  if (!run (1.0, NULL, &first))
    return 1;
  for (int m = 0; m < n_models; m++) {
    const char *path = argc > 2 + m ? argv[2 + m] : NULL;
    Figures f;
    GcModel *model = path ? gc_model_load (path, NULL) : NULL;

    if (!run (minutes, path, &f))
      return 1;
    if (m == 0)
      first = f;
    printf ("| %s (%s) | %.1f ms | %.3f ms | %.2fx | %.0fx real time | "
            "%.2f ms | %.2f ms | %.0f ms |\n",
        path ? path : "none",
        model ? gc_model_get_feature_set (model) : "seed-212", f.per_window,
        f.classify, f.per_window / first.per_window, f.speed, f.worst,
        f.worst_end, f.load);
    gc_model_free (model);
  }
  return 0;
}
