/* genreclassify — per-file feature cache
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Entry layout (native byte order, which the header records):
 *   "GCFEAT01"                 8 bytes
 *   byte-order mark            u32 0x01020304
 *   key length, key text       u32, bytes (the full key, compared on read)
 *   duration                   f64
 *   analysis samples           u64
 *   restarts, windows          u32, u32
 *   decoders                   u32 length, text (GcFileFeatures.decoders)
 *   per window:                u32 index, u32 status, u64 start,
 *                              u64 timestamp, u64 duration, u64 n_samples,
 *                              u64 n_invalid, dimension × f64 (the
 *                              feature set's, which the key names)
 *   SHA-256 of all the above   32 bytes
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gstdio.h>

#include "gc-decoders.h"
#include "gc-feature-cache.h"

#define MAGIC "GCFEAT01"
#define MAGIC_LEN 8
#define BOM 0x01020304u
#define CACHE_FORMAT 2
#define DIGEST_LEN 32
#define WINDOW_BYTES(dim) (2 * 4 + 5 * 8 + (gsize)(dim)*8)
/* An entry larger than this is not ours (a 3600-s hop over days of audio
 * would still fit). */
#define MAX_ENTRY_BYTES (512u * 1024 * 1024)

struct _GcFeatureCache {
  char *dir;
  gint hits, corrupt, stored, store_errors;
  GMutex lock;
  char *first_store_error;
};

char *
gc_feature_cache_default_dir (void)
{
  return g_build_filename (g_get_user_cache_dir (), "genreclassify", NULL);
}

GcFeatureCache *
gc_feature_cache_new (const char *dir)
{
  GcFeatureCache *c = g_new0 (GcFeatureCache, 1);

  c->dir = dir ? g_strdup (dir) : gc_feature_cache_default_dir ();
  g_mutex_init (&c->lock);
  return c;
}

void
gc_feature_cache_free (GcFeatureCache *c)
{
  if (c == NULL)
    return;
  g_free (c->dir);
  g_free (c->first_store_error);
  g_mutex_clear (&c->lock);
  g_free (c);
}

const char *
gc_feature_cache_get_dir (const GcFeatureCache *c)
{
  return c->dir;
}

guint
gc_feature_cache_n_hits (const GcFeatureCache *c)
{
  return (guint)g_atomic_int_get (&c->hits);
}

guint
gc_feature_cache_n_corrupt (const GcFeatureCache *c)
{
  return (guint)g_atomic_int_get (&c->corrupt);
}

guint
gc_feature_cache_n_stored (const GcFeatureCache *c)
{
  return (guint)g_atomic_int_get (&c->stored);
}

guint
gc_feature_cache_n_store_errors (const GcFeatureCache *c)
{
  return (guint)g_atomic_int_get (&c->store_errors);
}

char *
gc_feature_cache_get_store_error (GcFeatureCache *c)
{
  char *s;

  g_mutex_lock (&c->lock);
  s = g_strdup (c->first_store_error);
  g_mutex_unlock (&c->lock);
  return s;
}

char *
gc_file_sha256 (const char *path, GError **error)
{
  GChecksum *sum;
  FILE *f;
  guchar *buf;
  size_t n;
  char *hex = NULL, *display;
  int saved;

  f = g_fopen (path, "rb");
  if (f == NULL) {
    saved = errno;
    display = g_filename_display_name (path);
    g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
        "%s: cannot read: %s", display, g_strerror (saved));
    g_free (display);
    return NULL;
  }
  sum = g_checksum_new (G_CHECKSUM_SHA256);
  buf = g_malloc (1 << 20);
  while ((n = fread (buf, 1, 1 << 20, f)) > 0)
    g_checksum_update (sum, buf, n);
  if (ferror (f)) {
    saved = errno;
    display = g_filename_display_name (path);
    g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
        "%s: cannot read: %s", display, g_strerror (saved));
    g_free (display);
  } else {
    hex = g_strdup (g_checksum_get_string (sum));
  }
  fclose (f);
  g_free (buf);
  g_checksum_free (sum);
  return hex;
}

/* Everything the vectors depend on.  A recording chain adds its own lines
 * (gc_chain_key()); the files as they are keep the key they always had. */
static char *
make_key (const char *sha256, const GcWindowSpec *spec, const char *chain_key)
{
  gsize w, h, m;

  gc_window_spec_samples (spec, &w, &h, &m);
  return g_strdup_printf ("genreclassify feature cache %d\n"
                          "genreclassify %s\n"
                          "gstreamer %d.%d\n"
                          "feature-set %s %d revision %u\n"
                          "analysis-rate %d\n"
                          "window %" G_GSIZE_FORMAT "\n"
                          "hop %" G_GSIZE_FORMAT "\n"
                          "min-window %" G_GSIZE_FORMAT "\n"
                          "decoder-preference %s\n"
                          "content-sha256 %s\n"
                          "%s",
      CACHE_FORMAT, VERSION, GST_VERSION_MAJOR, GST_VERSION_MINOR,
      gc_feature_set_name (spec->features),
      gc_feature_set_dimension (spec->features),
      gc_feature_set_revision (spec->features), GC_ANALYSIS_RATE, w, h, m,
      gc_decoders_preference (), sha256, chain_key ? chain_key : "");
}

