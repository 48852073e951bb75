/* genreclassify — streaming feature analyser (plain C, no GStreamer types)
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * One GcAnalyser analyses one window ("clip") of mono audio at
 * GC_ANALYSIS_RATE exactly as librosa 0.10 analyses a clip of that length:
 * the window is peak-normalised, HPSS-separated (time-domain parts, as
 * librosa.effects.hpss), and 13 MFCC of each part plus 7-row spectral contrast
 * of the whole are summarised into the vector of a feature set
 * (gc-features.h): seed-212 as below, robust-281 as in gc-robust.h, which
 * also keeps the mel powers of the whole signal.
 *
 * Work is done as samples arrive: every STFT frame that becomes complete is
 * transformed, median-filtered (with the 15-frame lag the time median needs),
 * inverse-transformed and re-analysed.  Only per-frame mel powers and contrast
 * peaks/valleys are kept until the window ends, because librosa's
 * power_to_db(top_db=80) and the peak normalisation depend on the whole
 * window; both are applied exactly at gc_analyser_end_window(), which is
 * cheap (a DCT and statistics).  Memory is bounded by the window length.
 *
 * seed-212 vector layout (index ranges):
 *   [  0,  78) harmonic MFCC   — 6 statistics × 13 coefficients
 *   [ 78, 156) percussive MFCC — 6 statistics × 13 coefficients
 *   [156, 212) contrast        — 8 statistics × 7 rows
 * Within a block, values are grouped by statistic, in this order:
 *   mean, std, mean(Δ), std(Δ), mean(Δ²), std(Δ²) [, skew, kurtosis]
 * where Δ is numpy.gradient along time, Δ² the gradient of Δ, std has
 * ddof = 0, skew and kurtosis are scipy's biased estimates (kurtosis Fisher).
 */
#ifndef GC_ANALYSER_H
#define GC_ANALYSER_H

#include <glib.h>

#include "gc-features.h"

G_BEGIN_DECLS

#define GC_ANALYSIS_RATE 22050
#define GC_N_FFT 2048
#define GC_HOP 512
#define GC_N_BINS (GC_N_FFT / 2 + 1)
#define GC_N_MELS 40
#define GC_N_MFCC 13
#define GC_N_CONTRAST 7
#define GC_HPSS_KERNEL 31

typedef enum {
  GC_WINDOW_OK = 0,
  /* The window held no signal (every sample zero, after non-finite samples
   * were zeroed): there is nothing to classify. */
  GC_WINDOW_SILENT,
  /* Fewer samples than one STFT frame (GC_N_FFT): too little to classify. */
  GC_WINDOW_TOO_SHORT,
} GcWindowStatus;

typedef struct _GcAnalyser GcAnalyser;

/* max_window_samples bounds the storage; pushing more samples than that into
 * one window is a programming error (the windower never does).  Every window
 * is summarised into @set's vector. */
GcAnalyser *gc_analyser_new (gsize max_window_samples, GcFeatureSet set);
void gc_analyser_free (GcAnalyser *analyser);

/* Bytes that gc_analyser_new (@max_window_samples) allocates, an upper
 * bound within a few per cent (test-analyser checks it against malloc):
 * about 1.5 MB of frame rings, FFT stages and mel basis, and 1 KB per STFT
 * frame of window (44 KB per second; 58 KB for robust-281) kept for the
 * window's end. */
gsize gc_analyser_memory (gsize max_window_samples, GcFeatureSet set);

GcFeatureSet gc_analyser_get_feature_set (const GcAnalyser *analyser);

/* Consumes mono samples at GC_ANALYSIS_RATE, any chunk size.  Non-finite
 * samples (NaN, ±Inf) are replaced by 0.0 and counted. */
void gc_analyser_push (GcAnalyser *analyser, const float *samples, gsize n);

/* Samples pushed into the current window so far. */
gsize gc_analyser_n_samples (const GcAnalyser *analyser);
/* Non-finite samples replaced by zero in the current window so far. */
gsize gc_analyser_n_invalid (const GcAnalyser *analyser);

/* Ends the current window: pads its edges as librosa does, finishes every
 * pending frame and writes the feature set's dimension of values to @vector
 * (written only for GC_WINDOW_OK).  The analyser is then reset for the next
 * window. */
GcWindowStatus gc_analyser_end_window (GcAnalyser *analyser, double *vector);

/* Drops the current window without a result. */
void gc_analyser_reset (GcAnalyser *analyser);

/* Optional per-frame outputs of the last ended window, for tests and tools:
 * the peak-normalised MFCC matrices (GC_N_MFCC rows × n_frames, row-major;
 * from the set's dB floor), contrast (GC_N_CONTRAST × n_frames) and, for
 * robust-281 only, the whole signal's mel dB (n_frames × GC_N_MELS,
 * frame-major, after its floors).  Valid until the next push/reset.
 * Returns the number of frames, 0 if unavailable. */
gsize gc_analyser_get_mfcc (
    const GcAnalyser *analyser, gboolean percussive, const double **mfcc);
gsize gc_analyser_get_contrast (
    const GcAnalyser *analyser, const double **contrast);
gsize gc_analyser_get_mel (const GcAnalyser *analyser, const double **mel_db);

G_END_DECLS

#endif
