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
import sys
import zlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.engine.types import SiteProfile, Source

if TYPE_CHECKING:
    from app.batch.formats import Doc
    from app.engine.types import Repair

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
    """(spun text, original or None) from files and folders in every format ``unspin batch`` reads: plain
    text, JSONL (``spun`` or ``text``, with ``original`` when the case has one) and WARC (the same text and HTML
    response records that ``batch`` repairs; HTML pages as their visible text), each plain or gzip/bz2/zstd-compressed."""
    from app.batch.compress import compression_of
    from app.batch.plan import format_of
    from app.errors import CliError

    files: list[tuple[Path, str]] = []
    for p in paths:
        if p.is_dir():
            found = sorted(x for x in p.rglob("*") if x.is_file() and format_of(x.name, None))
            files.extend((x, str(format_of(x.name, None))) for x in found)
        elif p.is_file():
            files.append((p, format_of(p.name, None) or "txt"))  # a file named outright: text unless known
        else:
            raise CliError(f"{p}: no such file or folder")
    for f, fmt in files:
        compression = compression_of(f.name)
        try:
            if fmt == "warc":
                yield from ((text, None) for text in _warc_texts(f, compression))
            else:
                yield from _text_documents(f, fmt, _read_text(f, compression))
        except (OSError, EOFError, zlib.error) as e:
            raise CliError(f"{f}: cannot read ({e})") from None


def _read_text(path: Path, compression: str | None) -> str:
    from app.batch.compress import open_read
    from app.errors import CliError

    with open_read(path, compression) as f:
        data = f.read()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise CliError(f"{path}: not valid UTF-8") from None


SKIPPED_SHOWN = 5  # lines named one by one on stderr; the rest are counted


def _text_documents(f: Path, fmt: str, text: str) -> Iterator[tuple[str, str | None]]:
    """A text file's one document, or a JSONL file's rows. A row that is not JSON or has no text is skipped
    and named on stderr, as ``unspin batch`` notes it and goes on: one bad line of a large dump must not
    lose the whole run."""
    if fmt != "jsonl":
        yield text, None
        return
    skipped = 0
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError:
            row = None
        spun = row.get("spun", row.get("text")) if isinstance(row, dict) else None
        if not isinstance(spun, str):
            skipped += 1
            if skipped <= SKIPPED_SHOWN:
                why = "not JSON" if row is None else "no 'spun' or 'text' string field"
                print(f"unspin: {f}:{n}: skipped ({why})", file=sys.stderr)
            continue
        original = row.get("original") if isinstance(row, dict) else None
        yield spun, original if isinstance(original, str) else None
    if skipped > SKIPPED_SHOWN:
        print(f"unspin: {f}: {skipped} lines skipped in all", file=sys.stderr)


class _Collect:
    """An analyzer for ``unspin batch``'s WARC reader that keeps each record's text instead of repairing it."""

    detect_only = True

    def __init__(self) -> None:
        self.texts: list[str] = []

    def __call__(self, text: str, doc_id: str) -> tuple[None, Doc]:
        from app.batch.formats import Doc

        self.texts.append(text)
        return None, Doc(doc_id, 0, 0, 0.0)


def _warc_texts(path: Path, compression: str | None) -> Iterator[str]:
    from app.batch.compress import open_read
    from app.batch.formats import FileProblem
    from app.batch.warc import warc_units
    from app.errors import CliError

    try:
        for unit in warc_units(lambda: open_read(path, compression), path.name, False):
            collect = _Collect()
            unit(collect)
            yield from collect.texts
    except FileProblem as e:
        raise CliError(f"{path}: {e}") from None


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


LOOSE_CONFIDENCE = 0.3  # ``unspin learn`` decodes spun-only documents at this threshold
MAX_WORD_TYPES = 50_000  # past this many word types, a site's rarest words are dropped from its counts


