/* genreclassify — per-coefficient statistics over time (numpy/scipy)
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "gc-stats.h"

#include <math.h>

void
gc_gradient (const double *x, gsize n, double *out)
{
  if (n < 2) {
    for (gsize i = 0; i < n; i++)
      out[i] = 0.0;
    return;
  }
  out[0] = x[1] - x[0];
  for (gsize i = 1; i + 1 < n; i++)
    out[i] = (x[i + 1] - x[i - 1]) / 2.0;
  out[n - 1] = x[n - 1] - x[n - 2];
}

int
gc_compare_doubles (const void *a, const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;

  return (x > y) - (x < y);
}

void
gc_mean_std (const double *x, gsize n, double *mean, double *std)
{
  double sum = 0.0, sq = 0.0, m;

  if (n == 0) {
    *mean = *std = 0.0;
    return;
  }
  for (gsize i = 0; i < n; i++)
    sum += x[i];
  m = sum / n;
  /* Two passes: the variance of values far from zero stays exact. */
  for (gsize i = 0; i < n; i++)
    sq += (x[i] - m) * (x[i] - m);
  *mean = m;
  *std = sqrt (sq / n);
}

void
gc_skew_kurtosis (const double *x, gsize n, double *skew, double *kurtosis)
{
  double mean, std, m2 = 0.0, m3 = 0.0, m4 = 0.0;

  gc_mean_std (x, n, &mean, &std);
  for (gsize i = 0; i < n; i++) {
    double d = x[i] - mean, d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
    m4 += d2 * d2;
  }
  if (n == 0 || m2 / n <= (1e-15 * fabs (mean)) * (1e-15 * fabs (mean))
      || m2 == 0.0) {
    *skew = *kurtosis = 0.0;
    return;
  }
  m2 /= n;
  m3 /= n;
  m4 /= n;
  *skew = m3 / pow (m2, 1.5);
  *kurtosis = m4 / (m2 * m2) - 3.0;
}

void
gc_summarise_row (
    const double *x, gsize n, double *scratch, double *out, gsize stride)
{
  double *d1 = scratch, *d2 = scratch + n;

  gc_gradient (x, n, d1);
  gc_gradient (d1, n, d2);
  gc_mean_std (x, n, &out[0], &out[stride]);
  gc_mean_std (d1, n, &out[2 * stride], &out[3 * stride]);
  gc_mean_std (d2, n, &out[4 * stride], &out[5 * stride]);
}
