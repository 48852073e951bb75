# genreclassify — Quod Libet plugins: the genre of songs from their audio,
# and the genre of what is playing, live
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Three plugins (see docs/howto-player.md):
#
# * "Genre From Audio" (songs menu): analyses the selected songs with
#   genreclassify-tag and sets genre (as the policy allows),
#   genre_distribution and ~#genre_confidence, written to the files.
# * "Train Genre Model" (songs menu): a model of the genres the person gave
#   the selected songs, trained by genreclassify-train into Quod Libet's
#   user folder; the model preference "trained" uses it.
# * "Genre Now" (sidebar): a genreclassify element in the player's own
#   output pipeline (a GStreamerPlugin, like the equalizer); its messages,
#   one per analysis window, are shown while the song plays.
#
# They share the settings of the "genreclassify" section.

import importlib
import importlib.util
import os
import shlex
import sys
import threading
import warnings

from gi.repository import GLib, Gst, Gtk

import quodlibet
from quodlibet import app, print_d, print_w
from quodlibet.formats import AudioFileError
from quodlibet.plugins import PluginConfigMixin, PluginImportException
from quodlibet.plugins.events import EventPlugin
from quodlibet.plugins.gstelement import GStreamerPlugin
from quodlibet.plugins.gui import UserInterfacePlugin
from quodlibet.plugins.songsmenu import SongsMenuPlugin
from quodlibet.qltk import Icons
from quodlibet.qltk.msg import WarningMessage
from quodlibet.qltk.notif import Task
from quodlibet.util import escape


def _shared_package():
    """The genreclassify_integrations that came with this file.

    The copy beside this file's folder (a source tree that pluginpath or a
    link points at, or the site-packages the plugin was installed into) is
    loaded by path, so that another version installed elsewhere on sys.path
    (an older `meson install`) never pairs with this plugin; without one
    beside it, the installed package is imported.  (The same in both
    plugins: they cannot share code before the package is found.)
    """
    name = "genreclassify_integrations"
    if name in sys.modules:
        return sys.modules[name]
    folder = os.path.join(os.path.dirname(os.path.dirname(
        os.path.realpath(__file__))), name)
    init = os.path.join(folder, "__init__.py")
    if not os.path.isfile(init):
        return importlib.import_module(name)
    spec = importlib.util.spec_from_file_location(
        name, init, submodule_search_locations=[folder])
    package = importlib.util.module_from_spec(spec)
    sys.modules[name] = package
    try:
        spec.loader.exec_module(package)
    except BaseException:
        del sys.modules[name]
        raise
    return package


try:
    _shared = _shared_package()
except ImportError as error:
    raise PluginImportException(
        "Python module genreclassify_integrations not found (%s): install "
        "genreclassify (meson install), or link this file from its source "
        "tree" % error)
AnalysisError = _shared.AnalysisError
Analyser = _shared.Analyser
DEFAULT_MIN_CONFIDENCE = _shared.DEFAULT_MIN_CONFIDENCE
Policy = _shared.Policy
SET_GENRE_MODES = _shared.SET_GENRE_MODES
training = _shared.training

__all__ = ["GenreClassifyTag", "GenreClassifyTrain", "GenreClassifyLive"]

SECTION = "genreclassify"
DEFAULTS = {
    "set_genre": "empty",
    "min_confidence": repr(DEFAULT_MIN_CONFIDENCE),
    # the genre as the model's label ("hip-hop"), not its display name
    # ("Hip-Hop"; no preference widget)
    "model_labels": "false",
    # top two genres less than this apart: uncertain, genre not set
    "uncertain_margin": "0",
    "command": "genreclassify-tag",
    # a model.ini; "trained": the one Train Genre Model stored; empty: the
    # default model
    "model": "",
    # Train Genre Model: genreclassify-train's --min-artists (empty: its
    # default) and --genre-map (empty: none)
    "train_min_artists": "",
    "train_genre_map": "",
    # more genreclassify-train options, split as a shell would (tests; no
    # preference widget)
    "train_options": "",
    # genreclassify-tag's own window (0: its default, 30 s)
    "window": "0",
    # the live display: 30-s windows, a new one every 10 s
    "live_window": "30",
    "live_hop": "10",
    # a demonstration model's labels are not genres: Genre From Audio
    # refuses it unless this is true (tests; no preference widget)
    "allow_demo_model": "false",
}
NO_ELEMENT = ("No GStreamer element 'genreclassify': install genreclassify's "
              "GStreamer plugin, or start Quod Libet with GST_PLUGIN_PATH "
              "set to its folder (docs/howto-player.md)")
