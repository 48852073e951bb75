/* genreclassify — the core against librosa 0.10.1's own outputs
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * For every folder of $GENRECLASSIFY_SHARED/golden (see its README):
 * per-frame mel dB, MFCC and contrast of the raw signal, and the MFCC of the
 * HPSS parts, within 0.01 + 1e-4·|ref| on every frame; the 212-vector within
 * 2 % relative or 0.05 absolute, whichever is looser.  For robust-281: the
 * whole signal's mel dB it keeps (librosa's, floored 60 dB below the peak)
 * on every frame, and its band profile as gc-robust.c computes it from
 * librosa's own mel.  Absent data: SKIP.
 */
#include "gc-analyser.h"
#include "gc-mel.h"
#include "gc-robust.h"
#include "gc-stft.h"
#include "gc-test-data.h"

#include <math.h>
#include <string.h>

typedef struct {
  char *dir;
  float *input;
  gsize n_input;
  /* The analyser's outputs for the whole file as one window. */
  double vector[GC_SEED212_DIM];
  double *mfcc_h, *mfcc_p, *contrast;
  gsize n_frames;
  /* The same window through robust-281. */
  double robust[GC_ROBUST281_DIM];
  double *robust_mel; /* frame-major */
} Golden;

static double *
read_ref (const Golden *g, const char *name, gsize *rows, gsize *cols)
{
  char *path = g_build_filename (g->dir, name, NULL);
  double *m = gc_test_read_csv (path, rows, cols);

  if (!m)
    g_error ("cannot read %s", path);
  g_free (path);
  return m;
}

/* Worst |got − ref| / (0.01 + 1e-4·|ref|) over frames [lo, hi) of a
 * rows × n_frames row-major matrix, and the worst absolute error. */
static double
frame_error (const double *got, const double *ref, gsize rows, gsize n_frames,
    gsize lo, gsize hi, double *max_abs)
{
  double worst = 0.0;

  *max_abs = 0.0;
  for (gsize r = 0; r < rows; r++) {
    for (gsize t = lo; t < hi; t++) {
      double e = fabs (got[r * n_frames + t] - ref[r * n_frames + t]);
      worst = MAX (worst, e / (0.01 + 1e-4 * fabs (ref[r * n_frames + t])));
      *max_abs = MAX (*max_abs, e);
    }
  }
  return worst;
}

static void
check_frames (const char *what, const double *got, gsize rows, gsize n_frames,
    const Golden *g, const char *ref_name, gboolean all)
{
  gsize ref_rows, ref_cols;
  double *ref = read_ref (g, ref_name, &ref_rows, &ref_cols);
  double abs_all, abs_inner, ratio_all, ratio_inner;
  /* Frames whose time median reaches over a window edge. */
  gsize edge = GC_HPSS_KERNEL / 2 + 4;

  g_assert_cmpuint (ref_rows, ==, rows);
  g_assert_cmpuint (ref_cols, ==, n_frames);
  ratio_all = frame_error (got, ref, rows, n_frames, 0, n_frames, &abs_all);
  ratio_inner =
      frame_error (got, ref, rows, n_frames, edge, n_frames - edge, &abs_inner);
  g_test_message (
      "%s %s: max error %.3g (%.3g of tolerance) on all %" G_GSIZE_FORMAT
      " frames, %.3g (%.3g) on interior frames",
      g->dir, what, abs_all, ratio_all, n_frames, abs_inner, ratio_inner);
  g_assert_cmpfloat (ratio_inner, <=, 1.0);
  if (all)
    g_assert_cmpfloat (ratio_all, <=, 1.0);
  g_free (ref);
}

/* Mel power of the raw signal, frame-major, from the core's building blocks. */
typedef struct {
  GcMel *mel;
  GArray *mel_power;
} MelCollector;

static void
collect_mel (const double complex *spectrum, gpointer user_data)
{
  MelCollector *c = user_data;
  double power[GC_N_BINS], mel[GC_N_MELS];

  for (guint k = 0; k < GC_N_BINS; k++)
    power[k] = creal (spectrum[k]) * creal (spectrum[k])
        + cimag (spectrum[k]) * cimag (spectrum[k]);
  gc_mel_apply (c->mel, power, mel);
  g_array_append_vals (c->mel_power, mel, GC_N_MELS);
}

