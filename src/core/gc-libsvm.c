/* genreclassify — the libsvm model file: a hardened reader and a writer
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The libsvm model file is read by the parser below, not by libsvm's
 * svm_load_model(), for three reasons:
 *  - svm_load_model() trusts its input: wrong counts or a truncated file
 *    make it read or write out of bounds;
 *  - svm_load_model() and svm_save_model() switch the process-wide locale
 *    with setlocale(LC_ALL, "C") while they work, which races with every
 *    other thread of the application (setlocale is MT-unsafe);
 *  - svm_save_model() writes support vectors with 8 significant digits, so a
 *    saved model does not reproduce the predictions of the trained one.
 * The parser accepts the files svm_save_model() writes for a C-SVC model with
 * an RBF kernel and probability estimates, checks every count, size and value
 * before allocating or storing anything, and fills a GcLibsvmModel.
 * gc_libsvm_to_text() writes the same format with 17 significant digits,
 * which svm_load_model() and libsvm's svm-predict also read.  Numbers are
 * parsed and formatted with g_ascii_strtod() / g_ascii_formatd(), which do
 * not depend on the locale.
 */
#include "gc-libsvm.h"
#include "gc-model-error.h"
#include "gc-number.h"

#include <math.h>
#include <string.h>

/* ---- helpers ----------------------------------------------------------- */

static gboolean
parse_double (const char *token, double *value)
{
  char *end;

  if (token == NULL || *token == '\0' || g_ascii_isspace (*token))
    return FALSE;
  *value = g_ascii_strtod (token, &end);
  return end != token && *end == '\0';
}

static gboolean
parse_int (const char *token, gint64 min, gint64 max, gint64 *value)
{
  /* Strict: decimal digits with an optional sign, nothing else. */
  return token != NULL
      && g_ascii_string_to_signed (token, 10, min, max, value, NULL);
}

/* ---- storage ----------------------------------------------------------- */

void
gc_libsvm_model_init (GcLibsvmModel *s)
{
  memset (s, 0, sizeof *s);
  s->model.param.svm_type = C_SVC;
  s->model.param.kernel_type = RBF;
  s->model.free_sv = 1;
}

void
gc_libsvm_model_clear (GcLibsvmModel *s)
{
  g_free (s->model.SV);
  g_free (s->nodes);
  g_free (s->model.sv_coef);
  g_free (s->coefs);
  g_free (s->model.rho);
  g_free (s->model.probA);
  g_free (s->model.probB);
  g_free (s->model.label);
  g_free (s->model.nSV);
}

/* Allocates the per-class libsvm arrays for @nr_class classes. */
static void
alloc_classes (GcLibsvmModel *s, int nr_class)
{
  int pairs = nr_class * (nr_class - 1) / 2;

  s->model.nr_class = nr_class;
  s->model.rho = g_new (double, pairs);
  s->model.probA = g_new (double, pairs);
  s->model.probB = g_new (double, pairs);
  s->model.label = g_new (int, nr_class);
  s->model.nSV = g_new (int, nr_class);
  s->model.sv_indices = NULL;
}

/* Allocates the per-support-vector arrays (SV pointers and coefficients)
 * for @l support vectors; the nodes are allocated by the caller. */
static void
alloc_svs (GcLibsvmModel *s, int l)
{
  int nr_class = s->model.nr_class;

  s->model.l = l;
  s->model.SV = g_new0 (struct svm_node *, l);
  s->model.sv_coef = g_new (double *, nr_class - 1);
  s->coefs = g_new (double, (gsize)(nr_class - 1) * l);
  for (int k = 0; k < nr_class - 1; k++)
    s->model.sv_coef[k] = s->coefs + (gsize)k * l;
}

/* ---- reading ----------------------------------------------------------- */

typedef struct {
  const char *path;
  char *pos; /* start of the next line */
  guint line; /* number of the line last returned */
  gboolean ended; /* whether that line ended with a new line */
} Reader;

/* The next line, NUL-terminated in place (a trailing '\r' removed), or NULL
 * at the end of the text. */
static char *
next_line (Reader *r)
{
  char *start = r->pos, *end;

  if (*start == '\0')
    return NULL;
  end = strchr (start, '\n');
  r->ended = end != NULL;
  if (end != NULL) {
    *end = '\0';
    r->pos = end + 1;
  } else {
    r->pos = start + strlen (start);
  }
  if (end != NULL && end > start && end[-1] == '\r')
    end[-1] = '\0';
  r->line++;
  return start;
}

