/* genreclassify — decode an audio file into the element's analysis windows
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <gst/app/gstappsink.h>
#include <gst/pbutils/pbutils.h>

#include "gc-chain.h"
#include "gc-decode.h"
#include "gc-decoders.h"
#include "gc-discard.h"
#include "gc-stream.h"

G_DEFINE_QUARK (gc-decode-error-quark, gc_decode_error);

/* ---- results ----------------------------------------------------------- */

void
gc_file_features_free (GcFileFeatures *features)
{
  if (features == NULL)
    return;
  g_free (features->windows);
  g_free (features->decoders);
  g_free (features);
}

guint
gc_file_features_n_ok (const GcFileFeatures *features)
{
  guint n = 0;

  for (guint i = 0; i < features->n_windows; i++)
    if (features->windows[i].status == GC_WINDOW_OK)
      n++;
  return n;
}

/* ---- the pipeline ------------------------------------------------------ */

/* decodebin's GstAutoplugSelectResult (not in a public header). */
enum {
  AUTOPLUG_SELECT_TRY = 0,
  AUTOPLUG_SELECT_EXPOSE = 1,
};

/* The element's analysis of the decoded samples (gc-decode.h). */
struct _GcDecodeStream {
  char *display; /* path for messages */
  /* A chain's sample processing (not owned; NULL: none), on a copy. */
  GcChainProcessor *processor;
  float *scratch;
  gsize scratch_size;

  GcStream *stream; /* the element's rules */
  GstCaps *caps; /* of the last sample */
  GstAudioInfo info;
  guint dimension; /* of the feature set's vectors */
  guint next_index;

  GcDecodeWindowFunc func;
  gpointer user_data;
  gboolean stopped;
  GcWindowResult result;

  double duration;
};

typedef struct {
  const char *path;
  char *display; /* path for messages */

  /* The recording chain, if any: its bin between decodebin and convert,
   * and its sample processing with a first, measuring pass. */
  const GcChain *chain;
  GcChainProcessor *processor;
  gboolean measuring;

  GstElement *pipeline, *decodebin, *convert, *sink;
  GstElement *first; /* where decodebin's audio pad is linked */
  GMutex lock; /* guards the three below (decodebin's streaming threads) */
  gboolean audio_linked;
  gboolean no_more_pads;
  guint n_other_streams;

  char *missing; /* description of a missing plugin, if one was reported */
  char *missing_hint; /* gc_decoders_hint() for it, or NULL */
  char *decoders; /* gc_decoders_used() at the end of the last pass */

  GcDecodeStream *stream;
} Decode;

static gint
on_autoplug_select (GstElement *bin, GstPad *pad, GstCaps *caps,
    GstElementFactory *factory, gpointer user_data)
{
  const char *klass =
      gst_element_factory_get_metadata (factory, GST_ELEMENT_METADATA_KLASS);

  /* Do not decode pictures, video or subtitles only to throw them away:
   * such streams are exposed as they are and discarded. */
  if (klass && strstr (klass, "Decoder") && !strstr (klass, "Audio")
      && (strstr (klass, "Video") || strstr (klass, "Image")
          || strstr (klass, "Subtitle")))
    return AUTOPLUG_SELECT_EXPOSE;
  return AUTOPLUG_SELECT_TRY;
}

static void
on_pad_added (GstElement *dbin, GstPad *pad, gpointer user_data)
{
  Decode *d = user_data;
  GstCaps *caps = gst_pad_get_current_caps (pad);
  gboolean audio = FALSE;

  if (caps == NULL)
    caps = gst_pad_query_caps (pad, NULL);
  if (caps && gst_caps_get_size (caps) > 0)
    audio = g_str_has_prefix (
        gst_structure_get_name (gst_caps_get_structure (caps, 0)),
        "audio/x-raw");
  if (caps)
    gst_caps_unref (caps);

  g_mutex_lock (&d->lock);
  if (audio && !d->audio_linked) {
    GstPad *sinkpad = gst_element_get_static_pad (d->first, "sink");

    if (gst_pad_link (pad, sinkpad) == GST_PAD_LINK_OK)
      d->audio_linked = TRUE;
    gst_object_unref (sinkpad);
    if (d->audio_linked) {
      g_mutex_unlock (&d->lock);
      return;
    }
  }
  /* Another stream: consume it so that it does not stop the others. */
  gc_discard_pad (GST_BIN (d->pipeline), pad);
  d->n_other_streams++;
  g_mutex_unlock (&d->lock);
}

