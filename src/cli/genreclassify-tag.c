/* genreclassify-tag — the genre of every file of a music library, and
 * optionally into the files' tags
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 *   genreclassify-tag [OPTION…] FILE-OR-FOLDER…
 *
 * Every file is analysed as the genreclassify element would analyse it
 * (gc-tag-analyse.h), one file per worker thread (-j, one per processor by
 * default); one JSON line per file goes to standard output as soon as the
 * file is done, progress to standard error.  --write puts the result into
 * the files' tags (gc-tag-write.h), --svg-dir draws it (gc-svg.h), --shard
 * takes a deterministic part of the file list.  See
 * docs/howto-batch-tagging.md.
 *
 * A demonstration model (gc_model_is_demonstration(): its labels are not
 * genres) is refused for --write unless --allow-demo-model says so, and
 * every JSON line names it ("demonstration_model"), so that the library
 * plugins, which store the results themselves, refuse it too.
 *
 * Exit status: 0 when every file was processed, 1 when any file failed
 * (its JSON line has an "error"), 2 for a bad command line or model.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <glib/gstdio.h>
#include <gst/gst.h>

#include "gc-audio-names.h"
#include "gc-cli.h"
#include "gc-distribution.h"
#include "gc-json.h"
#include "gc-svg.h"
#include "gc-tag-analyse.h"
#include "gc-tag-labels.h"
#include "gc-tag-files.h"
#include "gc-tag-write.h"
#include "gc-taglib.h"

typedef struct {
  GcCliOptions cli;
  char *model_path;
  gboolean write;
  char *output_dir;
  gboolean in_place;
  char *shard;
  char *svg_dir;
  gboolean all_files;
  char *format;
  gboolean tsv;
  double uncertain_margin;
  gboolean write_uncertain;
  gboolean model_labels;
  gboolean allow_demo_model;
  double min_confidence; /* NAN until given */
  gboolean overwrite_genre;
} Options;

/* Shared by the workers (read-only, except the atomic counters). */
typedef struct {
  const Options *opt;
  GcModel *model;
  /* the model's path when it is a demonstration model, else NULL */
  char *demonstration_model;
  const char **labels; /* the model's, label order */
  GcFeatureCache *cache;
  GcProgress *progress;
  GPtrArray *files; /* GcTagFile */
  GAsyncQueue *done; /* Outcome */
  gint failed; /* atomic: a file failed (--strict skips the rest) */
} Run;

typedef struct {
  char *line; /* what goes to standard output, with its '\n' */
  char *path;
  char *message; /* the error, or NULL */
} Outcome;

static void
outcome_free (Outcome *o)
{
  g_free (o->line);
  g_free (o->path);
  g_free (o->message);
  g_free (o);
}

/* ---- output ------------------------------------------------------------ */

/* The element's rule (src/core/gc-distribution.h) with --uncertain-margin. */
static gboolean
is_uncertain (const Run *run, const GcTagResult *r)
{
  return r != NULL
      && gc_distribution_uncertain (
          r->probs, r->n_labels, run->opt->uncertain_margin);
}

/* gc-json writes indented JSON; newlines only ever separate tokens (in
 * strings they are escaped), so dropping them and the indentation gives
 * the same document on one line. */
static char *
json_line (char *pretty)
{
  GString *out = g_string_sized_new (strlen (pretty));

  for (const char *p = pretty; *p; p++) {
    if (*p == '\n') {
      if (out->len > 0 && out->str[out->len - 1] == ',')
        g_string_append_c (out, ' ');
      while (p[1] == ' ')
        p++;
      continue;
    }
    g_string_append_c (out, *p);
  }
  g_string_append_c (out, '\n');
  g_free (pretty);
  return g_string_free (out, FALSE);
}

