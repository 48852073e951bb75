#!/usr/bin/env python3
# genreclassify — --labels-from-tags reads the genre and the artist of
# every tag format a library holds
# SPDX-License-Identifier: GPL-2.0-or-later
#
#   test-tag-formats.py GENRECLASSIFY_TRAIN
#
# Encodes short clips with gst-launch-1.0 as MP3, MP4 and WAV, writes
# their genre, album artist and artist with mutagen the way other taggers
# do (ID3v2.4 and ID3v2.3 frames, an ID3v1 genre number, MP4 atoms, a WAV's
# "id3 " chunk) or by hand (a WAV's RIFF INFO list, which mutagen does not
# write), trains with --labels-from-tags and checks, file by file, the
# genre and group that --save-labels lists.  SKIP (77) without mutagen or
# gst-launch-1.0; the M4A of AAC audio is skipped, naming the package, when
# no AAC encoder is installed (MP4 of MP3 audio is tested either way).
import os
import shutil
import struct
import subprocess
import sys
import tempfile

try:
    import mutagen
    from mutagen import id3
    from mutagen.mp4 import MP4
    from mutagen.wave import WAVE
except ImportError:
    print("1..0 # SKIP python3-mutagen is not installed")
    sys.exit(77)

TRAIN = sys.argv[1]
GST_LAUNCH = shutil.which("gst-launch-1.0")
GST_INSPECT = shutil.which("gst-inspect-1.0")
if GST_LAUNCH is None or GST_INSPECT is None:
    print("1..0 # SKIP gst-launch-1.0 or gst-inspect-1.0 is not installed (Debian package "
          "gstreamer1.0-tools)")
    sys.exit(77)

n_tests = 0
failures = 0


def ok(cond, what, detail=""):
    global n_tests, failures
    n_tests += 1
    print("%sok %d - %s" % ("" if cond else "not ", n_tests, what))
    if not cond:
        failures += 1
        for line in str(detail).splitlines():
            print("# " + line)


def skip(what, why):
    global n_tests
    n_tests += 1
    print("ok %d - %s # SKIP %s" % (n_tests, what, why))


def have(element):
    return subprocess.run([GST_INSPECT, element],
                          capture_output=True).returncode == 0


def encode(path, wave, chain):
    """6 s of @wave (distinct per genre) through @chain into @path."""
    subprocess.run(
        [GST_LAUNCH, "-q", "audiotestsrc", "num-buffers=259",
         "wave=" + wave, "!", "audio/x-raw,rate=44100,channels=2", "!",
         "audioconvert", "!"] + chain.split() + ["!", "filesink",
                                                 "location=" + path],
        check=True, capture_output=True)


def id3_tags(path, version, genre, album_artist, artist):
    tags = id3.ID3()
    tags.add(id3.TCON(encoding=3, text=[genre]))
    if album_artist:
        tags.add(id3.TPE2(encoding=3, text=[album_artist]))
    if artist:
        tags.add(id3.TPE1(encoding=3, text=[artist]))
    tags.save(path, v2_version=version)


def compilation_tags(path, version, genre, album_artist, artist):
    """ID3 with the compilation flag (TCMP, iTunes' and beets')."""
    id3_tags(path, version, genre, album_artist, artist)
    tags = id3.ID3(path)
    tags.add(id3.TCMP(encoding=3, text=["1"]))
    tags.save(path, v2_version=version)


def quodlibet_tags(path, keys, genre, album_artist, artist):
    """ID3v2.4 as Quod Libet writes it: the keys it has no frame for, such
    as its genreclassify plugin's genre_distribution and genre_person, as
    TXXX frames described "QuodLibet::key"."""
    id3_tags(path, 4, genre, album_artist, artist)
    tags = id3.ID3(path)
    for key, value in keys.items():
        tags.add(id3.TXXX(encoding=3, desc="QuodLibet::" + key, text=[value]))
    tags.save(path, v2_version=4)


def mp4_tags(path, genre, album_artist, artist):
    f = MP4(path)
    f["\xa9gen"] = [genre]
    if album_artist:
        f["aART"] = [album_artist]
    if artist:
        f["\xa9ART"] = [artist]
    f.save()


