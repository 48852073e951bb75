# genreclassify — running genreclassify-tag for the library plugins
# SPDX-License-Identifier: GPL-2.0-or-later
"""Analyse files with ``genreclassify-tag`` and read its JSON lines.

The plugins hand their files to the project's own tool (decoding, windows,
model, summary: docs/howto-batch-tagging.md) and keep only its answer, so
that a genre in a beets or Quod Libet library is exactly the one
``genreclassify-tag`` and the element report.  The tool never writes here:
each host stores the result with its own tag writer.
"""

import json
import os
import shutil
import subprocess
import tempfile
import threading

DEFAULT_COMMAND = "genreclassify-tag"

# Bytes of file names per run of the tool, well below the kernel's limit on
# a command line; a larger selection is analysed in several runs.
_MAX_ARGV_BYTES = 64 * 1024


class AnalysisError(Exception):
    """The tool could not analyse anything (not found, bad model...)."""


class Result:
    """One file's analysis: a JSON line of ``genreclassify-tag``.

    ``genre`` and ``confidence`` are None when no window could be classified
    (silence, too short); ``genre`` is the model's label ("hip-hop"),
    ``display_genre`` its name as people spell it ("Hip-Hop": the model's
    display-names, what ``genreclassify-tag --write`` writes); ``error`` and ``error_code`` are set when the file
    could not be analysed (``not-media``, ``decode``... as the tool says).
    ``distribution`` is a list of (label, probability), most probable first.
    ``fields`` is the whole JSON object, fields added to the tool's output
    later included.
    """

    def __init__(self, path, genre=None, confidence=None, distribution=(),
                 duration=None, windows=0, error=None, error_code=None,
                 fields=None, display_genre=None):
        self.path = path
        self.genre = genre
        self.display_genre = display_genre or genre
        self.confidence = confidence
        self.distribution = list(distribution)
        self.duration = duration
        self.windows = windows
        self.error = error
        self.error_code = error_code
        self.fields = fields or {}

    @classmethod
    def from_json(cls, line):
        obj = json.loads(line)
        if not isinstance(obj, dict) or "path" not in obj:
            raise ValueError("not a genreclassify-tag result: %r" % line)
        return cls(obj["path"], genre=obj.get("genre"),
                   display_genre=obj.get("display_genre"),
                   confidence=obj.get("confidence"),
                   distribution=(obj.get("distribution") or {}).items(),
                   duration=obj.get("duration"),
                   windows=obj.get("windows") or 0,
                   error=obj.get("error"), error_code=obj.get("error_code"),
                   fields=obj)

    @classmethod
    def failed(cls, path, message, code="error"):
        return cls(path, error=message, error_code=code)

    @property
    def ok(self):
        return self.error is None

    def distribution_string(self):
        """``label=0.6100;label2=0.2000;...``: the element's
        ``genre-distribution`` tag and the files' GENRE_DISTRIBUTION, four
        decimals with a dot whatever the locale, most probable first."""
        return ";".join("%s=%.4f" % (label, p)
                        for label, p in self.distribution)

    def __repr__(self):
        return "Result(%r, genre=%r, confidence=%r, error=%r)" % (
            self.path, self.genre, self.confidence, self.error)


def find_command(command=None, default=DEFAULT_COMMAND, option="command"):
    """The path of a tool of the project (DEFAULT: ``genreclassify-tag``):
    COMMAND if it names a file (a path or a name on PATH), else the tool on
    PATH.  OPTION names the plugin option that sets it, for the error.
    Raises AnalysisError."""
    command = os.path.expanduser(command or default)
    if os.sep in command:
        if os.access(command, os.X_OK) and not os.path.isdir(command):
            return os.path.abspath(command)
        raise AnalysisError("%s: %s is not an executable file"
                            % (default, command))
    found = shutil.which(command)
    if found is None:
        raise AnalysisError(
            "%s not found on PATH: install genreclassify (meson install) or "
            "set the plugin's %s option to its path" % (command, option))
    return found