static const char *
error_code (const GError *error)
{
  if (error->domain == GC_DECODE_ERROR) {
    switch (error->code) {
      case GC_DECODE_ERROR_OPEN:
        return "open";
      case GC_DECODE_ERROR_NOT_MEDIA:
        return "not-media";
      case GC_DECODE_ERROR_NO_DECODER:
        return "no-decoder";
      case GC_DECODE_ERROR_NO_AUDIO:
        return "no-audio";
      case GC_DECODE_ERROR_STREAM:
        return "decode";
      default:
        return "analyse";
    }
  }
  if (error->domain == GC_TAG_WRITE_ERROR) {
    switch (error->code) {
      case GC_TAG_WRITE_ERROR_UNSUPPORTED:
        return "write-unsupported";
      case GC_TAG_WRITE_ERROR_VERIFY:
        return "write-verify";
      case GC_TAG_WRITE_ERROR_CHANGED:
        return "write-changed";
      case GC_TAG_WRITE_ERROR_READ:
        return "write-unreadable";
      case GC_TAG_WRITE_ERROR_READ_ONLY:
        return "write-read-only";
      default:
        return "write";
    }
  }
  return "error";
}

static char *
display_path (const char *path)
{
  return g_filename_display_name (path);
}

/* The JSON line of a file: its result (may be NULL), where it was written,
 * its pictures, its error. */
static char *
make_json (const Run *run, const char *path, const GcTagResult *r,
    const char *written, const char *skipped, const char *existing_genre,
    GPtrArray *svgs, const GError *error)
{
  GcJson *j = gc_json_new ();
  char *display = display_path (path);

  gc_json_begin_object (j, NULL);
  gc_json_string (j, "path", display);
  if (run->demonstration_model != NULL)
    gc_json_string (j, "demonstration_model", run->demonstration_model);
  if (r != NULL) {
    const char *genre = gc_tag_result_genre (r, run->model);

    gc_json_double (j, "duration", r->duration);
    gc_json_int (j, "windows", r->n_classified);
    gc_json_int (j, "silent_windows", r->n_silent);
    if (genre != NULL) {
      gc_json_string (j, "genre", genre);
      /* what --write and the plugins put into files ("Hip-Hop") */
      gc_json_string (j, "display_genre",
          gc_model_get_display_name (run->model, r->order[0]));
      gc_json_double (j, "confidence", r->probs[r->order[0]]);
    } else {
      gc_json_null (j, "genre");
      gc_json_null (j, "display_genre");
      gc_json_null (j, "confidence");
    }
    gc_json_bool (j, "uncertain", is_uncertain (run, r));
    /* most probable first, as the element's messages */
    gc_json_begin_object (j, "distribution");
    for (guint k = 0; r->probs != NULL && k < r->n_labels; k++)
      gc_json_double (j, run->labels[r->order[k]], r->probs[r->order[k]]);
    gc_json_end_object (j);
    gc_json_begin_array (j, "window_genres");
    for (guint w = 0; w < r->n_windows; w++) {
      const double *p = r->windows[w].probs;

      if (p == NULL) {
        gc_json_null (j, NULL);
      } else {
        gc_json_string (
            j, NULL, run->labels[gc_distribution_top (p, r->n_labels)]);
      }
    }
    gc_json_end_array (j);
  }
  if (run->opt->write) {
    if (written != NULL) {
      char *d = display_path (written);

      gc_json_string (j, "written", d);
      g_free (d);
    } else {
      gc_json_null (j, "written");
    }
    if (skipped != NULL)
      gc_json_string (j, "write_skipped", skipped);
    if (existing_genre != NULL)
      gc_json_string (j, "existing_genre", existing_genre);
  }
  if (svgs != NULL && r != NULL) {
    gc_json_begin_array (j, "svg");
    for (guint i = 0; i < svgs->len; i++) {
      char *d = display_path (g_ptr_array_index (svgs, i));

      gc_json_string (j, NULL, d);
      g_free (d);
    }
    gc_json_end_array (j);
  }
  if (error != NULL) {
    gc_json_string (j, "error", error->message);
    gc_json_string (j, "error_code", error_code (error));
  }
  gc_json_end_object (j);
  g_free (display);
  return json_line (gc_json_free_to_string (j));
}

/* path, genre, confidence, duration, windows, written file or error,
 * uncertain */
