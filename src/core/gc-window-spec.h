/* genreclassify — the window settings and their rounding to samples
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The element's window, hop and min-window properties and the tools'
 * --window, --hop and --min-window options are one setting, GcWindowSpec:
 * its ranges, defaults and rounding to analysis samples live here, for
 * both.
 */
#ifndef GC_WINDOW_SPEC_H
#define GC_WINDOW_SPEC_H

#include <glib.h>

#include "gc-features.h"

G_BEGIN_DECLS

/* The longest window, and min-window, in seconds. */
#define GC_WINDOW_MAX_SECONDS 3600.0
/* The shortest window in seconds. */
#define GC_WINDOW_MIN_SECONDS 1.0

#define GC_WINDOW_DEFAULT_WINDOW 30.0
#define GC_WINDOW_DEFAULT_HOP 0.0 /* = the window: no overlap */
#define GC_WINDOW_DEFAULT_MIN_WINDOW 5.0

/* Window settings in seconds, and the feature set the model asks for. */
typedef struct {
  double window; /* GC_WINDOW_MIN_SECONDS … GC_WINDOW_MAX_SECONDS */
  double hop; /* 0 (= window) … window */
  double min_window; /* 0 … GC_WINDOW_MAX_SECONDS: the shortest partial
                      * window reported at the end of a stream */
  GcFeatureSet features;
} GcWindowSpec;

/* The defaults: 30 s windows, no overlap, partial window >= 5 s; the
 * seed's features. */
#define GC_WINDOW_SPEC_INIT                                                    \
  {                                                                            \
    GC_WINDOW_DEFAULT_WINDOW, GC_WINDOW_DEFAULT_HOP,                           \
        GC_WINDOW_DEFAULT_MIN_WINDOW, GC_FEATURES_SEED212                      \
  }

/* Which setting of a spec is out of its range, if any. */
typedef enum {
  GC_WINDOW_SPEC_VALID,
  GC_WINDOW_SPEC_BAD_WINDOW,
  GC_WINDOW_SPEC_BAD_HOP, /* negative, or longer than the window */
  GC_WINDOW_SPEC_BAD_MIN_WINDOW,
} GcWindowSpecProblem;

GcWindowSpecProblem gc_window_spec_validate (const GcWindowSpec *spec);

/* Why @spec is not valid, in words: "window must be between 1 and 3600
 * seconds, not 0.5".  The setting is named as the element's property
 * ("window", "hop", "min-window") after @prefix, so that the tools can
 * name their options ("--").  NULL when @spec is valid; free with
 * g_free(). */
char *gc_window_spec_explain (const GcWindowSpec *spec, const char *prefix);

/* The hop in seconds: 0 means the window. */
double gc_window_spec_hop (const GcWindowSpec *spec);

/* The rounding to GC_ANALYSIS_RATE samples: window = llround (window ·
 * rate), hop likewise (0 → window, at least 1, at most window), min =
 * llround (min_window · rate).  Any pointer may be NULL. */
void gc_window_spec_samples (const GcWindowSpec *spec, gsize *window_samples,
    gsize *hop_samples, gsize *min_samples);

G_END_DECLS

#endif
