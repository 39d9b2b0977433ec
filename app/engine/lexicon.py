"""The two dictionaries that propose restorations: the reverse thesaurus and the phrase dictionary.

Why two: a thesaurus swap changes one lemma (``said`` → ``stated``) and is undone on lemmas with the part of
speech, then re-inflected by the caller; a phrase rewrite (``through`` → ``by way of``, ``can't`` →
``are able to't``) is a surface pattern no thesaurus holds, undone on the exact lower-cased words.

Both answer with :class:`Restoration` values whose ``logp`` is the channel probability log P(spun | original)
under a sense-blind spinner model, best first. The thesaurus is built by ``scripts/build_thesaurus.py``;
``dictionaries/phrases.tsv`` is curated by hand (see ``dictionaries/SOURCES.md``).
"""

from __future__ import annotations

import marshal
import math
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from app.engine.tokens import tokenize
from app.engine.types import TokenKind

THESAURUS_FILE = "thesaurus.bin"
POS_TAGS = ("n", "v", "a", "r")
_CACHE_LIMIT = 100_000


Readings = Callable[[str], Iterable[tuple[str, str, str]]]  # a word's (pos, lemma, tag) readings
Shares = tuple[tuple[str, float], ...]  # (thesaurus, its share of a pair's P(spun | original)), summing to 1


def pack_shares(shares: Shares) -> str:
    """``Shares`` as ``Candidate.thesauri`` carries them ("wn:0.632,mythes:0.368"): candidates are many and only
    a few distinct share rows occur in a document, so they stay strings (hashed once) until they are weighed."""
    return ",".join(f"{t}:{v!r}" for t, v in shares)


def unpack_shares(packed: str) -> Shares:
    return tuple((t, float(v)) for t, v in (p.split(":") for p in packed.split(","))) if packed else ()


class LexiconError(ValueError):
    """A dictionary file is missing or malformed; the message names the file (and line)."""


@dataclass(frozen=True, slots=True)
class Restoration:
    original: str  # lower-case original: a lemma for the thesaurus, a surface form for phrases
    logp: float  # log P(spun | original) under a sense-blind spinner model, <= 0
    sources: str  # e.g. "wn,moby" or "phrases"


def normalize(surface: str) -> str:
    """The lookup key of a surface string: lower case, typographic apostrophes folded, hyphens as spaces.

    Hyphens fold to spaces because spinners write WordNet's ``in-migration`` as ``in migration`` and the
    tokenizer splits ``hand-held`` into two words anyway.
    """
    return " ".join(surface.replace("\u2019", "'").replace("-", " ").lower().split())


