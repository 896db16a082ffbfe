"""A throwaway nbgrader course for tests: a copy of source/ and the course config in tmp, with its
own gradebook and exchange, and helpers for each step of the real cycle, all in-process."""

from __future__ import annotations

import copy
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from widgets.activities import (
    check_activity,
    rating_activity,
    reflection_activity,
    scenario_activity,
)
from widgets.assignments import course_config, quick_new_gradebooks
from widgets.logic.knowledge_check import load_check
from widgets.logic.questionnaire import load_questionnaire
from widgets.store import AnswerStore

ROOT = Path(__file__).resolve().parents[2]
COURSE = "commonground"


@dataclass
class Course:
    root: Path
    exchange: Path
    db_url: str
    config: Any

    def api(self):
        from nbgrader.apps import NbGraderAPI

        return NbGraderAPI(config=copy.deepcopy(self.config))

    def exchange_config(self, **sections: dict[str, Any]):
        config = copy.deepcopy(self.config)
        for section, values in sections.items():
            for key, value in values.items():
                setattr(getattr(config, section), key, value)
        return config


def make_course(tmp: Path) -> Course:
    """Copy source/ and nbgrader_config.py into ``tmp/course``; gradebook and exchange in tmp."""
    root = tmp / "course"
    root.mkdir(parents=True)
    shutil.copytree(ROOT / "source", root / "source")
    shutil.copy(ROOT / "nbgrader_config.py", root / "nbgrader_config.py")
    exchange = tmp / "exchange"
    exchange.mkdir()
    exchange.chmod(0o777)
    db_url = f"sqlite:///{tmp / 'gradebook.db'}"
    config = course_config(root, db_url, exchange)
    config.CourseDirectory.course_id = COURSE
    config.Exchange.cache = str(tmp / "cache")
    return Course(root, exchange, db_url, config)


def check(result: dict) -> dict:
    assert result.get("success"), result.get("error") or result.get("log")
    return result


def generate_and_release(course: Course, assignments: list[str]) -> None:
    api = course.api()
    with quick_new_gradebooks():
        for name in assignments:
            check(api.generate_assignment(name))
            check(api.release_assignment(name))


def fetch(course: Course, assignment: str, home: Path, student: str) -> Path:
    """Fetch an assignment the way a participant does, into ``home/<assignment>``."""
    from nbgrader.auth import Authenticator
    from nbgrader.coursedir import CourseDirectory
    from nbgrader.exchange import ExchangeFactory

    home.mkdir(parents=True, exist_ok=True)
    config = course.exchange_config(
        CourseDirectory={"assignment_id": assignment, "student_id": student},
        Exchange={"assignment_dir": str(home)},
    )
    coursedir = CourseDirectory(config=config)
    fetcher = ExchangeFactory(config=config).FetchAssignment(
        coursedir=coursedir, authenticator=Authenticator(config=config), config=config
    )
    fetcher.start()
    return home / assignment


# answering the way the widgets do ---------------------------------------------------------------
def participant(pid: str, role: str, jurisdiction: str) -> dict[str, str]:
    return {"id": pid, "role": role, "jurisdiction": jurisdiction, "cohort": "test"}


def rate_all(
    store: AnswerStore,
    framework: str,
    timepoint: str,
    role: str,
    jurisdiction: str,
    share: float = 1.0,
) -> int:
    """Rate the first ``share`` of the statements (3 each); returns how many were rated."""
    items = load_questionnaire(framework, role, jurisdiction).items
    chosen = items[: round(len(items) * share)]
    if chosen:
        store.update(rating_activity(framework, timepoint), {item.id: 3 for item in chosen})
    return len(chosen)


def right_answer(check_id: str) -> Any:
    found = load_check(check_id)
    if found.kind == "single":
        return next(o.id for o in found.options if o.correct)
    if found.kind == "multiple":
        return [o.id for o in found.options if o.correct]
    return {o.id: o.id for o in found.options}


def answer_check(store: AnswerStore, check_id: str, answer: Any) -> None:
    store.update(check_activity(check_id), {"answer": answer, "attempts": 1, "checked": True})


def play(store: AnswerStore, scenario_id: str, path: list[str]) -> None:
    store.set(scenario_activity(scenario_id), "path", path)


def reflect(store: AnswerStore, prompt_id: str, text: str) -> None:
    store.set(reflection_activity(prompt_id), "text", text)


BEST_PATHS = {
    "challenge4": ["c4-s1-a", "c4-s2-a"],
    "challenge5": ["c5-s1-a", "c5-s2-a"],
    "challenge8": ["c8-s1-a", "c8-s2-a"],
}