static void
on_no_more_pads (GstElement *dbin, gpointer user_data)
{
  Decode *d = user_data;

  g_mutex_lock (&d->lock);
  d->no_more_pads = TRUE;
  g_mutex_unlock (&d->lock);
}

static gboolean
build_pipeline (Decode *d, GError **error)
{
  GstElement *src, *dbin, *chain_bin = NULL;
  GstCaps *caps;

  d->pipeline = gst_pipeline_new (NULL);
  src = gst_element_factory_make ("filesrc", NULL);
  dbin = gst_element_factory_make ("decodebin", NULL);
  d->convert = gst_element_factory_make ("audioconvert", NULL);
  d->sink = gst_element_factory_make ("appsink", NULL);
  if (!src || !dbin || !d->convert || !d->sink) {
    g_set_error (error, GC_DECODE_ERROR, GC_DECODE_ERROR_NO_DECODER,
        "%s: GStreamer lacks one of filesrc, decodebin, audioconvert, "
        "appsink (install gstreamer1.0-plugins-base)",
        d->display);
    if (src)
      gst_object_unref (gst_object_ref_sink (src));
    if (dbin)
      gst_object_unref (gst_object_ref_sink (dbin));
    if (d->convert)
      gst_object_unref (gst_object_ref_sink (d->convert));
    if (d->sink)
      gst_object_unref (gst_object_ref_sink (d->sink));
    d->convert = d->sink = NULL;
    return FALSE;
  }
  g_object_set (src, "location", d->path, NULL);
  caps = gst_caps_from_string (GC_STREAM_CAPS);
  /* The tools' own processing (gc-chain.h's pink noise and fades) works on
   * float: the element's caps restricted to F32LE. */
  if (d->processor)
    gst_caps_set_simple (caps, "format", G_TYPE_STRING, "F32LE", NULL);
  g_object_set (d->sink, "caps", caps, "sync", FALSE, "max-buffers", 64,
      "enable-last-sample", FALSE, NULL);
  gst_caps_unref (caps);

  gst_bin_add_many (
      GST_BIN (d->pipeline), src, dbin, d->convert, d->sink, NULL);
  d->first = d->convert;
  if (d->chain && d->chain->launch[0]) {
    GError *err = NULL;

    chain_bin = gst_parse_bin_from_description_full (
        d->chain->launch, TRUE, NULL, GST_PARSE_FLAG_FATAL_ERRORS, &err);
    if (chain_bin == NULL) {
      g_set_error (error, GC_DECODE_ERROR, GC_DECODE_ERROR_NO_DECODER,
          "%s: the chain %s cannot be built: %s", d->display, d->chain->name,
          err->message);
      g_error_free (err);
      return FALSE;
    }
    gst_bin_add (GST_BIN (d->pipeline), chain_bin);
    d->first = chain_bin;
  }
  if (!gst_element_link (src, dbin)
      || (chain_bin && !gst_element_link (chain_bin, d->convert))
      || !gst_element_link (d->convert, d->sink)) {
    g_set_error (error, GC_DECODE_ERROR, GC_DECODE_ERROR_STREAM,
        "%s: cannot build the decoding pipeline", d->display);
    return FALSE;
  }
  g_signal_connect (
      dbin, "autoplug-select", G_CALLBACK (on_autoplug_select), d);
  gc_decoders_attach (dbin);
  d->decodebin = dbin;
  g_signal_connect (dbin, "pad-added", G_CALLBACK (on_pad_added), d);
  g_signal_connect (dbin, "no-more-pads", G_CALLBACK (on_no_more_pads), d);
  return TRUE;
}

/* ---- the element's analysis -------------------------------------------- */

/* GcWindowFunc: gst_genre_classify_on_window()'s bookkeeping. */
static void
on_window (guint64 start, gsize n_samples, GcWindowStatus status,
    const double *vector, gsize n_invalid, gpointer user_data)
{
  GcDecodeStream *d = user_data;
  GcWindowResult *r = &d->result;

  if (status == GC_WINDOW_TOO_SHORT || d->stopped)
    return;
  r->index = d->next_index++;
  r->status = status;
  r->start = start;
  r->n_samples = n_samples;
  r->n_invalid = n_invalid;
  r->duration =
      gst_util_uint64_scale_round (n_samples, GST_SECOND, GC_ANALYSIS_RATE);
  r->timestamp = gc_stream_sample_time (d->stream, start);
  memset (r->vector, 0, sizeof (r->vector));
  if (status == GC_WINDOW_OK)
    memcpy (r->vector, vector, d->dimension * sizeof (double));
  if (!d->func (r, d->user_data))
    d->stopped = TRUE;
}

