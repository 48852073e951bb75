# genreclassify — a beets plugin: the genre of items, from their audio
# SPDX-License-Identifier: GPL-2.0-or-later
"""``beet genreclassify [QUERY]`` analyses the matching items with
``genreclassify-tag`` and stores ``genre`` (as the policy allows),
``genre_distribution`` (``rock=0.6100;pop=0.2000;...``, most probable first;
written to the files as GENRE_DISTRIBUTION, like genreclassify-tag) and
``genre_confidence``.  ``auto: yes`` does the same on import.
``beet genreclassify-train [QUERY]`` trains a personal model from the
library's own genres into the beets configuration folder; ``model:
trained`` uses it.  See docs/howto-beets.md.
"""

import importlib
import importlib.util
import os
import shlex
import sys

from beets import config, ui
from beets.importer import action
from beets.dbcore import types
from beets.plugins import BeetsPlugin
from mediafile import (ASFStorageStyle, MediaField, MP3DescStorageStyle,
                       MP4StorageStyle, StorageStyle)


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


_shared = _shared_package()
AnalysisError = _shared.AnalysisError
Analyser = _shared.Analyser
DEFAULT_MIN_CONFIDENCE = _shared.DEFAULT_MIN_CONFIDENCE
Policy = _shared.Policy
SET_GENRE_MODES = _shared.SET_GENRE_MODES
training = _shared.training

# The model value that means the one beet genreclassify-train stored.
TRAINED_MODEL = training.TRAINED_MODEL
# The genre an item had when the plugin stored an analysis and left the
# genre alone, i.e. the person's: is_own_genre() needs it where the
# analysis names that genre first too.  In the library and in the file
# (GENRE_PERSON, where genreclassify-train and genreclassify-tag read it).
PERSON_GENRE = "genre_person"


def trained_model_path():
    """Where beet genreclassify-train stores its model: the beets
    configuration folder's genreclassify/model/model.ini."""
    return os.path.join(config.config_dir(), "genreclassify", "model",
                        "model.ini")


