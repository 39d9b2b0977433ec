"""``unspin eval``: score repairs on JSONL cases ``{"id", "spun", "original"}``.

The metrics follow the ICDAR post-OCR convention at word level (punctuation a token of its own, case-sensitive):
err = 1 − WER(output) / WER(input); recall = share of gold edit blocks restored exactly; precision = share of the
system's edit blocks whose new words are right; false edits per 1,000 words. The identity baseline is printed
beside, so a reader sees at once whether unspin helps or harms. The document verdict (``"spun"``) is scored too:
the share of spun cases it flags and of unspun ones (``spun`` equal to ``original``) it wrongly flags.
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

if TYPE_CHECKING:
    from app.engine.types import Repair

_TOKEN = re.compile(r"\w+(?:['’]\w+)*|[^\w\s]")


def words(s: str) -> list[str]:
    return _TOKEN.findall(s)


def alignment_blocks(a: list[str], b: list[str]) -> Sequence[tuple[str, int, int, int, int]]:
    """The scorer's word alignment of ``a`` to ``b`` as difflib opcodes (``equal``, ``replace``, ...): every
    metric here, and ``bench/losses.py``, counts blocks of this alignment."""
    return difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()


def word_edit_distance(a: list[str], b: list[str]) -> int:
    """Word-level Levenshtein distance, as ``score.py`` counts it. rapidfuzz compares any sequences of hashable
    items in C; the pure-Python loop below (the scorer's own) was 85% of a run of ``unspin eval``."""
    from rapidfuzz.distance import Levenshtein

    return int(Levenshtein.distance(a, b))


def _python_edit_distance(a: list[str], b: list[str]) -> int:
    """``score.py``'s own loop, kept as the reference the fast one is tested against."""
    prev = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, y in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x != y))
        prev = cur
    return prev[-1]


def _aligned(a: list[str], b: list[str]) -> list[bool]:
    """For each word of ``b``: is it inside an equal block of the a→b alignment?"""
    ok = [False] * len(b)
    for op, _i1, _i2, j1, j2 in alignment_blocks(a, b):
        if op == "equal":
            for j in range(j1, j2):
                ok[j] = True
    return ok


def system_blocks(s: list[str], o: list[str], y: list[str]) -> tuple[int, int]:
    """(edit blocks of spun → output, how many are right): a block is right when every word it writes lines
    up with the original, or, for a pure deletion, when the gold also changed the deleted words."""
    y_ok = _aligned(o, y)
    gold_spun = {i for op, i1, i2, _j1, _j2 in alignment_blocks(s, o) if op != "equal" for i in range(i1, i2)}
    n = hit = 0
    for op, i1, i2, k1, k2 in alignment_blocks(s, y):
        if op == "equal":
            continue
        n += 1
        if k2 > k1:
            hit += all(y_ok[k] for k in range(k1, k2))
        else:
            hit += all(i in gold_spun for i in range(i1, i2))
    return n, hit


def edit_correct(spun: str, original: str, start: int, end: int, replacement: str) -> bool:
    """Is one edit right on its own, judged as the scorer judges an edit block?

    The edit alone is applied; it is right when every word it writes lines up with the original. Judging each
    edit alone matters for neighbouring swaps: fixing "stated" in "officers stated" (gold "officials said") is
    a right edit even though the other word is still spun.
    """
    n, hit = system_blocks(words(spun), words(original), words(spun[:start] + replacement + spun[end:]))
    return n > 0 and hit == n


_VERDICT_KEYS = ("spun", "spun_flagged", "clean", "clean_flagged")


