"""Site learning for the service: each site's spinner, learned from the documents crawlers send.

A scraper site runs every article through one spinner, and that spinner reuses its thesaurus, so a profile
mined from a site's own output (``unspin learn``) repairs its other articles better: on the dev news set, a
profile learned from 30 spun articles (no originals) raised err on 30 others from 0.277 to 0.321 (README).
A crawler should not have to run ``unspin learn`` by hand for that. When a request names its ``site``, the
service repairs it with what it has learned of that site so far (once it has seen ``min_documents``
documents), then adds the document's restorations to the site's evidence (``app.learn.SiteEvidence``), so
the next article of the site is repaired with a slightly better profile.

What is kept per site: the evidence counters and the hashes of the documents already counted, so that a
document sent again (a re-crawl, a retry) is never counted twice. With a folder configured
(``UNSPIN_SITES_DIR``) each site is written there as JSON, atomically (temp file and rename), every
``SAVE_EVERY`` new documents and when the service stops, under an exclusive file lock that merges what other
worker processes added meanwhile; without one, sites live in memory until the service stops. The number of
sites is bounded (``UNSPIN_MAX_SITES``); ``forget`` drops one (a site whose spinner changed, or that someone
fed junk).
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import logging
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from app.atomic import write_text_atomic
from app.engine.types import Repair, SiteProfile
from app.learn import SiteEvidence, profile_text

log = logging.getLogger("unspin.sites")

SITE_PATTERN = r"^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,98}[A-Za-z0-9])?$"  # also the API schema's, so no look-ahead
SITE_NAME = re.compile(SITE_PATTERN)
SITE_NAME_RULE = (
    "1-100 characters: letters, digits, '.', '_' or '-', starting and ending with a letter or digit"
)
FORMAT = "unspin-site-1"
SAVE_EVERY = 10  # new documents between writes of a site's file
MAX_HASHES = 100_000  # documents remembered per site for de-duplication (the oldest are forgotten first)
MIN_COUNT = 2  # a pair must be seen this often before it enters a site's profile (as ``unspin learn``)
SITES_IN_MEMORY = 32  # with a folder, sites beyond this many are saved and dropped from memory (least used)
# first); without one this bounds the sites kept. A large site's evidence is a few MB (its word counts).
REBUILD_ALWAYS, REBUILD_EVERY = 100, 10  # the profile is rebuilt after each of a site's first 100 documents,
# then after every 10th (rebuilding walks all of the site's pairs: a large site's take milliseconds)


class SiteError(ValueError):  # a ValueError, so that a pydantic validator may raise it as it is
    """A site name the service cannot take (malformed, or one too many): the caller's mistake, a 4xx."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def site_key(name: str) -> str:
    """The canonical (lower-case) form of a site name; ``SiteError`` if it is not a valid one."""
    key = name.lower()
    if not SITE_NAME.fullmatch(key):  # fullmatch: "$" alone would let a final newline through
        raise SiteError("invalid_site", f"site {name[:120]!r} is not a valid name ({SITE_NAME_RULE})")
    return key


@dataclass(frozen=True, slots=True)
class SiteInfo:
    """What a response says about its site."""

    name: str
    documents: int  # documents learned from so far
    pairs: int  # pairs in the profile the next document will get
    applied: bool  # whether this request was repaired with the site's profile
    learned: bool  # whether this request's document was added to the site's evidence

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


@dataclass
class _Site:
    evidence: SiteEvidence
    hashes: dict[str, None]  # insertion-ordered set of counted documents' hashes
    pending: SiteEvidence = field(default_factory=SiteEvidence)  # added since the last save
    pending_hashes: list[str] = field(default_factory=list)
    # the profile requests get: built when the site is taken into memory (``SiteRegistry._site``), rebuilt as
    # documents arrive (``REBUILD_ALWAYS``, ``REBUILD_EVERY``) and after each save
    profile: SiteProfile = field(default_factory=lambda: SiteProfile(""))


