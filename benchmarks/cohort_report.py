"""The cohort report's time, measured side by side, with the two ratios of issue 11:

1. the 60-person report (load, numbers, drawing, HTML) against ``load_cohort`` plus plain
   matplotlib drawing of the same number of bar charts (goal: at most 2x);
2. the report for 10,000 participants against 1,000 (goal: at most 3x). Loading reads ten times
   the files, so it is timed and printed apart; the ratio is of the report built from a loaded
   cohort (numbers, drawing and HTML), which is what the policy and the charts cost.

The cohorts are generated first (in two processes, not timed). Each contender runs in turn,
round after round, and the medians are compared (see ``_timing.interleaved``).
Usage: ``python benchmarks/cohort_report.py [SMALL LARGE [ROUNDS]]`` (default 1000 10000 3).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from _timing import interleaved

from widgets.cohort import build_report, load_cohort
from widgets.synth import write_workshop_cohort

COHORTS = 10
WORKERS = 2
GOAL_DRAWING = 2.0
GOAL_SCALE = 3.0


def _write_slice(args: tuple[Path, int, int, int, int]) -> int:
    out, participants, cohorts, start, stop = args
    return len(write_workshop_cohort(out, participants, cohorts, start=start, stop=stop))


def generate(out: Path, participants: int, cohorts: int = COHORTS) -> int:
    step = -(-participants // WORKERS)
    slices = [
        (out, participants, cohorts, s, min(participants, s + step))
        for s in range(0, participants, step)
    ]
    with ProcessPoolExecutor(WORKERS) as pool:
        return sum(pool.map(_write_slice, slices))


def plain_bars(count: int) -> None:
    """The baseline drawing: ``count`` plain matplotlib bar charts of 20 bars, saved as PNG."""
    import io

    from matplotlib.figure import Figure

    for _ in range(count):
        figure = Figure(figsize=(9, 5))
        axes = figure.add_subplot()
        axes.barh(range(20), range(20))
        axes.set_title("a plain bar chart")
        figure.savefig(io.BytesIO(), format="png", dpi=96)


def main(small: int, large: int, rounds: int) -> None:
    work = Path(tempfile.mkdtemp(prefix="cg-bench-cohort-"))
    try:
        key = work / "pseudonym.key"
        generate(work / "60", 60, 3)
        warm = load_cohort(work / "60", key_file=key)
        charts = len(build_report(warm).charts)
        plain_bars(1)  # pay imports and first-use costs outside the timings

        def report_60() -> float:
            started = time.perf_counter()
            build_report(load_cohort(work / "60", key_file=key)).write_html(work / "60.html")
            return time.perf_counter() - started

        def baseline_60() -> float:
            started = time.perf_counter()
            load_cohort(work / "60", key_file=key)
            plain_bars(charts)
            return time.perf_counter() - started

        medians = interleaved({"report": report_60, "baseline": baseline_60}, rounds)
        ratio = medians["report"] / medians["baseline"]
        print(
            f"60 participants, {charts} charts: report {medians['report']:.1f} s, "
            f"load_cohort + {charts} plain bar charts {medians['baseline']:.1f} s"
        )
        print(
            f"ratio report / (load + plain drawing): {ratio:.2f}x "
            f"({'meets' if ratio <= GOAL_DRAWING else 'misses'} the goal of at most "
            f"{GOAL_DRAWING:.0f}x)"
        )
        cohorts = {}
        for size in (small, large):
            t = time.perf_counter()
            files = generate(work / str(size), size)
            took = time.perf_counter() - t
            print(f"generated {size:>6} participants ({files} files) in {took:.1f} s")
            t = time.perf_counter()
            cohorts[size] = load_cohort(work / str(size), key_file=key)
            loaded = time.perf_counter() - t
            print(
                f"{size:>6} participants: load {loaded:.1f} s "
                f"({len(cohorts[size].ratings)} ratings)"
            )
            shutil.rmtree(work / str(size))

        def report_only(size: int) -> float:
            started = time.perf_counter()
            build_report(cohorts[size]).write_html(work / f"{size}.html")
            return time.perf_counter() - started

        # both sizes in turn, round after round, so a busy spell on a shared machine slows
        # both alike instead of one (timed one after the other, 1,000 people once took 102 s
        # and 10,000 took 10 s while other jobs ran)
        built = interleaved(
            {size: (lambda size=size: report_only(size)) for size in (small, large)},
            max(1, rounds - 1),
        )
        for size in (small, large):
            print(f"{size:>6} participants: report from the loaded cohort {built[size]:.1f} s")
        ratio = built[large] / built[small]
        print(
            f"ratio report {large} / {small}: {ratio:.2f}x for {large / small:.0f}x participants "
            f"({'meets' if ratio <= GOAL_SCALE else 'misses'} the goal of at most "
            f"{GOAL_SCALE:.0f}x)"
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:4]]
    small, large = (args[0], args[1]) if len(args) >= 2 else (1000, 10000)
    main(small, large, args[2] if len(args) >= 3 else 3)
