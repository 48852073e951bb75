/* genreclassify — the median kernels, written once for every vector width
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * gc-median.c includes this once per instruction set, after defining:
 *
 *   KERNEL_SUFFIX             suffix of the names defined here
 *   KERNEL_TARGET             attributes that select the instruction set
 *   V, LANES                  the vector type and its number of floats
 *   V_SET1 (x)                x in every lane
 *   V_MIN (a, b)              a < b ? a : b, lane by lane
 *   V_MAX (a, b)              a > b ? a : b
 *   V_SELECT_LT (a, b, x, y)  a < b ? x : y
 *   V_TRANSPOSE (m)           transposes the LANES × LANES floats of
 *                             m[0 .. LANES − 1] in place
 *
 * (the semantics of x86's minps / maxps, which the portable instance copies
 * so that all instances agree bit for bit), and undefines them at the end.
 * It defines a Kernels named kernels_<suffix>.
 *
 * Vectors only travel between functions inlined into one KERNEL_TARGET
 * function, so no vector crosses a call between code of two ABIs.
 */

#define KERNEL_PASTE2(name, suffix) name##_##suffix
#define KERNEL_PASTE(name, suffix) KERNEL_PASTE2 (name, suffix)
#define KERNEL(name) KERNEL_PASTE (name, KERNEL_SUFFIX)
#define KERNEL_INLINE                                                          \
  static inline __attribute__ ((always_inline)) KERNEL_TARGET

KERNEL_INLINE V
KERNEL (load) (const float *p)
{
  V v;

  memcpy (&v, p, sizeof (v));
  return v;
}

KERNEL_INLINE void
KERNEL (store) (float *p, V v)
{
  memcpy (p, &v, sizeof (v));
}

/* Lanes past @n_channels read zeros, which stay consistent.  Lane by lane:
 * a vector-aligned stack copy would be misaligned on ASan's fake stack. */
KERNEL_INLINE V
KERNEL (load_tail) (const float *row, guint n)
{
  V v = V_SET1 (0.0f);

  for (guint l = 0; l < n; l++)
    v[l] = row[l];
  return v;
}

/* In every lane of the sorted window @w, replaces one @old by @new.
 * Deleting @old leaves d, sorted over 30 slots and +inf above:
 * d[j] = w[j] while w[j] < old, w[j + 1] from the first old on.  Inserting
 * @new into d puts max (d[j − 1], min (d[j], new)) in slot j (d[-1] = −inf):
 * d[j] if new is above it, else new or d[j − 1], whichever is larger.  As
 * @old is in the window, d[30] is +inf and the top slot max (d[29], new). */
KERNEL_INLINE void
KERNEL (replace) (V *w, V old, V new)
{
  V d_below = V_SELECT_LT (w[0], old, w[0], w[1]);

  w[0] = V_MIN (d_below, new);
#pragma GCC unroll 29
  for (guint j = 1; j < GC_MEDIAN_WIDTH - 1; j++) {
    V d = V_SELECT_LT (w[j], old, w[j], w[j + 1]);

    w[j] = V_MAX (d_below, V_MIN (d, new));
    d_below = d;
  }
  w[GC_MEDIAN_WIDTH - 1] = V_MAX (d_below, new);
}

/* Sorts every lane of @w with a bitonic network over 32 slots (the last one
 * +inf): 240 compare-exchanges of whole vectors, no branch. */
KERNEL_INLINE void
KERNEL (sort) (V *w)
{
  V v[32];

  memcpy (v, w, GC_MEDIAN_WIDTH * sizeof (V));
  v[31] = V_SET1 (INFINITY);
  /* Stage (k, j) compares i with i + j for every i whose bit j is clear,
   * ascending where bit k of i is clear.  Unrolled, the network runs on
   * registers. */
#pragma GCC unroll 5
  for (guint log_k = 1; log_k <= 5; log_k++) {
#pragma GCC unroll 5
    for (guint step = 1; step <= log_k; step++) {
      guint log_j = log_k - step;
#pragma GCC unroll 16
      for (guint p = 0; p < 16; p++) {
        guint low = p & ((1u << log_j) - 1);
        guint i = ((p - low) << 1) | low, l = i | (1u << log_j);
        V lo = V_MIN (v[i], v[l]), hi = V_MAX (v[i], v[l]);
        gboolean ascending = (i & (1u << log_k)) == 0;
        v[i] = ascending ? lo : hi;
        v[l] = ascending ? hi : lo;
      }
    }
  }
  memcpy (w, v, GC_MEDIAN_WIDTH * sizeof (V));
}

/* Filters out[start, start + count) (count ≤ FILTER_BLOCK).  Lane l filters
 * the segment [start + l·seg, start + (l + 1)·seg), so that every step loads
 * whole vectors: row i holds in[reflect (start + l·seg + i − 15)] in lane l.
 * Rows and medians go through LANES × LANES transpositions in registers;
 * the window stays in registers where the instruction set has enough. */
