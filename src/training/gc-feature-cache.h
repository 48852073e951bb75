/* genreclassify — per-file feature cache
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Decoding and analysing a file is the slow part of training and
 * evaluation; its result (a GcFileFeatures) is kept on disk, keyed by
 *
 *   the SHA-256 of the file's content (not its name or date: a renamed or
 *   touched file is still found, an edited one is not),
 *   the feature set, its dimension and revision (gc-features.h),
 *   the window, hop and min-window in analysis samples,
 *   the recording chain the file went through, if any (gc_chain_key():
 *   its name, its GStreamer description and processing, its seed),
 *   this cache format's version, genreclassify's version and GStreamer's
 *   major.minor version (decoders may change between releases).
 *
 * Entries live in DIR/features/XX/<sha256 of the key>.gcf, where DIR is
 * $XDG_CACHE_HOME/genreclassify (~/.cache/genreclassify) by default.  Each
 * is written to a temporary file and renamed into place (atomic; parallel
 * writers of the same entry are harmless) and ends with a SHA-256 of its
 * content: a truncated, corrupt or foreign entry is ignored, counted, and
 * rewritten.  The cache holds feature vectors only, never audio.
 *
 * A GcFeatureCache may be shared by any number of threads.
 */
#ifndef GC_FEATURE_CACHE_H
#define GC_FEATURE_CACHE_H

#include "gc-decode.h"

G_BEGIN_DECLS

typedef struct _GcFeatureCache GcFeatureCache;

/* $XDG_CACHE_HOME/genreclassify; free with g_free(). */
char *gc_feature_cache_default_dir (void);

/* @dir NULL: the default folder.  The folder is created on first store. */
GcFeatureCache *gc_feature_cache_new (const char *dir);
void gc_feature_cache_free (GcFeatureCache *cache);
const char *gc_feature_cache_get_dir (const GcFeatureCache *cache);

/* The hex SHA-256 of @path's content; free with g_free().  G_FILE_ERROR on
 * failure, with the path in the message. */
char *gc_file_sha256 (const char *path, GError **error);

/* The entry file for @sha256, @spec and @chain_key (gc_chain_key(); NULL:
 * the file as it is); free with g_free(). */
char *gc_feature_cache_entry_path (const GcFeatureCache *cache,
    const char *sha256, const GcWindowSpec *spec, const char *chain_key);

/* The cached features, or NULL (absent, unreadable or corrupt: a corrupt
 * entry is counted and will be overwritten by the next store). */
GcFileFeatures *gc_feature_cache_lookup (GcFeatureCache *cache,
    const char *sha256, const GcWindowSpec *spec, const char *chain_key);

/* Writes the entry atomically.  G_FILE_ERROR on failure; the first failure
 * is also remembered (gc_feature_cache_get_store_error()). */
gboolean gc_feature_cache_store (GcFeatureCache *cache, const char *sha256,
    const GcWindowSpec *spec, const char *chain_key,
    const GcFileFeatures *features, GError **error);

/* Counters since gc_feature_cache_new(). */
guint gc_feature_cache_n_hits (const GcFeatureCache *cache);
guint gc_feature_cache_n_corrupt (const GcFeatureCache *cache);
guint gc_feature_cache_n_stored (const GcFeatureCache *cache);
guint gc_feature_cache_n_store_errors (const GcFeatureCache *cache);
/* The first store error's message, or NULL; free with g_free(). */
char *gc_feature_cache_get_store_error (GcFeatureCache *cache);

/* Where a file's features came from. */
typedef enum {
  GC_FEATURES_DECODED,
  GC_FEATURES_CACHED,
} GcFeatureSource;

/* The features of @path: from @cache (may be NULL) if there, else decoded
 * with gc_decode_file_features() and stored (a failed store is not an
 * error: see gc_feature_cache_get_store_error()).  @source and @sha256 (the
 * content hash, computed even without a cache; free with g_free()) may be
 * NULL.  Errors are G_FILE_ERROR (hashing) or GC_DECODE_ERROR. */
GcFileFeatures *gc_features_get (const char *path, const GcWindowSpec *spec,
    GcFeatureCache *cache, GCancellable *cancellable, GcFeatureSource *source,
    char **sha256, GError **error);

/* The same through @chain (NULL: none; gc_decode_file_features_chain()),
 * cached under a key that includes the chain; @seed (the tools' --seed) is
 * mixed with the content hash for random chains (gc_chain_file_seed()). */
GcFileFeatures *gc_features_get_chain (const char *path,
    const GcWindowSpec *spec, const GcChain *chain, guint64 seed,
    GcFeatureCache *cache, GCancellable *cancellable, GcFeatureSource *source,
    char **sha256, GError **error);

G_END_DECLS

#endif
