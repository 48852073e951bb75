/* genreclassify — the synthetic demonstration model: signals and training
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "gc-demo.h"
#include "gc-random.h"
#include "gc-windower.h"

#include <math.h>
#include <string.h>

#define RATE ((double)GC_ANALYSIS_RATE)

const char *const gc_demo_labels[GC_DEMO_N_CLASSES + 1] = { "tones", "noise",
  "clicks", NULL };

/* ---- PRNG: splitmix64 (gc-random.h) ------------------------------------ */

typedef struct {
  guint64 state;
} Rng;

static guint64
rng_next (Rng *r)
{
  return gc_random_next (&r->state);
}

static double
rng_uniform (Rng *r)
{
  return gc_random_uniform (&r->state);
}

static double
rng_range (Rng *r, double lo, double hi)
{
  return lo + (hi - lo) * rng_uniform (r);
}

static guint
rng_int (Rng *r, guint lo, guint hi_inclusive)
{
  return lo + (guint)(rng_next (r) % (hi_inclusive - lo + 1));
}

/* Standard normal (Box–Muller, one value per call). */
static double
rng_gauss (Rng *r)
{
  double u1 = 1.0 - rng_uniform (r), u2 = rng_uniform (r);

  return sqrt (-2.0 * log (u1)) * cos (2.0 * G_PI * u2);
}

guint64
gc_demo_clip_seed (guint64 set_seed, guint cls, guint index)
{
  /* Hash the set seed before mixing in class and index: a plain XOR of all
   * three made clip (s, c, i) equal to clip (s', c, i') whenever
   * s ^ i == s' ^ i', so nearby sets shared clips. */
  Rng r = { set_seed };

  r.state = rng_next (&r) ^ ((guint64)cls << 32) ^ index;
  rng_next (&r);
  return rng_next (&r);
}

/* ---- the three classes ------------------------------------------------- */

static void
synth_tones (Rng *r, double *x, gsize n)
{
  guint n_partials = rng_int (r, 2, 4);
  double rolloff = rng_range (r, 0.5, 2.0);
  double inharmonic = rng_range (r, 0.0, 0.001);
  double vib_rate = rng_range (r, 3.0, 6.0);
  double vib_depth = rng_range (r, 0.002, 0.01);
  double vib_phase = rng_range (r, 0.0, 2.0 * G_PI);
  double note_min = rng_range (r, 0.4, 1.0), note_max = note_min * 2.0;
  double phase[4] = { 0 };
  gsize i = 0;

  while (i < n) {
    gsize len = (gsize)(rng_range (r, note_min, note_max) * RATE);
    double f0 = 110.0 * exp2 (rng_range (r, 0.0, 3.0));
    double attack = rng_range (r, 0.02, 0.15) * RATE;
    double decay = rng_range (r, 0.3, 2.0) * RATE;
    double release = 0.05 * RATE;
    double level = rng_range (r, 0.6, 1.0);

    for (gsize j = 0; j < len && i < n; j++, i++) {
      double t = (double)i / RATE, env, v = 0.0;
      double vib =
          1.0 + vib_depth * sin (2.0 * G_PI * vib_rate * t + vib_phase);

      if (j < attack)
        env = 0.5 - 0.5 * cos (G_PI * j / attack);
      else
        env = exp (-(j - attack) / decay);
      if (len - j < release)
        env *= 0.5 - 0.5 * cos (G_PI * (len - j) / release);
      for (guint k = 0; k < n_partials; k++) {
        double ratio = (k + 1) * (1.0 + inharmonic * (k + 1) * (k + 1));

        phase[k] += 2.0 * G_PI * f0 * ratio * vib / RATE;
        if (phase[k] > 2.0 * G_PI)
          phase[k] -= 2.0 * G_PI;
        v += sin (phase[k]) / pow (k + 1, rolloff);
      }
      x[i] = level * env * v;
    }
  }
  for (i = 0; i < n; i++)
    x[i] += 1e-3 * rng_gauss (r);
}

static void
synth_noise (Rng *r, double *x, gsize n)
{
  guint kind = rng_int (r, 0, 3); /* white, low-pass, band-pass, pink */
  double lp = 1.0 - exp (-2.0 * G_PI * rng_range (r, 300.0, 6000.0) / RATE);
  double hp = 1.0 - exp (-2.0 * G_PI * rng_range (r, 100.0, 1500.0) / RATE);
  double lfo_rate = rng_range (r, 0.1, 0.6);
  double lfo_depth = rng_range (r, 0.2, 0.6);
  double lfo_phase = rng_range (r, 0.0, 2.0 * G_PI);
  double drift_rate = rng_range (r, 0.05, 0.3);
  double y1 = 0.0, y2 = 0.0, b[3] = { 0 };

  for (gsize i = 0; i < n; i++) {
    double t = (double)i / RATE, w = rng_gauss (r), v;

    switch (kind) {
      case 0:
        v = w;
        break;
      case 1:
        v = y1 += lp * (w - y1);
        break;
      case 2:
        y1 += lp * (w - y1); /* low-pass, then remove what is below hp */
        y2 += hp * (y1 - y2);
        v = y1 - y2;
        break;
      default: /* pink (Paul Kellet's economy filter) */
        b[0] = 0.99765 * b[0] + w * 0.0990460;
        b[1] = 0.96300 * b[1] + w * 0.2965164;
        b[2] = 0.57000 * b[2] + w * 1.0526913;
        v = b[0] + b[1] + b[2] + w * 0.1848;
        break;
    }
    x[i] = v * (1.0 + lfo_depth * sin (2.0 * G_PI * lfo_rate * t + lfo_phase))
        * (1.0 + 0.3 * sin (2.0 * G_PI * drift_rate * t));
  }
}

