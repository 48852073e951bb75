/* genreclassify — genreclassify-features and its pieces
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The names of both feature sets against their documented layouts; CSV
 * fields and numbers; the NPY header's rules.  Then the tool on a small
 * synthetic labelled set (WAV, FLAC, Ogg, a silent file, a name that needs
 * quoting): the CSV parses back to one row per non-silent window with the
 * right labels, and its values are, bit for bit, those of
 * gc_decode_file_features(); the .npy holds the same bits under a valid
 * header and its sidecar the same names and rows; groups, plain files,
 * chains, -j; bad inputs.  numpy.load reads the .npy when numpy is there.
 */
#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include <glib/gstdio.h>
#include <gst/gst.h>

#include "gc-decode.h"
#include "gc-export.h"
#include "gc-feature-names.h"
#include "gc-test-data.h"
#include "gc-test-json.h"

static char *tmp_root, *set_dir, *cache_dir;

static char *
tmp_path (const char *name)
{
  return g_build_filename (tmp_root, name, NULL);
}

/* ---- names ------------------------------------------------------------- */

/* Every name once, of [a-z0-9_], none a fixed column's. */
static void
check_names (char **names, guint dimension)
{
  GHashTable *seen = g_hash_table_new (g_str_hash, g_str_equal);
  static const char *const fixed[] = { "path", "window", "start", "duration",
    "label", "group", "chain" };

  g_assert_cmpuint (g_strv_length (names), ==, dimension);
  for (guint i = 0; i < dimension; i++) {
    for (const char *p = names[i]; *p; p++)
      g_assert_true (g_ascii_islower (*p) || g_ascii_isdigit (*p) || *p == '_');
    g_assert_false (g_hash_table_contains (seen, names[i]));
    g_hash_table_add (seen, names[i]);
    for (guint f = 0; f < G_N_ELEMENTS (fixed); f++)
      g_assert_cmpstr (names[i], !=, fixed[f]);
  }
  g_hash_table_destroy (seen);
}

static void
test_names_seed (void)
{
  char **n = gc_feature_names_seed212 ();

  check_names (n, GC_SEED212_DIM);
  /* docs/model-format.md: index = block + statistic × rows + row */
  g_assert_cmpstr (n[0], ==, "harmonic_mfcc0_mean");
  g_assert_cmpstr (n[13], ==, "harmonic_mfcc0_std");
  g_assert_cmpstr (n[16], ==, "harmonic_mfcc3_std");
  g_assert_cmpstr (n[26], ==, "harmonic_mfcc0_delta_mean");
  g_assert_cmpstr (n[77], ==, "harmonic_mfcc12_delta2_std");
  g_assert_cmpstr (n[78], ==, "percussive_mfcc0_mean");
  g_assert_cmpstr (n[155], ==, "percussive_mfcc12_delta2_std");
  g_assert_cmpstr (n[156], ==, "contrast0_mean");
  g_assert_cmpstr (n[157], ==, "contrast1_mean");
  g_assert_cmpstr (n[200], ==, "contrast2_skew");
  g_assert_cmpstr (n[205], ==, "contrast0_kurtosis");
  g_assert_cmpstr (n[211], ==, "contrast6_kurtosis");
  g_strfreev (n);
  n = gc_feature_names (GC_FEATURES_SEED212);
  g_assert_cmpstr (n[100], ==, "percussive_mfcc9_std");
  g_strfreev (n);
}

static void
test_names_robust (void)
{
  char **n = gc_feature_names_robust281 ();

  check_names (n, GC_ROBUST281_DIM);
  g_assert_cmpstr (n[0], ==, "harmonic_mfcc0_mean");
  g_assert_cmpstr (n[26], ==, "harmonic_mfcc0_delta_std");
  g_assert_cmpstr (n[51], ==, "harmonic_mfcc12_delta2_std");
  g_assert_cmpstr (n[52], ==, "percussive_mfcc0_mean");
  g_assert_cmpstr (n[103], ==, "percussive_mfcc12_delta2_std");
  g_assert_cmpstr (n[104], ==, "contrast0_mean");
  g_assert_cmpstr (n[109], ==, "contrast5_mean");
  g_assert_cmpstr (n[130], ==, "contrast2_skew");
  g_assert_cmpstr (n[139], ==, "contrast5_kurtosis");
  g_assert_cmpstr (n[140], ==, "band0_mean");
  g_assert_cmpstr (n[157], ==, "band17_mean");
  g_assert_cmpstr (n[180], ==, "band0_std");
  g_assert_cmpstr (n[220], ==, "band0_flux");
  g_assert_cmpstr (n[259], ==, "band39_flux");
  /* lag bands: first lags 2, 3, …, 103, the last ending at 130 */
  g_assert_cmpstr (n[260], ==, "rhythm_lag2_3");
  g_assert_cmpstr (n[267], ==, "rhythm_lag10_12");
  g_assert_cmpstr (n[279], ==, "rhythm_lag86_103");
  g_assert_cmpstr (n[280], ==, "rhythm_lag103_130");
  g_strfreev (n);
}