class ReverseThesaurus:
    """Spun lemma + POS → plausible original lemmas, parsed lazily from packed strings.

    Why packed strings: the built file holds about a million pairs; unpacking them all into tuples at start-up
    would cost seconds, while one ``marshal`` load of plain strings takes a fraction of a second.
    """

    def __init__(
        self,
        rev: Mapping[str, str],
        fwd: Mapping[str, str],
        meta: Mapping[str, object],
        norm: Mapping[str, str] | None = None,
    ) -> None:
        self._rev = rev
        self._fwd = fwd
        self._norm = norm or {}
        bits = meta.get("bits", {})
        self._bit_names: list[tuple[int, str]] = sorted(
            (int(v), str(k)) for k, v in (bits.items() if isinstance(bits, dict) else [])
        )
        built = meta.get("sources")
        #: the source thesauri, in the order of the normalisers in ``norm``
        self.thesauri: tuple[str, ...] = (
            tuple(str(t) for t in built)
            if isinstance(built, list)
            else tuple(name for _bit, name in self._bit_names)
        )
        mw = meta.get("max_words", 1)
        self.max_words: int = mw if isinstance(mw, int) else 1
        self.meta = dict(meta)
        self._cache: dict[str, tuple[Restoration, ...]] = {}
        self._tags: dict[int, str] = {}
        self._ends: (
            tuple[frozenset[str], dict[str, frozenset[str]], dict[str, frozenset[tuple[str, str]]]] | None
        ) = None
        self._stems: tuple[frozenset[str], frozenset[str], bool] | None = None  # ``may_extend``'s index
        # precomputed candidate rankings and the unigram model they were ranked with (app.engine.candidates)
        self.ranked: tuple[Callable[[str], float], Mapping[str, str]] | None = None

    @classmethod
    def load(cls, directory: Path) -> ReverseThesaurus:
        path = Path(directory) / THESAURUS_FILE
        try:
            data = marshal.loads(zlib.decompress(path.read_bytes()))
        except FileNotFoundError as e:
            raise LexiconError(f"{path}: thesaurus not built (run scripts/build_thesaurus.py)") from e
        except (zlib.error, ValueError, EOFError, TypeError) as e:
            raise LexiconError(f"{path}: unreadable thesaurus ({e})") from e
        if not isinstance(data, dict) or not {"meta", "rev", "fwd"} <= data.keys():
            raise LexiconError(f"{path}: not a thesaurus file")
        return cls(data["rev"], data["fwd"], data["meta"], data.get("norm"))

    @property
    def n_keys(self) -> int:
        return len(self._rev)

    def _sources(self, bits: int) -> str:
        tag = self._tags.get(bits)
        if tag is None:
            tag = ",".join(name for bit, name in self._bit_names if bits & bit)
            self._tags[bits] = tag
        return tag

    def lookup(self, spun_lemma: str, pos: str, limit: int = 0) -> tuple[Restoration, ...]:
        """Originals that a spinner may have replaced by ``spun_lemma`` (a lemma of part of speech ``pos``),
        best first; only the first ``limit`` of them when it is positive (the candidate stage keeps a few dozen,
        and a Moby key can hold hundreds: parsing only what is kept is cheaper on a cold cache).

        Best first means most probable before context, ``logp + log P(original)`` with a wordfreq unigram
        prior: ``logp`` alone favours rare originals with few synonyms, and callers that keep only the first
        few candidates would lose the likely ones (for spun "figure", "number" ranks far down by ``logp`` alone).
        """
        key = f"{pos}\t{normalize(spun_lemma)}"
        cache_key = f"{key}\t{limit}" if limit > 0 else key
        hit = self._cache.get(cache_key)
        if hit is not None:
            return hit
        result = self._unpack(self._rev.get(key, ""), limit)
        if len(self._cache) < _CACHE_LIMIT:
            self._cache[cache_key] = result
        return result

    def shares(self, lemma: str, pos: str, sources: str) -> Shares:
        """How the pair's mean P(spun | original) splits among the thesauri that hold it (``sources``, e.g.
        "wn,mythes"): each holds P_t = f(spun)^b / norm_t(original), so its share is 1 / norm_t over the sum.
        Why: a document's spinner uses one thesaurus or a few (``score.thesaurus_fit``), and a pair that
        WordNet's three synonyms of "said" share weighs more for WordNet than Moby's sixty do for Moby. Equal
        shares when the file holds no normalisers (built before session 12)."""
        names = sources.split(",") if sources else []
        packed = self._norm.get(f"{pos}\t{lemma}")
        if packed:
            norm = dict(zip(self.thesauri, packed.split(","), strict=False))
            inv = {t: 1.0 / float(norm[t]) for t in names if norm.get(t)}
            if len(inv) == len(names) and inv:
                total = sum(inv.values())
                return tuple((t, round(v / total, 3)) for t, v in inv.items())  # 3 digits: a lean table
        return tuple((t, round(1.0 / len(names), 3)) for t in names)

    def multiword_keys(self) -> Iterator[tuple[str, str]]:
        """(pos, lemma phrase) of every multi-word key, e.g. ("v", "give up") (``scripts/build_ranked.py``)."""
        for k in self._rev:
            if " " in k:
                pos, text = k.split("\t", 1)
                yield pos, text

    def may_extend(self, key: str) -> bool:
        """Whether a wider span that begins with the normalised words ``key`` may match a multi-word key, by the
        rules of ``may_hold``: an exact key, or a verb key with any first word, or another key with any last
        word. Why: the candidate stage widens each span word by word up to five, and most runs of two words
        begin no key at all ("said that"), so it stops there instead of asking three more times."""
        if self._stems is None:
            keys, verb_heads, _tails = self._index_ends()
            self._stems = (_proper_prefixes(keys), _proper_prefixes(verb_heads), bool(verb_heads))
        exact_stems, rest_stems, verbs = self._stems
        if key in exact_stems:
            return True
        _first, _, rest = key.partition(" ")
        return rest in rest_stems if rest else verbs

    def may_hold(self, phrase: str, readings: Readings | None = None) -> bool:
        """False when no multi-word key can match ``phrase``, whichever end word is lemmatised.

        Why: the candidate stage asks about every run of up to five words, and nearly all of them ("said that
        the") are in no thesaurus; lemmatising both end words of each to find that out was a quarter of the
        engine's time on a cold cache. A key matches only if it is the phrase itself, or if the phrase minus
        its first word ends a verb key (the verb is lemmatised: "gave up" → "give up"), or minus its last word
        begins another key (the noun is: "vice chairmen" → "vice chairman"). One-word phrases always may.

        With ``readings`` (``candidates.analyses``: a word's (pos, lemma, tag) readings) the end word must also
        have a reading of the key's part of speech whose lemma completes the key. That is the very test the
        lookup makes (``candidates.thesaurus_restorations``), so no match is lost; without it, "of the" passes
        because some verb key ends in "the", and 19 runs in 20 that passed were then looked up in vain
        (session 12).
        """
        words = normalize(phrase).split(" ")
        if len(words) < 2:
            return True
        keys, verb_heads, other_tails = self._index_ends()
        if " ".join(words) in keys:
            return True
        firsts = verb_heads.get(" ".join(words[1:]))
        lasts = other_tails.get(" ".join(words[:-1]))
        if readings is None:
            return bool(firsts or lasts)
        if firsts and any(pos == "v" and lemma in firsts for pos, lemma, _tag in readings(words[0])):
            return True
        if lasts:
            return any(pos != "v" and (pos, lemma) in lasts for pos, lemma, _tag in readings(words[-1]))
        return False

    def _index_ends(
        self,
    ) -> tuple[frozenset[str], dict[str, frozenset[str]], dict[str, frozenset[tuple[str, str]]]]:
        """The multi-word keys; for each verb key's words after the first, the first words it may have; for
        each other key's words before the last, the (pos, last word) pairs it may have. Built once, on first
        use (``may_hold``, ``may_extend``)."""
        if self._ends is not None:
            return self._ends
        keys: set[str] = set()
        heads: dict[str, set[str]] = {}
        tails: dict[str, set[tuple[str, str]]] = {}
        for pos, text in self.multiword_keys():
            keys.add(text)
            w = text.split(" ")
            if pos == "v":
                heads.setdefault(" ".join(w[1:]), set()).add(w[0])
            else:
                tails.setdefault(" ".join(w[:-1]), set()).add((pos, w[-1]))
        self._ends = (
            frozenset(keys),
            {k: frozenset(v) for k, v in heads.items()},
            {k: frozenset(v) for k, v in tails.items()},
        )
        return self._ends

    def _unpack(self, packed: str, limit: int = 0) -> tuple[Restoration, ...]:
        if not packed:
            return ()
        lines = packed.split("\n", limit)[:limit] if limit > 0 else packed.split("\n")
        rows = (line.split("\t") for line in lines)
        return tuple(Restoration(o, float(lp), self._sources(int(b))) for o, lp, b in rows)

    def pairs(self) -> Iterator[tuple[str, str, Restoration]]:
        """Every (pos, spun lemma, restoration), uncached: slow (seconds), for benchmarks and tools."""
        for key, packed in self._rev.items():
            pos, spun = key.split("\t", 1)
            for r in self._unpack(packed):
                yield pos, spun, r

    def forward(self, original_lemma: str, pos: str) -> tuple[str, ...]:
        """Synonyms a spinner may put for ``original_lemma`` (most likely first): used by bench spinners."""
        packed = self._fwd.get(f"{pos}\t{normalize(original_lemma)}")
        return tuple(packed.split("\t")) if packed else ()


