"""The OCR stage's dictionaries: symspellpy's English word list, its SymSpell delete index (prebuilt in
``dictionaries/ocr-index.bin`` by ``scripts/build_ocr_index.py``) and wordfreq's zipf frequencies."""

from __future__ import annotations

import marshal
import math
import re
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from symspellpy import SymSpell

    from app.engine.language import Languages

KNOWN_ZIPF = 1.5  # wordfreq says this is a word

OCR_INDEX_FILE = "ocr-index.bin"
OCR_INDEX_FORMAT = "unspin-ocr-index-2"  # 2: with the American forms (``american_forms``)
_EDIT_DISTANCE, _PREFIX = 2, 7
COUNT_THRESHOLD = 500_000  # words counted this often are indexed (``OcrModel.load``)


def _dictionary_path() -> Path:
    import symspellpy

    return Path(symspellpy.__file__).parent / "frequency_dictionary_en_82_765.txt"


def index_stamp(count_threshold: int) -> dict[str, object]:
    """What a prebuilt index depends on: symspellpy's version and dictionary, wordfreq's version (the
    American forms' source), and the index settings."""
    from importlib.metadata import version

    return {
        "format": OCR_INDEX_FORMAT,
        "symspellpy": version("symspellpy"),
        "wordfreq": version("wordfreq"),
        "dictionary_bytes": _dictionary_path().stat().st_size,
        "count_threshold": count_threshold,
        "edit_distance": _EDIT_DISTANCE,
        "prefix_length": _PREFIX,
    }


def _empty_index(count_threshold: int) -> SymSpell:
    from symspellpy import SymSpell

    return SymSpell(
        max_dictionary_edit_distance=_EDIT_DISTANCE, prefix_length=_PREFIX, count_threshold=count_threshold
    )


def build_index(count_threshold: int) -> tuple[SymSpell, dict[str, int]]:
    """SymSpell over symspellpy's English frequency list and the American forms it lacks, and the full
    word → count table."""
    path = _dictionary_path()
    sym = _empty_index(count_threshold)
    sym.load_dictionary(str(path), 0, 1)
    words: dict[str, int] = {}
    with path.open(encoding="utf-8") as f:
        for line in f:
            w, _, c = line.rstrip("\n").partition(" ")
            if c:
                words[w] = int(c)
    for word, count in american_forms(words).items():
        words[word] = count
        sym.create_dictionary_entry(word, count)
    return sym, words


AMERICAN_MIN_ZIPF = 3.0  # American forms at least this common in wordfreq's English are added
# American spelling → British, as (American part, British part, where): the British form of a word wordfreq
# knows is looked up in symspellpy's list, which is British in these words (it has *coloured* and
# *neighbour*, not *colored*, *neighbor*, *labor*, *theater*, *traveled*, *favorite*)
_BRITISH = (
    (re.compile(r"or(?=(s|ed|ing|ful|less|able|ably|ite|ites|hood|hoods|er|ers|ism|ist)?$)"), "our"),
    (re.compile(r"(?<=[bt])er(?=s?$)"), "re"),  # center, theater, fiber, caliber, liter
    (re.compile(r"(?<=met)er(?=s?$)"), "re"),  # kilometer
    (re.compile(r"iz(?=(e|es|ed|ing|er|ers|ation|ations)$)"), "is"),
    (re.compile(r"yz(?=(e|es|ed|ing|er|ers)$)"), "ys"),
    (re.compile(r"og(?=s?$)"), "ogue"),
    (re.compile(r"ense(?=(s|less)?$)"), "ence"),
    (re.compile(r"(?<=[aeiou]l)(?=(ed|ing|er|ers)$)"), "l"),  # traveled → travelled (the l doubled)
    (re.compile(r"(?<=[^ae])e(?=(mia|sthe|dia|dophil|cal|ces))"), "ae"),  # anemia, pediatric, feces
    (re.compile(r"^sk"), "sc"),
    (re.compile(r"elry$"), "ellery"),
)
# American forms no rule above reads back, with the British form symspellpy's list has
_BRITISH_WORDS = {
    "aluminum": "aluminium", "cozy": "cosy", "artifact": "artefact", "artifacts": "artefacts",
    "maneuver": "manoeuvre", "maneuvers": "manoeuvres", "afterward": "afterwards", "enrollment": "enrolment",
    "installment": "instalment", "installments": "instalments", "fulfillment": "fulfilment",
    "willful": "wilful", "willfully": "wilfully", "diarrhea": "diarrhoea", "hemorrhage": "haemorrhage",
    "orthopedic": "orthopaedic", "airplane": "aeroplane", "airplanes": "aeroplanes", "gray": "grey",
}  # fmt: skip


