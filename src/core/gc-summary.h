/* genreclassify — the whole-stream summary of the reported windows
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The element's summary at EOS, and genreclassify-tag's for a file: the
 * mean of the classified windows' distributions, each weighted by its
 * length and by how far the model can be trusted at that length
 * (gc_model_window_weight()), and counts of what was reported.  No GStreamer
 * types: times are nanoseconds, as GstClockTime, and GC_TIME_NONE is
 * GST_CLOCK_TIME_NONE.
 */
#ifndef GC_SUMMARY_H
#define GC_SUMMARY_H

#include <glib.h>

G_BEGIN_DECLS

/* An unknown time. */
#define GC_TIME_NONE G_MAXUINT64

/* Running weighted mean of the classified windows since the last reset,
 * and counts of what was reported. */
typedef struct {
  guint n_labels;
  double *weighted; /* sum over windows of weight * p */
  double total_weight; /* sum of the weights of classified windows */
  guint n_classified;
  guint n_silent;
  guint n_reported;
  guint64 n_invalid;
  guint64 first_ts; /* start of the first reported window, or GC_TIME_NONE */
  guint64 end_ts; /* end of the latest-ending reported window, or NONE */
} GcSummary;

void gc_summary_init (GcSummary *summary, guint n_labels);
void gc_summary_clear (GcSummary *summary);
void gc_summary_reset (GcSummary *summary);
/* Counts a reported window that starts at @ts (may be GC_TIME_NONE) and
 * lasts @duration; @probs (label order) is NULL when the window was not
 * classified.  @weight is its weight in the mean: its sample count, or
 * gc_model_window_weight() (which also weighs how far the model can be
 * trusted at that length); a window of weight 0 is not counted. */
void gc_summary_add (GcSummary *summary, guint64 ts, guint64 duration,
    double weight, const double *probs, gboolean silent, guint64 n_invalid);
/* Writes the mean distribution; FALSE when no window was classified. */
gboolean gc_summary_get (const GcSummary *summary, double *probs);

G_END_DECLS

#endif
