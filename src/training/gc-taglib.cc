/* genreclassify-tag — the genre in a file's tags, edited in place with
 * TagLib
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Every format's own tag is edited through its own class (not the generic
 * Tag interface, which would write into every tag of a TagUnion, nor the
 * PropertyMap, which drops what it cannot map): only the frames or items
 * of the genre and the distribution are replaced.
 */
#include "config.h"

#include <string.h>

#include <vector>

#include <taglib/aifffile.h>
#include <taglib/apefile.h>
#include <taglib/apetag.h>
#include <taglib/commentsframe.h>
#include <taglib/fileref.h>
#include <taglib/flacfile.h>
#include <taglib/id3v1tag.h>
#include <taglib/id3v2tag.h>
#include <taglib/infotag.h>
#include <taglib/mp4file.h>
#include <taglib/mpegfile.h>
#include <taglib/oggflacfile.h>
#include <taglib/opusfile.h>
#include <taglib/speexfile.h>
#include <taglib/textidentificationframe.h>
#include <taglib/tpropertymap.h>
#include <taglib/tfilestream.h>
#include <taglib/vorbisfile.h>
#include <taglib/wavfile.h>
#include <taglib/wavpackfile.h>
#include <taglib/xiphcomment.h>

#include "gc-distribution.h"
#include "gc-tag-error.h"
#include "gc-taglib.h"

