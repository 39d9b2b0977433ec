"""Progress for people: a tqdm bar on a terminal, one plain log line every few seconds otherwise.

The bar counts input bytes (so the ETA weighs a 2 GB WARC more than a 2 KB text file) and shows files,
documents and words per second. Workers report documents after every checkpoint, so a single huge file still
moves the numbers.
"""

from __future__ import annotations

import sys
import threading
import time
from typing import Any


def _eta(seconds: float) -> str:
    if seconds != seconds or seconds == float("inf"):
        return "?"
    m, s = divmod(int(seconds), 60)
    h, m = divmod(m, 60)
    return f"{h}h{m:02d}m" if h else f"{m}m{s:02d}s"


class Progress:
    def __init__(self, files: int, total_bytes: int, mode: str = "auto", every: float = 10.0) -> None:
        self.files_total, self.bytes_total = files, max(1, total_bytes)
        self.files = self.failed = self.docs = self.words = self.bytes = 0
        self._read: dict[str, int] = {}  # stored bytes read of each file under way, as its worker reported
        self.t0 = time.monotonic()
        self.every = every
        self._last = self.t0
        self._lock = threading.Lock()
        if mode == "auto":
            mode = "bar" if sys.stderr.isatty() else "log"
        self.mode = mode
        self.bar: Any = None
        if mode == "bar":
            from tqdm import tqdm

            self.bar = tqdm(
                total=self.bytes_total, unit="B", unit_scale=True, dynamic_ncols=True, file=sys.stderr
            )
            self._refresh()

    def documents(self, docs: int, words: int, file: str = "", read: int = 0) -> None:
        """A worker's report: documents and words done, and how many bytes of ``file`` it has read."""
        with self._lock:
            self.docs += docs
            self.words += words
            seen = self._read.get(file, 0)
            if file and read > seen:
                self._read[file] = read
                self.bytes += read - seen
                if self.bar is not None:
                    self.bar.update(read - seen)
            self._tick()

    def file_done(
        self,
        size: int,
        ok: bool,
        docs_not_yet_counted: int = 0,
        words_not_yet_counted: int = 0,
        file: str = "",
    ) -> None:
        """A whole file is finished: its bytes count, less what its worker already reported reading."""
        with self._lock:
            self.files += 1
            self.failed += not ok
            size = max(0, size - self._read.pop(file, 0))
            self._add(size, docs_not_yet_counted, words_not_yet_counted)

    def bytes_done(self, size: int, docs_not_yet_counted: int = 0, words_not_yet_counted: int = 0) -> None:
        """A piece of a cut file is done: its bytes count, the file counts when it is joined."""
        with self._lock:
            self._add(size, docs_not_yet_counted, words_not_yet_counted)

    def _add(self, size: int, docs: int, words: int) -> None:
        """Count finished input bytes and not yet counted documents (the caller holds the lock)."""
        self.bytes += size
        self.docs += docs
        self.words += words
        if self.bar is not None:
            self.bar.update(size)
        self._tick()

    def _rate(self) -> float:
        return self.words / max(1e-9, time.monotonic() - self.t0)

    def _refresh(self) -> None:
        self.bar.set_description_str(f"files {self.files}/{self.files_total}", refresh=False)
        fail = f", {self.failed} failed" if self.failed else ""
        self.bar.set_postfix_str(f"{self.docs} docs, {self._rate():,.0f} words/s{fail}")

    def _tick(self) -> None:
        now = time.monotonic()
        if self.bar is not None:
            self._refresh()
        elif self.mode == "log" and now - self._last >= self.every:
            self._last = now
            self.log_line()

    def log_line(self) -> None:
        elapsed = time.monotonic() - self.t0
        frac = self.bytes / self.bytes_total
        eta = elapsed * (1 - frac) / frac if frac > 0 else float("nan")
        print(
            f"unspin batch: {self.files}/{self.files_total} files ({self.failed} failed), {self.docs} docs, "
            f"{self.words} words, {self._rate():,.0f} words/s, ETA {_eta(eta)}",
            file=sys.stderr,
            flush=True,
        )

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
        elif self.mode == "log":
            self.log_line()
