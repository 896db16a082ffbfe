"""What the facilitator commands share: the ``--course`` option and progress bars."""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any


def add_course_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--course",
        type=Path,
        default=None,
        metavar="DIR",
        help="the course folder (the one with nbgrader_config.py; default: this folder or the "
        "nearest one above it)",
    )


def open_course(args: argparse.Namespace) -> Any:
    from .course import Course, course_root

    return Course(course_root(args.course))


@contextlib.contextmanager
def progress(total: int, what: str, unit: str) -> Iterator[Any]:
    """A tqdm bar on the terminal (none when output is not a terminal)."""
    from tqdm import tqdm  # a declared dependency

    bar: Any = tqdm(
        total=total, desc=what, unit=f" {unit}", file=sys.stderr, disable=None, leave=False
    )
    try:
        yield bar
    finally:
        bar.close()


def plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count} {word if count == 1 else many or word + 's'}"


def names(people: list[str], limit: int = 12) -> str:
    shown = ", ".join(people[:limit])
    return shown + (f" and {len(people) - limit} more" if len(people) > limit else "")
