# genreclassify — a personal model from a music library's own genres
# SPDX-License-Identifier: GPL-2.0-or-later
"""Train a model of a library's genres with ``genreclassify-train``.

The host gives each item's path, genre, artist (album artist, else artist)
and stored distribution.  What only the library knows is decided here:
items without a genre, and items whose genre this project wrote
(``policy.is_own_genre``), are left out.  Everything else is the trainer's:
the rest go to ``genreclassify-train --labels-from-tags`` as a list of
PATH<TAB>GENRE<TAB>ARTIST lines standing for the files' tags, so that
genre values, the genre map, spellings and the minimum number of artists
follow the rules of src/training/gc-tag-labels.c, and the model is written
as the trainer writes every model (atomically, beside nothing else).
"""

import os
import subprocess
import sys

from .analysis import AnalysisError, find_command
from .policy import is_own_genre

DEFAULT_TRAIN_COMMAND = "genreclassify-train"
# The model setting that means the model a host's training stored (beets'
# "model: trained", Quod Libet's model preference).
TRAINED_MODEL = "trained"

# Why an item is left out, as the counts are printed.
NO_GENRE = "no genre"
OWN_GENRE = "genre written by genreclassify"
UNLISTABLE = "a path or genre a list line cannot hold"


def find_trainer(train_command=None, tag_command=None):
    """``genreclassify-train``: TRAIN_COMMAND if set, else the one beside
    the ``genreclassify-tag`` the plugin runs (TAG_COMMAND, resolved as the
    analysis does: a build tree's tools sit together), else the one on
    PATH.  Raises AnalysisError."""
    if train_command:
        return find_command(train_command, DEFAULT_TRAIN_COMMAND,
                            "train_command")
    try:
        beside = os.path.join(os.path.dirname(find_command(tag_command)),
                              DEFAULT_TRAIN_COMMAND)
        if os.access(beside, os.X_OK) and not os.path.isdir(beside):
            return beside
    except AnalysisError:
        pass
    return find_command(None, DEFAULT_TRAIN_COMMAND, "train_command")


# Album artists that stand for a compilation's many artists, as players and
# taggers write them (beets' va_name, MusicBrainz's): the same names as
# is_various_artists() in src/training/gc-tag-labels.c, which applies this
# rule to files' tags.
VARIOUS_ARTISTS = ("various artists", "various", "va")


def group(album_artist, artist, compilation=False):
    """The group a host gives an item in the list: its album artist, else
    its artist ("": the trainer takes the folder's name); on a compilation
    (COMPILATION, or an album artist such as "Various Artists") the artist
    first, since the album artist gathers artists with nothing else in
    common.  The trainer's rule for files' tags (group_of() in
    src/training/gc-tag-labels.c); a host's multi-line value gives its
    first line."""
    album_artist = _first_line(album_artist)
    artist = _first_line(artist)
    if compilation or album_artist.lower() in VARIOUS_ARTISTS:
        return artist or album_artist
    return album_artist or artist


def _first_line(value):
    lines = _text(value).strip().splitlines()
    return lines[0].strip() if lines else ""


def _text(value):
    if isinstance(value, bytes):
        return os.fsdecode(value)
    return "" if value is None else str(value)


def list_lines(items):
    """ITEMS: (path, genre, artist, distribution, person_genre) tuples
    (is_own_genre()'s arguments).  Returns (lines,
    left_out): the list file's lines (PATH<TAB>GENRE<TAB>ARTIST, an empty
    ARTIST: the trainer takes the folder's name) and {reason: count} of
    the items left out."""
    lines, left_out = [], {}

    def leave_out(reason):
        left_out[reason] = left_out.get(reason, 0) + 1

    for path, genre, artist, distribution, person_genre in items:
        genre = _text(genre)
        if not genre.strip():
            leave_out(NO_GENRE)
            continue
        if is_own_genre(genre, distribution, person_genre):
            leave_out(OWN_GENRE)
            continue
        path = os.path.abspath(_text(path))
        # A tab or line break in an artist only joins words (the trainer
        # does the same to tags); in a path or genre it would change them.
        artist = " ".join(_text(artist).replace("\t", " ").splitlines())
        try:
            path.encode("utf-8")
        except UnicodeEncodeError:  # not UTF-8 on disk: a list is UTF-8
            leave_out(UNLISTABLE)
            continue
        if any(c in path + genre for c in "\t\r\n"):
            leave_out(UNLISTABLE)
            continue
        lines.append("%s\t%s\t%s" % (path, genre, artist.strip()))
    return lines, left_out


def describe_left_out(left_out):
    """"3 left out: 2 no genre, 1 genre written by genreclassify"."""
    total = sum(left_out.values())
    if not total:
        return "none left out"
    return "%d left out: %s" % (total, ", ".join(
        "%d %s" % (n, reason) for reason, n in sorted(left_out.items())))


def list_path_beside(model_path):
    """Where a host keeps the list its stored model learnt from: beside the
    model's folder (FOLDER/model/model.ini: FOLDER/library.list)."""
    return os.path.join(os.path.dirname(os.path.dirname(model_path)),
                        "library.list")


def model_labels(model_path):
    """The labels a model.ini names (its ``labels=`` line), in its order;
    [] when it names none.  Raises OSError."""
    with open(model_path, encoding="utf-8") as f:
        for line in f:
            key, _, value = line.partition("=")
            if key.strip() == "labels":
                return [label.strip() for label in value.split(";")
                        if label.strip()]
    return []


def train(trainer, lines, model_path, list_path, options=(), output=None,
          started=None):
    """Writes LINES to LIST_PATH and runs TRAINER (``genreclassify-train``)
    on it into MODEL_PATH (…/model.ini), with OPTIONS (more of its
    options), its report going to OUTPUT (a file object with a file
    descriptor, its errors too), else to this process's output.  STARTED,
    if given, is called with the trainer's Popen as it starts (a host that
    stops it terminates it).  The list stays: what the model learnt from,
    for ``genreclassify-eval --cv``; when the trainer fails, the previous
    model is kept and so is its list.  Returns the trainer's exit status
    (0: model written; negative: ended by that signal)."""
    os.makedirs(os.path.dirname(model_path), exist_ok=True)
    previous = list_path + ".previous"
    had_list = os.path.exists(list_path)
    if had_list:
        os.replace(list_path, previous)
    with open(list_path, "wb") as f:
        f.write("".join(line + "\n" for line in lines).encode("utf-8"))
    status = _run(trainer, list_path, model_path, options, output, started)
    if status != 0:
        # The list describes the model beside it, or there is none.
        if had_list:
            os.replace(previous, list_path)
        else:
            os.remove(list_path)
    elif had_list:
        os.remove(previous)
    return status


def _run(trainer, list_path, model_path, options, output=None, started=None):
    argv = ([trainer, "--labels-from-tags"] + list(options) +
            ["-o", model_path, "--", list_path])
    # what the host wrote comes before the report
    (sys.stdout if output is None else output).flush()
    with subprocess.Popen(
            argv, stdin=subprocess.DEVNULL, stdout=output,
            stderr=None if output is None else subprocess.STDOUT) as process:
        if started is not None:
            started(process)
        return process.wait()
