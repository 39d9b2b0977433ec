"""``unspin batch``: repair whole archives (txt, JSONL, WARC; compressed or not), resumably and in parallel.

Layout: ``plan`` finds the files, ``compress``/``formats``/``warc``/``html_text`` read and write them,
``worker`` turns one file into one output with checkpoints, ``manifest`` remembers finished files,
``runner``/``dask_runner`` spread files over processes or a cluster, ``report`` and ``progress`` tell the
archivist what happened. No repair logic lives here: every document goes through :func:`app.repair` or
:func:`app.detect`.
"""
