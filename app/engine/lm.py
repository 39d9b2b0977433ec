"""Language models behind one small interface.

The decoder only asks ``logprob(word, context)``: natural-log probability of a lower-cased ``word`` after the
lower-cased ``context`` (most recent word last, ``"<s>"`` marks a sentence start). Any model that answers that
question can be swapped in: the package baseline below, or the n-gram model built by ``scripts/``.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Protocol

BOS = "<s>"


class LanguageModel(Protocol):
    order: int
    name: str

    def logprob(self, word: str, context: tuple[str, ...]) -> float: ...

    def unigram_logprob(self, word: str) -> float: ...


class PackageBigramLM:
    """Stupid-backoff bigram model over the unigram and bigram lists that ship inside symspellpy.

    Weak (a few hundred thousand bigrams, no trigrams) but always available: it is the fallback when the
    committed n-gram model is missing, and the baseline the stronger model is measured against.
    """

    order = 2
    name = "package-bigram"
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

    def logprob(self, word: str, context: tuple[str, ...]) -> float:
        if context:
            prev = context[-1]
            c = self.bi.get((prev, word))
            if c:
                return math.log(c / self.uni.get(prev, c * 2))
        return self.BACKOFF + self.unigram_logprob(word)
