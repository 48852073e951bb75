/* genreclassify — calibrating a model by window length, from
 * cross-validation
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "gc-calibration.h"
#include "gc-distribution.h"
#include "gc-length-calibration.h"

struct _GcLengthCalibration {
  guint n_lengths;
  double *seconds;
  guint n_labels;
  guint n_items;
  GcExtractJob **jobs; /* per length: n_items; NULL until extracted */
  GArray **probs; /* per length: double, n_labels per window */
  GArray **truth; /* per length: guint per window */
};

GcLengthCalibration *
gc_length_calibration_new (
    const char *lengths, double max_window, guint n_labels, GError **error)
{
  guint n;
  GcLengthCalibration *c;
  double *seconds = gc_cli_parse_lengths (
      "--calibrate", lengths, max_window, GC_MODEL_MAX_CALIBRATION, &n, error);

  if (seconds == NULL)
    return NULL;
  c = g_new0 (GcLengthCalibration, 1);
  c->n_lengths = n;
  c->seconds = seconds;
  c->n_labels = n_labels;
  c->probs = g_new0 (GArray *, n);
  c->truth = g_new0 (GArray *, n);
  for (guint i = 0; i < n; i++) {
    c->probs[i] = g_array_new (FALSE, FALSE, sizeof (double));
    c->truth[i] = g_array_new (FALSE, FALSE, sizeof (guint));
  }
  return c;
}

void
gc_length_calibration_free (GcLengthCalibration *c)
{
  if (c == NULL)
    return;
  for (guint i = 0; i < c->n_lengths; i++) {
    g_array_free (c->probs[i], TRUE);
    g_array_free (c->truth[i], TRUE);
  }
  gc_cli_length_jobs_free (c->jobs, c->n_lengths, c->n_items);
  g_free (c->probs);
  g_free (c->truth);
  g_free (c->seconds);
  g_free (c);
}

void
gc_length_calibration_extract (GcLengthCalibration *c,
    const GcCliOptions *options, const GcDataset *set, GcFeatureCache *cache,
    guint64 seed)
{
  g_return_if_fail (c->jobs == NULL); /* once */
  c->n_items = set->items->len;
  c->jobs = gc_cli_extract_lengths (
      options, set, cache, c->seconds, c->n_lengths, seed);
}

void
gc_length_calibration_add (GcLengthCalibration *c, const GcModel *model,
    const guint *to_report, guint item, guint truth)
{
  guint M = gc_model_get_n_labels (model), L = c->n_labels;
  double *p = g_newa (double, M), *q = g_newa (double, L);

  g_return_if_fail (c->jobs != NULL); /* after the extraction */
  for (guint i = 0; i < c->n_lengths; i++) {
    const GcFileFeatures *f = c->jobs[i][item].features;

    for (guint w = 0; f && w < f->n_windows; w++) {
      const GcWindowResult *wr = &f->windows[w];

      /* The model's own probabilities, before any calibration. */
      if (wr->status != GC_WINDOW_OK || !gc_model_predict (model, wr->vector, p)
          || !gc_distribution_normalise (p, M))
        continue;
      for (guint k = 0; k < L; k++)
        q[k] = 0.0;
      for (guint m = 0; m < M; m++)
        q[to_report[m]] = p[m];
      g_array_append_vals (c->probs[i], q, L);
      g_array_append_val (c->truth[i], truth);
    }
  }
}

/* ECE, mean confidence, accuracy (may be NULL) and the ECE a calibrated
 * model would score on these windows (NULL: not measured). */
static void
measure (const double *probs, const guint *truth, gsize n, guint n_labels,
    double *ece, double *confidence, double *accuracy, double *noise_mean,
    double *noise_p90)
{
  GcCalibration cal;

  gc_calibration_init (&cal, GC_CALIBRATION_BINS);
  gc_calibration_add_predictions (&cal, probs, truth, n, n_labels);
  *ece = gc_calibration_ece (&cal);
  *confidence = gc_calibration_mean_confidence (&cal);
  if (accuracy)
    *accuracy = gc_calibration_accuracy (&cal);
  if (noise_mean)
    gc_calibration_ece_noise (
        &cal, GC_CALIBRATION_NOISE_DRAWS, 1, 0.9, noise_mean, noise_p90);
  gc_calibration_clear (&cal);
}

