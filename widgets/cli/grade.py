"""``commonground grade ASSIGNMENT [--jobs N]``: autograde every collected submission."""

from __future__ import annotations

import argparse

HELP = (
    "Autograde every collected submission of an assignment, several at once (one bad "
    "submission never stops the others)."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from ..facilitate.console import add_course_option

    parser.add_argument("assignment")
    parser.add_argument(
        "--jobs",
        type=int,
        default=None,
        metavar="N",
        help="how many submissions to grade at once (default: the number of cores)",
    )
    parser.add_argument(
        "--force", action="store_true", help="grade again submissions already graded"
    )
    add_course_option(parser)


def run(args: argparse.Namespace) -> int:
    from ..facilitate.console import open_course, plural, progress
    from ..facilitate.course import FacilitatorError
    from ..facilitate.grade import grade, to_grade

    if args.jobs is not None and args.jobs < 1:
        raise FacilitatorError("--jobs must be at least 1.")
    course = open_course(args)
    course.require_generated(args.assignment)
    pending, _ = to_grade(course, args.assignment, args.force)
    with progress(len(pending), f"Grading {args.assignment}", "submission") as bar:
        summary = grade(
            course,
            args.assignment,
            jobs=args.jobs,
            force=args.force,
            progress=lambda o: bar.update(),
        )
    done = len(summary.outcomes)
    failed = summary.failed
    if done:
        line = (
            f"Graded {plural(done, 'submission')} of {summary.assignment} with "
            f"{plural(summary.jobs, 'process', 'processes')} in {summary.seconds:.0f} s: "
            f"{done - len(failed)} graded, {len(failed)} failed."
        )
    else:
        line = f"Nothing new to grade for {summary.assignment}."
    if summary.skipped:
        line += (
            f" {plural(len(summary.skipped), 'submission')} already graded were left as they "
            "were (--force grades them again)."
        )
    print(line)
    for outcome in failed:
        print(f"  {outcome.sentence()}")
    if failed:
        print(f"See `commonground integrity {summary.assignment}` for what happened in each.")
    return 1 if summary.ungradable else 0
