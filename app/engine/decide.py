"""Decide: turn the decoder's choices into edits with calibrated confidence.

The decoder's posterior is a good ranking but a poor probability (the language model is overconfident, and
it knows nothing of which thesaurus the spinner used). A small logistic model over a few features of each
choice, fitted by ``scripts/train_calibration.py`` on text spun by several spinners of our own, turns it into a
confidence that is right about as often as it says. Without the fitted weights the posterior is used as is.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from app.engine.decode import Choice
from app.engine.lm import LanguageModel
from app.engine.types import Alternative, Edit, Source

CALIBRATION_FILE = "calibration.json"
FEATURES = (
    "bias",
    "logit_posterior",
    "channel_prior",
    "unigram_gain",
    "from_phrases",
    "from_user",
    "spun_words",
    "length_change",
    "log_rate",
    "seen_in_document",
    "logit_keep",
    "runner_up",
    "spun_unigram",
    "original_unigram",
    "topic_gain",
    "neural_gain",
)


def _logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


def choice_features(c: Choice, lm: LanguageModel, rate: float, doc_words: Counter[str]) -> dict[str, float]:
    """What the calibrator looks at for one choice: all cheap, all available at run time."""
    cand = c.scored.candidate
    spun = cand.span.text.lower().split()
    orig = list(c.scored.words)
    spun_uni = sum(lm.unigram_logprob(w) for w in spun) / len(spun)
    orig_uni = sum(lm.unigram_logprob(w) for w in orig) / len(orig)
    return {
        "bias": 1.0,
        "logit_posterior": _logit(c.confidence),
        "channel_prior": cand.prior,
        "unigram_gain": orig_uni - spun_uni,
        "from_phrases": float(cand.source is Source.PHRASE),
        "from_user": float(cand.source in (Source.FEEDBACK, Source.PROFILE)),
        "spun_words": float(len(spun)),
        "length_change": float(len(orig) - len(spun)),
        "log_rate": math.log(rate),
        "seen_in_document": float(doc_words.get(" ".join(orig), 0) > 0),
        "logit_keep": _logit(c.keep_share),
        "runner_up": max((p for _r, p, _s in c.alternatives), default=0.0),
        "spun_unigram": spun_uni / 10,
        "original_unigram": orig_uni / 10,
        "topic_gain": c.scored.topic,
        "neural_gain": c.scored.neural / 10,
    }


@dataclass(frozen=True, slots=True)
class Calibrator:
    weights: dict[str, float]

    @classmethod
    def load(cls, directory: Path) -> Calibrator | None:
        path = directory / CALIBRATION_FILE
        if not path.is_file():
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls({k: float(v) for k, v in data["weights"].items()})

    def confidence(self, features: dict[str, float]) -> float:
        z = sum(self.weights.get(k, 0.0) * v for k, v in features.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def decide(
    choices: Sequence[Choice],
    lm: LanguageModel,
    rate: float,
    doc_words: Counter[str],
    calibrator: Calibrator | None,
    max_alternatives: int,
) -> list[Edit]:
    """Edits for every choice, at any confidence (the caller applies the threshold)."""
    edits: list[Edit] = []
    for c in choices:
        cand = c.scored.candidate
        conf = c.confidence
        if calibrator is not None and cand.source not in (Source.FEEDBACK,):
            conf = calibrator.confidence(choice_features(c, lm, rate, doc_words))
        alts = tuple(Alternative(r, round(p, 4), src) for r, p, src in c.alternatives[:max_alternatives])
        edits.append(
            Edit(
                cand.span.start,
                cand.span.end,
                cand.span.text,
                cand.replacement,
                round(conf, 4),
                str(cand.source),
                alts,
            )
        )
    return edits
