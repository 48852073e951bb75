/* genreclassify — transcoding writes the genre into the output file
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The input (GC_TEST_AUDIO, made by gc-make-test-audio) is 6 s of the demo
 * model's "noise" then 12 s of "tones": with window=6 the first window is
 * "noise" and the whole-stream summary "tones", so a file whose genre tag is
 * the summary's was not tagged with the first window's result.  Most tests
 * transcode a FLAC copy of it that already has tags (genre "Wrong", a
 * title), as real sources do: the source's genre must not survive next to
 * or instead of ours, the other tags must.
 *
 * Muxers that write their tags in a header at the start (vorbisenc/opusenc
 * ! oggmux, flacenc, id3v2mux) are tagged in two passes: the element
 * analyses, then the genre is given to the encoder or muxer of a second,
 * transcoding pipeline (GstTagSetter; taginject for sources without a
 * genre).  matroskamux and wavenc write their tags when they finish and
 * mp4mux keeps the first genre it receives: with tag-mode=summary the
 * element in the transcoding pipeline gets the summary into them.
 * See docs/howto-transcoding.md.
 */
#include <string.h>

#include <gst/check/gstcheck.h>

#include "gc-check-util.h"
#include "gc-pipe-util.h"
#include "gc-test-data.h"

#define ELEMENT                                                                \
  "genreclassify model=\"" GC_TEST_MODEL "\" window=6 min-window=2"
/* The untagged WAV. */
#define DECODE_WAV                                                             \
  "filesrc location=\"" GC_TEST_AUDIO "\" ! decodebin ! audioconvert"
#define SOURCE_TAGS "genre=(string)Wrong,title=(string)Title"

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
};

/* Formats whose tags are written at the end (or, mp4mux, kept first). */
static const Format end_formats[] = {
  { "matroska", "mka", "vorbisenc ! matroskamux" },
  { "mp4", "m4a", "lamemp3enc ! mp4mux" },
  { "wav", "wav", "wavenc" },
};

static gchar *first_genre, *summary_genre, *tagged_source;

/* Pass 1: the element's verdict on the input; and the tagged source. */
static void
prepare (void)
{
  GPtrArray *results;
  gchar *desc;

  if (summary_genre != NULL)
    return;
  results = gc_pipe_run (DECODE_WAV " ! " ELEMENT " ! fakesink");
  fail_unless (results->len >= 3);
  first_genre = g_strdup (gc_pipe_genre (g_ptr_array_index (results, 0)));
  summary_genre = g_strdup (gc_pipe_genre (gc_pipe_summary (results)));
  g_ptr_array_unref (results);
  /* the test input is made so that they differ */
  fail_unless_equals_string (first_genre, "noise");
  fail_unless_equals_string (summary_genre, "tones");

  tagged_source = g_build_filename (
      GC_BUILD_ROOT, "tests", "pipelines", "transcode-source.flac", NULL);
  desc = g_strdup_printf (DECODE_WAV " ! taginject tags=\"" SOURCE_TAGS
                                     "\" ! audioconvert ! flacenc ! filesink "
                                     "location=\"%s\"",
      tagged_source);
  g_ptr_array_unref (gc_pipe_run (desc));
  g_free (desc);
}

static gchar *
out_path (const gchar *dir, const gchar *what, const Format *f)
{
  gchar *base = g_strdup_printf ("%s-%s.%s", what, f->name, f->ext);
  gchar *path = g_build_filename (dir, base, NULL);

  g_free (base);
  return path;
}

static gchar *
decode_tagged (void)
{
  return g_strdup_printf (
      "filesrc location=\"%s\" ! decodebin ! audioconvert", tagged_source);
}

/* Checks that @path has exactly @genre (one value) and, when @title, the
 * source's title. */
static void
check_file (const gchar *path, const gchar *genre, gboolean title)
{
  GstTagList *tags = gc_pipe_discover_tags (path);
  gchar *got = NULL, *t = NULL;

  fail_unless (tags != NULL, "%s: no tags", path);
  gst_tag_list_get_string (tags, GST_TAG_GENRE, &got);
  if (genre == NULL) {
    fail_unless (got == NULL, "%s: unexpected genre \"%s\"", path, got);
  } else {
    fail_unless (got != NULL, "%s: no genre", path);
    /* several values would read "a, b" */
    fail_unless_equals_string (got, genre);
  }
  if (title) {
    fail_unless (gst_tag_list_get_string (tags, GST_TAG_TITLE, &t));
    fail_unless_equals_string (t, "Title");
  }
  g_free (t);
  g_free (got);
  gst_tag_list_unref (tags);
}

/* Two passes, with the GstTagSetter interface of the encoder or muxer
 * (what an application does); the setter's tags win over the source's. */
