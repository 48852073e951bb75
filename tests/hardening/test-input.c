/* genreclassify — hardening: bad sample values (docs/hardening.md)
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * NaN and ±Inf, values beyond the float range, digital silence and values
 * too small to classify, full-scale clipping, DC offset.  Every result is
 * checked with gc_test_check_result(): no NaN or infinity in any field.
 */
#include <float.h>
#include <math.h>
#include <string.h>

#include "hd-util.h"

#define S GST_SECOND

/* Writes value[i] into sample (frame[i], channel[i]); frame G_MAXUINT64
 * ends the list. */
typedef struct {
  guint64 frame;
  gint channel;
  gdouble value;
} Poke;

static void
poke (GstMapInfo *map, GstAudioFormat format, gint channels, guint64 first,
    gsize n, gpointer data)
{
  const Poke *p;

  for (p = data; p->frame != G_MAXUINT64; p++)
    if (p->frame >= first && p->frame < first + n)
      hd_set_float (
          map, format, (p->frame - first) * channels + p->channel, p->value);
}

/* Every sample of frames [range[0], range[1]) becomes range[2]. */
static void
fill_range (GstMapInfo *map, GstAudioFormat format, gint channels,
    guint64 first, gsize n, gpointer data)
{
  const gdouble *range = data;

  for (guint64 f = first; f < first + n; f++)
    if (f >= (guint64)range[0] && f < (guint64)range[1])
      for (gint c = 0; c < channels; c++)
        hd_set_float (map, format, (f - first) * channels + c, range[2]);
}

static gdouble
get_float (GstMapInfo *map, GstAudioFormat format, gsize i)
{
  return format == GST_AUDIO_FORMAT_F32LE ? ((gfloat *)map->data)[i]
                                          : ((gdouble *)map->data)[i];
}

/* Multiplies every sample by *(gdouble *)data (float formats). */
static void
gain (GstMapInfo *map, GstAudioFormat format, gint channels, guint64 first,
    gsize n, gpointer data)
{
  gdouble g = *(gdouble *)data;

  for (gsize i = 0; i < n * channels; i++)
    hd_set_float (map, format, i, get_float (map, format, i) * g);
}

static void
check_clean_window (const GstStructure *s)
{
  fail_if (gc_test_get_boolean (s, "silent"));
  fail_unless (gc_test_n_probs (s) >= 2, "not classified: %" GST_PTR_FORMAT, s);
}

/* A few NaN and ±Inf samples in a stream that is resampled and down-mixed:
 * they are zeroed where they reach the analysis stream (the resampler's
 * filter spreads one bad input sample over a few dozen analysis samples,
 * all counted in invalid-samples), the window is still classified, and the
 * windows without bad samples are exactly those of the clean stream. */
GST_START_TEST (test_nan_inf_resampled)
{
  const Poke pokes[] = {
    { 44100, 0, NAN }, /* 1.0 s, left */
    { 44100 * 5 + 7, 1, INFINITY }, /* 5.0 s, right */
    { 44100 * 5 + 9, 0, -INFINITY },
    { 44100 * 5 + 9, 1, INFINITY }, /* -Inf + Inf in one frame */
    { G_MAXUINT64, 0, 0 },
  };
  HdRun run = { "window=2 min-window=1", GST_AUDIO_FORMAT_F32LE, 44100, 2,
    FALSE, 8.0, 4410, GC_SIGNAL_MUSIC };
  GPtrArray *clean, *bad;
  guint64 total = 0;

  clean = hd_run (&run);
  run.modify = poke;
  run.modify_data = (gpointer)pokes;
  bad = hd_run (&run);
  fail_unless_equals_int (clean->len, 5);
  fail_unless_equals_int (bad->len, 5);

  for (guint i = 0; i < 4; i++) {
    const GstStructure *s = bad->pdata[i];
    guint64 inv = gc_test_get_uint64 (s, "invalid-samples");

    check_clean_window (s);
    if (i == 0 || i == 2) {
      /* damaged: a few dozen analysis samples per bad input sample */
      fail_unless (inv > 0 && inv <= 3 * 64, "%" G_GUINT64_FORMAT, inv);
    } else {
      GPtrArray *a = g_ptr_array_new (), *b = g_ptr_array_new ();

      fail_unless_equals_uint64 (inv, 0);
      g_ptr_array_add (a, clean->pdata[i]);
      g_ptr_array_add (b, bad->pdata[i]);
      hd_assert_same_results (a, b, 0.0);
      g_ptr_array_unref (a);
      g_ptr_array_unref (b);
    }
    total += inv;
  }
  fail_unless_equals_uint64 (
      gc_test_get_uint64 (bad->pdata[4], "invalid-samples"), total);
  fail_unless_equals_int (gc_test_get_uint (bad->pdata[4], "windows"), 4);
  g_ptr_array_unref (clean);
  g_ptr_array_unref (bad);
}

