/* genreclassify — feature tables as CSV or NumPy .npy files
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "gc-export.h"

G_DEFINE_QUARK (gc-export-error-quark, gc_export_error);

gboolean
gc_export_format_from_path (
    const char *path, GcExportFormat *format, GError **error)
{
  const char *dot = strrchr (path, '.');
  const char *slash = strrchr (path, G_DIR_SEPARATOR);

  /* "out.csv", not ".csv" nor "dir.csv/" */
  if (dot && (slash ? dot > slash + 1 : dot > path)) {
    if (g_ascii_strcasecmp (dot, ".csv") == 0) {
      *format = GC_EXPORT_CSV;
      return TRUE;
    }
    if (g_ascii_strcasecmp (dot, ".npy") == 0) {
      *format = GC_EXPORT_NPY;
      return TRUE;
    }
  }
  g_set_error (error, GC_EXPORT_ERROR, GC_EXPORT_ERROR_UNKNOWN_FORMAT,
      "%s: unknown format: the name must end in .csv (a CSV "
      "table) or .npy (a NumPy array, with a .json sidecar beside it)",
      path);
  return FALSE;
}

char *
gc_export_sidecar_path (const char *npy_path)
{
  const char *dot = strrchr (npy_path, '.');
  gsize stem = dot ? (gsize)(dot - npy_path) : strlen (npy_path);
  char *path = g_malloc (stem + sizeof ".json");

  memcpy (path, npy_path, stem);
  memcpy (path + stem, ".json", sizeof ".json");
  return path;
}

void
gc_csv_append_field (GString *line, const char *field)
{
  if (strpbrk (field, ",\"\r\n") == NULL) {
    g_string_append (line, field);
    return;
  }
  g_string_append_c (line, '"');
  for (const char *p = field; *p; p++) {
    if (*p == '"')
      g_string_append_c (line, '"');
    g_string_append_c (line, *p);
  }
  g_string_append_c (line, '"');
}

void
gc_csv_append_double (GString *line, double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append (line, g_ascii_formatd (buf, sizeof buf, "%.17g", value));
}

/* The NPY format's alignment of the data (numpy.lib.format.ARRAY_ALIGN). */
#define NPY_ALIGN 64
/* magic (6), version (2), header length (2) */
#define NPY_PREFIX 10

GBytes *
gc_npy_header (guint64 rows, guint cols)
{
  GString *h = g_string_new (NULL);
  gsize len;

  g_string_append_printf (h,
      "{'descr': '<f8', 'fortran_order': False, 'shape': (%" G_GUINT64_FORMAT
      ", %u), }",
      rows, cols);
  /* Spaces, then the '\n' that ends the header, up to the alignment. */
  while ((NPY_PREFIX + h->len + 1) % NPY_ALIGN != 0)
    g_string_append_c (h, ' ');
  g_string_append_c (h, '\n');
  len = h->len;
  g_assert (len <= G_MAXUINT16);
  g_string_prepend_len (h, "\x93NUMPY\x01\x00", 8);
  g_string_insert_c (h, 8, (char)(len & 0xff));
  g_string_insert_c (h, 9, (char)(len >> 8));
  return g_string_free_to_bytes (h);
}

void
gc_npy_pack (const double *values, gsize n, guint8 *out)
{
  for (gsize i = 0; i < n; i++) {
    guint64 bits;

    memcpy (&bits, &values[i], sizeof bits);
    bits = GUINT64_TO_LE (bits);
    memcpy (out + 8 * i, &bits, sizeof bits);
  }
}

/* ---- writing ----------------------------------------------------------- */

struct _GcExportFile {
  char *path, *tmp;
  FILE *stream;
  GError *error; /* the first failure */
};

static void
set_errno_error (GcExportFile *f, int err)
{
  if (f->error == NULL)
    f->error = g_error_new (G_FILE_ERROR, g_file_error_from_errno (err),
        "cannot write %s: %s", f->path, g_strerror (err));
}

GcExportFile *
gc_export_file_open (const char *path, GError **error)
{
  GcExportFile *f = g_new0 (GcExportFile, 1);
  int fd;

  f->path = g_strdup (path);
  f->tmp = g_strconcat (path, ".XXXXXX", NULL);
  /* 0666 less the umask, as any new file (g_mkstemp()'s is 0600). */
  fd = g_mkstemp_full (f->tmp, O_WRONLY, 0666);
  if (fd < 0) {
    int err = errno;

    g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (err),
        "cannot write %s: %s", path, g_strerror (err));
    g_free (f->tmp);
    g_free (f->path);
    g_free (f);
    return NULL;
  }
  f->stream = fdopen (fd, "wb");
  g_assert (f->stream != NULL);
  return f;
}

const char *
gc_export_file_get_path (const GcExportFile *f)
{
  return f->path;
}

gboolean
gc_export_file_write (
    GcExportFile *f, const void *data, gsize n, GError **error)
{
  if (f->error == NULL && n > 0 && fwrite (data, 1, n, f->stream) != n)
    set_errno_error (f, errno ? errno : EIO);
  if (f->error) {
    g_propagate_error (error, g_error_copy (f->error));
    return FALSE;
  }
  return TRUE;
}

static void
file_free (GcExportFile *f)
{
  g_clear_error (&f->error);
  g_free (f->path);
  g_free (f->tmp);
  g_free (f);
}

gboolean
gc_export_file_commit (GcExportFile *f, GError **error)
{
  if (f->error == NULL
      && (fflush (f->stream) != 0 || fsync (fileno (f->stream)) != 0))
    set_errno_error (f, errno);
  if (fclose (f->stream) != 0)
    set_errno_error (f, errno);
  f->stream = NULL;
  if (f->error == NULL && g_rename (f->tmp, f->path) != 0)
    set_errno_error (f, errno);
  if (f->error) {
    g_unlink (f->tmp);
    g_propagate_error (error, g_steal_pointer (&f->error));
    file_free (f);
    return FALSE;
  }
  file_free (f);
  return TRUE;
}

void
gc_export_file_abort (GcExportFile *f)
{
  if (f == NULL)
    return;
  if (f->stream)
    fclose (f->stream);
  g_unlink (f->tmp);
  file_free (f);
}
