# genreclassify — what the library plugins store from an analysis
# SPDX-License-Identifier: GPL-2.0-or-later
"""The one place where a result is accepted or refused.

Both hosts (beets, Quod Libet) ask ``Policy.decide()`` and store exactly
what it answers: either nothing, or the distribution and the confidence,
plus the genre when the decision carries one.  A new rule belongs in
``decide()``, and then holds for every host.  One such rule: an answer
``genreclassify-tag`` calls uncertain (its ``--uncertain-margin``, the
element's ``uncertain-margin``: no genre clearly ahead) stores the
distribution but never sets the genre, so that a guess is not written.
"""

import unicodedata

# set_genre: when the genre field itself is set.
SET_GENRE_MODES = ("empty", "always", "never")

# Below this confidence nothing is stored: genreclassify-tag --write's
# default, GC_TAG_DEFAULT_MIN_CONFIDENCE (src/cli/gc-tag-write.h), which
# its --help shows; tests/integrations/test-shared.py checks that the two
# agree, so a new value there fails the tests until it is copied here.
DEFAULT_MIN_CONFIDENCE = 0.5


class Decision:
    """``store``: store the analysis (distribution, confidence) at all;
    ``genre``: the genre to set, or None to leave the field as it is;
    ``reason``: why something is not stored or set, for the user."""

    def __init__(self, store, genre=None, reason=""):
        self.store = store
        self.genre = genre
        self.reason = reason

    def __repr__(self):
        return "Decision(store=%r, genre=%r, reason=%r)" % (
            self.store, self.genre, self.reason)


class Policy:
    """``set_genre``: ``empty`` sets the genre only where the item has none,
    ``always`` replaces it, ``never`` leaves it (the distribution and the
    confidence are still stored).  ``min_confidence``: below it, nothing at
    all is stored.  ``model_labels``: the genre set is the model's label
    ("hip-hop") instead of its display name ("Hip-Hop"); the distribution
    always keeps the labels."""

    def __init__(self, set_genre="empty",
                 min_confidence=DEFAULT_MIN_CONFIDENCE, model_labels=False):
        if set_genre not in SET_GENRE_MODES:
            raise ValueError("set_genre must be one of %s, not %r"
                             % (", ".join(SET_GENRE_MODES), set_genre))
        min_confidence = float(min_confidence)
        if not 0.0 <= min_confidence <= 1.0:
            raise ValueError("min_confidence must be between 0 and 1, not %r"
                             % min_confidence)
        self.set_genre = set_genre
        self.min_confidence = min_confidence
        self.model_labels = bool(model_labels)

    def decide(self, result, current_genre, current_distribution=None,
               current_person_genre=None):
        """What to store from RESULT (an analysis.Result) for an item whose
        genre is CURRENT_GENRE (a string, empty or None when it has none)
        and whose stored GENRE_DISTRIBUTION is CURRENT_DISTRIBUTION (None
        when it has none; CURRENT_PERSON_GENRE: is_own_genre()'s
        PERSON_GENRE).  A genre this project set is not the user's: with
        set_genre "empty" it is replaced, as genreclassify-tag does."""
        if not result.ok:
            return Decision(False, reason=result.error)
        if result.genre is None:
            return Decision(False, reason="no genre: no window of the audio "
                            "could be classified (silence, or too short)")
        if result.confidence < self.min_confidence:
            return Decision(False, reason="confidence %.4f is below "
                            "min_confidence %.4f" % (result.confidence,
                                                     self.min_confidence))
        if self.set_genre == "never":
            return Decision(True, reason="genre left as it is "
                            "(set_genre: never)")
        if result.fields.get("uncertain"):
            return Decision(True, reason="uncertain: no genre clearly ahead "
                            "(uncertain_margin), genre left as it is")
        if (self.set_genre == "empty" and (current_genre or "").strip()
                and not is_own_genre(current_genre, current_distribution,
                                     current_person_genre)):
            return Decision(True, reason="genre already set (%s) "
                            "(set_genre: empty)" % current_genre)
        return Decision(True, result.genre if self.model_labels
                        else result.display_genre)


def _spelling(name):
    """NAME as spellings compare: "Hip-Hop", "hip hop" and "HipHop" alike.
    The trainer's key (gc_tag_labels_key(), src/training/gc-tag-labels.c):
    NFC, case-folded, without white space, '-' and '_'."""
    folded = unicodedata.normalize("NFC", str(name)).casefold()
    return "".join(c for c in folded if not c.isspace() and c not in "-_")


def is_own_genre(genre, distribution, person_genre=None):
    """Whether GENRE was written by this project: the item carries a
    DISTRIBUTION ("rock=0.61;pop=0.20;...", most probable first) whose
    first label is GENRE in any spelling (the label or its display name);
    the rule of the trainer and genreclassify-tag,
    gc_tag_labels_genre_is_ours().  A genre someone changed afterwards no
    longer matches and is theirs.  PERSON_GENRE: the genre a host recorded
    as the person's when it stored an analysis and left the genre alone
    (beets' genre_person); while GENRE is still that, it is theirs even
    where the analysis agrees with it."""
    if not genre or not distribution:
        return False
    if person_genre and _spelling(person_genre) == _spelling(genre):
        return False
    top = str(distribution).split(";", 1)[0].rpartition("=")[0]
    return bool(top) and _spelling(top) == _spelling(str(genre))
