/* genreclassify — GStreamer element: music genre classification
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * A passthrough analyser in the manner of `level` and `spectrum`: buffers go
 * out unchanged, while a mono GC_ANALYSIS_RATE copy (mean of all channels,
 * made with GstAudioConverter) feeds a GcWindower.  Every finished window is
 * classified with the model and reported as an element message and a tag
 * event; at the end of a track (EOS, or another stream's STREAM_START) the
 * last partial window and the track's summary follow.
 * See docs/element.md for the behaviour in detail.
 */
#include "config.h"

#include <math.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "gstgenreclassify.h"
#include "gc-distribution.h"

/* The summary takes GstClockTimes as they are: "none" must be one value. */
G_STATIC_ASSERT (GC_TIME_NONE == GST_CLOCK_TIME_NONE);

GST_DEBUG_CATEGORY_STATIC (gst_genre_classify_debug);
#define GST_CAT_DEFAULT gst_genre_classify_debug

#define DEFAULT_WINDOW GC_WINDOW_DEFAULT_WINDOW
#define DEFAULT_HOP GC_WINDOW_DEFAULT_HOP
#define DEFAULT_MIN_WINDOW GC_WINDOW_DEFAULT_MIN_WINDOW
#define DEFAULT_POST_MESSAGES TRUE
#define DEFAULT_EMIT_TAGS TRUE
#define DEFAULT_TAG_MODE GST_GENRE_CLASSIFY_TAG_MODE_WINDOWS
#define DEFAULT_UNCERTAIN_MARGIN 0.0
#define DEFAULT_SMOOTHING 0.0
#define DEFAULT_CHANGE_MARGIN 0.3
#define MAX_SECONDS GC_WINDOW_MAX_SECONDS
/* The most the windows open at once may need together (docs/element.md). */
#define MAX_ANALYSIS_BYTES (1024.0 * 1024.0 * 1024.0)

enum {
  PROP_0,
  PROP_WINDOW,
  PROP_HOP,
  PROP_MIN_WINDOW,
  PROP_MODEL,
  PROP_POST_MESSAGES,
  PROP_EMIT_TAGS,
  PROP_TAG_MODE,
  PROP_UNCERTAIN_MARGIN,
  PROP_SMOOTHING,
  PROP_CHANGE_MARGIN,
};

G_DEFINE_TYPE (GstGenreClassify, gst_genre_classify, GST_TYPE_AUDIO_FILTER);

GType
gst_genre_classify_tag_mode_get_type (void)
{
  static GType type = 0;
  static const GEnumValue values[] = {
    { GST_GENRE_CLASSIFY_TAG_MODE_WINDOWS,
        "A tag event for every classified window and for the summary",
        "windows" },
    { GST_GENRE_CLASSIFY_TAG_MODE_SUMMARY,
        "Only the summary's tag event, at end of stream (for muxers that "
        "write tags when they finish)",
        "summary" },
    { 0, NULL, NULL },
  };

  if (g_once_init_enter (&type)) {
    GType t = g_enum_register_static ("GstGenreClassifyTagMode", values);

    g_once_init_leave (&type, t);
  }
  return type;
}

static void gst_genre_classify_set_property (
    GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec);
static void gst_genre_classify_get_property (
    GObject *object, guint prop_id, GValue *value, GParamSpec *pspec);
static void gst_genre_classify_finalize (GObject *object);
static gboolean gst_genre_classify_start (GstBaseTransform *trans);
static gboolean gst_genre_classify_stop (GstBaseTransform *trans);
static gboolean gst_genre_classify_sink_event (
    GstBaseTransform *trans, GstEvent *event);
static GstFlowReturn gst_genre_classify_transform_ip (
    GstBaseTransform *trans, GstBuffer *buf);
static gboolean gst_genre_classify_setup (
    GstAudioFilter *filter, const GstAudioInfo *info);

