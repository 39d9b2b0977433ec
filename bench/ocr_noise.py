"""OCR noise generator and evaluation of the OCR stage (``app.engine.ocr.fix_ocr``).

    python bench/ocr_noise.py [--seed 7] [--rate 0.08] [--lm package|resources|none] [--by-kind]
                              [--clean-jsonl FILE] [--icdar DIR] [--write-cases FILE] [--show N]

The generator imitates what scanners and careless decoders do to clean text: glyph confusions (rn/m, l/1,
O/0, e/c, cl/d, li/h, h/b), dropped and doubled letters, split and merged words, end-of-line hyphenation
(including real compounds broken at their own hyphen) and the odd mojibake. Each case is
``{id, spun, original}``; the noisy text is ``spun`` so that the project's other benchmarks read it as-is.

Printed figures, per data set: word error rate before/after, err = 1 - wer_out / wer_in, precision of edits
(an edit is right when applying it alone brings the text closer to the original, by character distance), and
false edits per 1,000 words on the clean text itself; then the texts as OCR reads old print, every long s
read as f, and with OCR's punctuation slips (,,quotes'', *Trump s*, *se,veral*, *the world. particularly*). ``--by-kind`` adds one row
per noise kind.
``--icdar DIR`` evaluates on the English files of the ICDAR 2017/2019 post-OCR competitions
(``[OCR_toInput]`` / ``[ GS_aligned]`` format) as found in a checkout: nothing is downloaded or copied.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from rapidfuzz.distance import Levenshtein

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.engine.lm import LanguageModel, PackageBigramLM  # noqa: E402
from app.engine.ocr import OcrModel, fix_ocr  # noqa: E402
from app.engine.render import apply_edits  # noqa: E402
from app.engine.types import Edit  # noqa: E402

DATA = ROOT / "bench" / "data"

# meant → what the OCR printed (the reverse of what the repair stage undoes)
_GLYPHS: tuple[tuple[str, str], ...] = (
    ("m", "rn"),
    ("d", "cl"),
    ("h", "li"),
    ("h", "b"),
    ("l", "1"),
    ("i", "l"),
    ("o", "0"),
    ("O", "0"),
    ("e", "c"),
    ("c", "e"),
    ("w", "vv"),
    ("n", "u"),
    ("u", "n"),
)
KINDS = ("glyph", "drop", "double", "split", "merge", "hyphen", "mojibake")
_WEIGHTS = {"glyph": 5, "drop": 1.5, "double": 1, "split": 1, "merge": 1, "hyphen": 1.2, "mojibake": 0.4}
_WORD = re.compile(r"^([\"'“‘(\[]*)([A-Za-z][A-Za-z'’-]*[A-Za-z]|[A-Za-z])([^A-Za-z]*)$")


def _glyph(w: str, rng: random.Random) -> str | None:
    options = [(i, meant, seen) for meant, seen in _GLYPHS for i in _find_all(w, meant)]
    if not options:
        return None
    i, meant, seen = rng.choice(options)
    return w[:i] + seen + w[i + len(meant) :]


def _find_all(s: str, sub: str) -> list[int]:
    return [m.start() for m in re.finditer(re.escape(sub), s)]


def _drop(w: str, rng: random.Random) -> str | None:
    if len(w) < 5:
        return None
    i = rng.randrange(1, len(w) - 1)
    return w[:i] + w[i + 1 :]


def _double(w: str, rng: random.Random) -> str | None:
    if len(w) < 4:
        return None
    i = rng.randrange(1, len(w) - 1)
    return w[: i + 1] + w[i] + w[i + 1 :]


def _split(w: str, rng: random.Random) -> str | None:
    if len(w) < 7 or not w.isalpha():
        return None
    i = rng.randrange(3, len(w) - 2)
    return w[:i] + " " + w[i:]


def _hyphen(w: str, rng: random.Random) -> str | None:
    if "-" in w:  # a real compound broken at its own hyphen
        i = w.index("-")
        return w[: i + 1] + "\n" + w[i + 1 :]
    if len(w) < 8 or not w.isalpha():
        return None
    i = rng.randrange(3, len(w) - 3)
    return w[:i] + "-\n" + w[i:]


_WORD_OPS: dict[str, Callable[[str, random.Random], str | None]] = {
    "glyph": _glyph,
    "drop": _drop,
    "double": _double,
    "split": _split,
    "hyphen": _hyphen,
}


def ocr_noise(
    text: str, rng: random.Random, rate: float = 0.08, kinds: Iterable[str] = KINDS
) -> tuple[str, str]:
    """Return ``(noisy, original)``. ``original`` differs from ``text`` only where mojibake was injected on an
    apostrophe: the clean reference then carries the typographic ’ that the bad decoding came from."""
    kinds = [k for k in KINDS if k in set(kinds)]
    weights = [_WEIGHTS[k] for k in kinds]
    parts = re.split(r"(\s+)", text)
    noisy: list[str] = []
    orig: list[str] = []
    i = 0
    while i < len(parts):
        tok = parts[i]
        m = _WORD.match(tok) if tok and not tok.isspace() else None
        if m is None or rng.random() >= rate:
            noisy.append(tok)
            orig.append(tok)
            i += 1
            continue
        lead, core, tail = m.groups()
        kind = rng.choices(kinds, weights)[0]
        new: str | None = None
        ref = tok
        if kind == "merge":
            if tail == "" and i + 2 < len(parts) and parts[i + 1] == " " and parts[i + 2][:1].isalpha():
                noisy.append(tok + parts[i + 2])
                orig.extend([tok, " ", parts[i + 2]])
                i += 3
                continue
        elif kind == "mojibake":
            if "'" in core:
                ref = lead + core.replace("'", "’") + tail
                new = lead + core.replace("'", "â€™") + tail
            elif "é" in core:
                new = lead + core.replace("é", "Ã©") + tail
        else:
            fixed = _WORD_OPS[kind](core, rng)
            if fixed is not None and fixed != core:
                new = lead + fixed + tail
        noisy.append(new if new is not None else tok)
        orig.append(ref)
        i += 1
    return "".join(noisy), "".join(orig)


# the long s of print before about 1800: a lower-case s with a letter after it, except before b, f and k
_LONG_S = re.compile(r"s(?=[ac-eg-jl-z])")


def old_print_cases(texts: list[tuple[str, str]]) -> list[dict[str, str]]:
    """The texts as OCR reads a page set with long s's: every one of them read as f (*moft*, *houfe*). Real
    words come out too (*fame* for same, *cafe* for case): the context has to tell those."""
    return [
        {"id": f"{ident}-old-print", "spun": _LONG_S.sub("f", text), "original": text}
        for ident, text in texts
    ]


_OPEN_QUOTE = re.compile(r'(?:(?<=\s)|^)["\u201c](?=\w)', re.M)
_CLOSE_QUOTE = re.compile(r'(?<=[\w.,!?])["\u201d](?=\s|$)', re.M)
_POSSESSIVE = re.compile(r"(?<=[A-Za-z])['\u2019]s\b")
_LONG_WORD = re.compile(r"\b[a-z]{6,}\b")
_COMMA = re.compile(r"(?<=[A-Za-z]),(?= )")
_SENTENCE_STOP = re.compile(r"(?<=[a-z])\.(?= [A-Z]|\n)")
_WORD_SPACE = re.compile(r"(?<=[a-z]{3}) (?=[a-z])")


def punctuation_cases(texts: list[tuple[str, str]], seed: int) -> list[dict[str, str]]:
    """The texts with OCR's punctuation slips: half the double quotes read as ,, and '' (a low „ and a
    closing ”), a third of the 's that lost their apostrophe (*Trump s*) and a tenth of the others' read as
    a comma (*Germany,s*), a speck read as a comma or full stop inside one long word in a hundred
    (*se,veral*) and after one word in two hundred (*the last. several*), a fifth of the commas read as full
    stops (*the world. particularly*) and a tenth of the sentences' full stops as commas (*profits, In*)."""
    rng = random.Random(seed)
    cases = []
    for ident, text in texts:
        noisy = _OPEN_QUOTE.sub(lambda m: ",," if rng.random() < 0.5 else m.group(), text)
        noisy = _CLOSE_QUOTE.sub(lambda m: "''" if rng.random() < 0.5 else m.group(), noisy)
        noisy = _POSSESSIVE.sub(
            lambda m: " s" if (r := rng.random()) < 0.3 else ",s" if r < 0.37 else m.group(), noisy
        )
        noisy = _COMMA.sub(lambda m: "." if rng.random() < 0.2 else ",", noisy)
        noisy = _SENTENCE_STOP.sub(lambda m: "," if rng.random() < 0.1 else ".", noisy)
        noisy = _WORD_SPACE.sub(lambda m: ". " if rng.random() < 0.005 else " ", noisy)

        def speck(m: re.Match[str]) -> str:
            w = m.group()
            if rng.random() >= 0.01:
                return w
            k = rng.randrange(2, len(w) - 2)
            return w[:k] + rng.choice(",.") + w[k:]

        noisy = _LONG_WORD.sub(speck, noisy)
        cases.append({"id": f"{ident}-punctuation", "spun": noisy, "original": text})
    return cases


