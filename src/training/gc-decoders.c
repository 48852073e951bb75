/* genreclassify — the decoders the tools use, in a fixed order
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <string.h>

#include "gc-decoders.h"

#define GOOD "gstreamer1.0-plugins-good"
#define BASE "gstreamer1.0-plugins-base"
#define BAD "gstreamer1.0-plugins-bad"
#define UGLY "gstreamer1.0-plugins-ugly"
#define LIBAV "gstreamer1.0-libav"

/* Per format, GStreamer's own decoder first (what the shipped models were
 * trained with, and present on every machine that has the plugin sets the
 * project needs), then the others.  Changing the order changes features:
 * the feature cache's key holds gc_decoders_preference(). */
static const GcDecoderChoice table[] = {
  { "mpg123audiodec", "MP3", "audio/mpeg, mpegversion=(int)1", GOOD },
  { "avdec_mp3", "MP3", "audio/mpeg, mpegversion=(int)1", LIBAV },
  { "avdec_mp3float", "MP3", "audio/mpeg, mpegversion=(int)1", LIBAV },
  { "flacdec", "FLAC", "audio/x-flac", GOOD },
  { "avdec_flac", "FLAC", "audio/x-flac", LIBAV },
  { "vorbisdec", "Vorbis", "audio/x-vorbis", BASE },
  { "ivorbisdec", "Vorbis", "audio/x-vorbis", BASE },
  { "avdec_vorbis", "Vorbis", "audio/x-vorbis", LIBAV },
  { "opusdec", "Opus", "audio/x-opus", BASE },
  { "avdec_opus", "Opus", "audio/x-opus", LIBAV },
  { "wavpackdec", "WavPack", "audio/x-wavpack", GOOD },
  { "avdec_wavpack", "WavPack", "audio/x-wavpack", LIBAV },
  { "avdec_aac", "AAC", "audio/mpeg, mpegversion=(int){ 2, 4 }", LIBAV },
  { "fdkaacdec", "AAC", "audio/mpeg, mpegversion=(int){ 2, 4 }", BAD },
  { "faad", "AAC", "audio/mpeg, mpegversion=(int){ 2, 4 }", BAD },
  { "avdec_alac", "ALAC", "audio/x-alac", LIBAV },
  { "avdec_ape", "Monkey's Audio", "audio/x-ffmpeg-parsed-ape", LIBAV },
  { "a52dec", "AC-3", "audio/x-ac3", UGLY },
  { "avdec_ac3", "AC-3", "audio/x-ac3", LIBAV },
  { "speexdec", "Speex", "audio/x-speex", GOOD },
};

const GcDecoderChoice *
gc_decoders_table (guint *n)
{
  *n = G_N_ELEMENTS (table);
  return table;
}

gint
gc_decoders_position (const char *factory_name)
{
  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    if (g_strcmp0 (table[i].factory, factory_name) == 0)
      return (gint)i;
  return -1;
}

const char *
gc_decoders_preference (void)
{
  static gsize once = 0;
  static char *text;

  if (g_once_init_enter (&once)) {
    GString *t = g_string_new (NULL);

    for (guint i = 0; i < G_N_ELEMENTS (table); i++)
      g_string_append_printf (t, "%s%s", i ? "," : "", table[i].factory);
    text = g_string_free (t, FALSE);
    g_once_init_leave (&once, 1);
  }
  return text;
}

static gboolean
is_decoder (GstElementFactory *factory)
{
  const char *klass =
      gst_element_factory_get_metadata (factory, GST_ELEMENT_METADATA_KLASS);

  return klass && strstr (klass, "Decoder") != NULL;
}

static gboolean
is_audio_decoder (GstElementFactory *factory)
{
  const char *klass =
      gst_element_factory_get_metadata (factory, GST_ELEMENT_METADATA_KLASS);

  return is_decoder (factory) && strstr (klass, "Audio") != NULL;
}

typedef struct {
  GstElementFactory *factory;
  gint position; /* in the table; G_MAXINT when not listed */
  guint index; /* in decodebin's list: keeps the sort stable */
} Candidate;

static gint
compare_candidates (gconstpointer a, gconstpointer b)
{
  const Candidate *x = a, *y = b;

  if (x->position != y->position)
    return x->position < y->position ? -1 : 1;
  return x->index < y->index ? -1 : x->index > y->index;
}

