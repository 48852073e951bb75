#!/usr/bin/env python3
# genreclassify — tests of integrations/genreclassify_integrations, the code
# the beets and Quod Libet plugins share: the policy, and genreclassify-tag and
# genreclassify-train run on real files (standard library only).
# SPDX-License-Identifier: GPL-2.0-or-later

import os
import re
import sys
import unittest

import gcintegration as t

sys.path.insert(0, t.INTEGRATIONS)
from genreclassify_integrations import (  # noqa: E402
    AnalysisError, Analyser, DEFAULT_MIN_CONFIDENCE, Policy, Result, analysis)
from genreclassify_integrations.policy import is_own_genre  # noqa: E402
from genreclassify_integrations import training  # noqa: E402


def result(genre="rock", confidence=0.6, **kw):
    dist = kw.pop("distribution", [(genre, confidence), ("pop", 0.3),
                                   ("jazz", 0.1)])
    return Result("/x.flac", genre=genre, confidence=confidence,
                  distribution=dist, **kw)


class PolicyTest(unittest.TestCase):
    def test_empty_sets_only_an_empty_genre(self):
        p = Policy("empty")
        d = p.decide(result(), "")
        self.assertEqual((d.store, d.genre), (True, "rock"))
        d = p.decide(result(), None)
        self.assertEqual((d.store, d.genre), (True, "rock"))
        d = p.decide(result(), "  ")
        self.assertEqual((d.store, d.genre), (True, "rock"))
        d = p.decide(result(), "Jazz")
        self.assertEqual((d.store, d.genre), (True, None))
        self.assertIn("already set", d.reason)

    def test_empty_replaces_a_genre_it_set_itself(self):
        p = Policy("empty")
        # the stored distribution's first label, in any spelling: ours
        for genre, dist in (("Jazz", "jazz=0.7000;rock=0.3000"),
                            ("Hip-Hop", "hip-hop=0.5500;r&b=0.4500"),
                            ("R&B", "r&b=0.9000;pop=0.1000")):
            d = p.decide(result(), genre, dist)
            self.assertEqual((d.store, d.genre), (True, "rock"), genre)
        # changed by the user since (or never ours): kept
        for genre, dist in (("Bebop", "jazz=0.7000;rock=0.3000"),
                            ("Jazz", "rock=0.7000;jazz=0.3000"),
                            ("Jazz", None), ("Jazz", ""), ("Jazz", "junk")):
            d = p.decide(result(), genre, dist)
            self.assertEqual((d.store, d.genre), (True, None), (genre, dist))
            self.assertIn("already set", d.reason)

    def test_the_persons_genre_recorded_by_a_host(self):
        # A host that left the person's Jazz alone recorded it: an analysis
        # that names Jazz first does not make it ours.  A genre changed
        # since is judged by the distribution again.
        p = Policy("empty")
        d = p.decide(result(), "Jazz", "jazz=0.7000;rock=0.3000", "jazz")
        self.assertEqual((d.store, d.genre), (True, None))
        self.assertFalse(is_own_genre("Jazz", "jazz=0.7;rock=0.3", "JAZZ"))
        self.assertTrue(is_own_genre("Jazz", "jazz=0.7;rock=0.3", "Bebop"))
        # the trainer's spellings (gc_tag_labels_key): case, white space,
        # '-' and '_' do not count; anything else does
        self.assertTrue(is_own_genre("hip_hop", "Hip-Hop=0.6"))
        self.assertFalse(is_own_genre("Pop/Rock", "poprock=0.6"))

    def test_always_and_never(self):
        d = Policy("always").decide(result(), "Jazz")
        self.assertEqual((d.store, d.genre), (True, "rock"))
        d = Policy("never").decide(result(), "")
        self.assertEqual((d.store, d.genre), (True, None))

    def test_min_confidence_stores_nothing_below(self):
        p = Policy("always", min_confidence=0.6)
        self.assertTrue(p.decide(result(confidence=0.6), "").store)
        d = p.decide(result(confidence=0.5999), "")
        self.assertEqual((d.store, d.genre), (False, None))
        self.assertIn("below min_confidence", d.reason)

    def test_errors_and_no_genre_store_nothing(self):
        d = Policy("always").decide(
            Result.failed("/x.flac", "cannot decode", "decode"), "")
        self.assertEqual((d.store, d.genre, d.reason),
                         (False, None, "cannot decode"))
        d = Policy("always").decide(result(genre=None, confidence=None,
                                           distribution=[]), "")
        self.assertFalse(d.store)

    def test_uncertain_stores_the_distribution_not_the_genre(self):
        d = Policy("always").decide(result(fields={"uncertain": True}), "")
        self.assertEqual((d.store, d.genre), (True, None))
        self.assertIn("uncertain", d.reason)
        d = Policy("always").decide(result(fields={"uncertain": False}), "")
        self.assertEqual((d.store, d.genre), (True, "rock"))

    def test_the_display_name_is_set_unless_model_labels(self):
        r = result(display_genre="Rock (shown)")
        d = Policy("always").decide(r, "")
        self.assertEqual((d.store, d.genre), (True, "Rock (shown)"))
        d = Policy("always", model_labels=True).decide(r, "")
        self.assertEqual((d.store, d.genre), (True, "rock"))
        # the distribution keeps the labels either way
        self.assertEqual(r.distribution_string(),
                         "rock=0.6000;pop=0.3000;jazz=0.1000")

    def test_min_confidence_defaults_to_the_tools(self):
        # one number: genreclassify-tag's GC_TAG_DEFAULT_MIN_CONFIDENCE, as
        # its --help shows it
        help_text = t.run([t.TOOL, "--help"]).stdout
        shown = re.search(r"--min-confidence=P .*?default ([0-9.]+)\)",
                          help_text, re.S)
        self.assertIsNotNone(shown, help_text)
        self.assertEqual(DEFAULT_MIN_CONFIDENCE, float(shown.group(1)))
        self.assertEqual(Policy().min_confidence, DEFAULT_MIN_CONFIDENCE)
        p = Policy("always")
        d = p.decide(result(confidence=DEFAULT_MIN_CONFIDENCE - 1e-4), "")
        self.assertFalse(d.store)
        d = p.decide(result(confidence=DEFAULT_MIN_CONFIDENCE), "")
        self.assertTrue(d.store)

    def test_bad_settings_are_refused(self):
        self.assertRaises(ValueError, Policy, "sometimes")
        self.assertRaises(ValueError, Policy, "empty", 1.5)
        self.assertRaises(ValueError, Policy, "empty", "x")

    def test_distribution_string_is_the_elements_format(self):
        r = result(distribution=[("rock", 0.61234), ("pop", 0.2),
                                 ("jazz", 0.18766)])
        self.assertEqual(r.distribution_string(),
                         "rock=0.6123;pop=0.2000;jazz=0.1877")


