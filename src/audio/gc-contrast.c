/* genreclassify — spectral contrast (librosa.feature.spectral_contrast)
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "gc-contrast.h"
#include "gc-mel.h"

#include <math.h>
#include <string.h>

struct _GcContrast {
  /* Inclusive bin range of each band's sub-band and its quantile count. */
  guint first[GC_CONTRAST_N_ROWS], last[GC_CONTRAST_N_ROWS];
  guint n_quantile[GC_CONTRAST_N_ROWS];
  double *low, *high;
};

GcContrast *
gc_contrast_new (double sample_rate, guint n_fft, double fmin, double quantile)
{
  GcContrast *contrast = g_new0 (GcContrast, 1);
  guint n_bins = n_fft / 2 + 1;
  double octave[GC_CONTRAST_N_BANDS + 2];

  octave[0] = 0.0;
  for (guint k = 0; k <= GC_CONTRAST_N_BANDS; k++)
    octave[k + 1] = fmin * exp2 (k);

  for (guint k = 0; k < GC_CONTRAST_N_ROWS; k++) {
    guint first = n_bins, last = 0, count;

    for (guint i = 0; i < n_bins; i++) {
      double f = sample_rate * i / n_fft;
      if (f >= octave[k] && f <= octave[k + 1]) {
        first = MIN (first, i);
        last = i;
      }
    }
    g_assert (first <= last);
    /* librosa widens every band but the first by the bin below it, lets
     * the last band run to Nyquist, counts the quantile on that, and then
     * drops the top bin of every band but the last. */
    if (k > 0)
      first--;
    if (k == GC_CONTRAST_N_BANDS)
      last = n_bins - 1;
    count = last - first + 1;
    if (k < GC_CONTRAST_N_BANDS)
      last--;

    contrast->first[k] = first;
    contrast->last[k] = last;
    contrast->n_quantile[k] = MAX (1, (guint)nearbyint (quantile * count));
  }
  contrast->low = g_new (double, n_bins);
  contrast->high = g_new (double, n_bins);
  return contrast;
}

void
gc_contrast_free (GcContrast *contrast)
{
  if (!contrast)
    return;
  g_free (contrast->low);
  g_free (contrast->high);
  g_free (contrast);
}

/* Sums of the @q smallest and the @q largest of @n values (q <= n), by
 * keeping each extreme sorted in one pass: q is a few percent of n.  Spectra
 * mostly fall with frequency, so the largest are sought from the low end and
 * the smallest from the high end: in that order a value rarely displaces
 * one already kept, and the test that says so is well predicted. */
static void
extreme_sums (const double *x, guint n, guint q, double *low, double *high,
    double *sum_low, double *sum_high)
{
  guint kept = 0;

  for (guint i = 0; i < n; i++) {
    double v = x[i];
    guint j;

    if (kept < q || v > high[kept - 1]) {
      j = kept < q ? kept++ : kept - 1;
      while (j > 0 && high[j - 1] < v) {
        high[j] = high[j - 1];
        j--;
      }
      high[j] = v;
    }
  }
  kept = 0;
  for (guint i = n; i-- > 0;) {
    double v = x[i];
    guint j;

    if (kept < q || v < low[kept - 1]) {
      j = kept < q ? kept++ : kept - 1;
      while (j > 0 && low[j - 1] > v) {
        low[j] = low[j - 1];
        j--;
      }
      low[j] = v;
    }
  }
  *sum_low = *sum_high = 0.0;
  for (guint i = 0; i < q; i++) {
    *sum_low += low[i];
    *sum_high += high[i];
  }
}

void
gc_contrast_frame (
    GcContrast *contrast, const double *magnitude, double *peak, double *valley)
{
  for (guint k = 0; k < GC_CONTRAST_N_ROWS; k++) {
    guint n = contrast->last[k] - contrast->first[k] + 1;
    guint q = MIN (contrast->n_quantile[k], n);
    double low, high;

    extreme_sums (magnitude + contrast->first[k], n, q, contrast->low,
        contrast->high, &low, &high);
    valley[k] = low / q;
    peak[k] = high / q;
  }
}

void
gc_contrast_finish (
    double *peak, double *valley, gsize n_frames, double scale, double *out)
{
  gsize n = n_frames * GC_CONTRAST_N_ROWS;

  gc_power_to_db (peak, n, scale);
  gc_power_to_db (valley, n, scale);
  for (gsize t = 0; t < n_frames; t++)
    for (guint k = 0; k < GC_CONTRAST_N_ROWS; k++)
      out[k * n_frames + t] =
          peak[t * GC_CONTRAST_N_ROWS + k] - valley[t * GC_CONTRAST_N_ROWS + k];
}
