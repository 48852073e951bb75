/* genreclassify — the tools choose their decoders the same way everywhere
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * A fake MP3 decoder of a higher rank than any real one is registered, as
 * gst-libav's avdec_mp3 would be on a machine that prefers it: a plain
 * decodebin takes it, the tools' decoding (gc-decoders.h) must not.  With
 * every MP3 decoder's rank at NONE, decoding must fail with an error that
 * says which decoder to install.
 */
#include <string.h>

#include <gst/audio/gstaudiodecoder.h>
#include <gst/gst.h>

#include "gc-decode.h"
#include "gc-decoders.h"
#include "gc-recipe.h"
#include "gc-test-data.h"

static char *tmp_root;

/* ---- a fake MP3 decoder: silence, one MP3 frame's worth per frame ------- */

typedef GstAudioDecoder FakeMp3Dec;
typedef GstAudioDecoderClass FakeMp3DecClass;
GType fake_mp3_dec_get_type (void);
G_DEFINE_TYPE (FakeMp3Dec, fake_mp3_dec, GST_TYPE_AUDIO_DECODER)

#define FAKE_FRAME 1152

/* The stream's rate and channels, as F32. */
static gboolean
fake_set_format (GstAudioDecoder *dec, GstCaps *caps)
{
  const GstStructure *s = gst_caps_get_structure (caps, 0);
  gint rate = 0, channels = 0;
  GstAudioInfo info;

  if (!gst_structure_get_int (s, "rate", &rate)
      || !gst_structure_get_int (s, "channels", &channels))
    return FALSE;
  gst_audio_info_set_format (&info, GST_AUDIO_FORMAT_F32, rate, channels, NULL);
  return gst_audio_decoder_set_output_format (dec, &info);
}

static GstFlowReturn
fake_handle_frame (GstAudioDecoder *dec, GstBuffer *in)
{
  GstAudioInfo *info = gst_audio_decoder_get_audio_info (dec);
  gsize size = FAKE_FRAME * (gsize)GST_AUDIO_INFO_BPF (info);
  GstBuffer *out;

  if (in == NULL)
    return GST_FLOW_OK;
  out = gst_buffer_new_allocate (NULL, size, NULL);
  gst_buffer_memset (out, 0, 0, size);
  return gst_audio_decoder_finish_frame (dec, out, 1);
}

static void
fake_mp3_dec_class_init (FakeMp3DecClass *klass)
{
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);

  gst_element_class_add_pad_template (element_class,
      gst_pad_template_new ("sink", GST_PAD_SINK, GST_PAD_ALWAYS,
          gst_caps_from_string ("audio/mpeg, mpegversion=(int)1, "
                                "layer=(int)3, parsed=(boolean)true")));
  gst_element_class_add_pad_template (element_class,
      gst_pad_template_new ("src", GST_PAD_SRC, GST_PAD_ALWAYS,
          gst_caps_from_string ("audio/x-raw, format=(string)F32LE, "
                                "layout=(string)interleaved, "
                                "rate=(int)[ 8000, 48000 ], "
                                "channels=(int)[ 1, 2 ]")));
  gst_element_class_set_static_metadata (element_class, "Fake MP3 decoder",
      "Codec/Decoder/Audio", "Silence for every MP3 frame", "genreclassify");
  klass->set_format = fake_set_format;
  klass->handle_frame = fake_handle_frame;
}

static void
fake_mp3_dec_init (FakeMp3Dec *dec)
{
}

/* ---- helpers ------------------------------------------------------------ */

