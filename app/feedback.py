"""Feedback that teaches: the editor's accept/reject decisions, kept as swap statistics in SQLite.

Why swap pairs and counts rather than documents: scraped articles belong to someone else and can be large,
while a pair like ("officers stated", "officials said") with its tallies is all ``repair`` needs to learn
from. Whole texts are kept only when the operator opts in (``UNSPIN_FEEDBACK_STORE_TEXT=true``).

The store turns its tallies into two things ``repair`` understands (see :meth:`repair_options_overlay`):
pairs accepted more often than rejected become extra phrase-dictionary entries, and pairs rejected more often
than accepted become *blocked* swaps that are never proposed again.
"""

from __future__ import annotations

import dataclasses
import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from app.engine.types import RepairOptions
from app.settings import Settings, get_settings

MAX_FIELD_CHARS = 200  # a swap is a word or a short phrase; anything longer is not a swap
MAX_CONTEXT_WORDS = 3

_SCHEMA = """
CREATE TABLE IF NOT EXISTS swaps (
    spun        TEXT NOT NULL,
    replacement TEXT NOT NULL,
    left_ctx    TEXT NOT NULL DEFAULT '',
    right_ctx   TEXT NOT NULL DEFAULT '',
    accepted    INTEGER NOT NULL DEFAULT 0,
    rejected    INTEGER NOT NULL DEFAULT 0,
    first_seen  REAL NOT NULL,
    last_seen   REAL NOT NULL,
    PRIMARY KEY (spun, replacement, left_ctx, right_ctx)
);
CREATE TABLE IF NOT EXISTS documents (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    created REAL NOT NULL,
    source  TEXT NOT NULL,
    final   TEXT NOT NULL
);
"""


@dataclass(frozen=True, slots=True)
class SwapRow:
    """Tallies for one (spun, replacement) pair seen in one context."""

    spun: str
    replacement: str
    left: str
    right: str
    accepted: int
    rejected: int


def default_feedback_path() -> Path:
    """``$XDG_DATA_HOME/unspin/feedback.db`` (``~/.local/share/...``), or a temp folder without a home."""
    base = os.environ.get("XDG_DATA_HOME")
    if base:
        return Path(base) / "unspin" / "feedback.db"
    home = Path.home() if os.environ.get("HOME") else None
    if home is not None and home != Path("/"):
        return home / ".local" / "share" / "unspin" / "feedback.db"
    import tempfile

    return Path(tempfile.gettempdir()) / f"unspin-{os.getuid()}" / "feedback.db"


def _norm_phrase(s: str) -> str:
    """Lower-case and collapse whitespace, so 'Officers  stated' and 'officers stated' tally together."""
    return " ".join(s.split()).lower()[:MAX_FIELD_CHARS]


def _norm_context(s: str, keep_last: bool) -> str:
    """At most a few neighbouring words, lower-cased: enough to tell contexts apart, never a sentence."""
    words = s.lower().split()
    words = words[-MAX_CONTEXT_WORDS:] if keep_last else words[:MAX_CONTEXT_WORDS]
    return " ".join(words)[:MAX_FIELD_CHARS]