/* ---- formats ----------------------------------------------------------- */

static char *
field (const char *text)
{
  GString *s = g_string_new (NULL);

  gc_csv_append_field (s, text);
  return g_string_free (s, FALSE);
}

static void
test_csv_fields (void)
{
  static const char *const cases[][2] = {
    { "rock/a.mp3", "rock/a.mp3" },
    { "", "" },
    { "a, b", "\"a, b\"" },
    { "say \"hi\"", "\"say \"\"hi\"\"\"" },
    { "two\nlines", "\"two\nlines\"" },
    { "cr\r", "\"cr\r\"" },
    { " spaces ", " spaces " },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    char *got = field (cases[i][0]);

    g_assert_cmpstr (got, ==, cases[i][1]);
    g_free (got);
  }
}

static char *
number (double v)
{
  GString *s = g_string_new (NULL);

  gc_csv_append_double (s, v);
  return g_string_free (s, FALSE);
}

static void
check_numbers (void)
{
  static const double values[] = { 0.1, -194.5614987796242, 1.0 / 3.0, 1e-300,
    -4.9406564584124654e-324, 12345678.901234567, 2.0 };
  char *s;

  for (guint i = 0; i < G_N_ELEMENTS (values); i++) {
    double back;

    s = number (values[i]);
    g_assert_null (strchr (s, ','));
    back = g_ascii_strtod (s, NULL);
    g_assert_cmpmem (&back, sizeof back, &values[i], sizeof values[i]);
    g_free (s);
  }
  s = number (0.1);
  g_assert_cmpstr (s, ==, "0.10000000000000001"); /* 17 digits */
  g_free (s);
  s = number (2.0);
  g_assert_cmpstr (s, ==, "2");
  g_free (s);
}

static void
test_csv_numbers (void)
{
  check_numbers ();
}

/* The same where printf would write a decimal comma. */
static void
test_csv_numbers_comma (void)
{
  static const char *const comma_locales[] = { "de_DE.UTF-8", "de_DE.utf8",
    "fr_FR.UTF-8", "fr_FR.utf8", "nl_NL.UTF-8", "ru_RU.UTF-8", NULL };
  char *old = g_strdup (setlocale (LC_ALL, NULL));
  const char *found = NULL;

  for (guint i = 0; comma_locales[i] && !found; i++)
    if (setlocale (LC_ALL, comma_locales[i])
        && strcmp (localeconv ()->decimal_point, ",") == 0)
      found = comma_locales[i];
  if (found) {
    g_test_message ("LC_ALL=%s", found);
    check_numbers ();
  } else {
    g_test_skip ("no locale with a decimal comma is installed");
  }
  setlocale (LC_ALL, old);
  g_free (old);
}

/* A valid NPY 1.0 preamble of (@rows, @cols) '<f8' in C order. */
static void
check_npy_header (const guint8 *p, gsize size, guint64 rows, guint cols)
{
  gsize header_len;
  char *expect, *dict;

  g_assert_cmpuint (size, >=, 10);
  g_assert_cmpmem (p, 6, "\x93NUMPY", 6);
  g_assert_cmpuint (p[6], ==, 1);
  g_assert_cmpuint (p[7], ==, 0);
  header_len = p[8] | (gsize)p[9] << 8;
  g_assert_cmpuint (size, >=, 10 + header_len);
  /* The data starts at a multiple of 64, after the header's '\n'. */
  g_assert_cmpuint ((10 + header_len) % 64, ==, 0);
  g_assert_cmpuint (p[10 + header_len - 1], ==, '\n');
  expect = g_strdup_printf ("{'descr': '<f8', 'fortran_order': False, "
                            "'shape': (%" G_GUINT64_FORMAT ", %u), }",
      rows, cols);
  dict = g_strndup ((const char *)p + 10, header_len);
  g_assert_true (g_str_has_prefix (dict, expect));
  /* then only the padding spaces */
  for (gsize i = strlen (expect); i < header_len - 1; i++)
    g_assert_cmpint (dict[i], ==, ' ');
  g_free (dict);
  g_free (expect);
}

