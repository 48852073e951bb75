/* genreclassify — the model bundle's error domain and its messages
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "gc-model-error.h"

#include <string.h>

G_DEFINE_QUARK (gc-model-error-quark, gc_model_error);

void
gc_model_set_error (GError **error, GcModelError code, const char *path,
    const char *format, ...)
{
  va_list args;
  char *msg, *name;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  name = g_filename_display_name (path);
  g_set_error (error, GC_MODEL_ERROR, code, "%s: %s", name, msg);
  g_free (name);
  g_free (msg);
}

char *
gc_model_excerpt (const char *text)
{
  char *cut = g_strndup (text, 40);
  char *escaped = g_strescape (cut, NULL);
  char *result =
      g_strdup_printf ("\"%s%s\"", escaped, strlen (text) > 40 ? "..." : "");

  g_free (cut);
  g_free (escaped);
  return result;
}
