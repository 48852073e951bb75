/* genreclassify — unit tests of the median kernels of every instruction set
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Every kernel the CPU can run is checked against a brute-force sort and
 * against the others, bit for bit; the others are skipped (under valgrind,
 * which hides AVX-512, those).  GC_TEST_SIMD_MAX=generic|avx2|avx512 leaves
 * out the kernels above it too; it only steers this program, never the
 * library.
 */
#include "gc-median.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const simd_names[] = { "generic", "avx2", "avx512" };

/* The widest kernels this run may test. */
static GcSimd
simd_max (void)
{
  GcSimd best = gc_simd_best ();
  const char *cap = g_getenv ("GC_TEST_SIMD_MAX");

  if (cap) {
    for (guint s = 0; s < G_N_ELEMENTS (simd_names); s++)
      if (g_ascii_strcasecmp (cap, simd_names[s]) == 0)
        return MIN (best, (GcSimd)s);
    g_error ("GC_TEST_SIMD_MAX=%s: not one of generic, avx2, avx512", cap);
  }
  return best;
}

/* Skips the test when @simd is not to be tested; TRUE if it is. */
static gboolean
simd_testable (GcSimd simd)
{
  if (simd <= simd_max ())
    return TRUE;
  g_test_skip (gc_simd_best () < simd ? "the CPU lacks these instructions"
                                      : "left out by GC_TEST_SIMD_MAX");
  return FALSE;
}

static void
assert_same_floats (const float *got, const float *want, gsize n)
{
  for (gsize i = 0; i < n; i++) {
    guint32 a, b;
    memcpy (&a, &got[i], sizeof (a));
    memcpy (&b, &want[i], sizeof (b));
    if (a != b)
      g_error ("value %" G_GSIZE_FORMAT ": got %g (%08x), want %g (%08x)", i,
          got[i], a, want[i], b);
  }
}

static int
compare_floats (const void *a, const void *b)
{
  float x = *(const float *)a, y = *(const float *)b;
  return (x > y) - (x < y);
}

/* Median of x[reflect (centre − 15 .. centre + 15)], x[i] at x[i · stride]. */
static float
brute_median (const float *x, gsize n, gsize stride, gint64 centre)
{
  float w[GC_MEDIAN_WIDTH];

  for (gint j = 0; j < GC_MEDIAN_WIDTH; j++)
    w[j] = x[gc_reflect_index (centre + j - GC_MEDIAN_WIDTH / 2, n) * stride];
  qsort (w, GC_MEDIAN_WIDTH, sizeof (float), compare_floats);
  return w[GC_MEDIAN_WIDTH / 2];
}

typedef enum {
  FILL_TIES, /* a few small integers */
  FILL_MIXED, /* continuous values, zeros and +inf */
  FILL_SIGNED, /* negative and positive, some repeated */
  FILL_RISING,
  FILL_FALLING,
  FILL_CONSTANT,
  N_FILLS
} Fill;

static void
fill (float *x, gsize n, Fill how, GRand *rand)
{
  for (gsize i = 0; i < n; i++) {
    switch (how) {
      case FILL_TIES:
        x[i] = g_rand_int_range (rand, 0, 4);
        break;
      case FILL_MIXED: {
        gint32 r = g_rand_int_range (rand, 0, 10);
        x[i] = r == 0 ? 0.0f
            : r == 1  ? INFINITY
                      : (float)g_rand_double_range (rand, 0, 100);
        break;
      }
      case FILL_SIGNED:
        x[i] = i > 0 && g_rand_boolean (rand)
            ? x[i - 1]
            : (float)g_rand_double_range (rand, -1, 1);
        break;
      case FILL_RISING:
        x[i] = i;
        break;
      case FILL_FALLING:
        x[i] = -(float)i;
        break;
      default:
        x[i] = 0.5f;
        break;
    }
  }
}

/* The filter against a brute-force sort of the reflected window, for
 * lengths around the vector widths and the kernel, and past the block the
 * filter runs at once; input and output need not be aligned. */
