/* genreclassify — transcoding writes the genre into the output file
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The input (GC_TEST_AUDIO, made by gc-make-test-audio) is 6 s of the demo
 * model's "noise" then 12 s of "tones": with window=6 the first window is
 * "noise" and the whole-stream summary "tones", so a file whose genre tag is
 * the summary's was not tagged with the first window's result.
 *
 * Muxers that write their tags in a header at the start (vorbisenc/opusenc
 * ! oggmux, flacenc, id3v2mux) are tagged in two passes: the element
 * analyses, then the genre is injected before the first buffer of a second,
 * transcoding pipeline (taginject, or the GstTagSetter interface).
 * matroskamux (not streamable) writes its tags when it finishes, so the
 * element can sit in the transcoding pipeline itself; mp4mux keeps the
 * first tags it receives, hence tag-mode=summary.
 * See docs/howto-transcoding.md.
 */
#include <string.h>

#include <gst/check/gstcheck.h>

#include "gc-check-util.h"
#include "gc-pipe-util.h"

#define ELEMENT                                                                \
  "genreclassify model=\"" GC_TEST_MODEL "\" window=6 min-window=2"
#define DECODE                                                                 \
  "filesrc location=\"" GC_TEST_AUDIO "\" ! decodebin ! audioconvert"

typedef struct {
  const gchar *name;
  const gchar *ext;
  /* from raw audio to the file's bytes; the element named "tagger"
   * implements GstTagSetter */
  const gchar *encode;
} Format;

/* Formats whose tags are written at the start. */
static const Format header_formats[] = {
  { "vorbis", "ogg", "vorbisenc name=tagger ! oggmux" },
  { "opus", "opus", "audioresample ! opusenc name=tagger ! oggmux" },
  { "flac", "flac", "flacenc name=tagger" },
  { "mp3", "mp3", "lamemp3enc ! id3v2mux name=tagger" },
  { "matroska", "mka", "vorbisenc ! matroskamux name=tagger" },
};

static gchar *first_genre, *summary_genre;

/* Pass 1: the element's verdict on the input. */
static void
analyse_input (void)
{
  GPtrArray *results;

  if (summary_genre != NULL)
    return;
  results = gc_pipe_run (DECODE " ! " ELEMENT " ! fakesink");
  fail_unless (results->len >= 3);
  first_genre = g_strdup (gc_pipe_genre (g_ptr_array_index (results, 0)));
  summary_genre = g_strdup (gc_pipe_genre (gc_pipe_summary (results)));
  g_ptr_array_unref (results);
  /* the test input is made so that they differ */
  fail_unless_equals_string (first_genre, "noise");
  fail_unless_equals_string (summary_genre, "tones");
}

static gchar *
out_path (const gchar *dir, const gchar *what, const Format *f)
{
  gchar *base = g_strdup_printf ("%s-%s.%s", what, f->name, f->ext);
  gchar *path = g_build_filename (dir, base, NULL);

  g_free (base);
  return path;
}

/* Two passes, with taginject: what a shell script does. */
GST_START_TEST (test_two_pass_taginject)
{
  gchar *dir = gc_pipe_tmpdir ("taginject");

  analyse_input ();
  for (guint i = 0; i < G_N_ELEMENTS (header_formats); i++) {
    const Format *f = &header_formats[i];
    gchar *path = out_path (dir, "taginject", f);
    gchar *desc = g_strdup_printf (DECODE " ! taginject tags=\"genre=%s\" ! "
                                          "audioconvert ! %s ! filesink "
                                          "location=\"%s\"",
        summary_genre, f->encode, path);
    gchar *genre;

    g_ptr_array_unref (gc_pipe_run (desc));
    genre = gc_pipe_discover_genre (path);
    fail_unless (genre != NULL, "%s: no genre in %s", f->name, path);
    fail_unless_equals_string (genre, summary_genre);
    g_free (genre);
    g_free (desc);
    g_free (path);
  }
  gc_pipe_remove_tree (dir);
  g_free (dir);
}

GST_END_TEST;

/* Two passes, with the GstTagSetter interface of the encoder or muxer: what
 * an application does. */
GST_START_TEST (test_two_pass_tag_setter)
{
  gchar *dir = gc_pipe_tmpdir ("tagsetter");

  analyse_input ();
  for (guint i = 0; i < G_N_ELEMENTS (header_formats); i++) {
    const Format *f = &header_formats[i];
    gchar *path = out_path (dir, "tagsetter", f);
    gchar *desc = g_strdup_printf (
        DECODE " ! %s ! filesink location=\"%s\"", f->encode, path);
    GstElement *pipeline = gst_parse_launch (desc, NULL);
    GstElement *tagger;
    GstTagList *tags;
    gchar *genre;

    fail_unless (pipeline != NULL);
    tagger = gst_bin_get_by_name (GST_BIN (pipeline), "tagger");
    fail_unless (tagger != NULL && GST_IS_TAG_SETTER (tagger), "%s", f->name);
    tags = gst_tag_list_new (GST_TAG_GENRE, summary_genre, NULL);
    gst_tag_setter_merge_tags (
        GST_TAG_SETTER (tagger), tags, GST_TAG_MERGE_REPLACE);
    gst_tag_list_unref (tags);
    gst_object_unref (tagger);
    g_ptr_array_unref (gc_pipe_run_element (pipeline));
    gst_object_unref (pipeline);

    genre = gc_pipe_discover_genre (path);
    fail_unless (genre != NULL, "%s: no genre in %s", f->name, path);
    fail_unless_equals_string (genre, summary_genre);
    g_free (genre);
    g_free (desc);
    g_free (path);
  }
  gc_pipe_remove_tree (dir);
  g_free (dir);
}

