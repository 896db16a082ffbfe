"""``commonground synth``: write a seeded synthetic cohort of answers files."""

from __future__ import annotations

import argparse
from pathlib import Path

HELP = "Write answers files for a synthetic cohort (for demos, tests and benchmarks)."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--participants", type=int, default=30, help="how many (default 30)")
    parser.add_argument("--cohorts", type=int, default=2, help="how many cohorts (default 2)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--out", type=Path, required=True, help="folder to write into")


def run(args: argparse.Namespace) -> int:
    from ..synth import write_cohort

    written = write_cohort(args.out, args.participants, args.cohorts, args.seed)
    print(
        f"Wrote {len(written)} synthetic answers files for {args.participants} participants "
        f"in {args.cohorts} cohorts under {args.out}."
    )
    return 0
