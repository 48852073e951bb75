/* genreclassify — median filters as scipy.ndimage.median_filter(mode="reflect")
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * HPSS takes 2 × 1025 medians of 31 values per frame, so this is the hot
 * spot of the analysis.  Each median keeps its window sorted and slides it
 * by one value per step, in two passes fused into one over the 31 slots:
 * deleting the leaving value is a compare and a blend per slot (from its
 * first occurrence on, slots take their upper neighbour: d), inserting the
 * entering one a min and a max (slot j gets max (d[j − 1], min (d[j], new))).
 * Many windows advance together in the lanes of a vector — 16 with AVX-512,
 * 8 with AVX2, 4 with the portable generic vectors — with no data-dependent
 * branch; the first window of a run is sorted by a bitonic network.  The
 * frequency filter gives each lane one segment of the spectrum, and the
 * time median (the bank) each lane one frequency bin.
 *
 * The selection is exact: every median is one of the input values, and all
 * instruction sets give the same bits.  Inputs must not be NaN (+inf is
 * fine); +0 and −0 count as equal, so either may come out for a zero.
 */
#ifndef GC_MEDIAN_H
#define GC_MEDIAN_H

#include <glib.h>

G_BEGIN_DECLS

#define GC_MEDIAN_WIDTH 31

/* The kernels, from the most portable up; each one needs the CPU features
 * of those below it. */
typedef enum {
  GC_SIMD_GENERIC,
  GC_SIMD_AVX2,
  GC_SIMD_AVX512,
} GcSimd;

/* The best kernels this CPU (and OS) can run. */
GcSimd gc_simd_best (void);

/* Maps any index onto [0, n) the way scipy's "reflect" mode extends a
 * signal: (d c b a | a b c d | d c b a), repeated for far indices. */
gsize gc_reflect_index (gint64 index, gsize n);

/* out[i] = median of in[reflect(i − 15 .. i + 15)], for i in [0, n). */
void gc_median_filter_reflect (const float *in, gsize n, float *out);

/* The same with the kernels of @simd, or the best ones below it when the
 * CPU lacks them (for tests and benchmarks). */
void gc_median_filter_reflect_simd (
    GcSimd simd, const float *in, gsize n, float *out);

/* Running medians of @n_channels independent signals (the time median of
 * every frequency bin). */
typedef struct _GcMedianBank GcMedianBank;

GcMedianBank *gc_median_bank_new (guint n_channels);
/* With the kernels of @simd, or the best ones below it. */
GcMedianBank *gc_median_bank_new_simd (guint n_channels, GcSimd simd);
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
