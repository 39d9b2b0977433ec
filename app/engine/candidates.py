"""Propose restorations for every word and phrase that a spinner may have swapped.

Three sources, each a plain lookup: the phrase dictionary (surface forms, multi-word and function-word spins
such as "by way of" → "through"), the reverse thesaurus (lemma level: "stated" → state → say → "said", with the
spun word's inflection carried over by lemminflect), and user data (extra phrases, learned profiles, feedback).
Scoring is not done here: a candidate only carries its channel prior log P(spun | original).
"""

from __future__ import annotations

import json
import logging
import marshal
import math
import re
import zlib
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from lemminflect import getAllInflections, getAllLemmas, getInflection

from app.engine.lexicon import (
    PhraseDictionary,
    Restoration,
    ReverseThesaurus,
    normalize,
    pack_shares,
    unpack_shares,
)
from app.engine.lm import NUM, context_token
from app.engine.tokens import TITLE_SMALL, TYPOGRAPHIC_APOSTROPHE, apostrophe_of, headline_words, soft_break
from app.engine.types import Candidate, Source, Span, Token, TokenKind

# (original, log P(spun | original), each source thesaurus's share of it, packed: ``lexicon.pack_shares``)
Ranked = tuple[str, float, str]

log = logging.getLogger("unspin")

MAX_PHRASE_WORDS = 5
# what may join two words of one spun form with no space: "well-liked" (→ popular), "non-public", "p.c"
GLUE = frozenset({"-", "."})
NO_BREAK_SPACE = "\u00a0"
_SPACES = re.compile(r"\s+")
# the one-character spaces a phrase may span: scraped pages write "White&nbsp;House" (``app.engine.entities``)
JOINING_SPACES = frozenset({" ", NO_BREAK_SPACE})
# Closed-class words: thesaurus swaps of these are rare in real spinners and costly when wrong ("after" → "by").
# They can still be restored through the phrase dictionary ("by way of" → "through", "thru" → "through").
_FUNCTION_WORDS_TEXT = """
a an the this that these those and or but nor so yet for of in on at by to from with into onto upon
about above below over under after before since until till during through across against among
between within without as than if then else when while where who whom whose which what how why i me
my mine we us our ours you your yours he him his she her hers it its they them their theirs is am
are was were be been being have has had having do does did doing will would shall should can could
may might must not no
"""
FUNCTION_WORDS = frozenset(_FUNCTION_WORDS_TEXT.split())
MAX_PER_SPAN = 16
# how many of a lemma's originals, best first by the thesaurus's own order (prior · wordfreq frequency), are
# inflected and ranked by the language model's unigrams before the first MAX_PER_SPAN are kept: the two
# orders differ (lemma against inflected form, wordfreq against the model), and 32 lost good candidates that
# 48 keeps (session 15: dev news +0.005 err, split A +0.007; 96 gave no more)
LOOKUP_DEPTH = 48

_UPOS = {"NOUN": "n", "VERB": "v", "ADJ": "a", "ADV": "r"}
# Penn tags in the order we prefer when a form is ambiguous (e.g. "stated" is both VBD and VBN: same form).
_TAG_ORDER = {
    "VERB": ("VBD", "VBN", "VBZ", "VBG", "VBP", "VB"),
    "NOUN": ("NNS", "NN"),
    "ADJ": ("JJR", "JJS", "JJ"),
    "ADV": ("RBR", "RBS", "RB"),
}


@dataclass(frozen=True, slots=True)
class WordSlot:
    """One word token of the document, as the candidate and decode stages see it."""

    token: int  # index into the token list
    text: str
    lower: str
    joined_to_next: bool  # only a single space separates it from the next word (phrases may span it)
    protected: bool  # a name, acronym or other word we must not rewrite from a thesaurus
    before: tuple[str, ...] = ()  # language-model tokens between the previous word and this one (``, "``)
    after: tuple[str, ...] = ()  # ... and after it, when it ends its sentence (a closing ``"``, ``?``)
    glued_to_next: bool = False  # one hyphen or full stop and no space joins it to the next ("well-liked")
    coded: bool = False  # touches a number ("MP3", base64's "Yr6arf"): no source may rewrite it


