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

void
gc_sorted_init (double *sorted, const double *values, guint n)
{
  for (guint i = 0; i < n; i++) {
    double v = values[i];
    guint j = i;

    while (j > 0 && sorted[j - 1] > v) {
      sorted[j] = sorted[j - 1];
      j--;
    }
    sorted[j] = v;
  }
}

static inline double
reflected (const double *in, gsize n, gint64 index)
{
  return index >= 0 && index < (gint64)n ? in[index]
                                         : in[gc_reflect_index (index, n)];
}

void
gc_median_filter_reflect (
    const double *in, gsize n, guint width, double *scratch, double *out)
{
  gint64 half = width / 2;

  for (guint j = 0; j < width; j++)
    scratch[j] = reflected (in, n, j - half);
  gc_sorted_init (scratch, scratch, width);
  out[0] = scratch[half];

  for (gsize i = 1; i < n; i++) {
    gc_sorted_replace (scratch, width, reflected (in, n, (gint64)i - half - 1),
        reflected (in, n, (gint64)i + half));
    out[i] = scratch[half];
  }
}