static void
test_melspec_mfcc (gconstpointer data)
{
  const Golden *g = data;
  MelCollector c = { gc_mel_new (GC_ANALYSIS_RATE, GC_N_FFT, GC_N_MELS),
    g_array_new (FALSE, FALSE, sizeof (double)) };
  GcStft *stft = gc_stft_new ();
  double *chunk = g_new (double, g->n_input);
  double *db, *db_rows, *mfcc;
  gsize n_frames;

  for (gsize i = 0; i < g->n_input; i++)
    chunk[i] = g->input[i];
  gc_stft_push (stft, chunk, g->n_input, collect_mel, &c);
  gc_stft_finish (stft, collect_mel, &c);
  n_frames = c.mel_power->len / GC_N_MELS;
  g_assert_cmpuint (n_frames, ==, 1 + g->n_input / GC_HOP);

  db = (double *)c.mel_power->data;
  gc_power_to_db (db, c.mel_power->len, 1.0);
  db_rows = g_new (double, c.mel_power->len);
  for (gsize t = 0; t < n_frames; t++)
    for (guint m = 0; m < GC_N_MELS; m++)
      db_rows[m * n_frames + t] = db[t * GC_N_MELS + m];
  check_frames (
      "mel dB", db_rows, GC_N_MELS, n_frames, g, "melspec_db.csv", TRUE);

  mfcc = g_new (double, GC_N_MFCC *n_frames);
  gc_dct_ortho (db, GC_N_MELS, n_frames, GC_N_MFCC, mfcc);
  check_frames ("MFCC", mfcc, GC_N_MFCC, n_frames, g, "mfcc.csv", TRUE);

  g_free (mfcc);
  g_free (db_rows);
  g_free (chunk);
  g_array_free (c.mel_power, TRUE);
  gc_mel_free (c.mel);
  gc_stft_free (stft);
}

static void
test_contrast (gconstpointer data)
{
  const Golden *g = data;
  check_frames ("contrast", g->contrast, GC_N_CONTRAST, g->n_frames, g,
      "contrast.csv", TRUE);
}

static void
test_hpss_mfcc (gconstpointer data)
{
  const Golden *g = data;
  check_frames ("harmonic MFCC", g->mfcc_h, GC_N_MFCC, g->n_frames, g,
      "mfcc_harmonic.csv", TRUE);
  check_frames ("percussive MFCC", g->mfcc_p, GC_N_MFCC, g->n_frames, g,
      "mfcc_percussive.csv", TRUE);
}

static void
test_vector (gconstpointer data)
{
  const Golden *g = data;
  gsize rows, cols;
  double *ref = read_ref (g, "vector.csv", &rows, &cols);
  double worst = 0.0;
  gsize worst_i = 0;

  g_assert_cmpuint (rows * cols, ==, GC_SEED212_DIM);
  for (guint i = 0; i < GC_SEED212_DIM; i++) {
    double tol = MAX (0.02 * fabs (ref[i]), 0.05);
    double ratio = fabs (g->vector[i] - ref[i]) / tol;
    if (ratio > worst) {
      worst = ratio;
      worst_i = i;
    }
  }
  g_test_message ("%s vector: worst value %" G_GSIZE_FORMAT
                  " (%g vs %g), %.3g of tolerance",
      g->dir, worst_i, g->vector[worst_i], ref[worst_i], worst);
  for (guint i = 0; i < GC_SEED212_DIM; i++) {
    double tol = MAX (0.02 * fabs (ref[i]), 0.05);
    if (fabs (g->vector[i] - ref[i]) > tol)
      g_error (
          "%s vector[%u] = %g, librosa %g", g->dir, i, g->vector[i], ref[i]);
  }
  g_free (ref);
}

/* librosa's mel dB (top_db 80) floored at the robust set's 60 dB below the
 * peak, frame-major: what the robust analyser must keep. */
static double *
golden_mel_60 (const Golden *g, gsize *n_frames)
{
  gsize rows, cols;
  double *ref = read_ref (g, "melspec_db.csv", &rows, &cols);
  double *mel = g_new (double, rows * cols), top = -G_MAXDOUBLE;

  g_assert_cmpuint (rows, ==, GC_N_MELS);
  for (gsize i = 0; i < rows * cols; i++)
    top = MAX (top, ref[i]);
  for (gsize m = 0; m < rows; m++)
    for (gsize t = 0; t < cols; t++)
      mel[t * rows + m] = MAX (ref[m * cols + t], top - GC_ROBUST_TOP_DB);
  g_free (ref);
  *n_frames = cols;
  return mel;
}

static void
test_robust_mel (gconstpointer data)
{
  const Golden *g = data;
  gsize n_frames;
  double *ref = golden_mel_60 (g, &n_frames), worst = 0.0;

  g_assert_cmpuint (n_frames, ==, g->n_frames);
  for (gsize i = 0; i < n_frames * GC_N_MELS; i++)
    worst = MAX (worst,
        fabs (g->robust_mel[i] - ref[i]) / (0.01 + 1e-4 * fabs (ref[i])));
  g_test_message ("%s robust mel dB: %.3g of tolerance", g->dir, worst);
  g_assert_cmpfloat (worst, <=, 1.0);
  g_free (ref);
}

/* Active frames and band profile from librosa's mel, by gc-robust.c, equal
 * the analyser's: its mel and its plumbing are right. */