static char *
make_tsv (const Run *run, const char *path, const GcTagResult *r,
    const char *written, const char *skipped, const GError *error)
{
  const char *genre = r ? gc_tag_result_genre (r, run->model) : NULL;
  char conf[G_ASCII_DTOSTR_BUF_SIZE] = "", dur[G_ASCII_DTOSTR_BUF_SIZE] = "";
  char *display = display_path (path), *line;

  if (genre != NULL)
    g_ascii_formatd (conf, sizeof (conf), "%.4f", r->probs[r->order[0]]);
  if (r != NULL)
    g_ascii_formatd (dur, sizeof (dur), "%.3f", r->duration);
  line = g_strdup_printf ("%s\t%s\t%s\t%s\t%u\t%s\t%s\t%s\n", display,
      genre ? genre : "", conf, dur, r ? r->n_classified : 0,
      error ? error->message : (written ? written : ""),
      r ? (is_uncertain (run, r) ? "true" : "false") : "",
      skipped ? skipped : "");
  g_free (display);
  return line;
}

/* ---- pictures ---------------------------------------------------------- */

/* Saves @svg as @base@suffix and adds that path to @svgs. */
static gboolean
save_svg (const char *base, const char *suffix, const char *svg,
    GPtrArray *svgs, GError **error)
{
  char *path = g_strconcat (base, suffix, NULL);

  if (!gc_svg_save (path, svg, error)) {
    g_free (path);
    return FALSE;
  }
  g_ptr_array_add (svgs, path);
  return TRUE;
}

/* DIR/relative/path.ext.svg (and .timeline.svg): the extension stays, so
 * that song.flac and song.mp3 do not share a picture. */
static gboolean
write_svgs (const Run *run, const GcTagFile *f, const GcTagResult *r,
    GPtrArray *svgs, GError **error)
{
  char *base = g_build_filename (run->opt->svg_dir, f->relative, NULL);
  char *title = g_path_get_basename (f->path);
  char *svg, *subtitle, *dir;
  gboolean ok = TRUE;

  dir = g_path_get_dirname (base);
  if (g_mkdir_with_parents (dir, 0777) != 0) {
    g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno),
        "%s: cannot create the folder for pictures", dir);
    ok = FALSE;
    goto out;
  }
  if (r->probs != NULL) {
    const char **labels = g_new (const char *, r->n_labels);
    double *values = g_new (double, r->n_labels);

    for (guint k = 0; k < r->n_labels; k++) {
      labels[k] = run->labels[r->order[k]];
      values[k] = r->probs[r->order[k]];
    }
    subtitle = g_strdup_printf ("%.0f s, mean of %u window%s", r->duration,
        r->n_classified, r->n_classified == 1 ? "" : "s");
    svg = gc_svg_bar_chart (
        title, subtitle, (const char *const *)labels, values, r->n_labels);
    ok = save_svg (base, ".svg", svg, svgs, error);
    g_free (svg);
    g_free (subtitle);
    g_free (values);
    g_free (labels);
  }
  if (ok && r->n_windows >= 2) {
    double *starts = g_new (double, r->n_windows);
    double *durations = g_new (double, r->n_windows);
    double *probs = g_new0 (double, r->n_windows * r->n_labels);

    for (guint w = 0; w < r->n_windows; w++) {
      starts[w] = r->windows[w].start;
      durations[w] = r->windows[w].duration;
      if (r->windows[w].probs != NULL)
        memcpy (probs + w * r->n_labels, r->windows[w].probs,
            r->n_labels * sizeof (double));
      else
        probs[w * r->n_labels] = -1.0; /* not classified */
    }
    subtitle = g_strdup_printf ("%u windows", r->n_windows);
    svg = gc_svg_timeline (title, subtitle, run->labels, r->n_labels, starts,
        durations, probs, r->n_windows);
    ok = save_svg (base, ".timeline.svg", svg, svgs, error);
    g_free (svg);
    g_free (subtitle);
    g_free (probs);
    g_free (durations);
    g_free (starts);
  }
out:
  g_free (dir);
  g_free (title);
  g_free (base);
  return ok;
}

