"""``commonground report``: the cohort report as one self-contained HTML file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HELP = "Write the cohort report (charts, numbers, small groups hidden) as one HTML file."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "sources",
        nargs="+",
        type=Path,
        metavar="SOURCE",
        help="nbgrader submitted/ or autograded/ folders, folders of answers files, or files",
    )
    parser.add_argument("--out", type=Path, required=True, help="the HTML file to write")
    parser.add_argument("--csv", type=Path, help="also write the aggregates as CSV files here")
    parser.add_argument("--xlsx", type=Path, help="also write the aggregates as one Excel file")
    parser.add_argument(
        "--threshold",
        type=int,
        default=5,
        help="hide every number about fewer than this many people (default 5, at least 3)",
    )
    parser.add_argument(
        "--key-file",
        type=Path,
        help="the pseudonym key (default ~/.commonground/pseudonym.key, made on first use)",
    )


def run(args: argparse.Namespace) -> int:
    from ..cohort.disclosure import check_threshold
    from ..cohort.loader import load_cohort
    from ..cohort.report import build_report

    threshold = check_threshold(args.threshold)
    cohort = load_cohort(*args.sources, key_file=args.key_file)
    for note in cohort.notes:
        print(note, file=sys.stderr)
    for problem in cohort.problems:
        print(f"left out {problem}", file=sys.stderr)
    for problem in cohort.dropped:
        print(f"dropped one answer of {problem}", file=sys.stderr)
    if not cohort.files:
        raise ValueError("no usable answers file was found, so there is nothing to report.")
    built = build_report(cohort, threshold)
    built.write_html(args.out)
    print(
        f"Wrote {args.out}: {cohort.files} answers files, {len(built.charts)} charts, "
        f"{built.hidden()} rows hidden to protect small groups, "
        f"{len(cohort.problems)} files left out."
    )
    if args.csv:
        written = built.write_csv(args.csv)
        print(f"Wrote {len(written)} CSV files of aggregates under {args.csv}.")
    if args.xlsx:
        print(f"Wrote the aggregates to {built.write_xlsx(args.xlsx)}.")
    return 0
