/* genreclassify — the window summaries of the robust-281 feature set
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "gc-robust.h"
#include "gc-stats.h"

#include <math.h>
#include <stdlib.h>

/* First lag of each lag band, and the end of the last (in frames). */
static const guint lag_edges[GC_ROBUST_N_LAG_BANDS + 1] = { 2, 3, 4, 5, 6, 7, 8,
  10, 12, 14, 17, 20, 24, 29, 35, 42, 50, 60, 72, 86, 103, GC_ROBUST_MAX_LAG };

const guint *
gc_robust_lag_edges (void)
{
  return lag_edges;
}

/* numpy.percentile (@x, @q), linear interpolation; sorts @x. */
static double
percentile (double *x, gsize n, double q)
{
  double pos = q / 100.0 * (n - 1), frac;
  gsize lo;

  qsort (x, n, sizeof (double), gc_compare_doubles);
  lo = (gsize)floor (pos);
  if (lo + 1 >= n)
    return x[n - 1];
  frac = pos - lo;
  return x[lo] + frac * (x[lo + 1] - x[lo]);
}

gsize
gc_robust_active_frames (const double *mel_db, gsize n_frames, guint n_mels,
    double *scratch, gboolean *active)
{
  double *level = scratch, *sorted = scratch + n_frames, threshold;
  gsize n_active = 0;

  if (n_frames == 0)
    return 0;
  for (gsize t = 0; t < n_frames; t++) {
    const double *frame = mel_db + t * n_mels;
    double power = 0.0;

    /* 10^(dB/10), as exp: pow() costs twice as much at every window end. */
    for (guint m = 0; m < n_mels; m++)
      power += exp (frame[m] * (G_LN10 / 10.0));
    level[t] = 10.0 * log10 (power / n_mels);
    sorted[t] = level[t];
  }
  threshold = percentile (sorted, n_frames, GC_ROBUST_ACTIVE_PERCENTILE)
      - GC_ROBUST_ACTIVE_RANGE_DB;
  for (gsize t = 0; t < n_frames; t++) {
    active[t] = level[t] >= threshold;
    n_active += active[t];
  }
  return n_active;
}

/* The active values of @x into @out; returns how many. */
static gsize
gather (
    const double *x, gsize n, gsize stride, const gboolean *active, double *out)
{
  gsize k = 0;

  for (gsize t = 0; t < n; t++)
    if (active[t])
      out[k++] = x[t * stride];
  return k;
}

void
gc_robust_row_stats (const double *x, gsize n, const gboolean *active,
    double *scratch, double *out, gsize stride)
{
  double *d1 = scratch, *d2 = scratch + n, *values = scratch + 2 * n;
  double unused;
  gsize k;

  gc_gradient (x, n, d1);
  gc_gradient (d1, n, d2);
  k = gather (x, n, 1, active, values);
  gc_mean_std (values, k, &out[0], &out[stride]);
  k = gather (d1, n, 1, active, values);
  gc_mean_std (values, k, &unused, &out[2 * stride]);
  k = gather (d2, n, 1, active, values);
  gc_mean_std (values, k, &unused, &out[3 * stride]);
}

void
gc_robust_row_shape (const double *x, gsize n, const gboolean *active,
    double *scratch, double *skew, double *kurtosis)
{
  gsize k = gather (x, n, 1, active, scratch);

  gc_skew_kurtosis (scratch, k, skew, kurtosis);
}

void
gc_robust_band_profile (const double *mel_db, gsize n_frames, guint n_mels,
    const gboolean *active, double *scratch, double *out)
{
  double level = 0.0;

  for (guint m = 0; m < n_mels; m++) {
    gsize k = gather (mel_db + m, n_frames, n_mels, active, scratch);
    double sum = 0.0;
    gsize n_steps = 0;

    gc_mean_std (scratch, k, &out[m], &out[n_mels + m]);
    level += out[m];
    for (gsize t = 1; t < n_frames; t++)
      if (active[t]) {
        sum += fabs (mel_db[t * n_mels + m] - mel_db[(t - 1) * n_mels + m]);
        n_steps++;
      }
    out[2 * n_mels + m] = n_steps > 0 ? sum / n_steps : 0.0;
  }
  level /= n_mels;
  for (guint m = 0; m < n_mels; m++)
    out[m] -= level;
}

void
gc_robust_rhythm (const double *mel_db, gsize n_frames, guint n_mels,
    double *scratch, double *out)
{
  double *onset = scratch, mean = 0.0, lag_power[GC_ROBUST_MAX_LAG];
  gsize n = n_frames > 0 ? n_frames - 1 : 0;

  for (gsize t = 0; t < n; t++) {
    const double *prev = mel_db + t * n_mels, *cur = prev + n_mels;
    double flux = 0.0;

    for (guint m = 0; m < n_mels; m++)
      flux += MAX (0.0, cur[m] - prev[m]);
    onset[t] = flux / n_mels;
    mean += onset[t];
  }
  if (n > 0)
    mean /= n;
  for (gsize t = 0; t < n; t++)
    onset[t] -= mean;
  /* At most 130 lags of about 1300 frames: the direct sum is cheap. */
  for (guint lag = 0; lag < GC_ROBUST_MAX_LAG; lag++) {
    double sum = 0.0;

    for (gsize t = 0; t + lag < n; t++)
      sum += onset[t] * onset[t + lag];
    lag_power[lag] = sum;
  }
  for (guint b = 0; b < GC_ROBUST_N_LAG_BANDS; b++) {
    double best = -G_MAXDOUBLE;

    for (guint lag = lag_edges[b]; lag < lag_edges[b + 1]; lag++)
      best = MAX (best, lag_power[lag]);
    /* A flat envelope (silence, a steady tone) has no rhythm to report. */
    out[b] = lag_power[0] > 0.0 ? best / lag_power[0] : 0.0;
  }
}
