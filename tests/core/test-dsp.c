/* genreclassify — unit tests of the DSP building blocks
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "gc-contrast.h"
#include "gc-istft.h"
#include "gc-median.h"
#include "gc-mel.h"
#include "gc-spectrum.h"
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

/* The two-step conversion equals power_to_db, floors included, with a gain
 * and with zeros. */
static void
test_db_two_steps (void)
{
  double power[] = { 1.0, 1e-3, 1e-20, 0.0, 100.0, 3e-9, 7.5 };
  const double scales[] = { 1.0, 0.01, 1e4, 1e-12 };
  const guint n = G_N_ELEMENTS (power);

  for (guint s = 0; s < G_N_ELEMENTS (scales); s++) {
    double want[G_N_ELEMENTS (power)], db[G_N_ELEMENTS (power)];

    memcpy (want, power, sizeof (power));
    gc_power_to_db (want, n, scales[s]);
    gc_db_of_power (power, db, n);
    gc_db_floor (db, n, 10.0 * log10 (scales[s]), GC_DB_TOP);
    for (guint i = 0; i < n; i++)
      g_assert_cmpfloat_with_epsilon (db[i], want[i], 1e-12);
  }
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
  const gsize lengths[] = { 22050, 4096, 3000, 1500, 700, 100 };
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
  float mag[1025];
  double peak[2 * 7], valley[2 * 7], out[2 * 7];

  for (guint k = 0; k < 1025; k++)
    mag[k] = 0.25;
  gc_contrast_frame (c, mag, peak, valley);
  gc_contrast_frame (c, mag, peak + 7, valley + 7);
  gc_db_of_power (peak, peak, 14);
  gc_db_of_power (valley, valley, 14);
  gc_contrast_finish (peak, valley, 2, 0.0, out);
  for (guint i = 0; i < 14; i++)
    g_assert_cmpfloat_with_epsilon (out[i], 0.0, 1e-12);
  gc_contrast_free (c);
}

/* librosa's band rule, written out as its code reads: bins with
 * f_low <= f <= f_high, widened by one bin below for every band but the
 * first, to Nyquist for the last; the quantile counted on that, then the top
 * bin dropped for every band but the last. */
static void
reference_contrast (const float *mag, double sample_rate, guint n_fft,
    double fmin, double quantile, double *peak, double *valley)
{
  guint n_bins = n_fft / 2 + 1;
  double octa[GC_CONTRAST_N_BANDS + 2];
  gboolean *in_band = g_new (gboolean, n_bins);
  float *sorted = g_new (float, n_bins);

  octa[0] = 0.0;
  for (guint k = 1; k < G_N_ELEMENTS (octa); k++)
    octa[k] = fmin * pow (2.0, k - 1);
  for (guint k = 0; k + 1 < G_N_ELEMENTS (octa); k++) {
    gint first = -1, last = -1, count = 0, n = 0, idx;

    for (guint i = 0; i < n_bins; i++) {
      double f = i * sample_rate / n_fft;
      in_band[i] = f >= octa[k] && f <= octa[k + 1];
      if (in_band[i]) {
        first = first < 0 ? (gint)i : first;
        last = i;
      }
    }
    if (k > 0)
      in_band[first - 1] = TRUE;
    if (k == GC_CONTRAST_N_BANDS)
      for (guint i = last + 1; i < n_bins; i++)
        in_band[i] = TRUE;
    for (guint i = 0; i < n_bins; i++)
      if (in_band[i])
        sorted[count++] = mag[i];
    n = k < GC_CONTRAST_N_BANDS ? count - 1 : count;
    idx = MAX (1, (gint)nearbyint (quantile * count));
    qsort (sorted, n, sizeof (float), compare_floats);
    peak[k] = valley[k] = 0.0;
    for (gint i = 0; i < idx; i++) {
      valley[k] += sorted[i];
      peak[k] += sorted[n - 1 - i];
    }
    valley[k] /= idx;
    peak[k] /= idx;
  }
  g_free (sorted);
  g_free (in_band);
}

/* Peaks and valleys against a full sort, on spectra that fall with
 * frequency, rise, are flat, or are full of ties and zeros, for quantiles
 * that keep fewer and more values than the fast path's lanes. */
static void
test_contrast_extremes (void)
{
  const struct {
    double rate;
    guint n_fft;
    double fmin, quantile;
  } setups[] = {
    { 22050, 2048, 200, 0.02 },
    { 22050, 2048, 200, 0.2 },
    { 44100, 4096, 100, 0.05 },
    { 22050, 1024, 150, 0.03 },
  };
  GRand *rand = g_rand_new_with_seed (11);

  for (guint s = 0; s < G_N_ELEMENTS (setups); s++) {
    guint n_bins = setups[s].n_fft / 2 + 1;
    GcContrast *c = gc_contrast_new (
        setups[s].rate, setups[s].n_fft, setups[s].fmin, setups[s].quantile);
    float *mag = g_new (float, n_bins);

    for (guint shape = 0; shape < 5; shape++) {
      for (guint trial = 0; trial < 20; trial++) {
        double peak[GC_CONTRAST_N_ROWS], valley[GC_CONTRAST_N_ROWS];
        double want_peak[GC_CONTRAST_N_ROWS], want_valley[GC_CONTRAST_N_ROWS];

        for (guint i = 0; i < n_bins; i++) {
          double noise = g_rand_double (rand);
          switch (shape) {
            case 0: /* falling, like music */
              mag[i] = noise * 100.0 / (1.0 + i);
              break;
            case 1: /* rising */
              mag[i] = noise * (1.0 + i);
              break;
            case 2: /* flat */
              mag[i] = 0.5f;
              break;
            case 3: /* few distinct values, many zeros */
              mag[i] = g_rand_int_range (rand, 0, 4) * 0.25f;
              break;
            default: /* isolated peaks on silence */
              mag[i] = g_rand_int_range (rand, 0, 50) == 0 ? noise : 0.0f;
              break;
          }
        }
        gc_contrast_frame (c, mag, peak, valley);
        reference_contrast (mag, setups[s].rate, setups[s].n_fft,
            setups[s].fmin, setups[s].quantile, want_peak, want_valley);
        for (guint k = 0; k < GC_CONTRAST_N_ROWS; k++) {
          g_assert_cmpfloat_with_epsilon (
              peak[k], want_peak[k], 1e-12 * MAX (1.0, want_peak[k]));
          g_assert_cmpfloat_with_epsilon (
              valley[k], want_valley[k], 1e-12 * MAX (1.0, want_valley[k]));
        }
      }
    }
    g_free (mag);
    gc_contrast_free (c);
  }
  g_rand_free (rand);
}

