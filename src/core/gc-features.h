/* genreclassify — the named feature sets (plain C, no GStreamer types)
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * A model names the feature set it was trained on; the analyser computes
 * that set for every window.  Both sets share the front end of
 * gc-analyser.h (peak normalisation, HPSS, 40-band mel, spectral contrast)
 * and differ in how a window is summarised:
 *
 *   seed-212    the seed recipe, librosa-exact (layout in gc-analyser.h);
 *   robust-281  the same parts summarised so that the recording chain
 *               matters less (layout in gc-robust.h): dB floors 60 dB
 *               below the window's peak instead of 80, statistics over the
 *               window's active frames only (fades and pauses left out), no
 *               telescoping means of Δ and ΔΔ, no contrast band at the
 *               Nyquist frequency; plus the full signal's level-normalised
 *               band profile and a rhythm descriptor.
 */
#ifndef GC_FEATURES_H
#define GC_FEATURES_H

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  GC_FEATURES_SEED212 = 0,
  GC_FEATURES_ROBUST281,
} GcFeatureSet;

#define GC_N_FEATURE_SETS 2

#define GC_FEATURE_SET_SEED212 "seed-212"
#define GC_FEATURE_SET_ROBUST281 "robust-281"
#define GC_SEED212_DIM 212
#define GC_ROBUST281_DIM 281
/* The largest dimension of any set: callers may size buffers by it. */
#define GC_FEATURES_MAX_DIM GC_ROBUST281_DIM

const char *gc_feature_set_name (GcFeatureSet set);
guint gc_feature_set_dimension (GcFeatureSet set);

/* Raised whenever the set's values change, even in the last bit (a faster
 * exp(), a reordered sum): feature caches key on it, so that no stale
 * vector is ever mixed with fresh ones. */
guint gc_feature_set_revision (GcFeatureSet set);

/* The set called @name; FALSE if this build knows none by that name. */
gboolean gc_feature_set_from_name (const char *name, GcFeatureSet *set);

/* "seed-212, robust-281": for error messages. */
const char *gc_feature_set_known_names (void);

G_END_DECLS

#endif
