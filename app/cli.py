"""``unspin`` command line: a thin shell over :func:`app.repair` and friends.

Every subcommand exits non-zero with a one-line ``unspin: error: ...`` message on bad input.
"""

from __future__ import annotations

import argparse
import json
import logging
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from app import __version__
from app.engine.types import RepairOptions
from app.errors import CliError, ResourceError, binary_bytes_problem

if TYPE_CHECKING:
    from app.settings import Settings

__all__ = ["CliError", "build_parser", "main"]


def _read_input(path: str | None) -> str:
    try:
        data = sys.stdin.buffer.read() if path in (None, "-") else Path(path).read_bytes()
    except FileNotFoundError:
        raise CliError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise CliError(f"{path}: is a directory (use 'unspin batch' for folders)") from None
    except OSError as e:
        raise CliError(f"{path}: cannot read: {e.strerror}") from None
    name = path or "stdin"
    binary = binary_bytes_problem(data)
    if binary:
        raise CliError(f"{name}: {binary}")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise CliError(
            f"{name}: not valid UTF-8 (byte {e.start}); convert it first, e.g. iconv -t UTF-8"
        ) from None


def _options(args: argparse.Namespace) -> RepairOptions:
    return RepairOptions(
        min_confidence=args.min_confidence,
        ocr=not args.no_ocr,
        spin=not args.no_spin,
        profile=args.profile,
    )


def _warn_unknown_variables() -> None:
    import os

    from app.settings import unknown_variables

    for name in unknown_variables(dict(os.environ)):
        print(
            f"unspin: warning: {name} is not a setting and is ignored (see app/settings.py)", file=sys.stderr
        )


def _check_settings_files(settings: Settings) -> None:
    """Files the settings name are read up front, whatever the command: a malformed extra-phrases file is one
    line before any work, not a traceback per document (or a server whose every repair fails)."""
    from app.engine.lexicon import LexiconError, PhraseDictionary
    from app.resources import get_resources

    get_resources().check()  # a missing or broken dictionaries folder: ResourceError, one line
    if settings.extra_phrases is not None:
        try:
            PhraseDictionary.load(settings.extra_phrases)
        except (LexiconError, OSError, UnicodeDecodeError) as e:
            raise CliError(f"UNSPIN_EXTRA_PHRASES {settings.extra_phrases}: {e}") from None


def _check_common_options(args: argparse.Namespace) -> None:
    """Options several commands share are checked once, up front: a bad threshold or a missing or malformed
    profile is one clear error, not a traceback (or one error per document in a batch) later."""
    conf = getattr(args, "min_confidence", None)
    if conf is not None and not 0.0 <= conf <= 1.0:
        raise CliError("--min-confidence must be between 0 and 1")
    if getattr(args, "limit", 0) < 0:
        raise CliError("--limit must be 0 (every case) or more")
    if getattr(args, "min_count", 1) < 1:
        raise CliError("--min-count must be at least 1")
    path = getattr(args, "profile", None)
    if not path:
        return
    from app.engine.lexicon import LexiconError
    from app.resources import ResourceError, get_resources

    try:
        get_resources().profile(path)
    except (LexiconError, ResourceError) as e:
        raise CliError(str(e)) from None


def cmd_repair(args: argparse.Namespace) -> int:
    from app import repair

    paths = args.files or [None]
    opts = _options(args)
    for path in paths:
        text = _read_input(path)
        result = repair(text, opts)
        name = path or "stdin"
        if not result.english:  # said on stderr, so the output is still the text itself
            print(f"unspin: {name}: not English, left unchanged", file=sys.stderr)
        if args.json:
            d = result.to_dict()
            d["diff"] = result.unified_diff(name)
            if path:
                d["file"] = path
            _write(json.dumps(d, ensure_ascii=False) + "\n")
        elif args.diff:
            _write(result.unified_diff(name))
        else:
            _write(result.text)
    return 0


def _write(s: str) -> None:
    """UTF-8 bytes, whatever the locale or PYTHONIOENCODING says: the output is the input's bytes with the
    edits applied (an ASCII or Latin-1 stdout raised UnicodeEncodeError, a UTF-16 one changed every byte)."""
    out = getattr(sys.stdout, "buffer", None)
    if out is None:  # a text-only stream (tests, embedding): it takes str
        sys.stdout.write(s)
        return
    sys.stdout.flush()
    out.write(s.encode("utf-8"))
    out.flush()


def cmd_serve(args: argparse.Namespace) -> int:
    from app.api.server import serve

    return serve(host=args.host, port=args.port, workers=args.workers)


def cmd_eval(args: argparse.Namespace) -> int:
    from app.evaluation import run_eval

    return run_eval(args)


def cmd_batch(args: argparse.Namespace) -> int:
    from app.batch.command import run

    return run(args)


def cmd_learn(args: argparse.Namespace) -> int:
    from app.learn import run_learn

    return run_learn(args)


def _add_min_confidence(parser: argparse.ArgumentParser, default: float) -> None:
    parser.add_argument(
        "--min-confidence",
        type=float,
        default=default,
        metavar="P",
        help="only make edits at least this confident (0-1, default %(default)s)",
    )


