"""The REST API: thin FastAPI routers over :func:`app.repair` and :func:`app.detect`.

Nothing in this package decides an edit; it parses requests, enforces limits, runs the engine off the event
loop and reports what happened (JSON, logs, metrics).
"""
