/* genreclassify — helpers for the element tests
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef GC_CHECK_UTIL_H
#define GC_CHECK_UTIL_H

#include <gst/check/gstcheck.h>
#include <gst/check/gstharness.h>
#include <gst/audio/audio.h>

G_BEGIN_DECLS

/* The model shipped in the source tree. */
#define GC_TEST_MODEL GC_SOURCE_ROOT "/models/synthetic-demo/model.ini"

/* Points GStreamer at the plugin in the build tree (GST_PLUGIN_PATH,
 * private registry) and initialises GstCheck. */
void gc_test_init (int *argc, char ***argv);

/* Runs @suite (the usual GstCheck main). */
int gc_test_run (Suite *suite, const char *name);

typedef enum {
  GC_SIGNAL_MUSIC, /* tones, a beat and noise */
  GC_SIGNAL_SILENCE, /* all zero */
  GC_SIGNAL_RANDOM, /* random sample values in full range */
} GcSignal;

/* @n_frames frames of @format at @rate with @channels interleaved channels,
 * frame @first_frame onwards of a deterministic signal.  Channel c carries
 * gain[c] times the mono signal (all 1 if @gains is NULL). */
GstBuffer *gc_test_make_buffer (GstAudioFormat format, gint rate, gint channels,
    guint64 first_frame, gsize n_frames, GcSignal signal, const float *gains);

/* Caps string for interleaved @format/@rate/@channels; channel-mask 0
 * (unpositioned) when @unpositioned, else the default layout. */
gchar *gc_test_caps_string (
    GstAudioFormat format, gint rate, gint channels, gboolean unpositioned);

/* A harness around "genreclassify model=GC_TEST_MODEL @props", with a bus
 * on the element; caps are set from @caps. */
GstHarness *gc_test_harness (const gchar *props, const gchar *caps);
GstBus *gc_test_harness_bus (GstHarness *h);
/* Drops the messages left on the bus (they hold references to the
 * elements), then gst_harness_teardown(). */
void gc_test_teardown (GstHarness *h);

/* Pushes @seconds of @signal starting at frame @first_frame, timestamps
 * @base_pts + frame / rate, in buffers of @frames_per_buffer frames. */
void gc_test_push_signal (GstHarness *h, GstAudioFormat format, gint rate,
    gint channels, GstClockTime base_pts, guint64 first_frame, gdouble seconds,
    gsize frames_per_buffer, GcSignal signal, const float *gains);

/* Pops every "genreclassify" element message from @bus; returns an array
 * of GstStructure copies (free with g_ptr_array_unref). */
GPtrArray *gc_test_collect_results (GstBus *bus);

/* Sets a lone genreclassify with @model (unless NULL) and @props
 * ("key=value" pairs separated by spaces, or NULL) to PAUSED and back to
 * NULL.  Returns the state change result; a failure must come with an ERROR
 * message, whose GError and debug string go to @error and @debug (either
 * may be NULL), and a success without one. */
GstStateChangeReturn gc_test_try_start (
    const gchar *model, const gchar *props, GError **error, gchar **debug);

/* Pops and counts the tag events waiting on the harness' sink. */
guint gc_test_count_tag_events (GstHarness *h);

/* Checks the fields of one result structure: types, finite doubles,
 * probabilities sorted descending and summing to 1 within 1e-6 (or empty
 * lists for an unclassified result), genre/confidence matching the first
 * entry. */
void gc_test_check_result (const GstStructure *s);

guint64 gc_test_get_uint64 (const GstStructure *s, const gchar *field);
guint gc_test_get_uint (const GstStructure *s, const gchar *field);
gboolean gc_test_get_boolean (const GstStructure *s, const gchar *field);
gdouble gc_test_get_double (const GstStructure *s, const gchar *field);
/* Number of entries in the "probabilities" array. */
guint gc_test_n_probs (const GstStructure *s);
gdouble gc_test_prob (const GstStructure *s, guint i);
const gchar *gc_test_genre (const GstStructure *s, guint i);

G_END_DECLS

#endif
