/* genreclassify-tag — write a genre into a file's tags, through GStreamer,
 * without re-encoding and without ever damaging the original
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * How each format is rewritten, and why this way, is in
 * docs/howto-batch-tagging.md.  Every recipe merges the same list of tags
 * (gc_tag_write_make_tags() plus the file's other extended comments) over
 * the file's tags with GST_TAG_MERGE_KEEP semantics: the new values win,
 * every other tag of the file stays.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <gst/pbutils/pbutils.h>
#include <gst/tag/tag.h>

#include "gc-tag-write.h"

#define DISTRIBUTION_KEY "GENRE_DISTRIBUTION"
#define TIMEOUT (600 * GST_SECOND)

GQuark
gc_tag_write_error_quark (void)
{
  return g_quark_from_static_string ("gc-tag-write-error-quark");
}

typedef enum {
  RECIPE_FLAC,
  RECIPE_OGG_VORBIS,
  RECIPE_OGG_OPUS,
  RECIPE_OGG_FLAC,
  RECIPE_MP3,
  RECIPE_MP3_ID3,
  RECIPE_MATROSKA,
  RECIPE_WEBM,
  RECIPE_WAV,
} Recipe;

/* What the source is, from GstDiscoverer. */
typedef struct {
  Recipe recipe;
  GstTagList *tags; /* of the audio stream; may be NULL */
} Source;

/* ---- tags -------------------------------------------------------------- */

GstTagList *
gc_tag_write_make_tags (const char *genre, const char *distribution)
{
  GstTagList *tags = gst_tag_list_new (GST_TAG_GENRE, genre, NULL);

  if (distribution != NULL) {
    char *comment = g_strdup_printf (DISTRIBUTION_KEY "=%s", distribution);

    gst_tag_list_add (
        tags, GST_TAG_MERGE_APPEND, GST_TAG_EXTENDED_COMMENT, comment, NULL);
    g_free (comment);
  }
  return tags;
}

static gboolean
is_distribution_comment (const char *comment)
{
  gsize n = strlen (DISTRIBUTION_KEY);

  /* "KEY=value" (Vorbis comments) or "KEY[lang]=value" (ID3v2) */
  return g_ascii_strncasecmp (comment, DISTRIBUTION_KEY, n) == 0
      && (comment[n] == '=' || comment[n] == '[');
}

/* @tags plus the extended comments of @old that are not a distribution:
 * merged with GST_TAG_MERGE_KEEP over @old, the result keeps all of @old's
 * other extended comments (KEEP keeps all values of a tag of the first
 * list, dropping the second list's). */
static GstTagList *
full_tags (const GstTagList *tags, const GstTagList *old)
{
  GstTagList *full = gst_tag_list_copy (tags);
  guint n = old ? gst_tag_list_get_tag_size (old, GST_TAG_EXTENDED_COMMENT) : 0;

  if (gst_tag_list_get_tag_size (tags, GST_TAG_EXTENDED_COMMENT) == 0)
    return full; /* KEEP leaves old's extended comments alone */
  for (guint i = 0; i < n; i++) {
    const char *c = NULL;

    if (gst_tag_list_peek_string_index (old, GST_TAG_EXTENDED_COMMENT, i, &c)
        && c != NULL && !is_distribution_comment (c))
      gst_tag_list_add (
          full, GST_TAG_MERGE_APPEND, GST_TAG_EXTENDED_COMMENT, c, NULL);
  }
  return full;
}

/* ---- discovering the source -------------------------------------------- */

static gboolean
caps_is (const GstCaps *caps, const char *name)
{
  return caps != NULL && gst_caps_get_size (caps) > 0
      && gst_structure_has_name (gst_caps_get_structure (caps, 0), name);
}

/* Matroska attachments, as matroskademux reports them. */
static gboolean
has_attachments (const GstTagList *tags)
{
  return tags != NULL
      && (gst_tag_list_get_tag_size (tags, GST_TAG_ATTACHMENT) > 0
          || gst_tag_list_get_tag_size (tags, GST_TAG_IMAGE) > 0
          || gst_tag_list_get_tag_size (tags, GST_TAG_PREVIEW_IMAGE) > 0);
}

/* Does a stream of @streams have caps @name? */
static gboolean
has_caps (GList *streams, const char *name)
{
  for (GList *l = streams; l != NULL; l = l->next) {
    GstCaps *caps = gst_discoverer_stream_info_get_caps (l->data);
    gboolean is = caps_is (caps, name);

    if (caps)
      gst_caps_unref (caps);
    if (is)
      return TRUE;
  }
  return FALSE;
}

