/* genreclassify — the named feature sets
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "gc-features.h"

#include <string.h>

static const struct {
  const char *name;
  guint dimension;
  guint revision;
} sets[GC_N_FEATURE_SETS] = {
  [GC_FEATURES_SEED212] = { GC_FEATURE_SET_SEED212, GC_SEED212_DIM, 1 },
  [GC_FEATURES_ROBUST281] = { GC_FEATURE_SET_ROBUST281, GC_ROBUST281_DIM, 2 },
};

const char *
gc_feature_set_name (GcFeatureSet set)
{
  g_return_val_if_fail ((guint)set < GC_N_FEATURE_SETS, NULL);
  return sets[set].name;
}

guint
gc_feature_set_dimension (GcFeatureSet set)
{
  g_return_val_if_fail ((guint)set < GC_N_FEATURE_SETS, 0);
  return sets[set].dimension;
}

guint
gc_feature_set_revision (GcFeatureSet set)
{
  g_return_val_if_fail ((guint)set < GC_N_FEATURE_SETS, 0);
  return sets[set].revision;
}

gboolean
gc_feature_set_from_name (const char *name, GcFeatureSet *set)
{
  for (guint i = 0; name && i < GC_N_FEATURE_SETS; i++)
    if (strcmp (sets[i].name, name) == 0) {
      *set = (GcFeatureSet)i;
      return TRUE;
    }
  return FALSE;
}

const char *
gc_feature_set_known_names (void)
{
  return GC_FEATURE_SET_SEED212 ", " GC_FEATURE_SET_ROBUST281;
}