/* ---- one file ---------------------------------------------------------- */

/* Did this tool (or a plugin) write @genre into @path?
 * gc_tag_labels_genre_is_ours() decides, with one addition only a model can
 * make: the display name of the distribution's first label ("Hip-Hop" for
 * "hiphop") is ours too.  The person's-genre record is read only when the
 * distribution says ours (a second read of the tags). */
static gboolean
genre_is_ours (const Run *run, const char *path, const char *genre,
    const char *distribution)
{
  gboolean ours = gc_tag_labels_genre_is_ours (genre, distribution, NULL);
  GcTaglibLabelTags tags;

  if (!ours && distribution && strchr (distribution, '=')) {
    gsize top_len = strcspn (distribution, "=");

    for (guint k = 0; run->labels[k] != NULL; k++)
      if (strlen (run->labels[k]) == top_len
          && strncmp (run->labels[k], distribution, top_len) == 0) {
        ours = strcmp (gc_model_get_display_name (run->model, k), genre) == 0;
        break;
      }
  }
  if (ours && gc_taglib_read_label_tags (path, &tags, NULL)) {
    ours = !gc_tag_labels_is_persons (genre, tags.person_genre);
    gc_taglib_label_tags_clear (&tags);
  }
  return ours;
}

/* Writes @r into @f's tags; *@skipped says why nothing was written
 * without an error ("no-genre", "uncertain", "low-confidence",
 * "has-genre": then *@existing_genre is the file's genre). */
static gboolean
write_tags (const Run *run, const GcTagFile *f, const GcTagResult *r,
    char **written, const char **skipped, char **existing_genre, GError **error)
{
  const char *genre = gc_tag_result_genre (r, run->model);
  char *dist, *old_genre = NULL, *old_dist = NULL;
  gboolean ok;
  char *dest;

  if (genre == NULL) {
    *skipped = "no-genre"; /* nothing classified (silence) */
    return TRUE;
  }
  /* No genre is clearly ahead: leave the file as it is, as the element
   * leaves the stream's genre (unless forced). */
  if (is_uncertain (run, r) && !run->opt->write_uncertain) {
    *skipped = "uncertain";
    return TRUE;
  }
  /* a guess less likely than the threshold is worse than no genre */
  if (r->probs[r->order[0]] < run->opt->min_confidence) {
    *skipped = "low-confidence";
    return TRUE;
  }
  /* the genre people gave their files is theirs: only one this project
   * wrote is replaced, unless asked */
  if (!gc_taglib_read_shown (f->path, &old_genre, &old_dist, error))
    return FALSE;
  if (old_genre != NULL)
    g_strstrip (old_genre);
  ok = old_genre == NULL || *old_genre == '\0' || run->opt->overwrite_genre
      || genre_is_ours (run, f->path, old_genre, old_dist);
  g_free (old_dist);
  if (!ok) {
    *skipped = "has-genre";
    *existing_genre = old_genre;
    return TRUE;
  }
  g_free (old_genre);
  /* the files get the genre as people spell it ("Hip-Hop"), unless asked
   * for the model's label ("hip-hop"); the distribution keeps the labels,
   * as the element's */
  if (!run->opt->model_labels)
    genre = gc_model_get_display_name (run->model, r->order[0]);
  dist = gc_distribution_to_string (r->probs,
      gc_model_get_n_labels (run->model), gc_model_get_labels (run->model));
  if (run->opt->in_place) {
    dest = g_strdup (f->path);
    ok = gc_tag_write_in_place (f->path, genre, dist, error);
  } else {
    dest = g_build_filename (run->opt->output_dir, f->relative, NULL);
    ok = gc_tag_write_copy (f->path, dest, genre, dist, error);
  }
  if (ok)
    *written = dest;
  else
    g_free (dest);
  g_free (dist);
  return ok;
}

