/* genreclassify — decode an audio file into the element's analysis windows
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * gc_decode_file() runs, for one file,
 *
 *   filesrc ! decodebin ! audioconvert ! appsink caps=GC_STREAM_CAPS
 *
 * where GC_STREAM_CAPS are the caps the genreclassify element accepts, so
 * audioconvert negotiates what it would negotiate in front of the element,
 * and then gives every sample's caps, segment and buffer to the element's
 * own rules, GcStream (src/stream/gc-stream.h): the conversion to mono, the
 * windows of the window spec (gc-window-spec.h), their restarts and the
 * partial window at the end.  A file
 * analysed here and by `filesrc ! decodebin ! audioconvert ! genreclassify`
 * therefore gives the same feature vectors, bit for bit.
 *
 * decodebin tries the decoders in the tools' fixed order (gc-decoders.h),
 * so that the same file gives the same vectors on every machine, whatever
 * else is installed.
 *
 * Only the first audio stream of a file is analysed (as gst-launch would
 * link it); other streams are exposed undecoded where possible and
 * discarded.
 *
 * Synchronous and thread-safe: every call builds its own pipeline and runs
 * it from the calling thread (no main loop is needed), so several worker
 * threads may decode at once.  gst_init() must have been called.
 */
#ifndef GC_DECODE_H
#define GC_DECODE_H

#include <gio/gio.h>
#include <gst/gst.h>

#include "gc-analyser.h"
#include "gc-chain.h"
#include "gc-window-spec.h"

G_BEGIN_DECLS

/* ---- window parameters ------------------------------------------------- */

/* GcWindowSpec, its ranges, defaults and rounding: gc-window-spec.h.  A
 * spec outside them is a GC_DECODE_ERROR_INVALID whose message names the
 * setting as the element's property does ("window must be between …"). */

/* ---- results ----------------------------------------------------------- */

/* One reported window, as the element's message for it.  Windows too short
 * to analyse (fewer than GC_HOP samples) are dropped, as the element drops
 * them, and get no index. */
typedef struct {
  guint index; /* the element's "window-index" */
  GcWindowStatus status; /* GC_WINDOW_OK or GC_WINDOW_SILENT */
  guint64 start; /* first analysis sample since the last restart */
  GstClockTime timestamp; /* the element's "timestamp" (NONE if unknown) */
  GstClockTime duration; /* the element's "duration" */
  guint64 n_samples; /* analysis samples in the window */
  guint64 n_invalid; /* non-finite samples replaced by zero */
  /* The first gc_feature_set_dimension() values, when status is
   * GC_WINDOW_OK. */
  double vector[GC_FEATURES_MAX_DIM];
} GcWindowResult;

/* Everything gc_decode_file_features() learns about a file. */
typedef struct {
  double duration; /* seconds of audio decoded (frames / rate, summed) */
  guint64 n_analysis_samples; /* mono GC_ANALYSIS_RATE samples analysed */
  guint n_restarts; /* discontinuities that restarted the windows */
  guint n_windows;
  GcWindowResult *windows; /* n_windows, in the order the element reports */
  /* The audio decoders decodebin used (gc_decoders_used(): "" for raw
   * audio); never NULL in a GcFileFeatures the tools return. */
  char *decoders;
} GcFileFeatures;

void gc_file_features_free (GcFileFeatures *features);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GcFileFeatures, gc_file_features_free)

/* Windows with status GC_WINDOW_OK. */
guint gc_file_features_n_ok (const GcFileFeatures *features);

/* ---- decoding ---------------------------------------------------------- */

#define GC_DECODE_ERROR (gc_decode_error_quark ())
GQuark gc_decode_error_quark (void);

typedef enum {
  GC_DECODE_ERROR_OPEN, /* missing, not a regular file, no permission */
  GC_DECODE_ERROR_NOT_MEDIA, /* GStreamer does not recognise the format */
  GC_DECODE_ERROR_NO_DECODER, /* a GStreamer plugin is missing */
  GC_DECODE_ERROR_NO_AUDIO, /* a media file without an audio stream */
  GC_DECODE_ERROR_STREAM, /* decoding failed (corrupt data, …) */
  GC_DECODE_ERROR_CANCELLED,
  GC_DECODE_ERROR_INVALID, /* bad window parameters */
} GcDecodeError;

/* Called, in the calling thread of gc_decode_file(), for every reported
 * window in order; @window is valid only during the call.  Return FALSE to
 * stop decoding (gc_decode_file() then fails with
 * GC_DECODE_ERROR_CANCELLED). */
typedef gboolean (*GcDecodeWindowFunc) (
    const GcWindowResult *window, gpointer user_data);

/* Decodes @path and calls @func for every window.  @stats (may be NULL)
 * receives duration, n_analysis_samples, n_restarts, n_windows and
 * decoders (a new string, which the caller frees; its windows member is
 * set to NULL).  Decoders are chosen as gc-decoders.h says.  @cancellable may
 * be NULL.  Errors are GC_DECODE_ERROR; their messages name the file. */
gboolean gc_decode_file (const char *path, const GcWindowSpec *spec,
    GcDecodeWindowFunc func, gpointer user_data, GcFileFeatures *stats,
    GCancellable *cancellable, GError **error);

/* The same, collecting every window.  NULL on error. */
GcFileFeatures *gc_decode_file_features (const char *path,
    const GcWindowSpec *spec, GCancellable *cancellable, GError **error);

/* The same through a recording chain (gc-chain.h; NULL: none), inserted
 * between decodebin and the final audioconvert; a chain with sample
 * processing decodes the file twice (a measuring pass, then the real one).
 * @chain_seed seeds a random chain (gc_chain_file_seed()).  A chain that
 * cannot be built is a GC_DECODE_ERROR_NO_DECODER. */
gboolean gc_decode_file_chain (const char *path, const GcWindowSpec *spec,
    const GcChain *chain, guint64 chain_seed, GcDecodeWindowFunc func,
    gpointer user_data, GcFileFeatures *stats, GCancellable *cancellable,
    GError **error);
GcFileFeatures *gc_decode_file_features_chain (const char *path,
    const GcWindowSpec *spec, const GcChain *chain, guint64 chain_seed,
    GCancellable *cancellable, GError **error);

/* ---- the analysis of decoded samples ---------------------------------- */

/* What gc_decode_file() does with the samples its appsink hands it, without
 * the pipeline: the element's conversion, windowing and restarts, so that a
 * caller (a test) can give the tools and the element the same buffers. */
typedef struct _GcDecodeStream GcDecodeStream;

/* NULL with a GC_DECODE_ERROR_INVALID error when @spec is out of range.
 * @display names the stream in error messages. */
GcDecodeStream *gc_decode_stream_new (const GcWindowSpec *spec,
    const char *display, GcDecodeWindowFunc func, gpointer user_data,
    GError **error);

/* One sample as appsink gives it: its caps, segment and buffer, in stream
 * order.  FALSE with a GC_DECODE_ERROR on an unusable format, or
 * GC_DECODE_ERROR_CANCELLED when the window function asked to stop. */
gboolean gc_decode_stream_push_sample (
    GcDecodeStream *stream, GstSample *sample, GError **error);

/* End of stream: the converter's tail and the last partial window (if it
 * holds min-window).  @stats (may be NULL) receives duration,
 * n_analysis_samples, n_restarts and n_windows (windows and decoders are
 * left alone). */
gboolean gc_decode_stream_finish (
    GcDecodeStream *stream, GcFileFeatures *stats, GError **error);
void gc_decode_stream_free (GcDecodeStream *stream);

G_END_DECLS

#endif
