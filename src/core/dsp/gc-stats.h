/* genreclassify — per-coefficient statistics over time (numpy/scipy)
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef GC_STATS_H
#define GC_STATS_H

#include <glib.h>

G_BEGIN_DECLS

/* numpy.gradient(x) with unit spacing and edge_order=1: central differences
 * inside, one-sided at the ends; zeros when n < 2 (numpy refuses). */
void gc_gradient (const double *x, gsize n, double *out);

/* qsort() comparator: ascending doubles (NaN-free input). */
int gc_compare_doubles (const void *a, const void *b);

/* Mean and population standard deviation (ddof = 0). */
void gc_mean_std (const double *x, gsize n, double *mean, double *std);

/* scipy.stats.skew / kurtosis(fisher=True) with bias=True.  Where scipy
 * returns NaN (a constant row) these return 0, so no NaN leaves the core. */
void gc_skew_kurtosis (
    const double *x, gsize n, double *skew, double *kurtosis);

/* The seed's summary of one row: mean, std, mean and std of its gradient
 * and of its second gradient, written to out[0], out[stride], …,
 * out[5·stride].  @scratch holds 2·n values. */
void gc_summarise_row (
    const double *x, gsize n, double *scratch, double *out, gsize stride);

G_END_DECLS

#endif
