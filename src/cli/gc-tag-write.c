/* genreclassify-tag — write a genre into a file's tags, in place with
 * TagLib, without ever damaging the original
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The file is copied byte for byte to a temporary file beside the
 * destination, TagLib edits the copy's tags (gc-taglib.h), the copy is
 * checked and renamed over the destination.  Why this way, and what each
 * format gets, is in docs/howto-batch-tagging.md.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <gst/gst.h>

#include "gc-discard.h"
#include "gc-tag-write.h"
#include "gc-taglib.h"

#define TIMEOUT (600 * GST_SECOND)

/* Runs @pipeline to EOS; errors are @code, "@path: @what failed: …". */
static gboolean
run_pipeline (GstElement *pipeline, const char *path, const char *what,
    GcTagWriteError code, GError **error)
{
  GstBus *bus = gst_element_get_bus (pipeline);
  gboolean started = gst_element_set_state (pipeline, GST_STATE_PLAYING)
      != GST_STATE_CHANGE_FAILURE;
  /* a failed start leaves its error on the bus */
  GstMessage *msg = gst_bus_timed_pop_filtered (
      bus, started ? TIMEOUT : 0, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  gboolean ok = FALSE;

  if (msg == NULL) {
    g_set_error (error, GC_TAG_WRITE_ERROR, code, "%s: %s failed: %s", path,
        what, started ? "timeout" : "cannot start");
  } else if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR) {
    GError *err = NULL;

    gst_message_parse_error (msg, &err, NULL);
    g_set_error (error, GC_TAG_WRITE_ERROR, code, "%s: %s failed: %s", path,
        what, err->message);
    g_error_free (err);
  } else {
    ok = TRUE;
  }
  if (msg)
    gst_message_unref (msg);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (bus);
  return ok;
}

/* What a file's first audio stream holds, as its parser (parsebin) sees it:
 * the audio packets, not the headers.  Editing the tags must keep all of
 * them: this catches a copy that a full disk left short, or a tag writer
 * that cut into the audio. */
typedef struct {
  GMutex lock;
  GstElement *pipeline;
  GstPad *audio; /* the first pad that had audio caps (not a reference) */
  guint64 packets;
  guint64 bytes;
  GstClockTime end; /* latest PTS + duration */
} Measure;

static gboolean
pad_has_audio (GstPad *pad)
{
  GstCaps *caps = gst_pad_get_current_caps (pad);
  gboolean audio = caps != NULL && gst_caps_get_size (caps) > 0
      && g_str_has_prefix (
          gst_structure_get_name (gst_caps_get_structure (caps, 0)), "audio/");

  if (caps)
    gst_caps_unref (caps);
  return audio;
}

static GstPadProbeReturn
on_measure_buffer (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  Measure *m = user_data;
  GstBuffer *buf = GST_PAD_PROBE_INFO_BUFFER (info);
  gboolean mine;

  /* caps are known by the first buffer (not always when the pad appears) */
  g_mutex_lock (&m->lock);
  if (m->audio == NULL && pad_has_audio (pad))
    m->audio = pad;
  mine = (m->audio == pad);
  g_mutex_unlock (&m->lock);
  if (!mine || GST_BUFFER_FLAG_IS_SET (buf, GST_BUFFER_FLAG_HEADER))
    return GST_PAD_PROBE_OK;
  m->packets++;
  m->bytes += gst_buffer_get_size (buf);
  if (GST_BUFFER_PTS_IS_VALID (buf)) {
    GstClockTime end = GST_BUFFER_PTS (buf)
        + (GST_BUFFER_DURATION_IS_VALID (buf) ? GST_BUFFER_DURATION (buf) : 0);

    if (!GST_CLOCK_TIME_IS_VALID (m->end) || end > m->end)
      m->end = end;
  }
  return GST_PAD_PROBE_OK;
}

static void
on_measure_pad (GstElement *parsebin, GstPad *pad, gpointer user_data)
{
  Measure *m = user_data;

  /* counted before it is linked: no packet passes uncounted */
  gst_pad_add_probe (
      pad, GST_PAD_PROBE_TYPE_BUFFER, on_measure_buffer, m, NULL);
  gc_discard_pad (GST_BIN (m->pipeline), pad);
}

