"""Tokenizer with exact character offsets.

Why a hand-written regex rather than a library tokenizer: the round trip must be byte-exact
(``"".join(t.text for t in tokens) == source``) for any Unicode input, and URLs, e-mail addresses and
numbers must come out as single tokens so that later stages can leave them alone.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from app.engine.types import Token, TokenKind

# Characters that belong to the word they stand in without being letters: combining marks (a decomposed "é")
# and the invisible ones that join or hyphenate (soft hyphen, zero-width space and joiners, word joiner). Had
# they split words, each fragment would be edited on its own: "un\u00adfold" became "un\u00adclose" and a
# decomposed "lame\u0301" became "game\u0301" (session 23's audit). A word holding one is left alone.
_JOINERS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f\u00ad\u200b-\u200d\u2060"
_LETTERS = rf"[^\W\d_]+(?:[{_JOINERS}]+[^\W\d_]*)*"

# Bounds that keep the scan linear on hostile input. A Markdown fence closes within 200 lines or is not one:
# unbounded, an unclosed fence rescanned the rest of the text from every "```x" line. An address's local part
# is at most 64 characters (RFC 5321): unbounded, a long run of word characters and dots with no "@"
# ("word.word.word...") was rescanned from each of its positions. Both were quadratic.
_PATTERN = re.compile(
    r"""
    (?P<fence>(?m:^)(?P<ticks>```|~~~)[^\n]*\n(?:[^\n]*\n){0,200}?(?P=ticks)[^\S\n]*(?=\n|\Z))
  | (?P<code>`[^`\n]+`)
  | (?P<url>(?:https?://|www\.)[^\s<>"'()\[\]]+[^\s<>"'()\[\].,;:!?])
  | (?P<tag></?[A-Za-z][A-Za-z0-9:-]*(?:\s+[^<>]*)?/?>)
  | (?P<comment><!--)
  | (?P<entity>&(?:\#\d{1,7}|\#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});)
  | (?P<email>[\w.+-]{1,64}@[\w-]+(?:\.[\w-]+)+)
  | (?P<number>\d[\d,.:/]*\d(?:[^\W\d_]+)?|\d(?:[^\W\d_]+)?)
  | (?P<word>LETTERS(?:['’]LETTERS)*)
  | (?P<space>\s+)
  | (?P<punct>[^\w\s])
  | (?P<other>\w+)
    """.replace("LETTERS", _LETTERS),
    re.VERBOSE | re.DOTALL,
)

_KINDS = {
    "url": TokenKind.URL,
    "email": TokenKind.EMAIL,
    "entity": TokenKind.OTHER,
    "fence": TokenKind.OTHER,
    "code": TokenKind.OTHER,
    "tag": TokenKind.OTHER,
    "comment": TokenKind.OTHER,
    "number": TokenKind.NUMBER,
    "word": TokenKind.WORD,
    "space": TokenKind.SPACE,
    "punct": TokenKind.PUNCT,
    "other": TokenKind.OTHER,
}


# Elements whose content is not prose: one token from the start tag to the end tag. Unclosed, a ``<script>`` or
# ``<style>`` runs to the end of the text (a page cut short mid-script is still code), while the others are
# only their start tag: "wrap it in a <code> tag, he said" is prose, and once hid the rest of the text.
RAW_ELEMENTS = frozenset({"script", "style", "code", "textarea", "template", "svg", "math"})
_UNCLOSED_TO_END = frozenset({"script", "style"})
_TAG_NAME = re.compile(r"<([A-Za-z][A-Za-z0-9:-]*)")
_CLOSERS = {name: re.compile(rf"</{name}\s*>", re.IGNORECASE) for name in RAW_ELEMENTS} | {
    "<!--": re.compile("-->")
}


def tokenize(source: str) -> list[Token]:
    """Split ``source`` into tokens that cover it exactly, in order, with no gaps."""
    tokens: list[Token] = []
    unclosed_from: dict[str, int] = {}  # element name -> a position after which its end tag never comes
    pos: int | None = 0
    while pos is not None:
        resume: int | None = None
        for m in _PATTERN.finditer(source, pos):
            group = m.lastgroup or "other"
            start, end = m.start(), m.end()
            if group == "tag" and source[end - 2] != "/":  # a start tag (or an end tag)
                opened = _TAG_NAME.match(source, start)
                name = opened.group(1).lower() if opened is not None else ""
                if name in RAW_ELEMENTS:
                    closed = _closed_at(source, name, end, unclosed_from)
                    end = closed or (len(source) if name in _UNCLOSED_TO_END else end)
            elif group == "comment":
                closed = _closed_at(source, "<!--", end, unclosed_from)
                if closed is None:  # no "-->" follows: the "<" is punctuation, as in prose
                    end, group = start + 1, "punct"
                else:
                    end = closed
            tokens.append(Token(source[start:end], start, end, _KINDS[group]))
            if end != m.end():  # the element's content is one token: tokenising goes on after it
                resume = end
                break
        pos = resume
    return tokens


def _closed_at(source: str, opener: str, after: int, unclosed_from: dict[str, int]) -> int | None:
    """Where the element or comment ``opener`` opened just before ``after`` ends (after its end tag or "-->"),
    or None when nothing closes it. A failed search is remembered, so that many unclosed openers cost one scan
    of the text, not one each (a pattern ``<!--.*?-->`` rescanned the text from every unclosed "<!--": 25,000
    of them took 33 s)."""
    if unclosed_from.get(opener, len(source) + 1) <= after:
        return None
    close = _CLOSERS[opener].search(source, after)
    if close is None:
        unclosed_from[opener] = after
        return None
    return close.end()


def markup_ranges(tokens: Sequence[Token]) -> list[tuple[int, int]]:
    """Where the text is markup or an address rather than prose: tags, comments, whole ``<script>`` and
    ``<style>`` elements (and the others whose content is not prose, ``code``, ``textarea``, ``template``,
    ``svg`` and ``math``, which ``app.batch.html_text`` skips too), Markdown code (`` `inline` `` and
    fenced blocks), URLs and e-mail addresses. No stage may
    edit inside them: "tbe" in a class name or ".nationwide" in a style sheet is neither OCR garble nor
    spin, and editing it would break the page."""
    return [
        (t.start, t.end)
        for t in tokens
        if t.kind is TokenKind.URL
        or t.kind is TokenKind.EMAIL
        or (t.kind is TokenKind.OTHER and t.text[:1] in _MARKUP_OPENERS)
    ]


_MARKUP_OPENERS = frozenset("<`~")  # a tag, comment or raw element; Markdown code, inline or fenced


def word_indices(tokens: list[Token]) -> list[int]:
    """Indices of the word tokens, the units that spinners swap."""
    return [i for i, t in enumerate(tokens) if t.kind is TokenKind.WORD]


_SENTENCE_END = frozenset(".!?…")
# A full stop after these, capitalised (or after a capital letter, an initial), does not end a sentence: "Mr. Smith".
ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof st jr sr gen col lt sgt capt cmdr adm gov sen rep rev hon pres supt insp det no nos vs "  # noqa: SIM905
    "etc inc ltd co corp bros dept univ ft mt jan feb mar apr jun jul aug sep sept oct nov dec "
    "u.s u.k u.n e.g i.e a.m p.m d.c".split()
)


def sentence_starts(tokens: list[Token]) -> set[int]:
    """Token indices of words that open a sentence (where a capital letter says nothing about names)."""
    starts: set[int] = set()
    expect = True
    for i, t in enumerate(tokens):
        if t.kind is TokenKind.WORD or t.kind is TokenKind.NUMBER:
            if expect:
                starts.add(i)
            expect = False
        elif (t.kind is TokenKind.PUNCT and t.text in _SENTENCE_END and not _abbreviation(tokens, i)) or (
            _ends_line(t) and not soft_break(tokens, i)
        ):
            expect = True
    return starts


def _ends_line(t: Token) -> bool:
    """A newline, or a block tag, which ends a line as a newline does ("<h1>Storm Hits Coast</h1><p>The")."""
    return (t.kind is TokenKind.SPACE and "\n" in t.text) or (
        t.kind is TokenKind.OTHER and _BLOCK_TAG.match(t.text) is not None
    )


# tags that open or close a block of prose: what follows one begins a sentence ("<h1>Title</h1><p>The ...")
_BLOCK_TAG = re.compile(
    r"</?(?:p|div|br|h[1-6]|li|ul|ol|dt|dd|td|th|tr|table|title|blockquote|pre|section|article|header|footer"
    r"|aside|nav|figure|figcaption|caption|hr|main)\b",
    re.IGNORECASE,
)


TYPOGRAPHIC_APOSTROPHE = "\u2019"


def apostrophe_of(text: str) -> str:
    """The apostrophe a text writes: typographic (’) when it uses more of those than straight ones. Scraped
    news often sets every apostrophe as ’; a restoration (or an OCR repair) must not bring a straight one into such a text."""
    return TYPOGRAPHIC_APOSTROPHE if text.count(TYPOGRAPHIC_APOSTROPHE) > text.count("'") else "'"


def line_breaks(space: str) -> int:
    """Line ends in ``space``, of any convention: LF, CR LF, or the lone CR of old Mac files."""
    return space.count("\n") + space.count("\r") - space.count("\r\n")


def soft_break(tokens: Sequence[Token], i: int) -> bool:
    """Whether space token ``i`` is a line wrapped inside a sentence, as in hard-wrapped archives and e-mail:
    one newline (no blank line) after a word or a comma, before a lower-case word. A newline otherwise ends
    a line that may be a headline, a list item or a paragraph, and the next word opens a sentence.
    (A wrapped line that happens to begin with a capital is taken for a sentence start: the cost is a
    context the language model does not see, not an edit.)"""
    t = tokens[i]
    if t.kind is not TokenKind.SPACE or line_breaks(t.text) != 1 or i == 0 or i + 1 >= len(tokens):
        return False
    before, after = tokens[i - 1], tokens[i + 1]
    return (
        after.kind is TokenKind.WORD
        and after.text[:1].islower()
        and (
            before.kind is TokenKind.WORD or before.kind is TokenKind.NUMBER or before.text in _WRAPPED_AFTER
        )
    )


_WRAPPED_AFTER = frozenset(",;\u2014\u2013-")

# words a title leaves in lower case ("House of Representatives", "Secretary of State"): ``match_case`` keeps
# them small in a title-cased restoration
TITLE_SMALL = frozenset(
    "a an the of in on at to for and or but nor by with from as".split()  # noqa: SIM905
)
# ... and the prepositions a headline may leave small too ("War in the Region Has Come to an End"), when
# ``headline_words`` decides whether a line is title-cased
HEADLINE_SMALL = TITLE_SMALL | frozenset(["into", "onto", "over", "per", "up", "via"])
HEADLINE_MIN_WORDS = 3


def headline_words(tokens: Sequence[Token]) -> set[int]:
    """Word tokens of title-cased or all-caps lines ("Officers Say Warfare Has Got Here to an End").

    In such a line a capital says nothing about names, as at a sentence start; taking the headline's words
    for names made every "Officers" of the body a name too (``candidates.proper_nouns``). A line is a
    headline when it has at least ``HEADLINE_MIN_WORDS`` words beyond the small ones, every one of them
    capitalised, and it does not end with a full stop, nor run on into a lower-case word on the next line
    (``soft_break``: a hard-wrapped sentence's line full of names is no headline)."""
    out: set[int] = set()
    line: list[int] = []
    last = ""

    def close() -> None:
        big = [tokens[i].text for i in line if tokens[i].text.lower() not in HEADLINE_SMALL]
        if len(big) >= HEADLINE_MIN_WORDS and last != "." and all(w[:1].isupper() for w in big):
            out.update(line)

    for i, t in enumerate(tokens):
        if _ends_line(t):
            if not soft_break(tokens, i):  # a wrapped line runs on: it was no headline
                close()
            line, last = [], ""
        elif t.kind is TokenKind.WORD:
            line.append(i)
            last = t.text
        elif t.kind is not TokenKind.SPACE:
            last = t.text
    close()
    return out


def _abbreviation(tokens: list[Token], i: int) -> bool:
    """Whether the full stop at ``tokens[i]`` closes a capitalised abbreviation ("Mr.", "No. 10", "Jan.") or an
    initial ("J. Doe", "U.S.") rather than a sentence, or sits inside a word ("p.c", "e.g": a lower-case
    letter right after it). Lower-case abbreviations followed by a space ("no.", "etc.", "a.m.") end
    sentences often enough that the capital after them must not be taken for a name."""
    if tokens[i].text != "." or i == 0 or tokens[i - 1].kind is not TokenKind.WORD:
        return False
    if i + 1 < len(tokens) and tokens[i + 1].kind is TokenKind.WORD and tokens[i + 1].text[:1].islower():
        return True
    word = tokens[i - 1].text
    if not word[:1].isupper():
        return False
    return len(word) == 1 or word.lower() in ABBREVIATIONS


def sections(tokens: Sequence[Token], max_words: int) -> list[tuple[int, int]]:
    """(first, end) token ranges that cover ``tokens``, each of at most ``max_words`` words where a sentence
    allows it: a range ends at the last sentence start before the limit (or at the limit, inside a sentence
    longer than it). Long texts are repaired a section at a time so that memory stays bounded."""
    if sum(1 for t in tokens if t.kind is TokenKind.WORD) <= max_words:
        return [(0, len(tokens))]  # the usual case, without finding sentences twice
    starts = sentence_starts(list(tokens))
    out: list[tuple[int, int]] = []
    begin = cut = 0
    words = 0
    for i, t in enumerate(tokens):
        if t.kind is not TokenKind.WORD:
            continue
        if i in starts and i > begin:
            cut = i
        if words == max_words:
            end = cut if cut > begin else i
            out.append((begin, end))
            begin = cut = end
            words = sum(1 for u in tokens[begin:i] if u.kind is TokenKind.WORD)
        words += 1
    out.append((begin, len(tokens)))
    return out