static GstDiscovererInfo *
discover (const char *path, GError **error)
{
  GstDiscoverer *disc = gst_discoverer_new (60 * GST_SECOND, error);
  GstDiscovererInfo *info = NULL;
  char *uri;

  if (disc == NULL)
    return NULL;
  uri = gst_filename_to_uri (path, error);
  if (uri != NULL)
    info = gst_discoverer_discover_uri (disc, uri, error);
  g_free (uri);
  g_object_unref (disc);
  if (info != NULL
      && gst_discoverer_info_get_result (info) != GST_DISCOVERER_OK) {
    if (error != NULL && *error == NULL)
      g_set_error (error, GST_STREAM_ERROR, GST_STREAM_ERROR_FAILED,
          "cannot read the file");
    gst_discoverer_info_unref (info);
    info = NULL;
  }
  return info;
}

/* The audio stream's tags, with the container's (Matroska: global) tags
 * added where the stream has none. */
static GstTagList *
audio_tags (GstDiscovererInfo *info)
{
  GList *streams = gst_discoverer_info_get_audio_streams (info);
  GstDiscovererStreamInfo *top = gst_discoverer_info_get_stream_info (info);
  const GstTagList *st = NULL, *ct = NULL;
  GstTagList *tags = NULL;

  if (streams != NULL)
    st = gst_discoverer_stream_info_get_tags (streams->data);
  if (top != NULL && GST_IS_DISCOVERER_CONTAINER_INFO (top))
    ct = gst_discoverer_container_info_get_tags (
        GST_DISCOVERER_CONTAINER_INFO (top));
  if (st != NULL || ct != NULL)
    tags = gst_tag_list_merge (st, ct, GST_TAG_MERGE_KEEP);
  if (top != NULL)
    gst_discoverer_stream_info_unref (top);
  gst_discoverer_stream_info_list_free (streams);
  return tags;
}

