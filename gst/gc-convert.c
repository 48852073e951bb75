/* genreclassify — the element's input side: any raw audio to the analysis
 * stream (mono, F32, GC_ANALYSIS_RATE)
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <string.h>

#include "gc-analyser.h"
#include "gc-convert.h"

struct _GcMonoConverter {
  GstAudioConverter *converter;
  gint rate;
  guint64 frames_in; /* since the last reset */
  guint64 samples_out; /* since the last reset */
  gfloat *scratch; /* output, grown when a bigger input comes */
  gsize scratch_len;
};

static gfloat *
ensure_scratch (GcMonoConverter *conv, gsize n)
{
  if (n > conv->scratch_len) {
    g_free (conv->scratch);
    conv->scratch = g_new (gfloat, n);
    conv->scratch_len = n;
  }
  return conv->scratch;
}

GcMonoConverter *
gc_mono_converter_new (const GstAudioInfo *info)
{
  GcMonoConverter *conv;
  GstAudioConverter *converter;
  GstAudioInfo out;
  GValue matrix = G_VALUE_INIT, row = G_VALUE_INIT;
  GstStructure *config;
  gint channels = GST_AUDIO_INFO_CHANNELS (info);
  gint i;

  if (channels < 1 || GST_AUDIO_INFO_RATE (info) < 1)
    return NULL;

  gst_audio_info_set_format (
      &out, GST_AUDIO_FORMAT_F32, GC_ANALYSIS_RATE, 1, NULL);

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

  converter = gst_audio_converter_new (
      GST_AUDIO_CONVERTER_FLAG_NONE, (GstAudioInfo *)info, &out, config);
  if (converter == NULL)
    return NULL;

  conv = g_new0 (GcMonoConverter, 1);
  conv->converter = converter;
  conv->rate = GST_AUDIO_INFO_RATE (info);
  ensure_scratch (conv, 8192);
  return conv;
}

void
gc_mono_converter_free (GcMonoConverter *conv)
{
  if (conv == NULL)
    return;
  gst_audio_converter_free (conv->converter);
  g_free (conv->scratch);
  g_free (conv);
}

/* @data NULL: silence. */
static gsize
run (GcMonoConverter *conv, gconstpointer data, gsize n_frames)
{
  gsize n_out = gst_audio_converter_get_out_frames (conv->converter, n_frames);
  gpointer in[1] = { (gpointer)data };
  gpointer out[1] = { ensure_scratch (conv, MAX (n_out, 1)) };

  if (n_frames == 0)
    return 0;
  /* The input is only read: GST_AUDIO_CONVERTER_FLAG_IN_WRITABLE is not
   * given. */
  if (!gst_audio_converter_samples (conv->converter,
          GST_AUDIO_CONVERTER_FLAG_NONE, data ? in : NULL, n_frames, out,
          n_out))
    return 0;
  return n_out;
}

gsize
gc_mono_converter_process (GcMonoConverter *conv, gconstpointer data,
    gsize n_frames, const gfloat **out)
{
  gsize n = run (conv, data, n_frames);

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
  gsize latency = gst_audio_converter_get_max_latency (conv->converter);
  gsize have = 0, want, chunk, n;
  guint rounds;

  want = expected > conv->samples_out ? expected - conv->samples_out : 0;
  chunk = gst_audio_converter_get_out_frames (conv->converter, latency + 16);
  ensure_scratch (conv, MAX (want, 1) + 2 * chunk);

  /* Silence pushes the delayed tail out.  The delay is at most the
   * latency, but upsampling can hold back a sample or two more, so feed a
   * little extra; whatever comes beyond the expected count is dropped. */
  for (rounds = 0; rounds < 4 && have < want; rounds++) {
    gsize n_out =
        gst_audio_converter_get_out_frames (conv->converter, latency + 16);
    gpointer out_p[1] = { conv->scratch + have };

    if (n_out > conv->scratch_len - have)
      break;
    if (!gst_audio_converter_samples (conv->converter,
            GST_AUDIO_CONVERTER_FLAG_NONE, NULL, latency + 16, out_p, n_out))
      break;
    have += n_out;
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
  gst_audio_converter_reset (conv->converter);
  conv->frames_in = 0;
  conv->samples_out = 0;
}

gsize
gc_mono_converter_latency (GcMonoConverter *conv)
{
  return gst_audio_converter_get_max_latency (conv->converter);
}

gint
gc_mono_converter_rate (GcMonoConverter *conv)
{
  return conv->rate;
}
