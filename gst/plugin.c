/* genreclassify — plugin registration
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <gst/gst.h>

#include "gc-output.h"
#include "gstgenreclassify.h"

static gboolean
plugin_init (GstPlugin *plugin)
{
  gc_output_register_tags ();
  return gst_genre_classify_register (plugin);
}

GST_PLUGIN_DEFINE (GST_VERSION_MAJOR, GST_VERSION_MINOR, genreclassify,
    "Music genre classification of audio streams", plugin_init, VERSION, "GPL",
    PACKAGE, GST_PACKAGE_ORIGIN)