static gboolean
read_source (const char *path, Source *src, GError **error)
{
  GError *err = NULL;
  GstDiscovererInfo *info = discover (path, &err);
  GstDiscovererStreamInfo *top;
  GList *audio, *video, *subtitles;
  GstCaps *ccaps = NULL, *acaps = NULL;
  guint n_audio;
  gboolean single, ok = TRUE, reported = FALSE;

  if (info == NULL) {
    g_set_error (error, GC_TAG_WRITE_ERROR, GC_TAG_WRITE_ERROR_READ,
        "%s: cannot read it to write tags: %s", path,
        err ? err->message : "unknown error");
    g_clear_error (&err);
    return FALSE;
  }
  top = gst_discoverer_info_get_stream_info (info);
  audio = gst_discoverer_info_get_audio_streams (info);
  video = gst_discoverer_info_get_video_streams (info);
  subtitles = gst_discoverer_info_get_subtitle_streams (info);
  n_audio = g_list_length (audio);
  /* Ogg and WAV: only one stream is handled */
  single = n_audio == 1 && video == NULL && subtitles == NULL;
  ccaps = top ? gst_discoverer_stream_info_get_caps (top) : NULL;
  acaps = audio ? gst_discoverer_stream_info_get_caps (audio->data) : NULL;

  src->tags = audio_tags (info);

  if (n_audio == 0) {
    ok = FALSE;
  } else if (caps_is (ccaps, "audio/x-flac")) {
    src->recipe = RECIPE_FLAC;
  } else if ((caps_is (ccaps, "audio/ogg")
                 || caps_is (ccaps, "application/ogg"))
      && single && caps_is (acaps, "audio/x-vorbis")) {
    src->recipe = RECIPE_OGG_VORBIS;
  } else if ((caps_is (ccaps, "audio/ogg")
                 || caps_is (ccaps, "application/ogg"))
      && single && caps_is (acaps, "audio/x-opus")) {
    src->recipe = RECIPE_OGG_OPUS;
  } else if ((caps_is (ccaps, "audio/ogg")
                 || caps_is (ccaps, "application/ogg"))
      && single && caps_is (acaps, "audio/x-flac")) {
    src->recipe = RECIPE_OGG_FLAC;
  } else if ((caps_is (ccaps, "application/x-id3")
                 || caps_is (ccaps, "audio/mpeg"))
      && single && caps_is (acaps, "audio/mpeg")) {
    gint version = 0;

    gst_structure_get_int (
        gst_caps_get_structure (acaps, 0), "mpegversion", &version);
    src->recipe =
        caps_is (ccaps, "application/x-id3") ? RECIPE_MP3_ID3 : RECIPE_MP3;
    ok = (version == 1);
  } else if ((caps_is (ccaps, "video/x-matroska")
                 || caps_is (ccaps, "audio/x-matroska")
                 || caps_is (ccaps, "video/webm")
                 || caps_is (ccaps, "audio/webm"))
      && has_attachments (src->tags)) {
    /* matroskamux writes no attachments: they would be lost */
    g_set_error (error, GC_TAG_WRITE_ERROR, GC_TAG_WRITE_ERROR_UNSUPPORTED,
        "%s: cannot write tags into Matroska files with attachments (cover "
        "art, fonts...): remuxing would drop them",
        path);
    ok = FALSE;
    reported = TRUE;
  } else if ((caps_is (ccaps, "video/x-matroska")
                 || caps_is (ccaps, "audio/x-matroska"))
      && !has_caps (audio, "audio/x-flac")) {
    /* (matroskamux does not take matroskademux's FLAC back as it is) */
    src->recipe = RECIPE_MATROSKA;
  } else if (caps_is (ccaps, "video/webm") || caps_is (ccaps, "audio/webm")) {
    src->recipe = RECIPE_WEBM;
  } else if (caps_is (ccaps, "audio/x-wav") && single
      && (caps_is (acaps, "audio/x-raw") || caps_is (acaps, "audio/x-wav"))) {
    src->recipe = RECIPE_WAV;
  } else {
    ok = FALSE;
  }

  if (!ok && !reported) {
    char *desc = NULL;

    if (ccaps != NULL)
      desc = gst_pb_utils_get_codec_description (ccaps);
    if (has_caps (audio, "audio/x-flac") && !caps_is (ccaps, "audio/x-flac"))
      g_set_error (error, GC_TAG_WRITE_ERROR, GC_TAG_WRITE_ERROR_UNSUPPORTED,
          "%s: cannot write tags into %s files with FLAC audio (only native "
          "and Ogg FLAC)",
          path, desc ? desc : "such");
    else
      g_set_error (error, GC_TAG_WRITE_ERROR, GC_TAG_WRITE_ERROR_UNSUPPORTED,
          "%s: cannot write tags into %s files (supported: FLAC, Ogg "
          "Vorbis, Opus or FLAC, MP3, Matroska, WebM, PCM WAV)",
          path, desc ? desc : "such");
    g_free (desc);
    g_clear_pointer (&src->tags, gst_tag_list_unref);
  }
  if (ccaps)
    gst_caps_unref (ccaps);
  if (acaps)
    gst_caps_unref (acaps);
  if (top)
    gst_discoverer_stream_info_unref (top);
  gst_discoverer_stream_info_list_free (audio);
  gst_discoverer_stream_info_list_free (video);
  gst_discoverer_stream_info_list_free (subtitles);
  gst_discoverer_info_unref (info);
  return ok;
}

/* ---- the remuxing pipeline --------------------------------------------- */

typedef struct {
  const GstTagList *tags; /* full_tags(): merged KEEP over what passes */
  GstElement *mux; /* Matroska: where demuxed streams go */
  GstElement *pipeline;
} Remux;

/* Stream tag events (Matroska track tags): the new tags win. */
static GstPadProbeReturn
on_tag_event (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  Remux *r = user_data;
  GstEvent *event = GST_PAD_PROBE_INFO_EVENT (info);
  GstTagList *tags, *merged;

  if (GST_EVENT_TYPE (event) != GST_EVENT_TAG)
    return GST_PAD_PROBE_OK;
  gst_event_parse_tag (event, &tags);
  merged = gst_tag_list_merge (r->tags, tags, GST_TAG_MERGE_KEEP);
  gst_tag_list_set_scope (merged, gst_tag_list_get_scope (tags));
  GST_PAD_PROBE_INFO_DATA (info) = gst_event_new_tag (merged);
  gst_event_unref (event);
  return GST_PAD_PROBE_OK;
}

/* A Vorbis comment header, wherever a stream keeps one: Vorbis'
 * "\003vorbis" packet (with its framing bit), Opus' "OpusTags" packet, a
 * FLAC VORBIS_COMMENT metadata block (4-byte block header).  NULL if
 * @buf is none of these. */