GST_END_TEST;

/* At 22050 Hz mono nothing is converted: the count is exact. */
GST_START_TEST (test_nan_inf_exact_count)
{
  const Poke pokes[] = {
    { 10, 0, NAN },
    { 11, 0, -NAN },
    { 12, 0, INFINITY },
    { 13, 0, -INFINITY },
    { 22049, 0, NAN },
    { 22050, 0, NAN }, /* first sample of the second window */
    { G_MAXUINT64, 0, 0 },
  };
  HdRun run = { "window=1 min-window=1", GST_AUDIO_FORMAT_F32LE, 22050, 1,
    FALSE, 2.0, 1000, GC_SIGNAL_MUSIC, NULL, poke, (gpointer)pokes };
  GPtrArray *r = hd_run (&run);

  fail_unless_equals_int (r->len, 3);
  fail_unless_equals_uint64 (
      gc_test_get_uint64 (r->pdata[0], "invalid-samples"), 5);
  fail_unless_equals_uint64 (
      gc_test_get_uint64 (r->pdata[1], "invalid-samples"), 1);
  fail_unless_equals_uint64 (
      gc_test_get_uint64 (r->pdata[2], "invalid-samples"), 6);
  check_clean_window (r->pdata[0]);
  check_clean_window (r->pdata[1]);
  g_ptr_array_unref (r);
}

GST_END_TEST;

/* A whole window of NaN (F64, 48 kHz): every analysis sample of it is
 * zeroed and counted, so the window is silent; its neighbours get a few
 * zeroed samples at the edge and are classified. */
GST_START_TEST (test_nan_window_f64)
{
  const gdouble range[3] = { 48000, 96000, NAN };
  HdRun run = { "window=1 min-window=1", GST_AUDIO_FORMAT_F64LE, 48000, 1,
    FALSE, 3.0, 4800, GC_SIGNAL_MUSIC, NULL, fill_range, (gpointer)range };
  GPtrArray *r = hd_run (&run);
  const GstStructure *sum;

  fail_unless_equals_int (r->len, 4);
  fail_unless (gc_test_get_boolean (r->pdata[1], "silent"));
  fail_unless_equals_uint64 (
      gc_test_get_uint64 (r->pdata[1], "invalid-samples"), 22050);
  for (guint i = 0; i < 3; i += 2) {
    guint64 inv = gc_test_get_uint64 (r->pdata[i], "invalid-samples");

    check_clean_window (r->pdata[i]);
    fail_unless (inv > 0 && inv <= 64, "%" G_GUINT64_FORMAT, inv);
  }
  sum = r->pdata[3];
  fail_unless_equals_int (gc_test_get_uint (sum, "windows"), 2);
  fail_unless_equals_int (gc_test_get_uint (sum, "silent-windows"), 1);
  fail_unless_equals_uint64 (gc_test_get_uint64 (sum, "invalid-samples"),
      gc_test_get_uint64 (r->pdata[0], "invalid-samples") + 22050
          + gc_test_get_uint64 (r->pdata[2], "invalid-samples"));
  g_ptr_array_unref (r);
}

GST_END_TEST;

