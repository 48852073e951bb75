#!/usr/bin/env python3
# genreclassify — the beets plugin (integrations/beetsplug/genreclassify.py)
# run by Debian's beets on a library of its own (BEETSDIR).
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Three files are imported as they are (beet import -A -C): a sine (FLAC,
# no genre), white noise (Ogg Vorbis, genre "Keep") and a FLAC that is
# damaged after the import.  The expected genres and distributions are
# genreclassify-tag's own answers for the same files; every value is read
# back with beet ls, from the files with mutagen and, where built, with
# GStreamer's discoverer (gc-show-tags).

import importlib.util
import os
import re
import shutil
import sys
import textwrap
import unittest

import gcintegration as t

BEET = shutil.which("beet")
if BEET is None:
    t.skip("beet not found: Debian's package beets is not installed")
if importlib.util.find_spec("mutagen") is None:  # a dependency of beets
    t.skip("python3-mutagen is not installed")


class Library:
    """A beets configuration folder with its own library."""

    def __init__(self, name, music, **plugin_config):
        self.dir = os.path.join(t.WORK, name)
        os.makedirs(self.dir)
        # t.MODEL is the demonstration model, refused unless allowed
        # (test_a_demonstration_model_is_refused)
        # min_confidence 0: the demonstration model is not sure of the
        # test signals, and most tests are not about the threshold
        # (test_display_names_and_the_default_threshold is)
        options = dict(command=t.TOOL, model=t.MODEL, cache="no",
                       allow_demo_model="yes", min_confidence=0)
        options.update(plugin_config)
        with open(os.path.join(self.dir, "config.yaml"), "w") as f:
            f.write(textwrap.dedent("""\
                directory: %s
                library: %s
                pluginpath: [%s]
                plugins: genreclassify
                import:
                  write: yes
                  copy: no
                  log: %s
                genreclassify:
                """) % (music, os.path.join(self.dir, "library.db"),
                        os.path.join(t.INTEGRATIONS, "beetsplug"),
                        os.path.join(self.dir, "import.log")))
            for key, value in options.items():
                f.write("  %s: %s\n" % (key, value))

    def config_remove(self, key):
        """Drops KEY from the plugin's settings: the plugin's default."""
        path = os.path.join(self.dir, "config.yaml")
        with open(path) as f:
            lines = [line for line in f
                     if not line.startswith("  %s:" % key)]
        with open(path, "w") as f:
            f.writelines(lines)

    def beet(self, *args, status=0):
        # The plugin finds the shared package beside it, as it does when a
        # user points pluginpath at a source tree, even with another
        # version on the path (the decoy).
        e = t.env(BEETSDIR=self.dir, PYTHONPATH=t.decoy_path())
        return t.run([BEET] + list(args), status=status, env=e)

    def ls(self, fmt, *query):
        """{path: formatted value} of the items matching QUERY."""
        out = self.beet("ls", "-f", "$path\t" + fmt, *query).stdout
        return dict(line.split("\t", 1) for line in out.splitlines())


class BeetsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        t.fresh_work_dir()
        cls.music = os.path.join(t.WORK, "music")
        os.makedirs(cls.music)
        cls.sine = os.path.join(cls.music, "sine.flac")
        cls.noise = os.path.join(cls.music, "noise.ogg")
        cls.broken = os.path.join(cls.music, "broken.flac")
        t.make_audio(cls.sine, "sine", 8, "title=Sine,artist=Gen")
        t.make_audio(cls.noise, "white-noise", 8,
                     "title=Noise,artist=Gen,genre=Keep")
        t.make_audio(cls.broken, "sine", 8, "title=Broken,artist=Gen")
        cls.want = t.expected([cls.sine, cls.noise])

        cls.lib = Library("beets", cls.music)
        cls.lib.beet("import", "-A", "-C", "-q", cls.music)
        # Damaged after the import: the item is in the library, its audio
        # cannot be decoded any more.
        with open(cls.broken, "r+b") as f:
            f.seek(0)
            f.write(b"\0" * os.path.getsize(cls.broken))
        cls.hashes = {p: t.sha256(p) for p in (cls.sine, cls.noise,
                                                cls.broken)}
        cls.confidences = [cls.want[p]["confidence"]
                           for p in (cls.sine, cls.noise)]

        # In the order a user would go: look, refuse, store.
        cls.pretend = cls.lib.beet("genreclassify", "-p")
        cls.after_pretend = cls.lib.ls("$genre|$genre_distribution")
        cls.hashes_after_pretend = {p: t.sha256(p) for p in cls.hashes}
        threshold = max(cls.confidences) + 1e-6
        cls.too_sure = cls.lib.beet("genreclassify", "-c", repr(threshold)) \
            if threshold <= 1 else None
        cls.after_too_sure = cls.lib.ls("$genre|$genre_distribution")
        cls.run1 = cls.lib.beet("genreclassify", "-j", "2")

    def test_the_plugin_is_loaded(self):
        out = self.lib.beet("genreclassify", "--help").stdout
        self.assertIn("--pretend", out)
        self.assertIn("--nowrite", out)

    def test_pretend_stores_nothing(self):
        for path, top in ((self.sine, self.want[self.sine]["genre"]),):
            self.assertIn(top, self.pretend.stderr + self.pretend.stdout)
        self.assertEqual(self.after_pretend, {
            self.sine: "|$genre_distribution",
            self.noise: "Keep|$genre_distribution",
            self.broken: "|$genre_distribution"})
        self.assertEqual(self.hashes_after_pretend, self.hashes)

    def test_below_min_confidence_nothing_is_stored(self):
        if self.too_sure is None:
            self.skipTest("the model is certain: no confidence above it")
        self.assertEqual(self.after_too_sure, self.after_pretend)
        self.assertIn("below min_confidence", self.too_sure.stderr)

    def test_genre_distribution_and_confidence_are_stored(self):
        got = self.lib.ls("$genre|$genre_distribution|$genre_confidence")
        sine, noise = self.want[self.sine], self.want[self.noise]
        self.assertEqual(got[self.sine], "%s|%s|%.4f" % (
            sine["genre"], t.distribution_string(sine), sine["confidence"]))
        # set_genre: empty keeps an existing genre; the rest is stored
        self.assertEqual(got[self.noise], "Keep|%s|%.4f" % (
            t.distribution_string(noise), noise["confidence"]))

    def test_the_files_tags_are_written(self):
        sine, noise = self.want[self.sine], self.want[self.noise]
        tags = t.mutagen_tags(self.sine)
        self.assertEqual(tags["genre"], [sine["genre"]])
        self.assertEqual(tags["genre_distribution"],
                         [t.distribution_string(sine)])
        self.assertEqual(tags["title"], ["Sine"])
        tags = t.mutagen_tags(self.noise)
        self.assertEqual(tags["genre"], ["Keep"])
        self.assertEqual(tags["genre_distribution"],
                         [t.distribution_string(noise)])
        gst = t.gst_tags(self.sine)
        if gst is not None:  # GStreamer reads what beets wrote
            self.assertEqual(gst["genre"], [sine["genre"]])
            self.assertIn("GENRE_DISTRIBUTION=" + t.distribution_string(sine),
                          gst["extended-comment"])

    def test_an_undecodable_file_is_reported_and_untouched(self):
        self.assertIn(self.broken, self.run1.stderr)
        self.assertIn("skipped", self.run1.stderr)
        self.assertEqual(t.sha256(self.broken), self.hashes[self.broken])
        got = self.lib.ls("$genre|$genre_distribution|$genre_confidence",
                          "title:Broken")
        self.assertEqual(got, {self.broken: "|$genre_distribution|"
                                             "$genre_confidence"})
        self.assertIn("1 skipped", self.run1.stdout)

    def test_queries_on_the_distribution_and_the_confidence(self):
        sine = self.want[self.sine]
        top = sine["genre"]
        # Most probable first: "::^label=" is "top genre is label".
        got = self.lib.ls("$title", "genre_distribution::^%s=" % top)
        self.assertIn(self.sine, got)
        self.assertNotIn(self.broken, got)
        # Typed as a float: ranges work.
        low = "%.4f" % (sine["confidence"] - 0.001)
        got = self.lib.ls("$title", "genre_confidence:%s.." % low)
        self.assertIn(self.sine, got)
        got = self.lib.ls("$title", "genre_confidence:..%s" % low)
        self.assertNotIn(self.sine, got)

    def test_a_second_run_changes_nothing(self):
        before = {p: t.sha256(p) for p in self.hashes}
        out = self.lib.beet("genreclassify").stdout
        self.assertIn("0 stored, 2 unchanged, 1 skipped", out)
        self.assertEqual({p: t.sha256(p) for p in self.hashes}, before)

    def test_a_demonstration_model_is_refused(self):
        """Without allow_demo_model, the demo model's labels are not
        stored: an error naming the model and the option, and the library
        and the files stay as they were."""
        lib = Library("beets-demo", self.music, allow_demo_model="no")
        lib.beet("import", "-A", "-C", "-q", self.noise)
        before = t.sha256(self.noise)
        fields = "$genre|$genre_distribution|$genre_confidence"
        stored = lib.ls(fields)
        self.assertEqual(stored[self.noise].split("|")[0], "Keep")
        p = lib.beet("genreclassify", "-g", "always", status=1)
        self.assertIn(t.MODEL + " is a demonstration model", p.stderr)
        self.assertIn("allow_demo_model", p.stderr)
        self.assertEqual(lib.ls(fields), stored)
        self.assertEqual(t.sha256(self.noise), before)

    def test_always_without_writing(self):
        """-g always -W: the library's genre changes, the file's does not
        (beets' write convention, as beet modify -W)."""
        lib = Library("beets-always", self.music)
        lib.beet("import", "-A", "-C", "-q", self.noise)
        before = t.sha256(self.noise)
        lib.beet("genreclassify", "-g", "always", "-W")
        self.assertEqual(lib.ls("$genre"),
                         {self.noise: self.want[self.noise]["genre"]})
        self.assertEqual(t.sha256(self.noise), before)

    def test_display_names_and_the_default_threshold(self):
        """With its default min_confidence (genreclassify-tag's), an item
        less sure than it gets nothing; the others get the model's display
        name, or with model_labels its label; the distribution keeps the
        labels."""
        model = t.display_model(os.path.join(t.WORK, "display-model"))
        for name, options in (("display", {}),
                              ("labels", {"model_labels": "yes"})):
            music = os.path.join(t.WORK, "music-" + name)
            os.makedirs(music)
            paths = [os.path.join(music, n) for n in ("sine.flac",
                                                      "noise.ogg")]
            t.make_audio(paths[0], "sine", 8, "title=Sine,artist=Gen")
            t.make_audio(paths[1], "white-noise", 8, "title=Noise,artist=Gen")
            lib = Library("beets-" + name, music, model=model, **options)
            lib.config_remove("min_confidence")
            lib.beet("import", "-A", "-C", "-q", music)
            lib.beet("genreclassify")
            want = t.expected(paths, model=model)
            got = lib.ls("$genre|$genre_distribution")
            default = float(re.search(
                r"--min-confidence=P .*?default ([0-9.]+)\)",
                t.run([t.TOOL, "--help"]).stdout, re.S).group(1))
            sure = [p for p in paths if want[p]["confidence"] >= default]
            for path in paths:
                if path not in sure:
                    self.assertEqual(got[path], "|$genre_distribution")
                    continue
                genre = (want[path]["genre"] if options
                         else want[path]["display_genre"])
                self.assertNotEqual(want[path]["genre"],
                                    want[path]["display_genre"])
                self.assertEqual(got[path], "%s|%s" % (
                    genre, t.distribution_string(want[path])))
                self.assertEqual(t.mutagen_tags(path)["genre"], [genre])
            self.assertIn(paths[0], sure)  # a sine: 0.77
            # the noise's confidence varies (random), around 0.5: the
            # default itself is checked here
            shown = lib.beet("config", "-d").stdout
            self.assertRegex(shown, r"\ngenreclassify:\n(    .*\n)*    "
                             r"min_confidence: %s\n" % re.escape(
                                 repr(default)))

    def test_auto_on_import(self):
        """auto: yes analyses on import; a copying import tags the copy in
        the library and leaves the original alone."""
        source = os.path.join(t.WORK, "to-import")
        os.makedirs(source)
        t.make_audio(os.path.join(source, "sine.flac"), "sine", 8,
                     "title=Sine,artist=Gen")
        original = t.sha256(os.path.join(source, "sine.flac"))
        library_dir = os.path.join(t.WORK, "library-auto")
        lib = Library("beets-auto", library_dir, auto="yes")
        lib.beet("import", "-A", "-q", "--copy", source)
        got = lib.ls("$genre|$genre_distribution")
        self.assertEqual(len(got), 1)
        copy, values = next(iter(got.items()))
        sine = self.want[self.sine]
        self.assertTrue(copy.startswith(library_dir), copy)
        self.assertEqual(values, "%s|%s" % (sine["genre"],
                                            t.distribution_string(sine)))
        self.assertEqual(t.mutagen_tags(copy)["genre"], [sine["genre"]])
        self.assertEqual(t.sha256(os.path.join(source, "sine.flac")),
                         original)
        self.assertNotIn("genre",
                         t.mutagen_tags(os.path.join(source, "sine.flac")))


def _tag(path, **fields):
    """Vorbis comments with spaces (taginject's syntax has none)."""
    import mutagen
    f = mutagen.File(path)
    for key, value in fields.items():
        f[key] = [value]
    f.save()


class TrainTest(unittest.TestCase):
    """beet genreclassify-train: a model of the library's own genres,
    stored in the beets configuration folder, then used by beet
    genreclassify with "model: trained"."""

    # genre -> the test signal its items are made of
    SIGNALS = {"Jazz": "sine", "Rock": "white-noise", "Blues": "ticks"}

    @classmethod
    def setUpClass(cls):
        work = os.path.join(t.WORK, "train")
        shutil.rmtree(work, ignore_errors=True)
        cls.music = music = os.path.join(work, "music")
        os.makedirs(music)
        # 3 genres x 3 artists x 2 files: what the trainer's defaults need
        for genre, wave in sorted(cls.SIGNALS.items()):
            for a in range(3):
                for k in range(2):
                    path = os.path.join(music, "%s-%d-%d.flac" % (
                        genre, a, k))
                    t.make_audio(path, wave, 6)
                    _tag(path, title="%s %d %d" % (genre, a, k),
                         artist="%s Artist %d" % (genre, a), genre=genre)
        # "Tones", by two artists in the user's tags and by a third only in
        # a genre genreclassify wrote: learnt from, it would be a genre of
        # three artists and a label of the model.
        for a in range(3):
            path = os.path.join(music, "Tones-%d.flac" % a)
            t.make_audio(path, "square", 6)
            _tag(path, title="Tones %d" % a, artist="Tones Artist %d" % a,
                 genre="Tones")
        t.make_audio(os.path.join(music, "untagged.flac"), "sine", 6,
                     "title=Untagged,artist=Nobody")
        cls.untagged = os.path.join(music, "untagged.flac")
        # window 3: the trained model's (genreclassify-tag's default is
        # 30 s, a partial window of these 6 s clips would be analysed)
        cls.lib = Library(os.path.join("train", "beets"), music,
                          model="trained", window=3)
        cls.lib.beet("import", "-A", "-C", "-q", music)
        # In the library only (-W): the file does not say it, the list the
        # plugin hands over must.
        cls.lib.beet("modify", "-y", "-W", "title:Tones 2",
                     "genre_distribution=Tones=0.9000;Rock=0.1000")
        cls.model = os.path.join(cls.lib.dir, "genreclassify", "model",
                                 "model.ini")
        cls.before = cls.lib.beet("genreclassify", status=1)
        cls.list = os.path.join(cls.lib.dir, "genreclassify", "library.list")
        cls.run1 = cls.lib.beet(
            "genreclassify-train", "-j", "2",
            "--trainer-options", "--c 1 --gamma 0.05 --window 3")

    def labels(self):
        with open(self.model) as f:
            return [line.split("=", 1)[1].strip().rstrip(";").split(";")
                    for line in f if line.startswith("labels=")][0]

    def test_no_trained_model_yet(self):
        self.assertIn("model: trained names the model beet "
                      "genreclassify-train stores, and there is none yet",
                      self.before.stderr)
        self.assertIn(self.model, self.before.stderr)

    def test_the_model_has_the_genres_of_enough_artists(self):
        self.assertTrue(os.path.exists(self.model))
        self.assertTrue(os.path.exists(self.model[:-4] + ".svm"))
        self.assertEqual(self.labels(), ["Blues", "Jazz", "Rock"])
        self.assertIn("the model is %s (learnt from %s)" % (
            self.model, self.list), self.run1.stdout)
        self.assertIn("    model: trained", self.run1.stdout)

    def test_what_is_left_out_and_why(self):
        self.assertIn("genreclassify-train: 22 item(s): 20 with a genre of "
                      "their own, 2 left out: 1 genre written by "
                      "genreclassify, 1 no genre", self.run1.stdout)
        # The trainer's own rule, on the 20 listed: Tones has 2 artists.
        self.assertIn("labels from tags: 20 audio files, 18 used;",
                      self.run1.stdout)
        self.assertIn('genre "Tones": 2 files by 2 artists ("Tones Artist '
                      '0", "Tones Artist 1"), fewer than --min-artists 3',
                      self.run1.stdout)
        with open(self.list) as f:
            listed = dict(line.rstrip("\n").split("\t", 1) for line in f)
        self.assertEqual(len(listed), 20)
        self.assertNotIn(os.path.join(self.music, "Tones-2.flac"), listed)
        self.assertNotIn(self.untagged, listed)
        self.assertEqual(listed[os.path.join(self.music, "Jazz-1-0.flac")],
                         "Jazz\tJazz Artist 1")

    def test_a_failed_training_keeps_the_model_and_its_list(self):
        def contents():
            with open(self.model, "rb") as m, open(self.list, "rb") as l:
                return m.read(), l.read()
        before = contents()
        # Every genre has fewer than 9 artists: none remains to learn.
        p = self.lib.beet("genreclassify-train", "--min-artists", "9",
                          "--trainer-options", "--c 1 --gamma 0.05 "
                          "--window 3", status=1)
        self.assertIn("the previous model is kept", p.stderr)
        self.assertEqual(contents(), before)
        self.assertFalse(os.path.exists(self.list + ".previous"))

    def test_min_artists_is_passed_on(self):
        """With --min-artists 2, Tones (two artists of the user's) is a
        label: the option reaches the trainer's rule, and the item
        genreclassify tagged still is not counted."""
        lib = Library(os.path.join("train", "beets-min"), self.music)
        lib.beet("import", "-A", "-C", "-q", self.music)
        lib.beet("modify", "-y", "-W", "title:Tones 2",
                 "genre_distribution=Tones=0.9000;Rock=0.1000")
        p = lib.beet("genreclassify-train", "-j", "2", "--min-artists", "2",
                     "--trainer-options", "--c 1 --gamma 0.05 --window 3")
        self.assertIn("labels from tags: 20 audio files, 20 used;", p.stdout)
        model = os.path.join(lib.dir, "genreclassify", "model", "model.ini")
        with open(model) as f:
            self.assertIn("labels=Blues;Jazz;Rock;Tones;\n", f.read())
        self.assertIn("  Tones                       2 ", p.stdout)

    def test_an_analysed_library_still_teaches_its_genres(self):
        """beet genreclassify stores a distribution beside the user's
        genres, naming them first where the model agrees: the genre_person
        it records keeps them the user's, so a second training learns from
        them as the first did.  Only the genre it set itself is left out."""
        music = os.path.join(t.WORK, "train", "music-analysed")
        shutil.rmtree(music, ignore_errors=True)
        shutil.copytree(self.music, music)
        lib = Library(os.path.join("train", "beets-analysed"), music,
                      model=self.model, window=3)
        lib.beet("import", "-A", "-C", "-q", music)
        lib.beet("genreclassify")
        jazz = os.path.join(music, "Jazz-1-0.flac")
        got = lib.ls("$genre|$genre_person|$genre_distribution",
                     "title:Jazz 1 0")[jazz]
        self.assertTrue(got.startswith("Jazz|Jazz|Jazz="), got)
        untagged = os.path.join(music, "untagged.flac")
        self.assertEqual(lib.ls("$genre|%ifdef{genre_person,kept,set}",
                                "title:Untagged")[untagged], "Jazz|set")
        p = lib.beet("genreclassify-train", "-j", "2",
                     "--trainer-options", "--c 1 --gamma 0.05 --window 3")
        # In the file too, where the command-line trainer reads it.
        self.assertEqual(t.mutagen_tags(jazz).get("genre_person"), ["Jazz"])
        self.assertNotIn("genre_person", t.mutagen_tags(untagged))
        # Only the untagged item's genre is ours (in this copy no genre
        # was marked by hand: Tones has its three artists).
        self.assertIn("genreclassify-train: 22 item(s): 21 with a genre of "
                      "their own, 1 left out: 1 genre written by "
                      "genreclassify", p.stdout)
        self.assertIn("labels from tags: 21 audio files, 21 used;", p.stdout)
        # genreclassify-train on the folder reads the same from the files
        trainer = os.path.join(os.path.dirname(t.TOOL), "genreclassify-train")
        cli = t.run([trainer, "--labels-from-tags", "--no-cache", "--c", "1",
                     "--gamma", "0.05", "--window", "3", "-j", "2", "-o",
                     os.path.join(t.WORK, "train", "cli-model", "model.ini"),
                     music], cwd=t.WORK)
        self.assertIn("labels from tags: 22 audio files, 21 used;",
                      cli.stdout)
        self.assertIn("1 genre written by genreclassify", cli.stdout)

    def test_the_trained_model_tags_the_rest(self):
        self.lib.beet("genreclassify", "title:Untagged")
        want = t.expected([self.untagged], "--window", "3",
                          model=self.model)[self.untagged]
        got = self.lib.ls("$genre|$genre_distribution", "title:Untagged")
        self.assertIn(want["genre"], self.labels())
        self.assertEqual(got, {self.untagged: "%s|%s" % (
            want["genre"], t.distribution_string(want))})
        # the sine of the Jazz items
        self.assertEqual(want["genre"], "Jazz")
        self.assertEqual(t.mutagen_tags(self.untagged)["genre"], ["Jazz"])


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)