static GstBuffer *
rewrite_comment_packet (GstBuffer *buf, const GstTagList *tags)
{
  static const guint8 vorbis_id[] = { 0x03, 'v', 'o', 'r', 'b', 'i', 's' };
  static const guint8 opus_id[] = { 'O', 'p', 'u', 's', 'T', 'a', 'g', 's' };
  guint8 flac_id[4];
  const guint8 *id;
  gsize id_len, size = gst_buffer_get_size (buf);
  gboolean framing, flac = FALSE;
  GstTagList *old, *merged;
  GstBuffer *out;
  char *vendor = NULL;

  if (gst_buffer_memcmp (buf, 0, vorbis_id, sizeof (vorbis_id)) == 0) {
    id = vorbis_id;
    id_len = sizeof (vorbis_id);
    framing = TRUE;
  } else if (gst_buffer_memcmp (buf, 0, opus_id, sizeof (opus_id)) == 0) {
    id = opus_id;
    id_len = sizeof (opus_id);
    framing = FALSE;
  } else if (size > 4 && gst_buffer_extract (buf, 0, flac_id, 4) == 4
      && (flac_id[0] & 0x7f) == 4
      && ((gsize)flac_id[1] << 16 | (gsize)flac_id[2] << 8 | flac_id[3])
          == size - 4) {
    id = flac_id;
    id_len = 4;
    framing = FALSE;
    flac = TRUE;
  } else {
    return NULL;
  }
  old = gst_tag_list_from_vorbiscomment_buffer (buf, id, id_len, &vendor);
  if (old == NULL) {
    g_free (vendor);
    return NULL; /* not a comment header after all */
  }
  merged = gst_tag_list_merge (tags, old, GST_TAG_MERGE_KEEP);
  out = gst_tag_list_to_vorbiscomment_buffer (merged, id, id_len, vendor);
  /* gst_tag_list_to_vorbiscomment_buffer() ends with Vorbis' framing bit;
   * OpusTags (RFC 7845, 5.2) and FLAC blocks have none */
  if (out != NULL && !framing)
    gst_buffer_resize (out, 0, gst_buffer_get_size (out) - 1);
  if (out != NULL && flac) {
    gsize len = gst_buffer_get_size (out) - 4;
    guint8 header[4] = { flac_id[0], (len >> 16) & 0xff, (len >> 8) & 0xff,
      len & 0xff };

    if (len > 0xffffff) {
      gst_buffer_unref (out);
      out = NULL;
    } else {
      gst_buffer_fill (out, 0, header, 4);
    }
  }
  if (out != NULL)
    gst_buffer_copy_into (
        out, buf, GST_BUFFER_COPY_FLAGS | GST_BUFFER_COPY_TIMESTAMPS, 0, -1);
  gst_tag_list_unref (old);
  gst_tag_list_unref (merged);
  g_free (vendor);
  return out;
}

static GstPadProbeReturn
on_header_data (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  Remux *r = user_data;

  if (info->type & GST_PAD_PROBE_TYPE_BUFFER) {
    GstBuffer *buf = GST_PAD_PROBE_INFO_BUFFER (info);
    GstBuffer *out;

    if (!GST_BUFFER_FLAG_IS_SET (buf, GST_BUFFER_FLAG_HEADER))
      return GST_PAD_PROBE_OK;
    out = rewrite_comment_packet (buf, r->tags);
    if (out != NULL) {
      GST_PAD_PROBE_INFO_DATA (info) = out;
      gst_buffer_unref (buf);
    }
  } else if (info->type & GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM) {
    GstEvent *event = GST_PAD_PROBE_INFO_EVENT (info);
    GstCaps *caps;
    const GValue *headers;
    GValue new_headers = G_VALUE_INIT;

    if (GST_EVENT_TYPE (event) != GST_EVENT_CAPS)
      return GST_PAD_PROBE_OK;
    gst_event_parse_caps (event, &caps);
    headers = gst_structure_get_value (
        gst_caps_get_structure (caps, 0), "streamheader");
    if (headers == NULL || !GST_VALUE_HOLDS_ARRAY (headers))
      return GST_PAD_PROBE_OK;

    g_value_init (&new_headers, GST_TYPE_ARRAY);
    for (guint i = 0; i < gst_value_array_get_size (headers); i++) {
      const GValue *v = gst_value_array_get_value (headers, i);
      GstBuffer *buf = gst_value_get_buffer (v);
      GstBuffer *out = buf ? rewrite_comment_packet (buf, r->tags) : NULL;
      GValue nv = G_VALUE_INIT;

      g_value_init (&nv, GST_TYPE_BUFFER);
      gst_value_set_buffer (&nv, out ? out : buf);
      if (out)
        gst_buffer_unref (out);
      gst_value_array_append_and_take_value (&new_headers, &nv);
    }
    caps = gst_caps_copy (caps);
    gst_structure_take_value (
        gst_caps_get_structure (caps, 0), "streamheader", &new_headers);
    GST_PAD_PROBE_INFO_DATA (info) = gst_event_new_caps (caps);
    gst_caps_unref (caps);
    gst_event_unref (event);
  }
  return GST_PAD_PROBE_OK;
}

