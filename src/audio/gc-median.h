/* genreclassify — median filters as scipy.ndimage.median_filter(mode="reflect")
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef GC_MEDIAN_H
#define GC_MEDIAN_H

#include <glib.h>

G_BEGIN_DECLS

/* Maps any index onto [0, n) the way scipy's "reflect" mode extends a
 * signal: (d c b a | a b c d | d c b a), repeated for far indices. */
gsize gc_reflect_index (gint64 index, gsize n);

/* The median of @n (odd) values; reorders @values. */
double gc_median_select (double *values, guint n);

/* out[i] = median of in[reflect(i - width/2 .. i + width/2)], width odd. */
void gc_median_filter_reflect (
    const double *in, gsize n, guint width, double *out);

G_END_DECLS

#endif
