/* genreclassify — Platt's sigmoid for pairwise SVM probabilities
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "gc-platt.h"

#include <math.h>

#define MAX_STEPS 100
#define MIN_STEP 1e-10

double
gc_platt_probability (double f, double a)
{
  double z = a * f;

  /* exp() of a negative number only: no overflow either way. */
  return z >= 0.0 ? exp (-z) / (1.0 + exp (-z)) : 1.0 / (1.0 + exp (z));
}

/* The cross-entropy of the targets under slope @a. */
static double
objective (const double *dec, const guint8 *first, gsize n, double hi,
    double lo, double a)
{
  double sum = 0.0;

  for (gsize i = 0; i < n; i++) {
    double t = first[i] ? hi : lo, z = a * dec[i];

    /* -t·log p - (1-t)·log (1-p), with p = 1 / (1 + e^z) */
    sum +=
        (z >= 0.0) ? t * z + log1p (exp (-z)) : (t - 1.0) * z + log1p (exp (z));
  }
  return sum;
}

double
gc_platt_fit_slope (const double *dec, const guint8 *first, gsize n)
{
  gsize n_first = 0;
  double hi, lo, a = 0.0, value;

  g_return_val_if_fail (n == 0 || (dec != NULL && first != NULL), 0.0);

  for (gsize i = 0; i < n; i++)
    n_first += first[i] != 0;
  hi = (n_first + 1.0) / (n_first + 2.0);
  lo = 1.0 / (n - n_first + 2.0);
  value = objective (dec, first, n, hi, lo, a);

  for (guint step = 0; step < MAX_STEPS; step++) {
    double gradient = 0.0, curvature = 0.0, move, size;

    for (gsize i = 0; i < n; i++) {
      double p = gc_platt_probability (dec[i], a);

      gradient += dec[i] * ((first[i] ? hi : lo) - p);
      curvature += dec[i] * dec[i] * p * (1.0 - p);
    }
    if (fabs (gradient) < 1e-9 * n || !(curvature > 0.0))
      break;
    move = -gradient / curvature;
    /* Halve the Newton step until the objective falls enough (Armijo). */
    for (size = 1.0; size >= MIN_STEP; size /= 2.0) {
      double next = objective (dec, first, n, hi, lo, a + size * move);

      if (next < value + 1e-4 * size * gradient * move) {
        a += size * move;
        value = next;
        break;
      }
    }
    if (size < MIN_STEP)
      break;
  }
  return a;
}