# Library keys written by the tagger; "~#" keys stay in the library.
TAG_DISTRIBUTION = "genre_distribution"
# The genre a song had when an analysis was stored and the genre left
# alone: the person's (policy.is_own_genre; GENRE_PERSON in the file, where
# genreclassify-train and genreclassify-tag read it).
TAG_PERSON_GENRE = "genre_person"
TAG_CONFIDENCE = "~#genre_confidence"


class _Settings(PluginConfigMixin):
    CONFIG_SECTION = SECTION

    @classmethod
    def get(cls, name):
        return cls.config_get(name, DEFAULTS[name])

    @classmethod
    def get_float(cls, name):
        try:
            return float(cls.get(name))
        except ValueError:
            return float(DEFAULTS[name])


def _settings_box(names):
    """Preferences: a row for each of NAMES."""
    grid = Gtk.Grid(row_spacing=6, column_spacing=12, border_width=6)
    labels = {
        "set_genre": "Set the genre",
        "min_confidence": "Minimum confidence",
        "uncertain_margin": "Uncertain below a margin of",
        "command": "genreclassify-tag command",
        "model": "Model (model.ini, \"%s\": the trained one, empty: "
                 "default)" % training.TRAINED_MODEL,
        "train_min_artists": "Minimum artists per genre (empty: the "
                             "trainer's, 3)",
        "train_genre_map": "Genre map file (From<TAB>To lines, empty: "
                           "none)",
        "window": "Analysis window (s, 0: 30)",
        "live_window": "Window (s)",
        "live_hop": "New window every (s)",
        "model_labels": "Genre as the model's label (hip-hop, not Hip-Hop)",
    }
    for row, name in enumerate(names):
        grid.attach(Gtk.Label(label=labels[name], xalign=0), 0, row, 1, 1)
        if name == "set_genre":
            widget = Gtk.ComboBoxText()
            for mode, text in zip(SET_GENRE_MODES, (
                    "only where it is empty", "always", "never")):
                widget.append(mode, text)
            widget.set_active_id(_Settings.get(name))
            widget.connect("changed", lambda w, n=name:
                           _Settings.config_set(n, w.get_active_id()))
        elif name == "model_labels":
            widget = Gtk.CheckButton(
                active=_Settings.config_get_bool(name, False))
            widget.connect("toggled", lambda w, n=name:
                           _Settings.config_set(
                               n, "true" if w.get_active() else "false"))
        elif name in ("command", "model", "train_min_artists",
                      "train_genre_map"):
            widget = Gtk.Entry(text=_Settings.get(name), hexpand=True)
            widget.connect("changed", lambda w, n=name:
                           _Settings.config_set(n, w.get_text()))
        else:
            lower, upper, step, digits = {
                "min_confidence": (0, 1, 0.05, 2),
                "uncertain_margin": (0, 1, 0.05, 2),
                "window": (0, 3600, 1, 0),
                "live_window": (1, 3600, 1, 0),
                "live_hop": (0, 3600, 1, 0),
            }[name]
            widget = Gtk.SpinButton.new_with_range(lower, upper, step)
            widget.set_digits(digits)
            widget.set_value(_Settings.get_float(name))
            widget.connect("value-changed", lambda w, n=name:
                           _Settings.config_set(n, repr(w.get_value())))
        grid.attach(widget, 1, row, 1, 1)
    return grid


def trained_model_path():
    """Where Train Genre Model stores its model: Quod Libet's user folder's
    genreclassify/model/model.ini (its list beside the model folder)."""
    return os.path.join(quodlibet.get_user_dir(), "genreclassify", "model",
                        "model.ini")


def _model():
    """The model preference for both plugins: a model.ini, empty for the
    default model, or "trained" for the one Train Genre Model stored.
    Raises AnalysisError when that is chosen and none is stored yet."""
    model = _Settings.get("model")
    if model != training.TRAINED_MODEL:
        return model
    path = trained_model_path()
    if not os.path.exists(path):
        raise AnalysisError(
            "genreclassify: the model \"%s\" is the one Train Genre Model "
            "stores, and there is none yet (%s): run Train Genre Model on "
            "songs with genres first" % (training.TRAINED_MODEL, path))
    return path


