"""``commonground check-data``: validate every table in ``data/`` (or another folder)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HELP = "Check every course table for missing columns, repeated ids, broken links and bad values."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "folder", nargs="?", type=Path, help="folder of tables (default: the pack's)"
    )


def run(args: argparse.Namespace) -> int:
    from ..tables import DataTableError, all_tables, data_folder

    folder = args.folder or data_folder()
    try:
        tables = all_tables(folder)
    except DataTableError as err:
        for problem in err.problems:
            print(problem, file=sys.stderr)
        return 1
    from ..kinds import content_problems

    problems = content_problems(folder)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        return 1
    rows = sum(len(t) for t in tables.values())
    print(f"All {len(tables)} tables in {folder} are valid ({rows} rows).")
    return 0
