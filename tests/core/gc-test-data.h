/* genreclassify — test helpers: golden data files
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef GC_TEST_DATA_H
#define GC_TEST_DATA_H

#include <glib.h>

G_BEGIN_DECLS

/* The shared folder: $GENRECLASSIFY_SHARED, else the compiled-in default. */
const char *gc_test_shared_dir (void);

/* Reads a mono 32-bit float (or 16-bit PCM) WAV file; NULL on error. */
float *gc_test_read_wav (const char *path, gsize *n_samples, guint *rate);

/* Reads a CSV matrix of doubles (rows × cols, row-major); NULL on error. */
double *gc_test_read_csv (const char *path, gsize *rows, gsize *cols);

/* The whole of a text file; a file that cannot be read fails the test.
 * Free with g_free(). */
char *gc_test_read_text (const char *path);

/* Removes @path and, if it is a folder, everything below it (temporary
 * folders of the tests). */
void gc_test_remove_tree (const char *path);

/* A program run to its end: its exit status, standard output and error. */
typedef struct {
  int status;
  char *out, *err;
} GcTestSpawn;

/* Runs @argv (NULL-terminated, argv[0] a path) and waits; a crash (killed
 * by a signal) fails the test with its standard error.  The run is logged
 * with g_test_message().  Free with gc_test_spawn_clear(). */
GcTestSpawn gc_test_spawn_argv (const char *const *argv);
/* The same, with the arguments after @program, ending with NULL. */
GcTestSpawn gc_test_spawn (const char *program, ...) G_GNUC_NULL_TERMINATED;
void gc_test_spawn_clear (GcTestSpawn *run);

G_END_DECLS

#endif