static void
on_ogg_pad (GstElement *demux, GstPad *pad, gpointer user_data)
{
  gst_pad_add_probe (pad,
      GST_PAD_PROBE_TYPE_BUFFER | GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM,
      on_header_data, user_data, NULL);
}

/* Matroska: every demuxed stream goes to a pad of the muxer, its tag
 * events through on_tag_event(). */
static void
on_demux_pad (GstElement *demux, GstPad *pad, gpointer user_data)
{
  Remux *r = user_data;
  GstCaps *caps = gst_pad_get_current_caps (pad);
  GstPad *sinkpad = gst_element_get_compatible_pad (r->mux, pad, caps);

  if (caps)
    gst_caps_unref (caps);
  if (sinkpad == NULL || gst_pad_link (pad, sinkpad) != GST_PAD_LINK_OK) {
    GST_ELEMENT_ERROR (r->mux, STREAM, MUX,
        ("cannot remux stream %s:%s", GST_DEBUG_PAD_NAME (pad)), (NULL));
  } else {
    /* track tags, and the comment header in the codec data (Vorbis) */
    gst_pad_add_probe (
        sinkpad, GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM, on_tag_event, r, NULL);
    gst_pad_add_probe (pad,
        GST_PAD_PROBE_TYPE_BUFFER | GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM,
        on_header_data, r, NULL);
  }
  if (sinkpad)
    gst_object_unref (sinkpad);
}

static const char *
recipe_description (Recipe recipe)
{
  switch (recipe) {
    case RECIPE_FLAC:
      return "flactag name=tagger";
    case RECIPE_OGG_VORBIS:
    case RECIPE_OGG_OPUS:
    case RECIPE_OGG_FLAC:
      return "oggdemux name=demux ! oggmux";
    case RECIPE_MP3:
      return "id3v2mux name=tagger";
    case RECIPE_MP3_ID3:
      return "id3demux ! id3v2mux name=tagger";
    case RECIPE_MATROSKA:
      return "matroskademux name=demux matroskamux name=tagger";
    case RECIPE_WEBM:
      return "matroskademux name=demux webmmux name=tagger";
    case RECIPE_WAV:
      return "wavparse ! wavenc name=tagger";
  }
  return NULL;
}

/* Runs @pipeline to EOS; errors are @code, "@path: @what failed: …". */
static gboolean
run_pipeline (GstElement *pipeline, const char *path, const char *what,
    GcTagWriteError code, GError **error)
{
  GstBus *bus = gst_element_get_bus (pipeline);
  gboolean started = gst_element_set_state (pipeline, GST_STATE_PLAYING)
      != GST_STATE_CHANGE_FAILURE;
  /* a failed start leaves its error on the bus */
  GstMessage *msg = gst_bus_timed_pop_filtered (
      bus, started ? TIMEOUT : 0, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  gboolean ok = FALSE;

  if (msg == NULL) {
    g_set_error (error, GC_TAG_WRITE_ERROR, code, "%s: %s failed: %s", path,
        what, started ? "timeout" : "cannot start");
  } else if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR) {
    GError *err = NULL;

    gst_message_parse_error (msg, &err, NULL);
    g_set_error (error, GC_TAG_WRITE_ERROR, code, "%s: %s failed: %s", path,
        what, err->message);
    g_error_free (err);
  } else {
    ok = TRUE;
  }
  if (msg)
    gst_message_unref (msg);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (bus);
  return ok;
}

