/* genreclassify — unit tests of the distribution helpers and the summary
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * What the element and the tools report for a window and for a whole
 * stream, checked here on the core alone, with the expected values.
 */
#include "gc-distribution.h"
#include "gc-model.h"
#include "gc-summary.h"

#include <float.h>
#include <math.h>

#define SHIPPED GC_SOURCE_ROOT "/models/synthetic-demo/model.ini"
#define SECOND G_GUINT64_CONSTANT (1000000000)
#define EPS 1e-15

static void
assert_probs (const double *probs, const double *expected, guint n)
{
  for (guint i = 0; i < n; i++)
    g_assert_cmpfloat_with_epsilon (probs[i], expected[i], EPS);
}

static void
test_normalise (void)
{
  double a[] = { 2.0, 1.0, 1.0 }, b[] = { 1.0, 3.0 }, c[] = { 0.0, 2.0, 0.0 };

  g_assert_true (gc_distribution_normalise (a, 3));
  g_assert_cmpfloat (a[0], ==, 0.5);
  g_assert_cmpfloat (a[1], ==, 0.25);
  g_assert_cmpfloat (a[2], ==, 0.25);
  g_assert_true (gc_distribution_normalise (b, 2));
  g_assert_cmpfloat (b[0], ==, 0.25);
  g_assert_cmpfloat (b[1], ==, 0.75);
  g_assert_true (gc_distribution_normalise (c, 3));
  g_assert_cmpfloat (c[0], ==, 0.0);
  g_assert_cmpfloat (c[1], ==, 1.0);
  g_assert_cmpfloat (c[2], ==, 0.0);
}

/* Not a distribution: refused, whatever it leaves in the array. */
static void
test_normalise_refused (void)
{
  double one[] = { 1.0 };
  double zeros[] = { 0.0, 0.0 };
  double negative[] = { 0.5, -0.1, 0.6 };
  double nan[] = { 0.5, NAN };
  double inf[] = { INFINITY, 0.5 };
  double overflow[] = { DBL_MAX, DBL_MAX };

  g_assert_false (gc_distribution_normalise (one, 0));
  g_assert_false (gc_distribution_normalise (zeros, 2));
  g_assert_false (gc_distribution_normalise (negative, 3));
  g_assert_false (gc_distribution_normalise (nan, 2));
  g_assert_false (gc_distribution_normalise (inf, 2));
  g_assert_false (gc_distribution_normalise (overflow, 2));
}

static void
check_order (const double *probs, guint n, const guint *expected)
{
  guint *order = gc_distribution_sorted_order (probs, n);

  for (guint i = 0; i < n; i++)
    g_assert_cmpuint (order[i], ==, expected[i]);
  g_free (order);
}

static void
test_sorted_order (void)
{
  const double ties[] = { 0.2, 0.5, 0.2, 0.1 };
  const guint ties_order[] = { 1, 0, 2, 3 };
  const double rising[] = { 0.1, 0.2, 0.3 };
  const guint rising_order[] = { 2, 1, 0 };
  const double equal[] = { 0.25, 0.25, 0.25, 0.25 };
  const guint equal_order[] = { 0, 1, 2, 3 };
  const double single[] = { 1.0 };
  const guint single_order[] = { 0 };

  check_order (ties, 4, ties_order);
  check_order (rising, 3, rising_order);
  check_order (equal, 4, equal_order);
  check_order (single, 1, single_order);
}

/* The uncertainty rule: p1 - p2 < margin, nothing uncertain without a
 * margin or without a distribution. */
