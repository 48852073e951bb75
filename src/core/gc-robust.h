/* genreclassify — the window summaries of the robust-281 feature set
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Plain functions over one window's per-frame values, so that a test can
 * call each with arrays.  Mel matrices are frame-major (frame t, band m at
 * [t · n_mels + m]) and in dB after the window's floors; coefficient
 * matrices are row-major (row r, frame t at [r · n_frames + t]).
 *
 * robust-281 vector layout (index ranges):
 *   [  0,  52) harmonic MFCC   — mean, std, std(Δ), std(Δ²), 13 values each
 *   [ 52, 104) percussive MFCC — the same
 *   [104, 140) contrast rows 0–5 — mean, std, std(Δ), std(Δ²), skew,
 *              kurtosis, 6 values each
 *   [140, 260) full-signal mel bands — mean minus the window's level, std,
 *              mean |Δ|, 40 values each
 *   [260, 281) rhythm — onset autocorrelation, one value per lag band
 * Δ is numpy.gradient along time over every frame; every statistic is then
 * taken over the active frames only (gc_robust_active_frames()); std has
 * ddof = 0, skew and kurtosis are scipy's biased estimates.
 *
 * Why each choice: docs/models.md (the ablation table).
 */
#ifndef GC_ROBUST_H
#define GC_ROBUST_H

#include <glib.h>

G_BEGIN_DECLS

/* power_to_db's top_db for every matrix of the set (the seed's is 80): a
 * codec's or a noise floor's changes to the quietest bands stay below it. */
#define GC_ROBUST_TOP_DB 60.0
/* A frame is active when its level is at most this far below the 95th
 * percentile of the window's frame levels. */
#define GC_ROBUST_ACTIVE_RANGE_DB 30.0
#define GC_ROBUST_ACTIVE_PERCENTILE 95.0
/* Contrast rows used: the last band (6.4 kHz to Nyquist) is left out. */
#define GC_ROBUST_N_CONTRAST 6
/* Rhythm: autocorrelation lags up to 130 frames (3.0 s at 43 frames/s),
 * maximum over each of 21 log-spaced lag bands. */
#define GC_ROBUST_MAX_LAG 130
#define GC_ROBUST_N_LAG_BANDS 21

/* Marks in @active the frames whose level — 10·log10 of the mean power
 * over the bands of @mel_db — is within GC_ROBUST_ACTIVE_RANGE_DB of the
 * GC_ROBUST_ACTIVE_PERCENTILE-th percentile of all frame levels
 * (numpy.percentile, linear interpolation).  Returns how many (at least
 * one when @n_frames > 0).  @scratch holds 2 · @n_frames values. */
gsize gc_robust_active_frames (const double *mel_db, gsize n_frames,
    guint n_mels, double *scratch, gboolean *active);

/* Mean, std, std(Δ) and std(Δ²) of row @x over the active frames, written
 * to out[0], out[stride], out[2·stride], out[3·stride].  @scratch holds
 * 3 · @n values. */
void gc_robust_row_stats (const double *x, gsize n, const gboolean *active,
    double *scratch, double *out, gsize stride);

/* Skew and kurtosis of row @x over the active frames.  @scratch holds @n
 * values. */
void gc_robust_row_shape (const double *x, gsize n, const gboolean *active,
    double *scratch, double *skew, double *kurtosis);

/* Per band, over the active frames: the mean minus the mean of every band
 * (the window's level, so that gain does not matter), the std, and the mean
 * |B[t] − B[t−1]| over active frames t ≥ 1; out[m], out[n_mels + m],
 * out[2 · n_mels + m].  @scratch holds @n_frames values. */
void gc_robust_band_profile (const double *mel_db, gsize n_frames, guint n_mels,
    const gboolean *active, double *scratch, double *out);

/* The GC_ROBUST_N_LAG_BANDS + 1 lag band edges in frames: band b holds the
 * lags edges[b] <= lag < edges[b + 1] (2, 3, …, 103, and 130 for the end). */
const guint *gc_robust_lag_edges (void);

/* The onset envelope o[t] = mean over bands of max(0, P[t] − P[t−1]),
 * t ≥ 1, its autocorrelation (mean removed) normalised by lag 0, and per
 * lag band the maximum: GC_ROBUST_N_LAG_BANDS values to @out.  @scratch
 * holds @n_frames values. */
void gc_robust_rhythm (const double *mel_db, gsize n_frames, guint n_mels,
    double *scratch, double *out);

G_END_DECLS

#endif
