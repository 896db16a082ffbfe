"""``commonground feedback ASSIGNMENT``: generate feedback and release it to participants."""

from __future__ import annotations

import argparse

HELP = "Generate feedback for graded submissions and release it to participants."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from ..facilitate.console import add_course_option

    parser.add_argument("assignment")
    parser.add_argument(
        "--include-pending",
        action="store_true",
        help="also release feedback on submissions still waiting for a manual grade",
    )
    parser.add_argument(
        "--include-held",
        action="store_true",
        help="also release feedback on submissions that failed or need review, once you have "
        "looked at them (see `commonground integrity`)",
    )
    add_course_option(parser)


def run(args: argparse.Namespace) -> int:
    from ..facilitate.console import names, open_course, plural, progress
    from ..facilitate.feedback import feedback

    course = open_course(args)
    course.require_generated(args.assignment)
    total = len(course.api.get_autograded_students(args.assignment))
    with progress(total, f"Feedback on {args.assignment}", "participant") as bar:
        done = feedback(
            course,
            args.assignment,
            include_pending=args.include_pending,
            include_held=args.include_held,
            progress=lambda student: bar.update(),
        )
    print(f"Released feedback on {done.assignment} to {plural(len(done.released), 'participant')}.")
    if done.waiting:
        print(
            f"  {plural(len(done.waiting), 'submission')} still need a manual grade, so their "
            f"feedback waits (grade them in the formgrader, or use --include-pending): "
            f"{names(done.waiting)}"
        )
    if done.held:
        listed = ", ".join(f"{who} ({status})" for who, status in sorted(done.held.items()))
        print(
            f"  {plural(len(done.held), 'submission')} held back until you decide (look at "
            f"`commonground integrity {done.assignment}`, then use --include-held): {listed}"
        )
    for student, reason in done.failed.items():
        print(f"  {student}: no feedback: {reason}")
    return 1 if done.failed else 0
