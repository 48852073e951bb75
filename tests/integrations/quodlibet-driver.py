# genreclassify — drives Quod Libet from inside for test-quodlibet.py
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Installed by the test as a Quod Libet plugin (PLUGINDIR/gc_test_driver.py)
# next to the genreclassify plugins.  Once the main window runs it uses the
# application's own objects, as a user's clicks would:
#
# 1. adds the plan's songs to the library (app.library.add_filename);
# 2. damages the file that must fail (after it is in the library);
# 3. runs "Genre From Audio" on them through the songs menu's handler
#    (SongsMenu.plugins.handle, what the menu item calls) and waits for it;
# 4. plays the plan's first song with the second one queued after it (the
#    player goes on gaplessly, as it does for a user) and waits for
#    "Genre Now" to show two windows;
# 5. takes a screenshot of the main window;
# 6. waits for the end of both songs (the element's summary of each),
#    noting every text the sidebar's summary showed;
# 7. adds the plan's "demo" song and runs Genre From Audio on it with the
#    demonstration model, first as a user would (refused), then with
#    allow_demo_model;
# 8. trains a model with "Train Genre Model" (its minimum artists set in
#    its preferences' box, as a user would): first with the model
#    preference "trained" and none trained yet (Genre From Audio refuses),
#    then on one genre only (fails, no model), then on the plan's training
#    songs, one of them with a genre set by genreclassify (left out), then
#    with too many artists asked for (fails, the model stays); each time
#    waiting for it and noting its dialog; then runs Genre From Audio with
#    the trained model on the plan's untagged song;
# 9. writes what it saw to the plan's "results" file and quits (the library
#    is saved on the way out).
#
# The plan is the JSON file named by $GC_QL_TEST_PLAN.

import hashlib
import json
import os
import sys
import time
import traceback

from gi.repository import Gdk, GLib, Gst, Gtk

from quodlibet import app
from quodlibet.plugins import PluginManager
from quodlibet.plugins.events import EventPlugin
from quodlibet.qltk.songsmenu import SongsMenu

PLAN = json.load(open(os.environ["GC_QL_TEST_PLAN"]))
TIMEOUT = 150  # s, for the whole scenario


def _song_values(song):
    return {
        "genre": song.get("genre"),
        "genre_distribution": song.get("genre_distribution"),
        "confidence": song.get("~#genre_confidence"),
    }


def _descendants(widget, cls):
    found = [widget] if isinstance(widget, cls) else []
    if isinstance(widget, Gtk.Container):
        for child in widget.get_children():
            found += _descendants(child, cls)
    return found