static void
process (gpointer data, gpointer user_data)
{
  Run *run = user_data;
  const GcTagFile *f =
      g_ptr_array_index (run->files, GPOINTER_TO_UINT (data) - 1);
  const Options *opt = run->opt;
  Outcome *o = g_new0 (Outcome, 1);
  GError *error = NULL;
  GcTagResult *r = NULL;
  GPtrArray *svgs =
      opt->svg_dir ? g_ptr_array_new_with_free_func (g_free) : NULL;
  char *written = NULL, *existing_genre = NULL;
  const char *skipped = NULL;

  gc_progress_start_item (run->progress, f->relative);
  if (opt->cli.strict && g_atomic_int_get (&run->failed)) {
    g_set_error (&error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
        "%s: skipped: an earlier file failed (--strict)", f->path);
  } else {
    r = gc_tag_analyse (
        f->path, run->model, &opt->cli.spec, run->cache, NULL, NULL, &error);
    if (r != NULL && opt->write)
      write_tags (run, f, r, &written, &skipped, &existing_genre, &error);
    if (r != NULL && svgs != NULL && error == NULL)
      write_svgs (run, f, r, svgs, &error);
  }
  if (error != NULL)
    g_atomic_int_set (&run->failed, TRUE);

  if (opt->cli.verbose && r != NULL) {
    const char *genre = gc_tag_result_genre (r, run->model);
    char *display = display_path (f->path);

    gc_progress_print (run->progress,
        "%s: %s (%.1f %%%s), %.1f s, %u window%s%s%s%s%s%s%s%s", display,
        genre ? genre : "no genre", genre ? 100.0 * r->probs[r->order[0]] : 0.0,
        is_uncertain (run, r) ? ", uncertain" : "", r->duration,
        r->n_classified, r->n_classified == 1 ? "" : "s",
        written ? ", written to " : "", written ? written : "",
        skipped ? ", not written: " : "", skipped ? skipped : "",
        existing_genre ? " (the file's genre is \"" : "",
        existing_genre ? existing_genre : "",
        existing_genre ? "\"; --overwrite-genre replaces it)" : "");
    g_free (display);
  }
  o->path = g_strdup (f->relative);
  o->line = opt->tsv ? make_tsv (run, f->path, r, written, skipped, error)
                     : make_json (run, f->path, r, written, skipped,
                         existing_genre, svgs, error);
  if (error != NULL)
    o->message = g_strdup (error->message);
  g_async_queue_push (run->done, o);

  g_clear_error (&error);
  g_free (written);
  g_free (existing_genre);
  if (svgs)
    g_ptr_array_unref (svgs);
  gc_tag_result_free (r);
}

/* ---- main -------------------------------------------------------------- */

static gboolean
check_options (Options *opt, int argc, GError **error)
{
  if (argc < 2) {
    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
        "no file or folder given");
    return FALSE;
  }
  if (!gc_cli_check (&opt->cli, 30.0, error))
    return FALSE;
  if ((opt->output_dir || opt->in_place) && !opt->write) {
    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
        "--output-dir and --in-place say where --write writes: add --write");
    return FALSE;
  }
  if ((opt->write_uncertain || opt->model_labels || opt->allow_demo_model
          || opt->overwrite_genre || !isnan (opt->min_confidence))
      && !opt->write) {
    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
        "--write-uncertain, --model-labels, --allow-demo-model, "
        "--min-confidence and --overwrite-genre say what --write writes: "
        "add --write");
    return FALSE;
  }
  if (isnan (opt->min_confidence))
    opt->min_confidence = GC_TAG_DEFAULT_MIN_CONFIDENCE;
  if (!(opt->min_confidence >= 0.0 && opt->min_confidence <= 1.0)) {
    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
        "--min-confidence must be between 0 and 1, not %g",
        opt->min_confidence);
    return FALSE;
  }
  if (!(opt->uncertain_margin >= 0.0 && opt->uncertain_margin <= 1.0)) {
    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
        "--uncertain-margin must be between 0 and 1, not %g",
        opt->uncertain_margin);
    return FALSE;
  }
  if (opt->write && (opt->output_dir != NULL) == opt->in_place) {
    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
        "--write needs either --output-dir DIR (tagged copies) or "
        "--in-place (replace the files)");
    return FALSE;
  }
  if (opt->format == NULL || strcmp (opt->format, "json") == 0) {
    opt->tsv = FALSE;
  } else if (strcmp (opt->format, "tsv") == 0) {
    opt->tsv = TRUE;
  } else {
    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
        "--format must be json or tsv, not \"%s\"", opt->format);
    return FALSE;
  }
  return TRUE;
}