GST_START_TEST (test_two_pass_tag_setter)
{
  gchar *dir = gc_pipe_tmpdir ("tagsetter");
  gchar *decode;

  prepare ();
  decode = decode_tagged ();
  for (guint i = 0; i < G_N_ELEMENTS (header_formats); i++) {
    const Format *f = &header_formats[i];
    gchar *path = out_path (dir, "tagsetter", f);
    gchar *desc = g_strdup_printf (
        "%s ! %s ! filesink location=\"%s\"", decode, f->encode, path);
    GstElement *pipeline = gst_parse_launch (desc, NULL);
    GstElement *tagger;
    GstTagList *tags;

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

    check_file (path, summary_genre, TRUE);
    g_free (desc);
    g_free (path);
  }
  g_free (decode);
  gc_test_remove_tree (dir);
  g_free (dir);
}

GST_END_TEST;

/* Two passes with taginject, for a source without a genre of its own
 * (taginject sends its tags once; a decoder repeats the source's tags
 * whenever its bitrate changes, and those would win). */
GST_START_TEST (test_two_pass_taginject)
{
  gchar *dir = gc_pipe_tmpdir ("taginject");

  prepare ();
  for (guint i = 0; i < G_N_ELEMENTS (header_formats); i++) {
    const Format *f = &header_formats[i];
    gchar *path = out_path (dir, "taginject", f);
    gchar *desc = g_strdup_printf (DECODE_WAV
        " ! taginject tags=\"genre=(string)%s\" ! audioconvert ! %s ! "
        "filesink location=\"%s\"",
        summary_genre, f->encode, path);

    g_ptr_array_unref (gc_pipe_run (desc));
    check_file (path, summary_genre, FALSE);
    g_free (desc);
    g_free (path);
  }
  gc_test_remove_tree (dir);
  g_free (dir);
}

GST_END_TEST;

/* One pass, the element in the transcoding pipeline, tagged source.
 * Header formats: written before the first window is classified; with
 * tag-mode=windows they keep the source's genre, with tag-mode=summary
 * (which removes the source's genre) they have none: they need two passes.
 * Formats written at the end, with tag-mode=summary: the summary, alone. */
GST_START_TEST (test_one_pass)
{
  gchar *dir = gc_pipe_tmpdir ("onepass");
  gchar *decode;

  prepare ();
  decode = decode_tagged ();
  for (guint i = 0; i < G_N_ELEMENTS (header_formats); i++) {
    const Format *f = &header_formats[i];

    for (guint mode = 0; mode < 2; mode++) {
      gchar *path = out_path (dir, mode ? "summary" : "windows", f);
      gchar *desc =
          g_strdup_printf ("%s ! " ELEMENT " tag-mode=%s ! audioconvert ! %s ! "
                           "filesink location=\"%s\"",
              decode, mode ? "summary" : "windows", f->encode, path);
      GPtrArray *results = gc_pipe_run (desc);

      fail_unless_equals_string (
          gc_pipe_genre (gc_pipe_summary (results)), summary_genre);
      check_file (path, mode ? NULL : "Wrong", TRUE);
      g_ptr_array_unref (results);
      g_free (desc);
      g_free (path);
    }
  }
  for (guint i = 0; i < G_N_ELEMENTS (end_formats); i++) {
    const Format *f = &end_formats[i];
    gchar *path = out_path (dir, "summary", f);
    gchar *desc = g_strdup_printf ("%s ! " ELEMENT
                                   " tag-mode=summary ! audioconvert ! %s ! "
                                   "filesink location=\"%s\"",
        decode, f->encode, path);

    g_ptr_array_unref (gc_pipe_run (desc));
    check_file (path, summary_genre, !g_str_equal (f->name, "wav"));
    g_free (desc);
    g_free (path);
  }
  g_free (decode);
  gc_test_remove_tree (dir);
  g_free (dir);
}

GST_END_TEST;

/* Matroska and WAV get the summary whatever the tag mode (the last tags
 * win); mp4mux keeps the first genre it receives: with tag-mode=windows
 * the first window's, with tag-mode=summary the summary's. */