static void
test_filter (gconstpointer data)
{
  const GcSimd simd = GPOINTER_TO_INT (data);
  const gsize lengths[] = { 1025, 1024, 200, 37, 17, 16, 15, 9, 2, 1, 1041,
    3000 };
  GRand *rand;

  if (!simd_testable (simd))
    return;
  rand = g_rand_new_with_seed (7);
  for (guint l = 0; l < G_N_ELEMENTS (lengths); l++) {
    gsize n = lengths[l];
    float *in = g_new (float, n + 1), *out = g_new (float, n + 1);
    float *want = g_new (float, n);

    for (Fill how = 0; how < N_FILLS; how++) {
      fill (in + 1, n, how, rand);
      for (gsize i = 0; i < n; i++)
        want[i] = brute_median (in + 1, n, 1, i);
      gc_median_filter_reflect_simd (simd, in + 1, n, out + 1);
      assert_same_floats (out + 1, want, n);
    }
    g_free (in);
    g_free (out);
    g_free (want);
  }
  g_rand_free (rand);
}

/* x[t · n_channels + c]: small integers (many ties), some +inf. */
static float *
make_frames (guint n_frames, guint n_channels, GRand *rand)
{
  float *x = g_new (float, (gsize)n_frames * n_channels);

  for (gsize i = 0; i < (gsize)n_frames * n_channels; i++)
    x[i] = g_rand_int_range (rand, 0, 50) == 0
        ? INFINITY
        : (float)g_rand_int_range (rand, 0, 8);
  return x;
}

/* Running medians over time, reflected at both ends as the HPSS time median
 * is once a window's length is known, against a brute-force sort. */
static void
test_bank (gconstpointer data)
{
  const GcSimd simd = GPOINTER_TO_INT (data);
  const guint channels[] = { 1, 7, 8, 13, 16, 17, 1025 };
  const guint n_frames = 80;
  GRand *rand;

  if (!simd_testable (simd))
    return;
  rand = g_rand_new_with_seed (9);
  for (guint k = 0; k < G_N_ELEMENTS (channels); k++) {
    guint n_channels = channels[k];
    float *x = make_frames (n_frames, n_channels, rand);
    float *medians = g_new (float, n_channels + 1);
    float *want = g_new (float, n_channels);
    const float *rows[GC_MEDIAN_WIDTH];
    GcMedianBank *bank = gc_median_bank_new_simd (n_channels, simd);

    for (gint j = 0; j < GC_MEDIAN_WIDTH; j++)
      rows[j] = x + gc_reflect_index (j - 15, n_frames) * n_channels;
    gc_median_bank_init (bank, rows);
    for (guint t = 0; t < n_frames; t++) {
      if (t > 0)
        gc_median_bank_slide (bank,
            x + gc_reflect_index ((gint64)t - 16, n_frames) * n_channels,
            x + gc_reflect_index ((gint64)t + 15, n_frames) * n_channels);
      medians[n_channels] = -1; /* must stay */
      gc_median_bank_get (bank, medians);
      for (guint c = 0; c < n_channels; c++)
        want[c] = brute_median (x + c, n_frames, n_channels, t);
      assert_same_floats (medians, want, n_channels);
      g_assert_cmpfloat (medians[n_channels], ==, -1);
    }
    gc_median_bank_free (bank);
    g_free (want);
    g_free (medians);
    g_free (x);
  }
  g_rand_free (rand);
}

/* Every kernel gives the same bits as the portable one over a long run:
 * filters of many lengths, and a bank of 1025 channels sliding through
 * random frames. */