static void
test_uncertain (void)
{
  const double clear[] = { 0.1, 0.6, 0.3 }; /* lead 0.3 */
  const double tie[] = { 0.4, 0.2, 0.4 };
  const double single[] = { 1.0 };
  const double flat[] = { 0.25, 0.25, 0.25, 0.25 };

  g_assert_false (gc_distribution_uncertain (clear, 3, 0.0));
  g_assert_false (gc_distribution_uncertain (clear, 3, -1.0));
  g_assert_false (gc_distribution_uncertain (clear, 3, NAN));
  g_assert_false (gc_distribution_uncertain (clear, 3, 0.2));
  g_assert_false (gc_distribution_uncertain (clear, 3, 0.29));
  g_assert_true (gc_distribution_uncertain (clear, 3, 0.31));
  g_assert_true (gc_distribution_uncertain (clear, 3, 1.0));
  /* two labels share the top: any margin makes it uncertain */
  g_assert_true (gc_distribution_uncertain (tie, 3, 1e-9));
  g_assert_false (gc_distribution_uncertain (tie, 3, 0.0));
  g_assert_true (gc_distribution_uncertain (flat, 4, 0.01));
  /* one label leads by 1 */
  g_assert_false (gc_distribution_uncertain (single, 1, 1.0));
  g_assert_true (gc_distribution_uncertain (single, 1, 1.5));
  g_assert_false (gc_distribution_uncertain (NULL, 3, 0.5));
  g_assert_false (gc_distribution_uncertain (clear, 0, 0.5));
}

/* The genre-distribution tag's text, with the shipped model's labels
 * (tones, noise, clicks). */
static void
test_to_string (void)
{
  /* the README's example: the demo model on the Brahms excerpt */
  const double brahms[] = { 0.76977930780679538, 0.10429879610058569,
    0.12592189609261892 };
  const double tie[] = { 0.25, 0.5, 0.25 };
  GError *error = NULL;
  GcModel *model = gc_model_load (SHIPPED, &error);
  char *s;

  g_assert_no_error (error);
  s = gc_distribution_to_string (
      brahms, G_N_ELEMENTS (brahms), gc_model_get_labels (model));
  g_assert_cmpstr (s, ==, "tones=0.7698;clicks=0.1259;noise=0.1043");
  g_free (s);
  s = gc_distribution_to_string (
      tie, G_N_ELEMENTS (tie), gc_model_get_labels (model));
  g_assert_cmpstr (s, ==, "noise=0.5000;tones=0.2500;clicks=0.2500");
  g_free (s);
  gc_model_free (model);
}

/* A 30-s window and a 5-s partial one at 22050 Hz weigh 6 to 1; silent and
 * unclassified windows are counted but not averaged. */
static void
test_summary_mean (void)
{
  const double w1[] = { 0.7, 0.2, 0.1 }, w2[] = { 0.1, 0.3, 0.6 };
  const double expected[] = { 4.3 / 7, 1.5 / 7, 1.2 / 7 };
  double probs[3];
  GcSummary s;

  gc_summary_init (&s, 3);
  gc_summary_add (&s, 0, 30 * SECOND, 661500, w1, FALSE, 0);
  gc_summary_add (&s, 30 * SECOND, 30 * SECOND, 661500, NULL, TRUE, 0);
  gc_summary_add (&s, 60 * SECOND, 30 * SECOND, 661500, NULL, FALSE, 7);
  gc_summary_add (&s, 90 * SECOND, 5 * SECOND, 110250, w2, FALSE, 3);

  g_assert_cmpuint (s.n_reported, ==, 4);
  g_assert_cmpuint (s.n_classified, ==, 2);
  g_assert_cmpuint (s.n_silent, ==, 1);
  g_assert_cmpuint (s.n_invalid, ==, 10);
  g_assert_cmpfloat (s.total_weight, ==, 771750.0);
  g_assert_cmpuint (s.first_ts, ==, 0);
  g_assert_cmpuint (s.end_ts, ==, 95 * SECOND);
  g_assert_true (gc_summary_get (&s, probs));
  assert_probs (probs, expected, 3);
  gc_summary_clear (&s);
  g_assert_null (s.weighted);
  g_assert_cmpuint (s.n_labels, ==, 0);
}

/* Windows without a time leave the times alone; the end is the latest end,
 * not the last window's (overlapping windows, a short last one). */
