"""Headless runs of the notebooks whose law depends on the council, for every profile.

Every type of council in both countries (five in England, Scotland's one) and both roles: the code
cells of notebooks 00, 01, 04, 05, 09 and 11 and of the knowledge_checks assignment run in-process
(the same calls a kernel makes, without a kernel's start-up cost), and then what the participant
would see and be graded on is checked against the law for that council.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import ipywidgets as ipw
import pytest

from widgets.councils import TYPES_IN
from widgets.logic.knowledge_check import load_check
from widgets.logic.statutory import checks_for, officers
from widgets.profile import save_profile
from widgets.session import answers_store
from widgets.views.ui import Notice

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = [
    "00_start_here",
    "01_roles_and_responsibilities",
    "04_conduct_and_the_seven_principles",
    "05_statutory_officers",
    "09_relationship_map",
    "11_council_governance_review",
]
STATUTORY = ("statutory_england_match", "statutory_district_officers", "statutory_scotland_match")
PROFILES = [
    (role, place, council)
    for role in ("councillor", "officer")
    for place, types in TYPES_IN.items()
    for council in types
]


def _code_cells(path: Path) -> list[str]:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]


def _run(path: Path) -> list[object]:
    """Run a notebook's code cells in one namespace; the value of each cell's last line."""
    namespace: dict[str, object] = {}
    shown = []
    for source in _code_cells(path):
        if "BEGIN HIDDEN TESTS" in source:  # autograde's part, checked below through grading
            continue
        *body, last = source.strip().splitlines()
        exec("\n".join(body), namespace)
        shown.append(eval(last, namespace))
    return shown


def _problems(shown: list[object]) -> list[str]:
    return [w.text for w in shown if isinstance(w, Notice) and 'role="alert"' in w.value]


def _texts(widget: object) -> str:
    """All the HTML a widget tree shows, as one string."""
    if isinstance(widget, ipw.HTML):
        return widget.value
    if isinstance(widget, ipw.Box):
        return " ".join(_texts(child) for child in widget.children)
    return ""


def _own_officers(widget: object) -> set[str]:
    own = _texts(widget.own)  # type: ignore[attr-defined]
    listed = own.split("<h3>For your council</h3>", 1)[1]
    return {html.unescape(t) for t in re.findall(r"<li><strong>(.*?)</strong>", listed)}


@pytest.mark.parametrize(("role", "place", "council"), PROFILES)
def test_notebooks_run_and_show_the_law_for_the_council(role: str, place: str, council: str):
    save_profile(role, place, "Headless", council_type=council)
    expected = {r["title"] for r in officers(place, council)}
    for name in NOTEBOOKS:
        shown = _run(ROOT / "notebooks" / f"{name}.ipynb")
        assert not _problems(shown), (name, _problems(shown))
        assert all(isinstance(w, ipw.DOMWidget) for w in shown), name
        if name == "05_statutory_officers":
            box = next(w for w in shown if type(w).__name__ == "ForMyCouncil")
            assert _own_officers(box) == expected
            questions = next(w for w in shown if type(w).__name__ == "StatutoryChecks")
            notes = {w.check.id: _texts(w) for w in questions.checks}
            mine = checks_for(place, council)
            assert len(mine) == 1 and set(notes) == set(STATUTORY)
            assert questions.order[0] == mine[0]  # the council's own question comes first
            for check_id, text in notes.items():
                not_mine = "is for " in text or "is about councils in" in text
                assert not_mine == (check_id not in mine), (check_id, text[:300])
        if name == "09_relationship_map":
            view = next(w for w in shown if type(w).__name__ == "RelationshipMap")
            view.add_statutory_officers()
            roles = {e["role"] for e in view.entries.values()}
            assert roles == expected


def _right(check_id: str):
    check = load_check(check_id)
    if check.kind == "multiple":
        return [o.id for o in check.options if o.correct]
    return {o.id: o.id for o in check.options}


@pytest.mark.parametrize(("role", "place", "council"), PROFILES)
def test_the_statutory_question_is_graded_for_the_council(role: str, place: str, council: str):
    """The assignment runs, and only the question for one's own council earns its 3 points."""
    from widgets import grading

    save_profile(role, place, "Headless", council_type=council)
    shown = _run(ROOT / "source" / "knowledge_checks" / "knowledge_checks.ipynb")
    assert not _problems(shown)
    (mine,) = checks_for(place, council)
    store = answers_store()
    for check_id in STATUTORY:  # every other council's question answered right ...
        if check_id != mine:
            store.set(f"check.{check_id}", "answer", _right(check_id))
    with pytest.raises(grading.NothingAnswered):  # ... earns nothing
        grading.statutory_points(out_of=3)
    store.set(f"check.{mine}", "answer", _right(mine))
    assert grading.statutory_points(out_of=3) == 3.0
