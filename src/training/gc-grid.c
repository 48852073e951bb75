/* genreclassify — grid search of (C, gamma) by grouped, stratified k-fold
 * cross-validation, deterministic and parallel
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <libsvm/svm.h>

#include "gc-grid.h"
#include "gc-random.h"

G_DEFINE_QUARK (gc-grid-error-quark, gc_grid_error);

/* As gc_model_train(): a column with a smaller deviation is not scaled. */
#define MIN_SCALE 1e-12

/* ---- folds ------------------------------------------------------------- */

/* Fisher–Yates over @order[0..n). */
static void
shuffle (guint *order, guint n, guint64 *state)
{
  for (guint i = n; i > 1; i--) {
    guint j = (guint)(gc_random_next (state) % i), t = order[i - 1];

    order[i - 1] = order[j];
    order[j] = t;
  }
}

void
gc_grid_assign_folds (const int *group_class, const guint *group_size,
    guint n_groups, guint n_classes, guint k, guint64 seed, guint *fold)
{
  guint *order = g_new (guint, MAX (n_groups, 1));
  guint64 *class_rows = g_new0 (guint64, k), *rows = g_new0 (guint64, k);
  guint64 state = seed ^ G_GUINT64_CONSTANT (0x6a09e667f3bcc908);

  for (guint c = 0; c < n_classes; c++) {
    guint m = 0;

    for (guint g = 0; g < n_groups; g++)
      if (group_class[g] == (int)c)
        order[m++] = g;
    shuffle (order, m, &state);
    memset (class_rows, 0, k * sizeof (guint64));
    for (guint i = 0; i < m; i++) {
      guint g = order[i], best = 0;

      for (guint f = 1; f < k; f++)
        if (class_rows[f] < class_rows[best]
            || (class_rows[f] == class_rows[best] && rows[f] < rows[best]))
          best = f;
      fold[g] = best;
      class_rows[best] += group_size[g];
      rows[best] += group_size[g];
    }
  }
  g_free (order);
  g_free (class_rows);
  g_free (rows);
}

typedef struct {
  const guint *size;
} BySize;

static gint
larger_first (gconstpointer a, gconstpointer b, gpointer user_data)
{
  const BySize *by = user_data;
  guint x = by->size[*(const guint *)a], y = by->size[*(const guint *)b];

  return x > y ? -1 : x < y ? 1 : 0;
}

void
gc_grid_assign_folds_grouped (const guint *class_rows, guint n_groups,
    guint n_classes, guint k, guint64 seed, guint *fold)
{
  guint *order = g_new (guint, MAX (n_groups, 1));
  guint *size = g_new0 (guint, MAX (n_groups, 1));
  guint64 *rows = g_new0 (guint64, (gsize)k * n_classes);
  guint64 *fold_rows = g_new0 (guint64, k),
              *total = g_new0 (guint64, n_classes);
  guint64 state = seed ^ G_GUINT64_CONSTANT (0x6a09e667f3bcc908);
  BySize by = { size };

  for (guint g = 0; g < n_groups; g++) {
    order[g] = g;
    for (guint c = 0; c < n_classes; c++) {
      size[g] += class_rows[(gsize)g * n_classes + c];
      total[c] += class_rows[(gsize)g * n_classes + c];
    }
  }
  /* Shuffled, then a stable sort: equal sizes stay in seeded order. */
  shuffle (order, n_groups, &state);
  g_qsort_with_data (order, (gint)n_groups, sizeof (guint), larger_first, &by);

  for (guint i = 0; i < n_groups; i++) {
    const guint *a = class_rows + (gsize)order[i] * n_classes;
    double best_cost = 0.0;
    guint best = 0;

    for (guint f = 0; f < k; f++) {
      double cost = 0.0;

      for (guint c = 0; c < n_classes; c++)
        if (a[c])
          cost += (double)a[c] * rows[(gsize)f * n_classes + c]
              / ((double)total[c] * total[c]);
      if (f == 0 || cost < best_cost
          || (cost == best_cost && fold_rows[f] < fold_rows[best])) {
        best = f;
        best_cost = cost;
      }
    }
    fold[order[i]] = best;
    for (guint c = 0; c < n_classes; c++)
      rows[(gsize)best * n_classes + c] += a[c];
    fold_rows[best] += size[order[i]];
  }
  g_free (order);
  g_free (size);
  g_free (rows);
  g_free (fold_rows);
  g_free (total);
}

