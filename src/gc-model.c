/* genreclassify — model bundle I/O and classification
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The bundle format and its validation rules are in docs/model-format.md.
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
 * before allocating or storing anything, and fills a struct svm_model whose
 * arrays belong to the GcModel (libsvm only ever reads it, in
 * svm_predict_probability(); it is never given to svm_free_model_content()).
 * gc_model_save() writes the same format with 17 significant digits, which
 * svm_load_model() and libsvm's svm-predict also read.  Numbers are parsed
 * and formatted with g_ascii_strtod() / g_ascii_formatd(), which do not
 * depend on the locale.
 */
#include "gc-model.h"
#include "gc-analyser.h"

#include <libsvm/svm.h>

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>

/* The feature sets this build can classify, and their dimensions.  Predict
 * keeps its per-call buffers on the stack, sized by the largest. */
static const struct {
  const char *name;
  guint dimension;
} feature_sets[] = {
  { GC_FEATURE_SET_SEED212, GC_SEED212_DIM },
};
#define MAX_DIMENSION GC_SEED212_DIM

/* Bounds on what the loader reads into memory. */
#define MAX_KEYFILE_BYTES (1 << 20)
#define MAX_SVM_BYTES (256 * 1024 * 1024)
#define MAX_LABEL_BYTES 256
/* Smallest standard deviation gc_model_train() divides by. */
#define MIN_TRAIN_SCALE 1e-12

struct _GcModel {
  char *feature_set;
  guint dimension;
  char **labels; /* n_labels, NULL-terminated */
  guint n_labels;
  double *mean, *scale;
  char *description, *trained_by;
  double window_seconds;

  /* The libsvm model; every array below belongs to this struct. */
  struct svm_model svm;
  struct svm_node *nodes; /* every support vector, each ended by index -1 */
  double *coefs; /* (n_labels - 1) × svm.l */
};

G_DEFINE_QUARK (gc - model - error - quark, gc_model_error)

/* ---- helpers ----------------------------------------------------------- */

static void set_error (GError **error, GcModelError code, const char *path,
    const char *format, ...) G_GNUC_PRINTF (4, 5);

static void
set_error (GError **error, GcModelError code, const char *path,
    const char *format, ...)
{
  va_list args;
  char *msg, *name;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  name = g_filename_display_name (path);
  g_set_error (error, GC_MODEL_ERROR, code, "%s: %s", name, msg);
  g_free (name);
  g_free (msg);
}

/* A short printable (ASCII) excerpt of untrusted text, for messages. */
static char *
excerpt (const char *text)
{
  char *cut = g_strndup (text, 40);
  char *escaped = g_strescape (cut, NULL);
  char *result =
      g_strdup_printf ("\"%s%s\"", escaped, strlen (text) > 40 ? "..." : "");

  g_free (cut);
  g_free (escaped);
  return result;
}

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

static guint
feature_set_dimension (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (feature_sets); i++)
    if (strcmp (feature_sets[i].name, name) == 0)
      return feature_sets[i].dimension;
  return 0;
}

/* Checks a label list; on failure returns FALSE and a reason in @why. */
static gboolean
check_labels (const char *const *labels, guint n, char **why)
{
  if (n < 2) {
    *why = g_strdup_printf ("needs at least 2 labels, has %u", n);
    return FALSE;
  }
  if (n > GC_MODEL_MAX_LABELS) {
    *why = g_strdup_printf (
        "has %u labels, at most %d are supported", n, GC_MODEL_MAX_LABELS);
    return FALSE;
  }
  for (guint i = 0; i < n; i++) {
    const char *l = labels[i];
    gsize len = l ? strlen (l) : 0;

    if (len == 0) {
      *why = g_strdup_printf ("label %u is empty", i);
      return FALSE;
    }
    if (len > MAX_LABEL_BYTES || !g_utf8_validate (l, -1, NULL)) {
      char *e = excerpt (l);
      *why =
          g_strdup_printf ("label %u %s is not UTF-8 text of at most %d bytes",
              i, e, MAX_LABEL_BYTES);
      g_free (e);
      return FALSE;
    }
    if (g_ascii_isspace (l[0]) || g_ascii_isspace (l[len - 1])) {
      char *e = excerpt (l);
      *why = g_strdup_printf (
          "label %u %s has leading or trailing white space", i, e);
      g_free (e);
      return FALSE;
    }
    for (const char *p = l; *p; p++) {
      if ((guchar)*p < 0x20 || *p == 0x7f || *p == ';' || *p == '=') {
        char *e = excerpt (l);
        *why = g_strdup_printf ("label %u %s contains a control character, "
                                "';' or '='",
            i, e);
        g_free (e);
        return FALSE;
      }
    }
    for (guint j = 0; j < i; j++) {
      if (strcmp (labels[j], l) == 0) {
        char *e = excerpt (l);
        *why = g_strdup_printf ("label %s appears twice (%u and %u)", e, j, i);
        g_free (e);
        return FALSE;
      }
    }
  }
  return TRUE;
}

static GcModel *
model_new (void)
{
  GcModel *m = g_new0 (GcModel, 1);

  m->svm.param.svm_type = C_SVC;
  m->svm.param.kernel_type = RBF;
  m->svm.free_sv = 1;
  return m;
}

