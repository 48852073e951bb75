/* genreclassify — a small streaming JSON writer for the tools' reports
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Writes pretty-printed JSON into a GString.  Inside an object every value
 * takes a key; inside an array (or at the top) @key must be NULL.  Doubles
 * are written with 17 significant digits (they read back bit-identically);
 * NaN and infinities, which JSON lacks, become null.  Strings are escaped
 * (invalid UTF-8 is replaced).
 */
#ifndef GC_JSON_H
#define GC_JSON_H

#include <glib.h>

G_BEGIN_DECLS

typedef struct _GcJson GcJson;

GcJson *gc_json_new (void);
/* Returns the text (free with g_free()) and frees the writer. */
char *gc_json_free_to_string (GcJson *json);
void gc_json_free (GcJson *json);

void gc_json_begin_object (GcJson *json, const char *key);
void gc_json_end_object (GcJson *json);
void gc_json_begin_array (GcJson *json, const char *key);
void gc_json_end_array (GcJson *json);

void gc_json_string (GcJson *json, const char *key, const char *value);
void gc_json_double (GcJson *json, const char *key, double value);
void gc_json_int (GcJson *json, const char *key, gint64 value);
void gc_json_bool (GcJson *json, const char *key, gboolean value);
void gc_json_null (GcJson *json, const char *key);
/* An array of @n doubles on one line. */
void gc_json_doubles (
    GcJson *json, const char *key, const double *values, guint n);

G_END_DECLS

#endif
