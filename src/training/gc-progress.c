/* genreclassify — progress of a batch of files on a terminal
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "gc-progress.h"

#define TTY_REFRESH_US (G_USEC_PER_SEC / 10)

struct _GcProgress {
  GMutex lock;
  FILE *stream;
  GcProgressMode mode;
  char *task, *unit;
  guint total, done;
  char *current;
  gint64 t0; /* monotonic µs */
  gint64 last_draw;
  gint64 interval; /* µs, plain mode */
  gboolean line_shown; /* a tty line is on screen */
  gboolean finished;
};

char *
gc_progress_format_duration (double seconds)
{
  guint64 s;

  if (!(seconds >= 0.0) || !isfinite (seconds))
    return g_strdup ("?");
  s = (guint64)llround (seconds);
  if (s >= 3600)
    return g_strdup_printf ("%" G_GUINT64_FORMAT ":%02u:%02u", s / 3600,
        (guint)(s / 60 % 60), (guint)(s % 60));
  return g_strdup_printf ("%u:%02u", (guint)(s / 60), (guint)(s % 60));
}

static gboolean
stream_is_tty (FILE *stream)
{
  const char *term = g_getenv ("TERM");

  return isatty (fileno (stream)) && term != NULL && strcmp (term, "dumb") != 0;
}

static guint
terminal_width (FILE *stream)
{
  struct winsize ws;

  if (ioctl (fileno (stream), TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20)
    return ws.ws_col;
  return 80;
}

GcProgress *
gc_progress_new (FILE *stream, GcProgressMode mode, const char *task,
    const char *unit, guint total)
{
  GcProgress *p = g_new0 (GcProgress, 1);

  g_mutex_init (&p->lock);
  p->stream = stream;
  if (mode == GC_PROGRESS_AUTO)
    mode = stream_is_tty (stream) ? GC_PROGRESS_TTY : GC_PROGRESS_PLAIN;
  p->mode = mode;
  p->task = g_strdup (task);
  p->unit = g_strdup (unit);
  p->total = total;
  p->t0 = g_get_monotonic_time ();
  p->last_draw = p->t0;
  p->interval = 10 * G_USEC_PER_SEC;
  return p;
}

void
gc_progress_free (GcProgress *p)
{
  if (p == NULL)
    return;
  g_mutex_clear (&p->lock);
  g_free (p->task);
  g_free (p->unit);
  g_free (p->current);
  g_free (p);
}

GcProgressMode
gc_progress_get_mode (const GcProgress *p)
{
  return p->mode;
}

void
gc_progress_set_interval (GcProgress *p, double seconds)
{
  g_mutex_lock (&p->lock);
  if (seconds > 0.0)
    p->interval = (gint64)(seconds * G_USEC_PER_SEC);
  g_mutex_unlock (&p->lock);
}

guint
gc_progress_get_done (GcProgress *p)
{
  guint done;

  g_mutex_lock (&p->lock);
  done = p->done;
  g_mutex_unlock (&p->lock);
  return done;
}

/* Rate (per second) and ETA text of the current state. */
static void
rate_eta (GcProgress *p, gint64 now, double *rate, char **eta)
{
  double elapsed = (now - p->t0) / 1e6;

  *rate = elapsed > 0.0 ? p->done / elapsed : 0.0;
  if (p->done > 0 && *rate > 0.0 && p->total >= p->done)
    *eta = gc_progress_format_duration ((p->total - p->done) / *rate);
  else
    *eta = g_strdup ("?");
}

static guint
percent (GcProgress *p)
{
  return p->total ? (guint)(100.0 * p->done / p->total) : 100;
}

static void
clear_line (GcProgress *p)
{
  if (p->line_shown) {
    fputs ("\r\033[K", p->stream);
    p->line_shown = FALSE;
  }
}

static void
draw_tty (GcProgress *p, gint64 now)
{
  GString *line = g_string_new (NULL);
  double rate;
  char *eta;
  guint width = terminal_width (p->stream);

  rate_eta (p, now, &rate, &eta);
  g_string_printf (line, "%s  %u/%u  %u %%  %.1f %s/s  ETA %s", p->task,
      p->done, p->total, percent (p), rate, p->unit, eta);
  if (p->current && line->len + 4 < width) {
    glong room = (glong)(width - line->len - 3);
    glong chars = g_utf8_strlen (p->current, -1);

    g_string_append (line, "  ");
    if (chars <= room) {
      g_string_append (line, p->current);
    } else {
      /* The end of a path says most: keep it. */
      const char *tail =
          g_utf8_offset_to_pointer (p->current, chars - (room - 1));

      g_string_append (line, "…");
      g_string_append (line, tail);
    }
  }
  fprintf (p->stream, "\r\033[K%s", line->str);
  fflush (p->stream);
  p->line_shown = TRUE;
  p->last_draw = now;
  g_string_free (line, TRUE);
  g_free (eta);
}

static void
draw_plain (GcProgress *p, gint64 now)
{
  double rate;
  char *eta;

  rate_eta (p, now, &rate, &eta);
  fprintf (p->stream, "%s: %u/%u %s (%u %%), %.1f %s/s, ETA %s\n", p->task,
      p->done, p->total, p->unit, percent (p), rate, p->unit, eta);
  fflush (p->stream);
  p->last_draw = now;
  g_free (eta);
}

/* Called with the lock held. */
static void
update (GcProgress *p, gboolean force)
{
  gint64 now = g_get_monotonic_time ();

  if (p->finished)
    return;
  switch (p->mode) {
    case GC_PROGRESS_TTY:
      if (force || now - p->last_draw >= TTY_REFRESH_US)
        draw_tty (p, now);
      break;
    case GC_PROGRESS_PLAIN:
      if (now - p->last_draw >= p->interval && p->done < p->total)
        draw_plain (p, now);
      break;
    default:
      break;
  }
}

void
gc_progress_start_item (GcProgress *p, const char *name)
{
  g_mutex_lock (&p->lock);
  g_free (p->current);
  p->current = g_strdup (name);
  update (p, FALSE);
  g_mutex_unlock (&p->lock);
}

void
gc_progress_item_done (GcProgress *p, const char *name)
{
  g_mutex_lock (&p->lock);
  p->done++;
  if (name && p->current && strcmp (name, p->current) == 0)
    g_clear_pointer (&p->current, g_free);
  update (p, FALSE);
  g_mutex_unlock (&p->lock);
}

void
gc_progress_print (GcProgress *p, const char *format, ...)
{
  va_list ap;
  char *text;

  va_start (ap, format);
  text = g_strdup_vprintf (format, ap);
  va_end (ap);

  g_mutex_lock (&p->lock);
  clear_line (p);
  fprintf (p->stream, "%s\n", text);
  fflush (p->stream);
  if (p->mode == GC_PROGRESS_TTY && !p->finished)
    draw_tty (p, g_get_monotonic_time ());
  g_mutex_unlock (&p->lock);
  g_free (text);
}

void
gc_progress_finish (GcProgress *p)
{
  double elapsed;

  g_mutex_lock (&p->lock);
  if (!p->finished) {
    elapsed = (g_get_monotonic_time () - p->t0) / 1e6;
    clear_line (p);
    if (p->mode != GC_PROGRESS_QUIET) {
      fprintf (p->stream, "%s: %u/%u %s in %.1f s (%.1f %s/s)\n", p->task,
          p->done, p->total, p->unit, elapsed,
          elapsed > 0.0 ? p->done / elapsed : 0.0, p->unit);
      fflush (p->stream);
    }
    p->finished = TRUE;
  }
  g_mutex_unlock (&p->lock);
}
