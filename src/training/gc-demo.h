/* genreclassify — the synthetic demonstration model: signals and training
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Three classes of synthetic signals at GC_ANALYSIS_RATE, drawn from a
 * seeded PRNG of our own (splitmix64), so the same seed gives the same
 * samples on every platform with the same libm:
 *   "tones"  — notes made of a few harmonic sines with slow vibrato and
 *              soft attack/decay envelopes;
 *   "noise"  — white, low-passed, band-passed or pink noise whose level
 *              drifts slowly;
 *   "clicks" — kicks and short decaying noise bursts on a regular beat
 *              (70–180 BPM) over a quiet noise floor.
 * Used by gc-make-demo-model (models/synthetic-demo) and by tests/model.
 */
#ifndef GC_DEMO_H
#define GC_DEMO_H

#include "gc-analyser.h"
#include "gc-model.h"

G_BEGIN_DECLS

#define GC_DEMO_N_CLASSES 3

/* The shipped model's recipe (what gc-make-demo-model does by default). */
#define GC_DEMO_CLIPS_PER_CLASS 10
#define GC_DEMO_CLIP_SECONDS 6.0
#define GC_DEMO_SEED 20240601
#define GC_DEMO_C 10.0
#define GC_DEMO_GAMMA (1.0 / 212.0)

/* "tones", "noise", "clicks", NULL: label i is class i. */
extern const char *const gc_demo_labels[GC_DEMO_N_CLASSES + 1];

/* Writes @n samples of class @cls for clip seed @seed; peak 0.5. */
void gc_demo_synthesise (guint cls, guint64 seed, float *out, gsize n);

/* The seed of clip @index of class @cls in the set drawn from @set_seed. */
guint64 gc_demo_clip_seed (guint64 set_seed, guint cls, guint index);

/* The seed-212 vector of a clip, computed as the element does (a
 * GcWindower whose window is the clip).  FALSE if the clip gave no vector. */
gboolean gc_demo_features (const float *clip, gsize n, double *vector);

/* Synthesises @per_class clips of @seconds per class from @set_seed (classes
 * interleaved) and returns their vectors (row-major, *n_rows ×
 * GC_SEED212_DIM) and classes; free both with g_free(). */
gboolean gc_demo_dataset (guint per_class, double seconds, guint64 set_seed,
    double **features, int **classes, gsize *n_rows, GError **error);

G_END_DECLS

#endif
