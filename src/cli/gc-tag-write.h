/* genreclassify-tag — write a genre into a file's tags, in place with
 * TagLib, without ever damaging the original
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The file is copied byte for byte into a temporary file in the
 * destination's folder (".NAME.gctag-XXXXXX"), and TagLib edits the copy's
 * tags where they are (gc-taglib.h): only the genre and GENRE_DISTRIBUTION
 * change; every other tag, picture and comment, and the audio, stay.  The
 * copy is then read back (TagLib: the genre must be there; GStreamer's
 * parsers: the same audio packets as the original's), given the original's
 * permissions, flushed to disk and renamed over the destination.  On any
 * failure the temporary file is removed and the destination is left as it
 * was.
 */
#ifndef GC_TAG_WRITE_H
#define GC_TAG_WRITE_H

#include <glib.h>

#include "gc-tag-error.h"

G_BEGIN_DECLS

/* The confidence (the most probable genre's probability) below which
 * genreclassify-tag --write and the library plugins write nothing, unless
 * told otherwise (--min-confidence, min_confidence).  Chosen from the
 * default model's artist-grouped cross-validation (docs/models.md,
 * "Writing only what is likely right"): at 0.50 it writes 56.0 % of the files,
 * and 76.7 % of what it writes is right (60.4 % at 0).  The plugins' default
 * (integrations/genreclassify_integrations/policy.py) is checked against
 * `genreclassify-tag --help` by the integrations tests. */
#define GC_TAG_DEFAULT_MIN_CONFIDENCE 0.5

/* Writes @src with the genre @genre and, when @distribution is not NULL,
 * the distribution @distribution (GENRE_DISTRIBUTION) to @dest (replacing
 * it if it exists; @dest must not be @src).  Missing folders of @dest are
 * created. */
gboolean gc_tag_write_copy (const char *src, const char *dest,
    const char *genre, const char *distribution, GError **error);

/* Rewrites @path with the genre and distribution: the new file replaces
 * the original only once it has been read back successfully.  A
 * write-protected file is left alone (GC_TAG_WRITE_ERROR_READ_ONLY). */
gboolean gc_tag_write_in_place (const char *path, const char *genre,
    const char *distribution, GError **error);

G_END_DECLS

#endif
