/* genreclassify — a name for every value of a feature set
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Column names for exported features (genreclassify-features), derived
 * from the layouts of docs/model-format.md (gc-analyser.h for seed-212,
 * gc-robust.h for robust-281), one name per index, in vector order:
 *
 *   BLOCKROW_STATISTIC   harmonic_mfcc3_std, percussive_mfcc0_delta_mean,
 *                        contrast2_skew, band17_mean, band17_flux
 *   rhythm_lagA_B        robust-281's rhythm: the lag band A <= lag < B
 *                        (frames), e.g. rhythm_lag10_12
 *
 * Statistics: mean, std, delta_mean, delta_std, delta2_mean, delta2_std
 * (Δ and Δ² are numpy.gradient along time, once and twice), skew,
 * kurtosis; robust-281's bands add flux (mean |B[t] − B[t−1]|), and their
 * "mean" is relative to the window's level.
 */
#ifndef GC_FEATURE_NAMES_H
#define GC_FEATURE_NAMES_H

#include <glib.h>

#include "gc-features.h"

G_BEGIN_DECLS

/* NULL-terminated arrays of gc_feature_set_dimension() names; free with
 * g_strfreev(). */
char **gc_feature_names_seed212 (void);
char **gc_feature_names_robust281 (void);
char **gc_feature_names (GcFeatureSet set);

G_END_DECLS

#endif
