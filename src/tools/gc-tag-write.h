/* genreclassify-tag — write a genre into a file's tags, through GStreamer,
 * without re-encoding and without ever damaging the original
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The file is remuxed, its audio untouched, into a temporary file in the
 * destination's folder (".NAME.gctag-XXXXXX"), the tags being set on the
 * way:
 *
 *   FLAC              filesrc ! flactag ! filesink
 *   Ogg Vorbis        filesrc ! oggdemux ! vorbistag ! oggmux ! filesink
 *   Ogg Opus          filesrc ! oggdemux ! (OpusTags packet rewritten)
 *                       ! oggmux ! filesink
 *   MP3               filesrc [! id3demux] ! id3v2mux ! filesink
 *   Matroska / WebM   filesrc ! matroskademux ! matroskamux|webmmux
 *                       ! filesink        (every stream kept)
 *   WAV (PCM)         filesrc ! wavparse ! wavenc ! filesink
 *
 * The other tags of the file are kept (the genre replaces any genre).  The
 * temporary file is then read back with GstDiscoverer (the genre must be
 * there, the duration the original's), given the original's permissions,
 * flushed to disk and renamed over the destination.  On any failure the
 * temporary file is removed and the destination is left as it was.
 */
#ifndef GC_TAG_WRITE_H
#define GC_TAG_WRITE_H

#include <gst/gst.h>

G_BEGIN_DECLS

#define GC_TAG_WRITE_ERROR (gc_tag_write_error_quark ())
GQuark gc_tag_write_error_quark (void);

typedef enum {
  GC_TAG_WRITE_ERROR_UNSUPPORTED, /* a format this cannot tag */
  GC_TAG_WRITE_ERROR_READ, /* the source cannot be read or discovered */
  GC_TAG_WRITE_ERROR_WRITE, /* the copy cannot be written */
  GC_TAG_WRITE_ERROR_VERIFY, /* the copy does not read back as expected */
  GC_TAG_WRITE_ERROR_CHANGED, /* the source changed while it was copied */
} GcTagWriteError;

/* The tags genreclassify-tag writes: GST_TAG_GENRE @genre and, when
 * @distribution is not NULL, GST_TAG_EXTENDED_COMMENT
 * "GENRE_DISTRIBUTION=@distribution" (a GENRE_DISTRIBUTION Vorbis comment,
 * an ID3v2 COMM frame). */
GstTagList *gc_tag_write_make_tags (
    const char *genre, const char *distribution);

/* Writes @src with @tags to @dest (replacing it if it exists; @dest must
 * not be @src).  Missing folders of @dest are created. */
gboolean gc_tag_write_copy (
    const char *src, const char *dest, const GstTagList *tags, GError **error);

/* Rewrites @path with @tags: the new file replaces the original only once
 * it has been read back successfully. */
gboolean gc_tag_write_in_place (
    const char *path, const GstTagList *tags, GError **error);

G_END_DECLS

#endif