class GenreClassifyPlugin(BeetsPlugin):
    def __init__(self):
        super().__init__()
        self.config.add({
            "auto": False,
            "set_genre": "empty",
            "min_confidence": DEFAULT_MIN_CONFIDENCE,
            # the genre as the model's label ("hip-hop"), not its display
            # name ("Hip-Hop")
            "model_labels": False,
            # top two genres less than this apart: uncertain, genre not set
            "uncertain_margin": 0.0,
            "command": "genreclassify-tag",
            # empty: the one beside command, else on PATH
            "train_command": "",
            # a model.ini; "trained": the one genreclassify-train stored;
            # empty: the default model
            "model": "",
            "window": 0,
            "hop": 0,
            "min_window": 0,
            "jobs": 0,
            "cache": True,
            # a demonstration model's labels are not genres: refused
            # unless this is set (tests)
            "allow_demo_model": False,
        })
        self.item_types = {"genre_confidence": types.Float(4)}
        # Stored in files where genreclassify-tag --write puts it: a Vorbis
        # comment, an ID3v2 COMM frame described GENRE_DISTRIBUTION.
        self.add_media_field("genre_distribution", MediaField(
            MP3DescStorageStyle("GENRE_DISTRIBUTION", key="COMM"),
            MP4StorageStyle("----:com.apple.iTunes:GENRE_DISTRIBUTION"),
            StorageStyle("GENRE_DISTRIBUTION"),
            ASFStorageStyle("GENRE_DISTRIBUTION"),
        ))
        # GC_PERSON_GENRE_KEY (src/training/gc-taglib.h): a TXXX frame in
        # MP3s, as TagLib's property map reads it.
        self.add_media_field(PERSON_GENRE, MediaField(
            MP3DescStorageStyle("GENRE_PERSON"),
            MP4StorageStyle("----:com.apple.iTunes:GENRE_PERSON"),
            StorageStyle("GENRE_PERSON"),
            ASFStorageStyle("GENRE_PERSON"),
        ))
        # Items the import stage changed, to be written once the importer
        # has put the files in place.
        self._imported_changed = set()
        if self.config["auto"].get(bool):
            self.import_stages = [self.imported]
            self.register_listener("import_task_files", self.import_files)

    # ---- configuration -------------------------------------------------

    def _policy(self, set_genre=None, min_confidence=None):
        try:
            return Policy(
                set_genre or self.config["set_genre"].as_choice(
                    SET_GENRE_MODES),
                self.config["min_confidence"].as_number()
                if min_confidence is None else min_confidence,
                self.config["model_labels"].get(bool))
        except ValueError as e:
            raise ui.UserError("genreclassify: %s" % e)

    def _model(self):
        """The model option, "trained" resolved."""
        model = self.config["model"].as_str()
        if model != TRAINED_MODEL:
            return model
        path = trained_model_path()
        if not os.path.exists(path):
            raise ui.UserError(
                "genreclassify: model: %s names the model beet "
                "genreclassify-train stores, and there is none yet (%s): "
                "run beet genreclassify-train first" % (TRAINED_MODEL, path))
        return path

    def _analyser(self, jobs=None):
        c = self.config
        try:
            return Analyser(
                command=c["command"].as_str(), model=self._model(),
                window=c["window"].as_number(), hop=c["hop"].as_number(),
                min_window=c["min_window"].as_number(),
                uncertain_margin=c["uncertain_margin"].as_number(),
                jobs=c["jobs"].get(int) if jobs is None else jobs,
                cache=c["cache"].get(bool),
                allow_demo_model=c["allow_demo_model"].get(bool))
        except AnalysisError as e:
            raise ui.UserError(str(e))

    # ---- the command ---------------------------------------------------

    def commands(self):
        cmd = ui.Subcommand(
            "genreclassify",
            help="set the genre of items from their audio (genreclassify)")
        cmd.parser.add_option(
            "-p", "--pretend", action="store_true",
            help="show the results, change nothing")
        cmd.parser.add_option(
            "-w", "--write", action="store_true", default=None,
            help="write new metadata to files' tags (default)")
        cmd.parser.add_option(
            "-W", "--nowrite", action="store_false", dest="write",
            help="don't write metadata (opposite of -w)")
        cmd.parser.add_option(
            "-j", "--jobs", type="int", default=None,
            help="files analysed at once (default: one per processor)")
        cmd.parser.add_option(
            "-g", "--set-genre", choices=SET_GENRE_MODES, default=None,
            help="when to set the genre field: empty (only where it is "
            "empty), always, never (default: the set_genre option)")
        cmd.parser.add_option(
            "-c", "--min-confidence", type="float", default=None,
            help="store nothing for an item below this confidence")
        cmd.func = self._command

        train = ui.Subcommand(
            "genreclassify-train",
            help="train a model of the library's own genres (genreclassify)")
        train.parser.usage += " [QUERY]\n\nThe items' genre is the label and their " \
            "album artist (else artist, else folder) the group, by the " \
            "rules of genreclassify-train --labels-from-tags.  The model " \
            "is stored in the beets configuration folder; \"model: " \
            "trained\" uses it."
        train.parser.add_option(
            "--genre-map", metavar="FILE",
            help="merge or rename genres by this file's \"From<TAB>To\" "
            "or \"From = To\" lines")
        train.parser.add_option(
            "--min-artists", type="int", metavar="N",
            help="leave out genres of fewer artists (the trainer's "
            "default: 3)")
        train.parser.add_option(
            "-j", "--jobs", type="int", default=None,
            help="files decoded at once (default: the jobs option, else one "
            "per processor)")
        train.parser.add_option(
            "--trainer-options", metavar="\"OPTIONS\"", default="",
            help="more genreclassify-train options, e.g. \"--window 10 "
            "--genre-values skip\"")
        train.func = self._train_command
        return [cmd, train]

    def _train_command(self, lib, opts, args):
        c = self.config
        try:
            trainer = training.find_trainer(c["train_command"].as_str(),
                                            c["command"].as_str())
        except AnalysisError as e:
            raise ui.UserError(str(e))
        items = list(lib.items(ui.decargs(args)))
        lines, left_out = training.list_lines(
            (item.path, item.get("genre"), _artist(item),
             item.get("genre_distribution"), item.get(PERSON_GENRE))
            for item in items)
        ui.print_("genreclassify-train: %d item(s): %d with a genre of "
                  "their own, %s" % (len(items), len(lines),
                                     training.describe_left_out(left_out)))
        if not lines:
            raise ui.UserError(
                "genreclassify-train: no item to learn from (an item counts "
                "as tagged by genreclassify when its genre_distribution "
                "names its genre first)")
        options = []
        if opts.genre_map:
            options += ["--genre-map", os.path.expanduser(opts.genre_map)]
        if opts.min_artists is not None:
            options += ["--min-artists", str(opts.min_artists)]
        jobs = c["jobs"].get(int) if opts.jobs is None else opts.jobs
        if jobs:
            options += ["--jobs", str(jobs)]
        if not c["cache"].get(bool):
            options.append("--no-cache")
        options += shlex.split(opts.trainer_options)
        path = trained_model_path()
        # Kept: what the last run learnt from (genreclassify-eval --cv
        # reads it too).
        list_path = training.list_path_beside(path)
        status = training.train(trainer, lines, path, list_path, options)
        if status != 0:
            raise ui.UserError(
                "genreclassify-train failed (exit status %d); %s" % (
                    status, "the previous model is kept"
                    if os.path.exists(path) else "no model was written"))
        ui.print_("genreclassify-train: the model is %s (learnt from "
                  "%s)\n"
                  "Use it with this in the beets configuration (beet config "
                  "-e):\n  genreclassify:\n    model: %s\nthen: beet "
                  "genreclassify [QUERY]" % (path, list_path, TRAINED_MODEL))

    def _command(self, lib, opts, args):
        policy = self._policy(opts.set_genre, opts.min_confidence)
        analyser = self._analyser(opts.jobs)
        write = ui.should_write(opts.write)
        items = list(lib.items(ui.decargs(args)))
        counts = self._analyse(items, analyser, policy, pretend=opts.pretend,
                               write=write)
        ui.print_("genreclassify: %d item(s): %d stored, %d unchanged, "
                  "%d skipped%s" % (len(items), counts["stored"],
                                    counts["unchanged"], counts["skipped"],
                                    " (pretend)" if opts.pretend else ""))

    # ---- on import -----------------------------------------------------

    def imported(self, session, task):
        """Import stage: stores the fields (the importer reloads the items
        from the database after each stage).  The files are written later,
        in import_files(), where a copying import has made its copies."""
        items = list(task.imported_items())
        if items:
            self._analyse(items, self._analyser(), self._policy(),
                          pretend=False, write=False,
                          changed=self._imported_changed)

    def import_files(self, session, task):
        """After the importer's file operations: writes the tags of the
        items the stage changed, as the importer's ``write`` option says,
        unless the importer has just written them itself (it does when it
        applies a match, not for an as-is import)."""
        importer_wrote = task.apply or task.choice_flag == action.RETAG
        for item in task.imported_items():
            if item.id not in self._imported_changed:
                continue
            self._imported_changed.discard(item.id)
            if session.config["write"] and not importer_wrote:
                item.try_write()
                item.store()  # the file's new mtime

    # ---- the work ------------------------------------------------------

    def _analyse(self, items, analyser, policy, pretend, write,
                 changed=None):
        """Analyses ITEMS and applies POLICY to each.  Each changed item is
        written (with WRITE) and then stored as soon as its result comes,
        so that an interrupted run keeps what it has done.  The ids of the
        changed items are added to CHANGED."""
        counts = {"stored": 0, "unchanged": 0, "skipped": 0}
        by_path = {}
        for item in items:
            by_path.setdefault(item.path, []).append(item)
        done = 0
        try:
            for path, result in analyser.run(list(by_path)):
                for item in by_path[path]:
                    done += 1
                    what = self._apply(item, result, policy, pretend, write)
                    counts[what[0]] += 1
                    if what[0] == "stored" and changed is not None:
                        changed.add(item.id)
                    line = "[%d/%d] %s: %s" % (done, len(items), item, what[1])
                    if what[0] == "skipped":
                        self._log.warning("{0}", line)
                    else:
                        self._log.info("{0}", line)
        except AnalysisError as e:
            raise ui.UserError(str(e))
        return counts

    def _apply(self, item, result, policy, pretend, write):
        """Returns (outcome, text): outcome is stored, unchanged or
        skipped.  An item gets all three fields or none of them."""
        decision = policy.decide(result, item.get("genre", ""),
                                 item.get("genre_distribution"),
                                 item.get(PERSON_GENRE))
        if not decision.store:
            return "skipped", "skipped: %s" % decision.reason
        summary = "%s (confidence %.4f) %s" % (
            result.display_genre, result.confidence,
            result.distribution_string())
        if decision.genre is not None and decision.genre != item.get("genre"):
            summary += "; genre %s -> %s" % (item.get("genre") or "(empty)",
                                             decision.genre)
        if decision.reason:
            summary += "; %s" % decision.reason
        if pretend:
            return "unchanged", "would store " + summary
        new = {"genre_distribution": result.distribution_string(),
               "genre_confidence": result.confidence}
        if decision.genre is not None:
            new["genre"] = decision.genre
            if item.get(PERSON_GENRE):
                # the genre is now the plugin's: no record says otherwise
                # (an empty value, so that the file's copy is emptied too)
                new[PERSON_GENRE] = ""
        elif (item.get("genre") or "").strip():
            # Whose the genre is, once the distribution beside it no
            # longer tells (it may name the same genre first).
            new[PERSON_GENRE] = item.get("genre")
        if not _differs(item, new):
            return "unchanged", "unchanged " + summary
        item.update(new)
        # Tags first: if the file cannot be written, the library is not
        # changed either (try_write logs beets' own error).
        if write and not item.try_write():
            return "skipped", "skipped: its tags could not be written"
        item.store()
        return "stored", summary


def _artist(item):
    """The item's group for the trainer (training.group(): album artist,
    else artist; the artist first on a compilation, such as beets'
    "Various Artists" albums)."""
    return training.group(item.get("albumartist"), item.get("artist"),
                          bool(item.get("comp")))


def _differs(item, values):
    """Whether storing VALUES would change ITEM (beets marks every
    assignment to an item dirty; the database keeps 15 digits of a float)."""
    for key, value in values.items():
        old = item.get(key)
        if isinstance(value, float):
            if old is None or abs(float(old) - value) > 1e-9:
                return True
        elif old != value:
            return True
    return False
