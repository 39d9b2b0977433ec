"""Repairs below the word: mojibake, typographic ligatures, and words hyphenated across a line break."""

from __future__ import annotations

import difflib
import math
import re
import unicodedata
from typing import TYPE_CHECKING

from app.engine.ocr.model import OcrModel
from app.engine.tokens import apostrophe_of
from app.engine.types import Edit, Source

if TYPE_CHECKING:
    from app.engine.lm import LanguageModel

SRC = str(Source.OCR)
_HYPHEN_BREAK = re.compile(r"(?<![A-Za-z])([A-Za-z]+)([-\u00ac\u00ad])[ \t]*(?:\r\n|\r|\n)[ \t]*([a-z]+)")
_MOJIBAKE_HINT = re.compile(
    "[\u00c2-\u00c5\u00ce\u00cf\u00d0\u00d1\u00e2\u00e3\u0080-\u009f\u20ac\u2122\u0153\ufffd]"
)
_LINES = re.compile(r"[^\n]*\n|[^\n]+")
# what a mended run must never bring into the text: invisible direction overrides and isolates (they reorder
# what a reader sees: "Trojan Source") and C0/C1 controls. ftfy decodes "â€®" to U+202E faithfully, but an
# invisible override is a hazard in a repaired article, and a run that holds one is left as it was.
_HIDDEN = re.compile("[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]")

# ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ, and the long s of older print (ſ: "ſhips", "increaſing"), which OCR of historical papers
# keeps as a letter of its own; NFKC makes each the letters a reader sees
_LIGATURES = {chr(c): unicodedata.normalize("NFKC", chr(c)) for c in [*range(0xFB00, 0xFB07), 0x017F]}
_LIGATURE_CHAR = re.compile("[\ufb00-\ufb06\u017f]")
_LETTERS = re.compile(r"[^\W\d_]+")  # a run of letters (the ligatures are letters too)


def ligature_edits(text: str) -> list[Edit]:
    """Words that a PDF extraction left with typographic ligatures (*ﬁnancial*, *ofﬁcials*, *ﬂoods*) or a
    long s (*ſhips*): each becomes its letters, so that every later stage, and anyone searching the text,
    sees the word."""
    if _LIGATURE_CHAR.search(text) is None:  # the usual case, in one scan
        return []
    edits = []
    # each run of letters is scanned once (a pattern that looked for the ligature inside the run backtracked
    # through it from every position: 80,000 letters took 84 s)
    for m in _LETTERS.finditer(text):
        word = m.group()
        if _LIGATURE_CHAR.search(word) is not None:
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
                edits += (
                    Edit(pos + a, pos + b, line[a:b], new, 0.95, SRC)
                    for a, b, new in _changes(line, fixed)
                    if not _HIDDEN.search(new)
                )
        pos += len(line)
    return edits


_ASCII_SPACE = re.compile(r"([ \t\r\n]+)")
MAX_DIFF_CHARS = 1000  # longer pieces are compared by their common ends only (a character diff is quadratic)


def _changes(line: str, fixed: str) -> list[tuple[int, int, str]]:
    """(start, end, replacement) of each run of ``line`` that ftfy changed. ftfy mends characters inside
    words, so the two are aligned piece by piece between ASCII white space and only changed pieces are
    diffed by character: linear in the line, where one character diff of a whole long line took a minute
    for 8 KB of repeated mojibake."""
    a, b = _ASCII_SPACE.split(line), _ASCII_SPACE.split(fixed)
    if len(a) != len(b) or a[1::2] != b[1::2]:  # the white space changed too (rare): the line as one piece
        return _diff(line, fixed, 0)
    out: list[tuple[int, int, str]] = []
    pos = 0
    for x, y in zip(a, b, strict=True):
        if x != y:
            out += _diff(x, y, pos)
        pos += len(x)
    return out


