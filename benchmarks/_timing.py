"""Side-by-side timing helpers: interleave the contenders so machine noise hits them alike."""

from __future__ import annotations

import statistics
import subprocess
import sys
from collections.abc import Callable, Sequence


def interleaved(contenders: dict[str, Callable[[], float]], rounds: int) -> dict[str, float]:
    """Median seconds of each contender, run in turn round after round."""
    samples: dict[str, list[float]] = {name: [] for name in contenders}
    for _ in range(rounds):
        for name, run in contenders.items():
            samples[name].append(run())
    return {name: statistics.median(values) for name, values in samples.items()}


def in_fresh_interpreter(setup: str, measured: str) -> Callable[[], float]:
    """Seconds the ``measured`` statement takes in a new Python process, after ``setup``."""
    code = (
        f"{setup}\nimport time\n_t = time.perf_counter()\n{measured}\n"
        "print(time.perf_counter() - _t)"
    )

    def run() -> float:
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        return float(out.stdout.strip().splitlines()[-1])

    return run


def report(title: str, medians: dict[str, float], baseline: str, rows: Sequence[str]) -> None:
    print(title)
    base = medians[baseline]
    for name in rows:
        print(f"  {name:<45} {medians[name] * 1000:9.1f} ms   ratio {medians[name] / base:6.3f}")