namespace
{

using TagLib::String;

const char DISTRIBUTION_KEY[] = GC_DISTRIBUTION_KEY;
const char MP4_GENRE[] = "\251gen";
const char MP4_DISTRIBUTION[] = "----:com.apple.iTunes:" GC_DISTRIBUTION_KEY;
/* Quod Libet writes the keys it has no ID3 frame for, among them the
 * Quod Libet plugin's genre_distribution and genre_person, as TXXX frames
 * described "QuodLibet::key"; TagLib's property map names them
 * "QUODLIBET::KEY".  Read where the project's own frames are absent. */
const char QUODLIBET_TXXX_PREFIX[] = "QUODLIBET::";

enum class Kind {
  NONE,
  MPEG,
  OGG_VORBIS,
  OGG_OPUS,
  OGG_SPEEX,
  OGG_FLAC,
  FLAC,
  MP4,
  WAV,
  AIFF,
  WAVPACK,
  APE,
};

String
utf8 (const char *s)
{
  return String (s, String::UTF8);
}

char *
to_c (const String &s)
{
  return g_strdup (s.to8Bit (true).c_str ());
}

/* The first four bytes of Matroska and WebM (an EBML header). */
bool
is_ebml (const char *path)
{
  TagLib::FileStream stream (path, true);
  TagLib::ByteVector magic ("\x1a\x45\xdf\xa3", 4);

  return stream.isOpen () && stream.readBlock (4) == magic;
}

/* Which format @path is: the one its @name's extension says when the
 * content agrees, else the first whose content fits (MPEG last: its test,
 * a frame sync anywhere at the start, is the loosest). */
Kind
detect (const char *path, const char *name)
{
  const char *dot = strrchr (name, '.');
  char *ext = g_ascii_strdown (dot ? dot + 1 : "", -1);
  TagLib::FileStream stream (path, true);
  Kind kind = Kind::NONE;
  struct {
    Kind kind;
    const char *exts;
    bool (*fits) (TagLib::IOStream *);
  } const kinds[] = {
    { Kind::FLAC, " flac ", TagLib::FLAC::File::isSupported },
    { Kind::OGG_VORBIS, " ogg oga ", TagLib::Ogg::Vorbis::File::isSupported },
    { Kind::OGG_OPUS, " opus ogg oga ", TagLib::Ogg::Opus::File::isSupported },
    { Kind::OGG_FLAC, " oga ogg ", TagLib::Ogg::FLAC::File::isSupported },
    { Kind::OGG_SPEEX, " spx ogg oga ", TagLib::Ogg::Speex::File::isSupported },
    { Kind::MP4, " m4a m4b mp4 ", TagLib::MP4::File::isSupported },
    { Kind::WAV, " wav ", TagLib::RIFF::WAV::File::isSupported },
    { Kind::AIFF, " aif aiff aifc ", TagLib::RIFF::AIFF::File::isSupported },
    { Kind::WAVPACK, " wv ", TagLib::WavPack::File::isSupported },
    { Kind::APE, " ape ", TagLib::APE::File::isSupported },
    { Kind::MPEG, " mp3 mp2 ", TagLib::MPEG::File::isSupported },
  };
  char *key = g_strdup_printf (" %s ", ext);

  if (stream.isOpen ()) {
    for (const auto &k : kinds)
      if (*ext && strstr (k.exts, key) && k.fits (&stream)) {
        kind = k.kind;
        break;
      }
    for (const auto &k : kinds)
      if (kind == Kind::NONE && k.fits (&stream))
        kind = k.kind;
  }
  g_free (key);
  g_free (ext);
  return kind;
}

/* ---- damaged tags ------------------------------------------------------ */

/* TagLib parses a damaged tag as far as it can and writes back only that
 * part: a user's title or picture after the damage would be lost.  So the
 * structure of the tags is walked here first, independently, for the
 * formats where TagLib keeps quiet about it: a file whose tags do not hold
 * together is not written. */

guint32
le32 (const TagLib::ByteVector &d, size_t pos)
{
  return d.mid (pos, 4).toUInt (false);
}

/* A Vorbis comment (vendor, count, "KEY=value" fields) starting at @pos
 * of @d: fits in @d, ending at its end unless @trailing (Opus allows data
 * after the comments; Vorbis has its framing byte). */
bool
xiph_intact (const TagLib::ByteVector &d, size_t pos, bool trailing)
{
  guint32 count;

  if (pos + 4 > d.size () || le32 (d, pos) > d.size () - pos - 4)
    return false;
  pos += 4 + le32 (d, pos);
  if (pos + 4 > d.size ())
    return false;
  count = le32 (d, pos);
  pos += 4;
  for (guint32 i = 0; i < count; i++) {
    guint32 len;

    if (pos + 4 > d.size ())
      return false;
    len = le32 (d, pos);
    if (len > d.size () - pos - 4 || d.mid (pos + 4, len).find ('=') < 0)
      return false;
    pos += 4 + len;
  }
  return trailing || pos == d.size ();
}

/* FLAC's metadata blocks chain to the audio, and its VORBIS_COMMENT block
 * holds together. */
bool
flac_intact (const char *path)
{
  TagLib::FileStream stream (path, true);
  TagLib::ByteVector magic = stream.readBlock (4);
  bool last = false;

  if (magic != "fLaC")
    return true; /* after an ID3v2 tag: TagLib's own parsing decides */
  while (!last) {
    TagLib::ByteVector header = stream.readBlock (4);
    guint32 len;

    if (header.size () < 4)
      return false;
    last = (header[0] & 0x80) != 0;
    len = header.mid (1, 3).toUInt (0, 3, true);
    if ((header[0] & 0x7f) == 4) {
      TagLib::ByteVector block = stream.readBlock (len);

      if (block.size () != len || !xiph_intact (block, 0, false))
        return false;
    } else {
      stream.seek (len, TagLib::IOStream::Current);
      if (stream.tell () > stream.length ())
        return false;
    }
  }
  return true;
}

guint32
synchsafe (const TagLib::ByteVector &d, size_t pos)
{
  return (d[pos] & 0x7f) << 21 | (d[pos + 1] & 0x7f) << 14
      | (d[pos + 2] & 0x7f) << 7 | (d[pos + 3] & 0x7f);
}

/* An MP3's ID3v2 tag at its start: every frame (4-character id, size)
 * fits in the tag, up to the padding. */
bool
id3v2_intact (const char *path)
{
  TagLib::FileStream stream (path, true);
  TagLib::ByteVector head = stream.readBlock (10), tag;
  size_t pos = 10, end;
  int version;

  if (head.size () < 10 || !head.startsWith ("ID3"))
    return true;
  version = head[3];
  end = 10 + synchsafe (head, 6);
  /* unsynchronised tags and v2.2: TagLib's own parsing decides */
  if ((head[5] & 0x80) || (version != 3 && version != 4))
    return true;
  stream.seek (0);
  tag = stream.readBlock (end);
  if (tag.size () != end)
    return false;
  if (head[5] & 0x40) /* an extended header */
    pos += version == 4 ? synchsafe (tag, 10) : 4 + tag.toUInt (10, true);
  while (pos + 10 <= end && tag[pos] != 0) {
    guint32 size = tag.toUInt (pos + 4, true);

    for (int i = 0; i < 4; i++)
      if (!g_ascii_isupper (tag[pos + i]) && !g_ascii_isdigit (tag[pos + i]))
        return false;
    /* v2.4 sizes are synchsafe, though some writers forget */
    if (version == 4 && pos + 10 + synchsafe (tag, pos + 4) <= end)
      size = synchsafe (tag, pos + 4);
    if (size > end - pos - 10)
      return false;
    pos += 10 + size;
  }
  return pos <= end;
}

/* Do @path's tags hold together, where this can tell (@kind)? */
bool
tags_intact (Kind kind, const char *path)
{
  switch (kind) {
    case Kind::MPEG:
      return id3v2_intact (path);
    case Kind::FLAC:
      return flac_intact (path);
    case Kind::OGG_VORBIS: {
      TagLib::Ogg::Vorbis::File f (path, false);
      TagLib::ByteVector p = f.isValid () ? f.packet (1) : "";

      /* "\x03vorbis", the comment, the framing byte and maybe padding
       * (mutagen leaves some) */
      return p.size () > 7 && xiph_intact (p, 7, true);
    }
    case Kind::OGG_OPUS: {
      TagLib::Ogg::Opus::File f (path, false);
      TagLib::ByteVector p = f.isValid () ? f.packet (1) : "";

      return p.size () > 8 && xiph_intact (p, 8, true);
    }
    default:
      return true;
  }
}

/* Quod Libet's TXXX frames of KEY (described "QuodLibet::key", any case) */
std::vector<TagLib::ID3v2::UserTextIdentificationFrame *>
quodlibet_frames (TagLib::ID3v2::Tag *tag, const char *key)
{
  const String wanted = String (QUODLIBET_TXXX_PREFIX) + key;
  std::vector<TagLib::ID3v2::UserTextIdentificationFrame *> found;

  for (auto *frame : tag->frameList ("TXXX")) {
    auto *t =
        dynamic_cast<TagLib::ID3v2::UserTextIdentificationFrame *> (frame);

    if (t && t->description ().upper () == wanted)
      found.push_back (t);
  }
  return found;
}

/* ---- writing ----------------------------------------------------------- */

void
set_id3v2 (TagLib::ID3v2::Tag *tag, const char *genre, const char *dist)
{
  tag->setGenre (utf8 (genre));
  if (dist == NULL)
    return;
  /* every distribution comment goes, whatever its language; the others
   * stay as they are */
  TagLib::ID3v2::FrameList comments = tag->frameList ("COMM");
  for (auto *frame : comments) {
    auto *c = dynamic_cast<TagLib::ID3v2::CommentsFrame *> (frame);

    if (c && c->description ().upper () == DISTRIBUTION_KEY)
      tag->removeFrame (c);
  }
  auto *c = new TagLib::ID3v2::CommentsFrame (String::UTF8);
  c->setLanguage ("XXX");
  c->setDescription (DISTRIBUTION_KEY);
  c->setText (utf8 (dist));
  tag->addFrame (c);
  /* Quod Libet reads only its own copy: left stale, it would show the old
   * distribution and take the new genre for the person's */
  for (auto *t : quodlibet_frames (tag, DISTRIBUTION_KEY)) {
    t->setTextEncoding (String::UTF8);
    t->setText (utf8 (dist));
  }
}

/* The ID3v2 version to write: the file's, when TagLib can write it. */
TagLib::ID3v2::Version
id3v2_version (TagLib::ID3v2::Tag *tag)
{
  return tag->header ()->majorVersion () == 3 ? TagLib::ID3v2::v3
                                              : TagLib::ID3v2::v4;
}

void
set_xiph (TagLib::Ogg::XiphComment *xiph, const char *genre, const char *dist)
{
  xiph->addField ("GENRE", utf8 (genre), true);
  if (dist != NULL)
    xiph->addField (DISTRIBUTION_KEY, utf8 (dist), true);
}

void
set_ape (TagLib::APE::Tag *ape, const char *genre, const char *dist)
{
  ape->setGenre (utf8 (genre));
  if (dist != NULL)
    ape->addValue (DISTRIBUTION_KEY, utf8 (dist), true);
}

bool
write_mpeg (const char *path, const char *genre, const char *dist)
{
  TagLib::MPEG::File f (path, false);

  if (!f.isValid ())
    return false;
  set_id3v2 (f.ID3v2Tag (true), genre, dist);
  if (f.hasID3v1Tag ())
    f.ID3v1Tag ()->setGenre (utf8 (genre));
  if (f.hasAPETag ())
    set_ape (f.APETag (), genre, dist);
  /* DoNotDuplicate: no ID3v1 tag is made from the ID3v2 tag */
  return f.save (TagLib::MPEG::File::AllTags, TagLib::File::StripNone,
      id3v2_version (f.ID3v2Tag ()), TagLib::File::DoNotDuplicate);
}

bool
write_wav (const char *path, const char *genre, const char *dist)
{
  TagLib::RIFF::WAV::File f (path, false);

  if (!f.isValid ())
    return false;
  set_id3v2 (f.ID3v2Tag (), genre, dist);
  /* RIFF INFO's IGNR too, made when missing: GStreamer's wavparse and
   * many Windows programs read no ID3v2 in WAV */
  f.InfoTag ()->setGenre (utf8 (genre));
  return f.save (TagLib::RIFF::WAV::File::AllTags, TagLib::File::StripNone,
      id3v2_version (f.ID3v2Tag ()));
}

bool
write_aiff (const char *path, const char *genre, const char *dist)
{
  TagLib::RIFF::AIFF::File f (path, false);

  if (!f.isValid ())
    return false;
  set_id3v2 (f.tag (), genre, dist);
  return f.save (id3v2_version (f.tag ()));
}

bool
write_mp4 (const char *path, const char *genre, const char *dist)
{
  TagLib::MP4::File f (path, false);

  if (!f.isValid () || f.tag () == NULL)
    return false;
  f.tag ()->removeItem ("gnre"); /* an ID3v1 genre number would compete */
  f.tag ()->setItem (MP4_GENRE, TagLib::StringList (utf8 (genre)));
  if (dist != NULL)
    f.tag ()->setItem (MP4_DISTRIBUTION, TagLib::StringList (utf8 (dist)));
  return f.save ();
}

/* The Vorbis-comment formats: @F has xiphComment-like tag(). */
template <typename F>
bool
write_xiph (const char *path, const char *genre, const char *dist)
{
  F f (path, false);

  if (!f.isValid () || f.tag () == NULL)
    return false;
  set_xiph (f.tag (), genre, dist);
  return f.save ();
}

bool
write_flac (const char *path, const char *genre, const char *dist)
{
  TagLib::FLAC::File f (path, false);

  if (!f.isValid ())
    return false;
  set_xiph (f.xiphComment (true), genre, dist);
  return f.save ();
}

/* WavPack and Monkey's Audio: an APEv2 tag (made when there is none), and
 * the genre in an ID3v1 tag when the file has one. */
template <typename F>
bool
write_ape (const char *path, const char *genre, const char *dist)
{
  F f (path, false);

  if (!f.isValid ())
    return false;
  set_ape (f.APETag (true), genre, dist);
  if (f.hasID3v1Tag ())
    f.ID3v1Tag ()->setGenre (utf8 (genre));
  return f.save ();
}

/* ---- reading back ------------------------------------------------------ */

void
read_id3v2 (TagLib::ID3v2::Tag *tag, char **genre, char **dist)
{
  if (tag == NULL)
    return;
  if (!tag->genre ().isEmpty ())
    *genre = to_c (tag->genre ());
  for (auto *frame : tag->frameList ("COMM")) {
    auto *c = dynamic_cast<TagLib::ID3v2::CommentsFrame *> (frame);

    if (c && c->description ().upper () == DISTRIBUTION_KEY && *dist == NULL)
      *dist = to_c (c->text ());
  }
  if (*dist != NULL)
    return;
  for (auto *t : quodlibet_frames (tag, DISTRIBUTION_KEY)) {
    if (t->fieldList ().size () > 1) {
      *dist = to_c (t->fieldList ()[1]);
      return;
    }
  }
}

void
read_xiph (const TagLib::Ogg::XiphComment *xiph, char **genre, char **dist)
{
  if (xiph == NULL)
    return;
  const auto &fields = xiph->fieldListMap ();
  auto g = fields.find ("GENRE");
  auto d = fields.find (DISTRIBUTION_KEY);

  if (g != fields.end () && !g->second.isEmpty ())
    *genre = to_c (g->second.front ());
  if (d != fields.end () && !d->second.isEmpty ())
    *dist = to_c (d->second.front ());
}

void
read_ape (TagLib::APE::Tag *ape, char **genre, char **dist)
{
  if (ape == NULL)
    return;
  const auto &items = ape->itemListMap ();
  auto d = items.find (DISTRIBUTION_KEY);

  if (!ape->genre ().isEmpty ())
    *genre = to_c (ape->genre ());
  if (d != items.end ())
    *dist = to_c (d->second.toString ());
}

/* With @shown, a genre the format-specific read found none of is taken
 * from any tag the file has, as players show it (TagLib's tag union: an
 * MP3's ID3v1 or APE genre, a WAV's RIFF INFO IGNR...). */
template <typename F>
void
read_shown_genre (F &f, bool shown, char **genre)
{
  if (shown && *genre == NULL && f.isValid () && f.tag () != NULL
      && !f.tag ()->genre ().isEmpty ())
    *genre = to_c (f.tag ()->genre ());
}

/* Opens @path as @kind and reads (@shown: read_shown_genre()); false when
 * TagLib cannot read it. */
bool
read_kind (Kind kind, const char *path, bool shown, char **genre, char **dist)
{
  switch (kind) {
    case Kind::MPEG: {
      TagLib::MPEG::File f (path, false);

      read_id3v2 (f.isValid () ? f.ID3v2Tag () : NULL, genre, dist);
      read_shown_genre (f, shown, genre);
      return f.isValid ();
    }
    case Kind::WAV: {
      TagLib::RIFF::WAV::File f (path, false);

      read_id3v2 (f.isValid () ? f.ID3v2Tag () : NULL, genre, dist);
      read_shown_genre (f, shown, genre);
      return f.isValid ();
    }
    case Kind::AIFF: {
      TagLib::RIFF::AIFF::File f (path, false);

      read_id3v2 (f.isValid () ? f.tag () : NULL, genre, dist);
      read_shown_genre (f, shown, genre);
      return f.isValid ();
    }
    case Kind::MP4: {
      TagLib::MP4::File f (path, false);

      if (!f.isValid () || f.tag () == NULL)
        return false;
      if (f.tag ()->contains (MP4_GENRE))
        *genre = to_c (f.tag ()->item (MP4_GENRE).toStringList ().front ());
      if (f.tag ()->contains (MP4_DISTRIBUTION))
        *dist =
            to_c (f.tag ()->item (MP4_DISTRIBUTION).toStringList ().front ());
      read_shown_genre (f, shown, genre);
      return true;
    }
    case Kind::FLAC: {
      TagLib::FLAC::File f (path, false);

      read_xiph (f.isValid () ? f.xiphComment () : NULL, genre, dist);
      read_shown_genre (f, shown, genre);
      return f.isValid ();
    }
    case Kind::OGG_VORBIS: {
      TagLib::Ogg::Vorbis::File f (path, false);

      read_xiph (f.isValid () ? f.tag () : NULL, genre, dist);
      read_shown_genre (f, shown, genre);
      return f.isValid ();
    }
    case Kind::OGG_OPUS: {
      TagLib::Ogg::Opus::File f (path, false);

      read_xiph (f.isValid () ? f.tag () : NULL, genre, dist);
      read_shown_genre (f, shown, genre);
      return f.isValid ();
    }
    case Kind::OGG_SPEEX: {
      TagLib::Ogg::Speex::File f (path, false);

      read_xiph (f.isValid () ? f.tag () : NULL, genre, dist);
      read_shown_genre (f, shown, genre);
      return f.isValid ();
    }
    case Kind::OGG_FLAC: {
      TagLib::Ogg::FLAC::File f (path, false);

      read_xiph (f.isValid () ? f.tag () : NULL, genre, dist);
      read_shown_genre (f, shown, genre);
      return f.isValid ();
    }
    case Kind::WAVPACK: {
      TagLib::WavPack::File f (path, false);

      read_ape (f.isValid () ? f.APETag () : NULL, genre, dist);
      read_shown_genre (f, shown, genre);
      return f.isValid ();
    }
    case Kind::APE: {
      TagLib::APE::File f (path, false);

      read_ape (f.isValid () ? f.APETag () : NULL, genre, dist);
      read_shown_genre (f, shown, genre);
      return f.isValid ();
    }
    case Kind::NONE:
      break;
  }
  return false;
}

/* The format of @path, or an error saying why it has none this can tag. */
Kind
check_kind (const char *path, const char *name, GError **error)
{
  Kind kind = detect (path, name);

  if (kind == Kind::OGG_FLAC) {
    /* seen with 1.13: the rewritten comment packet loses its
     * last-metadata-block flag, and GStreamer finds no audio after it */
    g_set_error (error, GC_TAG_WRITE_ERROR, GC_TAG_WRITE_ERROR_UNSUPPORTED,
        "%s: cannot write tags into Ogg FLAC files (TagLib %d.%d damages "
        "their headers; native FLAC works)",
        name, TAGLIB_MAJOR_VERSION, TAGLIB_MINOR_VERSION);
    return Kind::NONE;
  }
  if (kind != Kind::NONE)
    return kind;
  if (is_ebml (path))
    g_set_error (error, GC_TAG_WRITE_ERROR, GC_TAG_WRITE_ERROR_UNSUPPORTED,
        "%s: cannot write tags into Matroska or WebM files (TagLib %d.%d "
        "does not support them)",
        name, TAGLIB_MAJOR_VERSION, TAGLIB_MINOR_VERSION);
  else
    g_set_error (error, GC_TAG_WRITE_ERROR, GC_TAG_WRITE_ERROR_UNSUPPORTED,
        "%s: cannot write tags into this kind of file (supported: MP3, "
        "Ogg Vorbis, Opus, Speex, FLAC, MP4/M4A, WAV, AIFF, "
        "WavPack, APE)",
        name);
  return Kind::NONE;
}

} // namespace

