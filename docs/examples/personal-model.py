#!/usr/bin/env python3
# genreclassify — "How good is a personal model?", measured
# SPDX-License-Identifier: GPL-2.0-or-later
#
#   personal-model.py [--shared DIR] [--bin DIR] [--work DIR] [-j N]
#                     [--c C --gamma G]
#
# Simulates a person's tagged library from the two shared corpora (Emotify
# and AllMusic 4Q, docs/models.md): every clip of their train.list is
# copied into WORK/library (outside the project), its genre written as a
# library would spell it ("Hip-Hop", "R&B") and its artist (clips.tsv) as
# album artist, with mutagen.  Then:
#
#   1. genreclassify-train --labels-from-tags WORK/library
#   2. genreclassify-train on the same clips as a list file, the groups
#      from the corpora's clips.tsv: the cross-validation report and the
#      model must be those of 1 (the script exits 1 when they differ);
#   3. the same library through a genre map of the user's taxonomy
#      (Pop + Rock -> Pop/Rock, R&B + Hip-Hop -> Hip-Hop/R&B);
#   4. genreclassify-eval --cv 5 on the labels 1 and 3 saved, per genre.
#
# The copies' tags change their bytes, so the feature cache (keyed by
# content) extracts them once; the list file names the corpus files, whose
# features the cache may hold already.  Needs python3-mutagen.
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

import mutagen

CORPORA = ["emotify", "allmusic-4q"]
SPELLING = {"hip-hop": "Hip-Hop", "r&b": "R&B"}
TAXONOMY = "Pop = Pop/Rock\nRock = Pop/Rock\nR&B = Hip-Hop/R&B\n" \
           "Hip-Hop = Hip-Hop/R&B\n"


def library_genre(genre):
    return SPELLING.get(genre, genre.capitalize())


def read_tsv(path):
    with open(path, encoding="utf-8") as fh:
        header = fh.readline().rstrip("\n").split("\t")
        return [dict(zip(header, line.rstrip("\n").split("\t")))
                for line in fh if line.strip()]


def clips(shared):
    """(corpus, relative path, genre, artist) of every training clip."""
    for corpus in CORPORA:
        base = os.path.join(shared, corpus)
        artist = {row["path"]: row["artist"]
                  for row in read_tsv(os.path.join(base, "clips.tsv"))}
        with open(os.path.join(base, "train.list"), encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("#") or not line.strip():
                    continue
                path, genre = line.rstrip("\n").split("\t")[:2]
                yield corpus, path, genre, artist[path]


def tag(path, genre, album_artist):
    f = mutagen.File(path, easy=True)  # EasyID3 for MP3: TCON, TPE2
    if f.tags is None:
        f.add_tags()
    f.tags.clear()  # drop the corpus' own tags: only what we write counts
    f["genre"] = [genre]
    f["albumartist"] = [album_artist]
    f.save()


def train(args, *extra):
    cmd = [os.path.join(args.bin, "genreclassify-train"), "--progress",
           "none", "-j", str(args.jobs)]
    if args.c is not None:
        cmd += ["--c", str(args.c), "--gamma", str(args.gamma)]
    cmd += list(extra)
    start = time.time()
    p = subprocess.run(cmd, capture_output=True, text=True)
    print("$ %s   (%.0f s, exit %d)" % (" ".join(cmd), time.time() - start,
                                        p.returncode))
    sys.stderr.write(p.stderr)
    if p.returncode != 0:
        sys.exit("training failed")
    return p.stdout


def comparable(report, source):
    """The report without what names its input or counts the walk."""
    keep = []
    for line in report.splitlines():
        if line.startswith(("labels from tags", "  left out:", "wrote",
                            "time:", "  (")) or "cache" in line:
            continue
        line = re.sub(r"\d+(\.\d+)? m?s\b", "T", line.replace(source, "SRC"))
        keep.append(re.sub(GROUPS_SOURCE, "GROUPS", line))
    return keep


# Where the groups came from, as reports and trained-by name it: the one
# thing that differs, by design, between the two runs.
GROUPS_SOURCE = (r'from the tags \(album artist, else artist, else folder\)'
                 r'|"artist" from [^()]*clips\.tsv')


def model_ini(path, source):
    with open(path, encoding="utf-8") as fh:
        return [re.sub(GROUPS_SOURCE, "GROUPS", line.replace(source, "SRC"))
                for line in fh]


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=os.path.join(
        os.environ.get("GENRECLASSIFY_SHARED", "/work/shared"), "data"))
    ap.add_argument("--bin", default=os.path.join(here, "..", "..", "build",
                                                  "src", "cli"))
    ap.add_argument("--work", help="kept afterwards (default: a temporary "
                    "folder, removed)")
    ap.add_argument("-j", "--jobs", type=int, default=2)
    ap.add_argument("--c", type=float)
    ap.add_argument("--gamma", type=float)
    args = ap.parse_args()
    if (args.c is None) != (args.gamma is None):
        ap.error("--c and --gamma go together")
    work = args.work or tempfile.mkdtemp(prefix="gc-personal-")
    try:
        return measure(args, work)
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)


