"""Build ``dictionaries/languages.json``: what unspin needs to tell English prose from other languages.

    python scripts/build_languages.py [--out dictionaries/languages.json]

Two things, both read from wordfreq's own word lists (a PyPI package unspin already depends on; nothing is
downloaded):

* ``function``: each language's 100 commonest words. A text whose words are more often another language's
  common words than English ones is not English, and ``repair`` leaves it alone: its thesaurus and OCR
  stages would only "correct" a French or Spanish article into English-looking nonsense.
* ``foreign``: common words of other languages (zipf >= ``MIN_ZIPF`` there, at least ``MIN_LEN`` letters)
  that English rarely uses (zipf < ``MAX_EN_ZIPF``): *hausse*, *medida*, *relance*. In an English text such a
  word is a quoted name or phrase ("le plan de relance"), not OCR garble one letter from an English word, so the
  OCR stage keeps it. Garbles of English words are almost never common words of another language (they are
  zipf 0 everywhere: *govemment*, *rnay*, *Frlday*); the short ones that are (*bis* for his, *ou* for on) are
  shorter than ``MIN_LEN`` and stay repairable. A word that could be two English words run together
  (*andare*: "and are", *allround*) is left out, so the OCR stage may still split it.

Loading wordfreq's other languages takes about 4 s and 300 MB, too slow for the service's start, hence a
prebuilt file (about 1 MB) instead.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
from pathlib import Path

import wordfreq

ROOT = Path(__file__).resolve().parent.parent
# Latin-script languages a crawler of English news meets most (wordfreq's codes)
LANGUAGES = ("fr", "de", "es", "it", "pt", "nl", "sv", "da", "nb", "pl", "ro", "ca", "cs")
FUNCTION_WORDS = 100
MIN_ZIPF = 3.5
MAX_EN_ZIPF = 2.0
MIN_LEN = 5
SPLIT_ZIPF = 4.0
SCAN = 60_000  # how far down each language's list to look (zipf 3.0 is well above its end)


def function_words(lang: str) -> list[str]:
    return [w for w in wordfreq.top_n_list(lang, FUNCTION_WORDS * 2) if w.isalpha()][:FUNCTION_WORDS]


def foreign_words() -> list[str]:
    found: set[str] = set()
    for lang in LANGUAGES:
        for w in wordfreq.top_n_list(lang, SCAN):
            if len(w) < MIN_LEN or not w.isalpha():
                continue
            if wordfreq.zipf_frequency(w, lang) < MIN_ZIPF:
                break
            if wordfreq.zipf_frequency(w, "en") < MAX_EN_ZIPF and not _english_pair(w):
                found.add(w)
    return sorted(found)


def _english_pair(word: str) -> bool:
    """Whether ``word`` splits into two common English words of three letters or more."""
    return any(
        wordfreq.zipf_frequency(word[:i], "en") >= SPLIT_ZIPF
        and wordfreq.zipf_frequency(word[i:], "en") >= SPLIT_ZIPF
        for i in range(3, len(word) - 2)
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=ROOT / "dictionaries" / "languages.json")
    args = ap.parse_args()
    data = {
        "source": f"wordfreq {importlib.metadata.version('wordfreq')}",  # the module has no __version__
        "min_zipf": MIN_ZIPF,
        "max_en_zipf": MAX_EN_ZIPF,
        "min_len": MIN_LEN,
        "function": {lang: function_words(lang) for lang in ("en", *LANGUAGES)},
        "foreign": foreign_words(),
    }
    args.out.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{args.out}: {len(data['foreign'])} foreign words, {args.out.stat().st_size / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