/* Remuxes @src_path into @tmp with the tags. */
static gboolean
remux (const char *src_path, const Source *src, const char *tmp,
    const GstTagList *tags, GError **error)
{
  char *desc = g_strdup_printf ("filesrc name=src ! %s ! filesink name=sink",
      recipe_description (src->recipe));
  GError *err = NULL;
  GstElement *pipeline =
      gst_parse_launch_full (desc, NULL, GST_PARSE_FLAG_FATAL_ERRORS, &err);
  GstElement *e;
  Remux r = { 0 };
  gboolean ok;

  g_free (desc);
  if (pipeline == NULL) {
    g_set_error (error, GC_TAG_WRITE_ERROR, GC_TAG_WRITE_ERROR_WRITE,
        "%s: cannot build the remuxing pipeline: %s (is a GStreamer plugin "
        "missing?)",
        src_path, err ? err->message : "unknown error");
    g_clear_error (&err);
    return FALSE;
  }
  r.tags = full_tags (tags, src->tags);
  r.pipeline = pipeline;

  e = gst_bin_get_by_name (GST_BIN (pipeline), "src");
  g_object_set (e, "location", src_path, NULL);
  gst_object_unref (e);
  e = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  g_object_set (e, "location", tmp, NULL);
  gst_object_unref (e);

  /* The tag setter's tags win over the file's (KEEP: the setter's list is
   * the first one merged, by flactag, GstTagMux, matroskamux, wavenc). */
  e = gst_bin_get_by_name (GST_BIN (pipeline), "tagger");
  if (e != NULL) {
    gst_tag_setter_merge_tags (
        GST_TAG_SETTER (e), r.tags, GST_TAG_MERGE_REPLACE_ALL);
    gst_tag_setter_set_tag_merge_mode (GST_TAG_SETTER (e), GST_TAG_MERGE_KEEP);
    if (src->recipe == RECIPE_MATROSKA || src->recipe == RECIPE_WEBM) {
      GstElement *demux = gst_bin_get_by_name (GST_BIN (pipeline), "demux");

      r.mux = e;
      g_signal_connect (demux, "pad-added", G_CALLBACK (on_demux_pad), &r);
      gst_object_unref (demux);
    } else if (src->recipe == RECIPE_MP3_ID3 || src->recipe == RECIPE_WAV) {
      GstPad *pad = gst_element_get_static_pad (e, "sink");

      gst_pad_add_probe (
          pad, GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM, on_tag_event, &r, NULL);
      gst_object_unref (pad);
    }
    gst_object_unref (e);
  }
  if (src->recipe == RECIPE_OGG_VORBIS || src->recipe == RECIPE_OGG_OPUS
      || src->recipe == RECIPE_OGG_FLAC) {
    e = gst_bin_get_by_name (GST_BIN (pipeline), "demux");
    g_signal_connect (e, "pad-added", G_CALLBACK (on_ogg_pad), &r);
    gst_object_unref (e);
  }

  ok = run_pipeline (pipeline, src_path, "writing the tagged copy",
      GC_TAG_WRITE_ERROR_WRITE, error);
  gst_object_unref (pipeline);
  gst_tag_list_unref ((GstTagList *)r.tags);
  return ok;
}

/* ---- verifying and replacing ------------------------------------------- */

/* What a file's first audio stream holds, as its parser (parsebin) sees it:
 * the audio packets, not the headers.  Remuxing must keep all of them. */
typedef struct {
  GMutex lock;
  GstElement *pipeline;
  GstPad *audio; /* the first pad that had audio caps (not a reference) */
  guint64 packets;
  guint64 bytes;
  GstClockTime end; /* latest PTS + duration */
} Measure;

static gboolean
pad_has_audio (GstPad *pad)
{
  GstCaps *caps = gst_pad_get_current_caps (pad);
  gboolean audio = caps != NULL && gst_caps_get_size (caps) > 0
      && g_str_has_prefix (
          gst_structure_get_name (gst_caps_get_structure (caps, 0)), "audio/");

  if (caps)
    gst_caps_unref (caps);
  return audio;
}

static GstPadProbeReturn
on_measure_buffer (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  Measure *m = user_data;
  GstBuffer *buf = GST_PAD_PROBE_INFO_BUFFER (info);
  gboolean mine;

  /* caps are known by the first buffer (not always when the pad appears) */
  g_mutex_lock (&m->lock);
  if (m->audio == NULL && pad_has_audio (pad))
    m->audio = pad;
  mine = (m->audio == pad);
  g_mutex_unlock (&m->lock);
  if (!mine || GST_BUFFER_FLAG_IS_SET (buf, GST_BUFFER_FLAG_HEADER))
    return GST_PAD_PROBE_OK;
  m->packets++;
  m->bytes += gst_buffer_get_size (buf);
  if (GST_BUFFER_PTS_IS_VALID (buf)) {
    GstClockTime end = GST_BUFFER_PTS (buf)
        + (GST_BUFFER_DURATION_IS_VALID (buf) ? GST_BUFFER_DURATION (buf) : 0);

    if (!GST_CLOCK_TIME_IS_VALID (m->end) || end > m->end)
      m->end = end;
  }
  return GST_PAD_PROBE_OK;
}