guint
gc_grid_keep_share (const guint *class_rows, guint n_groups, guint n_classes,
    const guint *fold, guint held_out, double share, guint64 seed,
    gboolean *keep)
{
  guint *order = g_new (guint, MAX (n_groups, 1));
  guint *group_class = g_new0 (guint, MAX (n_groups, 1));
  guint64 state = seed ^ G_GUINT64_CONSTANT (0xbb67ae8584caa73b);
  guint kept = 0;

  for (guint g = 0; g < n_groups; g++) {
    const guint *a = class_rows + (gsize)g * n_classes;

    order[g] = g;
    keep[g] = FALSE;
    for (guint c = 1; c < n_classes; c++)
      if (a[c] > a[group_class[g]])
        group_class[g] = c;
  }
  /* One order for every fold and share: the kept sets are nested. */
  shuffle (order, n_groups, &state);
  for (guint c = 0; c < n_classes; c++) {
    guint m = 0, quota, taken = 0;

    for (guint g = 0; g < n_groups; g++)
      m += group_class[g] == c && fold[g] != held_out;
    if (m == 0)
      continue;
    quota = (guint)MAX (1.0, floor (share * m + 0.5));
    for (guint i = 0; i < n_groups && taken < quota; i++) {
      guint g = order[i];

      if (group_class[g] == c && fold[g] != held_out) {
        keep[g] = TRUE;
        taken++;
      }
    }
    kept += taken;
  }
  g_free (order);
  g_free (group_class);
  return kept;
}

/* ---- the search -------------------------------------------------------- */

typedef struct {
  GMutex lock;
  gboolean ready;
  gint remaining; /* fits still to use it */
  struct svm_node *nodes;
  struct svm_problem train;
  struct svm_node **test_x;
  int *test_y;
  int n_test;
} Fold;

typedef struct {
  const GcGridProblem *p;
  const guint *fold_of_group;
  Fold *folds;
  guint64 *correct; /* folds × n_c × n_gamma */
  GMutex lock;
  guint done, total;
  double fit_seconds;
} Search;

typedef struct {
  guint fold, ci, gi;
} Fit;

static void
fold_build (Search *s, guint f)
{
  const GcGridProblem *p = s->p;
  Fold *fold = &s->folds[f];
  guint dim = p->dimension;
  double *mean = g_new0 (double, dim), *scale = g_new0 (double, dim);
  gsize n_train = 0, n_test = 0;

  for (gsize i = 0; i < p->n; i++)
    if (s->fold_of_group[p->groups[i]] != f)
      n_train++;
    else if (p->train_only == NULL || !p->train_only[i])
      n_test++;
  for (guint j = 0; j < dim; j++) {
    double sum = 0.0, ss = 0.0, sd;

    for (gsize i = 0; i < p->n; i++)
      if (s->fold_of_group[p->groups[i]] != f)
        sum += p->features[i * dim + j];
    mean[j] = n_train ? sum / n_train : 0.0;
    for (gsize i = 0; i < p->n; i++)
      if (s->fold_of_group[p->groups[i]] != f) {
        double d = p->features[i * dim + j] - mean[j];
        ss += d * d;
      }
    sd = n_train ? sqrt (ss / n_train) : 0.0;
    scale[j] = (isfinite (sd) && sd > MIN_SCALE) ? sd : 1.0;
  }

  fold->nodes = g_new (struct svm_node, p->n * (dim + 1));
  fold->train.l = 0;
  fold->train.x = g_new (struct svm_node *, MAX (n_train, 1));
  fold->train.y = g_new (double, MAX (n_train, 1));
  fold->test_x = g_new (struct svm_node *, MAX (n_test, 1));
  fold->test_y = g_new (int, MAX (n_test, 1));
  fold->n_test = 0;
  for (gsize i = 0; i < p->n; i++) {
    struct svm_node *row = fold->nodes + i * (dim + 1);

    for (guint j = 0; j < dim; j++) {
      row[j].index = (int)j + 1;
      row[j].value = (p->features[i * dim + j] - mean[j]) / scale[j];
    }
    row[dim].index = -1;
    row[dim].value = 0.0;
    if (s->fold_of_group[p->groups[i]] != f) {
      fold->train.x[fold->train.l] = row;
      fold->train.y[fold->train.l++] = p->classes[i];
    } else if (p->train_only == NULL || !p->train_only[i]) {
      fold->test_x[fold->n_test] = row;
      fold->test_y[fold->n_test++] = p->classes[i];
    }
  }
  g_free (mean);
  g_free (scale);
}

