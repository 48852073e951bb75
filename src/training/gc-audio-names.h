/* genreclassify — which file names the tools take for audio in folders
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * One list for every tool's folder scan (genreclassify-tag,
 * -features, -train, -eval): a file named on the command line or in a list
 * is always taken, whatever its name.
 */
#ifndef GC_AUDIO_NAMES_H
#define GC_AUDIO_NAMES_H

#include <glib.h>

G_BEGIN_DECLS

/* Does @name end in one of the audio extensions (case-insensitive)? */
gboolean gc_audio_name_is_audio (const char *name);

/* The extensions, space-separated, for messages and documentation. */
const char *gc_audio_name_extensions (void);

G_END_DECLS

#endif