static void
on_measure_pad (GstElement *parsebin, GstPad *pad, gpointer user_data)
{
  Measure *m = user_data;
  GstElement *sink = gst_element_factory_make ("fakesink", NULL);
  GstPad *sinkpad;

  g_object_set (sink, "sync", FALSE, "async", FALSE, NULL);
  gst_bin_add (GST_BIN (m->pipeline), sink);
  gst_element_sync_state_with_parent (sink);
  sinkpad = gst_element_get_static_pad (sink, "sink");
  gst_pad_link (pad, sinkpad);
  gst_object_unref (sinkpad);
  gst_pad_add_probe (
      pad, GST_PAD_PROBE_TYPE_BUFFER, on_measure_buffer, m, NULL);
}

static gboolean
measure (const char *path, Measure *m, GError **error)
{
  GstElement *src, *parse;
  gboolean ok;

  memset (m, 0, sizeof (*m));
  g_mutex_init (&m->lock);
  m->end = GST_CLOCK_TIME_NONE;
  m->pipeline = gst_pipeline_new (NULL);
  src = gst_element_factory_make ("filesrc", NULL);
  parse = gst_element_factory_make ("parsebin", NULL);
  g_object_set (src, "location", path, NULL);
  gst_bin_add_many (GST_BIN (m->pipeline), src, parse, NULL);
  gst_element_link (src, parse);
  g_signal_connect (parse, "pad-added", G_CALLBACK (on_measure_pad), m);
  ok = run_pipeline (m->pipeline, path, "reading the audio packets",
      GC_TAG_WRITE_ERROR_VERIFY, error);
  gst_object_unref (m->pipeline);
  g_mutex_clear (&m->lock);
  if (ok && m->audio == NULL) {
    g_set_error (error, GC_TAG_WRITE_ERROR, GC_TAG_WRITE_ERROR_VERIFY,
        "%s: no audio stream found when reading it back", path);
    ok = FALSE;
  }
  return ok;
}

/* The tagged copy @tmp of @src_path: it has the genre, and the same audio
 * packets (count, bytes, end time) as the original. */
static gboolean
verify (const char *tmp, const char *src_path, const GstTagList *tags,
    GError **error)
{
  GError *err = NULL;
  GstDiscovererInfo *info = discover (tmp, &err);
  GstTagList *got;
  const char *want = NULL;
  char *genre = NULL;
  Measure a, b;
  gboolean ok = TRUE;

  if (info == NULL) {
    g_set_error (error, GC_TAG_WRITE_ERROR, GC_TAG_WRITE_ERROR_VERIFY,
        "%s: the tagged copy cannot be read back: %s", src_path,
        err ? err->message : "unknown error");
    g_clear_error (&err);
    return FALSE;
  }
  got = audio_tags (info);
  gst_tag_list_peek_string_index (tags, GST_TAG_GENRE, 0, &want);
  if (got == NULL || !gst_tag_list_get_string (got, GST_TAG_GENRE, &genre)
      || g_strcmp0 (genre, want) != 0) {
    g_set_error (error, GC_TAG_WRITE_ERROR, GC_TAG_WRITE_ERROR_VERIFY,
        "%s: the tagged copy reads back with genre \"%s\", not \"%s\"",
        src_path, genre ? genre : "(none)", want);
    ok = FALSE;
  }
  g_free (genre);
  if (got)
    gst_tag_list_unref (got);
  gst_discoverer_info_unref (info);

  if (ok && measure (src_path, &a, error) && measure (tmp, &b, error)) {
    if (a.packets != b.packets || a.bytes != b.bytes || a.end != b.end) {
      g_set_error (error, GC_TAG_WRITE_ERROR, GC_TAG_WRITE_ERROR_VERIFY,
          "%s: the tagged copy's audio differs from the original's: "
          "%" G_GUINT64_FORMAT " packets, %" G_GUINT64_FORMAT
          " bytes, ending at %" GST_TIME_FORMAT " instead of %" G_GUINT64_FORMAT
          ", %" G_GUINT64_FORMAT ", %" GST_TIME_FORMAT,
          src_path, b.packets, b.bytes, GST_TIME_ARGS (b.end), a.packets,
          a.bytes, GST_TIME_ARGS (a.end));
      ok = FALSE;
    }
  } else {
    ok = FALSE;
  }
  return ok;
}