# ---- tagging the selected songs ---------------------------------------------

def _songs_on_disk(songs):
    """The songs-menu selection's songs that are files: the songs
    themselves, not the menu's wrappers, since the jobs use them later."""
    songs = [getattr(s, "_song", s) for s in songs]
    return [s for s in songs if s.is_file]


class TagJob:
    """The analysis of some songs: genreclassify-tag runs in a thread, each
    result is applied in the main loop as it comes."""

    running = set()  # keeps jobs alive; the tests wait for it to empty

    def __init__(self, songs):
        self.songs = {}
        for song in songs:
            self.songs.setdefault(song["~filename"], []).append(song)
        self.total = len(songs)
        self.done = 0
        self.tagged, self.unchanged, self.skipped = [], [], []
        self._changed = []
        self.policy = Policy(_Settings.get("set_genre"),
                             _Settings.get_float("min_confidence"),
                             _Settings.config_get_bool("model_labels", False))
        self.analyser = Analyser(
            command=_Settings.get("command"), model=_model(),
            window=_Settings.get_float("window"),
            uncertain_margin=_Settings.get_float("uncertain_margin"),
            allow_demo_model=_Settings.config_get_bool(
                "allow_demo_model", False))
        self.stopped = False
        self.task = Task("Genre", "Analysing %d songs" % self.total,
                         stop=self.stop)
        TagJob.running.add(self)
        threading.Thread(target=self._work, daemon=True).start()

    def stop(self):
        # Task.stop() finishes the task itself.
        self.stopped = True
        self.analyser.cancel()

    def _work(self):
        try:
            for path, result in self.analyser.run(list(self.songs)):
                GLib.idle_add(self._apply, path, result)
        except AnalysisError as e:
            GLib.idle_add(self._failed, str(e))
        except Exception as e:  # a broken line: report, never hang
            GLib.idle_add(self._failed, "genreclassify-tag: %r" % e)
        GLib.idle_add(self._finish)

    def _apply(self, path, result):
        for song in self.songs[path]:
            self.done += 1
            self._apply_song(song, result)
        self.task.update(self.done / max(self.total, 1))
        if len(self._changed) >= 50:
            self._flush()

    def _apply_song(self, song, result):
        """Sets and writes all of genre (as decided), distribution and
        confidence, or none: if the file cannot be written, the song is put
        back as it was."""
        decision = self.policy.decide(result, song.get("genre", ""),
                                      song.get(TAG_DISTRIBUTION),
                                      song.get(TAG_PERSON_GENRE))
        if not decision.store:
            self.skipped.append((song, decision.reason))
            return
        new = {TAG_DISTRIBUTION: result.distribution_string(),
               TAG_CONFIDENCE: result.confidence}
        if decision.genre is not None:
            new["genre"] = decision.genre
        elif song.get("genre", "").strip():
            # whose the genre is, where the distribution may name it first
            new[TAG_PERSON_GENRE] = song.get("genre")
        forget_person = (decision.genre is not None
                         and TAG_PERSON_GENRE in song)
        if all(song.get(k) == v for k, v in new.items()) and \
                not forget_person:
            self.unchanged.append(song)
            return
        keys = list(new) + ([TAG_PERSON_GENRE] if forget_person else [])
        old = {k: song[k] for k in keys if k in song}
        song.update(new)
        if forget_person:
            # the genre is now ours: no record says otherwise
            del song[TAG_PERSON_GENRE]
        try:
            song.write()
        except AudioFileError as e:
            for key in keys:
                song.pop(key, None)
            song.update(old)
            self.skipped.append((song, "its tags could not be written: %s"
                                 % e))
            return
        self.tagged.append(song)
        self._changed.append(song)

    def _flush(self):
        if self._changed:
            app.library.changed(self._changed)
            self._changed = []

    def _failed(self, message):
        for songs in self.songs.values():
            for song in songs:
                if not any(song is s for s, _ in self.skipped) and \
                        song not in self.tagged and \
                        song not in self.unchanged:
                    self.skipped.append((song, message))

    def _finish(self):
        self._flush()
        if not self.stopped:
            self.task.finish()
        TagJob.running.discard(self)
        print_d("genreclassify: %d tagged, %d unchanged, %d skipped"
                % (len(self.tagged), len(self.unchanged), len(self.skipped)))
        if not self.skipped:
            return
        for song, reason in self.skipped:
            print_w("genreclassify: %s skipped: %s"
                    % (song["~filename"], reason))
        lines = ["<b>%s</b>: %s" % (escape(song("~basename")), escape(reason))
                 for song, reason in self.skipped[:10]]
        if len(self.skipped) > 10:
            lines.append("and %d more" % (len(self.skipped) - 10))
        # Not modal: a long run must not stop at the first bad file.
        dialog = WarningMessage(
            app.window, "Genre not set for %d of %d songs"
            % (len(self.skipped), self.total), "\n".join(lines),
            escape_desc=False)
        dialog.set_modal(False)
        dialog.connect("response", lambda d, r: d.destroy())
        dialog.show()


