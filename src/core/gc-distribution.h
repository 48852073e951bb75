/* genreclassify — a distribution over a model's labels (no GStreamer types)
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * A distribution is one probability per label of a model, in label order:
 * what gc_model_predict() writes, what the element reports for a window and
 * for the whole stream (gc-summary.h), and what the tools print.
 */
#ifndef GC_DISTRIBUTION_H
#define GC_DISTRIBUTION_H

#include <glib.h>

G_BEGIN_DECLS

/* The name under which files carry gc_distribution_to_string()'s text: a
 * Vorbis comment, an ID3v2 COMM description, an APE item, the end of an
 * MP4 freeform name.  The element strips it and genreclassify-tag writes
 * it, so both must spell it alike. */
#define GC_DISTRIBUTION_KEY "GENRE_DISTRIBUTION"

/* Checks that @probs (@n values) are finite and non-negative with a positive
 * sum, and rescales them to sum to 1.  Returns FALSE (leaving @probs
 * unspecified) when they are not a usable distribution. */
gboolean gc_distribution_normalise (double *probs, guint n);

/* The most probable label of @probs (@n >= 1 values): the first of equal
 * maxima, as the element orders them (gc_distribution_sorted_order()'s
 * first). */
guint gc_distribution_top (const double *probs, guint n);

/* Label indices of @probs (@n values) by descending probability; equal
 * probabilities keep label order.  Free with g_free(). */
guint *gc_distribution_sorted_order (const double *probs, guint n);

/* "label=0.6100;label2=0.2000" for @probs (@n values in the order of
 * @labels, e.g. gc_model_get_labels()), most probable first, four decimals
 * with '.' whatever the locale (the element's genre-distribution tag).
 * Free with g_free(). */
char *gc_distribution_to_string (
    const double *probs, guint n, const char *const *labels);

/* The uncertainty rule of the element's "uncertain-margin" property and of
 * genreclassify-tag: a distribution is uncertain when its most probable
 * label is ahead of the second by less than @margin (p1 - p2 < @margin).
 * @margin <= 0 (or NaN) never makes anything uncertain; @probs NULL (no
 * answer at all) is not uncertain either; a single label is never
 * uncertain for @margin <= 1 (its lead is 1). */
gboolean gc_distribution_uncertain (
    const double *probs, guint n, double margin);

G_END_DECLS

#endif