static void
test_identical (void)
{
  const guint n_channels = 1025, n_frames = 64, n_steps = 3000;
  const GcSimd max = simd_max ();
  GRand *rand;
  float *x, *got, *want;
  const float *rows[GC_MEDIAN_WIDTH];
  GcMedianBank *banks[G_N_ELEMENTS (simd_names)];

  if (max == GC_SIMD_GENERIC) {
    g_test_skip ("only the portable kernels can run");
    return;
  }
  rand = g_rand_new_with_seed (11);
  x = g_new (float, n_frames * n_channels);
  got = g_new (float, 4000);
  want = g_new (float, 4000);
  for (guint i = 0; i < 300; i++) {
    gsize n = g_rand_int_range (rand, 1, 4000);
    Fill how = g_rand_int_range (rand, 0, 3);

    fill (x, n, how, rand);
    gc_median_filter_reflect_simd (GC_SIMD_GENERIC, x, n, want);
    for (GcSimd s = GC_SIMD_GENERIC + 1; s <= max; s++) {
      gc_median_filter_reflect_simd (s, x, n, got);
      assert_same_floats (got, want, n);
    }
  }

  /* After step t the windows hold the frames t … t + 30, modulo n_frames. */
  fill (x, n_frames * n_channels, FILL_MIXED, rand);
  for (gint j = 0; j < GC_MEDIAN_WIDTH; j++)
    rows[j] = x + j * n_channels;
  for (GcSimd s = GC_SIMD_GENERIC; s <= max; s++) {
    banks[s] = gc_median_bank_new_simd (n_channels, s);
    gc_median_bank_init (banks[s], rows);
  }
  for (guint t = 1; t < n_steps; t++) {
    const float *leaving = x + ((t - 1) % n_frames) * n_channels;
    float *entering = x + ((t + 30) % n_frames) * n_channels;

    /* The frame this one replaces left the windows 33 steps ago. */
    if (t % 3 == 0)
      fill (entering, n_channels, g_rand_int_range (rand, 0, 3), rand);
    for (GcSimd s = GC_SIMD_GENERIC; s <= max; s++) {
      gc_median_bank_slide (banks[s], leaving, entering);
      gc_median_bank_get (banks[s], s == GC_SIMD_GENERIC ? want : got);
      if (s > GC_SIMD_GENERIC)
        assert_same_floats (got, want, n_channels);
    }
  }
  for (GcSimd s = GC_SIMD_GENERIC; s <= max; s++)
    gc_median_bank_free (banks[s]);
  g_free (got);
  g_free (want);
  g_free (x);
  g_rand_free (rand);
}

/* Asking for kernels the CPU lacks, or for no known ones, gives working
 * kernels; the plain functions use the best. */
static void
test_fallback (void)
{
  const gsize n = 300;
  GRand *rand = g_rand_new_with_seed (13);
  float in[300], want[300], got[300];
  const float *rows[GC_MEDIAN_WIDTH];
  GcMedianBank *bank;

  fill (in, n, FILL_MIXED, rand);
  gc_median_filter_reflect_simd (gc_simd_best (), in, n, want);
  gc_median_filter_reflect (in, n, got);
  assert_same_floats (got, want, n);
  gc_median_filter_reflect_simd (GC_SIMD_AVX512, in, n, got);
  assert_same_floats (got, want, n);
  gc_median_filter_reflect_simd ((GcSimd)99, in, n, got);
  assert_same_floats (got, want, n);

  for (gint j = 0; j < GC_MEDIAN_WIDTH; j++)
    rows[j] = in + 9 * j;
  bank = gc_median_bank_new_simd (9, (GcSimd)99);
  gc_median_bank_init (bank, rows);
  gc_median_bank_get (bank, got);
  for (guint c = 0; c < 9; c++)
    want[c] = brute_median (in + c, GC_MEDIAN_WIDTH, 9, 15);
  assert_same_floats (got, want, 9);
  gc_median_bank_free (bank);
  g_rand_free (rand);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  for (guint s = 0; s < G_N_ELEMENTS (simd_names); s++) {
    char *path = g_strdup_printf ("/median/filter/%s", simd_names[s]);
    g_test_add_data_func (path, GINT_TO_POINTER (s), test_filter);
    g_free (path);
    path = g_strdup_printf ("/median/bank/%s", simd_names[s]);
    g_test_add_data_func (path, GINT_TO_POINTER (s), test_bank);
    g_free (path);
  }
  g_test_add_func ("/median/identical", test_identical);
  g_test_add_func ("/median/fallback", test_fallback);
  return g_test_run ();
}
