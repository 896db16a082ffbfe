"""Headless execution time of each topic notebook, as a ratio to a notebook that only imports
ipywidgets, measured side by side in one run (kernel start included in both).

Goal: every ratio below 1.5. Runs from a temporary copy with a temporary profile, so no answers
file lands in the repository.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from _timing import interleaved
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
GOAL = 1.5


def _runner(path: Path):
    def run() -> float:
        notebook = nbformat.read(path, as_version=4)
        started = time.perf_counter()
        NotebookClient(
            notebook, timeout=120, resources={"metadata": {"path": str(path.parent)}}
        ).execute()
        return time.perf_counter() - started

    return run


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="cg-bench-"))
    os.environ["COMMONGROUND_HOME"] = str(work / "home")
    os.environ["MPLBACKEND"] = "Agg"
    bin_dir = Path(sys.executable).parent
    subprocess.run(
        [bin_dir / "commonground", "profile", "--role", "officer", "--jurisdiction", "england"],
        check=True,
        capture_output=True,
    )
    copy = work / "notebooks"
    shutil.copytree(ROOT / "notebooks", copy, ignore=shutil.ignore_patterns("*answers*"))
    baseline = copy / "baseline_ipywidgets.ipynb"
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("import ipywidgets")]
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(nb, baseline)

    topics = sorted(p for p in copy.glob("[0-9][0-9]_*.ipynb"))
    contenders = {"baseline (import ipywidgets)": _runner(baseline)}
    contenders |= {p.name: _runner(p) for p in topics}
    medians = interleaved(contenders, ROUNDS)
    base = medians["baseline (import ipywidgets)"]
    print(f"Notebook execution, median of {ROUNDS} rounds (ratio to the ipywidgets-only notebook)")
    worst = 0.0
    for name, seconds in medians.items():
        ratio = seconds / base
        if name != "baseline (import ipywidgets)":
            worst = max(worst, ratio)
        print(f"  {name:<45} {seconds:7.2f} s   ratio {ratio:5.2f}")
    print(f"Highest ratio {worst:.2f} (goal: below {GOAL})")
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
