"""unspin: restore English text garbled by article spinners and OCR.

The one public call is :func:`repair`; the API, web form, CLI and batch runner are thin shells around it.
"""

from __future__ import annotations

from app.engine.types import SPUN_AT, Alternative, Detection, Edit, Repair, RepairOptions, RepairTimeout

__version__ = "0.1.0"
__all__ = [
    "SPUN_AT",
    "Alternative",
    "Detection",
    "Edit",
    "Repair",
    "RepairOptions",
    "RepairTimeout",
    "__version__",
    "detect",
    "repair",
]


def _check_text(text: object) -> None:
    """Bytes are the commonest mistake (a file read in binary mode): say so, rather than fail deep inside."""
    if isinstance(text, bytes | bytearray):
        raise TypeError("text must be str, not bytes: decode it first (for example data.decode('utf-8'))")
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")


def repair(text: str, options: RepairOptions | None = None) -> Repair:
    """Repair ``text`` and return the corrected text with every edit (character offsets into ``text``)."""
    from app.engine.pipeline import run_repair
    from app.gcpause import gc_paused
    from app.resources import get_resources

    _check_text(text)

    with gc_paused():
        return run_repair(text, options or RepairOptions(), get_resources())


def detect(text: str, options: RepairOptions | None = None) -> Detection:
    """Spin score and suspicious spans, without deciding on any rewrite."""
    from app.engine.pipeline import run_detect
    from app.gcpause import gc_paused
    from app.resources import get_resources

    _check_text(text)

    with gc_paused():
        return run_detect(text, options or RepairOptions(), get_resources())