static gboolean
measure (const char *path, Measure *m, GError **error)
{
  GstElement *src, *parse;
  gboolean ok;

  memset (m, 0, sizeof (*m));
  g_mutex_init (&m->lock);
  m->end = GST_CLOCK_TIME_NONE;
  m->pipeline = gst_pipeline_new (NULL);
  src = gst_element_factory_make ("filesrc", NULL);
  parse = gst_element_factory_make ("parsebin", NULL);
  g_object_set (src, "location", path, NULL);
  gst_bin_add_many (GST_BIN (m->pipeline), src, parse, NULL);
  gst_element_link (src, parse);
  g_signal_connect (parse, "pad-added", G_CALLBACK (on_measure_pad), m);
  ok = run_pipeline (m->pipeline, path, "reading the audio packets",
      GC_TAG_WRITE_ERROR_VERIFY, error);
  gst_object_unref (m->pipeline);
  g_mutex_clear (&m->lock);
  if (ok && m->audio == NULL) {
    g_set_error (error, GC_TAG_WRITE_ERROR, GC_TAG_WRITE_ERROR_VERIFY,
        "%s: no audio stream found when reading it back", path);
    ok = FALSE;
  }
  return ok;
}

/* The tagged copy @tmp of @src_path reads back with @genre and
 * @distribution (TagLib) and the same audio packets (count, bytes, end
 * time) as the original (GStreamer's parsers). */
static gboolean
verify (const char *tmp, const char *src_path, const char *name,
    const char *genre, const char *distribution, GError **error)
{
  char *got_genre = NULL, *got_dist = NULL;
  Measure a, b;
  gboolean ok;

  if (!gc_taglib_read (tmp, name, &got_genre, &got_dist, error))
    return FALSE;
  ok = g_strcmp0 (got_genre, genre) == 0
      && (distribution == NULL || g_strcmp0 (got_dist, distribution) == 0);
  if (!ok)
    g_set_error (error, GC_TAG_WRITE_ERROR, GC_TAG_WRITE_ERROR_VERIFY,
        "%s: the tagged copy reads back with genre \"%s\", not \"%s\"",
        src_path, got_genre ? got_genre : "(none)", genre);
  g_free (got_genre);
  g_free (got_dist);
  if (!ok)
    return FALSE;

  if (!measure (src_path, &a, error) || !measure (tmp, &b, error))
    return FALSE;
  if (a.packets != b.packets || a.bytes != b.bytes || a.end != b.end) {
    g_set_error (error, GC_TAG_WRITE_ERROR, GC_TAG_WRITE_ERROR_VERIFY,
        "%s: the tagged copy's audio differs from the original's: "
        "%" G_GUINT64_FORMAT " packets, %" G_GUINT64_FORMAT
        " bytes, ending at %" GST_TIME_FORMAT " instead of %" G_GUINT64_FORMAT
        ", %" G_GUINT64_FORMAT ", %" GST_TIME_FORMAT,
        src_path, b.packets, b.bytes, GST_TIME_ARGS (b.end), a.packets, a.bytes,
        GST_TIME_ARGS (a.end));
    return FALSE;
  }
  return TRUE;
}

/* Copies @src_path into the open file @out, byte for byte. */
static gboolean
copy_into (const char *src_path, int out, GError **error)
{
  int in = g_open (src_path, O_RDONLY, 0);
  char buf[65536];
  gssize n = 0;

  if (in < 0) {
    int e = errno;

    g_set_error (error, GC_TAG_WRITE_ERROR, GC_TAG_WRITE_ERROR_READ, "%s: %s",
        src_path, g_strerror (e));
    return FALSE;
  }
  while ((n = read (in, buf, sizeof (buf))) != 0) {
    gssize done = 0;

    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0)
      break;
    while (done < n) {
      gssize w = write (out, buf + done, n - done);

      if (w < 0 && errno == EINTR)
        continue;
      if (w < 0) {
        int e = errno;

        g_set_error (error, GC_TAG_WRITE_ERROR, GC_TAG_WRITE_ERROR_WRITE,
            "%s: cannot write the copy to tag: %s", src_path, g_strerror (e));
        close (in);
        return FALSE;
      }
      done += w;
    }
  }
  if (n < 0) {
    int e = errno;

    g_set_error (error, GC_TAG_WRITE_ERROR, GC_TAG_WRITE_ERROR_READ, "%s: %s",
        src_path, g_strerror (e));
  }
  close (in);
  return n == 0;
}

static gboolean
sync_file (const char *path)
{
  int fd = g_open (path, O_RDONLY, 0);
  gboolean ok;

  if (fd < 0)
    return FALSE;
  ok = fsync (fd) == 0;
  close (fd);
  return ok;
}

static gboolean
same_stat (const GStatBuf *a, const GStatBuf *b)
{
  return a->st_size == b->st_size && a->st_mtime == b->st_mtime
      && a->st_ino == b->st_ino && a->st_dev == b->st_dev;
}

/* Is @path (@st) a file its owner protected from writing?  (Renaming a
 * copy over it would only need the folder's permission.) */
static gboolean
is_read_only (const char *path, const GStatBuf *st)
{
  return (st->st_mode & 0222) == 0 || g_access (path, W_OK) != 0;
}

