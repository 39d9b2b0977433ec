"""A non-editable ``pip install .`` gives a working ``unspin`` that finds its dictionaries outside the checkout.

The new venv borrows the dev venv's third-party packages through a ``.pth`` path line (so the test needs no
network and takes seconds), while ``app`` itself comes from the freshly built wheel.
"""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_wheel_install_finds_dictionaries(tmp_path: Path) -> None:
    env_dir = tmp_path / "v"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    py = env_dir / "bin" / "python"
    site = subprocess.run(
        [py, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    (Path(site) / "borrowed.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    build = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(py),
            "install",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert build.returncode == 0, build.stderr[-2000:]
    where = subprocess.run(
        [py, "-c", "import app, app.resources as r; print(app.__file__); print(r.find_dictionaries())"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    app_file, dict_dir = where.stdout.split()
    assert app_file.startswith(str(env_dir)), "app must come from the wheel, not the checkout"
    assert dict_dir.startswith(str(env_dir)) and (Path(dict_dir) / "phrases.tsv").is_file()
    # every shipped artefact is installed, not only the top-level files: the LM and the topic vectors too
    shipped = {
        p.relative_to(ROOT / "dictionaries") for p in (ROOT / "dictionaries").rglob("*") if p.is_file()
    }
    installed = {p.relative_to(dict_dir) for p in Path(dict_dir).rglob("*") if p.is_file()}
    assert shipped <= installed, sorted(map(str, shipped - installed))
    exe = env_dir / "bin" / "unspin"
    assert "repair" in subprocess.run([exe, "--help"], capture_output=True, text=True).stdout
    out = subprocess.run(
        [exe, "repair", "--json"],
        input="We went by way of the old bridge.",
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert out.returncode == 0, out.stderr
    assert '"text"' in out.stdout
    assert sys.prefix != str(env_dir)