def american_forms(words: dict[str, int]) -> dict[str, int]:
    """American spellings that symspellpy's list lacks though it has their British twins, with counts on
    the list's scale (wordfreq's frequency times the list's total). Without them a misread *coIored* could
    only become *coloured*, and *coloored* nothing.

    Only words wordfreq rates at ``AMERICAN_MIN_ZIPF`` or more, of four letters or more, whose British
    form the list holds: the list's other gaps are names, slang and lost apostrophes (*thats*), which must
    not become repairs."""
    from wordfreq import iter_wordlist, zipf_frequency

    total = float(sum(words.values()))
    out: dict[str, int] = {}
    for w in iter_wordlist("en"):
        z = zipf_frequency(w, "en")
        if z < AMERICAN_MIN_ZIPF:
            break
        if len(w) < 4 or w in words or not (w.isalpha() and w.isascii()):
            continue
        if any(b in words for b in british_forms(w)):
            out[w] = max(1, round(10**z * total / 1e9))
    return out


def british_forms(american: str) -> set[str]:
    """The British spellings ``american`` may stand for (*colored* → coloured, *center* → centre)."""
    out = {rx.sub(repl, american, count=1) for rx, repl in _BRITISH} - {american}
    if american in _BRITISH_WORDS:
        out.add(_BRITISH_WORDS[american])
    return out


def pack_index(sym: SymSpell, words: dict[str, int], count_threshold: int) -> bytes:
    """The index as ``dictionaries/ocr-index.bin`` stores it (``scripts/build_ocr_index.py``)."""
    data = {
        "stamp": index_stamp(count_threshold),
        "deletes": dict(sym._deletes),
        "words": dict(sym._words),
        "below": dict(sym._below_threshold_words),
        "max_length": sym._max_length,
        "all_words": words,
    }
    return zlib.compress(marshal.dumps(data), 1)


def read_index(path: Path, count_threshold: int) -> tuple[SymSpell, dict[str, int]] | None:
    """A prebuilt index, or None when the file is missing, unreadable or built for another symspellpy.

    Why it sets SymSpell's private tables: symspellpy can only rebuild them (a second) or unpickle them, and
    a committed pickle could run code when loaded; ``marshal`` holds plain data. The stamp ties the file to
    the symspellpy version whose internals it mirrors, and ``tests/test_ocr.py`` checks that what it loads
    equals a fresh build."""
    from collections import defaultdict

    try:
        data = marshal.loads(zlib.decompress(path.read_bytes()))
    except (OSError, ValueError, EOFError, TypeError, zlib.error):
        return None
    if not isinstance(data, dict) or data.get("stamp") != index_stamp(count_threshold):
        return None
    sym = _empty_index(count_threshold)
    sym._deletes = defaultdict(list, data["deletes"])
    sym._words = data["words"]
    sym._below_threshold_words = data["below"]
    sym._max_length = data["max_length"]
    return sym, data["all_words"]


@dataclass
class OcrModel:
    """Dictionaries the stage reads: the SymSpell index, a full word→count table and a zipf cache."""

    sym: SymSpell
    words: dict[str, int]
    total: float
    load_seconds: float = 0.0
    # other languages' common words and function words: a foreign phrase quoted in English text is no garble
    languages: Languages | None = None
    _zipf: dict[str, float] = field(default_factory=dict)

    @classmethod
    def load(
        cls,
        count_threshold: int = COUNT_THRESHOLD,
        index: Path | None = None,
        languages: Languages | None = None,
    ) -> OcrModel:
        """SymSpell's delete index (the slow part of loading) covers only the ~30k words counted at least
        ``count_threshold`` times: a third of the full list's load time, and on the noise benchmark the same
        err and precision as indexing all 82k (rarer words are still reached through the OCR-confusion
        variants, which are looked up in ``words``, the full list that also decides what is a word).

        ``index`` (``dictionaries/ocr-index.bin``, ``scripts/build_ocr_index.py``) holds that index built
        beforehand: reading it takes about half the time of building it. It is used only when its stamp
        matches this symspellpy and these settings, else the index is built as before."""
        t0 = time.perf_counter()
        cached = read_index(index, count_threshold) if index is not None else None
        if cached is not None:
            sym, words = cached
        else:
            sym, words = build_index(count_threshold)
        model = cls(sym, words, float(sum(words.values())), languages=languages)
        model.zipf("the")  # import wordfreq now, not on the first request
        model.load_seconds = round(time.perf_counter() - t0, 3)
        return model

    def zipf(self, word: str) -> float:
        z = self._zipf.get(word)
        if z is None:
            from wordfreq import zipf_frequency

            if len(self._zipf) > 500_000:  # bounded: a service sees endless distinct garbage tokens
                self._zipf.clear()
            z = self._zipf[word] = zipf_frequency(word, "en")
        return z

    def known(self, lower: str) -> bool:
        """In the SymSpell list, or a possessive / contraction of a word in it, or seen often by wordfreq."""
        if lower in self.words:
            return True
        base = re.split(r"['’]", lower, maxsplit=1)[0]
        if base != lower and (base in self.words or self.zipf(base) >= KNOWN_ZIPF):
            return True
        return self.zipf(lower) >= KNOWN_ZIPF

    def unigram(self, word: str) -> float:
        c = self.words.get(word)
        return math.log(c / self.total) if c else math.log(0.5 / self.total)
