#!/usr/bin/env python3
# genreclassify — tests of genreclassify-tag (src/cli/genreclassify-tag.c)
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Run by meson (tests/pipelines/meson.build) as
#   python3 test-tag-tool.py tool=… show_tags=… print_genres=… launch=…
#       audio=… model=… work=…
# Needs only the standard library: the JSON lines are parsed with json,
# the files' tags are read back by gc-show-tags (GstDiscoverer).
#
# The input, AUDIO, is 6 s of the demo model's "noise" then 12 s of its
# "tones": with --window 6 three windows (noise, tones, tones), summary
# "tones".  Copies of it in several formats, tagged genre=Wrong,
# title=Title and a FOO=bar comment, make the test library.

import hashlib
import json
import os
import pty
import re
import resource
import shutil
import signal
import stat
import subprocess
import sys
import unittest
import xml.etree.ElementTree as ET

ARGS = dict(a.split("=", 1) for a in sys.argv[1:] if "=" in a)
TOOL = ARGS["tool"]
SHOW_TAGS = ARGS["show_tags"]
PRINT_GENRES = ARGS["print_genres"]
LAUNCH = ARGS["launch"]
AUDIO = ARGS["audio"]
MODEL = ARGS["model"]
WORK = ARGS["work"]
PLUGIN_PATH = ARGS["plugin_path"]
EXCERPT = ARGS["excerpt"]

# name -> encoder part of a gst-launch line; every one can be tagged
FORMATS = {
    "vorbis.ogg": "vorbisenc ! oggmux",
    "opus.opus": "audioresample ! opusenc ! oggmux",
    "flac.flac": "flacenc",
    "oggflac.oga": "flacenc ! oggmux",
    "mp3.mp3": "lamemp3enc ! id3v2mux",
    "vorbis.mka": "vorbisenc ! matroskamux",
    "pcm.wav": "wavenc",
}

COMMON = ["--model", MODEL, "--window", "6", "--no-cache"]


def env():
    e = dict(os.environ)
    e.pop("GENRECLASSIFY_MODEL", None)
    e["GST_PLUGIN_PATH"] = PLUGIN_PATH
    e["GST_REGISTRY_1_0"] = os.path.join(WORK, "registry.bin")
    return e


def run(args, check_status=None, **kw):
    # a hung program fails its own test, named, instead of the whole suite
    # timing out (each run here takes seconds)
    kw.setdefault("timeout", 120)
    try:
        p = subprocess.run(args, capture_output=True, text=True, env=env(),
                           **kw)
    except subprocess.TimeoutExpired as e:
        raise AssertionError("%s did not end in %d s\nstderr:\n%s"
                             % (args, kw["timeout"], e.stderr)) from None
    if check_status is not None and p.returncode != check_status:
        raise AssertionError("%s exited with %d, not %d\nstdout:\n%s\nstderr:\n%s"
                             % (args, p.returncode, check_status, p.stdout,
                                p.stderr))
    return p


def tool(*args, status=0, **kw):
    """Runs genreclassify-tag; returns (JSON objects by path, process).
    MODEL is the demonstration model, which --write refuses unless told
    (test_demo_model checks that): with --write, it is told."""
    if "--write" in args:
        args = ("--allow-demo-model",) + args
    p = run([TOOL] + COMMON + list(args), check_status=status, **kw)
    lines = {}
    for line in p.stdout.splitlines():
        obj = json.loads(line)  # every line is one JSON object
        assert obj["path"] not in lines, "two lines for " + obj["path"]
        lines[obj["path"]] = obj
    return lines, p


def show_tags(path):
    """What GstDiscoverer reads: {tag: [values]} and the duration."""
    p = run([SHOW_TAGS, path], check_status=0)
    tags = {}
    for line in p.stdout.splitlines():
        k, v = line.split("=", 1)
        tags.setdefault(k, []).append(v)
    return tags


def md5(path):
    with open(path, "rb") as f:
        return hashlib.md5(f.read()).hexdigest()


def make(path, encoder, source=AUDIO,
         tags='genre=(string)Wrong,title=(string)Title,'
              'extended-comment=(string)"FOO=bar"'):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    run([LAUNCH, "-q", "filesrc", "location=" + source, "!", "wavparse", "!",
         "audioconvert", "!", "taginject", "tags=" + tags, "!",
         "audioconvert", "!"] + encoder.split() + ["!", "filesink",
                                                   "location=" + path],
        check_status=0)


