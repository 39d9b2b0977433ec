#!/usr/bin/env python3
"""Turn the Open American National Corpus's Slate magazine articles into plain documents for ``build_lm.py``.

Not part of the shipped model: session 18 measured Slate as a third mixture component and pooled into the
news component (docs/HISTORY.md, "Session 18: measured, not adopted"); the script stays so that the
experiment can be rerun.

Why this source: the language model's news component is Wikinews alone (5.8 M words), and Slate's 4,531
articles (1996–2000, about 4.2 M words) are American magazine journalism: reported and argued prose, the
register a spinner's victims are written in. The OANC's makers describe the corpus as "unrestricted in terms
of usage and redistribution" (https://anc.org/data/oanc/); only derived, pruned counts are ever committed.

The OANC's text files are hard-wrapped and indented; paragraphs are separated by blank lines. Each output
line is one JSON document (``{"title", "text"}``, paragraphs joined by newlines), the shape ``lm_corpus``
reads::

    python scripts/corpus_oanc.py /work/.mirror/parrt+msds501/repo \\
        --commit aeb5da3944d0ec42c8a65e3566f0bf0deb7543d7 --folder data/slate --out /work/lmdata/slate

With ``--clean-cases`` it writes clean evaluation cases instead (session 19: text in a register the language
model knows less well, where every edit is false; 64 articles, 72,742 words as the scorer counts them)::

    python scripts/corpus_oanc.py /work/.mirror/parrt+msds501/repo \\
        --commit aeb5da3944d0ec42c8a65e3566f0bf0deb7543d7 --folder data/slate --clean-cases \\
        --out /work/cal/slate_clean.jsonl
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from lm_corpus import add_clean_case_options, git_files, write_clean_cases, write_shards

FILES_PER_SHARD = 400  # shards let build_lm tokenise on both cores
_TAG = re.compile(r"<[^>]+>")


def paragraphs(text: str) -> list[str]:
    """Blank-line separated blocks, unwrapped, markup debris removed, whitespace collapsed."""
    out = []
    for block in re.split(r"\n\s*\n", text):
        para = " ".join(_TAG.sub(" ", block).split())
        if para:
            out.append(para)
    return out


def raw_paragraphs(text: str) -> list[str]:
    """Blank-line separated blocks as written: the hard wrapping and indentation inside each are kept."""
    return [x.strip() for x in text.replace("\r\n", "\n").split("\n\n")]


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("repo", type=Path, help="git directory of the fetched snapshot")
    p.add_argument("--commit", required=True)
    p.add_argument("--folder", required=True)
    p.add_argument("--out", type=Path, required=True)
    add_clean_case_options(p, "articles")
    a = p.parse_args()
    files = git_files(a.repo, a.commit, [a.folder], ".txt")
    if a.clean_cases:
        write_clean_cases([(name, raw_paragraphs(text)) for name, text in files], a.out, a.seed, a.words)
        return
    n, words = write_shards(
        ((name, paragraphs(text)) for name, text in files), a.out, "oanc", FILES_PER_SHARD
    )
    print(f"{n:,} files, {words:,} words -> {a.out}")


if __name__ == "__main__":
    main()
