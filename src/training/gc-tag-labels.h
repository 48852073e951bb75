/* genreclassify — a labelled set from the genres people wrote into their
 * files' tags
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * gc_tag_labels_load() walks folders (at any depth, by the folder sets'
 * rules: gc_dataset_walk_audio()) and makes each audio file's genre tag its
 * label and its album artist (else artist, else the name of its folder)
 * its group, so that the trainer can learn the taxonomy of someone's own
 * library.  Its rules, in order:
 *
 *   values     a genre field may hold several values (several fields, or
 *              one split at ';' or '/': "Rock; Pop", "Rock/Pop"); each is
 *              stripped of white space, empty ones are dropped
 *   map        each value whose key (below) a --genre-map line names
 *              becomes that line's target (one step, no chains)
 *   several    FIRST takes the first value; SKIP leaves out a file whose
 *              values are more than one genre after the map
 *   key        values with one key are one genre: case-folded, without
 *              spaces, '-' or '_' ("Hip Hop", "hip-hop", "HipHop"); the
 *              label is the spelling most files have (ties: byte order)
 *   artists    genres of fewer than min_artists groups are left out:
 *              grouped cross-validation needs each genre in several folds
 *
 * A list file of PATH<TAB>GENRE<TAB>ARTIST lines may stand for files'
 * tags (a music library's own fields: beet genreclassify-train): GENRE is
 * the genre field's value, ARTIST the group (empty: the folder's name),
 * and every rule above applies to them as to tags read from the files.
 *
 * Left out, each with a message naming the file: no genre tag, an empty
 * genre, a genre that cannot be a model label (gc_dataset_check_label():
 * '=', control characters such as a newline), tags TagLib cannot read, and
 * files whose genre this project wrote (they carry GENRE_DISTRIBUTION,
 * gc-distribution.h; counted, one message for all).
 */
#ifndef GC_TAG_LABELS_H
#define GC_TAG_LABELS_H

#include "gc-dataset.h"

G_BEGIN_DECLS

#define GC_TAG_LABELS_ERROR (gc_tag_labels_error_quark ())
GQuark gc_tag_labels_error_quark (void);

typedef enum {
  GC_TAG_LABELS_ERROR_MAP, /* a genre map that cannot be read or parsed */
  GC_TAG_LABELS_ERROR_FOLDER, /* a folder that cannot be read */
  GC_TAG_LABELS_ERROR_TOO_FEW, /* fewer than two genres remain */
} GcTagLabelsError;

/* The default of --min-artists: with the trainer's 5 folds, a genre of
 * fewer artists is missing from the training side of some folds or
 * tested in none. */
#define GC_TAG_LABELS_DEFAULT_MIN_ARTISTS 3

/* The key that makes spellings of a genre one genre: NFC, case-folded,
 * without white space, '-' and '_'.  Free with g_free(). */
char *gc_tag_labels_key (const char *genre);

/* Whether this project wrote @genre (a genre field's value): the file
 * carries our @distribution ("label=p;..." most probable first) and @genre
 * is its most probable label in any spelling (gc_tag_labels_key()).  A
 * distribution beside a genre it does not name first is an analysis that
 * left the person's genre alone, and a genre changed after we wrote it is
 * the person's: neither is ours.  Where the analysis agreed with the
 * person, only a record tells: @person_genre (GC_PERSON_GENRE_KEY, NULL
 * when absent), the genre a plugin left alone; while @genre is still that,
 * it is the person's.  The one rule of the trainer and of
 * genreclassify-tag; the plugins' is_own_genre() mirrors it. */
gboolean gc_tag_labels_genre_is_ours (
    const char *genre, const char *distribution, const char *person_genre);

/* Whether @genre is @person_genre (in any spelling; FALSE when either is
 * NULL or empty): the record a plugin left says the genre is the person's. */
gboolean gc_tag_labels_is_persons (const char *genre, const char *person_genre);

/* The values of one genre field value: split at ';' and '/', stripped,
 * empty ones dropped (an empty array for a blank value). */
char **gc_tag_labels_split (const char *value);

/* Genre merges: "From<TAB>To" or "From = To" a line, '#' comments and
 * empty lines ignored; From is matched by its key, To is a label. */
typedef struct _GcGenreMap GcGenreMap;

/* @name names @text in errors (a file name). */
GcGenreMap *gc_genre_map_parse (
    const char *text, const char *name, GError **error);
GcGenreMap *gc_genre_map_load (const char *path, GError **error);
void gc_genre_map_free (GcGenreMap *map);
guint gc_genre_map_size (const GcGenreMap *map);
/* The target of @genre (by its key), or NULL. */
const char *gc_genre_map_lookup (const GcGenreMap *map, const char *genre);

typedef enum {
  GC_GENRE_VALUES_FIRST, /* the first value */
  GC_GENRE_VALUES_SKIP, /* leave out files of more than one genre */
} GcGenreValues;

typedef struct {
  const GcGenreMap *map; /* NULL: none */
  GcGenreValues values;
  guint min_artists;
} GcTagLabelsOptions;

/* What was left out, and why. */
typedef struct {
  guint n_files; /* audio files found */
  guint n_used; /* in the set */
  guint n_unreadable; /* tags TagLib cannot read */
  guint n_no_genre; /* no genre tag */
  guint n_empty_genre; /* a genre tag of white space only */
  guint n_bad_genre; /* a genre that cannot be a label */
  guint n_several; /* several genres, with GC_GENRE_VALUES_SKIP */
  guint n_ours; /* the genre this project wrote */
  guint n_few_artists; /* files of genres with too few artists */
  guint n_mapped; /* files whose genre the map changed */
  GPtrArray *left_out_genres; /* char *: "Jazz: 4 files, 1 artist (…)" */
} GcTagLabelsReport;

void gc_tag_labels_report_clear (GcTagLabelsReport *report);

/* The labelled set of the audio files below @folders (NULL-terminated, at
 * least one; each a folder, or a list file whose lines stand for tags): labels
 * sorted, items sorted by path, each with its group. Appends one message (char
 * *) per file or genre left out to @messages. Fills @report.  NULL and
 * GC_TAG_LABELS_ERROR (or GC_DATASET_ERROR for a folder) on error, among them
 * fewer than two genres remaining. */
GcDataset *gc_tag_labels_load (const char *const *folders,
    const GcTagLabelsOptions *options, GPtrArray *messages,
    GcTagLabelsReport *report, GError **error);

G_END_DECLS

#endif
