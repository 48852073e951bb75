/* genreclassify — a minimal JSON reader for the tools' tests
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gc-test-json.h"

typedef struct {
  const char *p;
  GError **error;
} Parser;

static GcTj *parse_value (Parser *ps, guint depth);

static void
skip_ws (Parser *ps)
{
  while (*ps->p == ' ' || *ps->p == '\n' || *ps->p == '\r' || *ps->p == '\t')
    ps->p++;
}

static GcTj *
fail (Parser *ps, const char *what)
{
  if (ps->error && *ps->error == NULL)
    g_set_error (ps->error, G_MARKUP_ERROR, G_MARKUP_ERROR_PARSE,
        "JSON: %s at \"%.20s\"", what, ps->p);
  return NULL;
}

static char *
parse_string (Parser *ps)
{
  GString *s = g_string_new (NULL);

  ps->p++; /* '"' */
  while (*ps->p && *ps->p != '"') {
    if ((guchar)*ps->p < 0x20) {
      fail (ps, "control character in a string");
      g_string_free (s, TRUE);
      return NULL;
    }
    if (*ps->p == '\\') {
      ps->p++;
      switch (*ps->p) {
        case '"':
        case '\\':
        case '/':
          g_string_append_c (s, *ps->p);
          break;
        case 'n':
          g_string_append_c (s, '\n');
          break;
        case 't':
          g_string_append_c (s, '\t');
          break;
        case 'r':
          g_string_append_c (s, '\r');
          break;
        case 'b':
          g_string_append_c (s, '\b');
          break;
        case 'f':
          g_string_append_c (s, '\f');
          break;
        case 'u': {
          char hex[5] = { 0 };

          if (strlen (ps->p + 1) < 4) {
            fail (ps, "short \\u escape");
            g_string_free (s, TRUE);
            return NULL;
          }
          memcpy (hex, ps->p + 1, 4);
          g_string_append_unichar (s, (gunichar)strtoul (hex, NULL, 16));
          ps->p += 4;
          break;
        }
        default:
          fail (ps, "bad escape");
          g_string_free (s, TRUE);
          return NULL;
      }
      ps->p++;
    } else {
      g_string_append_c (s, *ps->p++);
    }
  }
  if (*ps->p != '"') {
    fail (ps, "unterminated string");
    g_string_free (s, TRUE);
    return NULL;
  }
  ps->p++;
  return g_string_free (s, FALSE);
}

static GcTj *
node_new (GcTjType type)
{
  GcTj *n = g_new0 (GcTj, 1);

  n->type = type;
  if (type == GC_TJ_ARRAY || type == GC_TJ_OBJECT)
    n->items = g_ptr_array_new_with_free_func ((GDestroyNotify)gc_tj_free);
  if (type == GC_TJ_OBJECT)
    n->keys = g_ptr_array_new_with_free_func (g_free);
  return n;
}

static GcTj *
parse_container (Parser *ps, guint depth, gboolean object)
{
  GcTj *n = node_new (object ? GC_TJ_OBJECT : GC_TJ_ARRAY);
  char close = object ? '}' : ']';

  ps->p++;
  skip_ws (ps);
  if (*ps->p == close) {
    ps->p++;
    return n;
  }
  for (;;) {
    GcTj *v;

    skip_ws (ps);
    if (object) {
      char *key;

      if (*ps->p != '"' || (key = parse_string (ps)) == NULL) {
        fail (ps, "expected a key");
        gc_tj_free (n);
        return NULL;
      }
      g_ptr_array_add (n->keys, key);
      skip_ws (ps);
      if (*ps->p != ':') {
        fail (ps, "expected ':'");
        gc_tj_free (n);
        return NULL;
      }
      ps->p++;
    }
    v = parse_value (ps, depth + 1);
    if (v == NULL) {
      gc_tj_free (n);
      return NULL;
    }
    g_ptr_array_add (n->items, v);
    skip_ws (ps);
    if (*ps->p == ',') {
      ps->p++;
      continue;
    }
    if (*ps->p == close) {
      ps->p++;
      return n;
    }
    fail (ps, "expected ',' or the end of the container");
    gc_tj_free (n);
    return NULL;
  }
}

