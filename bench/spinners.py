#!/usr/bin/env python3
"""Generate spun test cases with several spinners of our own, to measure how unspin generalises.

Why our own spinners: the shared evaluation sets come from one family of spinners; a repairer tuned on them can
look better than it is. These spinners differ in thesaurus (WordNet only, Moby/Aiksaurus only, MyThes only),
in choice policy (uniform or frequency-weighted over synonyms), in rate (0.1-0.3) and in style (phrase
rewrites from the phrase table run in reverse, inflection slips, contraction expansion and mangling). The
"roundtrip" spinner is a scraper site's kind: it rewrites from its own map (``bench/data/roundtrip_map.tsv``,
written apart from the engine's phrase table), so it measures how much of such a map the engine restores.

Rules every spinner keeps: only word tokens change, everything else stays byte-exact; capitalisation of the
replaced word is carried over; verbs and nouns are re-inflected with lemminflect; capitalised words inside a
sentence (names) are left alone.

Usage::

    .venv/bin/python bench/spinners.py                       # bench/data/sample_clean.txt, all spinners
    .venv/bin/python bench/spinners.py docs.jsonl a.txt --spinners wn-common,phrase --out cases.jsonl
    .venv/bin/python bench/spinners.py docs.jsonl --phrase-share 0.5 --out cases.jsonl   # each knows half the phrases
    .venv/bin/python bench/spinners.py docs.jsonl --headline title --out cases.jsonl   # a Title Cased headline first

Inputs: JSONL lines ``{"id", "text"}`` or ``.txt`` files (documents separated by a line ``---``).
Output: JSONL ``{"id", "spun", "original", "spinner"}``, one line per document and spinner.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import sys
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lemminflect import getAllInflections, getAllLemmas, getInflection

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.engine.lexicon import PhraseDictionary, ReverseThesaurus  # noqa: E402
from app.engine.tokens import HEADLINE_SMALL, sentence_starts, tokenize  # noqa: E402
from app.engine.types import Token, TokenKind  # noqa: E402

SAMPLE = ROOT / "bench" / "data" / "sample_clean.txt"
ROUNDTRIP_MAP = ROOT / "bench" / "data" / "roundtrip_map.tsv"
_UPOS = {"NOUN": "n", "VERB": "v", "ADJ": "a", "ADV": "r"}
_PENN_POS = {"N": "n", "V": "v", "J": "a", "R": "r"}
# Words cheap spinners leave alone: grammar words whose swap would break every sentence.
_STOP_WORDS = (
    "a an the and or but if of to in on at by for with from as is are was were be been being am have has had "
    "do does did not no so than that this these those there their they them it its he him his she her we us our "
    "you your i me my who whom which what when where why how will would can could shall should may might must"
)
_STOP = frozenset(_STOP_WORDS.split())
# Never rewrite bare grammar words with a phrase ("to" -> "so that you can" everywhere is harsher than real spinners).
_PHRASE_STOP_WORDS = "to so on about if but a the and of in for with as at by is are was were it he she"
_PHRASE_STOP = frozenset(_PHRASE_STOP_WORDS.split())
_CONTRACTIONS = {
    "can't": ["can not", "cannot", "are able to't"],
    "won't": ["will not", "gained't"],
    "don't": ["do not"],
    "doesn't": ["does not"],
    "didn't": ["did not"],
    "isn't": ["is not"],
    "aren't": ["are not"],
    "wasn't": ["was not"],
    "weren't": ["were not"],
    "haven't": ["have not"],
    "hasn't": ["has not"],
    "couldn't": ["could not"],
    "wouldn't": ["would not"],
    "shouldn't": ["should not"],
    "it's": ["it is"],
    "that's": ["that is"],
    "there's": ["there is"],
    "i'm": ["i am"],
    "we're": ["we are"],
    "they're": ["they are"],
    "you're": ["you are"],
    "we've": ["we have"],
    "they've": ["they have"],
    "i've": ["i have"],
    "we'll": ["we will"],
    "they'll": ["they will"],
    "i'll": ["i will"],
}


@dataclass
class Lexicon:
    """Forward synonym tables per thesaurus source, and phrase rewrites original -> spun."""

    forward: dict[str, dict[tuple[str, str], list[str]]]  # source -> (pos, lemma) -> synonyms, common first
    phrases: dict[str, list[str]]  # original surface (lower) -> spun surfaces
    max_phrase: int
    # a round-trip spinner's own map (``ROUNDTRIP_MAP``), original surface -> spun surfaces: written apart
    # from the phrase table, so the engine's table is measured against a map it was not built from
    roundtrip: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def load(cls, directory: Path) -> Lexicon:
        th = ReverseThesaurus.load(directory)
        fwd: dict[str, dict[tuple[str, str], list[tuple[float, str]]]] = defaultdict(
            lambda: defaultdict(list)
        )
        for pos, spun, r in th.pairs():
            for src in r.sources.split(","):
                fwd[src][(pos, r.original)].append((r.logp, spun))
        forward = {
            src: {k: [s for _, s in sorted(v, key=lambda x: -x[0])] for k, v in table.items()}
            for src, table in fwd.items()
        }
        phrases: dict[str, list[str]] = defaultdict(list)
        for spun, r in PhraseDictionary.load(directory / "phrases.tsv").items():
            # Keep the rewrites real spinners make, not genuine-English ones, and never rewrite bare grammar
            # words ("to" -> "so that you can" everywhere would be a harsher spinner than any in use).
            # Digits would add number tokens ("year" -> "12 months"): spinners here change word tokens only.
            if (
                r.logp >= -1.6
                and r.original.lower() not in _PHRASE_STOP
                and not any(c.isdigit() for c in spun)
            ):
                phrases[r.original.lower()].append(spun)
        max_phrase = max((k.count(" ") + 1 for k in phrases), default=1)
        return cls(forward, dict(phrases), max_phrase, read_roundtrip_map(ROUNDTRIP_MAP))


def read_roundtrip_map(path: Path) -> dict[str, list[str]]:
    """``original<TAB>spun|spun...`` lines (``#`` comments): keys in lower case unless they hold a capital
    ("White House"), which then must match as written."""
    out: dict[str, list[str]] = {}
    if not path.is_file():
        return out
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            original, spuns = line.split("\t")
            out[original] = spuns.split("|")
    return out


@dataclass
class Spinner:
    """One spinner configuration; ``spin`` rewrites a text and keeps every non-word byte."""

    name: str
    sources: tuple[str, ...] = ("wn", "moby", "mythes")
    rate: float = 0.2
    policy: str = "common"  # "common": favour the first (most frequent) synonyms; "uniform": any of them;
    # "first": always the first, like the fixed-dictionary spinners that turn every "vision" into the same phrase
    phrase_rate: float = 0.0
    # Share of our phrase table this spinner knows. A real spinner's rewrite table overlaps ours only in part,
    # so in its output our table's other entries fire on genuine English ("prior to", "all the time"); a
    # spinner that knew every entry would make every phrase hit look like a sure spin to the calibrator.
    phrase_share: float = 1.0
    inflection_slips: float = 0.0
    # share of verb and noun swaps written in another form of the synonym than the word had: the lemmatising
    # spinners' botches ("said" → "states", "deal" → "agreements"), any wrong form, not only the bare lemma
    wrong_forms: float = 0.0
    contractions: float = 0.0
    # share of the round-trip map's originals rewritten (``Lexicon.roundtrip``), longest run first
    roundtrip_rate: float = 0.0
    top: int = 40
    rng: random.Random = field(default_factory=random.Random)

    def pick(self, options: list[str]) -> str:
        options = options[: self.top]
        if self.policy == "first":
            return options[0]
        if self.policy == "uniform":
            return self.rng.choice(options)
        weights = [1.0 / (i + 1) for i in range(len(options))]
        return self.rng.choices(options, weights)[0]

    def spin(self, text: str, lex: Lexicon) -> str:
        tokens = tokenize(text)
        starts = sentence_starts(tokens)
        words = [i for i, t in enumerate(tokens) if t.kind is TokenKind.WORD]
        out = [t.text for t in tokens]
        done: set[int] = set()
        if self.roundtrip_rate:
            self._roundtrip(tokens, words, out, done, lex, starts)
        if self.phrase_rate:
            self._phrases(tokens, words, out, done, lex)
        for i in words:
            if i in done:
                continue
            tok = tokens[i]
            low = tok.text.lower().replace("\u2019", "'")
            if self.contractions and low in _CONTRACTIONS and self.rng.random() < self.contractions:
                out[i] = match_case(tok.text, self.rng.choice(_CONTRACTIONS[low]))
                continue
            if low in _STOP or (tok.text[0].isupper() and i not in starts) or self.rng.random() >= self.rate:
                continue
            new = self._synonym(low, lex)
            if new:
                out[i] = match_case(tok.text, new)
        return "".join(out)

    def _synonym(self, word: str, lex: Lexicon) -> str | None:
        for pos, lemma, tag in analyses(word):
            options: list[str] = []
            for src in self.sources:
                options += [s for s in lex.forward.get(src, {}).get((pos, lemma), []) if s not in options]
            if not options:
                continue
            choice = self.pick(options)
            if self.inflection_slips and tag and self.rng.random() < self.inflection_slips:
                return choice  # the slip: the bare lemma where an inflected form belongs
            if self.wrong_forms and pos in _WRONG_FORM_TAGS and self.rng.random() < self.wrong_forms:
                wrong = [t for t in _WRONG_FORM_TAGS[pos] if t != (tag or _WRONG_FORM_TAGS[pos][0])]
                return inflect(choice, pos, self.rng.choice(wrong)) or None
            return inflect(choice, pos, tag) or None  # "": no such form, no swap
        return None

    def _phrases(
        self, tokens: list[Token], words: list[int], out: list[str], done: set[int], lex: Lexicon
    ) -> None:
        """Rewrite whole word runs ('through' -> 'by way of') from the phrase table run in reverse."""

        def options(run: list[int]) -> list[str]:
            key = " ".join(tokens[j].text.lower() for j in run)
            first = tokens[run[0]].text
            return [match_case(first, s) for s in lex.phrases.get(key, ()) if self._knows(key, s)]

        self._rewrite_runs(tokens, words, out, done, lex.max_phrase, self.phrase_rate, options)

    def _roundtrip(
        self,
        tokens: list[Token],
        words: list[int],
        out: list[str],
        done: set[int],
        lex: Lexicon,
        starts: set[int],
    ) -> None:
        """Rewrite word runs from the round-trip map ('national security' -> 'nationwide safety'); a
        lower-case key leaves capitalised words inside a sentence (names) alone."""

        def options(run: list[int]) -> list[str]:
            surface = " ".join(tokens[j].text for j in run)
            if surface in lex.roundtrip:  # a key with a capital, as written ("White House")
                return lex.roundtrip[surface]
            if any(tokens[j].text[0].isupper() and j not in starts for j in run):
                return []
            return [match_case(surface, s) for s in lex.roundtrip.get(surface.lower(), ())]

        longest = max((k.count(" ") + 1 for k in lex.roundtrip), default=0)
        self._rewrite_runs(tokens, words, out, done, longest, self.roundtrip_rate, options)

    def _rewrite_runs(
        self,
        tokens: list[Token],
        words: list[int],
        out: list[str],
        done: set[int],
        longest: int,
        rate: float,
        options: Callable[[list[int]], list[str]],
    ) -> None:
        """Rewrite runs of up to ``longest`` words joined by plain spaces, the longest run first at each word:
        with chance ``rate``, a run that ``options`` offers spun forms for (already in its capitalisation)
        becomes one of them, and its words are ``done``."""
        k = 0
        while k < len(words):
            for n in range(min(longest, len(words) - k), 0, -1):
                run = words[k : k + n]
                if any(tokens[j].kind is not TokenKind.SPACE for j in range(run[0], run[-1]) if j not in run):
                    continue  # only runs separated by plain spaces
                spuns = options(run)
                if spuns and self.rng.random() < rate:
                    out[run[0]] = self.rng.choice(spuns)
                    for j in range(run[0] + 1, run[-1] + 1):
                        out[j] = ""
                    done.update(range(run[0], run[-1] + 1))
                    k += n
                    break
            else:
                k += 1

    def _knows(self, original: str, spun: str) -> bool:
        """Whether ``original -> spun`` is in this spinner's share of the table: a fixed choice per spinner."""
        if self.phrase_share >= 1.0:
            return True
        digest = hashlib.blake2b(f"{self.name}\t{original}\t{spun}".encode(), digest_size=4).digest()
        return int.from_bytes(digest, "big") / 2**32 < self.phrase_share


def analyses(word: str) -> list[tuple[str, str, str | None]]:
    """(pos, lemma, Penn tag of ``word``) readings, inflected ones first; tag None when ``word`` is the lemma.

    Inflected readings go first because they are the unambiguous ones: "ending" is more surely the verb "end"
    (VBG) than the noun "ending", and re-inflecting the synonym keeps the sentence grammatical.
    """
    found: list[tuple[str, str, str | None]] = []
    for upos, lemmas in getAllLemmas(word).items():
        pos = _UPOS.get(upos)
        if not pos:
            continue
        for lemma in lemmas:
            tag = None
            if word != lemma:
                table = getAllInflections(lemma, upos)
                exact = [t for t, forms in table.items() if forms and forms[0] == word]
                loose = [t for t, forms in table.items() if word in forms]
                tag = (exact or loose or [None])[0]
            found.append((pos, lemma, tag))
    order = {"n": 0, "v": 1, "a": 2, "r": 3}
    return sorted(found, key=lambda x: (x[2] is None, order[x[0]]))


def inflect(phrase: str, pos: str, tag: str | None) -> str:
    """Put ``phrase`` (a lemma) in the form ``tag``: first word of verb phrases, last word of noun phrases."""
    if not tag:
        return phrase
    words = phrase.split(" ")
    idx = 0 if pos == "v" else len(words) - 1
    forms = getInflection(words[idx], tag)
    if forms:
        words[idx] = forms[0]
    return " ".join(words)


def match_case(template: str, new: str) -> str:
    """Carry the capitalisation of the replaced word over to its replacement."""
    if len(template) > 1 and template.isupper():
        return new.upper()
    if template[:1].isupper():
        return new[:1].upper() + new[1:]
    return new


# the forms a botched swap may take, the lemma's first ("VB" is "VBP" too: one form)
_WRONG_FORM_TAGS = {"v": ("VB", "VBD", "VBG", "VBZ"), "n": ("NN", "NNS")}


def spinners(seed: int) -> list[Spinner]:
    """The standard set: different thesauri, policies, rates and styles."""

    def rng(k: int) -> random.Random:
        return random.Random(seed * 1000 + k)

    return [
        Spinner("wn-common", ("wn",), 0.15, "common", rng=rng(1)),
        Spinner("wn-uniform", ("wn",), 0.25, "uniform", rng=rng(2)),
        Spinner("moby-common", ("moby",), 0.2, "common", rng=rng(3)),
        Spinner("mythes-uniform", ("mythes",), 0.2, "uniform", top=15, rng=rng(4)),
        Spinner("phrase", ("wn",), 0.0, "common", phrase_rate=0.8, contractions=0.5, rng=rng(5)),
        Spinner(
            "mixed-slips",
            ("wn", "moby", "mythes"),
            0.3,
            "common",
            phrase_rate=0.5,
            inflection_slips=0.15,
            contractions=0.5,
            rng=rng(6),
        ),
        Spinner("mixed-light", ("wn", "moby", "mythes"), 0.1, "common", phrase_rate=0.3, rng=rng(7)),
        Spinner("wrong-forms", ("wn", "moby"), 0.2, "common", phrase_rate=0.3, wrong_forms=0.4, rng=rng(9)),
        Spinner("fixed", ("wn", "moby", "mythes"), 0.2, "first", phrase_rate=0.5, rng=rng(8)),
        # a scraper site's round-trip spinner: its own map (not our phrase table), most mapped words rewritten
        Spinner("roundtrip", (), 0.0, "common", roundtrip_rate=0.7, rng=rng(10)),
    ]


def with_headline(spun: str, original: str, style: str) -> tuple[str, str]:
    """(spun, original) opened by their own first sentences as a headline in ``style``: the spun headline
    carries the spinner's swaps of that sentence, as a scraper's copy of a title-cased site would. A text
    whose first sentence is long, or that has no full stop, is left as it is."""
    if style == "none":
        return spun, original
    heads = [_first_sentence(t) for t in (spun, original)]
    if not all(heads):
        return spun, original

    def styled(sentence: str) -> str:
        if style == "caps":
            return sentence.upper()
        words = sentence.split(" ")
        return " ".join(
            w if n and w.lower() in HEADLINE_SMALL else w[:1].upper() + w[1:] for n, w in enumerate(words)
        )

    return styled(heads[0]) + "\n\n" + spun, styled(heads[1]) + "\n\n" + original


def _first_sentence(text: str, max_words: int = 25) -> str:
    m = re.search(r"\. ", text)
    return text[: m.start()] if m and len(text[: m.start()].split()) <= max_words else ""


def read_docs(paths: list[Path]) -> Iterator[tuple[str, str]]:
    for path in paths:
        if path.suffix == ".jsonl":
            with open(path, encoding="utf-8") as f:
                for n, line in enumerate(f, 1):
                    if line.strip():
                        obj = json.loads(line)
                        yield str(obj.get("id", f"{path.stem}-{n}")), obj["text"]
        else:
            parts = re.split(r"\n---\n", path.read_text(encoding="utf-8"))
            for n, part in enumerate(parts, 1):
                if part.strip():
                    yield f"{path.stem}-{n}", part.strip("\n")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("inputs", nargs="*", type=Path, default=[SAMPLE], help="JSONL {id,text} or .txt files")
    ap.add_argument("--out", type=Path, help="write cases here (default: stdout)")
    ap.add_argument("--spinners", default="", help="comma-separated names (default: all)")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--dictionaries", type=Path, default=ROOT / "dictionaries")
    ap.add_argument("--list", action="store_true", help="list the spinner names and exit")
    ap.add_argument(
        "--phrase-share",
        type=float,
        default=1.0,
        help="share of the phrase table each spinner knows (a different share per spinner; default all)",
    )
    ap.add_argument(
        "--headline",
        choices=("none", "title", "caps"),
        default="none",
        help="open each case with its first sentence as a Title Cased or ALL CAPS headline, spun as the text is",
    )
    args = ap.parse_args(argv)
    chosen = spinners(args.seed)
    if args.list:
        print("\n".join(s.name for s in chosen))
        return 0
    if args.spinners:
        wanted = set(args.spinners.split(","))
        unknown = wanted - {s.name for s in chosen}
        if unknown:
            ap.error(f"unknown spinners: {', '.join(sorted(unknown))}")
        chosen = [s for s in chosen if s.name in wanted]
    if not 0.0 < args.phrase_share <= 1.0:
        ap.error("--phrase-share must be in (0, 1]")
    for s in chosen:
        s.phrase_share = args.phrase_share
    lex = Lexicon.load(args.dictionaries)
    lines = [
        json.dumps({"id": f"{doc_id}/{s.name}", "spun": spun, "original": original, "spinner": s.name})
        for doc_id, text in read_docs(args.inputs)
        for s in chosen
        for spun, original in [with_headline(s.spin(text, lex), text, args.headline)]
    ]
    payload = "".join(line + "\n" for line in lines)
    if args.out:
        tmp = args.out.with_name(args.out.name + ".tmp")
        tmp.write_text(payload, encoding="utf-8")
        tmp.replace(args.out)
    else:
        sys.stdout.write(payload)
    print(f"{len(lines)} cases from {len(chosen)} spinners", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