gboolean
gc_taglib_supports (const char *path, GError **error)
{
  return check_kind (path, path, error) != Kind::NONE;
}

gboolean
gc_taglib_write (const char *path, const char *name, const char *genre,
    const char *distribution, GError **error)
{
  Kind kind = check_kind (path, name, error);
  bool ok = false;

  g_return_val_if_fail (genre != NULL, FALSE);
  if (kind == Kind::NONE)
    return FALSE;
  {
    /* a tag TagLib cannot parse must not be written back without the
     * parts it skipped: refuse the files it does not call valid */
    char *g = NULL, *d = NULL;
    bool readable = read_kind (kind, path, false, &g, &d);

    g_free (g);
    g_free (d);
    if (!readable) {
      g_set_error (error, GC_TAG_WRITE_ERROR, GC_TAG_WRITE_ERROR_READ,
          "%s: TagLib cannot read this file (damaged tags or audio?)", name);
      return FALSE;
    }
    if (!tags_intact (kind, path)) {
      g_set_error (error, GC_TAG_WRITE_ERROR, GC_TAG_WRITE_ERROR_READ,
          "%s: the file's tags are damaged (a size points past their end); "
          "writing would lose what follows the damage, so the file is left "
          "as it is",
          name);
      return FALSE;
    }
  }
  switch (kind) {
    case Kind::MPEG:
      ok = write_mpeg (path, genre, distribution);
      break;
    case Kind::WAV:
      ok = write_wav (path, genre, distribution);
      break;
    case Kind::AIFF:
      ok = write_aiff (path, genre, distribution);
      break;
    case Kind::MP4:
      ok = write_mp4 (path, genre, distribution);
      break;
    case Kind::FLAC:
      ok = write_flac (path, genre, distribution);
      break;
    case Kind::OGG_VORBIS:
      ok = write_xiph<TagLib::Ogg::Vorbis::File> (path, genre, distribution);
      break;
    case Kind::OGG_OPUS:
      ok = write_xiph<TagLib::Ogg::Opus::File> (path, genre, distribution);
      break;
    case Kind::OGG_SPEEX:
      ok = write_xiph<TagLib::Ogg::Speex::File> (path, genre, distribution);
      break;
    case Kind::OGG_FLAC:
      ok = write_xiph<TagLib::Ogg::FLAC::File> (path, genre, distribution);
      break;
    case Kind::WAVPACK:
      ok = write_ape<TagLib::WavPack::File> (path, genre, distribution);
      break;
    case Kind::APE:
      ok = write_ape<TagLib::APE::File> (path, genre, distribution);
      break;
    case Kind::NONE:
      break;
  }
  if (!ok)
    g_set_error (error, GC_TAG_WRITE_ERROR, GC_TAG_WRITE_ERROR_WRITE,
        "%s: TagLib could not save the tags", name);
  return ok;
}

