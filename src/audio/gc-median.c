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

/* In every lane, replaces one occurrence of @old by @new and keeps the
 * window sorted, in one pass of five vector operations per slot: deleting
 * the first @old shifts what follows it down one slot (d[j] = w[j] below
 * it, w[j + 1] from it on, +inf at the top), and inserting @new shifts
 * what is not below it up one slot. */
VECTOR_INLINE void
windows_replace (Windows *win, vf old, vf new)
{
  vf *w = win->w;
  const vf inf = (vf){ 0 } + INFINITY;
  vf prev_d = new;
  vi prev_below = (vi){ 0 } - 1; /* "d[-1] < new" */

  for (guint j = 0; j < GC_MEDIAN_WIDTH; j++) {
    vf next = j + 1 < GC_MEDIAN_WIDTH ? w[j + 1] : inf;
    vf d = blend ((vi)(w[j] < old), w[j], next);
    vi below = (vi)(d < new);

    w[j] = blend (below, d, blend (prev_below, new, prev_d));
    prev_d = d;
    prev_below = below;
  }
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
  /* Lane l filters the segment [l·seg, (l+1)·seg) of the output.  The input,
   * extended by reflection, is transposed so that lane l of lanes[i] is
   * ext[l·seg + i]: every step then loads whole vectors. */
  gsize seg = (n + LANES - 1) / LANES;
  gsize n_steps = seg + 2 * HALF;
  vf lanes[n_steps], medians[seg];
  Windows win;

  for (guint l = 0; l < LANES; l++) {
    for (gsize i = 0; i < n_steps; i++) {
      gint64 k = (gint64)(l * seg + i) - HALF;
      lanes[i][l] =
          in[k >= 0 && k < (gint64)n ? (gsize)k : gc_reflect_index (k, n)];
    }
  }

  memcpy (win.w, lanes, sizeof (win.w));
  windows_sort (&win);
  medians[0] = win.w[HALF];
  for (gsize s = 1; s < seg; s++) {
    windows_replace (&win, lanes[s - 1], lanes[s - 1 + GC_MEDIAN_WIDTH]);
    medians[s] = win.w[HALF];
  }

  for (guint l = 0; l < LANES; l++)
    for (gsize s = 0; s < seg && l * seg + s < n; s++)
      out[l * seg + s] = medians[s][l];
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
  guint full = bank->n_channels / LANES;

  for (guint g = 0; g < full; g++)
    memcpy (medians + g * LANES, &bank->groups[g].w[HALF], sizeof (vf));
  for (guint c = full * LANES; c < bank->n_channels; c++)
    medians[c] = bank->groups[full].w[HALF][c % LANES];
}
