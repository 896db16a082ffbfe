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
    parser.add_argument(
        "--only", action="append", metavar="ID", help="grade only this participant (repeatable)"
    )
    parser.add_argument(
        "--skip", action="append", metavar="ID", help="leave this participant out (repeatable)"
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=300.0,
        metavar="S",
        help="seconds one submission may take before it is stopped and graded as failed "
        "(default 300)",
    )
    parser.add_argument(
        "--memory",
        type=int,
        default=2048,
        metavar="MB",
        help="memory each submission's kernel may use (default 2048)",
    )
    add_course_option(parser)


def run(args: argparse.Namespace) -> int:
    from ..facilitate.console import open_course, plural, progress
    from ..facilitate.course import FacilitatorError
    from ..facilitate.grade import Limits, grade, to_grade

    if args.jobs is not None and args.jobs < 1:
        raise FacilitatorError("--jobs must be at least 1.")
    if args.timeout <= 0 or args.memory < 256:
        raise FacilitatorError("--timeout must be above 0 and --memory at least 256 (MB).")
    course = open_course(args)
    course.require_generated(args.assignment)
    pending, _ = to_grade(course, args.assignment, args.force)
    pending = [p for p in pending if (not args.only or p in args.only)]
    pending = [p for p in pending if p not in (args.skip or [])]
    with progress(len(pending), f"Grading {args.assignment}", "submission") as bar:
        summary = grade(
            course,
            args.assignment,
            jobs=args.jobs,
            force=args.force,
            progress=lambda o: bar.update(),
            only=args.only,
            skip=args.skip,
            limits=Limits(args.timeout, args.memory),
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
    if summary.interrupted:
        line = (
            f"Stopped (Ctrl-C): {plural(done, 'submission')} graded and kept; "
            f"{plural(len(summary.left), 'submission')} not graded "
            f"({', '.join(summary.left) or 'none'}). Run the same command again to go on."
        )
    print(line)
    for outcome in failed:
        print(f"  {outcome.sentence()}")
    for outcome in summary.to_review:
        print(f"  {outcome.student}: graded, but needs review (see `commonground integrity`).")
    if failed or summary.to_review:
        print(f"See `commonground integrity {summary.assignment}` for what happened in each.")
    if summary.interrupted:
        return 130
    return 1 if summary.ungradable else 0