@dataclass
class SiteEvidence:
    """What a site's documents show about its spinner, added up one document at a time: every restoration
    (spun → original) with how often, in how many documents and how confidently it was made, the words the
    site uses (to tell a spinner's favourite words from ordinary English), and the mean source weights of its
    decoded documents. ``unspin learn`` fills one from a corpus; the service keeps one per site
    (``app.sites``) and feeds it each document a crawler sends."""

    counts: Counter[tuple[str, str]] = field(default_factory=Counter)
    documents_with: Counter[tuple[str, str]] = field(default_factory=Counter)
    confidence: defaultdict[tuple[str, str], float] = field(default_factory=lambda: defaultdict(float))
    words: Counter[str] = field(default_factory=Counter)
    weights: defaultdict[str, float] = field(
        default_factory=lambda: defaultdict(float)
    )  # summed over documents
    decoded: int = 0
    documents: int = 0

    def add_parallel(self, spun: str, original: str) -> None:
        """A case with its original: its aligned differences count as sure restorations."""
        self.documents += 1
        self._count_pairs((pair, 1.0) for pair in aligned_pairs(spun, original))

    def add_repair(self, spun: str, result: Repair) -> None:
        """A spun document and unspin's repair of it: its restorations are evidence, weighed by confidence."""
        self.documents += 1
        self.words.update(m.group().lower() for m in _WORD.finditer(spun))
        self._bound_words()
        if result.thesauri:
            self.decoded += 1
            for t, w in result.thesauri.items():
                self.weights[t] += w
        self._count_pairs(_restorations(result))

    def add(self, other: SiteEvidence) -> None:
        """Add another's counts to these: one document's, or what another process learned of the same site."""
        self.counts.update(other.counts)
        self.documents_with.update(other.documents_with)
        for pair, c in other.confidence.items():
            self.confidence[pair] += c
        self.words.update(other.words)
        self._bound_words()
        for t, w in other.weights.items():
            self.weights[t] += w
        self.decoded += other.decoded
        self.documents += other.documents

    def _count_pairs(self, weighted: Iterable[tuple[tuple[str, str], float]]) -> None:
        """One document's (pair, confidence) restorations: each counted, and its document once."""
        seen: set[tuple[str, str]] = set()
        for pair, confidence in weighted:
            self.counts[pair] += 1
            self.confidence[pair] += confidence
            seen.add(pair)
        self.documents_with.update(seen)

    def _bound_words(self) -> None:
        """Bounded memory: past ``MAX_WORD_TYPES``, drop the rarest words (they cannot look over-used)."""
        floor = 1
        while len(self.words) > MAX_WORD_TYPES:
            for rare in [word for word, c in self.words.items() if c <= floor]:
                del self.words[rare]
            floor += 1

    def to_json(self) -> dict[str, Any]:
        """Plain JSON data (pairs as [spun, original, value] rows); ``from_json`` reads it back."""
        return {
            "documents": self.documents,
            "decoded": self.decoded,
            "counts": _rows(self.counts),
            "documents_with": _rows(self.documents_with),
            "confidence": _rows(self.confidence),
            "words": dict(self.words),
            "weights": dict(self.weights),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> SiteEvidence:
        """``to_json``'s data back; KeyError, TypeError or ValueError if it is not that."""
        confidence: defaultdict[tuple[str, str], float] = defaultdict(float)
        for s, o, v in data["confidence"]:
            confidence[(str(s), str(o))] = float(v)
        return cls(
            counts=Counter({(str(s), str(o)): int(v) for s, o, v in data["counts"]}),
            documents_with=Counter({(str(s), str(o)): int(v) for s, o, v in data["documents_with"]}),
            confidence=confidence,
            words=Counter({str(k): int(v) for k, v in data["words"].items()}),
            weights=defaultdict(float, {str(k): float(v) for k, v in data["weights"].items()}),
            decoded=int(data["decoded"]),
            documents=int(data["documents"]),
        )

    def mined(self, min_count: int) -> Mined:
        """The pairs worth a profile: seen at least ``min_count`` times, in several documents, confidently, and
        (for spun text) on words the site over-uses against ordinary English."""
        candidates = [(pair, n) for pair, n in self.counts.items() if n >= min_count]
        overuse = _overuse(self.words, {pair[0].split(" ")[0] for pair, _n in candidates})
        out: list[MinedPair] = []
        for pair, n in candidates:
            docs = self.documents_with[pair]
            mean_conf = self.confidence[pair] / n
            boost = overuse.get(pair[0].split(" ")[0], 0.0)
            score = mean_conf * (1 - math.exp(-docs / 2)) * (1.0 if not self.words else min(1.0, 0.5 + boost))
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
        d = self.decoded
        thesauri = {t: round(w / d, 4) for t, w in self.weights.items()} if d else {}
        return Mined(sorted(out, key=lambda p: (-p.count, p.spun)), thesauri)

    def profile(self, name: str, min_count: int) -> SiteProfile:
        """``mined`` as the plain data ``RepairOptions.site`` takes (priors as ``write_profile`` writes them)."""
        m = self.mined(min_count)
        return SiteProfile(
            name,
            tuple((p.spun, p.original, min(0.0, p.logp)) for p in m.pairs),
            tuple(sorted(m.thesauri.items())),
            self.documents,
        )


def _restorations(result: Repair) -> Iterator[tuple[tuple[str, str], float]]:
    """(spun, original) pairs of a repair with their confidence. A leftover spintax group is not a pair
    itself, but it lists the spinner's own alternatives for a word: each other option → the chosen one."""
    for e in result.edits:
        if e.source != Source.SPINTAX:
            yield (e.original.lower(), e.replacement.lower()), e.confidence
            continue
        chosen = e.replacement.strip().lower()
        for a in e.alternatives:
            other = a.replacement.strip().lower()
            if other and chosen and other != chosen:
                yield (other, chosen), e.confidence


def _rows(c: Mapping[tuple[str, str], float]) -> list[list[object]]:
    return [[s, o, v] for (s, o), v in c.items()]


def mine(paths: list[Path], min_count: int, profile: str | None = None) -> Mined:
    """Pairs with evidence counts, and the site's thesaurus weights. Spun-only documents are decoded with
    ``profile`` (an earlier round's profile) when given, so a second round builds on the first."""
    from app import repair
    from app.engine.types import RepairOptions

    evidence = SiteEvidence()
    loose = RepairOptions(min_confidence=LOOSE_CONFIDENCE, ocr=False, profile=profile)
    for spun, original in _documents(paths):
        if original is not None:
            evidence.add_parallel(spun, original)
        else:
            evidence.add_repair(spun, repair(spun, loose))
    return evidence.mined(min_count)


def _overuse(word_counts: Counter[str], wanted: set[str]) -> dict[str, float]:
    """How much more often than ordinary English each ``wanted`` word appears here (0 = as expected, 1 = 20×
    or more); only the words a pair starts with are asked, so a large site's vocabulary costs nothing."""
    if not word_counts:
        return {}
    from wordfreq import word_frequency

    total = sum(word_counts.values())
    out: dict[str, float] = {}
    for w in wanted:
        c = word_counts.get(w, 0)
        if not c:
            continue
        expected = word_frequency(w, "en") or 1e-8
        out[w] = max(0.0, min(1.0, math.log((c / total) / expected) / math.log(20)))
    return out


def profile_text(mined: Mined) -> str:
    """The profile TSV that ``repair --profile`` reads: the site's source weights in a comment line, then
    ``spun<TAB>original<TAB>logp<TAB>evidence`` per pair (``unspin learn`` writes it; the service serves a
    learned site's as ``GET /v1/sites/{name}/profile``)."""
    from app.engine.lexicon import THESAURI_LINE

    lines = ["# unspin profile: spun<TAB>original<TAB>logp<TAB>evidence (written by 'unspin learn')"]
    if mined.thesauri:
        lines.append(THESAURI_LINE + "".join(f" {t}={w}" for t, w in sorted(mined.thesauri.items())))
    lines += [f"{p.spun}\t{p.original}\t{min(0.0, p.logp)}\t{p.evidence}" for p in mined.pairs]
    return "\n".join(lines) + "\n"


def write_profile(pairs: list[MinedPair], out: Path, thesauri: dict[str, float] | None = None) -> None:
    """Atomically write the profile TSV (temp file + rename): a killed run never leaves half a profile."""
    from app.atomic import write_text_atomic

    write_text_atomic(out, profile_text(Mined(pairs, thesauri or {})))


def run_learn(args: argparse.Namespace) -> int:
    from app.batch.plan import check_file_target
    from app.errors import CliError

    out = Path(args.out)
    sources = [Path(c) for c in args.corpus]
    for s in sources:
        if not s.exists():
            raise CliError(f"{s}: no such file or folder")
    check_file_target(out, sources, "--out")
    mined = mine(sources, args.min_count, args.profile)
    write_profile(mined.pairs, out, mined.thesauri)
    weights = ", ".join(f"{t} {w:.2f}" for t, w in sorted(mined.thesauri.items(), key=lambda kv: -kv[1]))
    print(f"unspin: wrote {len(mined.pairs)} pairs to {out}" + (f" (thesauri: {weights})" if weights else ""))
    return 0
