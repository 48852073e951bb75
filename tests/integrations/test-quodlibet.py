#!/usr/bin/env python3
# genreclassify — the Quod Libet plugins (integrations/quodlibet/
# genreclassify.py) inside Debian's Quod Libet, under Xvfb.
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Quod Libet runs with a user folder of its own (QUODLIBET_USERDIR) whose
# plugins/ holds the genreclassify plugins (a link to the source file, as
# docs/howto-player.md tells a user) and a driver, quodlibet-driver.py,
# which works through the application's own objects and writes what it saw
# to a JSON file.  The player's output is "fakesink sync=true": real-time
# playback without a sound card.  The songs are analysed with the default
# model (the plugins' model setting is empty), as a user's would be; the
# demonstration model (t.MODEL) only to check that Genre From Audio refuses
# it unless allow_demo_model is set.  Train Genre Model trains on test
# signals of two genres (small trainer options, so that it takes seconds),
# and Genre From Audio then uses that model.  Expected values are
# genreclassify-tag's own answers; the library is read back from the file
# Quod Libet saves when it quits, the tags from the files.

import json
import os
import shutil
import subprocess
import sys
import textwrap
import unittest

import gcintegration as t

QUODLIBET = shutil.which("quodlibet")
XVFB_RUN = shutil.which("xvfb-run")
if QUODLIBET is None:
    t.skip("quodlibet not found: Debian's package quodlibet is not "
           "installed")
if XVFB_RUN is None or shutil.which("xauth") is None:
    t.skip("xvfb-run or xauth not found: Debian's packages xvfb and xauth "
           "are not installed")

HERE = os.path.dirname(os.path.abspath(__file__))
# Keeps the picture for docs/ when set (see docs/howto-player.md).
SCREENSHOT = t.ARGS.get("screenshot")
TRAIN_SCREENSHOT = t.ARGS.get("train_screenshot")


def load_library(path):
    """The songs Quod Libet saved, read by its own code (in Debian's
    python3, where the quodlibet package is)."""
    code = textwrap.dedent("""\
        import json, sys
        from quodlibet.formats import load_audio_files
        songs = load_audio_files(open(sys.argv[1], "rb").read())
        json.dump({s["~filename"]: {
            "genre": s.get("genre"),
            "genre_distribution": s.get("genre_distribution"),
            "confidence": s.get("~#genre_confidence")} for s in songs},
            sys.stdout)
        """)
    out = t.run(["/usr/bin/python3", "-c", code, path], cwd=t.WORK).stdout
    return json.loads(out)


class QuodLibetTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        work = t.fresh_work_dir()
        music = os.path.join(work, "music")
        user = os.path.join(work, "user")
        os.makedirs(music)
        os.makedirs(os.path.join(user, "plugins"))
        cls.songs = {
            "tones": os.path.join(music, "tones.ogg"),
            "keep": os.path.join(music, "keep.ogg"),
            "broken": os.path.join(music, "broken.ogg"),
        }
        t.make_audio(cls.songs["tones"], "sine", 7, "title=Tones,artist=Gen")
        # Music: the default model calls every test tone "electronic", and
        # the two songs played must sum up differently.
        t.make_audio(cls.songs["keep"], "music", 7,
                     "title=Keep,artist=Gen,genre=Keep")
        t.make_audio(cls.songs["broken"], "sine", 7, "title=Broken")
        # Added to the library only after the rest, for the demonstration
        # model's refusal and override.
        cls.demo_song = os.path.join(work, "demo", "demo.ogg")
        os.makedirs(os.path.dirname(cls.demo_song))
        t.make_audio(cls.demo_song, "white-noise", 7, "title=Demo,artist=Gen")
        cls.want = t.expected([cls.songs["tones"], cls.songs["keep"]],
                              model=None)
        cls.want_demo = t.expected([cls.demo_song])[cls.demo_song]
        # What the element in the player should sum up for each song played
        # (2-s windows, the element's default min-window).
        cls.want_live = t.expected([cls.songs["tones"], cls.songs["keep"]],
                                   "--window", "2", model=None)
        # Train Genre Model: two genres of two artists each, and a Jazz
        # song by a third artist whose genre genreclassify wrote (its
        # genre_distribution names it first, set in the library by the
        # driver): left out.  "rock3" has two genres, Rock first, in the
        # library: the trainer takes the first.  "untagged" is tagged by
        # the trained model.
        train_music = os.path.join(work, "train")
        os.makedirs(train_music)
        cls.train_songs = {}
        for name, wave, tags in (
                ("jazz1", "sine", "genre=Jazz,artist=JazzOne"),
                ("jazz2", "sine", "genre=Jazz,artist=JazzTwo"),
                ("rock1", "white-noise", "genre=Rock,artist=RockOne"),
                ("rock2", "white-noise", "genre=Rock,artist=RockTwo"),
                # "Rock" and "Pop" in the library (the driver sets them)
                ("rock3", "white-noise", "genre=Rock,artist=RockThree"),
                ("ours", "sine", "genre=Jazz,artist=JazzThree"),
                ("untagged", "sine", "artist=Nobody")):
            path = cls.train_songs[name] = os.path.join(train_music,
                                                        name + ".ogg")
            t.make_audio(path, wave, 6, "title=%s,%s" % (name, tags))
        # A genre map that merges Rock into Jazz: the first training run
        # (the preference typed in) has one genre left.
        cls.genre_map = os.path.join(work, "genre-map.tsv")
        with open(cls.genre_map, "w") as f:
            f.write("Rock\tJazz\n")
        cls.trained_model = os.path.join(user, "genreclassify", "model",
                                         "model.ini")
        cls.trained_list = os.path.join(user, "genreclassify",
                                        "library.list")

        os.symlink(os.path.join(t.INTEGRATIONS, "quodlibet",
                                "genreclassify.py"),
                   os.path.join(user, "plugins", "genreclassify.py"))
        shutil.copy(os.path.join(HERE, "quodlibet-driver.py"),
                    os.path.join(user, "plugins", "gc_test_driver.py"))
        with open(os.path.join(user, "config"), "w") as f:
            f.write(textwrap.dedent("""\
                [plugins]
                active_plugins = genreclassify_tag
                \tgenreclassify_train
                \tgenreclassify_live
                \tgc_test_driver
                genreclassify_command = %s
                genreclassify_model =
                genreclassify_live_window = 2
                genreclassify_live_hop = 0
                [player]
                gst_pipeline = fakesink sync=true
                [settings]
                scan = %s
                columns = ~#track,~people,~title~version,genre,~#length
                [memory]
                browser = SearchBar
                quodlibet_size_ = 960 540
                sidebar_pos = 0.6
                """) % (t.TOOL, music))
        cls.plan = {
            "songs": cls.songs, "break": "broken",
            # back to back: the player goes on to the next song gaplessly
            "play": ["tones", "keep"],
            "demo": {"song": cls.demo_song, "model": t.MODEL},
            "results": os.path.join(work, "results.json"),
            "screenshot": os.path.join(work, "quodlibet.png"),
            "train": {
                "songs": cls.train_songs,
                "distributions": {"ours": "Jazz=0.9000;Rock=0.1000"},
                "genres": {"rock3": "Rock\nPop"},
                "min_artists": "2", "too_many_artists": "9",
                "genre_map": cls.genre_map,
                # the trained model's window, for Genre From Audio too
                "window": "3",
                # a grid of two points: the smallest that is
                # cross-validated (one point is taken as it is)
                "options": "--window 3 -k 2 --log2c=0,1,1 --log2g=-4,-4,1 "
                           "--no-cache --progress none -j 2",
                "runs": [
                    ["one_genre", ["jazz1", "jazz2", "rock1", "rock2"]],
                    ["trained", ["jazz1", "jazz2", "rock1", "rock2",
                                 "rock3", "ours"]],
                    ["too_many_artists", ["jazz1", "jazz2", "rock1",
                                          "rock2", "rock3", "ours"]],
                    ["stopped", ["jazz1", "jazz2", "rock1", "rock2",
                                 "rock3", "ours"]]],
                "tag": "untagged",
                "screenshot": os.path.join(work, "quodlibet-train.png"),
            },
        }
        with open(os.path.join(work, "plan.json"), "w") as f:
            json.dump(cls.plan, f)

        e = t.env(QUODLIBET_USERDIR=user,
                  GC_QL_TEST_PLAN=os.path.join(work, "plan.json"),
                  HOME=work,
                  # The plugin finds the shared package beside the file its
                  # link points to, as it does for a user, even with
                  # another version on the path (the decoy).
                  PYTHONPATH=t.decoy_path())
        # Its output goes to a file, there to read when it hangs.
        log = os.path.join(work, "quodlibet.log")
        with open(log, "w") as f:
            p = subprocess.run(
                [XVFB_RUN, "-a", "-s", "-screen 0 1024x640x24", QUODLIBET],
                env=e, stdout=f, stderr=subprocess.STDOUT, timeout=210,
                cwd=work)
        with open(log, errors="replace") as f:
            cls.log = f.read()
        print(cls.log[-4000:], file=sys.stderr)
        if p.returncode != 0:
            raise AssertionError("quodlibet exited with %d" % p.returncode)
        with open(cls.plan["results"]) as f:
            cls.results = json.load(f)
        if "error" in cls.results:
            raise AssertionError("the driver failed:\n" +
                                 cls.results["error"])
        cls.saved = load_library(os.path.join(user, "songs"))
        if SCREENSHOT:
            shutil.copy(cls.plan["screenshot"], SCREENSHOT)
        if TRAIN_SCREENSHOT:
            shutil.copy(cls.plan["train"]["screenshot"], TRAIN_SCREENSHOT)

    def test_the_plugins_load(self):
        self.assertEqual(self.results["plugins"], {
            "genreclassify_tag": True, "genreclassify_train": True,
            "genreclassify_live": True})
        self.assertNotIn("genreclassify", self.results["failures"])
        self.assertNotIn("gc_test_driver", self.results["failures"])
        # one check box, off by default, and it sets the option
        self.assertEqual(self.results["model_labels_box"],
                         [1, False, True, False])
        self.assertEqual(self.results["preferences"], {
            "genreclassify_tag": "Grid", "genreclassify_train": "Grid",
            "genreclassify_live": "Grid"})

    def expected_values(self, name, genre=None):
        want = self.want[self.songs[name]]
        # the genre as people spell it ("Electronic"), the distribution
        # with the model's labels
        return {"genre": genre or want["display_genre"],
                "genre_distribution": t.distribution_string(want),
                "confidence": want["confidence"]}

    def assertValues(self, got, want):
        self.assertEqual(got["genre"], want["genre"])
        self.assertEqual(got["genre_distribution"],
                         want["genre_distribution"])
        self.assertAlmostEqual(got["confidence"], want["confidence"],
                               places=9)

    def test_the_songs_are_tagged_in_the_library(self):
        lib = self.results["library"]
        self.assertValues(lib["tones"], self.expected_values("tones"))
        # set_genre: empty keeps the genre the song had
        self.assertValues(lib["keep"], self.expected_values("keep", "Keep"))
        # and the library Quod Libet saved when it quit says the same
        self.assertValues(self.saved[self.songs["tones"]],
                          self.expected_values("tones"))
        self.assertValues(self.saved[self.songs["keep"]],
                          self.expected_values("keep", "Keep"))

    def test_the_files_are_tagged(self):
        want = self.expected_values("tones")
        tags = t.mutagen_tags(self.songs["tones"])
        self.assertEqual(tags["genre"], [want["genre"]])
        self.assertEqual(tags["genre_distribution"],
                         [want["genre_distribution"]])
        self.assertEqual(tags["title"], ["Tones"])
        self.assertNotIn("genre_person", tags)
        tags = t.mutagen_tags(self.songs["keep"])
        self.assertEqual(tags["genre"], ["Keep"])
        # the genre it left alone, recorded as the person's (GENRE_PERSON)
        self.assertEqual(tags["genre_person"], ["Keep"])
        gst = t.gst_tags(self.songs["tones"])
        if gst is not None:
            self.assertEqual(gst["genre"], [want["genre"]])

    def test_an_undecodable_file_is_reported_and_untouched(self):
        lib = self.results["library"]["broken"]
        self.assertEqual(lib, {"genre": None, "genre_distribution": None,
                               "confidence": None})
        self.assertEqual(t.sha256(self.songs["broken"]),
                         self.results["broken_sha256"])
        self.assertEqual(len(self.results["dialogs"]), 1)
        self.assertIn("1 of 3 songs", self.results["dialogs"][0])
        self.assertIn("broken.ogg", self.results["dialogs"][0])

    def test_the_sidebar_shows_the_playing_songs_windows(self):
        windows = [m for m in self.results["history"] if not m["final"]]
        labels = set(self.want[self.songs["tones"]]["distribution"])
        self.assertGreaterEqual(len(windows), 2)
        for i, m in enumerate(windows[:2]):
            self.assertEqual(m["window"], i)
            self.assertEqual(m["start"], i * 2 * 10**9)
            self.assertEqual(m["duration"], 2 * 10**9)
            self.assertEqual(set(p[0] for p in m["distribution"]), labels)
            self.assertAlmostEqual(sum(p[1] for p in m["distribution"]), 1,
                                   places=6)
            self.assertEqual(m["genre"], m["distribution"][0][0])
        # the sidebar, when the screenshot was taken, showed the latest
        # window received then
        side = self.results["sidebar"]
        last = self.results["history"][side["windows_received"] - 1]
        self.assertFalse(last["final"])
        self.assertTrue(side["visible"])
        self.assertEqual(side["genre"], last["genre"])
        self.assertIn("window %d," % last["window"], side["detail"])

    def finals(self):
        return [m for m in self.results["history"] if m["final"]]

    def test_each_song_gets_its_own_summary(self):
        finals = self.finals()
        self.assertEqual([m["song"] for m in finals],
                         [self.songs["tones"], self.songs["keep"]])
        for final in finals:
            # The element in the player's chain sums the song up as
            # genreclassify-tag does with the same windows.
            want = self.want_live[final["song"]]["distribution"]
            got = dict(final["distribution"])
            self.assertEqual(set(got), set(want))
            for label, p in want.items():
                self.assertAlmostEqual(got[label], p, delta=0.01,
                                       msg="%s: %s" % (final["song"], label))
            top = sorted(want.values(), reverse=True)
            if top[0] - top[1] > 0.02:
                self.assertEqual(final["genre"],
                                 self.want_live[final["song"]]["genre"])
        # the two songs are told apart: each summary is further than the
        # tolerance above from the other song's
        for final, other in zip(finals, reversed(finals)):
            want = self.want_live[other["song"]]["distribution"]
            got = dict(final["distribution"])
            self.assertGreater(max(abs(got[k] - p) for k, p in want.items()),
                               0.02)

    def test_each_song_has_its_own_windows(self):
        for name in ("tones", "keep"):
            windows = [m for m in self.results["history"]
                       if not m["final"] and m["song"] == self.songs[name]]
            # 7 s: three 2-s windows, the 1-s rest is below min-window
            self.assertEqual([m["window"] for m in windows], [0, 1, 2])
            self.assertEqual([m["start"] for m in windows],
                             [0, 2 * 10**9, 4 * 10**9])
        # The player went on gaplessly, in the same pipeline: the running
        # time of the second song follows the first's (so the summaries
        # came from stream-starts, not from two ends of stream).
        keep = [m for m in self.results["history"]
                if m["song"] == self.songs["keep"]]
        self.assertGreaterEqual(keep[0]["running"], 69 * 10**8)

    def test_the_sidebar_shows_each_songs_summary(self):
        tones, keep = self.finals()

        def text(what, title, m):
            return "%s \u201c%s\u201d: %s (%.0f %%)" % (
                what, title, m["genre"], 100 * m["confidence"])
        shown = [label for label, _ in self.results["summary_labels"]]
        # each summary as it came, the first song's kept as the previous
        # song's while the second played
        want = [text("Whole song", "Tones", tones),
                text("Previous song", "Tones", tones),
                text("Whole song", "Keep", keep)]
        self.assertEqual([x for x in shown if x in want], want)
        self.assertEqual(self.results["summary_label"], want[-1])
        # and nothing else but the empty label before the first summary
        self.assertLessEqual(set(shown), set(want) | {""})

    def test_a_demonstration_model_is_refused_unless_allowed(self):
        refused = self.results["demo"]["refused"]
        self.assertEqual(refused["values"], {
            "genre": None, "genre_distribution": None, "confidence": None})
        self.assertEqual(len(refused["dialogs"]), 1)
        self.assertIn("1 of 1 songs", refused["dialogs"][0])
        self.assertIn(t.MODEL + " is a demonstration model",
                      refused["dialogs"][0])
        self.assertIn("allow_demo_model", refused["dialogs"][0])
        # with allow_demo_model: its labels, as genreclassify-tag gives them,
        # in the library and the file
        allowed = self.results["demo"]["allowed"]
        self.assertEqual(t.mutagen_tags(self.demo_song)["genre"],
                         [self.want_demo["genre"]])
        self.assertEqual(allowed["dialogs"], [])
        self.assertValues(allowed["values"], {
            "genre": self.want_demo["genre"],
            "genre_distribution": t.distribution_string(self.want_demo),
            "confidence": self.want_demo["confidence"]})

    def test_the_screenshots_are_pngs(self):
        for path in (self.plan["screenshot"],
                     self.plan["train"]["screenshot"]):
            with open(path, "rb") as f:
                head = f.read(24)
            self.assertEqual(head[:8], b"\x89PNG\r\n\x1a\n")
            width = int.from_bytes(head[16:20], "big")
            height = int.from_bytes(head[20:24], "big")
            self.assertGreaterEqual((width, height), (400, 300))

    # ---- Train Genre Model ------------------------------------------------

    def labels(self):
        with open(self.trained_model) as f:
            return [line.split("=", 1)[1].strip().rstrip(";").split(";")
                    for line in f if line.startswith("labels=")][0]

    def test_trained_without_a_model_is_refused(self):
        got = self.results["train"]["no_model_yet"]
        self.assertEqual(len(got["dialogs"]), 1)
        self.assertIn('the model "trained" is the one Train Genre Model '
                      'stores, and there is none yet', got["dialogs"][0])
        self.assertIn(self.trained_model, got["dialogs"][0])
        self.assertEqual(got["running"], 0)
        self.assertEqual(got["values"], {
            "genre": None, "genre_distribution": None, "confidence": None})
        # Genre Now goes on with the element's own model (a warning in
        # Quod Libet's log, which it prints only with --debug)
        before, after = got["live_model"]
        self.assertEqual(after, before)

    def test_the_training_preferences_set_the_options(self):
        self.assertEqual(self.results["train"]["min_artists_set"], "2")
        self.assertEqual(self.results["train"]["genre_map_set"],
                         self.genre_map)

    def test_one_genre_fails_and_writes_no_model(self):
        # Jazz and Rock, merged by the genre map into one
        got = self.results["train"]["one_genre"]
        self.assertEqual(got["status"], 1)
        self.assertEqual(got["left_out"], {})
        self.assertIsNone(got["model_sha256"])
        self.assertEqual(len(got["dialogs"]), 1)
        dialog = got["dialogs"][0]
        self.assertTrue(dialog.startswith("Genre model not trained\n"),
                        dialog)
        self.assertIn("4 songs: 4 with a genre of their own, none left out",
                      dialog)
        self.assertIn("genreclassify-train failed (exit status 1): no model "
                      "was written", dialog)
        # the trainer's own error, in its report below
        report = dialog.split("\n--\n", 1)[1]
        self.assertIn("the map changed the genre of 2 files", report)
        self.assertIn("library.list: 1 genre left of 4 audio files", report)
        self.assertIn("a model needs at least two", report)
        self.assertFalse(os.path.exists(self.trained_list + ".previous"))

    def test_the_model_learns_the_persons_genres(self):
        got = self.results["train"]["trained"]
        self.assertEqual(got["status"], 0)
        self.assertEqual(got["left_out"], {
            "genre written by genreclassify": 1})
        self.assertEqual(self.labels(), ["Jazz", "Rock"])
        self.assertTrue(os.path.exists(self.trained_model[:-4] + ".svm"))
        with open(self.trained_list) as f:
            listed = sorted(f.read().splitlines())
        songs = self.train_songs
        self.assertEqual(listed, sorted([
            songs["jazz1"] + "\tJazz\tJazzOne",
            songs["jazz2"] + "\tJazz\tJazzTwo",
            songs["rock1"] + "\tRock\tRockOne",
            songs["rock2"] + "\tRock\tRockTwo",
            songs["rock3"] + "\tRock;Pop\tRockThree"]))
        self.assertEqual(len(got["dialogs"]), 1)
        dialog, report = got["dialogs"][0].split("\n--\n", 1)
        self.assertEqual(dialog.split("\n")[:4], [
            "Genre model trained",
            "6 songs: 5 with a genre of their own, 1 left out: 1 genre "
            "written by genreclassify.",
            "Genres: Jazz, Rock.",
            "Model: " + self.trained_model])
        # the trainer's report: what it used, its grouped cross-validation
        self.assertTrue(report.startswith(
            "genreclassify-train: 6 songs: 5 with a genre of their own, 1 "
            "left out"), report[:200])
        self.assertIn("labels from tags: 5 audio files, 5 used;", report)
        # per genre, and the grouped cross-validation
        self.assertRegex(report, r"\n  Jazz +2 +0 +2\n  Rock +3 +0 +3\n")
        self.assertIn("2 folds by group from the tags (album artist, else "
                      "artist, else folder) (5 groups)", report)
        self.assertRegex(report, r"\nbest: C = .*: CV accuracy [0-9.]+ % "
                         r"\(\d+/5 windows\)\n")
        # the report file keeps the last run's (the stopped one below)
        last = self.results["train"]["stopped"]["dialogs"][0]
        with open(os.path.join(os.path.dirname(self.trained_list),
                               "training-report.txt")) as f:
            self.assertEqual(f.read(), last.split("\n--\n", 1)[1])

    def test_a_failed_training_keeps_the_model(self):
        trained = self.results["train"]["trained"]
        got = self.results["train"]["too_many_artists"]
        self.assertEqual(got["status"], 1)
        self.assertEqual(got["model_sha256"], trained["model_sha256"])
        self.assertEqual(t.sha256(self.trained_model),
                         trained["model_sha256"])
        self.assertIn("genreclassify-train failed (exit status 1): the "
                      "previous model is kept", got["dialogs"][0])
        self.assertIn("fewer than --min-artists 9", got["dialogs"][0])
        # the list still is the trained model's
        with open(self.trained_list) as f:
            self.assertEqual(len(f.read().splitlines()), 5)
        self.assertFalse(os.path.exists(self.trained_list + ".previous"))

    def test_a_stopped_training_keeps_the_model(self):
        trained = self.results["train"]["trained"]
        got = self.results["train"]["stopped"]
        self.assertEqual(got["status"], -15)  # SIGTERM
        # nothing half-written beside the model
        self.assertEqual(sorted(os.listdir(os.path.dirname(
            self.trained_model))), ["model.ini", "model.svm"])
        self.assertEqual(got["model_sha256"], trained["model_sha256"])
        self.assertEqual(got["dialogs"][0].split("\n")[:3], [
            "Genre model training stopped",
            "6 songs: 5 with a genre of their own, 1 left out: 1 genre "
            "written by genreclassify.",
            "Stopped: the previous model is kept."])

    def test_genre_from_audio_uses_the_trained_model(self):
        path = self.train_songs["untagged"]
        want = t.expected([path], "--window", "3",
                          model=self.trained_model)[path]
        self.assertEqual(list(want["distribution"]), ["Jazz", "Rock"])
        got = self.results["train"]["tagged"]
        self.assertEqual(got["dialogs"], [])
        # the sine of the Jazz songs
        self.assertValues(got["values"], {
            "genre": "Jazz",
            "genre_distribution": t.distribution_string(want),
            "confidence": want["confidence"]})
        self.assertEqual(t.mutagen_tags(path)["genre"], ["Jazz"])
        # and Genre Now's element
        self.assertEqual(self.results["train"]["live_model"],
                         self.trained_model)


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)
