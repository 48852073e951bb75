/* genreclassify — median filters as scipy.ndimage.median_filter(mode="reflect")
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * HPSS takes 2 × 1025 medians of 31 values per frame, so this is the hot
 * spot of the analysis.  Each median keeps its window sorted and slides it
 * by one value per step; eight windows advance together in the lanes of a
 * vector, with no data-dependent branch, so the selection is exact (the
 * median is one of the input values) and costs a few cycles per step.
 */
#ifndef GC_MEDIAN_H
#define GC_MEDIAN_H

#include <glib.h>

G_BEGIN_DECLS

#define GC_MEDIAN_WIDTH 31

/* Maps any index onto [0, n) the way scipy's "reflect" mode extends a
 * signal: (d c b a | a b c d | d c b a), repeated for far indices. */
gsize gc_reflect_index (gint64 index, gsize n);

/* out[i] = median of in[reflect(i − 15 .. i + 15)], for i in [0, n). */
void gc_median_filter_reflect (const float *in, gsize n, float *out);

/* Running medians of @n_channels independent signals (the time median of
 * every frequency bin). */
typedef struct _GcMedianBank GcMedianBank;

GcMedianBank *gc_median_bank_new (guint n_channels);
void gc_median_bank_free (GcMedianBank *bank);

/* Starts every window from GC_MEDIAN_WIDTH rows of n_channels values. */
void gc_median_bank_init (GcMedianBank *bank, const float *const *rows);

/* Slides every window: one row leaves, one enters (the leaving row must be
 * one that is in the windows). */
void gc_median_bank_slide (
    GcMedianBank *bank, const float *leaving, const float *entering);

/* The current medians, n_channels values. */
void gc_median_bank_get (const GcMedianBank *bank, float *medians);

G_END_DECLS

#endif