static void
test_npy_header (void)
{
  static const struct {
    guint64 rows;
    guint cols;
  } shapes[] = { { 0, 212 }, { 1, 1 }, { 18, 281 }, { 123456789012, 5 },
    { 99999, 9999 } };
  static const double values[] = { 1.0, -2.5 };
  static const guint8 le[] = { 0, 0, 0, 0, 0, 0, 0xf0, 0x3f, 0, 0, 0, 0, 0, 0,
    0x04, 0xc0 };
  guint8 packed[16];

  for (guint i = 0; i < G_N_ELEMENTS (shapes); i++) {
    GBytes *h = gc_npy_header (shapes[i].rows, shapes[i].cols);
    gsize size;
    const guint8 *p = g_bytes_get_data (h, &size);

    check_npy_header (p, size, shapes[i].rows, shapes[i].cols);
    g_assert_cmpuint (size, ==, 10 + (p[8] | (gsize)p[9] << 8));
    g_bytes_unref (h);
  }
  /* The padding is the least that aligns the data: fewer than 64 bytes
   * after the dict and its '\n'. */
  for (guint64 rows = 1; rows < G_MAXUINT64 / 10; rows *= 10) {
    for (guint c = 0; c < 3; c++) {
      guint cols = c == 0 ? 1 : c == 1 ? 281 : G_MAXUINT;
      GBytes *h = gc_npy_header (rows, cols);
      char *dict =
          g_strdup_printf ("{'descr': '<f8', 'fortran_order': "
                           "False, 'shape': (%" G_GUINT64_FORMAT ", %u), }",
              rows, cols);
      gsize size, least = 10 + strlen (dict) + 1;
      const guint8 *p = g_bytes_get_data (h, &size);

      check_npy_header (p, size, rows, cols);
      g_assert_cmpuint (size, ==, (least + 63) / 64 * 64);
      g_free (dict);
      g_bytes_unref (h);
    }
  }
  gc_npy_pack (values, 2, packed);
  g_assert_cmpmem (packed, 16, le, 16);
}

static void
test_format_names (void)
{
  static const struct {
    const char *path;
    int format; /* -1: refused */
  } cases[] = { { "out.csv", GC_EXPORT_CSV },
    { "a/b.v2/OUT.NPY", GC_EXPORT_NPY }, { "x.Csv", GC_EXPORT_CSV },
    { "out.txt", -1 }, { "out", -1 }, { ".csv", -1 }, { "dir/.npy", -1 },
    { "out.csv.gz", -1 }, { "out.json", -1 } };
  char *s;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    GError *error = NULL;
    GcExportFormat f;
    gboolean ok = gc_export_format_from_path (cases[i].path, &f, &error);

    g_assert_cmpint (ok, ==, cases[i].format >= 0);
    if (ok) {
      g_assert_cmpint (f, ==, cases[i].format);
    } else {
      g_assert_error (error, GC_EXPORT_ERROR, GC_EXPORT_ERROR_UNKNOWN_FORMAT);
      g_assert_true (g_str_has_prefix (error->message, cases[i].path));
      g_assert_true (g_str_has_prefix (
          error->message + strlen (cases[i].path), ": unknown format: "));
      g_error_free (error);
    }
  }
  s = gc_export_sidecar_path ("a/b.v2/out.npy");
  g_assert_cmpstr (s, ==, "a/b.v2/out.json");
  g_free (s);
}

/* ---- the tool ---------------------------------------------------------- */

/* genreclassify-features with the test's windows (2 s, min-window 1 s) and
 * cache, then the arguments. */
static GcTestSpawn
features (const char *first, ...)
{
  const char *args[64] = { GC_FEATURES, "--window", "2", "--min-window", "1",
    "--cache-dir", cache_dir, "--progress", "none" };
  guint n = 9;
  const char *a;
  va_list ap;

  args[n++] = first;
  va_start (ap, first);
  while ((a = va_arg (ap, const char *)) != NULL) {
    g_assert_cmpuint (n, <, G_N_ELEMENTS (args) - 1);
    args[n++] = a;
  }
  va_end (ap);
  args[n] = NULL;
  return gc_test_spawn_argv (args);
}

/* An RFC 4180 table: rows of fields (GStrv). */
static GPtrArray *
parse_csv (const char *text)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify)g_strfreev);
  GPtrArray *row = g_ptr_array_new ();
  GString *f = g_string_new (NULL);
  const char *p = text;

  while (*p) {
    if (*p == '"') {
      for (p++;; p++) {
        g_assert_true (*p != '\0'); /* unterminated quote */
        if (*p == '"' && p[1] == '"')
          g_string_append_c (f, *p++);
        else if (*p == '"')
          break;
        else
          g_string_append_c (f, *p);
      }
      p++;
      g_assert_true (*p == ',' || *p == '\n');
    } else {
      while (*p && *p != ',' && *p != '\n') {
        g_assert_true (*p != '"' && *p != '\r');
        g_string_append_c (f, *p++);
      }
    }
    g_ptr_array_add (row, g_strdup (f->str));
    g_string_truncate (f, 0);
    if (*p == ',') {
      p++;
      continue;
    }
    g_assert_cmpint (*p, ==, '\n'); /* every line ends in LF */
    p++;
    g_ptr_array_add (row, NULL);
    g_ptr_array_add (rows, g_ptr_array_free (row, FALSE));
    row = g_ptr_array_new ();
  }
  g_assert_cmpuint (row->len, ==, 0);
  g_ptr_array_free (row, TRUE);
  g_string_free (f, TRUE);
  return rows;
}

