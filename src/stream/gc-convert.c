/* genreclassify — the element's input side: any raw audio to the analysis
 * stream (mono, F32, GC_ANALYSIS_RATE)
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <string.h>

#include "gc-analyser.h"
#include "gc-convert.h"

/* Two GstAudioConverter stages: the mix to mono F32 at the input rate, then
 * the resampler on one channel.  Mixing first halves (or better) the
 * resampler's work, and resampling F32 instead of an integer input format is
 * both exact and about twice as fast (S16 stereo at 44.1 kHz: 15 ms per
 * 30 s instead of 26 ms in one stage). */
struct _GcMonoConverter {
  GstAudioConverter *mixer;
  GstAudioConverter *resampler; /* NULL at GC_ANALYSIS_RATE */
  gint rate;
  guint64 frames_in; /* since the last reset */
  guint64 samples_out; /* since the last reset */
  gfloat *mixed; /* mono at the input rate */
  gsize mixed_len;
  gfloat *scratch; /* output, grown when a bigger input comes */
  gsize scratch_len;
};

static gfloat *
ensure (gfloat **buf, gsize *len, gsize n)
{
  if (n > *len) {
    g_free (*buf);
    *buf = g_new (gfloat, n);
    *len = n;
  }
  return *buf;
}

static gfloat *
ensure_scratch (GcMonoConverter *conv, gsize n)
{
  return ensure (&conv->scratch, &conv->scratch_len, n);
}

GcMonoConverter *
gc_mono_converter_new (const GstAudioInfo *info)
{
  GcMonoConverter *conv;
  GstAudioInfo mono, out;
  GstStructure *config;
  GValue matrix = G_VALUE_INIT, row = G_VALUE_INIT;
  gint channels = GST_AUDIO_INFO_CHANNELS (info);
  gint rate = GST_AUDIO_INFO_RATE (info);
  gint i;

  if (channels < 1 || rate < 1)
    return NULL;

  /* One output row: every input channel weighs 1/channels.  An explicit
   * matrix is also what lets unpositioned layouts be mixed at all. */
  g_value_init (&matrix, GST_TYPE_ARRAY);
  g_value_init (&row, GST_TYPE_ARRAY);
  for (i = 0; i < channels; i++) {
    GValue v = G_VALUE_INIT;

    g_value_init (&v, G_TYPE_FLOAT);
    g_value_set_float (&v, 1.0f / channels);
    gst_value_array_append_and_take_value (&row, &v);
  }
  gst_value_array_append_and_take_value (&matrix, &row);
  config = gst_structure_new_empty ("GstAudioConverter");
  gst_structure_take_value (
      config, GST_AUDIO_CONVERTER_OPT_MIX_MATRIX, &matrix);

  conv = g_new0 (GcMonoConverter, 1);
  conv->rate = rate;
  gst_audio_info_set_format (&mono, GST_AUDIO_FORMAT_F32, rate, 1, NULL);
  conv->mixer = gst_audio_converter_new (
      GST_AUDIO_CONVERTER_FLAG_NONE, (GstAudioInfo *)info, &mono, config);
  if (rate != GC_ANALYSIS_RATE) {
    gst_audio_info_set_format (
        &out, GST_AUDIO_FORMAT_F32, GC_ANALYSIS_RATE, 1, NULL);
    conv->resampler = gst_audio_converter_new (
        GST_AUDIO_CONVERTER_FLAG_NONE, &mono, &out, NULL);
  }
  if (conv->mixer == NULL || (rate != GC_ANALYSIS_RATE && !conv->resampler)) {
    gc_mono_converter_free (conv);
    return NULL;
  }
  ensure_scratch (conv, 8192);
  return conv;
}

void
gc_mono_converter_free (GcMonoConverter *conv)
{
  if (conv == NULL)
    return;
  if (conv->mixer)
    gst_audio_converter_free (conv->mixer);
  if (conv->resampler)
    gst_audio_converter_free (conv->resampler);
  g_free (conv->mixed);
  g_free (conv->scratch);
  g_free (conv);
}

