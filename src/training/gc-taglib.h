/* genreclassify-tag — the genre in a file's tags, edited in place with
 * TagLib (a C++ unit behind a C header)
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Only two values change: the genre and GENRE_DISTRIBUTION.  Every other
 * frame, comment, picture and the audio stay as they are: TagLib rewrites
 * the tag blocks it parsed and moves the rest of the file, nothing is
 * remuxed.  Where each format keeps them:
 *
 *   MP3, WAV, AIFF   ID3v2 (the version found: 2.4 or 2.3; 2.2 and none
 *                    become 2.4): TCON, and a COMM frame described
 *                    GENRE_DISTRIBUTION (language "XXX", as beets writes
 *                    it); MP3's ID3v1 and APE tags get the genre too when
 *                    the file has them, WAV's RIFF INFO (IGNR) always:
 *                    GStreamer reads no ID3v2 in WAV
 *   Ogg Vorbis, Opus, Speex, FLAC
 *                    Vorbis comments GENRE and GENRE_DISTRIBUTION
 *   MP4 / M4A        ilst "©gen" (an old numeric "gnre" is removed) and
 *                    "----:com.apple.iTunes:GENRE_DISTRIBUTION"
 *   WavPack, APE     APEv2 items Genre and GENRE_DISTRIBUTION
 *
 * Unsupported: Matroska and WebM (TagLib 1.13 cannot write them), Ogg FLAC
 * (TagLib 1.13 drops the last-metadata-block flag of the comment packet it
 * rewrites, and GStreamer then finds no audio).
 */
#ifndef GC_TAGLIB_H
#define GC_TAGLIB_H

#include <glib.h>

G_BEGIN_DECLS

/* Is @path in a format gc_taglib_write() can write?  (From its name and
 * first bytes, before anything is copied.) */
gboolean gc_taglib_supports (const char *path, GError **error);

/* Sets @genre and @distribution (may be NULL: left as it is) in the tags
 * of @path and saves it.  The format is that of @name (the file's real
 * name; @path may be a temporary copy), checked against the content.
 * Errors are GC_TAG_WRITE_ERROR (gc-tag-error.h). */
gboolean gc_taglib_write (const char *path, const char *name, const char *genre,
    const char *distribution, GError **error);

/* Reads back the genre and distribution written by gc_taglib_write(),
 * from the same places (NULL when absent). */
gboolean gc_taglib_read (const char *path, const char *name, char **genre,
    char **distribution, GError **error);

/* The genre a player shows for @path: the one gc_taglib_write() writes,
 * else that of any other tag the file has (an MP3's ID3v1 or APE tag, a
 * WAV's RIFF INFO), or NULL; and the distribution as gc_taglib_read(). */
gboolean gc_taglib_read_shown (
    const char *path, char **genre, char **distribution, GError **error);

/* The field where a library plugin that stored an analysis but left the
 * genre alone records that genre as the person's (beets' genre_person,
 * Quod Libet's genre_person): a TXXX frame, a Vorbis comment, an MP4
 * freeform item or an APE item of this name.  gc_tag_labels_genre_is_ours()
 * reads it. */
#define GC_PERSON_GENRE_KEY "GENRE_PERSON"

/* What training from tags reads of a file (gc-tag-labels.h). */
typedef struct {
  char **genres; /* every value of the genre field, as written; never NULL */
  char *album_artist; /* NULL when absent or empty */
  char *artist; /* NULL when absent or empty */
  char *distribution; /* GENRE_DISTRIBUTION as gc_taglib_read_shown() */
  char *person_genre; /* GC_PERSON_GENRE_KEY, NULL when absent or empty */
  gboolean compilation; /* the COMPILATION flag (ID3 TCMP, MP4 cpil) is set */
} GcTaglibLabelTags;

/* Reads @path's genres (all values of the field, else the genre a player
 * shows, as gc_taglib_read_shown()), album artist, artist, distribution
 * and person's genre into @tags (cleared first; free with
 * gc_taglib_label_tags_clear()).  Any format TagLib reads, not only those
 * gc_taglib_write() writes.  GC_TAG_WRITE_ERROR_READ when TagLib cannot
 * read the file. */
gboolean gc_taglib_read_label_tags (
    const char *path, GcTaglibLabelTags *tags, GError **error);
void gc_taglib_label_tags_clear (GcTaglibLabelTags *tags);

G_END_DECLS

#endif
