/* genreclassify — feature tables as CSV or NumPy .npy files
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The formats genreclassify-features writes (docs/howto-features.md):
 *
 *   CSV  RFC 4180 fields (quoted, with '"' doubled, only when they hold a
 *        comma, a quote, CR or LF), lines ending in LF, numbers with 17
 *        significant digits in the C locale, so that they read back bit
 *        for bit (g_ascii_strtod(), Python's float());
 *   NPY  format version 1.0: the magic "\x93NUMPY", 1, 0, the header's
 *        length (16 bits, little-endian), the header — a Python dict
 *        literal, padded with spaces and ended by '\n' so that the data
 *        starts at a multiple of 64 bytes — then the doubles, '<f8' in C
 *        (row-major) order.
 *
 * Files are written to a temporary file beside the destination and renamed
 * over it when complete: an interrupted run never leaves half a table.
 */
#ifndef GC_EXPORT_H
#define GC_EXPORT_H

#include <glib.h>

G_BEGIN_DECLS

#define GC_EXPORT_ERROR (gc_export_error_quark ())
GQuark gc_export_error_quark (void);

typedef enum {
  GC_EXPORT_ERROR_UNKNOWN_FORMAT, /* a name ending neither in .csv nor .npy */
} GcExportError;

typedef enum {
  GC_EXPORT_CSV,
  GC_EXPORT_NPY,
} GcExportFormat;

/* The format named by @path's extension, .csv or .npy (any case); a
 * GC_EXPORT_ERROR_UNKNOWN_FORMAT "@path: unknown format: …" otherwise. */
gboolean gc_export_format_from_path (
    const char *path, GcExportFormat *format, GError **error);

/* The JSON sidecar of an .npy file: OUT.npy → OUT.json. */
char *gc_export_sidecar_path (const char *npy_path);

/* Appends @field as an RFC 4180 field (no separator). */
void gc_csv_append_field (GString *line, const char *field);

/* Appends @value with 17 significant digits (%.17g) in the C locale. */
void gc_csv_append_double (GString *line, double value);

/* The NPY 1.0 preamble (magic to the header's '\n') of a C-order array of
 * little-endian doubles with shape (@rows, @cols); its length is a
 * multiple of 64. */
GBytes *gc_npy_header (guint64 rows, guint cols);

/* @n doubles as little-endian IEEE 754 bytes into @out (8 · @n bytes). */
void gc_npy_pack (const double *values, gsize n, guint8 *out);

/* ---- writing ----------------------------------------------------------- */

typedef struct _GcExportFile GcExportFile;

/* Creates the temporary file beside @path (so a bad folder fails before
 * any work).  G_FILE_ERROR naming @path. */
GcExportFile *gc_export_file_open (const char *path, GError **error);
const char *gc_export_file_get_path (const GcExportFile *file);

/* Buffered; the first failure is kept and returned again by later calls
 * and by gc_export_file_commit(). */
gboolean gc_export_file_write (
    GcExportFile *file, const void *data, gsize n, GError **error);

/* Flushes, closes and renames the temporary file to the path; frees
 * @file.  On failure the temporary file is removed. */
gboolean gc_export_file_commit (GcExportFile *file, GError **error);

/* Removes the temporary file and frees @file (NULL is fine). */
void gc_export_file_abort (GcExportFile *file);

G_END_DECLS

#endif
