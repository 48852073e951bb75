/* genreclassify — median filters as scipy.ndimage.median_filter(mode="reflect")
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "gc-median.h"

gsize
gc_reflect_index (gint64 index, gsize n)
{
  gint64 period = 2 * (gint64)n;

  index %= period;
  if (index < 0)
    index += period;
  return index < (gint64)n ? (gsize)index : (gsize)(period - 1 - index);
}

double
gc_median_select (double *values, guint n)
{
  /* Wirth's selection: partitions in place around the k-th element. */
  gint k = n / 2, lo = 0, hi = (gint)n - 1;

  while (lo < hi) {
    double pivot = values[k];
    gint i = lo, j = hi;

    do {
      while (values[i] < pivot)
        i++;
      while (pivot < values[j])
        j--;
      if (i <= j) {
        double t = values[i];
        values[i] = values[j];
        values[j] = t;
        i++;
        j--;
      }
    } while (i <= j);
    if (j < k)
      lo = i;
    if (k < i)
      hi = j;
  }
  return values[k];
}

void
gc_median_filter_reflect (const double *in, gsize n, guint width, double *out)
{
  double window[width];
  gint64 half = width / 2;

  for (gsize i = 0; i < n; i++) {
    if ((gint64)i >= half && i + half < n) {
      for (guint j = 0; j < width; j++)
        window[j] = in[i - half + j];
    } else {
      for (guint j = 0; j < width; j++)
        window[j] = in[gc_reflect_index ((gint64)i - half + j, n)];
    }
    out[i] = gc_median_select (window, width);
  }
}
