/* genreclassify — the element's output side: messages, tags, summary
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef GC_OUTPUT_H
#define GC_OUTPUT_H

#include <gst/gst.h>

#include "gc-model.h"

G_BEGIN_DECLS

/* Name of the element messages' structure. */
#define GC_OUTPUT_MESSAGE_NAME "genreclassify"

/* Tag registered by the plugin: the whole distribution as a string,
 * "label=0.6100;label2=0.2000;..." — most probable first, probabilities with
 * four decimals and '.' as decimal separator. */
#define GC_TAG_GENRE_DISTRIBUTION "genre-distribution"

void gc_output_register_tags (void);

/* Checks that @probs (@n values) are finite and non-negative with a positive
 * sum, and rescales them to sum to 1.  Returns FALSE (leaving @probs
 * unspecified) when they are not a usable distribution. */
gboolean gc_output_normalise (double *probs, guint n);

/* Running duration-weighted mean of the classified windows since the last
 * reset, and counts of what was reported. */
typedef struct {
  guint n_labels;
  double *weighted; /* sum over windows of n_samples * p */
  double total_weight; /* sum of n_samples of classified windows */
  guint n_classified;
  guint n_silent;
  guint n_reported;
  guint64 n_invalid;
  GstClockTime first_ts; /* start of the first reported window */
  GstClockTime end_ts; /* end of the latest-ending reported window */
} GcSummary;

void gc_summary_init (GcSummary *summary, guint n_labels);
void gc_summary_clear (GcSummary *summary);
void gc_summary_reset (GcSummary *summary);
/* Counts a reported window; @probs (label order) is NULL when the window was
 * not classified. */
void gc_summary_add (GcSummary *summary, GstClockTime ts, GstClockTime duration,
    gsize n_samples, const double *probs, gboolean silent, guint64 n_invalid);
/* Writes the mean distribution; FALSE when no window was classified. */
gboolean gc_summary_get (const GcSummary *summary, double *probs);

/* One result, as it goes into a message. */
typedef struct {
  GstClockTime timestamp;
  GstClockTime stream_time;
  GstClockTime running_time;
  GstClockTime duration;
  guint window_index;
  guint64 n_invalid;
  gboolean final;
  gboolean silent;
  /* Label-order distribution, or NULL for "not classified" (silent, or no
   * window in the summary). Must have passed gc_output_normalise(). */
  const double *probs;
  /* Summary only. */
  guint windows;
  guint silent_windows;
} GcResult;

GstStructure *gc_output_build_structure (
    const GcModel *model, const GcResult *result);

/* GST_TAG_GENRE and GC_TAG_GENRE_DISTRIBUTION for @probs (label order),
 * merged over @upstream (may be NULL), stream scope. */
GstTagList *gc_output_build_tags (
    const GcModel *model, const double *probs, const GstTagList *upstream);

/* Removes what the element reports from @tags: GST_TAG_GENRE,
 * GC_TAG_GENRE_DISTRIBUTION and the "GENRE_DISTRIBUTION=…" extended
 * comments (as genreclassify-tag writes them into files). */
void gc_output_strip_genre (GstTagList *tags);

/* Label indices of @probs (@n values) by descending probability; equal
 * probabilities keep label order.  Free with g_free(). */
guint *gc_output_sorted_order (const double *probs, guint n);

/* "label=0.6100;label2=0.2000" for @probs (label order), most probable
 * first.  Free with g_free(). */
gchar *gc_output_distribution_string (
    const GcModel *model, const double *probs);

G_END_DECLS

#endif
