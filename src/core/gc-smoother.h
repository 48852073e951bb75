/* genreclassify — smoothing over recent windows and genre changes
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The element's "smoothing" and "change-margin" properties (no GStreamer
 * types: positions are analysis samples since the windows last restarted,
 * as GcWindower gives them).
 *
 * Smoothed distribution of a window starting at t: the mean of the
 * distributions of the classified windows that started in the last
 * `span` samples, t itself included — starts in (t - span, t] — weighted
 * by their lengths (as the summary weighs windows).  With windows every
 * `hop` samples that is ⌈span / hop⌉ windows.
 *
 * Current genre, with hysteresis: none at first; the leader T of the
 * smoothed distribution becomes the current genre C when it is ahead of C
 * by at least the change margin (and strictly ahead), or, while there is
 * no current genre yet, ahead of the runner-up by that margin.  So a
 * window that tips the smoothed distribution only slightly changes
 * nothing.
 *
 * Time of a change: the windows that "voted" for T are the latest run of
 * classified windows that preferred T to C (p[T] > p[C]; for the first
 * genre, whose top label was T).  The change is placed half-way between
 * the centre of the last window before that run and the centre of its
 * first window: the first window's start + (window - hop) / 2.  (Without
 * overlap that is the first window's start.)  The first genre is placed
 * at the start of its first window.
 */
#ifndef GC_SMOOTHER_H
#define GC_SMOOTHER_H

#include <glib.h>

G_BEGIN_DECLS

/* No label: no current genre yet. */
#define GC_LABEL_NONE G_MAXUINT

typedef struct _GcSmoother GcSmoother;

/* A change of the current genre. */
typedef struct {
  guint old_label; /* GC_LABEL_NONE: the first genre of the stream */
  guint new_label;
  double old_prob; /* smoothed, at the confirming window (runner-up's for
                      the first genre) */
  double new_prob;
  double margin; /* new_prob - old_prob */
  guint64 first_start; /* start of the first window that voted for it */
  guint64 estimate; /* estimated position of the change */
  guint n_voting; /* windows of that run */
} GcChange;

/* @span, @window and @hop in samples (all >= 1, hop <= window).  Keeps the
 * last 2⌈span / hop⌉ + 2 windows: the walk back to the first voting
 * window goes no further. */
GcSmoother *gc_smoother_new (
    guint n_labels, guint64 span, gsize window, gsize hop);
/* Bytes gc_smoother_new() allocates for these arguments. */
gsize gc_smoother_memory (guint n_labels, guint64 span, gsize hop);
void gc_smoother_free (GcSmoother *smoother);

/* The windows restart (discontinuity, gap, new segment): the history is
 * dropped, the current genre kept. */
void gc_smoother_restart (GcSmoother *smoother);
/* Flush, end of stream: also forgets the current genre. */
void gc_smoother_reset (GcSmoother *smoother);

/* Adds the window starting at @start (after the previous one) of
 * @n_samples samples, with @probs (label order, normalised) or NULL when
 * it was not classified.  Writes the smoothed distribution into @smoothed
 * (n_labels values) and returns the number of windows averaged; 0 when no
 * window of the span was classified (@smoothed is then left alone).  When
 * the current genre changes, under @change_margin (0 - 1), fills @change
 * and sets *@changed (otherwise FALSE). */
guint gc_smoother_add (GcSmoother *smoother, guint64 start, gsize n_samples,
    const double *probs, double change_margin, double *smoothed,
    GcChange *change, gboolean *changed);

/* The current genre, or GC_LABEL_NONE. */
guint gc_smoother_current (const GcSmoother *smoother);

G_END_DECLS

#endif