def element_summary():
    """The element's summary distribution, from docs/examples/print-genres."""
    p = run([PRINT_GENRES, "--window", "6", "--model", MODEL, AUDIO],
            check_status=0)
    last = p.stdout.splitlines()[-1].split()
    assert last[0] == "summary", p.stdout
    return {k: float(v) for k, v in (w.split("=") for w in last[5:])}


class Library:
    """A library of the test audio in every format, built once."""
    root = os.path.join(WORK, "library")

    @classmethod
    def build(cls):
        # kept between runs, rebuilt when the input or this script changes
        stamp = os.path.join(cls.root, ".stamp")
        if (os.path.exists(stamp)
                and os.path.getmtime(stamp) >= os.path.getmtime(AUDIO)
                and os.path.getmtime(stamp) >= os.path.getmtime(__file__)):
            return
        shutil.rmtree(cls.root, ignore_errors=True)
        tmp = cls.root + ".tmp"
        shutil.rmtree(tmp, ignore_errors=True)
        for name, enc in FORMATS.items():
            sub = "a" if name.endswith((".ogg", ".opus", ".oga")) else "b/c"
            make(os.path.join(tmp, sub, name), enc)
        shutil.copy(AUDIO, os.path.join(tmp, "b", "noise-tones.wav"))
        # not audio: skipped in folders by name, an error when named
        with open(os.path.join(tmp, "notes.txt"), "w") as f:
            f.write("not audio\n")
        # not audio with an audio name: an error line
        with open(os.path.join(tmp, "b", "broken.mp3"), "w") as f:
            f.write("not audio either\n")
        with open(os.path.join(tmp, ".stamp"), "w"):
            pass
        os.rename(tmp, cls.root)

    @classmethod
    def audio_files(cls):
        out = []
        for d, _, files in os.walk(cls.root):
            for f in files:
                if f.endswith((".ogg", ".opus", ".flac", ".oga", ".mp3", ".mka",
                               ".wav")):
                    out.append(os.path.join(d, f))
        return sorted(out)


def fresh(name):
    d = os.path.join(WORK, name)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    return d


