"""Builders shared by the batch tests: our own sample sentences, phrase files and small WARCs."""

from __future__ import annotations

import gzip
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

ROOT = Path(__file__).resolve().parent.parent
PHRASES = "officers\tofficials\nflea bazaar\tflea market\nmotion picture\tfilm\n"
SENTENCES = [
    "The officers said the ferry crossed the northern channel before dawn.",
    "A motion picture about the harbour opened on Friday, officers said.",
    "Volunteers repainted the library benches before the spring flea bazaar.",
    "Nobody expected the old mill to reopen, yet it did in March.",
    "Officers from the county board walked along the flooded lane.",
]


def sentence(i: int) -> str:
    return f"{SENTENCES[i % len(SENTENCES)]} Item {i} closes the note."


def batch(*args: str | Path) -> int:
    """``unspin batch`` in this process (``--workers 0``), quiet, without the OCR stage."""
    from app.cli import main

    return main(["batch", *map(str, args), "--workers", "0", "--no-ocr", "--progress", "none"])


def write_phrases(tmp: Path) -> Path:
    p = tmp / "phrases.tsv"
    p.write_text(PHRASES, encoding="utf-8")
    return p


def unspin(*args: str, env: dict[str, str] | None = None, **kw: object) -> subprocess.CompletedProcess[str]:
    """Run the real command line in a subprocess (fresh settings, real worker processes)."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "app.cli", *args],
        capture_output=True,
        text=True,
        env=full_env,
        cwd=ROOT,
        check=False,
        **kw,
    )  # type: ignore[call-overload]


def start_batch(src: Path, out: Path, args: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
    """``unspin batch`` in the background, in a session of its own, so a test can SIGKILL the manager and
    every worker at once (``os.killpg``)."""
    return subprocess.Popen(
        [sys.executable, "-m", "app.cli", "batch", str(src), "--out", str(out), *args],
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


HTML = (
    "<!DOCTYPE html>\n<html><head><title>Harbour news</title>"
    "<style>p {{ margin: 0 }} /* officers */</style>"
    "<script>var s = 'officers said';</script></head>\n"
    '<body class="x"><p>The officers said it&#39;s near the flea bazaar &amp; ferry.</p>'
    "<!-- officers --><p>{extra} A <b>motion</b> picture, not a motion picture.</p></body></html>\n"
)


def build_warc(path: Path, n_pages: int = 3, gz: bool = False) -> None:
    """warcinfo, then per page a request, an HTML response, a text/plain response and a PNG response."""
    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=False)
    w.write_record(w.create_warcinfo_record("test.warc", {"software": "unspin tests"}))
    for i in range(n_pages):
        uri = f"http://example.org/page{i}"
        req = w.create_warc_record(
            uri, "request", payload=io.BytesIO(b"GET /page HTTP/1.1\r\nHost: example.org\r\n\r\n")
        )
        w.write_record(req)
        body = HTML.format(extra=sentence(i)).encode()
        hh = StatusAndHeaders(
            "200 OK",
            [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body)))],
            protocol="HTTP/1.1",
        )
        w.write_record(w.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=hh))
        text = (sentence(i + 1) + "\n").encode()
        hh = StatusAndHeaders(
            "200 OK",
            [("Content-Type", "text/plain"), ("Content-Length", str(len(text)))],
            protocol="HTTP/1.1",
        )
        w.write_record(
            w.create_warc_record(uri + ".txt", "response", payload=io.BytesIO(text), http_headers=hh)
        )
        png = b"\x89PNG\r\n\x1a\n" + bytes(range(256))
        hh = StatusAndHeaders(
            "200 OK", [("Content-Type", "image/png"), ("Content-Length", str(len(png)))], protocol="HTTP/1.1"
        )
        w.write_record(
            w.create_warc_record(uri + ".png", "response", payload=io.BytesIO(png), http_headers=hh)
        )
    data = buf.getvalue()
    if gz:  # per-record members, as crawlers write them
        from warcio.archiveiterator import ArchiveIterator

        members = []
        it = ArchiveIterator(io.BytesIO(data))
        for r in it:
            it.read_to_end(r)
            off, ln = it.get_record_offset(), it.get_record_length()
            members.append(gzip.compress(data[off : off + ln + 4], mtime=0))
        data = b"".join(members)
    path.write_bytes(data)


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
