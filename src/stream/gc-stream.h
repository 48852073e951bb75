/* genreclassify — a stream of raw audio buffers into analysis windows
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The element's rules for its input, in one place for the element and the
 * tools (gc-decode.c), so that the same buffers give the same windows:
 *
 *   - the caps it accepts (GC_STREAM_CAPS);
 *   - new caps: a different format drains the old converter's tail into the
 *     open windows, which run on in the new format;
 *   - a segment different from the last one, a DISCONT buffer, a buffer
 *     whose PTS is more than GC_STREAM_MAX_PTS_JUMP from where the previous
 *     one ended, or gc_stream_restart() (flush, GAP event) restart the
 *     windows: the open ones are dropped, the next buffer's PTS is the new
 *     timestamp base;
 *   - the end of a track reports the open windows holding at least
 *     min-window.
 *
 * The analysis itself is a GcMonoConverter (gc-convert.h) feeding a
 * GcWindower (gc-windower.h) with the window spec's samples
 * (gc-window-spec.h).
 */
#ifndef GC_STREAM_H
#define GC_STREAM_H

#include <gst/audio/audio.h>

#include "gc-window-spec.h"
#include "gc-windower.h"

G_BEGIN_DECLS

/* What the element's pads accept, and what the tools' decoder asks
 * audioconvert for. */
#define GC_STREAM_CAPS                                                         \
  "audio/x-raw, format = (string) { S16LE, S32LE, F32LE, F64LE }, "            \
  "rate = (int) [ 8000, 192000 ], channels = (int) [ 1, 8 ], "                 \
  "layout = (string) interleaved"

/* A buffer's PTS may be this far from where the previous buffer ended
 * without breaking the run (GstAudioBaseSink's default
 * alignment-threshold): jitter, not a gap. */
#define GC_STREAM_MAX_PTS_JUMP (40 * GST_MSECOND)

typedef struct _GcStream GcStream;

/* Called whenever the windows restart, before the next window is
 * reported. */
typedef void (*GcStreamRestartFunc) (gpointer user_data);

/* @spec must be valid (gc_window_spec_validate()).  Every window goes to
 * @window_func, every restart to @restart_func (may be NULL). */
GcStream *gc_stream_new (const GcWindowSpec *spec, GcWindowFunc window_func,
    GcStreamRestartFunc restart_func, gpointer user_data);
void gc_stream_free (GcStream *stream);

/* The format of the buffers from now on.  FALSE (and nothing changes) when
 * it cannot be converted to mono. */
gboolean gc_stream_set_format (GcStream *stream, const GstAudioInfo *info);
/* Whether a format has been set. */
gboolean gc_stream_has_format (const GcStream *stream);

/* A segment event: one different from the last restarts the windows; a
 * copy (sent again with new caps, say) does not. */
void gc_stream_segment (GcStream *stream, const GstSegment *segment);

/* @n_frames frames of the current format at @data: the contents of
 * @buffer, or a processed copy of them (@buffer gives the timing). */
void gc_stream_push (
    GcStream *stream, GstBuffer *buffer, gconstpointer data, gsize n_frames);

/* Drops the open windows and the converter's delay (flush, GAP event). */
void gc_stream_restart (GcStream *stream);

/* End of a track: the converter's tail and the open windows holding at
 * least min-window are reported.  The timestamp base stays until the next
 * restart. */
void gc_stream_finish (GcStream *stream);

/* The PTS of analysis sample @sample since the last restart (a window's
 * start), or GST_CLOCK_TIME_NONE before a timestamped buffer. */
GstClockTime gc_stream_sample_time (const GcStream *stream, guint64 sample);

/* Analysis samples pushed into the windows, in all. */
guint64 gc_stream_n_samples (const GcStream *stream);
/* Restarts that dropped analysed samples. */
guint gc_stream_n_restarts (const GcStream *stream);

G_END_DECLS

#endif