gboolean
gc_decode_stream_push_sample (
    GcDecodeStream *d, GstSample *sample, GError **error)
{
  GstCaps *caps = gst_sample_get_caps (sample);
  GstBuffer *buf = gst_sample_get_buffer (sample);
  const GstSegment *segment = gst_sample_get_segment (sample);
  GstMapInfo map;
  gint bpf;

  /* New caps: the element's setup(). */
  if (caps && (d->caps == NULL || !gst_caps_is_equal (caps, d->caps))) {
    GstAudioInfo info;

    if (!gst_audio_info_from_caps (&info, caps)) {
      g_set_error (error, GC_DECODE_ERROR, GC_DECODE_ERROR_STREAM,
          "%s: unusable audio format", d->display);
      return FALSE;
    }
    if (!gc_stream_set_format (d->stream, &info)) {
      g_set_error (error, GC_DECODE_ERROR, GC_DECODE_ERROR_STREAM,
          "%s: cannot convert %d Hz, %d channels, %s to mono", d->display,
          GST_AUDIO_INFO_RATE (&info), GST_AUDIO_INFO_CHANNELS (&info),
          GST_AUDIO_INFO_NAME (&info));
      return FALSE;
    }
    d->info = info;
    gst_caps_replace (&d->caps, caps);
  }
  if (!gc_stream_has_format (d->stream) || buf == NULL)
    return TRUE;

  /* The element's segment events (the first one too, which changes
   * nothing). */
  if (segment)
    gc_stream_segment (d->stream, segment);

  bpf = GST_AUDIO_INFO_BPF (&d->info);
  if (bpf <= 0 || !gst_buffer_map (buf, &map, GST_MAP_READ)) {
    g_set_error (error, GC_DECODE_ERROR, GC_DECODE_ERROR_STREAM,
        "%s: cannot read a decoded buffer", d->display);
    return FALSE;
  }
  {
    gsize n_frames = map.size / bpf;
    gconstpointer data = map.data;

    /* The chain's own processing, on a copy: the buffer is not ours. */
    if (d->processor && n_frames > 0) {
      if (d->scratch_size < map.size) {
        d->scratch = g_realloc (d->scratch, map.size);
        d->scratch_size = map.size;
      }
      memcpy (d->scratch, map.data, map.size);
      gc_chain_processor_apply (d->processor, d->scratch, n_frames,
          GST_AUDIO_INFO_CHANNELS (&d->info), GST_AUDIO_INFO_RATE (&d->info));
      data = d->scratch;
    }
    /* The element's transform_ip(): restarts, timestamps, analysis. */
    gc_stream_push (d->stream, buf, data, n_frames);
    d->duration += (double)n_frames / GST_AUDIO_INFO_RATE (&d->info);
  }
  gst_buffer_unmap (buf, &map);
  if (d->stopped) {
    g_set_error (error, GC_DECODE_ERROR, GC_DECODE_ERROR_CANCELLED,
        "%s: stopped", d->display);
    return FALSE;
  }
  return TRUE;
}

GcDecodeStream *
gc_decode_stream_new (const GcWindowSpec *spec, const char *display,
    GcDecodeWindowFunc func, gpointer user_data, GError **error)
{
  GcDecodeStream *d;
  char *problem;

  g_return_val_if_fail (spec != NULL && display != NULL && func != NULL, NULL);
  problem = gc_window_spec_explain (spec, "");
  if (problem) {
    g_set_error_literal (
        error, GC_DECODE_ERROR, GC_DECODE_ERROR_INVALID, problem);
    g_free (problem);
    return NULL;
  }
  d = g_new0 (GcDecodeStream, 1);
  d->display = g_strdup (display);
  d->func = func;
  d->user_data = user_data;
  d->stream = gc_stream_new (spec, on_window, NULL, d);
  d->dimension = gc_feature_set_dimension (spec->features);
  return d;
}