/* Allocates the per-class libsvm arrays for @nr_class classes. */
static void
model_alloc_classes (GcModel *m, int nr_class)
{
  int pairs = nr_class * (nr_class - 1) / 2;

  m->svm.nr_class = nr_class;
  m->svm.rho = g_new (double, pairs);
  m->svm.probA = g_new (double, pairs);
  m->svm.probB = g_new (double, pairs);
  m->svm.label = g_new (int, nr_class);
  m->svm.nSV = g_new (int, nr_class);
  m->svm.sv_indices = NULL;
}

/* Allocates the per-support-vector arrays (SV pointers and coefficients)
 * for @l support vectors; the nodes are allocated by the caller. */
static void
model_alloc_svs (GcModel *m, int l)
{
  int nr_class = m->svm.nr_class;

  m->svm.l = l;
  m->svm.SV = g_new0 (struct svm_node *, l);
  m->svm.sv_coef = g_new (double *, nr_class - 1);
  m->coefs = g_new (double, (gsize)(nr_class - 1) * l);
  for (int k = 0; k < nr_class - 1; k++)
    m->svm.sv_coef[k] = m->coefs + (gsize)k * l;
}

void
gc_model_free (GcModel *m)
{
  if (m == NULL)
    return;
  g_free (m->feature_set);
  g_strfreev (m->labels);
  g_free (m->mean);
  g_free (m->scale);
  g_free (m->description);
  g_free (m->trained_by);
  g_free (m->svm.SV);
  g_free (m->nodes);
  g_free (m->svm.sv_coef);
  g_free (m->coefs);
  g_free (m->svm.rho);
  g_free (m->svm.probA);
  g_free (m->svm.probB);
  g_free (m->svm.label);
  g_free (m->svm.nSV);
  g_free (m);
}

/* Reads a whole regular file of at most @max_bytes. */
static gboolean
read_file (const char *path, gsize max_bytes, char **contents, gsize *length,
    GError **error)
{
  GStatBuf st;
  GError *err = NULL;

  *contents = NULL;
  if (g_stat (path, &st) != 0) {
    int e = errno;
    set_error (error, GC_MODEL_ERROR_NOT_FOUND, path, "cannot read: %s",
        g_strerror (e));
    return FALSE;
  }
  if (!S_ISREG (st.st_mode)) {
    set_error (error, GC_MODEL_ERROR_NOT_FOUND, path,
        "cannot read: not a regular file");
    return FALSE;
  }
  if ((guint64)st.st_size > max_bytes) {
    set_error (error, GC_MODEL_ERROR_PARSE, path,
        "file is too large (%" G_GUINT64_FORMAT
        " bytes, at most %" G_GSIZE_FORMAT ")",
        (guint64)st.st_size, max_bytes);
    return FALSE;
  }
  if (!g_file_get_contents (path, contents, length, &err)) {
    set_error (
        error, GC_MODEL_ERROR_NOT_FOUND, path, "cannot read: %s", err->message);
    g_error_free (err);
    return FALSE;
  }
  if (*length > max_bytes) {
    set_error (error, GC_MODEL_ERROR_PARSE, path, "file is too large");
    g_clear_pointer (contents, g_free);
    return FALSE;
  }
  if (memchr (*contents, '\0', *length) != NULL) {
    set_error (error, GC_MODEL_ERROR_PARSE, path,
        "contains NUL bytes: not a text file");
    g_clear_pointer (contents, g_free);
    return FALSE;
  }
  return TRUE;
}

/* ---- libsvm model file ------------------------------------------------- */

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
      set_error (error, GC_MODEL_ERROR_PARSE, r->path,
          "line %u: empty line in the header", r->line);
      return FALSE;
    }
    if (strcmp (key, "SV") == 0) {
      if (!blank (p)) {
        set_error (error, GC_MODEL_ERROR_PARSE, r->path,
            "line %u: text after \"SV\"", r->line);
        return FALSE;
      }
      return TRUE;
    }
    for (k = 0; k < N_HEADER; k++)
      if (strcmp (key, header_keys[k]) == 0)
        break;
    if (k == N_HEADER) {
      char *e = excerpt (key);
      set_error (error, GC_MODEL_ERROR_PARSE, r->path,
          "line %u: %s is not a libsvm model header keyword", r->line, e);
      g_free (e);
      return FALSE;
    }
    if (h->rest[k] != NULL) {
      set_error (error, GC_MODEL_ERROR_PARSE, r->path,
          "line %u: \"%s\" given twice (first on line %u)", r->line, key,
          h->line[k]);
      return FALSE;
    }
    h->rest[k] = p;
    h->line[k] = r->line;
  }
  set_error (error, GC_MODEL_ERROR_PARSE, r->path,
      "not a libsvm model: the header has no \"SV\" line%s",
      r->line <= 1 ? " (empty or a single line)" : "");
  return FALSE;
}

