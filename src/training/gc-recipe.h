/* genreclassify — a model's training recipe, as its trained-by key says it
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * genreclassify-train records how it trained a model at the start of the
 * bundle's trained-by key:
 *
 *   genreclassify-train (genreclassify 0.1.0, libsvm 332): window 30 s,
 *   hop 30 s, min-window 5 s, C-SVC RBF C=16 gamma=0.0025, seed 1
 *   [, augment mp3-32k-96k,fade-2s][, extra-windows 10,15]
 *   [, probability grouped][, max-rows 20000]
 *   [, decoders flacdec,mpg123audiodec]
 *
 * (one line), then what it measured (the CV accuracy).  genreclassify-eval
 * --cv reads it back to cross-validate the same recipe.  Both ends use this
 * file, so that they cannot drift apart.
 */
#ifndef GC_RECIPE_H
#define GC_RECIPE_H

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  double window, hop, min_window; /* seconds; hop is never 0 */
  double c, gamma;
  gint64 seed;
  char *augment; /* chain names separated by ',', or NULL */
  /* Window lengths (seconds, "10,15") the files were also cut into for
   * training, or NULL. */
  char *extra_windows;
  /* Probability sigmoids fitted on folds by group (gc_model_train_folded())
   * rather than by libsvm's own row-wise folds. */
  gboolean grouped_probability;
  /* The audio decoders of the training files (gc_decoders_merge()), or
   * NULL: raw audio only, or a model older than this field. */
  char *decoders;
  /* At most this many training windows (--max-rows); 0: every window. */
  gint64 max_rows;
} GcRecipe;

/* The text above (without what follows the recipe); free with g_free(). */
char *gc_recipe_to_string (const GcRecipe *recipe);

/* Reads a recipe from the start of @trained_by.  FALSE (and @recipe
 * untouched) when the text is not one gc_recipe_to_string() wrote. */
gboolean gc_recipe_parse (const char *trained_by, GcRecipe *recipe);

void gc_recipe_clear (GcRecipe *recipe);

G_END_DECLS

#endif
