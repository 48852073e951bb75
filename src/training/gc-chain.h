/* genreclassify — named recording chains: degradations and augmentations
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * A chain is something a recording goes through before it reaches the
 * element: a band limit, a codec, a level change, noise, fades.  The tools
 * insert it in their decoding pipeline (gc-decode.h) between decodebin and
 * the final audioconvert,
 *
 *   filesrc ! decodebin ! CHAIN ! audioconvert ! appsink
 *
 * so that everything after it (the element's conversion to mono 22050 Hz,
 * its windows and features) stays the element's.  Most chains are
 * GStreamer elements (their gst-launch description, @launch).  Two are done
 * by the tools on the decoded samples, after the final audioconvert and
 * before the element's conversion, because they must be deterministic and
 * need the whole clip first — a measuring pass over the file, then the real
 * one: pink noise at a signal-to-noise ratio relative to the clip's RMS,
 * and fades at both ends (gc_chain_processor_*()).
 *
 * genreclassify-eval --degrade / --robustness measures a model on degraded
 * copies of a set; genreclassify-train --augment trains on such copies as
 * well.  See docs/training.md, "Robustness".
 */
#ifndef GC_CHAIN_H
#define GC_CHAIN_H

#include <glib.h>

G_BEGIN_DECLS

#define GC_CHAIN_ERROR (gc_chain_error_quark ())
GQuark gc_chain_error_quark (void);

typedef enum {
  GC_CHAIN_ERROR_UNKNOWN, /* a name no chain has */
  GC_CHAIN_ERROR_TWICE, /* a chain named twice in a list */
  GC_CHAIN_ERROR_UNAVAILABLE, /* an element of the chain is not installed */
} GcChainError;

typedef enum {
  GC_CHAIN_ROBUSTNESS = 1 << 0, /* in genreclassify-eval --robustness */
  GC_CHAIN_CORPUS = 1 << 1, /* a training corpus' recording chain */
} GcChainFlags;

typedef enum {
  GC_CHAIN_PROCESS_NONE,
  /* Pink noise at @amount dB SNR below the clip's RMS. */
  GC_CHAIN_PROCESS_PINK_NOISE,
  /* Linear fade-in over the first @amount seconds, fade-out over the
   * last. */
  GC_CHAIN_PROCESS_FADE,
} GcChainProcess;

typedef struct {
  const char *name; /* short, no ',' or space */
  const char *description; /* one line */
  const char *launch; /* gst-launch description; "" for none */
  GcChainProcess process;
  double amount;
  guint flags; /* GcChainFlags */
} GcChain;

/* Every chain, in the order the documentation lists them. */
const GcChain *gc_chain_all (guint *n);

/* The chain called @name, or NULL. */
const GcChain *gc_chain_lookup (const char *name);

/* The chains named in @text, "NAME[,NAME…]" (an option's value, a
 * recipe's), as a NULL-terminated array (free the array with g_free(), not
 * the chains); "none" is the empty list.  An unknown name is a
 * GC_CHAIN_ERROR_UNKNOWN listing the known chains, one given twice a
 * GC_CHAIN_ERROR_TWICE; the messages do not say where @text came from. */
const GcChain **gc_chain_parse_list (const char *text, GError **error);

/* The number of chains in a NULL-terminated array. */
guint gc_chain_list_length (const GcChain *const *chains);

/* The GC_CHAIN_ROBUSTNESS chains, NULL-terminated; free with g_free(). */
const GcChain **gc_chain_robustness (void);

/* "NAME,NAME" of a NULL-terminated array; free with g_free(). */
char *gc_chain_list_names (const GcChain *const *chains);

/* "  NAME  description\n" per chain, for --help; free with g_free(). */
char *gc_chain_help (void);

/* Whether this GStreamer can build @chain (its elements are installed).
 * GC_CHAIN_ERROR_UNAVAILABLE naming the chain and the missing element. */
gboolean gc_chain_check (const GcChain *chain, GError **error);

/* Whether the chain's result depends on a seed (pink noise). */
gboolean gc_chain_is_random (const GcChain *chain);

/* Everything the chain's output depends on, for the feature cache key:
 * name, launch description, processing and, for random chains, @seed.
 * Free with g_free(). */
char *gc_chain_key (const GcChain *chain, guint64 seed);

/* The seed of a random chain for one file: @seed (the tools' --seed)
 * mixed with the file's content hash (hex SHA-256), so that every file
 * gets its own noise and the same file always the same. */
guint64 gc_chain_file_seed (const char *sha256, guint64 seed);

/* ---- sample processing (GC_CHAIN_PROCESS_*) ----------------------------- */

typedef struct _GcChainProcessor GcChainProcessor;

/* NULL for a chain without processing. */
GcChainProcessor *gc_chain_processor_new (const GcChain *chain, guint64 seed);
void gc_chain_processor_free (GcChainProcessor *processor);

/* First pass: every decoded buffer in order, interleaved F32 frames. */
void gc_chain_processor_measure (GcChainProcessor *processor,
    const float *frames, gsize n_frames, guint channels);

/* Between the passes: fixes the noise gain from what was measured and
 * rewinds the noise and the position. */
void gc_chain_processor_rewind (GcChainProcessor *processor);

/* Second pass: the same buffers, changed in place.  @rate sets the fade
 * lengths in frames. */
void gc_chain_processor_apply (GcChainProcessor *processor, float *frames,
    gsize n_frames, guint channels, guint rate);

/* After the first pass: the clip's RMS over every sample of every channel,
 * and the gain given to the noise (0 without noise). */
double gc_chain_processor_signal_rms (const GcChainProcessor *processor);
double gc_chain_processor_noise_gain (const GcChainProcessor *processor);

G_END_DECLS

#endif
