/* genreclassify — writes deterministic test audio for the pipeline tests
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 *   gc-make-test-audio OUTPUT.wav CLASS:SECONDS[,CLASS:SECONDS...]
 *
 * Concatenates clips of the demo model's synthetic classes ("tones",
 * "noise", "clicks", see src/training/gc-demo.h) at GC_ANALYSIS_RATE, mono,
 * and writes them as a 16-bit PCM WAV file, so that the classes of the
 * windows (and so the tags) are known in advance.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gc-demo.h"

static void
put_u32 (guint8 *p, guint32 v)
{
  p[0] = v & 0xff;
  p[1] = (v >> 8) & 0xff;
  p[2] = (v >> 16) & 0xff;
  p[3] = (v >> 24) & 0xff;
}

static void
put_u16 (guint8 *p, guint16 v)
{
  p[0] = v & 0xff;
  p[1] = (v >> 8) & 0xff;
}

static int
class_index (const char *name)
{
  for (int i = 0; gc_demo_labels[i] != NULL; i++)
    if (strcmp (gc_demo_labels[i], name) == 0)
      return i;
  return -1;
}

int
main (int argc, char **argv)
{
  gchar **parts;
  GArray *samples = g_array_new (FALSE, FALSE, sizeof (gint16));
  guint8 header[44];
  FILE *f;
  guint32 data_bytes;

  if (argc != 3) {
    fprintf (stderr, "usage: %s OUTPUT.wav CLASS:SECONDS[,...]\n", argv[0]);
    return 2;
  }
  parts = g_strsplit (argv[2], ",", -1);
  for (guint i = 0; parts[i] != NULL; i++) {
    gchar **kv = g_strsplit (parts[i], ":", 2);
    int cls = kv[0] ? class_index (kv[0]) : -1;
    double seconds = kv[0] && kv[1] ? g_ascii_strtod (kv[1], NULL) : 0.0;
    gsize n = (gsize)(seconds * GC_ANALYSIS_RATE + 0.5);
    float *clip;

    if (cls < 0 || n == 0) {
      fprintf (stderr, "bad clip \"%s\"\n", parts[i]);
      return 2;
    }
    clip = g_new (float, n);
    gc_demo_synthesise (cls, gc_demo_clip_seed (4242, cls, i), clip, n);
    for (gsize k = 0; k < n; k++) {
      gint16 s = (gint16)CLAMP (clip[k] * 32767.0f, -32768.0f, 32767.0f);

      g_array_append_val (samples, s);
    }
    g_free (clip);
    g_strfreev (kv);
  }
  g_strfreev (parts);

  data_bytes = samples->len * 2;
  memcpy (header, "RIFF", 4);
  put_u32 (header + 4, 36 + data_bytes);
  memcpy (header + 8, "WAVEfmt ", 8);
  put_u32 (header + 16, 16);
  put_u16 (header + 20, 1); /* PCM */
  put_u16 (header + 22, 1); /* mono */
  put_u32 (header + 24, GC_ANALYSIS_RATE);
  put_u32 (header + 28, GC_ANALYSIS_RATE * 2);
  put_u16 (header + 32, 2);
  put_u16 (header + 34, 16);
  memcpy (header + 36, "data", 4);
  put_u32 (header + 40, data_bytes);

  f = fopen (argv[1], "wb");
  if (f == NULL) {
    perror (argv[1]);
    return 1;
  }
  fwrite (header, 1, sizeof (header), f);
  for (guint i = 0; i < samples->len; i++) {
    gint16 s = g_array_index (samples, gint16, i);
    guint8 b[2];

    put_u16 (b, (guint16)s);
    fwrite (b, 1, 2, f);
  }
  if (fclose (f) != 0) {
    perror (argv[1]);
    return 1;
  }
  g_array_unref (samples);
  return 0;
}
