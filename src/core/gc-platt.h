/* genreclassify — Platt's sigmoid for pairwise SVM probabilities (plain C)
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * libsvm turns the decision value f of each pair of classes (i, j) into
 * P(i | i or j, f) = 1 / (1 + exp (A·f + B)), then couples the pairs into a
 * distribution.  Its own training fits A and B on a 5-fold cross-validation
 * split row by row.  When rows are not independent (windows of one file,
 * augmented copies of a clip, clips of one artist) that split puts near
 * copies on both sides: the held-out decision values look better separated
 * than they will be on unseen music, and the probabilities come out
 * over-confident.  gc_model_train_folded() (gc-model-train.h) instead fits
 * the sigmoid here on decision values from folds that keep each group
 * together.
 *
 * The fit goes through the origin (B = 0): f = 0 is where the SVM itself
 * cannot choose, so it means 1/2.  A free B would also learn each pair's
 * class balance from a few dozen groups, which moved answers towards the
 * larger genres without making them more often right (docs/models.md).
 */
#ifndef GC_PLATT_H
#define GC_PLATT_H

#include <glib.h>

G_BEGIN_DECLS

/* The slope A < 0 (for decision values that are positive for the first
 * class) minimising the cross-entropy of 1 / (1 + exp (A·@dec[i])) against
 * Platt's smoothed targets: (N₊ + 1) / (N₊ + 2) for the @n_first rows with
 * @first[i] set, 1 / (N₋ + 2) for the others (Platt 1999; Lin, Lin & Weng
 * 2007).  Newton's method with a backtracking line search, from A = 0, to a
 * gradient below 1e-9 per row or 100 steps; deterministic.  0 when @n is 0
 * or every @dec[i] is 0: no evidence, probability 1/2. */
double gc_platt_fit_slope (const double *dec, const guint8 *first, gsize n);

/* 1 / (1 + exp (@a·@f)), computed without overflow. */
double gc_platt_probability (double f, double a);

G_END_DECLS

#endif