def word_slots(
    tokens: Sequence[Token],
    sentence_starts: set[int],
    proper: set[str],
    context: bool = False,
    numbers: frozenset[str] = frozenset(),
    headline: Collection[int] = frozenset(),
) -> list[WordSlot]:
    """The word tokens in order, with what later stages need to know about each.

    With ``context`` each slot also carries the punctuation and numbers around it as language-model tokens
    (``app.engine.lm.context_token``): between two sentences, what comes before the first space closes the
    first sentence ("said." + closing quote) and the rest opens the next.

    A number token whose lower-cased text is in ``numbers`` (the phrase dictionaries' ``number_words``) is a
    slot too, so that "final 12 months" can be matched whole; it is protected, and the language model sees
    it as the number token it would otherwise have in the next slot's context.

    Tokens in ``headline`` (``free_capitals``) are judged as headline words by ``is_protected``."""
    slots: list[WordSlot] = []
    n = len(tokens)
    pending: list[str] = []
    closing = -1  # how many of ``pending`` came before the first space since the last word

    def is_slot(t: Token) -> bool:
        return t.kind is TokenKind.WORD or (t.kind is TokenKind.NUMBER and t.text.lower() in numbers)

    for i, t in enumerate(tokens):
        if not is_slot(t):
            if context:
                if closing < 0 and t.kind is TokenKind.SPACE:
                    closing = len(pending)
                c = context_token(t.kind, t.text)
                if c is not None:
                    pending.append(c)
            continue
        before: tuple[str, ...] = ()
        if pending:
            cut = len(pending) if closing < 0 else closing
            if slots and i in sentence_starts:
                slots[-1] = replace(slots[-1], after=tuple(pending[:cut]))
                before = tuple(pending[cut:])
            else:
                before = tuple(pending)
            pending = []
        closing = -1
        joined = (
            i + 2 < n
            and (tokens[i + 1].text in JOINING_SPACES or soft_break(tokens, i + 1))
            and is_slot(tokens[i + 2])
        )
        number = t.kind is TokenKind.NUMBER
        glued = (
            i + 2 < n
            and is_slot(tokens[i + 2])
            and (tokens[i + 1].text in GLUE or (number and _plural_of_number(tokens, i)))
        )
        coded = not number and _glued_to_digits(tokens, i)
        slots.append(
            WordSlot(
                i,
                t.text,
                NUM if number else t.text.lower(),
                joined,
                number or coded or is_protected(t.text, i in sentence_starts, proper, i in headline),
                before,
                glued_to_next=glued,
                coded=coded,
            )
        )
    if pending and slots:  # what follows the last word belongs to the last sentence: no other opens
        slots[-1] = replace(slots[-1], after=tuple(pending))
    return slots


def _plural_of_number(tokens: Sequence[Token], i: int) -> bool:
    """Whether number ``i`` is written with an apostrophe's plural ("1000's"): the tokenizer splits it in
    three, and a round trip writes *thousands* so ("1000's of individuals"), which only the phrase
    dictionary can match whole."""
    return tokens[i + 1].text in ("'", TYPOGRAPHIC_APOSTROPHE) and tokens[i + 2].text == "s"


def _glued_to_digits(tokens: Sequence[Token], i: int) -> bool:
    """Whether word ``i`` touches a number with no space between: a code or a name ("MP3", "G8",
    "Windows95"), or a run of base64 noise ("Yr6arf"), never a word a spinner swapped (session 22: the
    "Yr" of noise became "Year")."""
    t = tokens[i]
    after = i + 1 < len(tokens) and tokens[i + 1].kind is TokenKind.NUMBER and tokens[i + 1].start == t.end
    before = i > 0 and tokens[i - 1].kind is TokenKind.NUMBER and tokens[i - 1].end == t.start
    return after or before


def document_slots(
    tokens: Sequence[Token], starts: set[int], context: bool = False, numbers: frozenset[str] = frozenset()
) -> list[WordSlot]:
    """``word_slots`` with the document's names and headlines worked out, as the pipeline sees them."""
    heads = headline_words(tokens)
    proper = proper_nouns(tokens, starts, heads)
    return word_slots(tokens, starts, proper, context, numbers, headline=free_capitals(tokens, heads))