/* F64 samples beyond the float range become ±Inf in the 32-bit analysis
 * stream: they count as invalid like NaN. */
GST_START_TEST (test_beyond_float_range)
{
  const gdouble range[3] = { 1000, 1100, 1e300 };
  HdRun run = { "window=1 min-window=1", GST_AUDIO_FORMAT_F64LE, 22050, 1,
    FALSE, 1.0, 22050, GC_SIGNAL_MUSIC, NULL, fill_range, (gpointer)range };
  GPtrArray *r = hd_run (&run);

  fail_unless_equals_int (r->len, 2);
  check_clean_window (r->pdata[0]);
  fail_unless_equals_uint64 (
      gc_test_get_uint64 (r->pdata[0], "invalid-samples"), 100);
  g_ptr_array_unref (r);
}

GST_END_TEST;

/* Scale: features are computed on peak-normalised windows, so a gain of 8
 * (exact in floating point) changes nothing at all.  Windows whose peak is
 * below FLT_MIN are silent; absurdly loud ones (1e37, far beyond full scale)
 * overflow the spectra and are reported unclassified, never with NaN. */
GST_START_TEST (test_scale)
{
  HdRun run = { "window=1 min-window=1", GST_AUDIO_FORMAT_F32LE, 44100, 2,
    FALSE, 2.0, 4410, GC_SIGNAL_MUSIC };
  GPtrArray *ref, *r;
  gdouble g;

  ref = hd_run (&run);
  run.modify = gain;
  run.modify_data = &g;

  g = 8.0;
  r = hd_run (&run);
  hd_assert_same_results (ref, r, 0.0);
  g_ptr_array_unref (r);

  run.format = GST_AUDIO_FORMAT_F64LE;
  run.rate = 22050;
  run.channels = 1;
  g = 1e-39; /* peak < FLT_MIN */
  r = hd_run (&run);
  fail_unless_equals_int (r->len, 3);
  for (guint i = 0; i < 3; i++) {
    fail_unless (gc_test_get_boolean (r->pdata[i], "silent"));
    fail_unless_equals_int (gc_test_n_probs (r->pdata[i]), 0);
  }
  g_ptr_array_unref (r);

  run.format = GST_AUDIO_FORMAT_F32LE;
  g = 1e37;
  r = hd_run (&run);
  fail_unless_equals_int (r->len, 3);
  for (guint i = 0; i < 3; i++) {
    fail_if (gc_test_get_boolean (r->pdata[i], "silent"));
    fail_unless_equals_int (gc_test_n_probs (r->pdata[i]), 0);
    fail_unless_equals_string (
        gst_structure_get_string (r->pdata[i], "genre"), "");
    fail_unless_equals_uint64 (
        gc_test_get_uint64 (r->pdata[i], "invalid-samples"), 0);
  }
  fail_unless_equals_int (gc_test_get_uint (r->pdata[2], "windows"), 0);
  g_ptr_array_unref (r);
  g_ptr_array_unref (ref);
}

GST_END_TEST;

/* Digital silence in every format: silent windows, a silent summary, no
 * tags. */
GST_START_TEST (test_silence_formats)
{
  static const struct {
    GstAudioFormat format;
    gint rate, channels;
  } cases[] = {
    { GST_AUDIO_FORMAT_S16LE, 44100, 2 },
    { GST_AUDIO_FORMAT_S32LE, 8000, 1 },
    { GST_AUDIO_FORMAT_F64LE, 192000, 3 },
    { GST_AUDIO_FORMAT_F32LE, 22050, 8 },
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++) {
    HdRun run = { "window=1 min-window=0.5", cases[c].format, cases[c].rate,
      cases[c].channels, FALSE, 2.5, cases[c].rate / 10, GC_SIGNAL_SILENCE };
    GPtrArray *r = hd_run (&run);
    const GstStructure *sum;

    fail_unless_equals_int (r->len, 4);
    for (guint i = 0; i < 3; i++) {
      fail_unless (gc_test_get_boolean (r->pdata[i], "silent"));
      fail_unless_equals_int (gc_test_n_probs (r->pdata[i]), 0);
      fail_unless_equals_uint64 (
          gc_test_get_uint64 (r->pdata[i], "timestamp"), i * S);
    }
    sum = r->pdata[3];
    fail_unless (gc_test_get_boolean (sum, "silent"));
    fail_unless_equals_int (gc_test_get_uint (sum, "windows"), 0);
    fail_unless_equals_int (gc_test_get_uint (sum, "silent-windows"), 3);
    g_ptr_array_unref (r);
  }
}

