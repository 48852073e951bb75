# genreclassify — helpers of the integration tests (tests/integrations)
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The tests are run by meson as
#   python3 test-NAME.py tool=... launch=... model=... integrations=...
#       plugin_path=... work=... [show_tags=...]
# They make their own audio with gst-launch-1.0, and take the expected
# genres from genreclassify-tag itself, so that they hold for any model.

import hashlib
import json
import os
import shutil
import subprocess
import sys
import wave as wave_module

ARGS = dict(a.split("=", 1) for a in sys.argv[1:] if "=" in a)
TOOL = ARGS.get("tool")
LAUNCH = ARGS.get("launch")
MODEL = ARGS.get("model")
INTEGRATIONS = ARGS.get("integrations")
PLUGIN_PATH = ARGS.get("plugin_path")
WORK = ARGS.get("work")
SHOW_TAGS = ARGS.get("show_tags")


def skip(reason):
    """Exit status 77: meson reports SKIP, with the reason in the log."""
    print("SKIP: " + reason)
    sys.exit(77)


def fresh_work_dir():
    shutil.rmtree(WORK, ignore_errors=True)
    os.makedirs(WORK)
    return WORK


def env(**extra):
    e = dict(os.environ)
    e.pop("GENRECLASSIFY_MODEL", None)
    e["GST_PLUGIN_PATH"] = PLUGIN_PATH
    e["GST_REGISTRY_1_0"] = os.path.join(WORK, "registry.bin")
    e["XDG_CACHE_HOME"] = os.path.join(WORK, "cache")
    e.update(extra)
    return e


def decoy_path():
    """A folder for PYTHONPATH holding a genreclassify_integrations that
    fails to import: it stands for another version installed on the
    machine (an older `meson install` in /usr), which the plugins must not
    pick up in place of the package beside them."""
    folder = os.path.join(WORK, "decoy")
    package = os.path.join(folder, "genreclassify_integrations")
    os.makedirs(package, exist_ok=True)
    with open(os.path.join(package, "__init__.py"), "w") as f:
        f.write('raise ImportError("the decoy genreclassify_integrations '
                'was imported, not the one beside the plugin")\n')
    return folder


def run(args, status=0, **kw):
    kw.setdefault("env", env())
    p = subprocess.run(args, capture_output=True, text=True, **kw)
    if status is not None and p.returncode != status:
        raise AssertionError("%s exited with %d, not %d\nstdout:\n%s\n"
                             "stderr:\n%s" % (args, p.returncode, status,
                                              p.stdout, p.stderr))
    return p


ENCODERS = {
    ".flac": "flacenc",
    ".ogg": "vorbisenc ! oggmux",
    ".mp3": "lamemp3enc ! id3v2mux",
}


# Real music for a test that needs the default model to tell two songs apart
# (it calls every test tone "electronic"): the excerpt the project ships.
MUSIC = os.path.join(os.environ.get("GENRECLASSIFY_SOURCE_ROOT", ""), "tests",
                     "data", "brahms-hungarian-dance-5-excerpt.ogg")


def make_audio(path, wave, seconds, tags=""):
    """SECONDS of audiotestsrc's WAVE (or, for WAVE "music", of the start of
    MUSIC), mono at 22050 Hz, encoded as the extension of PATH says, with
    TAGS (taginject syntax: title=A,artist=B).  At the analysis rate even
    the demonstration model tells white noise from a sine, so that the
    tests can tell one file's result from another's."""
    buffers = int(seconds * 22050 / 1024)
    if wave == "music":
        # Decoded whole, cut to SECONDS as PCM, so the excerpt's timestamps
        # run on without a gap.
        full, cut = path + ".full.wav", path + ".cut.wav"
        run([LAUNCH, "-q", "filesrc", "location=" + MUSIC, "!", "decodebin",
             "!", "audioconvert", "!", "audioresample", "!",
             "audio/x-raw,format=S16LE,rate=22050,channels=1", "!", "wavenc",
             "!", "filesink", "location=" + full])
        with wave_module.open(full, "rb") as r, \
                wave_module.open(cut, "wb") as w:
            w.setparams(r.getparams())
            w.writeframes(r.readframes(buffers * 1024))
        os.remove(full)
        line = [LAUNCH, "-q", "filesrc", "location=" + cut, "!", "wavparse",
                "!", "audioconvert", "!"]
    else:
        cut = None
        line = [LAUNCH, "-q", "audiotestsrc", "wave=" + wave,
                "num-buffers=%d" % buffers, "samplesperbuffer=1024", "!",
                "audio/x-raw,rate=22050,channels=1", "!", "audioconvert", "!"]
    if tags:
        line += ["taginject", "tags=" + tags, "!"]
    line += ENCODERS[os.path.splitext(path)[1]].split() + [
        "!", "filesink", "location=" + path]
    run(line)
    if cut:
        os.remove(cut)


def expected(paths, *options, model=MODEL):
    """genreclassify-tag's own answer for PATHS: {path: JSON object}, with
    MODEL (None: the tool's default model, as the plugins' empty model
    setting)."""
    p = run([TOOL, "-q", "--no-cache"] + (["--model", model] if model else [])
            + list(options) + list(paths))
    lines = [json.loads(line) for line in p.stdout.splitlines()]
    return {obj["path"]: obj for obj in lines}


def display_model(folder):
    """A copy of MODEL in FOLDER whose display-names differ from its labels
    ("tones" is shown "Tones (shown)"): its path."""
    with open(MODEL) as f:
        text = f.read()
    labels = [line.split("=", 1)[1].rstrip(";").split(";")
              for line in text.splitlines() if line.startswith("labels=")][0]
    text = text.replace("svm-file=model.svm", "svm-file=" + os.path.join(
        os.path.dirname(MODEL), "model.svm"))
    text = text.replace("[model]\n", "[model]\ndisplay-names=%s;\n" % ";".join(
        "%s (shown)" % label.capitalize() for label in labels), 1)
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, "model.ini")
    with open(path, "w") as f:
        f.write(text)
    return path


def distribution_string(obj):
    return ";".join("%s=%.4f" % (label, p)
                    for label, p in obj["distribution"].items())


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def mutagen_tags(path):
    """The file's tags as mutagen reads them: {lower-case key: [values]};
    ID3 COMM and TXXX frames are keyed by their description."""
    import mutagen
    f = mutagen.File(path)
    tags = {}
    if f is None or f.tags is None:
        return tags
    for key, value in f.tags.items():
        if hasattr(value, "desc"):  # ID3 frames
            key = value.desc or key[:4]
            value = [str(v) for v in value.text]
        elif key == "TCON":
            value = [str(v) for v in value.text]
        tags.setdefault(key.lower(), []).extend(
            value if isinstance(value, list) else [str(value)])
    if "tcon" in tags:
        tags["genre"] = tags.pop("tcon")
    return tags


def gst_tags(path):
    """What GStreamer's discoverer reads: {tag: [values]}, or None when the
    show_tags helper was not built."""
    if not SHOW_TAGS:
        return None
    tags = {}
    for line in run([SHOW_TAGS, path]).stdout.splitlines():
        key, _, value = line.partition("=")
        tags.setdefault(key, []).append(value)
    return tags
