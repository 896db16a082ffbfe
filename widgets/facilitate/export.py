"""``commonground export``: one row per participant and assignment, with a status that tells apart

- ``graded``: autograded (and hand-graded where needed); ``score`` is the mark after any late
  penalty;
- ``needs manual grade``: a part still waits for a grader; ``score`` is empty, never a zero;
- ``needs review``: graded, but something in the submission may have changed how it was marked
  (code handed in beside the notebook, added cells that import or patch, a score the notebook's
  kernel gave that the answers file does not bear out, a damaged answers file:
  an answers file its journal shows the widgets did not write: ``why`` says the first reason,
  ``commonground integrity`` all of them); ``score`` is the one computed from the answers file;
- ``failed``: nbgrader could not grade the submission, its kernel died, a cell ran out of time or
  grading was stopped at its time limit (``commonground integrity`` says where); ``score`` is
  empty, ``auto_score`` shows what the tests that did run gave;
- ``not graded yet``: submitted (collected or still in the exchange) but not graded since;
- ``missing``: nothing submitted.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, fields
from pathlib import Path

from .course import Course
from .inbound import inbound_submitters

GRADED = "graded"
NEEDS_MANUAL = "needs manual grade"
NEEDS_REVIEW = "needs review"
FAILED = "failed"
NOT_GRADED = "not graded yet"
MISSING = "missing"
STATUSES = (GRADED, NEEDS_MANUAL, NEEDS_REVIEW, FAILED, NOT_GRADED, MISSING)


@dataclass
class Row:
    participant: str
    assignment: str
    score: float | None
    max_score: float
    status: str
    auto_score: float | None = None
    late_penalty: float | None = None
    submitted_at: str = ""  # UTC, as nbgrader recorded it
    why: str = ""  # needs review / failed: the first reason, one plain sentence


COLUMNS = [f.name for f in fields(Row)]


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:g}"


def _submitted_at(course: Course, student: str, assignment: str) -> str:
    stamp = course.api.get_submitted_timestamp(assignment, student)
    return stamp.isoformat(sep=" ", timespec="seconds") if stamp else ""


def rows(course: Course, assignment: str | None = None) -> list[Row]:
    """Every participant × assignment row (one assignment when given), sorted."""
    from .integrity import execution_problems
    from .review import FAILED as REVIEW_FAILED
    from .review import NEEDS_REVIEW as REVIEW_NEEDED
    from .review import read_review

    course.require_gradebook()
    with course.gradebook() as gb:
        assignments = [a for a in gb.assignments if assignment in (None, a.name)]
        if assignment is not None and not assignments:
            course.require_generated(assignment)  # one sentence naming what is missing
        people = {s.id for s in gb.students}
        people |= set(course.submitted_assignments())
        inbound = {a.name: inbound_submitters(course, a.name) for a in assignments}
        for submitters in inbound.values():
            people |= set(submitters)
        result: list[Row] = []
        for record in assignments:
            name, max_score = record.name, float(record.max_score or 0)
            autograded = course.api.get_autograded_students(name)
            collected = set(course.submitted_students(name))
            submissions = {s.student.id: s for s in record.submissions}
            for person in sorted(people):
                sub = submissions.get(person)
                row = Row(person, name, None, max_score, MISSING)
                if sub is not None:
                    scores = [g.auto_score for n in sub.notebooks for g in n.grades]
                    row.auto_score = sum(s for s in scores if s is not None)
                    row.late_penalty = float(sub.late_submission_penalty or 0) or None
                if person in collected:
                    row.submitted_at = _submitted_at(course, person, name)
                if person in autograded and sub is not None:
                    folder = course.folder("autograded", person, name)
                    notebooks = list(folder.glob("*.ipynb"))
                    if not notebooks or any(execution_problems(p) for p in notebooks):
                        row.status = FAILED
                    elif sub.needs_manual_grade:
                        row.status = NEEDS_MANUAL
                    else:
                        row.status = GRADED
                        row.score = float(sub.score) - float(sub.late_submission_penalty or 0)
                elif sub is not None and person in collected and _same_time(course, sub, person):
                    row.status = FAILED  # graded, but nbgrader removed what it could not finish
                elif person in collected or person in inbound.get(name, {}):
                    row.status = NOT_GRADED
                review = read_review(course, name, person) if person in collected else None
                if review is None:  # never checked, or checked before a newer submission
                    pass
                elif review.status == REVIEW_FAILED:
                    row.status, row.score, row.why = FAILED, None, review.sentence()
                elif review.status == REVIEW_NEEDED and row.status in (GRADED, NEEDS_MANUAL):
                    row.status, row.why = NEEDS_REVIEW, review.sentence()
                result.append(row)
    return sorted(result, key=lambda r: (r.participant, r.assignment))


def _same_time(course: Course, sub: object, person: str) -> bool:
    return course.api.get_submitted_timestamp(sub.assignment.name, person) == sub.timestamp


def to_csv(table: list[Row]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in table:
        writer.writerow(
            [
                row.participant,
                row.assignment,
                _number(row.score),
                _number(row.max_score),
                row.status,
                _number(row.auto_score),
                _number(row.late_penalty),
                row.submitted_at,
                row.why,
            ]
        )
    return out.getvalue()


def export(course: Course, out: Path | None) -> tuple[list[Row], str]:
    """The grades table, written to ``out`` (None: returned only)."""
    table = rows(course)
    text = to_csv(table)
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
    return table, text