class TestTagTool(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        Library.build()

    def test_json_lines(self):
        notes = os.path.join(Library.root, "notes.txt")
        lines, p = tool("-j", "2", Library.root, notes, status=1)
        files = Library.audio_files()
        # every audio file (by name) and the named text file, once each
        self.assertEqual(sorted(lines), sorted(files + [notes]))
        summary = element_summary()
        for path, obj in lines.items():
            if path.endswith(("broken.mp3", "notes.txt")):
                self.assertEqual(obj["error_code"], "not-media")
                self.assertIn(path, obj["error"])
                self.assertNotIn("genre", obj)
                continue
            self.assertNotIn("error", obj, path)
            self.assertAlmostEqual(obj["duration"], 18.0, delta=0.1)
            self.assertEqual(obj["windows"], 3)
            self.assertEqual(obj["silent_windows"], 0)
            self.assertEqual(obj["genre"], "tones")
            dist = obj["distribution"]
            self.assertEqual(list(dist)[0], "tones")  # most probable first
            self.assertEqual(sorted(dist), ["clicks", "noise", "tones"])
            self.assertAlmostEqual(sum(dist.values()), 1.0, places=9)
            self.assertEqual(obj["confidence"], dist["tones"])
            self.assertIs(obj["uncertain"], False)  # no margin by default
            self.assertEqual(len(obj["window_genres"]), 3)
            if path.endswith((".flac", ".oga", ".wav")):
                # lossless: the noise is still noise (lossy codecs change it
                # enough for the demo model)
                self.assertEqual(obj["window_genres"],
                                 ["noise", "tones", "tones"])
            if path.endswith(".wav"):
                # lossless: exactly what the element says
                for k, v in summary.items():
                    self.assertAlmostEqual(dist[k], v, delta=0.00006)
        # a failure is reported on stderr too, and in the exit status (1)
        self.assertIn("broken.mp3", p.stderr)
        self.assertIn("2 of %d files failed" % (len(files) + 1), p.stderr)

    def test_default_model(self):
        # Without a model named, the tool and the element both find the
        # default model of this build tree, compute the features it names
        # (robust-281, not the demo's seed-212) and agree on the excerpt.
        p = run([TOOL, "--no-cache", EXCERPT], check_status=0)
        obj = json.loads(p.stdout)
        dist = obj["distribution"]
        self.assertEqual(len(dist), 11)
        self.assertIn("classical", dist)
        self.assertEqual(obj["windows"], 2)
        p = run([PRINT_GENRES, EXCERPT], check_status=0)
        last = p.stdout.splitlines()[-1].split()
        self.assertEqual(last[0], "summary", p.stdout)
        element = {k: float(v) for k, v in (w.split("=") for w in last[5:])}
        self.assertEqual(sorted(element), sorted(dist))
        for k, v in element.items():
            self.assertAlmostEqual(dist[k], v, delta=0.00006, msg=k)

    def test_tsv(self):
        wav = os.path.join(Library.root, "b", "noise-tones.wav")
        p = run([TOOL] + COMMON + ["--format", "tsv", wav], check_status=0)
        cols = p.stdout.rstrip("\n").split("\t")
        self.assertEqual(cols[0], wav)
        self.assertEqual(cols[1], "tones")
        self.assertEqual(cols[4], "3")
        self.assertEqual(cols[6], "false")
        self.assertEqual(cols[7], "")  # nothing to skip without --write
        self.assertEqual(len(cols), 8)
        # with --write, why a file was left alone
        d = fresh("tsv")
        p = run([TOOL] + COMMON + ["--write", "--allow-demo-model",
                                   "--min-confidence", "0.99", "-o", d,
                                   "--format", "tsv", wav], check_status=0)
        cols = p.stdout.rstrip("\n").split("\t")
        self.assertEqual((cols[5], cols[7]), ("", "low-confidence"))
        self.assertEqual(os.listdir(d), [])

    def element_uncertain(self, margin):
        """The element's summary "uncertain" field for AUDIO."""
        p = run([LAUNCH, "-m", "filesrc", "location=" + AUDIO, "!",
                 "decodebin", "!", "audioconvert", "!", "genreclassify",
                 "window=6", "uncertain-margin=%g" % margin,
                 "model=" + MODEL, "!", "fakesink"], check_status=0)
        final = [l for l in p.stdout.splitlines()
                 if "final=(boolean)true" in l]
        self.assertEqual(len(final), 1, p.stdout)
        return "uncertain=(boolean)true" in final[0]

    def test_uncertain(self):
        # the summary: tones 0.5838, noise 0.3383, a lead of 0.2455
        wav = os.path.join(Library.root, "b", "noise-tones.wav")
        flac = os.path.join(Library.root, "b", "c", "flac.flac")  # lossless
        out = fresh("uncertain")
        for margin, expect in ((0.2, False), (0.3, True)):
            lines, _ = tool("--uncertain-margin", str(margin), "--write",
                            "--overwrite-genre",
                            "--output-dir", fresh("uncertain-%g" % margin),
                            wav, flac)
            for path, obj in lines.items():
                self.assertIs(obj["uncertain"], expect, (margin, path))
                # the genre is still the top label
                self.assertEqual(obj["genre"], "tones")
                if expect:
                    # left alone: nothing written
                    self.assertIsNone(obj["written"])
                    self.assertEqual(obj["write_skipped"], "uncertain")
                else:
                    self.check_tagged(obj["written"])
                    self.assertNotIn("write_skipped", obj)
            # the element's rule is the same
            self.assertIs(self.element_uncertain(margin), expect)
        # nothing written for the uncertain files, not even a folder
        self.assertEqual(os.listdir(os.path.join(WORK, "uncertain-0.3")), [])
        self.assertNotEqual(os.listdir(os.path.join(WORK, "uncertain-0.2")),
                            [])
        # forced
        lines, _ = tool("--uncertain-margin", "0.3", "--write",
                        "--write-uncertain", "--overwrite-genre",
                        "--output-dir", out, flac)
        self.assertIs(lines[flac]["uncertain"], True)
        self.check_tagged(lines[flac]["written"])
        p = run([TOOL] + COMMON + ["--uncertain-margin", "0.3", "--format",
                                   "tsv", wav], check_status=0)
        self.assertEqual(p.stdout.rstrip("\n").split("\t")[6], "true")
        for bad in (["--uncertain-margin", "1.5"], ["--write-uncertain"]):
            p = run([TOOL] + COMMON + bad + [wav])
            self.assertEqual(p.returncode, 2, bad)

    def test_shards(self):
        everything, _ = tool("-j", "2", Library.root, status=1)
        shards = []
        for i in range(3):
            p = run([TOOL] + COMMON + ["--shard", "%d/3" % i, Library.root])
            self.assertIn(p.returncode, (0, 1))
            shards.append({json.loads(l)["path"] for l in p.stdout.splitlines()})
        for i in range(3):
            for j in range(i + 1, 3):
                self.assertFalse(shards[i] & shards[j], "shards overlap")
        self.assertEqual(set().union(*shards), set(everything))
        # the split depends only on the sorted list: positions 0, 3, 6… in 0/3
        ordered = sorted(everything)
        self.assertEqual(shards[0], set(ordered[0::3]))
        self.assertEqual(shards[2], set(ordered[2::3]))
        # the same shard again, with other jobs: the same files
        p = run([TOOL] + COMMON + ["-j", "1", "--shard", "2/3", Library.root])
        self.assertEqual({json.loads(l)["path"] for l in p.stdout.splitlines()},
                         shards[2])
        for bad in ("3/3", "1", "a/2", "0/0"):
            p = run([TOOL] + COMMON + ["--shard", bad, Library.root])
            self.assertEqual(p.returncode, 2, bad)

    def check_tagged(self, path, genre="tones"):
        tags = show_tags(path)
        self.assertEqual(tags.get("genre"), [genre], path)
        if path.endswith("noise-tones.wav"):
            return tags  # the test input itself: no other tags
        self.assertEqual(tags.get("title"), ["Title"], path)
        comments = tags.get("extended-comment", [])
        if not path.endswith((".wav", ".mka")):
            # the distribution once, and the file's other comments kept
            dist = [c for c in comments if c.startswith("GENRE_DISTRIBUTION")]
            self.assertEqual(len(dist), 1, (path, comments))
            self.assertTrue(dist[0].split("=", 1)[1].startswith("tones="),
                            dist)
            self.assertEqual(len([c for c in comments if c.startswith("FOO")]),
                             1, (path, comments))
        return tags

    def test_write_copies(self):
        out = fresh("copies")
        before = {f: md5(f) for f in Library.audio_files()}
        # the library's genre is "Wrong": replaced only when asked
        lines, _ = tool("--write", "--overwrite-genre", "--output-dir", out,
                        Library.root, status=1)
        for path in Library.audio_files():
            obj = lines[path]
            if path.endswith("broken.mp3"):
                self.assertIsNone(obj["written"])
                continue
            if path.endswith((".mka", ".oga")):
                # TagLib 1.13 cannot write Matroska, and damages Ogg FLAC
                self.assertIsNone(obj["written"])
                self.assertEqual(obj["error_code"], "write-unsupported")
                self.assertEqual(obj["genre"], "tones")  # analysed
                continue
            rel = os.path.relpath(path, Library.root)
            self.assertEqual(obj["written"], os.path.join(out, rel))
            self.check_tagged(obj["written"])
            # the audio is the same length (GstDiscoverer only estimates
            # it for MP3 without a Xing header; the tool itself compared
            # every audio packet of the copy with the original's)
            if not path.endswith(".mp3"):
                self.assertAlmostEqual(
                    float(show_tags(obj["written"])["duration"][0]),
                    float(show_tags(path)["duration"][0]), delta=0.06)
        # the originals are untouched
        self.assertEqual(before, {f: md5(f) for f in Library.audio_files()})
        self.assertEqual(show_tags(os.path.join(Library.root, "a",
                                                "vorbis.ogg"))["genre"],
                         ["Wrong"])
        # no temporary file left
        for d, _, files in os.walk(out):
            self.assertFalse([f for f in files if ".gctag-" in f])

    def test_write_in_place(self):
        d = fresh("in-place")
        for name, enc in FORMATS.items():
            shutil.copy(os.path.join(Library.root,
                                     "a" if name.endswith((".ogg", ".opus",
                                                           ".oga"))
                                     else "b/c", name), d)
        os.chmod(os.path.join(d, "flac.flac"), 0o640)
        # twice: nothing doubles; the second time without
        # --overwrite-genre, as the genre is the one written the first time
        for options in (["--overwrite-genre"], []):
            lines, _ = tool("--write", "--in-place", "-j", "3", d, *options,
                            status=1)
            for path, obj in lines.items():
                if path.endswith((".mka", ".oga")):  # see test_write_copies
                    self.assertEqual(obj["error_code"], "write-unsupported")
                    continue
                self.assertEqual(obj["written"], path)
                self.check_tagged(path)
        self.assertEqual(stat.S_IMODE(os.stat(os.path.join(d, "flac.flac"))
                                      .st_mode), 0o640)
        self.assertEqual(sorted(os.listdir(d)), sorted(FORMATS))

    def test_in_place_failure_keeps_original(self):
        d = fresh("failure")
        ogg = os.path.join(d, "vorbis.ogg")
        shutil.copy(os.path.join(Library.root, "a", "vorbis.ogg"), ogg)
        # an unsupported container: refused before anything is written
        m4a = os.path.join(d, "vorbis.mka")
        make(m4a, "vorbisenc ! matroskamux")
        sums = {f: md5(f) for f in (ogg, m4a)}

        def small_files():
            # writing more than 32 KiB fails (EFBIG), as a full disk would
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (32768, 32768))

        lines, p = tool("--write", "--in-place", "--overwrite-genre", ogg, m4a,
                        status=1, preexec_fn=small_files)
        self.assertEqual(lines[ogg]["error_code"], "write")
        self.assertIsNone(lines[ogg]["written"])
        self.assertEqual(lines[ogg]["genre"], "tones")  # analysed all the same
        self.assertEqual(lines[m4a]["error_code"], "write-unsupported")
        self.assertEqual(sums, {f: md5(f) for f in (ogg, m4a)})
        self.assertEqual(sorted(os.listdir(d)), ["vorbis.mka", "vorbis.ogg"])
        self.assertEqual(show_tags(ogg)["genre"], ["Wrong"])

    def test_svg(self):
        out = fresh("svg")
        short = os.path.join(WORK, "short")
        os.makedirs(short, exist_ok=True)
        one = os.path.join(short, "one-window.wav")
        run([LAUNCH, "-q", "filesrc", "location=" + AUDIO, "!", "wavparse",
             "!", "audioconvert", "!", "audio/x-raw", "!", "wavenc", "!",
             "filesink", "location=" + one], check_status=0)
        wav = os.path.join(Library.root, "b", "noise-tones.wav")
        lines, _ = tool("--svg-dir", out, "--window", "30", one)
        lines2, _ = tool("--svg-dir", out, wav)
        # 18 s with 30-s windows: one (partial) window, a bar chart only
        self.assertEqual(lines[one]["svg"],
                         [os.path.join(out, "one-window.wav.svg")])
        # three windows: bar chart and timeline
        self.assertEqual(lines2[wav]["svg"],
                         [os.path.join(out, "noise-tones.wav.svg"),
                          os.path.join(out, "noise-tones.wav.timeline.svg")])
        for f in lines[one]["svg"] + lines2[wav]["svg"]:
            root = ET.parse(f).getroot()
            self.assertTrue(root.tag.endswith("svg"), f)
            with open(f) as svg:
                text = svg.read()
            for label in ("tones", "noise", "clicks"):
                self.assertIn(label, text)

    def test_progress(self):
        # not a terminal: plain lines
        _, p = tool("-j", "1", Library.root, status=1)
        n = len(Library.audio_files())
        self.assertIn("analysing: %d/%d files" % (n, n), p.stderr)
        self.assertNotIn("\r", p.stderr)
        # a terminal: a line redrawn in place
        master, slave = pty.openpty()
        e = env()
        e["TERM"] = "xterm"
        # one file at a time: long enough for the line to be drawn (it is
        # redrawn at most ten times a second)
        proc = subprocess.Popen([TOOL] + COMMON + ["-j", "1", Library.root],
                                stdout=subprocess.PIPE, stderr=slave, env=e)
        os.close(slave)
        out, _ = proc.communicate()
        err = b""
        while True:
            try:
                chunk = os.read(master, 4096)
            except OSError:
                break
            if not chunk:
                break
            err += chunk
        os.close(master)
        self.assertEqual(proc.returncode, 1)  # broken.mp3
        self.assertIn(b"\r\x1b[Kanalysing  ", err)
        self.assertEqual(len(out.splitlines()), n)

    def test_documented_two_pass(self):
        # docs/howto-transcoding.md, "Two passes from the shell": tag a copy
        # of the source, then transcode it; the genre travels as a tag of
        # the source and replaces the source's own ("Wrong")
        d = fresh("two-pass")
        src = os.path.join(d, "song.flac")
        shutil.copy(os.path.join(Library.root, "b", "c", "flac.flac"), src)
        for enc, name in (("vorbisenc ! oggmux", "song.ogg"),
                          ("audioresample ! opusenc ! oggmux", "song.opus"),
                          ("flacenc", "out.flac"),
                          ("lamemp3enc ! id3v2mux", "song.mp3")):
            script = (
                'cd "$DIR"\n'
                '"$TOOL" --model "$MODEL" --window 6 --no-cache -q '
                '--write --allow-demo-model --overwrite-genre '
                '--output-dir tagged song.flac '
                '> /dev/null\n'
                '"$LAUNCH" -q filesrc location=tagged/song.flac ! decodebin ! '
                'audioconvert ! %s ! filesink location=%s\n' % (enc, name))
            e = env()
            e.update(TOOL=TOOL, MODEL=MODEL, DIR=d, LAUNCH=LAUNCH)
            p = subprocess.run(["sh", "-e", "-c", script], env=e,
                               capture_output=True, text=True)
            self.assertEqual(p.returncode, 0, p.stderr)
            self.check_tagged(os.path.join(d, name))

    def test_folder_scan(self):
        # the same audio names in every tool (src/training/gc-audio-names.c):
        # .mkv is found; a folder without audio is a warning and status 1
        d = fresh("scan")
        shutil.copy(os.path.join(Library.root, "b", "c", "vorbis.mka"),
                    os.path.join(d, "song.MKV"))
        lines, _ = tool(d)
        self.assertEqual(list(lines), [os.path.join(d, "song.MKV")])
        empty = fresh("scan-empty")
        with open(os.path.join(empty, "notes.txt"), "w") as f:
            f.write("not audio\n")
        p = run([TOOL] + COMMON + [empty])
        self.assertEqual(p.returncode, 1)
        self.assertEqual(p.stdout, "")
        self.assertIn("warning: no audio file found", p.stderr)

    def test_write_bad_input(self):
        d = fresh("bad-input")
        ro = os.path.join(d, "read-only.flac")
        shutil.copy(os.path.join(Library.root, "b", "c", "flac.flac"), ro)
        os.chmod(ro, 0o444)
        # a WAV TagLib cannot open: its RIFF size field is damaged (the
        # decoder does not mind)
        bad = os.path.join(d, "bad-riff.wav")
        with open(os.path.join(Library.root, "b", "c", "pcm.wav"), "rb") as f:
            data = bytearray(f.read())
        data[0:4] = b"RIFX"  # big-endian RIFF: TagLib's WAV refuses it
        with open(bad, "wb") as f:
            f.write(data)
        sums = {f: md5(f) for f in (ro, bad)}
        lines, p = tool("--write", "--in-place", "--overwrite-genre", ro, bad,
                        status=1)
        self.assertEqual(lines[ro]["error_code"], "write-read-only")
        self.assertIn("read-only", lines[ro]["error"])
        self.assertIsNone(lines[ro]["written"])
        self.assertEqual(sums, {f: md5(f) for f in (ro, bad)})
        if "error" in lines[bad]:  # the analysis may refuse it first
            self.assertIsNone(lines[bad]["written"])
        self.assertEqual(sorted(os.listdir(d)),
                         ["bad-riff.wav", "read-only.flac"])

    def test_genre_policy(self):
        # a genre the file has is the user's: left, unless --overwrite-genre
        # or this tool wrote it (its GENRE_DISTRIBUTION's top genre)
        d = fresh("policy")
        src = os.path.join(Library.root, "b", "c", "flac.flac")  # "Wrong"
        wrong, mine, ours, bare = (os.path.join(d, n) for n in (
            "wrong.flac", "mine.flac", "ours.flac", "bare.flac"))
        shutil.copy(src, wrong)
        dist = 'extended-comment=(string)"GENRE_DISTRIBUTION=tones=0.6;' \
            'noise=0.4"'
        make(mine, "flacenc", tags="genre=(string)Mine," + dist)
        make(ours, "flacenc", tags="genre=(string)tones," + dist)
        make(bare, "flacenc", tags="title=(string)Bare")
        sums = {f: md5(f) for f in (wrong, mine)}
        lines, p = tool("--write", "--in-place", "-v", wrong, mine, ours, bare)
        for path, genre in ((wrong, "Wrong"), (mine, "Mine")):
            self.assertIsNone(lines[path]["written"])
            self.assertEqual(lines[path]["write_skipped"], "has-genre")
            self.assertEqual(lines[path]["existing_genre"], genre)
            self.assertEqual(md5(path), sums[path])
            self.assertIn('not written: has-genre (the file\'s genre is "%s"'
                          % genre, p.stderr)
        for path in (ours, bare):
            self.assertEqual(lines[path]["written"], path)
            self.assertNotIn("write_skipped", lines[path])
            self.assertEqual(show_tags(path)["genre"], ["tones"])
        lines, _ = tool("--write", "--in-place", "--overwrite-genre", wrong)
        self.assertEqual(lines[wrong]["written"], wrong)
        self.check_tagged(wrong)

    def test_min_confidence(self):
        # the summary's confidence is 0.5838 (test_uncertain)
        flac = os.path.join(Library.root, "b", "c", "flac.flac")
        out = fresh("confidence")
        lines, _ = tool("--write", "--overwrite-genre", "--min-confidence",
                        "0.6", "--output-dir", out, flac)
        conf = lines[flac]["confidence"]
        self.assertLess(conf, 0.6)
        self.assertIsNone(lines[flac]["written"])
        self.assertEqual(lines[flac]["write_skipped"], "low-confidence")
        self.assertEqual(os.listdir(out), [])
        lines, _ = tool("--write", "--overwrite-genre", "--min-confidence",
                        "%.4f" % (conf - 0.001), "--output-dir", out, flac)
        self.check_tagged(lines[flac]["written"])
        # the default, shown by --help (the plugins' tests read it there)
        help_text = run([TOOL, "--help"], check_status=0).stdout
        default = float(re.search(r"--min-confidence=P .*?default ([0-9.]+)",
                                  help_text, re.S).group(1))
        self.assertTrue(0 < default <= 1, default)
        lines, _ = tool("--write", "--overwrite-genre", "--output-dir",
                        fresh("confidence-default"), flac)
        self.assertEqual(lines[flac]["write_skipped"] if conf < default
                         else lines[flac]["written"] is not None,
                         "low-confidence" if conf < default else True)
        for bad in (["--write", "--output-dir", out, "--min-confidence",
                     "1.5"], ["--min-confidence", "0.2"],
                    ["--overwrite-genre"]):
            p = run([TOOL] + COMMON + ["--allow-demo-model"] + bad + [flac])
            self.assertEqual(p.returncode, 2, bad)

    def test_display_names(self):
        # a model with display-names writes them; --model-labels the
        # labels; the JSON keeps the labels and names the display name
        model = os.path.join(fresh("display-model"), "model.ini")
        with open(MODEL) as f:
            text = f.read()
        text = text.replace("svm-file=model.svm", "svm-file=" + os.path.join(
            os.path.dirname(MODEL), "model.svm"))
        text = text.replace("labels=tones;noise;clicks;",
                            "labels=tones;noise;clicks;\n"
                            "display-names=Tones (Demo);Noise;Clicks;")
        with open(model, "w") as f:
            f.write(text)
        flac = os.path.join(Library.root, "b", "c", "flac.flac")
        for options, genre in (([], "Tones (Demo)"),
                               (["--model-labels"], "tones")):
            out = fresh("display")
            p = run([TOOL, "--window", "6", "--no-cache", "--model", model,
                     "--write", "--allow-demo-model", "--overwrite-genre",
                     "--output-dir", out, flac] + options, check_status=0)
            obj = json.loads(p.stdout)
            self.assertEqual((obj["genre"], obj["display_genre"]),
                             ("tones", "Tones (Demo)"))
            self.assertEqual(list(obj["distribution"])[0], "tones")
            tags = show_tags(obj["written"])
            self.assertEqual(tags["genre"], [genre])
            dist = [c for c in tags["extended-comment"]
                    if c.startswith("GENRE_DISTRIBUTION=")]
            self.assertTrue(dist[0].startswith("GENRE_DISTRIBUTION=tones="))
            # written by us in either spelling: rewritten without asking
            p = run([TOOL, "--window", "6", "--no-cache", "--model", model,
                     "--write", "--allow-demo-model", "--in-place",
                     obj["written"]], check_status=0)
            self.assertEqual(json.loads(p.stdout)["written"], obj["written"])

    def test_write_damaged_tags(self):
        # tags whose sizes point past their end: TagLib would parse what it
        # can and write back only that; the file is refused, untouched
        d = fresh("damaged")
        flac, mp3 = os.path.join(d, "bad.flac"), os.path.join(d, "bad.mp3")
        with open(os.path.join(Library.root, "b", "c", "flac.flac"),
                  "rb") as f:
            data = bytearray(f.read())
        pos = 4
        while data[pos] & 0x7f != 4:  # the VORBIS_COMMENT block
            pos += 4 + int.from_bytes(data[pos + 1:pos + 4], "big")
        data[pos + 4:pos + 8] = (0x7ffffff0).to_bytes(4, "little")  # vendor
        with open(flac, "wb") as f:
            f.write(data)
        with open(os.path.join(Library.root, "b", "c", "mp3.mp3"), "rb") as f:
            data = bytearray(f.read())
        self.assertEqual(data[:3], b"ID3")
        data[14:18] = b"\x7f\x7f\x7f\x7f"  # the first frame's size
        with open(mp3, "wb") as f:
            f.write(data)
        sums = {f: md5(f) for f in (flac, mp3)}
        lines, _ = tool("--write", "--in-place", "--overwrite-genre", flac,
                        mp3, status=1)
        for path in (flac, mp3):
            self.assertEqual(lines[path]["error_code"], "write-unreadable")
            self.assertIn("tags are damaged", lines[path]["error"])
            self.assertEqual(lines[path]["genre"], "tones")  # analysed
        self.assertEqual(sums, {f: md5(f) for f in (flac, mp3)})
        self.assertEqual(sorted(os.listdir(d)), ["bad.flac", "bad.mp3"])

    def test_write_full_disk(self):
        # a real full disk: a 1-MiB tmpfs holding the file (in place) or
        # receiving the copy (--output-dir)
        d = fresh("full-disk")
        mnt = os.path.join(d, "mnt")
        os.makedirs(mnt)
        p = run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mnt])
        if p.returncode != 0:
            self.skipTest("cannot mount a tmpfs here: " + p.stderr.strip())
        try:
            wav = os.path.join(mnt, "song.wav")
            # 18 s of 22050-Hz mono: about 790 KB, no room for a copy
            shutil.copy(os.path.join(Library.root, "b", "noise-tones.wav"),
                        wav)
            before = md5(wav)
            lines, _ = tool("--write", "--in-place", wav, status=1)
            self.assertEqual(lines[wav]["error_code"], "write")
            self.assertIn("No space left", lines[wav]["error"])
            self.assertEqual(md5(wav), before)
            self.assertEqual(os.listdir(mnt), ["song.wav"])
            src = os.path.join(Library.root, "b", "c", "flac.flac")
            lines, _ = tool("--write", "--overwrite-genre", "--output-dir",
                            mnt, src, status=1)
            self.assertEqual(lines[src]["error_code"], "write")
            self.assertEqual(os.listdir(mnt), ["song.wav"])
            self.assertEqual(md5(wav), before)
        finally:
            run(["umount", mnt], check_status=0)

    def test_demo_model(self):
        # MODEL is a demonstration (demonstration=true): its labels are not
        # genres.  Analysed, every line says so; --write refuses it before
        # touching anything, naming the model and the override.
        wav = os.path.join(Library.root, "b", "noise-tones.wav")
        lines, _ = tool(wav)
        self.assertEqual(lines[wav]["demonstration_model"], MODEL)
        out = fresh("demo-refused")
        p = run([TOOL] + COMMON + ["--write", "--output-dir", out, wav])
        self.assertEqual(p.returncode, 2, p.stderr)
        self.assertEqual(p.stdout, "")
        self.assertIn(MODEL + " is a demonstration model", p.stderr)
        self.assertIn("--allow-demo-model", p.stderr)
        self.assertEqual(os.listdir(out), [])
        # the override writes, and the line still names the model
        lines, _ = tool("--write", "--output-dir", out, wav)
        self.assertEqual(lines[wav]["demonstration_model"], MODEL)
        self.check_tagged(lines[wav]["written"])
        # the override only goes with --write
        p = run([TOOL] + COMMON + ["--allow-demo-model", wav])
        self.assertEqual(p.returncode, 2, p.stderr)
        self.assertIn("--allow-demo-model, ", p.stderr)
        self.assertIn("say what --write writes", p.stderr)
        # a model that is not a demonstration: no such field
        p = run([TOOL, "--window", "6", "--no-cache", "--model", os.path.join(
            os.path.dirname(os.path.dirname(MODEL)), "genres-11", "model.ini"),
            wav], check_status=0)
        self.assertNotIn("demonstration_model", json.loads(p.stdout))

    def test_usage(self):
        wav = os.path.join(Library.root, "b", "noise-tones.wav")
        for args in (["--write", wav], ["--in-place", wav],
                     ["--write", "--in-place", "--output-dir", "x", wav],
                     ["--format", "xml", wav], []):
            p = run([TOOL] + COMMON + args)
            self.assertEqual(p.returncode, 2, args)
        p = run([TOOL] + COMMON + [os.path.join(WORK, "does-not-exist.ogg")])
        self.assertEqual(p.returncode, 1)
        self.assertEqual(json.loads(p.stdout)["error_code"], "open")


if __name__ == "__main__":
    os.makedirs(WORK, exist_ok=True)
    unittest.main(argv=[sys.argv[0], "-v"])
