#!/usr/bin/env python3
"""Turn a snapshot of White House Briefing Room pages into plain documents for ``build_lm.py``.

Not part of the shipped model: session 18 built a third mixture component from this text and measured it
(docs/HISTORY.md, "Session 18: measured, not adopted"); the script stays so that the experiment can be rerun.

Why this source: the language model's news component is Wikinews alone (5.8 M words), and news registers
("officials said", "told reporters", "the vice president's visit") are what the scorer most lacks against
Wikipedia's encyclopaedic one. Briefing Room pages (statements, releases, readouts, remarks, press
briefings) are written by federal employees in their official duties, so their text is in the public domain
(17 U.S.C. § 105); the snapshot's own licence is CC0. Reporters' questions in briefing transcripts are not
federal works, so every "Q" turn is left out, and so are executive orders and proclamations (legal register)::

    python scripts/corpus_whitehouse.py /work/.mirror/brian14708+wh-briefings/repo \\
        --commit 737ca03a271adc205c67766074ec8d0070f7ad95 --out /work/lmdata/whitehouse

The pages are Markdown with YAML front matter, hard-wrapped at about 72 columns; each output line is one
JSON document (``{"title", "text"}``, paragraphs joined by newlines), the shape ``lm_corpus`` reads.
Nothing of the text is written into the repository.

With ``--clean-cases`` it writes clean evaluation cases instead (session 19: 185 statements, 68,555 words as
the scorer counts them, a register the language model knows less well; every edit on them is false)::

    python scripts/corpus_whitehouse.py /work/.mirror/brian14708+wh-briefings/repo \\
        --commit 737ca03a271adc205c67766074ec8d0070f7ad95 --clean-cases --out /work/cal/wh_clean.jsonl
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from lm_corpus import add_clean_case_options, git_files, write_clean_cases, write_shards

FOLDERS = (
    "press-briefings",
    "speeches-remarks",
    "statements-releases",
    "briefings-statements",
    "fact-sheets",
    "articles",
    "releases",
    "remarks",
    "blog",
)
FILES_PER_SHARD = 600  # shards let build_lm tokenise on both cores

_LABEL = re.compile(r"^((?:[A-Z][A-Z.'’\-]*\s?){1,6}):\s+")  # "MS. PSAKI: ", "THE PRESIDENT: "
_QUESTION = re.compile(r"^Q[:.]?\s")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_TAG = re.compile(r"<[^>]+>")
_MARKS = re.compile(r"(\*\*|__|\*|\\(?=[^\w\s]))")


def document(markdown: str) -> tuple[str, list[str]]:
    """(title, paragraphs) of one page: front matter off, lines unwrapped, Markdown and questions dropped."""
    title = ""
    body = markdown
    if markdown.startswith("---"):
        end = markdown.find("\n---", 3)
        front, body = markdown[3:end], markdown[end + 4 :]
        m = re.search(r"^title:\s*(.*)$", front, re.M)
        title = m.group(1).strip().strip("'\"") if m else ""
    paragraphs: list[str] = []
    asking = False
    for block in re.split(r"\n\s*\n", body):
        text = " ".join(line.strip() for line in block.split("\n")).strip()
        text = _MARKS.sub("", _TAG.sub("", _LINK.sub(r"\1", text))).lstrip("#> ").strip()
        if not text:
            continue
        if _QUESTION.match(text):
            asking = True
            continue
        label = _LABEL.match(text)
        if label:
            asking = False
            text = text[label.end() :]
        if not asking:
            paragraphs.append(re.sub(r"\s+", " ", text))
    return title, paragraphs


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("repo", type=Path, help="git directory of the fetched snapshot")
    p.add_argument("--commit", required=True)
    p.add_argument("--out", type=Path, required=True)
    add_clean_case_options(p, "statements only")
    a = p.parse_args()
    if a.clean_cases:
        pages = git_files(a.repo, a.commit, ["statements-releases"], ".md")
        statements = [(n, document(md)[1]) for n, md in pages if "statement" in n.rsplit("/", 1)[-1]]
        write_clean_cases(statements, a.out, a.seed, a.words)
        return
    docs = (_titled(name, markdown) for name, markdown in git_files(a.repo, a.commit, FOLDERS, ".md"))
    n, words = write_shards(docs, a.out, "wh", FILES_PER_SHARD)
    print(f"{n:,} pages, {words:,} words -> {a.out}")


def _titled(name: str, markdown: str) -> tuple[str, list[str]]:
    """A page's (title, paragraphs), its path standing in for a missing title."""
    title, paragraphs = document(markdown)
    return title or name, paragraphs


if __name__ == "__main__":
    main()
