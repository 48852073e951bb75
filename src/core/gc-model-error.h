/* genreclassify — the model bundle's error domain and its messages
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Shared by the key-file reader (gc-model-io.c), the libsvm reader
 * (gc-libsvm.c) and training (gc-model-train.c), so that none of them
 * borrows it from another.  Callers see it through gc-model.h.
 */
#ifndef GC_MODEL_ERROR_H
#define GC_MODEL_ERROR_H

#include <glib.h>

G_BEGIN_DECLS

#define GC_MODEL_ERROR (gc_model_error_quark ())
GQuark gc_model_error_quark (void);

typedef enum {
  GC_MODEL_ERROR_NOT_FOUND, /* a file of the bundle cannot be read */
  GC_MODEL_ERROR_PARSE, /* not a key-file / not a libsvm model */
  GC_MODEL_ERROR_INCONSISTENT, /* dimension, labels, version, values */
} GcModelError;

/* A GC_MODEL_ERROR "@path: message". */
void gc_model_set_error (GError **error, GcModelError code, const char *path,
    const char *format, ...) G_GNUC_PRINTF (4, 5);

/* A short printable (ASCII) excerpt of untrusted text, for messages.  Free
 * with g_free(). */
char *gc_model_excerpt (const char *text);

G_END_DECLS

#endif
