/* genreclassify — progress of a batch of files on a terminal
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * On a terminal (the stream is a tty and TERM is not "dumb") one line is
 * redrawn in place, at most ten times a second:
 *
 *   decoding  37/240  15 %  4.2 files/s  ETA 0:48  rock/track-07.flac
 *
 * Otherwise (a pipe, a log file, CI) a plain line is printed every
 * `interval` seconds (10 by default) and when the batch is finished:
 *
 *   decoding: 37/240 files (15 %), 4.2 files/s, ETA 0:48
 *
 * Messages (warnings) go through gc_progress_print() so that they do not
 * collide with the progress line.  Every function is thread-safe.
 */
#ifndef GC_PROGRESS_H
#define GC_PROGRESS_H

#include <stdio.h>

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  GC_PROGRESS_AUTO, /* TTY or PLAIN, as the stream is */
  GC_PROGRESS_TTY,
  GC_PROGRESS_PLAIN,
  GC_PROGRESS_QUIET, /* only gc_progress_print() messages */
} GcProgressMode;

typedef struct _GcProgress GcProgress;

/* @stream: usually stderr.  @task: a short word ("decoding"); @unit: what
 * is counted ("files"). */
GcProgress *gc_progress_new (FILE *stream, GcProgressMode mode,
    const char *task, const char *unit, guint total);
void gc_progress_free (GcProgress *progress);

/* The mode actually used (AUTO resolved). */
GcProgressMode gc_progress_get_mode (const GcProgress *progress);

/* Seconds between plain lines (> 0). */
void gc_progress_set_interval (GcProgress *progress, double seconds);

/* @name (may be NULL) is being worked on / is finished. */
void gc_progress_start_item (GcProgress *progress, const char *name);
void gc_progress_item_done (GcProgress *progress, const char *name);

/* Prints a message on its own line (a new line is added), then redraws the
 * progress line. */
void gc_progress_print (GcProgress *progress, const char *format, ...)
    G_GNUC_PRINTF (2, 3);

/* Ends the progress display with a last line:
 *   decoding: 240/240 files in 57.1 s (4.2 files/s) */
void gc_progress_finish (GcProgress *progress);

guint gc_progress_get_done (GcProgress *progress);

/* "1:07", "1:02:03" for @seconds >= 0; free with g_free(). */
char *gc_progress_format_duration (double seconds);

G_END_DECLS

#endif
