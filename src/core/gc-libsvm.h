/* genreclassify — the libsvm model file: a hardened reader and a writer
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Internal to the model bundle (gc-model-io.c, gc-model-train.c): callers
 * use gc-model.h.  Errors are GC_MODEL_ERROR (gc-model-error.h), their
 * messages naming the file.
 */
#ifndef GC_LIBSVM_H
#define GC_LIBSVM_H

#include <glib.h>
#include <libsvm/svm.h>

G_BEGIN_DECLS

/* A C-SVC with an RBF kernel whose arrays all belong to this struct: libsvm
 * only ever reads @model (svm_predict_probability()); it is never given to
 * svm_free_model_content(). */
typedef struct {
  struct svm_model model;
  struct svm_node *nodes; /* every support vector, each ended by index -1 */
  double *coefs; /* (nr_class - 1) × model.l */
} GcLibsvmModel;

/* An empty C-SVC with an RBF kernel, no arrays yet. */
void gc_libsvm_model_init (GcLibsvmModel *svm);
/* Frees the arrays (not @svm itself). */
void gc_libsvm_model_clear (GcLibsvmModel *svm);

/* Parses the libsvm text @text (owned, modified in place) of @path into the
 * empty @svm, checking it against the @n_classes labels and the @dimension
 * of the key-file.  On failure @svm may hold arrays: clear it. */
gboolean gc_libsvm_parse (GcLibsvmModel *svm, const char *path, char *text,
    guint n_classes, guint dimension, GError **error);

/* Copies a model made by svm_train() (whose support vectors point into the
 * training problem) into the empty @svm's own arrays. */
void gc_libsvm_model_copy (GcLibsvmModel *svm, const struct svm_model *src);

/* The libsvm text of @svm, every number with 17 significant digits.  Free
 * with g_free(). */
char *gc_libsvm_to_text (const GcLibsvmModel *svm);

G_END_DECLS

#endif