GST_START_TEST (test_end_formats_tag_modes)
{
  gchar *dir = gc_pipe_tmpdir ("endformats");

  prepare ();
  for (guint i = 0; i < G_N_ELEMENTS (end_formats); i++) {
    const Format *f = &end_formats[i];

    for (guint mode = 0; mode < 2; mode++) {
      gchar *path = out_path (dir, mode ? "summary" : "windows", f);
      gchar *desc = g_strdup_printf (DECODE_WAV
          " ! " ELEMENT
          " tag-mode=%s ! audioconvert ! %s ! filesink location=\"%s\"",
          mode ? "summary" : "windows", f->encode, path);
      gboolean mp4 = g_str_equal (f->name, "mp4");

      g_ptr_array_unref (gc_pipe_run (desc));
      check_file (path, mp4 && !mode ? first_genre : summary_genre, FALSE);
      g_free (desc);
      g_free (path);
    }
  }
  gc_test_remove_tree (dir);
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

/* The tag lists of the tag events that reached the harness, in order. */
static GPtrArray *
pull_tag_lists (GstHarness *h)
{
  GPtrArray *lists =
      g_ptr_array_new_with_free_func ((GDestroyNotify)gst_tag_list_unref);
  GstEvent *ev;

  while ((ev = gst_harness_try_pull_event (h))) {
    if (GST_EVENT_TYPE (ev) == GST_EVENT_TAG) {
      GstTagList *tags;

      gst_event_parse_tag (ev, &tags);
      g_ptr_array_add (lists, gst_tag_list_ref (tags));
    }
    gst_event_unref (ev);
  }
  return lists;
}

/* Checks one tag list: @genre (NULL: none), the upstream title and FOO
 * comment kept, no upstream GENRE_DISTRIBUTION comment. */
static void
check_list (const GstTagList *tags, const gchar *genre)
{
  gchar *g = NULL, *t = NULL;
  guint n = gst_tag_list_get_tag_size (tags, GST_TAG_EXTENDED_COMMENT);
  const gchar *c = NULL;

  gst_tag_list_get_string (tags, GST_TAG_GENRE, &g);
  if (genre) {
    fail_unless_equals_string (g, genre);
  } else {
    fail_unless (g == NULL, "unexpected genre %s", g);
  }
  fail_unless (gst_tag_list_get_string (tags, GST_TAG_TITLE, &t));
  fail_unless_equals_string (t, "A Song");
  fail_unless_equals_int (n, 1);
  fail_unless (
      gst_tag_list_peek_string_index (tags, GST_TAG_EXTENDED_COMMENT, 0, &c));
  fail_unless_equals_string (c, "FOO=bar");
  g_free (t);
  g_free (g);
}

static GstEvent *
upstream_tag_event (void)
{
  GstTagList *tags = gst_tag_list_new (GST_TAG_TITLE, "A Song", GST_TAG_GENRE,
      "Upstream", GST_TAG_EXTENDED_COMMENT, "FOO=bar", NULL);

  gst_tag_list_add (tags, GST_TAG_MERGE_APPEND, GST_TAG_EXTENDED_COMMENT,
      "GENRE_DISTRIBUTION=old=1.0000", NULL);
  return gst_event_new_tag (tags);
}

/* Upstream genre tags: passed until the first window, then replaced by the
 * latest result (tag-mode=windows); removed (tag-mode=summary); untouched
 * (emit-tags=false). */
GST_START_TEST (test_tag_mode_upstream_genre)
{
  static const gchar *props[] = { "window=1 tag-mode=windows",
    "window=1 tag-mode=summary", "window=1 emit-tags=false" };

  for (guint m = 0; m < G_N_ELEMENTS (props); m++) {
    GstHarness *h = gc_test_harness (props[m],
        "audio/x-raw, format=F32LE, rate=22050, channels=1, "
        "layout=interleaved");
    GPtrArray *results, *lists;
    const gchar *w0, *sum;

    gst_harness_set_drop_buffers (h, TRUE);
    fail_unless (gst_harness_push_event (h, upstream_tag_event ()));
    gc_test_push_signal (h, GST_AUDIO_FORMAT_F32LE, 22050, 1, 0, 0, 1.5, 2205,
        GC_SIGNAL_MUSIC, NULL);
    /* a decoder repeats its tags */
    fail_unless (gst_harness_push_event (h, upstream_tag_event ()));
    gc_test_push_signal (h, GST_AUDIO_FORMAT_F32LE, 22050, 1,
        gst_util_uint64_scale (33075, GST_SECOND, 22050), 33075, 1.5, 2205,
        GC_SIGNAL_MUSIC, NULL);
    fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));
    results = gc_test_collect_results (gc_test_harness_bus (h));
    fail_unless_equals_int (results->len, 4); /* 3 windows, summary */
    w0 = gc_pipe_genre (g_ptr_array_index (results, 0));
    sum = gc_pipe_genre (gc_pipe_summary (results));
    lists = pull_tag_lists (h);

    switch (m) {
      case 0:
        /* upstream, window 0, upstream again, windows 1 and 2, summary */
        fail_unless_equals_int (lists->len, 6);
        {
          gchar *g = NULL;

          fail_unless (
              gst_tag_list_get_string (lists->pdata[0], GST_TAG_GENRE, &g));
          fail_unless_equals_string (g, "Upstream");
          g_free (g);
        }
        check_list (lists->pdata[1], w0);
        check_list (lists->pdata[2], w0);
        check_list (lists->pdata[5], sum);
        break;
      case 1:
        /* upstream twice without genre, the summary */
        fail_unless_equals_int (lists->len, 3);
        check_list (lists->pdata[0], NULL);
        check_list (lists->pdata[1], NULL);
        check_list (lists->pdata[2], sum);
        break;
      default:
        /* the upstream events as they were */
        fail_unless_equals_int (lists->len, 2);
        for (guint i = 0; i < 2; i++)
          fail_unless_equals_int (gst_tag_list_get_tag_size (lists->pdata[i],
                                      GST_TAG_EXTENDED_COMMENT),
              2);
        break;
    }
    g_ptr_array_unref (lists);
    g_ptr_array_unref (results);
    gc_test_teardown (h);
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
  tcase_add_test (tc, test_tag_mode_upstream_genre);
  tcase_add_test (tc, test_two_pass_tag_setter);
  tcase_add_test (tc, test_two_pass_taginject);
  tcase_add_test (tc, test_one_pass);
  tcase_add_test (tc, test_end_formats_tag_modes);
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
  g_free (tagged_source);
  return ret;
}
