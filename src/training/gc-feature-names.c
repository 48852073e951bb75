/* genreclassify — a name for every value of a feature set
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include "gc-analyser.h"
#include "gc-feature-names.h"
#include "gc-robust.h"

static const char *const seed_stats[] = { "mean", "std", "delta_mean",
  "delta_std", "delta2_mean", "delta2_std", "skew", "kurtosis" };
static const char *const robust_stats[] = { "mean", "std", "delta_std",
  "delta2_std", "skew", "kurtosis" };
static const char *const band_stats[] = { "mean", "std", "flux" };

/* A block grouped by statistic, then row: PREFIXROW_STAT. */
static void
add_block (GPtrArray *names, const char *prefix, guint rows,
    const char *const *stats, guint n_stats)
{
  for (guint s = 0; s < n_stats; s++)
    for (guint r = 0; r < rows; r++)
      g_ptr_array_add (names, g_strdup_printf ("%s%u_%s", prefix, r, stats[s]));
}

static char **
finish (GPtrArray *names, GcFeatureSet set)
{
  g_assert_cmpuint (names->len, ==, gc_feature_set_dimension (set));
  g_ptr_array_add (names, NULL);
  return (char **)g_ptr_array_free (names, FALSE);
}

char **
gc_feature_names_seed212 (void)
{
  GPtrArray *names = g_ptr_array_sized_new (GC_SEED212_DIM + 1);

  add_block (names, "harmonic_mfcc", GC_N_MFCC, seed_stats, 6);
  add_block (names, "percussive_mfcc", GC_N_MFCC, seed_stats, 6);
  add_block (names, "contrast", GC_N_CONTRAST, seed_stats, 8);
  return finish (names, GC_FEATURES_SEED212);
}

char **
gc_feature_names_robust281 (void)
{
  GPtrArray *names = g_ptr_array_sized_new (GC_ROBUST281_DIM + 1);
  const guint *edges = gc_robust_lag_edges ();

  add_block (names, "harmonic_mfcc", GC_N_MFCC, robust_stats, 4);
  add_block (names, "percussive_mfcc", GC_N_MFCC, robust_stats, 4);
  add_block (names, "contrast", GC_ROBUST_N_CONTRAST, robust_stats, 6);
  add_block (names, "band", GC_N_MELS, band_stats, 3);
  for (guint b = 0; b < GC_ROBUST_N_LAG_BANDS; b++)
    g_ptr_array_add (
        names, g_strdup_printf ("rhythm_lag%u_%u", edges[b], edges[b + 1]));
  return finish (names, GC_FEATURES_ROBUST281);
}

char **
gc_feature_names (GcFeatureSet set)
{
  switch (set) {
    case GC_FEATURES_SEED212:
      return gc_feature_names_seed212 ();
    case GC_FEATURES_ROBUST281:
      return gc_feature_names_robust281 ();
  }
  g_return_val_if_reached (NULL);
}
