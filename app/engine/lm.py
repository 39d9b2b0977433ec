"""Language models behind one small interface.

The decoder only asks ``logprob(word, context)``: natural-log probability of a lower-cased ``word`` after the
lower-cased ``context`` (most recent word last, ``"<s>"`` marks a sentence start). Any model that answers that
question can be swapped in: the package baseline below, or the n-gram model built by ``scripts/``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

BOS = "<s>"
EOS = "</s>"
NUM = "<num>"

# Punctuation the language model keeps as tokens of its own: it says much about the word beside it ("..., he
# said." ends sentences where "he told." rarely does; "said:" and ", said economist" are news formulas).
# Sentence-final full stops are not tokens (``</s>`` stands for them) and neither are abbreviation dots.
_PUNCT_TOKENS = {
    ",": ",",
    ";": ";",
    ":": ":",
    "?": "?",
    "!": "!",
    '"': '"',
    "“": '"',
    "”": '"',
    "„": '"',
    "«": '"',
    "»": '"',
    "'": "'",
    "‘": "'",
    "’": "'",
    "(": "(",
    "[": "(",
    ")": ")",
    "]": ")",
    "-": "-",
    "–": "-",
    "—": "-",
    "$": "$",
    "£": "£",
    "€": "€",
    "%": "%",
    "&": "&",
    "/": "/",
}


def context_token(kind: str, text: str) -> str | None:
    """The language model's token for a non-word token of the text (``kind`` a ``TokenKind`` value), or None
    for what it skips (spaces, full stops, markup, URLs). Shared by the model's builder and the decoder, so
    that what was counted and what is asked agree."""
    if kind == "number":
        return NUM
    if kind == "punct":
        return _PUNCT_TOKENS.get(text)
    return None


class LanguageModel(Protocol):
    order: int
    name: str
    punctuation: bool  # whether contexts should carry ``context_token`` punctuation and numbers

    def logprob(self, word: str, context: tuple[str, ...]) -> float: ...

    def unigram_logprob(self, word: str) -> float: ...

    def register(self, word: str) -> float:
        """How much more news-like than encyclopedic a word is, in nats (0 for a model that cannot tell)."""
        ...


def logprob_after(lm: LanguageModel, context: Sequence[str], tokens: Sequence[str]) -> float:
    """log P(tokens | context): each token after the last ``order - 1`` of those before it. For the stages
    that weigh a few readings of a short stretch of text (spintax options, a misread comma)."""
    keep = max(1, lm.order - 1)
    history = list(context)
    total = 0.0
    for t in tokens:
        total += lm.logprob(t, tuple(history[-keep:]))
        history.append(t)
    return total


class PackageBigramLM:
    """Stupid-backoff bigram model over the unigram and bigram lists that ship inside symspellpy.

    Weak (a few hundred thousand bigrams, no trigrams) but always available: it is the fallback when the
    committed n-gram model is missing, and the baseline the stronger model is measured against.
    """

    order = 2
    name = "package-bigram"
    punctuation = False
    BACKOFF = math.log(0.4)

    def __init__(self, unigram_file: Path, bigram_file: Path) -> None:
        self.uni: dict[str, int] = {}
        with unigram_file.open(encoding="utf-8") as f:
            for line in f:
                w, _, c = line.rstrip("\n").partition(" ")
                if c:
                    self.uni[w] = int(c)
        self.bi: dict[tuple[str, str], int] = {}
        with bigram_file.open(encoding="utf-8") as f:
            for line in f:
                parts = line.split()
                if len(parts) == 3:
                    self.bi[(parts[0], parts[1])] = int(parts[2])
        self.total = float(sum(self.uni.values()))
        self.floor = math.log(0.5 / self.total)
        # sentence-start counts are missing from the lists: treat <s> like a frequent word
        self.uni.setdefault(BOS, int(self.total / 20))

    @classmethod
    def from_symspellpy(cls) -> PackageBigramLM:
        import symspellpy

        base = Path(symspellpy.__file__).parent
        return cls(
            base / "frequency_dictionary_en_82_765.txt", base / "frequency_bigramdictionary_en_243_342.txt"
        )

    def unigram_logprob(self, word: str) -> float:
        c = self.uni.get(word)
        return math.log(c / self.total) if c else self.floor

    def register(self, word: str) -> float:
        return 0.0  # one general-English list: no register to tell

    def logprob(self, word: str, context: tuple[str, ...]) -> float:
        if context:
            prev = context[-1]
            c = self.bi.get((prev, word))
            if c:
                return math.log(c / self.uni.get(prev, c * 2))
        return self.BACKOFF + self.unigram_logprob(word)
