"""Helpers the test modules share (not tests themselves)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent


def script_module(folder: str, name: str) -> ModuleType:
    """A script of ``bench/`` or ``scripts/`` imported as a module (neither folder is a package); ``scripts/``
    goes on the path first, because the scripts import one another (``build_attested`` → ``build_phrases``)."""
    if str(ROOT / "scripts") not in sys.path:
        sys.path.insert(0, str(ROOT / "scripts"))
    spec = importlib.util.spec_from_file_location(f"{folder}_{name}", ROOT / folder / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[f"{folder}_{name}"] = module
    spec.loader.exec_module(module)
    return module