static GPtrArray *
read_csv (const char *path)
{
  char *text = NULL;
  GPtrArray *rows;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  rows = parse_csv (text);
  g_free (text);
  return rows;
}

static double
parse_double (const char *s)
{
  char *end;
  double v = g_ascii_strtod (s, &end);

  g_assert_true (*s != '\0' && *end == '\0');
  return v;
}

/* The files of the set, as the tool lists them (sorted by path), with
 * their genre folder. */
static const char *const set_files[][2] = {
  { "clicks/clicks-00.flac", "clicks" },
  { "clicks/clicks-01.ogg", "clicks" },
  { "noise/noise-00.ogg", "noise" },
  { "noise/noise-01.wav", "noise" },
  { "tones/a, \"quoted\" clip.wav", "tones" },
  { "tones/silence.wav", "tones" },
  { "tones/tones-01.flac", "tones" },
};

/* Every non-silent window of the set as gc_decode_file_features() gives
 * it, in the tool's order: path, window, start, duration, label, values. */
typedef struct {
  char *path;
  const char *label;
  GcWindowResult w;
} RefRow;

static GArray *
reference_rows (GcFeatureSet set, guint *n_silent)
{
  GcWindowSpec spec = { 2.0, 0.0, 1.0, set };
  GArray *rows = g_array_new (FALSE, FALSE, sizeof (RefRow));

  *n_silent = 0;
  for (guint i = 0; i < G_N_ELEMENTS (set_files); i++) {
    char *path = g_build_filename (set_dir, set_files[i][0], NULL);
    GError *error = NULL;
    GcFileFeatures *f = gc_decode_file_features (path, &spec, NULL, &error);

    g_assert_no_error (error);
    for (guint w = 0; w < f->n_windows; w++) {
      RefRow r = { NULL, set_files[i][1], f->windows[w] };

      if (f->windows[w].status != GC_WINDOW_OK) {
        ++*n_silent;
        continue;
      }
      r.path = g_strdup (path);
      g_array_append_val (rows, r);
    }
    gc_file_features_free (f);
    g_free (path);
  }
  return rows;
}

static void
ref_rows_free (GArray *rows)
{
  for (guint i = 0; i < rows->len; i++)
    g_free (g_array_index (rows, RefRow, i).path);
  g_array_free (rows, TRUE);
}

static double
ref_start (const GcWindowResult *w)
{
  return GST_CLOCK_TIME_IS_VALID (w->timestamp)
      ? (double)w->timestamp / GST_SECOND
      : (double)w->start / GC_ANALYSIS_RATE;
}

/* The labelled CSV of @set against the reference, bit for bit; returns the
 * table. */
static GPtrArray *
check_csv (const char *csv, GcFeatureSet set, const GArray *ref)
{
  guint dim = gc_feature_set_dimension (set);
  char **names = gc_feature_names (set);
  GPtrArray *rows = read_csv (csv);
  char **header = rows->pdata[0];
  static const char *const fixed[] = { "path", "window", "start", "duration",
    "label" };

  g_assert_cmpuint (rows->len, ==, 1 + ref->len);
  g_assert_cmpuint (g_strv_length (header), ==, 5 + dim);
  for (guint k = 0; k < 5; k++)
    g_assert_cmpstr (header[k], ==, fixed[k]);
  for (guint k = 0; k < dim; k++)
    g_assert_cmpstr (header[5 + k], ==, names[k]);
  for (guint r = 0; r < ref->len; r++) {
    char **row = rows->pdata[r + 1];
    const RefRow *e = &g_array_index (ref, RefRow, r);
    double start = parse_double (row[2]), duration = parse_double (row[3]);
    double expect_duration = (double)e->w.duration / GST_SECOND;
    double expect_start = ref_start (&e->w);

    g_assert_cmpuint (g_strv_length (row), ==, 5 + dim);
    g_assert_cmpstr (row[0], ==, e->path);
    g_assert_cmpuint (atoi (row[1]), ==, e->w.index);
    g_assert_cmpmem (&start, 8, &expect_start, 8);
    g_assert_cmpmem (&duration, 8, &expect_duration, 8);
    g_assert_cmpstr (row[4], ==, e->label);
    for (guint k = 0; k < dim; k++) {
      double v = parse_double (row[5 + k]);

      if (memcmp (&v, &e->w.vector[k], sizeof v) != 0)
        g_error ("%s window %u, %s: CSV %s, decoded %.17g", e->path, e->w.index,
            names[k], row[5 + k], e->w.vector[k]);
    }
  }
  g_strfreev (names);
  return rows;
}

