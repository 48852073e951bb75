/* genreclassify — a small streaming JSON writer for the tools' reports
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <math.h>

#include "gc-json.h"

struct _GcJson {
  GString *out;
  GArray *first; /* gboolean per open container: nothing written yet */
};

GcJson *
gc_json_new (void)
{
  GcJson *j = g_new0 (GcJson, 1);

  j->out = g_string_new (NULL);
  j->first = g_array_new (FALSE, FALSE, sizeof (gboolean));
  return j;
}

void
gc_json_free (GcJson *j)
{
  if (j == NULL)
    return;
  g_string_free (j->out, TRUE);
  g_array_free (j->first, TRUE);
  g_free (j);
}

char *
gc_json_free_to_string (GcJson *j)
{
  char *s;

  g_string_append_c (j->out, '\n');
  s = g_string_free (j->out, FALSE);
  g_array_free (j->first, TRUE);
  g_free (j);
  return s;
}

static void
append_string (GString *out, const char *text)
{
  char *valid = g_utf8_make_valid (text, -1);

  g_string_append_c (out, '"');
  for (const char *p = valid; *p; p++) {
    guchar c = (guchar)*p;

    switch (c) {
      case '"':
        g_string_append (out, "\\\"");
        break;
      case '\\':
        g_string_append (out, "\\\\");
        break;
      case '\n':
        g_string_append (out, "\\n");
        break;
      case '\r':
        g_string_append (out, "\\r");
        break;
      case '\t':
        g_string_append (out, "\\t");
        break;
      default:
        if (c < 0x20)
          g_string_append_printf (out, "\\u%04x", c);
        else
          g_string_append_c (out, (char)c);
        break;
    }
  }
  g_string_append_c (out, '"');
  g_free (valid);
}

/* The separator, indentation and key before a value. */
static void
prefix (GcJson *j, const char *key)
{
  guint depth = j->first->len;

  if (depth > 0) {
    gboolean *first = &g_array_index (j->first, gboolean, depth - 1);

    if (!*first)
      g_string_append_c (j->out, ',');
    *first = FALSE;
    g_string_append_c (j->out, '\n');
    for (guint i = 0; i < depth; i++)
      g_string_append (j->out, "  ");
  }
  if (key) {
    append_string (j->out, key);
    g_string_append (j->out, ": ");
  }
}

static void
json_open (GcJson *j, const char *key, char bracket)
{
  gboolean t = TRUE;

  prefix (j, key);
  g_string_append_c (j->out, bracket);
  g_array_append_val (j->first, t);
}

static void
json_close (GcJson *j, char bracket)
{
  gboolean empty;

  g_return_if_fail (j->first->len > 0);
  empty = g_array_index (j->first, gboolean, j->first->len - 1);
  g_array_set_size (j->first, j->first->len - 1);
  if (!empty) {
    g_string_append_c (j->out, '\n');
    for (guint i = 0; i < j->first->len; i++)
      g_string_append (j->out, "  ");
  }
  g_string_append_c (j->out, bracket);
}

void
gc_json_begin_object (GcJson *j, const char *key)
{
  json_open (j, key, '{');
}

void
gc_json_end_object (GcJson *j)
{
  json_close (j, '}');
}

void
gc_json_begin_array (GcJson *j, const char *key)
{
  json_open (j, key, '[');
}

void
gc_json_end_array (GcJson *j)
{
  json_close (j, ']');
}

void
gc_json_string (GcJson *j, const char *key, const char *value)
{
  prefix (j, key);
  if (value)
    append_string (j->out, value);
  else
    g_string_append (j->out, "null");
}

static void
append_double (GString *out, double v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (isfinite (v))
    g_string_append (out, g_ascii_formatd (buf, sizeof buf, "%.17g", v));
  else
    g_string_append (out, "null");
}

void
gc_json_double (GcJson *j, const char *key, double value)
{
  prefix (j, key);
  append_double (j->out, value);
}

void
gc_json_int (GcJson *j, const char *key, gint64 value)
{
  prefix (j, key);
  g_string_append_printf (j->out, "%" G_GINT64_FORMAT, value);
}

void
gc_json_bool (GcJson *j, const char *key, gboolean value)
{
  prefix (j, key);
  g_string_append (j->out, value ? "true" : "false");
}

void
gc_json_null (GcJson *j, const char *key)
{
  prefix (j, key);
  g_string_append (j->out, "null");
}

void
gc_json_doubles (GcJson *j, const char *key, const double *values, guint n)
{
  prefix (j, key);
  g_string_append_c (j->out, '[');
  for (guint i = 0; i < n; i++) {
    if (i)
      g_string_append (j->out, ", ");
    append_double (j->out, values[i]);
  }
  g_string_append_c (j->out, ']');
}