/* Plays @p to its end, which must be EOS, not an error. */
static void
play_to_eos (GstElement *p)
{
  GstBus *bus = gst_element_get_bus (p);
  GstMessage *msg;

  gst_element_set_state (p, GST_STATE_PLAYING);
  msg = gst_bus_timed_pop_filtered (
      bus, 30 * GST_SECOND, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  g_assert_nonnull (msg);
  g_assert_cmpint (GST_MESSAGE_TYPE (msg), ==, GST_MESSAGE_EOS);
  gst_message_unref (msg);
  gst_object_unref (bus);
}

static void
run_pipeline (const char *description)
{
  GError *error = NULL;
  GstElement *p = gst_parse_launch (description, &error);

  g_assert_no_error (error);
  play_to_eos (p);
  gst_element_set_state (p, GST_STATE_NULL);
  gst_object_unref (p);
}

/* 4 s of a tone through @encoder into @name in the temporary folder. */
static char *
make_file (const char *name, const char *encoder)
{
  char *path = g_build_filename (tmp_root, name, NULL);
  char *desc = g_strdup_printf ("audiotestsrc num-buffers=172 freq=660 ! "
                                "audio/x-raw,rate=44100,channels=2 ! "
                                "audioconvert ! %s ! filesink location=\"%s\"",
      encoder, path);

  run_pipeline (desc);
  g_free (desc);
  return path;
}

/* What a plain decodebin, with no help, plugs for @path. */
static char *
decodebin_choice (const char *path)
{
  char *desc = g_strdup_printf ("filesrc location=\"%s\" ! decodebin name=d "
                                "! fakesink sync=false",
      path);
  GstElement *p = gst_parse_launch (desc, NULL);
  GstElement *d = gst_bin_get_by_name (GST_BIN (p), "d");
  char *used;

  play_to_eos (p);
  used = gc_decoders_used (d);
  gst_element_set_state (p, GST_STATE_NULL);
  gst_object_unref (d);
  gst_object_unref (p);
  g_free (desc);
  return used;
}

static GcFileFeatures *
decode (const char *path, GError **error)
{
  GcWindowSpec spec = { 2.0, 0.0, 1.0, GC_FEATURES_SEED212 };

  return gc_decode_file_features (path, &spec, NULL, error);
}

/* Sets the rank of @name, if installed; returns the old one (-1: absent). */
static gint
set_rank (const char *name, gint rank)
{
  GstPluginFeature *f = gst_registry_lookup_feature (gst_registry_get (), name);
  gint old;

  if (f == NULL)
    return -1;
  old = (gint)gst_plugin_feature_get_rank (f);
  gst_plugin_feature_set_rank (f, (guint)rank);
  gst_object_unref (f);
  return old;
}

/* ---- tests -------------------------------------------------------------- */

static void
test_table (void)
{
  const char *pref = gc_decoders_preference ();
  GstCaps *mp3 = gst_caps_from_string (
      "audio/mpeg, mpegversion=(int)1, layer=(int)3, parsed=(boolean)true");
  GstCaps *aac = gst_caps_from_string ("audio/mpeg, mpegversion=(int)4");
  GstCaps *midi = gst_caps_from_string ("audio/midi");
  const char *lists[] = { "mpg123audiodec", NULL, "flacdec,mpg123audiodec",
    "" };
  char *hint, *merged;

  g_assert_cmpint (gc_decoders_position ("mpg123audiodec"), ==, 0);
  g_assert_cmpint (gc_decoders_position ("mpg123audiodec"), <,
      gc_decoders_position ("avdec_mp3"));
  g_assert_cmpint (
      gc_decoders_position ("flacdec"), <, gc_decoders_position ("avdec_flac"));
  g_assert_cmpint (gc_decoders_position ("gcfakemp3dec"), ==, -1);
  g_assert_true (g_str_has_prefix (pref, "mpg123audiodec,avdec_mp3,"));

  hint = gc_decoders_hint (mp3);
  g_assert_cmpstr (hint, ==,
      "the tools decode MP3 with mpg123audiodec (Debian package "
      "gstreamer1.0-plugins-good) or avdec_mp3 (gstreamer1.0-libav) or "
      "avdec_mp3float (gstreamer1.0-libav)");
  g_free (hint);
  hint = gc_decoders_hint (aac);
  g_assert_true (g_str_has_prefix (hint, "the tools decode AAC with "));
  g_assert_null (strstr (hint, "mpg123"));
  g_free (hint);
  g_assert_null (gc_decoders_hint (midi));

  merged = gc_decoders_merge (lists, G_N_ELEMENTS (lists));
  g_assert_cmpstr (merged, ==, "flacdec,mpg123audiodec");
  g_free (merged);
  merged = gc_decoders_merge (lists + 3, 1);
  g_assert_cmpstr (merged, ==, "");
  g_free (merged);

  gst_caps_unref (mp3);
  gst_caps_unref (aac);
  gst_caps_unref (midi);
}

G_GNUC_BEGIN_IGNORE_DEPRECATIONS
static void
test_sort (void)
{
  const char *names[] = { "mpegaudioparse", "gcfakemp3dec", "vorbisdec",
    "mpg123audiodec", "flacparse", "flacdec" };
  const char *expect[] = { "mpegaudioparse", "mpg123audiodec", "flacdec",
    "vorbisdec", "flacparse", "gcfakemp3dec" };
  GValueArray *in = g_value_array_new (G_N_ELEMENTS (names)), *out;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++) {
    GstElementFactory *f = gst_element_factory_find (names[i]);
    GValue v = G_VALUE_INIT;

    g_assert_nonnull (f);
    g_value_init (&v, GST_TYPE_ELEMENT_FACTORY);
    g_value_take_object (&v, f);
    g_value_array_append (in, &v);
    g_value_unset (&v);
  }
  out = gc_decoders_sort (in);
  /* Parsers where they were; the decoders in the table's order, the
   * unlisted one last; the input untouched. */
  g_assert_cmpuint (out->n_values, ==, G_N_ELEMENTS (expect));
  for (guint i = 0; i < out->n_values; i++) {
    g_assert_cmpstr (
        GST_OBJECT_NAME (g_value_get_object (&out->values[i])), ==, expect[i]);
    g_assert_cmpstr (
        GST_OBJECT_NAME (g_value_get_object (&in->values[i])), ==, names[i]);
  }
  g_value_array_free (out);
  g_value_array_free (in);
}
G_GNUC_END_IGNORE_DEPRECATIONS