def build_parser() -> argparse.ArgumentParser:
    from app.settings import Settings

    defaults = Settings()
    p = argparse.ArgumentParser(
        prog="unspin",
        description="Restore English text garbled by article spinners and OCR.",
        epilog="Settings also come from UNSPIN_* environment variables (see README).",
    )
    p.add_argument("--version", action="version", version=f"unspin {__version__}")
    p.add_argument("-v", "--verbose", action="store_true", help="log resource loading and timings to stderr")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    r = sub.add_parser(
        "repair",
        help="repair text from files or stdin and print it",
        description=(
            "Repair each FILE (or stdin) and print the corrected text, a unified diff or the full JSON result."
        ),
    )
    r.add_argument("files", nargs="*", metavar="FILE", help="UTF-8 text files; stdin when none or '-'")
    fmt = r.add_mutually_exclusive_group()
    fmt.add_argument(
        "--json", action="store_true", help="print the full result (text, edits, spin score) as JSON"
    )
    fmt.add_argument("--diff", action="store_true", help="print a unified diff instead of the text")
    _add_min_confidence(r, defaults.min_confidence)
    r.add_argument(
        "--no-ocr", action="store_true", help="skip the OCR/garble stage (and leftover {a|b} spintax)"
    )
    r.add_argument("--no-spin", action="store_true", help="skip the spin-restoration stage")
    r.add_argument("--profile", metavar="FILE", help="a learned profile from 'unspin learn'")
    r.set_defaults(func=cmd_repair)

    s = sub.add_parser("serve", help="run the REST API and web form")
    s.add_argument(
        "--host", default=defaults.host, help="address to listen on (UNSPIN_HOST, default %(default)s)"
    )
    s.add_argument("--port", type=int, default=defaults.port, help="port (UNSPIN_PORT, default %(default)s)")
    s.add_argument(
        "--workers",
        type=int,
        default=defaults.workers,
        help="server processes (UNSPIN_WORKERS, default %(default)s); more than one turns site learning off",
    )
    s.set_defaults(func=cmd_serve)

    b = sub.add_parser("batch", help="repair archives: txt, JSONL, WARC (optionally compressed)")
    from app.batch.command import add_arguments

    add_arguments(b)
    b.set_defaults(func=cmd_batch)

    e = sub.add_parser("eval", help="score repairs on JSONL cases {id, spun, original}")
    e.add_argument("cases", nargs="+", metavar="CASES.jsonl")
    _add_min_confidence(e, defaults.min_confidence)
    e.add_argument("--limit", type=int, default=0, help="score only the first N cases of each file")
    e.add_argument("--per-case", action="store_true", help="print one JSON line per case too")
    e.add_argument("--profile", metavar="FILE", help="a learned profile from 'unspin learn'")
    e.set_defaults(func=cmd_eval)

    learn = sub.add_parser("learn", help="mine swap pairs from spun documents into a profile")
    learn.add_argument(
        "corpus",
        nargs="+",
        metavar="CORPUS",
        help="files or folders of a site's articles: .txt, .jsonl (spun or text, and original if known) or "
        ".warc, each optionally .gz, .bz2 or .zst",
    )
    learn.add_argument("--out", required=True, metavar="PROFILE.tsv")
    learn.add_argument("--min-count", type=int, default=2, help="times a pair must be seen (default 2)")
    learn.add_argument(
        "--profile",
        metavar="FILE",
        help="decode with an earlier round's profile (a second round of learning)",
    )
    learn.set_defaults(func=cmd_learn)
    return p


class Terminated(KeyboardInterrupt):
    """SIGTERM (``kill``, ``docker stop``, systemd): stopped as Ctrl-C stops a run, checkpoints kept."""


def _terminated(signum: int, frame: object) -> None:
    raise Terminated


def main(argv: list[str] | None = None) -> int:
    """The console script. Ctrl-C is one line and status 130 from the first instant, also while the
    settings and heavy modules are still being imported (a traceback there looked like a crash)."""
    try:
        return _main(argv)
    except KeyboardInterrupt:
        print("unspin: interrupted", file=sys.stderr)
        return 130


def _main(argv: list[str] | None) -> int:
    from pydantic import ValidationError

    from app.settings import get_settings, settings_problem

    try:  # the parser's defaults come from the settings: a bad UNSPIN_* value is one line, even for --help
        parser = build_parser()
        settings = get_settings()
    except ValidationError as e:
        print(f"unspin: error: {settings_problem(e)}", file=sys.stderr)
        return 2
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    if args.func is not cmd_serve:  # uvicorn handles its own signals
        signal.signal(signal.SIGTERM, _terminated)
    try:
        _warn_unknown_variables()
        _check_settings_files(settings)
        _check_common_options(args)
        return int(args.func(args) or 0)
    except (CliError, ResourceError) as e:  # a broken dictionaries folder too: one line, not a traceback
        print(f"unspin: error: {e}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    except Terminated:
        print("unspin: terminated (SIGTERM); run the same command again to resume", file=sys.stderr)
        return 143
    except OSError as e:  # a destination that cannot be written (read-only, full disk) found late: one line
        where = f"{e.filename}: " if e.filename else ""
        print(f"unspin: error: {where}{e.strerror or e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
