/* genreclassify — median filters as scipy.ndimage.median_filter(mode="reflect")
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Both HPSS medians slide a window of 31 values by one position at a time,
 * so they keep the window sorted and replace one value per step (on average
 * a few moves) instead of selecting from scratch.
 */
#ifndef GC_MEDIAN_H
#define GC_MEDIAN_H

#include <glib.h>

G_BEGIN_DECLS

/* Maps any index onto [0, n) the way scipy's "reflect" mode extends a
 * signal: (d c b a | a b c d | d c b a), repeated for far indices. */
gsize gc_reflect_index (gint64 index, gsize n);

/* Sorts @n values into @sorted (a sliding window's initial state). */
void gc_sorted_init (double *sorted, const double *values, guint n);

/* Replaces one occurrence of @old_value (which must be in the window) by
 * @new_value, keeping @sorted sorted. */
static inline void
gc_sorted_replace (double *sorted, guint n, double old_value, double new_value)
{
  guint lo = 0, hi = n, i;

  while (lo < hi) {
    guint mid = (lo + hi) / 2;
    if (sorted[mid] < old_value)
      lo = mid + 1;
    else
      hi = mid;
  }
  i = lo;
  if (new_value > old_value) {
    while (i + 1 < n && sorted[i + 1] < new_value) {
      sorted[i] = sorted[i + 1];
      i++;
    }
  } else {
    while (i > 0 && sorted[i - 1] > new_value) {
      sorted[i] = sorted[i - 1];
      i--;
    }
  }
  sorted[i] = new_value;
}

/* out[i] = median of in[reflect(i - width/2 .. i + width/2)], width odd;
 * @scratch holds width values. */
void gc_median_filter_reflect (
    const double *in, gsize n, guint width, double *scratch, double *out);

G_END_DECLS

#endif
