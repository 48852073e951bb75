/* genreclassify — test helpers: golden data files, temporary trees, runs
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "gc-test-data.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include <glib/gstdio.h>

const char *
gc_test_shared_dir (void)
{
  const char *env = g_getenv ("GENRECLASSIFY_SHARED");
  return env && *env ? env : GC_DEFAULT_SHARED_DIR;
}

static guint32
le32 (const guint8 *p)
{
  return p[0] | (p[1] << 8) | (p[2] << 16) | ((guint32)p[3] << 24);
}

static guint16
le16 (const guint8 *p)
{
  return p[0] | (p[1] << 8);
}

float *
gc_test_read_wav (const char *path, gsize *n_samples, guint *rate)
{
  gchar *contents = NULL;
  gsize length, pos = 12;
  guint16 format = 0, channels = 0, bits = 0;
  float *out = NULL;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return NULL;
  if (length < 12 || memcmp (contents, "RIFF", 4)
      || memcmp (contents + 8, "WAVE", 4))
    goto done;

  while (pos + 8 <= length) {
    const guint8 *chunk = (const guint8 *)contents + pos;
    guint32 size = le32 (chunk + 4);

    if (size > length - pos - 8)
      size = length - pos - 8;
    if (!memcmp (chunk, "fmt ", 4) && size >= 16) {
      format = le16 (chunk + 8);
      channels = le16 (chunk + 10);
      *rate = le32 (chunk + 12);
      bits = le16 (chunk + 22);
      if (format == 0xFFFE && size >= 26)
        format = le16 (chunk + 32);
    } else if (!memcmp (chunk, "data", 4) && channels == 1) {
      const guint8 *data = chunk + 8;
      if (format == 3 && bits == 32) {
        *n_samples = size / 4;
        out = g_new (float, *n_samples);
        memcpy (out, data, *n_samples * 4);
      } else if (format == 1 && bits == 16) {
        *n_samples = size / 2;
        out = g_new (float, *n_samples);
        for (gsize i = 0; i < *n_samples; i++)
          out[i] = (gint16)le16 (data + 2 * i) / 32768.0f;
      }
      break;
    }
    pos += 8 + size + (size & 1);
  }
done:
  g_free (contents);
  return out;
}

double *
gc_test_read_csv (const char *path, gsize *rows, gsize *cols)
{
  gchar *contents = NULL;
  gchar **lines;
  GArray *values;
  gsize n_rows = 0, n_cols = 0;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return NULL;
  values = g_array_new (FALSE, FALSE, sizeof (double));
  lines = g_strsplit (contents, "\n", -1);
  for (gchar **line = lines; *line; line++) {
    gchar *p = *line, *end;
    gsize n = 0;

    g_strstrip (p);
    if (!*p)
      continue;
    for (;;) {
      double v = g_ascii_strtod (p, &end);
      if (end == p)
        break;
      g_array_append_val (values, v);
      n++;
      p = end;
      while (*p == ',' || *p == ' ')
        p++;
    }
    if (n_rows > 0 && n != n_cols) {
      g_array_free (values, TRUE);
      values = NULL;
      break;
    }
    n_cols = n;
    n_rows++;
  }
  g_strfreev (lines);
  g_free (contents);
  if (!values)
    return NULL;
  *rows = n_rows;
  *cols = n_cols;
  return (double *)g_array_free (values, FALSE);
}

void
gc_test_remove_tree (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL) {
    while ((name = g_dir_read_name (dir)) != NULL) {
      char *child = g_build_filename (path, name, NULL);

      gc_test_remove_tree (child);
      g_free (child);
    }
    g_dir_close (dir);
    g_rmdir (path);
  } else {
    g_unlink (path);
  }
}

GcTestSpawn
gc_test_spawn_argv (const char *const *argv)
{
  GError *error = NULL;
  GcTestSpawn r = { 0 };
  int wait_status = 0;

  g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &r.out,
      &r.err, &wait_status, &error);
  if (error)
    g_error ("cannot run %s: %s", argv[0], error->message);
  if (WIFSIGNALED (wait_status))
    g_error ("%s was killed by signal %d (a crash):\n%s", argv[0],
        WTERMSIG (wait_status), r.err);
  r.status = WEXITSTATUS (wait_status);
  g_test_message ("%s -> %d\n%s%s", argv[0], r.status, r.out, r.err);
  return r;
}

GcTestSpawn
gc_test_spawn (const char *program, ...)
{
  GPtrArray *argv = g_ptr_array_new ();
  GcTestSpawn r;
  va_list ap;
  const char *arg;

  g_ptr_array_add (argv, (gpointer)program);
  va_start (ap, program);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer)arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);
  r = gc_test_spawn_argv ((const char *const *)argv->pdata);
  g_ptr_array_free (argv, TRUE);
  return r;
}

void
gc_test_spawn_clear (GcTestSpawn *r)
{
  g_clear_pointer (&r->out, g_free);
  g_clear_pointer (&r->err, g_free);
}

char *
gc_test_read_text (const char *path)
{
  char *text = NULL;
  GError *error = NULL;

  if (!g_file_get_contents (path, &text, NULL, &error))
    g_error ("cannot read %s: %s", path, error->message);
  return text;
}
