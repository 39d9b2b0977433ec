"""Fit the confidence calibrator (``dictionaries/calibration.json``) on text spun by our own spinners.

    python bench/spinners.py --in CLEAN_TEXT... --out /tmp/cal_cases.jsonl    # several spinners, mixed
    python scripts/train_calibration.py /tmp/cal_cases.jsonl [--out dictionaries/calibration.json]

Every decoder choice (at any confidence) becomes one example: its features (``app.engine.decide``) and whether
it restored the original exactly. A logistic regression with a little L2 is fitted by Newton's method (numpy
only). Never fit it on the evaluation sets: the point is a confidence that holds for spinners we have not seen.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.engine.decide import FEATURES, choice_features  # noqa: E402
from app.engine.pipeline import analyse_spin  # noqa: E402
from app.engine.tokens import tokenize  # noqa: E402
from app.engine.types import RepairOptions  # noqa: E402
from app.evaluation import edit_correct, read_cases  # noqa: E402
from app.resources import get_resources  # noqa: E402


def examples(files: list[Path], limit: int) -> tuple[np.ndarray, np.ndarray]:
    res = get_resources()
    xs: list[list[float]] = []
    ys: list[float] = []
    opts = RepairOptions(ocr=False)
    for f in files:
        for n, case in enumerate(read_cases(f)):
            if limit and n >= limit:
                break
            spun, original = case["spun"], case["original"]
            a = analyse_spin(spun, tokenize(spun), opts, res)
            for c in a.choices:
                feats = choice_features(c, res.lm, a.rate, a.doc_words)
                span = c.scored.candidate.span
                ok = edit_correct(spun, original, span.start, span.end, c.scored.candidate.replacement)
                xs.append([feats[k] for k in FEATURES])
                ys.append(float(ok))
    return np.array(xs), np.array(ys)


def fit(x: np.ndarray, y: np.ndarray, l2: float = 1.0, steps: int = 50) -> np.ndarray:
    w = np.zeros(x.shape[1])
    for _ in range(steps):
        p = 1 / (1 + np.exp(-np.clip(x @ w, -30, 30)))
        grad = x.T @ (p - y) + l2 * w
        hess = (x.T * (p * (1 - p))) @ x + l2 * np.eye(len(w))
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-6:
            break
    return w


def reliability(p: np.ndarray, y: np.ndarray) -> list[tuple[str, int, float, float]]:
    rows = []
    for lo in np.arange(0, 1, 0.1):
        m = (p >= lo) & (p < lo + 0.1 + (1e-9 if lo >= 0.9 else 0))
        if m.any():
            rows.append((f"{lo:.1f}-{lo + 0.1:.1f}", int(m.sum()), float(p[m].mean()), float(y[m].mean())))
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("cases", nargs="+", type=Path)
    ap.add_argument("--out", type=Path, default=ROOT / "dictionaries" / "calibration.json")
    ap.add_argument("--limit", type=int, default=0, help="cases per file")
    a = ap.parse_args()
    x, y = examples(a.cases, a.limit)
    if len(y) < 50:
        sys.exit(f"only {len(y)} examples: spin more text first")
    rng = np.random.default_rng(0)
    idx = rng.permutation(len(y))
    cut = int(len(y) * 0.8)
    tr, te = idx[:cut], idx[cut:]
    w = fit(x[tr], y[tr])
    p = 1 / (1 + np.exp(-(x[te] @ w)))
    print(f"examples {len(y)} (positive {y.mean():.3f}); held-out reliability (bin, n, mean conf, accuracy):")
    for row in reliability(p, y[te]):
        print(f"  {row[0]} {row[1]:5d} {row[2]:.3f} {row[3]:.3f}")
    w = fit(x, y)
    a.out.write_text(
        json.dumps(
            {
                "weights": dict(zip(FEATURES, (round(float(v), 5) for v in w), strict=True)),
                "examples": len(y),
                "trained_on": [p.name for p in a.cases],
            },
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"wrote {a.out}")


if __name__ == "__main__":
    main()
