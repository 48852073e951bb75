/* genreclassify — precision against coverage of a write threshold (plain C)
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "gc-coverage.h"
#include "gc-svg.h"

#include <math.h>
#include <string.h>

void
gc_coverage_init (GcCoverage *cov, const double *thresholds, guint n_thresholds)
{
  memset (cov, 0, sizeof (*cov));
  cov->n_thresholds = n_thresholds;
  cov->threshold = g_memdup2 (thresholds, n_thresholds * sizeof (double));
  cov->written = g_new0 (guint, n_thresholds);
  cov->correct = g_new0 (guint, n_thresholds);
}

void
gc_coverage_init_default (GcCoverage *cov)
{
  double t[GC_COVERAGE_DEFAULT_THRESHOLDS];

  t[0] = 0.0;
  /* 0.30 + k · 0.05 computed from integers: 0.35 is then the double that
   * a user typing "0.35" gets, so a file at exactly a listed threshold
   * counts as a tagger given that number would count it. */
  for (guint k = 1; k < GC_COVERAGE_DEFAULT_THRESHOLDS; k++)
    t[k] = (25 + 5 * k) / 100.0;
  gc_coverage_init (cov, t, GC_COVERAGE_DEFAULT_THRESHOLDS);
}

void
gc_coverage_clear (GcCoverage *cov)
{
  g_free (cov->threshold);
  g_free (cov->written);
  g_free (cov->correct);
  memset (cov, 0, sizeof (*cov));
}

gboolean
gc_coverage_add (GcCoverage *cov, double confidence, gboolean correct)
{
  /* !(x >= 0) also refuses NaN */
  if (!(confidence >= 0.0) || confidence > 1.0)
    return FALSE;
  cov->total++;
  for (guint k = 0; k < cov->n_thresholds; k++) {
    if (confidence >= cov->threshold[k]) {
      cov->written[k]++;
      cov->correct[k] += correct ? 1 : 0;
    }
  }
  return TRUE;
}

double
gc_coverage_share (const GcCoverage *cov, guint k)
{
  g_return_val_if_fail (k < cov->n_thresholds, NAN);
  return cov->total ? (double)cov->written[k] / cov->total : NAN;
}

double
gc_coverage_precision (const GcCoverage *cov, guint k)
{
  g_return_val_if_fail (k < cov->n_thresholds, NAN);
  return cov->written[k] ? (double)cov->correct[k] / cov->written[k] : NAN;
}

/* "  12.3 %" or "     -" for an undefined share. */
static void
append_percent (GString *s, double v)
{
  if (isfinite (v))
    g_string_append_printf (s, " %7.1f %%", 100.0 * v);
  else
    g_string_append_printf (s, " %9s", "-");
}

char *
gc_coverage_format (const GcCoverage *cov, const char *indent)
{
  GString *s = g_string_new (NULL);

  g_string_append_printf (s, "%s%9s %9s %9s %9s %9s\n", indent, "threshold",
      "written", "coverage", "right", "precision");
  for (guint k = 0; k < cov->n_thresholds; k++) {
    g_string_append_printf (
        s, "%s%9.2f %9u", indent, cov->threshold[k], cov->written[k]);
    append_percent (s, gc_coverage_share (cov, k));
    g_string_append_printf (s, " %9u", cov->correct[k]);
    append_percent (s, gc_coverage_precision (cov, k));
    g_string_append_c (s, '\n');
  }
  return g_string_free (s, FALSE);
}

void
gc_coverage_json (GcJson *j, const char *key, const GcCoverage *cov)
{
  gc_json_begin_object (j, key);
  gc_json_string (j, "description",
      "a genre written only when the top probability reaches the threshold: "
      "coverage = written / files, precision = right / written");
  gc_json_int (j, "files", cov->total);
  gc_json_begin_array (j, "thresholds");
  for (guint k = 0; k < cov->n_thresholds; k++) {
    gc_json_begin_object (j, NULL);
    gc_json_double (j, "threshold", cov->threshold[k]);
    gc_json_int (j, "written", cov->written[k]);
    gc_json_int (j, "correct", cov->correct[k]);
    /* NaN is written as null */
    gc_json_double (j, "coverage", gc_coverage_share (cov, k));
    gc_json_double (j, "precision", gc_coverage_precision (cov, k));
    gc_json_end_object (j);
  }
  gc_json_end_array (j);
  gc_json_end_object (j);
}

char *
gc_coverage_svg (const GcCoverage *cov, const char *title, const char *subtitle)
{
  double *precision = g_new (double, MAX (cov->n_thresholds, 1));
  double *share = g_new (double, MAX (cov->n_thresholds, 1));
  char **notes = g_new0 (char *, cov->n_thresholds + 1);
  GcSvgCurve curves[2];
  char *svg;

  for (guint k = 0; k < cov->n_thresholds; k++) {
    precision[k] = gc_coverage_precision (cov, k);
    share[k] = gc_coverage_share (cov, k);
    notes[k] = g_strdup_printf ("%u of %u written, %u right", cov->written[k],
        cov->total, cov->correct[k]);
  }
  curves[0] = (GcSvgCurve){ "precision: right among the written", precision };
  curves[1] = (GcSvgCurve){ "coverage: share of the files written", share };
  svg = gc_svg_curves (title, subtitle,
      "write threshold (top probability at least)", "per cent", cov->threshold,
      (const char *const *)notes, cov->n_thresholds, curves, 2);
  g_strfreev (notes);
  g_free (precision);
  g_free (share);
  return svg;
}
