/* genreclassify — small SVG charts for the command-line tools
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "gc-svg.h"
#include "gc-distribution.h"

#define FONT "font-family=\"DejaVu Sans, Verdana, Arial, sans-serif\""
/* Rough advance of one character of the sans font, in font sizes. */
#define CHAR_EM 0.62

static const char *const palette[] = {
  "#4e79a7",
  "#f28e2b",
  "#e15759",
  "#76b7b2",
  "#59a14f",
  "#edc948",
  "#b07aa1",
  "#ff9da7",
  "#9c755f",
  "#bab0ac",
  "#1b9e77",
  "#7570b3",
};

const char *
gc_svg_category_colour (guint index)
{
  return palette[index % G_N_ELEMENTS (palette)];
}

void
gc_svg_heat_colour (double value, char out[8])
{
  /* ColorBrewer-like "Blues" stops. */
  static const guint8 stops[5][3] = {
    { 0xf7, 0xfb, 0xff },
    { 0xc6, 0xdb, 0xef },
    { 0x6b, 0xae, 0xd6 },
    { 0x21, 0x71, 0xb5 },
    { 0x08, 0x30, 0x6b },
  };
  double x, t;
  guint i;
  guint8 rgb[3];

  if (!(value >= 0.0))
    value = 0.0;
  if (value > 1.0)
    value = 1.0;
  x = value * 4.0;
  i = MIN ((guint)x, 3);
  t = x - i;
  for (guint c = 0; c < 3; c++)
    rgb[c] = (guint8)lround (stops[i][c] + t * (stops[i + 1][c] - stops[i][c]));
  g_snprintf (out, 8, "#%02x%02x%02x", rgb[0], rgb[1], rgb[2]);
}

