/* genreclassify — features of many files, in parallel, with the cache
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * gc_extract_run() gets the features of every job's file with
 * gc_features_get() on a pool of worker threads, shows progress, and
 * reports each failure as a warning line as it happens.  Results land in
 * the jobs' own fields, so their order is the jobs' order whatever the
 * threads do.
 */
#ifndef GC_EXTRACT_H
#define GC_EXTRACT_H

#include "gc-feature-cache.h"
#include "gc-progress.h"

G_BEGIN_DECLS

typedef struct {
  const char *path; /* in */
  /* in, may be NULL: where the file was named ("LIST:LINE"), put before
   * the error message (gc_cli_extract() allocates it, gc_cli_jobs_free()
   * frees it) */
  char *origin;
  const GcChain *chain; /* in: the recording chain, NULL for none */
  guint64 seed; /* in: the random chains' seed (--seed) */
  GcFileFeatures *features; /* out, NULL on failure */
  GError *error; /* out, on failure */
  GcFeatureSource source; /* out */
  char *sha256; /* out: the content hash (NULL if unreadable) */
  double seconds; /* out: wall time spent on this file */
} GcExtractJob;

typedef struct {
  guint n_decoded, n_cached, n_failed, n_skipped;
  double seconds; /* wall time of the whole run */
  double audio_seconds; /* audio analysed (decoded files only) */
} GcExtractStats;

/* The number of processors, at least 1. */
guint gc_extract_default_threads (void);

/* @n_threads 0: gc_extract_default_threads().  @cache and @progress may
 * be NULL.  @stop_on_error: after the first failure, files not yet started
 * are skipped (their error says so).  Always returns with every job done. */
void gc_extract_run (GcExtractJob *jobs, guint n_jobs, const GcWindowSpec *spec,
    GcFeatureCache *cache, guint n_threads, GcProgress *progress,
    gboolean stop_on_error, GcExtractStats *stats);

/* The audio decoders the jobs' files were decoded with (their features'
 * decoders, gc_decoders_merge()d); free with g_free(). */
char *gc_extract_decoders (const GcExtractJob *jobs, guint n_jobs);

/* Frees the jobs' outputs (not the jobs array). */
void gc_extract_clear (GcExtractJob *jobs, guint n_jobs);

G_END_DECLS

#endif