/* Copies @src_path into a temporary file beside @dest, writes the tags into
 * the copy, verifies it and renames it over @dest. */
static gboolean
write_tagged (const char *src_path, const char *dest, gboolean in_place,
    const char *genre, const char *distribution, GError **error)
{
  GStatBuf before, after;
  char *dir = g_path_get_dirname (dest);
  char *base = g_path_get_basename (dest);
  char *tmp =
      g_strdup_printf ("%s" G_DIR_SEPARATOR_S ".%s.gctag-XXXXXX", dir, base);
  int fd;
  gboolean ok = FALSE;

  if (g_stat (src_path, &before) != 0) {
    int e = errno;

    g_set_error (error, GC_TAG_WRITE_ERROR, GC_TAG_WRITE_ERROR_READ, "%s: %s",
        src_path, g_strerror (e));
    goto out;
  }
  if (!gc_taglib_supports (src_path, error))
    goto out;
  if (in_place && is_read_only (src_path, &before)) {
    g_set_error (error, GC_TAG_WRITE_ERROR, GC_TAG_WRITE_ERROR_READ_ONLY,
        "%s: the file is read-only; left as it is", src_path);
    goto out;
  }
  if (g_mkdir_with_parents (dir, 0777) != 0) {
    int e = errno;

    g_set_error (error, GC_TAG_WRITE_ERROR, GC_TAG_WRITE_ERROR_WRITE,
        "%s: cannot create the folder: %s", dir, g_strerror (e));
    goto out;
  }
  fd = g_mkstemp (tmp);
  if (fd < 0) {
    int e = errno;

    g_set_error (error, GC_TAG_WRITE_ERROR, GC_TAG_WRITE_ERROR_WRITE,
        "%s: cannot create a temporary file in %s: %s", src_path, dir,
        g_strerror (e));
    goto out;
  }
  ok = copy_into (src_path, fd, error);
  if (close (fd) != 0 && ok) {
    int e = errno;

    g_set_error (error, GC_TAG_WRITE_ERROR, GC_TAG_WRITE_ERROR_WRITE,
        "%s: cannot write the copy to tag: %s", src_path, g_strerror (e));
  }
  if (!ok)
    goto remove;
  ok = FALSE;
  /* the real name tells the format (the copy's name does not) */
  if (!gc_taglib_write (tmp, src_path, genre, distribution, error)
      || !verify (tmp, src_path, src_path, genre, distribution, error))
    goto remove;
  /* the original's owner (when allowed) and permissions */
  if (chown (tmp, before.st_uid, before.st_gid) != 0
      && chown (tmp, (uid_t)-1, before.st_gid) != 0) {
    /* best effort: the file stays the current user's */
  }
  if (g_chmod (tmp, before.st_mode & 07777) != 0 || !sync_file (tmp)) {
    int e = errno;

    g_set_error (error, GC_TAG_WRITE_ERROR, GC_TAG_WRITE_ERROR_WRITE,
        "%s: cannot finish the tagged copy: %s", src_path, g_strerror (e));
    goto remove;
  }
  /* a file rewritten while we were copying it must not be replaced by the
   * copy of its old content */
  if (g_stat (src_path, &after) != 0 || !same_stat (&before, &after)) {
    g_set_error (error, GC_TAG_WRITE_ERROR, GC_TAG_WRITE_ERROR_CHANGED,
        "%s: the file changed while it was being tagged; left as it is",
        src_path);
    goto remove;
  }
  if (g_rename (tmp, dest) != 0) {
    int e = errno;

    g_set_error (error, GC_TAG_WRITE_ERROR, GC_TAG_WRITE_ERROR_WRITE,
        "%s: cannot rename the tagged copy to %s: %s", src_path, dest,
        g_strerror (e));
    goto remove;
  }
  sync_file (dir);
  ok = TRUE;
  goto out;

remove:
  g_unlink (tmp);
out:
  g_free (tmp);
  g_free (base);
  g_free (dir);
  return ok;
}

gboolean
gc_tag_write_copy (const char *src, const char *dest, const char *genre,
    const char *distribution, GError **error)
{
  GStatBuf a, b;

  if (g_stat (src, &a) == 0 && g_stat (dest, &b) == 0 && a.st_ino == b.st_ino
      && a.st_dev == b.st_dev) {
    g_set_error (error, GC_TAG_WRITE_ERROR, GC_TAG_WRITE_ERROR_WRITE,
        "%s: the copy would replace the original (use --in-place for that)",
        src);
    return FALSE;
  }
  return write_tagged (src, dest, FALSE, genre, distribution, error);
}

gboolean
gc_tag_write_in_place (const char *path, const char *genre,
    const char *distribution, GError **error)
{
  return write_tagged (path, path, TRUE, genre, distribution, error);
}
