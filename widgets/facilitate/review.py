"""After autograde: score each submission again from what the participant did, and say what to
look at.

nbgrader scores a test cell from what the notebook's own kernel printed, and that kernel also ran
every cell the participant added, with the submission folder first on ``sys.path``: a ``widgets/``
folder handed in beside the notebook, a cell patching ``widgets.grading`` or putting a fake module
in ``sys.modules`` all give full marks. So, once nbgrader has graded a submission,
:func:`review_submission`

- runs every hidden test again in a separate isolated process
  (:mod:`widgets.facilitate.isolated_child`: ``python -I``, the installed package only, a fresh
  folder holding only a copy of the answers file as submitted) and, where nbgrader's score
  differs, keeps the isolated score in the gradebook and says so;
- notes Python code handed in beside the notebook (shadow modules), added code cells that import
  or patch anything, an answers file that cannot be read (graded as nothing answered), and one
  whose journal does not show the course's widgets saving its answers (:mod:`widgets.journal`:
  written by hand, copied from someone else, edited afterwards);

and writes the result to ``commonground_review.json`` in the autograded folder (named in
``CourseDirectory.ignore``, so it is never copied into feedback nor accepted from a participant).
``integrity`` lists the reasons, and ``status``/``export`` show such a submission as
"needs review" (or "failed" when grading was stopped), never silently as "graded".
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

REVIEW_FILE = "commonground_review.json"
ANSWERS = "commonground_answers.json"
OK, NEEDS_REVIEW, FAILED = "ok", "needs review", "failed"
# an added code cell that does any of these can change how the notebook is marked
RISKY_CODE = re.compile(
    r"\bimport\b|__import__|sys\.modules|importlib|\bexec\b|\beval\b|\bopen\s*\(|\bwidgets\b"
    r"|\bos\.|\bsetattr\b|__builtins__|\bglobals\s*\(",
)
SHADOW_SUFFIXES = (".py", ".pth", ".pyc", ".so", ".pyd")
ISOLATED_TIMEOUT = 120.0


@dataclass
class Review:
    status: str = OK
    reasons: list[str] = field(default_factory=list)
    isolated: dict[str, float] = field(default_factory=dict)  # grade id -> isolated score
    submitted: str = ""  # the submission's timestamp.txt when it was checked

    def add(self, reason: str, status: str = NEEDS_REVIEW) -> None:
        self.reasons.append(reason)
        if self.status != FAILED:
            self.status = status

    def sentence(self) -> str:
        """The first reason as one sentence for ``status`` and ``export`` (``integrity`` lists
        them all); a failure's reason comes first."""
        if not self.reasons:
            return ""
        first = self.reasons[-1] if self.status == FAILED else self.reasons[0]
        more = len(self.reasons) - 1
        tail = f" (and {more} more in `commonground integrity`)" if more else ""
        text = first[:1].upper() + first[1:]
        return text[:-1] + tail + "." if text.endswith(".") and tail else text + tail


def review_path(course: Any, assignment: str, student: str) -> Path:
    return course.folder("autograded", student, assignment) / REVIEW_FILE


def _timestamp(course: Any, assignment: str, student: str) -> str:
    path = course.folder("submitted", student, assignment) / "timestamp.txt"
    try:
        return path.read_text(encoding="utf-8").strip()
    except OSError:
        return ""


def write_review(course: Any, assignment: str, student: str, review: Review) -> None:
    review.submitted = _timestamp(course, assignment, student)
    path = review_path(course, assignment, student)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(asdict(review), indent=1), encoding="utf-8")


