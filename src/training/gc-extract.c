/* genreclassify — features of many files, in parallel, with the cache
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <string.h>

#include "gc-decoders.h"
#include "gc-extract.h"

typedef struct {
  const GcWindowSpec *spec;
  GcFeatureCache *cache;
  GcProgress *progress;
  gboolean stop_on_error;
  GCancellable *cancellable;
  GMutex lock;
  GcExtractStats *stats;
} Run;

guint
gc_extract_default_threads (void)
{
  return MAX (g_get_num_processors (), 1);
}

static void
work (gpointer data, gpointer user_data)
{
  GcExtractJob *job = data;
  Run *run = user_data;
  char *path = g_filename_display_name (job->path);
  char *display = job->chain
      ? g_strdup_printf ("%s [%s]", path, job->chain->name)
      : g_strdup (path);
  gint64 t0 = g_get_monotonic_time ();

  if (g_cancellable_is_cancelled (run->cancellable)) {
    job->error = g_error_new (GC_DECODE_ERROR, GC_DECODE_ERROR_CANCELLED,
        "%s: skipped after an earlier error", display);
    g_mutex_lock (&run->lock);
    run->stats->n_skipped++;
    g_mutex_unlock (&run->lock);
    g_free (display);
    g_free (path);
    return;
  }
  if (run->progress)
    gc_progress_start_item (run->progress, display);
  job->features = gc_features_get_chain (job->path, run->spec, job->chain,
      job->seed, run->cache, run->cancellable, &job->source, &job->sha256,
      &job->error);
  job->seconds = (g_get_monotonic_time () - t0) / 1e6;
  if (job->error && job->chain)
    g_prefix_error (&job->error, "[%s] ", job->chain->name);
  if (job->error && job->origin)
    g_prefix_error (&job->error, "%s: ", job->origin);

  g_mutex_lock (&run->lock);
  if (job->features == NULL) {
    if (g_error_matches (
            job->error, GC_DECODE_ERROR, GC_DECODE_ERROR_CANCELLED))
      run->stats->n_skipped++;
    else
      run->stats->n_failed++;
  } else if (job->source == GC_FEATURES_CACHED) {
    run->stats->n_cached++;
  } else {
    run->stats->n_decoded++;
    run->stats->audio_seconds += job->features->duration;
  }
  g_mutex_unlock (&run->lock);

  if (job->features == NULL
      && !g_error_matches (
          job->error, GC_DECODE_ERROR, GC_DECODE_ERROR_CANCELLED)) {
    if (run->progress)
      gc_progress_print (run->progress, "warning: %s", job->error->message);
    if (run->stop_on_error)
      g_cancellable_cancel (run->cancellable);
  }
  if (run->progress)
    gc_progress_item_done (run->progress, display);
  g_free (display);
  g_free (path);
}

void
gc_extract_run (GcExtractJob *jobs, guint n_jobs, const GcWindowSpec *spec,
    GcFeatureCache *cache, guint n_threads, GcProgress *progress,
    gboolean stop_on_error, GcExtractStats *stats)
{
  Run run = { spec, cache, progress, stop_on_error, g_cancellable_new () };
  GcExtractStats local = { 0 };
  gint64 t0 = g_get_monotonic_time ();
  GThreadPool *pool;

  g_mutex_init (&run.lock);
  run.stats = stats ? stats : &local;
  memset (run.stats, 0, sizeof (*run.stats));
  if (n_threads == 0)
    n_threads = gc_extract_default_threads ();
  n_threads = MIN (n_threads, MAX (n_jobs, 1));

  pool = g_thread_pool_new (work, &run, (gint)n_threads, TRUE, NULL);
  for (guint i = 0; i < n_jobs; i++)
    g_thread_pool_push (pool, &jobs[i], NULL);
  /* Waits for every job. */
  g_thread_pool_free (pool, FALSE, TRUE);

  run.stats->seconds = (g_get_monotonic_time () - t0) / 1e6;
  g_mutex_clear (&run.lock);
  g_object_unref (run.cancellable);
}

char *
gc_extract_decoders (const GcExtractJob *jobs, guint n_jobs)
{
  const char **lists = g_new0 (const char *, MAX (n_jobs, 1));
  char *merged;

  for (guint i = 0; i < n_jobs; i++)
    lists[i] = jobs[i].features ? jobs[i].features->decoders : NULL;
  merged = gc_decoders_merge (lists, n_jobs);
  g_free (lists);
  return merged;
}

void
gc_extract_clear (GcExtractJob *jobs, guint n_jobs)
{
  for (guint i = 0; i < n_jobs; i++) {
    gc_file_features_free (jobs[i].features);
    jobs[i].features = NULL;
    g_clear_error (&jobs[i].error);
    g_clear_pointer (&jobs[i].sha256, g_free);
  }
}
