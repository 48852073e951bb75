/* genreclassify — per-bin operations on one frame's spectrum
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "gc-spectrum.h"

#include <math.h>

/* The clones are static, each behind a plain function: clang 14 does not
 * export a target_clones function to other files.  Indices are gsize: with
 * guint ones, 2·k might wrap, and GCC would not vectorise.  No FMA in the
 * clone: contracting a·b + c would round differently from the default build,
 * and every build should give the same features. */
#define PER_BIN_LOOP                                                           \
  static __attribute__ ((target_clones ("avx2", "default"))) void

PER_BIN_LOOP
spectrum_copy_magnitude_loop (
    const double complex *x, double complex *copy, float *magnitude, gsize n)
{
  const double *in = (const double *)x;
  double *out = (double *)copy;

  for (gsize k = 0; k < n; k++) {
    double re = in[2 * k], im = in[2 * k + 1];

    out[2 * k] = re;
    out[2 * k + 1] = im;
    magnitude[k] = sqrt (re * re + im * im);
  }
}

PER_BIN_LOOP
spectrum_soft_mask_loop (const double complex *x, const float *harmonic,
    const float *percussive, double complex *out, gsize n)
{
  const double *in = (const double *)x;
  double *masked = (double *)out;

  /* The 1e-300 terms only decide the 0/0 case (librosa also says ½ for
   * magnitudes below float32's tiny, ~1e-38, which carry no energy either
   * way); without a branch the loop vectorises. */
  for (gsize k = 0; k < n; k++) {
    double h = harmonic[k], p = percussive[k], hh = h * h;
    double mask = (hh + 1e-300) / (hh + p * p + 2e-300);

    masked[2 * k] = in[2 * k] * mask;
    masked[2 * k + 1] = in[2 * k + 1] * mask;
  }
}

PER_BIN_LOOP
spectrum_power_loop (const double complex *x, double *power, gsize n)
{
  const double *in = (const double *)x;

  for (gsize k = 0; k < n; k++)
    power[k] = in[2 * k] * in[2 * k] + in[2 * k + 1] * in[2 * k + 1];
}

PER_BIN_LOOP
spectrum_powers_loop (const double complex *x, const double complex *y,
    double *power_y, double *power_rest, gsize n)
{
  const double *a = (const double *)x, *b = (const double *)y;

  for (gsize k = 0; k < n; k++) {
    double re = b[2 * k], im = b[2 * k + 1];
    double rest_re = a[2 * k] - re, rest_im = a[2 * k + 1] - im;

    power_y[k] = re * re + im * im;
    power_rest[k] = rest_re * rest_re + rest_im * rest_im;
  }
}

void
gc_spectrum_copy_magnitude (
    const double complex *x, double complex *copy, float *magnitude, gsize n)
{
  spectrum_copy_magnitude_loop (x, copy, magnitude, n);
}

void
gc_spectrum_soft_mask (const double complex *x, const float *harmonic,
    const float *percussive, double complex *out, gsize n)
{
  spectrum_soft_mask_loop (x, harmonic, percussive, out, n);
}

void
gc_spectrum_power (const double complex *x, double *power, gsize n)
{
  spectrum_power_loop (x, power, n);
}

void
gc_spectrum_powers (const double complex *x, const double complex *y,
    double *power_y, double *power_rest, gsize n)
{
  spectrum_powers_loop (x, y, power_y, power_rest, n);
}