def read_review(course: Any, assignment: str, student: str) -> Review | None:
    """The review written when the submission now collected was graded, or None (never graded
    by ``commonground grade``, or a newer submission has been collected since)."""
    try:
        data = json.loads(review_path(course, assignment, student).read_text(encoding="utf-8"))
        review = Review(
            str(data["status"]),
            [str(r) for r in data["reasons"]],
            dict(data.get("isolated", {})),
            str(data.get("submitted", "")),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return review if review.submitted == _timestamp(course, assignment, student) else None


# what the release's hidden tests are --------------------------------------------------------------
def hidden_tests(gradebook: Any, assignment: str) -> dict[str, dict[str, dict[str, Any]]]:
    """For each notebook, its autograder tests' code as recorded at release, by grade id."""
    found: dict[str, dict[str, dict[str, Any]]] = {}
    for notebook in gradebook.find_assignment(assignment).notebooks:
        grades = {cell.name: cell for cell in notebook.grade_cells}
        solutions = {cell.name for cell in notebook.solution_cells}
        tests = {}
        for source in notebook.source_cells:
            if source.cell_type != "code" or source.name not in grades or source.name in solutions:
                continue
            code = "\n".join(
                line
                for line in source.source.split("\n")
                if "BEGIN HIDDEN TESTS" not in line and "END HIDDEN TESTS" not in line
            )
            tests[source.name] = {"code": code, "points": float(grades[source.name].max_score)}
        found[notebook.name] = tests
    return found


def _request_key(answers: Path, tests: dict[str, dict[str, Any]]) -> str:
    """The same tests on the same bytes get the same reply, wherever the file lies."""
    try:
        held = hashlib.sha256(answers.read_bytes()).hexdigest()
    except OSError:
        held = ""
    return json.dumps([held, tests], sort_keys=True)


def remember_isolated(answers: Path, tests: dict[str, dict[str, Any]], reply: Any) -> None:
    """Keep the isolated process's reply for ``tests`` on ``answers``, which marked them while
    it graded the notebook without a kernel (:mod:`widgets.facilitate.without_kernel`), so
    :func:`isolated_scores` need not start that process again (each reply is used once)."""
    _ISOLATED[_request_key(answers, tests)] = reply


_ISOLATED: dict[str, Any] = {}


def isolated_scores(answers: Path, tests: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Run ``tests`` on ``answers`` in an isolated interpreter; its JSON reply."""
    kept = _ISOLATED.pop(_request_key(answers, tests), None)
    if kept is not None:
        return kept
    request = json.dumps({"answers": str(answers) if answers.exists() else None, "tests": tests})
    done = subprocess.run(
        [sys.executable, "-I", "-m", "widgets.facilitate.isolated_child"],
        input=request,
        capture_output=True,
        text=True,
        timeout=ISOLATED_TIMEOUT,
        cwd="/",
    )
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no reason given"])[-1]
        raise RuntimeError(f"the isolated marking process failed ({last})")
    return json.loads(done.stdout)


# what the submission holds ------------------------------------------------------------------------
def shadow_code(folder: Path) -> list[str]:
    """Python code handed in beside the notebook, which autograde would import first."""
    found = []
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).as_posix()
        if ".ipynb_checkpoints" in relative:
            continue
        if path.is_file() and path.suffix in SHADOW_SUFFIXES:
            found.append(relative)
        elif path.is_dir() and path.name == "widgets":
            found.append(relative + "/")
    return found


def risky_added_cells(notebook: Path, released: set[str]) -> list[str]:
    """Code cells the participant added that import, open or patch something."""
    try:
        cells = json.loads(notebook.read_text(encoding="utf-8")).get("cells", [])
    except (OSError, ValueError, AttributeError):
        return []
    found = []
    for index, cell in enumerate(cells):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        meta = (cell.get("metadata") or {}).get("nbgrader") or {}
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else str(source)
        if meta.get("grade_id") and source in released:
            continue
        if source.strip() and source not in released and RISKY_CODE.search(source):
            first = " ".join(source.split())[:60]
            found.append(f"cell {index + 1} ({first!r})")
    return found


def _answers_problem(answers: Path) -> str:
    if not answers.exists():
        return ""
    from ..store import read_answers_file

    try:
        read_answers_file(answers)
    except (ValueError, OSError) as err:
        return str(err).split("\n")[0]
    return ""


def _submitted_at(stamp: str) -> datetime | None:
    from nbgrader.utils import parse_utc

    try:
        return parse_utc(stamp).replace(tzinfo=UTC) if stamp else None
    except (ValueError, OverflowError):
        return None


def journal_problem(answers: Path, student: str, stamp: str) -> str:
    """One sentence when the answers file's journal does not show the course's widgets saving
    every answer in it as ``student`` before ``stamp`` (the submission's time), else "".
    The rule itself is :func:`widgets.journal.verify`."""
    from ..journal import verify
    from ..store import read_answers_file

    try:
        content = read_answers_file(answers)
    except (ValueError, OSError):
        return ""  # reported as damaged instead
    return verify(content.values(), content.journal, student, _submitted_at(stamp))


def review_submission(
    course: Any, gradebook: Any, assignment: str, student: str, *, correct: bool = True
) -> Review:
    """Check one graded submission (see the module docstring); fixes ``gradebook``'s scores
    unless ``correct`` is false (a kernel died or timed out: the submission is failed anyway and
    its scores stay what the tests that did run gave, for the facilitator to look at)."""
    review = Review()
    submitted = course.folder("submitted", student, assignment)
    answers = submitted / ANSWERS
    shadows = shadow_code(submitted)
    if shadows:
        review.add(
            "the submission holds Python code beside the notebook, which autograde imports "
            f"before the course's own package: {', '.join(shadows[:5])}."
        )
    damaged = _answers_problem(answers)
    if damaged:
        review.add(
            f"the answers file is damaged ({damaged}), so it was marked as nothing answered; "
            "the participant may have a backup of it."
        )
    elif answers.exists():
        unwritten = journal_problem(answers, student, _timestamp(course, assignment, student))
        if unwritten:
            review.add(unwritten)
    tests = hidden_tests(gradebook, assignment)
    for notebook, cells in tests.items():
        released = {s.source for s in gradebook.find_notebook(notebook, assignment).source_cells}
        risky = risky_added_cells(submitted / f"{notebook}.ipynb", released)
        if risky:
            review.add(
                f"{notebook}.ipynb has code cells the participant added that import or patch "
                f"something and ran at autograde: {'; '.join(risky[:3])}."
            )
        if not cells:
            continue
        try:
            reply = isolated_scores(answers, cells)
        except (RuntimeError, ValueError, subprocess.TimeoutExpired) as err:
            review.add(f"{notebook}.ipynb could not be marked again in isolation: {err}.")
            continue
        try:
            record = gradebook.find_submission_notebook(notebook, assignment, student)
        except Exception:  # nbgrader recorded nothing for this notebook
            continue
        by_name = {grade.name: grade for grade in record.grades}
        changed = []
        for grade_id, result in reply["scores"].items():
            score = float(result["score"])
            review.isolated[grade_id] = score
            grade = by_name.get(grade_id)
            if grade is None:
                continue
            kernel = float(grade.auto_score) if grade.auto_score is not None else None
            if kernel is None or abs(kernel - score) > 1e-6:
                changed.append(f"{grade_id} {_n(kernel)} → {_n(score)}")
                if correct:  # otherwise left as nbgrader left it
                    grade.auto_score = score
        if changed and correct:
            record.flagged = True
            review.add(
                f"{notebook}.ipynb: the notebook's own kernel scored some parts differently "
                "from the answers file, so the answers file's scores were kept: "
                + "; ".join(changed)
                + "."
            )
    gradebook.db.commit()
    return review


def _n(value: float | None) -> str:
    return "none" if value is None else f"{value:g}"
