/* genreclassify — genreclassify-train --max-rows: gc_rows_sample() and
 * gc_trainset_keep_rows()
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "gc-trainset.h"

#include <string.h>

/* Rows of three classes over six groups (artists), in row order:
 * class 0: group 0 × 40, group 1 × 5, group 2 × 15
 * class 1: group 3 × 30, group 4 × 30
 * class 2: group 5 × 3 */
static const struct {
  int cls;
  guint group, rows;
} runs[] = { { 0, 0, 40 }, { 0, 1, 5 }, { 0, 2, 15 }, { 1, 3, 30 },
  { 1, 4, 30 }, { 2, 5, 3 } };
#define N_ROWS 123
#define N_CLASSES 3
#define N_GROUPS 6

static void
make_rows (int *classes, guint *groups)
{
  gsize i = 0;

  for (guint r = 0; r < G_N_ELEMENTS (runs); r++)
    for (guint j = 0; j < runs[r].rows; j++, i++) {
      classes[i] = runs[r].cls;
      groups[i] = runs[r].group;
    }
  g_assert_cmpuint (i, ==, N_ROWS);
}

static void
count_kept (const guint8 *keep, const int *classes, const guint *groups,
    guint *per_class, guint *per_group)
{
  memset (per_class, 0, sizeof (guint) * N_CLASSES);
  memset (per_group, 0, sizeof (guint) * N_GROUPS);
  for (gsize i = 0; i < N_ROWS; i++) {
    g_assert_cmpuint (keep[i], <=, 1);
    if (keep[i]) {
      per_class[classes[i]]++;
      per_group[groups[i]]++;
    }
  }
}

/* 30 of 123 rows: a third each (10), but class 2 has only 3, so classes 0
 * and 1 share its 7 (13 each, the odd row to the first: 14 and 13).  In
 * class 0, 14 over groups of 40, 5, 15: 4 each, the 2 left one each to the
 * first groups: 5, 5, 4.  In class 1, 13 over 30 and 30: 7 and 6. */
static void
test_balance (void)
{
  int classes[N_ROWS];
  guint groups[N_ROWS], per_class[N_CLASSES], per_group[N_GROUPS];
  guint8 keep[N_ROWS];
  const guint want_class[N_CLASSES] = { 14, 13, 3 };
  const guint want_group[N_GROUPS] = { 5, 5, 4, 7, 6, 3 };

  make_rows (classes, groups);
  g_assert_cmpuint (gc_rows_sample (classes, groups, N_ROWS, N_CLASSES,
                        N_GROUPS, NULL, 30, 1, keep),
      ==, 30);
  count_kept (keep, classes, groups, per_class, per_group);
  for (guint k = 0; k < N_CLASSES; k++)
    g_assert_cmpuint (per_class[k], ==, want_class[k]);
  for (guint g = 0; g < N_GROUPS; g++)
    g_assert_cmpuint (per_group[g], ==, want_group[g]);
}

/* The same seed chooses the same rows; another seed other rows, with the
 * same counts. */
static void
test_seeded (void)
{
  int classes[N_ROWS];
  guint groups[N_ROWS], a_class[N_CLASSES], a_group[N_GROUPS];
  guint b_class[N_CLASSES], b_group[N_GROUPS];
  guint8 a[N_ROWS], b[N_ROWS], c[N_ROWS];

  make_rows (classes, groups);
  gc_rows_sample (classes, groups, N_ROWS, N_CLASSES, N_GROUPS, NULL, 40, 7, a);
  gc_rows_sample (classes, groups, N_ROWS, N_CLASSES, N_GROUPS, NULL, 40, 7, b);
  g_assert_cmpmem (a, N_ROWS, b, N_ROWS);
  gc_rows_sample (classes, groups, N_ROWS, N_CLASSES, N_GROUPS, NULL, 40, 8, c);
  g_assert_true (memcmp (a, c, N_ROWS) != 0);
  count_kept (a, classes, groups, a_class, a_group);
  count_kept (c, classes, groups, b_class, b_group);
  g_assert_cmpmem (a_class, sizeof a_class, b_class, sizeof b_class);
  g_assert_cmpmem (a_group, sizeof a_group, b_group, sizeof b_group);
}

/* Rows outside @eligible are never chosen; a budget as large as the
 * eligible rows keeps all of them; a budget below the classes' number
 * still spends every row of it. */
