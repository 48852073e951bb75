/* genreclassify — named recording chains: degradations and augmentations
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <gst/gst.h>

#include "gc-chain.h"
#include "gc-random.h"

G_DEFINE_QUARK (gc-chain-error-quark, gc_chain_error);

/* A spectral tilt linear in log frequency, -6 dB at 29 Hz to +6 dB at
 * 15 kHz (the mirror for TILT_DOWN), from equalizer-10bands, whose bands
 * are an octave apart.  Its bands overlap and its end bands are shelves, so
 * the gains are not simply -6 + 12 i / 9: these were fitted (by measuring
 * sines at the band centres and correcting the gains until the response
 * stopped moving) to give the line within 0.1 dB at the ten centres; between
 * centres the response falls short of the line by up to 1.3 dB above 80 Hz.
 * The fit holds at 44.1 kHz, so the chain resamples there first (a no-op
 * for 44.1-kHz files). */
#define TILT_UP                                                                \
  "audioconvert ! audioresample ! audio/x-raw,rate=44100 ! "                   \
  "equalizer-10bands band0=-7.83 band1=-5.81 band2=-2.43 band3=-1.43 "         \
  "band4=-0.45 band5=0.48 band6=1.39 band7=2.20 band8=3.10 band9=11.35"
#define TILT_DOWN                                                              \
  "audioconvert ! audioresample ! audio/x-raw,rate=44100 ! "                   \
  "equalizer-10bands band0=8.37 band1=5.93 band2=2.44 band3=1.43 "             \
  "band4=0.46 band5=-0.48 band6=-1.39 band7=-2.20 band8=-3.10 band9=-11.35"
/* LAME takes S16 at its own rates: audioresample picks the nearest one
 * (the file's own rate when LAME takes it). */
#define MP3(rate_caps, kbps)                                                   \
  "audioconvert ! audioresample ! " rate_caps                                  \
  "lamemp3enc target=bitrate bitrate=" #kbps " cbr=true ! mpegaudioparse ! "   \
  "mpg123audiodec"

static const GcChain chains[] = {
  { "lowpass-8k",
      "band limit at 8 kHz (8-pole Chebyshev low-pass): old or low-rate "
      "recordings, some streams",
      "audioconvert ! audiocheblimit mode=low-pass cutoff=8000 poles=8",
      GC_CHAIN_PROCESS_NONE, 0.0, GC_CHAIN_ROBUSTNESS },
  { "lowpass-5k",
      "band limit at 5 kHz (8-pole Chebyshev low-pass): AM radio, 78 rpm "
      "records",
      "audioconvert ! audiocheblimit mode=low-pass cutoff=5000 poles=8",
      GC_CHAIN_PROCESS_NONE, 0.0, GC_CHAIN_ROBUSTNESS },
  { "mono-22k", "a 22050 Hz mono source (GStreamer's resampler and downmix)",
      "audioconvert ! audioresample ! audio/x-raw,rate=22050 ! audioconvert ! "
      "capsfilter caps=audio/x-raw,channels=1",
      GC_CHAIN_PROCESS_NONE, 0.0, GC_CHAIN_ROBUSTNESS },
  { "mp3-64k", "re-encoded as MP3 at 64 kb/s CBR (LAME), decoded by mpg123",
      MP3 ("", 64), GC_CHAIN_PROCESS_NONE, 0.0, GC_CHAIN_ROBUSTNESS },
  { "gain-20db", "20 dB quieter (volume 0.1, in the decoded format)",
      "volume volume=0.1", GC_CHAIN_PROCESS_NONE, 0.0, GC_CHAIN_ROBUSTNESS },
  { "tilt+6db",
      "spectral tilt, -6 dB at 29 Hz to +6 dB at 15 kHz, linear in log "
      "frequency (equalizer-10bands)",
      TILT_UP, GC_CHAIN_PROCESS_NONE, 0.0, GC_CHAIN_ROBUSTNESS },
  { "tilt-6db", "the mirror tilt, +6 dB at 29 Hz to -6 dB at 15 kHz", TILT_DOWN,
      GC_CHAIN_PROCESS_NONE, 0.0, GC_CHAIN_ROBUSTNESS },
  { "pink-30db",
      "pink noise 30 dB below the clip's RMS, the same on every channel, "
      "seeded by the file's content and --seed",
      "", GC_CHAIN_PROCESS_PINK_NOISE, 30.0, GC_CHAIN_ROBUSTNESS },
  { "mp3-32k-96k",
      "resampled to 32 kHz, MP3 at 96 kb/s CBR: the AllMusic previews' chain",
      MP3 ("audio/x-raw,rate=32000 ! ", 96), GC_CHAIN_PROCESS_NONE, 0.0,
      GC_CHAIN_CORPUS },
  { "mp3-44k-128k",
      "resampled to 44.1 kHz, MP3 at 128 kb/s CBR: Emotify's chain",
      MP3 ("audio/x-raw,rate=44100 ! ", 128), GC_CHAIN_PROCESS_NONE, 0.0,
      GC_CHAIN_CORPUS },
  { "fade-2s",
      "linear fade-in over the first 2 s and fade-out over the last 2 s, as "
      "the AllMusic previews",
      "", GC_CHAIN_PROCESS_FADE, 2.0, 0 },
  { "vorbis-q2",
      "Ogg Vorbis at quality 0.2 (about 80 kb/s), as many web streams and "
      "this project's own test excerpt",
      "audioconvert ! vorbisenc quality=0.2 ! vorbisdec", GC_CHAIN_PROCESS_NONE,
      0.0, 0 },
};

