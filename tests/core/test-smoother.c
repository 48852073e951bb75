/* genreclassify — unit tests of the smoothing over recent windows and of
 * the genre changes (src/core/gc-smoother.h), with hand-made distributions
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Windows of 4 samples every 2 (positions are samples; the element's are
 * analysis samples, the arithmetic is the same); labels A, B, C.
 */
#include "gc-smoother.h"

#include <math.h>
#include <string.h>

#define EPS 1e-15

static const double A[] = { 0.8, 0.1, 0.1 };
static const double B[] = { 0.1, 0.8, 0.1 };

static void
assert_probs (const double *p, double a, double b, double c)
{
  g_assert_cmpfloat_with_epsilon (p[0], a, EPS);
  g_assert_cmpfloat_with_epsilon (p[1], b, EPS);
  g_assert_cmpfloat_with_epsilon (p[2], c, EPS);
}

/* Adds a full window at @start; returns whether the genre changed. */
static gboolean
add (GcSmoother *s, guint64 start, const double *p, double margin,
    guint expect_avg, double *smoothed, GcChange *change)
{
  gboolean changed = TRUE;

  g_assert_cmpuint (
      gc_smoother_add (s, start, 4, p, margin, smoothed, change, &changed), ==,
      expect_avg);
  return changed;
}

/* The mean over the windows that started in (t - span, t], weighted by
 * length; unclassified windows take their place in time but not in the
 * mean. */
static void
test_mean (void)
{
  GcSmoother *s = gc_smoother_new (3, 6, 4, 2);
  const double w0[] = { 0.6, 0.3, 0.1 }, w1[] = { 0.2, 0.5, 0.3 };
  const double w3[] = { 0.0, 0.0, 1.0 }, w4[] = { 1.0, 0.0, 0.0 };
  double m[3] = { -1.0, -1.0, -1.0 };
  GcChange c;
  gboolean changed;

  add (s, 0, w0, 1.0, 1, m, &c);
  assert_probs (m, 0.6, 0.3, 0.1);
  add (s, 2, w1, 1.0, 2, m, &c);
  assert_probs (m, 0.4, 0.4, 0.2);
  /* silent: the two classified windows still make the mean */
  g_assert_cmpuint (
      gc_smoother_add (s, 4, 4, NULL, 1.0, m, &c, &changed), ==, 2);
  assert_probs (m, 0.4, 0.4, 0.2);
  /* starts 2, 4, 6: the window at 0 has left the span (6 - 6 = 0 is out) */
  add (s, 6, w3, 1.0, 2, m, &c);
  assert_probs (m, 0.1, 0.25, 0.65);
  /* a partial window of 2 samples weighs half a full one: starts 4
   * (silent), 6, 8 */
  g_assert_cmpuint (gc_smoother_add (s, 8, 2, w4, 1.0, m, &c, &changed), ==, 2);
  assert_probs (m, 1.0 / 3.0, 0.0, 2.0 / 3.0);

  /* after a restart, nothing classified yet: 0 and @smoothed untouched */
  gc_smoother_restart (s);
  m[0] = m[1] = m[2] = -1.0;
  g_assert_cmpuint (
      gc_smoother_add (s, 0, 4, NULL, 0.0, m, &c, &changed), ==, 0);
  g_assert_false (changed);
  assert_probs (m, -1.0, -1.0, -1.0);
  gc_smoother_free (s);
}

/* A smoothing span shorter than the hop averages the window alone. */
static void
test_span_below_hop (void)
{
  GcSmoother *s = gc_smoother_new (3, 1, 4, 2);
  double m[3];
  GcChange c;

  add (s, 0, A, 1.0, 1, m, &c);
  add (s, 2, B, 1.0, 1, m, &c);
  assert_probs (m, 0.1, 0.8, 0.1);
  gc_smoother_free (s);
}

/* The first genre needs the margin over the runner-up; an odd window
 * moves the mean but not the genre; a lead below the margin changes
 * nothing; the change is placed half-way between the centres of the last
 * old window and the first new one. */