static gboolean
require (const Header *h, int k, const Reader *r, GError **error)
{
  if (h->rest[k] == NULL) {
    set_error (error, GC_MODEL_ERROR_PARSE, r->path,
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
      set_error (error, GC_MODEL_ERROR_PARSE, r->path,
          "line %u: \"%s\" has more than %d values", h->line[k], header_keys[k],
          n);
      return FALSE;
    }
    if (!parse_double (tok, &v)) {
      char *e = excerpt (tok);
      set_error (error, GC_MODEL_ERROR_PARSE, r->path,
          "line %u: \"%s\" value %d %s is not a number", h->line[k],
          header_keys[k], i + 1, e);
      g_free (e);
      return FALSE;
    }
    if (!isfinite (v)) {
      set_error (error, GC_MODEL_ERROR_INCONSISTENT, r->path,
          "line %u: \"%s\" value %d is not finite (or out of range)",
          h->line[k], header_keys[k], i + 1);
      return FALSE;
    }
    if (out)
      out[i] = v;
    i++;
  }
  if (i != n) {
    set_error (error, GC_MODEL_ERROR_PARSE, r->path,
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
      set_error (error, GC_MODEL_ERROR_PARSE, r->path,
          "line %u: \"%s\" has more than %d values", h->line[k], header_keys[k],
          n);
      return FALSE;
    }
    if (!parse_int (tok, min, max, &v)) {
      char *e = excerpt (tok);
      set_error (error, GC_MODEL_ERROR_PARSE, r->path,
          "line %u: \"%s\" value %d %s is not an integer in [%" G_GINT64_FORMAT
          ", %" G_GINT64_FORMAT "]",
          h->line[k], header_keys[k], i + 1, e, min, max);
      g_free (e);
      return FALSE;
    }
    out[i++] = (int)v;
  }
  if (i != n) {
    set_error (error, GC_MODEL_ERROR_PARSE, r->path,
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
  set_error (error, GC_MODEL_ERROR_PARSE, r->path, "line %u: unknown \"%s\"",
      h->line[k], header_keys[k]);
  return FALSE;
}

/* Parses @l support vector lines: (nr_class - 1) coefficients, then
 * index:value pairs with increasing indices in [1, dimension]. */
static gboolean
parse_svs (GcModel *m, Reader *r, int l, GError **error)
{
  int n_coefs = m->svm.nr_class - 1;
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
      set_error (error, GC_MODEL_ERROR_PARSE, r->path,
          "truncated: total_sv is %d but the file ends after %d support "
          "vectors",
          l, i);
      goto out;
    }
    /* svm_save_model() ends every line: a last line without its new line
     * was cut, and may have lost nodes. */
    if (!r->ended) {
      set_error (error, GC_MODEL_ERROR_PARSE, r->path,
          "line %u: truncated (the file ends inside support vector %d)",
          r->line, i + 1);
      goto out;
    }
    for (int k = 0; k < n_coefs; k++) {
      double c;

      tok = next_token (&p);
      if (tok == NULL || strchr (tok, ':') != NULL) {
        set_error (error, GC_MODEL_ERROR_PARSE, r->path,
            "line %u: support vector %d has %d coefficients, expected %d",
            r->line, i + 1, k, n_coefs);
        goto out;
      }
      if (!parse_double (tok, &c)) {
        char *e = excerpt (tok);
        set_error (error, GC_MODEL_ERROR_PARSE, r->path,
            "line %u: coefficient %d %s is not a number", r->line, k + 1, e);
        g_free (e);
        goto out;
      }
      if (!isfinite (c)) {
        set_error (error, GC_MODEL_ERROR_INCONSISTENT, r->path,
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
        char *e = excerpt (tok);
        set_error (error, GC_MODEL_ERROR_PARSE, r->path,
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
        e = excerpt (tok);
        set_error (error, GC_MODEL_ERROR_PARSE, r->path,
            "line %u: %s is not index:value with an integer index >= 1",
            r->line, e);
        g_free (e);
        goto out;
      }
      if (index <= last_index) {
        set_error (error, GC_MODEL_ERROR_PARSE, r->path,
            "line %u: feature index %" G_GINT64_FORMAT
            " does not increase (after %" G_GINT64_FORMAT ")",
            r->line, index, last_index);
        goto out;
      }
      if (index > m->dimension) {
        set_error (error, GC_MODEL_ERROR_INCONSISTENT, r->path,
            "line %u: feature index %" G_GINT64_FORMAT
            " exceeds the dimension %u",
            r->line, index, m->dimension);
        goto out;
      }
      if (!isfinite (node.value)) {
        set_error (error, GC_MODEL_ERROR_INCONSISTENT, r->path,
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

  model_alloc_svs (m, l);
  for (int i = 0; i < l; i++)
    for (int k = 0; k < n_coefs; k++)
      m->svm.sv_coef[k][i] =
          g_array_index (coefs, double, (gsize)i *n_coefs + k);
  m->nodes = (struct svm_node *)g_array_free (nodes, FALSE);
  nodes = NULL;
  for (int i = 0; i < l; i++)
    m->svm.SV[i] = m->nodes + g_array_index (starts, gsize, i);
  ok = TRUE;

out:
  if (nodes)
    g_array_free (nodes, TRUE);
  g_array_free (coefs, TRUE);
  g_array_free (starts, TRUE);
  return ok;
}

/* Parses the libsvm text @text (owned, modified in place) of @path into
 * @m->svm, checking it against @m's labels and dimension. */
static gboolean
parse_svm (GcModel *m, const char *path, char *text, GError **error)
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
    set_error (error, GC_MODEL_ERROR_INCONSISTENT, path,
        "the SVM is %s, only c_svc is supported", svm_types[svm_type]);
    return FALSE;
  }
  if (!require (&h, H_KERNEL_TYPE, &r, error)
      || !header_word (&h, H_KERNEL_TYPE, kernel_types,
          G_N_ELEMENTS (kernel_types), &kernel_type, &r, error))
    return FALSE;
  if (kernel_type != RBF) {
    set_error (error, GC_MODEL_ERROR_INCONSISTENT, path,
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
    set_error (error, GC_MODEL_ERROR_INCONSISTENT, path,
        "line %u: gamma %g is not positive", h.line[H_GAMMA], gamma);
    return FALSE;
  }

  /* The class count is checked against the labels before it sizes
   * anything. */
  if (!require (&h, H_NR_CLASS, &r, error)
      || !header_ints (
          &h, H_NR_CLASS, 1, G_MININT, G_MAXINT, &nr_class, &r, error))
    return FALSE;
  if (nr_class < 0 || (guint)nr_class != m->n_labels) {
    set_error (error, GC_MODEL_ERROR_INCONSISTENT, path,
        "line %u: nr_class is %d but the key-file has %u labels",
        h.line[H_NR_CLASS], nr_class, m->n_labels);
    return FALSE;
  }
  if (!require (&h, H_TOTAL_SV, &r, error)
      || !header_ints (&h, H_TOTAL_SV, 1, G_MININT, G_MAXINT, &l, &r, error))
    return FALSE;
  if (l < 1) {
    set_error (error, GC_MODEL_ERROR_INCONSISTENT, path,
        "line %u: total_sv is %d, a model needs support vectors",
        h.line[H_TOTAL_SV], l);
    return FALSE;
  }
  for (int k = H_RHO; k < N_HEADER; k++)
    if (k != H_PROB_A && k != H_PROB_B && !require (&h, k, &r, error))
      return FALSE;
  if (h.rest[H_PROB_A] == NULL || h.rest[H_PROB_B] == NULL) {
    set_error (error, GC_MODEL_ERROR_INCONSISTENT, path,
        "the model has no probability estimates (no probA/probB: train with "
        "probability estimates, svm-train -b 1)");
    return FALSE;
  }

  pairs = nr_class * (nr_class - 1) / 2;
  model_alloc_classes (m, nr_class);
  m->svm.param.gamma = gamma;

  if (!header_doubles (&h, H_RHO, pairs, m->svm.rho, &r, error)
      || !header_ints (
          &h, H_LABEL, nr_class, G_MININT, G_MAXINT, m->svm.label, &r, error)
      || !header_doubles (&h, H_PROB_A, pairs, m->svm.probA, &r, error)
      || !header_doubles (&h, H_PROB_B, pairs, m->svm.probB, &r, error)
      || !header_ints (
          &h, H_NR_SV, nr_class, 0, G_MAXINT, m->svm.nSV, &r, error))
    return FALSE;

  seen = g_newa (gboolean, nr_class);
  memset (seen, 0, sizeof (gboolean) * nr_class);
  for (int i = 0; i < nr_class; i++) {
    int lab = m->svm.label[i];

    if (lab < 0 || lab >= nr_class || seen[lab]) {
      set_error (error, GC_MODEL_ERROR_INCONSISTENT, path,
          "line %u: the class labels must be 0..%d, each once; value %d "
          "(%d) is out of range or repeated",
          h.line[H_LABEL], nr_class - 1, i + 1, lab);
      return FALSE;
    }
    seen[lab] = TRUE;
    sv_sum += m->svm.nSV[i];
  }
  if (sv_sum != l) {
    set_error (error, GC_MODEL_ERROR_PARSE, path,
        "line %u: nr_sv adds up to %" G_GINT64_FORMAT ", total_sv is %d",
        h.line[H_NR_SV], sv_sum, l);
    return FALSE;
  }

  /* The support vectors grow arrays line by line, so memory follows what
   * the file really holds, whatever total_sv claims. */
  ok = parse_svs (m, &r, l, error);
  while (ok && (line = next_line (&r)) != NULL) {
    if (!blank (line)) {
      set_error (error, GC_MODEL_ERROR_PARSE, path,
          "line %u: text after the last of the %d support vectors", r.line, l);
      ok = FALSE;
    }
  }
  if (!ok)
    return FALSE;

  if (!svm_check_probability_model (&m->svm)) {
    set_error (error, GC_MODEL_ERROR_INCONSISTENT, path,
        "libsvm does not accept it as a probability model");
    return FALSE;
  }
  return TRUE;
}

/* ---- key-file ---------------------------------------------------------- */

/* Turns a GKeyFile lookup error into a GC_MODEL_ERROR. */
static void
key_error (GError **error, const char *path, const char *group, const char *key,
    const char *type, GError *err)
{
  if (g_error_matches (err, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_GROUP_NOT_FOUND)
      || g_error_matches (
          err, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_KEY_NOT_FOUND))
    set_error (
        error, GC_MODEL_ERROR_PARSE, path, "missing key [%s] %s", group, key);
  else
    set_error (error, GC_MODEL_ERROR_PARSE, path, "[%s] %s is not %s (%s)",
        group, key, type, err->message);
  g_error_free (err);
}

static gboolean
get_int (GKeyFile *kf, const char *path, const char *group, const char *key,
    gboolean optional, int *value, GError **error)
{
  GError *err = NULL;

  if (optional && !g_key_file_has_key (kf, group, key, NULL))
    return TRUE;
  *value = g_key_file_get_integer (kf, group, key, &err);
  if (err) {
    key_error (error, path, group, key, "an integer", err);
    return FALSE;
  }
  return TRUE;
}

static char *
get_string (GKeyFile *kf, const char *path, const char *group, const char *key,
    gboolean optional, GError **error)
{
  GError *err = NULL;
  char *s;

  if (optional && !g_key_file_has_key (kf, group, key, NULL))
    return NULL;
  s = g_key_file_get_string (kf, group, key, &err);
  if (err) {
    /* GLib returns what it could unescape together with the error (an
     * invalid escape such as "\;"): the value is refused. */
    key_error (error, path, group, key, "a string", err);
    g_clear_pointer (&s, g_free);
  }
  return s;
}

static double *
get_doubles (GKeyFile *kf, const char *path, const char *key, guint dimension,
    GError **error)
{
  GError *err = NULL;
  gsize n = 0;
  double *list =
      g_key_file_get_double_list (kf, "standardisation", key, &n, &err);

  if (err) {
    key_error (error, path, "standardisation", key, "a list of numbers", err);
    return NULL;
  }
  if (n != dimension) {
    set_error (error, GC_MODEL_ERROR_INCONSISTENT, path,
        "[standardisation] %s has %" G_GSIZE_FORMAT
        " values, the dimension is %u",
        key, n, dimension);
    g_free (list);
    return NULL;
  }
  return list;
}

/* Reads and checks the key-file; fills everything but the libsvm model and
 * returns the absolute path of the libsvm file. */
static char *
parse_keyfile (GcModel *m, const char *path, GError **error)
{
  GKeyFile *kf = g_key_file_new ();
  GError *err = NULL;
  char *text = NULL, *svm_file = NULL, *svm_path = NULL, *why = NULL;
  gsize len;
  int version, dimension, rate = GC_ANALYSIS_RATE;

  if (!read_file (path, MAX_KEYFILE_BYTES, &text, &len, error))
    goto out;
  if (!g_key_file_load_from_data (kf, text, len, G_KEY_FILE_NONE, &err)) {
    set_error (
        error, GC_MODEL_ERROR_PARSE, path, "not a key-file: %s", err->message);
    g_error_free (err);
    goto out;
  }

  if (!get_int (kf, path, "model", "format-version", FALSE, &version, error))
    goto out;
  if (version != GC_MODEL_FORMAT_VERSION) {
    set_error (error, GC_MODEL_ERROR_INCONSISTENT, path,
        "unknown format-version %d (this build reads version %d)", version,
        GC_MODEL_FORMAT_VERSION);
    goto out;
  }

  m->feature_set = get_string (kf, path, "model", "feature-set", FALSE, error);
  if (m->feature_set == NULL)
    goto out;
  m->dimension = feature_set_dimension (m->feature_set);
  if (m->dimension == 0) {
    char *e = excerpt (m->feature_set);
    set_error (error, GC_MODEL_ERROR_INCONSISTENT, path,
        "unknown feature-set %s (this build knows \"%s\")", e,
        GC_FEATURE_SET_SEED212);
    g_free (e);
    goto out;
  }
  if (!get_int (kf, path, "model", "dimension", FALSE, &dimension, error))
    goto out;
  if (dimension < 0 || (guint)dimension != m->dimension) {
    set_error (error, GC_MODEL_ERROR_INCONSISTENT, path,
        "dimension is %d, feature-set %s has dimension %u", dimension,
        m->feature_set, m->dimension);
    goto out;
  }

  m->labels = g_key_file_get_string_list (kf, "model", "labels", &len, &err);
  if (err) {
    key_error (error, path, "model", "labels", "a list of strings", err);
    goto out;
  }
  m->n_labels = len > G_MAXUINT ? G_MAXUINT : (guint)len;
  if (!check_labels ((const char *const *)m->labels, m->n_labels, &why)) {
    set_error (
        error, GC_MODEL_ERROR_INCONSISTENT, path, "[model] labels: %s", why);
    goto out;
  }

  svm_file = get_string (kf, path, "model", "svm-file", FALSE, error);
  if (svm_file == NULL)
    goto out;
  if (*svm_file == '\0') {
    set_error (
        error, GC_MODEL_ERROR_INCONSISTENT, path, "[model] svm-file is empty");
    goto out;
  }

  if (!get_int (kf, path, "model", "analysis-rate", TRUE, &rate, error))
    goto out;
  if (rate != GC_ANALYSIS_RATE) {
    set_error (error, GC_MODEL_ERROR_INCONSISTENT, path,
        "analysis-rate is %d, the features are computed at %d Hz", rate,
        GC_ANALYSIS_RATE);
    goto out;
  }
  if (g_key_file_has_key (kf, "model", "window-seconds", NULL)) {
    m->window_seconds =
        g_key_file_get_double (kf, "model", "window-seconds", &err);
    if (err) {
      key_error (error, path, "model", "window-seconds", "a number", err);
      goto out;
    }
    if (!isfinite (m->window_seconds) || !(m->window_seconds > 0.0)) {
      set_error (error, GC_MODEL_ERROR_INCONSISTENT, path,
          "window-seconds must be a positive number");
      goto out;
    }
  }
  m->description = get_string (kf, path, "model", "description", TRUE, &err);
  if (err == NULL)
    m->trained_by = get_string (kf, path, "model", "trained-by", TRUE, &err);
  if (err) {
    g_propagate_error (error, err);
    goto out;
  }

  m->mean = get_doubles (kf, path, "mean", m->dimension, error);
  if (m->mean == NULL)
    goto out;
  m->scale = get_doubles (kf, path, "scale", m->dimension, error);
  if (m->scale == NULL)
    goto out;
  for (guint i = 0; i < m->dimension; i++) {
    if (!isfinite (m->mean[i])) {
      set_error (error, GC_MODEL_ERROR_INCONSISTENT, path,
          "[standardisation] mean value %u is not finite", i + 1);
      goto out;
    }
    if (!isfinite (m->scale[i]) || !(m->scale[i] > 0.0)) {
      set_error (error, GC_MODEL_ERROR_INCONSISTENT, path,
          "[standardisation] scale value %u is %g: it must be finite and > 0",
          i + 1, m->scale[i]);
      goto out;
    }
  }

  if (g_path_is_absolute (svm_file)) {
    svm_path = g_strdup (svm_file);
  } else {
    char *dir = g_path_get_dirname (path);
    svm_path = g_build_filename (dir, svm_file, NULL);
    g_free (dir);
  }

out:
  g_free (why);
  g_free (svm_file);
  g_free (text);
  g_key_file_free (kf);
  return svm_path;
}

GcModel *
gc_model_load (const char *path, GError **error)
{
  GcModel *m;
  char *svm_path, *text = NULL;
  gsize len;
  gboolean ok;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  m = model_new ();
  svm_path = parse_keyfile (m, path, error);
  if (svm_path == NULL) {
    gc_model_free (m);
    return NULL;
  }
  ok = read_file (svm_path, MAX_SVM_BYTES, &text, &len, error)
      && parse_svm (m, svm_path, text, error);
  g_free (text);
  g_free (svm_path);
  if (!ok) {
    gc_model_free (m);
    return NULL;
  }
  return m;
}

/* ---- queries ----------------------------------------------------------- */

guint
gc_model_get_n_labels (const GcModel *m)
{
  g_return_val_if_fail (m != NULL, 0);
  return m->n_labels;
}

const char *
gc_model_get_label (const GcModel *m, guint index)
{
  g_return_val_if_fail (m != NULL, NULL);
  g_return_val_if_fail (index < m->n_labels, NULL);
  return m->labels[index];
}

const char *
gc_model_get_feature_set (const GcModel *m)
{
  g_return_val_if_fail (m != NULL, NULL);
  return m->feature_set;
}

guint
gc_model_get_dimension (const GcModel *m)
{
  g_return_val_if_fail (m != NULL, 0);
  return m->dimension;
}

const char *
gc_model_get_description (const GcModel *m)
{
  g_return_val_if_fail (m != NULL, NULL);
  return m->description;
}

const char *
gc_model_get_trained_by (const GcModel *m)
{
  g_return_val_if_fail (m != NULL, NULL);
  return m->trained_by;
}

double
gc_model_get_window_seconds (const GcModel *m)
{
  g_return_val_if_fail (m != NULL, 0.0);
  return m->window_seconds;
}

guint
gc_model_get_n_support_vectors (const GcModel *m)
{
  g_return_val_if_fail (m != NULL, 0);
  return (guint)m->svm.l;
}

void
gc_model_set_description (GcModel *m, const char *description)
{
  g_return_if_fail (m != NULL);
  g_free (m->description);
  m->description = g_strdup (description);
}

void
gc_model_set_trained_by (GcModel *m, const char *trained_by)
{
  g_return_if_fail (m != NULL);
  g_free (m->trained_by);
  m->trained_by = g_strdup (trained_by);
}

void
gc_model_set_window_seconds (GcModel *m, double seconds)
{
  g_return_if_fail (m != NULL);
  g_return_if_fail (seconds >= 0.0 && isfinite (seconds));
  m->window_seconds = seconds;
}

/* ---- prediction -------------------------------------------------------- */

/* Thread-safe: the model is only read, the buffers are on the stack (about
 * 4.5 KiB).  libsvm's svm_predict_probability() itself allocates a few
 * small arrays per call. */
gboolean
gc_model_predict (
    const GcModel *m, const double *features, double *probabilities)
{
  struct svm_node x[MAX_DIMENSION + 1];
  double estimates[GC_MODEL_MAX_LABELS], out[GC_MODEL_MAX_LABELS];
  guint i;

  g_return_val_if_fail (m != NULL, FALSE);
  g_return_val_if_fail (features != NULL, FALSE);
  g_return_val_if_fail (probabilities != NULL, FALSE);

  for (i = 0; i < m->dimension; i++) {
    double z = (features[i] - m->mean[i]) / m->scale[i];

    if (!isfinite (z))
      return FALSE;
    x[i].index = (int)i + 1;
    x[i].value = z;
  }
  x[i].index = -1;
  x[i].value = 0.0;

  svm_predict_probability (&m->svm, x, estimates);
  /* libsvm orders the estimates like svm.label; the key-file's order is the
   * class number. */
  for (i = 0; i < m->n_labels; i++) {
    if (!isfinite (estimates[i]))
      return FALSE;
    out[m->svm.label[i]] = estimates[i];
  }
  memcpy (probabilities, out, m->n_labels * sizeof (double));
  return TRUE;
}

/* ---- training ---------------------------------------------------------- */

static void
quiet (const char *s)
{
}

/* Copies a model made by svm_train() (whose support vectors point into the
 * training problem) into @m's own arrays. */
static void
copy_svm (GcModel *m, const struct svm_model *src)
{
  int nr_class = src->nr_class, l = src->l, pairs;
  gsize n_nodes = 0, node = 0;

  for (int i = 0; i < l; i++) {
    const struct svm_node *p = src->SV[i];
    while (p->index != -1)
      p++, n_nodes++;
    n_nodes++;
  }
  model_alloc_classes (m, nr_class);
  model_alloc_svs (m, l);
  m->nodes = g_new (struct svm_node, n_nodes);
  pairs = nr_class * (nr_class - 1) / 2;
  m->svm.param.gamma = src->param.gamma;
  for (int i = 0; i < l; i++) {
    const struct svm_node *p = src->SV[i];

    m->svm.SV[i] = m->nodes + node;
    do
      m->nodes[node++] = *p;
    while ((p++)->index != -1);
    for (int k = 0; k < nr_class - 1; k++)
      m->svm.sv_coef[k][i] = src->sv_coef[k][i];
  }
  memcpy (m->svm.rho, src->rho, pairs * sizeof (double));
  memcpy (m->svm.probA, src->probA, pairs * sizeof (double));
  memcpy (m->svm.probB, src->probB, pairs * sizeof (double));
  memcpy (m->svm.label, src->label, nr_class * sizeof (int));
  memcpy (m->svm.nSV, src->nSV, nr_class * sizeof (int));
}

GcModel *
gc_model_train (const double *features, const int *classes, gsize n,
    guint dimension, const char *const *labels, guint n_labels, double c,
    double gamma, guint seed, GError **error)
{
  static const char *const where = "training";
  struct svm_parameter param = { 0 };
  struct svm_problem prob = { 0 };
  struct svm_model *trained;
  struct svm_node *space;
  const char *problem;
  guint *count;
  GcModel *m;
  char *why = NULL;

  g_return_val_if_fail (features != NULL && classes != NULL, NULL);
  g_return_val_if_fail (labels != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (dimension != GC_SEED212_DIM) {
    set_error (error, GC_MODEL_ERROR_INCONSISTENT, where,
        "dimension %u, the feature set %s has %d", dimension,
        GC_FEATURE_SET_SEED212, GC_SEED212_DIM);
    return NULL;
  }
  if (!check_labels (labels, n_labels, &why)) {
    set_error (error, GC_MODEL_ERROR_INCONSISTENT, where, "%s", why);
    g_free (why);
    return NULL;
  }
  if (n < 2 || n > G_MAXINT / (dimension + 1)) {
    set_error (error, GC_MODEL_ERROR_INCONSISTENT, where,
        "%" G_GSIZE_FORMAT " examples: need 2 to %u", n,
        G_MAXINT / (dimension + 1));
    return NULL;
  }
  if (!(c > 0.0) || !isfinite (c) || !(gamma > 0.0) || !isfinite (gamma)) {
    set_error (error, GC_MODEL_ERROR_INCONSISTENT, where,
        "C (%g) and gamma (%g) must be positive and finite", c, gamma);
    return NULL;
  }
  count = g_newa (guint, n_labels);
  memset (count, 0, n_labels * sizeof (guint));
  for (gsize i = 0; i < n; i++) {
    if (classes[i] < 0 || (guint)classes[i] >= n_labels) {
      set_error (error, GC_MODEL_ERROR_INCONSISTENT, where,
          "example %" G_GSIZE_FORMAT " has class %d, not in [0, %u)", i,
          classes[i], n_labels);
      return NULL;
    }
    count[classes[i]]++;
    for (guint j = 0; j < dimension; j++) {
      if (!isfinite (features[i * dimension + j])) {
        set_error (error, GC_MODEL_ERROR_INCONSISTENT, where,
            "example %" G_GSIZE_FORMAT " feature %u is not finite", i, j);
        return NULL;
      }
    }
  }
  for (guint k = 0; k < n_labels; k++) {
    if (count[k] == 0) {
      set_error (error, GC_MODEL_ERROR_INCONSISTENT, where,
          "no example of label %u (\"%s\")", k, labels[k]);
      return NULL;
    }
  }

  m = model_new ();
  m->feature_set = g_strdup (GC_FEATURE_SET_SEED212);
  m->dimension = dimension;
  m->n_labels = n_labels;
  m->labels = g_new0 (char *, n_labels + 1);
  for (guint k = 0; k < n_labels; k++)
    m->labels[k] = g_strdup (labels[k]);
  m->mean = g_new (double, dimension);
  m->scale = g_new (double, dimension);
  for (guint j = 0; j < dimension; j++) {
    double sum = 0.0, ss = 0.0, sd;

    for (gsize i = 0; i < n; i++)
      sum += features[i * dimension + j];
    m->mean[j] = sum / n;
    for (gsize i = 0; i < n; i++) {
      double d = features[i * dimension + j] - m->mean[j];
      ss += d * d;
    }
    sd = sqrt (ss / n);
    m->scale[j] = (isfinite (sd) && sd > MIN_TRAIN_SCALE) ? sd : 1.0;
  }

  prob.l = (int)n;
  prob.y = g_new (double, n);
  prob.x = g_new (struct svm_node *, n);
  space = g_new (struct svm_node, n * (dimension + 1));
  for (gsize i = 0; i < n; i++) {
    struct svm_node *row = space + i * (dimension + 1);

    prob.y[i] = classes[i];
    prob.x[i] = row;
    for (guint j = 0; j < dimension; j++) {
      row[j].index = (int)j + 1;
      row[j].value = (features[i * dimension + j] - m->mean[j]) / m->scale[j];
    }
    row[dimension].index = -1;
    row[dimension].value = 0.0;
  }

  param.svm_type = C_SVC;
  param.kernel_type = RBF;
  param.gamma = gamma;
  param.C = c;
  param.cache_size = 100;
  param.eps = 1e-3;
  param.shrinking = 1;
  param.probability = 1;

  problem = svm_check_parameter (&prob, &param);
  if (problem != NULL) {
    set_error (
        error, GC_MODEL_ERROR_INCONSISTENT, where, "libsvm: %s", problem);
    trained = NULL;
  } else {
    svm_set_print_string_function (quiet);
    srand (seed);
    trained = svm_train (&prob, &param);
    copy_svm (m, trained);
    svm_free_and_destroy_model (&trained);
  }
  g_free (space);
  g_free (prob.x);
  g_free (prob.y);
  if (problem != NULL) {
    gc_model_free (m);
    return NULL;
  }
  return m;
}

/* ---- saving ------------------------------------------------------------ */

static void
append_double (GString *s, double v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append (s, g_ascii_formatd (buf, sizeof buf, "%.17g", v));
}

static void
append_doubles (GString *s, const char *key, const double *v, int n)
{
  g_string_append (s, key);
  for (int i = 0; i < n; i++) {
    g_string_append_c (s, ' ');
    append_double (s, v[i]);
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

static char *
svm_text (const GcModel *m)
{
  const struct svm_model *svm = &m->svm;
  int nr_class = svm->nr_class, pairs = nr_class * (nr_class - 1) / 2;
  GString *s = g_string_new (NULL);

  g_string_append (s, "svm_type c_svc\nkernel_type rbf\ngamma ");
  append_double (s, svm->param.gamma);
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
      append_double (s, svm->sv_coef[k][i]);
    }
    for (const struct svm_node *p = svm->SV[i]; p->index != -1; p++) {
      g_string_append_printf (s, " %d:", p->index);
      append_double (s, p->value);
    }
    g_string_append_c (s, '\n');
  }
  return g_string_free (s, FALSE);
}

static void
set_double_list (
    GKeyFile *kf, const char *group, const char *key, const double *v, guint n)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < n; i++) {
    if (i > 0)
      g_string_append_c (s, ';');
    append_double (s, v[i]);
  }
  g_key_file_set_value (kf, group, key, s->str);
  g_string_free (s, TRUE);
}

gboolean
gc_model_save (const GcModel *m, const char *path, GError **error)
{
  GKeyFile *kf;
  char *base, *dir, *svm_name, *svm_path, *text;
  gboolean ok;

  g_return_val_if_fail (m != NULL && path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  base = g_path_get_basename (path);
  if (g_str_has_suffix (base, ".ini"))
    base[strlen (base) - 4] = '\0';
  svm_name = g_strconcat (base, ".svm", NULL);
  dir = g_path_get_dirname (path);
  svm_path = g_build_filename (dir, svm_name, NULL);

  text = svm_text (m);
  ok = g_file_set_contents (svm_path, text, -1, error);
  g_free (text);
  if (!ok)
    g_prefix_error (error, "%s: ", svm_path);

  kf = g_key_file_new ();
  if (ok) {
    g_key_file_set_integer (
        kf, "model", "format-version", GC_MODEL_FORMAT_VERSION);
    g_key_file_set_comment (kf, "model", NULL,
        " genreclassify model bundle, see docs/model-format.md", NULL);
    g_key_file_set_string (kf, "model", "feature-set", m->feature_set);
    g_key_file_set_integer (kf, "model", "dimension", (int)m->dimension);
    g_key_file_set_string_list (
        kf, "model", "labels", (const char *const *)m->labels, m->n_labels);
    g_key_file_set_string (kf, "model", "svm-file", svm_name);
    g_key_file_set_integer (kf, "model", "analysis-rate", GC_ANALYSIS_RATE);
    if (m->window_seconds > 0.0) {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];
      g_key_file_set_value (kf, "model", "window-seconds",
          g_ascii_formatd (buf, sizeof buf, "%.17g", m->window_seconds));
    }
    if (m->description)
      g_key_file_set_string (kf, "model", "description", m->description);
    if (m->trained_by)
      g_key_file_set_string (kf, "model", "trained-by", m->trained_by);
    set_double_list (kf, "standardisation", "mean", m->mean, m->dimension);
    set_double_list (kf, "standardisation", "scale", m->scale, m->dimension);
    ok = g_key_file_save_to_file (kf, path, error);
    if (!ok)
      g_prefix_error (error, "%s: ", path);
  }

  g_key_file_free (kf);
  g_free (svm_path);
  g_free (dir);
  g_free (svm_name);
  g_free (base);
  return ok;
}
