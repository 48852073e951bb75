/* genreclassify — a distribution over a model's labels
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "gc-distribution.h"

#include <math.h>

gboolean
gc_distribution_normalise (double *probs, guint n)
{
  double sum = 0.0;
  guint i;

  if (n == 0)
    return FALSE;
  for (i = 0; i < n; i++) {
    if (!isfinite (probs[i]) || probs[i] < 0.0)
      return FALSE;
    sum += probs[i];
  }
  if (!(sum > 0.0) || !isfinite (sum))
    return FALSE;
  for (i = 0; i < n; i++)
    probs[i] /= sum;
  return TRUE;
}

guint
gc_distribution_top (const double *probs, guint n)
{
  guint best = 0;

  for (guint k = 1; k < n; k++)
    if (probs[k] > probs[best])
      best = k;
  return best;
}

/* Insertion sort: stable, and label counts are small. */
guint *
gc_distribution_sorted_order (const double *probs, guint n)
{
  guint *order = g_new (guint, n);
  guint i, j;

  for (i = 0; i < n; i++) {
    guint idx = i;

    for (j = i; j > 0 && probs[order[j - 1]] < probs[idx]; j--)
      order[j] = order[j - 1];
    order[j] = idx;
  }
  return order;
}

char *
gc_distribution_to_string (
    const double *probs, guint n, const char *const *labels)
{
  guint *order = gc_distribution_sorted_order (probs, n);
  GString *str = g_string_new (NULL);
  char num[G_ASCII_DTOSTR_BUF_SIZE];
  guint i;

  for (i = 0; i < n; i++) {
    if (i > 0)
      g_string_append_c (str, ';');
    g_string_append (str, labels[order[i]]);
    g_string_append_c (str, '=');
    g_string_append (
        str, g_ascii_formatd (num, sizeof (num), "%.4f", probs[order[i]]));
  }
  g_free (order);
  return g_string_free (str, FALSE);
}

gboolean
gc_distribution_uncertain (const double *probs, guint n, double margin)
{
  double first = 0.0, second = 0.0;

  /* !(margin > 0) also catches NaN: no threshold, no doubt. */
  if (probs == NULL || n == 0 || !(margin > 0.0))
    return FALSE;
  for (guint i = 0; i < n; i++) {
    if (probs[i] > first) {
      second = first;
      first = probs[i];
    } else if (probs[i] > second) {
      second = probs[i];
    }
  }
  return first - second < margin;
}
