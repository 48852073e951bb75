/* genreclassify — consume a stream nobody needs
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * decodebin and parsebin expose their pads while the pipeline is still
 * changing state.  A sink added then and given its parent's state with
 * gst_element_sync_state_with_parent() can read a stale state and set
 * itself back to PAUSED after the pipeline has set it to PLAYING: it then
 * waits for a preroll that never ends, and the whole stream stops (a
 * demuxer feeds all its pads from one thread).  gc_discard_pad()'s sink
 * goes to PLAYING by itself, which is right whatever the pipeline is
 * doing: it neither syncs nor prerolls.
 */
#ifndef GC_DISCARD_H
#define GC_DISCARD_H

#include <gst/gst.h>

G_BEGIN_DECLS

/* Links @pad to a new fakesink in @bin, in PLAYING.  Returns FALSE (and
 * leaves @pad unlinked) if there is no fakesink or the link fails. */
gboolean gc_discard_pad (GstBin *bin, GstPad *pad);

G_END_DECLS

#endif /* GC_DISCARD_H */
