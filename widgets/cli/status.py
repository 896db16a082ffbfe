"""``commonground status [ASSIGNMENT]``: who has submitted what."""

from __future__ import annotations

import argparse

HELP = "Show who has submitted, been collected and been graded, as a table."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from ..facilitate.console import add_course_option

    parser.add_argument("assignment", nargs="?", default=None)
    add_course_option(parser)


def run(args: argparse.Namespace) -> int:
    from ..facilitate.console import open_course
    from ..facilitate.status import status, table_text

    lines = status(open_course(args), args.assignment)
    if not lines:
        print("Nobody has submitted anything yet.")
        return 0
    print(table_text(lines), end="")
    return 0