class SiteRegistry:
    """Every site's evidence and current profile; thread-safe (requests run in worker threads)."""

    def __init__(
        self,
        directory: Path | None,
        max_sites: int = 1000,
        min_documents: int = 5,
        single_process: bool = True,
    ) -> None:
        self.directory = directory
        self.max_sites = max_sites
        self.min_documents = min_documents
        # each process keeps its own counts: with several server processes they would diverge (a text counted
        # once per process, a DELETE undone by another), so the service refuses site learning then
        self.single_process = single_process
        self._sites: dict[str, _Site] = {}
        self._lock = threading.RLock()
        if directory is not None:
            directory.mkdir(parents=True, exist_ok=True)

    # -- what requests use -------------------------------------------------------------------------------

    def profile(self, name: str, create: bool = True) -> SiteProfile | None:
        """The profile to repair the site's next document with; None until it has ``min_documents`` (or, with
        ``create`` off, when the site is unknown: detection and ``learn: false`` read a site, never start one).
        Raises ``SiteError`` for an invalid name, or a new site beyond ``limit``."""
        with self._lock:
            site = self._site(site_key(name), create=create)
            if site is None:
                return None
            return site.profile if site.evidence.documents >= self.min_documents else None

    def record(self, name: str, text: str, result: Repair, applied: bool) -> SiteInfo:
        """Add one repaired document to its site's evidence (unless that text was counted before)."""
        key = site_key(name)
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]
        with self._lock:
            site = self._site(key, create=True)
            assert site is not None
            # a text without words (an empty page), or in another language, is no evidence of the site's spinner
            learned = digest not in site.hashes and int(result.stats.get("words", 0)) > 0 and result.english
            if learned:
                document = SiteEvidence()
                document.add_repair(text, result)
                site.evidence.add(document)
                site.pending.add(document)
                site.pending_hashes.append(digest)
                _remember(site.hashes, [digest])
                n = site.evidence.documents
                if n <= REBUILD_ALWAYS or n % REBUILD_EVERY == 0:
                    site.profile = site.evidence.profile(key, MIN_COUNT)
                if self.directory is not None and site.pending.documents >= SAVE_EVERY:
                    self._save(key, site)
            return self._info(key, site, applied, learned)

    def info(self, name: str, applied: bool = False) -> SiteInfo | None:
        key = site_key(name)
        with self._lock:
            site = self._site(key, create=False)
            return None if site is None else self._info(key, site, applied, False)

    # -- what the sites routes use -----------------------------------------------------------------------

    def names(self) -> list[str]:
        """Every site known in memory or on disk."""
        with self._lock:
            known = set(self._sites)
            if self.directory is not None:
                known.update(p.stem for p in self.directory.glob("*.json") if SITE_NAME.fullmatch(p.stem))
            return sorted(known)

    def describe(self, name: str, pairs: bool = False) -> dict[str, Any] | None:
        """A site's summary (and its profile's pairs, best evidence first), or None if unknown."""
        key = site_key(name)
        with self._lock:
            site = self._site(key, create=False)
            if site is None:
                return None
            prof = site.profile
            d: dict[str, Any] = {
                "name": key,
                "documents": site.evidence.documents,
                "pairs": len(prof.pairs),
                "active": site.evidence.documents >= self.min_documents,
                "spinner_sources": dict(prof.thesauri),
            }
            if pairs:
                mined = site.evidence.mined(MIN_COUNT).pairs
                d["profile"] = [
                    {"spun": p.spun, "original": p.original, "count": p.count, "documents": p.documents}
                    for p in mined
                ]
            return d

    def profile_text(self, name: str) -> str | None:
        """A site's profile as the TSV ``unspin learn`` writes (for ``repair --profile`` or ``batch
        --profile``), or None if the site is unknown."""
        key = site_key(name)
        with self._lock:
            site = self._site(key, create=False)
            return None if site is None else profile_text(site.evidence.mined(MIN_COUNT))

    def forget(self, name: str) -> bool:
        """Drop a site and its file; False if it was not known."""
        key = site_key(name)
        with self._lock:
            known = self._sites.pop(key, None) is not None
            if self.directory is not None:
                path = self._path(key)
                with self._file_lock(key):
                    if path.exists():
                        path.unlink()
                        known = True
            return known

    def save_all(self) -> None:
        """Write every site with unsaved documents (the service calls this when it stops)."""
        if self.directory is None:
            return
        with self._lock:
            for key, site in self._sites.items():
                if site.pending.documents:
                    self._save(key, site)

    # -- internals ---------------------------------------------------------------------------------------

    @property
    def limit(self) -> int:
        """How many sites may be known at once: ``max_sites``, and no more than memory holds without a folder."""
        return self.max_sites if self.directory is not None else min(self.max_sites, SITES_IN_MEMORY)

    def _site(self, key: str, create: bool) -> _Site | None:
        site = self._sites.pop(key, None)
        if site is not None:
            self._sites[key] = site  # most recently used last
            return site
        loaded = self._load(key) if self.directory is not None else None
        if loaded is None:
            if not create:
                return None
            if len(self._sites) >= self.limit or len(self.names()) >= self.limit:
                hint = "raise UNSPIN_MAX_SITES" if self.directory is not None else "set UNSPIN_SITES_DIR"
                raise SiteError(
                    "too_many_sites",
                    f"the service keeps at most {self.limit} sites; forget one (DELETE /v1/sites/NAME) or {hint}",
                )
            loaded = _Site(SiteEvidence(), {})
        loaded.profile = loaded.evidence.profile(key, MIN_COUNT)
        self._sites[key] = loaded
        if self.directory is not None:
            while len(self._sites) > SITES_IN_MEMORY:
                old_key = next(iter(self._sites))
                old = self._sites.pop(old_key)
                if old.pending.documents:
                    self._save(old_key, old)
        return loaded

    def _info(self, key: str, site: _Site, applied: bool, learned: bool) -> SiteInfo:
        n = site.evidence.documents
        pairs = len(site.profile.pairs) if n >= self.min_documents else 0
        return SiteInfo(key, n, pairs, applied, learned)

    def _path(self, key: str) -> Path:
        assert self.directory is not None
        return self.directory / f"{key}.json"

    @contextmanager
    def _file_lock(self, key: str) -> Iterator[None]:
        """An exclusive lock on the site's file, shared by every worker process of the service."""
        assert self.directory is not None
        with (self.directory / f".{key}.lock").open("a") as f:
            fcntl.flock(f, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(f, fcntl.LOCK_UN)

    def _load(self, key: str) -> _Site | None:
        path = self._path(key)
        if not path.exists():
            return None
        try:
            with self._file_lock(key):
                return _read(path)
        except (OSError, ValueError, KeyError, TypeError) as e:
            log.warning(
                "site file unreadable, starting that site afresh", extra={"path": str(path), "error": str(e)}
            )
            return None

    def _save(self, key: str, site: _Site) -> None:
        """Add what this process learned since its last save to the file (another worker process may have
        written it meanwhile), write it atomically, and take the merged evidence as this process's own. (A
        document that two processes both took in between two saves is counted twice: rare, and harmless.)"""
        path = self._path(key)
        try:
            with self._file_lock(key):
                merged = site
                if path.exists():
                    try:
                        on_disk = _read(path)
                    except (ValueError, KeyError, TypeError):
                        on_disk = None  # unreadable: this process's evidence replaces it
                    if on_disk is not None:
                        on_disk.evidence.add(site.pending)
                        _remember(on_disk.hashes, site.pending_hashes)
                        merged = on_disk
                data = {"format": FORMAT, **merged.evidence.to_json(), "hashes": list(merged.hashes)}
                write_text_atomic(path, json.dumps(data, separators=(",", ":")))
            site.evidence, site.hashes = merged.evidence, merged.hashes
            site.pending, site.pending_hashes = SiteEvidence(), []
            site.profile = site.evidence.profile(key, MIN_COUNT)
        except OSError as e:
            log.warning("could not save site", extra={"path": str(path), "error": str(e)})


def _remember(hashes: dict[str, None], new: list[str]) -> None:
    for h in new:
        hashes[h] = None
    while len(hashes) > MAX_HASHES:
        hashes.pop(next(iter(hashes)))


def _read(path: Path) -> _Site:
    """A site's file; ValueError, KeyError or TypeError if it is not one (OSError if it cannot be read)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValueError(f"not a site file of format {FORMAT}")
    return _Site(SiteEvidence.from_json(data), dict.fromkeys(str(h) for h in data["hashes"]))