def _proper_prefixes(phrases: Iterable[str]) -> frozenset[str]:
    """Every run of a phrase's first words that is shorter than the phrase ("vice", not "vice chairman")."""
    out: set[str] = set()
    for phrase in phrases:
        words = phrase.split(" ")
        out.update(" ".join(words[:i]) for i in range(1, len(words)))
    return frozenset(out)


THESAURI_LINE = "# thesauri:"


def _parse_weights(path: Path, n: int, text: str) -> dict[str, float]:
    out: dict[str, float] = {}
    for item in text.split():
        name, _, value = item.partition("=")
        try:
            w = float(value)
        except ValueError:
            raise LexiconError(f"{path}:{n}: thesaurus weight {item!r} is not name=number") from None
        if not name or not math.isfinite(w) or w < 0:
            raise LexiconError(f"{path}:{n}: thesaurus weight {item!r} must be name=number >= 0")
        out[name] = w
    return out


class PhraseDictionary:
    """Exact surface rewrites (``by way of`` → ``through``), keyed by the lower-cased spun words.

    Originals keep the case written in the file (``White House``); ordinary entries are lower case.
    """

    def __init__(
        self, entries: Mapping[str, Mapping[str, float]] | None = None, source: str = "phrases"
    ) -> None:
        self._entries: dict[str, dict[str, tuple[float, str]]] = {}
        self._numbers: frozenset[str] | None = None
        # derived from the entries on first use, dropped when an entry is added (``_changed``)
        self._stems: frozenset[str] | None = None
        self._max_words: int | None = None
        self._sorted: dict[str, tuple[Restoration, ...]] = {}
        #: a site's thesaurus weights (a profile's ``# thesauri:`` line, written by ``unspin learn``), if any
        self.thesaurus_weights: dict[str, float] | None = None
        for spun, originals in (entries or {}).items():
            for original, logp in originals.items():
                self._add(spun, original, logp, source)

    def _add(self, spun: str, original: str, logp: float, source: str) -> None:
        self._changed()
        self._entries.setdefault(normalize(spun), {})[" ".join(original.split())] = (logp, source)

    def _changed(self) -> None:
        self._numbers = self._stems = self._max_words = None
        self._sorted = {}

    @property
    def max_words(self) -> int:
        if self._max_words is None:
            self._max_words = max((k.count(" ") + 1 for k in self._entries), default=0)
        return self._max_words

    def continues(self, key: str) -> bool:
        """Whether some longer entry begins with the normalised ``key`` and a word break (a space, the full
        stop of "p.c. of", or the apostrophe of "1000's"). Why: the candidate stage widens a span word by word,
        and stops as soon as no dictionary could match a wider one."""
        if self._stems is None:
            self._stems = frozenset(k[:i] for k in self._entries for i, c in enumerate(k) if c in " .'")
        return key in self._stems

    @property
    def number_words(self) -> frozenset[str]:
        """The number tokens of the spun phrases ("12" of "final 12 months" → last year, "3rd" of "a 3rd"):
        numbers are not word slots unless a phrase may need them (``candidates.word_slots``)."""
        if self._numbers is None:
            self._numbers = frozenset(
                t.text
                for k in self._entries
                if any(c.isdigit() for c in k)
                for t in tokenize(k)
                if t.kind is TokenKind.NUMBER
            )
        return self._numbers

    def __len__(self) -> int:
        return sum(len(v) for v in self._entries.values())

    @classmethod
    def load(cls, path: Path) -> PhraseDictionary:
        """Read ``spun<TAB>original[<TAB>logp[<TAB>note]]`` lines; ``#`` starts a comment line. One comment
        line may carry a site's thesaurus weights, ``# thesauri: wn=0.72 moby=0.10 mythes=0.18`` (a comment,
        so that older versions still read the file)."""
        path = Path(path)
        d = cls()
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as e:
            raise LexiconError(f"{path}: cannot read phrase dictionary ({e})") from e
        for n, line in enumerate(text.splitlines(), 1):
            if line.startswith(THESAURI_LINE):
                d.thesaurus_weights = _parse_weights(path, n, line[len(THESAURI_LINE) :])
                continue
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            fields = line.split("\t")
            spun, original = [*fields, "", ""][:2]
            if not spun.strip() or not original.strip():
                raise LexiconError(
                    f"{path}:{n}: expected 'spun<TAB>original[<TAB>logp[<TAB>note]]', got {line!r}"
                )
            logp = -1.0
            if len(fields) > 2 and fields[2].strip():
                try:
                    logp = float(fields[2])
                except ValueError:
                    raise LexiconError(f"{path}:{n}: logp {fields[2]!r} is not a number") from None
                if not (math.isfinite(logp) and logp <= 0):
                    raise LexiconError(f"{path}:{n}: logp {fields[2]!r} must be a finite number <= 0")
            d._add(spun, original, logp, "phrases")
        return d

    @classmethod
    def from_pairs(cls, pairs: Iterable[tuple[str, str]], logp: float = -1.0) -> PhraseDictionary:
        """Per-call extra pairs (``RepairOptions.extra_phrases``); empty strings are an error."""
        d = cls()
        for spun, original in pairs:
            if not spun.strip() or not original.strip():
                raise LexiconError(f"empty phrase in pair ({spun!r}, {original!r})")
            d._add(spun, original, logp, "phrases")
        return d

    def merged(self, other: PhraseDictionary) -> PhraseDictionary:
        """A new dictionary with both sets of entries; ``other`` wins where both hold the same pair."""
        out = PhraseDictionary()
        for src in (self, other):
            for spun, originals in src._entries.items():
                out._entries.setdefault(spun, {}).update(originals)
        out._changed()
        return out

    def items(self) -> Iterator[tuple[str, Restoration]]:
        """Every (spun phrase, restoration) pair, e.g. to run the dictionary in reverse as a spinner."""
        for spun in self._entries:
            for r in self.lookup(spun):
                yield spun, r

    def lookup(self, spun_surface: str) -> tuple[Restoration, ...]:
        return self.lookup_key(normalize(spun_surface))

    def lookup_key(self, key: str) -> tuple[Restoration, ...]:
        """``lookup`` of a key already ``normalize``d (the candidate stage normalises each span once)."""
        hit = self._sorted.get(key)
        if hit is None:
            originals = self._entries.get(key)
            if not originals:
                return ()
            ranked = sorted(originals.items(), key=lambda kv: (-kv[1][0], kv[0]))
            hit = self._sorted[key] = tuple(Restoration(o, lp, src) for o, (lp, src) in ranked)
        return hit
