/* genreclassify — numbers written so that they read back bit for bit
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "gc-number.h"

void
gc_number_append (GString *s, double v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append (s, g_ascii_formatd (buf, sizeof buf, "%.17g", v));
}
