/* genreclassify — the window settings and their rounding to samples
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <math.h>

#include "gc-analyser.h"
#include "gc-window-spec.h"

GcWindowSpecProblem
gc_window_spec_validate (const GcWindowSpec *spec)
{
  /* Written so that NaN fails every test. */
  if (!(spec->window >= GC_WINDOW_MIN_SECONDS
          && spec->window <= GC_WINDOW_MAX_SECONDS))
    return GC_WINDOW_SPEC_BAD_WINDOW;
  if (!(spec->hop >= 0.0 && spec->hop <= spec->window))
    return GC_WINDOW_SPEC_BAD_HOP;
  if (!(spec->min_window >= 0.0 && spec->min_window <= GC_WINDOW_MAX_SECONDS))
    return GC_WINDOW_SPEC_BAD_MIN_WINDOW;
  return GC_WINDOW_SPEC_VALID;
}

char *
gc_window_spec_explain (const GcWindowSpec *spec, const char *prefix)
{
  switch (gc_window_spec_validate (spec)) {
    case GC_WINDOW_SPEC_BAD_WINDOW:
      return g_strdup_printf ("%swindow must be between %g and %g seconds, "
                              "not %g",
          prefix, GC_WINDOW_MIN_SECONDS, GC_WINDOW_MAX_SECONDS, spec->window);
    case GC_WINDOW_SPEC_BAD_HOP:
      return g_strdup_printf ("%shop must be between 0 (meaning the window) "
                              "and the window (%g s), not %g",
          prefix, spec->window, spec->hop);
    case GC_WINDOW_SPEC_BAD_MIN_WINDOW:
      return g_strdup_printf ("%smin-window must be between 0 and %g seconds, "
                              "not %g",
          prefix, GC_WINDOW_MAX_SECONDS, spec->min_window);
    case GC_WINDOW_SPEC_VALID:
      break;
  }
  return NULL;
}

double
gc_window_spec_hop (const GcWindowSpec *spec)
{
  return spec->hop > 0.0 ? spec->hop : spec->window;
}

void
gc_window_spec_samples (const GcWindowSpec *spec, gsize *window_samples,
    gsize *hop_samples, gsize *min_samples)
{
  gsize w = (gsize)llround (spec->window * GC_ANALYSIS_RATE);
  gsize h =
      MAX ((gsize)llround (gc_window_spec_hop (spec) * GC_ANALYSIS_RATE), 1);

  h = MIN (h, w);
  if (window_samples)
    *window_samples = w;
  if (hop_samples)
    *hop_samples = h;
  if (min_samples)
    *min_samples = (gsize)llround (spec->min_window * GC_ANALYSIS_RATE);
}