static void
test_hysteresis (void)
{
  GcSmoother *s = gc_smoother_new (3, 6, 4, 2);
  const double unsure[] = { 0.4, 0.35, 0.25 };
  double m[3];
  GcChange c;

  g_assert_cmpuint (gc_smoother_current (s), ==, GC_LABEL_NONE);
  /* 0.4 - 0.35 < 0.3: no genre yet */
  g_assert_false (add (s, 0, unsure, 0.3, 1, m, &c));
  g_assert_cmpuint (gc_smoother_current (s), ==, GC_LABEL_NONE);
  /* mean of unsure and A: 0.6, 0.225, 0.175: A by 0.375 */
  g_assert_true (add (s, 2, A, 0.3, 2, m, &c));
  g_assert_cmpuint (c.old_label, ==, GC_LABEL_NONE);
  g_assert_cmpuint (c.new_label, ==, 0);
  g_assert_cmpfloat_with_epsilon (c.new_prob, 0.6, EPS);
  g_assert_cmpfloat_with_epsilon (c.old_prob, 0.225, EPS);
  g_assert_cmpfloat_with_epsilon (c.margin, 0.375, EPS);
  /* both windows had A on top; the first genre starts with its first
   * window */
  g_assert_cmpuint (c.n_voting, ==, 2);
  g_assert_cmpuint (c.first_start, ==, 0);
  g_assert_cmpuint (c.estimate, ==, 0);
  g_assert_cmpuint (gc_smoother_current (s), ==, 0);

  g_assert_false (add (s, 4, A, 0.3, 3, m, &c));
  /* one odd window: the mean of A, A, B still says A */
  g_assert_false (add (s, 6, B, 0.3, 3, m, &c));
  assert_probs (m, 1.7 / 3.0, 1.0 / 3.0, 0.1);
  g_assert_false (add (s, 8, A, 0.3, 3, m, &c));
  /* B, A, B: B ahead by 0.7/3 = 0.233 < 0.3: still A */
  g_assert_false (add (s, 10, B, 0.3, 3, m, &c));
  g_assert_cmpfloat (m[1], >, m[0]);
  g_assert_cmpuint (gc_smoother_current (s), ==, 0);
  /* A, B, B: the same lead */
  g_assert_false (add (s, 12, B, 0.3, 3, m, &c));
  g_assert_cmpuint (gc_smoother_current (s), ==, 0);
  /* B, B, B: 0.7 ahead */
  g_assert_true (add (s, 14, B, 0.3, 3, m, &c));
  g_assert_cmpuint (c.old_label, ==, 0);
  g_assert_cmpuint (c.new_label, ==, 1);
  g_assert_cmpfloat_with_epsilon (c.new_prob, 0.8, EPS);
  g_assert_cmpfloat_with_epsilon (c.old_prob, 0.1, EPS);
  g_assert_cmpfloat_with_epsilon (c.margin, 0.7, EPS);
  /* windows 10, 12 and 14 voted B; the one at 8 (A) did not: half-way
   * between the centres of 8 and 10, 10 + (4 - 2) / 2 */
  g_assert_cmpuint (c.n_voting, ==, 3);
  g_assert_cmpuint (c.first_start, ==, 10);
  g_assert_cmpuint (c.estimate, ==, 11);
  g_assert_cmpuint (gc_smoother_current (s), ==, 1);
  gc_smoother_free (s);
}

