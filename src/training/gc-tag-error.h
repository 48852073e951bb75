/* genreclassify-tag — what can go wrong writing a genre into a file
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * One domain for the TagLib unit (gc-taglib.h) and the writer above it
 * (gc-tag-write.h), so that both report alike and neither includes the
 * other for it.  genreclassify-tag turns the codes into its "error_code"s.
 */
#ifndef GC_TAG_ERROR_H
#define GC_TAG_ERROR_H

#include <glib.h>

G_BEGIN_DECLS

#define GC_TAG_WRITE_ERROR (gc_tag_write_error_quark ())
GQuark gc_tag_write_error_quark (void);

typedef enum {
  GC_TAG_WRITE_ERROR_UNSUPPORTED, /* a format this cannot tag */
  GC_TAG_WRITE_ERROR_READ, /* the source or its tags cannot be read */
  GC_TAG_WRITE_ERROR_WRITE, /* the copy cannot be written */
  GC_TAG_WRITE_ERROR_VERIFY, /* the copy does not read back as expected */
  GC_TAG_WRITE_ERROR_CHANGED, /* the source changed while it was copied */
  GC_TAG_WRITE_ERROR_READ_ONLY, /* --in-place on a write-protected file */
} GcTagWriteError;

G_END_DECLS

#endif /* GC_TAG_ERROR_H */