/* The next space- or tab-separated token of *@p, NUL-terminated in place, or
 * NULL when the line has no more. */
static char *
next_token (char **p)
{
  char *s = *p, *t;

  while (*s == ' ' || *s == '\t' || *s == '\r')
    s++;
  if (*s == '\0') {
    *p = s;
    return NULL;
  }
  t = s;
  while (*s != '\0' && *s != ' ' && *s != '\t' && *s != '\r')
    s++;
  if (*s != '\0')
    *s++ = '\0';
  *p = s;
  return t;
}

static gboolean
blank (const char *s)
{
  for (; *s; s++)
    if (*s != ' ' && *s != '\t' && *s != '\r')
      return FALSE;
  return TRUE;
}

enum {
  H_SVM_TYPE,
  H_KERNEL_TYPE,
  H_DEGREE,
  H_GAMMA,
  H_COEF0,
  H_NR_CLASS,
  H_TOTAL_SV,
  H_RHO,
  H_LABEL,
  H_PROB_A,
  H_PROB_B,
  H_NR_SV,
  N_HEADER
};

static const char *const header_keys[N_HEADER] = { "svm_type", "kernel_type",
  "degree", "gamma", "coef0", "nr_class", "total_sv", "rho", "label", "probA",
  "probB", "nr_sv" };

typedef struct {
  char *rest[N_HEADER]; /* the text after the keyword, NULL if absent */
  guint line[N_HEADER];
} Header;

static gboolean
read_header (Reader *r, Header *h, GError **error)
{
  char *text;

  memset (h, 0, sizeof *h);
  while ((text = next_line (r)) != NULL) {
    char *p = text, *key = next_token (&p);
    int k;

    if (key == NULL) {
      gc_model_set_error (error, GC_MODEL_ERROR_PARSE, r->path,
          "line %u: empty line in the header", r->line);
      return FALSE;
    }
    if (strcmp (key, "SV") == 0) {
      if (!blank (p)) {
        gc_model_set_error (error, GC_MODEL_ERROR_PARSE, r->path,
            "line %u: text after \"SV\"", r->line);
        return FALSE;
      }
      return TRUE;
    }
    for (k = 0; k < N_HEADER; k++)
      if (strcmp (key, header_keys[k]) == 0)
        break;
    if (k == N_HEADER) {
      char *e = gc_model_excerpt (key);
      gc_model_set_error (error, GC_MODEL_ERROR_PARSE, r->path,
          "line %u: %s is not a libsvm model header keyword", r->line, e);
      g_free (e);
      return FALSE;
    }
    if (h->rest[k] != NULL) {
      gc_model_set_error (error, GC_MODEL_ERROR_PARSE, r->path,
          "line %u: \"%s\" given twice (first on line %u)", r->line, key,
          h->line[k]);
      return FALSE;
    }
    h->rest[k] = p;
    h->line[k] = r->line;
  }
  gc_model_set_error (error, GC_MODEL_ERROR_PARSE, r->path,
      "not a libsvm model: the header has no \"SV\" line%s",
      r->line <= 1 ? " (empty or a single line)" : "");
  return FALSE;
}

static gboolean
require (const Header *h, int k, const Reader *r, GError **error)
{
  if (h->rest[k] == NULL) {
    gc_model_set_error (error, GC_MODEL_ERROR_PARSE, r->path,
        "not a complete libsvm model: no \"%s\" header line", header_keys[k]);
    return FALSE;
  }
  return TRUE;
}

/* Parses exactly @n doubles from header line @k into @out (if not NULL);
 * @finite asks for finite values. */
