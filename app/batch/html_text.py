"""Repair the prose of an HTML page while keeping every byte of markup.

``html.parser`` finds the text nodes with their offsets; entity references are decoded so the engine sees real
text, and edits are mapped back onto the raw source. All text nodes of a page are joined (blank line between
runs) into one document, so the page costs one ``repair()`` call; an edit that would cross a tag is dropped.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from app.engine.types import Edit

SKIP_TAGS = frozenset({"script", "style", "code", "textarea", "template", "svg", "math"})
SEPARATOR = "\n\n"
_REF = re.compile(r"&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[A-Za-z][A-Za-z0-9]*;?)")


@dataclass(slots=True)
class _Run:
    """Adjacent text pieces between two tags: ``raw_starts[i]/raw_ends[i]`` locate decoded char ``i``."""

    text: list[str] = field(default_factory=list)
    raw_starts: list[int] = field(default_factory=list)
    raw_ends: list[int] = field(default_factory=list)
    whole: list[bool] = field(default_factory=list)  # False inside a multi-char entity expansion

    def add(self, decoded: str, start: int, end: int, is_ref: bool) -> None:
        for k, ch in enumerate(decoded):
            self.text.append(ch)
            if is_ref:
                self.raw_starts.append(start)
                self.raw_ends.append(end)
                self.whole.append(k == 0)
            else:
                self.raw_starts.append(start + k)
                self.raw_ends.append(start + k + 1)
                self.whole.append(True)


class _Extractor(HTMLParser):
    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=False)
        self.source = source
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", source)]
        self.runs: list[_Run] = []
        self.current: _Run | None = None
        self.skip_depth = 0

    def _offset(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def _close(self) -> None:
        if self.current is not None and "".join(self.current.text).strip():
            self.runs.append(self.current)
        self.current = None

    def _piece(self, decoded: str, start: int, end: int, is_ref: bool) -> None:
        if self.skip_depth:
            return
        if self.current is None:
            self.current = _Run()
        self.current.add(decoded, start, end, is_ref)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._close()
        if tag in SKIP_TAGS:
            self.skip_depth += 1

    def handle_endtag(self, tag: str) -> None:
        self._close()
        if tag in SKIP_TAGS and self.skip_depth:
            self.skip_depth -= 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._close()

    def handle_data(self, data: str) -> None:
        start = self._offset()
        if self.source[start : start + len(data)] != data:  # never guess offsets
            self._close()
            return
        self._piece(data, start, start + len(data), False)

    def _ref(self) -> None:
        start = self._offset()
        m = _REF.match(self.source, start)
        if not m:
            self._close()
            return
        self._piece(html.unescape(m.group(0)), start, m.end(), True)

    def handle_entityref(self, name: str) -> None:
        self._ref()

    def handle_charref(self, name: str) -> None:
        self._ref()

    def handle_comment(self, data: str) -> None:
        self._close()

    def handle_decl(self, decl: str) -> None:
        self._close()

    def handle_pi(self, data: str) -> None:
        self._close()

    def unknown_decl(self, data: str) -> None:
        self._close()


@dataclass(frozen=True, slots=True)
class HtmlText:
    """The page's prose as one document, plus what is needed to put edits back into the markup."""

    source: str
    text: str
    runs: tuple[_Run, ...]
    run_starts: tuple[int, ...]  # offset of each run in ``text``


def extract(source: str) -> HtmlText:
    p = _Extractor(source)
    p.feed(source)
    p.close()
    p._close()
    parts: list[str] = []
    starts: list[int] = []
    pos = 0
    for run in p.runs:
        starts.append(pos)
        t = "".join(run.text)
        parts.append(t)
        pos += len(t) + len(SEPARATOR)
    return HtmlText(source, SEPARATOR.join(parts), tuple(p.runs), tuple(starts))


def apply_to_html(doc: HtmlText, edits: tuple[Edit, ...]) -> tuple[str, int]:
    """The page with ``edits`` (offsets into ``doc.text``) applied; returns (html, edits applied)."""
    raw: list[tuple[int, int, str]] = []
    for e in edits:
        i = _run_index(doc, e.start)
        if i is None:
            continue
        run, base = doc.runs[i], doc.run_starts[i]
        s, t = e.start - base, e.end - base
        if t > len(run.text) or s > t:
            continue  # crosses into the next run: it would straddle a tag
        if s < len(run.text) and not run.whole[s]:
            continue
        if t < len(run.text) and not run.whole[t]:
            continue  # would cut an entity's expansion in half
        rs = run.raw_starts[s] if s < len(run.text) else run.raw_ends[-1]
        re_ = run.raw_ends[t - 1] if t > s else rs
        raw.append((rs, re_, _spelled(html.escape(e.replacement, quote=False), _references(doc, run, s, t))))
    out: list[str] = []
    pos = applied = 0
    for rs, re_, rep in sorted(raw):
        if rs < pos:
            continue
        out.append(doc.source[pos:rs])
        out.append(rep)
        pos = re_
        applied += 1
    out.append(doc.source[pos:])
    return "".join(out), applied


def _references(doc: HtmlText, run: _Run, s: int, t: int) -> dict[str, str]:
    """How the page writes the characters of ``run.text[s:t]`` as references (``&nbsp;``, ``&rsquo;``), by
    the character each stands for; a character the span also writes plainly is left out, as are ``<``, ``>``
    and ``&``, which ``html.escape`` already spells."""
    refs: dict[str, str] = {}
    plain: set[str] = set()
    for k in range(s, t):
        a, b = run.raw_starts[k], run.raw_ends[k]
        if b - a > 1 and doc.source[a] == "&":
            refs.setdefault(run.text[k], doc.source[a:b])
        else:
            plain.add(run.text[k])
    return {c: ref for c, ref in refs.items() if c not in plain and c not in "<>&"}


def _spelled(text: str, refs: dict[str, str]) -> str:
    """``text`` with each character the replaced span wrote as a reference written that way again, so that
    "White&nbsp;Home" becomes "White&nbsp;House" and "can&rsquo;t" keeps its reference."""
    return "".join(refs.get(c, c) for c in text) if refs else text


def _run_index(doc: HtmlText, offset: int) -> int | None:
    lo, hi = 0, len(doc.run_starts) - 1
    found = None
    while lo <= hi:
        mid = (lo + hi) // 2
        if doc.run_starts[mid] <= offset:
            found, lo = mid, mid + 1
        else:
            hi = mid - 1
    return found
