"""Server memory after 30 Voilà page loads and the cull, with and without the heap trim.

Runs tests/browser/test_kernel_reclaim.py in turn with ``widgets.reclaim``'s ``malloc_trim``
after each kernel shutdown on and off (``COMMONGROUND_MALLOC_TRIM=0``) and prints, side by side,
the end/start memory ratios (server plus kernels, as the test measures) and the server's own
growth per load. Each round takes several minutes.

    nice -n 10 .venv/bin/python benchmarks/kernel_reclaim_memory.py [rounds]
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTIFACT = ROOT / "test-artifacts" / "browser" / "kernel_reclaim.json"
TEST = "tests/browser/test_kernel_reclaim.py"


def one_run(trim: bool) -> dict:
    """The test's measurements for one run (the test's own asserts may fail; the numbers count)."""
    ARTIFACT.unlink(missing_ok=True)
    env = {**os.environ, "COMMONGROUND_MALLOC_TRIM": "1" if trim else "0"}
    subprocess.run(
        [sys.executable, "-m", "pytest", TEST, "-q", "-p", "no:cacheprovider"],
        cwd=ROOT,
        env=env,
        capture_output=True,
    )
    return json.loads(ARTIFACT.read_text())


def main(rounds: int) -> None:
    results: dict[str, list[dict]] = {"trim": [], "no trim": []}
    for _ in range(rounds):
        for name in results:
            results[name].append(one_run(name == "trim"))
    for name, runs in results.items():
        ratios = sorted(r["memory_ratio"] for r in runs)
        growth = statistics.median(r["server_growth_per_load_mib"] for r in runs)
        print(
            f"{name:8}  memory ratio {ratios}  median {statistics.median(ratios):.3f}"
            f"  server growth/load {growth:.2f} MiB"
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
