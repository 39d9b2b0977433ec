"""``unspin serve``: uvicorn with JSON logs, one settings line, and graceful shutdown.

On SIGTERM/SIGINT uvicorn stops accepting connections and lets in-flight requests finish (up to
``GRACEFUL_SHUTDOWN_S``). uvicorn then re-raises the signal to the handler it found installed; ours just
notes it, so a requested stop ends with exit status 0 instead of "killed by SIGTERM".
"""

from __future__ import annotations

import json
import logging
import logging.config
import os
import shutil
import signal
import socket
import tempfile

from app.settings import Settings, get_settings

log = logging.getLogger("unspin.api")

GRACEFUL_SHUTDOWN_S = 30
STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)


def _check_bind(host: str, port: int) -> None:
    """Fail with one clear line (not a uvicorn traceback) when the address is unusable."""
    from app.cli import CliError

    if not 0 <= port <= 65535:
        raise CliError(f"--port {port}: must be between 0 and 65535")
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as e:
        raise CliError(f"--host {host}: {e.strerror}") from None
    family, kind, proto, _, addr = infos[0]
    with socket.socket(family, kind, proto) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(addr)
        except OSError as e:
            raise CliError(f"cannot listen on {host}:{port}: {e.strerror}") from None


def _check_stores(settings: Settings) -> None:
    """What the service writes and reads is checked before it listens, not on the first request that needs
    it: the web form's feedback store opens (``UNSPIN_FEEDBACK_DB``), and the dictionaries folder is found."""
    import sqlite3

    from app.cli import CliError
    from app.feedback import store_from_settings
    from app.resources import ResourceError, find_dictionaries

    try:
        store_from_settings(settings)
    except (OSError, sqlite3.Error) as e:
        raise CliError(
            f"UNSPIN_FEEDBACK_DB {settings.feedback_db}: cannot open the feedback store: {e}"
        ) from None
    try:
        find_dictionaries(settings.dictionaries_dir)
    except ResourceError as e:
        raise CliError(str(e)) from None


def serve(host: str, port: int, workers: int = 1) -> int:
    import uvicorn

    from app.api.logs import log_config
    from app.api.protocol import GuardedH11Protocol
    from app.cli import CliError

    settings = get_settings()
    if workers < 1:
        raise CliError(f"--workers {workers}: must be at least 1")
    _check_bind(host, port)
    _check_stores(settings)
    config = log_config(settings.log_level)
    logging.config.dictConfig(config)
    log.info(
        "starting",
        extra={
            "host": host,
            "port": port,
            "workers": workers,
            "settings": json.loads(json.dumps(settings.public_dict(), default=str)),
        },
    )
    os.environ["UNSPIN_WORKERS"] = str(workers)  # each worker sizes its thread pool to its share of cores
    metrics_dir = None
    if workers > 1 and not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        metrics_dir = tempfile.mkdtemp(prefix="unspin-metrics-")
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = metrics_dir  # inherited by the spawned workers
    stops: list[int] = []
    previous = {sig: signal.signal(sig, lambda s, _f: stops.append(s)) for sig in STOP_SIGNALS}
    try:
        uvicorn.run(
            "app.main:create_app",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            log_config=config,
            access_log=False,  # our middleware writes one JSON line per request, with its id
            timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_S,
            server_header=False,
            http=GuardedH11Protocol,  # a deadline for request heads, a connection cap, JSON for bad HTTP
        )
    except SystemExit as e:
        if e.code not in (0, None):
            raise CliError(f"server failed to start on {host}:{port} (see log above)") from None
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        if metrics_dir:
            os.environ.pop("PROMETHEUS_MULTIPROC_DIR", None)
            shutil.rmtree(metrics_dir, ignore_errors=True)
    log.info("stopped", extra={"signal": signal.Signals(stops[0]).name if stops else None})
    return 0