static void
fold_free (Fold *fold)
{
  g_clear_pointer (&fold->nodes, g_free);
  g_clear_pointer (&fold->train.x, g_free);
  g_clear_pointer (&fold->train.y, g_free);
  g_clear_pointer (&fold->test_x, g_free);
  g_clear_pointer (&fold->test_y, g_free);
}

static void
run_fit (gpointer data, gpointer user_data)
{
  Fit *fit = data;
  Search *s = user_data;
  const GcGridProblem *p = s->p;
  Fold *fold = &s->folds[fit->fold];
  struct svm_parameter param = { 0 };
  guint64 correct = 0;
  gint64 t0 = g_get_monotonic_time ();
  double dt;

  g_mutex_lock (&fold->lock);
  if (!fold->ready) {
    fold_build (s, fit->fold);
    fold->ready = TRUE;
  }
  g_mutex_unlock (&fold->lock);

  param.svm_type = C_SVC;
  param.kernel_type = RBF;
  param.C = p->cs[fit->ci];
  param.gamma = p->gammas[fit->gi];
  param.cache_size = 100;
  param.eps = 1e-3;
  param.shrinking = 1;
  param.probability = 0; /* no internal CV, hence no rand() */

  if (fold->train.l > 0 && fold->n_test > 0) {
    struct svm_model *model = svm_train (&fold->train, &param);

    for (int i = 0; i < fold->n_test; i++)
      if ((int)svm_predict (model, fold->test_x[i]) == fold->test_y[i])
        correct++;
    svm_free_and_destroy_model (&model);
  }
  dt = (g_get_monotonic_time () - t0) / 1e6;
  s->correct[((gsize)fit->fold * p->n_c + fit->ci) * p->n_gamma + fit->gi] =
      correct;

  g_mutex_lock (&fold->lock);
  if (--fold->remaining == 0)
    fold_free (fold);
  g_mutex_unlock (&fold->lock);

  g_mutex_lock (&s->lock);
  s->done++;
  s->fit_seconds += dt;
  if (p->fit_done)
    p->fit_done (s->done, s->total, p->user_data);
  g_mutex_unlock (&s->lock);
}

static void
quiet (const char *s)
{
}

/* Mean accuracy of the 8 neighbours of (ci, gi), those outside the grid
 * counting 0: the middle of a plateau beats its edge, and a point on the
 * grid's border (where the optimum may lie beyond) loses to an inner one. */
static double
neighbourhood (
    const GcGridResult *r, guint n_c, guint n_gamma, guint ci, guint gi)
{
  double sum = 0.0;

  for (int dc = -1; dc <= 1; dc++)
    for (int dg = -1; dg <= 1; dg++) {
      int c = (int)ci + dc, g = (int)gi + dg;

      if ((dc || dg) && c >= 0 && g >= 0 && c < (int)n_c && g < (int)n_gamma)
        sum += r->accuracy[c * n_gamma + g];
    }
  return sum / 8.0;
}

