/* genreclassify — which files stay together in cross-validation: groups
 * and folds
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * A group is a set of files that must never be on both sides of a
 * cross-validation split.  Without groups every file is its own group (as
 * genreclassify-train always did); with groups (a list's third column or
 * --groups, gc-dataset.h) a group is e.g. an artist, whose files may be of
 * several genres.  Either way files with identical content (the same
 * SHA-256) are put in the same group: one recording is never tested against
 * itself.  Every row (window) belongs to its file's group, and so does every
 * augmented copy of the file.
 *
 * Folds: by file, gc_grid_assign_folds() exactly as before (per genre, the
 * files in a seeded order, each to the fold with the fewest windows of
 * that genre), so models trained without groups do not change; by group,
 * gc_grid_assign_folds_grouped() (largest groups first, each to the fold
 * that keeps every genre's share most even).
 */
#ifndef GC_FOLDS_H
#define GC_FOLDS_H

#include "gc-dataset.h"

G_BEGIN_DECLS

typedef struct {
  gboolean by_file; /* no groups given: one group per file */
  guint n_groups;
  guint *group_of_item; /* per dataset item; G_MAXUINT: the item has no rows */
  char **names; /* n_groups: the group's name (by file: the file's path) */
  /* How the groups were made, for reports: 'by file (24 files)',
   * 'by group "artist" from clips.tsv (104 groups)'. */
  char *description;
} GcGrouping;

/* Groups the items of @set with @usable[i] TRUE (those that give rows);
 * @sha256[i] (may be NULL, as may the array) is item i's content hash.
 * Files of identical content are merged (by group: their groups are
 * merged), with one message per merge appended to @warnings (a GPtrArray of
 * strings; may be NULL).  Group numbers follow the items' (path) order. */
GcGrouping *gc_grouping_new (const GcDataset *set, const gboolean *usable,
    char *const *sha256, GPtrArray *warnings);
void gc_grouping_free (GcGrouping *grouping);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GcGrouping, gc_grouping_free)

/* Assigns every group to one of MIN (@k, n_groups) folds (returned),
 * writing @fold_of_group (n_groups values).  The rows: @n of them, of class
 * @classes[i] and group @groups[i]; those with @train_only[i] (may be NULL)
 * are not counted, so augmented copies do not change the folds. */
guint gc_grouping_assign_folds (const GcGrouping *grouping, const int *classes,
    const guint *groups, const guint8 *train_only, gsize n, guint n_classes,
    guint k, guint64 seed, guint *fold_of_group);

/* The fold of each of the @n rows, as gc_grouping_assign_folds() assigns
 * their groups (same arguments); the number of folds goes to @n_folds.
 * The folds gc_model_train_folded() fits probabilities on.  Free with
 * g_free(). */
guint *gc_grouping_row_folds (const GcGrouping *grouping, const int *classes,
    const guint *groups, const guint8 *train_only, gsize n, guint n_classes,
    guint k, guint64 seed, guint *n_folds);

/* gc_grid_keep_share() over the groups of the @n rows (same arguments as
 * gc_grouping_assign_folds(), whose @fold_of_group this takes): which
 * groups outside fold @held_out a learning curve's @share trains on,
 * written to @keep (n_groups values).  Returns the number kept. */
guint gc_grouping_keep_share (const GcGrouping *grouping, const int *classes,
    const guint *groups, const guint8 *train_only, gsize n, guint n_classes,
    const guint *fold_of_group, guint held_out, double share, guint64 seed,
    gboolean *keep);

/* One warning (appended to @warnings) per class with fewer groups than
 * @k folds among the rows that are tested: some folds then test no file of
 * that genre, and with one group the fold holding it trains without it. */
void gc_grouping_check_classes (const GcGrouping *grouping, const int *classes,
    const guint *groups, const guint8 *train_only, gsize n,
    const char *const *labels, guint n_classes, guint k, GPtrArray *warnings);

/* 'K folds by …, stratified by genre'; free with g_free(). */
char *gc_grouping_describe_folds (const GcGrouping *grouping, guint k);

G_END_DECLS

#endif