def _diff(x: str, y: str, at: int) -> list[tuple[int, int, str]]:
    if len(x) + len(y) > 2 * MAX_DIFF_CHARS:
        head = _common_start(x, y)
        tail = _common_start(x[head:][::-1], y[head:][::-1])
        return [(at + head, at + len(x) - tail, y[head : len(y) - tail])]
    sm = difflib.SequenceMatcher(None, x, y, autojunk=False)
    return [(at + i1, at + i2, y[j1:j2]) for op, i1, i2, j1, j2 in sm.get_opcodes() if op != "equal"]


# a break mark that is only ever a line-end hyphen, never part of a compound: "¬" (German and older print)
# and the soft hyphen
_BREAK_ONLY = frozenset("\u00ac\u00ad")


# a line-end hyphen whose line break a re-flow turned into a space: "exe- cution", "ef- fectively"
_HYPHEN_REFLOWED = re.compile(r"(?<![A-Za-z])([A-Za-z]+)-[ \t]+([a-z]+)(?![A-Za-z-])")


# OCR reads a low opening quote („, as German and old English print set it) as two commas, and a closing
# double quote as two apostrophes: ,,Post'' for "Post". Two commas before a word and after a space are no
# English punctuation; two apostrophes after a word are, in wikitext (''italic'') and TeX (``quoted''), so a
# text that opens anything with them keeps its closing ones.
_LOW_QUOTE = re.compile(r"(?:(?<=\s)|^|(?<=[(\[]))(,,)(?=[^\W_])", re.M)
_APOSTROPHES_CLOSING = re.compile(r"(?<=[^\W_.,!?])('')(?=\s|$|[)\],.;:!?])|(?<=[.,!?])('')(?=\s|$)", re.M)
_APOSTROPHES_OPENING = re.compile(r"(?:^|(?<=[\s(\[]))''(?=[^\W_])|``", re.M)
# an apostrophe lost before the s of a possessive or a contraction, leaving the s alone: "Trump s aides",
# "it s over". Not before a verb or conjunction ("where s is the sum": a variable) nor after a function word
# that takes no 's.
_LONE_S = re.compile(r"(?<=[A-Za-z]) s(?=(?:\s+(?!(?:is|are|was|were|and|or|be)\b)[a-z])|[,;:!?]|\.(?:\s|$))")
_LONE_S_NOT_AFTER = frozenset(["where", "if", "when", "and", "or", "let", "for", "of", "a", "the", "letter"])


def quote_and_apostrophe_edits(text: str) -> list[Edit]:
    """Quotes and apostrophes OCR misread: ,,Post'' → "Post" (in the text's own quotes, straight or curly),
    and a lone s that lost its apostrophe: *Trump s aides* → Trump's aides, *it s over* → it's over."""
    edits: list[Edit] = []
    if ",," in text or "''" in text:
        curly = text.count("\u201c") + text.count("\u201d") > text.count('"')
        opening, closing = ("\u201c", "\u201d") if curly else ('"', '"')
        edits += [Edit(m.start(1), m.end(1), ",,", opening, 0.9, SRC) for m in _LOW_QUOTE.finditer(text)]
        if _APOSTROPHES_OPENING.search(text) is None:
            edits += [
                Edit(m.start(), m.end(), "''", closing, 0.9, SRC) for m in _APOSTROPHES_CLOSING.finditer(text)
            ]
    if " s" in text:
        apostrophe = apostrophe_of(text)
        for m in _LONE_S.finditer(text):
            before = text[max(0, m.start() - 12) : m.start()].split()
            if before and before[-1].lower() not in _LONE_S_NOT_AFTER:
                edits.append(Edit(m.start(), m.end(), " s", apostrophe + "s", 0.85, SRC))
    return sorted(edits, key=lambda e: e.start)


# a speck read as a full stop or comma inside a word: "se,veral", "decrea.sed"
_STRAY_MARK = re.compile(r"(?<![\w.,'’@/-])([a-z]{2,})[.,]([a-z]{2,})(?![\w'’@/-]|\.\w)")


