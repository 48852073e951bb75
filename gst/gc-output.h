/* genreclassify — the element's output side: messages and tags
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
 * "label=0.6100;label2=0.2000;..." (gc_distribution_to_string()). */
#define GC_TAG_GENRE_DISTRIBUTION "genre-distribution"

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

G_END_DECLS

#endif
