/* genreclassify — the robust-281 window summaries (src/core/gc-robust.h)
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The expected values were computed with numpy 1.24 / scipy 1.10 from the
 * same input, by the definitions gc-robust.h states (numpy.percentile,
 * numpy.gradient, std with ddof 0, scipy.stats.skew / kurtosis biased, the
 * autocorrelation as a plain sum): the reference implementation, not this
 * code, produced them.
 */
#include "gc-robust.h"

#include <math.h>
#include <string.h>

#define T 300
#define M 4

static const double expect_row_stats[] = { -22.133893315802634,
  5.2542213736445929, 2.956594446834711, 2.3953054171154244 };
static const double expect_shape[] = { 0.78327290899361657,
  1.1437685285411563 };
static const double expect_band[] = { 4.5342687613294039, 1.5303587938847407,
  -1.5115989146559272, -4.5530286405582281, 5.4143405767815143,
  5.2542213736445929, 5.2346436597252026, 5.3682968075333202,
  3.4245368670217893, 3.3973937492737396, 3.3645925651974853,
  3.3523081241370929 };
static const double expect_rhythm[] = { -0.078129317309578242,
  -0.081523774908195262, -0.085309979153614129, -0.088685141491900848,
  -0.091439346251739731, -0.093674327154401812, -0.094622205649530514,
  0.94165240627418212, -0.088743609242836405, -0.080115154670829358,
  -0.077262445205577249, 0.92084343780356692, -0.091837230475233622,
  0.87374955194957493, 0.83656394050815075, -0.076972135333785358,
  0.81291215082858914, 0.76542674283766476, 0.70228166986591589,
  0.67443151283775904, 0.60236855992173854 };

/* A pulse every 10 frames in every band, a wobble, a 40-frame fade-in. */
static void
make_mel (double *mel)
{
  for (guint t = 0; t < T; t++)
    for (guint m = 0; m < M; m++) {
      double v = -20.0 - 3.0 * m + (t % 10 == 0 ? 12.0 : 0.0)
          + 5.0 * sin (0.37 * t + m);

      if (t < 40)
        v -= (40.0 - t) * 1.5;
      mel[t * M + m] = v;
    }
}

static void
assert_close (const double *got, const double *expect, guint n)
{
  for (guint i = 0; i < n; i++)
    g_assert_cmpfloat_with_epsilon (
        got[i], expect[i], 1e-9 * MAX (1.0, fabs (expect[i])));
}

/* The fade-in's first 20 frames are more than 30 dB below the loud
 * frames; everything after is active. */
static void
test_active_frames (void)
{
  double mel[T * M], scratch[2 * T];
  gboolean active[T];
  gsize n;

  make_mel (mel);
  n = gc_robust_active_frames (mel, T, M, scratch, active);
  g_assert_cmpuint (n, ==, 271);
  for (guint t = 0; t < T; t++)
    if (t < 20)
      g_assert_false (active[t]);
  g_assert_true (active[20]);
  /* A gain moves every level alike: the same frames stay active. */
  for (guint i = 0; i < T * M; i++)
    mel[i] -= 37.5;
  {
    gboolean again[T];

    g_assert_cmpuint (
        gc_robust_active_frames (mel, T, M, scratch, again), ==, n);
    g_assert_cmpmem (again, sizeof again, active, sizeof active);
  }
}

static void
test_active_frames_flat (void)
{
  double mel[5 * M], scratch[10];
  gboolean active[5];

  /* Silence floored flat: every frame is as loud as the loudest. */
  for (guint i = 0; i < 5 * M; i++)
    mel[i] = -100.0;
  g_assert_cmpuint (
      gc_robust_active_frames (mel, 5, M, scratch, active), ==, 5);
}

static void
test_row_stats (void)
{
  double mel[T * M], scratch[3 * T], row[T], out[4], shape[2];
  gboolean active[T];

  make_mel (mel);
  gc_robust_active_frames (mel, T, M, scratch, active);
  for (guint t = 0; t < T; t++)
    row[t] = mel[t * M + 1];
  gc_robust_row_stats (row, T, active, scratch, out, 1);
  assert_close (out, expect_row_stats, 4);
  gc_robust_row_shape (row, T, active, scratch, &shape[0], &shape[1]);
  assert_close (shape, expect_shape, 2);
}

static void
test_band_profile (void)
{
  double mel[T * M], scratch[2 * T], out[3 * M], shifted[3 * M];
  gboolean active[T];

  make_mel (mel);
  gc_robust_active_frames (mel, T, M, scratch, active);
  gc_robust_band_profile (mel, T, M, active, scratch, out);
  assert_close (out, expect_band, 3 * M);
  /* The level is taken out: a gain changes nothing. */
  for (guint i = 0; i < T * M; i++)
    mel[i] += 12.0;
  gc_robust_band_profile (mel, T, M, active, scratch, shifted);
  assert_close (shifted, expect_band, 3 * M);
}

/* The pulse every 10 frames: lag bands holding multiples of 10 are near 1,
 * the others below 0. */
static void
test_rhythm (void)
{
  double mel[T * M], scratch[T], out[GC_ROBUST_N_LAG_BANDS];

  make_mel (mel);
  gc_robust_rhythm (mel, T, M, scratch, out);
  assert_close (out, expect_rhythm, GC_ROBUST_N_LAG_BANDS);
  g_assert_cmpfloat (out[7], >, 0.9); /* lags 10, 11 */
  g_assert_cmpfloat (out[6], <, 0.0); /* lags 8, 9 */
}

/* A flat envelope has no rhythm; nothing is divided by zero. */
static void
test_rhythm_flat (void)
{
  double mel[T * M], scratch[T], out[GC_ROBUST_N_LAG_BANDS];

  for (guint i = 0; i < T * M; i++)
    mel[i] = -42.0;
  gc_robust_rhythm (mel, T, M, scratch, out);
  for (guint b = 0; b < GC_ROBUST_N_LAG_BANDS; b++)
    g_assert_cmpfloat (out[b], ==, 0.0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/robust/active-frames", test_active_frames);
  g_test_add_func ("/robust/active-frames-flat", test_active_frames_flat);
  g_test_add_func ("/robust/row-stats", test_row_stats);
  g_test_add_func ("/robust/band-profile", test_band_profile);
  g_test_add_func ("/robust/rhythm", test_rhythm);
  g_test_add_func ("/robust/rhythm-flat", test_rhythm_flat);
  return g_test_run ();
}
