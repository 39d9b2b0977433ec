"""Word-level OCR repairs: non-words (*tbe*, *Frlday*), digits read for letters (*G0vernment*), rare real
words one glyph from a common one (*aud* → and), split words (*gov ernment*) and merged ones.

Each repair competes with keeping the word as written: language-model score minus ``CHANNEL_WEIGHT`` ×
channel cost, and the softmax share of the winner is its confidence."""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, replace
from itertools import pairwise
from typing import TYPE_CHECKING

from app.engine.lm import EOS
from app.engine.ocr.channel import MAX_CHANNEL, SPACE_COST, channel_cost, confusion_variants, undoubled
from app.engine.ocr.model import OcrModel
from app.engine.ocr.search import candidates
from app.engine.ocr.units import Document, Unit
from app.engine.tokens import apostrophe_of
from app.engine.types import Alternative, Edit, Source

if TYPE_CHECKING:
    from app.engine.lm import LanguageModel

SRC = str(Source.OCR)
_DIGIT_MAP = {"0": ("o",), "1": ("l", "i"), "5": ("s",)}
CHANNEL_WEIGHT = 1.5
KEEP_NONWORD = -18.0  # LM-like score of leaving an unknown word as it is
# a lower-case string wordfreq never saw (zipf 0) that splits into frequent words of three letters or more
# ("campaignerssaid", "factoryclosed") is a lost space far more often than a word of its own: such a split
# gets this many nats of channel back. (Session 18, bench/ocr_noise.py merges: err 0.644 → 0.738 at
# precision 0.991 → 0.992, and one closed compound split on 54,519 words of clean Wikinews, "waterbombing".
# A bonus of 6 gave 0.770 but split two spinner words on the dev sets, "pageboys" and "agelong"; without the
# zipf-0 condition rare words were split too: a spinner's "answerability", the compound "checkpost".)
# Session 24: the bonus is per lost space (a three-word merge, "arestillevaluating", had paid two spaces'
# channel cost against one bonus and stayed), and common two-letter words count (``_SHORT_WORDS``).
MERGED_SPLIT_BONUS = 4.0
# real-word errors (``_fix_real_word``): a short dictionary word rarer than this zipf, one confusion of at most
# this cost from a word at least this common, with this many nats for the word as written
REAL_WORD_MAX_LEN = 5
REAL_WORD_MAX_ZIPF = 4.5
REAL_WORD_TARGET_ZIPF = 5.5
REAL_WORD_MAX_COST = 1.5
REAL_WORD_PRIOR = 6.0
# a word outside the list this common takes an "s" as a plural (``_plural_of_known``)
PLURAL_STEM_MIN_ZIPF = 2.5
MIN_CONF = 0.5  # below this share the stage does not propose the edit
TITLE_KEEP_BONUS = 4.0  # a capitalised unknown mid-sentence is probably a name
DOC_WORD_BONUS = 3.0  # a word this document uses elsewhere beats an unseen one
MAX_WORD_LEN = 30  # longer tokens are not words; their candidate search would cost too much
MAX_UNKNOWN_SHARE = 0.3  # a document with more unknown words than this is not English prose
JOIN_KNOWN_MARGIN = 6.0  # "inter national": both parts are words, so the join must win by this much

_UNITS = frozenset(
    [
        "s",
        "st",
        "nd",
        "rd",
        "th",
        "am",
        "pm",
        "kg",
        "g",
        "mg",
        "km",
        "m",
        "cm",
        "mm",
        "ml",
        "l",
        "lb",
        "lbs",
        "oz",
        "ft",
        "in",
        "mph",
        "kph",
        "kmh",
        "k",
        "bn",
        "mn",
        "gb",
        "mb",
        "kb",
        "tb",
        "ghz",
        "mhz",
        "hz",
        "kw",
        "mw",
        "w",
        "v",
        "x",
        "p",
        "h",
        "min",
        "mins",
        "sec",
        "secs",
        "hr",
        "hrs",
        "yr",
        "yrs",
        "c",
        "f",
        "d",
    ]
)
_NUM_UNIT = re.compile(r"^\d+(?:[.,:]\d+)*([a-z]*)$", re.I)

# Contractions whose apostrophe OCR (or a scraper's cleaning) lost, keyed by what is left. Only forms that are
# no English word without it: "its", "well", "were", "ill", "lets", "wont" and "cant" are words and stay.
# Web text writes some of them ("dont"), so wordfreq knows them and the non-word search never saw them;
# "theyll" it did not know, and it became "they" (session 23's OCR audit).
_CONTRACTIONS = """
don't didn't doesn't isn't aren't wasn't weren't hasn't haven't hadn't wouldn't couldn't shouldn't mustn't
needn't they'll they're they've you'll you're you've we've i'm i've it'll that's what's there's here's she's
he's who's would've could've should've that'll
"""
_APOSTROPHE_LOST = {w.replace("'", ""): w for w in _CONTRACTIONS.split()}

OWN_SPELLING_MIN = 3  # a non-word written this often, its repair never: the writer's spelling (*countrey*)
# Print before about 1800 set a long s (ſ) inside words, and OCR of such pages reads it as f: "moft", "thofe",
# "himfelf". One such word is a typo; a document that shows this many distinct ones is old print, and in it
# every word that only an f read for s explains is mended (``_long_s_readings``).
LONG_S_MIN_WORDS = 3
LONG_S_MIN_ZIPF = 3.0  # the word with s must be at least this common ...
LONG_S_RARER_BY = 3.0  # ... and a word of its own as written ("fay" for say) this much rarer than it
LONG_S_MAX_F = 4  # f's in one word that may each be an s (2^4 readings)
LONG_S_KEEP = 1.0  # nats for a word that is English as written (*fame*) against its reading (*same*)