G_GNUC_BEGIN_IGNORE_DEPRECATIONS
GValueArray *
gc_decoders_sort (GValueArray *factories)
{
  GValueArray *sorted = g_value_array_copy (factories);
  GArray *decoders = g_array_new (FALSE, FALSE, sizeof (Candidate));
  guint next = 0;

  for (guint i = 0; i < factories->n_values; i++) {
    GstElementFactory *f = g_value_get_object (&factories->values[i]);

    if (f && is_decoder (f)) {
      gint pos = gc_decoders_position (GST_OBJECT_NAME (f));
      Candidate c = { f, pos < 0 ? G_MAXINT : pos, i };

      g_array_append_val (decoders, c);
    }
  }
  g_array_sort (decoders, compare_candidates);
  /* The decoders go back into the places decoders had, in the new order. */
  for (guint i = 0; i < sorted->n_values; i++) {
    GstElementFactory *f = g_value_get_object (&factories->values[i]);

    if (f && is_decoder (f))
      g_value_set_object (&sorted->values[i],
          g_array_index (decoders, Candidate, next++).factory);
  }
  g_array_free (decoders, TRUE);
  return sorted;
}

static GValueArray *
on_autoplug_sort (GstElement *bin, GstPad *pad, GstCaps *caps,
    GValueArray *factories, gpointer user_data)
{
  return gc_decoders_sort (factories);
}
G_GNUC_END_IGNORE_DEPRECATIONS

void
gc_decoders_attach (GstElement *decodebin)
{
  g_signal_connect (
      decodebin, "autoplug-sort", G_CALLBACK (on_autoplug_sort), NULL);
}

static gint
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *)a, *(const char *const *)b);
}

/* @names sorted, each once, separated by ','. */
static char *
join_unique (GPtrArray *names)
{
  GString *text = g_string_new (NULL);

  g_ptr_array_sort (names, compare_strings);
  for (guint i = 0; i < names->len; i++)
    if (i == 0 || strcmp (names->pdata[i], names->pdata[i - 1]) != 0)
      g_string_append_printf (
          text, "%s%s", text->len ? "," : "", (char *)names->pdata[i]);
  return g_string_free (text, FALSE);
}

char *
gc_decoders_used (GstElement *bin)
{
  GstIterator *it = gst_bin_iterate_recurse (GST_BIN (bin));
  GPtrArray *names = g_ptr_array_new ();
  GValue item = G_VALUE_INIT;
  gboolean done = FALSE;
  char *text;

  while (!done) {
    switch (gst_iterator_next (it, &item)) {
      case GST_ITERATOR_OK: {
        GstElementFactory *f =
            gst_element_get_factory (g_value_get_object (&item));

        if (f && is_audio_decoder (f))
          g_ptr_array_add (names, (gpointer)GST_OBJECT_NAME (f));
        g_value_reset (&item);
        break;
      }
      case GST_ITERATOR_RESYNC:
        g_ptr_array_set_size (names, 0);
        gst_iterator_resync (it);
        break;
      default:
        done = TRUE;
        break;
    }
  }
  g_value_unset (&item);
  gst_iterator_free (it);

  /* Factory names outlive the elements: the registry keeps them. */
  text = join_unique (names);
  g_ptr_array_free (names, TRUE);
  return text;
}

char *
gc_decoders_merge (const char *const *lists, guint n)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  char *text;

  for (guint i = 0; i < n; i++) {
    char **parts = lists[i] ? g_strsplit (lists[i], ",", -1) : NULL;

    for (guint j = 0; parts && parts[j]; j++)
      if (*parts[j])
        g_ptr_array_add (names, g_strdup (parts[j]));
    g_strfreev (parts);
  }
  text = join_unique (names);
  g_ptr_array_free (names, TRUE);
  return text;
}

char *
gc_decoders_hint (const GstCaps *caps)
{
  GString *t = NULL;
  const char *format = NULL;

  if (caps == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (table); i++) {
    GstCaps *listed = gst_caps_from_string (table[i].caps);
    gboolean match = gst_caps_can_intersect (listed, caps);

    gst_caps_unref (listed);
    /* One format per hint: the first listed one that matches. */
    if (!match || (format && strcmp (format, table[i].format) != 0))
      continue;
    if (t == NULL) {
      format = table[i].format;
      t = g_string_new (NULL);
      g_string_printf (t, "the tools decode %s with %s (Debian package %s)",
          format, table[i].factory, table[i].package);
    } else {
      g_string_append_printf (
          t, " or %s (%s)", table[i].factory, table[i].package);
    }
  }
  return t ? g_string_free (t, FALSE) : NULL;
}