class AnalyserTest(unittest.TestCase):
    """genreclassify-tag on files made here: every Result is compared with
    the tool's own JSON line for the same file."""

    @classmethod
    def setUpClass(cls):
        work = t.fresh_work_dir()
        cls.sine = os.path.join(work, "sine.flac")
        cls.noise = os.path.join(work, "noise -x.ogg")  # "-": not an option
        t.make_audio(cls.sine, "sine", 6)
        t.make_audio(cls.noise, "white-noise", 6)
        # A name that is not UTF-8: the tool prints it with a replacement
        # character, so the Analyser runs it alone.
        cls.odd = os.path.join(os.fsencode(work), b"odd\xff.flac")
        with open(cls.sine, "rb") as f, open(cls.odd, "wb") as g:
            g.write(f.read())
        cls.text = os.path.join(work, "text.flac")
        with open(cls.text, "w") as f:
            f.write("not audio\n" * 100)
        cls.expected = t.expected([cls.sine, cls.noise])

    def analyser(self, **kw):
        # t.MODEL is the demonstration model, refused unless allowed
        # (test_a_demonstration_model_is_refused)
        kw.setdefault("allow_demo_model", True)
        return Analyser(command=t.TOOL, model=t.MODEL, cache=False, **kw)

    def check(self, res, path):
        want = self.expected[path]
        self.assertTrue(res.ok, res.error)
        self.assertEqual(res.genre, want["genre"])
        self.assertAlmostEqual(res.confidence, want["confidence"], places=12)
        self.assertEqual(res.distribution, list(want["distribution"].items()))
        self.assertEqual(res.distribution_string(),
                         t.distribution_string(want))
        self.assertEqual(res.genre, res.distribution[0][0])
        self.assertEqual(res.display_genre, want["display_genre"])
        # the whole line, for fields added later (the path may differ: a
        # copy of the same audio)
        self.assertEqual(dict(res.fields, path=None), dict(want, path=None))

    def test_every_path_gets_its_own_result(self):
        paths = [self.sine, self.noise, self.odd, self.text,
                 os.path.join(t.WORK, "missing.ogg"), self.sine]
        got = list(self.analyser(jobs=2).run(paths))
        # one answer per path given, the duplicate included
        self.assertEqual(sorted(map(os.fsencode, (p for p, _ in got))),
                         sorted(map(os.fsencode, paths)))
        by_path = {}
        for path, res in got:
            by_path.setdefault(os.fsencode(path), []).append(res)
        self.check(by_path[os.fsencode(self.sine)][0], self.sine)
        self.check(by_path[os.fsencode(self.sine)][1], self.sine)
        self.check(by_path[os.fsencode(self.noise)][0], self.noise)
        # the same audio as sine.flac, under a non-UTF-8 name
        self.check(by_path[self.odd][0], self.sine)
        text = by_path[os.fsencode(self.text)][0]
        self.assertFalse(text.ok)
        self.assertIsNotNone(text.error_code)
        self.assertIsNone(text.genre)
        missing = by_path[os.fsencode(os.path.join(t.WORK, "missing.ogg"))]
        self.assertFalse(missing[0].ok)

    def test_a_long_list_runs_in_several_chunks(self):
        old = analysis._MAX_ARGV_BYTES
        analysis._MAX_ARGV_BYTES = 1  # one file per run of the tool
        try:
            got = dict(self.analyser().run([self.sine, self.noise]))
        finally:
            analysis._MAX_ARGV_BYTES = old
        self.check(got[self.sine], self.sine)
        self.check(got[self.noise], self.noise)

    def test_uncertain_margin_reaches_the_tool(self):
        # margin 1: every answer is uncertain; the tool says so per file
        got = dict(self.analyser(uncertain_margin=1).run([self.sine]))
        self.assertIs(got[self.sine].fields.get("uncertain"), True)
        got = dict(self.analyser().run([self.sine]))
        self.assertIs(got[self.sine].fields.get("uncertain"), False)

    def test_window_options_reach_the_tool(self):
        # 5.99 s: windows of 2, 2 and 1.99 s; the last one only counts
        # with min_window below 1.99 s
        got = dict(self.analyser(window=2).run([self.sine]))
        self.assertEqual(got[self.sine].windows, 2)
        got = dict(self.analyser(window=2, min_window=1).run([self.sine]))
        self.assertEqual(got[self.sine].windows, 3)

    def test_the_display_name_comes_from_the_model(self):
        model = t.display_model(os.path.join(t.WORK, "display"))
        got = dict(Analyser(command=t.TOOL, model=model, cache=False,
                            allow_demo_model=True).run([self.sine]))
        res = got[self.sine]
        self.assertEqual(res.genre, self.expected[self.sine]["genre"])
        self.assertEqual(res.display_genre,
                         res.genre.capitalize() + " (shown)")
        self.assertEqual(res.distribution,
                         list(self.expected[self.sine]["distribution"]
                              .items()))

    def test_a_bad_model_fails_as_a_whole(self):
        a = Analyser(command=t.TOOL, model=os.path.join(t.WORK, "no.ini"))
        with self.assertRaises(AnalysisError) as cm:
            list(a.run([self.sine]))
        self.assertIn("no.ini", str(cm.exception))

    def test_a_demonstration_model_is_refused(self):
        # its labels are not genres: no result reaches a host, and the
        # error names the model and the option that allows it
        got = []
        with self.assertRaises(AnalysisError) as cm:
            for item in self.analyser(allow_demo_model=False).run(
                    [self.sine, self.noise]):
                got.append(item)
        self.assertEqual(got, [])
        self.assertIn(t.MODEL + " is a demonstration model",
                      str(cm.exception))
        self.assertIn("allow_demo_model", str(cm.exception))
        # a real model goes through without the option
        real = os.path.join(os.path.dirname(os.path.dirname(t.MODEL)),
                            "genres-11", "model.ini")
        got = dict(Analyser(command=t.TOOL, model=real, cache=False).run(
            [self.sine]))
        self.assertTrue(got[self.sine].ok, got[self.sine].error)
        self.assertNotIn("demonstration_model", got[self.sine].fields)
        self.assertIn(got[self.sine].genre, dict(got[self.sine].distribution))

    def test_a_missing_command_is_reported(self):
        with self.assertRaises(AnalysisError):
            Analyser(command="genreclassify-tag-does-not-exist")
        with self.assertRaises(AnalysisError):
            Analyser(command=os.path.join(t.WORK, "nothing-here"))


