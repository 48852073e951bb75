/* genreclassify — a model's training recipe, as its trained-by key says it
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <libsvm/svm.h>

#include "gc-recipe.h"

char *
gc_recipe_to_string (const GcRecipe *r)
{
  GString *t = g_string_new (NULL);

  /* %g for the seconds and %.17g for C and gamma: what the tool has always
   * written, so that models without augmentation keep their bytes. */
  g_string_printf (t,
      "genreclassify-train (genreclassify %s, libsvm %d): window %g s, "
      "hop %g s, min-window %g s, C-SVC RBF C=%.17g gamma=%.17g, seed "
      "%" G_GINT64_FORMAT,
      VERSION, LIBSVM_VERSION, r->window, r->hop, r->min_window, r->c, r->gamma,
      r->seed);
  if (r->augment && *r->augment)
    g_string_append_printf (t, ", augment %s", r->augment);
  if (r->extra_windows && *r->extra_windows)
    g_string_append_printf (t, ", extra-windows %s", r->extra_windows);
  if (r->grouped_probability)
    g_string_append (t, ", probability grouped");
  if (r->max_rows > 0)
    g_string_append_printf (t, ", max-rows %" G_GINT64_FORMAT, r->max_rows);
  if (r->decoders && *r->decoders)
    g_string_append_printf (t, ", decoders %s", r->decoders);
  return g_string_free (t, FALSE);
}

static gboolean
parse_number (const char *text, double *value)
{
  char *end;

  *value = g_ascii_strtod (text, &end);
  return end != text && *end == 0 && isfinite (*value);
}

gboolean
gc_recipe_parse (const char *trained_by, GcRecipe *recipe)
{
  static GRegex *re = NULL;
  static gsize once = 0;
  GMatchInfo *m = NULL;
  GcRecipe r = { 0 };
  gboolean ok = FALSE;
  char *v[11] = { NULL };

  if (g_once_init_enter (&once)) {
    re = g_regex_new ("^genreclassify-train \\([^)]*\\): window (\\S+) s, "
                      "hop (\\S+) s, min-window (\\S+) s, C-SVC RBF "
                      "C=(\\S+) gamma=(\\S+), seed (-?[0-9]+)"
                      "(?:, augment ([^ ,]+(?:,[^ ,]+)*))?"
                      "(?:, extra-windows ([0-9.]+(?:,[0-9.]+)*))?"
                      "(, probability grouped)?"
                      "(?:, max-rows ([0-9]+))?"
                      "(?:, decoders ([^ ,]+(?:,[^ ,]+)*))?(?:,|$| )",
        G_REGEX_OPTIMIZE, 0, NULL);
    g_once_init_leave (&once, 1);
  }
  if (trained_by == NULL || !g_regex_match (re, trained_by, 0, &m))
    goto out;
  for (guint i = 0; i < 11; i++)
    v[i] = g_match_info_fetch (m, (gint)i + 1);
  if (!parse_number (v[0], &r.window) || !parse_number (v[1], &r.hop)
      || !parse_number (v[2], &r.min_window) || !parse_number (v[3], &r.c)
      || !parse_number (v[4], &r.gamma)
      || !g_ascii_string_to_signed (
          v[5], 10, G_MININT64, G_MAXINT64, &r.seed, NULL)
      || (v[9] && *v[9]
          && !g_ascii_string_to_signed (
              v[9], 10, 1, G_MAXINT64, &r.max_rows, NULL)))
    goto out;
  r.augment = v[6] && *v[6] ? g_strdup (v[6]) : NULL;
  r.extra_windows = v[7] && *v[7] ? g_strdup (v[7]) : NULL;
  r.grouped_probability = v[8] && *v[8];
  r.decoders = v[10] && *v[10] ? g_strdup (v[10]) : NULL;
  *recipe = r;
  ok = TRUE;

out:
  for (guint i = 0; i < 11; i++)
    g_free (v[i]);
  g_match_info_free (m);
  return ok;
}

void
gc_recipe_clear (GcRecipe *recipe)
{
  g_free (recipe->augment);
  g_free (recipe->extra_windows);
  g_free (recipe->decoders);
  memset (recipe, 0, sizeof (*recipe));
}