static void
test_robust_band_profile (gconstpointer data)
{
  const Golden *g = data;
  gsize n_frames;
  double *mel = golden_mel_60 (g, &n_frames);
  double *scratch = g_new (double, 2 * n_frames);
  double profile[3 * GC_N_MELS];
  gboolean *active = g_new (gboolean, n_frames);
  const double *got = g->robust + 8 * GC_N_MFCC + 6 * GC_ROBUST_N_CONTRAST;

  gc_robust_active_frames (mel, n_frames, GC_N_MELS, scratch, active);
  gc_robust_band_profile (mel, n_frames, GC_N_MELS, active, scratch, profile);
  for (guint i = 0; i < 3 * GC_N_MELS; i++)
    g_assert_cmpfloat_with_epsilon (
        got[i], profile[i], 1e-3 + 1e-4 * fabs (profile[i]));
  g_free (active);
  g_free (scratch);
  g_free (mel);
}

static void
skip_missing (gconstpointer dir)
{
  char *msg = g_strdup_printf ("no golden data at %s", (const char *)dir);
  g_test_skip (msg);
  g_free (msg);
}

static Golden *
analyse (const char *dir)
{
  Golden *g = g_new0 (Golden, 1);
  char *wav = g_build_filename (dir, "input.wav", NULL);
  guint rate = 0;
  GcAnalyser *a;
  const double *m;

  g->dir = g_strdup (dir);
  g->input = gc_test_read_wav (wav, &g->n_input, &rate);
  if (!g->input || rate != GC_ANALYSIS_RATE)
    g_error ("cannot read %s as mono %d Hz", wav, GC_ANALYSIS_RATE);
  g_free (wav);

  a = gc_analyser_new (g->n_input, GC_FEATURES_SEED212);
  /* Odd chunk sizes: the streaming path must not care. */
  for (gsize pos = 0, step = 1; pos < g->n_input; step = step * 7 % 4099 + 1) {
    gsize n = MIN (step, g->n_input - pos);
    gc_analyser_push (a, g->input + pos, n);
    pos += n;
  }
  g_assert_cmpint (gc_analyser_end_window (a, g->vector), ==, GC_WINDOW_OK);

  g->n_frames = gc_analyser_get_mfcc (a, FALSE, &m);
  g->mfcc_h = g_memdup2 (m, sizeof (double) * GC_N_MFCC * g->n_frames);
  gc_analyser_get_mfcc (a, TRUE, &m);
  g->mfcc_p = g_memdup2 (m, sizeof (double) * GC_N_MFCC * g->n_frames);
  gc_analyser_get_contrast (a, &m);
  g->contrast = g_memdup2 (m, sizeof (double) * GC_N_CONTRAST * g->n_frames);
  gc_analyser_free (a);

  a = gc_analyser_new (g->n_input, GC_FEATURES_ROBUST281);
  gc_analyser_push (a, g->input, g->n_input);
  g_assert_cmpint (gc_analyser_end_window (a, g->robust), ==, GC_WINDOW_OK);
  g_assert_cmpuint (gc_analyser_get_mel (a, &m), ==, g->n_frames);
  g->robust_mel = g_memdup2 (m, sizeof (double) * GC_N_MELS * g->n_frames);
  gc_analyser_free (a);
  return g;
}

static void
golden_free (Golden *g)
{
  g_free (g->dir);
  g_free (g->input);
  g_free (g->mfcc_h);
  g_free (g->mfcc_p);
  g_free (g->contrast);
  g_free (g->robust_mel);
  g_free (g);
}

int
main (int argc, char **argv)
{
  char *root = g_build_filename (gc_test_shared_dir (), "golden", NULL);
  const char *names[] = { "g1", "g2", "g3", "r1", "r2" };
  GPtrArray *goldens =
      g_ptr_array_new_with_free_func ((GDestroyNotify)golden_free);
  int ret;

  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++) {
    char *dir = g_build_filename (root, names[i], NULL);
    char *path;

    if (!g_file_test (dir, G_FILE_TEST_IS_DIR)) {
      path = g_strdup_printf ("/golden/%s", names[i]);
      g_test_add_data_func_full (path, dir, skip_missing, g_free);
      g_free (path);
      continue;
    }
    Golden *g = analyse (dir);
    g_ptr_array_add (goldens, g);
    g_free (dir);

#define ADD(name, func)                                                        \
  path = g_strdup_printf ("/golden/%s/" name, names[i]);                       \
  g_test_add_data_func (path, g, func);                                        \
  g_free (path)
    ADD ("melspec-mfcc", test_melspec_mfcc);
    ADD ("contrast", test_contrast);
    ADD ("hpss-mfcc", test_hpss_mfcc);
    ADD ("vector", test_vector);
    ADD ("robust-mel", test_robust_mel);
    ADD ("robust-band-profile", test_robust_band_profile);
#undef ADD
  }

  ret = g_test_run ();
  g_ptr_array_unref (goldens);
  g_free (root);
  return ret;
}
