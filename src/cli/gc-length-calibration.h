/* genreclassify — calibrating a model by window length, from
 * cross-validation
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * A model trained on 30-s windows also classifies the shorter windows the
 * element reports (the partial window at the end of a stream, short window
 * settings), and is more often wrong, and over-confident, there.  This
 * measures it and corrects it: every file of the set is also analysed in
 * windows of each length L (window = hop = L), each fold's model (trained
 * on the other folds, as genreclassify-eval --cv trains it) classifies its
 * held-out files' windows, and per length
 *
 *   T(L)  the temperature that makes those probabilities honest
 *         (gc_calibration_fit_temperature()),
 *   w(L)  the weight of such a window in a summary: how far above chance
 *         the model is at L, relative to the longest length, at least
 *         GC_LENGTH_MIN_WEIGHT.
 *
 * The table goes into the model's [calibration] (gc_model_set_calibration(),
 * docs/model-format.md), which the element and the tools then apply.
 */
#ifndef GC_LENGTH_CALIBRATION_H
#define GC_LENGTH_CALIBRATION_H

#include "gc-cli.h"
#include "gc-json.h"
#include "gc-model.h"

G_BEGIN_DECLS

#define GC_LENGTH_MIN_WEIGHT 0.05

typedef struct {
  double seconds;
  guint n_windows;
  double accuracy;
  double temperature, weight;
  double ece_before, ece_after; /* 10 bins */
  double confidence_before, confidence_after; /* mean top probability */
  /* The ECE a calibrated model with the tempered confidences would score
   * on as many windows: mean and 90th percentile
   * (gc_calibration_ece_noise()). */
  double ece_noise_mean, ece_noise_p90;
} GcLengthFit;

typedef struct _GcLengthCalibration GcLengthCalibration;

/* @lengths: "5,10,15,20,30" (seconds, each 1 … @max_window, at most
 * GC_MODEL_MAX_CALIBRATION of them); @n_labels: the report's labels.
 * NULL with a G_OPTION_ERROR_BAD_VALUE error naming --calibrate. */
GcLengthCalibration *gc_length_calibration_new (
    const char *lengths, double max_window, guint n_labels, GError **error);
void gc_length_calibration_free (GcLengthCalibration *calibration);

/* Analyses every file of @set at each length, as @options would with that
 * window (cache, jobs, progress). */
void gc_length_calibration_extract (GcLengthCalibration *calibration,
    const GcCliOptions *options, const GcDataset *set, GcFeatureCache *cache,
    guint64 seed);

/* Item @item (of label @truth) is held out of the fold whose model is
 * @model, whose label m is the report's @to_report[m]: classifies its
 * windows of every length. */
void gc_length_calibration_add (GcLengthCalibration *calibration,
    const GcModel *model, const guint *to_report, guint item, guint truth);

/* Fits every length; returns the table (free with g_free()), *@n lengths. */
GcLengthFit *gc_length_calibration_fit (
    GcLengthCalibration *calibration, guint *n);

void gc_length_calibration_print (const GcLengthFit *fits, guint n);
void gc_length_calibration_json (
    GcJson *json, const GcLengthFit *fits, guint n);

/* Writes the table into @model's [calibration]. */
gboolean gc_length_calibration_apply (
    const GcLengthFit *fits, guint n, GcModel *model, GError **error);

G_END_DECLS

#endif