gboolean
gc_grid_search (const GcGridProblem *p, GcGridResult *r, GError **error)
{
  Search s = { 0 };
  int *group_class;
  guint *group_size;
  guint n_points = p->n_c * p->n_gamma, k, n_threads;
  gint64 t0 = g_get_monotonic_time ();
  GThreadPool *pool;
  Fit *fits;

  memset (r, 0, sizeof (*r));
  if (p->n_groups < 2 || p->folds < 2 || n_points == 0) {
    g_set_error (error, GC_GRID_ERROR, GC_GRID_ERROR_TOO_SMALL,
        "cross-validation needs at least 2 files and 2 folds and a "
        "non-empty grid");
    return FALSE;
  }
  r->fold_of_group = g_new (guint, p->n_groups);
  if (p->fold_of_group) {
    k = p->folds;
    memcpy (r->fold_of_group, p->fold_of_group, p->n_groups * sizeof (guint));
  } else {
    k = MIN (p->folds, p->n_groups);
    group_class = g_new (int, p->n_groups);
    group_size = g_new0 (guint, p->n_groups);
    for (gsize i = 0; i < p->n; i++) {
      group_class[p->groups[i]] = p->classes[i];
      group_size[p->groups[i]]++;
    }
    gc_grid_assign_folds (group_class, group_size, p->n_groups, p->n_classes, k,
        p->seed, r->fold_of_group);
    g_free (group_class);
    g_free (group_size);
  }
  r->folds = k;

  s.p = p;
  s.fold_of_group = r->fold_of_group;
  s.folds = g_new0 (Fold, k);
  s.correct = g_new0 (guint64, (gsize)k * n_points);
  s.total = k * n_points;
  g_mutex_init (&s.lock);
  for (guint f = 0; f < k; f++) {
    g_mutex_init (&s.folds[f].lock);
    s.folds[f].remaining = (gint)n_points;
  }

  /* libsvm's progress output is a process-wide setting. */
  svm_set_print_string_function (quiet);

  n_threads = p->n_threads ? p->n_threads : MAX (g_get_num_processors (), 1);
  n_threads = MIN (n_threads, s.total);
  fits = g_new (Fit, s.total);
  pool = g_thread_pool_new (run_fit, &s, (gint)n_threads, TRUE, NULL);
  /* Fold-major, so that a fold's data can be freed early. */
  for (guint f = 0, i = 0; f < k; f++)
    for (guint ci = 0; ci < p->n_c; ci++)
      for (guint gi = 0; gi < p->n_gamma; gi++, i++) {
        fits[i] = (Fit){ f, ci, gi };
        g_thread_pool_push (pool, &fits[i], NULL);
      }
  g_thread_pool_free (pool, FALSE, TRUE);
  g_free (fits);

  r->correct = g_new0 (guint64, n_points);
  r->accuracy = g_new0 (double, n_points);
  for (gsize i = 0; i < p->n; i++)
    if (p->train_only == NULL || !p->train_only[i])
      r->total++;
  for (guint f = 0; f < k; f++)
    for (guint i = 0; i < n_points; i++)
      r->correct[i] += s.correct[(gsize)f * n_points + i];
  for (guint i = 0; i < n_points; i++)
    r->accuracy[i] = r->total ? (double)r->correct[i] / r->total : 0.0;

  /* The best point; the grid is scanned in order, so "smaller C, then
   * smaller gamma" is the order of the scan when the grids ascend. */
  {
    guint best = 0;
    double best_nb = neighbourhood (r, p->n_c, p->n_gamma, 0, 0);

    for (guint ci = 0; ci < p->n_c; ci++)
      for (guint gi = 0; gi < p->n_gamma; gi++) {
        guint i = ci * p->n_gamma + gi;
        double nb = neighbourhood (r, p->n_c, p->n_gamma, ci, gi);
        gboolean better;

        if (r->correct[i] != r->correct[best])
          better = r->correct[i] > r->correct[best];
        else if (nb != best_nb)
          better = nb > best_nb;
        else if (p->cs[ci] != p->cs[best / p->n_gamma])
          better = p->cs[ci] < p->cs[best / p->n_gamma];
        else
          better = p->gammas[gi] < p->gammas[best % p->n_gamma];
        if (better) {
          best = i;
          best_nb = nb;
        }
      }
    r->best_c = best / p->n_gamma;
    r->best_gamma = best % p->n_gamma;
    r->best_accuracy = r->accuracy[best];
  }

  r->n_fits = s.total;
  r->fit_seconds = s.fit_seconds;
  r->seconds = (g_get_monotonic_time () - t0) / 1e6;

  for (guint f = 0; f < k; f++) {
    fold_free (&s.folds[f]);
    g_mutex_clear (&s.folds[f].lock);
  }
  g_free (s.folds);
  g_free (s.correct);
  g_mutex_clear (&s.lock);
  return TRUE;
}

void
gc_grid_result_clear (GcGridResult *r)
{
  g_free (r->fold_of_group);
  g_free (r->correct);
  g_free (r->accuracy);
  memset (r, 0, sizeof (*r));
}