gboolean
gc_decode_stream_finish (
    GcDecodeStream *d, GcFileFeatures *stats, GError **error)
{
  /* The element's EOS: the converter's tail, the open windows. */
  gc_stream_finish (d->stream);
  if (d->stopped) {
    g_set_error (error, GC_DECODE_ERROR, GC_DECODE_ERROR_CANCELLED,
        "%s: stopped", d->display);
    return FALSE;
  }
  if (stats) {
    stats->duration = d->duration;
    stats->n_analysis_samples = gc_stream_n_samples (d->stream);
    stats->n_restarts = gc_stream_n_restarts (d->stream);
    stats->n_windows = d->next_index;
    stats->windows = NULL;
  }
  return TRUE;
}

void
gc_decode_stream_free (GcDecodeStream *d)
{
  if (d == NULL)
    return;
  gc_stream_free (d->stream);
  if (d->caps)
    gst_caps_unref (d->caps);
  g_free (d->scratch);
  g_free (d->display);
  g_free (d);
}

/* The first pass of a chain with processing: what it needs to know of the
 * whole decoded stream (its RMS, its length). */
static gboolean
measure_sample (Decode *d, GstSample *sample, GError **error)
{
  GstCaps *caps = gst_sample_get_caps (sample);
  GstBuffer *buf = gst_sample_get_buffer (sample);
  GstAudioInfo info;
  GstMapInfo map;

  if (caps == NULL || buf == NULL)
    return TRUE;
  if (!gst_audio_info_from_caps (&info, caps)
      || GST_AUDIO_INFO_FORMAT (&info) != GST_AUDIO_FORMAT_F32LE) {
    g_set_error (error, GC_DECODE_ERROR, GC_DECODE_ERROR_STREAM,
        "%s: unusable audio format", d->display);
    return FALSE;
  }
  if (!gst_buffer_map (buf, &map, GST_MAP_READ)) {
    g_set_error (error, GC_DECODE_ERROR, GC_DECODE_ERROR_STREAM,
        "%s: cannot read a decoded buffer", d->display);
    return FALSE;
  }
  gc_chain_processor_measure (d->processor, (const float *)(void *)map.data,
      map.size / GST_AUDIO_INFO_BPF (&info), GST_AUDIO_INFO_CHANNELS (&info));
  gst_buffer_unmap (buf, &map);
  return TRUE;
}

/* ---- errors ------------------------------------------------------------ */

/* A missing-plugin message: what is missing, and which decoder of the
 * tools' table would do. */
static void
note_missing_plugin (Decode *d, GstMessage *msg)
{
  const GValue *detail =
      gst_structure_get_value (gst_message_get_structure (msg), "detail");

  d->missing = gst_missing_plugin_message_get_description (msg);
  if (detail && G_VALUE_HOLDS (detail, GST_TYPE_CAPS))
    d->missing_hint = gc_decoders_hint (gst_value_get_caps (detail));
}

static void
set_missing_error (Decode *d, GError **error)
{
  g_set_error (error, GC_DECODE_ERROR, GC_DECODE_ERROR_NO_DECODER,
      "%s: cannot decode: %s is not installed (a GStreamer plugin is "
      "missing%s%s)",
      d->display, d->missing, d->missing_hint ? "; " : "",
      d->missing_hint ? d->missing_hint : "");
}

static void
set_message_error (Decode *d, GstMessage *msg, GError **error)
{
  GError *err = NULL;
  gchar *debug = NULL;
  GcDecodeError code = GC_DECODE_ERROR_STREAM;
  const char *what = "cannot decode";

  gst_message_parse_error (msg, &err, &debug);
  if (err->domain == GST_RESOURCE_ERROR) {
    code = GC_DECODE_ERROR_OPEN;
    what = "cannot read";
  } else if (g_error_matches (
                 err, GST_STREAM_ERROR, GST_STREAM_ERROR_TYPE_NOT_FOUND)) {
    code = GC_DECODE_ERROR_NOT_MEDIA;
    what = "not an audio or media file GStreamer recognises";
  } else if (g_error_matches (
                 err, GST_CORE_ERROR, GST_CORE_ERROR_MISSING_PLUGIN)
      || g_error_matches (
          err, GST_STREAM_ERROR, GST_STREAM_ERROR_CODEC_NOT_FOUND)) {
    code = GC_DECODE_ERROR_NO_DECODER;
    what = "no GStreamer decoder";
  }
  if (code == GC_DECODE_ERROR_NO_DECODER && d->missing)
    set_missing_error (d, error);
  else
    g_set_error (error, GC_DECODE_ERROR, code, "%s: %s (%s)", d->display, what,
        err->message);
  g_error_free (err);
  g_free (debug);
}

