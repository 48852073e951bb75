/* genreclassify — the rows of a training set
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include "gc-trainset.h"

#include <string.h>

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

/* Shares @budget among @m bins holding @avail items each: every bin gets
 * the same share, except that a bin with fewer items gives its unused
 * share to the others (water filling).  A remainder smaller than the open
 * bins goes one item each to the first of them. */
static void
share_out (const gsize *avail, guint m, gsize budget, gsize *quota)
{
  gsize left = budget;
  guint open = 0;

  for (guint k = 0; k < m; k++) {
    quota[k] = 0;
    if (avail[k] > 0)
      open++;
  }
  while (left > 0 && open > 0) {
    gsize share = left / open;

    open = 0;
    for (guint k = 0; k < m && left > 0; k++) {
      gsize room = avail[k] - quota[k], give;

      if (room == 0)
        continue;
      give = MIN (MAX (share, 1), room);
      quota[k] += give;
      left -= give;
      if (quota[k] < avail[k])
        open++;
    }
  }
}

gsize
gc_rows_sample (const int *classes, const guint *groups, gsize n,
    guint n_classes, guint n_groups, const guint8 *eligible, gsize max_rows,
    guint64 seed, guint8 *keep)
{
  gsize *per_class = g_new0 (gsize, MAX (n_classes, 1));
  gsize *class_quota = g_new0 (gsize, MAX (n_classes, 1));
  gsize *per_group = g_new (gsize, MAX (n_groups, 1));
  gsize *group_quota = g_new (gsize, MAX (n_groups, 1));
  gsize *start = g_new (gsize, (gsize)n_groups + 1);
  gsize *rows = g_new (gsize, MAX (n, 1));
  GRand *rand = g_rand_new_with_seed ((guint32)(seed ^ (seed >> 32)));
  gsize n_eligible = 0, n_kept = 0;

  for (gsize i = 0; i < n; i++) {
    keep[i] = !eligible || eligible[i];
    if (keep[i]) {
      per_class[classes[i]]++;
      n_eligible++;
    }
  }
  if (n_eligible <= max_rows) {
    n_kept = n_eligible;
    goto out;
  }
  share_out (per_class, n_classes, max_rows, class_quota);
  for (guint k = 0; k < n_classes; k++) {
    /* The class's eligible rows, grouped by group in row order. */
    memset (per_group, 0, sizeof (gsize) * MAX (n_groups, 1));
    for (gsize i = 0; i < n; i++)
      if (keep[i] && classes[i] == (int)k)
        per_group[groups[i]]++;
    start[0] = 0;
    for (guint g = 0; g < n_groups; g++)
      start[g + 1] = start[g] + per_group[g];
    for (gsize i = 0; i < n; i++)
      if (keep[i] && classes[i] == (int)k)
        rows[start[groups[i]]++] = i;
    /* The filling moved each start to the next group's. */
    for (guint g = n_groups; g > 0; g--)
      start[g] = start[g - 1];
    start[0] = 0;
    share_out (per_group, n_groups, class_quota[k], group_quota);
    /* A partial Fisher-Yates shuffle of each group's rows: its first
     * quota rows are the chosen ones, the others are dropped. */
    for (guint g = 0; g < n_groups; g++) {
      gsize *r = rows + start[g], m = per_group[g];

      for (gsize j = 0; j < group_quota[g]; j++) {
        gsize pick = j + (gsize)g_rand_int_range (rand, 0, (gint32)(m - j));
        gsize tmp = r[j];

        r[j] = r[pick];
        r[pick] = tmp;
      }
      for (gsize j = group_quota[g]; j < m; j++)
        keep[r[j]] = 0;
      n_kept += group_quota[g];
    }
  }
out:
  g_rand_free (rand);
  g_free (per_class);
  g_free (class_quota);
  g_free (per_group);
  g_free (group_quota);
  g_free (start);
  g_free (rows);
  return n_kept;
}

void
gc_trainset_keep_rows (GcTrainset *t, const guint8 *keep)
{
  gsize to = 0, n_tested = 0;

  for (gsize i = 0; i < t->n; i++) {
    if (!keep[i])
      continue;
    if (to != i) {
      memmove (&g_array_index (t->features, double, to * t->dimension),
          gc_trainset_row (t, i), sizeof (double) * t->dimension);
      g_array_index (t->classes, int, to) = g_array_index (t->classes, int, i);
      g_array_index (t->groups, guint, to) =
          g_array_index (t->groups, guint, i);
      g_array_index (t->items, guint, to) = g_array_index (t->items, guint, i);
      g_array_index (t->train_only, guint8, to) =
          g_array_index (t->train_only, guint8, i);
      g_array_index (t->copy_set, guint8, to) =
          g_array_index (t->copy_set, guint8, i);
    }
    if (g_array_index (t->train_only, guint8, to) == 0)
      n_tested++;
    to++;
  }
  t->n = to;
  t->n_tested = n_tested;
  g_array_set_size (t->features, to * t->dimension);
  g_array_set_size (t->classes, to);
  g_array_set_size (t->groups, to);
  g_array_set_size (t->items, to);
  g_array_set_size (t->train_only, to);
  g_array_set_size (t->copy_set, to);
}