def measure(args, work):
    os.makedirs(work, exist_ok=True)
    lib = os.path.join(work, "library")
    listed = os.path.join(work, "same.list")
    n = 0
    with open(listed, "w", encoding="utf-8") as out:
        out.write("# the library's clips as the corpora hold them\n")
        for corpus, path, genre, artist in clips(args.shared):
            src = os.path.join(args.shared, corpus, path)
            dst = os.path.join(lib, corpus, path)
            if not os.path.exists(dst):
                os.makedirs(os.path.dirname(dst), exist_ok=True)
                shutil.copyfile(src, dst)
                tag(dst, library_genre(genre), artist)
            out.write("%s\t%s\n" % (src, library_genre(genre)))
            n += 1
    print("library: %d clips tagged in %s" % (n, lib))

    labels = os.path.join(work, "labels.tsv")
    by_tags = train(args, "--labels-from-tags", "--save-labels", labels,
                    "-o", os.path.join(work, "tags", "model.ini"), lib)
    groups = []
    for corpus in CORPORA:
        groups += ["--groups", os.path.join(args.shared, corpus, "clips.tsv")]
    by_list = train(args, *groups, "-o",
                    os.path.join(work, "list", "model.ini"), listed)
    print(by_tags)
    for name, report in [("tags", by_tags), ("list", by_list)]:
        print("%s: %s" % (name, "".join(
            l for l in report.splitlines(True) if l.startswith("best:"))),
            end="")
    a = comparable(by_tags, lib)
    b = comparable(by_list, listed)
    differ = [(x, y) for x, y in zip(a, b) if x != y]
    print("reports (but for the groups' source): %s"
          % ("equal" if not differ and len(a) == len(b) else "DIFFER"))
    for x, y in differ:
        print("  tags: %s\n  list: %s" % (x, y))
    with open(os.path.join(work, "tags", "model.svm"), "rb") as fa, \
            open(os.path.join(work, "list", "model.svm"), "rb") as fb:
        same_svm = fa.read() == fb.read()
    print("model.svm: %s" % ("identical" if same_svm else "DIFFERENT"))
    ini_a = model_ini(os.path.join(work, "tags", "model.ini"), lib)
    ini_b = model_ini(os.path.join(work, "list", "model.ini"), listed)
    same_ini = ini_a == ini_b
    print("model.ini (but for the set's name in description and the groups' "
          "source in trained-by): %s" % ("identical" if same_ini
                                         else "DIFFERENT"))

    genre_map = os.path.join(work, "taxonomy.map")
    with open(genre_map, "w", encoding="utf-8") as fh:
        fh.write(TAXONOMY)
    merged = os.path.join(work, "labels-merged.tsv")
    print(train(args, "--labels-from-tags", "--genre-map", genre_map,
                "--save-labels", merged, "-o",
                os.path.join(work, "merged", "model.ini"), lib))

    for name, path in [("as tagged", labels), ("merged", merged)]:
        cmd = [os.path.join(args.bin, "genreclassify-eval"), "--cv", "5",
               "--progress", "none", "-j", str(args.jobs), "--window", "30",
               "--seed", "1"]
        if args.c is not None:
            cmd += ["--c", str(args.c), "--gamma", str(args.gamma)]
        else:
            cmd += ["-m", os.path.join(work, "tags" if name == "as tagged"
                                       else "merged", "model.ini")]
        p = subprocess.run(cmd + [path], capture_output=True, text=True)
        # the per-file scores, down to the confusion matrix
        shown = p.stdout.split("\n  calibration")[0]
        print("== genreclassify-eval --cv 5, %s ==\n%s\n%s"
              % (name, shown, p.stderr))
    return 0 if (not differ and len(a) == len(b) and same_svm
                 and same_ini) else 1


if __name__ == "__main__":
    sys.exit(main())