const GcChain *
gc_chain_all (guint *n)
{
  *n = G_N_ELEMENTS (chains);
  return chains;
}

const GcChain *
gc_chain_lookup (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (chains); i++)
    if (strcmp (chains[i].name, name) == 0)
      return &chains[i];
  return NULL;
}

static char *
known_names (void)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (chains); i++)
    g_string_append_printf (s, "%s%s", i ? ", " : "", chains[i].name);
  return g_string_free (s, FALSE);
}

const GcChain **
gc_chain_parse_list (const char *text, GError **error)
{
  char **names = g_strsplit (text, ",", -1);
  guint n = g_strv_length (names), m = 0;
  const GcChain **list = g_new0 (const GcChain *, n + 1);

  if (strcmp (text, "none") == 0) {
    g_strfreev (names);
    return list;
  }
  for (guint i = 0; i < n; i++) {
    const char *name = g_strstrip (names[i]);
    const GcChain *chain = gc_chain_lookup (name);
    gboolean twice = FALSE;

    for (guint j = 0; chain && j < m; j++)
      twice |= list[j] == chain;
    if (chain == NULL || twice) {
      char *known = known_names ();

      if (twice)
        g_set_error (error, GC_CHAIN_ERROR, GC_CHAIN_ERROR_TWICE,
            "chain \"%s\" named twice", name);
      else
        g_set_error (error, GC_CHAIN_ERROR, GC_CHAIN_ERROR_UNKNOWN,
            "unknown chain \"%s\" (known: %s)", name, known);
      g_free (known);
      g_free (list);
      g_strfreev (names);
      return NULL;
    }
    list[m++] = chain;
  }
  g_strfreev (names);
  return list;
}

guint
gc_chain_list_length (const GcChain *const *list)
{
  guint n = 0;

  while (list && list[n])
    n++;
  return n;
}

const GcChain **
gc_chain_robustness (void)
{
  const GcChain **list = g_new0 (const GcChain *, G_N_ELEMENTS (chains) + 1);
  guint m = 0;

  for (guint i = 0; i < G_N_ELEMENTS (chains); i++)
    if (chains[i].flags & GC_CHAIN_ROBUSTNESS)
      list[m++] = &chains[i];
  return list;
}