/* The model, and in @demonstration_model its path if it is a
 * demonstration model, which --write refuses unless --allow-demo-model. */
static GcModel *
load_model (const Options *opt, char **demonstration_model, GError **error)
{
  char *path = opt->model_path && *opt->model_path
      ? g_strdup (opt->model_path)
      : gc_cli_default_model_path ();
  GcModel *model = gc_model_load (path, error);

  if (model != NULL && gc_model_is_demonstration (model)) {
    if (opt->write && !opt->allow_demo_model) {
      g_set_error (error, GC_MODEL_ERROR, GC_MODEL_ERROR_INCONSISTENT,
          "%s is a demonstration model (demonstration=true): its labels are "
          "not genres, and --write does not write them into files; give a "
          "real model with -m, or --allow-demo-model to write them anyway "
          "(for tests)",
          path);
      g_clear_pointer (&model, gc_model_free);
    } else {
      *demonstration_model = g_steal_pointer (&path);
    }
  }
  g_free (path);
  return model;
}

/* ---- the program's phases ---------------------------------------------- */

/* Parses the command line into @opt, @argv's file and folder arguments
 * and the shard; FALSE with @error (a usage error). */
static gboolean
parse_command_line (Options *opt, int *argc, char ***argv, guint *shard_i,
    guint *shard_n, GError **error)
{
  /* the default from its one place, as the plugins' tests read it */
  char *min_confidence_help = g_strdup_printf (
      "With --write: leave a file alone (\"write_skipped\": "
      "\"low-confidence\") when its genre's probability is below P "
      "(0-1, default %g)",
      GC_TAG_DEFAULT_MIN_CONFIDENCE);
  GOptionEntry entries[] = {
    { "model", 'm', 0, G_OPTION_ARG_FILENAME, &opt->model_path,
        "Model bundle (model.ini); default $GENRECLASSIFY_MODEL, else the "
        "installed model, as the element",
        "PATH" },
    { "write", 0, 0, G_OPTION_ARG_NONE, &opt->write,
        "Write the genre into the files' tags (with --output-dir or "
        "--in-place)",
        NULL },
    { "output-dir", 'o', 0, G_OPTION_ARG_FILENAME, &opt->output_dir,
        "With --write: write tagged copies under DIR (folder arguments' "
        "structure kept), originals untouched",
        "DIR" },
    { "in-place", 0, 0, G_OPTION_ARG_NONE, &opt->in_place,
        "With --write: replace the files by tagged copies, each only once "
        "it reads back correctly",
        NULL },
    { "uncertain-margin", 0, 0, G_OPTION_ARG_DOUBLE, &opt->uncertain_margin,
        "A file whose two most probable genres are less than M apart is "
        "uncertain (\"uncertain\": true) and --write leaves it alone, as "
        "the element's uncertain-margin (0-1, default 0: never)",
        "M" },
    { "write-uncertain", 0, 0, G_OPTION_ARG_NONE, &opt->write_uncertain,
        "With --write: write the genre of uncertain files too", NULL },
    { "min-confidence", 0, 0, G_OPTION_ARG_DOUBLE, &opt->min_confidence,
        min_confidence_help, "P" },
    { "overwrite-genre", 0, 0, G_OPTION_ARG_NONE, &opt->overwrite_genre,
        "With --write: replace a genre the file already has (by default "
        "only a genre this tool or its plugins wrote, as its "
        "GENRE_DISTRIBUTION shows, is replaced; others are left, "
        "\"write_skipped\": \"has-genre\")",
        NULL },
    { "model-labels", 0, 0, G_OPTION_ARG_NONE, &opt->model_labels,
        "With --write: write the model's label (\"hip-hop\") instead of "
        "its display name (\"Hip-Hop\")",
        NULL },
    { "allow-demo-model", 0, 0, G_OPTION_ARG_NONE, &opt->allow_demo_model,
        "With --write: write the labels of a demonstration model "
        "(demonstration=true, such as synthetic-demo) too; for tests",
        NULL },
    { "shard", 0, 0, G_OPTION_ARG_STRING, &opt->shard,
        "Process only shard I of N (0 <= I < N) of the sorted file list",
        "I/N" },
    { "svg-dir", 0, 0, G_OPTION_ARG_FILENAME, &opt->svg_dir,
        "Write a bar chart of each file's distribution (and a timeline of "
        "its windows when it has several) under DIR",
        "DIR" },
    { "all-files", 0, 0, G_OPTION_ARG_NONE, &opt->all_files,
        "In folders, take every file, not only audio file names", NULL },
    { "format", 0, 0, G_OPTION_ARG_STRING, &opt->format,
        "Output: json (one object per line, default) or tsv (path, genre, "
        "confidence, duration, windows, written file or error, uncertain, "
        "why nothing was written)",
        "FORMAT" },
    { NULL },
  };
  gboolean ok;

  ok = gc_cli_parse (&opt->cli, 0, entries,
           "FILE-OR-FOLDER... - genre of music files",
           "Analyses audio files with the genreclassify model, one file per "
           "processor, and prints one JSON line per file: path, duration, "
           "windows, genre, confidence, uncertain, distribution (most probable "
           "first), window_genres, display_genre (the genre as --write writes "
           "it); with --write also \"written\" (and \"write_skipped\" when "
           "nothing was written: no-genre, uncertain, low-confidence, "
           "has-genre, with \"existing_genre\"), "
           "with --svg-dir \"svg\", on failure \"error\" and \"error_code\".  "
           "Folders are searched "
           "recursively for audio files.",
           "Exit status: 0 if every file was processed, 1 if any failed "
           "(its line has an \"error\"), 2 for a bad command line or "
           "model.\n"
           "Example, one shard per machine of a cluster:\n"
           "  genreclassify-tag --shard $SLURM_ARRAY_TASK_ID/16 /music > "
           "genres-$SLURM_ARRAY_TASK_ID.jsonl\n"
           "See docs/howto-batch-tagging.md.",
           argc, argv, error)
      && check_options (opt, *argc, error)
      && (opt->shard == NULL
          || gc_tag_files_parse_shard (opt->shard, shard_i, shard_n, error));
  g_free (min_confidence_help);
  return ok;
}

