"""``commonground demo``: the whole workshop cycle on a synthetic cohort, in a fresh course copy.

The course's ``source/`` and configuration are copied to ``DIR/course`` (with the exchange in
``DIR/exchange``, so nothing touches the real course), and for each assignment: release; every
synthetic participant (``commonground synth`` style) fetches it into ``DIR/participants/<id>``,
answers through the answers file as the widgets would — even-numbered participants all right,
odd-numbered all wrong — and submits; then collect, grade, feedback (each participant fetches
theirs) and, at the end, export. ``DIR`` is left with ``grades.csv``, ``integrity.txt`` and every
participant's feedback.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import participant as exchange
from .collect import collect
from .course import CONFIG_FILE, Course, FacilitatorError
from .export import export
from .feedback import feedback
from .grade import Summary, grade
from .integrity import check
from .release import release

Say = Callable[[str], None]


@dataclass
class DemoResult:
    out: Path
    course: Path
    grades: Path
    integrity: Path
    feedback: list[Path] = field(default_factory=list)
    graded: dict[str, Summary] = field(default_factory=dict)


def make_demo_course(source: Course, out: Path) -> Course:
    """A fresh copy of ``source``'s assignments and configuration under ``out``."""
    course_dir = out / "course"
    if course_dir.exists() or (out / "exchange").exists():
        raise FacilitatorError(
            f"{out} already holds a demo; choose an empty folder so nothing is overwritten."
        )
    course_dir.mkdir(parents=True)
    shutil.copytree(source.folder("source"), course_dir / "source")
    config = (source.root / CONFIG_FILE).read_text(encoding="utf-8")
    config += (
        "\n# commonground demo: everything stays inside this folder\n"
        f"c.CourseDirectory.root = {str(course_dir)!r}\n"
        f"c.CourseDirectory.db_url = {'sqlite:///' + str(course_dir / 'gradebook.db')!r}\n"
        f"c.Exchange.root = {str(out / 'exchange')!r}\n"
        f"c.Exchange.cache = {str(out / 'exchange_cache')!r}\n"
    )
    (course_dir / CONFIG_FILE).write_text(config, encoding="utf-8")
    return Course(course_dir)


def demo(
    source: Course,
    participants: int,
    out: Path,
    *,
    assignments: list[str] | None = None,
    jobs: int | None = None,
    say: Say = print,
) -> DemoResult:
    from ..synth import answer_assignment, make_participants

    if participants < 1:
        raise FacilitatorError("A demo needs at least one participant.")
    out = out.resolve()
    chosen = assignments or source.source_assignments()
    for name in chosen:
        source.require_assignment(name)
    course = make_demo_course(source, out)
    people = make_participants(participants, 1)
    homes = out / "participants"
    result = DemoResult(out, course.root, out / "grades.csv", out / "integrity.txt")
    reports = []
    for name in chosen:
        release(course, name)
        for index, person in enumerate(people):
            folder = exchange.fetch(course, name, person.id, homes / person.id)
            answer_assignment(folder, person, correct=index % 2 == 0)
            exchange.submit(course, name, person.id, homes / person.id)
        collect(course, name)
        summary = grade(course, name, jobs=jobs)
        result.graded[name] = summary
        given = feedback(course, name)
        waiting = (
            f"; feedback waits for {len(given.waiting)} manual grades" if given.waiting else ""
        )
        say(
            f"{name}: released, {len(people)} submitted, graded in {summary.seconds:.0f} s "
            f"({len(summary.failed)} failed){waiting}."
        )
        for student in given.released:
            result.feedback += exchange.fetch_feedback(course, name, student, homes / student)
        reports.append(check(course, name).text())
    export(course, result.grades)
    result.integrity.write_text("\n".join(reports), encoding="utf-8")
    return result