/* The .npy and its sidecar against the CSV @table, bit for bit. */
static void
check_npy (const char *npy, GcFeatureSet set, GPtrArray *table)
{
  guint dim = gc_feature_set_dimension (set), n = table->len - 1;
  char *json_path = gc_export_sidecar_path (npy), *data = NULL;
  char **names = gc_feature_names (set);
  GError *error = NULL;
  gsize size, header;
  GcTj *root, *rows;

  g_assert_true (g_file_get_contents (npy, &data, &size, NULL));
  check_npy_header ((const guint8 *)data, size, n, dim);
  header = 10 + ((guint8)data[8] | (gsize)(guint8)data[9] << 8);
  g_assert_cmpuint (size, ==, header + (gsize)n * dim * 8);
  for (guint r = 0; r < n; r++) {
    char **row = table->pdata[r + 1];

    for (guint k = 0; k < dim; k++) {
      double v = parse_double (row[5 + k]), x;
      guint64 bits;

      memcpy (&bits, data + header + ((gsize)r * dim + k) * 8, 8);
      bits = GUINT64_FROM_LE (bits);
      memcpy (&x, &bits, 8);
      g_assert_cmpmem (&x, 8, &v, 8);
    }
  }

  root = gc_tj_parse_file (json_path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (
      gc_tj_string (root, "feature-set"), ==, gc_feature_set_name (set));
  g_assert_cmpfloat (gc_tj_number (root, "dimension"), ==, dim);
  g_assert_cmpfloat (gc_tj_number (root, "shape/0"), ==, n);
  g_assert_cmpfloat (gc_tj_number (root, "shape/1"), ==, dim);
  g_assert_cmpstr (gc_tj_string (root, "dtype"), ==, "<f8");
  g_assert_cmpstr (gc_tj_string (root, "labels/2"), ==, "tones");
  g_assert_cmpuint (gc_tj_length (gc_tj_path (root, "columns")), ==, dim);
  for (guint k = 0; k < dim; k++) {
    char *key = g_strdup_printf ("columns/%u", k);

    g_assert_cmpstr (gc_tj_string (root, key), ==, names[k]);
    g_free (key);
  }
  rows = gc_tj_path (root, "rows");
  g_assert_cmpuint (gc_tj_length (rows), ==, n);
  for (guint r = 0; r < n; r++) {
    char **row = table->pdata[r + 1];
    GcTj *o = gc_tj_index (rows, r);

    g_assert_cmpstr (gc_tj_string (o, "path"), ==, row[0]);
    g_assert_cmpfloat (gc_tj_number (o, "window"), ==, atoi (row[1]));
    g_assert_cmpfloat (gc_tj_number (o, "start"), ==, parse_double (row[2]));
    g_assert_cmpfloat (gc_tj_number (o, "duration"), ==, parse_double (row[3]));
    g_assert_cmpstr (gc_tj_string (o, "label"), ==, row[4]);
    g_assert_null (gc_tj_get (o, "group"));
  }
  gc_tj_free (root);
  g_strfreev (names);
  g_free (data);
  g_free (json_path);
}

/* A Python 3 with numpy: PATH's first, else Debian's. */
static char *
python_with_numpy (void)
{
  char *candidates[] = { g_find_program_in_path ("python3"),
    g_strdup ("/usr/bin/python3") };
  char *found = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++) {
    const char *args[] = { candidates[i], "-c", "import numpy", NULL };
    int wait_status = 0;

    if (found == NULL && candidates[i]
        && g_file_test (candidates[i], G_FILE_TEST_IS_EXECUTABLE)
        && g_spawn_sync (NULL, (char **)args, NULL,
            G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
            NULL, NULL, &wait_status, NULL)
        && WIFEXITED (wait_status) && WEXITSTATUS (wait_status) == 0)
      found = g_strdup (candidates[i]);
    g_free (candidates[i]);
  }
  return found;
}

/* numpy.load() reads the .npy, and it equals the CSV's values (Python's
 * float() is correctly rounded) under the sidecar's column names. */
static const char numpy_check[] =
    "import csv, json, sys\n"
    "import numpy as np\n"
    "npy, csv_path, side = sys.argv[1:4]\n"
    "a = np.load(npy, allow_pickle=False)\n"
    "meta = json.load(open(side))\n"
    "rows = list(csv.reader(open(csv_path, newline='')))\n"
    "names = rows[0][5:]\n"
    "ref = np.array([[float(v) for v in r[5:]] for r in rows[1:]])\n"
    "assert a.dtype == np.dtype('<f8'), a.dtype\n"
    "assert a.flags['C_CONTIGUOUS']\n"
    "assert a.shape == (len(rows) - 1, len(names)), a.shape\n"
    "assert list(a.shape) == meta['shape']\n"
    "assert meta['columns'] == names\n"
    "assert np.array_equal(a.view(np.uint64), ref.view(np.uint64))\n"
    "assert [r['label'] for r in meta['rows']] == [r[4] for r in rows[1:]]\n"
    "print('numpy', np.__version__, 'read', a.shape)\n";

