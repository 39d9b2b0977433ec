"""Compression by file suffix: transparent, streaming readers and deterministic writers.

Deterministic output matters: a resumed run must produce the same bytes as an uninterrupted one, so gzip
headers carry no timestamp or file name and zstd/bz2 use fixed levels.
"""

from __future__ import annotations

import bz2
import gzip
import io
import shutil
import zlib
from pathlib import Path
from typing import Any, BinaryIO

import zstandard

SUFFIXES = {".gz": "gz", ".gzip": "gz", ".bz2": "bz2", ".zst": "zst", ".zstd": "zst"}


def compression_of(name: str) -> str | None:
    """``gz``, ``bz2``, ``zst`` or None, from the last suffix of ``name``."""
    return SUFFIXES.get(Path(name).suffix.lower())


def strip_compression(name: str) -> str:
    return name[: -len(Path(name).suffix)] if compression_of(name) else name


class _ZstdRaw(io.RawIOBase):
    """Reads concatenated zstd frames and, unlike ``stream_reader``, raises on a truncated frame."""

    def __init__(self, fh: BinaryIO) -> None:
        self._fh = fh
        self._dctx = zstandard.ZstdDecompressor()
        self._dobj = self._dctx.decompressobj()
        self._buf = b""
        self._in_frame = False

    def readable(self) -> bool:
        return True

    def readinto(self, b: Any) -> int:
        while not self._buf:
            chunk = self._fh.read(1 << 16)
            if not chunk:
                if self._in_frame:
                    raise EOFError("zstd stream ended before the end of a frame (truncated file)")
                return 0
            self._feed(chunk)
        n = min(len(b), len(self._buf))
        b[:n] = self._buf[:n]
        self._buf = self._buf[n:]
        return n

    def _feed(self, chunk: bytes) -> None:
        while chunk:
            self._in_frame = True
            self._buf += self._dobj.decompress(chunk)
            if not self._dobj.eof:
                return
            self._in_frame = False
            chunk = self._dobj.unused_data
            self._dobj = self._dctx.decompressobj()

    def close(self) -> None:
        self._fh.close()
        super().close()


class _Owning(io.RawIOBase):
    """A decompressed stream that closes the stored file under it too (``open_counted``)."""

    def __init__(self, stream: BinaryIO, stored: BinaryIO) -> None:
        self._stream, self._stored = stream, stored

    def readable(self) -> bool:
        return True

    def readinto(self, b: Any) -> int:
        return self._stream.readinto(b)  # type: ignore[attr-defined]

    def close(self) -> None:
        try:
            self._stream.close()
        finally:
            self._stored.close()
            super().close()


def open_counted(path: Path, compression: str | None) -> tuple[BinaryIO, BinaryIO]:
    """(decompressed stream, the stored file it reads): the stored file's ``tell()`` says how much of the
    file on disk has been read, which is how far a progress bar counting stored bytes has got."""
    stored = open(path, "rb")  # noqa: SIM115 - closed with the stream
    try:
        if compression == "gz":
            inner: BinaryIO = gzip.GzipFile(fileobj=stored, mode="rb")  # type: ignore[assignment]
        elif compression == "bz2":
            inner = bz2.BZ2File(stored)  # type: ignore[assignment]
        elif compression == "zst":
            inner = io.BufferedReader(_ZstdRaw(stored), buffer_size=1 << 16)
        else:
            return stored, stored
    except BaseException:
        stored.close()
        raise
    return io.BufferedReader(_Owning(inner, stored), buffer_size=1 << 16), stored


def open_read(path: Path, compression: str | None) -> BinaryIO:
    """A buffered binary stream of the decompressed bytes; truncation raises EOFError while reading."""
    return open_counted(path, compression)[0]


def compress_stream(fin: BinaryIO, dst: BinaryIO, compression: str | None) -> None:
    """Copy ``fin`` into ``dst``, compressed as asked, with byte-for-byte reproducible output."""
    if compression == "gz":
        with gzip.GzipFile(filename="", mode="wb", fileobj=dst, mtime=0, compresslevel=6) as gz:
            shutil.copyfileobj(fin, gz, 1 << 20)
    elif compression == "bz2":
        comp = bz2.BZ2Compressor(9)
        while chunk := fin.read(1 << 20):
            dst.write(comp.compress(chunk))
        dst.write(comp.flush())
    elif compression == "zst":
        zstandard.ZstdCompressor(level=3).copy_stream(fin, dst)
    else:
        shutil.copyfileobj(fin, dst, 1 << 20)


def gzip_member(data: bytes) -> bytes:
    """One gzip member (the per-record compression of a ``.warc.gz``), without a timestamp."""
    comp = zlib.compressobj(6, zlib.DEFLATED, zlib.MAX_WBITS + 16)
    return comp.compress(data) + comp.flush()