def wav_id3_tags(path, genre, album_artist, artist):
    f = WAVE(path)  # an "id3 " chunk, as mutagen, foobar2000, Mp3tag write
    f.add_tags()
    f.tags.add(id3.TCON(encoding=3, text=[genre]))
    if album_artist:
        f.tags.add(id3.TPE2(encoding=3, text=[album_artist]))
    if artist:
        f.tags.add(id3.TPE1(encoding=3, text=[artist]))
    f.save()


def wav_info_tags(path, genre, album_artist, artist):
    """A RIFF LIST/INFO chunk (IGNR genre, IART artist; INFO has no album
    artist), as Windows Explorer and many WAV editors write."""
    assert album_artist is None
    subs = b""
    for key, value in [(b"IGNR", genre), (b"IART", artist)]:
        data = value.encode("utf-8") + b"\0"
        subs += key + struct.pack("<I", len(data)) + data
        if len(data) % 2:
            subs += b"\0"
    with open(path, "rb") as fh:
        data = fh.read()
    assert data[:4] == b"RIFF" and data[8:12] == b"WAVE"
    # the chunks but any INFO list (wavenc writes an empty one): one INFO
    body, pos = b"", 12
    while pos + 8 <= len(data):
        size = struct.unpack("<I", data[pos + 4:pos + 8])[0]
        end = pos + 8 + size + (size & 1)
        if data[pos:pos + 4] != b"LIST" or data[pos + 8:pos + 12] != b"INFO":
            body += data[pos:end]
        pos = end
    body += b"LIST" + struct.pack("<I", 4 + len(subs)) + b"INFO" + subs
    with open(path, "wb") as fh:
        fh.write(b"RIFF" + struct.pack("<I", 4 + len(body)) + b"WAVE" + body)


MP3 = "lamemp3enc"
MP4_OF_MP3 = "lamemp3enc ! mpegaudioparse ! mp4mux"
WAV = "wavenc"

# (file, encoder chain, tagger, tagger's extra argument, written genre,
#  album artist, artist, expected label, expected group); label None: the
#  file is left out of training
CASES = [
    ("id3v24.mp3", MP3, id3_tags, 4, "Blues", "Mp3 Band A",
     "Someone feat. Mp3 Band A", "Blues", "Mp3 Band A"),
    ("id3v23.mp3", MP3, id3_tags, 3, "Rock", "Mp3 Band B", None, "Rock",
     "Mp3 Band B"),
    # an ID3v1 genre number in TCON, as old taggers wrote it: 17 is Rock
    ("id3v23-number.mp3", MP3, id3_tags, 3, "(17)", None, "Mp3 Band C",
     "Rock", "Mp3 Band C"),
    ("id3v24-artist.mp3", MP3, id3_tags, 4, "Blues", None, "Mp3 Band D",
     "Blues", "Mp3 Band D"),
    # a compilation: its album artist gathers unrelated artists, so each
    # song's artist is its group (the flag, or the usual album artist)
    ("compilation-flag.mp3", MP3, compilation_tags, 4, "Rock",
     "Best of the Tests", "Mp3 Band E", "Rock", "Mp3 Band E"),
    ("various-artists.mp3", MP3, id3_tags, 4, "Blues", "Various Artists",
     "Mp3 Band F", "Blues", "Mp3 Band F"),
    # Quod Libet's plugin set this genre (its distribution names it
    # first): left out, never learnt from
    ("quodlibet-set.mp3", MP3, quodlibet_tags,
     {"genre_distribution": "blues=0.7000;rock=0.3000"}, "Blues",
     "Mp3 Band G", None, None, None),
    # ... and here it kept the person's genre, and recorded that it did
    ("quodlibet-kept.mp3", MP3, quodlibet_tags,
     {"genre_distribution": "rock=0.6000;blues=0.4000",
      "genre_person": "Rock"}, "Rock", "Mp3 Band H", None, "Rock",
     "Mp3 Band H"),
    ("mp3-audio.m4a", MP4_OF_MP3, mp4_tags, None, "Rock", "Mp4 Band A",
     "Someone feat. Mp4 Band A", "Rock", "Mp4 Band A"),
    ("mp3-audio-artist.mp4", MP4_OF_MP3, mp4_tags, None, "Blues", None,
     "Mp4 Band B", "Blues", "Mp4 Band B"),
    ("id3-chunk.wav", WAV, wav_id3_tags, None, "Rock", "Wav Band A",
     "Someone feat. Wav Band A", "Rock", "Wav Band A"),
    ("riff-info.wav", WAV, wav_info_tags, None, "Blues", None, "Wav Band B",
     "Blues", "Wav Band B"),
]
WAVES = {"Blues": "sine", "Rock": "pink-noise"}
# What making and decoding each kind of file needs (alternatives: any of).
NEEDS = {
    MP3: ["lamemp3enc", "mpegaudioparse", "id3demux",
          ("mpg123audiodec", "avdec_mp3")],
    MP4_OF_MP3: ["lamemp3enc", "mpegaudioparse", "mp4mux", "qtdemux",
                 ("mpg123audiodec", "avdec_mp3")],
    WAV: ["wavenc", "wavparse"],
}