static void
test_choice (void)
{
  char *mp3 = make_file ("tone.mp3", "lamemp3enc");
  char *flac = make_file ("tone.flac", "flacenc");
  char *wav = make_file ("tone.wav", "wavenc");
  char *plain = decodebin_choice (mp3);
  GcFileFeatures *f;
  GError *error = NULL;

  /* The fake outranks every real decoder: decodebin alone takes it. */
  g_assert_cmpstr (plain, ==, "gcfakemp3dec");
  g_free (plain);

  f = decode (mp3, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (f->decoders, ==, "mpg123audiodec");
  /* A tone, not the fake's silence. */
  g_assert_cmpuint (gc_file_features_n_ok (f), ==, f->n_windows);
  g_assert_cmpuint (f->n_windows, >=, 2);
  gc_file_features_free (f);

  f = decode (flac, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (f->decoders, ==, "flacdec");
  gc_file_features_free (f);

  f = decode (wav, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (f->decoders, ==, "");
  gc_file_features_free (f);

  g_free (mp3);
  g_free (flac);
  g_free (wav);
}

/* Only the fake left: the tools use the one decoder there is. */
static void
test_fallback (void)
{
  char *mp3 = make_file ("fallback.mp3", "lamemp3enc");
  gint old = set_rank ("mpg123audiodec", GST_RANK_NONE);
  gint old_av = set_rank ("avdec_mp3", GST_RANK_NONE);
  gint old_avf = set_rank ("avdec_mp3float", GST_RANK_NONE);
  GError *error = NULL;
  GcFileFeatures *f = decode (mp3, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (f->decoders, ==, "gcfakemp3dec");
  /* The fake's silence: no window to analyse. */
  g_assert_cmpuint (gc_file_features_n_ok (f), ==, 0);
  gc_file_features_free (f);

  set_rank ("mpg123audiodec", old);
  if (old_av >= 0)
    set_rank ("avdec_mp3", old_av);
  if (old_avf >= 0)
    set_rank ("avdec_mp3float", old_avf);
  g_free (mp3);
}

static void
test_missing (void)
{
  char *mp3 = make_file ("missing.mp3", "lamemp3enc");
  const char *all[] = { "mpg123audiodec", "avdec_mp3", "avdec_mp3float",
    "gcfakemp3dec" };
  gint old[G_N_ELEMENTS (all)];
  GError *error = NULL;
  GcFileFeatures *f;

  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    old[i] = set_rank (all[i], GST_RANK_NONE);
  f = decode (mp3, &error);
  g_assert_null (f);
  g_assert_error (error, GC_DECODE_ERROR, GC_DECODE_ERROR_NO_DECODER);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "missing.mp3: cannot decode: "));
  g_assert_nonnull (strstr (error->message,
      "the tools decode MP3 with mpg123audiodec (Debian package "
      "gstreamer1.0-plugins-good)"));
  g_clear_error (&error);
  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    if (old[i] >= 0)
      set_rank (all[i], old[i]);
  g_free (mp3);
}

/* A FLAC file of metadata and no audio frame: flacparse posts an error and
 * then passes EOS on.  Which of the two the decoding loop saw first used
 * to decide between "cannot decode" and "no usable window" from run to
 * run; the error must win every time. */
static void
test_no_frames (void)
{
  char *path = make_file ("no-frames.flac", "flacenc");
  char *data;
  gsize len, pos = 4;
  gboolean last = FALSE;

  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  g_assert_true (len > 4 && memcmp (data, "fLaC", 4) == 0);
  /* the metadata blocks: 1 byte (last-block flag, type), 3 bytes length */
  while (!last) {
    g_assert_cmpuint (pos + 4, <=, len);
    last = (data[pos] & 0x80) != 0;
    pos += 4
        + (((guint8)data[pos + 1] << 16) | ((guint8)data[pos + 2] << 8)
            | (guint8)data[pos + 3]);
  }
  g_assert_cmpuint (pos, <, len);
  g_assert_true (g_file_set_contents (path, data, (gssize)pos, NULL));

  for (guint run = 0; run < 40; run++) {
    GError *error = NULL;
    GcFileFeatures *f = decode (path, &error);

    g_assert_null (f);
    g_assert_error (error, GC_DECODE_ERROR, GC_DECODE_ERROR_STREAM);
    g_assert_nonnull (strstr (error->message, "no-frames.flac: cannot decode"));
    g_clear_error (&error);
  }
  g_free (data);
  g_free (path);
}

static void
test_recipe (void)
{
  GcRecipe r = { 30, 30, 5, 2, 0.5, 1 }, back = { 0 };
  char *text;

  r.decoders = (char *)"flacdec,mpg123audiodec";
  r.grouped_probability = TRUE;
  text = gc_recipe_to_string (&r);
  g_assert_true (g_str_has_suffix (
      text, ", probability grouped, decoders flacdec,mpg123audiodec"));
  {
    /* What the trainer appends after the recipe must not be read into it. */
    char *full = g_strconcat (text, ", 5-fold CV accuracy 0.5", NULL);

    g_assert_true (gc_recipe_parse (full, &back));
    g_free (full);
  }
  g_assert_cmpstr (back.decoders, ==, "flacdec,mpg123audiodec");
  g_assert_true (back.grouped_probability);
  gc_recipe_clear (&back);
  g_free (text);

  r.decoders = NULL;
  text = gc_recipe_to_string (&r);
  g_assert_null (strstr (text, "decoders"));
  g_assert_true (gc_recipe_parse (text, &back));
  g_assert_null (back.decoders);
  gc_recipe_clear (&back);
  g_free (text);
}

int
main (int argc, char **argv)
{
  int status;

  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);
  g_assert_true (gst_element_register (
      NULL, "gcfakemp3dec", GST_RANK_PRIMARY + 100, fake_mp3_dec_get_type ()));
  tmp_root = g_dir_make_tmp ("gc-decoders-XXXXXX", NULL);
  g_assert_nonnull (tmp_root);

  g_test_add_func ("/decoders/table", test_table);
  g_test_add_func ("/decoders/sort", test_sort);
  g_test_add_func ("/decoders/choice", test_choice);
  g_test_add_func ("/decoders/fallback", test_fallback);
  g_test_add_func ("/decoders/missing", test_missing);
  g_test_add_func ("/decoders/no-frames", test_no_frames);
  g_test_add_func ("/decoders/recipe", test_recipe);
  status = g_test_run ();

  gc_test_remove_tree (tmp_root);
  g_free (tmp_root);
  gst_deinit ();
  return status;
}