/* Resamples @n_frames mono frames (@mono NULL: silence) into the scratch
 * buffer; returns the number of output samples. */
static gsize
resample (GcMonoConverter *conv, gpointer mono, gsize n_frames)
{
  gsize n_out = gst_audio_converter_get_out_frames (conv->resampler, n_frames);
  gpointer in[1] = { mono };
  gpointer out[1] = { ensure_scratch (conv, MAX (n_out, 1)) };

  if (!gst_audio_converter_samples (conv->resampler,
          GST_AUDIO_CONVERTER_FLAG_NONE, mono ? in : NULL, n_frames, out,
          n_out))
    return 0;
  return n_out;
}

gsize
gc_mono_converter_process (GcMonoConverter *conv, gconstpointer data,
    gsize n_frames, const gfloat **out)
{
  /* The input is only read: GST_AUDIO_CONVERTER_FLAG_IN_WRITABLE is not
   * given. */
  gpointer in[1] = { (gpointer)data };
  gpointer mixed[1];
  gsize n = 0;

  *out = conv->scratch;
  if (n_frames == 0)
    return 0;
  /* Without resampling the mix goes straight to the output buffer. */
  mixed[0] = conv->resampler ? ensure (&conv->mixed, &conv->mixed_len, n_frames)
                             : ensure_scratch (conv, n_frames);
  if (!gst_audio_converter_samples (conv->mixer, GST_AUDIO_CONVERTER_FLAG_NONE,
          in, n_frames, mixed, n_frames))
    return 0;
  n = conv->resampler ? resample (conv, conv->mixed, n_frames) : n_frames;

  conv->frames_in += n_frames;
  conv->samples_out += n;
  *out = conv->scratch;
  return n;
}

gsize
gc_mono_converter_drain (GcMonoConverter *conv, const gfloat **out)
{
  guint64 expected = gst_util_uint64_scale_round (
      conv->frames_in, GC_ANALYSIS_RATE, conv->rate);
  gsize latency = gc_mono_converter_latency (conv);
  gsize have = 0, want, n;
  guint rounds;

  want = expected > conv->samples_out ? expected - conv->samples_out : 0;
  ensure_scratch (conv, MAX (want, 1));

  /* Silence pushes the delayed tail out.  The delay is at most the
   * latency, but upsampling can hold back a sample or two more, so feed a
   * little extra; whatever comes beyond the expected count is dropped. */
  for (rounds = 0; conv->resampler && rounds < 4 && have < want; rounds++) {
    gfloat *tail = g_new (gfloat, MAX (want, 1));
    gsize got;

    memcpy (tail, conv->scratch, have * sizeof (gfloat));
    got = resample (conv, NULL, latency + 16);
    got = MIN (got, want - have);
    memcpy (tail + have, conv->scratch, got * sizeof (gfloat));
    have += got;
    ensure_scratch (conv, MAX (want, 1));
    memcpy (conv->scratch, tail, have * sizeof (gfloat));
    g_free (tail);
  }
  n = MIN (have, want);
  if (n < want) {
    /* Not expected to happen: complete the count with silence. */
    memset (conv->scratch + n, 0, (want - n) * sizeof (gfloat));
    n = want;
  }

  gc_mono_converter_reset (conv);
  *out = conv->scratch;
  return n;
}

void
gc_mono_converter_reset (GcMonoConverter *conv)
{
  gst_audio_converter_reset (conv->mixer);
  if (conv->resampler)
    gst_audio_converter_reset (conv->resampler);
  conv->frames_in = 0;
  conv->samples_out = 0;
}

gsize
gc_mono_converter_latency (GcMonoConverter *conv)
{
  return conv->resampler ? gst_audio_converter_get_max_latency (conv->resampler)
                         : 0;
}

gint
gc_mono_converter_rate (GcMonoConverter *conv)
{
  return conv->rate;
}
