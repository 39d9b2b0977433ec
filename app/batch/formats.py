"""Archive formats as streams of *units*: a unit is one piece of output (a file, a JSONL line, a WARC record).

A format yields units lazily, in input order; the worker calls each unit with an :class:`Analyzer` and appends
what it returns to the output. Units are numbered, so a checkpoint can say "the first N units are written" and
a resumed run skips exactly those. Parsing problems of a single line or record are reported and the input
bytes are copied unchanged; problems that make the rest of a file unreadable raise :class:`FileProblem`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import BinaryIO, Protocol

from app.engine.types import Repair
from app.errors import binary_bytes_problem, binary_problem


class FileProblem(Exception):
    """The file cannot be processed: the message is the reason shown to the archivist."""


@dataclass(slots=True)
class Doc:
    """What the report needs to know about one document."""

    id: str
    words: int
    edits: int
    spin: float
    spans: list[dict[str, object]] | None = None  # detect-only
    english: bool = True  # False: another language, left unchanged (``Repair.english``)
    # a later block of a long text file: its words and edits count, but it is not another document (the
    # document's spin score and language are its first block's)
    continued: bool = False


@dataclass(slots=True)
class UnitResult:
    out: Iterable[bytes] = ()
    docs: list[Doc] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # failures: reported, exit status 1
    notes: list[str] = field(default_factory=list)  # documents left as they are, with the reason
    position: float | None = None  # share of the file's text done after this unit, when it is known


class Analyzer(Protocol):
    """Runs the engine on one document; ``repair`` is None in detect-only mode."""

    detect_only: bool

    def __call__(self, text: str, doc_id: str) -> tuple[Repair | None, Doc]: ...


Unit = Callable[[Analyzer], UnitResult]


@dataclass(frozen=True, slots=True)
class FormatOptions:
    text_field: str = "text"
    result_field: str = "unspin"


def txt_units(stream: BinaryIO, name: str, opts: FormatOptions, blocks: bool = False) -> Iterator[Unit]:
    """A text file is one document. It is one unit, unless ``blocks`` is set and the text is long enough
    for the engine to repair it in blocks anyway (a book): then each of the engine's blocks is a unit of
    its own, so a killed run resumes after the last block it checkpointed and the progress bar moves
    during the book. The cuts are the engine's own (``text_blocks``), so the output is byte for byte
    what one ``repair()`` of the whole text gives."""
    data = stream.read()
    binary = binary_bytes_problem(data)
    if binary:
        raise FileProblem(binary)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise FileProblem(f"not valid UTF-8 (byte {e.start})") from None

    from app.engine.pipeline import LONG_TEXT_CHARS, text_blocks

    cuts = text_blocks(text) if blocks and len(text) > LONG_TEXT_CHARS else [(0, len(text))]
    for k, (a, b) in enumerate(cuts):
        yield _txt_unit(text, a, b, name, continued=k > 0)


def _txt_unit(text: str, a: int, b: int, name: str, continued: bool) -> Unit:
    def unit(analyze: Analyzer) -> UnitResult:
        rep, doc = analyze(text[a:b], name)
        doc.continued = continued
        out = [] if rep is None else [rep.text.encode("utf-8")]
        return UnitResult(out, [doc], position=b / len(text) if text else 1.0)

    return unit


def repair_field(rep: Repair) -> dict[str, object]:
    """The value stored under --result-field: deterministic (no timings), so resumed output is identical."""
    return {
        "text": rep.text,
        "spin_score": round(rep.spin_score, 4),
        "spun": rep.spun,
        "edits": [e.to_dict() for e in rep.edits],
        "spinner_sources": rep.spinner_sources,
        "english": rep.english,
    }


def _split_eol(line: bytes) -> tuple[bytes, bytes]:
    if line.endswith(b"\r\n"):
        return line[:-2], b"\r\n"
    if line.endswith(b"\n"):
        return line[:-1], b"\n"
    return line, b""


def _with_field(body: str, obj: dict[str, object], key: str, value: object) -> str:
    """Add ``key`` to the JSON object text, or replace its value where the line already has one (a batch run
    over an earlier run's output), leaving every other byte of the line as it was."""
    encoded = json.dumps(value, ensure_ascii=False)
    stripped = body.rstrip()
    if key not in obj and stripped.endswith("}"):
        sep = "," if obj else ""
        return stripped[:-1] + sep + json.dumps(key) + ":" + encoded + "}" + body[len(stripped) :]
    span = _value_span(body, key)
    if span is not None:
        return body[: span[0]] + encoded + body[span[1] :]
    new = dict(obj)
    new[key] = value
    return json.dumps(new, ensure_ascii=False)


_SPACE = re.compile(r"[ \t\n\r\ufeff]*")


def _skip(body: str, i: int) -> int:
    """The index of the first character at or after ``i`` that is not JSON white space (or a BOM)."""
    m = _SPACE.match(body, i)
    return m.end() if m else i


def _value_span(body: str, key: str) -> tuple[int, int] | None:
    """Where the value of the top-level member ``key`` sits in the JSON object text (its last occurrence,
    the one ``json.loads`` keeps), or None if the text is not laid out as expected."""
    scanstring = json.decoder.scanstring  # type: ignore[attr-defined]  # the stdlib's string scanner
    decoder = json.JSONDecoder()
    found: tuple[int, int] | None = None
    i = _skip(body, 0)
    if body[i : i + 1] != "{":
        return None
    i = _skip(body, i + 1)
    try:
        while body[i : i + 1] == '"':
            name, i = scanstring(body, i + 1)
            i = _skip(body, i)
            if body[i : i + 1] != ":":
                return None
            start = _skip(body, i + 1)
            _, i = decoder.raw_decode(body, start)
            if name == key:
                found = (start, i)
            i = _skip(body, i)
            if body[i : i + 1] != ",":
                break
            i = _skip(body, i + 1)
    except (ValueError, IndexError):
        return None
    return found


def jsonl_units(
    stream: Iterable[bytes], name: str, opts: FormatOptions, first_line: int = 1
) -> Iterator[Unit]:
    """One unit per line; every field other than --result-field is kept byte for byte. ``first_line`` is
    the number of the stream's first line in its file (a piece of a split file starts mid-file)."""
    for lineno, line in enumerate(stream, first_line):
        yield _jsonl_unit(line, lineno, name, opts)


def _jsonl_unit(line: bytes, lineno: int, name: str, opts: FormatOptions) -> Unit:
    def unit(analyze: Analyzer) -> UnitResult:
        body, eol = _split_eol(line)
        keep = [] if analyze.detect_only else [line]
        if not body.strip():
            return UnitResult(keep)
        try:
            text_line = body.decode("utf-8")
            obj = json.loads(text_line.removeprefix("\ufeff"))  # a BOM on line 1 is kept in the output
        except UnicodeDecodeError as e:
            return UnitResult(keep, problems=[f"line {lineno}: not valid UTF-8 (byte {e.start})"])
        except (json.JSONDecodeError, RecursionError) as e:
            why = f"{e.msg}, column {e.colno}" if isinstance(e, json.JSONDecodeError) else "nested too deeply"
            return UnitResult(keep, problems=[f"line {lineno}: invalid JSON ({why})"])
        if not isinstance(obj, dict):
            return UnitResult(keep, problems=[f"line {lineno}: not a JSON object"])
        text = obj.get(opts.text_field)
        if not isinstance(text, str):
            return UnitResult(keep, notes=[f"line {lineno}: no string field {opts.text_field!r}"])
        binary = binary_problem(text)
        if binary:
            return UnitResult(keep, problems=[f"line {lineno}: {binary}; left unchanged"])
        doc_id = f"{name}:{lineno}"
        rep, doc = analyze(text, doc_id)
        if rep is None:
            return UnitResult([], [doc])
        out = _with_field(text_line, obj, opts.result_field, repair_field(rep))
        return UnitResult([out.encode("utf-8") + eol], [doc])

    return unit


def units_for(
    fmt: str,
    open_input: Callable[[], BinaryIO],
    name: str,
    opts: FormatOptions,
    gzip_records: bool,
    first_line: int = 1,
    txt_blocks: bool = False,
) -> Iterator[Unit]:
    """The units of one file; ``open_input`` gives a fresh decompressed stream (WARC reads it twice).
    ``first_line`` numbers the first line (the first record, of a WARC) for reports: a piece's is not 1.
    ``txt_blocks``: a long text file in blocks, one unit each (``txt_units``)."""
    if fmt == "txt":
        with open_input() as f:
            yield from txt_units(f, name, opts, txt_blocks)
    elif fmt == "jsonl":
        with open_input() as f:
            yield from jsonl_units(f, name, opts, first_line)
    elif fmt == "warc":
        from app.batch.warc import warc_units

        yield from warc_units(open_input, name, gzip_records, first_line)
    else:
        raise FileProblem(f"unknown format {fmt!r}")
