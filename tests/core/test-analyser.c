/* genreclassify — the streaming analyser and the windower
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "gc-analyser.h"
#include "gc-windower.h"

#include <math.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#define RATE GC_ANALYSIS_RATE

/* A deterministic test signal: a chord, noise and a click every 0.25 s. */
static float *
make_signal (gsize n, guint32 seed)
{
  float *x = g_new (float, n);
  GRand *rand = g_rand_new_with_seed (seed);

  for (gsize i = 0; i < n; i++) {
    double t = (double)i / RATE;
    double v = 0.3 * sin (2 * G_PI * 220 * t) + 0.2 * sin (2 * G_PI * 330 * t)
        + 0.05 * g_rand_double_range (rand, -1, 1);
    if (i % (RATE / 4) < 200)
      v += 0.5 * g_rand_double_range (rand, -1, 1);
    x[i] = v;
  }
  g_rand_free (rand);
  return x;
}

/* Every test runs for each feature set, passed as the test's data. */
#define SET(data) ((GcFeatureSet)GPOINTER_TO_UINT (data))
#define MAX_DIM GC_FEATURES_MAX_DIM

static GcWindowStatus
analyse (const float *x, gsize n, gsize chunk, GcFeatureSet set, double *vector)
{
  GcAnalyser *a = gc_analyser_new (n, set);
  GcWindowStatus status;

  for (gsize pos = 0; pos < n; pos += chunk)
    gc_analyser_push (a, x + pos, MIN (chunk, n - pos));
  g_assert_cmpuint (gc_analyser_n_samples (a), ==, n);
  status = gc_analyser_end_window (a, vector);
  gc_analyser_free (a);
  return status;
}

static void
assert_finite (const double *v, GcFeatureSet set)
{
  for (guint i = 0; i < gc_feature_set_dimension (set); i++)
    g_assert_true (isfinite (v[i]));
}

/* Chunking is invisible: one sample at a time gives the very same bits. */
static void
test_chunk_invariance (gconstpointer data)
{
  gsize n = 3 * RATE + 123, bytes = gc_feature_set_dimension (SET (data)) * 8;
  float *x = make_signal (n, 1);
  double whole[MAX_DIM], single[MAX_DIM], odd[MAX_DIM];

  g_assert_cmpint (analyse (x, n, n, SET (data), whole), ==, GC_WINDOW_OK);
  g_assert_cmpint (analyse (x, n, 1, SET (data), single), ==, GC_WINDOW_OK);
  g_assert_cmpint (analyse (x, n, 4097, SET (data), odd), ==, GC_WINDOW_OK);
  g_assert_cmpmem (whole, bytes, single, bytes);
  g_assert_cmpmem (whole, bytes, odd, bytes);
  assert_finite (whole, SET (data));
  g_free (x);
}

/* Peak normalisation: the level of the input does not matter. */
static void
test_scale_invariance (gconstpointer data)
{
  gsize n = 2 * RATE;
  float *x = make_signal (n, 2);
  double v1[MAX_DIM], v2[MAX_DIM];

  g_assert_cmpint (analyse (x, n, 1000, SET (data), v1), ==, GC_WINDOW_OK);
  /* A power of two scales every float exactly. */
  for (gsize i = 0; i < n; i++)
    x[i] *= 1.0f / 1024;
  g_assert_cmpint (analyse (x, n, 1000, SET (data), v2), ==, GC_WINDOW_OK);
  for (guint i = 0; i < gc_feature_set_dimension (SET (data)); i++)
    g_assert_cmpfloat_with_epsilon (v1[i], v2[i], 1e-9 * MAX (1, fabs (v1[i])));
  g_free (x);
}

static void
test_silence (gconstpointer data)
{
  gsize n = 2 * RATE;
  float *x = g_new0 (float, n);
  double v[MAX_DIM];

  g_assert_cmpint (analyse (x, n, 512, SET (data), v), ==, GC_WINDOW_SILENT);
  g_free (x);
}

static void
test_too_short (gconstpointer data)
{
  float x[GC_N_FFT - 1] = { 0.5f };
  double v[MAX_DIM];

  g_assert_cmpint (analyse (x, G_N_ELEMENTS (x), 100, SET (data), v), ==,
      GC_WINDOW_TOO_SHORT);
}

