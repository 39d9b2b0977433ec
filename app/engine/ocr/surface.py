"""Repairs below the word: mojibake, typographic ligatures, and words hyphenated across a line break."""

from __future__ import annotations

import difflib
import math
import re
import unicodedata

from app.engine.ocr.model import OcrModel
from app.engine.types import Edit, Source

SRC = str(Source.OCR)
_HYPHEN_BREAK = re.compile(r"(?<![A-Za-z])([A-Za-z]+)([-\u00ac\u00ad])[ \t]*\r?\n[ \t]*([a-z]+)")
_MOJIBAKE_HINT = re.compile(
    "[\u00c2-\u00c5\u00ce\u00cf\u00d0\u00d1\u00e2\u00e3\u0080-\u009f\u20ac\u2122\u0153\ufffd]"
)
_LINES = re.compile(r"[^\n]*\n|[^\n]+")

_LIGATURES = {chr(c): unicodedata.normalize("NFKC", chr(c)) for c in range(0xFB00, 0xFB07)}  # ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ
_LIGATURE_CHAR = re.compile("[\ufb00-\ufb06]")
_LIGATURE_WORD = re.compile(r"[^\W\d_]*[\ufb00-\ufb06][^\W\d_\ufb00-\ufb06]*(?:[\ufb00-\ufb06][^\W\d_]*)*")


def ligature_edits(text: str) -> list[Edit]:
    """Words that a PDF extraction left with typographic ligatures (*ﬁnancial*, *ofﬁcials*, *ﬂoods*): each
    becomes its letters, so that every later stage, and anyone searching the text, sees the word."""
    if _LIGATURE_CHAR.search(text) is None:  # the usual case, in one scan
        return []
    edits = []
    for m in _LIGATURE_WORD.finditer(text):
        word = m.group()
        plain = "".join(_LIGATURES.get(c, c) for c in word)
        edits.append(Edit(m.start(), m.end(), word, plain, 1.0, SRC))
    return edits


def mojibake_edits(text: str) -> list[Edit]:
    """ftfy on each line that shows mojibake hints; every changed run becomes its own edit."""
    if text.isascii():
        return []
    import ftfy

    edits: list[Edit] = []
    pos = 0
    for line in _LINES.findall(text):  # "\n" only: str.splitlines would also cut at C1 controls like \x85
        if _MOJIBAKE_HINT.search(line):
            fixed = ftfy.fix_encoding(line)
            if fixed != line:
                sm = difflib.SequenceMatcher(None, line, fixed, autojunk=False)
                for op, i1, i2, j1, j2 in sm.get_opcodes():
                    if op != "equal":
                        edits.append(Edit(pos + i1, pos + i2, line[i1:i2], fixed[j1:j2], 0.95, SRC))
        pos += len(line)
    return edits


def hyphen_edits(text: str, model: OcrModel) -> list[Edit]:
    """inter-⏎national → international; well-⏎known → well-known (the compound is the likelier word)."""
    edits: list[Edit] = []
    for m in _HYPHEN_BREAK.finditer(text):
        a, b = m.group(1), m.group(3)
        joined = (a + b).lower()
        z_join = model.zipf(joined) if (joined in model.words or model.known(joined)) else 0.0
        z_comp = model.zipf(f"{a}-{b}".lower())
        a_ok, b_ok = model.known(a.lower()), model.known(b.lower())
        if z_join and z_join >= z_comp - 0.6:
            repl, margin = a + b, z_join - (z_comp - 0.6)
        elif a_ok and b_ok:
            repl, margin = f"{a}-{b}", (z_comp - 0.6) - z_join
        else:
            continue
        conf = round(0.6 + 0.35 * (1 - math.exp(-2 * margin)), 3)
        edits.append(Edit(m.start(), m.end(), m.group(), repl, conf, SRC))
    return edits
