/* genreclassify — calibration of predicted probabilities (plain C)
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * How far the confidence a model reports (its top probability) is from how
 * often it is right.  Predictions are put in equal-width bins of their
 * confidence p: bin k = ⌊p · n_bins⌋, k in [0, n_bins), the top bin closed
 * at 1 (so with 10 bins, [0, 0.1), [0.1, 0.2) … [0.9, 1]).  For each bin:
 * its count, its accuracy (the share of right predictions) and its mean
 * confidence.
 *
 *   ECE (expected calibration error) = Σ_k (n_k / N) · |acc_k − conf_k|
 *   MCE (maximum calibration error)  = max over non-empty bins of the same
 *
 * (Guo et al., "On Calibration of Modern Neural Networks", 2017.)  A model
 * whose 0.8-confident answers are right 80 % of the time has ECE 0.
 */
#ifndef GC_CALIBRATION_H
#define GC_CALIBRATION_H

#include <glib.h>

G_BEGIN_DECLS

#define GC_CALIBRATION_BINS 10

typedef struct {
  guint n_bins;
  guint total;
  guint *count; /* per bin */
  guint *correct;
  double *confidence_sum;
} GcCalibration;

void gc_calibration_init (GcCalibration *cal, guint n_bins);
void gc_calibration_clear (GcCalibration *cal);

/* The bin of @confidence among @n_bins; G_MAXUINT when it is not a number
 * in [0, 1]. */
guint gc_calibration_bin (double confidence, guint n_bins);

/* Counts one prediction of @confidence (its top probability), right or
 * not.  FALSE (nothing counted) when @confidence is not in [0, 1]. */
gboolean gc_calibration_add (
    GcCalibration *cal, double confidence, gboolean correct);

/* Accuracy and mean confidence of bin @k; NAN when it is empty. */
double gc_calibration_bin_accuracy (const GcCalibration *cal, guint k);
double gc_calibration_bin_confidence (const GcCalibration *cal, guint k);

/* ECE and MCE as above; the mean confidence and the accuracy of all
 * predictions.  NAN when nothing was counted. */
double gc_calibration_ece (const GcCalibration *cal);
double gc_calibration_mce (const GcCalibration *cal);
double gc_calibration_mean_confidence (const GcCalibration *cal);
double gc_calibration_accuracy (const GcCalibration *cal);

/* ---- how much ECE a finite sample shows by itself ---------------------- */

/* A perfectly calibrated model still scores ECE > 0 on a finite set: each
 * bin's accuracy is a binomial sample around its confidence.  This draws
 * @draws such sets of @cal's shape — in every bin k, count_k predictions,
 * each right with probability conf_k (the bin's mean confidence) — with a
 * generator seeded by @seed, and gives the mean ECE of the draws and the
 * ECE that @level of them (0.9: nine in ten) stay below.  An ECE within
 * that range is not evidence of miscalibration.  Both 0 when nothing was
 * counted or @draws is 0; deterministic for the seed. */
#define GC_CALIBRATION_NOISE_DRAWS 2000
void gc_calibration_ece_noise (const GcCalibration *cal, guint draws,
    guint32 seed, double level, double *mean, double *quantile);

/* ---- temperature scaling ---------------------------------------------- */

/* The temperature T that minimises the negative log-likelihood of @truth
 * under the tempered distributions p_k^(1/T) / Σ_j p_j^(1/T), over @n
 * predictions of @n_labels probabilities each (row-major): T > 1 flattens
 * an over-confident model's answers, T < 1 sharpens an under-confident
 * one's (Guo et al. 2017).  Searched by golden section over log T in
 * [GC_CALIBRATION_MIN_T, GC_CALIBRATION_MAX_T], to 1e-4 relative;
 * deterministic.  1 when @n is 0. */
#define GC_CALIBRATION_MIN_T 0.1
#define GC_CALIBRATION_MAX_T 20.0
double gc_calibration_fit_temperature (
    const double *probs, const guint *truth, gsize n, guint n_labels);

/* @probs tempered by @t, into @out (the same shape). */
void gc_calibration_temper (
    const double *probs, gsize n, guint n_labels, double t, double *out);

/* Adds the @n predictions to @cal (their top probability, right or not). */
void gc_calibration_add_predictions (GcCalibration *cal, const double *probs,
    const guint *truth, gsize n, guint n_labels);

G_END_DECLS

#endif