/* NaN and ±Inf are zeroed and counted; the rest is analysed normally. */
static void
test_non_finite (gconstpointer data)
{
  gsize n = 2 * RATE, bytes = gc_feature_set_dimension (SET (data)) * 8;
  float *x = make_signal (n, 3);
  float *clean = g_memdup2 (x, n * sizeof (float));
  double v[MAX_DIM], ref[MAX_DIM];
  GcAnalyser *a = gc_analyser_new (n, SET (data));

  x[10] = NAN;
  x[5000] = INFINITY;
  x[6000] = -INFINITY;
  clean[10] = clean[5000] = clean[6000] = 0.0f;
  gc_analyser_push (a, x, n);
  g_assert_cmpuint (gc_analyser_n_invalid (a), ==, 3);
  g_assert_cmpint (gc_analyser_end_window (a, v), ==, GC_WINDOW_OK);
  g_assert_cmpint (analyse (clean, n, n, SET (data), ref), ==, GC_WINDOW_OK);
  g_assert_cmpmem (v, bytes, ref, bytes);
  gc_analyser_free (a);
  g_free (x);
  g_free (clean);
}

/* DC and full-scale clipping are ordinary, finite inputs. */
static void
test_dc_and_clipping (gconstpointer data)
{
  gsize n = 2 * RATE;
  float *x = g_new (float, n);
  double v[MAX_DIM];

  for (gsize i = 0; i < n; i++)
    x[i] = 0.7f;
  g_assert_cmpint (analyse (x, n, n, SET (data), v), ==, GC_WINDOW_OK);
  assert_finite (v, SET (data));
  for (gsize i = 0; i < n; i++)
    x[i] = sin (2 * G_PI * 100.0 * i / RATE) > 0 ? 1.0f : -1.0f;
  g_assert_cmpint (analyse (x, n, n, SET (data), v), ==, GC_WINDOW_OK);
  assert_finite (v, SET (data));
  g_free (x);
}

typedef struct {
  GArray *starts, *lengths;
  GPtrArray *vectors;
  guint dimension;
} Windows;

static void
on_window (guint64 start, gsize n, GcWindowStatus status, const double *v,
    gsize n_invalid, gpointer user_data)
{
  Windows *w = user_data;

  g_assert_cmpint (status, ==, GC_WINDOW_OK);
  g_array_append_val (w->starts, start);
  g_array_append_val (w->lengths, n);
  g_ptr_array_add (w->vectors, g_memdup2 (v, sizeof (double) * w->dimension));
}

static void
windows_init (Windows *w, GcFeatureSet set)
{
  w->dimension = gc_feature_set_dimension (set);
  w->starts = g_array_new (FALSE, FALSE, sizeof (guint64));
  w->lengths = g_array_new (FALSE, FALSE, sizeof (gsize));
  w->vectors = g_ptr_array_new_with_free_func (g_free);
}

static void
windows_clear (Windows *w)
{
  g_array_free (w->starts, TRUE);
  g_array_free (w->lengths, TRUE);
  g_ptr_array_unref (w->vectors);
}

/* Overlapping windows: each is exactly the clip it covers, analysed alone;
 * at the end the open windows of at least min_samples are reported. */
static void
test_windower_overlap (gconstpointer data)
{
  const gsize window = 4 * RATE, hop = RATE, n = 10 * RATE + 100;
  float *x = make_signal (n, 4);
  GcWindower *win = gc_windower_new (window, hop, SET (data));
  Windows w;

  windows_init (&w, SET (data));
  for (gsize pos = 0; pos < n; pos += 3333)
    gc_windower_push (win, x + pos, MIN (3333, n - pos), on_window, &w);
  g_assert_cmpuint (gc_windower_position (win), ==, n);
  /* Full windows start at 0..6 s. */
  g_assert_cmpuint (w.starts->len, ==, 7);
  gc_windower_finish (win, RATE + 50, on_window, &w);
  /* Partial ones at 7 s (3 s), 8 s (2 s), 9 s (1 s + 100 samples); the one
   * at 10 s (100 samples) is below min_samples. */
  g_assert_cmpuint (w.starts->len, ==, 10);
  for (guint i = 0; i < 10; i++) {
    guint64 start = g_array_index (w.starts, guint64, i);
    gsize len = g_array_index (w.lengths, gsize, i);
    double ref[MAX_DIM];
    gsize bytes = w.dimension * sizeof (double);

    g_assert_cmpuint (start, ==, i * hop);
    g_assert_cmpuint (len, ==, MIN (window, n - start));
    g_assert_cmpint (
        analyse (x + start, len, len, SET (data), ref), ==, GC_WINDOW_OK);
    g_assert_cmpmem (ref, bytes, w.vectors->pdata[i], bytes);
  }
  g_assert_cmpuint (gc_windower_position (win), ==, 0);
  windows_clear (&w);
  gc_windower_free (win);
  g_free (x);
}

