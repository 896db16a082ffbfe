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


class _PlainBar:
    """A one-line progress bar for when tqdm is not installed (terminals only)."""

    def __init__(self, total: int, what: str, unit: str) -> None:
        self.total, self.what, self.unit, self.done = total, what, unit, 0
        self.shown = sys.stderr.isatty() and total > 0
        self._draw()

    def _draw(self) -> None:
        if self.shown:
            filled = int(30 * self.done / self.total)
            bar = "#" * filled + "-" * (30 - filled)
            line = f"\r{self.what}: [{bar}] {self.done}/{self.total} {self.unit}s"
            sys.stderr.write(line)
            sys.stderr.flush()

    def update(self, n: int = 1) -> None:
        self.done += n
        self._draw()

    def close(self) -> None:
        if self.shown:
            sys.stderr.write("\r" + " " * (len(self.what) + len(self.unit) + 50) + "\r")
            sys.stderr.flush()


@contextlib.contextmanager
def progress(total: int, what: str, unit: str) -> Iterator[Any]:
    """A tqdm bar on the terminal (none when output is not a terminal)."""
    try:
        from tqdm import tqdm
    except ImportError:  # tqdm comes with most Jupyter installs, but is not promised
        bar: Any = _PlainBar(total, what, unit)
    else:
        bar = tqdm(
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