/* After the export tests: their files. */
static void
test_numpy_load (void)
{
  char *python = python_with_numpy ();
  char *script = tmp_path ("check.py");

  if (python == NULL) {
    g_test_skip ("no python3 with numpy: numpy.load not tried");
    g_free (script);
    return;
  }
  g_assert_true (g_file_set_contents (script, numpy_check, -1, NULL));
  for (guint s = 0; s < GC_N_FEATURE_SETS; s++) {
    const char *name = gc_feature_set_name (s);
    char *npy = g_strdup_printf ("%s/%s.npy", tmp_root, name);
    char *csv = g_strdup_printf ("%s/%s.csv", tmp_root, name);
    char *side = gc_export_sidecar_path (npy);
    const char *args[] = { python, script, npy, csv, side, NULL };
    GcTestSpawn r = gc_test_spawn_argv (args);

    g_assert_cmpint (r.status, ==, 0);
    g_assert_true (g_str_has_prefix (r.out, "numpy "));
    gc_test_spawn_clear (&r);
    g_free (npy);
    g_free (csv);
    g_free (side);
  }
  g_free (python);
  g_free (script);
}

static void
test_export (gconstpointer data)
{
  GcFeatureSet set = GPOINTER_TO_INT (data);
  const char *name = gc_feature_set_name (set);
  char *csv = g_strdup_printf ("%s/%s.csv", tmp_root, name);
  char *npy = g_strdup_printf ("%s/%s.npy", tmp_root, name);
  char *summary;
  guint n_silent;
  GArray *ref = reference_rows (set, &n_silent);
  GPtrArray *table;
  GcTestSpawn r;

  /* The silent file's two windows are left out, and said to be. */
  g_assert_cmpuint (n_silent, ==, 2);
  r = features (
      "--labelled", "--features", name, "-j", "2", "-o", csv, set_dir, NULL);
  g_assert_cmpint (r.status, ==, 0);
  summary = g_strdup_printf (
      "%u windows written, 2 silent windows skipped", ref->len);
  g_assert_nonnull (strstr (r.out, summary));
  g_assert_nonnull (strstr (r.out, "7 files in 3 genres"));
  g_free (summary);
  gc_test_spawn_clear (&r);
  table = check_csv (csv, set, ref);

  /* The .npy from the cache: the same bits. */
  r = features ("--labelled", "--features", name, "-o", npy, set_dir, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "0 decoded, 7 from the cache"));
  gc_test_spawn_clear (&r);
  check_npy (npy, set, table);

  g_ptr_array_unref (table);
  ref_rows_free (ref);
  g_free (csv);
  g_free (npy);
}