static void
test_eligible (void)
{
  int classes[N_ROWS];
  guint groups[N_ROWS], per_class[N_CLASSES], per_group[N_GROUPS];
  guint8 eligible[N_ROWS], keep[N_ROWS];
  gsize n_eligible = 0;

  make_rows (classes, groups);
  for (gsize i = 0; i < N_ROWS; i++) {
    eligible[i] = groups[i] != 0 && groups[i] != 3;
    n_eligible += eligible[i];
  }
  g_assert_cmpuint (gc_rows_sample (classes, groups, N_ROWS, N_CLASSES,
                        N_GROUPS, eligible, 20, 1, keep),
      ==, 20);
  count_kept (keep, classes, groups, per_class, per_group);
  g_assert_cmpuint (per_group[0], ==, 0);
  g_assert_cmpuint (per_group[3], ==, 0);
  /* 20 over 20, 30 and 3 rows: 6 each, class 2 only 3; the 5 left: 2
   * each, the odd one to class 0: 9, 8, 3. */
  g_assert_cmpuint (per_class[2], ==, 3);
  g_assert_cmpuint (per_class[0] + per_class[1], ==, 17);
  g_assert_cmpuint (per_class[0], ==, 9);

  g_assert_cmpuint (gc_rows_sample (classes, groups, N_ROWS, N_CLASSES,
                        N_GROUPS, eligible, n_eligible, 1, keep),
      ==, n_eligible);
  g_assert_cmpmem (keep, N_ROWS, eligible, N_ROWS);

  g_assert_cmpuint (gc_rows_sample (classes, groups, N_ROWS, N_CLASSES,
                        N_GROUPS, NULL, 2, 1, keep),
      ==, 2);
  count_kept (keep, classes, groups, per_class, per_group);
  g_assert_cmpuint (per_class[0], ==, 1);
  g_assert_cmpuint (per_class[1], ==, 1);
}

/* gc_trainset_keep_rows() keeps every array in step, in row order, and
 * recounts the files' own rows. */
static void
test_keep_rows (void)
{
  GcTrainset t = { 0 };
  guint8 keep[10] = { 1, 0, 0, 1, 1, 0, 1, 0, 0, 1 };
  const guint kept[] = { 0, 3, 4, 6, 9 };

  t.dimension = 2;
  t.features = g_array_new (FALSE, FALSE, sizeof (double));
  t.classes = g_array_new (FALSE, FALSE, sizeof (int));
  t.groups = g_array_new (FALSE, FALSE, sizeof (guint));
  t.items = g_array_new (FALSE, FALSE, sizeof (guint));
  t.train_only = g_array_new (FALSE, FALSE, sizeof (guint8));
  t.copy_set = g_array_new (FALSE, FALSE, sizeof (guint8));
  for (guint i = 0; i < 10; i++) {
    double v[2] = { i, -(double)i };
    int cls = (int)(i % 3);
    guint group = i / 2, item = 100 + i;
    guint8 copy = i >= 6; /* rows 6-9 are copies */

    g_array_append_vals (t.features, v, 2);
    g_array_append_val (t.classes, cls);
    g_array_append_val (t.groups, group);
    g_array_append_val (t.items, item);
    g_array_append_val (t.train_only, copy);
    g_array_append_val (t.copy_set, copy);
  }
  t.n = 10;
  t.n_tested = 6;
  gc_trainset_keep_rows (&t, keep);
  g_assert_cmpuint (t.n, ==, 5);
  g_assert_cmpuint (t.n_tested, ==, 3);
  g_assert_cmpuint (t.features->len, ==, 10);
  for (guint j = 0; j < 5; j++) {
    guint i = kept[j];

    g_assert_cmpfloat (gc_trainset_row (&t, j)[0], ==, i);
    g_assert_cmpfloat (gc_trainset_row (&t, j)[1], ==, -(double)i);
    g_assert_cmpint (g_array_index (t.classes, int, j), ==, (int)(i % 3));
    g_assert_cmpuint (g_array_index (t.groups, guint, j), ==, i / 2);
    g_assert_cmpuint (g_array_index (t.items, guint, j), ==, 100 + i);
    g_assert_cmpuint (g_array_index (t.train_only, guint8, j), ==, i >= 6);
    g_assert_cmpuint (g_array_index (t.copy_set, guint8, j), ==, i >= 6);
  }
  g_array_free (t.features, TRUE);
  g_array_free (t.classes, TRUE);
  g_array_free (t.groups, TRUE);
  g_array_free (t.items, TRUE);
  g_array_free (t.train_only, TRUE);
  g_array_free (t.copy_set, TRUE);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/row-sample/balance", test_balance);
  g_test_add_func ("/row-sample/seeded", test_seeded);
  g_test_add_func ("/row-sample/eligible", test_eligible);
  g_test_add_func ("/row-sample/keep-rows", test_keep_rows);
  return g_test_run ();
}
