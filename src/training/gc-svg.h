/* genreclassify — small SVG charts for the command-line tools
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Each function returns a complete, standalone SVG 1.1 document (UTF-8, free
 * with g_free()) that browsers and image viewers show as is.  Labels are
 * escaped; sizes adapt to the number and length of the labels.  Colours:
 * a qualitative palette for genres (gc_svg_category_colour()) and a
 * sequential white-to-blue scale for values in [0, 1] (gc_svg_heat_colour()),
 * both readable when printed in grey.
 */
#ifndef GC_SVG_H
#define GC_SVG_H

#include <glib.h>

G_BEGIN_DECLS

/* @text with &, <, >, " and ' escaped for XML text and attribute values;
 * invalid UTF-8 is replaced.  Free with g_free(). */
char *gc_svg_escape (const char *text);

/* "#rrggbb" of genre number @index (cycles after 12). */
const char *gc_svg_category_colour (guint index);

/* "#rrggbb" for @value in [0, 1] (clamped) on the heat scale into @out. */
void gc_svg_heat_colour (double value, char out[8]);

/* A horizontal bar per label, in the given order, with its value as a
 * percentage (values in [0, 1], e.g. a genre distribution).  @title and
 * @subtitle may be NULL. */
char *gc_svg_bar_chart (const char *title, const char *subtitle,
    const char *const *labels, const double *values, guint n);

/* A confusion matrix: @counts[i · n + j] items of true label i predicted as
 * label j.  Each cell shows its count and its share of the row (the recall
 * on the diagonal) and is coloured by that share; row totals on the right, a
 * colour scale beside.  @title and @subtitle may be NULL. */
char *gc_svg_confusion_matrix (const char *title, const char *subtitle,
    const char *const *labels, guint n, const guint *counts);

/* A timeline of windows for one track: window w covers [@starts[w],
 * @starts[w] + @durations[w]) seconds and is drawn as a column of stacked
 * probabilities @probs[w · n_labels + k].  A window that was not classified
 * (silent…) is marked by a negative or NaN first value and drawn hatched
 * grey ("not classified" in the legend); @probs NULL: none was.  Overlapping
 * windows are drawn up to the next window's start.  A legend names the
 * labels' colours. */
char *gc_svg_timeline (const char *title, const char *subtitle,
    const char *const *labels, guint n_labels, const double *starts,
    const double *durations, const double *probs, guint n_windows);

/* One panel of a reliability diagram: @n_bins equal-width bins of the
 * confidence (the top probability) over [0, 1], each with its number of
 * predictions, their accuracy and their mean confidence (NaN when the bin
 * is empty); @ece is printed beside @name (NaN: not printed). */
typedef struct {
  const char *name;
  guint n_bins;
  const guint *counts;
  const double *accuracy;
  const double *confidence;
  double ece;
} GcSvgReliability;

/* Reliability diagrams side by side, one per panel: accuracy against
 * confidence, per non-empty bin a solid bar up to its accuracy (class
 * "accuracy") and over it a narrower unfilled red bar up to its mean
 * confidence (class "confidence"), the diagonal of perfect calibration;
 * below, the share of the predictions in each bin (their count on top).
 * @title and @subtitle may be NULL. */
char *gc_svg_reliability (const char *title, const char *subtitle,
    const GcSvgReliability *panels, guint n_panels);

/* One curve of gc_svg_curves(): its name in the legend and its value at
 * each point, in [0, 1] (NaN: no value there; the line breaks). */
typedef struct {
  const char *name;
  const double *values;
} GcSvgCurve;

/* Curves of values in [0, 1] (drawn as percentages) against @x in [0, 1],
 * @n_points shared by all curves: a line with a marker and its value at
 * each point, the first curve's values above its markers, the others'
 * below; @notes[i] (NULL or @notes NULL: none) is shown as the tooltip of
 * point i.  Labelled axes, a legend.  @title and @subtitle may be NULL. */
char *gc_svg_curves (const char *title, const char *subtitle,
    const char *x_label, const char *y_label, const double *x,
    const char *const *notes, guint n_points, const GcSvgCurve *curves,
    guint n_curves);

/* Writes @svg to @path atomically.  G_FILE_ERROR on failure. */
gboolean gc_svg_save (const char *path, const char *svg, GError **error);

G_END_DECLS

#endif
