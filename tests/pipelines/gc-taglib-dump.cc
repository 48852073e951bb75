/* genreclassify — what TagLib reads in a file, for the tag-writing tests
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 *   gc-taglib-dump FILE
 *
 * One "KEY=value" line per value of the file's PropertyMap (TagLib's
 * unified view of its tags, keys sorted; "\\" and "\n" escaped), then
 * "~unsupported=ID" for each tag item TagLib keeps but cannot map, then the
 * audio properties
 * "~length_ms", "~sample_rate", "~channels".  Exit status 1 when TagLib
 * cannot read the file.  (Debian does not package TagLib's own tagreader.)
 */
#include <iostream>

#include <taglib/fileref.h>
#include <taglib/mp4file.h>
#include <taglib/tpropertymap.h>

/* One line per value: backslashes and line breaks escaped. */
static std::string
escaped (const TagLib::String &s)
{
  std::string out;

  for (char c : s.to8Bit (true)) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '\n')
      out += "\\n";
    else
      out += c;
  }
  return out;
}

int
main (int argc, char **argv)
{
  if (argc != 2) {
    std::cerr << "usage: gc-taglib-dump FILE\n";
    return 2;
  }
  TagLib::FileRef f (argv[1]);

  if (f.isNull () || f.file () == nullptr || !f.file ()->isValid ()) {
    std::cerr << argv[1] << ": TagLib cannot read it\n";
    return 1;
  }
  TagLib::PropertyMap props = f.file ()->properties ();

  for (const auto &kv : props)
    for (const auto &v : kv.second)
      std::cout << escaped (kv.first) << "=" << escaped (v) << "\n";
  for (const auto &u : props.unsupportedData ())
    std::cout << "~unsupported=" << u.to8Bit (true) << "\n";
  /* MP4 freeform items TagLib 1.13 does not map (GENRE_DISTRIBUTION) */
  if (auto *mp4 = dynamic_cast<TagLib::MP4::File *> (f.file ()))
    for (const auto &item : mp4->tag ()->itemMap ())
      if (item.first.startsWith ("----") && !props.contains (item.first))
        for (const auto &v : item.second.toStringList ())
          std::cout << escaped (item.first) << "=" << escaped (v) << "\n";
  if (f.audioProperties () != nullptr) {
    std::cout << "~length_ms=" << f.audioProperties ()->lengthInMilliseconds ()
              << "\n~sample_rate=" << f.audioProperties ()->sampleRate ()
              << "\n~channels=" << f.audioProperties ()->channels () << "\n";
  }
  return 0;
}
