"""``commonground status [ASSIGNMENT]``: who has submitted what, and how far it has got.

Read from the exchange (submitted: its inbound folder, or ngshare through nbgrader's exchange
API; :mod:`widgets.facilitate.inbound`), ``submitted/`` (collected) and the gradebook
(graded), as one table.
"""

from __future__ import annotations

from dataclasses import dataclass

from .course import Course, FacilitatorError
from .export import rows
from .inbound import inbound_submitters


@dataclass
class Line:
    participant: str
    assignment: str
    submitted: str  # latest submission in the exchange, or ""
    collected: str  # the collected submission's time, or ""
    grade: str  # the export status
    score: str
    why: str = ""  # needs review / failed: one plain sentence


def _stamp(text: str) -> str:
    # "2026-04-01 10:00:00.123456 UTC" -> "2026-04-01 10:00"
    return text[:16]


def status(course: Course, assignment: str | None = None) -> list[Line]:
    if assignment is not None:
        course.require_assignment(assignment)
    if not course.has_gradebook():
        raise FacilitatorError(
            f"There is no gradebook at {course.gradebook_file} yet, so nothing has been released: "
            "release an assignment first with `commonground release ASSIGNMENT`."
        )
    table = rows(course, assignment)
    inbound = {name: inbound_submitters(course, name) for name in {r.assignment for r in table}}
    lines = []
    for row in table:
        stamps = inbound.get(row.assignment, {}).get(row.participant, [])
        score = "" if row.score is None else f"{row.score:g} / {row.max_score:g}"
        lines.append(
            Line(
                row.participant,
                row.assignment,
                _stamp(stamps[-1]) if stamps else "",
                row.submitted_at[:16] if row.submitted_at else "",
                row.status,
                score,
                row.why,
            )
        )
    return lines


HEADERS = ("participant", "assignment", "submitted", "collected", "status", "score")


def table_text(lines: list[Line]) -> str:
    """A plain text table, one line per participant and assignment, '-' for nothing yet, then
    one sentence for each that needs review or failed, saying why."""
    cells = [HEADERS] + [
        (
            line.participant,
            line.assignment,
            line.submitted or "-",
            line.collected or "-",
            line.grade,
            line.score or "-",
        )
        for line in lines
    ]
    widths = [max(len(row[i]) for row in cells) for i in range(len(HEADERS))]
    out = []
    for index, row in enumerate(cells):
        out.append("  ".join(value.ljust(width) for value, width in zip(row, widths, strict=True)))
        if index == 0:
            out.append("  ".join("-" * width for width in widths))
    notes = [f"{line.participant}, {line.assignment}: {line.why}" for line in lines if line.why]
    if notes:
        out += ["", "Why:", *notes]
    return "\n".join(line.rstrip() for line in out) + "\n"


def counts(lines: list[Line]) -> dict[str, int]:
    found: dict[str, int] = {}
    for line in lines:
        found[line.grade] = found.get(line.grade, 0) + 1
    return found
