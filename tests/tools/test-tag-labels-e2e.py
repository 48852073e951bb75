#!/usr/bin/env python3
# genreclassify — genreclassify-train --labels-from-tags, end to end
# SPDX-License-Identifier: GPL-2.0-or-later
#
#   test-tag-labels-e2e.py GC_TEST_MAKE_SET GENRECLASSIFY_TRAIN
#
# Builds a small library of synthetic FLAC and Ogg Vorbis clips (three
# classes, three artists each), writes genres in several spellings into
# their tags with mutagen, adds a file of each kind of bad input, and
# checks: the labels and groups found (--save-labels), the files left out
# and the messages naming them, the genre map, --genre-values skip,
# --min-artists, and that the report and the model equal those of the same
# clips given to the trainer as a list file.  SKIP (77) without mutagen.
import os
import re
import shutil
import subprocess
import sys
import tempfile

try:
    import mutagen
except ImportError:
    print("1..0 # SKIP python3-mutagen is not installed")
    sys.exit(77)

MAKE_SET, TRAIN = sys.argv[1], sys.argv[2]
n_tests = 0
failures = 0


def ok(cond, what, detail=""):
    global n_tests, failures
    n_tests += 1
    if cond:
        print("ok %d - %s" % (n_tests, what))
    else:
        failures += 1
        print("not ok %d - %s" % (n_tests, what))
        for line in str(detail).splitlines():
            print("# " + line)


def tag(path, **fields):
    """Replaces the tags of @path by @fields (lists for several values)."""
    f = mutagen.File(path)
    if f.tags is None:
        f.add_tags()
    f.tags.clear()
    for key, value in fields.items():
        f.tags[key.upper()] = value if isinstance(value, list) else [value]
    f.save()


