/* genreclassify — the element and the tools see the same windows
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * gc-decode.h promises the tools the element's feature vectors, bit for
 * bit.  Here the same buffers, caps and segments go through the element (a
 * GstHarness) and through the tools' decoder path (GcDecodeStream, which
 * gc_decode_file() feeds with its appsink's samples), in streams that
 * break the windows in every way the element knows: a timestamp gap
 * without DISCONT, a DISCONT buffer, a new segment; and in streams that
 * must not break them: jitter under 40 ms, a caps change of rate or of
 * channels (with the copy of the segment that comes with new caps).  Every
 * stream ends in a partial window.
 *
 * The element's vectors are read from its TRACE log (trace_features() in
 * gstgenreclassify.c, values that read back exactly); its probabilities and
 * summary from its messages.  On the tools' side the probabilities are
 * gc_model_classify() of the tools' vectors and the summary is GcSummary
 * over them, as genreclassify-tag computes it.  Everything is compared for
 * equality, no tolerance: both sides run the same code on the same samples.
 */
#include <math.h>
#include <string.h>

#include "gc-check-util.h"
#include "gc-decode.h"
#include "gc-model.h"
#include "gc-summary.h"

#define PROPS "window=2 hop=1 min-window=0.5"
#define S GST_SECOND

typedef enum { STEP_CAPS, STEP_SEGMENT, STEP_AUDIO, STEP_END } StepKind;

typedef struct {
  StepKind kind;
  /* STEP_CAPS */
  GstAudioFormat format;
  gint rate, channels;
  /* STEP_SEGMENT: a TIME segment with this base; STEP_AUDIO: first PTS */
  GstClockTime time;
  /* STEP_AUDIO */
  double seconds;
  gboolean discont; /* on the first buffer */
} Step;

#define CAPS(f, r, c)                                                          \
  {                                                                            \
    STEP_CAPS, GST_AUDIO_FORMAT_##f, r, c, 0, 0, FALSE                         \
  }
#define SEGMENT(base)                                                          \
  {                                                                            \
    STEP_SEGMENT, 0, 0, 0, base, 0, FALSE                                      \
  }
#define AUDIO(pts, s, d)                                                       \
  {                                                                            \
    STEP_AUDIO, 0, 0, 0, pts, s, d                                             \
  }
#define END                                                                    \
  {                                                                            \
    STEP_END, 0, 0, 0, 0, 0, FALSE                                             \
  }

typedef struct {
  const char *name;
  Step steps[8];
  /* What the windowing rules make of the stream (window 2 s, hop 1 s,
   * min-window 0.5 s): a run of 3.3 s gives the windows at 0 and 1 s, and
   * at its end the one at 2 s (1.3 s) if it is the last run; 6.6 s
   * without a break give 5 whole windows and 2 partial ones (1.6, 0.6 s). */
  guint n_windows;
  guint n_restarts;
} Stream;

static const Stream streams[] = {
  { "gap",
      { CAPS (S16LE, 44100, 2), AUDIO (0, 3.3, FALSE),
          AUDIO (5 * S, 3.3, FALSE), END },
      5, 1 },
  { "jitter",
      { CAPS (S16LE, 44100, 2), AUDIO (0, 3.3, FALSE),
          AUDIO (3330 * GST_MSECOND, 3.3, FALSE), END },
      7, 0 },
  { "discont",
      { CAPS (F32LE, 22050, 1), AUDIO (0, 3.3, FALSE),
          AUDIO (3300 * GST_MSECOND, 3.3, TRUE), END },
      5, 1 },
  { "segment",
      { CAPS (S16LE, 48000, 2), AUDIO (0, 3.3, FALSE), SEGMENT (10 * S),
          AUDIO (3300 * GST_MSECOND, 3.3, FALSE), END },
      5, 1 },
  { "rate-change",
      { CAPS (S16LE, 44100, 2), AUDIO (0, 3.3, FALSE), CAPS (F32LE, 48000, 1),
          AUDIO (3300 * GST_MSECOND, 3.3, FALSE), END },
      7, 0 },
  { "channels-change",
      { CAPS (S32LE, 32000, 2), AUDIO (0, 3.3, FALSE), CAPS (S32LE, 32000, 6),
          AUDIO (3300 * GST_MSECOND, 3.3, FALSE), END },
      7, 0 },
};

