/* genreclassify-tag — what can go wrong writing a genre into a file
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include "gc-tag-error.h"

G_DEFINE_QUARK (gc-tag-write-error-quark, gc_tag_write_error);