static void
gst_genre_classify_class_init (GstGenreClassifyClass *klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  GstBaseTransformClass *trans_class = GST_BASE_TRANSFORM_CLASS (klass);
  GstAudioFilterClass *filter_class = GST_AUDIO_FILTER_CLASS (klass);
  GstCaps *caps;

  gobject_class->set_property = gst_genre_classify_set_property;
  gobject_class->get_property = gst_genre_classify_get_property;
  gobject_class->finalize = gst_genre_classify_finalize;

  g_object_class_install_property (gobject_class, PROP_WINDOW,
      g_param_spec_double ("window", "Window",
          "Length of an analysis window in seconds. Changes take effect at "
          "the next READY to PAUSED transition",
          GC_WINDOW_MIN_SECONDS, MAX_SECONDS, DEFAULT_WINDOW,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS
              | GST_PARAM_MUTABLE_PLAYING));
  g_object_class_install_property (gobject_class, PROP_HOP,
      g_param_spec_double ("hop", "Hop",
          "Seconds between the starts of consecutive windows; 0 means equal "
          "to window (no overlap). Must not exceed window; each window is "
          "analysed on its own, so a small hop costs window/hop times the "
          "work. Changes take effect at the next READY to PAUSED transition",
          0.0, MAX_SECONDS, DEFAULT_HOP,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS
              | GST_PARAM_MUTABLE_PLAYING));
  g_object_class_install_property (gobject_class, PROP_MIN_WINDOW,
      g_param_spec_double ("min-window", "Minimum window",
          "At the end of a track (EOS, or a new stream-start), a partial "
          "window is classified only if it holds at least this many seconds. "
          "Changes take effect at the next READY to PAUSED transition",
          0.0, MAX_SECONDS, DEFAULT_MIN_WINDOW,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS
              | GST_PARAM_MUTABLE_PLAYING));
  g_object_class_install_property (gobject_class, PROP_MODEL,
      g_param_spec_string ("model", "Model",
          "Path of the model bundle (model.ini). NULL or empty: "
          "$GENRECLASSIFY_MODEL if set, else the installed default model. "
          "Changes take effect at the next READY to PAUSED transition",
          NULL,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS
              | GST_PARAM_MUTABLE_PLAYING));
  g_object_class_install_property (gobject_class, PROP_POST_MESSAGES,
      g_param_spec_boolean ("post-messages", "Post messages",
          "Post a \"genreclassify\" element message for every window and a "
          "summary at the end of each track. Changes take effect immediately",
          DEFAULT_POST_MESSAGES,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS
              | GST_PARAM_MUTABLE_PLAYING));
  g_object_class_install_property (gobject_class, PROP_EMIT_TAGS,
      g_param_spec_boolean ("emit-tags", "Emit tags",
          "Push stream tag events (genre, genre-distribution, "
          "genre-uncertain) downstream, "
          "as tag-mode says. Changes take effect immediately",
          DEFAULT_EMIT_TAGS,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS
              | GST_PARAM_MUTABLE_PLAYING));

  g_object_class_install_property (gobject_class, PROP_TAG_MODE,
      g_param_spec_enum ("tag-mode", "Tag mode",
          "Which results become tag events: \"windows\" pushes one for every "
          "classified window and one for the summary before EOS; "
          "\"summary\" only the summary's, before EOS, so that a muxer which "
          "keeps the first tags it receives (mp4mux, qtmux) or writes them "
          "when it finishes (matroskamux, wavenc) stores the whole-stream "
          "genre. Muxers that write their tags in a header at the start "
          "(oggmux, flacenc, id3v2mux) cannot get it either way: see "
          "docs/howto-transcoding.md. Changes take effect immediately",
          GST_TYPE_GENRE_CLASSIFY_TAG_MODE, DEFAULT_TAG_MODE,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS
              | GST_PARAM_MUTABLE_PLAYING));

  g_object_class_install_property (gobject_class, PROP_UNCERTAIN_MARGIN,
      g_param_spec_double ("uncertain-margin", "Uncertain margin",
          "A result whose most probable genre is ahead of the second by "
          "less than this (0 to 1) is uncertain: its message says "
          "uncertain=TRUE and its tag event carries genre-uncertain=TRUE "
          "and no genre (the stream keeps the genre it came with), so that "
          "taggers can leave a file alone. 0 (the default): no result is "
          "uncertain. Changes take effect immediately",
          0.0, 1.0, DEFAULT_UNCERTAIN_MARGIN,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS
              | GST_PARAM_MUTABLE_PLAYING));
  g_object_class_install_property (gobject_class, PROP_SMOOTHING,
      g_param_spec_double ("smoothing", "Smoothing",
          "Seconds of recent windows to average (0 to 3600), for live "
          "streams with overlapping windows (hop < window): every window "
          "message also gets the length-weighted mean distribution of the "
          "windows that started in the last this many seconds "
          "(smoothed-genres, smoothed-probabilities, smoothed-genre, "
          "smoothed-confidence, smoothed-windows) and the current genre "
          "(current-genre), and a \"genreclassify-change\" message is "
          "posted whenever the current genre changes (see change-margin). "
          "0 (the default): no smoothing, no change messages. Changes take "
          "effect at the next READY to PAUSED transition",
          0.0, MAX_SECONDS, DEFAULT_SMOOTHING,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS
              | GST_PARAM_MUTABLE_PLAYING));
  g_object_class_install_property (gobject_class, PROP_CHANGE_MARGIN,
      g_param_spec_double ("change-margin", "Change margin",
          "With smoothing: the hysteresis of the current genre. Another "
          "genre takes over only once its smoothed probability is ahead of "
          "the current genre's by at least this much (0 to 1; the first "
          "genre of a stream must be this far ahead of the runner-up). "
          "Higher: fewer false changes, later detection; 0: any lead. "
          "Default 0.3, measured on real music with window=10 hop=2.5 "
          "smoothing=15 (docs/howto-radio-monitoring.md). Changes take "
          "effect immediately",
          0.0, 1.0, DEFAULT_CHANGE_MARGIN,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS
              | GST_PARAM_MUTABLE_PLAYING));

  gst_element_class_set_static_metadata (element_class, "Genre classifier",
      "Filter/Analyzer/Audio",
      "Estimates the musical genre of the audio passing through unchanged",
      "genreclassify developers");
  gst_type_mark_as_plugin_api (GST_TYPE_GENRE_CLASSIFY_TAG_MODE, 0);

  caps = gst_caps_from_string (GC_STREAM_CAPS);
  gst_audio_filter_class_add_pad_templates (filter_class, caps);
  gst_caps_unref (caps);

  trans_class->start = GST_DEBUG_FUNCPTR (gst_genre_classify_start);
  trans_class->stop = GST_DEBUG_FUNCPTR (gst_genre_classify_stop);
  trans_class->sink_event = GST_DEBUG_FUNCPTR (gst_genre_classify_sink_event);
  trans_class->transform_ip =
      GST_DEBUG_FUNCPTR (gst_genre_classify_transform_ip);
  trans_class->passthrough_on_same_caps = TRUE;
  filter_class->setup = GST_DEBUG_FUNCPTR (gst_genre_classify_setup);
}