/* The fused per-bin loops against their definitions, element by element,
 * including the soft mask's 0/0 case (½, as librosa's split_zeros). */
static void
test_spectrum_ops (void)
{
  enum { N = 1025 };
  GRand *rand = g_rand_new_with_seed (5);
  double complex *x = g_new (double complex, N), *y = g_new (double complex, N);
  double complex *copy = g_new (double complex, N);
  double complex *masked = g_new (double complex, N);
  float *mag = g_new (float, N), *h = g_new (float, N), *p = g_new (float, N);
  double *power_y = g_new (double, N), *power_rest = g_new (double, N);

  for (guint k = 0; k < N; k++) {
    x[k] = g_rand_double_range (rand, -9, 9)
        + I * g_rand_double_range (rand, -9, 9);
    y[k] = g_rand_double_range (rand, -9, 9)
        + I * g_rand_double_range (rand, -9, 9);
    h[k] = k % 7 == 0 ? 0.0f : (float)g_rand_double (rand);
    p[k] = k % 5 == 0 ? 0.0f : (float)g_rand_double (rand);
  }
  gc_spectrum_copy_magnitude (x, copy, mag, N);
  gc_spectrum_soft_mask (x, h, p, masked, N);
  gc_spectrum_powers (x, y, power_y, power_rest, N);
  for (guint k = 0; k < N; k++) {
    double mask = h[k] == 0.0f && p[k] == 0.0f
        ? 0.5
        : (double)h[k] * h[k] / ((double)h[k] * h[k] + (double)p[k] * p[k]);

    g_assert_true (copy[k] == x[k]);
    g_assert_cmpfloat (mag[k], ==, (float)cabs (x[k]));
    g_assert_cmpfloat_with_epsilon (
        cabs (masked[k] - x[k] * mask), 0.0, 1e-14 * cabs (x[k]));
    g_assert_cmpfloat_with_epsilon (
        power_y[k], cabs (y[k]) * cabs (y[k]), 1e-12);
    g_assert_cmpfloat_with_epsilon (
        power_rest[k], cabs (x[k] - y[k]) * cabs (x[k] - y[k]), 1e-12);
  }
  g_free (x);
  g_free (y);
  g_free (copy);
  g_free (masked);
  g_free (mag);
  g_free (h);
  g_free (p);
  g_free (power_y);
  g_free (power_rest);
  g_rand_free (rand);
}

/* Two frames through the mel filterbank at once give exactly what one at
 * a time gives. */
static void
test_mel_pair (void)
{
  GcMel *mel = gc_mel_new (22050, 2048, 40);
  double a[1025], b[1025], mel_a[40], mel_b[40], want_a[40], want_b[40];

  for (guint k = 0; k < 1025; k++) {
    a[k] = sin (k * 0.37) * sin (k * 0.37) * 1e3;
    b[k] = 1.0 / (1.0 + k);
  }
  gc_mel_apply (mel, a, want_a);
  gc_mel_apply (mel, b, want_b);
  gc_mel_apply_pair (mel, a, b, mel_a, mel_b);
  g_assert_cmpmem (mel_a, sizeof (mel_a), want_a, sizeof (want_a));
  g_assert_cmpmem (mel_b, sizeof (mel_b), want_b, sizeof (want_b));
  g_assert_cmpfloat (want_a[10], >, 0.0);
  gc_mel_free (mel);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/dsp/reflect-index", test_reflect_index);
  g_test_add_func ("/dsp/stats", test_stats);
  g_test_add_func ("/dsp/mel-scale", test_mel_scale);
  g_test_add_func ("/dsp/power-to-db", test_power_to_db);
  g_test_add_func ("/dsp/db-two-steps", test_db_two_steps);
  g_test_add_func ("/dsp/dct-ortho", test_dct_ortho);
  g_test_add_func ("/dsp/stft-round-trip", test_stft_round_trip);
  g_test_add_func ("/dsp/contrast-flat", test_contrast_flat);
  g_test_add_func ("/dsp/contrast-extremes", test_contrast_extremes);
  g_test_add_func ("/dsp/spectrum-ops", test_spectrum_ops);
  g_test_add_func ("/dsp/mel-pair", test_mel_pair);
  return g_test_run ();
}
