/* genreclassify — the rows of a training set: every usable window of every
 * file and of its augmented copies, with its genre and its group
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Rows come in item (path) order, a file's windows in order; then, copy set
 * by copy set (one per augmentation chain), the windows of the copies in
 * item order.  A copy has its file's genre and group, so cross-validation
 * keeps a file and its copies in the same fold, and its rows are training
 * only (train_only): they are never tested, since a degraded copy of a
 * training clip says nothing about unseen music.  Files that failed or gave
 * no usable window give no rows, and neither do their copies.
 */
#ifndef GC_TRAINSET_H
#define GC_TRAINSET_H

#include "gc-extract.h"
#include "gc-folds.h"

G_BEGIN_DECLS

typedef struct {
  GcFeatureSet feature_set;
  guint dimension; /* of feature_set */
  gsize n; /* rows */
  gsize n_tested; /* rows that are files' own windows */
  GArray *features; /* double, n × dimension */
  GArray *classes; /* int, the dataset's label */
  GArray *groups; /* guint, group of the row's file */
  GArray *items; /* guint, the dataset item */
  GArray *train_only; /* guint8: 0 for a file's window, 1 for a copy's */
  GArray *copy_set; /* guint8: 0 for a file's window, c + 1 for copy set c */
  GcGrouping *grouping;

  /* Counts for the summary. */
  guint *files_per_label, *failed_per_label, *windows_per_label;
  guint n_usable; /* files with at least one usable window */
  guint n_failed; /* files that could not be decoded */
  guint n_no_window; /* decoded, but no usable window */
  guint n_silent; /* silent windows skipped */
  guint n_copy_sets;
  guint *copy_windows; /* per copy set: rows added */
  guint *copy_failed; /* per copy set: copies that could not be made */
} GcTrainset;

/* @jobs: the features of the set's items (set->items->len jobs, in item
 * order); @copies: @n_copy_sets arrays of as many jobs, the same items
 * through each augmentation chain (a copy that failed was reported by the
 * extraction; it is counted in copy_failed).  One message per file without
 * a usable window and per identical file (gc_grouping_new()) is appended to
 * @warnings (may be NULL).  @spec: what the jobs were extracted with (its
 * feature set, and its min-window for the warnings). */
GcTrainset *gc_trainset_new (const GcDataset *set, const GcExtractJob *jobs,
    const GcExtractJob *const *copies, guint n_copy_sets,
    const GcWindowSpec *spec, GPtrArray *warnings);
void gc_trainset_free (GcTrainset *trainset);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GcTrainset, gc_trainset_free)

/* Chooses at most @max_rows of the @n rows that @eligible marks (NULL: all
 * of them), so that a large set trains in bounded time and memory
 * (genreclassify-train --max-rows): the budget is shared as evenly as the
 * rows allow among the classes, then within each class among its groups
 * (artists), a class or group with fewer rows than its share giving the
 * rest to the others; within a group the rows are drawn at random, seeded
 * by @seed, so the same rows and seed give the same choice.  Writes @keep
 * (n values, 1 = chosen) and returns the number chosen: all the eligible
 * rows when they are no more than @max_rows. */
gsize gc_rows_sample (const int *classes, const guint *groups, gsize n,
    guint n_classes, guint n_groups, const guint8 *eligible, gsize max_rows,
    guint64 seed, guint8 *keep);

/* Keeps only the rows that @keep marks (in their order) and recounts n and
 * n_tested; the per-file summary counts are left as extracted. */
void gc_trainset_keep_rows (GcTrainset *t, const guint8 *keep);

static inline const double *
gc_trainset_row (const GcTrainset *t, gsize row)
{
  return &g_array_index (t->features, double, row * t->dimension);
}

G_END_DECLS

#endif