def missing(chain):
    """The elements CHAIN's files need that GStreamer does not have here
    (not installed, or left out by GST_PLUGIN_LOADING_WHITELIST, as
    .ci/sanitize does)."""
    out = []
    for need in NEEDS[chain]:
        names = need if isinstance(need, tuple) else (need,)
        if not any(have(n) for n in names):
            out.append(" or ".join(names))
    return out


def main():
    tmp = tempfile.mkdtemp(prefix="gc-tag-formats-")
    try:
        return check(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def check(tmp):
    lib = os.path.join(tmp, "library")
    os.makedirs(lib)
    expected = {}
    left_out = []
    cases = []
    for case in CASES:
        lacking = missing(case[1])
        if lacking:
            skip("%s: genre and group read" % case[0],
                 "GStreamer has no %s here" % ", ".join(lacking))
        else:
            cases.append(case)
    if len({case[7] for case in cases} - {None}) < 2:
        # a model needs two genres: nothing left to train on (every
        # subtest a SKIP: meson reports the test as SKIP)
        for case in cases:
            skip("%s: genre and group read" % case[0],
                 "too few other kinds of file to train on here")
        print("1..%d" % n_tests)
        return 0
    aac = next((e for e in ("avenc_aac", "voaacenc", "fdkaacenc", "faac")
                if have(e)), None)
    if aac and have("mp4mux"):
        cases.append(("aac.m4a", aac + " ! mp4mux", mp4_tags, None, "Rock",
                      "Aac Band", None, "Rock", "Aac Band"))
    for (name, chain, tagger, extra, genre, album_artist, artist, label,
         group) in cases:
        path = os.path.join(lib, name)
        encode(path, WAVES[label or genre], chain)
        if extra is None:
            tagger(path, genre, album_artist, artist)
        else:
            tagger(path, extra, genre, album_artist, artist)
        if label is not None:
            expected[name] = (label, group)
        else:
            left_out.append(name)

    labels = os.path.join(tmp, "labels.tsv")
    p = subprocess.run(
        [TRAIN, "--no-cache", "--progress", "none", "-j", "2",
         "--labels-from-tags", "--min-artists", "1", "--save-labels", labels,
         "-k", "2", "--c", "1", "--gamma", "0.05", "--window", "3", "-o",
         os.path.join(tmp, "model", "model.ini"), lib],
        capture_output=True, text=True)
    ok(p.returncode == 0, "--labels-from-tags trains on MP3, MP4 and WAV",
       p.stdout + p.stderr)
    found = {}
    if os.path.exists(labels):
        with open(labels) as fh:
            for line in fh:
                if not line.startswith("#"):
                    path, label, group = line.rstrip("\n").split("\t")
                    found[os.path.basename(path)] = (label, group)
    for name in sorted(expected):
        ok(found.get(name) == expected[name],
           "%s: genre and group read" % name,
           "found %s, expected %s" % (found.get(name), expected[name]))
    for name in left_out:
        ok(name not in found, "%s: left out (the project's own genre)" % name,
           found.get(name))
    ok(set(found) == set(expected), "no other file listed", found)
    warnings = [line for line in p.stderr.splitlines() if "warning" in line]
    own = [w for w in warnings if "written by genreclassify" in w]
    ok(len(own) == (1 if left_out else 0)
       and ("%d file" % len(left_out)) in "".join(own),
       "the files left out as the project's own are counted", p.stderr)
    ok(len(warnings) == len(own), "every file decoded", p.stderr)
    if not aac:
        skip("aac.m4a: genre and group read",
             "no AAC encoder (avenc_aac: Debian package gstreamer1.0-libav;"
             " voaacenc: gstreamer1.0-plugins-bad)")
    print("1..%d" % n_tests)
    return 1 if failures else 0


sys.exit(main())