static void
synth_clicks (Rng *r, double *x, gsize n)
{
  double bpm = rng_range (r, 70.0, 180.0);
  double period = 60.0 / bpm * RATE;
  gboolean kicks = rng_uniform (r) < 0.6;
  gboolean hats = rng_uniform (r) < 0.5;
  double burst_tau = rng_range (r, 0.005, 0.03) * RATE;
  double kick_tau = rng_range (r, 0.05, 0.15) * RATE;
  double f_start = rng_range (r, 120.0, 200.0),
         f_end = rng_range (r, 40.0, 70.0);
  double floor_level = rng_range (r, 0.003, 0.01);
  double start = rng_range (r, 0.0, period);
  guint beat = 0;

  for (gsize i = 0; i < n; i++)
    x[i] = floor_level * rng_gauss (r);

  for (double s = start; s < n; s += period, beat++) {
    double amp = rng_range (r, 0.7, 1.0) * (beat % 4 == 0 ? 1.0 : 0.75);
    gsize at = (gsize)s;

    if (kicks && beat % 2 == 0) {
      double phase = 0.0;
      gsize len = (gsize)(6.0 * kick_tau);

      for (gsize j = 0; j < len && at + j < n; j++) {
        double f = f_end + (f_start - f_end) * exp (-(double)j / (0.03 * RATE));

        phase += 2.0 * G_PI * f / RATE;
        x[at + j] += amp * sin (phase) * exp (-(double)j / kick_tau);
      }
    } else {
      gsize len = (gsize)(6.0 * burst_tau);

      for (gsize j = 0; j < len && at + j < n; j++)
        x[at + j] += 0.6 * amp * rng_gauss (r) * exp (-(double)j / burst_tau);
    }
    if (hats) {
      gsize off = at + (gsize)(period / 2.0), len = (gsize)(0.03 * RATE);
      double prev = 0.0;

      for (gsize j = 0; j < len && off + j < n; j++) {
        double w = rng_gauss (r);

        /* first difference: a bright click */
        x[off + j] += 0.15 * (w - prev) * exp (-(double)j / (0.004 * RATE));
        prev = w;
      }
    }
  }
}

void
gc_demo_synthesise (guint cls, guint64 seed, float *out, gsize n)
{
  Rng r = { seed };
  double *x = g_new0 (double, n), peak = 0.0;

  g_return_if_fail (cls < GC_DEMO_N_CLASSES);
  switch (cls) {
    case 0:
      synth_tones (&r, x, n);
      break;
    case 1:
      synth_noise (&r, x, n);
      break;
    default:
      synth_clicks (&r, x, n);
      break;
  }
  for (gsize i = 0; i < n; i++)
    peak = MAX (peak, fabs (x[i]));
  for (gsize i = 0; i < n; i++)
    out[i] = (float)(peak > 0.0 ? 0.5 * x[i] / peak : 0.0);
  g_free (x);
}

/* ---- features and the training set ------------------------------------ */

typedef struct {
  double *vector;
  gboolean ok;
} Result;

static void
on_window (guint64 start, gsize n_samples, GcWindowStatus status,
    const double *vector, gsize n_invalid, gpointer user_data)
{
  Result *res = user_data;

  if (status == GC_WINDOW_OK) {
    memcpy (res->vector, vector, GC_SEED212_DIM * sizeof (double));
    res->ok = TRUE;
  }
}

gboolean
gc_demo_features (const float *clip, gsize n, double *vector)
{
  Result res = { vector, FALSE };
  GcWindower *w;

  g_return_val_if_fail (n >= GC_HOP, FALSE);
  /* Buffers of the size the element typically sees. */
  w = gc_windower_new (n, n, GC_FEATURES_SEED212);
  for (gsize i = 0; i < n; i += 1024)
    gc_windower_push (w, clip + i, MIN (1024, n - i), on_window, &res);
  gc_windower_finish (w, 0, on_window, &res);
  gc_windower_free (w);
  return res.ok;
}

gboolean
gc_demo_dataset (guint per_class, double seconds, guint64 set_seed,
    double **features, int **classes, gsize *n_rows, GError **error)
{
  gsize n = (gsize)(seconds * GC_ANALYSIS_RATE);
  gsize rows = (gsize)per_class * GC_DEMO_N_CLASSES;
  float *clip = g_new (float, n);
  double *f = g_new (double, rows * GC_SEED212_DIM);
  int *y = g_new (int, rows);

  for (gsize row = 0; row < rows; row++) {
    guint cls = row % GC_DEMO_N_CLASSES, index = row / GC_DEMO_N_CLASSES;

    gc_demo_synthesise (cls, gc_demo_clip_seed (set_seed, cls, index), clip, n);
    if (!gc_demo_features (clip, n, f + row * GC_SEED212_DIM)) {
      g_set_error (error, GC_MODEL_ERROR, GC_MODEL_ERROR_INCONSISTENT,
          "synthetic clip %u of class %s gave no feature vector", index,
          gc_demo_labels[cls]);
      g_free (clip);
      g_free (f);
      g_free (y);
      return FALSE;
    }
    y[row] = (int)cls;
  }
  g_free (clip);
  *features = f;
  *classes = y;
  *n_rows = rows;
  return TRUE;
}
