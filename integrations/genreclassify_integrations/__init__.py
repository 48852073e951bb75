# genreclassify — code shared by the beets and Quod Libet plugins
# SPDX-License-Identifier: GPL-2.0-or-later
"""What the music-library plugins of genreclassify have in common.

``analysis`` runs ``genreclassify-tag`` (the project's own analysis: the
plugins never compute a genre themselves) and turns its JSON lines into
``Result`` objects; ``policy`` decides, in one place, what a host stores
from a result; ``training`` hands a library's own genres to
``genreclassify-train``.  Neither module imports beets, Quod Libet or GStreamer.
"""

from .analysis import AnalysisError, Analyser, Result, find_command
from .policy import (DEFAULT_MIN_CONFIDENCE, Decision, Policy,
                     SET_GENRE_MODES)
from . import training

__all__ = ["AnalysisError", "Analyser", "Result", "find_command", "Decision",
           "Policy", "SET_GENRE_MODES", "DEFAULT_MIN_CONFIDENCE",
           "training"]
