/* genreclassify — smoothing over recent windows and genre changes
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "gc-smoother.h"
#include "gc-distribution.h"

#include <string.h>

/* One remembered window. */
typedef struct {
  guint64 start;
  gsize n_samples;
  gboolean classified;
} Entry;

struct _GcSmoother {
  guint n_labels;
  guint64 span;
  gsize window, hop;

  /* Ring of the latest windows, oldest first from (head - count). */
  guint capacity, head, count;
  Entry *entries;
  double *probs; /* capacity × n_labels */

  guint current;
  /* Windows starting at or before this belong to the previous change: the
   * walk back for the next one stops there.  G_MAXUINT64: none. */
  guint64 fence;
};

static guint
capacity_for (guint64 span, gsize hop)
{
  guint64 in_span = (span + hop - 1) / MAX (hop, 1);

  return (guint)MIN (2 * MAX (in_span, 1) + 2, (guint64)G_MAXUINT / 2);
}

gsize
gc_smoother_memory (guint n_labels, guint64 span, gsize hop)
{
  gsize cap = capacity_for (span, hop);

  return sizeof (GcSmoother) + cap * sizeof (Entry)
      + cap * (gsize)n_labels * sizeof (double);
}

GcSmoother *
gc_smoother_new (guint n_labels, guint64 span, gsize window, gsize hop)
{
  GcSmoother *s = g_new0 (GcSmoother, 1);

  g_return_val_if_fail (n_labels > 0 && span > 0 && hop > 0, NULL);
  s->n_labels = n_labels;
  s->span = span;
  s->window = window;
  s->hop = MIN (hop, MAX (window, 1));
  s->capacity = capacity_for (span, hop);
  s->entries = g_new0 (Entry, s->capacity);
  s->probs = g_new0 (double, (gsize)s->capacity * n_labels);
  gc_smoother_reset (s);
  return s;
}

void
gc_smoother_free (GcSmoother *s)
{
  if (s == NULL)
    return;
  g_free (s->entries);
  g_free (s->probs);
  g_free (s);
}

void
gc_smoother_restart (GcSmoother *s)
{
  s->head = 0;
  s->count = 0;
  s->fence = G_MAXUINT64;
}

void
gc_smoother_reset (GcSmoother *s)
{
  gc_smoother_restart (s);
  s->current = GC_LABEL_NONE;
}

guint
gc_smoother_current (const GcSmoother *s)
{
  return s->current;
}

/* The @age-th latest window (0: the one just added). */
static guint
slot (const GcSmoother *s, guint age)
{
  return (s->head + s->capacity - 1 - age) % s->capacity;
}

static gboolean
votes (const double *p, guint n, guint for_label, guint against)
{
  if (against == GC_LABEL_NONE)
    return gc_distribution_top (p, n) == for_label;
  return p[for_label] > p[against];
}

/* The latest run of windows voting @label over @against (unclassified
 * windows skipped), not reaching back past the fence. */
static void
find_run (const GcSmoother *s, guint label, guint against, GcChange *c)
{
  gboolean in_run = FALSE;
  guint newest = slot (s, 0);

  c->first_start = s->entries[newest].start;
  c->n_voting = 0;
  for (guint age = 0; age < s->count; age++) {
    guint i = slot (s, age);
    const Entry *e = &s->entries[i];

    if (s->fence != G_MAXUINT64 && e->start <= s->fence)
      break;
    if (!e->classified)
      continue;
    if (votes (
            s->probs + (gsize)i * s->n_labels, s->n_labels, label, against)) {
      in_run = TRUE;
      c->first_start = e->start;
      c->n_voting++;
    } else if (in_run) {
      break;
    }
  }
}

guint
gc_smoother_add (GcSmoother *s, guint64 start, gsize n_samples,
    const double *probs, double change_margin, double *smoothed,
    GcChange *change, gboolean *changed)
{
  guint L = s->n_labels, i = s->head, n_avg = 0, top, rival;
  Entry *e = &s->entries[i];
  double weight = 0.0, lead;

  *changed = FALSE;
  e->start = start;
  e->n_samples = n_samples;
  e->classified = probs != NULL && n_samples > 0;
  if (e->classified)
    memcpy (s->probs + (gsize)i * L, probs, L * sizeof (double));
  s->head = (s->head + 1) % s->capacity;
  s->count = MIN (s->count + 1, s->capacity);

  /* The mean over the windows that started in (start - span, start]. */
  for (guint age = 0; age < s->count; age++) {
    const Entry *w = &s->entries[slot (s, age)];
    const double *p = s->probs + (gsize)slot (s, age) * L;

    if (w->start + s->span <= start)
      break;
    if (!w->classified)
      continue;
    if (n_avg == 0)
      memset (smoothed, 0, L * sizeof (double));
    for (guint k = 0; k < L; k++)
      smoothed[k] += (double)w->n_samples * p[k];
    weight += (double)w->n_samples;
    n_avg++;
  }
  if (n_avg == 0)
    return 0;
  for (guint k = 0; k < L; k++)
    smoothed[k] /= weight;

  /* The hysteresis. */
  top = gc_distribution_top (smoothed, L);
  if (top == s->current)
    return n_avg;
  if (s->current != GC_LABEL_NONE) {
    rival = s->current;
  } else if (L > 1) {
    rival = top == 0 ? 1 : 0;
    for (guint k = 0; k < L; k++)
      if (k != top && smoothed[k] > smoothed[rival])
        rival = k;
  } else {
    rival = GC_LABEL_NONE;
  }
  lead = smoothed[top] - (rival != GC_LABEL_NONE ? smoothed[rival] : 0.0);
  if (!(lead > 0.0) || lead < change_margin)
    return n_avg;

  memset (change, 0, sizeof (*change));
  change->old_label = s->current;
  change->new_label = top;
  change->new_prob = smoothed[top];
  change->old_prob = rival != GC_LABEL_NONE ? smoothed[rival] : 0.0;
  change->margin = lead;
  find_run (s, top, s->current, change);
  change->estimate = change->first_start;
  if (s->current != GC_LABEL_NONE)
    change->estimate += (s->window - s->hop) / 2;
  s->fence = change->first_start;
  s->current = top;
  *changed = TRUE;
  return n_avg;
}