static gboolean
header_doubles (
    const Header *h, int k, int n, double *out, const Reader *r, GError **error)
{
  char *p = h->rest[k], *tok;
  int i = 0;

  while ((tok = next_token (&p)) != NULL) {
    double v;

    if (i == n) {
      gc_model_set_error (error, GC_MODEL_ERROR_PARSE, r->path,
          "line %u: \"%s\" has more than %d values", h->line[k], header_keys[k],
          n);
      return FALSE;
    }
    if (!parse_double (tok, &v)) {
      char *e = gc_model_excerpt (tok);
      gc_model_set_error (error, GC_MODEL_ERROR_PARSE, r->path,
          "line %u: \"%s\" value %d %s is not a number", h->line[k],
          header_keys[k], i + 1, e);
      g_free (e);
      return FALSE;
    }
    if (!isfinite (v)) {
      gc_model_set_error (error, GC_MODEL_ERROR_INCONSISTENT, r->path,
          "line %u: \"%s\" value %d is not finite (or out of range)",
          h->line[k], header_keys[k], i + 1);
      return FALSE;
    }
    if (out)
      out[i] = v;
    i++;
  }
  if (i != n) {
    gc_model_set_error (error, GC_MODEL_ERROR_PARSE, r->path,
        "line %u: \"%s\" has %d values, expected %d", h->line[k],
        header_keys[k], i, n);
    return FALSE;
  }
  return TRUE;
}

static gboolean
header_ints (const Header *h, int k, int n, gint64 min, gint64 max, int *out,
    const Reader *r, GError **error)
{
  char *p = h->rest[k], *tok;
  int i = 0;

  while ((tok = next_token (&p)) != NULL) {
    gint64 v;

    if (i == n) {
      gc_model_set_error (error, GC_MODEL_ERROR_PARSE, r->path,
          "line %u: \"%s\" has more than %d values", h->line[k], header_keys[k],
          n);
      return FALSE;
    }
    if (!parse_int (tok, min, max, &v)) {
      char *e = gc_model_excerpt (tok);
      gc_model_set_error (error, GC_MODEL_ERROR_PARSE, r->path,
          "line %u: \"%s\" value %d %s is not an integer in [%" G_GINT64_FORMAT
          ", %" G_GINT64_FORMAT "]",
          h->line[k], header_keys[k], i + 1, e, min, max);
      g_free (e);
      return FALSE;
    }
    out[i++] = (int)v;
  }
  if (i != n) {
    gc_model_set_error (error, GC_MODEL_ERROR_PARSE, r->path,
        "line %u: \"%s\" has %d values, expected %d", h->line[k],
        header_keys[k], i, n);
    return FALSE;
  }
  return TRUE;
}

static gboolean
header_word (const Header *h, int k, const char *const *names, int n_names,
    int *index, const Reader *r, GError **error)
{
  char *p = h->rest[k], *tok = next_token (&p);

  if (tok != NULL && blank (p))
    for (int i = 0; i < n_names; i++)
      if (strcmp (tok, names[i]) == 0) {
        *index = i;
        return TRUE;
      }
  gc_model_set_error (error, GC_MODEL_ERROR_PARSE, r->path,
      "line %u: unknown \"%s\"", h->line[k], header_keys[k]);
  return FALSE;
}

/* Parses @l support vector lines: (nr_class - 1) coefficients, then
 * index:value pairs with increasing indices in [1, dimension]. */
