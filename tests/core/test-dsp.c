/* genreclassify — unit tests of the DSP building blocks
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "gc-contrast.h"
#include "gc-istft.h"
#include "gc-median.h"
#include "gc-mel.h"
#include "gc-stats.h"
#include "gc-stft.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static void
test_reflect_index (void)
{
  /* scipy "reflect": (d c b a | a b c d | d c b a) */
  const gint64 index[] = { -1, -2, -4, -5, 0, 3, 4, 5, 8, 9 };
  const gsize expect[] = { 0, 1, 3, 3, 0, 3, 3, 2, 0, 1 };

  for (guint i = 0; i < G_N_ELEMENTS (index); i++)
    g_assert_cmpuint (gc_reflect_index (index[i], 4), ==, expect[i]);
}

static int
compare_floats (const void *a, const void *b)
{
  float x = *(const float *)a, y = *(const float *)b;
  return (x > y) - (x < y);
}

static float
brute_median (const float *in, gsize n, gint64 centre)
{
  float w[GC_MEDIAN_WIDTH];

  for (gint j = 0; j < GC_MEDIAN_WIDTH; j++)
    w[j] = in[gc_reflect_index (centre + j - GC_MEDIAN_WIDTH / 2, n)];
  qsort (w, GC_MEDIAN_WIDTH, sizeof (float), compare_floats);
  return w[GC_MEDIAN_WIDTH / 2];
}

/* The filter against a brute-force sort with explicit reflection, for
 * signals longer and shorter than the kernel, with ties and repeats. */
static void
test_median_filter (void)
{
  const gsize lengths[] = { 1025, 200, 37, 9, 1 };
  GRand *rand = g_rand_new_with_seed (7);

  for (guint l = 0; l < G_N_ELEMENTS (lengths); l++) {
    gsize n = lengths[l];
    float *in = g_new (float, n), *out = g_new (float, n);

    for (gsize i = 0; i < n; i++)
      in[i] = g_rand_int_range (rand, 0, 3) == 0
          ? 0.0f
          : (float)g_rand_double_range (rand, -1, 1);
    if (n > 10)
      in[3] = in[4] = in[5];
    gc_median_filter_reflect (in, n, out);
    for (gsize i = 0; i < n; i++)
      g_assert_cmpfloat (out[i], ==, brute_median (in, n, i));
    g_free (in);
    g_free (out);
  }
  g_rand_free (rand);
}

/* Running medians of many channels over time, sliding with reflection at
 * the start as the HPSS time median does. */
static void
test_median_bank (void)
{
  const guint n_channels = 13, n_frames = 100;
  GRand *rand = g_rand_new_with_seed (9);
  float *x = g_new (float, n_frames * n_channels);
  float *column = g_new (float, n_frames), medians[13];
  const float *rows[GC_MEDIAN_WIDTH];
  GcMedianBank *bank = gc_median_bank_new (n_channels);

  for (guint i = 0; i < n_frames * n_channels; i++)
    x[i] = g_rand_int_range (rand, 0, 20); /* many ties */
  for (gint j = 0; j < GC_MEDIAN_WIDTH; j++)
    rows[j] = x + gc_reflect_index (j - 15, n_frames) * n_channels;
  gc_median_bank_init (bank, rows);
  for (guint t = 0; t < n_frames; t++) {
    if (t > 0)
      gc_median_bank_slide (bank,
          x + gc_reflect_index ((gint64)t - 16, n_frames) * n_channels,
          x + gc_reflect_index ((gint64)t + 15, n_frames) * n_channels);
    gc_median_bank_get (bank, medians);
    for (guint c = 0; c < n_channels; c++) {
      for (guint i = 0; i < n_frames; i++)
        column[i] = x[i * n_channels + c];
      g_assert_cmpfloat (medians[c], ==, brute_median (column, n_frames, t));
    }
  }
  gc_median_bank_free (bank);
  g_free (column);
  g_free (x);
  g_rand_free (rand);
}

static void
test_stats (void)
{
  const double x[] = { 1, 2, 3, 4, 10, -2, 0.5 };
  /* numpy.gradient(x) and numpy.gradient(numpy.gradient(x)) */
  const double d1[] = { 1.0, 1.0, 1.0, 3.5, -3.0, -4.75, 2.5 };
  const double d2[] = { 0.0, 0.0, 1.25, -2.0, -4.125, 2.75, 7.25 };
  double g[7], gg[7], out[6], scratch[14], skew, kurt, mean, std;
  const double constant[] = { 3, 3, 3, 3 };

  gc_gradient (x, 7, g);
  gc_gradient (g, 7, gg);
  for (guint i = 0; i < 7; i++) {
    g_assert_cmpfloat_with_epsilon (g[i], d1[i], 1e-12);
    g_assert_cmpfloat_with_epsilon (gg[i], d2[i], 1e-12);
  }
  gc_summarise_row (x, 7, scratch, out, 1);
  gc_mean_std (d2, 7, &mean, &std);
  g_assert_cmpfloat_with_epsilon (out[0], 18.5 / 7, 1e-12);
  g_assert_cmpfloat_with_epsilon (out[4], mean, 1e-12);
  g_assert_cmpfloat_with_epsilon (out[5], std, 1e-12);

  /* scipy.stats.skew / kurtosis (bias=True, Fisher) of x */
  gc_skew_kurtosis (x, 7, &skew, &kurt);
  g_assert_cmpfloat_with_epsilon (skew, 0.960019088610119, 1e-12);
  g_assert_cmpfloat_with_epsilon (kurt, 0.29198053255370304, 1e-12);
  /* scipy says NaN for a constant row; we say 0 */
  gc_skew_kurtosis (constant, 4, &skew, &kurt);
  g_assert_cmpfloat (skew, ==, 0.0);
  g_assert_cmpfloat (kurt, ==, 0.0);
  /* numpy refuses a gradient of one value; we give 0 */
  gc_gradient (x, 1, g);
  g_assert_cmpfloat (g[0], ==, 0.0);
}