static void
gst_genre_classify_init (GstGenreClassify *self)
{
  self->window = DEFAULT_WINDOW;
  self->hop = DEFAULT_HOP;
  self->min_window = DEFAULT_MIN_WINDOW;
  self->model_path = NULL;
  self->post_messages = DEFAULT_POST_MESSAGES;
  self->emit_tags = DEFAULT_EMIT_TAGS;
  self->tag_mode = DEFAULT_TAG_MODE;
  self->uncertain_margin = DEFAULT_UNCERTAIN_MARGIN;
  self->smoothing = DEFAULT_SMOOTHING;
  self->change_margin = DEFAULT_CHANGE_MARGIN;
  gst_base_transform_set_passthrough (GST_BASE_TRANSFORM (self), TRUE);
}

static void
gst_genre_classify_finalize (GObject *object)
{
  GstGenreClassify *self = GST_GENRE_CLASSIFY (object);

  g_free (self->model_path);
  G_OBJECT_CLASS (gst_genre_classify_parent_class)->finalize (object);
}

static void
gst_genre_classify_set_property (
    GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  GstGenreClassify *self = GST_GENRE_CLASSIFY (object);

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_WINDOW:
      self->window = g_value_get_double (value);
      break;
    case PROP_HOP:
      self->hop = g_value_get_double (value);
      break;
    case PROP_MIN_WINDOW:
      self->min_window = g_value_get_double (value);
      break;
    case PROP_MODEL:
      g_free (self->model_path);
      self->model_path = g_value_dup_string (value);
      break;
    case PROP_POST_MESSAGES:
      self->post_messages = g_value_get_boolean (value);
      break;
    case PROP_EMIT_TAGS:
      self->emit_tags = g_value_get_boolean (value);
      break;
    case PROP_TAG_MODE:
      self->tag_mode = g_value_get_enum (value);
      break;
    case PROP_UNCERTAIN_MARGIN:
      self->uncertain_margin = g_value_get_double (value);
      break;
    case PROP_SMOOTHING:
      self->smoothing = g_value_get_double (value);
      break;
    case PROP_CHANGE_MARGIN:
      self->change_margin = g_value_get_double (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}

static void
gst_genre_classify_get_property (
    GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  GstGenreClassify *self = GST_GENRE_CLASSIFY (object);

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_WINDOW:
      g_value_set_double (value, self->window);
      break;
    case PROP_HOP:
      g_value_set_double (value, self->hop);
      break;
    case PROP_MIN_WINDOW:
      g_value_set_double (value, self->min_window);
      break;
    case PROP_MODEL:
      g_value_set_string (value, self->model_path);
      break;
    case PROP_POST_MESSAGES:
      g_value_set_boolean (value, self->post_messages);
      break;
    case PROP_EMIT_TAGS:
      g_value_set_boolean (value, self->emit_tags);
      break;
    case PROP_TAG_MODE:
      g_value_set_enum (value, self->tag_mode);
      break;
    case PROP_UNCERTAIN_MARGIN:
      g_value_set_double (value, self->uncertain_margin);
      break;
    case PROP_SMOOTHING:
      g_value_set_double (value, self->smoothing);
      break;
    case PROP_CHANGE_MARGIN:
      g_value_set_double (value, self->change_margin);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}

/* ---- output ------------------------------------------------------------ */

/* Posts @result as a message and, for a classified result, pushes its tags,
 * as the post-messages, emit-tags and tag-mode properties say. */
static void
gst_genre_classify_report (GstGenreClassify *self, const GcResult *result)
{
  gboolean post, tags;

  GST_OBJECT_LOCK (self);
  post = self->post_messages;
  tags = self->emit_tags
      && (result->final
          || self->tag_mode == GST_GENRE_CLASSIFY_TAG_MODE_WINDOWS);
  GST_OBJECT_UNLOCK (self);

  if (post) {
    GstStructure *s = gc_output_build_structure (self->model, result);

    GST_LOG_OBJECT (self, "posting %" GST_PTR_FORMAT, s);
    gst_element_post_message (
        GST_ELEMENT (self), gst_message_new_element (GST_OBJECT (self), s));
  }
  if (tags && result->probs != NULL) {
    GstTagList *list = gc_output_build_tags (
        self->model, result->probs, result->uncertain, self->upstream_tags);

    g_clear_pointer (&self->last_tags, gst_tag_list_unref);
    self->last_tags = gc_output_build_tags (
        self->model, result->probs, result->uncertain, NULL);
    self->last_uncertain = result->uncertain;
    GST_DEBUG_OBJECT (self, "pushing tags %" GST_PTR_FORMAT, list);
    gst_pad_push_event (
        GST_BASE_TRANSFORM_SRC_PAD (self), gst_event_new_tag (list));
  }
}

static void
segment_times (GstGenreClassify *self, GstClockTime ts, GstClockTime *stream,
    GstClockTime *running)
{
  GstSegment *segment = &GST_BASE_TRANSFORM (self)->segment;

  *stream = *running = GST_CLOCK_TIME_NONE;
  if (GST_CLOCK_TIME_IS_VALID (ts) && segment->format == GST_FORMAT_TIME) {
    *stream = gst_segment_to_stream_time (segment, GST_FORMAT_TIME, ts);
    *running = gst_segment_to_running_time (segment, GST_FORMAT_TIME, ts);
  }
}

static void
fill_times (GstGenreClassify *self, GcResult *r, GstClockTime ts)
{
  r->timestamp = ts;
  segment_times (self, ts, &r->stream_time, &r->running_time);
}

/* The current genre changed at the window @r (which ends at @end). */
static void
gst_genre_classify_report_change (GstGenreClassify *self,
    const GcChange *change, const GcResult *r, GstClockTime end)
{
  GcChangeResult c = {
    0,
  };
  gboolean post;

  c.timestamp = gc_stream_sample_time (self->stream, change->estimate);
  segment_times (self, c.timestamp, &c.stream_time, &c.running_time);
  c.first_window = gc_stream_sample_time (self->stream, change->first_start);
  c.detected_at = end;
  c.window_index = r->window_index;
  c.old_label = change->old_label;
  c.new_label = change->new_label;
  c.old_prob = change->old_prob;
  c.new_prob = change->new_prob;
  c.margin = change->margin;
  c.voting_windows = change->n_voting;
  c.smoothed_windows = r->smoothed_windows;

  GST_INFO_OBJECT (self,
      "genre change at %" GST_TIME_FORMAT ": \"%s\" -> \"%s\" (margin %.3f, "
      "detected at %" GST_TIME_FORMAT ")",
      GST_TIME_ARGS (c.timestamp),
      c.old_label == GC_LABEL_NONE
          ? ""
          : gc_model_get_label (self->model, c.old_label),
      gc_model_get_label (self->model, c.new_label), c.margin,
      GST_TIME_ARGS (c.detected_at));

  GST_OBJECT_LOCK (self);
  post = self->post_messages;
  GST_OBJECT_UNLOCK (self);
  if (post)
    gst_element_post_message (GST_ELEMENT (self),
        gst_message_new_element (
            GST_OBJECT (self), gc_output_build_change (self->model, &c)));
}

#ifndef GST_DISABLE_GST_DEBUG
/* At TRACE level, a window's feature vector, each value as it reads back
 * exactly (g_ascii_dtostr()): what the tools compute for the same audio can
 * be compared with it bit for bit (tests/element/test-equivalence.c). */
static void
trace_features (GstGenreClassify *self, guint index, const double *vector)
{
  GString *text = g_string_new (NULL);
  gchar number[G_ASCII_DTOSTR_BUF_SIZE];
  guint dimension = gc_model_get_dimension (self->model);

  for (guint i = 0; i < dimension; i++) {
    if (i > 0)
      g_string_append_c (text, ' ');
    g_string_append (text, g_ascii_dtostr (number, sizeof (number), vector[i]));
  }
  GST_TRACE_OBJECT (self, "window %u features %s", index, text->str);
  g_string_free (text, TRUE);
}
#endif

/* GcWindowFunc: one window of the stream is finished. */
static void
gst_genre_classify_on_window (guint64 start, gsize n_samples,
    GcWindowStatus status, const double *vector, gsize n_invalid,
    gpointer user_data)
{
  GstGenreClassify *self = user_data;
  GcResult r = {
    0,
  };
  GstClockTime ts = gc_stream_sample_time (self->stream, start);
  GstClockTime duration;
  gdouble uncertain_margin, change_margin;
  GcChange change;
  gboolean changed = FALSE;
  guint n_labels = gc_model_get_n_labels (self->model);

  if (status == GC_WINDOW_TOO_SHORT) {
    GST_DEBUG_OBJECT (self,
        "dropping a window of %" G_GSIZE_FORMAT
        " samples: too short to analyse",
        n_samples);
    return;
  }

  duration =
      gst_util_uint64_scale_round (n_samples, GST_SECOND, GC_ANALYSIS_RATE);
  fill_times (self, &r, ts);
  r.duration = duration;
  r.window_index = self->window_index++;
  r.n_invalid = n_invalid;
  r.silent = (status == GC_WINDOW_SILENT);

#ifndef GST_DISABLE_GST_DEBUG
  if (status == GC_WINDOW_OK
      && G_UNLIKELY (gst_debug_category_get_threshold (GST_CAT_DEFAULT)
          >= GST_LEVEL_TRACE))
    trace_features (self, r.window_index, vector);
#endif
  if (status == GC_WINDOW_OK) {
    if (gc_model_classify (self->model, vector, n_samples, self->probs)) {
      r.probs = self->probs;
    } else {
      GST_WARNING_OBJECT (self,
          "window %u at %" GST_TIME_FORMAT
          " could not be classified (non-finite features or probabilities)",
          r.window_index, GST_TIME_ARGS (ts));
    }
  }

  GST_DEBUG_OBJECT (self,
      "window %u: %" GST_TIME_FORMAT " + %" GST_TIME_FORMAT ", status %d",
      r.window_index, GST_TIME_ARGS (ts), GST_TIME_ARGS (duration), status);

  /* Per window, not per buffer: the uncertainty and the smoothing cost
   * nothing measurable. */
  GST_OBJECT_LOCK (self);
  uncertain_margin = self->uncertain_margin;
  change_margin = self->change_margin;
  GST_OBJECT_UNLOCK (self);
  r.uncertain = gc_distribution_uncertain (r.probs, n_labels, uncertain_margin);
  if (self->smoother) {
    r.smoothing = TRUE;
    r.smoothed_windows = gc_smoother_add (self->smoother, start, n_samples,
        r.probs, change_margin, self->smoothed, &change, &changed);
    r.smoothed = r.smoothed_windows > 0 ? self->smoothed : NULL;
    r.current_label = gc_smoother_current (self->smoother);
  }

  gc_summary_add (&self->summary, ts, duration,
      gc_model_window_weight (self->model, n_samples), r.probs, r.silent,
      n_invalid);
  gst_genre_classify_report (self, &r);
  if (changed)
    gst_genre_classify_report_change (self, &change, &r,
        GST_CLOCK_TIME_IS_VALID (ts) ? ts + duration : GST_CLOCK_TIME_NONE);
}

/* At EOS: the whole-stream summary. */
static void
gst_genre_classify_report_summary (GstGenreClassify *self)
{
  GcSummary *sum = &self->summary;
  GcResult r = {
    0,
  };
  GstClockTime ts = sum->first_ts;

  if (!GST_CLOCK_TIME_IS_VALID (ts))
    ts = gc_stream_sample_time (self->stream, 0);
  fill_times (self, &r, ts);
  r.duration = 0;
  if (GST_CLOCK_TIME_IS_VALID (sum->first_ts))
    r.duration = sum->end_ts - sum->first_ts;
  r.final = TRUE;
  r.window_index = sum->n_reported;
  r.n_invalid = sum->n_invalid;
  r.windows = sum->n_classified;
  r.silent_windows = sum->n_silent;
  r.silent = (sum->n_classified == 0 && sum->n_silent > 0);
  if (gc_summary_get (sum, self->probs))
    r.probs = self->probs;
  GST_OBJECT_LOCK (self);
  r.uncertain = gc_distribution_uncertain (
      r.probs, gc_model_get_n_labels (self->model), self->uncertain_margin);
  GST_OBJECT_UNLOCK (self);

  GST_DEBUG_OBJECT (self, "summary of %u windows (%u classified)",
      sum->n_reported, sum->n_classified);
  gst_genre_classify_report (self, &r);
}

/* ---- the analysis stream ----------------------------------------------- */

/* GcStreamRestartFunc: the windows no longer run on, neither does the
 * smoothing (the current genre stays, the next change is measured against
 * it). */
static void
on_restart (gpointer user_data)
{
  GstGenreClassify *self = user_data;

  if (self->smoother)
    gc_smoother_restart (self->smoother);
}

/* Drops everything not yet analysed (flush, GAP event); the next buffer
 * provides the timestamp base. */
static void
restart_windows (GstGenreClassify *self)
{
  if (self->stream)
    gc_stream_restart (self->stream);
}

static gboolean
gst_genre_classify_setup (GstAudioFilter *filter, const GstAudioInfo *info)
{
  GstGenreClassify *self = GST_GENRE_CLASSIFY (filter);

  if (self->stream == NULL)
    return FALSE;
  return gc_stream_set_format (self->stream, info);
}

static GstFlowReturn
gst_genre_classify_transform_ip (GstBaseTransform *trans, GstBuffer *buf)
{
  GstGenreClassify *self = GST_GENRE_CLASSIFY (trans);
  GstAudioFilter *filter = GST_AUDIO_FILTER (trans);
  GstMapInfo map;
  gint bpf = GST_AUDIO_INFO_BPF (&filter->info);

  if (self->stream == NULL || !gc_stream_has_format (self->stream) || bpf <= 0)
    return GST_FLOW_NOT_NEGOTIATED;

  self->track_reported = FALSE;
  if (!gst_buffer_map (buf, &map, GST_MAP_READ)) {
    GST_ELEMENT_ERROR (
        self, STREAM, FAILED, (NULL), ("cannot map the input buffer"));
    return GST_FLOW_ERROR;
  }
  gc_stream_push (self->stream, buf, map.data, map.size / bpf);
  gst_buffer_unmap (buf, &map);
  return GST_FLOW_OK;
}

/* ---- events, start/stop ------------------------------------------------ */

/* A tag event from upstream.  Its stream tags are remembered (our tag
 * events carry them too).  While the element emits tags, the genre is its
 * own: with tag-mode=windows, once a window has been classified, upstream
 * genre tags are replaced by the latest result; with tag-mode=summary they
 * are removed (the summary brings the genre at the end), so that a muxer
 * keeping the first genre it sees, or an encoder writing a header, never
 * stores the upstream one next to ours. */
static GstEvent *
gst_genre_classify_upstream_tags (GstGenreClassify *self, GstEvent *event)
{
  GstTagList *tags, *out;
  gboolean emit, summary_only;

  gst_event_parse_tag (event, &tags);
  if (gst_tag_list_get_scope (tags) != GST_TAG_SCOPE_STREAM)
    return event;
  if (self->upstream_tags)
    gst_tag_list_unref (self->upstream_tags);
  self->upstream_tags = gst_tag_list_copy (tags);

  GST_OBJECT_LOCK (self);
  emit = self->emit_tags;
  summary_only = self->tag_mode == GST_GENRE_CLASSIFY_TAG_MODE_SUMMARY;
  GST_OBJECT_UNLOCK (self);
  if (!emit || (!summary_only && self->last_tags == NULL))
    return event;

  out = gst_tag_list_copy (tags);
  /* After an uncertain window the stream keeps its own genre. */
  if (!summary_only && self->last_uncertain)
    gc_output_strip_analysis (out);
  else
    gc_output_strip_genre (out);
  if (!summary_only)
    gst_tag_list_insert (out, self->last_tags, GST_TAG_MERGE_REPLACE);
  gst_tag_list_set_scope (out, GST_TAG_SCOPE_STREAM);
  GST_DEBUG_OBJECT (self, "upstream tags become %" GST_PTR_FORMAT, out);
  gst_event_unref (event);
  return gst_event_new_tag (out);
}

/* Forgets the analysis of the current track (flush, end of track): the next
 * buffer starts the windows, their index, the summary, the smoothing and
 * the current genre afresh.  The upstream tags stay: after a seek upstream
 * does not send them again. */
static void
forget_track (GstGenreClassify *self)
{
  restart_windows (self);
  self->window_index = 0;
  g_clear_pointer (&self->last_tags, gst_tag_list_unref);
  self->last_uncertain = FALSE;
  if (self->smoother)
    gc_smoother_reset (self->smoother);
  gc_summary_reset (&self->summary);
}

/* The current track ends (EOS, or another stream starts): its last partial
 * window and its summary are reported, their tags pushed, and the track is
 * forgotten. */
static void
end_track (GstGenreClassify *self)
{
  if (self->stream == NULL)
    return;
  gc_stream_finish (self->stream);
  gst_genre_classify_report_summary (self);
  forget_track (self);
  self->track_reported = TRUE;
}

static gboolean
same_stream (GstGenreClassify *self, const gchar *stream_id,
    gboolean have_group_id, guint group_id)
{
  return g_strcmp0 (stream_id, self->stream_id) == 0
      && have_group_id == self->have_group_id
      && (!have_group_id || group_id == self->group_id);
}

/* A STREAM_START: a new stream (gapless playbin, concat, a playlist) ends
 * the current track before its own stream-start goes downstream, so that
 * the summary's tags still belong to the old track.  The first stream, or
 * the same one again, ends nothing; nor does a stream after EOS (that
 * reported the track already). */
static void
gst_genre_classify_stream_start (GstGenreClassify *self, GstEvent *event)
{
  const gchar *stream_id = NULL;
  guint group_id = 0;
  gboolean have_group_id;
  gboolean first = self->stream_id == NULL && !self->have_group_id;

  gst_event_parse_stream_start (event, &stream_id);
  have_group_id = gst_event_parse_group_id (event, &group_id);
  if (same_stream (self, stream_id, have_group_id, group_id))
    return;

  GST_INFO_OBJECT (self, "new stream \"%s\" (group %u): %s",
      GST_STR_NULL (stream_id), group_id,
      first || self->track_reported ? "first track" : "ending the track");
  if (!first && !self->track_reported)
    end_track (self);
  /* The old stream's tags must not be merged into the new one's. */
  g_clear_pointer (&self->upstream_tags, gst_tag_list_unref);
  g_free (self->stream_id);
  self->stream_id = g_strdup (stream_id);
  self->group_id = group_id;
  self->have_group_id = have_group_id;
  self->track_reported = FALSE;
}

static gboolean
gst_genre_classify_sink_event (GstBaseTransform *trans, GstEvent *event)
{
  GstGenreClassify *self = GST_GENRE_CLASSIFY (trans);

  switch (GST_EVENT_TYPE (event)) {
    case GST_EVENT_EOS:
      end_track (self);
      break;
    case GST_EVENT_STREAM_START:
      gst_genre_classify_stream_start (self, event);
      break;
    case GST_EVENT_FLUSH_STOP:
      forget_track (self);
      break;
    case GST_EVENT_SEGMENT: {
      const GstSegment *segment;

      gst_event_parse_segment (event, &segment);
      if (self->stream)
        gc_stream_segment (self->stream, segment);
      break;
    }
    case GST_EVENT_GAP:
      /* No data for a while: the next buffer does not continue the run. */
      restart_windows (self);
      break;
    case GST_EVENT_TAG:
      event = gst_genre_classify_upstream_tags (self, event);
      break;
    default:
      break;
  }

  return GST_BASE_TRANSFORM_CLASS (gst_genre_classify_parent_class)
      ->sink_event (trans, event);
}

/* The model to load when the model property is empty: a plugin loaded from
 * a build tree (BUILD/gst/libgstgenreclassify.so) falls back on the copy of
 * the default model that the build keeps in BUILD/models. */
static gchar *
default_model_path (GstGenreClassify *self, gchar **also_tried)
{
  GstElementFactory *factory = gst_element_get_factory (GST_ELEMENT (self));
  GstPlugin *plugin = factory
      ? gst_plugin_feature_get_plugin (GST_PLUGIN_FEATURE (factory))
      : NULL;
  const gchar *file = plugin ? gst_plugin_get_filename (plugin) : NULL;
  gchar *dir = file ? g_path_get_dirname (file) : NULL;
  gchar *build_root = dir ? g_path_get_dirname (dir) : NULL;
  gchar *path = gc_model_default_path (build_root, also_tried);

  g_free (build_root);
  g_free (dir);
  if (plugin)
    gst_object_unref (plugin);
  return path;
}

static gboolean
gst_genre_classify_start (GstBaseTransform *trans)
{
  GstGenreClassify *self = GST_GENRE_CLASSIFY (trans);
  GcWindowSpec spec = GC_WINDOW_SPEC_INIT;
  gdouble window, hop, smoothing;
  gchar *problem;
  gchar *path = NULL, *also_tried = NULL;
  GError *err = NULL;
  GcModel *model;
  const char *fs;
  gsize window_samples, hop_samples, min_samples;
  guint64 span;

  GST_OBJECT_LOCK (self);
  spec.window = self->window;
  spec.hop = self->hop;
  spec.min_window = self->min_window;
  smoothing = self->smoothing;
  if (self->model_path && *self->model_path)
    path = g_strdup (self->model_path);
  GST_OBJECT_UNLOCK (self);

  if (path == NULL)
    path = default_model_path (self, &also_tried);

  window = spec.window;
  hop = gc_window_spec_hop (&spec);
  /* The properties' ranges leave only this to check. */
  problem = gc_window_spec_explain (&spec, "");
  if (problem) {
    GST_ELEMENT_ERROR (self, LIBRARY, SETTINGS, ("%s", problem), (NULL));
    g_free (problem);
    goto fail;
  }
  model = gc_model_load (path, &err);
  if (model == NULL) {
    if (g_error_matches (err, GC_MODEL_ERROR, GC_MODEL_ERROR_NOT_FOUND)) {
      /* The key-file exists but cannot be read: OPEN_READ; the key-file or
       * the libsvm file it names is missing: NOT_FOUND. */
      if (g_file_test (path, G_FILE_TEST_EXISTS) && g_access (path, R_OK) != 0)
        GST_ELEMENT_ERROR (self, RESOURCE, OPEN_READ,
            ("Cannot read genre model \"%s\": %s", path, err->message), (NULL));
      else
        GST_ELEMENT_ERROR (self, RESOURCE, NOT_FOUND,
            ("Genre model \"%s\" not found: %s%s%s%s", path, err->message,
                also_tried ? " (also looked for \"" : "",
                also_tried ? also_tried : "", also_tried ? "\")" : ""),
            (NULL));
    } else {
      GST_ELEMENT_ERROR (self, RESOURCE, FAILED,
          ("Invalid genre model \"%s\": %s", path,
              err ? err->message : "unknown error"),
          (NULL));
    }
    g_clear_error (&err);
    goto fail;
  }

  fs = gc_model_get_feature_set (model);
  if (!gc_feature_set_from_name (fs, &spec.features)
      || gc_model_get_dimension (model)
          != gc_feature_set_dimension (spec.features)
      || gc_model_get_n_labels (model) == 0) {
    GST_ELEMENT_ERROR (self, RESOURCE, FAILED,
        ("Unsupported genre model \"%s\": feature set \"%s\" of dimension %u "
         "with %u labels; this element computes %s",
            path, GST_STR_NULL (fs), gc_model_get_dimension (model),
            gc_model_get_n_labels (model), gc_feature_set_known_names ()),
        (NULL));
    gc_model_free (model);
    goto fail;
  }

  gc_window_spec_samples (&spec, &window_samples, &hop_samples, &min_samples);
  span = smoothing > 0.0
      ? MAX ((guint64)llround (smoothing * GC_ANALYSIS_RATE), 1)
      : 0;
  {
    /* Each window open at once has its own analysis state, all made now:
     * a tiny hop must not exhaust the memory.  The smoothing keeps the
     * windows of its span (and as many again for the change times). */
    gsize n_open = (window_samples + hop_samples - 1) / hop_samples;
    gdouble bytes =
        gc_windower_memory (window_samples, hop_samples, spec.features);
    gdouble smoothing_bytes = span
        ? gc_smoother_memory (gc_model_get_n_labels (model), span, hop_samples)
        : 0.0;

    if (bytes + smoothing_bytes > MAX_ANALYSIS_BYTES) {
      if (bytes > MAX_ANALYSIS_BYTES)
        GST_ELEMENT_ERROR (self, LIBRARY, SETTINGS,
            ("hop (%g s) is too small for window (%g s): %" G_GSIZE_FORMAT
             " windows would be analysed at once, needing about %.0f MiB "
             "(at most %.0f MiB)",
                hop, window, n_open, bytes / (1024.0 * 1024.0),
                MAX_ANALYSIS_BYTES / (1024.0 * 1024.0)),
            (NULL));
      else
        GST_ELEMENT_ERROR (self, LIBRARY, SETTINGS,
            ("smoothing (%g s) is too long for hop (%g s) and window (%g s): "
             "the analysers and the smoothed windows would need about %.0f "
             "MiB (at most %.0f MiB)",
                smoothing, hop, window,
                (bytes + smoothing_bytes) / (1024.0 * 1024.0),
                MAX_ANALYSIS_BYTES / (1024.0 * 1024.0)),
            (NULL));
      gc_model_free (model);
      goto fail;
    }
  }
  if (span > 0) {
    self->smoother = gc_smoother_new (
        gc_model_get_n_labels (model), span, window_samples, hop_samples);
    self->smoothed = g_new0 (double, gc_model_get_n_labels (model));
  }

  if (window / hop > 64.0)
    GST_WARNING_OBJECT (self,
        "window %g s with hop %g s: %.0f windows are "
        "analysed at once, which costs as many times the work and memory",
        window, hop, ceil (window / hop));

  self->model = model;
  self->stream =
      gc_stream_new (&spec, gst_genre_classify_on_window, on_restart, self);
  self->probs = g_new0 (double, gc_model_get_n_labels (model));
  gc_summary_init (&self->summary, gc_model_get_n_labels (model));
  self->window_index = 0;
  self->last_uncertain = FALSE;

  GST_INFO_OBJECT (self,
      "model \"%s\" (%u labels), window %" G_GSIZE_FORMAT
      " hop %" G_GSIZE_FORMAT " min %" G_GSIZE_FORMAT " samples",
      path, gc_model_get_n_labels (model), window_samples, hop_samples,
      min_samples);
  g_free (path);
  g_free (also_tried);
  return TRUE;

fail:
  g_free (path);
  g_free (also_tried);
  return FALSE;
}

static gboolean
gst_genre_classify_stop (GstBaseTransform *trans)
{
  GstGenreClassify *self = GST_GENRE_CLASSIFY (trans);

  g_clear_pointer (&self->stream, gc_stream_free);
  g_clear_pointer (&self->model, gc_model_free);
  g_clear_pointer (&self->upstream_tags, gst_tag_list_unref);
  g_clear_pointer (&self->last_tags, gst_tag_list_unref);
  g_clear_pointer (&self->smoother, gc_smoother_free);
  g_clear_pointer (&self->smoothed, g_free);
#ifndef GC_PLANT_LEAK
  g_clear_pointer (&self->probs, g_free);
#else
  /* .ci/sanitize's self-check (docs/hardening.md): a forgotten free, which
   * LeakSanitizer must still report. */
  self->probs = NULL;
#endif
  gc_summary_clear (&self->summary);
  g_clear_pointer (&self->stream_id, g_free);
  self->have_group_id = FALSE;
  self->track_reported = FALSE;
  return TRUE;
}

gboolean
gst_genre_classify_register (GstPlugin *plugin)
{
  GST_DEBUG_CATEGORY_INIT (gst_genre_classify_debug, "genreclassify", 0,
      "music genre classification");
  return gst_element_register (
      plugin, "genreclassify", GST_RANK_NONE, GST_TYPE_GENRE_CLASSIFY);
}
