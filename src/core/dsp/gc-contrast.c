/* genreclassify — spectral contrast (librosa.feature.spectral_contrast)
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "gc-contrast.h"
#include "gc-mel.h"

#include <math.h>
#include <string.h>

/* Interleaved lanes of the threshold pass: each lane's extreme is one value
 * of a disjoint set, so the q-th of the lane extremes bounds the q-th of the
 * band as long as q <= LANES. */
#define LANES 16

struct _GcContrast {
  /* Inclusive bin range of each band's sub-band and its quantile count. */
  guint first[GC_CONTRAST_N_ROWS], last[GC_CONTRAST_N_ROWS];
  guint n_quantile[GC_CONTRAST_N_ROWS];
  /* Candidates of one band's extreme; as large as a band. */
  gint32 *candidates;
};

GcContrast *
gc_contrast_new (double sample_rate, guint n_fft, double fmin, double quantile)
{
  GcContrast *contrast = g_new0 (GcContrast, 1);
  guint n_bins = n_fft / 2 + 1;
  double octave[GC_CONTRAST_N_BANDS + 2];

  octave[0] = 0.0;
  for (guint k = 0; k <= GC_CONTRAST_N_BANDS; k++)
    octave[k + 1] = fmin * exp2 (k);

  for (guint k = 0; k < GC_CONTRAST_N_ROWS; k++) {
    guint first = n_bins, last = 0, count;

    for (guint i = 0; i < n_bins; i++) {
      double f = sample_rate * i / n_fft;
      if (f >= octave[k] && f <= octave[k + 1]) {
        first = MIN (first, i);
        last = i;
      }
    }
    g_assert (first <= last);
    /* librosa widens every band but the first by the bin below it, lets
     * the last band run to Nyquist, counts the quantile on that, and then
     * drops the top bin of every band but the last. */
    if (k > 0)
      first--;
    if (k == GC_CONTRAST_N_BANDS)
      last = n_bins - 1;
    count = last - first + 1;
    if (k < GC_CONTRAST_N_BANDS)
      last--;

    contrast->first[k] = first;
    contrast->last[k] = last;
    contrast->n_quantile[k] = MAX (1, (guint)nearbyint (quantile * count));
  }
  contrast->candidates = g_new (gint32, n_bins + LANES);
  return contrast;
}

void
gc_contrast_free (GcContrast *contrast)
{
  if (!contrast)
    return;
  g_free (contrast->candidates);
  g_free (contrast);
}

/* The vector types never cross an ABI boundary: everything taking one is
 * inlined into the target_clones function below. */
#pragma GCC diagnostic ignored "-Wpsabi"

/* 16-byte vectors: every x86-64 has them (SSE2), and GCC 12 turns
 * comparisons of wider generic vectors into scalar code where AVX is
 * missing.  A block of LANES keys is KEY_VECTORS of them. */
#define KEYS_PER_VECTOR 4
#define KEY_VECTORS (LANES / KEYS_PER_VECTOR)
typedef gint32 vkey
    __attribute__ ((vector_size (KEYS_PER_VECTOR * sizeof (gint32))));
typedef gint64 vkey_pair
    __attribute__ ((vector_size (KEYS_PER_VECTOR * sizeof (gint32))));

#define VECTOR_INLINE static inline __attribute__ ((always_inline))

/* Magnitudes are never negative or NaN, so their bit patterns, read as
 * integers, order exactly as the values do, and flipping every bit reverses
 * that order: the smallest values are the largest flipped keys.  (A -0.0
 * would sort below +0.0, which changes no sum.) */
VECTOR_INLINE vkey
load_keys (const float *x, gint32 flip)
{
  vkey k;

  memcpy (&k, x, sizeof (k));
  return k ^ flip;
}

VECTOR_INLINE vkey
max_keys (vkey a, vkey b)
{
  vkey greater = a > b;

  return (a & greater) | (b & ~greater);
}

/* Whether any of the LANES keys from @x reaches @threshold. */
VECTOR_INLINE gboolean
block_reaches (const float *x, gint32 flip, gint32 threshold)
{
  vkey reached = { 0 };
  vkey_pair pair;

  for (guint v = 0; v < KEY_VECTORS; v++)
    reached |= load_keys (x + v * KEYS_PER_VECTOR, flip) >= threshold;
  pair = (vkey_pair)reached;
  return (pair[0] | pair[1]) != 0;
}

static inline gint32
key_of (float v, gint32 flip)
{
  gint32 k;

  memcpy (&k, &v, sizeof (k));
  return k ^ flip;
}

static inline float
value_of (gint32 k, gint32 flip)
{
  float v;

  k ^= flip;
  memcpy (&v, &k, sizeof (v));
  return v;
}

/* The @q-th largest of @keys[0..n) (1 <= q <= n; the array is padded with
 * G_MININT32 to whole vectors), and in @n_greater how many are larger.  A
 * key is the q-th largest when fewer than q keys exceed it and at least q
 * reach it.  Counting that for four keys at a time has no data-dependent
 * branch, which a partial sort of a dozen keys would mispredict again and
 * again. */
