/* genreclassify — a minimal JSON reader for the tools' tests
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef GC_TEST_JSON_H
#define GC_TEST_JSON_H

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  GC_TJ_NULL,
  GC_TJ_BOOL,
  GC_TJ_NUMBER,
  GC_TJ_STRING,
  GC_TJ_ARRAY,
  GC_TJ_OBJECT,
} GcTjType;

typedef struct _GcTj GcTj;
struct _GcTj {
  GcTjType type;
  gboolean boolean;
  double number;
  char *string;
  GPtrArray *items; /* GcTj *, arrays and objects (the values) */
  GPtrArray *keys; /* char *, objects */
};

/* NULL (and an error) unless @text is one complete JSON value. */
GcTj *gc_tj_parse (const char *text, GError **error);
GcTj *gc_tj_parse_file (const char *path, GError **error);
void gc_tj_free (GcTj *node);

/* NULL when absent or of another type. */
GcTj *gc_tj_get (const GcTj *object, const char *key);
GcTj *gc_tj_index (const GcTj *array, guint index);
guint gc_tj_length (const GcTj *array);
/* A path of keys and indices: "file-level/accuracy", "items/3/path". */
GcTj *gc_tj_path (const GcTj *node, const char *path);
double gc_tj_number (const GcTj *node, const char *path);
const char *gc_tj_string (const GcTj *node, const char *path);

G_END_DECLS

#endif