char *
gc_svg_escape (const char *text)
{
  char *valid = g_utf8_make_valid (text ? text : "", -1);
  GString *s = g_string_new (NULL);

  for (const char *p = valid; *p; p++) {
    switch (*p) {
      case '&':
        g_string_append (s, "&amp;");
        break;
      case '<':
        g_string_append (s, "&lt;");
        break;
      case '>':
        g_string_append (s, "&gt;");
        break;
      case '"':
        g_string_append (s, "&quot;");
        break;
      case '\'':
        g_string_append (s, "&apos;");
        break;
      default:
        /* XML 1.0 forbids most control characters, even escaped. */
        if ((guchar)*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r')
          g_string_append_c (s, ' ');
        else
          g_string_append_c (s, *p);
        break;
    }
  }
  g_free (valid);
  return g_string_free (s, FALSE);
}

/* Estimated width in pixels of @text at @size. */
static double
text_width (const char *text, double size)
{
  return text ? g_utf8_strlen (text, -1) * size * CHAR_EM : 0.0;
}

static double
max_label_width (const char *const *labels, guint n, double size)
{
  double w = 0.0;

  for (guint i = 0; i < n; i++)
    w = MAX (w, text_width (labels[i], size));
  return w;
}

/* Appends a text element; @extra are further attributes. */
static void
add_text (GString *s, double x, double y, double size, const char *anchor,
    const char *extra, const char *text)
{
  char *e = gc_svg_escape (text);

  g_string_append_printf (s,
      "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%.1f\" text-anchor=\"%s\"%s%s>"
      "%s</text>\n",
      x, y, size, anchor, extra ? " " : "", extra ? extra : "", e);
  g_free (e);
}

static void
begin (GString *s, double width, double height, const char *title)
{
  char *e = gc_svg_escape (title ? title : "genreclassify");

  g_string_append_printf (s,
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" "
      "width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\">\n"
      "<title>%s</title>\n"
      "<rect width=\"100%%\" height=\"100%%\" fill=\"#ffffff\"/>\n"
      "<g " FONT " fill=\"#222222\">\n",
      ceil (width), ceil (height), ceil (width), ceil (height), e);
  g_free (e);
}

static char *
end (GString *s)
{
  g_string_append (s, "</g>\n</svg>\n");
  return g_string_free (s, FALSE);
}

/* Title and subtitle at the top; returns the y below them. */
static double
add_titles (GString *s, double x, const char *title, const char *subtitle)
{
  double y = 10.0;

  if (title) {
    y += 18.0;
    add_text (s, x, y, 16.0, "start", "font-weight=\"bold\"", title);
  }
  if (subtitle) {
    y += 18.0;
    add_text (s, x, y, 12.0, "start", "fill=\"#555555\"", subtitle);
  }
  return y + 14.0;
}

static double
titles_width (const char *title, const char *subtitle)
{
  return MAX (text_width (title, 16.0), text_width (subtitle, 12.0)) + 40.0;
}

/* ---- bar chart --------------------------------------------------------- */

char *
gc_svg_bar_chart (const char *title, const char *subtitle,
    const char *const *labels, const double *values, guint n)
{
  const double bar_h = 22.0, gap = 8.0, bar_w = 360.0, size = 13.0;
  double label_w = max_label_width (labels, n, size) + 16.0;
  double width, height, top;
  GString *s = g_string_new (NULL);
  guint best = gc_distribution_top (values, n);

  width = MAX (20.0 + label_w + bar_w + 70.0, titles_width (title, subtitle));
  height = (title ? 28.0 : 0.0) + (subtitle ? 18.0 : 0.0) + 24.0
      + n * (bar_h + gap) + 10.0;
  begin (s, width, height, title);
  top = add_titles (s, 20.0, title, subtitle);

  for (guint i = 0; i < n; i++) {
    double v = isfinite (values[i]) ? CLAMP (values[i], 0.0, 1.0) : 0.0;
    double y = top + i * (bar_h + gap);
    char pct[32];

    add_text (s, 20.0 + label_w - 10.0, y + bar_h * 0.7, size, "end",
        i == best ? "font-weight=\"bold\"" : NULL, labels[i]);
    g_string_append_printf (s,
        "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
        "fill=\"#eeeeee\"/>\n"
        "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
        "fill=\"%s\"/>\n",
        20.0 + label_w, y, bar_w, bar_h, 20.0 + label_w, y, v * bar_w, bar_h,
        gc_svg_category_colour (i));
    g_snprintf (pct, sizeof pct, "%.1f %%", 100.0 * v);
    add_text (s, 20.0 + label_w + bar_w + 8.0, y + bar_h * 0.7, size, "start",
        NULL, pct);
  }
  return end (s);
}

/* ---- confusion matrix -------------------------------------------------- */

char *
gc_svg_confusion_matrix (const char *title, const char *subtitle,
    const char *const *labels, guint n, const guint *counts)
{
  const double size = 12.0, cell = 64.0;
  double row_label_w = max_label_width (labels, n, size) + 14.0;
  /* Column labels are turned by 45°: they need about 0.71 of their length
   * upwards and to the right. */
  double col_label_h = max_label_width (labels, n, size) * 0.71 + 16.0;
  double left = 20.0 + 22.0 + row_label_w; /* axis title, then labels */
  double top, grid_top, width, height, legend_x;
  GString *s = g_string_new (NULL);
  char colour[8];

  width = left + n * cell + 60.0 /* totals */ + 90.0 /* legend */
      + col_label_h * 0.5;
  width = MAX (width, titles_width (title, subtitle));
  height = (title ? 28.0 : 0.0) + (subtitle ? 18.0 : 0.0) + 24.0 + 22.0
      + col_label_h + n * cell + 40.0;
  height = MAX (height, 300.0);
  begin (s, width, height, title);
  top = add_titles (s, 20.0, title, subtitle);

  /* Axis titles. */
  add_text (s, left + n * cell / 2.0, top + 4.0, 13.0, "middle",
      "font-weight=\"bold\"", "predicted genre");
  grid_top = top + 14.0 + col_label_h;
  {
    char *rot = g_strdup_printf ("font-weight=\"bold\" transform=\"rotate(-90 "
                                 "%.1f %.1f)\"",
        32.0, grid_top + n * cell / 2.0);

    add_text (
        s, 32.0, grid_top + n * cell / 2.0, 13.0, "middle", rot, "true genre");
    g_free (rot);
  }

  for (guint j = 0; j < n; j++) {
    double x = left + (j + 0.5) * cell, y = grid_top - 8.0;
    char *rot = g_strdup_printf ("transform=\"rotate(-45 %.1f %.1f)\"", x, y);

    add_text (s, x, y, size, "start", rot, labels[j]);
    g_free (rot);
  }
  add_text (s, left + n * cell + 30.0, grid_top - 8.0, size, "middle",
      "fill=\"#555555\"", "n");

  for (guint i = 0; i < n; i++) {
    guint64 row = 0;
    double y = grid_top + i * cell;
    char num[32];

    for (guint j = 0; j < n; j++)
      row += counts[i * n + j];
    add_text (
        s, left - 8.0, y + cell / 2.0 + 4.0, size, "end", NULL, labels[i]);
    for (guint j = 0; j < n; j++) {
      guint c = counts[i * n + j];
      double share = row ? (double)c / row : 0.0;
      double x = left + j * cell;
      const char *ink = share > 0.55 ? "#ffffff" : "#222222";
      char *attrs;

      gc_svg_heat_colour (share, colour);
      g_string_append_printf (s,
          "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
          "fill=\"%s\" stroke=\"%s\" stroke-width=\"%s\"/>\n",
          x, y, cell, cell, colour, i == j ? "#222222" : "#ffffff",
          i == j ? "1.5" : "1");
      attrs = g_strdup_printf ("font-weight=\"bold\" fill=\"%s\"", ink);
      g_snprintf (num, sizeof num, "%u", c);
      add_text (
          s, x + cell / 2.0, y + cell / 2.0 - 2.0, 14.0, "middle", attrs, num);
      g_free (attrs);
      attrs = g_strdup_printf ("fill=\"%s\"", ink);
      if (row)
        g_snprintf (num, sizeof num, "%.1f %%", 100.0 * share);
      else
        g_snprintf (num, sizeof num, "–");
      add_text (
          s, x + cell / 2.0, y + cell / 2.0 + 14.0, 10.0, "middle", attrs, num);
      g_free (attrs);
    }
    g_snprintf (num, sizeof num, "%" G_GUINT64_FORMAT, row);
    add_text (s, left + n * cell + 30.0, y + cell / 2.0 + 4.0, size, "middle",
        "fill=\"#555555\"", num);
  }

  /* The colour scale: share of the row, 0 at the bottom. */
  legend_x = left + n * cell + 70.0;
  {
    double lh = MAX (n * cell, 160.0), ly = grid_top;

    g_string_append (s,
        "<defs><linearGradient id=\"heat\" x1=\"0\" y1=\"1\" "
        "x2=\"0\" y2=\"0\">\n");
    for (guint k = 0; k <= 4; k++) {
      gc_svg_heat_colour (k / 4.0, colour);
      g_string_append_printf (
          s, "<stop offset=\"%.2f\" stop-color=\"%s\"/>\n", k / 4.0, colour);
    }
    g_string_append (s, "</linearGradient></defs>\n");
    g_string_append_printf (s,
        "<rect x=\"%.1f\" y=\"%.1f\" width=\"14\" height=\"%.1f\" "
        "fill=\"url(#heat)\" stroke=\"#888888\"/>\n",
        legend_x, ly, lh);
    for (guint k = 0; k <= 4; k++) {
      char tick[16];
      double ty = ly + lh - k * lh / 4.0;

      g_snprintf (tick, sizeof tick, "%u %%", k * 25);
      g_string_append_printf (s,
          "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
          "stroke=\"#888888\"/>\n",
          legend_x + 14.0, ty, legend_x + 18.0, ty);
      add_text (s, legend_x + 21.0, ty + 4.0, 10.0, "start", NULL, tick);
    }
    add_text (s, legend_x, ly + lh + 16.0, 10.0, "start", "fill=\"#555555\"",
        "share of row");
  }
  return end (s);
}

/* ---- timeline ---------------------------------------------------------- */

/* A tick step in seconds (1 s … 2 h, round minutes) giving at most 10 ticks. */
static double
tick_step (double span)
{
  static const double steps[] = { 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900,
    1800, 3600, 7200 };

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (span / steps[i] <= 10.0)
      return steps[i];
  return ceil (span / 10.0 / 3600.0) * 3600.0;
}

static char *
time_label (double t)
{
  guint64 s = (guint64)llround (t);

  if (s >= 3600)
    return g_strdup_printf ("%" G_GUINT64_FORMAT ":%02u:%02u", s / 3600,
        (guint)(s / 60 % 60), (guint)(s % 60));
  return g_strdup_printf ("%u:%02u", (guint)(s / 60), (guint)(s % 60));
}

char *
gc_svg_timeline (const char *title, const char *subtitle,
    const char *const *labels, guint n_labels, const double *starts,
    const double *durations, const double *probs, guint n_windows)
{
  const double plot_w = 720.0, plot_h = 200.0, left = 60.0, size = 12.0;
  double t0 = 0.0, t1 = 0.0, top, width, height, legend_y, x, step;
  double legend_item_w = MAX (max_label_width (labels, n_labels, size),
                             text_width ("not classified", size))
      + 34.0;
  guint per_row = MAX (1, (guint)((plot_w + left) / legend_item_w));
  guint n_legend = n_labels, legend_rows;
  GString *s = g_string_new (NULL);

  /* Unclassified windows get a legend entry of their own. */
  for (guint w = 0; w < n_windows; w++)
    if (probs == NULL || !(probs[(gsize)w * n_labels] >= 0.0)) {
      n_legend = n_labels + 1;
      break;
    }
  legend_rows = (n_legend + per_row - 1) / per_row;
  for (guint w = 0; w < n_windows; w++) {
    if (w == 0 || starts[w] < t0)
      t0 = starts[w];
    t1 = MAX (t1, starts[w] + durations[w]);
  }
  t0 = MIN (t0, 0.0);
  if (!(t1 > t0))
    t1 = t0 + 1.0;

  width = MAX (left + plot_w + 30.0, titles_width (title, subtitle));
  height = (title ? 28.0 : 0.0) + (subtitle ? 18.0 : 0.0) + 24.0 + plot_h + 40.0
      + legend_rows * 22.0 + 10.0;
  begin (s, width, height, title);
  top = add_titles (s, 20.0, title, subtitle);

  g_string_append_printf (s,
      "<defs><pattern id=\"unclassified\" width=\"6\" height=\"6\" "
      "patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
      "<rect width=\"6\" height=\"6\" fill=\"#eeeeee\"/>"
      "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#aaaaaa\" "
      "stroke-width=\"2\"/></pattern></defs>\n"
      "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
      "fill=\"#f8f8f8\" stroke=\"#888888\"/>\n",
      left, top, plot_w, plot_h);

  for (guint w = 0; w < n_windows; w++) {
    double a = starts[w], b = starts[w] + durations[w];
    double xa, xb, y = top + plot_h;

    /* Overlapping windows: each is drawn up to the next one's start. */
    for (guint v = 0; v < n_windows; v++)
      if (starts[v] > a && starts[v] < b)
        b = starts[v];
    xa = left + (a - t0) / (t1 - t0) * plot_w;
    xb = left + (b - t0) / (t1 - t0) * plot_w;
    if (probs == NULL || !(probs[(gsize)w * n_labels] >= 0.0)) {
      g_string_append_printf (s,
          "<rect x=\"%.2f\" y=\"%.1f\" width=\"%.2f\" height=\"%.1f\" "
          "fill=\"url(#unclassified)\"/>\n",
          xa, top, MAX (xb - xa, 0.5), plot_h);
      continue;
    }
    for (guint k = 0; k < n_labels; k++) {
      double p = probs[(gsize)w * n_labels + k];
      double h = (isfinite (p) ? CLAMP (p, 0.0, 1.0) : 0.0) * plot_h;

      if (h <= 0.0)
        continue;
      y -= h;
      g_string_append_printf (s,
          "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" "
          "fill=\"%s\"><title>",
          xa, y, MAX (xb - xa, 0.5), h, gc_svg_category_colour (k));
      {
        char *e = gc_svg_escape (labels[k]);
        char *ta = time_label (a);

        g_string_append_printf (
            s, "%s %.1f %% at %s</title></rect>\n", e, 100.0 * p, ta);
        g_free (ta);
        g_free (e);
      }
    }
  }

  /* Axes: probability 0–100 % on the left, time below. */
  for (guint k = 0; k <= 4; k++) {
    double y = top + plot_h - k * plot_h / 4.0;
    char tick[16];

    g_snprintf (tick, sizeof tick, "%u %%", k * 25);
    add_text (s, left - 6.0, y + 4.0, 10.0, "end", NULL, tick);
  }
  step = tick_step (t1 - t0);
  for (double t = ceil (t0 / step) * step; t <= t1 + 1e-9; t += step) {
    char *label = time_label (t);

    x = left + (t - t0) / (t1 - t0) * plot_w;
    g_string_append_printf (s,
        "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
        "stroke=\"#888888\"/>\n",
        x, top + plot_h, x, top + plot_h + 4.0);
    add_text (s, x, top + plot_h + 16.0, 10.0, "middle", NULL, label);
    g_free (label);
  }

  legend_y = top + plot_h + 36.0;
  for (guint k = 0; k < n_legend; k++) {
    double lx = 20.0 + (k % per_row) * legend_item_w;
    double ly = legend_y + (k / per_row) * 22.0;

    g_string_append_printf (s,
        "<rect x=\"%.1f\" y=\"%.1f\" width=\"14\" height=\"14\" "
        "fill=\"%s\"/>\n",
        lx, ly - 11.0,
        k < n_labels ? gc_svg_category_colour (k) : "url(#unclassified)");
    add_text (s, lx + 20.0, ly, size, "start", NULL,
        k < n_labels ? labels[k] : "not classified");
  }
  return end (s);
}

/* ---- reliability diagram ---------------------------------------------- */

char *
gc_svg_reliability (const char *title, const char *subtitle,
    const GcSvgReliability *panels, guint n_panels)
{
  /* hist_gap: room under the plot for its tick labels and axis title, and
   * above the tallest count bar for its count. */
  const double plot = 260.0, hist_h = 70.0, hist_gap = 56.0, gap_x = 70.0,
               left = 70.0;
  double top, width, height;
  GString *s = g_string_new (NULL);

  width = MAX (
      left + n_panels * (plot + gap_x) + 20.0, titles_width (title, subtitle));
  width = MAX (width, 560.0);
  height = (title ? 28.0 : 0.0) + (subtitle ? 18.0 : 0.0) + 24.0 + 30.0 + plot
      + hist_gap + hist_h + 40.0 + 30.0;
  begin (s, width, height, title);
  top = add_titles (s, 20.0, title, subtitle) + 30.0;

  for (guint p = 0; p < n_panels; p++) {
    const GcSvgReliability *r = &panels[p];
    double x0 = left + p * (plot + gap_x), y0 = top, bw;
    double hist_top = y0 + plot + hist_gap;
    guint total = 0, max_count = 0;
    char *name;

    for (guint k = 0; k < r->n_bins; k++) {
      total += r->counts[k];
      max_count = MAX (max_count, r->counts[k]);
    }
    if (isfinite (r->ece))
      name = g_strdup_printf (
          "%s: ECE %.1f %%, %u predictions", r->name, 100.0 * r->ece, total);
    else
      name = g_strdup_printf ("%s: %u predictions", r->name, total);
    add_text (s, x0, y0 - 12.0, 13.0, "start", "font-weight=\"bold\"", name);
    g_free (name);

    /* frame, grid, ticks */
    g_string_append_printf (s,
        "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
        "fill=\"#f8f8f8\" stroke=\"#888888\"/>\n",
        x0, y0, plot, plot);
    for (guint t = 0; t <= 5; t++) {
      double v = t / 5.0, x = x0 + v * plot, y = y0 + plot - v * plot;
      char tick[16];

      g_snprintf (tick, sizeof tick, "%.1f", v);
      if (t > 0 && t < 5)
        g_string_append_printf (s,
            "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
            "stroke=\"#e4e4e4\"/>\n"
            "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
            "stroke=\"#e4e4e4\"/>\n",
            x, y0, x, y0 + plot, x0, y, x0 + plot, y);
      add_text (s, x, y0 + plot + 14.0, 10.0, "middle", NULL, tick);
      add_text (s, x0 - 6.0, y + 4.0, 10.0, "end", NULL, tick);
    }
    add_text (s, x0 + plot / 2.0, y0 + plot + 30.0, 12.0, "middle", NULL,
        "confidence (top probability)");
    {
      char *rot = g_strdup_printf (
          "transform=\"rotate(-90 %.1f %.1f)\"", x0 - 36.0, y0 + plot / 2.0);

      add_text (s, x0 - 36.0, y0 + plot / 2.0, 12.0, "middle", rot, "accuracy");
      g_free (rot);
    }

    /* The bins: accuracy as a solid bar, the mean confidence as an
     * unfilled bar over it, each up to its own value, so that neither
     * hides the other (an under-confident bin's accuracy shows whole). */
    bw = plot / MAX (r->n_bins, 1);
    for (guint k = 0; k < r->n_bins; k++) {
      double acc = r->accuracy[k], conf = r->confidence[k];
      double x = x0 + k * bw;

      if (r->counts[k] == 0 || !isfinite (acc) || !isfinite (conf))
        continue;
      acc = CLAMP (acc, 0.0, 1.0);
      conf = CLAMP (conf, 0.0, 1.0);
      g_string_append_printf (s,
          "<rect class=\"accuracy\" x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" "
          "height=\"%.2f\" fill=\"%s\" stroke=\"#ffffff\"><title>%.2f-%.2f: "
          "accuracy %.1f %% of %u, mean confidence %.1f %%</title></rect>\n",
          x, y0 + plot - acc * plot, bw, acc * plot, gc_svg_category_colour (0),
          (double)k / r->n_bins, (double)(k + 1) / r->n_bins, 100.0 * acc,
          r->counts[k], 100.0 * conf);
      g_string_append_printf (s,
          "<rect class=\"confidence\" x=\"%.2f\" y=\"%.2f\" "
          "width=\"%.2f\" height=\"%.2f\" fill=\"none\" "
          "stroke=\"#e15759\" stroke-width=\"2\"/>\n",
          x + bw / 4.0, y0 + plot - conf * plot, bw / 2.0, conf * plot);
    }
    g_string_append_printf (s,
        "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
        "stroke=\"#555555\" stroke-dasharray=\"5,4\"/>\n",
        x0, y0 + plot, x0 + plot, y0);

    /* the share of predictions per bin */
    g_string_append_printf (s,
        "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
        "fill=\"none\" stroke=\"#888888\"/>\n",
        x0, hist_top, plot, hist_h);
    for (guint k = 0; k < r->n_bins; k++) {
      double h = max_count ? hist_h * r->counts[k] / max_count : 0.0;
      char num[16];

      if (r->counts[k] == 0)
        continue;
      g_string_append_printf (s,
          "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" "
          "fill=\"#bab0ac\" stroke=\"#ffffff\"/>\n",
          x0 + k * bw, hist_top + hist_h - h, bw, h);
      g_snprintf (num, sizeof num, "%u", r->counts[k]);
      add_text (s, x0 + (k + 0.5) * bw, hist_top + hist_h - h - 3.0, 9.0,
          "middle", "fill=\"#555555\"", num);
    }
    add_text (
        s, x0 - 6.0, hist_top + hist_h / 2.0 + 4.0, 10.0, "end", NULL, "count");
  }

  /* legend */
  {
    double ly = top + plot + hist_gap + hist_h + 30.0, lx = left;

    g_string_append_printf (s,
        "<rect x=\"%.1f\" y=\"%.1f\" width=\"14\" height=\"14\" "
        "fill=\"%s\"/>\n",
        lx, ly - 11.0, gc_svg_category_colour (0));
    add_text (s, lx + 20.0, ly, 12.0, "start", NULL, "accuracy of the bin");
    lx += 160.0;
    g_string_append_printf (s,
        "<rect x=\"%.1f\" y=\"%.1f\" width=\"8\" height=\"14\" "
        "fill=\"none\" stroke=\"#e15759\" stroke-width=\"2\"/>\n",
        lx + 3.0, ly - 11.0);
    add_text (s, lx + 20.0, ly, 12.0, "start", NULL, "its mean confidence");
    lx += 170.0;
    g_string_append_printf (s,
        "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
        "stroke=\"#555555\" stroke-dasharray=\"5,4\"/>\n",
        lx, ly - 4.0, lx + 20.0, ly - 4.0);
    add_text (s, lx + 26.0, ly, 12.0, "start", NULL, "perfect calibration");
  }
  return end (s);
}

/* ---- curves ------------------------------------------------------------ */

char *
gc_svg_curves (const char *title, const char *subtitle, const char *x_label,
    const char *y_label, const double *x, const char *const *notes,
    guint n_points, const GcSvgCurve *curves, guint n_curves)
{
  const double plot_w = 520.0, plot_h = 300.0, left = 80.0;
  double top, width, height, legend_y;
  GString *s = g_string_new (NULL);

  width = MAX (left + plot_w + 40.0, titles_width (title, subtitle));
  height = (title ? 28.0 : 0.0) + (subtitle ? 18.0 : 0.0) + 24.0 + 20.0 + plot_h
      + 50.0 + 24.0 * n_curves + 20.0;
  begin (s, width, height, title);
  top = add_titles (s, 20.0, title, subtitle) + 20.0;

  /* frame, grid every 10 %, ticks every 0.1 of x and 20 % of y */
  g_string_append_printf (s,
      "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
      "fill=\"#f8f8f8\" stroke=\"#888888\"/>\n",
      left, top, plot_w, plot_h);
  for (guint t = 0; t <= 10; t++) {
    double v = t / 10.0, gx = left + v * plot_w, gy = top + plot_h - v * plot_h;
    char tick[16];

    if (t > 0 && t < 10)
      g_string_append_printf (s,
          "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
          "stroke=\"#e4e4e4\"/>\n"
          "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
          "stroke=\"#e4e4e4\"/>\n",
          gx, top, gx, top + plot_h, left, gy, left + plot_w, gy);
    g_snprintf (tick, sizeof tick, "%.1f", v);
    add_text (s, gx, top + plot_h + 14.0, 10.0, "middle", NULL, tick);
    if (t % 2 == 0) {
      g_snprintf (tick, sizeof tick, "%u %%", t * 10);
      add_text (s, left - 6.0, gy + 4.0, 10.0, "end", NULL, tick);
    }
  }
  add_text (s, left + plot_w / 2.0, top + plot_h + 32.0, 12.0, "middle", NULL,
      x_label);
  {
    char *rot = g_strdup_printf (
        "transform=\"rotate(-90 %.1f %.1f)\"", left - 46.0, top + plot_h / 2.0);

    add_text (s, left - 46.0, top + plot_h / 2.0, 12.0, "middle", rot, y_label);
    g_free (rot);
  }

  for (guint c = 0; c < n_curves; c++) {
    const char *colour = gc_svg_category_colour (c);
    gboolean open = FALSE;

    /* one polyline per run of defined points */
    for (guint i = 0; i < n_points; i++) {
      double v = curves[c].values[i];

      if (!isfinite (v) || !isfinite (x[i])) {
        if (open)
          g_string_append (s, "\"/>\n");
        open = FALSE;
        continue;
      }
      if (!open)
        g_string_append_printf (s,
            "<polyline class=\"curve%u\" fill=\"none\" stroke=\"%s\" "
            "stroke-width=\"2\" points=\"",
            c, colour);
      g_string_append_printf (s, "%s%.2f,%.2f", open ? " " : "",
          left + CLAMP (x[i], 0.0, 1.0) * plot_w,
          top + plot_h - CLAMP (v, 0.0, 1.0) * plot_h);
      open = TRUE;
    }
    if (open)
      g_string_append (s, "\"/>\n");

    for (guint i = 0; i < n_points; i++) {
      double v = curves[c].values[i], px, py;
      char *note, value[16];

      if (!isfinite (v) || !isfinite (x[i]))
        continue;
      px = left + CLAMP (x[i], 0.0, 1.0) * plot_w;
      py = top + plot_h - CLAMP (v, 0.0, 1.0) * plot_h;
      note = gc_svg_escape (notes && notes[i] ? notes[i] : "");
      g_string_append_printf (s,
          "<circle class=\"point%u\" cx=\"%.2f\" cy=\"%.2f\" r=\"3.5\" "
          "fill=\"%s\"><title>%g: %s %.1f %%%s%s</title></circle>\n",
          c, px, py, colour, x[i], curves[c].name, 100.0 * v,
          note[0] ? "; " : "", note);
      g_free (note);
      g_snprintf (value, sizeof value, "%.0f", 100.0 * v);
      add_text (s, px, c == 0 ? py - 7.0 : py + 15.0, 9.0, "middle",
          "fill=\"#555555\"", value);
    }
  }

  legend_y = top + plot_h + 60.0;
  for (guint c = 0; c < n_curves; c++) {
    double ly = legend_y + 20.0 * c;

    g_string_append_printf (s,
        "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
        "stroke-width=\"2\"/><circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" "
        "fill=\"%s\"/>\n",
        left, ly - 4.0, left + 24.0, ly - 4.0, gc_svg_category_colour (c),
        left + 12.0, ly - 4.0, gc_svg_category_colour (c));
    add_text (s, left + 32.0, ly, 12.0, "start", NULL, curves[c].name);
  }
  return end (s);
}

gboolean
gc_svg_save (const char *path, const char *svg, GError **error)
{
  return g_file_set_contents (path, svg, -1, error);
}