GST_END_TEST;

/* One pass, the element in the transcoding pipeline: the header formats
 * are written before the first window is classified, so they get no genre
 * (this is why the two passes above exist); Matroska, whose tags are
 * written at the end, gets the summary. */
GST_START_TEST (test_one_pass)
{
  gchar *dir = gc_pipe_tmpdir ("onepass");

  analyse_input ();
  for (guint i = 0; i < G_N_ELEMENTS (header_formats); i++) {
    const Format *f = &header_formats[i];

    for (guint mode = 0; mode < 2; mode++) {
      gchar *path = out_path (dir, mode ? "summary" : "windows", f);
      gchar *desc = g_strdup_printf (DECODE
          " ! " ELEMENT
          " tag-mode=%s ! audioconvert ! %s ! filesink location=\"%s\"",
          mode ? "summary" : "windows", f->encode, path);
      GPtrArray *results = gc_pipe_run (desc);
      gchar *genre = gc_pipe_discover_genre (path);

      fail_unless_equals_string (
          gc_pipe_genre (gc_pipe_summary (results)), summary_genre);
      if (g_str_equal (f->name, "matroska")) {
        fail_unless_equals_string (genre, summary_genre);
      } else {
        fail_unless (
            genre == NULL, "%s: unexpected genre \"%s\"", f->name, genre);
      }
      g_free (genre);
      g_ptr_array_unref (results);
      g_free (desc);
      g_free (path);
    }
  }
  gc_pipe_remove_tree (dir);
  g_free (dir);
}

GST_END_TEST;

/* mp4mux keeps the first tags it receives: with tag-mode=windows that is
 * the first window's genre, with tag-mode=summary the summary's. */
GST_START_TEST (test_mp4_tag_mode)
{
  static const Format mp4 = { "mp4", "m4a", "lamemp3enc ! mp4mux" };
  gchar *dir = gc_pipe_tmpdir ("mp4");

  analyse_input ();
  for (guint mode = 0; mode < 2; mode++) {
    gchar *path = out_path (dir, mode ? "summary" : "windows", &mp4);
    gchar *desc = g_strdup_printf (DECODE
        " ! " ELEMENT
        " tag-mode=%s ! audioconvert ! %s ! filesink location=\"%s\"",
        mode ? "summary" : "windows", mp4.encode, path);
    gchar *genre;

    g_ptr_array_unref (gc_pipe_run (desc));
    genre = gc_pipe_discover_genre (path);
    fail_unless (genre != NULL);
    fail_unless_equals_string (genre, mode ? summary_genre : first_genre);
    g_free (genre);
    g_free (desc);
    g_free (path);
  }
  gc_pipe_remove_tree (dir);
  g_free (dir);
}

GST_END_TEST;

/* Counts the tag events with a genre that reached the harness; *last gets
 * the last genre. */
static guint
count_genre_tags (GstHarness *h, gchar **last)
{
  GstEvent *ev;
  guint n = 0;

  while ((ev = gst_harness_try_pull_event (h))) {
    if (GST_EVENT_TYPE (ev) == GST_EVENT_TAG) {
      GstTagList *tags;
      gchar *genre = NULL;

      gst_event_parse_tag (ev, &tags);
      if (gst_tag_list_get_string (tags, GST_TAG_GENRE, &genre)) {
        n++;
        g_free (*last);
        *last = genre;
      }
    }
    gst_event_unref (ev);
  }
  return n;
}

/* tag-mode=summary: one tag event, the summary's, and the same messages. */
GST_START_TEST (test_tag_mode_events)
{
  static const gchar *modes[] = { "windows", "summary" };
  static const guint expected[] = { 4, 1 };

  for (guint m = 0; m < 2; m++) {
    gchar *props = g_strdup_printf ("window=1 tag-mode=%s", modes[m]);
    GstHarness *h = gc_test_harness (props,
        "audio/x-raw, format=F32LE, rate=22050, channels=1, "
        "layout=interleaved");
    GPtrArray *results;
    gchar *last = NULL;

    gst_harness_set_drop_buffers (h, TRUE);
    gc_test_push_signal (h, GST_AUDIO_FORMAT_F32LE, 22050, 1, 0, 0, 3.0, 2205,
        GC_SIGNAL_MUSIC, NULL);
    fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));
    results = gc_test_collect_results (gc_test_harness_bus (h));
    fail_unless_equals_int (results->len, 4);
    fail_unless_equals_int (count_genre_tags (h, &last), expected[m]);
    fail_unless_equals_string (last, gc_pipe_genre (gc_pipe_summary (results)));
    g_free (last);
    g_ptr_array_unref (results);
    gc_test_teardown (h);
    g_free (props);
  }
}

GST_END_TEST;

static Suite *
transcode_suite (void)
{
  Suite *s = suite_create ("genreclassify-transcode");
  TCase *tc = tcase_create ("general");

  tcase_set_timeout (tc, 300);
  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_tag_mode_events);
  tcase_add_test (tc, test_two_pass_taginject);
  tcase_add_test (tc, test_two_pass_tag_setter);
  tcase_add_test (tc, test_one_pass);
  tcase_add_test (tc, test_mp4_tag_mode);
  return s;
}

int
main (int argc, char **argv)
{
  int ret;

  gc_test_init (&argc, &argv);
  ret = gc_test_run (transcode_suite (), "genreclassify-transcode");
  g_free (first_genre);
  g_free (summary_genre);
  return ret;
}
