/* genreclassify — which files stay together in cross-validation: groups
 * and folds
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <string.h>

#include "gc-folds.h"
#include "gc-grid.h"

static guint
find_root (guint *parent, guint x)
{
  while (parent[x] != x)
    x = parent[x] = parent[parent[x]];
  return x;
}

/* By file: one group per usable item, identical content merged (the
 * numbering genreclassify-train always used). */
static void
group_by_file (GcGrouping *g, const GcDataset *set, const gboolean *usable,
    char *const *sha256, GPtrArray *warnings)
{
  GHashTable *seen = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *names = g_ptr_array_new ();

  for (guint i = 0; i < set->items->len; i++) {
    const char *hash = sha256 ? sha256[i] : NULL;
    gpointer value;

    if (!usable[i])
      continue;
    if (hash && g_hash_table_lookup_extended (seen, hash, NULL, &value)) {
      guint group = GPOINTER_TO_UINT (value);
      char *a = g_filename_display_name (gc_dataset_item (set, i)->path);

      g->group_of_item[i] = group;
      if (warnings)
        g_ptr_array_add (warnings,
            g_strdup_printf ("%s has the same content as %s: they are one "
                             "file for cross-validation",
                a, (const char *)g_ptr_array_index (names, group)));
      g_free (a);
      continue;
    }
    g->group_of_item[i] = names->len;
    if (hash)
      g_hash_table_insert (seen, (gpointer)hash, GUINT_TO_POINTER (names->len));
    g_ptr_array_add (
        names, g_filename_display_name (gc_dataset_item (set, i)->path));
  }
  g->n_groups = names->len;
  g_ptr_array_add (names, NULL);
  g->names = (char **)g_ptr_array_free (names, FALSE);
  g->description = g_strdup_printf ("by file (%u files)", g->n_groups);
  g_hash_table_destroy (seen);
}

/* By the items' groups, merged where files of two groups have the same
 * content. */
static void
group_by_name (GcGrouping *g, const GcDataset *set, const gboolean *usable,
    char *const *sha256, GPtrArray *warnings)
{
  GHashTable *by_name = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTable *by_hash = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *first_names = g_ptr_array_new (); /* per provisional group */
  GArray *parent = g_array_new (FALSE, FALSE, sizeof (guint));
  guint *provisional = g_new (guint, MAX (set->items->len, 1));
  guint *final, n_final = 0;
  GString **joined;

  for (guint i = 0; i < set->items->len; i++) {
    const GcDatasetItem *item = gc_dataset_item (set, i);
    const char *hash = sha256 ? sha256[i] : NULL;
    gpointer value;
    guint p;

    if (!usable[i])
      continue;
    if (g_hash_table_lookup_extended (by_name, item->group, NULL, &value)) {
      p = GPOINTER_TO_UINT (value);
    } else {
      p = first_names->len;
      g_hash_table_insert (by_name, item->group, GUINT_TO_POINTER (p));
      g_ptr_array_add (first_names, item->group);
      g_array_append_val (parent, p);
    }
    provisional[i] = p;
    if (hash && g_hash_table_lookup_extended (by_hash, hash, NULL, &value)) {
      guint other = GPOINTER_TO_UINT (value);
      guint *par = (guint *)(void *)parent->data;
      guint ra = find_root (par, provisional[other]), rb = find_root (par, p);

      if (warnings) {
        char *a = g_filename_display_name (item->path);
        char *b = g_filename_display_name (gc_dataset_item (set, other)->path);

        g_ptr_array_add (warnings,
            ra == rb
                ? g_strdup_printf ("%s has the same content as %s", a, b)
                : g_strdup_printf ("%s (group \"%s\") has the same "
                                   "content as %s (group \"%s\"): the "
                                   "two groups are kept together",
                    a, item->group, b, gc_dataset_item (set, other)->group));
        g_free (a);
        g_free (b);
      }
      /* The smaller number stays the root: numbering by first item. */
      if (ra != rb)
        par[MAX (ra, rb)] = MIN (ra, rb);
    } else if (hash) {
      g_hash_table_insert (by_hash, (gpointer)hash, GUINT_TO_POINTER (i));
    }
  }

  /* Final numbers in the order the roots first appear. */
  final = g_new (guint, MAX (parent->len, 1));
  joined = g_new0 (GString *, MAX (parent->len, 1));
  for (guint p = 0; p < parent->len; p++) {
    guint r = find_root ((guint *)(void *)parent->data, p);

    if (r == p) {
      final[p] = n_final;
      joined[n_final++] = g_string_new (g_ptr_array_index (first_names, p));
    } else {
      g_string_append_printf (joined[final[r]], " + %s",
          (const char *)g_ptr_array_index (first_names, p));
    }
  }
  for (guint p = 0; p < parent->len; p++)
    final[p] = final[find_root ((guint *)(void *)parent->data, p)];
  for (guint i = 0; i < set->items->len; i++)
    if (usable[i])
      g->group_of_item[i] = final[provisional[i]];
  g->n_groups = n_final;
  g->names = g_new0 (char *, n_final + 1);
  for (guint k = 0; k < n_final; k++)
    g->names[k] = g_string_free (joined[k], FALSE);
  if (set->group_column)
    g->description = g_strdup_printf ("by group \"%s\" from %s (%u groups)",
        set->group_column, set->group_source, n_final);
  else
    g->description = g_strdup_printf (
        "by group from %s (%u groups)", set->group_source, n_final);

  g_free (joined);
  g_free (final);
  g_free (provisional);
  g_array_free (parent, TRUE);
  g_ptr_array_free (first_names, TRUE);
  g_hash_table_destroy (by_name);
  g_hash_table_destroy (by_hash);
}