static gboolean
sync_file (const char *path)
{
  int fd = g_open (path, O_RDONLY, 0);
  gboolean ok;

  if (fd < 0)
    return FALSE;
  ok = fsync (fd) == 0;
  close (fd);
  return ok;
}

static gboolean
same_stat (const GStatBuf *a, const GStatBuf *b)
{
  return a->st_size == b->st_size && a->st_mtime == b->st_mtime
      && a->st_ino == b->st_ino && a->st_dev == b->st_dev;
}

/* Remuxes @src_path into a temporary file beside @dest, verifies it and
 * renames it over @dest. */
static gboolean
write_tagged (const char *src_path, const char *dest, const GstTagList *tags,
    GError **error)
{
  Source src = { 0 };
  GStatBuf before, after;
  char *dir = g_path_get_dirname (dest);
  char *base = g_path_get_basename (dest);
  char *tmp =
      g_strdup_printf ("%s" G_DIR_SEPARATOR_S ".%s.gctag-XXXXXX", dir, base);
  int fd;
  gboolean ok = FALSE;

  if (g_stat (src_path, &before) != 0) {
    int e = errno;

    g_set_error (error, GC_TAG_WRITE_ERROR, GC_TAG_WRITE_ERROR_READ, "%s: %s",
        src_path, g_strerror (e));
    goto out;
  }
  if (!read_source (src_path, &src, error))
    goto out;
  if (g_mkdir_with_parents (dir, 0777) != 0) {
    int e = errno;

    g_set_error (error, GC_TAG_WRITE_ERROR, GC_TAG_WRITE_ERROR_WRITE,
        "%s: cannot create the folder: %s", dir, g_strerror (e));
    goto out;
  }
  fd = g_mkstemp (tmp);
  if (fd < 0) {
    int e = errno;

    g_set_error (error, GC_TAG_WRITE_ERROR, GC_TAG_WRITE_ERROR_WRITE,
        "%s: cannot create a temporary file in %s: %s", src_path, dir,
        g_strerror (e));
    goto out;
  }
  close (fd);

  if (!remux (src_path, &src, tmp, tags, error)
      || !verify (tmp, src_path, tags, error))
    goto remove;
  /* the original's owner (when allowed) and permissions */
  if (chown (tmp, before.st_uid, before.st_gid) != 0
      && chown (tmp, (uid_t)-1, before.st_gid) != 0) {
    /* best effort: the file stays the current user's */
  }
  if (g_chmod (tmp, before.st_mode & 07777) != 0 || !sync_file (tmp)) {
    int e = errno;

    g_set_error (error, GC_TAG_WRITE_ERROR, GC_TAG_WRITE_ERROR_WRITE,
        "%s: cannot finish the tagged copy: %s", src_path, g_strerror (e));
    goto remove;
  }
  /* a file rewritten while we were copying it must not be replaced by the
   * copy of its old content */
  if (g_stat (src_path, &after) != 0 || !same_stat (&before, &after)) {
    g_set_error (error, GC_TAG_WRITE_ERROR, GC_TAG_WRITE_ERROR_CHANGED,
        "%s: the file changed while it was being tagged; left as it is",
        src_path);
    goto remove;
  }
  if (g_rename (tmp, dest) != 0) {
    int e = errno;

    g_set_error (error, GC_TAG_WRITE_ERROR, GC_TAG_WRITE_ERROR_WRITE,
        "%s: cannot rename the tagged copy to %s: %s", src_path, dest,
        g_strerror (e));
    goto remove;
  }
  sync_file (dir);
  ok = TRUE;
  goto out;

remove:
  g_unlink (tmp);
out:
  if (src.tags)
    gst_tag_list_unref (src.tags);
  g_free (tmp);
  g_free (base);
  g_free (dir);
  return ok;
}

gboolean
gc_tag_write_copy (
    const char *src, const char *dest, const GstTagList *tags, GError **error)
{
  GStatBuf a, b;

  if (g_stat (src, &a) == 0 && g_stat (dest, &b) == 0 && a.st_ino == b.st_ino
      && a.st_dev == b.st_dev) {
    g_set_error (error, GC_TAG_WRITE_ERROR, GC_TAG_WRITE_ERROR_WRITE,
        "%s: the copy would replace the original (use --in-place for that)",
        src);
    return FALSE;
  }
  return write_tagged (src, dest, tags, error);
}

gboolean
gc_tag_write_in_place (const char *path, const GstTagList *tags, GError **error)
{
  return write_tagged (path, path, tags, error);
}