class GroupTest(unittest.TestCase):
    """training.group(): the group the plugins list, by the trainer's rule
    for files' tags (the cases of tools-tag-formats' compilations)."""

    def test_album_artist_else_artist(self):
        self.assertEqual(training.group("Band A", "Someone feat. Band A"),
                         "Band A")
        self.assertEqual(training.group(None, "Band D"), "Band D")
        self.assertEqual(training.group("  ", ""), "")

    def test_a_compilation_groups_by_artist(self):
        self.assertEqual(
            training.group("Best of the Tests", "Band E", True), "Band E")
        for va in ("Various Artists", "various", "VA"):
            self.assertEqual(training.group(va, "Band F"), "Band F")
        # no artist: the album artist is all there is
        self.assertEqual(training.group("Various Artists", None),
                         "Various Artists")

    def test_a_multi_line_value_gives_its_first_line(self):
        self.assertEqual(training.group("Band G\nBand H", None), "Band G")


class TrainingTest(unittest.TestCase):
    """training.train() with a host's output and start hook (what Quod
    Libet's Train Genre Model uses), on a real genreclassify-train."""

    OPTIONS = ["--min-artists", "2", "--window", "3", "-k", "2", "--c", "1",
               "--gamma", "0.05", "--no-cache", "--progress", "none",
               "-j", "2"]

    @classmethod
    def setUpClass(cls):
        cls.dir = os.path.join(t.WORK, "training")
        os.makedirs(cls.dir, exist_ok=True)
        cls.lines = []
        for genre, wave in (("Jazz", "sine"), ("Rock", "white-noise")):
            for a in range(2):
                path = os.path.join(cls.dir, "%s-%d.flac" % (genre, a))
                t.make_audio(path, wave, 6)
                cls.lines.append("%s\t%s\t%s %d" % (path, genre, genre, a))
        cls.trainer = training.find_trainer(None, t.TOOL)
        cls.model = os.path.join(cls.dir, "stored", "model", "model.ini")
        cls.list = training.list_path_beside(cls.model)

    def train(self, report, **kw):
        with open(report, "w") as out:
            out.write("host line\n")
            status = training.train(self.trainer, self.lines, self.model,
                                    self.list, self.OPTIONS, output=out,
                                    **kw)
        with open(report) as f:
            return status, f.read()

    def test_the_report_goes_to_the_output_and_a_stopped_run_keeps_all(self):
        self.assertEqual(self.list, os.path.join(self.dir, "stored",
                                                 "library.list"))
        started = []
        status, report = self.train(os.path.join(self.dir, "report1.txt"),
                                    started=started.append)
        self.assertEqual(status, 0, report)
        self.assertEqual(len(started), 1)
        self.assertEqual(started[0].returncode, 0)
        # the host's line first, then the trainer's report, errors too
        self.assertTrue(report.startswith("host line\nlabels from tags: 4 "
                                          "audio files, 4 used;"), report)
        self.assertIn("wrote " + self.model, report)
        self.assertEqual(training.model_labels(self.model), ["Jazz", "Rock"])
        with open(self.model, "rb") as f:
            model = f.read()
        with open(self.list) as f:
            self.assertEqual(f.read().splitlines(), self.lines)

        # Stopped as it starts: ended by SIGTERM, the model and its list
        # stay as they were.
        status, report = self.train(
            os.path.join(self.dir, "report2.txt"),
            started=lambda process: process.terminate())
        self.assertEqual(status, -15, report)
        with open(self.model, "rb") as f:
            self.assertEqual(f.read(), model)
        with open(self.list) as f:
            self.assertEqual(f.read().splitlines(), self.lines)
        self.assertFalse(os.path.exists(self.list + ".previous"))

    def test_model_labels_of_a_model_without_labels(self):
        path = os.path.join(self.dir, "nolabels.ini")
        with open(path, "w") as f:
            f.write("[model]\nwindow=3\n")
        self.assertEqual(training.model_labels(path), [])
        with self.assertRaises(OSError):
            training.model_labels(os.path.join(self.dir, "none.ini"))


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)
