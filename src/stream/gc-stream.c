/* genreclassify — a stream of raw audio buffers into analysis windows
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include "gc-convert.h"
#include "gc-stream.h"

GST_DEBUG_CATEGORY_STATIC (gc_stream_debug);
#define GST_CAT_DEFAULT gc_stream_debug

struct _GcStream {
  GcWindower *windower;
  gsize min_samples;
  GcWindowFunc window_func;
  GcStreamRestartFunc restart_func;
  gpointer user_data;

  GcMonoConverter *converter; /* NULL until the first format */
  GstAudioInfo info;
  GstSegment segment;
  gboolean have_segment;

  GstClockTime base_ts; /* PTS of analysis sample 0 */
  gboolean need_base; /* take base_ts from the next buffer */
  GstClockTime next_pts; /* where the next buffer should start, or NONE */

  guint64 n_samples;
  guint n_restarts;
};

GcStream *
gc_stream_new (const GcWindowSpec *spec, GcWindowFunc window_func,
    GcStreamRestartFunc restart_func, gpointer user_data)
{
  static gsize debug_once = 0;
  GcStream *stream;
  gsize window_samples, hop_samples;

  g_return_val_if_fail (
      gc_window_spec_validate (spec) == GC_WINDOW_SPEC_VALID, NULL);
  if (g_once_init_enter (&debug_once)) {
    GST_DEBUG_CATEGORY_INIT (gc_stream_debug, "genreclassify-stream", 0,
        "genreclassify: windows of an audio stream");
    g_once_init_leave (&debug_once, 1);
  }

  stream = g_new0 (GcStream, 1);
  gc_window_spec_samples (
      spec, &window_samples, &hop_samples, &stream->min_samples);
  stream->windower =
      gc_windower_new (window_samples, hop_samples, spec->features);
  stream->window_func = window_func;
  stream->restart_func = restart_func;
  stream->user_data = user_data;
  stream->base_ts = GST_CLOCK_TIME_NONE;
  stream->need_base = TRUE;
  stream->next_pts = GST_CLOCK_TIME_NONE;
  return stream;
}

void
gc_stream_free (GcStream *stream)
{
  if (stream == NULL)
    return;
  gc_windower_free (stream->windower);
  gc_mono_converter_free (stream->converter);
  g_free (stream);
}

static void
push_analysis (GcStream *stream, const gfloat *samples, gsize n)
{
  if (n == 0)
    return;
  stream->n_samples += n;
  gc_windower_push (
      stream->windower, samples, n, stream->window_func, stream->user_data);
}

/* The converter's delayed tail into the windows. */
static void
drain_converter (GcStream *stream)
{
  const gfloat *out;
  gsize n;

  if (stream->converter == NULL)
    return;
  n = gc_mono_converter_drain (stream->converter, &out);
  push_analysis (stream, out, n);
}

gboolean
gc_stream_set_format (GcStream *stream, const GstAudioInfo *info)
{
  GcMonoConverter *converter;

  if (stream->converter && gst_audio_info_is_equal (info, &stream->info))
    return TRUE;
  converter = gc_mono_converter_new (info);
  if (converter == NULL) {
    GST_ERROR ("cannot convert %d Hz, %d channels, %s to mono",
        GST_AUDIO_INFO_RATE (info), GST_AUDIO_INFO_CHANNELS (info),
        GST_AUDIO_INFO_NAME (info));
    return FALSE;
  }

  /* A caps change mid-stream: the old converter's tail belongs to the
   * analysis stream, which goes on with the new one. */
  drain_converter (stream);
  gc_mono_converter_free (stream->converter);
  stream->converter = converter;
  stream->info = *info;
  GST_INFO ("analysing %d Hz, %d channels, %s as mono %d Hz "
            "(converter latency %" G_GSIZE_FORMAT " frames)",
      GST_AUDIO_INFO_RATE (info), GST_AUDIO_INFO_CHANNELS (info),
      GST_AUDIO_INFO_NAME (info), GC_ANALYSIS_RATE,
      gc_mono_converter_latency (converter));
  return TRUE;
}

