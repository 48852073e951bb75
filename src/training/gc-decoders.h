/* genreclassify — the decoders the tools use, in a fixed order
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * decodebin takes, among the decoders that accept a stream, the one of the
 * highest rank.  Some formats have several of equal rank: MP3 is decoded by
 * mpg123audiodec (gst-plugins-good) and by avdec_mp3 (gst-libav), both
 * "marginal", so which one runs depends on what else is installed.  Their
 * samples differ slightly, so do the features, and a model retrained on a
 * machine with gst-libav is not the one trained without it.
 *
 * The tools that decode for training, evaluation, tagging and feature
 * export therefore try the decoders of this table first, in its order,
 * whatever their ranks; decoders it does not list come after them, in
 * decodebin's order.  Demuxers and parsers keep decodebin's order.  The
 * table and the reasons for its order are in docs/training.md
 * ("Decoders").
 *
 * The element does not decode: in a pipeline the decoder is the user's
 * choice (or decodebin's).
 */
#ifndef GC_DECODERS_H
#define GC_DECODERS_H

#include <gst/gst.h>

G_BEGIN_DECLS

typedef struct {
  const char *factory; /* the element factory's name */
  const char *format; /* what it decodes, for people: "MP3" */
  const char *caps; /* what it decodes, for GStreamer */
  const char *package; /* the Debian package that ships it */
} GcDecoderChoice;

/* The table, in order of preference; @n receives its length. */
const GcDecoderChoice *gc_decoders_table (guint *n);

/* @factory_name's place in the table, or -1 when it is not listed. */
gint gc_decoders_position (const char *factory_name);

/* The factory names of the table in order, separated by ',': what a cache
 * entry was decoded under.  Static. */
const char *gc_decoders_preference (void);

/* @factories in the tools' order: the same list with the decoders it holds
 * put in the table's order (listed ones first, the others after them in
 * their own order), every other factory where it was.  A new array. */
GValueArray *gc_decoders_sort (GValueArray *factories);

/* Connects gc_decoders_sort() to @decodebin's "autoplug-sort". */
void gc_decoders_attach (GstElement *decodebin);

/* The audio decoders inside @bin (at any depth), their factory names
 * sorted and separated by ',' ("" when there is none: raw audio); free
 * with g_free().  Call it before the pipeline goes back to NULL, while
 * decodebin still holds what it plugged. */
char *gc_decoders_used (GstElement *bin);

/* The union of @n lists such as gc_decoders_used() gives (NULL entries
 * are skipped), sorted, each name once; free with g_free(). */
char *gc_decoders_merge (const char *const *lists, guint n);

/* A sentence for a missing decoder of @caps (what a missing-plugin message
 * names): "the tools decode MP3 with mpg123audiodec (Debian package
 * gstreamer1.0-plugins-good) or avdec_mp3 (gstreamer1.0-libav)"; NULL when
 * the table has no decoder for @caps.  Free with g_free(). */
char *gc_decoders_hint (const GstCaps *caps);

G_END_DECLS

#endif