def make_cases(
    texts: list[tuple[str, str]], seed: int, rate: float, kinds: Iterable[str] = KINDS
) -> list[dict[str, str]]:
    rng = random.Random(seed)
    cases = []
    for ident, text in texts:
        noisy, original = ocr_noise(text, rng, rate, kinds)
        cases.append({"id": f"{ident}-ocr", "spun": noisy, "original": original})
    return cases


# --------------------------------------------------------------------------------------------- evaluation


def _wdist(a: str, b: str) -> int:
    return Levenshtein.distance(a.split(), b.split())


def _alignment(src: str, ref: str) -> list[int]:
    """For each offset of ``src`` (and its end) the aligned offset in ``ref``."""
    out = [0] * (len(src) + 1)
    for op in Levenshtein.opcodes(src, ref):
        for k in range(op.src_start, op.src_end):
            out[k] = op.dest_start + (
                min(k - op.src_start, op.dest_end - op.dest_start) if op.tag != "delete" else 0
            )
        out[op.src_end] = op.dest_end
    return out


def _edit_helps(src: str, ref: str, to_ref: list[int], e: Edit, pad: int = 40) -> bool:
    """Does applying ``e`` alone bring the text closer to ``ref``? Judged on a window around the edit, so that
    long documents stay cheap (the same answer as on the whole text unless edits are within ``pad``)."""
    a, b = max(0, e.start - pad), min(len(src), e.end + pad)
    window, gold = src[a:b], ref[to_ref[a] : to_ref[b]]
    fixed = window[: e.start - a] + e.replacement + window[e.end - a :]
    return Levenshtein.distance(fixed, gold) < Levenshtein.distance(window, gold)