/* gc_taglib_read() and gc_taglib_read_shown(). */
static gboolean
read_tags (const char *path, const char *name, bool shown, char **genre,
    char **distribution, GError **error)
{
  Kind kind = check_kind (path, name, error);

  *genre = NULL;
  *distribution = NULL;
  if (kind == Kind::NONE)
    return FALSE;
  if (!read_kind (kind, path, shown, genre, distribution)) {
    g_clear_pointer (genre, g_free);
    g_clear_pointer (distribution, g_free);
    g_set_error (error, GC_TAG_WRITE_ERROR, GC_TAG_WRITE_ERROR_READ,
        "%s: TagLib cannot read this file", name);
    return FALSE;
  }
  return TRUE;
}

gboolean
gc_taglib_read (const char *path, const char *name, char **genre,
    char **distribution, GError **error)
{
  return read_tags (path, name, false, genre, distribution, error);
}

gboolean
gc_taglib_read_shown (
    const char *path, char **genre, char **distribution, GError **error)
{
  return read_tags (path, path, true, genre, distribution, error);
}

/* The first non-blank value of @key in @props, or NULL. */
static char *
first_value (const TagLib::PropertyMap &props, const char *key)
{
  auto it = props.find (key);

  if (it == props.end ())
    return NULL;
  for (const auto &v : it->second)
    if (!v.stripWhiteSpace ().isEmpty ())
      return to_c (v);
  return NULL;
}