static gboolean
parse_svs (GcLibsvmModel *s, guint dimension, Reader *r, int l, GError **error)
{
  int n_coefs = s->model.nr_class - 1;
  GArray *nodes = g_array_new (FALSE, FALSE, sizeof (struct svm_node));
  GArray *coefs = g_array_new (FALSE, FALSE, sizeof (double));
  GArray *starts = g_array_new (FALSE, FALSE, sizeof (gsize));
  const struct svm_node end = { -1, 0.0 };
  gboolean ok = FALSE;

  for (int i = 0; i < l; i++) {
    char *p = next_line (r), *tok;
    gint64 index, last_index = 0;
    gsize start = nodes->len;

    if (p == NULL) {
      gc_model_set_error (error, GC_MODEL_ERROR_PARSE, r->path,
          "truncated: total_sv is %d but the file ends after %d support "
          "vectors",
          l, i);
      goto out;
    }
    /* svm_save_model() ends every line: a last line without its new line
     * was cut, and may have lost nodes. */
    if (!r->ended) {
      gc_model_set_error (error, GC_MODEL_ERROR_PARSE, r->path,
          "line %u: truncated (the file ends inside support vector %d)",
          r->line, i + 1);
      goto out;
    }
    for (int k = 0; k < n_coefs; k++) {
      double c;

      tok = next_token (&p);
      if (tok == NULL || strchr (tok, ':') != NULL) {
        gc_model_set_error (error, GC_MODEL_ERROR_PARSE, r->path,
            "line %u: support vector %d has %d coefficients, expected %d",
            r->line, i + 1, k, n_coefs);
        goto out;
      }
      if (!parse_double (tok, &c)) {
        char *e = gc_model_excerpt (tok);
        gc_model_set_error (error, GC_MODEL_ERROR_PARSE, r->path,
            "line %u: coefficient %d %s is not a number", r->line, k + 1, e);
        g_free (e);
        goto out;
      }
      if (!isfinite (c)) {
        gc_model_set_error (error, GC_MODEL_ERROR_INCONSISTENT, r->path,
            "line %u: coefficient %d is not finite (or out of range)", r->line,
            k + 1);
        goto out;
      }
      g_array_append_val (coefs, c);
    }

    while ((tok = next_token (&p)) != NULL) {
      char *colon = strchr (tok, ':');
      struct svm_node node;

      if (colon == NULL) {
        char *e = gc_model_excerpt (tok);
        gc_model_set_error (error, GC_MODEL_ERROR_PARSE, r->path,
            "line %u: %s is not index:value (too many coefficients?)", r->line,
            e);
        g_free (e);
        goto out;
      }
      *colon = '\0';
      if (!parse_int (tok, 1, G_MAXINT, &index)
          || !parse_double (colon + 1, &node.value)) {
        char *e;

        *colon = ':';
        e = gc_model_excerpt (tok);
        gc_model_set_error (error, GC_MODEL_ERROR_PARSE, r->path,
            "line %u: %s is not index:value with an integer index >= 1",
            r->line, e);
        g_free (e);
        goto out;
      }
      if (index <= last_index) {
        gc_model_set_error (error, GC_MODEL_ERROR_PARSE, r->path,
            "line %u: feature index %" G_GINT64_FORMAT
            " does not increase (after %" G_GINT64_FORMAT ")",
            r->line, index, last_index);
        goto out;
      }
      if (index > dimension) {
        gc_model_set_error (error, GC_MODEL_ERROR_INCONSISTENT, r->path,
            "line %u: feature index %" G_GINT64_FORMAT
            " exceeds the dimension %u",
            r->line, index, dimension);
        goto out;
      }
      if (!isfinite (node.value)) {
        gc_model_set_error (error, GC_MODEL_ERROR_INCONSISTENT, r->path,
            "line %u: feature %" G_GINT64_FORMAT
            " is not finite (or out of range)",
            r->line, index);
        goto out;
      }
      node.index = (int)index;
      g_array_append_val (nodes, node);
      last_index = index;
    }
    g_array_append_val (nodes, end);
    g_array_append_val (starts, start);
  }

  alloc_svs (s, l);
  for (int i = 0; i < l; i++)
    for (int k = 0; k < n_coefs; k++)
      s->model.sv_coef[k][i] =
          g_array_index (coefs, double, (gsize)i *n_coefs + k);
  s->nodes = (struct svm_node *)g_array_free (nodes, FALSE);
  nodes = NULL;
  for (int i = 0; i < l; i++)
    s->model.SV[i] = s->nodes + g_array_index (starts, gsize, i);
  ok = TRUE;

out:
  if (nodes)
    g_array_free (nodes, TRUE);
  g_array_free (coefs, TRUE);
  g_array_free (starts, TRUE);
  return ok;
}