GcGrouping *
gc_grouping_new (const GcDataset *set, const gboolean *usable,
    char *const *sha256, GPtrArray *warnings)
{
  GcGrouping *g = g_new0 (GcGrouping, 1);

  g->group_of_item = g_new (guint, MAX (set->items->len, 1));
  for (guint i = 0; i < set->items->len; i++)
    g->group_of_item[i] = G_MAXUINT;
  g->by_file = set->group_source == NULL;
  if (g->by_file)
    group_by_file (g, set, usable, sha256, warnings);
  else
    group_by_name (g, set, usable, sha256, warnings);
  return g;
}

void
gc_grouping_free (GcGrouping *g)
{
  if (g == NULL)
    return;
  g_free (g->group_of_item);
  g_strfreev (g->names);
  g_free (g->description);
  g_free (g);
}

/* Rows of each class in each group (n_groups · n_classes), the
 * training-only rows left out.  Free with g_free(). */
static guint *
group_class_rows (const GcGrouping *g, const int *classes, const guint *groups,
    const guint8 *train_only, gsize n, guint n_classes)
{
  guint *class_rows = g_new0 (guint, (gsize)MAX (g->n_groups, 1) * n_classes);

  for (gsize i = 0; i < n; i++)
    if (!train_only || !train_only[i])
      class_rows[(gsize)groups[i] * n_classes + classes[i]]++;
  return class_rows;
}

guint
gc_grouping_assign_folds (const GcGrouping *g, const int *classes,
    const guint *groups, const guint8 *train_only, gsize n, guint n_classes,
    guint k, guint64 seed, guint *fold_of_group)
{
  guint n_groups = g->n_groups;

  k = MIN (k, n_groups);
  if (k == 0)
    return 0;
  if (g->by_file) {
    /* What gc_grid_search() always did: a group's class is that of its
     * last row. */
    int *group_class = g_new0 (int, n_groups);
    guint *group_size = g_new0 (guint, n_groups);

    for (gsize i = 0; i < n; i++) {
      if (train_only && train_only[i])
        continue;
      group_class[groups[i]] = classes[i];
      group_size[groups[i]]++;
    }
    gc_grid_assign_folds (
        group_class, group_size, n_groups, n_classes, k, seed, fold_of_group);
    g_free (group_class);
    g_free (group_size);
  } else {
    guint *class_rows =
        group_class_rows (g, classes, groups, train_only, n, n_classes);

    gc_grid_assign_folds_grouped (
        class_rows, n_groups, n_classes, k, seed, fold_of_group);
    g_free (class_rows);
  }
  return k;
}

guint *
gc_grouping_row_folds (const GcGrouping *g, const int *classes,
    const guint *groups, const guint8 *train_only, gsize n, guint n_classes,
    guint k, guint64 seed, guint *n_folds)
{
  guint *fold_of_group = g_new (guint, MAX (g->n_groups, 1));
  guint *fold = g_new (guint, MAX (n, 1));

  *n_folds = gc_grouping_assign_folds (
      g, classes, groups, train_only, n, n_classes, k, seed, fold_of_group);
  for (gsize i = 0; i < n; i++)
    fold[i] = fold_of_group[groups[i]];
  g_free (fold_of_group);
  return fold;
}

guint
gc_grouping_keep_share (const GcGrouping *g, const int *classes,
    const guint *groups, const guint8 *train_only, gsize n, guint n_classes,
    const guint *fold_of_group, guint held_out, double share, guint64 seed,
    gboolean *keep)
{
  guint *class_rows =
      group_class_rows (g, classes, groups, train_only, n, n_classes);
  guint kept = gc_grid_keep_share (class_rows, g->n_groups, n_classes,
      fold_of_group, held_out, share, seed, keep);

  g_free (class_rows);
  return kept;
}

void
gc_grouping_check_classes (const GcGrouping *g, const int *classes,
    const guint *groups, const guint8 *train_only, gsize n,
    const char *const *labels, guint n_classes, guint k, GPtrArray *warnings)
{
  gboolean *seen = g_new (gboolean, MAX (g->n_groups, 1));
  const char *unit = g->by_file ? "file" : "group";

  for (guint c = 0; c < n_classes; c++) {
    guint count = 0;

    memset (seen, 0, MAX (g->n_groups, 1) * sizeof (gboolean));
    for (gsize i = 0; i < n; i++)
      if (classes[i] == (int)c && (!train_only || !train_only[i])
          && !seen[groups[i]]) {
        seen[groups[i]] = TRUE;
        count++;
      }
    if (count == 0 || count >= k)
      continue;
    g_ptr_array_add (warnings,
        g_strdup_printf ("genre \"%s\" has %u %s%s for %u folds: at least "
                         "%u fold%s test%s no \"%s\" clip%s",
            labels[c], count, unit, count == 1 ? "" : "s", k, k - count,
            k - count == 1 ? "" : "s", k - count == 1 ? "s" : "", labels[c],
            count == 1 ? ", and the fold that tests it trains without any"
                       : ""));
  }
  g_free (seen);
}

char *
gc_grouping_describe_folds (const GcGrouping *g, guint k)
{
  return g_strdup_printf (
      "%u folds %s, stratified by genre", k, g->description);
}