class GenreClassifyTag(SongsMenuPlugin):
    PLUGIN_ID = "genreclassify_tag"
    PLUGIN_NAME = "Genre From Audio"
    PLUGIN_DESC = ("Sets the genre of the selected songs from their audio "
                   "(genreclassify-tag), with the distribution over all "
                   "genres in genre_distribution and the confidence in "
                   "~#genre_confidence.")
    PLUGIN_ICON = Icons.EDIT

    def plugin_songs(self, songs):
        songs = _songs_on_disk(songs)
        if songs:
            try:
                TagJob(songs)
            except (AnalysisError, ValueError) as e:
                WarningMessage(app.window, "Genre From Audio", str(e)).run()
        return True

    @classmethod
    def PluginPreferences(cls, window):
        return _settings_box(["set_genre", "model_labels",
                              "min_confidence", "uncertain_margin",
                              "command", "model", "window"])


# ---- training a model of the person's genres --------------------------------

def _values(value):
    """A tag's values as genreclassify-train reads a genre tag: Quod Libet
    keeps several as lines, the trainer reads several tags, or values
    between ";", as one value list (its --genre-values rule picks)."""
    return ";".join(line for line in (value or "").splitlines()
                    if line.strip())


def _group(song):
    """The song's group for the trainer (training.group(): album artist,
    else artist; the artist first on a compilation)."""
    return training.group(
        song.get("albumartist"), song.get("artist"),
        song.get("compilation", "").strip() not in ("", "0"))


def _trainer_options():
    """The trainer's options from the preferences.  Raises ValueError."""
    options = []
    min_artists = _Settings.get("train_min_artists").strip()
    if min_artists:
        try:
            if int(min_artists) < 1:
                raise ValueError
        except ValueError:
            raise ValueError("Minimum artists per genre: %r is not a "
                             "whole number above 0" % min_artists)
        options += ["--min-artists", str(int(min_artists))]
    genre_map = _Settings.get("train_genre_map").strip()
    if genre_map:
        options += ["--genre-map", os.path.expanduser(genre_map)]
    return options + shlex.split(_Settings.get("train_options"))