gboolean
gc_libsvm_parse (GcLibsvmModel *s, const char *path, char *text,
    guint n_classes, guint dimension, GError **error)
{
  static const char *const svm_types[] = { "c_svc", "nu_svc", "one_class",
    "epsilon_svr", "nu_svr" };
  static const char *const kernel_types[] = { "linear", "polynomial", "rbf",
    "sigmoid", "precomputed" };
  Reader r = { path, text, 0 };
  Header h;
  int svm_type, kernel_type, nr_class = 0, l = 0, pairs, dummy_int;
  double gamma;
  gint64 sv_sum = 0;
  gboolean *seen, ok;
  char *line;

  if (!read_header (&r, &h, error))
    return FALSE;

  if (!require (&h, H_SVM_TYPE, &r, error)
      || !header_word (&h, H_SVM_TYPE, svm_types, G_N_ELEMENTS (svm_types),
          &svm_type, &r, error))
    return FALSE;
  if (svm_type != C_SVC) {
    gc_model_set_error (error, GC_MODEL_ERROR_INCONSISTENT, path,
        "the SVM is %s, only c_svc is supported", svm_types[svm_type]);
    return FALSE;
  }
  if (!require (&h, H_KERNEL_TYPE, &r, error)
      || !header_word (&h, H_KERNEL_TYPE, kernel_types,
          G_N_ELEMENTS (kernel_types), &kernel_type, &r, error))
    return FALSE;
  if (kernel_type != RBF) {
    gc_model_set_error (error, GC_MODEL_ERROR_INCONSISTENT, path,
        "the kernel is %s, only rbf is supported", kernel_types[kernel_type]);
    return FALSE;
  }
  /* Written by libsvm for other kernels only; syntax-checked, unused. */
  if (h.rest[H_DEGREE]
      && !header_ints (
          &h, H_DEGREE, 1, G_MININT, G_MAXINT, &dummy_int, &r, error))
    return FALSE;
  if (h.rest[H_COEF0] && !header_doubles (&h, H_COEF0, 1, NULL, &r, error))
    return FALSE;
  if (!require (&h, H_GAMMA, &r, error)
      || !header_doubles (&h, H_GAMMA, 1, &gamma, &r, error))
    return FALSE;
  if (!(gamma > 0.0)) {
    gc_model_set_error (error, GC_MODEL_ERROR_INCONSISTENT, path,
        "line %u: gamma %g is not positive", h.line[H_GAMMA], gamma);
    return FALSE;
  }

  /* The class count is checked against the labels before it sizes
   * anything. */
  if (!require (&h, H_NR_CLASS, &r, error)
      || !header_ints (
          &h, H_NR_CLASS, 1, G_MININT, G_MAXINT, &nr_class, &r, error))
    return FALSE;
  if (nr_class < 0 || (guint)nr_class != n_classes) {
    gc_model_set_error (error, GC_MODEL_ERROR_INCONSISTENT, path,
        "line %u: nr_class is %d but the key-file has %u labels",
        h.line[H_NR_CLASS], nr_class, n_classes);
    return FALSE;
  }
  if (!require (&h, H_TOTAL_SV, &r, error)
      || !header_ints (&h, H_TOTAL_SV, 1, G_MININT, G_MAXINT, &l, &r, error))
    return FALSE;
  if (l < 1) {
    gc_model_set_error (error, GC_MODEL_ERROR_INCONSISTENT, path,
        "line %u: total_sv is %d, a model needs support vectors",
        h.line[H_TOTAL_SV], l);
    return FALSE;
  }
  for (int k = H_RHO; k < N_HEADER; k++)
    if (k != H_PROB_A && k != H_PROB_B && !require (&h, k, &r, error))
      return FALSE;
  if (h.rest[H_PROB_A] == NULL || h.rest[H_PROB_B] == NULL) {
    gc_model_set_error (error, GC_MODEL_ERROR_INCONSISTENT, path,
        "the model has no probability estimates (no probA/probB: train with "
        "probability estimates, svm-train -b 1)");
    return FALSE;
  }

  pairs = nr_class * (nr_class - 1) / 2;
  alloc_classes (s, nr_class);
  s->model.param.gamma = gamma;

  if (!header_doubles (&h, H_RHO, pairs, s->model.rho, &r, error)
      || !header_ints (
          &h, H_LABEL, nr_class, G_MININT, G_MAXINT, s->model.label, &r, error)
      || !header_doubles (&h, H_PROB_A, pairs, s->model.probA, &r, error)
      || !header_doubles (&h, H_PROB_B, pairs, s->model.probB, &r, error)
      || !header_ints (
          &h, H_NR_SV, nr_class, 0, G_MAXINT, s->model.nSV, &r, error))
    return FALSE;

  seen = g_newa (gboolean, nr_class);
  memset (seen, 0, sizeof (gboolean) * nr_class);
  for (int i = 0; i < nr_class; i++) {
    int lab = s->model.label[i];

    if (lab < 0 || lab >= nr_class || seen[lab]) {
      gc_model_set_error (error, GC_MODEL_ERROR_INCONSISTENT, path,
          "line %u: the class labels must be 0..%d, each once; value %d "
          "(%d) is out of range or repeated",
          h.line[H_LABEL], nr_class - 1, i + 1, lab);
      return FALSE;
    }
    seen[lab] = TRUE;
    sv_sum += s->model.nSV[i];
  }
  if (sv_sum != l) {
    gc_model_set_error (error, GC_MODEL_ERROR_PARSE, path,
        "line %u: nr_sv adds up to %" G_GINT64_FORMAT ", total_sv is %d",
        h.line[H_NR_SV], sv_sum, l);
    return FALSE;
  }

  /* The support vectors grow arrays line by line, so memory follows what
   * the file really holds, whatever total_sv claims. */
  ok = parse_svs (s, dimension, &r, l, error);
  while (ok && (line = next_line (&r)) != NULL) {
    if (!blank (line)) {
      gc_model_set_error (error, GC_MODEL_ERROR_PARSE, path,
          "line %u: text after the last of the %d support vectors", r.line, l);
      ok = FALSE;
    }
  }
  if (!ok)
    return FALSE;

  if (!svm_check_probability_model (&s->model)) {
    gc_model_set_error (error, GC_MODEL_ERROR_INCONSISTENT, path,
        "libsvm does not accept it as a probability model");
    return FALSE;
  }
  return TRUE;
}