class TestDriver(EventPlugin):
    PLUGIN_ID = "gc_test_driver"
    PLUGIN_NAME = "genreclassify test driver"

    def enabled(self):
        self.results = {"steps": []}
        self.busy = False
        self.start = time.monotonic()
        self.gen = self.scenario()
        GLib.timeout_add(200, self.step)

    def log(self, text):
        print("gc_test_driver: %.1f s: %s" % (time.monotonic() - self.start,
                                              text), file=sys.stderr)
        self.results["steps"].append(text)

    def step(self):
        """Runs the scenario one yield at a time from the main loop, so that
        the application goes on working in between."""
        if app.window is None or not app.window.get_mapped():
            return True
        # A modal dialog's own main loop calls this again while the
        # scenario waits for the dialog to close.
        if self.busy:
            return True
        self.busy = True
        try:
            if time.monotonic() - self.start > TIMEOUT:
                raise RuntimeError("scenario timed out")
            next(self.gen)
            return True
        except StopIteration:
            pass
        except Exception:
            self.results["error"] = traceback.format_exc()
            self.log("error:\n" + self.results["error"])
        finally:
            self.busy = False
        self.finish()
        return False

    def finish(self):
        with open(PLAN["results"], "w") as f:
            json.dump(self.results, f, indent=1)
        app.quit()

    def scenario(self):
        # Xvfb puts the pointer in the middle of the screen, where it would
        # raise a tooltip over the song list.
        display = Gdk.Display.get_default()
        display.get_default_seat().get_pointer().warp(
            display.get_default_screen(), 1, 1)
        pm = PluginManager.instance
        self.results["plugins"] = {
            p.id: pm.enabled(p) for p in pm.plugins
            if p.id.startswith("genreclassify")}
        self.results["failures"] = {
            name: "".join(lines) for name, lines in pm.failures.items()}
        self.log("plugins: %r" % self.results["plugins"])
        # Their preferences build (as the plugin window asks for them).
        self.results["preferences"] = {
            plugin_id: type(self.plugin_instance(plugin_id)
                            .PluginPreferences(app.window)).__name__
            for plugin_id in ("genreclassify_tag", "genreclassify_train",
                              "genreclassify_live")}
        # The "model's label" box of the tagging plugin's preferences sets
        # model_labels, as a user clicking it would; then back.
        grid = self.plugin_instance("genreclassify_tag").PluginPreferences(
            app.window)
        box = [w for w in grid.get_children() if isinstance(w, Gtk.CheckButton)]
        settings = sys.modules[self.plugin_class("genreclassify_tag")
                               .__module__]._Settings
        toggled = [settings.config_get_bool("model_labels", False)]
        for state in (True, False):
            box[0].set_active(state)
            toggled.append(settings.config_get_bool("model_labels", False))
        self.results["model_labels_box"] = [len(box)] + toggled

        songs = {}
        for name, path in PLAN["songs"].items():
            song = app.library.add_filename(path)
            assert song is not None, "Quod Libet could not add " + path
            songs[name] = song
        self.log("added %d songs" % len(songs))

        broken = PLAN["songs"][PLAN["break"]]
        with open(broken, "wb") as f:
            f.write(b"this is no longer audio\n" * 64)
        self.results["broken_sha256"] = hashlib.sha256(
            open(broken, "rb").read()).hexdigest()

        SongsMenu.plugins.handle("genreclassify_tag", app.library,
                                 app.window, list(songs.values()))
        tag_module = sys.modules[self.plugin_class("genreclassify_tag")
                                 .__module__]
        yield
        while tag_module.TagJob.running:
            yield
        self.log("tagging done")
        self.results["library"] = {name: _song_values(song)
                                   for name, song in songs.items()}
        self.results["dialogs"] = self.close_dialogs()

        live = self.plugin_instance("genreclassify_live")
        summaries = self.results["summary_labels"] = []
        live.view.summary_label.connect(
            "notify::label", lambda label, _: summaries.append(
                [label.get_text(), len(live.history)]))
        first, *queued = PLAN["play"]
        app.window.playlist.enqueue([songs[name] for name in queued])
        app.player.go_to(songs[first], explicit=True)
        app.player.paused = False
        self.log("playing %s, then %s" % (first, ", ".join(queued)))
        while sum(1 for m in live.history if not m["final"]) < 2:
            yield
        # Let the window draw itself again (the dialog was over it) and the
        # sidebar the last window before the picture.
        app.window.queue_draw()
        shown_at = time.monotonic()
        while time.monotonic() - shown_at < 0.5:
            yield
        self.results["history"] = [
            dict(m, distribution=[list(p) for p in m["distribution"]])
            for m in live.history]
        self.results["sidebar"] = {
            "genre": live.view.genre_label.get_text(),
            "detail": live.view.detail_label.get_text(),
            "visible": live.view.get_mapped(),
            "windows_received": len(live.history),
        }
        self.screenshot(PLAN["screenshot"])
        self.log("screenshot taken")
        # The element's summary of each song, the last at the end of the
        # queue.
        while sum(1 for m in live.history if m["final"]) < len(PLAN["play"]):
            yield
        self.results["history"] = [
            dict(m, distribution=[list(p) for p in m["distribution"]])
            for m in live.history]
        self.results["summary_label"] = live.view.summary_label.get_text()
        self.log("end of the songs")

        # The demonstration model, through the settings the plugin reads.
        settings = tag_module._Settings
        demo = app.library.add_filename(PLAN["demo"]["song"])
        assert demo is not None, "Quod Libet could not add the demo song"
        settings.config_set("model", PLAN["demo"]["model"])
        # its answers for noise are not sure ones: the threshold is not
        # what this part tests
        settings.config_set("min_confidence", "0")
        self.results["demo"] = {}
        for name, allow in (("refused", False), ("allowed", True)):
            settings.config_set("allow_demo_model", allow)
            SongsMenu.plugins.handle("genreclassify_tag", app.library,
                                     app.window, [demo])
            yield
            while tag_module.TagJob.running:
                yield
            self.results["demo"][name] = {"values": _song_values(demo),
                                          "dialogs": self.close_dialogs()}
            self.log("demonstration model " + name)
        settings.config_set("model", "")
        settings.config_set("min_confidence", tag_module.DEFAULTS[
            "min_confidence"])
        settings.config_set("allow_demo_model", False)

        yield from self.training(tag_module)

    def training(self, tag_module):
        settings = tag_module._Settings
        results = self.results["train"] = {}
        plan = PLAN["train"]
        songs = {}
        for name, path in plan["songs"].items():
            song = app.library.add_filename(path)
            assert song is not None, "Quod Libet could not add " + path
            songs[name] = song
        # A genre genreclassify wrote: in the library only, as Genre From
        # Audio stores it.
        for name, distribution in plan["distributions"].items():
            songs[name]["genre_distribution"] = distribution
        # Several genres: in the library only, as Quod Libet keeps them.
        for name, genre in plan["genres"].items():
            songs[name]["genre"] = genre
        train_module = sys.modules[self.plugin_class("genreclassify_train")
                                   .__module__]
        # The minimum number of artists, typed into the preferences.
        grid = self.plugin_instance("genreclassify_train").PluginPreferences(
            app.window)
        entries = [w for w in grid.get_children()
                   if isinstance(w, Gtk.Entry)
                   and not isinstance(w, Gtk.SpinButton)]
        # attached top to bottom: the last child is the first row
        entries.reverse()
        entries[0].set_text(plan["min_artists"])
        results["min_artists_set"] = settings.get("train_min_artists")
        # The genre map, typed in for the first run only.
        entries[1].set_text(plan["genre_map"])
        results["genre_map_set"] = settings.get("train_genre_map")
        settings.config_set("train_options", plan["options"])
        settings.config_set("window", plan["window"])

        # "trained" with none trained yet: Genre From Audio says so (a
        # modal message, closed from a timer as a user would).
        settings.config_set("model", "trained")
        untrained = []
        GLib.timeout_add(300, self.close_modal, untrained)
        SongsMenu.plugins.handle("genreclassify_tag", app.library,
                                 app.window, [songs[plan["tag"]]])
        yield
        # Genre Now, as the player builds its pipeline: no model to take,
        # the element keeps its own.
        live = self.plugin_class("genreclassify_live")
        element = Gst.ElementFactory.make("genreclassify", None)
        before = element.get_property("model")
        live.update_element(element)
        results["no_model_yet"] = {
            "dialogs": untrained,
            "values": _song_values(songs[plan["tag"]]),
            "running": len(tag_module.TagJob.running),
            "live_model": [before, element.get_property("model")]}
        self.log("no trained model yet")

        for run, names in plan["runs"]:
            if run == "too_many_artists":
                entries[0].set_text(plan["too_many_artists"])
            if run == "stopped":
                entries[0].set_text(plan["min_artists"])
            # none expected: the job's message is not modal
            modal = []
            timer = GLib.timeout_add(300, self.close_modal, modal)
            SongsMenu.plugins.handle("genreclassify_train", app.library,
                                     app.window,
                                     [songs[name] for name in names])
            if not modal:
                GLib.source_remove(timer)
            assert not modal, modal
            if run == "stopped":
                # the status bar's stop button
                job, = train_module.TrainJob.running
                job.task.stop()
            yield
            while train_module.TrainJob.running:
                yield
            if run == "trained":
                # the dialog, drawn, for docs/
                shown_at = time.monotonic()
                while time.monotonic() - shown_at < 0.5:
                    yield
                dialogs = [w for w in Gtk.Window.list_toplevels()
                           if isinstance(w, Gtk.MessageDialog)
                           and w.get_visible()]
                self.screenshot(plan["screenshot"], dialogs[0])
            job = train_module.TrainJob.last
            model = train_module.trained_model_path()
            results[run] = {
                "status": job.status, "left_out": job.left_out,
                "summary": job.summary, "dialogs": self.close_dialogs(),
                "model_sha256": hashlib.sha256(open(model, "rb").read())
                .hexdigest() if os.path.exists(model) else None}
            self.log("training %s: exit status %s" % (run, job.status))
            entries[1].set_text("")

        # The trained model, through the preference.
        SongsMenu.plugins.handle("genreclassify_tag", app.library,
                                 app.window, [songs[plan["tag"]]])
        yield
        while tag_module.TagJob.running:
            yield
        results["tagged"] = {"values": _song_values(songs[plan["tag"]]),
                             "dialogs": self.close_dialogs()}
        live.update_element(element)
        results["live_model"] = element.get_property("model")
        self.log("tagged with the trained model")
        settings.config_set("model", "")

    def close_modal(self, texts):
        """Closes the modal message shown (its text into TEXTS); again
        until there is one."""
        texts.extend(self.close_dialogs())
        return not texts

    def close_dialogs(self):
        """The text of the message dialogs shown, which are closed (with
        the text of any text view in them, after a line "--")."""
        texts = []
        for window in Gtk.Window.list_toplevels():
            if isinstance(window, Gtk.MessageDialog) and window.get_visible():
                text = (window.get_property("text") + "\n" +
                        (window.get_property("secondary-text") or ""))
                for view in _descendants(window, Gtk.TextView):
                    buffer = view.get_buffer()
                    text += "\n--\n" + buffer.get_text(
                        buffer.get_start_iter(), buffer.get_end_iter(),
                        False)
                texts.append(text)
                window.destroy()
        return texts

    def plugin_class(self, plugin_id):
        for plugin in PluginManager.instance.plugins:
            if plugin.id == plugin_id:
                return plugin.cls
        raise KeyError(plugin_id)

    def plugin_instance(self, plugin_id):
        """The plugin's instance, or its class when it has none."""
        for plugin in PluginManager.instance.plugins:
            if plugin.id == plugin_id:
                return plugin.get_instance() or plugin.cls
        raise KeyError(plugin_id)

    def screenshot(self, path, window=None):
        """The screen where WINDOW (the main window) is, as the X server
        shows it."""
        window = (window or app.window).get_window()
        x, y = window.get_root_origin()
        pixbuf = Gdk.pixbuf_get_from_window(
            Gdk.get_default_root_window(), x, y, window.get_width(),
            window.get_height())
        pixbuf.savev(path, "png", [], [])
