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

int
main (int argc, char **argv)
{
  double minutes = argc > 1 ? atof (argv[1]) : 10.0;
  const char *model_path = argc > 2 ? argv[2] : NULL;
  guint64 total = (guint64)(minutes * 60 * RATE);
  GcWindower *windower =
      gc_windower_new (30 * RATE, 30 * RATE, GC_FEATURES_SEED212);
  GRand *rand = g_rand_new_with_seed (42);
  float chunk[CHUNK];
  double busy = 0.0, worst = 0.0, worst_end = 0.0;
  Bench b = { 0 };
  GError *error = NULL;

  if (model_path) {
    b.model = gc_model_load (model_path, &error);
    if (!b.model) {
      fprintf (stderr, "bench-core: %s\n", error->message);
      return 1;
    }
    b.probabilities = g_new (double, gc_model_get_n_labels (b.model));
  }

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

  printf ("core benchmark: %.1f min of audio, %u windows of 30 s, "
          "%d-sample chunks, model %s\n",
      minutes, b.n_windows, CHUNK,
      model_path ? model_path : "(none: features only)");
  printf ("| measure | value |\n|---|---|\n");
  printf ("| CPU per 30-s window (features + classification) | %.1f ms |\n",
      1e3 * busy / MAX (b.n_windows, 1));
  printf ("| of which classification | %.3f ms |\n",
      1e3 * b.classify_cpu / MAX (b.n_windows, 1));
  printf ("| speed | %.0f x real time |\n", minutes * 60 / busy);
  printf ("| worst single %d-sample chunk | %.2f ms |\n", CHUNK, 1e3 * worst);
  printf ("| worst chunk that ended a window | %.2f ms |\n", 1e3 * worst_end);

  gc_windower_free (windower);
  gc_model_free (b.model);
  g_free (b.probabilities);
  g_rand_free (rand);
  return 0;
}
