"""Character references in scraped prose: repair the text they stand for, edit the source as it is written.

Crawlers post raw HTML, where *can’t* is often ``can&rsquo;t``, a quote ``&ldquo;`` and a space ``&nbsp;``.
To the tokenizer a reference is an opaque token, so ``are able to&rsquo;t`` is not the spun *are able to’t*,
``," he stated`` loses the quote the language model keys on, and ``White&nbsp;Home`` is not two words.

``view_of`` decodes the references that stand for prose characters into a *view* of the text, keeping for
every view position its offset in the source; the pipeline repairs the view and ``EntityView.to_source``
maps each edit back: exact source offsets, the source's own characters as ``original``, and the
replacement spelled as the source spells those characters (``can&rsquo;t``). Everything the engine does not
edit comes back byte for byte, references included.

``&amp;``, ``&lt;`` and ``&gt;`` stay as they are: decoded, they could turn text into markup for the
tokenizer. References inside tags and URLs stay too (the tokenizer already keeps those whole).
"""

from __future__ import annotations

import html
import unicodedata
from collections import Counter
from dataclasses import dataclass, replace

from app.engine.tokens import tokenize
from app.engine.types import Edit, Token, TokenKind

_KEPT = frozenset("<>&")


@dataclass(frozen=True, slots=True)
class EntityView:
    """The decoded text, and where each of its characters (and its end) starts in the source."""

    source: str
    text: str
    offsets: tuple[int, ...]  # len(text) + 1 source offsets; offsets[-1] == len(source)
    spelled: dict[str, str]  # a decoded character -> the reference the source writes it with most often

    def to_source(self, edit: Edit) -> Edit:
        """``edit`` (offsets into ``text``) as an edit of ``source``."""
        start, end = self.offsets[edit.start], self.offsets[edit.end]
        original = self.source[start:end]
        refs, plain = self._written(edit.start, edit.end)
        # a character the span writes plainly stays plain in its replacement
        written = {c: ref for c, ref in {**self.spelled, **refs}.items() if c not in plain}
        alternatives = tuple(
            replace(a, replacement=_spell(a.replacement, written)) for a in edit.alternatives
        )
        return replace(
            edit,
            start=start,
            end=end,
            original=original,
            replacement=_spell(edit.replacement, written),
            alternatives=alternatives,
        )

    def _written(self, start: int, end: int) -> tuple[dict[str, str], str]:
        """How the source writes ``text[start:end]``: the references it uses, by the character each stands
        for (the first one wins), and the characters it writes as themselves."""
        refs: dict[str, str] = {}
        plain: list[str] = []
        for i in range(start, end):
            char, written = self.text[i], self.source[self.offsets[i] : self.offsets[i + 1]]
            if written == char:
                plain.append(char)
            else:
                refs.setdefault(char, written)
        return refs, "".join(plain)


def view_of(source: str) -> EntityView | None:
    """The view of ``source`` with prose references decoded, or None when it has none (the usual case)."""
    if "&" not in source:
        return None
    parts: list[str] = []
    offsets: list[int] = []
    seen: Counter[tuple[str, str]] = Counter()
    for t in tokenize(source):
        char = _decoded(t)
        if char is None:
            parts.append(t.text)
            offsets.extend(range(t.start, t.end))
        else:
            parts.append(char)
            offsets.append(t.start)
            seen[char, t.text] += 1
    if not seen:
        return None
    offsets.append(len(source))
    text = "".join(parts)
    spelled: dict[str, str] = {}
    for (char, ref), n in seen.most_common():
        # a reference speaks for the text only where it outnumbers the character written plainly
        if char not in spelled and n > source.count(char):
            spelled[char] = ref
    return EntityView(source, text, tuple(offsets), spelled)


def _decoded(token: Token) -> str | None:
    """The one prose character a reference token stands for, or None (not a reference, markup, control)."""
    ref = token.text
    if token.kind is not TokenKind.OTHER or not (ref.startswith("&") and ref.endswith(";")) or len(ref) < 3:
        return None
    char = html.unescape(ref)
    if char == ref or len(char) != 1 or char in _KEPT:
        return None
    if unicodedata.category(char) in ("Cc", "Cs", "Co", "Cn") and not char.isspace():
        return None
    return char


def _spell(text: str, written: dict[str, str]) -> str:
    """``text`` with each character the source writes as a reference written that way."""
    if not written or not any(c in written for c in text):
        return text
    return "".join(written.get(c, c) for c in text)