/* ---- the element's feature vectors, from its TRACE log ---------------- */

static GPtrArray *traced; /* of double arrays, by window index */

static void
on_log (GstDebugCategory *category, GstDebugLevel level, const gchar *file,
    const gchar *function, gint line, GObject *object, GstDebugMessage *message,
    gpointer user_data)
{
  const gchar *text;
  gchar *end;
  guint index;
  GArray *v;

  if (traced == NULL
      || strcmp (gst_debug_category_get_name (category), "genreclassify") != 0
      || level != GST_LEVEL_TRACE)
    return;
  text = gst_debug_message_get (message);
  if (!g_str_has_prefix (text, "window "))
    return;
  index = (guint)g_ascii_strtoull (text + 7, &end, 10);
  if (!g_str_has_prefix (end, " features "))
    return;
  end += strlen (" features ");
  v = g_array_new (FALSE, FALSE, sizeof (double));
  while (*end) {
    double x = g_ascii_strtod (end, &end);

    g_array_append_val (v, x);
    while (*end == ' ')
      end++;
  }
  if (traced->len <= index)
    g_ptr_array_set_size (traced, index + 1);
  g_ptr_array_index (traced, index) = v;
}

static void
free_vector (gpointer v)
{
  if (v)
    g_array_free (v, TRUE);
}

/* ---- feeding both sides ------------------------------------------------ */

static gboolean
collect (const GcWindowResult *window, gpointer user_data)
{
  g_array_append_vals (user_data, window, 1);
  return TRUE;
}

static GstCaps *
make_caps (const Step *step)
{
  gchar *str = gc_test_caps_string (
      step->format, step->rate, step->channels, step->channels > 2);
  GstCaps *caps = gst_caps_from_string (str);

  g_free (str);
  return caps;
}

/* Pushes one step into the harness and the decode stream alike. */
static void
feed (GstHarness *h, GcDecodeStream *tools, const Step *step, GstCaps **caps,
    GstSegment *segment, const Step **format)
{
  GError *error = NULL;

  switch (step->kind) {
    case STEP_CAPS:
      gst_caps_replace (caps, NULL);
      *caps = make_caps (step);
      *format = step;
      /* The harness sends the caps and a fresh TIME segment (the same as
       * the current one after the first caps: a copy, no restart). */
      gst_harness_set_src_caps (h, gst_caps_ref (*caps));
      gst_segment_init (segment, GST_FORMAT_TIME);
      break;
    case STEP_SEGMENT:
      gst_segment_init (segment, GST_FORMAT_TIME);
      segment->base = step->time;
      fail_unless (gst_harness_push_event (h, gst_event_new_segment (segment)));
      break;
    case STEP_AUDIO: {
      const Step *f = *format;
      guint64 first = gst_util_uint64_scale_round (step->time, f->rate, S);
      gsize total = (gsize)llround (step->seconds * f->rate);
      /* Not a divisor of anything: buffers and windows do not line up. */
      gsize per_buffer = (gsize)f->rate / 10 + 7;

      for (gsize done = 0; done < total;) {
        gsize n = MIN (per_buffer, total - done);
        GstBuffer *buf = gc_test_make_buffer (f->format, f->rate, f->channels,
            first + done, n, GC_SIGNAL_MUSIC, NULL);
        GstSample *sample;

        GST_BUFFER_PTS (buf) =
            step->time + gst_util_uint64_scale_round (done, S, f->rate);
        GST_BUFFER_DURATION (buf) = gst_util_uint64_scale_round (n, S, f->rate);
        if (done == 0 && step->discont)
          GST_BUFFER_FLAG_SET (buf, GST_BUFFER_FLAG_DISCONT);

        sample = gst_sample_new (buf, *caps, segment, NULL);
        fail_unless (gc_decode_stream_push_sample (tools, sample, &error), "%s",
            error ? error->message : "");
        gst_sample_unref (sample);
        fail_unless_equals_int (gst_harness_push (h, buf), GST_FLOW_OK);
        gst_buffer_unref (gst_harness_pull (h));
        done += n;
      }
      break;
    }
    case STEP_END:
      break;
  }
}