@dataclass
class Tally:
    """Counts that add up over cases; the rates are computed at the end."""

    cases: int = 0
    words: int = 0
    ed_in: int = 0
    ed_out: int = 0
    gold_blocks: int = 0
    gold_hit: int = 0
    sys_blocks: int = 0
    sys_hit: int = 0
    seconds: float = 0.0
    extra: dict[str, float] = field(default_factory=dict)
    # the document verdict (``Repair.spun``), when the caller reports it: spun cases flagged, clean ones flagged
    verdicts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(_VERDICT_KEYS, 0))

    def add(self, spun: str, original: str, output: str, flagged: bool | None = None) -> dict[str, float]:
        s, o, y = words(spun), words(original), words(output)
        o_ok = _aligned(y, o)
        g_n = g_hit = 0
        for op, _i1, _i2, j1, j2 in alignment_blocks(s, o):
            if op != "equal" and j2 > j1:
                g_n += 1
                g_hit += all(o_ok[j] for j in range(j1, j2))
        s_n, s_hit = system_blocks(s, o, y)
        e_in, e_out = word_edit_distance(s, o), word_edit_distance(y, o)
        self.cases += 1
        self.words += len(o)
        self.ed_in += e_in
        self.ed_out += e_out
        self.gold_blocks += g_n
        self.gold_hit += g_hit
        self.sys_blocks += s_n
        self.sys_hit += s_hit
        if flagged is not None:
            kind = "spun" if spun != original else "clean"
            self.verdicts[kind] += 1
            self.verdicts[f"{kind}_flagged"] += flagged
        return {"words": len(o), "ed_in": e_in, "ed_out": e_out, "sys_blocks": s_n, "sys_hit": s_hit}

    def summary(self) -> dict[str, float | int | None]:
        wer_in = self.ed_in / max(1, self.words)
        wer_out = self.ed_out / max(1, self.words)
        return {
            "cases": self.cases,
            "words": self.words,
            "wer_in": round(wer_in, 4),
            "wer_out": round(wer_out, 4),
            "err": round(1 - wer_out / wer_in, 4) if wer_in else 0.0,
            "recall": round(self.gold_hit / max(1, self.gold_blocks), 4),
            "precision": round(self.sys_hit / self.sys_blocks, 4) if self.sys_blocks else None,
            "false_edits_per_kw": round(1000 * (self.sys_blocks - self.sys_hit) / max(1, self.words), 2),
            "sys_blocks": self.sys_blocks,
            "gold_blocks": self.gold_blocks,
            "words_per_s": round(self.words / self.seconds) if self.seconds else 0,
            **self._verdict_summary(),
        }

    def _verdict_summary(self) -> dict[str, float | int | None]:
        """Share of spun cases reported as spun, and of unspun ones (spun == original) wrongly so; absent when
        no verdicts were given (the identity baseline has none)."""
        v = self.verdicts
        if not v["spun"] and not v["clean"]:
            return {}
        return {
            "spun_cases_flagged": round(v["spun_flagged"] / v["spun"], 4) if v["spun"] else None,
            "clean_cases_flagged": round(v["clean_flagged"] / v["clean"], 4) if v["clean"] else None,
        }


class CasesError(ValueError):
    pass


def read_cases(path: Path) -> Iterator[dict[str, str]]:
    """Cases from a JSONL file, with a clear error naming the file and line for anything malformed. Lines are
    read as bytes and decoded one by one, so that a line that is not UTF-8 (a Latin-1 file, a compressed or
    binary one) is named exactly, never a traceback from the text layer's read-ahead."""
    try:
        fh = path.open("rb")
    except OSError as e:
        raise CasesError(f"{path}: cannot read: {e.strerror}") from None
    with fh:
        for n, raw in enumerate(_lines(fh, path), 1):
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError:
                raise CasesError(f"{path}:{n}: not valid UTF-8 (cases files are UTF-8 JSONL)") from None
            if not line.strip():
                continue
            try:
                case = json.loads(line)
            except json.JSONDecodeError as e:
                raise CasesError(f"{path}:{n}: not JSON ({e.msg})") from None
            if (
                not isinstance(case, dict)
                or not isinstance(case.get("spun"), str)
                or not isinstance(case.get("original"), str)
            ):
                raise CasesError(f"{path}:{n}: a case needs string fields 'spun' and 'original'")
            yield case


def _lines(fh: BinaryIO, path: Path) -> Iterator[bytes]:
    try:
        yield from fh
    except OSError as e:
        raise CasesError(f"{path}: cannot read: {e.strerror}") from None


def evaluate(
    cases: Iterable[dict[str, str]],
    fix: Callable[[str], str | tuple[str, bool]],
    per_case: Callable[[dict], None] | None = None,
) -> tuple[Tally, Tally]:
    """(system tally, identity-baseline tally) over the cases. ``fix`` gives the repaired text, or the text and
    whether the document was judged spun (then the summary also scores that verdict)."""
    system, identity = Tally(), Tally()
    for case in cases:
        t0 = time.perf_counter()
        answer = fix(case["spun"])
        system.seconds += time.perf_counter() - t0
        out, flagged = answer if isinstance(answer, tuple) else (answer, None)
        row = system.add(case["spun"], case["original"], out, flagged)
        identity.add(case["spun"], case["original"], case["spun"])
        if per_case:
            per_case({"id": case.get("id"), **row})
    return system, identity


def _text_and_verdict(r: Repair) -> tuple[str, bool]:
    return r.text, r.spun


def run_eval(args: argparse.Namespace) -> int:
    from app import repair
    from app.engine.types import RepairOptions
    from app.errors import CliError

    opts = RepairOptions(min_confidence=args.min_confidence, profile=getattr(args, "profile", None))
    status = 0
    for name in args.cases:
        path = Path(name)
        try:
            cases = list(read_cases(path))
        except CasesError as e:
            raise CliError(str(e)) from None
        if not cases:  # scores of nothing (err 0.0) would read like a measurement
            raise CliError(f"{name}: no cases (expected JSONL lines with 'spun' and 'original')")
        if args.limit:
            cases = cases[: args.limit]
        emit = (lambda row: print(json.dumps(row))) if args.per_case else None
        system, identity = evaluate(cases, lambda t: _text_and_verdict(repair(t, opts)), emit)
        print(json.dumps({"file": name, "system": "unspin", **system.summary()}))
        print(json.dumps({"file": name, "system": "identity", **identity.summary()}))
        sys.stdout.flush()
    return status