def run(*args):
    p = subprocess.run([TRAIN, "--no-cache", "--progress", "none", "-j", "2"]
                       + list(args), capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


# How each class's clips are tagged: (spelling, artist) per clip; the
# synthetic classes become a user's genres.
GENRES = {
    # four spellings of one genre: "Hip Hop" is the most frequent
    "tones": ["Hip Hop", "Hip Hop", "hip-hop", "HipHop", "hiphop ", "Hip Hop"],
    # merged by the map: Alternative Rock -> Rock; two multi-value tags
    "noise": ["Rock", "Alternative Rock", "rock", "Rock; Pop",
              ["Rock", "Pop"], "Rock/Pop"],
    "clicks": ["Jazz"] * 6,
}
EXPECTED_LABEL = {"tones": "Hip Hop", "noise": "Rock", "clicks": "Jazz"}


def read_labels(path):
    """A --save-labels file: real path -> (label, group)."""
    found = {}
    with open(path) as fh:
        for line in fh:
            if line.startswith("#"):
                continue
            name, label, group = line.rstrip("\n").split("\t")
            found[os.path.realpath(name)] = (label, group)
    return found


def genre_table(report):
    """The report's table: genre -> (files, failed, windows)."""
    table = {}
    rows = False
    for line in report.splitlines():
        if re.match(r"  genre +files +failed +windows$", line):
            rows = True
            continue
        m = re.match(r"  (\S.*?) +(\d+) +(\d+) +(\d+)$", line) if rows else None
        if rows and not m:
            break
        if m:
            table[m.group(1)] = tuple(int(x) for x in m.groups()[1:])
    return table


def main():
    tmp = tempfile.mkdtemp(prefix="gc-tag-labels-")
    try:
        return build_and_check(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def build_and_check(tmp):
    src = os.path.join(tmp, "src")
    subprocess.run([MAKE_SET, "--clips", "9", "--seconds", "6", src],
                   check=True, capture_output=True)
    lib = os.path.join(tmp, "library")
    expected = {}  # path -> (label, group)
    for cls in sorted(GENRES):
        clips = sorted(f for f in os.listdir(os.path.join(src, cls))
                       if f.endswith((".flac", ".ogg")))
        assert len(clips) == 6, clips
        for i, name in enumerate(clips):
            artist = "%s Artist %d" % (EXPECTED_LABEL[cls], i % 3)
            folder = os.path.join(lib, artist, "Album")
            os.makedirs(folder, exist_ok=True)
            dst = os.path.join(folder, name)
            shutil.copy(os.path.join(src, cls, name), dst)
            genre = GENRES[cls][i]
            if i == 1:
                # no album artist: the artist is the group
                tag(dst, genre=genre, artist=artist)
            elif i == 4:
                # no artist at all: the folder's name ("Album") would be the
                # group, so this one sits in a folder named after its artist
                os.rename(dst, os.path.join(lib, artist, name))
                dst = os.path.join(lib, artist, name)
                tag(dst, genre=genre)
            else:
                tag(dst, genre=genre, albumartist=artist,
                    artist="Someone feat. " + artist)
            expected[os.path.realpath(dst)] = (EXPECTED_LABEL[cls], artist)

    # Bad input, each a copy of a good clip with bad tags.
    clip = os.path.join(src, "clicks", sorted(
        f for f in os.listdir(os.path.join(src, "clicks"))
        if f.endswith(".flac"))[0])
    bad = os.path.join(lib, "Bad")
    os.makedirs(bad)
    left_out = {}
    for name, fields, why in [
            ("no-genre.flac", {"albumartist": "X"}, "no genre tag"),
            ("blank-genre.flac", {"genre": "   ", "albumartist": "X"},
             "the genre tag is empty"),
            ("equals.flac", {"genre": "Bad=Genre", "albumartist": "X"},
             "cannot be a label"),
            ("newline.flac", {"genre": "Line\nBreak", "albumartist": "X"},
             "cannot be a label"),
            ("ours-1.flac", {"genre": "Jazz", "albumartist": "Jazz Artist 0",
                             "genre_distribution": "Jazz=0.9;Rock=0.1"},
             None),
            # ours in another spelling of the same label
            ("ours-2.flac", {"genre": "JAZZ", "albumartist": "Jazz Artist 1",
                             "genre_distribution": "jazz=0.8;rock=0.2"},
             None)]:
        path = os.path.join(bad, name)
        shutil.copy(clip, path)
        tag(path, **fields)
        left_out[name] = why
    # tags that cannot be read: not a FLAC file at all
    with open(os.path.join(bad, "garbage.flac"), "wb") as fh:
        fh.write(b"this is not audio\n" * 100)
    left_out["garbage.flac"] = "TagLib cannot read"
    # a genre of one artist (two files)
    for k in range(2):
        path = os.path.join(bad, "polka-%d.flac" % k)
        shutil.copy(clip, path)
        # the second carries an analysis that answered otherwise (a plugin
        # that left the person's genre alone): Polka is still theirs
        # the first, an analysis that agreed, and the plugin's record that
        # the genre is the person's (GENRE_PERSON): theirs too
        tag(path, genre="Polka", albumartist="Solo Polka Band",
            **({"genre_distribution": "rock=0.7;polka=0.3"} if k else
               {"genre_distribution": "polka=0.8;rock=0.2",
                "genre_person": "polka"}))
    # hidden and non-audio files are skipped
    with open(os.path.join(lib, ".hidden.flac"), "wb") as fh:
        fh.write(b"x")
    with open(os.path.join(lib, "notes.txt"), "w") as fh:
        fh.write("not audio\n")

    genre_map = os.path.join(tmp, "genres.map")
    with open(genre_map, "w") as fh:
        fh.write("# my taxonomy\nalternative rock = Rock\nHip-Hop\tHip Hop\n")

    grid = ["--log2c", "-1,3,2", "--log2g", "-7,-3,2", "--window", "3",
            "--description", "personal model"]
    labels = os.path.join(tmp, "labels.tsv")
    out_tags = os.path.join(tmp, "tags-model", "model.ini")
    status, stdout, stderr = run("--labels-from-tags", "--genre-map",
                                 genre_map, "--save-labels", labels,
                                 *grid, "-o", out_tags, lib)
    ok(status == 0, "--labels-from-tags trains", stderr)

    # labels and groups, file by file
    found = read_labels(labels)
    ok(found == expected, "labels and groups from the tags",
       "\n".join("%s: %s != %s" % (p, found.get(p), expected.get(p))
                 for p in sorted(set(found) | set(expected))
                 if found.get(p) != expected.get(p)))

    # each bad file named on stderr with its reason
    for name, why in sorted(left_out.items()):
        if why is None:
            continue
        lines = [l for l in stderr.splitlines() if name in l]
        ok(len(lines) == 1 and why in lines[0] and "left out" in lines[0],
           "%s: left out with a message (%s)" % (name, why), stderr)
    ok("2 files left out: their genre was written by genreclassify"
       in stderr, "files marked GENRE_DISTRIBUTION counted", stderr)
    polka = ('genre "Polka": 2 files by 1 artist ("Solo Polka Band"), '
             'fewer than --min-artists 3')
    ok(polka + ": left out" in stderr and "  left out: " + polka in stdout,
       "a genre of one artist: on stderr and in the report",
       stdout + stderr)
    ok("labels from tags: 27 audio files, 18 used; left out: 1 unreadable "
       "tags, 1 without a genre tag, 1 empty genre, 2 invalid genre, "
       "0 several genres, 2 genre written by genreclassify, 2 of genres "
       "with too few artists; the map changed the genre of 4 files"
       in stdout,
       "the counts of the report", stdout)

    # The same clips as a list file: the same report and the same model.
    listed = os.path.join(tmp, "same.list")
    with open(listed, "w") as fh:
        for path in sorted(expected):
            fh.write("%s\t%s\t%s\n" % ((path,) + expected[path]))
    out_list = os.path.join(tmp, "list-model", "model.ini")
    status, stdout_list, stderr_list = run(*grid, "-o", out_list, listed)
    ok(status == 0, "the list file trains", stderr_list)

    def comparable(report, source):
        keep = []
        for line in report.splitlines():
            # the folder walk's own count of skipped files, and times
            if line.startswith(("labels from tags", "  left out:", "wrote",
                                "time:", "  (2 hidden or non-audio")):
                continue
            line = line.replace(source, "SOURCE")
            line = re.sub(r"\d+\.\d+ m?s", "T", line)
            keep.append(line)
        return keep

    a = comparable(stdout, lib)
    b = comparable(stdout_list, listed)
    b = [l.replace("the third column of SOURCE",
                   "the tags (album artist, else artist, else folder)")
         for l in b]
    ok(a == b and len(a) > 10, "the report equals the list file's",
       "\n".join("tags: %s\nlist: %s" % x for x in zip(a, b) if x[0] != x[1]))

    def ini(path, source):
        with open(path) as fh:
            return fh.read().replace(source, "SOURCE")

    ini_tags = ini(out_tags, "the tags (album artist, else artist, else "
                   "folder)")
    ini_list = ini(out_list, "the third column of " + listed)
    ok(ini_tags == ini_list and "SOURCE" in ini_tags,
       "model.ini equals the list file's (but for the groups' source)",
       ini_tags + "\n----\n" + ini_list)
    with open(out_tags.replace(".ini", ".svm"), "rb") as fa, \
            open(out_list.replace(".ini", ".svm"), "rb") as fb:
        ok(fa.read() == fb.read(), "model.svm equals the list file's")

    # The user's taxonomy: a map that also merges Jazz and Hip Hop.  One
    # genre fewer, the merged genre has the files of both, every file keeps
    # its group, and the others keep their label.
    merge_map = os.path.join(tmp, "merge.map")
    with open(merge_map, "w") as fh:
        fh.write("alternative rock = Rock\nHip Hop = Jazz & Hip Hop\n"
                 "Jazz = Jazz & Hip Hop\n")
    merged_labels = os.path.join(tmp, "merged.tsv")
    status, stdout_merged, stderr = run(
        "--labels-from-tags", "--genre-map", merge_map, "--save-labels",
        merged_labels, *grid, "-o", os.path.join(tmp, "merged", "model.ini"),
        lib)
    ok(status == 0, "the merging map trains", stderr)
    before, after = genre_table(stdout), genre_table(stdout_merged)
    ok(len(before) == 3 and len(after) == len(before) - 1
       and after["Jazz & Hip Hop"][0] == before["Jazz"][0]
       + before["Hip Hop"][0] == 12
       and after["Jazz & Hip Hop"][2] == before["Jazz"][2]
       + before["Hip Hop"][2]
       and after["Rock"] == before["Rock"]
       and "18 files in 2 genres" in stdout_merged,
       "merging two genres: one label fewer, the merged one has the files "
       "and windows of both", "%s\n%s" % (before, after))
    merged_expected = {
        p: (("Jazz & Hip Hop" if label in ("Jazz", "Hip Hop") else label), g)
        for p, (label, g) in expected.items()}
    ok(read_labels(merged_labels) == merged_expected,
       "the merged labels, file by file, groups unchanged")

    # The same genres and artists as a list of tags (what a music library's
    # database holds: beet genreclassify-train): the same rules, the same
    # labels and groups; an empty artist is the folder's name.
    tag_list = os.path.join(tmp, "tags.list")
    with open(tag_list, "w") as fh:
        for cls in sorted(GENRES):
            for path in sorted(p for p in expected
                               if expected[p][0] == EXPECTED_LABEL[cls]):
                genre = mutagen.File(path).tags["GENRE"]
                artist = expected[path][1]
                if os.path.basename(os.path.dirname(path)) == artist:
                    artist = ""  # the file without an artist tag
                fh.write("%s\t%s\t%s\n" % (path, "; ".join(genre), artist))
    listed_labels = os.path.join(tmp, "listed-labels.tsv")
    status, stdout_tl, stderr_tl = run(
        "--labels-from-tags", "--genre-map", genre_map, "--save-labels",
        listed_labels, "--c", "1", "--gamma", "0.05", "--window", "3", "-o",
        os.path.join(tmp, "tag-list-model", "model.ini"), tag_list)
    found = {}
    with open(listed_labels) as fh:
        for line in fh:
            if not line.startswith("#"):
                path, label, group = line.rstrip("\n").split("\t")
                found[os.path.realpath(path)] = (label, group)
    ok(status == 0 and found == expected
       and "labels from tags: 18 audio files, 18 used;" in stdout_tl
       and "the map changed the genre of 4 files" in stdout_tl,
       "a list of tags: the same labels and groups as the tags",
       stdout_tl + stderr_tl + "\n%r" % found)

    # Good tags, no audio after them: the trainer's extraction reports it,
    # always as an error (flacparse's, which comes with its EOS: gc-decode
    # reads the bus once more at EOS; test-decoders /decoders/no-frames).
    undecodable = os.path.join(lib, "Jazz Artist 2", "Album", "broken.flac")
    shutil.copy(clip, undecodable)
    tag(undecodable, genre="Jazz", albumartist="Jazz Artist 2")
    with open(undecodable, "rb") as fh:
        data = fh.read()
    audio_start = data.index(b"\xff\xf8")  # the first frame's sync code
    with open(undecodable, "wb") as fh:
        fh.write(data[:audio_start])
    # --genre-values skip: the three files of two genres are left out
    fixed = ["--c", "1", "--gamma", "0.05", "--window", "3"]
    status, stdout, stderr = run("--labels-from-tags", "--genre-values",
                                 "skip", "--genre-map", genre_map, *fixed,
                                 "-o", os.path.join(tmp, "skip", "model.ini"), lib)
    several = [l for l in stderr.splitlines() if "several genres" in l]
    ok(re.search(r"warning: .*broken\.flac: cannot decode \(No valid "
                 r"frames", stderr) is not None
       and "labels from tags: 28 audio files" in stdout,
       "the file that does not decode is named and the run goes on",
       stderr)
    ok(status == 0 and len(several) == 3
       and all('"Rock", "Pop"' in l for l in several),
       "--genre-values skip leaves out files of several genres", stderr)
    ok(", 3 several genres," in stdout, "and counts them", stdout)

    # without the map, "Alternative Rock" is a genre of one artist
    nomap = os.path.join(tmp, "nomap.tsv")
    status, stdout, stderr = run("--labels-from-tags", "--save-labels", nomap,
                                 *fixed, "-o",
                                 os.path.join(tmp, "nomap", "model.ini"), lib)
    ok(status == 0 and 'genre "Alternative Rock": 1 file by 1 artist'
       in stderr, "without the map, no merge", stderr)
    with open(nomap) as fh:
        nomap_labels = sorted(set(l.split("\t")[1] for l in fh
                                  if not l.startswith("#")))
    # "Hip Hop" x3 beats "hip-hop", "HipHop", "hiphop": one genre by key
    ok(nomap_labels == ["Hip Hop", "Jazz", "Rock"],
       "spellings of one key are one genre, the most frequent its label",
       nomap_labels)

    # fewer than two genres remain: an error, exit status 1
    status, stdout, stderr = run("--labels-from-tags", "--min-artists", "4",
                                 *fixed, "-o",
                                 os.path.join(tmp, "few", "model.ini"), lib)
    ok(status == 1 and "0 genres left of 28 audio files" in stderr
       and "a model needs at least two" in stderr
       and not os.path.exists(os.path.join(tmp, "few", "model.ini")),
       "fewer than two genres: an error and no model", stderr)

    # a bad genre map: a usage error naming its line
    bad_map = os.path.join(tmp, "bad.map")
    with open(bad_map, "w") as fh:
        fh.write("Rock = Rock\nno separator here\n")
    status, stdout, stderr = run("--labels-from-tags", "--genre-map",
                                 bad_map, *fixed, "-o", os.path.join(
                                     tmp, "badmap", "model.ini"), lib)
    ok(status == 2 and bad_map + ":2: expected" in stderr,
       "a bad genre map names its line", stderr)
    # the options that only go with --labels-from-tags
    status, stdout, stderr = run("--genre-map", genre_map, *fixed, "-o",
                                 os.path.join(tmp, "x", "model.ini"), listed)
    ok(status == 2 and "go with --labels-from-tags" in stderr,
       "--genre-map without --labels-from-tags", stderr)

    print("1..%d" % n_tests)
    return 1 if failures else 0


sys.exit(main())