static GcTj *
parse_value (Parser *ps, guint depth)
{
  GcTj *n;

  if (depth > 64)
    return fail (ps, "too deep");
  skip_ws (ps);
  switch (*ps->p) {
    case '{':
      return parse_container (ps, depth, TRUE);
    case '[':
      return parse_container (ps, depth, FALSE);
    case '"': {
      char *s = parse_string (ps);

      if (s == NULL)
        return NULL;
      n = node_new (GC_TJ_STRING);
      n->string = s;
      return n;
    }
    default:
      break;
  }
  if (g_str_has_prefix (ps->p, "null")) {
    ps->p += 4;
    return node_new (GC_TJ_NULL);
  }
  if (g_str_has_prefix (ps->p, "true") || g_str_has_prefix (ps->p, "false")) {
    n = node_new (GC_TJ_BOOL);
    n->boolean = *ps->p == 't';
    ps->p += n->boolean ? 4 : 5;
    return n;
  }
  if (*ps->p == '-' || g_ascii_isdigit (*ps->p)) {
    char *end = NULL;
    double v = g_ascii_strtod (ps->p, &end);

    if (end == ps->p)
      return fail (ps, "bad number");
    ps->p = end;
    n = node_new (GC_TJ_NUMBER);
    n->number = v;
    return n;
  }
  return fail (ps, "unexpected character");
}

GcTj *
gc_tj_parse (const char *text, GError **error)
{
  Parser ps = { text, error };
  GcTj *n = parse_value (&ps, 0);

  if (n == NULL)
    return NULL;
  skip_ws (&ps);
  if (*ps.p) {
    gc_tj_free (n);
    return fail (&ps, "text after the value");
  }
  return n;
}

GcTj *
gc_tj_parse_file (const char *path, GError **error)
{
  char *text;
  GcTj *n;

  if (!g_file_get_contents (path, &text, NULL, error))
    return NULL;
  n = gc_tj_parse (text, error);
  g_free (text);
  return n;
}

void
gc_tj_free (GcTj *n)
{
  if (n == NULL)
    return;
  g_free (n->string);
  if (n->items)
    g_ptr_array_free (n->items, TRUE);
  if (n->keys)
    g_ptr_array_free (n->keys, TRUE);
  g_free (n);
}

GcTj *
gc_tj_get (const GcTj *o, const char *key)
{
  if (o == NULL || o->type != GC_TJ_OBJECT)
    return NULL;
  for (guint i = 0; i < o->keys->len; i++)
    if (strcmp (g_ptr_array_index (o->keys, i), key) == 0)
      return g_ptr_array_index (o->items, i);
  return NULL;
}

GcTj *
gc_tj_index (const GcTj *a, guint index)
{
  if (a == NULL || a->type != GC_TJ_ARRAY || index >= a->items->len)
    return NULL;
  return g_ptr_array_index (a->items, index);
}

guint
gc_tj_length (const GcTj *a)
{
  return (a && a->items) ? a->items->len : 0;
}

GcTj *
gc_tj_path (const GcTj *node, const char *path)
{
  char **parts = g_strsplit (path, "/", -1);
  GcTj *n = (GcTj *)node;

  for (guint i = 0; n && parts[i]; i++) {
    if (n->type == GC_TJ_ARRAY && g_ascii_isdigit (parts[i][0]))
      n = gc_tj_index (n, (guint)atoi (parts[i]));
    else
      n = gc_tj_get (n, parts[i]);
  }
  g_strfreev (parts);
  return n;
}

double
gc_tj_number (const GcTj *node, const char *path)
{
  GcTj *n = gc_tj_path (node, path);

  return (n && n->type == GC_TJ_NUMBER) ? n->number : NAN;
}

const char *
gc_tj_string (const GcTj *node, const char *path)
{
  GcTj *n = gc_tj_path (node, path);

  return (n && n->type == GC_TJ_STRING) ? n->string : NULL;
}