GcLengthFit *
gc_length_calibration_fit (GcLengthCalibration *c, guint *n)
{
  GcLengthFit *fits = g_new0 (GcLengthFit, c->n_lengths);
  double chance = 1.0 / c->n_labels, top;

  for (guint i = 0; i < c->n_lengths; i++) {
    GcLengthFit *f = &fits[i];
    const double *probs = (const double *)(void *)c->probs[i]->data;
    const guint *truth = (const guint *)(void *)c->truth[i]->data;
    gsize count = c->truth[i]->len;
    double *tempered = g_new (double, MAX (count, 1) * c->n_labels);

    f->seconds = c->seconds[i];
    f->n_windows = count;
    measure (probs, truth, count, c->n_labels, &f->ece_before,
        &f->confidence_before, &f->accuracy, NULL, NULL);
    f->temperature =
        gc_calibration_fit_temperature (probs, truth, count, c->n_labels);
    gc_calibration_temper (probs, count, c->n_labels, f->temperature, tempered);
    measure (tempered, truth, count, c->n_labels, &f->ece_after,
        &f->confidence_after, NULL, &f->ece_noise_mean, &f->ece_noise_p90);
    g_free (tempered);
  }
  /* Weights: above chance, relative to the longest length. */
  top = fits[c->n_lengths - 1].accuracy - chance;
  for (guint i = 0; i < c->n_lengths; i++) {
    double w = top > 0.0 ? (fits[i].accuracy - chance) / top : 1.0;

    fits[i].weight = CLAMP (isfinite (w) ? w : 1.0, GC_LENGTH_MIN_WEIGHT, 1.0);
  }
  *n = c->n_lengths;
  return fits;
}

void
gc_length_calibration_print (const GcLengthFit *fits, guint n)
{
  printf ("\nCALIBRATION BY WINDOW LENGTH (every file also in back-to-back "
          "windows of each length, each window predicted by the model of the "
          "other folds; ECE over 10 bins of the top probability; \"if "
          "calibrated\": the ECE a perfectly calibrated model with the "
          "tempered confidences would score on as many windows, mean and "
          "90th percentile of 2000 draws):\n");
  printf ("  %7s %8s %9s %12s %12s %17s %11s %7s\n", "length", "windows",
      "accuracy", "ECE before", "ECE after", "if calibrated", "temperature",
      "weight");
  for (guint i = 0; i < n; i++)
    printf ("  %5.1f s %8u %7.1f %% %10.1f %% %10.1f %% %6.1f %% (<%4.1f) "
            "%11.3f %7.3f\n",
        fits[i].seconds, fits[i].n_windows, 100.0 * fits[i].accuracy,
        100.0 * fits[i].ece_before, 100.0 * fits[i].ece_after,
        100.0 * fits[i].ece_noise_mean, 100.0 * fits[i].ece_noise_p90,
        fits[i].temperature, fits[i].weight);
}

void
gc_length_calibration_json (GcJson *j, const GcLengthFit *fits, guint n)
{
  gc_json_begin_array (j, "calibration-by-length");
  for (guint i = 0; i < n; i++) {
    gc_json_begin_object (j, NULL);
    gc_json_double (j, "seconds", fits[i].seconds);
    gc_json_int (j, "windows", fits[i].n_windows);
    gc_json_double (j, "accuracy", fits[i].accuracy);
    gc_json_double (j, "ece-before", fits[i].ece_before);
    gc_json_double (j, "ece-after", fits[i].ece_after);
    gc_json_double (j, "ece-if-calibrated-mean", fits[i].ece_noise_mean);
    gc_json_double (j, "ece-if-calibrated-p90", fits[i].ece_noise_p90);
    gc_json_double (j, "mean-confidence-before", fits[i].confidence_before);
    gc_json_double (j, "mean-confidence-after", fits[i].confidence_after);
    gc_json_double (j, "temperature", fits[i].temperature);
    gc_json_double (j, "weight", fits[i].weight);
    gc_json_end_object (j);
  }
  gc_json_end_array (j);
}

gboolean
gc_length_calibration_apply (
    const GcLengthFit *fits, guint n, GcModel *model, GError **error)
{
  double *s = g_new (double, n), *t = g_new (double, n), *w = g_new (double, n);
  gboolean ok;

  for (guint i = 0; i < n; i++) {
    s[i] = fits[i].seconds;
    t[i] = fits[i].temperature;
    w[i] = fits[i].weight;
  }
  ok = gc_model_set_calibration (model, n, s, t, w, error);
  g_free (s);
  g_free (t);
  g_free (w);
  return ok;
}