class Analyser:
    """Runs ``genreclassify-tag`` on files.

    ``model``, ``window``, ``hop``, ``min_window``, ``jobs``,
    ``uncertain_margin``: the tool's options (None or 0: its defaults);
    ``cache``: False adds ``--no-cache``.  ``allow_demo_model``: give the
    results of a demonstration model too (its labels are not genres: the
    hosts store what they get, so by default ``run()`` refuses such a
    model).
    ``run()`` may be iterated in another thread and stopped by ``cancel()``.
    """

    def __init__(self, command=None, model=None, window=None, hop=None,
                 min_window=None, jobs=None, cache=True,
                 uncertain_margin=None, allow_demo_model=False):
        self.command = find_command(command)
        self.allow_demo_model = bool(allow_demo_model)
        self.options = []
        if model:
            self.options += ["--model", os.path.expanduser(model)]
        for name, value in (("--window", window), ("--hop", hop),
                            ("--min-window", min_window),
                            ("--uncertain-margin", uncertain_margin)):
            if value:
                self.options += [name, repr(float(value))]
        if jobs:
            self.options += ["--jobs", str(int(jobs))]
        if not cache:
            self.options.append("--no-cache")
        self._lock = threading.Lock()
        self._proc = None
        self._cancelled = False

    def argv(self, paths):
        # -q: progress is the host's business; "--" so that no file name is
        # ever taken for an option.
        return ([self.command, "-q", "--progress=none"] + self.options +
                ["--"] + [os.fsencode(p) for p in paths])

    def cancel(self):
        """Stops the analysis: run() ends after the file being read."""
        with self._lock:
            self._cancelled = True
            if self._proc is not None and self._proc.poll() is None:
                self._proc.terminate()

    def run(self, paths):
        """Yields (path, Result) for each of PATHS (str or bytes, as given),
        in the order the tool finishes them.  A file the tool could not
        analyse gets a Result whose ``error`` says why.  Raises
        AnalysisError if the tool fails as a whole (exit status 2: bad
        model or option), and at the first result of a demonstration model
        unless ``allow_demo_model``."""
        by_name = {}  # the tool's "path" -> the paths given
        alone = []
        for path in paths:
            absolute = os.path.abspath(os.fsencode(path))
            try:
                name = absolute.decode("utf-8")
            except UnicodeDecodeError:
                # The tool prints such names with replacement characters, so
                # they cannot be matched: each gets a run of its own.
                alone.append((absolute, path))
                continue
            by_name.setdefault(name, []).append(path)

        chunk, size = [], 0
        for name in by_name:
            if chunk and size + len(name) > _MAX_ARGV_BYTES:
                yield from self._run_chunk(chunk, by_name)
                chunk, size = [], 0
            chunk.append(name)
            size += len(name) + 1
        if chunk:
            yield from self._run_chunk(chunk, by_name)
        for absolute, path in alone:
            yield from self._run_chunk([absolute], {absolute: [path]})

    def _run_chunk(self, names, by_name):
        with self._lock:
            if self._cancelled:
                return
            err = tempfile.TemporaryFile()
            self._proc = proc = subprocess.Popen(
                self.argv(names), stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE, stderr=err)
        waiting = set(names)
        try:
            for line in proc.stdout:
                result = Result.from_json(line.decode("utf-8"))
                demo = result.fields.get("demonstration_model")
                if demo and not self.allow_demo_model:
                    proc.terminate()
                    raise AnalysisError(
                        "%s is a demonstration model (demonstration=true in "
                        "its model.ini): its labels are not genres, so "
                        "nothing is stored. Set the model option to a real "
                        "model (empty: the default one), or allow_demo_model "
                        "to store its labels anyway (for tests)" % demo)
                key = result.path
                if key not in waiting and len(waiting) == 1:
                    key = next(iter(waiting))  # a file run alone
                if key not in waiting:
                    continue
                waiting.discard(key)
                for path in by_name[key]:
                    yield path, result
        finally:
            proc.stdout.close()
            status = proc.wait()
            err.seek(0)
            message = err.read().decode("utf-8", "replace").strip()
            err.close()
        if self._cancelled:
            return
        if status == 2:
            raise AnalysisError("genreclassify-tag failed: %s" % message)
        for key in names:
            if key in waiting:
                for path in by_name[key]:
                    yield path, Result.failed(
                        os.fsdecode(key), "genreclassify-tag gave no result "
                        "(exit status %d): %s" % (status, message), "missing")
