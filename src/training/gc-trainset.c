/* genreclassify — the rows of a training set
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include "gc-trainset.h"

static void
add_rows (GcTrainset *t, const GcFileFeatures *f, guint item, int cls,
    guint group, guint8 copy_set)
{
  guint8 train_only = copy_set != 0;

  for (guint w = 0; w < f->n_windows; w++) {
    if (f->windows[w].status != GC_WINDOW_OK)
      continue;
    g_array_append_vals (t->features, f->windows[w].vector, t->dimension);
    g_array_append_val (t->classes, cls);
    g_array_append_val (t->groups, group);
    g_array_append_val (t->items, item);
    g_array_append_val (t->train_only, train_only);
    g_array_append_val (t->copy_set, copy_set);
  }
}

GcTrainset *
gc_trainset_new (const GcDataset *set, const GcExtractJob *jobs,
    const GcExtractJob *const *copies, guint n_copy_sets,
    const GcWindowSpec *spec, GPtrArray *warnings)
{
  GcTrainset *t;
  guint n_items = set->items->len, n_labels = set->labels->len;
  gboolean *usable;
  char **sha256;

  /* copy_set is a byte. */
  g_return_val_if_fail (n_copy_sets < 255, NULL);
  t = g_new0 (GcTrainset, 1);
  usable = g_new0 (gboolean, MAX (n_items, 1));
  sha256 = g_new0 (char *, MAX (n_items, 1));
  t->feature_set = spec->features;
  t->dimension = gc_feature_set_dimension (spec->features);
  t->features = g_array_new (FALSE, FALSE, sizeof (double));
  t->classes = g_array_new (FALSE, FALSE, sizeof (int));
  t->groups = g_array_new (FALSE, FALSE, sizeof (guint));
  t->items = g_array_new (FALSE, FALSE, sizeof (guint));
  t->train_only = g_array_new (FALSE, FALSE, sizeof (guint8));
  t->copy_set = g_array_new (FALSE, FALSE, sizeof (guint8));
  t->files_per_label = g_new0 (guint, n_labels);
  t->failed_per_label = g_new0 (guint, n_labels);
  t->windows_per_label = g_new0 (guint, n_labels);
  t->n_copy_sets = n_copy_sets;
  t->copy_windows = g_new0 (guint, MAX (n_copy_sets, 1));
  t->copy_failed = g_new0 (guint, MAX (n_copy_sets, 1));

  gc_dataset_count (set, t->files_per_label);
  for (guint i = 0; i < n_items; i++) {
    const GcDatasetItem *item = gc_dataset_item (set, i);
    const GcFileFeatures *f = jobs[i].features;
    guint n_ok;

    sha256[i] = jobs[i].sha256;
    if (f == NULL) {
      t->failed_per_label[item->label]++;
      t->n_failed++;
      continue;
    }
    n_ok = gc_file_features_n_ok (f);
    t->n_silent += f->n_windows - n_ok;
    if (n_ok == 0) {
      if (warnings) {
        char *display = g_filename_display_name (item->path);

        g_ptr_array_add (warnings,
            g_strdup_printf ("%s: no usable window (%.1f s of audio, %u "
                             "silent windows; --min-window is %g s)",
                display, f->duration, f->n_windows, spec->min_window));
        g_free (display);
      }
      t->n_no_window++;
      continue;
    }
    usable[i] = TRUE;
    t->n_usable++;
  }
  t->grouping = gc_grouping_new (set, usable, sha256, warnings);

  for (guint i = 0; i < n_items; i++) {
    if (!usable[i])
      continue;
    add_rows (t, jobs[i].features, i, (int)gc_dataset_item (set, i)->label,
        t->grouping->group_of_item[i], 0);
    t->windows_per_label[gc_dataset_item (set, i)->label] +=
        gc_file_features_n_ok (jobs[i].features);
  }
  t->n_tested = t->classes->len;
  for (guint c = 0; c < n_copy_sets; c++) {
    for (guint i = 0; i < n_items; i++) {
      const GcExtractJob *job = &copies[c][i];
      gsize before = t->classes->len;

      if (!usable[i])
        continue;
      if (job->features == NULL) {
        t->copy_failed[c]++;
        continue;
      }
      add_rows (t, job->features, i, (int)gc_dataset_item (set, i)->label,
          t->grouping->group_of_item[i], (guint8)(c + 1));
      t->copy_windows[c] += (guint)(t->classes->len - before);
    }
  }
  t->n = t->classes->len;
  g_free (usable);
  g_free (sha256);
  return t;
}

void
gc_trainset_free (GcTrainset *t)
{
  if (t == NULL)
    return;
  g_array_free (t->features, TRUE);
  g_array_free (t->classes, TRUE);
  g_array_free (t->groups, TRUE);
  g_array_free (t->items, TRUE);
  g_array_free (t->train_only, TRUE);
  g_array_free (t->copy_set, TRUE);
  gc_grouping_free (t->grouping);
  g_free (t->files_per_label);
  g_free (t->failed_per_label);
  g_free (t->windows_per_label);
  g_free (t->copy_windows);
  g_free (t->copy_failed);
  g_free (t);
}
