/* genreclassify — which file names the tools take for audio in folders
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <string.h>

#include "gc-audio-names.h"

/* Containers and codecs GStreamer decodes with the usual plugins; keep
 * docs/howto-batch-tagging.md ("Which files") in step. */
#define EXTENSIONS                                                             \
  "aac aif aifc aiff ape au flac m4a m4b mka mkv mp2 mp3 mp4 mpc oga ogg "     \
  "opus spx tta wav webm wma wv"

gboolean
gc_audio_name_is_audio (const char *name)
{
  const char *dot = strrchr (name, '.');
  char *key;
  gboolean found;

  if (dot == NULL || dot == name || dot[1] == '\0')
    return FALSE;
  /* " ext " in " list ": no partial matches */
  key = g_strdup_printf (" %s ", dot + 1);
  for (char *p = key; *p; p++)
    *p = g_ascii_tolower (*p);
  found = strstr (" " EXTENSIONS " ", key) != NULL;
  g_free (key);
  return found;
}

const char *
gc_audio_name_extensions (void)
{
  return EXTENSIONS;
}
