"""``commonground release ASSIGNMENT``: generate the participant version and release it."""

from __future__ import annotations

import argparse

HELP = "Generate an assignment from source/ and release it to participants through the exchange."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from ..facilitate.console import add_course_option

    parser.add_argument("assignment", help="the assignment's folder name in source/")
    add_course_option(parser)


def run(args: argparse.Namespace) -> int:
    from ..facilitate.console import open_course, plural
    from ..facilitate.release import release

    done = release(open_course(args), args.assignment)
    again = " again (the earlier release was replaced)" if done.replaced else ""
    print(
        f"Released {done.assignment} ({plural(len(done.notebooks), 'notebook')}){again}: "
        f"participants can fetch it from {done.outbound or done.where}."
    )
    return 0
