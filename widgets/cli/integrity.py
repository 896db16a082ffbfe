"""``commonground integrity ASSIGNMENT``: what happened to each submission, in plain words."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

HELP = (
    "Report, per submission, changed or deleted locked and test cells, stripped metadata, "
    "kernel deaths and timeouts."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from ..facilitate.console import add_course_option

    parser.add_argument("assignment")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--out", type=Path, default=None, help="write the report to this file")
    add_course_option(parser)


def run(args: argparse.Namespace) -> int:
    from ..facilitate.console import open_course
    from ..facilitate.integrity import check

    report = check(open_course(args), args.assignment)
    text = json.dumps(report.to_json(), indent=1) + "\n" if args.json else report.text()
    if args.out is not None:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text, encoding="utf-8")
        print(f"Wrote the integrity report for {args.assignment} to {args.out}.")
    else:
        print(text, end="")
    return 0
