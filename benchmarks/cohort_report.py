"""Load-and-report time of the cohort report for 1,000 and 10,000 synthetic participants (every
framework, pre and post, plus knowledge checks, scenario paths and relationship maps), and the
ratio between them. The goal: ten times the participants cost at most eleven times the time.

The cohorts are generated first (in two processes, not timed); the timed part is what an analyst
waits for: ``load_cohort`` of every answers file, then building and writing the HTML report.
Usage: ``python benchmarks/cohort_report.py [SMALL LARGE]`` (default 1000 10000).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from widgets.cohort import build_report, load_cohort
from widgets.synth import write_workshop_cohort

COHORTS = 10
WORKERS = 2
GOAL = 11.0


def _write_slice(args: tuple[Path, int, int, int]) -> int:
    out, participants, start, stop = args
    return len(write_workshop_cohort(out, participants, COHORTS, start=start, stop=stop))


def generate(out: Path, participants: int) -> int:
    step = -(-participants // WORKERS)
    slices = [
        (out, participants, s, min(participants, s + step)) for s in range(0, participants, step)
    ]
    with ProcessPoolExecutor(WORKERS) as pool:
        return sum(pool.map(_write_slice, slices))


def load_and_report(folder: Path, key: Path, html: Path) -> tuple[float, float, int, int]:
    """Seconds for the whole load-and-report and for the load alone, files and rating rows."""
    started = time.perf_counter()
    cohort = load_cohort(folder, key_file=key)
    loaded = time.perf_counter() - started
    report = build_report(cohort)
    report.write_html(html)
    return time.perf_counter() - started, loaded, cohort.files, len(cohort.ratings)


def main(sizes: list[int]) -> None:
    work = Path(tempfile.mkdtemp(prefix="cg-bench-cohort-"))
    try:
        key = work / "pseudonym.key"
        generate(work / "warm", 20)  # pay imports and first-use costs outside the timings
        load_and_report(work / "warm", key, work / "warm.html")
        seconds = {}
        for size in sizes:
            t = time.perf_counter()
            files = generate(work / str(size), size)
            print(
                f"generated {size:>6} participants ({files} files) "
                f"in {time.perf_counter() - t:.1f} s"
            )
            took, load, loaded, rows = load_and_report(work / str(size), key, work / f"{size}.html")
            seconds[size] = took
            print(
                f"load and report {size:>6} participants: {took:6.1f} s "
                f"(of which loading {load:.1f} s; {loaded} files, {rows} ratings)"
            )
            shutil.rmtree(work / str(size))
        small, large = sizes
        ratio = seconds[large] / seconds[small]
        verdict = "meets" if ratio <= GOAL * large / small / 10 else "misses"
        print(
            f"ratio {large}/{small}: {ratio:.2f}x time for {large / small:.0f}x participants "
            f"({verdict} the goal of at most {GOAL:.0f}x)"
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:3]] if len(sys.argv) >= 3 else [1000, 10000])