GST_END_TEST;

/* Music, then silence: the silent windows are reported silent and left out
 * of the summary, which is the first window's distribution. */
GST_START_TEST (test_music_then_silence)
{
  const gdouble range[3] = { 2 * 22050, 6 * 22050, 0.0 };
  HdRun run = { "window=2 min-window=1", GST_AUDIO_FORMAT_F32LE, 22050, 1,
    FALSE, 6.0, 2205, GC_SIGNAL_MUSIC, NULL, fill_range, (gpointer)range };
  GPtrArray *r = hd_run (&run);
  const GstStructure *w0, *sum;

  fail_unless_equals_int (r->len, 4);
  w0 = r->pdata[0];
  sum = r->pdata[3];
  check_clean_window (w0);
  fail_unless (gc_test_get_boolean (r->pdata[1], "silent"));
  fail_unless (gc_test_get_boolean (r->pdata[2], "silent"));
  fail_if (gc_test_get_boolean (sum, "silent"));
  fail_unless_equals_int (gc_test_get_uint (sum, "windows"), 1);
  fail_unless_equals_int (gc_test_get_uint (sum, "silent-windows"), 2);
  for (guint i = 0; i < gc_test_n_probs (w0); i++)
    fail_unless (
        fabs (gc_test_prob (w0, i) - hd_prob_of (sum, gc_test_genre (w0, i)))
        < 1e-12);
  g_ptr_array_unref (r);
}

GST_END_TEST;

/* ±1 LSB of noise is not silence. */
static void
dither (GstMapInfo *map, GstAudioFormat format, gint channels, guint64 first,
    gsize n, gpointer data)
{
  gint16 *s = (gint16 *)map->data;

  for (gsize i = 0; i < n * channels; i++)
    s[i] = GINT16_TO_LE ((((first * channels + i) * 2654435761u) >> 7) % 3 - 1);
}

GST_START_TEST (test_dither_not_silent)
{
  HdRun run = { "window=1 min-window=1", GST_AUDIO_FORMAT_S16LE, 44100, 1,
    FALSE, 2.0, 4410, GC_SIGNAL_SILENCE, NULL, dither };
  GPtrArray *r = hd_run (&run);

  fail_unless_equals_int (r->len, 3);
  check_clean_window (r->pdata[0]);
  check_clean_window (r->pdata[1]);
  g_ptr_array_unref (r);
}

GST_END_TEST;

/* Full-scale clipping: a square wave at the integer formats' limits, and
 * float music driven 10 times into a hard clip at ±1. */
static void
square (GstMapInfo *map, GstAudioFormat format, gint channels, guint64 first,
    gsize n, gpointer data)
{
  for (gsize i = 0; i < n * channels; i++) {
    gboolean high = ((first + i / channels) / 50) % 2 == 0;

    if (format == GST_AUDIO_FORMAT_S16LE)
      ((gint16 *)map->data)[i] = GINT16_TO_LE (high ? G_MAXINT16 : G_MININT16);
    else
      ((gint32 *)map->data)[i] = GINT32_TO_LE (high ? G_MAXINT32 : G_MININT32);
  }
}

static void
hard_clip (GstMapInfo *map, GstAudioFormat format, gint channels, guint64 first,
    gsize n, gpointer data)
{
  for (gsize i = 0; i < n * channels; i++)
    hd_set_float (
        map, format, i, CLAMP (get_float (map, format, i) * 10.0, -1.0, 1.0));
}

