"""Write the Wikinews documents that the language-model build held out, as clean JSONL for the benchmarks.

    python scripts/heldout_docs.py /work/lmdata/wikinews --out /work/cal/heldout.jsonl [--every 50]

The language model (``scripts/build_lm.py --heldout-every 50``) never saw these documents, so text spun from
them by ``bench/spinners.py`` measures restoration without the model having memorised the originals. The
choice is the build's own (``crc32(path) + document number``, a multiple of ``--every``), so the path must be
spelled as it was for the build (``/work/lmdata/wikinews``). Each line is ``{"id", "text", "split"}``: paragraphs
of at least six words joined by blank lines, and ``split`` "A" or "B" alternately, so that one half can be used
to choose settings and the other to report them.
"""

from __future__ import annotations

import argparse
import json
import sys
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from lm_corpus import MIN_PARAGRAPH_WORDS, SKIP_TITLE_PREFIXES, corpus_files, read_documents  # noqa: E402


def heldout(root: Path, every: int, min_words: int) -> list[dict[str, str]]:
    docs: list[dict[str, str]] = []
    for path in corpus_files(root):
        offset = zlib.crc32(str(path).encode())
        for i, doc in enumerate(read_documents(path)):
            if doc.title.startswith(SKIP_TITLE_PREFIXES):
                continue
            if (offset + i) % every:
                continue
            paras = [p.strip() for p in doc.paragraphs if len(p.split()) >= MIN_PARAGRAPH_WORDS]
            text = "\n\n".join(paras)
            if len(text.split()) >= min_words:
                docs.append({"id": doc.title, "text": text, "split": "AB"[len(docs) % 2]})
    return docs


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("wikinews", type=Path, help="folder of the Wikinews files the LM was built from")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--every", type=int, default=50, help="the build's --heldout-every")
    ap.add_argument("--min-words", type=int, default=150, help="skip shorter documents")
    a = ap.parse_args()
    if not a.wikinews.is_dir():
        raise SystemExit(f"heldout_docs: error: {a.wikinews} is not a folder")
    docs = heldout(a.wikinews, a.every, a.min_words)
    tmp = a.out.with_name(a.out.name + ".tmp")
    with tmp.open("w", encoding="utf-8") as f:
        for d in docs:
            f.write(json.dumps(d, ensure_ascii=False) + "\n")
    tmp.replace(a.out)
    print(f"{len(docs)} documents, {sum(len(d['text'].split()) for d in docs):,} words -> {a.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