VECTOR_INLINE gint32
kth_largest (const gint32 *keys, guint n, guint q, guint *n_greater)
{
  vkey kth = { 0 }, greater = { 0 };
  gint32 result = G_MININT32, result_greater = 0;

  kth += G_MININT32;
  for (guint c = 0; c < n; c += KEYS_PER_VECTOR) {
    vkey candidate, above = { 0 }, reach = { 0 }, is_kth;

    memcpy (&candidate, keys + c, sizeof (candidate));
    for (guint d = 0; d < n; d++) {
      above -= keys[d] > candidate;
      reach -= keys[d] >= candidate;
    }
    /* Padding is exceeded by all n >= q keys, so it is never the q-th. */
    is_kth = (above < (gint32)q) & (reach >= (gint32)q);
    kth = max_keys (
        kth, (candidate & is_kth) | ((kth - kth + G_MININT32) & ~is_kth));
    greater = max_keys (greater, above & is_kth);
  }
  for (guint l = 0; l < KEYS_PER_VECTOR; l++) {
    result = MAX (result, kth[l]);
    result_greater = MAX (result_greater, greater[l]);
  }
  *n_greater = result_greater;
  return result;
}

/* Sum of the @q largest values of @x[0..n) (1 <= q <= n), or of the q
 * smallest if @flip is -1.  The band is read twice: first for the extreme
 * of each of LANES interleaved lanes, whose q-th is a threshold that every
 * value summed reaches (the lanes hold q distinct values at least that
 * extreme), then a block of LANES at a time for the few values that reach
 * it.  @scratch holds n + LANES keys. */
__attribute__ ((target_clones ("avx2", "default"))) static double
extreme_sum (gint32 *scratch, const float *x, guint n, guint q, gint32 flip)
{
  const guint n_full = n - n % LANES;
  gint32 threshold = G_MININT32, kth;
  guint n_candidates = 0, n_greater;
  double sum = 0.0;

  if (q <= LANES) {
    vkey lanes[KEY_VECTORS];
    gint32 lane[LANES];

    for (guint v = 0; v < KEY_VECTORS; v++)
      lanes[v] = (vkey){ 0 } + G_MININT32;
    for (guint i = 0; i < n_full; i += LANES)
      for (guint v = 0; v < KEY_VECTORS; v++)
        lanes[v] =
            max_keys (lanes[v], load_keys (x + i + v * KEYS_PER_VECTOR, flip));
    memcpy (lane, lanes, sizeof (lane));
    for (guint i = n_full; i < n; i++)
      lane[i - n_full] = MAX (lane[i - n_full], key_of (x[i], flip));
    if (q == 1) {
      for (guint l = 1; l < LANES; l++)
        lane[0] = MAX (lane[0], lane[l]);
      return value_of (lane[0], flip);
    }
    threshold = kth_largest (lane, LANES, q, &n_greater);
  }

  for (guint i = 0; i < n; i += LANES) {
    guint end = MIN (i + LANES, n);

    if (end == i + LANES && !block_reaches (x + i, flip, threshold))
      continue;
    for (guint j = i; j < end; j++) {
      scratch[n_candidates] = key_of (x[j], flip);
      n_candidates += scratch[n_candidates] >= threshold;
    }
  }
  for (guint j = n_candidates; j < n_candidates + KEYS_PER_VECTOR; j++)
    scratch[j] = G_MININT32;

  /* Ties at the q-th value count as often as they are needed. */
  kth = kth_largest (scratch, n_candidates, q, &n_greater);
  for (guint c = 0; c < n_candidates; c++)
    sum += scratch[c] > kth ? value_of (scratch[c], flip) : 0.0f;
  return sum + (double)(q - n_greater) * value_of (kth, flip);
}

void
gc_contrast_frame (
    GcContrast *contrast, const float *magnitude, double *peak, double *valley)
{
  for (guint k = 0; k < GC_CONTRAST_N_ROWS; k++) {
    const float *band = magnitude + contrast->first[k];
    guint n = contrast->last[k] - contrast->first[k] + 1;
    guint q = MIN (contrast->n_quantile[k], n);

    valley[k] = extreme_sum (contrast->candidates, band, n, q, -1) / q;
    peak[k] = extreme_sum (contrast->candidates, band, n, q, 0) / q;
  }
}

void
gc_contrast_finish (double *peak_db, double *valley_db, gsize n_frames,
    double gain_db, double *out)
{
  gsize n = n_frames * GC_CONTRAST_N_ROWS;

  gc_db_floor (peak_db, n, gain_db, GC_DB_TOP);
  gc_db_floor (valley_db, n, gain_db, GC_DB_TOP);
  for (gsize t = 0; t < n_frames; t++)
    for (guint k = 0; k < GC_CONTRAST_N_ROWS; k++)
      out[k * n_frames + t] = peak_db[t * GC_CONTRAST_N_ROWS + k]
          - valley_db[t * GC_CONTRAST_N_ROWS + k];
}