/* Margin 0: any strict lead changes the genre, a tie does not. */
static void
test_margin_zero (void)
{
  GcSmoother *s = gc_smoother_new (3, 1, 4, 4);
  const double tie[] = { 0.45, 0.45, 0.1 }, b_ahead[] = { 0.4, 0.41, 0.19 };
  double m[3];
  GcChange c;

  /* the first genre: a tie with the runner-up is no lead */
  g_assert_false (add (s, 0, tie, 0.0, 1, m, &c));
  g_assert_true (add (s, 4, A, 0.0, 1, m, &c));
  g_assert_false (add (s, 8, tie, 0.0, 1, m, &c));
  g_assert_true (add (s, 12, b_ahead, 0.0, 1, m, &c));
  g_assert_cmpuint (c.new_label, ==, 1);
  g_assert_cmpfloat_with_epsilon (c.margin, 0.01, 1e-12);
  /* no overlap: the change is at the start of the first B window */
  g_assert_cmpuint (c.estimate, ==, 12);
  /* back on a tie: B holds, although A comes first in label order */
  g_assert_false (add (s, 16, tie, 0.0, 1, m, &c));
  g_assert_cmpuint (gc_smoother_current (s), ==, 1);
  gc_smoother_free (s);
}

/* A restart keeps the genre (the next change is measured against it); a
 * reset forgets it.  Unclassified windows neither vote nor end the run. */
static void
test_restart_reset (void)
{
  GcSmoother *s = gc_smoother_new (3, 6, 4, 2);
  double m[3];
  GcChange c;
  gboolean changed;

  g_assert_true (add (s, 0, A, 0.3, 1, m, &c));
  gc_smoother_restart (s);
  g_assert_cmpuint (gc_smoother_current (s), ==, 0);
  g_assert_false (add (s, 0, A, 0.3, 1, m, &c));
  gc_smoother_restart (s);
  g_assert_true (add (s, 0, B, 0.3, 1, m, &c));
  g_assert_cmpuint (c.old_label, ==, 0);
  g_assert_cmpuint (c.first_start, ==, 0);
  g_assert_cmpuint (c.estimate, ==, 1);

  gc_smoother_reset (s);
  g_assert_cmpuint (gc_smoother_current (s), ==, GC_LABEL_NONE);
  g_assert_true (add (s, 0, A, 0.3, 1, m, &c));
  g_assert_cmpuint (c.old_label, ==, GC_LABEL_NONE);
  g_assert_cmpuint (
      gc_smoother_add (s, 2, 4, NULL, 0.3, m, &c, &changed), ==, 1);
  g_assert_false (add (s, 4, B, 0.3, 2, m, &c));
  /* starts 2 (silent), 4 and 6: B */
  g_assert_true (add (s, 6, B, 0.3, 2, m, &c));
  g_assert_cmpuint (c.n_voting, ==, 2);
  g_assert_cmpuint (c.first_start, ==, 4);
  gc_smoother_free (s);
}

/* A slowly growing lead: the walk back to the first voting window keeps
 * to the 2⌈span / hop⌉ + 2 latest windows. */
static void
test_walk_back_bound (void)
{
  GcSmoother *s = gc_smoother_new (3, 2, 4, 2); /* one window per span */
  const double slight[] = { 0.35, 0.45, 0.2 };
  double m[3];
  GcChange c;

  g_assert_true (add (s, 0, A, 0.5, 1, m, &c));
  for (guint w = 1; w <= 6; w++)
    g_assert_false (add (s, 2 * w, slight, 0.5, 1, m, &c));
  g_assert_true (add (s, 14, B, 0.5, 1, m, &c));
  /* windows 2 … 14 all voted B; the latest four are kept: 8 … 14 */
  g_assert_cmpuint (c.n_voting, ==, 4);
  g_assert_cmpuint (c.first_start, ==, 8);
  g_assert_cmpuint (c.estimate, ==, 9);
  g_assert_cmpuint (
      gc_smoother_memory (3, 2, 2), <, gc_smoother_memory (3, 20, 2));
  gc_smoother_free (s);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/smoother/mean", test_mean);
  g_test_add_func ("/smoother/span-below-hop", test_span_below_hop);
  g_test_add_func ("/smoother/hysteresis", test_hysteresis);
  g_test_add_func ("/smoother/margin-zero", test_margin_zero);
  g_test_add_func ("/smoother/restart-reset", test_restart_reset);
  g_test_add_func ("/smoother/walk-back-bound", test_walk_back_bound);
  return g_test_run ();
}
