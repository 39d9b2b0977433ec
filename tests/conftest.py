"""Shared fixtures, deliberately generic: a free loopback port and small extra-phrases files."""

from __future__ import annotations

import random
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_batch_support import write_phrases

# Made-up spins with their originals; the engine honours these whenever they are supplied, so tests that
# need a guaranteed edit can use them (as the UNSPIN_EXTRA_PHRASES file below or as request options).
EXTRA_PHRASES: tuple[tuple[str, str], ...] = (
    ("flea bazaar", "flea market"),
    ("press chamber", "press room"),
    ("metropolis corridor", "city hall"),
)


def _port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


@pytest.fixture
def free_port() -> int:
    """A port in 18000-18999 that nothing listens on right now (random, so parallel agents rarely clash)."""
    ports = list(range(18000, 19000))
    random.shuffle(ports)
    for port in ports:
        if _port_is_free(port):
            return port
    pytest.skip("no free port in 18000-18999")


@pytest.fixture
def extra_phrases_file(tmp_path: Path) -> Path:
    """A ``spun<TAB>original`` TSV holding :data:`EXTRA_PHRASES` (point ``UNSPIN_EXTRA_PHRASES`` at it)."""
    path = tmp_path / "extra_phrases.tsv"
    path.write_text("".join(f"{s}\t{o}\n" for s, o in EXTRA_PHRASES), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def phrases(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Point the settings at the batch tests' phrase file (``test_batch_support.PHRASES``) for one module,
    and restore the caches afterwards."""
    from app.resources import get_resources
    from app.settings import get_settings

    path = write_phrases(tmp_path_factory.mktemp("phrases"))
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("UNSPIN_EXTRA_PHRASES", str(path))
        get_settings.cache_clear()
        get_resources.cache_clear()
        yield path
    get_settings.cache_clear()
    get_resources.cache_clear()


@pytest.fixture(autouse=True)
def _settings_follow_the_environment() -> Iterator[None]:
    """After each test, drop cached settings and resources built for an ``UNSPIN_EXTRA_PHRASES`` the test set
    and its monkeypatch has since removed: otherwise its pairs ("officers" → officials) stay in force for
    every later test in the process (session 27 found a round-trip test repaired by a batch test's file)."""
    import os

    yield
    from app.resources import get_resources
    from app.settings import get_settings

    if get_settings.cache_info().currsize == 0:
        return
    wanted = os.environ.get("UNSPIN_EXTRA_PHRASES")
    cached = get_settings().extra_phrases
    if (str(cached) if cached else None) != (wanted or None):
        get_settings.cache_clear()
        get_resources.cache_clear()
