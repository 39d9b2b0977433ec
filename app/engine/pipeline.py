"""The pipeline, stage by stage. Temporary identity implementation while the stages are built."""

from __future__ import annotations

import time

from app.engine.render import apply_edits
from app.engine.tokens import tokenize, word_indices
from app.engine.types import Detection, Repair, RepairOptions
from app.resources import Resources


def run_repair(text: str, options: RepairOptions, res: Resources) -> Repair:
    t0 = time.perf_counter()
    tokens = tokenize(text)
    edits: tuple = ()
    out = apply_edits(text, edits)
    words = len(word_indices(tokens))
    return Repair(text, out, edits, 0.0, {"words": words, "elapsed_ms": (time.perf_counter() - t0) * 1000})


def run_detect(text: str, options: RepairOptions, res: Resources) -> Detection:
    tokens = tokenize(text)
    return Detection(0.0, (), len(word_indices(tokens)))
