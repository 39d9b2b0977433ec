"""Errors that shells turn into user-facing messages (one line on the CLI, a 4xx JSON body on the API)."""


class CliError(Exception):
    """A user-facing failure: printed as one line ``unspin: error: ...``, exit status 2."""


class ResourceError(RuntimeError):
    """A dictionary is missing or unreadable: the install is broken, not the input (``app.resources``)."""


def binary_problem(text: str) -> str | None:
    """Why ``text`` is binary data rather than text, or None: a NUL character never occurs in an article,
    and repairing a file that has one would only pass garbage through. Every shell refuses such text."""
    at = text.find("\0")
    return None if at < 0 else f"text contains a NUL character at offset {at}: binary data, not text"


def binary_bytes_problem(data: bytes) -> str | None:
    """``binary_problem`` for a file's raw bytes, checked before decoding (valid UTF-8 as it may be)."""
    at = data.find(b"\0")
    return None if at < 0 else f"looks binary (a NUL byte at byte {at}); unspin repairs text"
