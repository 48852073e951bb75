/* genreclassify — window scheduling over a continuous stream
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "gc-windower.h"

#define IDLE G_MAXUINT64

struct _GcWindower {
  gsize window, hop;
  /* One analyser per window that can be open at once: ⌈window / hop⌉,
   * created when first needed. */
  guint n_slots;
  GcAnalyser **analysers;
  guint64 *starts; /* start of the window a slot holds, or IDLE */
  guint64 position; /* samples pushed since reset */
  guint64 next_start;
  double *vector;
};

GcWindower *
gc_windower_new (gsize window_samples, gsize hop_samples, GcFeatureSet set)
{
  GcWindower *w;

  g_return_val_if_fail (window_samples >= GC_HOP, NULL);
  g_return_val_if_fail (
      hop_samples >= 1 && hop_samples <= window_samples, NULL);

  w = g_new0 (GcWindower, 1);
  w->window = window_samples;
  w->hop = hop_samples;
  w->n_slots = (window_samples + hop_samples - 1) / hop_samples;
  /* Every analyser, its FFTW plans and buffers are made here, not when the
   * stream first needs them: a push never allocates or plans.  Pages that
   * a short stream never reaches are never touched, so they cost no
   * memory. */
  w->analysers = g_new0 (GcAnalyser *, w->n_slots);
  for (guint i = 0; i < w->n_slots; i++)
    w->analysers[i] = gc_analyser_new (window_samples, set);
  w->starts = g_new (guint64, w->n_slots);
  w->vector = g_new (double, gc_feature_set_dimension (set));
  gc_windower_reset (w);
  return w;
}

gsize
gc_windower_memory (gsize window_samples, gsize hop_samples, GcFeatureSet set)
{
  gsize n_slots;

  g_return_val_if_fail (
      hop_samples >= 1 && hop_samples <= window_samples, G_MAXSIZE);
  n_slots = (window_samples + hop_samples - 1) / hop_samples;
  return sizeof (GcWindower) + gc_feature_set_dimension (set) * sizeof (double)
      + n_slots * (sizeof (GcAnalyser *) + sizeof (guint64))
      + n_slots * gc_analyser_memory (window_samples, set);
}

void
gc_windower_free (GcWindower *w)
{
  if (!w)
    return;
  for (guint i = 0; i < w->n_slots; i++)
    gc_analyser_free (w->analysers[i]);
  g_free (w->analysers);
  g_free (w->starts);
  g_free (w->vector);
  g_free (w);
}

void
gc_windower_reset (GcWindower *w)
{
  for (guint i = 0; i < w->n_slots; i++) {
    gc_analyser_reset (w->analysers[i]);
    w->starts[i] = IDLE;
  }
  w->position = 0;
  w->next_start = 0;
}

guint64
gc_windower_position (const GcWindower *w)
{
  return w->position;
}

static void
open_window (GcWindower *w)
{
  for (guint i = 0; i < w->n_slots; i++) {
    if (w->starts[i] != IDLE)
      continue;
    w->starts[i] = w->position;
    w->next_start += w->hop;
    return;
  }
  g_assert_not_reached ();
}

static void
end_window (GcWindower *w, guint slot, GcWindowFunc func, gpointer user_data)
{
  GcAnalyser *a = w->analysers[slot];
  gsize n = gc_analyser_n_samples (a);
  gsize n_invalid = gc_analyser_n_invalid (a);
  GcWindowStatus status = gc_analyser_end_window (a, w->vector);

  func (w->starts[slot], n, status, status == GC_WINDOW_OK ? w->vector : NULL,
      n_invalid, user_data);
  w->starts[slot] = IDLE;
}

void
gc_windower_push (GcWindower *w, const float *samples, gsize n,
    GcWindowFunc func, gpointer user_data)
{
  while (n > 0) {
    guint64 step;

    if (w->position == w->next_start)
      open_window (w);

    /* Advance to whichever comes first: input end, a window start or end. */
    step = MIN ((guint64)n, w->next_start - w->position);
    for (guint i = 0; i < w->n_slots; i++)
      if (w->starts[i] != IDLE)
        step = MIN (step, w->starts[i] + w->window - w->position);

    for (guint i = 0; i < w->n_slots; i++)
      if (w->starts[i] != IDLE)
        gc_analyser_push (w->analysers[i], samples, step);
    w->position += step;
    samples += step;
    n -= step;

    for (guint i = 0; i < w->n_slots; i++)
      if (w->starts[i] != IDLE && w->starts[i] + w->window == w->position)
        end_window (w, i, func, user_data);
  }
}

void
gc_windower_finish (
    GcWindower *w, gsize min_samples, GcWindowFunc func, gpointer user_data)
{
  /* Report the open windows oldest first. */
  for (;;) {
    guint oldest = w->n_slots;

    for (guint i = 0; i < w->n_slots; i++)
      if (w->starts[i] != IDLE
          && (oldest == w->n_slots || w->starts[i] < w->starts[oldest]))
        oldest = i;
    if (oldest == w->n_slots)
      break;

    if (gc_analyser_n_samples (w->analysers[oldest]) >= MAX (min_samples, 1))
      end_window (w, oldest, func, user_data);
    else {
      gc_analyser_reset (w->analysers[oldest]);
      w->starts[oldest] = IDLE;
    }
  }
  gc_windower_reset (w);
}
