"""Leftover spintax: "{said|stated|told}" resolved to the option that fits.

Why: spinners write their output as spintax, one brace group of alternatives per swappable phrase, and expand
it when they publish. Scraper sites often republish text in which some groups were never expanded, and a
repair tool that left "{war|warfare}" standing (or turned it into "{war|war}", as the spin stage did) would
return garbage. A group of two to eight word-like options, none holding braces, is certainly not the text's
own wording; the language model picks the option that fits between the words around it, groups resolved left
to right, with a prior for the first option, because spinners write the original first.

It runs with the garble stage (``RepairOptions.ocr``), before spin restoration, which then leaves the chosen
option alone. Nested groups ("{a|{b|c}}") are left as they are.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from app.engine.lm import logprob_after
from app.engine.types import Alternative, Edit, Source

if TYPE_CHECKING:
    from app.engine.lm import LanguageModel

SRC = str(Source.SPINTAX)
FIRST_OPTION_PRIOR = 1.0  # nats for the first option: spinners generate a group from the original
MAX_OPTIONS = 8
MAX_OPTION_CHARS = 60
CONTEXT_AFTER = 2  # words after the group that judge each option

_OPTION = rf"[^{{}}|\n]{{0,{MAX_OPTION_CHARS}}}"
GROUP = re.compile(rf"\{{({_OPTION}(?:\|{_OPTION}){{1,{MAX_OPTIONS - 1}}})\}}")
_WORDY = re.compile(r"(?:[^\W\d_]+(?:['’-][^\W\d_]+)*)(?: [^\W\d_]+(?:['’-][^\W\d_]+)*)*")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
# what comes before a brace group that is a program's syntax, not spintax: a command-line option or an
# assignment ("--color {always|never}", "mode={fast|slow}")
_CODE_BEFORE = re.compile(r"(?:(?:^|\s)--?[A-Za-z][\w-]*[ =]?|=)$")


def _padded_like_prose(options: Sequence[str]) -> bool:
    """Set notation and prose in braces ("{x | x is even}") pad the bar on one side only; spintax writes
    "{said|stated}", "{very |}" or, padded all round, "{ said | stated }"."""
    full = [o for o in options if o.strip()]
    if not any(o[:1].isspace() for o in full):
        return False
    return not all(o[:1].isspace() and o[-1:].isspace() for o in full)


def groups(text: str) -> list[tuple[int, int, tuple[str, ...]]]:
    """(start, end, options) of every spintax group: at least two options, every one empty or plain words."""
    out: list[tuple[int, int, tuple[str, ...]]] = []
    for m in GROUP.finditer(text):
        if text[m.start() - 1 : m.start()] in ("{", "|") or text[m.end() : m.end() + 1] in ("}", "|"):
            continue  # inside another group: nested spintax is left alone
        options = tuple(m.group(1).split("|"))  # verbatim: "{very |}big" keeps its space in the option
        bare = [o.strip() for o in options]
        if not any(bare) or not all(not o or _WORDY.fullmatch(o) for o in bare):
            continue
        if _padded_like_prose(options) or _CODE_BEFORE.search(text, max(0, m.start() - 40), m.start()):
            continue
        out.append((m.start(), m.end(), options))
    return out


def fix_spintax(text: str, lm: LanguageModel) -> list[Edit]:
    """One edit per spintax group: the group replaced by its likeliest option, with the others as
    alternatives and the option's share of the probability as confidence."""
    found = groups(text)
    edits: list[Edit] = []
    chosen: list[str] = []  # options picked so far, standing in for their groups in later contexts
    for k, (start, end, options) in enumerate(found):
        before = _words_before(text, start, found, chosen)
        after = _words_after(text, end, found, k + 1)
        scores = [
            logprob_after(lm, before, [*_WORD.findall(o.lower()), *after])
            + (FIRST_OPTION_PRIOR if n == 0 else 0.0)
            for n, o in enumerate(options)
        ]
        top = max(scores)
        shares: dict[str, float] = {}  # an option written twice ("{war|war|warfare}") is one choice
        for o, s in zip(options, scores, strict=True):
            shares[o] = shares.get(o, 0.0) + math.exp(s - top)
        total = sum(shares.values())
        ranked = sorted(shares, key=lambda o: -shares[o])
        best = ranked[0]
        chosen.append(best)
        alternatives = tuple(
            Alternative(o, round(shares[o] / total, 4), SRC) for o in ranked[1:4] if o.strip()
        )
        edits.append(
            Edit(start, end, text[start:end], best, round(shares[best] / total, 4), SRC, alternatives)
        )
    return edits


CONTEXT_CHARS = 200  # characters around a group that its context words are read from


def _words_before(
    text: str, start: int, found: Sequence[tuple[int, int, tuple[str, ...]]], chosen: Sequence[str]
) -> list[str]:
    """The last few words before ``start``, earlier groups replaced by the options chosen for them
    (``chosen[j]`` for ``found[j]``, one for each group before this one). Only the groups within the last
    ``CONTEXT_CHARS`` characters are visited, so a text of many groups costs linear time, not quadratic."""
    pieces: list[str] = []  # the text before ``start``, last piece first
    size, at = 0, start
    for j in range(len(chosen) - 1, -1, -1):
        s, e, _opts = found[j]
        gap = text[max(e, at - CONTEXT_CHARS) : at]
        pieces.append(gap)
        size += len(gap)
        if size >= CONTEXT_CHARS:
            break
        pieces.append(chosen[j])
        size += len(chosen[j])
        at = s
    else:
        pieces.append(text[max(0, at - CONTEXT_CHARS) : at])
    return _WORD.findall("".join(reversed(pieces))[-CONTEXT_CHARS:].lower())[-4:]


def _words_after(
    text: str, end: int, found: Sequence[tuple[int, int, tuple[str, ...]]], first: int
) -> list[str]:
    """The next ``CONTEXT_AFTER`` words after ``end``, a later group (``found[first:]``, in text order)
    standing as its first option."""
    tail = text[end : end + CONTEXT_CHARS]
    for j in range(first, len(found)):
        s, e, opts = found[j]
        if s - end >= CONTEXT_CHARS:
            break
        tail = tail.replace(text[s:e], opts[0], 1)
    return _WORD.findall(tail.lower())[:CONTEXT_AFTER]
