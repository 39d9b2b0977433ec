"""Corpus reading for ``build_lm.py``: documents out of fetched dumps, sentences out of documents.

Why a reader of its own: the fetched corpora come in three shapes (WikiExtractor JSON lines, WikiExtractor
``<doc>`` blocks, plain text) and must all be cut into sentences exactly as the runtime model expects
(``app.engine.lm_ngram.split_sentences`` / ``sentence_words``), so that counts and queries agree.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from app.engine.lm_ngram import sentence_words, split_sentences

MIN_PARAGRAPH_WORDS = 6  # shorter lines are titles, section headings or list debris
SKIP_TITLE_PREFIXES = ("Crosswords/", "Wikinews:", "Template:", "Category:")


@dataclass
class Document:
    title: str
    paragraphs: list[str]


def read_documents(path: Path) -> Iterator[Document]:
    """Documents of one corpus file, whatever of the three formats it is in."""
    with path.open(encoding="utf-8", errors="replace") as f:
        first = f.readline()
        f.seek(0)
        if first.startswith("{"):
            for line in f:
                line = line.strip()
                if not line:
                    continue
                try:
                    d = json.loads(line)
                except json.JSONDecodeError:
                    continue
                yield Document(str(d.get("title", "")), str(d.get("text", "")).split("\n"))
        elif first.startswith("<doc"):
            title = ""
            paras: list[str] = []
            expect_title = False
            for line in f:
                if line.startswith("<doc"):
                    title, paras, expect_title = "", [], True
                    start = line.find('title="')
                    if start >= 0:
                        title = line[start + 7 : line.rfind('"')]
                elif line.startswith("</doc>"):
                    yield Document(title, paras)
                    paras = []
                elif expect_title:
                    expect_title = False  # the first line repeats the title
                else:
                    paras.append(line)
        else:
            yield Document(path.stem, f.read().split("\n"))


def corpus_files(root: Path) -> list[Path]:
    """Every regular file under ``root`` (or ``root`` itself), in a stable order."""
    if root.is_file():
        return [root]
    out = []
    for dirpath, _dirs, files in os.walk(root):
        for name in files:
            if not name.startswith("."):
                out.append(Path(dirpath) / name)
    return sorted(out)


@dataclass
class FileResult:
    """What one worker learnt from one file: word counts, a token stream on disk, held-out paragraphs."""

    counts: Counter[str]
    stream: Path
    sentences: int = 0
    tokens: int = 0
    documents: int = 0
    heldout: list[str] = field(default_factory=list)


def document_sentences(doc: Document) -> Iterator[list[str]]:
    for para in doc.paragraphs:
        para = para.strip()
        if len(para.split()) < MIN_PARAGRAPH_WORDS:
            continue
        for sentence in split_sentences(para):
            words = sentence_words(sentence)
            if words:
                yield words


def tokenize_file(path: Path, stream: Path, heldout_every: int, doc_offset: int) -> FileResult:
    """Write the file's training sentences to ``stream`` (one per line) and count their words.

    Documents whose running number (``doc_offset`` + index) is a multiple of ``heldout_every`` are held out
    for evaluation instead (their raw paragraphs are returned), when ``heldout_every`` > 0.
    """
    counts: Counter[str] = Counter()
    res = FileResult(counts, stream)
    with stream.open("w", encoding="utf-8") as out:
        for i, doc in enumerate(read_documents(path)):
            if doc.title.startswith(SKIP_TITLE_PREFIXES):
                continue
            res.documents += 1
            if heldout_every > 0 and (doc_offset + i) % heldout_every == 0:
                res.heldout += [p.strip() for p in doc.paragraphs if len(p.split()) >= MIN_PARAGRAPH_WORDS]
                continue
            for words in document_sentences(doc):
                counts.update(words)
                res.sentences += 1
                res.tokens += len(words)
                out.write(" ".join(words))
                out.write("\n")
    return res


# --------------------------------------------------------------------- preparing fetched snapshots (corpus_*.py)


def git_files(repo: Path, commit: str, folders: Iterable[str], suffix: str) -> Iterator[tuple[str, str]]:
    """(path, text) of every ``suffix`` file under ``folders`` at ``commit`` of a fetched snapshot, read in one
    ``git cat-file --batch`` pass (a snapshot has no work tree, and one process per file would take minutes)."""
    names = subprocess.run(
        ["git", "-C", str(repo), "ls-tree", "-r", "--name-only", commit, "--", *folders],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split("\n")
    names = [n for n in names if n.endswith(suffix)]
    batch = subprocess.run(
        ["git", "-C", str(repo), "cat-file", "--batch"],
        input="".join(f"{commit}:{n}\n" for n in names).encode(),
        check=True,
        capture_output=True,
    ).stdout
    pos = 0
    for name in names:
        header_end = batch.index(b"\n", pos)
        size = int(batch[pos:header_end].split()[2])
        body = batch[header_end + 1 : header_end + 1 + size]
        pos = header_end + 1 + size + 1
        yield name, body.decode("utf-8", errors="replace")


def write_shards(
    docs: Iterable[tuple[str, list[str]]], out: Path, stem: str, per_shard: int
) -> tuple[int, int]:
    """Write (title, paragraphs) documents as JSON lines (``{"title", "text"}``, the shape ``read_documents``
    reads) into ``out/{stem}_NNN.jsonl``, ``per_shard`` documents a file so that ``build_lm`` tokenises on
    every core; returns (documents, words)."""
    out.mkdir(parents=True, exist_ok=True)
    shard = None
    n = words = 0
    try:
        for n, (title, paras) in enumerate(docs, 1):
            if (n - 1) % per_shard == 0:
                if shard:
                    shard.close()
                shard = (out / f"{stem}_{(n - 1) // per_shard:03d}.jsonl").open("w", encoding="utf-8")
            words += sum(len(x.split()) for x in paras)
            assert shard is not None
            shard.write(json.dumps({"title": title, "text": "\n".join(paras)}, ensure_ascii=False) + "\n")
    finally:
        if shard:
            shard.close()
    return n, words


def clean_cases(
    docs: Sequence[tuple[str, list[str]]], seed: int, words: int, min_words: int = 150
) -> list[dict[str, str]]:
    """Documents (name, paragraphs) drawn at random (``seed``) until they hold more than ``words`` words, as
    clean evaluation cases ``{id, spun, original}`` with ``spun == original``: every edit on them is false.
    Paragraphs of fewer than ``MIN_PARAGRAPH_WORDS`` words (bylines, debris) and documents under ``min_words`` are left out."""
    order = list(docs)
    random.Random(seed).shuffle(order)
    out: list[dict[str, str]] = []
    total = 0
    for name, paras in order:
        text = "\n\n".join(x for x in paras if len(x.split()) >= MIN_PARAGRAPH_WORDS)
        n = len(text.split())
        if n < min_words:
            continue
        out.append({"id": name, "spun": text, "original": text})
        total += n
        if total > words:
            break
    return out


def add_clean_case_options(parser: argparse.ArgumentParser, what: str) -> None:
    """The options of a corpus script's ``--clean-cases`` mode (``clean_cases``, ``write_clean_cases``)."""
    parser.add_argument(
        "--clean-cases",
        action="store_true",
        help=f"write --out as one JSONL file of clean evaluation cases ({what}) instead of language-model shards",
    )
    parser.add_argument("--seed", type=int, default=19)
    parser.add_argument("--words", type=int, default=60_000)


def write_clean_cases(docs: Sequence[tuple[str, list[str]]], out: Path, seed: int, words: int) -> None:
    """``clean_cases`` of ``docs`` written to ``out`` as JSON lines."""
    cases = clean_cases(docs, seed, words)
    out.write_text("".join(json.dumps(c) + "\n" for c in cases), encoding="utf-8")
    print(f"{len(cases):,} clean cases -> {out}")