class TrainJob:
    """genreclassify-train on the selected songs' genres, in a thread; its
    report is kept in a file and shown when it ends."""

    running = set()  # keeps jobs alive; the tests wait for it to empty
    last = None  # the latest job that ended, for the tests

    def __init__(self, songs):
        self.trainer = training.find_trainer(
            None, _Settings.get("command"))
        self.options = _trainer_options()
        self.total = len(songs)
        self.lines, self.left_out = training.list_lines(
            (song["~filename"], _values(song.get("genre")), _group(song),
             song.get(TAG_DISTRIBUTION),
             _values(song.get(TAG_PERSON_GENRE)))
            for song in songs)
        self.summary = "%d songs: %d with a genre of their own, %s" % (
            self.total, len(self.lines),
            training.describe_left_out(self.left_out))
        if not self.lines:
            raise AnalysisError(
                "%s.\nNo song to learn from (a song's genre counts as "
                "set by genreclassify when its genre_distribution names it "
                "first)" % self.summary)
        self.model_path = trained_model_path()
        self.list_path = training.list_path_beside(self.model_path)
        # the last run's report, kept for reading again
        self.report_path = os.path.join(
            os.path.dirname(self.list_path), "training-report.txt")
        self.status = None
        self.report = ""
        self.process = None
        self.stopped = False
        self.task = Task("Genre", "Training a genre model from %d songs"
                         % len(self.lines), known_length=False,
                         stop=self.stop)
        TrainJob.running.add(self)
        self._pulse = GLib.timeout_add(500, self._pulse_task)
        threading.Thread(target=self._work, daemon=True).start()

    def stop(self):
        # Task.stop() finishes the task itself; the trainer, ended, keeps
        # the previous model.
        self.stopped = True
        if self.process is not None:
            self.process.terminate()

    def _started(self, process):
        self.process = process
        if self.stopped:
            process.terminate()

    def _pulse_task(self):
        self.task.pulse()
        return True

    def _work(self):
        try:
            os.makedirs(os.path.dirname(self.report_path), exist_ok=True)
            with open(self.report_path, "w", encoding="utf-8") as report:
                report.write("genreclassify-train: %s\n" % self.summary)
                self.status = training.train(
                    self.trainer, self.lines, self.model_path,
                    self.list_path, self.options, output=report,
                    started=self._started)
            with open(self.report_path, encoding="utf-8",
                      errors="replace") as report:
                self.report = report.read()
        except Exception as e:  # never hang: the error is the report
            if self.status is None:
                self.status = -1
            self.report += "\n%s: %s" % (self.trainer, e)
        GLib.idle_add(self._finish)

    def _finish(self):
        GLib.source_remove(self._pulse)
        if not self.stopped:
            self.task.finish()
        TrainJob.running.discard(self)
        TrainJob.last = self
        kept = ("the previous model is kept" if os.path.exists(
            self.model_path) else "no model was written")
        if self.status == 0:
            title = "Genre model trained"
            try:
                genres = ", ".join(training.model_labels(self.model_path))
            except OSError as e:
                genres = "(unreadable: %s)" % e
            text = ("%s.\nGenres: %s.\nModel: %s\nUse it: set the model "
                    "preference of Genre From Audio or Genre Now to \"%s\"."
                    % (self.summary, genres, self.model_path,
                       training.TRAINED_MODEL))
        elif self.stopped:
            title = "Genre model training stopped"
            text = "%s.\nStopped: %s." % (self.summary, kept)
        else:
            title = "Genre model not trained"
            text = ("%s.\ngenreclassify-train failed (exit status %d): %s; "
                    "its report says why." % (self.summary, self.status,
                                              kept))
        print_d("genreclassify: %s: %s" % (title, text))
        text += "\nThe report is kept in %s" % self.report_path
        _report_dialog(title, text, self.report, self.status == 0)


def _report_dialog(title, text, report, ok):
    """A message with the trainer's report below it, not modal (the
    training may end while the user does something else)."""
    dialog = Gtk.MessageDialog(
        transient_for=app.window, modal=False,
        message_type=Gtk.MessageType.INFO if ok else Gtk.MessageType.WARNING,
        buttons=Gtk.ButtonsType.CLOSE, text=title, secondary_text=text)
    view = Gtk.TextView(editable=False, monospace=True,
                        wrap_mode=Gtk.WrapMode.NONE)
    view.get_buffer().set_text(report)
    scrolled = Gtk.ScrolledWindow(hexpand=True, vexpand=True)
    scrolled.set_size_request(640, 280)
    scrolled.add(view)
    expander = Gtk.Expander(label="The trainer's report", expanded=True)
    expander.add(scrolled)
    dialog.get_message_area().pack_start(expander, True, True, 0)
    dialog.set_resizable(True)
    dialog.connect("response", lambda d, r: d.destroy())
    dialog.show_all()
    return dialog


class GenreClassifyTrain(SongsMenuPlugin):
    PLUGIN_ID = "genreclassify_train"
    PLUGIN_NAME = "Train Genre Model"
    PLUGIN_DESC = ("Trains a genre model of the genres given to the "
                   "selected songs (select the whole library, or the part "
                   "whose genres you trust) with genreclassify-train; the "
                   "model preference \"trained\" uses it.  Genres that "
                   "Genre From Audio set are left out.")
    PLUGIN_ICON = Icons.EDIT

    def plugin_songs(self, songs):
        songs = _songs_on_disk(songs)
        if not songs:
            return True
        if TrainJob.running:
            WarningMessage(app.window, "Train Genre Model",
                           "A training is running already.").run()
            return True
        try:
            TrainJob(songs)
        except (AnalysisError, ValueError) as e:
            WarningMessage(app.window, "Train Genre Model", str(e)).run()
        return True

    @classmethod
    def PluginPreferences(cls, window):
        return _settings_box(["train_min_artists", "train_genre_map",
                              "command"])