char *
gc_feature_cache_entry_path (const GcFeatureCache *c, const char *sha256,
    const GcWindowSpec *spec, const char *chain_key)
{
  char *key = make_key (sha256, spec, chain_key);
  char *name = g_compute_checksum_for_string (G_CHECKSUM_SHA256, key, -1);
  char sub[3] = { name[0], name[1], 0 };
  char *file = g_strconcat (name, ".gcf", NULL);
  char *path = g_build_filename (c->dir, "features", sub, file, NULL);

  g_free (file);
  g_free (name);
  g_free (key);
  return path;
}

/* ---- serialisation ----------------------------------------------------- */

static void
put (GByteArray *b, const void *p, gsize n)
{
  g_byte_array_append (b, p, (guint)n);
}

static void
put_u32 (GByteArray *b, guint32 v)
{
  put (b, &v, 4);
}

static void
put_u64 (GByteArray *b, guint64 v)
{
  put (b, &v, 8);
}

typedef struct {
  const guint8 *p, *end;
} Reader;

static gboolean
get (Reader *r, void *out, gsize n)
{
  if ((gsize)(r->end - r->p) < n)
    return FALSE;
  memcpy (out, r->p, n);
  r->p += n;
  return TRUE;
}

static GcFileFeatures *
parse_entry (const guint8 *data, gsize len, const char *key, guint dim)
{
  Reader r = { data, data + len - DIGEST_LEN };
  guint8 digest[DIGEST_LEN];
  gsize digest_len = DIGEST_LEN;
  GChecksum *sum;
  guint32 bom, key_len, n_restarts, n_windows, decoders_len;
  GcFileFeatures *f;

  if (len < MAGIC_LEN + DIGEST_LEN || memcmp (data, MAGIC, MAGIC_LEN) != 0)
    return NULL;
  sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_checksum_update (sum, data, len - DIGEST_LEN);
  g_checksum_get_digest (sum, digest, &digest_len);
  g_checksum_free (sum);
  if (memcmp (digest, data + len - DIGEST_LEN, DIGEST_LEN) != 0)
    return NULL;

  r.p += MAGIC_LEN;
  if (!get (&r, &bom, 4) || bom != BOM || !get (&r, &key_len, 4)
      || key_len != strlen (key) || (gsize)(r.end - r.p) < key_len
      || memcmp (r.p, key, key_len) != 0)
    return NULL;
  r.p += key_len;

  f = g_new0 (GcFileFeatures, 1);
  if (!get (&r, &f->duration, 8) || !get (&r, &f->n_analysis_samples, 8)
      || !get (&r, &n_restarts, 4) || !get (&r, &n_windows, 4)
      || !get (&r, &decoders_len, 4) || (gsize)(r.end - r.p) < decoders_len
      || memchr (r.p, 0, decoders_len) != NULL) {
    g_free (f);
    return NULL;
  }
  f->decoders = g_strndup ((const char *)r.p, decoders_len);
  r.p += decoders_len;
  if ((gsize)(r.end - r.p) != (gsize)n_windows * WINDOW_BYTES (dim)) {
    gc_file_features_free (f);
    return NULL;
  }
  f->n_restarts = n_restarts;
  f->n_windows = n_windows;
  f->windows = g_new0 (GcWindowResult, MAX (n_windows, 1));
  for (guint i = 0; i < n_windows; i++) {
    GcWindowResult *w = &f->windows[i];
    guint32 index = 0, status = 0;

    get (&r, &index, 4);
    get (&r, &status, 4);
    get (&r, &w->start, 8);
    get (&r, &w->timestamp, 8);
    get (&r, &w->duration, 8);
    get (&r, &w->n_samples, 8);
    get (&r, &w->n_invalid, 8);
    get (&r, w->vector, dim * sizeof (double));
    if (status != GC_WINDOW_OK && status != GC_WINDOW_SILENT) {
      gc_file_features_free (f);
      return NULL;
    }
    w->index = index;
    w->status = (GcWindowStatus)status;
  }
  return f;
}

static GByteArray *
serialise (const GcFileFeatures *f, const char *key, guint dim)
{
  GByteArray *b = g_byte_array_new ();
  const char *decoders = f->decoders ? f->decoders : "";
  guint8 digest[DIGEST_LEN];
  gsize digest_len = DIGEST_LEN;
  GChecksum *sum;

  put (b, MAGIC, MAGIC_LEN);
  put_u32 (b, BOM);
  put_u32 (b, (guint32)strlen (key));
  put (b, key, strlen (key));
  put (b, &f->duration, 8);
  put_u64 (b, f->n_analysis_samples);
  put_u32 (b, f->n_restarts);
  put_u32 (b, f->n_windows);
  put_u32 (b, (guint32)strlen (decoders));
  put (b, decoders, strlen (decoders));
  for (guint i = 0; i < f->n_windows; i++) {
    const GcWindowResult *w = &f->windows[i];

    put_u32 (b, w->index);
    put_u32 (b, (guint32)w->status);
    put_u64 (b, w->start);
    put_u64 (b, w->timestamp);
    put_u64 (b, w->duration);
    put_u64 (b, w->n_samples);
    put_u64 (b, w->n_invalid);
    put (b, w->vector, dim * sizeof (double));
  }
  sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_checksum_update (sum, b->data, b->len);
  g_checksum_get_digest (sum, digest, &digest_len);
  g_checksum_free (sum);
  put (b, digest, DIGEST_LEN);
  return b;
}

