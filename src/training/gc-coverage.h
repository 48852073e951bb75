/* genreclassify — precision against coverage of a write threshold (plain C)
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * A tagger that writes a file's top genre only when its probability (the
 * confidence) reaches a threshold t trades how many files it tags for how
 * often what it writes is right.  From scored files — per file its top
 * probability and whether its top genre is the true one — this gives, for
 * each of a rising list of thresholds:
 *
 *   written   = files whose top probability ≥ t
 *   coverage  = written / files scored
 *   precision = right among the written / written
 *
 * At t = 0 every file is written and the precision is the accuracy.
 */
#ifndef GC_COVERAGE_H
#define GC_COVERAGE_H

#include <glib.h>

#include "gc-json.h"

G_BEGIN_DECLS

/* The thresholds of gc_coverage_init_default(): 0, then 0.30 to 0.95 in
 * steps of 0.05 (below 0.3 an eleven-genre model's top probability is
 * rare, so the first steps would repeat t = 0). */
#define GC_COVERAGE_DEFAULT_THRESHOLDS 15

typedef struct {
  guint n_thresholds;
  double *threshold; /* rising */
  guint *written; /* per threshold: top probability ≥ it */
  guint *correct; /* per threshold: of the written, right */
  guint total; /* files scored */
} GcCoverage;

/* @n_thresholds thresholds, rising, each in [0, 1]. */
void gc_coverage_init (
    GcCoverage *cov, const double *thresholds, guint n_thresholds);
void gc_coverage_init_default (GcCoverage *cov);
void gc_coverage_clear (GcCoverage *cov);

/* Counts one file of top probability @confidence, whose top genre is
 * right or not.  FALSE (nothing counted) when @confidence is not a number
 * in [0, 1]. */
gboolean gc_coverage_add (GcCoverage *cov, double confidence, gboolean correct);

/* The share of the files written at threshold number @k; NAN when no file
 * was counted. */
double gc_coverage_share (const GcCoverage *cov, guint k);

/* The share of right genres among the files written at threshold number
 * @k; NAN when none was written. */
double gc_coverage_precision (const GcCoverage *cov, guint k);

/* The table as text, one row per threshold, each line starting with
 * @indent.  Free with g_free(). */
char *gc_coverage_format (const GcCoverage *cov, const char *indent);

/* The object @key: "files" and per threshold its "threshold", "written",
 * "correct", "coverage" and "precision" (null when undefined). */
void gc_coverage_json (GcJson *j, const char *key, const GcCoverage *cov);

/* Precision and coverage curves against the threshold
 * (gc_svg_curves()).  @title and @subtitle may be NULL.  Free with
 * g_free(). */
char *gc_coverage_svg (
    const GcCoverage *cov, const char *title, const char *subtitle);

G_END_DECLS

#endif
