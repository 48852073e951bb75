/* genreclassify — the element's output side: messages and tags
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef GC_OUTPUT_H
#define GC_OUTPUT_H

#include <gst/gst.h>

#include "gc-model.h"
#include "gc-smoother.h"

G_BEGIN_DECLS

/* Name of the element messages' structure. */
#define GC_OUTPUT_MESSAGE_NAME "genreclassify"

/* Tag registered by the plugin: the whole distribution as a string,
 * "label=0.6100;label2=0.2000;..." (gc_distribution_to_string()). */
#define GC_TAG_GENRE_DISTRIBUTION "genre-distribution"

/* Tag registered by the plugin: TRUE when the result is uncertain (see the
 * uncertain-margin property); then GST_TAG_GENRE is not set by the
 * element.  Absent from the element's tags for a certain result. */
#define GC_TAG_GENRE_UNCERTAIN "genre-uncertain"

/* Name of the genre change messages' structure. */
#define GC_OUTPUT_CHANGE_MESSAGE_NAME "genreclassify-change"

void gc_output_register_tags (void);

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
   * window in the summary). Must have passed gc_distribution_normalise(). */
  const double *probs;
  /* gc_distribution_uncertain() of @probs. */
  gboolean uncertain;
  /* Windows only, with smoothing: the smoothed distribution (label order)
   * or NULL when no window of the span was classified, the number of
   * windows averaged and the current genre (GC_LABEL_NONE: none yet). */
  gboolean smoothing;
  const double *smoothed;
  guint smoothed_windows;
  guint current_label;
  /* Summary only. */
  guint windows;
  guint silent_windows;
} GcResult;

GstStructure *gc_output_build_structure (
    const GcModel *model, const GcResult *result);

/* A change of the current genre, as it goes into a message. */
typedef struct {
  GstClockTime timestamp; /* the estimated time of the change */
  GstClockTime stream_time;
  GstClockTime running_time;
  GstClockTime first_window; /* start of the first window voting for it */
  GstClockTime detected_at; /* end of the window that confirmed it */
  guint window_index; /* that window's */
  guint old_label; /* GC_LABEL_NONE: the stream's first genre */
  guint new_label;
  double old_prob, new_prob, margin; /* smoothed */
  guint voting_windows;
  guint smoothed_windows;
} GcChangeResult;

GstStructure *gc_output_build_change (
    const GcModel *model, const GcChangeResult *change);

/* GST_TAG_GENRE (unless @uncertain) and GC_TAG_GENRE_DISTRIBUTION for
 * @probs (label order), GC_TAG_GENRE_UNCERTAIN when @uncertain, merged over
 * @upstream (may be NULL; its genre is kept when @uncertain), stream
 * scope. */
GstTagList *gc_output_build_tags (const GcModel *model, const double *probs,
    gboolean uncertain, const GstTagList *upstream);

/* Removes what the element reports from @tags: GST_TAG_GENRE and what
 * gc_output_strip_analysis() removes. */
void gc_output_strip_genre (GstTagList *tags);

/* Removes the element's own tags but not the genre: GC_TAG_GENRE_DISTRIBUTION,
 * GC_TAG_GENRE_UNCERTAIN and the "GENRE_DISTRIBUTION=…" extended comments
 * (as genreclassify-tag writes them into files). */
void gc_output_strip_analysis (GstTagList *tags);

G_END_DECLS

#endif
