/* genreclassify — GStreamer element: music genre classification
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef GST_GENRE_CLASSIFY_H
#define GST_GENRE_CLASSIFY_H

#include <gst/gst.h>
#include <gst/audio/audio.h>
#include <gst/audio/gstaudiofilter.h>

#include "gc-model.h"
#include "gc-stream.h"
#include "gc-output.h"
#include "gc-summary.h"
#include "gc-smoother.h"

G_BEGIN_DECLS

/* Which tag events the element pushes (property "tag-mode"). */
typedef enum {
  GST_GENRE_CLASSIFY_TAG_MODE_WINDOWS = 0, /* every window and the summary */
  GST_GENRE_CLASSIFY_TAG_MODE_SUMMARY = 1, /* only the summary, at EOS */
} GstGenreClassifyTagMode;

#define GST_TYPE_GENRE_CLASSIFY_TAG_MODE                                       \
  (gst_genre_classify_tag_mode_get_type ())
GType gst_genre_classify_tag_mode_get_type (void);

#define GST_TYPE_GENRE_CLASSIFY (gst_genre_classify_get_type ())
G_DECLARE_FINAL_TYPE (
    GstGenreClassify, gst_genre_classify, GST, GENRE_CLASSIFY, GstAudioFilter)

struct _GstGenreClassify {
  GstAudioFilter parent;

  /* Properties, protected by the object lock. */
  gdouble window;
  gdouble hop;
  gdouble min_window;
  gchar *model_path;
  gboolean post_messages;
  gboolean emit_tags;
  GstGenreClassifyTagMode tag_mode;
  gdouble uncertain_margin;
  gdouble smoothing;
  gdouble change_margin;

  /* Streaming state: created in start(), used by the streaming thread. */
  GcModel *model;
  GcStream *stream; /* the input's conversion, windows and restarts */

  double *probs; /* one per label, label order */
  guint window_index;
  GcSummary summary;
  GstTagList *upstream_tags; /* last stream-scope tags from upstream */
  GstTagList *last_tags; /* genre and distribution last pushed, or NULL */
  gboolean last_uncertain; /* last_tags are an uncertain result's */

  GcSmoother *smoother; /* NULL without smoothing */
  double *smoothed; /* one per label, label order */

  /* The stream (track) being analysed, from its STREAM_START: another
   * stream-id or group-id ends the track. */
  gchar *stream_id;
  guint group_id;
  gboolean have_group_id;
  gboolean track_reported; /* EOS reported the track, no buffer came since */
};

gboolean gst_genre_classify_register (GstPlugin *plugin);

G_END_DECLS

#endif
