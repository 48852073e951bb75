/* genreclassify — helpers shared by the hardening tests
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef HD_UTIL_H
#define HD_UTIL_H

#include "gc-check-util.h"

G_BEGIN_DECLS

/* Changes a freshly made buffer holding frames @first_frame onwards (mapped
 * writable in @map) before it is pushed. */
typedef void (*HdModify) (GstMapInfo *map, GstAudioFormat format, gint channels,
    guint64 first_frame, gsize n_frames, gpointer data);

typedef struct {
  const gchar *props; /* genreclassify properties, besides the model */
  GstAudioFormat format;
  gint rate;
  gint channels;
  gboolean unpositioned;
  gdouble seconds;
  gsize frames_per_buffer;
  GcSignal signal;
  const float *gains;
  HdModify modify;
  gpointer modify_data;
} HdRun;

/* Runs one stream through a harness (caps, the signal in buffers of
 * @frames_per_buffer frames, EOS) and returns every result message, each
 * checked with gc_test_check_result(). */
GPtrArray *hd_run (const HdRun *run);

/* Same number of results, same times, indices, flags and labels in the
 * same order, probabilities within @tolerance. */
void hd_assert_same_results (GPtrArray *a, GPtrArray *b, gdouble tolerance);

/* Probability of @genre in @s, -1 if absent. */
gdouble hd_prob_of (const GstStructure *s, const gchar *genre);

/* Pops the pipeline's bus until EOS (failing on ERROR or after 60 s
 * without a message) and returns the results, checked. */
GPtrArray *hd_play_until_eos (GstElement *pipeline);

/* Resident set size of the process (/proc/self/statm), 0 if unknown. */
gsize hd_rss_bytes (void);

/* Sets a float sample of @map (F32LE or F64LE) */
void hd_set_float (
    GstMapInfo *map, GstAudioFormat format, gsize index, gdouble value);

G_END_DECLS

#endif
