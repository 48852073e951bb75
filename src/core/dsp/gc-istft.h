/* genreclassify — inverse STFT over a stream
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * librosa.istft(hop_length=512, window="hann", center=True, length=L) frame
 * by frame: each frame is inverse-transformed, windowed and overlap-added;
 * every output sample is divided by the sum of squared windows that actually
 * covered it (so the edges are exact too), the 1024 samples of left padding
 * are dropped, and the output is cut to L samples at the end.
 */
#ifndef GC_ISTFT_H
#define GC_ISTFT_H

#include "gc-stft.h"

G_BEGIN_DECLS

/* Receives finished output samples, in order; valid during the call only. */
typedef void (*GcIstftOutputFunc) (
    const double *samples, gsize n, gpointer user_data);

typedef struct _GcIstft GcIstft;

GcIstft *gc_istft_new (void);
void gc_istft_free (GcIstft *istft);

void gc_istft_push (GcIstft *istft, const double complex *spectrum,
    GcIstftOutputFunc func, gpointer user_data);

/* The same without a copy: write the next frame's GC_STFT_N_BINS values to
 * gc_istft_input(), then call gc_istft_push_input(). */
double complex *gc_istft_input (GcIstft *istft);
void gc_istft_push_input (
    GcIstft *istft, GcIstftOutputFunc func, gpointer user_data);

/* No more frames: emits the samples still pending so that exactly @length
 * samples were output since the reset, then resets. */
void gc_istft_finish (
    GcIstft *istft, gsize length, GcIstftOutputFunc func, gpointer user_data);

void gc_istft_reset (GcIstft *istft);

G_END_DECLS

#endif