def is_protected(word: str, sentence_start: bool, proper: set[str], headline: bool = False) -> bool:
    """Names and acronyms: a capital mid-sentence, all caps, or a word the document uses as a name elsewhere.
    In a headline (``free_capitals``) the capitals say nothing, and only the document's names are kept."""
    if headline:
        return word in proper or word.capitalize() in proper or word.upper() in proper
    if len(word) > 1 and word.isupper():
        return True
    if word[:1].isupper():
        return not sentence_start or word in proper
    return False


def proper_nouns(
    tokens: Sequence[Token], sentence_starts: set[int], headlines: Collection[int] = ()
) -> set[str]:
    """Capitalised words the document uses mid-sentence, outside headlines: names, whatever thesaurus sense
    they also have."""
    return {
        t.text
        for i, t in enumerate(tokens)
        if t.kind is TokenKind.WORD
        and t.text[:1].isupper()
        and i not in sentence_starts
        and i not in headlines
    }


def free_capitals(tokens: Sequence[Token], headlines: Collection[int]) -> frozenset[int]:
    """Headline words (``tokens.headline_words``) the text also writes in lower case ("Warfare" or "WARFARE"
    beside "warfare"): they may be repaired like any word. The others may be names ("Theresa May Meets Tim
    Cook") or acronyms ("AIDS"), and a headline alone cannot tell, so they stay protected."""
    if not headlines:
        return frozenset()
    lower = {t.text for t in tokens if t.kind is TokenKind.WORD and t.text.islower()}
    return frozenset(i for i in headlines if tokens[i].text.lower() in lower)