/* Groups from a list's third column, plain files, a chain, -j. */
static void
test_columns (void)
{
  char *list = tmp_path ("list.tsv"), *a = tmp_path ("a.csv");
  char *b = tmp_path ("b.csv"), *c = tmp_path ("c.csv"), *x, *y;
  char *noise = g_build_filename (set_dir, "noise", NULL);
  char *tones = g_build_filename (set_dir, "tones", "tones-01.flac", NULL);
  GPtrArray *t;
  GcTestSpawn r;

  g_assert_true (g_file_set_contents (list,
      "# PATH<TAB>GENRE<TAB>GROUP\n"
      "set/noise/noise-00.ogg\tnoise\tartist, one\n"
      "set/tones/tones-01.flac\ttones\tartist 2\n",
      -1, NULL));
  r = features ("--labelled", "-o", a, list, NULL);
  g_assert_cmpint (r.status, ==, 0);
  gc_test_spawn_clear (&r);
  t = read_csv (a);
  g_assert_cmpstr (((char **)t->pdata[0])[4], ==, "label");
  g_assert_cmpstr (((char **)t->pdata[0])[5], ==, "group");
  g_assert_cmpstr (((char **)t->pdata[0])[6], ==, "harmonic_mfcc0_mean");
  g_assert_cmpuint (t->len, ==, 1 + 3 + 3); /* 5 s: 2 + 2 + 1 s each */
  g_assert_cmpstr (((char **)t->pdata[1])[5], ==, "artist, one");
  g_assert_cmpstr (((char **)t->pdata[6])[4], ==, "tones");
  g_assert_cmpstr (((char **)t->pdata[6])[5], ==, "artist 2");
  g_assert_cmpstr (((char **)t->pdata[6])[1], ==, "2");
  g_ptr_array_unref (t);

  /* Plain files and folders: no label; through a chain too. */
  r = features (
      "--degrade", "gain-20db", "-j", "1", "-o", b, noise, tones, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "through gain-20db"));
  g_assert_nonnull (strstr (r.out, "3 files, feature set seed-212"));
  gc_test_spawn_clear (&r);
  t = read_csv (b);
  g_assert_cmpstr (((char **)t->pdata[0])[4], ==, "chain");
  g_assert_cmpstr (((char **)t->pdata[0])[5], ==, "harmonic_mfcc0_mean");
  g_assert_cmpuint (t->len, ==, 1 + 3 * 3 * 2);
  /* a file's windows as it is, then through the chain */
  g_assert_true (g_str_has_suffix (((char **)t->pdata[1])[0], "noise-00.ogg"));
  g_assert_cmpstr (((char **)t->pdata[1])[4], ==, "clean");
  g_assert_cmpstr (((char **)t->pdata[4])[4], ==, "gain-20db");
  g_assert_cmpstr (((char **)t->pdata[4])[1], ==, "0");
  g_assert_true (
      g_str_has_suffix (((char **)t->pdata[18])[0], "tones-01.flac"));
  /* -20 dB changes the features (peak normalisation does not undo the
   * quantisation): the rows are not copies */
  g_assert_cmpstr (((char **)t->pdata[1])[5], !=, ((char **)t->pdata[4])[5]);
  g_ptr_array_unref (t);

  /* The same with two workers, from the cache: the same bytes. */
  r = features (
      "--degrade", "gain-20db", "-j", "2", "-o", c, noise, tones, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "0 decoded, 6 from the cache"));
  gc_test_spawn_clear (&r);
  x = gc_test_read_text (b);
  y = gc_test_read_text (c);
  g_assert_cmpstr (x, ==, y);
  g_free (x);
  g_free (y);

  g_free (noise);
  g_free (tones);
  g_free (list);
  g_free (a);
  g_free (b);
  g_free (c);
}

/* A failing run: @status, and @what in its last line; no output left. */
static void
expect_failure (
    GcTestSpawn *r, int status, const char *what, const char *output)
{
  g_assert_cmpint (r->status, ==, status);
  if (strstr (r->err, what) == NULL)
    g_error ("expected \"%s\" in:\n%s", what, r->err);
  if (output)
    g_assert_false (g_file_test (output, G_FILE_TEST_EXISTS));
  gc_test_spawn_clear (r);
}

static void
test_bad_inputs (void)
{
  char *out = tmp_path ("bad.csv"), *bad = tmp_path ("not-audio.wav");
  char *missing = tmp_path ("missing.wav"), *txt = tmp_path ("out.txt");
  char *nodir = tmp_path ("no/such/folder/out.npy");
  char *clip = g_build_filename (set_dir, "noise", "noise-00.ogg", NULL);
  char *silence = g_build_filename (set_dir, "tones", "silence.wav", NULL);
  GDir *dir;
  const char *name;
  GcTestSpawn r;

  g_assert_true (g_file_set_contents (bad, "not audio at all\n", -1, NULL));
  r = features ("-o", txt, clip, NULL);
  g_assert_true (g_str_has_prefix (r.err, "genreclassify-features: --output "));
  expect_failure (
      &r, 2, "out.txt: unknown format: the name must end in .csv", txt);
  r = features ("--features", "seed-999", "-o", out, clip, NULL);
  expect_failure (&r, 2,
      "--features: unknown feature set \"seed-999\" (this build knows "
      "seed-212, robust-281)",
      out);
  r = features ("-o", out, missing, NULL);
  expect_failure (&r, 1, "missing.wav: no such file or folder", out);
  r = features ("-o", out, bad, NULL);
  g_assert_nonnull (strstr (r.err, "warning: "));
  g_assert_nonnull (
      strstr (r.err, "not-audio.wav: not an audio or media file"));
  expect_failure (
      &r, 1, "nothing to write: of 1 files, 1 could not be decoded", out);
  /* --strict stops at the bad file even when another is fine */
  r = features ("--strict", "-o", out, bad, clip, NULL);
  expect_failure (
      &r, 1, "stopped: a file could not be decoded (--strict)", out);
  r = features ("-o", out, silence, NULL);
  expect_failure (&r, 1, "and the others only 2 silent windows", out);
  r = features ("-o", nodir, clip, NULL);
  expect_failure (&r, 1, "cannot write ", NULL);
  r = features ("-o", out, NULL);
  expect_failure (&r, 2, "no file or folder given", out);
  r = features ("--labelled", "-o", out, set_dir, set_dir, NULL);
  expect_failure (&r, 2, "--labelled takes one SET", out);
  r = features ("--labelled", "-o", out, missing, NULL);
  expect_failure (&r, 1, "missing.wav", out);
  r = features ("--groups", "x.tsv", "-o", out, clip, NULL);
  expect_failure (&r, 2, "it goes with --labelled", out);
  r = features ("--degrade", "mp3-320k", "-o", out, clip, NULL);
  expect_failure (&r, 2, "--degrade: unknown chain \"mp3-320k\"", out);

  /* Without --strict a bad file is a warning; the others are written. */
  r = features ("-o", out, bad, clip, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.err, "warning: "));
  g_assert_nonnull (strstr (r.out, "1 failed"));
  gc_test_spawn_clear (&r);
  g_assert_true (g_file_test (out, G_FILE_TEST_IS_REGULAR));

  /* No temporary file (OUT.csv.XXXXXX) is left behind by the failures. */
  dir = g_dir_open (tmp_root, 0, NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_assert_null (strstr (name, ".csv."));
  g_dir_close (dir);

  g_free (out);
  g_free (bad);
  g_free (missing);
  g_free (txt);
  g_free (nodir);
  g_free (clip);
  g_free (silence);
}