/* Takes every message waiting on @bus: the first error goes to @error,
 * missing-plugin messages are noted. */
static void
read_bus (Decode *d, GstBus *bus, GError **error)
{
  GstMessage *msg;

  while (*error == NULL && (msg = gst_bus_pop (bus)) != NULL) {
    if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR)
      set_message_error (d, msg, error);
    else if (gst_is_missing_plugin_message (msg) && d->missing == NULL)
      note_missing_plugin (d, msg);
    gst_message_unref (msg);
  }
}

/* Checks the file before GStreamer does, for a clearer message. */
static gboolean
check_file (const char *path, const char *display, GError **error)
{
  GStatBuf st;
  int fd, saved;

  if (g_stat (path, &st) != 0) {
    saved = errno;
    g_set_error (error, GC_DECODE_ERROR, GC_DECODE_ERROR_OPEN,
        "%s: cannot read: %s", display, g_strerror (saved));
    return FALSE;
  }
  if (!S_ISREG (st.st_mode)) {
    g_set_error (error, GC_DECODE_ERROR, GC_DECODE_ERROR_OPEN,
        "%s: cannot read: not a regular file", display);
    return FALSE;
  }
  fd = g_open (path, O_RDONLY, 0);
  if (fd < 0) {
    saved = errno;
    g_set_error (error, GC_DECODE_ERROR, GC_DECODE_ERROR_OPEN,
        "%s: cannot read: %s", display, g_strerror (saved));
    return FALSE;
  }
  close (fd);
  if (st.st_size == 0) {
    g_set_error (error, GC_DECODE_ERROR, GC_DECODE_ERROR_NOT_MEDIA,
        "%s: empty file", display);
    return FALSE;
  }
  return TRUE;
}

/* ---- decoding ---------------------------------------------------------- */

/* One run of the pipeline, from the start of the file to its end.  The
 * analysis state (windower, converter, counters) carries over; the
 * pipeline and what decodebin found do not. */
static gboolean
run_pass (Decode *d, GCancellable *cancellable, GError **error)
{
  GstBus *bus = NULL;
  GError *err = NULL;
  gboolean done = FALSE, state_failed = FALSE;

  d->audio_linked = d->no_more_pads = FALSE;
  d->n_other_streams = 0;
  g_clear_pointer (&d->missing, g_free);
  g_clear_pointer (&d->missing_hint, g_free);
  if (!build_pipeline (d, &err))
    goto out;

  bus = gst_element_get_bus (d->pipeline);
  if (gst_element_set_state (d->pipeline, GST_STATE_PLAYING)
      == GST_STATE_CHANGE_FAILURE)
    state_failed = TRUE;

  while (!done && err == NULL) {
    GstSample *sample;
    gboolean no_more_pads, linked;

    if (g_cancellable_is_cancelled (cancellable)) {
      g_set_error (&err, GC_DECODE_ERROR, GC_DECODE_ERROR_CANCELLED,
          "%s: cancelled", d->display);
      break;
    }

    g_mutex_lock (&d->lock);
    no_more_pads = d->no_more_pads;
    linked = d->audio_linked;
    g_mutex_unlock (&d->lock);

    read_bus (d, bus, &err);
    if (err)
      break;
    if (state_failed) {
      g_set_error (&err, GC_DECODE_ERROR, GC_DECODE_ERROR_STREAM,
          "%s: the decoding pipeline failed to start", d->display);
      break;
    }
    if (no_more_pads && !linked) {
      if (d->missing)
        set_missing_error (d, &err);
      else
        g_set_error (&err, GC_DECODE_ERROR, GC_DECODE_ERROR_NO_AUDIO,
            "%s: no audio stream", d->display);
      break;
    }

    sample =
        gst_app_sink_try_pull_sample (GST_APP_SINK (d->sink), 20 * GST_MSECOND);
    if (sample) {
      if (d->measuring)
        measure_sample (d, sample, &err);
      else
        gc_decode_stream_push_sample (d->stream, sample, &err);
      gst_sample_unref (sample);
    } else if (gst_app_sink_is_eos (GST_APP_SINK (d->sink))) {
      /* An element that fails at the end (a parser that found no frame)
       * posts its error before it passes EOS on: without this last look
       * the outcome would depend on which of the two the loop saw first. */
      read_bus (d, bus, &err);
      done = TRUE;
    }
  }

out:
  if (d->pipeline) {
    /* Before NULL: decodebin lets go of what it plugged. */
    if (err == NULL) {
      g_free (d->decoders);
      d->decoders = gc_decoders_used (d->decodebin);
    }
    gst_element_set_state (d->pipeline, GST_STATE_NULL);
    gst_object_unref (d->pipeline);
    d->pipeline = NULL;
    d->decodebin = NULL;
  }
  if (bus)
    gst_object_unref (bus);
  if (err) {
    g_propagate_error (error, err);
    return FALSE;
  }
  return TRUE;
}