/* The model and its labels (and @opt's feature set, the model's), and the
 * files of @argv's arguments (this
 * shard's); an error line for each argument that does not exist.  FALSE
 * when the model cannot be used (a usage error, in @error); @status
 * becomes GC_EXIT_FAILURE where an argument is missing or nothing is
 * found. */
static gboolean
plan (Run *run, Options *opt, char **argv, guint shard_i, guint shard_n,
    int *status, GError **error)
{
  GPtrArray *missing;

  run->model = load_model (opt, &run->demonstration_model, error);
  if (run->model == NULL)
    return FALSE;
  /* The model names the features to compute (gc_model_load() accepts only
   * sets this build knows). */
  gc_feature_set_from_name (
      gc_model_get_feature_set (run->model), &opt->cli.spec.features);
  run->labels = g_new0 (const char *, gc_model_get_n_labels (run->model) + 1);
  for (guint k = 0; k < gc_model_get_n_labels (run->model); k++)
    run->labels[k] = gc_model_get_label (run->model, k);

  missing = g_ptr_array_new_with_free_func (g_free);
  run->files = gc_tag_files_collect (
      (const char *const *)argv + 1, opt->all_files, missing);
  run->files = gc_tag_files_shard (run->files, shard_i, shard_n);

  /* arguments that do not exist: an error line each */
  for (guint i = 0; i < missing->len; i++) {
    const char *path = g_ptr_array_index (missing, i);
    GError *e = g_error_new (GC_DECODE_ERROR, GC_DECODE_ERROR_OPEN,
        "%s: no such file or folder", path);
    char *line = opt->tsv
        ? make_tsv (run, path, NULL, NULL, NULL, e)
        : make_json (run, path, NULL, NULL, NULL, NULL, NULL, e);

    fputs (line, stdout);
    gc_cli_error ("%s", e->message);
    g_free (line);
    g_error_free (e);
    *status = GC_EXIT_FAILURE;
  }
  fflush (stdout);
  /* as genreclassify-features, -train and -eval: nothing found is worth
   * saying (a folder of .mkv files was once skipped silently) */
  if (run->files->len == 0 && missing->len == 0) {
    gc_cli_error ("warning: no audio file found (folders are searched for "
                  "names ending in: %s; --all-files takes every file)",
        gc_audio_name_extensions ());
    *status = GC_EXIT_FAILURE;
  }

  g_ptr_array_unref (missing);
  return TRUE;
}

