/* genreclassify — the benchmarks' music-like test signal
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * A chord per two seconds with a soft pulse, a bass line, a kick on every
 * beat (120 BPM), a snare on the off-beats of every other second, hi-hat
 * eighths and a little noise: enough structure for every feature to vary.
 */
#ifndef BENCH_MUSIC_H
#define BENCH_MUSIC_H

#include <glib.h>
#include <math.h>

/* The sample at @t seconds without the hi-hat; @rand gives the noises. */
static inline double
bench_music (double t, GRand *rand)
{
  static const double chords[4][3] = { { 261.6, 329.6, 392.0 },
    { 220.0, 261.6, 329.6 }, { 174.6, 220.0, 261.6 }, { 196.0, 246.9, 293.7 } };
  const double *c = chords[(guint64)(t / 2.0) % 4];
  double beat = fmod (t, 0.5), v = 0.0;

  for (guint k = 0; k < 3; k++)
    v += 0.12 * sin (2 * G_PI * c[k] * t) * (0.6 + 0.4 * exp (-3 * beat));
  v += 0.2 * sin (2 * G_PI * c[0] / 4 * t);
  v += 0.5 * sin (2 * G_PI * (50 + 80 * exp (-30 * beat)) * beat)
      * exp (-12 * beat);
  if (fmod (t, 1.0) >= 0.5)
    v += 0.3 * g_rand_double_range (rand, -1, 1) * exp (-25 * beat);
  return v + 0.01 * g_rand_double_range (rand, -1, 1);
}

/* The hi-hat at @t seconds. */
static inline double
bench_hihat (double t, GRand *rand)
{
  return 0.08 * g_rand_double_range (rand, -1, 1) * exp (-80 * fmod (t, 0.25));
}

#endif