gboolean
gc_decode_file (const char *path, const GcWindowSpec *spec,
    GcDecodeWindowFunc func, gpointer user_data, GcFileFeatures *stats,
    GCancellable *cancellable, GError **error)
{
  return gc_decode_file_chain (
      path, spec, NULL, 0, func, user_data, stats, cancellable, error);
}

gboolean
gc_decode_file_chain (const char *path, const GcWindowSpec *spec,
    const GcChain *chain, guint64 chain_seed, GcDecodeWindowFunc func,
    gpointer user_data, GcFileFeatures *stats, GCancellable *cancellable,
    GError **error)
{
  static gsize pbutils_once = 0;
  Decode *d;
  GError *err = NULL;
  GcDecodeStream *stream;
  char *display;

  g_return_val_if_fail (path != NULL && spec != NULL && func != NULL, FALSE);

  if (g_once_init_enter (&pbutils_once)) {
    gst_pb_utils_init ();
    g_once_init_leave (&pbutils_once, 1);
  }

  display = g_filename_display_name (path);
  stream = gc_decode_stream_new (spec, display, func, user_data, error);
  if (stream == NULL) {
    g_free (display);
    return FALSE;
  }

  d = g_new0 (Decode, 1);
  d->path = path;
  d->display = display;
  g_mutex_init (&d->lock);
  d->chain = chain;
  d->processor = gc_chain_processor_new (chain, chain_seed);
  d->stream = stream;
  stream->processor = d->processor;

  if (!check_file (path, d->display, &err))
    goto out;
  if (d->processor) {
    d->measuring = TRUE;
    if (!run_pass (d, cancellable, &err))
      goto out;
    d->measuring = FALSE;
    gc_chain_processor_rewind (d->processor);
  }
  if (run_pass (d, cancellable, &err))
    gc_decode_stream_finish (stream, stats, &err);

out:
  if (stats && err == NULL)
    stats->decoders = g_strdup (d->decoders ? d->decoders : "");
  gc_decode_stream_free (stream);
  gc_chain_processor_free (d->processor);
  g_mutex_clear (&d->lock);
  g_free (d->missing);
  g_free (d->missing_hint);
  g_free (d->decoders);
  g_free (d->display);
  g_free (d);
  if (err) {
    g_propagate_error (error, err);
    return FALSE;
  }
  return TRUE;
}

static gboolean
collect (const GcWindowResult *window, gpointer user_data)
{
  g_array_append_vals (user_data, window, 1);
  return TRUE;
}

GcFileFeatures *
gc_decode_file_features (const char *path, const GcWindowSpec *spec,
    GCancellable *cancellable, GError **error)
{
  return gc_decode_file_features_chain (
      path, spec, NULL, 0, cancellable, error);
}

GcFileFeatures *
gc_decode_file_features_chain (const char *path, const GcWindowSpec *spec,
    const GcChain *chain, guint64 chain_seed, GCancellable *cancellable,
    GError **error)
{
  GArray *windows = g_array_new (FALSE, FALSE, sizeof (GcWindowResult));
  GcFileFeatures *f = g_new0 (GcFileFeatures, 1);

  if (!gc_decode_file_chain (path, spec, chain, chain_seed, collect, windows, f,
          cancellable, error)) {
    g_array_free (windows, TRUE);
    g_free (f);
    return NULL;
  }
  f->n_windows = windows->len;
  f->windows = (GcWindowResult *)(void *)g_array_free (windows, FALSE);
  return f;
}