def evaluate(
    cases: list[dict[str, str]], model: OcrModel, lm: LanguageModel | None, min_conf: float = 0.0
) -> dict[str, float]:
    """err, precision and timing of ``fix_ocr`` over ``cases``."""
    d_in = d_out = words = n_edits = good = 0
    secs = 0.0
    for c in cases:
        src, ref = c["spun"], c["original"]
        t0 = time.perf_counter()
        edits = [e for e in fix_ocr(src, model, lm) if e.confidence >= min_conf]
        secs += time.perf_counter() - t0
        out = apply_edits(src, edits)
        words += len(ref.split())
        d_in += _wdist(src, ref)
        d_out += _wdist(out, ref)
        to_ref = _alignment(src, ref)
        for e in edits:
            n_edits += 1
            good += _edit_helps(src, ref, to_ref, e)
    return {
        "words": words,
        "wer_in": d_in / max(words, 1),
        "wer_out": d_out / max(words, 1),
        "err": 1 - d_out / d_in if d_in else 0.0,
        "edits": n_edits,
        "precision": good / n_edits if n_edits else 1.0,
        "words_per_s": words / secs if secs else 0.0,
    }


def false_edits(
    texts: list[tuple[str, str]], model: OcrModel, lm: LanguageModel | None
) -> tuple[int, int, list[Edit]]:
    """Edits proposed on clean text (all of them are false), with the word count."""
    words = 0
    bad: list[Edit] = []
    for _, t in texts:
        words += len(t.split())
        bad += fix_ocr(t, model, lm)
    return words, len(bad), bad


