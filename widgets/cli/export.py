"""``commonground export``: the grades table, one row per participant and assignment."""

from __future__ import annotations

import argparse
from pathlib import Path

HELP = (
    "Write the grades as CSV: one row per participant and assignment, with a status column "
    "(graded, needs manual grade, failed, not graded yet, missing)."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from ..facilitate.console import add_course_option

    parser.add_argument(
        "--out", default="grades.csv", help="the CSV file to write (default grades.csv; - prints)"
    )
    add_course_option(parser)


def run(args: argparse.Namespace) -> int:
    from ..facilitate.console import open_course, plural
    from ..facilitate.export import STATUSES, export

    to_stdout = args.out == "-"
    table, text = export(open_course(args), None if to_stdout else Path(args.out))
    if to_stdout:
        print(text, end="")
        return 0
    counts = {status: sum(1 for row in table if row.status == status) for status in STATUSES}
    told = ", ".join(f"{n} {status}" for status, n in counts.items() if n)
    print(f"Wrote {plural(len(table), 'row')} to {args.out}" + (f": {told}." if told else "."))
    return 0