char *
gc_chain_list_names (const GcChain *const *list)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; list && list[i]; i++)
    g_string_append_printf (s, "%s%s", i ? "," : "", list[i]->name);
  return g_string_free (s, FALSE);
}

char *
gc_chain_help (void)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (chains); i++)
    g_string_append_printf (s, "  %-13s %s%s\n", chains[i].name,
        chains[i].description,
        chains[i].flags & GC_CHAIN_ROBUSTNESS ? " [robustness]" : "");
  return g_string_free (s, FALSE);
}

gboolean
gc_chain_check (const GcChain *chain, GError **error)
{
  GError *err = NULL;
  GstElement *bin;

  if (chain->launch[0] == 0)
    return TRUE;
  bin = gst_parse_bin_from_description_full (
      chain->launch, TRUE, NULL, GST_PARSE_FLAG_FATAL_ERRORS, &err);
  if (bin == NULL) {
    g_set_error (error, GC_CHAIN_ERROR, GC_CHAIN_ERROR_UNAVAILABLE,
        "chain %s cannot be built: %s (is gstreamer1.0-plugins-good "
        "installed?)",
        chain->name, err->message);
    g_error_free (err);
    return FALSE;
  }
  gst_object_unref (gst_object_ref_sink (bin));
  return TRUE;
}

gboolean
gc_chain_is_random (const GcChain *chain)
{
  return chain->process == GC_CHAIN_PROCESS_PINK_NOISE;
}

/* The processing's exact recipe: edit it with the code, so that cached
 * features made by the old code are not reused. */
static const char *
process_recipe (GcChainProcess process)
{
  switch (process) {
    case GC_CHAIN_PROCESS_PINK_NOISE:
      return "pink noise: Kellet's refined filter on uniform splitmix64 "
             "white noise, one signal on every channel, gain from a first "
             "pass (RMS over all samples) v1";
    case GC_CHAIN_PROCESS_FADE:
      return "fade: linear gain (t + 0.5) / L in, (T - t - 0.5) / L out, "
             "L = round (seconds * rate) v1";
    default:
      return "none";
  }
}

char *
gc_chain_key (const GcChain *chain, guint64 seed)
{
  char *key = g_strdup_printf ("chain %s\n"
                               "chain-launch %s\n"
                               "chain-process %s %.17g\n",
      chain->name, chain->launch, process_recipe (chain->process),
      chain->amount);

  if (gc_chain_is_random (chain)) {
    char *seeded =
        g_strdup_printf ("%schain-seed %" G_GUINT64_FORMAT "\n", key, seed);

    g_free (key);
    key = seeded;
  }
  return key;
}

guint64
gc_chain_file_seed (const char *sha256, guint64 seed)
{
  guint64 state = seed, content = 0;
  char head[17] = { 0 };

  /* The first 64 bits of the hash are as good as all of it. */
  if (sha256) {
    strncpy (head, sha256, 16);
    content = g_ascii_strtoull (head, NULL, 16);
  }
  gc_random_next (&state);
  return gc_random_next (&state) ^ content;
}

/* ---- processing -------------------------------------------------------- */

/* Paul Kellet's refined pink filter (within ±0.05 dB of 1/f above 9 Hz at
 * 44.1 kHz; at other rates the same coefficients stay close to pink over
 * the audible band), fed with uniform white noise in [-1, 1). */
typedef struct {
  guint64 state;
  double b[7];
} Pink;

static void
pink_init (Pink *p, guint64 seed)
{
  memset (p, 0, sizeof (*p));
  p->state = seed;
}

