/* genreclassify — numbers written so that they read back bit for bit
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Both files of a model bundle (the key-file and the libsvm file) store
 * doubles this way, so that a saved model predicts as the trained one.
 */
#ifndef GC_NUMBER_H
#define GC_NUMBER_H

#include <glib.h>

G_BEGIN_DECLS

/* Appends @v with 17 significant digits, whatever the locale: read back, it
 * is the same double. */
void gc_number_append (GString *s, double v);

G_END_DECLS

#endif