gboolean
gc_stream_has_format (const GcStream *stream)
{
  return stream->converter != NULL;
}

void
gc_stream_restart (GcStream *stream)
{
  if (gc_windower_position (stream->windower) > 0)
    stream->n_restarts++;
  gc_windower_reset (stream->windower);
  if (stream->converter)
    gc_mono_converter_reset (stream->converter);
  stream->base_ts = GST_CLOCK_TIME_NONE;
  stream->need_base = TRUE;
  stream->next_pts = GST_CLOCK_TIME_NONE;
  if (stream->restart_func)
    stream->restart_func (stream->user_data);
}

static gboolean
same_segment (const GstSegment *a, const GstSegment *b)
{
  return a->format == b->format && a->flags == b->flags && a->rate == b->rate
      && a->applied_rate == b->applied_rate && a->base == b->base
      && a->offset == b->offset && a->start == b->start && a->stop == b->stop
      && a->time == b->time;
}

void
gc_stream_segment (GcStream *stream, const GstSegment *segment)
{
  if (stream->have_segment && same_segment (segment, &stream->segment))
    return;
  GST_DEBUG (
      "new segment %" GST_SEGMENT_FORMAT ": restarting windows", segment);
  gc_stream_restart (stream);
  gst_segment_copy_into (segment, &stream->segment);
  stream->have_segment = TRUE;
}

void
gc_stream_push (
    GcStream *stream, GstBuffer *buffer, gconstpointer data, gsize n_frames)
{
  g_return_if_fail (stream->converter != NULL);

  if (GST_BUFFER_IS_DISCONT (buffer)) {
    GST_DEBUG ("discontinuity: restarting windows");
    gc_stream_restart (stream);
  } else if (GST_BUFFER_PTS_IS_VALID (buffer)
      && GST_CLOCK_TIME_IS_VALID (stream->next_pts)
      && ABS (GST_CLOCK_DIFF (stream->next_pts, GST_BUFFER_PTS (buffer)))
          > GC_STREAM_MAX_PTS_JUMP) {
    /* A gap (or an overlap) in the timestamps without the DISCONT flag:
     * the windows must not run across it, nor their timestamps lie. */
    GST_DEBUG ("buffer at %" GST_TIME_FORMAT ", expected %" GST_TIME_FORMAT
               ": restarting windows",
        GST_TIME_ARGS (GST_BUFFER_PTS (buffer)),
        GST_TIME_ARGS (stream->next_pts));
    gc_stream_restart (stream);
  }
  if (stream->need_base) {
    stream->base_ts = GST_BUFFER_PTS (buffer);
    stream->need_base = FALSE;
    GST_DEBUG (
        "timestamp base %" GST_TIME_FORMAT, GST_TIME_ARGS (stream->base_ts));
  }

  if (n_frames > 0) {
    const gfloat *out;
    gsize n =
        gc_mono_converter_process (stream->converter, data, n_frames, &out);

    push_analysis (stream, out, n);
  }

  /* Where the next buffer should start (a buffer without PTS continues). */
  if (GST_BUFFER_PTS_IS_VALID (buffer))
    stream->next_pts = GST_BUFFER_PTS (buffer);
  if (GST_CLOCK_TIME_IS_VALID (stream->next_pts))
    stream->next_pts += gst_util_uint64_scale_round (
        n_frames, GST_SECOND, GST_AUDIO_INFO_RATE (&stream->info));
}

void
gc_stream_finish (GcStream *stream)
{
  drain_converter (stream);
  gc_windower_finish (stream->windower, stream->min_samples,
      stream->window_func, stream->user_data);
}

GstClockTime
gc_stream_sample_time (const GcStream *stream, guint64 sample)
{
  if (!GST_CLOCK_TIME_IS_VALID (stream->base_ts))
    return GST_CLOCK_TIME_NONE;
  return stream->base_ts
      + gst_util_uint64_scale_round (sample, GST_SECOND, GC_ANALYSIS_RATE);
}

guint64
gc_stream_n_samples (const GcStream *stream)
{
  return stream->n_samples;
}

guint
gc_stream_n_restarts (const GcStream *stream)
{
  return stream->n_restarts;
}