def stray_mark_edits(text: str, model: OcrModel) -> list[Edit]:
    """*se,veral* → several, *decrea.sed* → decreased: the mark goes when the joined word is a common word
    and a half is not a word. Two words that lost the space after a comma (*however,the*) join into no word,
    and a domain (*example.com*) is two words, so both stay."""
    edits: list[Edit] = []
    if "," not in text and "." not in text:
        return edits
    for m in _STRAY_MARK.finditer(text):
        a, b = m.group(1), m.group(2)
        if _joins_into_word(a, b, model):
            edits.append(Edit(m.start(), m.end(), m.group(), a + b, 0.85, SRC))
    return edits


def _joins_into_word(a: str, b: str, model: OcrModel) -> bool:
    """Whether two halves that something cut apart are one common word, and not two words of their own: the
    test of a stray mark (*se,veral*) and of a re-flowed line-end hyphen (*exe- cution*)."""
    joined = (a + b).lower()
    if not model.known(joined) or model.zipf(joined) < 3.0:
        return False
    return not (model.known(a.lower()) and model.known(b.lower()))


def reflowed_hyphen_edits(text: str, model: OcrModel) -> list[Edit]:
    """exe- cution → execution, when the joined word is known and a half is not a word: a suspended hyphen
    ("pre- and post-war", "long- and short-term") joins into no word, so it stays. Before, each half was
    "repaired" on its own (*exe- caution*, *of- fectively*: session 23's OCR audit)."""
    edits: list[Edit] = []
    for m in _HYPHEN_REFLOWED.finditer(text):
        a, b = m.group(1), m.group(2)
        # two words ("well- known", a dash typed as a hyphen: "ready- set") are not for this repair
        if _joins_into_word(a, b, model):
            edits.append(Edit(m.start(), m.end(), m.group(), a + b, 0.85, SRC))
    return edits


def hyphen_edits(text: str, model: OcrModel, lm: LanguageModel | None = None) -> list[Edit]:
    """inter-⏎national → international; well-⏎known → well-known (the compound is the likelier word).

    With a language model, the compound is the two words read as a bigram ("well known", "long term")
    against the joined word ("meanwhile", "keynote"): wordfreq scores "key-note" by its halves, which made
    the compound look likelier than "keynote" (session 23's OCR audit: *key-note*, *Mean-while*, *out-put*
    kept their hyphen)."""
    edits: list[Edit] = []
    for m in _HYPHEN_BREAK.finditer(text):
        a, b = m.group(1), m.group(3)
        joined = (a + b).lower()
        known_join = model.known(joined)  # the word list first, then wordfreq
        if m.group(2) in _BREAK_ONLY and known_join:
            edits.append(Edit(m.start(), m.end(), m.group(), a + b, 0.95, SRC))
            continue
        z_join = model.zipf(joined) if known_join else 0.0
        z_comp = model.zipf(f"{a}-{b}".lower())
        a_ok, b_ok = model.known(a.lower()), model.known(b.lower())
        if lm is not None and known_join and a_ok and b_ok:
            lo = a.lower()
            comp = lm.logprob(lo, ("<s>",)) + lm.logprob(b.lower(), ("<s>", lo))
            z_comp = z_join + (comp - lm.logprob(joined, ("<s>",))) / math.log(10)  # the same scale as zipf
        if z_join and z_join >= z_comp - 0.6:
            repl, margin = a + b, z_join - (z_comp - 0.6)
        elif a_ok and b_ok:
            repl, margin = f"{a}-{b}", (z_comp - 0.6) - z_join
        else:
            continue
        conf = round(0.6 + 0.35 * (1 - math.exp(-2 * margin)), 3)
        edits.append(Edit(m.start(), m.end(), m.group(), repl, conf, SRC))
    return edits


def _common_start(x: str, y: str) -> int:
    """How many leading characters ``x`` and ``y`` share."""
    n = min(len(x), len(y))
    k = 0
    while k < n and x[k] == y[k]:
        k += 1
    return k
