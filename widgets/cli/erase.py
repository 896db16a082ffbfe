"""``commonground erase PARTICIPANT``: remove a participant's data everywhere, and say what went."""

from __future__ import annotations

import argparse

HELP = (
    "Erase one participant from the gradebook, the exchange, submitted/, autograded/, feedback/ "
    "and answers files, and report what was removed."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from ..facilitate.console import add_course_option

    parser.add_argument("participant", help="the participant's id (their nbgrader student id)")
    parser.add_argument("--dry-run", action="store_true", help="list what would go; remove nothing")
    add_course_option(parser)


def run(args: argparse.Namespace) -> int:
    from ..facilitate.console import open_course
    from ..facilitate.erase import erase

    done = erase(open_course(args), args.participant, dry_run=args.dry_run)
    print(done.text(), end="")
    return 1 if done.leftovers or done.held or done.unasked else 0