/* Analyses (and with --write tags) the files on -j threads, printing each
 * file's line as it is done; the number of files that failed. */
static guint
analyse_files (Run *run)
{
  const Options *opt = run->opt;
  GThreadPool *pool;
  guint n_threads, n_failed = 0;

  run->cache = gc_cli_cache (&opt->cli);
  run->progress = gc_progress_new (stderr, opt->cli.progress_mode,
      opt->write ? "tagging" : "analysing", "files", run->files->len);
  run->done = g_async_queue_new ();
  n_threads =
      opt->cli.jobs > 0 ? (guint)opt->cli.jobs : g_get_num_processors ();
  n_threads = CLAMP (n_threads, 1, MAX (run->files->len, 1));
  pool = g_thread_pool_new (process, run, (gint)n_threads, TRUE, NULL);
  /* in list order: with -j 1 the lines come out sorted */
  for (guint i = 0; i < run->files->len; i++)
    g_thread_pool_push (pool, GUINT_TO_POINTER (i + 1), NULL);

  for (guint i = 0; i < run->files->len; i++) {
    Outcome *o = g_async_queue_pop (run->done);

    fputs (o->line, stdout);
    fflush (stdout);
    if (o->message != NULL) {
      n_failed++;
      gc_progress_print (run->progress, "%s", o->message);
    }
    gc_progress_item_done (run->progress, o->path);
    outcome_free (o);
  }
  g_thread_pool_free (pool, FALSE, TRUE);
  gc_progress_finish (run->progress);
  return n_failed;
}

static void
run_clear (Run *run)
{
  if (run->progress)
    gc_progress_free (run->progress);
  if (run->done)
    g_async_queue_unref (run->done);
  if (run->cache)
    gc_feature_cache_free (run->cache);
  if (run->files)
    g_ptr_array_unref (run->files);
  g_free (run->labels);
  if (run->model)
    gc_model_free (run->model);
  g_free (run->demonstration_model);
}

static void
options_clear (Options *opt)
{
  gc_cli_options_clear (&opt->cli);
  g_free (opt->model_path);
  g_free (opt->output_dir);
  g_free (opt->shard);
  g_free (opt->svg_dir);
  g_free (opt->format);
}

int
main (int argc, char **argv)
{
  Options opt = { .min_confidence = NAN };
  Run run = { &opt };
  GError *error = NULL;
  guint shard_i = 0, shard_n = 1, n_failed;
  int status = GC_EXIT_OK;

  gc_cli_options_init (&opt.cli);
  if (!parse_command_line (&opt, &argc, &argv, &shard_i, &shard_n, &error)) {
    gc_cli_error ("%s (see --help)", error->message);
    status = GC_EXIT_USAGE;
  } else if (!plan (&run, &opt, argv, shard_i, shard_n, &status, &error)) {
    gc_cli_error ("%s", error->message);
    status = GC_EXIT_USAGE;
  } else if ((n_failed = analyse_files (&run)) > 0) {
    status = GC_EXIT_FAILURE;
    if (!opt.cli.quiet)
      gc_cli_error ("%u of %u files failed", n_failed, run.files->len);
  }
  run_clear (&run);
  g_clear_error (&error);
  options_clear (&opt);
  return status;
}