static void
test_mel_scale (void)
{
  GcMel *mel = gc_mel_new (22050, 2048, 40);
  const double *w = gc_mel_get_weights (mel);

  g_assert_cmpfloat_with_epsilon (gc_hz_to_mel (1000), 15.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (gc_hz_to_mel (500), 7.5, 1e-12);
  for (double f = 10; f < 11025; f *= 1.7)
    g_assert_cmpfloat_with_epsilon (
        gc_mel_to_hz (gc_hz_to_mel (f)), f, 1e-9 * f);
  /* Every filter is a non-empty triangle; none reaches DC. */
  for (guint m = 0; m < 40; m++) {
    double sum = 0;
    for (guint k = 0; k < 1025; k++)
      sum += w[m * 1025 + k];
    g_assert_cmpfloat (sum, >, 0.0);
  }
  g_assert_cmpfloat (w[0], ==, 0.0);
  gc_mel_free (mel);
}

static void
test_power_to_db (void)
{
  double v[] = { 1.0, 1e-3, 1e-20, 0.0, 100.0 };

  gc_power_to_db (v, 5, 0.01);
  g_assert_cmpfloat_with_epsilon (v[0], -20.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (v[1], -50.0, 1e-12);
  /* floored 80 dB below the maximum (0 dB) */
  g_assert_cmpfloat_with_epsilon (v[2], -80.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (v[3], -80.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (v[4], 0.0, 1e-12);
}

static void
test_dct_ortho (void)
{
  /* An orthonormal DCT keeps the energy of a vector it fully transforms. */
  double x[8] = { 1, -2, 3, 0.5, 0, 7, -1, 2 }, y[8], ex = 0, ey = 0;

  gc_dct_ortho (x, 8, 1, 8, y);
  for (guint i = 0; i < 8; i++) {
    ex += x[i] * x[i];
    ey += y[i] * y[i];
  }
  g_assert_cmpfloat_with_epsilon (ex, ey, 1e-9);
  g_assert_cmpfloat_with_epsilon (y[0], 10.5 / sqrt (8), 1e-12);
}

typedef struct {
  GcIstft *istft;
  GArray *out;
} RoundTrip;

static void
on_samples (const double *s, gsize n, gpointer user_data)
{
  g_array_append_vals (((RoundTrip *)user_data)->out, s, n);
}

static void
on_frame (const double complex *spectrum, gpointer user_data)
{
  RoundTrip *rt = user_data;
  gc_istft_push (rt->istft, spectrum, on_samples, rt);
}

/* An unmodified STFT inverts to the signal, edges included, for lengths
 * that are and are not multiples of the hop. */
static void
test_stft_round_trip (void)
{
  const gsize lengths[] = { 22050, 4096, 3000, 700 };
  GcStft *stft = gc_stft_new ();
  RoundTrip rt = { gc_istft_new (),
    g_array_new (FALSE, FALSE, sizeof (double)) };
  GRand *rand = g_rand_new_with_seed (1);

  for (guint l = 0; l < G_N_ELEMENTS (lengths); l++) {
    gsize n = lengths[l];
    double *x = g_new (double, n);

    for (gsize i = 0; i < n; i++)
      x[i] = g_rand_double_range (rand, -1, 1);
    g_array_set_size (rt.out, 0);
    gc_stft_push (stft, x, n / 3, on_frame, &rt);
    gc_stft_push (stft, x + n / 3, n - n / 3, on_frame, &rt);
    gc_stft_finish (stft, on_frame, &rt);
    gc_istft_finish (rt.istft, n, on_samples, &rt);
    g_assert_cmpuint (rt.out->len, ==, n);
    for (gsize i = 0; i < n; i++)
      g_assert_cmpfloat_with_epsilon (
          g_array_index (rt.out, double, i), x[i], 1e-12);
    g_free (x);
  }
  g_rand_free (rand);
  g_array_free (rt.out, TRUE);
  gc_istft_free (rt.istft);
  gc_stft_free (stft);
}

static void
test_contrast_flat (void)
{
  /* A flat spectrum has no contrast in any band. */
  GcContrast *c = gc_contrast_new (22050, 2048, 200, 0.02);
  double mag[1025], peak[2 * 7], valley[2 * 7], out[2 * 7];

  for (guint k = 0; k < 1025; k++)
    mag[k] = 0.25;
  gc_contrast_frame (c, mag, peak, valley);
  gc_contrast_frame (c, mag, peak + 7, valley + 7);
  gc_contrast_finish (peak, valley, 2, 1.0, out);
  for (guint i = 0; i < 14; i++)
    g_assert_cmpfloat_with_epsilon (out[i], 0.0, 1e-12);
  gc_contrast_free (c);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/dsp/reflect-index", test_reflect_index);
  g_test_add_func ("/dsp/median-filter", test_median_filter);
  g_test_add_func ("/dsp/median-bank", test_median_bank);
  g_test_add_func ("/dsp/stats", test_stats);
  g_test_add_func ("/dsp/mel-scale", test_mel_scale);
  g_test_add_func ("/dsp/power-to-db", test_power_to_db);
  g_test_add_func ("/dsp/dct-ortho", test_dct_ortho);
  g_test_add_func ("/dsp/stft-round-trip", test_stft_round_trip);
  g_test_add_func ("/dsp/contrast-flat", test_contrast_flat);
  return g_test_run ();
}
