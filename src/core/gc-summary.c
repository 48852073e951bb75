/* genreclassify — the whole-stream summary of the reported windows
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "gc-summary.h"
#include "gc-distribution.h"

#include <string.h>

void
gc_summary_init (GcSummary *summary, guint n_labels)
{
  memset (summary, 0, sizeof (*summary));
  summary->n_labels = n_labels;
  summary->weighted = g_new0 (double, MAX (n_labels, 1));
  gc_summary_reset (summary);
}

void
gc_summary_clear (GcSummary *summary)
{
  g_free (summary->weighted);
  memset (summary, 0, sizeof (*summary));
}

void
gc_summary_reset (GcSummary *summary)
{
  if (summary->weighted)
    memset (summary->weighted, 0, sizeof (double) * summary->n_labels);
  summary->total_weight = 0.0;
  summary->n_classified = 0;
  summary->n_silent = 0;
  summary->n_reported = 0;
  summary->n_invalid = 0;
  summary->first_ts = GC_TIME_NONE;
  summary->end_ts = GC_TIME_NONE;
}

void
gc_summary_add (GcSummary *summary, guint64 ts, guint64 duration, double weight,
    const double *probs, gboolean silent, guint64 n_invalid)
{
  guint i;

  summary->n_reported++;
  summary->n_invalid += n_invalid;
  if (silent)
    summary->n_silent++;
  if (ts != GC_TIME_NONE) {
    if (summary->first_ts == GC_TIME_NONE)
      summary->first_ts = ts;
    if (summary->end_ts == GC_TIME_NONE || ts + duration > summary->end_ts)
      summary->end_ts = ts + duration;
  }
  if (probs == NULL || !(weight > 0.0))
    return;
  summary->n_classified++;
  summary->total_weight += weight;
  for (i = 0; i < summary->n_labels; i++)
    summary->weighted[i] += weight * probs[i];
}

gboolean
gc_summary_get (const GcSummary *summary, double *probs)
{
  guint i;

  if (summary->n_classified == 0 || !(summary->total_weight > 0.0))
    return FALSE;
  for (i = 0; i < summary->n_labels; i++)
    probs[i] = summary->weighted[i] / summary->total_weight;
  return gc_distribution_normalise (probs, summary->n_labels);
}