static double
pink_next (Pink *p)
{
  double white = 2.0 * gc_random_uniform (&p->state) - 1.0;
  double *b = p->b, pink;

  b[0] = 0.99886 * b[0] + white * 0.0555179;
  b[1] = 0.99332 * b[1] + white * 0.0750759;
  b[2] = 0.96900 * b[2] + white * 0.1538520;
  b[3] = 0.86650 * b[3] + white * 0.3104856;
  b[4] = 0.55000 * b[4] + white * 0.5329522;
  b[5] = -0.7616 * b[5] - white * 0.0168980;
  pink = b[0] + b[1] + b[2] + b[3] + b[4] + b[5] + b[6] + white * 0.5362;
  b[6] = white * 0.115926;
  return pink;
}

struct _GcChainProcessor {
  const GcChain *chain;
  guint64 seed;
  Pink pink;
  /* First pass. */
  double signal_ss, noise_ss;
  guint64 n_samples, n_frames;
  /* Second pass. */
  double gain;
  guint64 position;
};

GcChainProcessor *
gc_chain_processor_new (const GcChain *chain, guint64 seed)
{
  GcChainProcessor *p;

  if (chain == NULL || chain->process == GC_CHAIN_PROCESS_NONE)
    return NULL;
  p = g_new0 (GcChainProcessor, 1);
  p->chain = chain;
  p->seed = seed;
  pink_init (&p->pink, seed);
  return p;
}

void
gc_chain_processor_free (GcChainProcessor *p)
{
  g_free (p);
}

void
gc_chain_processor_measure (
    GcChainProcessor *p, const float *frames, gsize n_frames, guint channels)
{
  gsize n = n_frames * channels;

  for (gsize i = 0; i < n; i++)
    p->signal_ss += (double)frames[i] * frames[i];
  p->n_samples += n;
  if (p->chain->process == GC_CHAIN_PROCESS_PINK_NOISE) {
    /* The very noise the second pass adds, so that the SNR is exact. */
    for (gsize f = 0; f < n_frames; f++) {
      double v = pink_next (&p->pink);

      p->noise_ss += v * v;
    }
  }
  p->n_frames += n_frames;
}

void
gc_chain_processor_rewind (GcChainProcessor *p)
{
  p->gain = 0.0;
  if (p->chain->process == GC_CHAIN_PROCESS_PINK_NOISE && p->noise_ss > 0.0
      && p->n_samples > 0) {
    double signal_rms = sqrt (p->signal_ss / p->n_samples);
    double noise_rms = sqrt (p->noise_ss / p->n_frames);

    /* A silent clip stays silent: no signal, no SNR to keep. */
    p->gain = signal_rms / noise_rms * pow (10.0, -p->chain->amount / 20.0);
  }
  pink_init (&p->pink, p->seed);
  p->position = 0;
}

void
gc_chain_processor_apply (GcChainProcessor *p, float *frames, gsize n_frames,
    guint channels, guint rate)
{
  if (p->chain->process == GC_CHAIN_PROCESS_PINK_NOISE) {
    for (gsize f = 0; f < n_frames; f++) {
      float v = (float)(p->gain * pink_next (&p->pink));

      for (guint c = 0; c < channels; c++)
        frames[f * channels + c] += v;
    }
  } else if (p->chain->process == GC_CHAIN_PROCESS_FADE) {
    double length = MAX (llround (p->chain->amount * rate), 1);

    for (gsize f = 0; f < n_frames; f++) {
      double t = (double)(p->position + f);
      double g = MIN (
          MIN ((t + 0.5) / length, ((double)p->n_frames - t - 0.5) / length),
          1.0);

      /* Frames past the measured end (none, with a deterministic decoder)
       * are silenced rather than amplified. */
      g = MAX (g, 0.0);
      for (guint c = 0; c < channels; c++)
        frames[f * channels + c] = (float)(frames[f * channels + c] * g);
    }
  }
  p->position += n_frames;
}

double
gc_chain_processor_signal_rms (const GcChainProcessor *p)
{
  return p->n_samples ? sqrt (p->signal_ss / p->n_samples) : 0.0;
}

double
gc_chain_processor_noise_gain (const GcChainProcessor *p)
{
  return p->gain;
}
