/* genreclassify — fuzz target for the model bundle loader
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef GC_FUZZ_MODEL_H
#define GC_FUZZ_MODEL_H

#include <stddef.h>
#include <stdint.h>

/* Separates the key-file from the libsvm file in one fuzz input. */
#define GC_FUZZ_SEPARATOR "\n----8<---- model.svm ----8<----\n"

/* Loads the bundle held in @data and classifies a fixed vector with it;
 * aborts on any broken promise of gc_model_load() / gc_model_predict().
 * Returns 1 if the bundle loaded, else 0 and (if @why is not NULL) the
 * error message, to be freed with g_free(). */
int gc_fuzz_model_one (const uint8_t *data, size_t size, char **why);

#endif
