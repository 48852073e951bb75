/* genreclassify — grid search of (C, gamma) by grouped, stratified k-fold
 * cross-validation, deterministic and parallel
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * libsvm's svm_cross_validation() shuffles its folds with the C library's
 * rand(): a global state, so neither reproducible while other threads call
 * it nor safe to run in parallel, and it splits windows, not files (the
 * windows of one file would be in training and test folds at once, which
 * flatters the score).  Here the folds come from our own seeded generator,
 * by group (one group per file: all its windows in the same fold), balanced
 * per class; each (C, gamma, fold) fit is a plain svm_train() with
 * probability = 0 (which never calls rand()) and svm_predict(), run on a
 * GThreadPool.  Each fold is standardised with its own training part's mean
 * and standard deviation, as gc_model_train() would do.  The result depends
 * only on the data, the grid, the number of folds and the seed.
 */
#ifndef GC_GRID_H
#define GC_GRID_H

#include <glib.h>

G_BEGIN_DECLS

#define GC_GRID_ERROR (gc_grid_error_quark ())
GQuark gc_grid_error_quark (void);

typedef enum {
  GC_GRID_ERROR_TOO_SMALL, /* too few groups or folds, or an empty grid */
} GcGridError;

/* Assigns each of @n_groups groups (of class @group_class[g] and
 * @group_size[g] rows) to one of @k folds, writing @fold[g]: per class, the
 * groups in a seeded random order go each to the fold holding the fewest
 * rows of that class (ties: fewest rows in all, then the lowest fold). */
void gc_grid_assign_folds (const int *group_class, const guint *group_size,
    guint n_groups, guint n_classes, guint k, guint64 seed, guint *fold);

/* The same for groups whose rows may be of several classes (an artist with
 * pop and rock clips): @class_rows[g · n_classes + c] rows of class c in
 * group g.  The groups, in a seeded random order and then largest first
 * (a stable sort), go each to the fold where adding them keeps every
 * class's share of the folds most even — the fold f minimising
 * sum over c of class_rows[g][c] · rows[f][c] / total[c]², which is the
 * growth of the sum of squared per-class shares — ties to the fold with
 * the fewest rows, then the lowest fold.  Groups without rows go to the
 * fold with the fewest rows too. */
void gc_grid_assign_folds_grouped (const guint *class_rows, guint n_groups,
    guint n_classes, guint k, guint64 seed, guint *fold);

/* A learning curve's training set: of the groups outside fold @held_out
 * (@fold[g] != held_out), keeps a share @share (0–1] of each class's,
 * writing @keep (n_groups values; the held-out fold's are FALSE).  A
 * group's class is the one most of its @class_rows are of (ties: the
 * lowest).  Each class keeps round(share · m) of its m groups, at least
 * one, in an order seeded by @seed alone, so that a larger share keeps a
 * superset of a smaller one's groups.  Returns the number kept. */
guint gc_grid_keep_share (const guint *class_rows, guint n_groups,
    guint n_classes, const guint *fold, guint held_out, double share,
    guint64 seed, gboolean *keep);

typedef struct {
  /* The rows: @n × @dimension values, their classes (0 … n_classes-1) and
   * groups (0 … n_groups-1, e.g. the file each window comes from). */
  const double *features;
  gsize n;
  guint dimension;
  const int *classes;
  guint n_classes;
  const guint *groups;
  guint n_groups;
  /* The grid. */
  const double *cs;
  guint n_c;
  const double *gammas;
  guint n_gamma;
  guint folds; /* >= 2 */
  guint64 seed;
  guint n_threads; /* 0: all processors */
  /* Called after each fit (from worker threads, serialised), may be NULL. */
  void (*fit_done) (guint done, guint total, gpointer user_data);
  gpointer user_data;
  /* The fold of every group (n_groups values < folds), e.g. from
   * gc_grouping_assign_folds(); NULL: gc_grid_assign_folds() on the rows'
   * classes and counts, with @folds reduced to n_groups if larger. */
  const guint *fold_of_group;
  /* Rows that only ever train (augmented copies), never tested; NULL: none.
   * Those in a held-out fold are left out of that fold altogether. */
  const guint8 *train_only;
} GcGridProblem;

typedef struct {
  guint folds; /* the folds used */
  guint *fold_of_group; /* n_groups */
  guint64 *correct; /* n_c × n_gamma: windows predicted right, all folds */
  guint64 total; /* rows tested per grid point (n, less train_only) */
  double *accuracy; /* n_c × n_gamma */
  guint best_c, best_gamma; /* indices of the chosen point */
  double best_accuracy;
  guint n_fits;
  double seconds; /* wall time */
  double fit_seconds; /* sum of the fits' times (CPU-ish) */
} GcGridResult;

/* Runs the search.  The best point has the highest accuracy; ties go to
 * the point whose 8 grid neighbours have the higher mean accuracy (those
 * outside the grid count 0) — the middle of a plateau, away from the
 * grid's border — then to the smaller C, then to the smaller gamma.  FALSE
 * with GC_GRID_ERROR_TOO_SMALL if the problem cannot be cross-validated. */
gboolean gc_grid_search (
    const GcGridProblem *problem, GcGridResult *result, GError **error);
void gc_grid_result_clear (GcGridResult *result);

G_END_DECLS

#endif
