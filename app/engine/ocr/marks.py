"""Full stops and commas OCR misread between words: a comma read as a full stop (*the world. particularly*),
a speck read as one (*over the last. several years*) or as a comma (*the percentage of, students*), a full
stop read as a comma (*profits,* ending a paragraph; *the crime, According to*), and an apostrophe read as
a comma (*Germany,s*, *don,t*).

Why these tests: in clean English a full stop before a lower-case word closes an abbreviation (*etc.*,
*vs.*, *U.S.*) and almost nothing else, and a paragraph does not end in a comma; so both are repaired
wherever they stand (on the audit's clean news, 2 such sites in 105,000 words). Which mark a full stop
should have been (a comma, or none) is the language model's choice. A comma before a capitalised sentence
opener (*, The*) is far more often right (a title: *his new book, The Early Years*), and so is a comma
between two words; so those repairs need a language model that clearly prefers the other reading, and
other garble in the document (``fix_ocr``'s risky repairs).
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING, TypeGuard

from app.engine.lm import BOS, EOS, logprob_after
from app.engine.ocr.model import OcrModel
from app.engine.tokens import ABBREVIATIONS, apostrophe_of
from app.engine.types import Edit, Source

if TYPE_CHECKING:
    from app.engine.lm import LanguageModel

SRC = str(Source.OCR)

# a full stop between a word (not an abbreviation's last part: "U.S.", "e.g.") and a lower-case word
_STOP_BEFORE_LOWER = re.compile(r"(?<![\w.'’@/&-])([^\W\d_]{2,})(\.)[ \t]+(?=([a-z]{2,})(?:[\s,.;:!?)]|$))")
# a comma that ends a paragraph (a blank line, then a capital): "... profits,\n\nIn". (Not at the text's
# end: a scraped snippet cut off mid-sentence ends in a comma too.)
_COMMA_ENDS_PARAGRAPH = re.compile(r"(?<=[^\W\d_])(,)[ \t]*\r?\n[ \t]*\r?\n(?=[ \t]*[\"“(]?[A-Z])")
# a comma before a word that opens sentences, capitalised
_COMMA_BEFORE_OPENER = re.compile(
    r"(?<=[a-z])(,) (?=(?:The|It|This|He|She|They|We|In|But|However|There|These|Those|His|Her|Its|Their|Our"
    r"|After|According|When|While|If|On|At|For|As|A|An)\b)"
)
# a comma between two lower-case words: a speck, when the language model finds the words far likelier
# without it ("the percentage of, students who")
_COMMA_BETWEEN_WORDS = re.compile(r"(?<=[a-z])(,) (?=[a-z]+\b)")
# a comma or full stop that lost the space after it: "year,and", "Euless,Texas", "that.But" (words in
# lower case or capitalised, not codes: "ID,NAME"; a capital after a full stop: "example.com" is no prose)
_GLUED_MARK = re.compile(
    r"(?<![\w.,@/:'’&-])(?:[A-Za-z][a-z]+(,)(?=[A-Za-z][a-z]+\b)|[a-z]{2,}(\.)(?=[A-Z][a-z]+\b))"
)
# one space between a word and a mark that ends its clause: "world ,", "Mr .", "said :" (not ". . .", " .5"
# nor a number's "10 : 30")
_SPACE_BEFORE_MARK = re.compile(
    r"(?:(?<=[^\W\d_])|(?<=[^\W\d_][\"”’)]))(?! [.!?] ?[.!?]) (?=[,;:.!?](?:[ \t\r\n\"”’)]|$))"
)
_WORD_BEFORE = re.compile(r"[^\W\d_]+[\"”’)]?$")
# an apostrophe read as a comma: "Germany,s", "don,t", "I,m", "they,re"
_COMMA_APOSTROPHE = re.compile(r"(?<![\w,])([^\W\d_]+),(s|t|m|re|ve|ll|d)(?![\w'’])")
_CONTRACTED = {
    "t": ("don", "can", "won", "isn", "aren", "wasn", "weren", "didn", "doesn", "hasn", "haven", "hadn",
          "couldn", "wouldn", "shouldn", "mustn", "ain"),
    "m": ("i",),
    "re": ("we", "you", "they", "who", "what"),
    "ve": ("i", "we", "you", "they", "could", "would", "should", "might", "must", "who"),
    "ll": ("i", "you", "he", "she", "it", "we", "they", "that", "there", "who"),
    "d": ("i", "you", "he", "she", "we", "they", "who"),
}  # fmt: skip
# a full stop after these does not end a sentence either (with ``tokens.ABBREVIATIONS``)
_MORE_ABBREVIATIONS = frozenset(
    "approx est fig figs vol vols al cf viz esp min max ca pp ed eds resp incl excl govt assn ave blvd rd hwy "  # noqa: SIM905
    "hr hrs yr yrs mo mos wk wks tel ext ch sec pt pts para op cit ibid seq oz lb lbs kg km mg ml cm mm gal qt "
    "sq".split()
)
_LM_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*|[,;:?!\"“”()]")
_SENTENCE_END = re.compile(r"[.!?][\"”')\]]*\s+(?=\S)")
# nats of benefit a comma gets against no mark: the trigram model under-rates an inserted comma (the
# comma itself and the word after it both pay). Set on the OCR audit's punctuation set (a comma was right
# in 119 of 228 such full stops: 165 chosen right with no benefit, 199 with 3.5) and checked on
# ``bench/ocr_noise.py``'s punctuation row (13 of 17 → 15)
COMMA_BENEFIT = 3.5
COMMON_ZIPF = 3.0  # the word after a full stop read for a comma: at least this common (wordfreq's zipf)
STRAY_COMMA_MARGIN = 8.0  # nats the words must gain without a comma before it goes (garbled texts only)
OPENER_MARGIN = 1.0  # nats a sentence end must beat the comma by before ", The" becomes ". The"


def mark_edits(text: str, model: OcrModel, lm: LanguageModel | None) -> list[Edit]:
    """The mark repairs of ``text`` that stand on their own. Without a language model that reads
    punctuation, only those that need none (a paragraph's last comma, an apostrophe, a lost space)."""
    plain = _apostrophe_edits(text) + _paragraph_edits(text) + _glued_mark_edits(text, model)
    if _reads_punctuation(lm) and "." in text:
        plain += _stop_edits(text, model, lm)
    return sorted(plain, key=lambda e: e.start)


def risky_mark_edits(text: str, lm: LanguageModel | None) -> list[Edit]:
    """The mark repairs that need other garble in the document (``fix_ocr`` asks only then: each costs a
    few language-model queries per comma)."""
    spaced = _spaced_mark_edits(text)
    if not _reads_punctuation(lm) or ", " not in text:
        return spaced
    return sorted(spaced + _opener_edits(text, lm) + _stray_comma_edits(text, lm), key=lambda e: e.start)


def _spaced_mark_edits(text: str) -> list[Edit]:
    """*the world , and*, *Mr . Smith*, *he said : the*: a space OCR read before a mark goes. In clean text
    such a space is a writer's habit or the trace of a link cut out of the page (the audit's clean news has
    hundreds: *India , arrested*; BBC text has *Freddie Ljungberg .*), and the scorer's words are the same
    either way; so only a garbled document gets this, never before an ellipsis (*wait . . .*), and not
    after a capitalised word of four letters or more: links are mostly names."""
    edits: list[Edit] = []
    for m in _SPACE_BEFORE_MARK.finditer(text):
        word = _WORD_BEFORE.search(text, 0, m.start())
        if word is not None and len(word.group()) >= 4 and word.group()[0].isupper():
            continue
        edits.append(Edit(m.start(), m.start() + 1, " ", "", 0.8, SRC))
    return edits


def _reads_punctuation(lm: LanguageModel | None) -> TypeGuard[LanguageModel]:
    """Whether ``lm`` scores commas (the package bigram list does not): only then can it weigh one."""
    return lm is not None and lm.punctuation


def before_repaired_word(text: str, edit: Edit, starts: set[int]) -> bool:
    """Whether ``edit`` takes a full stop away from before a word the word stage repairs (``starts``): in
    *late. ln the end* the word lost its capital (*In*), not the full stop its comma."""
    if edit.original != ".":
        return False
    j = edit.end
    while j < len(text) and text[j] in " \t":
        j += 1
    return j in starts


def _apostrophe_edits(text: str) -> list[Edit]:
    """*Germany,s* → Germany's; *don,t* → don't, for the contractions English has."""
    if "," not in text:
        return []
    edits: list[Edit] = []
    apostrophe = apostrophe_of(text)
    for m in _COMMA_APOSTROPHE.finditer(text):
        word, tail = m.group(1), m.group(2)
        if tail == "s" or word.lower() in _CONTRACTED[tail]:
            at = m.end(1)
            edits.append(Edit(at, at + 1, ",", apostrophe, 0.9, SRC))
    return edits


def _glued_mark_edits(text: str, model: OcrModel) -> list[Edit]:
    """*year,and* → year, and; *that.But* → that. But: the space a mark lost. Not where the two halves make
    one common word (*bl,amed*: a speck inside a word, ``surface.stray_mark_edits``'s to mend). (On the
    audit's clean news and magazine text, 2 such marks in 165,000 words, both glued in the source itself.)"""
    edits: list[Edit] = []
    for m in _GLUED_MARK.finditer(text):
        k = 1 if m.group(1) else 2
        at = m.start(k)
        word_start = text.rfind(" ", 0, at) + 1
        tail = re.match(r"[A-Za-z]+", text[at + 1 :])
        joined = text[word_start:at] + (tail.group() if tail else "")
        if model.zipf(joined.lower()) >= COMMON_ZIPF:
            continue
        edits.append(Edit(at, m.end(k), m.group(k), m.group(k) + " ", 0.85, SRC))
    return edits


def _paragraph_edits(text: str) -> list[Edit]:
    """A comma that ends a paragraph becomes the full stop it was read for."""
    return [Edit(m.start(1), m.end(1), ",", ".", 0.8, SRC) for m in _COMMA_ENDS_PARAGRAPH.finditer(text)]


def _stop_edits(text: str, model: OcrModel, lm: LanguageModel) -> list[Edit]:
    """A full stop before a lower-case word becomes a comma or goes, whichever the language model prefers.
    Not before a word OCR garbled itself (*l think*, *lt features*: there the capital was lost, not the
    comma): the next word must be a common one (*lt* is in the word list, as an abbreviation)."""
    edits: list[Edit] = []
    for m in _STOP_BEFORE_LOWER.finditer(text):
        word = m.group(1).lower()
        if word in ABBREVIATIONS or word in _MORE_ABBREVIATIONS or model.zipf(m.group(3)) < COMMON_ZIPF:
            continue
        at = m.start(2)
        before = _tokens_before(text, at)
        after = _tokens_after(text, m.end())
        comma = logprob_after(lm, before, [",", *after]) + COMMA_BENEFIT
        none = logprob_after(lm, before, after)
        conf = _confidence(abs(comma - none))
        edits.append(Edit(at, at + 1, ".", "," if comma >= none else "", conf, SRC))
    return edits


def _opener_edits(text: str, lm: LanguageModel) -> list[Edit]:
    """*the crime, According to* → the crime. According to, when the language model prefers a sentence end
    by ``OPENER_MARGIN`` nats."""
    edits: list[Edit] = []
    for m in _COMMA_BEFORE_OPENER.finditer(text):
        at = m.start(1)
        before = _tokens_before(text, at)
        after = _tokens_after(text, m.end())
        comma = logprob_after(lm, before, [",", *after])
        stop = logprob_after(lm, before, [EOS]) + logprob_after(lm, [BOS], after)
        if stop - comma >= OPENER_MARGIN:
            edits.append(Edit(at, at + 1, ",", ".", _confidence(stop - comma - OPENER_MARGIN), SRC))
    return edits


def _stray_comma_edits(text: str, lm: LanguageModel) -> list[Edit]:
    """*the percentage of, students who* → the percentage of students who, when the language model finds the
    words at least ``STRAY_COMMA_MARGIN`` nats likelier without the comma. (On the OCR audit's punctuation
    set that margin removed 47 specks and one true comma; on clean news it would remove 0.2 commas per 1,000
    words, which is why the repair waits for other garble.)"""
    edits: list[Edit] = []
    for m in _COMMA_BETWEEN_WORDS.finditer(text):
        at = m.start(1)
        before = _tokens_before(text, at)
        after = _tokens_after(text, m.end())
        gain = logprob_after(lm, before, after) - logprob_after(lm, before, [",", *after])
        if gain >= STRAY_COMMA_MARGIN:
            edits.append(Edit(at, at + 1, ",", "", _confidence(gain - STRAY_COMMA_MARGIN), SRC))
    return edits


def _confidence(excess: float) -> float:
    """A model-weighed mark repair's confidence, from 0.6 up towards 0.9 as the model's preference beyond
    what the repair needs (``excess`` nats) grows."""
    return round(0.6 + 0.3 * (1 - math.exp(-excess)), 3)


def _tokens_before(text: str, at: int) -> list[str]:
    """The language model's last two tokens before ``at`` within its sentence, ``<s>`` first if it is short."""
    chunk = text[max(0, at - 80) : at]
    ends = list(_SENTENCE_END.finditer(chunk))
    if ends or at <= 80:
        chunk = chunk[ends[-1].end() :] if ends else chunk
        tokens = [BOS, *_LM_TOKEN.findall(chunk.lower())]
    else:
        tokens = _LM_TOKEN.findall(chunk.lower())
    return tokens[-2:]


def _tokens_after(text: str, at: int) -> list[str]:
    """The language model's first two tokens from ``at``, ``</s>`` where the sentence ends before them."""
    chunk = text[at : at + 60]
    end = _SENTENCE_END.search(chunk)
    tokens = _LM_TOKEN.findall((chunk[: end.start()] if end else chunk).lower())
    if end is not None or len(chunk) < 60:
        tokens.append(EOS)
    return tokens[:2]