def speed(texts: list[tuple[str, str]], model: OcrModel, lm: LanguageModel | None) -> float:
    """Words per second of the stage on clean text (the common case)."""
    words = sum(len(t.split()) for _, t in texts)
    t0 = time.perf_counter()
    for _, t in texts:
        fix_ocr(t, model, lm)
    return words / (time.perf_counter() - t0)


# ------------------------------------------------------------------------------------------------- ICDAR


def icdar_cases(root: Path, limit: int) -> list[dict[str, str]]:
    """English ICDAR 2017 (eng_*) and 2019 (EN/*) files, OCR against gold.

    Both come from the character-aligned lines (``[OCR_aligned]`` / ``[ GS_aligned]``): positions where the
    gold is ``#`` (unknown) are cut from both, as the competition's scorer ignores them, then the ``@``
    padding is removed."""
    files = sorted(
        p for p in root.rglob("*.txt") if re.search(r"(^|/)(eng_[a-z]+|EN\d*)(/|$)", str(p.parent))
    )
    cases = []
    for p in files:
        lines = p.read_text(encoding="utf-8", errors="replace").splitlines()
        ocr = next((ln[len("[OCR_aligned] ") :] for ln in lines if ln.startswith("[OCR_aligned]")), None)
        gs = next((ln[len("[ GS_aligned] ") :] for ln in lines if ln.startswith("[ GS_aligned]")), None)
        if ocr is None or gs is None or len(ocr) != len(gs):
            continue
        keep = [i for i, g in enumerate(gs) if g != "#"]
        src = "".join(ocr[i] for i in keep).replace("@", "")
        ref = "".join(gs[i] for i in keep).replace("@", "")
        cases.append({"id": str(p.relative_to(root)), "spun": src, "original": ref})
        if len(cases) >= limit:
            break
    return cases


def char_improvement(cases: list[dict[str, str]], model: OcrModel, lm: LanguageModel | None) -> float:
    """The ICDAR task-2 figure: relative reduction of the character edit distance to the gold."""
    before = after = 0
    for c in cases:
        out = apply_edits(c["spun"], fix_ocr(c["spun"], model, lm))
        before += Levenshtein.distance(c["spun"], c["original"])
        after += Levenshtein.distance(out, c["original"])
    return 1 - after / before if before else 0.0


# -------------------------------------------------------------------------------------------------- main


def _clean_texts(jsonl: Path | None) -> list[tuple[str, str]]:
    texts: list[tuple[str, str]] = []
    sample = DATA / "sample_clean.txt"
    own = DATA / "ocr_clean.txt"
    for p in (sample, own):
        if p.is_file():
            texts.append((p.stem, p.read_text(encoding="utf-8")))
    if jsonl and jsonl.is_file():
        with jsonl.open(encoding="utf-8") as f:
            for line in f:
                row = json.loads(line)
                texts.append((row["id"], row["original"]))
    return texts


