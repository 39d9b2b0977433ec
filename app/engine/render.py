"""Rendering: apply edits to the input, and show them as a unified diff."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

from app.engine.types import Edit


def apply_edits(source: str, edits: Iterable[Edit]) -> str:
    """Apply non-overlapping edits (any order) to ``source``; everything else is copied byte for byte."""
    out: list[str] = []
    pos = 0
    for e in sorted(edits, key=lambda e: e.start):
        if e.start < pos or e.end < e.start or e.end > len(source):
            raise ValueError(f"edit out of range or overlapping: {e.start}-{e.end}")
        if source[e.start : e.end] != e.original:
            raise ValueError(f"edit original {e.original!r} does not match input at {e.start}")
        out.append(source[pos : e.start])
        out.append(e.replacement)
        pos = e.end
    out.append(source[pos:])
    return "".join(out)


def unified_diff(before: str, after: str, name: str = "text") -> str:
    """A line-based unified diff, the shape every reviewer and patch tool reads. Lines end at "\n" only, as
    ``patch`` reads them: ``str.splitlines`` also cuts at "\r", U+2028, "\x0c" and "\x85", which put a
    "No newline" marker mid-file and made the patch malformed. The name goes into the two header lines, so
    only its printable characters are kept, and one with spaces ends in a tab (else patch cuts it at the
    first space)."""
    name = "".join(c for c in name if c.isprintable()) or "text"
    end = "\t" if " " in name else ""  # a tab ends a name with spaces, as GNU diff writes it, for patch
    lines = difflib.unified_diff(
        _lines(before), _lines(after), fromfile=f"a/{name}{end}", tofile=f"b/{name}{end}"
    )
    return "".join(ln if ln.endswith("\n") else ln + "\n\\ No newline at end of file\n" for ln in lines)


_LINE = re.compile(r"[^\n]*\n|[^\n]+")


def _lines(text: str) -> list[str]:
    return _LINE.findall(text)