/* ---- the set ----------------------------------------------------------- */

/* gc-test-make-set's 2 clips per genre of 5 s (WAV, FLAC, Ogg), one
 * renamed so that its path needs quoting, and 4 s of digital silence. */
static void
make_set (void)
{
  const char *args[] = { GC_MAKE_SET, "--clips", "2", "--seconds", "5",
    "--seed", "7", set_dir, NULL };
  char *from = g_build_filename (set_dir, "tones", "tones-00.wav", NULL);
  char *to = g_build_filename (set_dir, "tones", set_files[4][0] + 6, NULL);
  char *silence = g_build_filename (set_dir, "tones", "silence.wav", NULL);
  char *desc = g_strdup_printf ("audiotestsrc wave=silence "
                                "samplesperbuffer=22050 num-buffers=4 ! "
                                "audio/x-raw,rate=22050,channels=1 ! wavenc "
                                "! filesink location=\"%s\"",
      silence);
  GError *error = NULL;
  GstElement *p;
  GstMessage *msg;
  GcTestSpawn r = gc_test_spawn_argv (args);

  g_assert_cmpint (r.status, ==, 0);
  gc_test_spawn_clear (&r);
  g_assert_cmpint (g_rename (from, to), ==, 0);
  p = gst_parse_launch (desc, &error);
  g_assert_no_error (error);
  gst_element_set_state (p, GST_STATE_PLAYING);
  msg = gst_bus_timed_pop_filtered (GST_ELEMENT_BUS (p), 30 * GST_SECOND,
      GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  g_assert_nonnull (msg);
  g_assert_cmpint (GST_MESSAGE_TYPE (msg), ==, GST_MESSAGE_EOS);
  gst_message_unref (msg);
  gst_element_set_state (p, GST_STATE_NULL);
  gst_object_unref (p);
  for (guint i = 0; i < G_N_ELEMENTS (set_files); i++) {
    char *path = g_build_filename (set_dir, set_files[i][0], NULL);

    g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
    g_free (path);
  }
  g_free (desc);
  g_free (silence);
  g_free (from);
  g_free (to);
}

int
main (int argc, char **argv)
{
  int status;

  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

  tmp_root = g_dir_make_tmp ("gc-features-XXXXXX", NULL);
  g_assert_nonnull (tmp_root);
  /* Relative paths in the list file are relative to it: tmp_root/set. */
  set_dir = tmp_path ("set");
  cache_dir = tmp_path ("cache");
  make_set ();

  g_test_add_func ("/features/names-seed-212", test_names_seed);
  g_test_add_func ("/features/names-robust-281", test_names_robust);
  g_test_add_func ("/features/csv-fields", test_csv_fields);
  g_test_add_func ("/features/csv-numbers", test_csv_numbers);
  g_test_add_func ("/features/csv-numbers-comma", test_csv_numbers_comma);
  g_test_add_func ("/features/npy-header", test_npy_header);
  g_test_add_func ("/features/format-names", test_format_names);
  g_test_add_data_func ("/features/export-seed-212",
      GINT_TO_POINTER (GC_FEATURES_SEED212), test_export);
  g_test_add_data_func ("/features/export-robust-281",
      GINT_TO_POINTER (GC_FEATURES_ROBUST281), test_export);
  g_test_add_func ("/features/numpy-load", test_numpy_load);
  g_test_add_func ("/features/columns", test_columns);
  g_test_add_func ("/features/bad-inputs", test_bad_inputs);
  status = g_test_run ();

  if (g_getenv ("GC_KEEP_TMP") == NULL)
    gc_test_remove_tree (tmp_root);
  g_free (tmp_root);
  g_free (set_dir);
  g_free (cache_dir);
  gst_deinit ();
  return status;
}