/* Back-to-back windows and a reset in the middle of one. */
static void
test_windower_reset (gconstpointer data)
{
  const gsize window = 2 * RATE, n = 5 * RATE;
  float *x = make_signal (n, 5);
  GcWindower *win = gc_windower_new (window, window, SET (data));
  Windows w;

  windows_init (&w, SET (data));
  gc_windower_push (win, x, n, on_window, &w);
  g_assert_cmpuint (w.starts->len, ==, 2);
  gc_windower_reset (win);
  gc_windower_push (win, x, RATE, on_window, &w);
  gc_windower_finish (win, 2 * RATE, on_window, &w);
  g_assert_cmpuint (w.starts->len, ==, 2);
  gc_windower_push (win, x, window, on_window, &w);
  g_assert_cmpuint (w.starts->len, ==, 3);
  g_assert_cmpuint (g_array_index (w.starts, guint64, 2), ==, 0);
  g_assert_cmpmem (w.vectors->pdata[0], w.dimension * sizeof (double),
      w.vectors->pdata[2], w.dimension * sizeof (double));
  windows_clear (&w);
  gc_windower_free (win);
  g_free (x);
}

#ifdef __GLIBC__
/* Bytes malloc has handed out, small blocks and mmap-ed ones; 0 where
 * malloc is not glibc's (ASan, valgrind replace it). */
static gsize
heap_in_use (void)
{
  struct mallinfo2 info = mallinfo2 ();

  return info.uordblks + info.hblkhd;
}
#endif

/* The memory estimates that the element's hop guard relies on are upper
 * bounds of what is really allocated, and not much more. */
static void
test_memory_estimate (gconstpointer data)
{
#ifdef __GLIBC__
  const struct {
    gsize window, hop;
  } cases[] = {
    { RATE, RATE },
    { 30 * RATE, 30 * RATE },
    { 30 * RATE, 10 * RATE },
    { RATE, RATE / 20 },
    { 600 * RATE, 600 * RATE },
  };
  /* FFTW's shared tables come with the first plan of the process. */
  GcAnalyser *first = gc_analyser_new (RATE, SET (data));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    gsize before = heap_in_use (), used, estimate;
    GcWindower *w = gc_windower_new (cases[i].window, cases[i].hop, SET (data));

    used = heap_in_use () - before;
    estimate = gc_windower_memory (cases[i].window, cases[i].hop, SET (data));
    gc_windower_free (w);
    if (before == 0 && used == 0) {
      g_test_skip ("malloc statistics are not available");
      break;
    }
    g_test_message ("window %" G_GSIZE_FORMAT " hop %" G_GSIZE_FORMAT
                    ": %" G_GSIZE_FORMAT " bytes, estimate %" G_GSIZE_FORMAT,
        cases[i].window, cases[i].hop, used, estimate);
    g_assert_cmpuint (estimate, >=, used);
    g_assert_cmpuint (estimate, <=, used + used / 10);
  }
  gc_analyser_free (first);
#else
  g_test_skip ("needs glibc's malloc statistics");
#endif
}

int
main (int argc, char **argv)
{
  static const struct {
    const char *path;
    GTestDataFunc func;
  } tests[] = {
    { "/analyser/chunk-invariance", test_chunk_invariance },
    { "/analyser/scale-invariance", test_scale_invariance },
    { "/analyser/silence", test_silence },
    { "/analyser/too-short", test_too_short },
    { "/analyser/non-finite", test_non_finite },
    { "/analyser/dc-and-clipping", test_dc_and_clipping },
    { "/windower/overlap", test_windower_overlap },
    { "/windower/reset", test_windower_reset },
    { "/windower/memory-estimate", test_memory_estimate },
  };

  g_test_init (&argc, &argv, NULL);
  for (guint set = 0; set < GC_N_FEATURE_SETS; set++)
    for (guint i = 0; i < G_N_ELEMENTS (tests); i++) {
      char *path = g_strdup_printf (
          "%s/%s", tests[i].path, gc_feature_set_name ((GcFeatureSet)set));

      g_test_add_data_func (path, GUINT_TO_POINTER (set), tests[i].func);
      g_free (path);
    }
  return g_test_run ();
}