class FeedbackStore:
    """Thread-safe SQLite store of swap decisions. One connection, guarded by a lock (writes are tiny)."""

    def __init__(self, path: Path | str, store_text: bool = False) -> None:
        self.path = Path(path)
        self.store_text = store_text
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._conn = sqlite3.connect(str(self.path), check_same_thread=False, timeout=10.0)
        with self._lock, self._conn:
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.executescript(_SCHEMA)

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        with self._lock, self._conn:
            yield self._conn

    def record(
        self,
        original: str,
        replacement: str,
        accepted: bool,
        left: str = "",
        right: str = "",
        retract: bool = False,
    ) -> None:
        """Count one decision: the editor kept (``accepted``) or refused ``original`` → ``replacement``.
        ``retract`` takes back one such decision sent before (the editor changed their mind after an
        export): without it the old vote stayed and tied with the new one."""
        spun, repl = _norm_phrase(original), " ".join(replacement.split())[:MAX_FIELD_CHARS]
        if not spun or not repl or spun == repl.lower():
            return  # nothing to learn from an empty or identity swap
        if "{" in spun or "|" in spun:
            return  # a leftover spintax group ("{said|stated}"): no phrase a later text could contain
        lctx, rctx = _norm_context(left, keep_last=True), _norm_context(right, keep_last=False)
        now = time.time()
        col = "accepted" if accepted else "rejected"
        if retract:
            with self._tx() as c:
                c.execute(
                    f"UPDATE swaps SET {col} = MAX({col} - 1, 0)"  # col is one of two literals
                    " WHERE spun = ? AND replacement = ? AND left_ctx = ? AND right_ctx = ?",
                    (spun, repl, lctx, rctx),
                )
            return
        with self._tx() as c:
            c.execute(
                "INSERT INTO swaps (spun, replacement, left_ctx, right_ctx, accepted, rejected, first_seen,"
                " last_seen) VALUES (?, ?, ?, ?, 0, 0, ?, ?) ON CONFLICT DO NOTHING",
                (spun, repl, lctx, rctx, now, now),
            )
            c.execute(
                f"UPDATE swaps SET {col} = {col} + 1, last_seen = ?"  # col is one of two literals
                " WHERE spun = ? AND replacement = ? AND left_ctx = ? AND right_ctx = ?",
                (now, spun, repl, lctx, rctx),
            )

    def record_text(self, source: str, final: str) -> bool:
        """Keep a whole document only if the operator opted in; returns whether it was stored."""
        if not self.store_text:
            return False
        with self._tx() as c:
            c.execute(
                "INSERT INTO documents (created, source, final) VALUES (?, ?, ?)",
                (time.time(), source, final),
            )
        return True

    def documents(self) -> int:
        with self._tx() as c:
            return int(c.execute("SELECT COUNT(*) FROM documents").fetchone()[0])

    def pairs(self) -> list[SwapRow]:
        """Every tallied (pair, context) row, most-decided first."""
        with self._tx() as c:
            rows = c.execute(
                "SELECT spun, replacement, left_ctx, right_ctx, accepted, rejected FROM swaps"
                " ORDER BY accepted + rejected DESC, spun, replacement, left_ctx, right_ctx"
            ).fetchall()
        return [SwapRow(*r) for r in rows]

    def totals(self) -> dict[tuple[str, str], tuple[int, int]]:
        """(spun, replacement) → (accepted, rejected), summed over contexts."""
        with self._tx() as c:
            rows = c.execute(
                "SELECT spun, replacement, SUM(accepted), SUM(rejected) FROM swaps GROUP BY spun, replacement"
            ).fetchall()
        return {(s, r): (int(a), int(j)) for s, r, a, j in rows}

    def repair_options_overlay(
        self, limit: int | None = None
    ) -> tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]:
        """(extra_phrases, blocked_pairs) for :class:`RepairOptions`: the majority decision wins.

        A tie teaches nothing, so a pair the editor accepted once and rejected once is neither added nor
        blocked. With ``limit``, each list keeps the most-decided pairs (an API request caps its lists).
        """
        extra: list[tuple[int, str, str]] = []
        blocked: list[tuple[int, str, str]] = []
        for (spun, repl), (acc, rej) in self.totals().items():
            if acc > rej:
                extra.append((-(acc + rej), spun, repl))
            elif rej > acc:
                blocked.append((-(acc + rej), spun, repl))
        extra.sort()
        blocked.sort()
        return (
            tuple((s, r) for _, s, r in extra[:limit]),
            tuple((s, r) for _, s, r in blocked[:limit]),
        )

    def apply_to(self, options: RepairOptions) -> RepairOptions:
        """``options`` with this store's lessons added (the caller's own extra phrases come first)."""
        extra, blocked = self.repair_options_overlay()
        return dataclasses.replace(
            options,
            extra_phrases=tuple(options.extra_phrases) + extra,
            blocked=tuple(options.blocked) + blocked,
        )

    def close(self) -> None:
        with self._lock:
            self._conn.close()


@lru_cache(maxsize=4)
def get_feedback_store(path: Path | None = None, store_text: bool = False) -> FeedbackStore:
    """One store per database file per process (the connection is shared across request threads)."""
    return FeedbackStore(path or default_feedback_path(), store_text=store_text)


def store_from_settings(settings: Settings | None = None) -> FeedbackStore:
    """The store the running service uses, as configured by ``UNSPIN_FEEDBACK_DB`` and friends."""
    s = settings or get_settings()
    return get_feedback_store(s.feedback_db, s.feedback_store_text)


def options_with_feedback(options: RepairOptions, settings: Settings | None = None) -> RepairOptions:
    """``options`` plus what the editors taught through the web form, for ``/v1/repair`` to call.

    Only once a feedback database exists: an API that was never used with the form must not create files.
    """
    s = settings or get_settings()
    path = s.feedback_db or default_feedback_path()
    if not path.is_file():
        return options
    return store_from_settings(s).apply_to(options)
