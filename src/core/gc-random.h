/* genreclassify — the project's one pseudo-random generator (splitmix64)
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Folds, chain noise, demonstration signals and tests draw from splitmix64
 * rather than GRand or rand(): the same seed gives the same sequence on
 * every platform and GLib version, so folds and models are reproducible.
 */
#ifndef GC_RANDOM_H
#define GC_RANDOM_H

#include <glib.h>

G_BEGIN_DECLS

/* Advances @state and returns the next 64 random bits. */
static inline guint64
gc_random_next (guint64 *state)
{
  guint64 z = (*state += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return z ^ (z >> 31);
}

/* Uniform in [0, 1): the next 53 random bits as a double's mantissa. */
static inline double
gc_random_uniform (guint64 *state)
{
  return (double)(gc_random_next (state) >> 11) * 0x1p-53;
}

G_END_DECLS

#endif