def _row(name: str, r: dict[str, float]) -> str:
    return (
        f"{name:<22} words={r['words']:>6} wer_in={r['wer_in']:.3f} wer_out={r['wer_out']:.3f} "
        f"err={r['err']:.3f} edits={r['edits']:>4} precision={r['precision']:.3f} "
        f"({r['words_per_s']:,.0f} w/s)"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--rate", type=float, default=0.08, help="share of words that get one noise operation")
    ap.add_argument(
        "--clean-jsonl", type=Path, default=ROOT.parent / "shared" / "eval" / "dev" / "clean.jsonl"
    )
    ap.add_argument("--icdar", type=Path, help="folder holding ICDAR 2017/2019 post-OCR files")
    ap.add_argument("--icdar-limit", type=int, default=200)
    ap.add_argument("--min-confidence", type=float, default=0.0)
    ap.add_argument("--by-kind", action="store_true")
    ap.add_argument(
        "--lm",
        choices=("package", "resources", "none"),
        default="package",
        help="package: symspellpy's bigram lists (the tests' model); resources: what the service loads "
        "(the committed n-gram model when present); none: unigram scoring, no context",
    )
    ap.add_argument("--write-cases", type=Path, help="write the noisy cases of bench/data texts as JSONL")
    ap.add_argument("--show", type=int, default=0, help="print this many false edits on clean text")
    args = ap.parse_args(argv)

    t0 = time.perf_counter()
    from app.resources import get_resources

    # the service's model: with other languages' common words, which the stage keeps (app.engine.language)
    model = get_resources().ocr or OcrModel.load()
    print(
        f"OcrModel.load: {time.perf_counter() - t0:.2f}s ({len(model.languages.foreign) if model.languages else 0:,} foreign words kept)"
    )
    lm: LanguageModel | None = None
    if args.lm == "package":
        lm = PackageBigramLM.from_symspellpy()
    elif args.lm == "resources":
        from app.resources import get_resources

        lm = get_resources().lm
    print(f"language model: {lm.name if lm is not None else 'none'}")

    texts = _clean_texts(args.clean_jsonl)
    own = [t for t in texts if t[0] in ("sample_clean", "ocr_clean")]
    dev = [t for t in texts if t not in own]
    if args.write_cases:
        with args.write_cases.open("w", encoding="utf-8") as f:
            for c in make_cases(own, args.seed, args.rate):
                f.write(json.dumps(c, ensure_ascii=False) + "\n")
    for name, group in (("bench/data", own), ("dev clean (in memory)", dev)):
        if not group:
            continue
        print(
            _row(
                f"noised {name}",
                evaluate(make_cases(group, args.seed, args.rate), model, lm, args.min_confidence),
            )
        )
        words, n_false, bad = false_edits(group, model, lm)
        print(
            f"{'clean ' + name:<22} words={words:>6} false edits={n_false} ({1000 * n_false / words:.2f} per 1,000)"
        )
        for e in bad[: args.show]:
            print(f"    false: {e.original!r} -> {e.replacement!r} ({e.confidence})")
        print(f"{'speed ' + name:<22} {speed(group, model, lm):,.0f} words/s on clean text")
    print(
        _row("old print (long s as f)", evaluate(old_print_cases(own + dev), model, lm, args.min_confidence))
    )
    slips = punctuation_cases(own + dev, args.seed)
    print(_row("punctuation slips", evaluate(slips, model, lm, args.min_confidence)))
    if args.by_kind:
        group = own + dev
        for kind in KINDS:
            r = evaluate(make_cases(group, args.seed, args.rate, [kind]), model, lm, args.min_confidence)
            print(_row(f"  only {kind}", r))
    if args.icdar:
        cases = icdar_cases(args.icdar, args.icdar_limit)
        if not cases:
            print(f"no ICDAR English files under {args.icdar}")
        for label, pat in (
            ("2017 eng_monograph", "eng_monograph"),
            ("2017 eng_periodical", "eng_periodical"),
            ("2019 EN1", "EN1"),
        ):
            sub = [c for c in cases if pat in c["id"]]
            if sub:
                print(_row(f"ICDAR {label} ({len(sub)})", evaluate(sub, model, lm, args.min_confidence)))
                print(f"{'':<22} char-distance improvement: {100 * char_improvement(sub, model, lm):.2f}%")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
