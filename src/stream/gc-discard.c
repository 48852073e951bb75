/* genreclassify — consume a stream nobody needs
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include "gc-discard.h"

gboolean
gc_discard_pad (GstBin *bin, GstPad *pad)
{
  GstElement *sink = gst_element_factory_make ("fakesink", NULL);
  GstPad *sinkpad;
  gboolean linked;

  g_return_val_if_fail (GST_IS_BIN (bin) && GST_IS_PAD (pad), FALSE);

  if (sink == NULL)
    return FALSE;
  /* no clock, no preroll: it never holds a streaming thread */
  g_object_set (sink, "sync", FALSE, "async", FALSE, NULL);
  gst_bin_add (bin, sink);
  /* PLAYING whatever the bin does now: its own state changes end at
   * PLAYING too, so no ordering of the two leaves the sink in PAUSED */
  gst_element_set_state (sink, GST_STATE_PLAYING);
  sinkpad = gst_element_get_static_pad (sink, "sink");
  linked = gst_pad_link (pad, sinkpad) == GST_PAD_LINK_OK;
  gst_object_unref (sinkpad);
  return linked;
}