gboolean
gc_taglib_read_label_tags (
    const char *path, GcTaglibLabelTags *tags, GError **error)
{
  GPtrArray *genres = g_ptr_array_new ();
  char *shown = NULL;

  memset (tags, 0, sizeof (*tags));
  {
    /* The property map: each format's fields under common names, with
     * every value of a multi-valued field (Vorbis comments, ID3v2.4). */
    TagLib::FileRef f (path, false);

    if (f.isNull () || f.file () == NULL || !f.file ()->isValid ()) {
      g_ptr_array_free (genres, TRUE);
      g_set_error (error, GC_TAG_WRITE_ERROR, GC_TAG_WRITE_ERROR_READ,
          "TagLib cannot read the tags of this file");
      return FALSE;
    }
    const TagLib::PropertyMap props = f.file ()->properties ();
    auto g = props.find ("GENRE");

    if (g != props.end ())
      for (const auto &v : g->second)
        g_ptr_array_add (genres, to_c (v));
    tags->album_artist = first_value (props, "ALBUMARTIST");
    tags->artist = first_value (props, "ARTIST");
    tags->distribution = first_value (props, DISTRIBUTION_KEY);
    tags->person_genre = first_value (props, GC_PERSON_GENRE_KEY);
    if (tags->person_genre == NULL)
      tags->person_genre = first_value (props,
          (String (QUODLIBET_TXXX_PREFIX) + GC_PERSON_GENRE_KEY)
              .toCString (true));
    char *compilation = first_value (props, "COMPILATION");
    tags->compilation = compilation && strcmp (compilation, "0") != 0;
    g_free (compilation);
  }
  /* Where the map has no genre or distribution (a WAV's RIFF INFO, an
   * ID3v2 comment frame), the places genreclassify-tag reads and writes;
   * a format it cannot write has nothing more there. */
  if (genres->len == 0 || tags->distribution == NULL) {
    char *dist = NULL;

    if (read_tags (path, path, true, &shown, &dist, NULL)) {
      if (genres->len == 0 && shown)
        g_ptr_array_add (genres, g_steal_pointer (&shown));
      if (tags->distribution == NULL)
        tags->distribution = g_steal_pointer (&dist);
    }
    g_free (shown);
    g_free (dist);
  }
  g_ptr_array_add (genres, NULL);
  tags->genres = (char **)g_ptr_array_free (genres, FALSE);
  return TRUE;
}

void
gc_taglib_label_tags_clear (GcTaglibLabelTags *tags)
{
  g_strfreev (tags->genres);
  g_free (tags->album_artist);
  g_free (tags->artist);
  g_free (tags->distribution);
  g_free (tags->person_genre);
  memset (tags, 0, sizeof (*tags));
}