# ---- the genre of what is playing -------------------------------------------

def _array(structure, name):
    """A GstValueArray field as a list (see docs/examples/print-genres.py)."""
    try:
        return list(structure.get_value(name))
    except TypeError:
        pass
    ok, array = structure.get_array(name)
    if not ok:
        return []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return [array.get_nth(i) for i in range(array.n_values)]


def _clock(ns):
    s = int(ns // Gst.SECOND) if ns != Gst.CLOCK_TIME_NONE else 0
    return "%d:%02d" % (s // 60, s % 60)


def _title(song):
    return (song("title") or song("~basename")) if song is not None else ""


class LiveView(Gtk.Box):
    """The sidebar: the latest window's genre and its distribution, and the
    summary of the song that ended last."""

    def __init__(self):
        super().__init__(orientation=Gtk.Orientation.VERTICAL, spacing=6,
                         border_width=12)
        self.genre_label = Gtk.Label(xalign=0)
        self.detail_label = Gtk.Label(xalign=0, wrap=True)
        self.bars = Gtk.Grid(row_spacing=4, column_spacing=8)
        self.summary_label = Gtk.Label(xalign=0, wrap=True)
        for widget in (self.genre_label, self.detail_label, self.bars,
                       self.summary_label):
            self.pack_start(widget, False, False, 0)
        self.summary = None  # (title, genre, confidence) of the last song
        self.reset("Nothing playing")

    def reset(self, detail):
        self.genre_label.set_markup("<span size='xx-large'>…</span>")
        self.detail_label.set_text(detail)
        # A song's summary comes as it ends: it stays, as the previous
        # song's, while the next one plays.
        self._show_summary("Previous song")
        for child in self.bars.get_children():
            child.destroy()

    def show_window(self, info):
        self.genre_label.set_markup(
            "<span size='xx-large' weight='bold'>%s</span>"
            % escape(info["genre"]))
        self.detail_label.set_text(
            "window %d, %s–%s, confidence %.0f %%" % (
                info["window"], _clock(info["start"]),
                _clock(info["start"] + info["duration"]),
                100 * info["confidence"]))
        for child in self.bars.get_children():
            child.destroy()
        for row, (label, p) in enumerate(info["distribution"]):
            name = Gtk.Label(label=label, xalign=0)
            bar = Gtk.LevelBar(min_value=0, max_value=1, value=p,
                               hexpand=True, valign=Gtk.Align.CENTER)
            bar.set_size_request(120, 10)
            value = Gtk.Label(label="%.2f" % p, xalign=1)
            self.bars.attach(name, 0, row, 1, 1)
            self.bars.attach(bar, 1, row, 1, 1)
            self.bars.attach(value, 2, row, 1, 1)
        self.bars.show_all()

    def show_summary(self, info, song):
        self.summary = (_title(song), info["genre"], info["confidence"])
        self._show_summary("Whole song")

    def _show_summary(self, what):
        if self.summary is None:
            self.summary_label.set_text("")
            return
        title, genre, confidence = self.summary
        if title:
            what += " \u201c%s\u201d" % title
        self.summary_label.set_text(
            "%s: %s (%.0f %%)" % (what, genre, 100 * confidence))


class GenreClassifyLive(EventPlugin, UserInterfacePlugin, GStreamerPlugin):
    PLUGIN_ID = "genreclassify_live"
    PLUGIN_NAME = "Genre Now"
    PLUGIN_DESC = ("Shows the genre of the music playing, for every "
                   "analysis window, from a genreclassify element in the "
                   "player's output pipeline (the audio passes unchanged).")
    PLUGIN_ICON = Icons.AUDIO_X_GENERIC

    # First in the player's chain: the genre of the song, not of the
    # effects of other plugins.
    priority = 100

    _instance = None  # the enabled plugin, for GStreamerPlugin's classmethods
    _no_element = False
    _bus = None
    _bus_id = None

    def __init__(self):
        self.view = None
        self.playing = None  # the song whose results come now
        self.history = []  # every message received, for the tests

    # EventPlugin / UserInterfacePlugin

    def enabled(self):
        GenreClassifyLive._instance = self

    def disabled(self):
        GenreClassifyLive._detach()
        if GenreClassifyLive._instance is self:
            GenreClassifyLive._instance = None

    def create_sidebar(self):
        self.view = LiveView()
        return self.view

    def plugin_on_song_started(self, song):
        # The element posts a song's summary when the song ends, before the
        # next one starts (gapless or not): it belongs to the song before.
        self.playing = song
        # None: the queue has ended; the last results (and the summary,
        # posted at end of stream) stay.
        if self.view is None or song is None:
            return
        if GenreClassifyLive._no_element:
            self.view.reset(NO_ELEMENT)
        else:
            self.view.reset("Listening… the first result comes after %s s"
                            % _Settings.get("live_window"))

    def plugin_on_seek(self, song, msec):
        if self.view is not None:
            self.view.reset("Listening again from the new position…")

    # GStreamerPlugin

    @classmethod
    def setup_element(cls):
        element = Gst.ElementFactory.make("genreclassify", None)
        cls._no_element = element is None
        if element is None:
            print_w("genreclassify: " + NO_ELEMENT)
            return None
        # The player's stream tags stay the source's (for a radio stream
        # Quod Libet would take the element's genre as the station's).
        element.set_property("emit-tags", False)

        # The element's bus is the player's; it is known once the player
        # has put the element in its pipeline and data flows.
        def first_event(pad, info):
            GLib.idle_add(cls._attach, element)
            return Gst.PadProbeReturn.REMOVE

        element.get_static_pad("sink").add_probe(
            Gst.PadProbeType.EVENT_DOWNSTREAM, first_event)
        return element

    @classmethod
    def update_element(cls, element):
        # Applied when the player next (re)starts its pipeline.
        element.set_property("window", _Settings.get_float("live_window"))
        element.set_property("hop", min(_Settings.get_float("live_hop"),
                                        _Settings.get_float("live_window")))
        try:
            model = _model()
        except AnalysisError as e:
            # The player must go on: the element keeps the model it has
            # (the default one at first).
            print_w(str(e))
            return
        element.set_property("model", model or None)

    @classmethod
    def _attach(cls, element):
        top = element
        while top.get_parent() is not None:
            top = top.get_parent()
        bus = top.get_bus()
        if bus is None or bus == cls._bus:
            return False
        cls._detach()
        # The player has added a signal watch to its bus.
        cls._bus = bus
        cls._bus_id = bus.connect("message::element", cls._on_message)
        print_d("genreclassify: listening on %r" % top)
        return False

    @classmethod
    def _detach(cls):
        if cls._bus is not None:
            cls._bus.disconnect(cls._bus_id)
        cls._bus = cls._bus_id = None

    @classmethod
    def _on_message(cls, bus, message):
        s = message.get_structure()
        if s is None or s.get_name() != "genreclassify":
            return
        self = cls._instance
        if self is None:
            return
        song = self.playing
        info = {
            "song": song("~filename") if song is not None else None,
            "final": s.get_value("final"),
            "silent": s.get_value("silent"),
            "genre": s.get_value("genre"),
            "confidence": s.get_value("confidence"),
            "window": s.get_value("window-index"),
            "start": s.get_value("stream-time"),
            "running": s.get_value("running-time"),
            "duration": s.get_value("duration"),
            "distribution": list(zip(_array(s, "genres"),
                                     _array(s, "probabilities"))),
        }
        self.history.append(info)
        if self.view is None:
            return
        if info["final"]:
            if info["genre"]:
                self.view.show_summary(info, song)
        elif info["genre"]:
            self.view.show_window(info)
        elif info["silent"]:
            self.view.detail_label.set_text("silence (window %d)"
                                            % info["window"])

    def PluginPreferences(self, parent):
        box = _settings_box(["live_window", "live_hop", "model"])
        note = Gtk.Label(
            label="New values apply when playback next starts.", xalign=0)
        box.attach(note, 0, 3, 2, 1)
        return box
