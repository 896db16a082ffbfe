"""The registry of activity kinds: complete, consistent, and what every consumer dispatches from."""

from __future__ import annotations

import argparse
import csv
import shutil
from pathlib import Path

import pytest

import widgets
from widgets import grading, kinds, synth
from widgets.cli import check_data
from widgets.cohort import loader
from widgets.tables import TABLES

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("kind", kinds.KINDS.values(), ids=lambda k: k.name)
def test_every_named_part_of_a_kind_exists(kind: kinds.Kind) -> None:
    assert set(kind.tables) <= set(TABLES), kind.tables
    kinds.resolve(kind.logic)
    assert callable(kinds.resolve(kind.view))
    assert getattr(widgets, kind.widget) is kinds.resolve(kind.view)
    assert kind.minutes > 0
    for target in (kind.synth, kind.grader, kind.progress, kind.units, *(kind.content or ())):
        if target:
            assert callable(kinds.resolve(target)), target
    if kind.cohort:
        assert callable(kinds.resolve(kind.cohort.reader))
        assert kind.cohort.chart is None or callable(kinds.resolve(kind.cohort.chart))
        assert set(kind.cohort.unique) <= set(kind.cohort.columns)
        assert kind.cohort.columns[:4] == kinds.PERSON


def test_consumers_dispatch_from_the_registry() -> None:
    assert set(loader.readers()) == {k.name for k in kinds.KINDS.values() if k.cohort}
    assert set(loader.TABLES) == set(loader.Cohort.from_records().tables())
    called = synth._WIDGET_CALL.pattern
    assert all(k.widget in called for k in kinds.KINDS.values() if k.synth)
    with pytest.raises(ValueError, match="can be marked automatically"):
        grading.points("reflect.challenge2", out_of=1)  # a kind graded by hand
    with pytest.raises(ValueError, match="can be marked automatically"):
        grading.points("nope.x", out_of=1)


@pytest.mark.parametrize("grouped", kinds.GROUPED.values(), ids=lambda g: g.widget)
def test_a_grouped_call_is_named_once_and_read_from_there(grouped: kinds.Grouped) -> None:
    from widgets.logic.knowledge_check import load_check
    from widgets.timing import OTHER_MINUTES, _rates

    assert grouped.widget in widgets.__all__ and grouped.widget not in OTHER_MINUTES
    assert _rates()[grouped.widget] == (grouped.minutes, None)
    parts = kinds.expand(grouped.widget)
    assert len(parts) > 1 and {w for w, _ in parts} == {kinds.KINDS[grouped.kind].widget}
    for _, ident in parts:
        load_check(ident)  # each part is a real activity of its kind
    assert synth._GROUPED_CALL.fullmatch(f"{grouped.widget}()")
    assert kinds.kind_of(grouped.graded) is kinds.KINDS[grouped.kind]
    assert callable(kinds.resolve(grouped.grader))


GOOD = {
    "rate.trust.pre": ("TB1", 3),
    "check.roles_policy": ("answer", ["a", "b"]),
    "scenario.challenge4": ("path", ["c4-s1-a"]),
    "reflect.challenge2": ("text", "words"),
    "sort.roles": ("r1", {"choice": "officer", "reason": ""}),
    "relmap": ("e1", {"category": "cabinet", "importance": 4, "quality": None}),
    "relmap.ids": ("high_water", 3),
    "plan": ("start", ["one thing"]),
    "rank.trust_priorities": ("order", ["TB2", "TB1"]),
}
BAD = {  # the shapes a damaged or hand-edited answers file could hold
    "rate.trust.pre": ("TB1", True),
    "check.roles_policy": ("attempts", "many"),
    "scenario.challenge4": ("path", "c4-s1-a"),
    "reflect.challenge2": ("text", {"html": "<script>"}),
    "sort.roles": ("r1", ["officer"]),
    "relmap": ("e1", {"category": "cabinet", "importance": "4"}),
    "relmap.ids": ("high_water", 2.5),
    "plan": ("options", [1, 2]),
    "rank.trust_priorities": ("order", ["TB1", "TB1"]),
}


@pytest.mark.parametrize("activity", GOOD)
def test_each_kind_accepts_its_shape_and_names_a_damaged_one(activity: str) -> None:
    kinds.check_shape(activity, dict([GOOD[activity]]))
    item, value = BAD[activity]
    with pytest.raises(kinds.AnswerShapeError, match=rf"'{activity}/{item}' is damaged: \w"):
        kinds.check_shape(activity, {item: value})


def test_an_unknown_kind_is_named() -> None:
    assert kinds.kind_of("nope.x") is None
    with pytest.raises(kinds.AnswerShapeError, match="no kind of activity called 'nope'"):
        kinds.check_shape("nope.x", {"a": 1})


def test_check_data_runs_each_kinds_content_check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    path = data / "scenario_choices.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    loops = next(r for r in rows if r["next_step"])  # send a choice back to its own step
    loops["next_step"] = loops["step"]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    assert check_data.run(argparse.Namespace(folder=data)) == 1
    err = capsys.readouterr().err
    assert loops["step"].split("-")[0] in err and err.count("\n") >= 1
