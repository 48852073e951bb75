/* genreclassify — the element's input side: any raw audio to the analysis
 * stream (mono, F32, GC_ANALYSIS_RATE)
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef GC_CONVERT_H
#define GC_CONVERT_H

#include <gst/audio/audio.h>

G_BEGIN_DECLS

typedef struct _GcMonoConverter GcMonoConverter;

/* Mono is the arithmetic mean of all channels (positioned or not), as
 * librosa.to_mono; the resampler is GstAudioConverter's default.  NULL if
 * the format cannot be converted. */
GcMonoConverter *gc_mono_converter_new (const GstAudioInfo *info);
void gc_mono_converter_free (GcMonoConverter *conv);

/* Converts @n_frames interleaved frames of @data and returns the number of
 * analysis samples now available at *@out (valid until the next call).  The
 * resampler delays its output by up to gc_mono_converter_latency() frames;
 * gc_mono_converter_drain() releases the rest. */
gsize gc_mono_converter_process (GcMonoConverter *conv, gconstpointer data,
    gsize n_frames, const gfloat **out);

/* End of the input: returns the remaining samples at *@out, so that in total
 * exactly round(frames_in * GC_ANALYSIS_RATE / rate) samples were produced
 * since the last reset, then resets. */
gsize gc_mono_converter_drain (GcMonoConverter *conv, const gfloat **out);

/* Forgets all input (the next frame starts a new, unrelated stream). */
void gc_mono_converter_reset (GcMonoConverter *conv);

gsize gc_mono_converter_latency (GcMonoConverter *conv);
gint gc_mono_converter_rate (GcMonoConverter *conv);

G_END_DECLS

#endif