/* ---- comparing --------------------------------------------------------- */

/* The probability of @label in a result message. */
static double
message_prob (const GstStructure *s, const char *label)
{
  for (guint i = 0; i < gc_test_n_probs (s); i++)
    if (strcmp (gc_test_genre (s, i), label) == 0)
      return gc_test_prob (s, i);
  fail ("no \"%s\" in %" GST_PTR_FORMAT, label, s);
  return NAN;
}

static void
check_probs (const GstStructure *s, const GcModel *model, const double *probs)
{
  guint n = gc_model_get_n_labels (model);

  fail_unless_equals_int (gc_test_n_probs (s), probs ? n : 0);
  for (guint k = 0; probs && k < n; k++) {
    double e = message_prob (s, gc_model_get_label (model, k));

    fail_unless (memcmp (&e, &probs[k], sizeof (double)) == 0,
        "probability of %s: element %.17g, tools %.17g",
        gc_model_get_label (model, k), e, probs[k]);
  }
}

GST_START_TEST (test_same_windows)
{
  const Stream *stream = &streams[__i__];
  GcWindowSpec spec = GC_WINDOW_SPEC_INIT;
  GArray *windows = g_array_new (FALSE, FALSE, sizeof (GcWindowResult));
  GcFileFeatures stats = { 0 };
  GError *error = NULL;
  GcDecodeStream *tools;
  GcModel *model = gc_model_load (GC_TEST_MODEL, &error);
  GstHarness *h = gc_test_harness (PROPS, NULL);
  GstCaps *caps = NULL;
  GstSegment segment;
  const Step *format = NULL;
  GPtrArray *results;
  GcSummary summary;
  guint n_labels, dimension;
  double *probs;
  const GstStructure *final;

  fail_unless (model != NULL, "%s", error ? error->message : "");
  n_labels = gc_model_get_n_labels (model);
  fail_unless (gc_feature_set_from_name (
      gc_model_get_feature_set (model), &spec.features));
  dimension = gc_feature_set_dimension (spec.features);
  spec.window = 2.0;
  spec.hop = 1.0;
  spec.min_window = 0.5;
  tools = gc_decode_stream_new (&spec, stream->name, collect, windows, &error);
  fail_unless (tools != NULL, "%s", error ? error->message : "");

  traced = g_ptr_array_new_with_free_func (free_vector);
  gst_debug_set_active (TRUE);
  gst_debug_set_threshold_for_name ("genreclassify", GST_LEVEL_TRACE);

  gst_harness_play (h);
  for (const Step *step = stream->steps; step->kind != STEP_END; step++)
    feed (h, tools, step, &caps, &segment, &format);
  fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));
  fail_unless (gc_decode_stream_finish (tools, &stats, &error), "%s",
      error ? error->message : "");
  results = gc_test_collect_results (gc_test_harness_bus (h));

  /* The rules did what the stream asks for, on the tools' side ... */
  fail_unless_equals_int (windows->len, stream->n_windows);
  fail_unless_equals_int (stats.n_windows, stream->n_windows);
  fail_unless_equals_int (stats.n_restarts, stream->n_restarts);
  /* ... and the element reported the same windows and a summary. */
  fail_unless_equals_int (results->len, windows->len + 1);

  gc_summary_init (&summary, n_labels);
  probs = g_new (double, n_labels);
  for (guint i = 0; i < windows->len; i++) {
    const GcWindowResult *w = &g_array_index (windows, GcWindowResult, i);
    const GstStructure *s = results->pdata[i];
    GArray *v = i < traced->len ? g_ptr_array_index (traced, i) : NULL;
    gboolean classified = FALSE;

    fail_if (gc_test_get_boolean (s, "final"));
    fail_unless_equals_int (gc_test_get_uint (s, "window-index"), w->index);
    fail_unless_equals_uint64 (
        gc_test_get_uint64 (s, "timestamp"), w->timestamp);
    fail_unless_equals_uint64 (gc_test_get_uint64 (s, "duration"), w->duration);
    fail_unless_equals_uint64 (
        gc_test_get_uint64 (s, "invalid-samples"), w->n_invalid);
    fail_unless_equals_int (
        gc_test_get_boolean (s, "silent"), w->status == GC_WINDOW_SILENT);
    fail_unless_equals_int (w->status, GC_WINDOW_OK);

    /* The vectors, bit for bit. */
    fail_unless (
        v != NULL, "%s: no vector traced for window %u", stream->name, i);
    fail_unless_equals_int (v->len, dimension);
    for (guint k = 0; k < dimension; k++)
      fail_unless (
          memcmp (&g_array_index (v, double, k), &w->vector[k], sizeof (double))
              == 0,
          "%s: window %u, feature %u: element %.17g, tools %.17g", stream->name,
          i, k, g_array_index (v, double, k), w->vector[k]);

    classified = gc_model_classify (model, w->vector, w->n_samples, probs);
    check_probs (s, model, classified ? probs : NULL);
    gc_summary_add (&summary, w->timestamp, w->duration,
        gc_model_window_weight (model, w->n_samples), classified ? probs : NULL,
        w->status == GC_WINDOW_SILENT, w->n_invalid);
  }
  /* No other window was traced. */
  fail_unless (traced->len <= windows->len);

  /* The summary. */
  final = results->pdata[windows->len];
  fail_unless (gc_test_get_boolean (final, "final"));
  fail_unless_equals_int (
      gc_test_get_uint (final, "window-index"), summary.n_reported);
  fail_unless_equals_int (
      gc_test_get_uint (final, "windows"), summary.n_classified);
  fail_unless_equals_int (
      gc_test_get_uint (final, "silent-windows"), summary.n_silent);
  fail_unless_equals_uint64 (
      gc_test_get_uint64 (final, "timestamp"), summary.first_ts);
  fail_unless_equals_uint64 (gc_test_get_uint64 (final, "duration"),
      summary.end_ts - summary.first_ts);
  check_probs (final, model, gc_summary_get (&summary, probs) ? probs : NULL);

  g_free (probs);
  gc_summary_clear (&summary);
  g_ptr_array_unref (results);
  g_ptr_array_unref (traced);
  traced = NULL;
  gst_caps_replace (&caps, NULL);
  gc_test_teardown (h);
  gc_decode_stream_free (tools);
  g_array_free (windows, TRUE);
  gc_model_free (model);
}

GST_END_TEST;

static Suite *
equivalence_suite (void)
{
  Suite *s = suite_create ("equivalence");
  TCase *tc = tcase_create ("general");

  tcase_set_timeout (tc, 600);
  suite_add_tcase (s, tc);
  tcase_add_loop_test (tc, test_same_windows, 0, G_N_ELEMENTS (streams));
  return s;
}

int
main (int argc, char **argv)
{
  /* The TRACE lines are for on_log() alone: the default log function
   * writes them to /dev/null. */
  g_setenv ("GST_DEBUG_FILE", "/dev/null", TRUE);
  gc_test_init (&argc, &argv);
  gst_debug_add_log_function (on_log, NULL, NULL);
  return gc_test_run (equivalence_suite (), "equivalence");
}