GST_START_TEST (test_clipping)
{
  HdRun runs[] = {
    { "window=1 min-window=1", GST_AUDIO_FORMAT_S16LE, 44100, 2, FALSE, 2.0,
        4410, GC_SIGNAL_SILENCE, NULL, square },
    { "window=1 min-window=1", GST_AUDIO_FORMAT_S32LE, 22050, 1, FALSE, 2.0,
        2205, GC_SIGNAL_SILENCE, NULL, square },
    { "window=1 min-window=1", GST_AUDIO_FORMAT_F32LE, 48000, 2, FALSE, 2.0,
        4800, GC_SIGNAL_MUSIC, NULL, hard_clip },
    { "window=1 min-window=1", GST_AUDIO_FORMAT_F64LE, 22050, 1, FALSE, 2.0,
        2205, GC_SIGNAL_MUSIC, NULL, hard_clip },
  };

  for (guint k = 0; k < G_N_ELEMENTS (runs); k++) {
    GPtrArray *r = hd_run (&runs[k]);

    fail_unless_equals_int (r->len, 3);
    for (guint i = 0; i < 3; i++) {
      check_clean_window (r->pdata[i]);
      fail_unless_equals_uint64 (
          gc_test_get_uint64 (r->pdata[i], "invalid-samples"), 0);
    }
    g_ptr_array_unref (r);
  }
}

GST_END_TEST;

/* DC is part of the signal (no high-pass): music on a DC offset and a pure
 * constant are classified like any other sound. */
static void
add_dc (GstMapInfo *map, GstAudioFormat format, gint channels, guint64 first,
    gsize n, gpointer data)
{
  gdouble dc = *(gdouble *)data;

  for (gsize i = 0; i < n * channels; i++)
    hd_set_float (map, format, i, get_float (map, format, i) + dc);
}

static void
s16_dc (GstMapInfo *map, GstAudioFormat format, gint channels, guint64 first,
    gsize n, gpointer data)
{
  for (gsize i = 0; i < n * channels; i++)
    ((gint16 *)map->data)[i] = GINT16_TO_LE (-16384);
}

GST_START_TEST (test_dc_offset)
{
  gdouble dc = 0.5;
  HdRun runs[] = {
    { "window=1 min-window=1", GST_AUDIO_FORMAT_F32LE, 22050, 1, FALSE, 2.0,
        2205, GC_SIGNAL_MUSIC, NULL, add_dc, &dc },
    { "window=1 min-window=1", GST_AUDIO_FORMAT_F32LE, 44100, 2, FALSE, 2.0,
        4410, GC_SIGNAL_SILENCE, NULL, add_dc, &dc },
    { "window=1 min-window=1", GST_AUDIO_FORMAT_S16LE, 8000, 1, FALSE, 2.0, 800,
        GC_SIGNAL_SILENCE, NULL, s16_dc },
  };

  for (guint k = 0; k < G_N_ELEMENTS (runs); k++) {
    GPtrArray *r = hd_run (&runs[k]);

    fail_unless_equals_int (r->len, 3);
    for (guint i = 0; i < 3; i++)
      check_clean_window (r->pdata[i]);
    g_ptr_array_unref (r);
  }
}

GST_END_TEST;

static Suite *
input_suite (void)
{
  Suite *s = suite_create ("hardening-input");
  TCase *tc = tcase_create ("general");

  tcase_set_timeout (tc, 300);
  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_nan_inf_resampled);
  tcase_add_test (tc, test_nan_inf_exact_count);
  tcase_add_test (tc, test_nan_window_f64);
  tcase_add_test (tc, test_beyond_float_range);
  tcase_add_test (tc, test_scale);
  tcase_add_test (tc, test_silence_formats);
  tcase_add_test (tc, test_music_then_silence);
  tcase_add_test (tc, test_dither_not_silent);
  tcase_add_test (tc, test_clipping);
  tcase_add_test (tc, test_dc_offset);
  return s;
}

int
main (int argc, char **argv)
{
  gc_test_init (&argc, &argv);
  return gc_test_run (input_suite (), "hardening-input");
}
