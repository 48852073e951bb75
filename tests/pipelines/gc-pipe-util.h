/* genreclassify — helpers for the pipeline tests
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef GC_PIPE_UTIL_H
#define GC_PIPE_UTIL_H

#include <gst/gst.h>

G_BEGIN_DECLS

/* Runs the pipeline @desc (gst-launch syntax) to EOS and returns copies of
 * the "genreclassify" element messages it posted, in order (free with
 * g_ptr_array_unref).  Fails the test on an error or a timeout. */
GPtrArray *gc_pipe_run (const gchar *desc);

/* Same, for a pipeline built by the caller (which keeps its reference). */
GPtrArray *gc_pipe_run_element (GstElement *pipeline);

/* The summary (final=TRUE) among @results; fails the test if none. */
const GstStructure *gc_pipe_summary (GPtrArray *results);

/* "genre" of @s (never NULL). */
const gchar *gc_pipe_genre (const GstStructure *s);

/* Reads @path back with GstDiscoverer and returns the tags of its first
 * audio stream (container tags merged in), or NULL if it has none.  Fails
 * the test if the file cannot be discovered. */
GstTagList *gc_pipe_discover_tags (const gchar *path);

/* GST_TAG_GENRE of gc_pipe_discover_tags(), or NULL. Free with g_free(). */
gchar *gc_pipe_discover_genre (const gchar *path);

/* A fresh, empty temporary folder for one test; removed by
 * gc_test_remove_tree() (tests/core/gc-test-data.h). */
gchar *gc_pipe_tmpdir (const gchar *name);

G_END_DECLS

#endif
