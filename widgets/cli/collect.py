"""``commonground collect ASSIGNMENT``: collect the latest submissions from the exchange."""

from __future__ import annotations

import argparse

HELP = "Collect the latest submissions of an assignment from the exchange into submitted/."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from ..facilitate.console import add_course_option

    parser.add_argument("assignment")
    add_course_option(parser)


def run(args: argparse.Namespace) -> int:
    from ..facilitate.collect import collect
    from ..facilitate.console import names, open_course, plural

    done = collect(open_course(args), args.assignment)
    print(
        f"Collected {done.assignment}: {plural(len(done.new), 'new submission')}, "
        f"{len(done.updated)} updated, {len(done.unchanged)} unchanged."
    )
    if done.new:
        print(f"  new: {names(done.new)}")
    if done.updated:
        print(f"  updated: {names(done.updated)}")
    return 0