static void
test_summary_times (void)
{
  const double p[] = { 0.5, 0.5 };
  GcSummary s;

  gc_summary_init (&s, 2);
  g_assert_cmpuint (s.first_ts, ==, GC_TIME_NONE);
  g_assert_cmpuint (s.end_ts, ==, GC_TIME_NONE);
  gc_summary_add (&s, GC_TIME_NONE, 7 * SECOND, 154350, p, FALSE, 0);
  g_assert_cmpuint (s.first_ts, ==, GC_TIME_NONE);
  g_assert_cmpuint (s.end_ts, ==, GC_TIME_NONE);
  gc_summary_add (&s, 3 * SECOND, 7 * SECOND, 154350, p, FALSE, 0);
  gc_summary_add (&s, 6 * SECOND, 7 * SECOND, 154350, p, FALSE, 0);
  gc_summary_add (&s, 9 * SECOND, 2 * SECOND, 44100, p, FALSE, 0);
  g_assert_cmpuint (s.first_ts, ==, 3 * SECOND);
  g_assert_cmpuint (s.end_ts, ==, 13 * SECOND);
  g_assert_cmpuint (s.n_reported, ==, 4);
  g_assert_cmpuint (s.n_classified, ==, 4);
  gc_summary_clear (&s);
}

/* Nothing classified: no distribution. */
static void
test_summary_empty (void)
{
  const double p[] = { 0.9, 0.1 };
  double probs[2] = { -1.0, -1.0 };
  GcSummary s;

  gc_summary_init (&s, 2);
  g_assert_false (gc_summary_get (&s, probs));
  gc_summary_add (&s, 0, SECOND, 22050, NULL, TRUE, 0);
  /* a window of no samples weighs nothing */
  gc_summary_add (&s, SECOND, 0, 0, p, FALSE, 0);
  g_assert_cmpuint (s.n_reported, ==, 2);
  g_assert_cmpuint (s.n_silent, ==, 1);
  g_assert_cmpuint (s.n_classified, ==, 0);
  g_assert_false (gc_summary_get (&s, probs));
  g_assert_cmpfloat (probs[0], ==, -1.0);
  g_assert_cmpfloat (probs[1], ==, -1.0);
  gc_summary_clear (&s);
}

/* After a reset (flush, seek) only the new windows count. */
static void
test_summary_reset (void)
{
  const double before[] = { 1.0, 0.0 }, after[] = { 0.25, 0.75 };
  double probs[2];
  GcSummary s;

  gc_summary_init (&s, 2);
  gc_summary_add (&s, 0, 30 * SECOND, 661500, before, TRUE, 5);
  gc_summary_reset (&s);
  g_assert_cmpuint (s.n_labels, ==, 2);
  g_assert_cmpuint (s.n_reported, ==, 0);
  g_assert_cmpuint (s.n_classified, ==, 0);
  g_assert_cmpuint (s.n_silent, ==, 0);
  g_assert_cmpuint (s.n_invalid, ==, 0);
  g_assert_cmpfloat (s.total_weight, ==, 0.0);
  g_assert_cmpuint (s.first_ts, ==, GC_TIME_NONE);
  g_assert_cmpuint (s.end_ts, ==, GC_TIME_NONE);
  g_assert_false (gc_summary_get (&s, probs));

  gc_summary_add (&s, 40 * SECOND, 2 * SECOND, 44100, after, FALSE, 0);
  g_assert_true (gc_summary_get (&s, probs));
  g_assert_cmpfloat (probs[0], ==, 0.25);
  g_assert_cmpfloat (probs[1], ==, 0.75);
  g_assert_cmpuint (s.first_ts, ==, 40 * SECOND);
  g_assert_cmpuint (s.end_ts, ==, 42 * SECOND);
  gc_summary_clear (&s);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/distribution/normalise", test_normalise);
  g_test_add_func ("/distribution/normalise-refused", test_normalise_refused);
  g_test_add_func ("/distribution/sorted-order", test_sorted_order);
  g_test_add_func ("/distribution/to-string", test_to_string);
  g_test_add_func ("/distribution/uncertain", test_uncertain);
  g_test_add_func ("/summary/mean", test_summary_mean);
  g_test_add_func ("/summary/times", test_summary_times);
  g_test_add_func ("/summary/empty", test_summary_empty);
  g_test_add_func ("/summary/reset", test_summary_reset);
  return g_test_run ();
}
