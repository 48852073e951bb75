#!/usr/bin/env python3
# print-genres.py — run a pipeline with genreclassify and print, from the
# bus, the genre distribution of every analysis window and the summary.
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Needs PyGObject and GStreamer's introspection data (Debian: python3-gi,
# gir1.2-gstreamer-1.0).  Run:
#   GST_PLUGIN_PATH=build/gst python3 print-genres.py --window 10 song.ogg
# It prints the same lines as print-genres.c:
#   window 0 start=0.000 duration=6.000 genre=noise noise=0.8917 ...
#   summary start=0.000 duration=18.000 genre=tones windows=3 tones=0.5838 ...
# and, with --smoothing, a line for every change of the current genre:
#   change at=4.500 from=noise to=tones margin=0.6958 detected=12.000

import argparse
import sys
import warnings

import gi

gi.require_version("Gst", "1.0")
from gi.repository import GLib, Gst  # noqa: E402


def array_field(s, name):
    """The values of a GstValueArray field of a structure, as a list."""
    try:
        # Works when gst-python's overrides are installed (Gst.ValueArray).
        return list(s.get_value(name))
    except TypeError:
        pass
    # Without them, gst_structure_get_array() converts the field to a
    # GValueArray, whose only accessor, get_nth(), is deprecated in GLib.
    ok, array = s.get_array(name)
    if not ok:
        return []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return [array.get_nth(i) for i in range(array.n_values)]


def seconds(s, name):
    ok, t = s.get_uint64(name)
    if not ok or t == Gst.CLOCK_TIME_NONE:
        return 0.0
    return t / Gst.SECOND


def print_result(s):
    """One "genreclassify" message (see docs/element.md, "Messages")."""
    final = s.get_boolean("final")[1]
    if final:
        line = "summary"
    else:
        line = "window %d" % s.get_uint("window-index")[1]
    genre = s.get_string("genre") or "-"
    line += " start=%.3f duration=%.3f genre=%s" % (
        seconds(s, "stream-time"), seconds(s, "duration"), genre)
    ok, uncertain = s.get_boolean("uncertain")
    if ok and uncertain:
        line += " uncertain"
    if final:
        line += " windows=%d" % s.get_uint("windows")[1]
    # genres and probabilities: most probable first
    for label, p in zip(array_field(s, "genres"),
                        array_field(s, "probabilities")):
        line += " %s=%.4f" % (label, p)
    print(line, flush=True)


def print_change(s):
    """One "genreclassify-change" message: the current genre changed (at
    the estimated time "at"; known at the end of the window that confirmed
    it, "detected")."""
    print("change at=%.3f from=%s to=%s margin=%.4f detected=%.3f" % (
        seconds(s, "stream-time"), s.get_string("old-genre") or "-",
        s.get_string("new-genre"), s.get_double("margin")[1],
        seconds(s, "detected-at")), flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--window", "-w", type=float, default=30.0,
                        help="analysis window in seconds (default 30)")
    parser.add_argument("--hop", type=float, default=0.0,
                        help="seconds between window starts (default 0: "
                        "the window)")
    parser.add_argument("--smoothing", type=float, default=0.0,
                        help="seconds of recent windows to average; also "
                        "reports genre changes (default 0: off)")
    parser.add_argument("--change-margin", type=float,
                        help="hysteresis of the genre changes (default: "
                        "the element's)")
    parser.add_argument("--uncertain-margin", type=float, default=0.0,
                        help="results whose top two genres are less than M "
                        "apart are uncertain (default 0: none)")
    parser.add_argument("--model", "-m",
                        help="model bundle (model.ini); default: the element's")
    parser.add_argument("input", help="file or URI")
    args = parser.parse_args()

    Gst.init(None)
    uri = args.input if Gst.uri_is_valid(args.input) \
        else Gst.filename_to_uri(args.input)

    # fakesink sync=false: analyse as fast as possible; use autoaudiosink
    # to listen at the same time.
    pipeline = Gst.parse_launch(
        "uridecodebin name=src ! audioconvert ! "
        "genreclassify name=classifier ! fakesink sync=false")
    pipeline.get_by_name("src").set_property("uri", uri)
    classifier = pipeline.get_by_name("classifier")
    classifier.set_property("window", args.window)
    classifier.set_property("hop", args.hop)
    classifier.set_property("smoothing", args.smoothing)
    classifier.set_property("uncertain-margin", args.uncertain_margin)
    if args.change_margin is not None:
        classifier.set_property("change-margin", args.change_margin)
    if args.model:
        classifier.set_property("model", args.model)

    loop = GLib.MainLoop()
    status = 0

    def on_message(bus, msg):
        nonlocal status
        if msg.type == Gst.MessageType.ELEMENT:
            s = msg.get_structure()
            if s is not None and s.get_name() == "genreclassify":
                print_result(s)
            elif s is not None and s.get_name() == "genreclassify-change":
                print_change(s)
        elif msg.type == Gst.MessageType.ERROR:
            err, debug = msg.parse_error()
            print("error: %s\n%s" % (err.message, debug or ""),
                  file=sys.stderr)
            status = 1
            loop.quit()
        elif msg.type == Gst.MessageType.EOS:
            loop.quit()

    bus = pipeline.get_bus()
    bus.add_signal_watch()
    bus.connect("message", on_message)

    if pipeline.set_state(Gst.State.PLAYING) == Gst.StateChangeReturn.FAILURE:
        # an error message on the bus says why
        msg = bus.pop_filtered(Gst.MessageType.ERROR)
        if msg is not None:
            on_message(bus, msg)
        status = 1
    else:
        loop.run()

    pipeline.set_state(Gst.State.NULL)
    bus.remove_signal_watch()
    return status


if __name__ == "__main__":
    sys.exit(main())
