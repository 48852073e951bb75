/* genreclassify — median filters as scipy.ndimage.median_filter(mode="reflect")
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The kernels are written once (gc-median-kernels.h) and compiled for
 * AVX-512, AVX2 and portable generic vectors; the filter picks one per call,
 * a bank when it is made.
 */
#include "gc-median.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#if (defined(__x86_64__) || defined(__i386__)) && defined(__GNUC__)
#define GC_MEDIAN_X86 1
#include <immintrin.h>
#else
#define GC_MEDIAN_X86 0
#endif

#define HALF (GC_MEDIAN_WIDTH / 2)
/* Outputs the filter computes in one run; 1025 (one STFT frame) must fit in
 * one run at every width, and it bounds the stack the filter takes. */
#define FILTER_BLOCK 1040
/* Alignment of the bank's windows: the widest vector. */
#define BANK_ALIGN 64

typedef struct {
  guint lanes;
  void (*filter) (const float *in, gsize n, float *out);
  void (*bank_init) (void *windows, guint n_channels, const float *const *rows);
  void (*bank_slide) (void *windows, guint n_channels, const float *leaving,
      const float *entering);
  void (*bank_get) (const void *windows, guint n_channels, float *medians);
} Kernels;

struct _GcMedianBank {
  const Kernels *kernels;
  guint n_channels;
  void *windows;
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

/* gc_reflect_index without its division for indices within one reflection
 * of the signal, which is all but tiny signals need. */
static inline gsize
reflect_near (gint64 index, gsize n)
{
  if (index >= 0 && index < (gint64)n)
    return index;
  if (index < 0 && index >= -(gint64)n)
    return -index - 1;
  if (index >= (gint64)n && index < 2 * (gint64)n)
    return 2 * n - 1 - index;
  return gc_reflect_index (index, n);
}

/* Portable: GCC's generic vectors of 16 bytes, which SSE2 and NEON hold in
 * one register (GCC 12 turns a select between wider ones into scalar
 * branches when the target has no such registers). */

typedef float GenericV
    __attribute__ ((vector_size (4 * sizeof (float)), __may_alias__));
typedef gint32 GenericMask __attribute__ ((vector_size (4 * sizeof (gint32))));

static inline __attribute__ ((always_inline)) GenericV
generic_select_lt (GenericV a, GenericV b, GenericV x, GenericV y)
{
  GenericMask less = a < b;

  return (GenericV)((less & (GenericMask)x) | (~less & (GenericMask)y));
}

static inline __attribute__ ((always_inline)) void
generic_transpose (GenericV *m)
{
  GenericV t[4];

  memcpy (t, m, sizeof (t));
  for (guint i = 0; i < 4; i++)
    for (guint j = 0; j < 4; j++)
      m[i][j] = t[j][i];
}

#define KERNEL_SUFFIX generic
#define KERNEL_TARGET
#define V GenericV
#define LANES 4
#define V_SET1(x) ((GenericV){ 0 } + (x))
#define V_MIN(a, b) generic_select_lt (a, b, a, b)
#define V_MAX(a, b) generic_select_lt (b, a, a, b)
#define V_SELECT_LT(a, b, x, y) generic_select_lt (a, b, x, y)
#define V_TRANSPOSE(m) generic_transpose (m)
#include "gc-median-kernels.h"

#if GC_MEDIAN_X86

/* Rows a … h: interleave pairs, then quadruples, then swap 128-bit halves. */
static inline __attribute__ ((always_inline, target ("avx2"))) void
avx2_transpose (__m256 *m)
{
  __m256 t[8], u[8];

  for (guint i = 0; i < 4; i++) {
    t[2 * i] = _mm256_unpacklo_ps (m[2 * i], m[2 * i + 1]);
    t[2 * i + 1] = _mm256_unpackhi_ps (m[2 * i], m[2 * i + 1]);
  }
  /* t[0] = a0 b0 a1 b1 | a4 b4 a5 b5, t[1] = a2 b2 a3 b3 | a6 b6 a7 b7 … */
  for (guint i = 0; i < 2; i++) {
    u[4 * i] = _mm256_shuffle_ps (t[4 * i], t[4 * i + 2], 0x44);
    u[4 * i + 1] = _mm256_shuffle_ps (t[4 * i], t[4 * i + 2], 0xee);
    u[4 * i + 2] = _mm256_shuffle_ps (t[4 * i + 1], t[4 * i + 3], 0x44);
    u[4 * i + 3] = _mm256_shuffle_ps (t[4 * i + 1], t[4 * i + 3], 0xee);
  }
  /* u[c] = column c | column c + 4 of rows a … d, u[4 + c] of e … h. */
  for (guint c = 0; c < 4; c++) {
    m[c] = _mm256_permute2f128_ps (u[c], u[4 + c], 0x20);
    m[c + 4] = _mm256_permute2f128_ps (u[c], u[4 + c], 0x31);
  }
}

#define KERNEL_SUFFIX avx2
#define KERNEL_TARGET __attribute__ ((target ("avx2")))
#define V __m256
#define LANES 8
#define V_SET1(x) _mm256_set1_ps (x)
#define V_MIN(a, b) _mm256_min_ps (a, b)
#define V_MAX(a, b) _mm256_max_ps (a, b)
#define V_SELECT_LT(a, b, x, y)                                                \
  _mm256_blendv_ps (y, x, _mm256_cmp_ps (a, b, _CMP_LT_OQ))
#define V_TRANSPOSE(m) avx2_transpose (m)
#include "gc-median-kernels.h"

/* The same in four rounds of 16 shuffles: pairs of rows, quadruples, then
 * 128-bit blocks twice. */
static inline __attribute__ ((always_inline, target ("avx512f"))) void
avx512_transpose (__m512 *m)
{
  __m512 t[16], u[16];

  for (guint i = 0; i < 8; i++) {
    t[2 * i] = _mm512_unpacklo_ps (m[2 * i], m[2 * i + 1]);
    t[2 * i + 1] = _mm512_unpackhi_ps (m[2 * i], m[2 * i + 1]);
  }
  for (guint i = 0; i < 4; i++) {
    __m512d a = _mm512_castps_pd (t[4 * i]);
    __m512d b = _mm512_castps_pd (t[4 * i + 1]);
    __m512d c = _mm512_castps_pd (t[4 * i + 2]);
    __m512d d = _mm512_castps_pd (t[4 * i + 3]);
    u[4 * i] = _mm512_castpd_ps (_mm512_unpacklo_pd (a, c));
    u[4 * i + 1] = _mm512_castpd_ps (_mm512_unpackhi_pd (a, c));
    u[4 * i + 2] = _mm512_castpd_ps (_mm512_unpacklo_pd (b, d));
    u[4 * i + 3] = _mm512_castpd_ps (_mm512_unpackhi_pd (b, d));
  }
  /* Block k of u[4 i + c] is column 4 k + c of rows 4 i … 4 i + 3. */
  for (guint c = 0; c < 4; c++) {
    __m512 v0 = _mm512_shuffle_f32x4 (u[c], u[4 + c], 0x44);
    __m512 v1 = _mm512_shuffle_f32x4 (u[c], u[4 + c], 0xee);
    __m512 v2 = _mm512_shuffle_f32x4 (u[8 + c], u[12 + c], 0x44);
    __m512 v3 = _mm512_shuffle_f32x4 (u[8 + c], u[12 + c], 0xee);
    m[c] = _mm512_shuffle_f32x4 (v0, v2, 0x88);
    m[4 + c] = _mm512_shuffle_f32x4 (v0, v2, 0xdd);
    m[8 + c] = _mm512_shuffle_f32x4 (v1, v3, 0x88);
    m[12 + c] = _mm512_shuffle_f32x4 (v1, v3, 0xdd);
  }
}

#define KERNEL_SUFFIX avx512
#define KERNEL_TARGET __attribute__ ((target ("avx512f")))
#define V __m512
#define LANES 16
#define V_SET1(x) _mm512_set1_ps (x)
#define V_MIN(a, b) _mm512_min_ps (a, b)
#define V_MAX(a, b) _mm512_max_ps (a, b)
#define V_SELECT_LT(a, b, x, y)                                                \
  _mm512_mask_blend_ps (_mm512_cmp_ps_mask (a, b, _CMP_LT_OQ), y, x)
#define V_TRANSPOSE(m) avx512_transpose (m)
#include "gc-median-kernels.h"

#endif

GcSimd
gc_simd_best (void)
{
#if GC_MEDIAN_X86
  /* These also check that the OS saves the vector registers. */
  __builtin_cpu_init ();
  if (__builtin_cpu_supports ("avx2")) {
    if (__builtin_cpu_supports ("avx512f"))
      return GC_SIMD_AVX512;
    return GC_SIMD_AVX2;
  }
#endif
  return GC_SIMD_GENERIC;
}

/* The kernels of @simd, or the best ones below it the CPU can run. */
static const Kernels *
kernels_for (GcSimd simd)
{
  GcSimd best = gc_simd_best ();

  if ((guint)simd > (guint)best)
    simd = best;
  switch (simd) {
#if GC_MEDIAN_X86
    case GC_SIMD_AVX512:
      return &kernels_avx512;
    case GC_SIMD_AVX2:
      return &kernels_avx2;
#endif
    default:
      return &kernels_generic;
  }
}

void
gc_median_filter_reflect_simd (
    GcSimd simd, const float *in, gsize n, float *out)
{
  kernels_for (simd)->filter (in, n, out);
}

void
gc_median_filter_reflect (const float *in, gsize n, float *out)
{
  gc_median_filter_reflect_simd (gc_simd_best (), in, n, out);
}

GcMedianBank *
gc_median_bank_new_simd (guint n_channels, GcSimd simd)
{
  GcMedianBank *bank = g_new0 (GcMedianBank, 1);
  const Kernels *kernels = kernels_for (simd);
  gsize n_groups = MAX (1, (n_channels + kernels->lanes - 1) / kernels->lanes);
  gsize size = n_groups * GC_MEDIAN_WIDTH * kernels->lanes * sizeof (float);

  bank->kernels = kernels;
  bank->n_channels = n_channels;
  /* aligned_alloc wants a multiple of the alignment. */
  size = (size + BANK_ALIGN - 1) / BANK_ALIGN * BANK_ALIGN;
  bank->windows = aligned_alloc (BANK_ALIGN, size);
  if (!bank->windows)
    g_error (
        "%s: failed to allocate %" G_GSIZE_FORMAT " bytes", G_STRLOC, size);
  memset (bank->windows, 0, size);
  return bank;
}

GcMedianBank *
gc_median_bank_new (guint n_channels)
{
  return gc_median_bank_new_simd (n_channels, gc_simd_best ());
}

void
gc_median_bank_free (GcMedianBank *bank)
{
  if (!bank)
    return;
  free (bank->windows);
  g_free (bank);
}

void
gc_median_bank_init (GcMedianBank *bank, const float *const *rows)
{
  bank->kernels->bank_init (bank->windows, bank->n_channels, rows);
}

void
gc_median_bank_slide (
    GcMedianBank *bank, const float *leaving, const float *entering)
{
  bank->kernels->bank_slide (
      bank->windows, bank->n_channels, leaving, entering);
}

void
gc_median_bank_get (const GcMedianBank *bank, float *medians)
{
  bank->kernels->bank_get (bank->windows, bank->n_channels, medians);
}