static KERNEL_TARGET void
KERNEL (filter_block) (
    const float *in, gsize n, gsize start, gsize count, float *out)
{
  enum {
    MAX_SEG = FILTER_BLOCK / LANES,
    MAX_ROWS = (MAX_SEG + 2 * HALF + LANES - 1) / LANES * LANES,
    MAX_MEDIANS = (MAX_SEG + LANES - 1) / LANES * LANES,
  };
  const gsize seg = (count + LANES - 1) / LANES;
  const gsize n_rows = seg + 2 * HALF;
  V rows[MAX_ROWS], medians[MAX_MEDIANS], w[GC_MEDIAN_WIDTH];

  for (gsize i = 0; i < n_rows; i += LANES) {
    for (guint l = 0; l < LANES; l++) {
      gint64 first = (gint64)(start + l * seg + i) - HALF;
      if (first >= 0 && first + LANES <= (gint64)n) {
        rows[i + l] = KERNEL (load) (in + first);
      } else {
        float reflected[LANES];
        for (guint q = 0; q < LANES; q++)
          reflected[q] = in[reflect_near (first + q, n)];
        rows[i + l] = KERNEL (load) (reflected);
      }
    }
    V_TRANSPOSE (rows + i);
  }

  for (guint j = 0; j < GC_MEDIAN_WIDTH; j++)
    w[j] = rows[j];
  KERNEL (sort) (w);
  medians[0] = w[HALF];
  for (gsize s = 1; s < seg; s++) {
    KERNEL (replace) (w, rows[s - 1], rows[s - 1 + GC_MEDIAN_WIDTH]);
    medians[s] = w[HALF];
  }

  for (gsize s = seg; s % LANES != 0; s++)
    medians[s] = V_SET1 (0);
  for (gsize s = 0; s < seg; s += LANES) {
    V_TRANSPOSE (medians + s);
    for (guint l = 0; l < LANES && l * seg + s < count; l++) {
      gsize first = l * seg + s;
      gsize take = MIN (MIN (LANES, seg - s), count - first);
      if (take == LANES) {
        KERNEL (store) (out + start + first, medians[s + l]);
      } else {
        float part[LANES];
        KERNEL (store) (part, medians[s + l]);
        memcpy (out + start + first, part, take * sizeof (float));
      }
    }
  }
}

static KERNEL_TARGET void
KERNEL (filter) (const float *in, gsize n, float *out)
{
  /* Blocks of equal size keep the stack bounded for any n. */
  gsize n_blocks = (n + FILTER_BLOCK - 1) / FILTER_BLOCK;
  gsize per_block = n_blocks > 0 ? (n + n_blocks - 1) / n_blocks : 0;

  for (gsize start = 0; start < n; start += per_block)
    KERNEL (filter_block) (in, n, start, MIN (per_block, n - start), out);
}

/* The bank: one window of GC_MEDIAN_WIDTH vectors per group of LANES
 * channels, the last group padded with zeros. */

static KERNEL_TARGET void
KERNEL (bank_init) (void *windows, guint n_channels, const float *const *rows)
{
  V *groups = windows;
  guint full = n_channels / LANES, tail = n_channels % LANES;

  for (guint g = 0; g < full + (tail > 0); g++) {
    V w[GC_MEDIAN_WIDTH];
    for (guint j = 0; j < GC_MEDIAN_WIDTH; j++)
      w[j] = g < full ? KERNEL (load) (rows[j] + g * LANES)
                      : KERNEL (load_tail) (rows[j] + g * LANES, tail);
    KERNEL (sort) (w);
    memcpy (groups + g * GC_MEDIAN_WIDTH, w, sizeof (w));
  }
}

static KERNEL_TARGET void
KERNEL (bank_slide) (void *windows, guint n_channels, const float *leaving,
    const float *entering)
{
  V *groups = windows;
  guint full = n_channels / LANES, tail = n_channels % LANES;

  for (guint g = 0; g < full; g++) {
    V old = KERNEL (load) (leaving + g * LANES);
    V new = KERNEL (load) (entering + g * LANES);
    KERNEL (replace) (groups + g * GC_MEDIAN_WIDTH, old, new);
  }
  if (tail > 0) {
    V old = KERNEL (load_tail) (leaving + full * LANES, tail);
    V new = KERNEL (load_tail) (entering + full * LANES, tail);
    KERNEL (replace) (groups + full * GC_MEDIAN_WIDTH, old, new);
  }
}

static KERNEL_TARGET void
KERNEL (bank_get) (const void *windows, guint n_channels, float *medians)
{
  const V *groups = windows;
  guint full = n_channels / LANES, tail = n_channels % LANES;

  for (guint g = 0; g < full; g++)
    KERNEL (store) (medians + g * LANES, groups[g * GC_MEDIAN_WIDTH + HALF]);
  if (tail > 0) {
    float lanes[LANES];
    KERNEL (store) (lanes, groups[full * GC_MEDIAN_WIDTH + HALF]);
    memcpy (medians + full * LANES, lanes, tail * sizeof (float));
  }
}

static const Kernels KERNEL (kernels) = {
  LANES,
  KERNEL (filter),
  KERNEL (bank_init),
  KERNEL (bank_slide),
  KERNEL (bank_get),
};

#undef KERNEL_INLINE
#undef KERNEL
#undef KERNEL_PASTE
#undef KERNEL_PASTE2
#undef KERNEL_SUFFIX
#undef KERNEL_TARGET
#undef V
#undef LANES
#undef V_SET1
#undef V_MIN
#undef V_MAX
#undef V_SELECT_LT
#undef V_TRANSPOSE
