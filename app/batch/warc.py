"""WARC records as units: text/plain and text/html responses are repaired, everything else is copied raw.

The input is read twice, in step: ``warcio`` parses one decompressed stream, and unchanged records are copied
byte for byte from a second one using the offsets ``warcio`` reports. A repaired record gets a new
deterministic ``WARC-Record-ID`` (the content differs from the original capture), recomputed ``Content-
Length`` and ``WARC-Block-Digest``/``WARC-Payload-Digest``, and ``WARC-Unspin-*`` extension headers naming the
original. For ``.warc.gz`` every record is written as its own gzip member, as the WARC standard recommends.
"""

from __future__ import annotations

import io
import uuid
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import BufferedReader, ChunkedDataReader
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeaders, StatusAndHeadersParserException
from warcio.warcwriter import WARCWriter

from app.batch.formats import Analyzer, FileProblem, Unit, UnitResult
from app.batch.html_text import apply_to_html, extract
from app.errors import binary_problem

TEXT_TYPES = ("text/plain", "text/html", "application/xhtml+xml")
_DROP_WARC = {"content-length", "warc-block-digest", "warc-payload-digest", "warc-record-id"}
_CHUNK = 1 << 20


@dataclass(slots=True)
class _Body:
    """A decoded text payload waiting for the engine."""

    rec_headers: StatusAndHeaders
    http_headers: StatusAndHeaders
    payload: bytes
    charset: str
    html: bool
    decoded: bool  # transfer/content encoding was undone: drop those headers when rewriting


class _Raw:
    """The second, sequential reader: copies ``[offset, offset + length)`` of the decompressed WARC."""

    def __init__(self, f: BinaryIO) -> None:
        self.f = f
        self.pos = 0

    def copy(self, offset: int, length: int) -> Iterator[bytes]:
        if offset < self.pos:
            raise FileProblem(f"WARC record offsets go backwards at byte {offset}")
        self._skip(offset - self.pos)
        left = length
        while left:
            chunk = self.f.read(min(_CHUNK, left))
            if not chunk:
                raise FileProblem(f"WARC record at byte {offset} is truncated")
            self.pos += len(chunk)
            left -= len(chunk)
            yield chunk

    def _skip(self, n: int) -> None:
        while n:
            chunk = self.f.read(min(_CHUNK, n))
            if not chunk:
                raise FileProblem("WARC file ended early")
            self.pos += len(chunk)
            n -= len(chunk)


class _TruncationWatch:
    """The stream ``warcio`` parses, remembering whether decompression hit a truncated end. ``warcio`` takes
    the EOFError that gzip, bz2 and zstd raise there for the archive's normal end, so a cut ``.warc.gz``
    would otherwise pass as complete with its last records missing."""

    def __init__(self, f: BinaryIO) -> None:
        self.f = f
        self.truncated = False
        self.read_bytes = 0

    @property
    def empty(self) -> bool:
        """Nothing at all was read: an empty file (done, like an empty .txt), not a file that is no WARC."""
        return self.read_bytes == 0 and not self.truncated

    def _watch(self, call: Callable[[], Any]) -> Any:
        try:
            return call()
        except EOFError:
            self.truncated = True
            raise

    def read(self, n: int = -1) -> bytes:
        data: bytes = self._watch(lambda: self.f.read(n))
        self.read_bytes += len(data)
        return data

    def readline(self, n: int = -1) -> bytes:
        data: bytes = self._watch(lambda: self.f.readline(n))
        self.read_bytes += len(data)
        return data

    def tell(self) -> int:
        return self.f.tell()


def _charset(content_type: str) -> str:
    for part in content_type.split(";")[1:]:
        k, _, v = part.strip().partition("=")
        if k.strip().lower() == "charset" and v.strip():
            return v.strip().strip("\"'")
    return "utf-8"


def _read_body(record: Any, notes: list[str], where: str) -> _Body | None:
    """The record's text payload if it is one we repair, else None (a note says why when it matters)."""
    if record.rec_type != "response" or record.http_headers is None:
        return None
    ctype = (record.http_headers.get_header("Content-Type") or "").lower()
    if ctype.split(";")[0].strip() not in TEXT_TYPES:
        return None
    raw = record.raw_stream.read()
    enc = (record.http_headers.get_header("Content-Encoding") or "").strip().lower() or None
    chunked = "chunked" in (record.http_headers.get_header("Transfer-Encoding") or "").lower()
    if enc == "identity":
        enc = None
    try:
        if enc not in (None, "gzip", "deflate", "br"):
            raise ValueError(f"unsupported Content-Encoding {enc}")
        if chunked:
            payload = ChunkedDataReader(io.BytesIO(raw), decomp_type=enc).read()
        elif enc:
            payload = BufferedReader(io.BytesIO(raw), decomp_type=enc).read()
        else:
            payload = raw
    except Exception as e:  # any decoder error leaves this one record as it is
        notes.append(f"{where}: payload not decodable ({e}); copied unchanged")
        return None
    charset = _charset(ctype)
    return _Body(
        record.rec_headers, record.http_headers, payload, charset, "html" in ctype, bool(enc or chunked)
    )


