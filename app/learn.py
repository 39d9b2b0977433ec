"""``unspin learn``: mine a spinner's swap pairs from a collection of its documents into a profile.

A site that republishes hundreds of spun articles uses one spinner, and that spinner reuses its thesaurus. Two
kinds of evidence are mined:

* parallel cases (JSONL with ``spun`` and ``original``): the aligned differences are counted directly;
* spun text alone (``.txt`` files, or JSONL with ``text``/``spun``): each document is decoded with a loose
  threshold and the restorations that recur across documents, on words the corpus over-uses relative to
  ordinary English (wordfreq), are kept.

The profile is a phrase-dictionary TSV (``spun<TAB>original<TAB>logp<TAB>evidence``) that ``repair --profile``
applies with extra trust. Since session 12 it also carries the site's source weights (the thesauri and the
phrase dictionary), the mean over its decoded documents of the weights each one's spinner seemed to use
(``score.thesaurus_fit``), in a comment line (``# thesauri: moby=0.07 mythes=0.14 phrases=0.13 wn=0.67``): a
repair with the profile shrinks each document's own estimate towards the site's instead of towards equal
weights.
"""

from __future__ import annotations

import argparse
import difflib
import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


@dataclass(frozen=True, slots=True)
class MinedPair:
    spun: str
    original: str
    count: int
    documents: int
    logp: float
    evidence: str


def _documents(paths: list[Path]) -> Iterator[tuple[str, str | None]]:
    """(spun text, original or None) from .txt files, folders and JSONL files."""
    from app.errors import CliError

    files: list[Path] = []
    for p in paths:
        if p.is_dir():
            files.extend(sorted(x for x in p.rglob("*") if x.suffix in (".txt", ".jsonl")))
        elif p.is_file():
            files.append(p)
        else:
            raise CliError(f"{p}: no such file or folder")
    for f in files:
        try:
            text = f.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise CliError(f"{f}: not valid UTF-8") from None
        if f.suffix != ".jsonl":
            yield text, None
            continue
        for n, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError:
                raise CliError(f"{f}:{n}: not JSON") from None
            spun = row.get("spun", row.get("text")) if isinstance(row, dict) else None
            if not isinstance(spun, str):
                raise CliError(f"{f}:{n}: needs a 'spun' or 'text' string field")
            original = row.get("original")
            yield spun, original if isinstance(original, str) else None


def aligned_pairs(spun: str, original: str) -> Iterator[tuple[str, str]]:
    """Word-level differences between a spun text and its original, as lower-cased phrase pairs."""
    a = [m.group().lower() for m in _WORD.finditer(spun)]
    b = [m.group().lower() for m in _WORD.finditer(original)]
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "replace" and i2 - i1 <= 4 and j2 - j1 <= 4:
            yield " ".join(a[i1:i2]), " ".join(b[j1:j2])


@dataclass(frozen=True, slots=True)
class Mined:
    pairs: list[MinedPair]
    thesauri: dict[str, float]  # mean thesaurus weights of the decoded documents (empty if none was decoded)


def mine(paths: list[Path], min_count: int, profile: str | None = None) -> Mined:
    """Pairs with evidence counts, and the site's thesaurus weights. Spun-only documents are decoded with
    ``profile`` (an earlier round's profile) when given, so a second round builds on the first."""
    from app import repair
    from app.engine.types import RepairOptions

    counts: Counter[tuple[str, str]] = Counter()
    docs_with: dict[tuple[str, str], set[int]] = defaultdict(set)
    conf_sum: defaultdict[tuple[str, str], float] = defaultdict(float)
    word_counts: Counter[str] = Counter()
    weights: Counter[str] = Counter()
    decoded = 0
    loose = RepairOptions(min_confidence=0.3, ocr=False, profile=profile)
    for d, (spun, original) in enumerate(_documents(paths)):
        if original is not None:
            for pair in aligned_pairs(spun, original):
                counts[pair] += 1
                docs_with[pair].add(d)
                conf_sum[pair] += 1.0
            continue
        word_counts.update(m.group().lower() for m in _WORD.finditer(spun))
        result = repair(spun, loose)
        if result.thesauri:
            decoded += 1
            weights.update(result.thesauri)
        for e in result.edits:
            pair = (e.original.lower(), e.replacement.lower())
            counts[pair] += 1
            docs_with[pair].add(d)
            conf_sum[pair] += e.confidence
    overuse = _overuse(word_counts)
    out: list[MinedPair] = []
    for pair, n in counts.items():
        docs = len(docs_with[pair])
        if n < min_count:
            continue
        mean_conf = conf_sum[pair] / n
        boost = overuse.get(pair[0].split(" ")[0], 0.0)
        score = mean_conf * (1 - math.exp(-docs / 2)) * (1.0 if not word_counts else min(1.0, 0.5 + boost))
        if score < 0.3:
            continue
        out.append(
            MinedPair(
                pair[0],
                pair[1],
                n,
                docs,
                round(math.log(max(score, 1e-3)), 3),
                f"count={n};docs={docs};mean_conf={mean_conf:.2f}",
            )
        )
    thesauri = {t: round(w / decoded, 4) for t, w in weights.items()} if decoded else {}
    return Mined(sorted(out, key=lambda p: (-p.count, p.spun)), thesauri)


def _overuse(word_counts: Counter[str]) -> dict[str, float]:
    """How much more often than ordinary English each word appears here (0 = as expected, 1 = 20× or more)."""
    if not word_counts:
        return {}
    from wordfreq import word_frequency

    total = sum(word_counts.values())
    out: dict[str, float] = {}
    for w, c in word_counts.items():
        expected = word_frequency(w, "en") or 1e-8
        out[w] = max(0.0, min(1.0, math.log((c / total) / expected) / math.log(20)))
    return out


def write_profile(pairs: list[MinedPair], out: Path, thesauri: dict[str, float] | None = None) -> None:
    """Atomically write the profile TSV (temp file + rename): a killed run never leaves half a profile."""
    import os
    import tempfile

    from app.engine.lexicon import THESAURI_LINE

    lines = ["# unspin profile: spun<TAB>original<TAB>logp<TAB>evidence (written by 'unspin learn')"]
    if thesauri:
        lines.append(THESAURI_LINE + "".join(f" {t}={w}" for t, w in sorted(thesauri.items())))
    lines += [f"{p.spun}\t{p.original}\t{min(0.0, p.logp)}\t{p.evidence}" for p in pairs]
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, out)


def run_learn(args: argparse.Namespace) -> int:
    from app.errors import CliError

    out = Path(args.out)
    sources = [Path(c) for c in args.corpus]
    if any(out.resolve() == s.resolve() for s in sources):
        raise CliError(f"{out}: refusing to overwrite an input")
    mined = mine(sources, args.min_count, args.profile)
    write_profile(mined.pairs, out, mined.thesauri)
    weights = ", ".join(f"{t} {w:.2f}" for t, w in sorted(mined.thesauri.items(), key=lambda kv: -kv[1]))
    print(f"unspin: wrote {len(mined.pairs)} pairs to {out}" + (f" (thesauri: {weights})" if weights else ""))
    return 0
