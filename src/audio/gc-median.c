/* genreclassify — median filters as scipy.ndimage.median_filter(mode="reflect")
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "gc-median.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The vector types never cross an ABI boundary (see VECTOR_INLINE). */
#pragma GCC diagnostic ignored "-Wpsabi"

#define LANES 8
#define HALF (GC_MEDIAN_WIDTH / 2)
/* Everything that takes or returns a vector is inlined into the callers
 * that target_clones compiles per instruction set, so no vector ever
 * crosses a call between code of two ABIs. */
#define VECTOR_INLINE static inline __attribute__ ((always_inline))

typedef float vf __attribute__ ((vector_size (LANES * sizeof (float))));
typedef gint32 vi __attribute__ ((vector_size (LANES * sizeof (gint32))));

/* Eight sorted windows, one per lane. */
typedef struct {
  vf w[GC_MEDIAN_WIDTH];
} Windows;

struct _GcMedianBank {
  guint n_channels, n_groups;
  Windows *groups;
};

gsize
gc_reflect_index (gint64 index, gsize n)
{
  gint64 period = 2 * (gint64)n;

  index %= period;
  if (index < 0)
    index += period;
  return index < (gint64)n ? (gsize)index : (gsize)(period - 1 - index);
}

VECTOR_INLINE vf
blend (vi mask, vf a, vf b)
{
  return (vf)((mask & (vi)a) | (~mask & (vi)b));
}

VECTOR_INLINE vi
blend_i (vi mask, vi a, vi b)
{
  return (mask & a) | (~mask & b);
}

/* In every lane, replaces one occurrence of old by new and keeps the
 * window sorted: with p the rank of old and r the rank new takes once old
 * is gone, the values between them move one place towards p. */
VECTOR_INLINE void
windows_replace (Windows *win, vf old, vf new)
{
  vf *w = win->w;
  vf out[GC_MEDIAN_WIDTH];
  vi p = { 0 }, r = { 0 }, lo, hi, up;

  for (guint j = 0; j < GC_MEDIAN_WIDTH; j++) {
    p -= (vi)(w[j] < old);
    r -= (vi)(w[j] < new);
  }
  up = (vi)(new > old);
  r += up; /* old itself was counted below new */
  lo = blend_i (up, p, r + 1);
  hi = blend_i (up, r, p + 1);

  for (gint j = 0; j < GC_MEDIAN_WIDTH; j++) {
    vi index = (vi){ 0 } + j;
    vf above = w[MIN (j + 1, GC_MEDIAN_WIDTH - 1)];
    vf below = w[MAX (j - 1, 0)];
    vi moves = (index >= lo) & (index < hi);
    vf v = blend (moves, blend (up, above, below), w[j]);
    out[j] = blend (index == r, new, v);
  }
  memcpy (w, out, sizeof (out));
}

/* Sorts each lane of @win with a bitonic network over 32 slots (the last
 * one +inf): 240 compare-exchanges of whole vectors, no branch. */
VECTOR_INLINE void
windows_sort (Windows *win)
{
  vf v[32];

  memcpy (v, win->w, sizeof (win->w));
  v[31] = (vf){ 0 } + INFINITY;
  for (guint k = 2; k <= 32; k <<= 1) {
    for (guint j = k >> 1; j > 0; j >>= 1) {
      for (guint i = 0; i < 32; i++) {
        guint l = i ^ j;
        if (l > i) {
          vi less = (vi)(v[i] < v[l]);
          vf lo = blend (less, v[i], v[l]), hi = blend (less, v[l], v[i]);
          gboolean ascending = (i & k) == 0;
          v[i] = ascending ? lo : hi;
          v[l] = ascending ? hi : lo;
        }
      }
    }
  }
  memcpy (win->w, v, sizeof (win->w));
}

__attribute__ ((target_clones ("avx2", "default"))) void
gc_median_filter_reflect (const float *in, gsize n, float *out)
{
  /* Lane l filters the segment [l·seg, (l+1)·seg) of the output, reading
   * the input extended by reflection so that no step needs a branch. */
  gsize seg = (n + LANES - 1) / LANES;
  gsize n_ext = LANES * seg + 2 * HALF;
  float ext[n_ext];
  Windows win;

  for (gsize i = 0; i < n_ext; i++)
    ext[i] = in[gc_reflect_index ((gint64)i - HALF, n)];

  for (guint l = 0; l < LANES; l++)
    for (guint j = 0; j < GC_MEDIAN_WIDTH; j++)
      win.w[j][l] = ext[l * seg + j];
  windows_sort (&win);

  for (gsize s = 0;; s++) {
    for (guint l = 0; l < LANES; l++)
      if (l * seg + s < n)
        out[l * seg + s] = win.w[HALF][l];
    if (s + 1 == seg)
      break;
    vf old, new;
    for (guint l = 0; l < LANES; l++) {
      old[l] = ext[l * seg + s];
      new[l] = ext[l * seg + s + GC_MEDIAN_WIDTH];
    }
    windows_replace (&win, old, new);
  }
}

GcMedianBank *
gc_median_bank_new (guint n_channels)
{
  GcMedianBank *bank = g_new0 (GcMedianBank, 1);

  bank->n_channels = n_channels;
  bank->n_groups = (n_channels + LANES - 1) / LANES;
  /* Vectors need their natural alignment, which g_malloc does not give. */
  bank->groups = aligned_alloc (sizeof (vf), bank->n_groups * sizeof (Windows));
  memset (bank->groups, 0, bank->n_groups * sizeof (Windows));
  return bank;
}

void
gc_median_bank_free (GcMedianBank *bank)
{
  if (!bank)
    return;
  free (bank->groups);
  g_free (bank);
}

/* Lanes past n_channels hold zeros, which stay consistent. */
VECTOR_INLINE vf
load_lanes (const float *row, guint first, guint n_channels)
{
  vf v = { 0 };

  if (first + LANES <= n_channels)
    memcpy (&v, row + first, sizeof (v));
  else
    for (guint l = 0; first + l < n_channels; l++)
      v[l] = row[first + l];
  return v;
}

__attribute__ ((target_clones ("avx2", "default"))) void
gc_median_bank_init (GcMedianBank *bank, const float *const *rows)
{
  for (guint g = 0; g < bank->n_groups; g++) {
    Windows *win = &bank->groups[g];
    for (guint j = 0; j < GC_MEDIAN_WIDTH; j++)
      win->w[j] = load_lanes (rows[j], g * LANES, bank->n_channels);
    windows_sort (win);
  }
}

__attribute__ ((target_clones ("avx2", "default"))) void
gc_median_bank_slide (
    GcMedianBank *bank, const float *leaving, const float *entering)
{
  for (guint g = 0; g < bank->n_groups; g++)
    windows_replace (&bank->groups[g],
        load_lanes (leaving, g * LANES, bank->n_channels),
        load_lanes (entering, g * LANES, bank->n_channels));
}

void
gc_median_bank_get (const GcMedianBank *bank, float *medians)
{
  for (guint c = 0; c < bank->n_channels; c++)
    medians[c] = bank->groups[c / LANES].w[HALF][c % LANES];
}