def match_case(original: str, replacement: str) -> str:
    """Give ``replacement`` the case pattern of ``original``: UPPER, Title or as is."""
    letters = [c for c in original if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return replacement.upper()
    first = original[0]
    if first.isupper() or (first.isdigit() and len(letters) > 1 and letters[0].isupper()):
        return replacement[:1].upper() + replacement[1:]
    return replacement


def _confidence(scores: list[tuple[str, float]]) -> list[tuple[str, float]]:
    """Softmax shares of hypotheses, best first."""
    top = max(s for _, s in scores)
    exps = [(h, math.exp(s - top)) for h, s in scores]
    z = sum(e for _, e in exps)
    return sorted(((h, e / z) for h, e in exps), key=lambda x: -x[1])


def _lp(word: str, ctx: tuple[str, ...], lm: LanguageModel | None, model: OcrModel) -> float:
    return lm.logprob(word, ctx[-2:]) if lm is not None else model.unigram(word)


def _lm_score(
    words: list[str], ctx: tuple[str, ...], nxt: str | None, lm: LanguageModel | None, model: OcrModel
) -> float:
    """Log probability of ``words`` after the context ``ctx`` and of the next word after them."""
    total = 0.0
    for w in [*words, *([nxt] if nxt else [])]:
        total += _lp(w, ctx, lm, model)
        ctx = (*ctx[-1:], w)
    return total


def _decide(
    i: int, doc: Document, cands: dict[str, float], keep: float, min_conf: float = MIN_CONF
) -> Edit | None:
    """Pick among keep-as-is and ``cands`` by LM score minus channel cost; the softmax share is the confidence."""
    if not cands:
        return None
    u, model, lm = doc.units[i], doc.model, doc.lm
    prev, nxt = doc.prev(i), doc.next(i)
    nxt_keep = 0.0
    if nxt:  # after an unknown word the LM can only back off to the next word's unigram
        nxt_keep = lm.unigram_logprob(nxt) if lm is not None else model.unigram(nxt)
    scored: list[tuple[str, float]] = [("", keep + nxt_keep)]
    for cand, cost in cands.items():
        lm_s = -math.inf
        if cand in model.words or " " in cand:
            lm_s = _lm_score(cand.split(), prev, nxt, lm, model)
        if cand in doc.vocab and cand != "":  # a word of this document (a name, jargon) beats an unseen one
            lm_s = max(lm_s, keep + DOC_WORD_BONUS + nxt_keep)
        scored.append((cand, lm_s - CHANNEL_WEIGHT * cost))
    shares = _confidence(scored)
    best, conf = shares[0]
    if not best or conf < min_conf:
        return None
    alts = tuple(
        Alternative(match_case(u.text, h), round(p, 4), SRC) for h, p in shares[1:4] if h and p >= 0.001
    )
    if u.text.islower() and _always_capitalised(best, doc):
        repl = doc.forms[best]
    elif best in model.words:
        repl = match_case(u.text, best)
    else:
        repl = doc.forms.get(best) or match_case(u.text, best)
    # a sentence opened by a glyph that stands for a capital: "0ctober", "5unday", and "lt"/"ln" for It/In
    if u.sent_start and (u.text[0].isdigit() or (u.text[0] == "l" and repl[:1] == "i")):
        repl = repl[:1].upper() + repl[1:]
    return Edit(u.start, u.end, u.text, repl, round(conf, 4), SRC, alts)


ALWAYS_CAPITALISED_MIN = 2  # mid-sentence capitals that make a word a name (one may be a title's *The*)


def _always_capitalised(word: str, doc: Document) -> bool:
    """Whether the document writes ``word`` capitalised mid-sentence (twice at least) and never in lower
    case: a name (*lraq* is Iraq, with the capital I that OCR read as l, in a text that writes Iraq
    elsewhere). Once is not enough: *The* of a title (*his book, The Early Years*) is no name."""
    form = doc.forms.get(word)
    return (
        form is not None
        and doc.form_counts[word] >= ALWAYS_CAPITALISED_MIN
        and doc.counts.get(form, 0) == doc.lcounts.get(word, 0)
    )


@dataclass(frozen=True, slots=True)
class WordRepairs:
    """The word-level repairs of one document, with the few that only a garbled document makes likely set
    apart (``_needs_company``), and how many words the document has."""

    plain: list[Edit]
    risky: list[Edit]
    words: int


def word_repairs(text: str, model: OcrModel, lm: LanguageModel | None) -> WordRepairs:
    doc = Document.build(text, model, lm)
    apostrophe = apostrophe_of(text)
    plain: list[Edit] = []
    risky: list[Edit] = []
    i, n = 0, len(doc.units)
    wordlike = [k for k, u in zip(doc.known, doc.units, strict=True) if not u.protected and u.text.isalpha()]
    if len(wordlike) >= 20 and wordlike.count(False) > MAX_UNKNOWN_SHARE * len(wordlike):
        return WordRepairs([], [], n)  # not English prose (another language, a word list, code): no OCR slip
    long_s = _long_s_readings(doc)
    written = Counter(doc.lowers)
    while i < n:
        join = _try_join(i, doc)
        if join is not None:
            plain.append(join[0])
            i += join[1]
            continue
        u = doc.units[i]
        e: Edit | None = (
            _glyph_capitals(u, doc)
            or _letters_in_number(u, text)
            or _glued_capital(u, text, doc)
            or _lost_capital_i(u, text)
            or _doubled_capital(u)
            or _doubled_in_acronym(u, doc)
            or _lost_possessive(i, doc, text, apostrophe)
        )
        if e is not None or u.protected or _foreign_phrase(i, doc):
            pass
        elif doc.lowers[i] in long_s:
            e = _long_s_edit(i, doc, long_s[doc.lowers[i]])
        elif doc.lowers[i] in _APOSTROPHE_LOST:
            full = match_case(u.text, _APOSTROPHE_LOST[doc.lowers[i]]).replace("'", apostrophe)
            e = Edit(u.start, u.end, u.text, full, 0.9, SRC)
        elif not doc.known[i]:
            e = _fix_nonword(i, doc)
            if e is not None and _own_spelling(doc.lowers[i], e.replacement, written):
                e = None
        elif any(c.isdigit() for c in u.text):
            e = _fix_digits(i, doc)
        elif doc.lowers[i] not in model.words and doc.lowers[i].isalpha():
            e = _fix_semi_known(i, doc)
        elif len(doc.lowers[i]) <= REAL_WORD_MAX_LEN and doc.lowers[i].isalpha():
            e = _fix_real_word(i, doc)
        if e is not None:
            (risky if _needs_company(e, u, model) else plain).append(e)
        i += 1
    return WordRepairs(plain, risky, n)


ACRONYM_MIN_ZIPF = 3.5  # an acronym's single-letter form this common is the acronym meant (*UKK* → UK)
POSSESSIVE_MAX_ZIPF = 2.5  # a name plus s at least this common is a word of its own (*Americans*, *Sundays*)


def _lost_possessive(i: int, doc: Document, text: str, apostrophe: str) -> Edit | None:
    """A possessive whose apostrophe OCR lost: *Greenlands ice sheet* where the text writes Greenland, and
    *the countrys economy* (a y-word's plural is -ies, so *countrys* can only be country's).

    A name with an s is a possessive only when the document writes the name itself (or its possessive)
    elsewhere, the name with an s is no word of its own (*Americans*, *Democrats*, *Forums*), no *the*
    stands before it, here or before another copy (*the Obamas*, a family; *The Osbournes*, a show), and a
    word follows it. Lower-case possessives of other words (*todays*, *months*) are plurals or words too,
    and stay. All of it waits for other garble (``_needs_company``)."""
    u = doc.units[i]
    word, low = u.text, doc.lowers[i]
    if u.protected or len(word) < 5 or not word.endswith("s") or word.endswith("ss") or not word.isalpha():
        return None
    if u.end >= len(text) or text[u.end] != " " or i + 1 >= len(doc.units):
        return None
    stem, model = word[:-1], doc.model
    if stem.istitle():
        if (
            low in model.words
            or model.zipf(low) >= POSSESSIVE_MAX_ZIPF
            or (i > 0 and doc.lowers[i - 1] == "the")
        ):
            return None
        if not any(doc.counts.get(f, 0) for f in (stem, f"{stem}'s", f"{stem}’s")):
            return None
        if doc.counts.get(word, 0) > 1 and _after_the(word, doc):  # the text's own plural: *The Osbournes*
            return None
    elif not (
        word.islower()
        and low.endswith("ys")
        and low[-3] not in "aeiou"
        and stem in model.words
        and low not in model.words
        and model.zipf(low) < POSSESSIVE_MAX_ZIPF
    ):
        return None
    return Edit(u.start, u.end, word, f"{stem}{apostrophe}s", 0.8, SRC)


def _after_the(word: str, doc: Document) -> bool:
    """Whether the document writes ``word`` after *the* anywhere (*the Obamas*, *The Osbournes*): a family or
    a show, so that a copy whose *the* the OCR garbled (*Tbe Osbournes*) is no possessive either."""
    return any(u.text == word and n > 0 and doc.lowers[n - 1] == "the" for n, u in enumerate(doc.units))


def _own_spelling(low: str, replacement: str, written: Counter[str]) -> bool:
    """Whether a non-word is the writer's own spelling rather than a misreading: written at least
    ``OWN_SPELLING_MIN`` times while its repair never is (*countrey*, *chymical*, *domestick*: the old
    spellings of the OCR audit's 18th-century style text). OCR misreads at random, so the same slip recurs only beside the right word
    (*tbe* three times among fifty *the*); a consistent misreading of one word, never read right, is left
    alone with it. (Old print's long s, which does misread a word every time, is read back before this.)"""
    return written[low] >= OWN_SPELLING_MIN and all(w not in written for w in replacement.lower().split())


def _long_s_readings(doc: Document) -> dict[str, str]:
    """Lower-case words of the document and the words they are with long s's read back: *moft* → most,
    *himfelf* → himself, *doefn't* → doesn't, and *fame* → same where the context says so (``_long_s_edit``);
    nothing unless at least ``LONG_S_MIN_WORDS`` distinct words are sure readings (unknown as written, or far
    rarer than the reading: ``LONG_S_RARER_BY``).

    A long s was never set last in a word, so an f before a non-letter stays f."""
    model = doc.model
    found: dict[str, str] = {}
    sure = 0
    for i, u in enumerate(doc.units):
        low = doc.lowers[i]
        if low in found or u.protected or not _LONG_S_CANDIDATE.search(low):
            continue
        reading = _long_s_reading(low, model)
        if reading is not None:
            found[low] = reading
            sure += not doc.known[i] or model.zipf(low) + LONG_S_RARER_BY <= model.zipf(reading)
    return found if sure >= LONG_S_MIN_WORDS else {}


def long_s_reading_of(original: str, replacement: str) -> bool:
    """Whether an edit only reads f's back as long s's (*fame* → same): a reading of old print, which the
    pipeline keeps even for a word its thesauri hold, as it keeps no other OCR edit of such a word."""
    return (
        len(original) == len(replacement)
        and original != replacement
        and all(
            a == b or (a in "fF" and b == ("s" if a == "f" else "S") and k + 1 < len(original))
            for k, (a, b) in enumerate(zip(original, replacement, strict=True))
        )
    )


_LONG_S_CANDIDATE = re.compile(r"^[a-z'’]*f[a-z][a-z'’]*$")  # letters (and an apostrophe), an inner f


def _long_s_reading(low: str, model: OcrModel) -> str | None:
    """The commonest known word that ``low`` is with some of its inner f's read as s, if common enough."""
    inner = [k for k in range(len(low) - 1) if low[k] == "f" and low[k + 1].isalpha()]
    if not inner or len(inner) > LONG_S_MAX_F:
        return None
    best: tuple[float, str] | None = None
    for mask in range(1, 1 << len(inner)):
        letters = list(low)
        for bit, k in enumerate(inner):
            if mask >> bit & 1:
                letters[k] = "s"
        reading = "".join(letters)
        z = model.zipf(reading)
        if z >= LONG_S_MIN_ZIPF and (best is None or z > best[0]) and model.known(reading):
            best = (z, reading)
    return best[1] if best is not None else None


def _long_s_edit(i: int, doc: Document, reading: str) -> Edit | None:
    """Unit ``i`` of a document in old print, whose long-s reading is ``reading``. An unknown word is mended
    (offering the reading to the non-word search as one more cheap candidate instead, so that *fhe* might
    still be *the* misread, lost more than it won on the audit's old-print sets); a word of its own as
    written is left to the context (``_long_s_in_context``)."""
    u = doc.units[i]
    if doc.known[i]:
        return _long_s_in_context(i, doc, reading)
    return Edit(u.start, u.end, u.text, match_case(u.text, reading), 0.9, SRC)


def _long_s_in_context(i: int, doc: Document, reading: str) -> Edit | None:
    """A word that is English as written and as read with s (*fame*/same): the language model decides, and
    keeping the word gets ``LONG_S_KEEP`` nats of benefit of the doubt."""
    u, lm, model = doc.units[i], doc.lm, doc.model
    if lm is None:
        return None
    prev, nxt = doc.prev(i), doc.next(i)
    keep = _lm_score([doc.lowers[i]], prev, nxt, lm, model) + LONG_S_KEEP
    shares = _confidence([("", keep), (reading, _lm_score([reading], prev, nxt, lm, model))])
    best, conf = shares[0]
    if not best:
        return None
    return Edit(u.start, u.end, u.text, match_case(u.text, best), round(conf, 4), SRC)


# small words that a lost space glues to the capitalised word after them (*inApril*, *theUnited*, *bytheUS*);
# not "to", "on", "for", "is", "get", "set": the prefixes of code's identifiers (*toString*, *onClick*)
_GLUED_SMALL = frozenset(
    ["the", "of", "in", "and", "at", "by", "an", "a", "with", "from", "his", "her", "their", "its", "as", "but"]
)  # fmt: skip
# a token so written is camelCase: ``_needs_company`` gates its split
_CAMEL_INSIDE = re.compile(r"[a-z][A-Z]")
_CAMEL_PARTS = re.compile(r"[a-z]+|[A-Z][a-z]+|[A-Z]{2,4}(?![a-z])")
GLUED_PART_MIN_ZIPF = 3.0  # each capitalised part must be at least this common a word
_CHUNK_EDGE = frozenset(" \t\r\n\"'“”‘’([,.;:!?)]")


def _glued_capital(u: Unit, text: str, doc: Document) -> Edit | None:
    """Words run together across a capital, which looked like code (camelCase) and were never mended:
    *inApril* → in April, *bytheUS* → by the US, *theInternationalMonetary* → the International Monetary,
    *PrimeMinister* → Prime Minister. The whole token, between spaces or punctuation, must be such words: a
    lower-case head of one or two small words (``_GLUED_SMALL``), then capitalised words.

    The capitalised run is split only into common words the language model expects in that order
    (``_camel_words``); otherwise it stays whole, a brand or a name (*theYouTube* → the YouTube, and
    *CloudMine*, *SoftBank* stay). As code's identifiers look the same, only a document with other garble
    gets any of it (``_needs_company``)."""
    word = u.text
    if word[1:].islower() or word.isupper() or not word.isalpha():  # most tokens: no capital inside
        return None
    parts = _CAMEL_PARTS.findall(word)
    if len(parts) < 2 or "".join(parts) != word:
        return None
    if (u.start > 0 and text[u.start - 1] not in _CHUNK_EDGE) or (
        u.end < len(text) and text[u.end] not in _CHUNK_EDGE
    ):
        return None
    head: list[str] = []
    if parts[0].islower():
        head = _small_words(parts[0])
        if not head:
            return None
        parts = parts[1:]
    if any(p.islower() for p in parts):
        return None
    run = "".join(parts)
    model = doc.model
    if len(parts) > 1 and _camel_words(parts, doc):
        tail = parts
    elif head and (
        (len(parts) == 1 and (run.isupper() or model.zipf(run.lower()) >= GLUED_PART_MIN_ZIPF))
        or (len(parts) > 1 and model.known(run.lower()))
    ):
        tail = [run]  # *bytheUS*, *inApril*, *theYouTube*
    else:
        return None
    return Edit(u.start, u.end, word, " ".join([*head, *tail]), 0.85, SRC)


# the log probability each capitalised word of a camelCase run must have after the one before it for the run
# to be read as words run together: "Prime Minister" (−0.6), "Missouri Department" (−4.6), "South Sudan" (−5.0)
# pass; brands do not: "Black Rock" (−7.0), "Sea World" (−8.2), "Soft Bank" (−9.5), "Cloud Mine" (−10.6)
CAMEL_MIN_LOGPROB = -6.5


def _camel_words(parts: list[str], doc: Document) -> bool:
    """Whether capitalised ``parts`` (*Prime*, *Minister*) are common words run together: each of three
    letters or more and common, the run itself no word the model knows (*YouTube*, *PlayStation*), and
    each word likely after the one before it."""
    model, lm = doc.model, doc.lm
    if lm is None or model.known("".join(parts).lower()):
        return False
    lows = [p.lower() for p in parts]
    if any(len(p) < 3 or not p[1:].islower() or model.zipf(p) < GLUED_PART_MIN_ZIPF for p in lows):
        return False
    return all(lm.logprob(b, (a,)) >= CAMEL_MIN_LOGPROB for a, b in pairwise(lows))


def _small_words(lower: str) -> list[str]:
    """``lower`` as one or two of ``_GLUED_SMALL`` (*in*, *bythe*), else nothing."""
    if lower in _GLUED_SMALL:
        return [lower]
    for i in range(1, len(lower)):
        if lower[:i] in _GLUED_SMALL and lower[i:] in _GLUED_SMALL:
            return [lower[:i], lower[i:]]
    return []


_NUMBER_GLYPHS = str.maketrans({"l": "1", "I": "1", "O": "0", "S": "5", "B": "8"})


def _letters_in_number(u: Unit, text: str) -> Edit | None:
    """A number with letters read into it: *l977*, *20I6*, *3,0O0* (the "0O0" after the comma), and since
    session 25 *19B9* and *1O:00*, *9:3O*, *3O,000*, *l6:08*. At least two real digits, or a digit and a
    digit group joined to it by a full stop, comma or colon, so that *O2*, *I5* and *l0* are left to the word
    rules; an S or B (5, 8) only in a year-like number (``_year_like``)."""
    word = u.text  # ASCII letters and digits (``units._UNIT_RE``): once translated, all digits
    if word.isalpha() or word.isdigit() or not all(c.isdigit() or c in "lIOSB" for c in word):
        return None
    digits = sum(c.isdigit() for c in word)
    if ("S" in word or "B" in word) and not _year_like(word, text, u.start, u.end, digits):
        return None
    if digits < 2 and not (digits and _joined_to_digits(text, u.start, u.end)):
        return None
    return Edit(u.start, u.end, word, word.translate(_NUMBER_GLYPHS), 0.9, SRC)


def _year_like(word: str, text: str, start: int, end: int, digits: int) -> bool:
    """Whether an S or B in ``word`` may be a 5 or 8: each between digits, three digits at least, and no
    hyphen or slash beside the token (*19B9* is a year; *4B7-X2*, *13B* and *B2B* are codes)."""
    if digits < 3 or (start and text[start - 1] in "-/") or (end < len(text) and text[end] in "-/"):
        return False
    return all(
        0 < k < len(word) - 1 and word[k - 1].isdigit() and word[k + 1].isdigit()
        for k, c in enumerate(word)
        if c in "SB"
    )


def _joined_to_digits(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is joined to a group of digits by a full stop, comma or colon (*1O:00*)."""
    after = end + 1 < len(text) and text[end] in ".,:" and text[end + 1].isdigit()
    return after or (start >= 2 and text[start - 1] in ".,:" and text[start - 2].isdigit())


_DOUBLED_CAPITAL = re.compile(r"([A-HJ-Z])\1[a-z]+")  # not I: Roman numerals (*IIs*)


def _doubled_capital(u: Unit) -> Edit | None:
    """A capital read twice: *GGeoff*, *MMr*, *TThe*. English writes no word so (brands such as *AAdvantage*
    are the rare exception), and the doubled capital made the word look like code to the other rules."""
    if u.protected or _DOUBLED_CAPITAL.fullmatch(u.text) is None:
        return None
    return Edit(u.start, u.end, u.text, u.text[1:], 0.9, SRC)


def _lost_capital_i(u: Unit, text: str) -> Edit | None:
    """The pronoun I read as l: *l think*, *who l knew*; not *5 l of water* nor *a scale of l to 10*, where it
    is a unit or a 1, nor a quoted or bracketed letter (*(l)*). (A word that starts with the l, *lraq*, is
    left to the other rules: whether *lssue* is *Issue* or *issue* depends on a capital the OCR lost.)"""
    if u.protected or u.text != "l":
        return None
    rest = text[u.end : u.end + 12]
    before = u.gap_before.strip() or text[max(0, u.start - 2) : u.start].strip()
    if (
        not rest.startswith(" ")
        or not rest[1:2].islower()
        or any(c.isdigit() for c in rest)
        or before[-1:].isdigit()
        or before[-1:] in "(\"'‘“"
    ):
        return None
    return Edit(u.start, u.end, "l", "I", 0.85, SRC)


def _glyph_capitals(u: Unit, doc: Document) -> Edit | None:
    """A capital I read for an l, or VV for a W, inside a word: *wilI*, *CIinton*, *VVhite*. The capital
    inside the word made it look like code (``units._CODEISH``), so nothing mended it; now it is mended when
    the result is a common word and the token, read in lower case, is far rarer."""
    word = u.text
    if not word.isalpha() or not ("I" in word[1:] or "VV" in word) or word.isupper():
        return None
    fixed = word.replace("VV", "W")
    fixed = fixed[:1] + fixed[1:].replace("I", "l")
    if fixed == word or not fixed[1:].islower():
        return None
    model = doc.model
    z_fixed = model.zipf(fixed.lower())
    # the token read in lower case may exist somewhere ("wili"): the mended word must be far commoner
    if z_fixed < 3.0 or z_fixed - model.zipf(word.lower()) < 2.0:
        return None
    return Edit(u.start, u.end, word, fixed, 0.9, SRC)


def _foreign_phrase(i: int, doc: Document) -> bool:
    """A common word of another language next to another such word or one of its function words: a phrase
    quoted in English text ("le plan de relance", "la medida"), not garble. Alone, such a word is more
    often an English word garbled into it (*passt* for past, *takke* for take: 6 of the 1,700 noised words
    of bench/ocr_noise.py), so it stays repairable."""
    languages = doc.model.languages
    if languages is None or doc.lowers[i] not in languages.foreign:
        return False
    near = (doc.lowers[j] for j in (i - 1, i + 1) if 0 <= j < len(doc.lowers))
    return any(w in languages.foreign or w in languages.others for w in near)


GARBLE_EVIDENCE_WORDS = 1000  # a document needs one other repair per this many words to unlock the risky ones
GLUE_WORDS = frozenset(["a", "an", "the", "of", "to", "in", "on", "at", "by", "for", "and", "is", "it"])


def _needs_company(edit: Edit, unit: Unit, model: OcrModel) -> bool:
    """Repairs that are right in a garbled document and wrong in a clean one: a code read as a word (*A1* →
    Al, *1a* → La: three characters at most, with a digit and either a capital or a leading digit; *G0vernment*
    and *t0* are no codes) and a compound that web text writes solid (*leadup* → lead up: wordfreq knows the
    solid form). Session 20: on four clean sets (178,000 words of Wikinews, Slate and White House text) such
    repairs were all wrong, in documents that showed no other garble. ``fix_ocr`` keeps them only beside
    other repairs.

    Two kinds that looked alike were measured and left ungated: capitalised unknowns mid-sentence (*Ehad* →
    Chad on clean text, but *Unnited*, *Worlld*, *Fivc* in lightly garbled text: four right to one wrong) and
    splits of tokens wordfreq never saw (*waterbombing*, but *histestimony*, *disputebetween*)."""
    word, repl = unit.text, edit.replacement
    if repl[:-2] == word[:-1] and repl[-2:] in ("'s", "’s"):  # a lost possessive apostrophe
        return True
    if word.isalpha() and word.isupper() and repl in undoubled(word):  # an acronym's doubled letter
        return True
    if any(c.isdigit() for c in word) and len(word) <= 3 and (word[0].isdigit() or not word.islower()):
        return True
    if " " in repl and _CAMEL_INSIDE.search(word):  # inApril, PrimeMinister, or an identifier
        return True
    parts = repl.lower().split()
    return (
        " " not in word
        and len(parts) > 1
        and model.zipf(word.lower()) > 0.0
        and not any(p in GLUE_WORDS for p in parts)  # "theoriginal", "ofthe": web text's lost spaces
    )


def _fix_digits(i: int, doc: Document) -> Edit | None:
    """G0vernment, 1ater, t0, 0f: digits read for letters. Numbers with units (3.5kg, 10am, 1990s) and
    alphanumeric codes (MP3, H1N1, B2B) are left alone."""
    word = doc.units[i].text
    if not any(c.isalpha() for c in word) or not all(c in _DIGIT_MAP for c in word if c.isdigit()):
        return None
    m = _NUM_UNIT.match(word)
    if m and (not m.group(1) or (m.group(1).lower() in _UNITS and not word.startswith("0"))):
        return None  # a number, or a number with its unit; "0f" is no number
    uppers = sum(c.isupper() for c in word)
    if uppers > 1 and not (word.isupper() and len(word) >= 6):
        return None
    if len(word) > MAX_WORD_LEN:
        return None
    lower = word.lower()
    cands = {c: k for c, k in candidates(lower, doc, 2.0, False).items() if " " not in c}
    if len(word) <= 3:  # t0, 0f, 1n: only the very common function words
        cands = {c: k for c, k in cands.items() if doc.model.zipf(c) >= 5.0}
    return _decide(i, doc, cands, KEEP_NONWORD)


def _fix_nonword(i: int, doc: Document) -> Edit | None:
    u = doc.units[i]
    word = u.text
    base, sep, suffix = word.partition("'") if "'" in word else word.partition("’")
    if sep:  # possessive of a garbled word (Frlday's): fix the base, keep the suffix
        if suffix.lower() != "s" or doc.model.known(base.lower()):
            return None
        sub = Unit(base, u.start, u.start + len(base), u.sent_start, u.gap_before, False)
        tmp = replace(doc, units=[*doc.units[:i], sub, *doc.units[i + 1 :]])
        return _fix_nonword(i, tmp)
    if not 2 <= len(word) <= MAX_WORD_LEN or _plural_of_known(word.lower(), doc.model):
        return None
    upper = word.isupper()
    title = word[0].isupper() and word[1:].islower()
    if upper or (not title and not word.islower()):
        return None  # acronyms and their plurals (HLIs); mixed case is code or a brand
    keep = KEEP_NONWORD
    max_cost = MAX_CHANNEL
    if title and doc.counts.get(word, 0) > 1:
        if not u.sent_start or doc.forms.get(word.lower()) == word:
            # a recurring capitalised unknown is a name, at a sentence start too when the document also
            # writes it mid-sentence ("Riise" → Rise, "Neeman" → Newman on clean text: session 23's audits)
            return None
        keep += TITLE_KEEP_BONUS
    elif title and not u.sent_start:
        keep += TITLE_KEEP_BONUS
        max_cost = 2.0
    cands = candidates(word.lower(), doc, max_cost, segment=True)
    unseen = doc.model.zipf(word.lower()) == 0.0
    # a sentence's first word keeps the capital of its first part (*Thedetainment*, *Itis*)
    if unseen and (word.islower() or (title and u.sent_start)):
        # a long token one slip from a word (*formaton*) is that word misread, not "format on"
        long = len(word) >= LONG_MERGE_LEN and not any(
            " " not in c and k <= ONE_SLIP_COST for c, k in cands.items()
        )
        cands = {
            c: k - c.count(" ") * MERGED_SPLIT_BONUS / CHANNEL_WEIGHT if _clean_split(c, long) else k
            for c, k in cands.items()
        }
    elif unseen and title:  # a name run into the word after it (*Daxwas*)
        cands = {
            c: k - MERGED_SPLIT_BONUS / CHANNEL_WEIGHT if _name_then_small_word(c) else k
            for c, k in cands.items()
        }
    return _decide(i, doc, cands, keep)


# words that OCR runs onto the name before them (*Daxwas*, *Greenlandwill*, *Bubackand*): three letters or
# more, since a name may well end in two that are a word (*Benin*, *Dayton*, *Hanson*)
_NAME_TAIL_WORDS = frozenset(
    [
        *("was", "were", "are", "and", "will", "would", "has", "had", "have", "said", "says", "who", "she"),
        *("for", "with", "from", "that", "the", "can", "could"),
    ]
)


def _name_then_small_word(candidate: str) -> bool:
    """A split into a word of three letters or more that is no small word itself (a name, not *The* of
    *Theare*, theatre misread) and one of ``_NAME_TAIL_WORDS``."""
    parts = candidate.split()
    return (
        len(parts) == 2
        and len(parts[0]) >= 3
        and parts[0] not in _NAME_TAIL_WORDS | _GLUED_SMALL | GLUE_WORDS
        and parts[1] in _NAME_TAIL_WORDS
    )


def _plural_of_known(lower: str, model: OcrModel) -> bool:
    """A word of four letters or more with an "s" added (*reunifications*, *pleaders*, *bipartisans*): a
    plural or a verb form the word list lacks, not a slip, since OCR seldom adds a letter at a word's end
    ("newss", a doubled letter, is still a slip). The word must be in the list or fairly common: wordfreq
    knows much web debris, and *toops* (troops with its r lost) is no plural of its *toop*."""
    if len(lower) < 5 or not lower.endswith("s") or lower.endswith("ss"):
        return False
    stem = lower[:-1]
    return stem in model.words or model.zipf(stem) >= PLURAL_STEM_MIN_ZIPF


def _clean_split(candidate: str, long: bool) -> bool:
    """A candidate that splits a token into words of three letters or more, or common two-letter ones
    ("waited long", "is it"; not "a bus"); in a ``long`` token also the particles and "a"
    ("not reachable by", "a market analyst", "this follows a")."""
    short = _SHORT_WORDS | _LONG_MERGE_SHORT_WORDS if long else _SHORT_WORDS
    return " " in candidate and all(len(p) >= 3 or p in short for p in candidate.split())


# two-letter words common enough that a merge with one of them is no rarer than with a longer word; not the
# particles and prefixes of compounds written solid ("clipon", "pickup", "orring", "byplays", "bedevils")
_SHORT_WORDS = frozenset(["of", "to", "in", "at", "is", "it", "as", "he", "we", "an", "if", "my"])
# ... which a token this long that no word list has seen may still hold: solid compounds with a particle are
# short (*pickup*, *standby*, *clipon*), and a string of eight letters or more that splits exactly into
# common words with "a" or "by" among them is words run together (*amarketanalyst*, *notreachableby*)
LONG_MERGE_LEN = 8
ONE_SLIP_COST = 2.5  # the channel cost of one lost, added or misread letter
_LONG_MERGE_SHORT_WORDS = frozenset(["a", "by", "on", "or", "no", "so", "up", "be", "do", "me", "us"])


def _fix_semi_known(i: int, doc: Document) -> Edit | None:
    """Words wordfreq has seen but the curated list has not (tbe, thc, ofthe, ls): web text is full of OCR
    output, so these are fixed, but only into a much more frequent word by a cheap OCR confusion."""
    u = doc.units[i]
    word, lower = u.text, doc.lowers[i]
    if not (word.islower() or (u.sent_start and word[1:].islower())):
        return None
    z = doc.model.zipf(lower)
    if z >= 4.3 or (z >= 3.5 and len(lower) > 3) or _plural_of_known(lower, doc.model):
        return None
    keep = (z - 9.0) * math.log(10) + 2.0
    cands = candidates(lower, doc, 2.5, segment=len(lower) >= 5, min_zipf=z + 2.5, use_doc=False)
    return _decide(i, doc, cands, keep, MIN_CONF + 0.1)


def _fix_real_word(i: int, doc: Document) -> Edit | None:
    """A rare dictionary word one cheap glyph confusion away from a very common one, where the context wants
    the common one by a wide margin: "officials aud ministers" (and), "the cars arc parked" (are). A real
    word is right far more often than not, so the keep side gets ``REAL_WORD_PRIOR`` nats and the repair
    must still win ``MIN_CONF + 0.3`` of the share."""
    u = doc.units[i]
    word, lower = u.text, doc.lowers[i]
    if not (word.islower() or (u.sent_start and word[1:].islower())):
        return None
    model = doc.model
    z = model.zipf(lower)
    if z >= REAL_WORD_MAX_ZIPF:
        return None
    floor = max(REAL_WORD_TARGET_ZIPF, z + 2.0)
    cands = {}
    for cand in confusion_variants(lower, 1) | undoubled(lower):  # *aud* for and; *thee*, *inn* for the, in
        if cand in model.words and model.zipf(cand) >= floor:
            cost = channel_cost(lower, cand)
            if cost <= REAL_WORD_MAX_COST:
                cands[cand] = cost
    if not cands:
        return None
    prev, nxt = doc.prev(i), _next_token(i, doc)
    keep = _lm_score([lower], prev, nxt, doc.lm, model) + REAL_WORD_PRIOR
    scored: list[tuple[str, float]] = [("", keep)]
    for cand, cost in cands.items():
        scored.append((cand, _lm_score([cand], prev, nxt, doc.lm, model) - CHANNEL_WEIGHT * cost))
    (best, conf), *_ = _confidence(scored)
    if not best or conf < MIN_CONF + 0.3:
        return None
    return Edit(u.start, u.end, word, match_case(word, best), round(conf, 4), SRC)


def _next_token(i: int, doc: Document) -> str | None:
    """The next word, or the mark between it and unit ``i`` when the language model reads marks: "praise
    thee, O Lord" is judged on "thee ," where "the ," is no English, not on "thee O"."""
    nxt = doc.next(i)
    if nxt is not None and doc.lm is not None and doc.lm.punctuation:
        gap = doc.units[i + 1].gap_before.lstrip()
        if gap[:1] in (",", ";", ":", ".", "!", "?"):
            return gap[0] if gap[0] in ",;:" else EOS
    return nxt


def _doubled_in_acronym(u: Unit, doc: Document) -> Edit | None:
    """An acronym with a letter read twice (*UKK*, *FFBI*, *NHSS*, *RRCMP*): capitals that are no word, whose
    single-letter form the document writes elsewhere or is a common word (*UK*, *FBI*, *NHS*). Acronyms with
    a real double letter (*BBC*, *AAA*) are words and stay; and as codes look the same, only a garbled
    document gets this (``_needs_company``)."""
    word = u.text
    if u.protected or not (3 <= len(word) <= 7 and word.isupper() and word.isalpha()):
        return None
    low, model = word.lower(), doc.model
    if low in model.words or model.zipf(low) > 0.0:
        return None
    for fixed in sorted(undoubled(word)):
        if doc.counts.get(fixed, 0) or model.zipf(fixed.lower()) >= ACRONYM_MIN_ZIPF:
            return Edit(u.start, u.end, word, fixed, 0.8, SRC)
    return None


def _best_fix_score(lower: str, prev: tuple[str, ...], doc: Document) -> float:
    """Score of the best repair of a non-word on its own ("to ns" is "to us", not "tons")."""
    best = KEEP_NONWORD
    for cand, cost in candidates(lower, doc, MAX_CHANNEL, segment=False, use_doc=False).items():
        best = max(best, _lp(cand, prev, doc.lm, doc.model) - CHANNEL_WEIGHT * cost)
    return best


# endings that OCR splits off a word and that are no words alone ("al", "ness" and "less" are left out: "al"
# opens Arabic names, and the others are words)
BOUND_SUFFIXES = frozenset(
    {"ing", "ings", "ed", "ly", "tion", "tions", "sion", "ment", "ments", "ity", "ous"}
)


def _try_join(i: int, doc: Document) -> tuple[Edit, int] | None:
    """Join ``units[i:i+k]`` (k = 3 or 2), separated by single spaces, into one frequent word: ``gov ernment``
    always when a part is not a word; ``inter national`` only when a part is rare on its own and the LM
    prefers the joined word by a wide margin."""
    units, lowers, known, model, lm = doc.units, doc.lowers, doc.known, doc.model, doc.lm
    for k in (3, 2):
        if i + k > len(units):
            continue
        joined = "".join(lowers[i : i + k])
        if model.words.get(joined, 0) < 100_000:
            continue  # asked first: hardly any run of words joins into a frequent one
        grp = units[i : i + k]
        if any(g.protected or not g.text.isalpha() for g in grp):
            continue
        if any(g.gap_before != " " for g in grp[1:]):
            continue
        if any(not g.text.islower() for g in grp[1:]) or not (grp[0].text.islower() or grp[0].text.istitle()):
            continue
        parts = lowers[i : i + k]
        # a suffix split off its word ("shoot ing", "need ed") is no word of its own, whatever wordfreq says
        kn = [known[i + n] and not (n and parts[n] in BOUND_SUFFIXES) for n in range(k)]
        prev, nxt = doc.prev(i), doc.next(i + k - 1)
        s_join = _lm_score([joined], prev, nxt, lm, model) - SPACE_COST * (k - 1)
        if all(kn):
            if model.zipf(joined) < 3.5 or min(model.zipf(p) for p in parts) >= 3.5:
                continue
            s_keep, margin = _lm_score(parts, prev, nxt, lm, model), JOIN_KNOWN_MARGIN
        else:
            s_keep, margin, ctx = 0.0, 0.0, prev
            seq = [*parts, nxt] if nxt else parts
            for p, ok in zip(seq, [*kn, True], strict=False):
                s_keep += _lp(p, ctx, lm, model) if ok else _best_fix_score(p, ctx, doc)
                ctx = (*ctx[-1:], p)
        (best, conf), *_ = _confidence([("keep", s_keep + margin), ("join", s_join)])
        if best == "join" and conf >= MIN_CONF + 0.1:
            orig = doc.units[i].text + "".join(g.gap_before + g.text for g in grp[1:])
            conf = conf * (0.85 if all(kn) else 1.0)
            return Edit(
                grp[0].start, grp[-1].end, orig, match_case(grp[0].text, joined), round(conf, 4), SRC
            ), k
    return None