def _new_record(body: _Body, new_payload: bytes, edits: int) -> bytes:
    """Serialise the repaired record with fresh length, digests and a deterministic id."""
    http = StatusAndHeaders(
        body.http_headers.statusline, list(body.http_headers.headers), protocol=body.http_headers.protocol
    )
    if body.decoded:
        http.remove_header("Transfer-Encoding")
        http.remove_header("Content-Encoding")
    if body.decoded or http.get_header("Content-Length") is not None:
        http.replace_header("Content-Length", str(len(new_payload)))
    old_id = body.rec_headers.get_header("WARC-Record-ID") or ""
    headers = [(k, v) for k, v in body.rec_headers.headers if k.lower() not in _DROP_WARC]
    new_id = f"<urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'unspin:' + old_id)}>"
    headers.insert(1, ("WARC-Record-ID", new_id))
    headers += [("WARC-Unspin-Source-Record-ID", old_id), ("WARC-Unspin-Edits", str(edits))]
    rec_headers = StatusAndHeaders("", headers, protocol=body.rec_headers.protocol)
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=False)
    uri = body.rec_headers.get_header("WARC-Target-URI")
    rec = writer.create_warc_record(
        uri,
        "response",
        payload=io.BytesIO(new_payload),
        length=len(new_payload),
        warc_headers=rec_headers,
        http_headers=http,
    )
    writer.write_record(rec)
    return buf.getvalue()


def _gzip_stream(chunks: Iterable[bytes]) -> Iterator[bytes]:
    comp = zlib.compressobj(6, zlib.DEFLATED, zlib.MAX_WBITS + 16)
    for c in chunks:
        if out := comp.compress(c):
            yield out
    yield comp.flush()


def _unit(
    raw: _Raw, offset: int, length: int, body: _Body | None, doc_id: str, notes: list[str], gzip_records: bool
) -> Unit:
    def copy() -> Iterator[bytes]:
        yield from raw.copy(offset, length)
        yield b"\r\n\r\n"

    def unit(analyze: Analyzer) -> UnitResult:
        res = UnitResult(notes=list(notes))
        new: bytes | None = None
        if body is not None:
            new = _repair(body, analyze, doc_id, res)
        if analyze.detect_only:
            return res
        out: Iterable[bytes] = copy() if new is None else [new]
        res.out = _gzip_stream(out) if gzip_records else out
        return res

    return unit


def _repair(body: _Body, analyze: Analyzer, doc_id: str, res: UnitResult) -> bytes | None:
    try:
        text = body.payload.decode(body.charset)
    except (LookupError, UnicodeDecodeError) as e:
        res.notes.append(
            f"{doc_id}: text not decodable as {body.charset} ({e.__class__.__name__}); unchanged"
        )
        return None
    binary = binary_problem(text)
    if binary:
        res.notes.append(f"{doc_id}: {binary}; unchanged")
        return None
    if body.html:
        page = extract(text)
        rep, doc = analyze(page.text, doc_id)
        res.docs.append(doc)
        if rep is None or not rep.edits:
            return None
        new_text, applied = apply_to_html(page, rep.edits)
        doc.edits = applied
        new_payload = new_text.encode(body.charset, errors="xmlcharrefreplace")
    else:
        rep, doc = analyze(text, doc_id)
        res.docs.append(doc)
        if rep is None or not rep.edits:
            return None
        try:
            new_payload = rep.text.encode(body.charset)
        except UnicodeEncodeError:
            res.notes.append(f"{doc_id}: repair not representable in {body.charset}; unchanged")
            doc.edits = 0
            return None
        applied = len(rep.edits)
    return _new_record(body, new_payload, applied) if applied else None


def warc_units(
    open_input: Callable[[], BinaryIO], name: str, gzip_records: bool, first_record: int = 1
) -> Iterator[Unit]:
    """One unit per record; records are numbered from ``first_record`` (a piece of a cut file starts later)."""
    with open_input() as fa, open_input() as fb:
        raw = _Raw(fb)
        watch = _TruncationWatch(fa)
        it = ArchiveIterator(watch)
        n = first_record - 1
        try:
            for record in it:
                n += 1
                if record.format != "warc":
                    raise FileProblem(
                        f"broken WARC: record {n} has no WARC/1.x header (ARC files are not supported)"
                    )
                uri = record.rec_headers.get_header("WARC-Target-URI") or ""
                where = f"{name} record {n} {uri}".rstrip()
                notes: list[str] = []
                body = _read_body(record, notes, where)
                it.read_to_end(record)
                if getattr(record.raw_stream, "limit", 0):
                    raise FileProblem(f"record {n} ({uri or 'no URI'}) is truncated")
                yield _unit(
                    raw, it.get_record_offset(), it.get_record_length(), body, where, notes, gzip_records
                )
        except (ArchiveLoadFailed, StatusAndHeadersParserException) as e:
            raise FileProblem(f"broken WARC after record {n}: {e}") from None
        if watch.truncated:
            # no record number: the decompressor reads ahead of the parser, so the cut is found before the
            # records in front of it are read ("after record 0" of a file with 13 whole records)
            raise FileProblem("truncated: the compressed stream ends early (a cut or unfinished download)")
        if n == first_record - 1 and not (first_record == 1 and watch.empty):
            raise FileProblem("no WARC records found")
