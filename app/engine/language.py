"""Is this English? Whole texts and single words, from ``dictionaries/languages.json``.

A crawler posts what it scraped, and some of it is French, Spanish or German. unspin's thesauri and OCR
dictionaries are English: run on another language they "correct" its words into English ones (*hausse* →
house, *medida* → media). So a text that is not English is returned untouched, and inside an English text
a common word of another language (a quoted name, "le plan de relance") is not taken for OCR garble.

The file is built by ``scripts/build_languages.py`` from wordfreq's word lists.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

LANGUAGES_FILE = "languages.json"
# a text needs this many function words (of any language) before it is judged; fewer say nothing
MIN_FUNCTION_WORDS = 8
# English must hold at least this share of the function words the text uses
MIN_ENGLISH_SHARE = 0.5
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


@dataclass(frozen=True)
class Languages:
    """Function words per language, and common words of other languages that English rarely writes."""

    english: frozenset[str]
    # each other language's function words, without those English shares ("a", "in", "die", "son"): word →
    # the languages it belongs to, so a text is read once whatever the number of languages
    others: dict[str, tuple[str, ...]]
    foreign: frozenset[str]

    @classmethod
    def load(cls, directory: Path) -> Languages | None:
        path = directory / LANGUAGES_FILE
        if not path.is_file():
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
        function: dict[str, list[str]] = data["function"]
        english = frozenset(function["en"])
        others: dict[str, tuple[str, ...]] = {}
        for lang, words in function.items():
            if lang == "en":
                continue
            for w in set(words) - english:
                others[w] = (*others.get(w, ()), lang)
        return cls(english, others, frozenset(data["foreign"]))

    def english_share(self, words: Iterable[str]) -> float | None:
        """English's share of the function words in ``words`` against the best other language's, or None when
        the text has too few to tell (a headline, a list of names). Only lower-case words count: capitals are
        names and initials ("U.S.", "von der Leyen"), whatever language they come from."""
        en = 0
        other: Counter[str] = Counter()
        for w in words:
            if not w.islower():
                continue
            if w in self.english:
                en += 1
            else:
                other.update(self.others.get(w, ()))
        best = max(other.values(), default=0)
        if en + best < MIN_FUNCTION_WORDS:
            return None
        return en / (en + best)

    def is_english(self, text: str) -> bool:
        """False only when the text clearly is another language: ``MIN_FUNCTION_WORDS`` function words at
        least, and fewer than ``MIN_ENGLISH_SHARE`` of them English. Mixed or short texts count as English."""
        share = self.english_share(_WORD.findall(text))
        return share is None or share >= MIN_ENGLISH_SHARE