/* ---- a trained model --------------------------------------------------- */

void
gc_libsvm_model_copy (GcLibsvmModel *s, const struct svm_model *src)
{
  int nr_class = src->nr_class, l = src->l, pairs;
  gsize n_nodes = 0, node = 0;

  for (int i = 0; i < l; i++) {
    const struct svm_node *p = src->SV[i];
    while (p->index != -1)
      p++, n_nodes++;
    n_nodes++;
  }
  alloc_classes (s, nr_class);
  alloc_svs (s, l);
  s->nodes = g_new (struct svm_node, n_nodes);
  pairs = nr_class * (nr_class - 1) / 2;
  s->model.param.gamma = src->param.gamma;
  for (int i = 0; i < l; i++) {
    const struct svm_node *p = src->SV[i];

    s->model.SV[i] = s->nodes + node;
    do
      s->nodes[node++] = *p;
    while ((p++)->index != -1);
    for (int k = 0; k < nr_class - 1; k++)
      s->model.sv_coef[k][i] = src->sv_coef[k][i];
  }
  memcpy (s->model.rho, src->rho, pairs * sizeof (double));
  memcpy (s->model.probA, src->probA, pairs * sizeof (double));
  memcpy (s->model.probB, src->probB, pairs * sizeof (double));
  memcpy (s->model.label, src->label, nr_class * sizeof (int));
  memcpy (s->model.nSV, src->nSV, nr_class * sizeof (int));
}

/* ---- writing ----------------------------------------------------------- */

static void
append_doubles (GString *s, const char *key, const double *v, int n)
{
  g_string_append (s, key);
  for (int i = 0; i < n; i++) {
    g_string_append_c (s, ' ');
    gc_number_append (s, v[i]);
  }
  g_string_append_c (s, '\n');
}

static void
append_ints (GString *s, const char *key, const int *v, int n)
{
  g_string_append (s, key);
  for (int i = 0; i < n; i++)
    g_string_append_printf (s, " %d", v[i]);
  g_string_append_c (s, '\n');
}

char *
gc_libsvm_to_text (const GcLibsvmModel *m)
{
  const struct svm_model *svm = &m->model;
  int nr_class = svm->nr_class, pairs = nr_class * (nr_class - 1) / 2;
  GString *s = g_string_new (NULL);

  g_string_append (s, "svm_type c_svc\nkernel_type rbf\ngamma ");
  gc_number_append (s, svm->param.gamma);
  g_string_append_printf (s, "\nnr_class %d\ntotal_sv %d\n", nr_class, svm->l);
  append_doubles (s, "rho", svm->rho, pairs);
  append_ints (s, "label", svm->label, nr_class);
  append_doubles (s, "probA", svm->probA, pairs);
  append_doubles (s, "probB", svm->probB, pairs);
  append_ints (s, "nr_sv", svm->nSV, nr_class);
  g_string_append (s, "SV\n");
  for (int i = 0; i < svm->l; i++) {
    for (int k = 0; k < nr_class - 1; k++) {
      if (k > 0)
        g_string_append_c (s, ' ');
      gc_number_append (s, svm->sv_coef[k][i]);
    }
    for (const struct svm_node *p = svm->SV[i]; p->index != -1; p++) {
      g_string_append_printf (s, " %d:", p->index);
      gc_number_append (s, p->value);
    }
    g_string_append_c (s, '\n');
  }
  return g_string_free (s, FALSE);
}
