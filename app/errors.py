"""Errors that shells turn into user-facing messages (one line on the CLI, a 4xx JSON body on the API)."""


class CliError(Exception):
    """A user-facing failure: printed as one line ``unspin: error: ...``, exit status 2."""