GcFileFeatures *
gc_feature_cache_lookup (GcFeatureCache *c, const char *sha256,
    const GcWindowSpec *spec, const char *chain_key)
{
  char *path = gc_feature_cache_entry_path (c, sha256, spec, chain_key);
  char *key = make_key (sha256, spec, chain_key);
  GcFileFeatures *f = NULL;
  gchar *data = NULL;
  gsize len = 0;
  GStatBuf st;

  if (g_stat (path, &st) == 0 && S_ISREG (st.st_mode)) {
    if ((guint64)st.st_size <= MAX_ENTRY_BYTES
        && g_file_get_contents (path, &data, &len, NULL))
      f = parse_entry ((const guint8 *)data, len, key,
          gc_feature_set_dimension (spec->features));
    if (f == NULL)
      g_atomic_int_inc (&c->corrupt);
    else
      g_atomic_int_inc (&c->hits);
  }
  g_free (data);
  g_free (key);
  g_free (path);
  return f;
}

gboolean
gc_feature_cache_store (GcFeatureCache *c, const char *sha256,
    const GcWindowSpec *spec, const char *chain_key,
    const GcFileFeatures *features, GError **error)
{
  char *path = gc_feature_cache_entry_path (c, sha256, spec, chain_key);
  char *key = make_key (sha256, spec, chain_key);
  char *dir = g_path_get_dirname (path);
  GByteArray *b = NULL;
  GError *err = NULL;
  gboolean ok = FALSE;

  if (g_mkdir_with_parents (dir, 0755) != 0) {
    int saved = errno;
    char *display = g_filename_display_name (dir);

    g_set_error (&err, G_FILE_ERROR, g_file_error_from_errno (saved),
        "cannot create the cache folder %s: %s", display, g_strerror (saved));
    g_free (display);
  } else {
    b = serialise (features, key, gc_feature_set_dimension (spec->features));
    /* g_file_set_contents() writes a temporary file and renames it. */
    ok = g_file_set_contents (path, (const gchar *)b->data, b->len, &err);
  }

  if (ok) {
    g_atomic_int_inc (&c->stored);
  } else {
    g_atomic_int_inc (&c->store_errors);
    g_mutex_lock (&c->lock);
    if (c->first_store_error == NULL)
      c->first_store_error = g_strdup (err->message);
    g_mutex_unlock (&c->lock);
    g_propagate_error (error, err);
  }
  if (b)
    g_byte_array_unref (b);
  g_free (dir);
  g_free (key);
  g_free (path);
  return ok;
}

GcFileFeatures *
gc_features_get (const char *path, const GcWindowSpec *spec,
    GcFeatureCache *cache, GCancellable *cancellable, GcFeatureSource *source,
    char **sha256, GError **error)
{
  return gc_features_get_chain (
      path, spec, NULL, 0, cache, cancellable, source, sha256, error);
}

GcFileFeatures *
gc_features_get_chain (const char *path, const GcWindowSpec *spec,
    const GcChain *chain, guint64 seed, GcFeatureCache *cache,
    GCancellable *cancellable, GcFeatureSource *source, char **sha256,
    GError **error)
{
  GcFileFeatures *f = NULL;
  char *hash = NULL, *chain_key = NULL;
  guint64 chain_seed = 0;

  /* A random chain's noise is seeded by the content, so it needs the hash
   * even without a cache. */
  if (cache || sha256 || (chain && gc_chain_is_random (chain))) {
    /* An unreadable file: let the decoder say why, in its words. */
    hash = gc_file_sha256 (path, NULL);
    if (chain) {
      chain_seed = gc_chain_file_seed (hash, seed);
      chain_key = gc_chain_key (chain, chain_seed);
    }
    if (hash && cache)
      f = gc_feature_cache_lookup (cache, hash, spec, chain_key);
  }
  if (f) {
    if (source)
      *source = GC_FEATURES_CACHED;
  } else {
    f = gc_decode_file_features_chain (
        path, spec, chain, chain_seed, cancellable, error);
    if (f == NULL) {
      g_free (hash);
      g_free (chain_key);
      return NULL;
    }
    if (cache && hash)
      gc_feature_cache_store (cache, hash, spec, chain_key, f, NULL);
    if (source)
      *source = GC_FEATURES_DECODED;
  }
  if (sha256)
    *sha256 = hash;
  else
    g_free (hash);
  g_free (chain_key);
  return f;
}
