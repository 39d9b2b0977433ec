#!/usr/bin/env python3
"""Prebuild the OCR stage's SymSpell index (``dictionaries/ocr-index.bin``).

Why: building SymSpell's delete index over symspellpy's English frequency list at start-up took about a
second, half of the service's load time; reading it prebuilt takes about half as long. The file holds only
plain data (``marshal``, not a pickle), derived from the frequency list that ships inside the symspellpy
package (MIT licence). It carries a stamp (symspellpy version, list size, index settings): the engine uses it
only when the stamp matches and otherwise builds the index as before, so an upgraded symspellpy costs load
time, never correctness. Rebuild after upgrading symspellpy (a few seconds)::

    python scripts/build_ocr_index.py
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.engine.ocr import COUNT_THRESHOLD, OCR_INDEX_FILE, build_index, pack_index  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=ROOT / "dictionaries" / OCR_INDEX_FILE)
    a = ap.parse_args()
    t0 = time.perf_counter()
    sym, words = build_index(COUNT_THRESHOLD)
    blob = pack_index(sym, words, COUNT_THRESHOLD)
    fd, tmp = tempfile.mkstemp(dir=a.out.parent, prefix="ocr-index", suffix=".tmp")
    with os.fdopen(fd, "wb") as f:
        f.write(blob)
    os.chmod(tmp, 0o644)
    os.replace(tmp, a.out)
    print(
        f"{len(words)} words, {len(sym._deletes)} deletes in {time.perf_counter() - t0:.1f} s; "
        f"{len(blob) / 1e6:.1f} MB -> {a.out}"
    )


if __name__ == "__main__":
    main()
