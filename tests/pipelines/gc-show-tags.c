/* genreclassify — prints what GstDiscoverer reads from files, for the
 * pipeline tests
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 *   gc-show-tags FILE…
 *
 * For each file: "file=PATH", "duration=SECONDS", then one "TAG=VALUE" line
 * per string value of the audio stream's tags (container tags added where
 * the stream has none), as gst_discoverer_discover_uri() reads them.  Exit
 * status 1 if a file cannot be discovered.
 *
 * GstDiscoverer 1.22 now and then stalls on a file it reads at once the
 * next time (seen on AIFF, under load, about 1 run in 20, also on the
 * untouched fixture): a discovery that times out is tried again, up to
 * DISCOVER_TRIES times, with a note on stderr.
 */
#include <stdio.h>

#include <gst/gst.h>
#include <gst/pbutils/pbutils.h>

#define DISCOVER_TRIES 3
#define DISCOVER_TIMEOUT (10 * GST_SECOND)

static GstDiscovererInfo *
discover (GstDiscoverer *disc, const gchar *uri, GError **err)
{
  GstDiscovererInfo *info = NULL;

  for (int attempt = 1; attempt <= DISCOVER_TRIES; attempt++) {
    if (info)
      gst_discoverer_info_unref (info);
    g_clear_error (err);
    info = gst_discoverer_discover_uri (disc, uri, err);
    if (info == NULL
        || gst_discoverer_info_get_result (info) != GST_DISCOVERER_TIMEOUT)
      break;
    fprintf (stderr, "%s: GstDiscoverer timed out (attempt %d of %d)\n", uri,
        attempt, DISCOVER_TRIES);
  }
  return info;
}

static void
print_tag (const GstTagList *tags, const gchar *tag, gpointer user_data)
{
  guint n = gst_tag_list_get_tag_size (tags, tag);

  /* Numbers and dates (a beets-written file has many) are not printed. */
  if (gst_tag_get_type (tag) != G_TYPE_STRING)
    return;
  for (guint i = 0; i < n; i++) {
    const gchar *s = NULL;

    if (gst_tag_list_peek_string_index (tags, tag, i, &s) && s != NULL)
      printf ("%s=%s\n", tag, s);
  }
}

int
main (int argc, char **argv)
{
  GstDiscoverer *disc;
  GError *err = NULL;
  int status = 0;

  gst_init (&argc, &argv);
  disc = gst_discoverer_new (DISCOVER_TIMEOUT, &err);
  if (disc == NULL) {
    fprintf (stderr, "no discoverer: %s\n", err->message);
    return 1;
  }
  for (int i = 1; i < argc; i++) {
    gchar *uri = gst_filename_to_uri (argv[i], NULL);
    GstDiscovererInfo *info = discover (disc, uri, &err);
    GList *audio;
    GstDiscovererStreamInfo *top;
    const GstTagList *st = NULL, *ct = NULL;
    GstTagList *tags;

    printf ("file=%s\n", argv[i]);
    if (info == NULL
        || gst_discoverer_info_get_result (info) != GST_DISCOVERER_OK) {
      fprintf (stderr, "%s: %s\n", argv[i], err ? err->message : "failed");
      g_clear_error (&err);
      if (info)
        gst_discoverer_info_unref (info);
      g_free (uri);
      status = 1;
      continue;
    }
    printf ("duration=%.6f\n",
        (double)gst_discoverer_info_get_duration (info) / GST_SECOND);
    audio = gst_discoverer_info_get_audio_streams (info);
    top = gst_discoverer_info_get_stream_info (info);
    if (audio)
      st = gst_discoverer_stream_info_get_tags (audio->data);
    if (top && GST_IS_DISCOVERER_CONTAINER_INFO (top))
      ct = gst_discoverer_container_info_get_tags (
          GST_DISCOVERER_CONTAINER_INFO (top));
    tags = gst_tag_list_merge (st, ct, GST_TAG_MERGE_KEEP);
    if (tags) {
      gst_tag_list_foreach (tags, print_tag, NULL);
      gst_tag_list_unref (tags);
    }
    if (top)
      gst_discoverer_stream_info_unref (top);
    gst_discoverer_stream_info_list_free (audio);
    gst_discoverer_info_unref (info);
    g_free (uri);
  }
  g_object_unref (disc);
  return status;
}
