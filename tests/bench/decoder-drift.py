#!/usr/bin/python3
# genreclassify — how far two MP3 decoders move the element's answers.
#
#   decoder-drift.py [--window S] [--model M] [--limit N] [FILE-OR-FOLDER...]
#
# Plays every MP3 through `mpegaudioparse ! DECODER ! audioconvert !
# genreclassify` once with mpg123audiodec (gst-plugins-good) and once with
# avdec_mp3 (gst-libav), and compares the two runs window by window: the
# largest and mean change of the top probability (the answer's own
# probability under mpg123audiodec against the same genre's under
# avdec_mp3), the largest change of any genre's probability, and how many
# windows change their answer.  Without arguments it reads the two training
# corpora of $GENRECLASSIFY_SHARED/data (default: ../shared beside the
# source tree).  It prints figures and asserts nothing; docs/training.md
# ("Decoders") quotes them.  Needs the element (GST_PLUGIN_PATH=BUILD/gst),
# gstreamer1.0-plugins-good and gstreamer1.0-libav; exits 77 without
# avdec_mp3.
import argparse
import os
import re
import sys

import gi

gi.require_version("Gst", "1.0")
from gi.repository import Gst  # noqa: E402

DECODERS = ("mpg123audiodec", "avdec_mp3")


def parse_distribution(text):
    """genres and probabilities of a message, from its text (PyGObject
    cannot read a GstValueArray without gst-python)."""
    genres = re.search(r"genres=\(string\)<\s*(.*?)\s*>", text).group(1)
    probs = re.search(r"probabilities=\(double\)<\s*(.*?)\s*>", text).group(1)
    names = [g.strip().strip('"').replace("\\", "")
             for g in genres.split(",")]
    return names, [float(p) for p in probs.split(",")]


def windows(path, decoder, window, model):
    """The element's window messages for @path, decoded by @decoder:
    a list of (genres, probabilities), in order, the summary left out."""
    model_prop = ' model="%s"' % model if model else ""
    pipe = Gst.parse_launch(
        'filesrc name=src ! mpegaudioparse ! %s ! audioconvert ! '
        'genreclassify window=%g%s ! fakesink sync=false'
        % (decoder, window, model_prop))
    pipe.get_by_name("src").set_property("location", path)
    bus = pipe.get_bus()
    out = []
    pipe.set_state(Gst.State.PLAYING)
    while True:
        msg = bus.timed_pop_filtered(
            60 * Gst.SECOND,
            Gst.MessageType.EOS | Gst.MessageType.ERROR | Gst.MessageType.ELEMENT)
        if msg is None or msg.type == Gst.MessageType.ERROR:
            pipe.set_state(Gst.State.NULL)
            raise RuntimeError("%s: %s failed: %s" % (
                path, decoder, msg.parse_error()[0].message if msg else "timeout"))
        if msg.type == Gst.MessageType.EOS:
            break
        s = msg.get_structure()
        if s.get_name() != "genreclassify" or s.get_value("silent"):
            continue
        # The whole-stream summary has "windows"; the windows do not.
        if s.has_field("windows"):
            continue
        out.append(parse_distribution(s.to_string()))
    pipe.set_state(Gst.State.NULL)
    return out


def mp3_files(args, shared):
    paths = []
    if not args:
        for corpus in ("emotify", "allmusic-4q"):
            args.append(os.path.join(shared, "data", corpus))
    for a in args:
        if os.path.isdir(a):
            for root, _, files in os.walk(a):
                paths += [os.path.join(root, f) for f in files
                          if f.lower().endswith(".mp3")]
        else:
            paths.append(a)
    return sorted(paths)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--window", type=float, default=30.0)
    parser.add_argument("--model", default=None)
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("paths", nargs="*")
    opts = parser.parse_args()

    Gst.init(None)
    for name in DECODERS + ("genreclassify", "mpegaudioparse"):
        if Gst.ElementFactory.find(name) is None:
            print("SKIP: %s is not installed" % name)
            return 77
    here = os.path.dirname(os.path.abspath(__file__))
    shared = os.environ.get("GENRECLASSIFY_SHARED",
                            os.path.join(here, "..", "..", "..", "shared"))
    files = mp3_files(list(opts.paths), shared)
    if opts.limit:
        files = files[:opts.limit]
    if not files:
        print("SKIP: no MP3 file (set GENRECLASSIFY_SHARED)")
        return 77

    n = changed = 0
    top_max = top_sum = any_max = 0.0
    worst = None
    for i, path in enumerate(files):
        a = windows(path, DECODERS[0], opts.window, opts.model)
        b = windows(path, DECODERS[1], opts.window, opts.model)
        if len(a) != len(b):
            print("%s: %d windows against %d" % (path, len(a), len(b)))
            continue
        for (ga, pa), (gb, pb) in zip(a, b):
            # Messages list the genres most probable first: match by name.
            da, db = dict(zip(ga, pa)), dict(zip(gb, pb))
            top = max(da, key=da.get)
            d_top = abs(da[top] - db[top])
            d_any = max(abs(da[g] - db[g]) for g in da)
            n += 1
            top_sum += d_top
            any_max = max(any_max, d_any)
            if d_top > top_max:
                top_max, worst = d_top, (path, top, da[top], db[top])
            if top != max(db, key=db.get):
                changed += 1
        if sys.stderr.isatty():
            print("\r%d/%d" % (i + 1, len(files)), end="", file=sys.stderr)
    if sys.stderr.isatty():
        print(file=sys.stderr)

    print("%s against %s, %g-s windows, %d files, %d windows" % (
        DECODERS[0], DECODERS[1], opts.window, len(files), n))
    print("top probability: largest change %.5f, mean change %.5f" % (
        top_max, top_sum / max(n, 1)))
    print("any genre's probability: largest change %.5f" % any_max)
    print("answers changed: %d of %d windows" % (changed, n))
    if worst:
        print("largest: %s, %s %.5f -> %.5f" % worst)
    return 0


if __name__ == "__main__":
    sys.exit(main())