def match_case(template: str, replacement: str) -> str:
    """Carry the spun text's capitalisation over to the restoration ("Stated" → "Said").

    A title-cased phrase stays title-cased ("Nationwide Safety Council" → "National Security Council",
    "Home of Representatives" → "House of Representatives"): spinners swap words inside names too."""
    if template.islower():  # the common case, decided at once
        return replacement
    named = any(c.isupper() for c in replacement)  # "White House", "Congress": a name's own capitals
    if len(template) > 1 and template.isupper():
        # all capitals stay all capitals ("WHITE HOME" -> "WHITE HOUSE"), but a short one may be an acronym
        # whose restoration is a name ("EU" -> "European Union"), which keeps its own capitals
        letters = sum(map(str.isalpha, template))
        if (" " not in template or letters > 2) and not (named and letters <= 3):
            return replacement.upper()
    if named:
        return replacement[:1].upper() + replacement[1:] if template[:1].isupper() else replacement
    if _title_cased(template):
        words = replacement.split(" ")
        return " ".join(w if n and w in TITLE_SMALL else w[:1].upper() + w[1:] for n, w in enumerate(words))
    if template[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def match_apostrophe(template: str, replacement: str, apostrophe: str = "'") -> str:
    """Write a restoration's apostrophes as the spun span does ("are able to’t" → "can’t"), or as the text
    does when the span has none ("it is" → "it’s" in a text set with ’). Dictionaries store straight ones."""
    if "'" not in replacement:
        return replacement
    if TYPOGRAPHIC_APOSTROPHE in template:
        apostrophe = TYPOGRAPHIC_APOSTROPHE
    elif "'" in template:
        apostrophe = "'"
    return replacement if apostrophe == "'" else replacement.replace("'", apostrophe)


def written_like(template: str, original: str, apostrophe: str) -> str:
    """An original as the spun ``template`` writes it: its capitals, then its apostrophes (or the text's), then
    its spaces."""
    if "\n" in template or "\r" in template or NO_BREAK_SPACE in template:
        plain = " ".join(template.split())
        return spaced_like(template, match_apostrophe(plain, match_case(plain, original), apostrophe))
    return match_apostrophe(template, match_case(template, original), apostrophe)


def spaced_like(template: str, replacement: str) -> str:
    """Keep the spun span's own spaces between words (a wrapped line's newline, a no-break space) when the
    restoration has as many words: "nationwide\nsafety" → "national\nsecurity", so that a restoration
    neither reflows a hard-wrapped text nor breaks a "White&nbsp;House"."""
    spaces = _SPACES.findall(template)
    words = replacement.split(" ")
    if len(words) != len(spaces) + 1:
        return replacement
    return "".join(w + s for w, s in zip(words, [*spaces, ""], strict=True))


def _title_cased(phrase: str) -> bool:
    """Two or more words, each capitalised unless it is a small word ("Home of Representatives") or a number
    ("Final 12 Months")."""
    words = [w for w in phrase.split() if not w[:1].isdigit()]
    if len(words) < 2 or not words[-1][:1].isupper():
        return False
    return all(w[:1].isupper() or (n and w in TITLE_SMALL) for n, w in enumerate(words))


@lru_cache(maxsize=200_000)
def analyses(word: str) -> tuple[tuple[str, str, str], ...]:
    """(pos, lemma, penn tag) readings of a lower-case word, e.g. "stated" → (("v", "state", "VBD"),)."""
    out: list[tuple[str, str, str]] = []
    for upos, lemmas in getAllLemmas(word).items():
        pos = _UPOS.get(upos)
        if pos is None:
            continue
        for lemma in lemmas:
            forms = _inflections(lemma, upos)
            base = _TAG_ORDER[upos][-1]
            if word != lemma:
                out.append(
                    (pos, lemma, next((t for t in _TAG_ORDER[upos] if word in forms.get(t, ())), base))
                )
                continue
            out.append((pos, lemma, base))
            # a verb whose past is its base form ("read", "put", "set") may be a spun past tense: "said" →
            # "read" is restored only through the past reading
            out.extend((pos, lemma, t) for t in _PAST_TAGS if upos == "VERB" and word in forms.get(t, ()))
            # a noun whose plural is itself ("legislation", "personnel", "equipment") may stand for a spun
            # plural: "laws" → "jurisprudence" ("... jurisprudence are inefficient") is restored through it
            if upos == "NOUN" and forms.get("NNS", ("",))[0] == word and not word.endswith("s"):
                out.append((pos, lemma, "NNS"))
    return tuple(out)


_PAST_TAGS = ("VBD", "VBN")


@lru_cache(maxsize=100_000)
def other_forms(word: str) -> tuple[str, ...]:
    """The other inflections of a lower-case verb or noun ("states" → "state", "stated", "stating"; "deals" →
    "deal"), from every verb and noun reading of it; () for other words. A spinner that swaps lemmas may
    inflect the synonym wrongly, and these are the forms it may have meant (``app.engine.inflection``)."""
    forms: set[str] = set()
    for pos, lemma, _tag in analyses(word):
        if pos in ("v", "n") and " " not in lemma:
            forms.add(lemma)
            for fs in _inflections(lemma, "VERB" if pos == "v" else "NOUN").values():
                forms.update(fs)
    forms.discard(word)
    return tuple(sorted(f for f in forms if f.isalpha()))


@lru_cache(maxsize=200_000)
def inflect(lemma: str, pos: str, tag: str) -> str:
    """Inflect a (possibly multi-word) original lemma like the spun form: verbs on their first word, nouns on
    their last ("come down" + VBD → "came down", "vice president" + NNS → "vice presidents"). "" when the
    lemma has no such form ("stagnant" + JJR): the spun word cannot have come from it."""
    words = lemma.split(" ")
    head = 0 if pos in ("v", "a", "r") else len(words) - 1
    if tag in ("VB", "NN", "JJ", "RB", "VBP"):
        return lemma
    form = _inflect_word(words[head], _UPOS_OF_TAG[tag[:2]], tag)
    if form is None:
        return ""
    words[head] = form
    return " ".join(words)


_UPOS_OF_TAG = {"VB": "VERB", "NN": "NOUN", "JJ": "ADJ", "RB": "ADV"}


def _inflect_word(word: str, upos: str, tag: str) -> str | None:
    """One word inflected, or None when English has no such form of it.

    lemminflect's rules for words outside its tables would coin "stakeses" (a thesaurus lemma that is itself
    an inflected form) and "stagnanter" (an adjective compared with "more"); such non-words used to reach the
    candidates and the API's alternatives. A lemma that is another word's inflection is inflected through that
    word ("stakes" → "stake" → "stakes"), and an adjective or adverb compares by suffix only where the tables
    say it does."""
    forms = _inflections(word, upos).get(tag)
    if forms:
        return forms[0]
    for base in getAllLemmas(word, upos=upos).get(upos, ()):
        if base != word and (via := _inflections(base, upos).get(tag)):
            return via[0]
    if tag in _COMPARED:
        return None
    guessed = getInflection(word, tag=tag)
    return guessed[0] if guessed else word


_COMPARED = frozenset(["JJR", "JJS", "RBR", "RBS"])


@lru_cache(maxsize=100_000)
def _inflections(lemma: str, upos: str) -> dict[str, tuple[str, ...]]:
    """Every inflection of a lemma at once: lemminflect copies its tables on each call, so one call per
    lemma (cached) instead of one per tag is several times cheaper on a cold cache."""
    return getAllInflections(lemma, upos=upos)


def thesaurus_restorations(phrase: str, thesaurus: ReverseThesaurus) -> list[Ranked]:
    """Originals for a lower-case spun word or phrase, inflected like it: (original, logp, thesaurus shares)."""
    words = phrase.split(" ")
    found: dict[str, tuple[float, str]] = {}

    def add(rs: Sequence[Restoration], pos: str, tag: str) -> None:
        for r in rs:  # lookups come best-first (and only LOOKUP_DEPTH): inflecting a tail is wasted work
            form = inflect(r.original, pos, tag) if tag else r.original
            # a single letter is a thesaurus "synonym" of its name ("letter" → u, "north" → n, "gas" → h) and
            # never what a spinner replaced: "the letter s" had become "the u s"
            if len(form) > 1 and form != phrase and (form not in found or found[form][0] < r.logp):
                found[form] = (r.logp, pack_shares(thesaurus.shares(r.original, pos, r.sources)))

    heads = [(0, words[0])] + ([(len(words) - 1, words[-1])] if len(words) > 1 else [])
    for at, head in heads:
        for pos, lemma, tag in analyses(head):
            if len(words) > 1 and ((pos == "v") != (at == 0)):
                continue
            key = " ".join([*words[:at], lemma, *words[at + 1 :]])
            add(thesaurus.lookup(key, pos, LOOKUP_DEPTH), pos, tag)
    for pos in ("n", "v", "a", "r"):  # the surface form too: "servicing" is a noun key of its own
        add(thesaurus.lookup(phrase, pos, LOOKUP_DEPTH), pos, "")
    return [(o, lp, s) for o, (lp, s) in found.items()]


PHRASES = "phrases"  # the phrase dictionary, as a source beside the thesauri (``score.thesaurus_fit``)
PHRASE_SHARE = pack_shares(((PHRASES, 1.0),))

RANKED_FILE = "thesaurus-ranked.bin"
RANKED_FORMAT = "unspin-ranked-2"
# the version of ``analyses`` and ``inflect``: 2 added the past readings of "read", "put", "set"; 3 stopped
# coining forms English lacks ("stakeses", "stagnanter"); 4 added the plural reading of nouns whose plural is
# themselves ("legislation"); 5 dropped one-letter originals ("letter" → u)
READINGS = 5
STAMP_WORDS = ("the", "said", "officials", "stated", "warfare", "imaginative", "nationwide", "zygote")


def pack_ranking(ranking: Sequence[Ranked]) -> str:
    return "\n".join(f"{o}\t{lp!r}\t{sh}" for o, lp, sh in ranking)


def unpack_ranking(row: str) -> tuple[Ranked, ...]:
    if not row:
        return ()
    return tuple((o, float(lp), sh) for o, lp, sh in (line.split("\t") for line in row.split("\n")))


def ranking_stamp(thesaurus: ReverseThesaurus, unigram: Callable[[str], float]) -> dict[str, object]:
    """Everything a precomputed ranking depends on: the thesaurus, lemminflect, the ranking's own settings and
    the unigram model (checked on a few words). A table built against anything else is not used."""
    import lemminflect

    return {
        "format": RANKED_FORMAT,
        "max_per_span": MAX_PER_SPAN,
        "lookup_depth": LOOKUP_DEPTH,
        "readings": READINGS,
        "lemminflect": str(getattr(lemminflect, "__version__", "?")),
        "thesaurus_keys": thesaurus.n_keys,
        "thesaurus_meta": json.dumps(thesaurus.meta, sort_keys=True),
        "unigrams": [repr(unigram(w)) for w in STAMP_WORDS],
    }


def load_ranked(directory: Path, thesaurus: ReverseThesaurus, unigram: Callable[[str], float]) -> bool:
    """Attach the precomputed rankings in ``directory`` to ``thesaurus`` if they were built against these very
    resources; False (and rankings computed on demand, as before) when the file is absent or stale."""
    path = directory / RANKED_FILE
    if not path.is_file():
        return False
    try:
        data = marshal.loads(zlib.decompress(path.read_bytes()))
        stamp, rows = data["stamp"], data["rows"]
    except (zlib.error, ValueError, EOFError, TypeError, KeyError) as e:
        log.warning("%s: unreadable (%s); thesaurus rankings are computed on demand", path, e)
        return False
    if stamp != ranking_stamp(thesaurus, unigram):
        log.warning("%s: built for other resources; rebuild it with scripts/build_ranked.py", path)
        return False
    thesaurus.ranked = (unigram, rows)
    return True


def asks_thesaurus(word: str) -> bool:
    """Whether ``propose`` consults the thesaurus for this lower-case single word: not for function words
    and not for words under three letters ("yr" → "year" must come from the phrase dictionary)."""
    return word not in FUNCTION_WORDS and len(word) >= 3


@lru_cache(maxsize=200_000)
def ranked_thesaurus(
    key: str, thesaurus: ReverseThesaurus, unigram: Callable[[str], float]
) -> tuple[Ranked, ...]:
    """The best ``MAX_PER_SPAN`` thesaurus originals of a spun key, by P(spun | original) · P(original).

    Cached: resources never change, and the same words recur across a document and across documents. The
    common words' rankings also come precomputed (``RANKED_FILE``), because on a cold cache computing them
    (lemmatising, inflecting, ranking) was over a quarter of the engine's time.
    """
    pre = thesaurus.ranked
    if pre is not None and pre[0] == unigram:
        row = pre[1].get(key)
        if row is not None:
            return unpack_ranking(row)
    return compute_ranking(key, thesaurus, unigram)


def compute_ranking(
    key: str, thesaurus: ReverseThesaurus, unigram: Callable[[str], float]
) -> tuple[Ranked, ...]:
    """``ranked_thesaurus`` without caches or the precomputed table (what ``scripts/build_ranked.py`` runs)."""
    found = thesaurus_restorations(key, thesaurus)

    def best_first(t: Ranked) -> float:
        o = t[0]
        prior = unigram(o) if " " not in o else sum(unigram(w) for w in o.split(" "))
        return -(t[1] + prior)

    found.sort(key=best_first)
    return tuple(found[:MAX_PER_SPAN])


def propose(
    source: str,
    tokens: Sequence[Token],
    slots: Sequence[WordSlot],
    thesaurus: ReverseThesaurus,
    phrases: Sequence[tuple[PhraseDictionary, Source]],
    unigram: Callable[[str], float],
    blocked: frozenset[tuple[str, str]] = frozenset(),
    attested: PhraseDictionary | None = None,
) -> list[Candidate]:
    """Every candidate restoration for every span of up to ``MAX_PHRASE_WORDS`` joined words.

    ``attested``: one-word swaps a real spinner made (``Resources.attested_words``), asked under the
    thesaurus's rules (never about a protected word or a function word) but ranked before it, as dictionary
    entries: their file holds only originals the thesauri lack or rate far lower (``scripts/build_attested.py``).

    A span grows a word at a time, and stops growing as soon as no phrase dictionary and no thesaurus key
    begins with it (``PhraseDictionary.continues``, ``ReverseThesaurus.may_extend``): most two-word runs
    ("said that") begin nothing, and asking about their three longer runs was wasted work (session 13)."""
    out: list[Candidate] = []
    max_words = max([thesaurus.max_words, *(p.max_words for p, _ in phrases), 1])
    max_words = min(max_words, MAX_PHRASE_WORDS)
    # the shipped dictionary counts as one more source a spinner may draw from (score.thesaurus_fit); the
    # pairs a person or a profile vouches for do not
    dictionaries = [(d, kind, PHRASE_SHARE if kind is Source.PHRASE else "") for d, kind in phrases]
    apostrophe = apostrophe_of(source)
    for a in range(len(slots)):
        protected = False
        glued = False  # a hyphen or full stop inside the span: phrase dictionaries only, no thesaurus
        for n in range(1, max_words + 1):
            b = a + n
            if b > len(slots) or (n > 1 and not (slots[b - 2].joined_to_next or slots[b - 2].glued_to_next)):
                break
            if slots[b - 1].coded:
                break
            protected = protected or slots[b - 1].protected
            glued = glued or (n > 1 and slots[b - 2].glued_to_next)
            first, last = tokens[slots[a].token], tokens[slots[b - 1].token]
            surface = source[first.start : last.end]
            key = surface.lower()
            if n > 1 and ("\n" in key or NO_BREAK_SPACE in key):  # a wrapped line or a no-break space
                key = " ".join(key.split())
            nkey = normalize(surface)
            ranked: list[tuple[str, float, Source, str]] = []
            for d, kind, held in dictionaries:
                ranked.extend((r.original, r.logp, kind, held) for r in d.lookup_key(nkey))
            dot = _own_full_stop(tokens, slots[b - 1].token)
            if dot is not None:  # "5 p.c. of voters": the abbreviation's full stop goes with it
                dotted = Span(slots[a].token, slots[b - 1].token + 1, first.start, dot.end, surface + ".")
                out.extend(_dotted_candidates(dotted, nkey, dictionaries, blocked, apostrophe))
            # may_hold is asked here, before ranked_thesaurus's cache, so that the many word runs no key can
            # match neither cost a lemmatisation nor crowd the cache
            thesaurus_asked = not (protected or glued)
            if thesaurus_asked and (thesaurus.may_hold(nkey, analyses) if n > 1 else asks_thesaurus(key)):
                if attested is not None and n == 1:
                    ranked.extend(
                        (r.original, r.logp, Source.PHRASE, PHRASE_SHARE) for r in attested.lookup_key(nkey)
                    )
                ranked.extend(
                    (o, lp, Source.THESAURUS, shares)
                    for o, lp, shares in ranked_thesaurus(key, thesaurus, unigram)
                )
            if ranked:
                span = Span(slots[a].token, slots[b - 1].token + 1, first.start, last.end, surface)
                out.extend(
                    article_agrees(source, tokens, slots, a, c)
                    for c in _span_candidates(span, key, ranked, blocked, apostrophe)
                )
            # widen the span only while some source holds a longer phrase that begins with this one
            if not (
                any(d.continues(nkey) for d, _kind, _held in dictionaries)
                or (thesaurus_asked and thesaurus.may_extend(nkey))
            ):
                break
    return out


def _span_candidates(
    span: Span,
    key: str,
    ranked: Sequence[tuple[str, float, Source, str]],
    blocked: frozenset[tuple[str, str]],
    apostrophe: str = "'",
) -> Iterator[Candidate]:
    """The first ``MAX_PER_SPAN`` distinct originals of ``ranked`` (dictionaries first, then the thesaurus)
    as candidates for ``span``, in its capitalisation and apostrophes; an original that only repeats the
    text, or a pair the caller blocked (``key``: the span in lower case, its words one space apart), still
    takes its place among them. A pair both a shipped dictionary (the phrase table, the attested swaps) and
    the thesaurus hold is one candidate with both sources' evidence (``shared_pair``)."""
    firsts: dict[str, tuple[float, Source, str]] = {}
    for original, logp, src, shares in ranked:
        first = firsts.get(original)
        if first is None:
            if len(firsts) < MAX_PER_SPAN:
                firsts[original] = (logp, src, shares)
        elif first[2] == PHRASE_SHARE and src is Source.THESAURUS and shares:
            firsts[original] = shared_pair(first[0], logp, shares)
    for original, (logp, src, shares) in firsts.items():
        replacement = written_like(span.text, original, apostrophe)
        if replacement != span.text and (key, original.lower()) not in blocked:
            yield Candidate(span, replacement, src, logp, shares)


def shared_pair(phrase_logp: float, thesaurus_logp: float, shares: str) -> tuple[float, Source, str]:
    """A pair the phrase dictionary and the thesaurus both hold, as one source among equals: its prior is the
    sum of the two (the mixture at equal weights, ``score.thesaurus_fit``) and its shares split by each one's
    part of it. Why: a round trip's map writes "stated" for *said* every time, which WordNet also pairs; in a
    document whose spinner the fit finds to be the phrase table's kind the pair must rise with the table's
    weight, and in a WordNet spinner's document with WordNet's (session 27). Before, the dictionary's prior
    replaced the thesaurus's, and its weight alone moved the pair."""
    a, b = math.exp(phrase_logp), math.exp(thesaurus_logp)
    mixed = [(PHRASES, round(a / (a + b), 3))]
    mixed += [(t, round(v * b / (a + b), 3)) for t, v in unpack_shares(shares)]
    return min(0.0, math.log(a + b)), Source.THESAURUS, pack_shares(tuple(mixed))  # a probability still


def _dotted_candidates(
    dotted: Span,
    nkey: str,
    dictionaries: Sequence[tuple[PhraseDictionary, Source, str]],
    blocked: frozenset[tuple[str, str]],
    apostrophe: str = "'",
) -> Iterator[Candidate]:
    """Dictionary entries for a span with its abbreviation's full stop ("p.c." → percent); ``nkey`` is the
    span without the full stop, normalised."""
    surface = dotted.text[:-1]
    for d, kind, held in dictionaries:
        for r in d.lookup_key(nkey + "."):
            if (dotted.text.lower(), r.original.lower()) not in blocked:
                yield Candidate(dotted, written_like(surface, r.original, apostrophe), kind, r.logp, held)


def _own_full_stop(tokens: Sequence[Token], last: int) -> Token | None:
    """The full stop right after word token ``last`` when it can only close an abbreviation: a space and a
    lower-case word follow it ("p.c. of"). At a sentence's end the full stop is the sentence's, and stays."""
    if (
        last + 3 >= len(tokens)
        or tokens[last + 1].text != "."
        or tokens[last + 2].kind is not TokenKind.SPACE
    ):
        return None
    nxt = tokens[last + 3]
    return tokens[last + 1] if nxt.kind is TokenKind.WORD and nxt.text[:1].islower() else None


# "an hour", "a union": the sound, not the letter, decides; these prefixes are the common exceptions
_AN_BEFORE = ("hour", "honest", "honor", "honour", "heir")
_A_BEFORE = ("uni", "use", "usu", "uti", "ure", "one", "once", "eu", "ewe")


def indefinite_article(word: str) -> str:
    """The indefinite article a word takes ("a case", "an example", "an hour", "a union")."""
    w = word.lower()
    if w.startswith(_AN_BEFORE):
        return "an"
    if w.startswith(_A_BEFORE):
        return "a"
    return "an" if w[:1] in ("a", "e", "i", "o", "u") else "a"


def article_agrees(
    source: str, tokens: Sequence[Token], slots: Sequence[WordSlot], at: int, c: Candidate
) -> Candidate:
    """Spinners fix the article when they swap a noun ("a case" → "an example"), so restoring the noun must
    fix it back: a candidate right after an article that no longer agrees takes the article into its span."""
    if at == 0 or slots[at - 1].lower not in ("a", "an") or not slots[at - 1].joined_to_next:
        return c
    need = indefinite_article(c.replacement)
    if need == slots[at - 1].lower:
        return c
    art = tokens[slots[at - 1].token]
    span = Span(slots[at - 1].token, c.span.end_token, art.start, c.span.end, source[art.start : c.span.end])
    gap = source[art.end : c.span.start]  # the text's own space: a no-break space or a line break stays
    gap = gap if gap and gap.isspace() else " "
    return Candidate(span, f"{match_case(art.text, need)}{gap}{c.replacement}", c.source, c.prior, c.thesauri)
