/* genreclassify — per-bin operations on one frame's spectrum
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The loops the analyser runs over every bin of every frame, fused so that
 * each reads its spectra once.  They have no reduction and no branch, so
 * whatever vector width the CPU offers (an AVX2 clone is chosen at run
 * time), they give the same values bit for bit.
 */
#ifndef GC_SPECTRUM_H
#define GC_SPECTRUM_H

#include <glib.h>
#include <complex.h>

G_BEGIN_DECLS

/* copy[k] = x[k] and magnitude[k] = |x[k]| rounded to float32. */
void gc_spectrum_copy_magnitude (
    const double complex *x, double complex *copy, float *magnitude, gsize n);

/* out[k] = x[k] · h²/(h² + p²) with h = harmonic[k], p = percussive[k]:
 * librosa.util.softmask(h, p, power=2, split_zeros=True), which is ½
 * where both vanish. */
void gc_spectrum_soft_mask (const double complex *x, const float *harmonic,
    const float *percussive, double complex *out, gsize n);

/* power[k] = |x[k]|². */
void gc_spectrum_power (const double complex *x, double *power, gsize n);

/* power_y[k] = |y[k]|² and power_rest[k] = |x[k] − y[k]|². */
void gc_spectrum_powers (const double complex *x, const double complex *y,
    double *power_y, double *power_rest, gsize n);

G_END_DECLS

#endif
