"""``commonground demo``: run the whole workshop cycle on a synthetic cohort."""

from __future__ import annotations

import argparse
from pathlib import Path

HELP = (
    "Run the whole cycle (release, fetch, answer, submit, collect, grade, feedback, export) on a "
    "synthetic cohort in a fresh copy of the course under --out."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from ..facilitate.console import add_course_option

    parser.add_argument("--participants", type=int, default=6, help="how many (default 6)")
    parser.add_argument("--out", type=Path, required=True, help="an empty folder to work in")
    parser.add_argument(
        "--assignments",
        default=None,
        help="comma-separated assignments to run (default: every assignment in source/)",
    )
    parser.add_argument("--jobs", type=int, default=None, metavar="N", help="grading processes")
    add_course_option(parser)


def run(args: argparse.Namespace) -> int:
    from ..facilitate.console import open_course, plural
    from ..facilitate.demo import demo

    chosen = (
        [a.strip() for a in args.assignments.split(",") if a.strip()] if args.assignments else None
    )
    result = demo(
        open_course(args), args.participants, args.out, assignments=chosen, jobs=args.jobs
    )
    print(
        f"Demo finished in {result.out}: grades in {result.grades.name}, the integrity report in "
        f"{result.integrity.name}, {plural(len(result.feedback), 'feedback file')} under "
        "participants/, and the course itself in course/."
    )
    return 0
