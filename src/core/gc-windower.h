/* genreclassify — window scheduling over a continuous stream
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Splits a stream of mono GC_ANALYSIS_RATE samples into analysis windows of
 * `window` seconds starting every `hop` seconds (hop <= window; hop < window
 * gives overlapping windows, each analysed by its own GcAnalyser as an
 * independent clip, exactly as a tool cutting the file into clips would).
 * The element and the command-line tools both drive the features through
 * this object, so a file gives the same vectors in both.
 */
#ifndef GC_WINDOWER_H
#define GC_WINDOWER_H

#include "gc-analyser.h"

G_BEGIN_DECLS

typedef struct _GcWindower GcWindower;

/* Called for every finished window.  @start is the index (in analysis
 * samples since the last reset) of the window's first sample, @n_samples
 * its length; @vector is valid only during the call and only if @status is
 * GC_WINDOW_OK. @n_invalid counts the non-finite samples that were zeroed. */
typedef void (*GcWindowFunc) (guint64 start, gsize n_samples,
    GcWindowStatus status, const double *vector, gsize n_invalid,
    gpointer user_data);

/* window_samples >= GC_HOP, 1 <= hop_samples <= window_samples; every
 * window gives @set's vector. */
GcWindower *gc_windower_new (
    gsize window_samples, gsize hop_samples, GcFeatureSet set);

/* Bytes that gc_windower_new() allocates for these arguments: one analyser
 * per window that can be open at once, ⌈window / hop⌉, all made up front. */
gsize gc_windower_memory (
    gsize window_samples, gsize hop_samples, GcFeatureSet set);
void gc_windower_free (GcWindower *windower);

void gc_windower_push (GcWindower *windower, const float *samples, gsize n,
    GcWindowFunc func, gpointer user_data);

/* End of stream: ends every open window that holds at least min_samples
 * samples (reporting it), drops the others, then resets. */
void gc_windower_finish (GcWindower *windower, gsize min_samples,
    GcWindowFunc func, gpointer user_data);

/* Drops all open windows (flush, seek, discontinuity). */
void gc_windower_reset (GcWindower *windower);

/* Samples pushed since the last reset. */
guint64 gc_windower_position (const GcWindower *windower);

G_END_DECLS

#endif
