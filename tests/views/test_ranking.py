"""The ranking kind end to end without a browser: view, restore, shape, cohort, synth, grading."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

import widgets
from widgets import grading
from widgets.cohort import load_cohort
from widgets.kinds import AnswerShapeError, check_shape
from widgets.logic.ranking import load_ranking, move, read_order
from widgets.store import AnswerStore
from widgets.synth import make_participants
from widgets.views.ranking import RankingView

RANKING = "trust_priorities"
ACTIVITY = f"rank.{RANKING}"


def build(store: AnswerStore) -> RankingView:
    view = widgets.ranking(RANKING, store=store)
    assert isinstance(view, RankingView), getattr(view, "text", view)
    return view


def test_the_eight_trust_behaviours_in_table_order_until_saved(store: AnswerStore) -> None:
    view = build(store)
    assert view.order == [f"TB{n}" for n in range(1, 9)]
    assert view.value == {} and "not saved yet" in view.summary.value
    assert view.up_buttons[0].disabled and view.down_buttons[-1].disabled


def test_moving_saves_the_order_and_a_rebuilt_view_shows_it(store: AnswerStore) -> None:
    view = build(store)
    first_button = view.up_buttons[1]
    first_button.click()  # "Move 2 up"
    assert view.value == {"order": ["TB2", "TB1", *[f"TB{n}" for n in range(3, 9)]]}
    assert "Do what you say you will do is now number 1" in view.message.value
    assert view.up_buttons[1] is first_button  # the same control: keyboard focus is kept
    again = build(AnswerStore(store.folder))
    assert again.order == view.order and again.complete
    assert "Your top 3" in again.summary.value and "Do what you say" in again.summary.value


def test_keep_this_order_saves_without_moving(store: AnswerStore) -> None:
    view = build(store)
    view.keep_button.click()
    assert view.value["order"] == [f"TB{n}" for n in range(1, 9)]


def test_a_hand_edited_order_is_repaired_on_show_and_refused_on_save(store: AnswerStore) -> None:
    store.set(ACTIVITY, "order", ["TB3", "TB3", "nope", "TB1"])
    view = build(store)
    assert view.order[:2] == ["TB3", "TB1"] and len(view.order) == 8 and not view.complete
    with pytest.raises(AnswerShapeError, match="different item ids"):
        check_shape(ACTIVITY, {"order": ["TB1", "TB1"]})
    with pytest.raises(AnswerShapeError):
        view.value = {"order": "TB1"}


def test_logic_moves_stay_inside_the_list() -> None:
    ids = load_ranking(RANKING).ids
    assert move(ids, ids[0], -1) == ids and move(ids, ids[-1], 5) == ids
    assert read_order(load_ranking(RANKING), None) == (ids, False)


def _answers_file(folder: Path, record: dict, answers: dict) -> None:
    store = AnswerStore(folder, record)
    for key, value in answers.items():
        activity, _, item = key.partition("/")
        store.set(activity, item, value)


def test_the_cohort_loader_reads_positions_and_drops_an_unknown_ranking(tmp_path: Path) -> None:
    order = [f"TB{n}" for n in (3, 1, 2, 4, 5, 6, 7, 8)]
    record = {"id": "p1", "role": "officer", "jurisdiction": "england", "cohort": "c"}
    _answers_file(tmp_path / "src" / "p1" / "pre", record, {f"{ACTIVITY}/order": order})
    record2 = {**record, "id": "p2"}
    _answers_file(tmp_path / "src" / "p2" / "pre", record2, {"rank.gone/order": ["a", "b"]})
    cohort = load_cohort(tmp_path / "src", key_file=tmp_path / "key")
    top = cohort.rankings.sort_values("position").head(1)
    assert list(top["item"]) == ["TB3"] and len(cohort.rankings) == 8
    assert cohort.files == 2 and len(cohort.dropped) == 1


def test_synthesised_and_graded_for_completion_only(tmp_path: Path) -> None:
    person = make_participants(1, 1)[0]
    full, half = AnswerStore(tmp_path / "full"), AnswerStore(tmp_path / "half")
    from widgets.logic.ranking import synth_answer

    synth_answer(full, RANKING, None, person, True, random.Random(1))
    synth_answer(half, RANKING, None, person, False, random.Random(1))
    assert grading.points(ACTIVITY, out_of=1, folder=full.folder) == 1.0
    assert grading.points(ACTIVITY, out_of=1, folder=half.folder) == 0.5
    with pytest.raises(grading.NothingAnswered, match="was not put in order"):
        grading.points(ACTIVITY, out_of=1, folder=tmp_path / "empty")


def test_the_top_three_feed_the_development_plan(store: AnswerStore) -> None:
    from widgets.profile import Profile

    view = build(store)
    view.value = {"order": [f"TB{n}" for n in (8, 7, 6, 5, 4, 3, 2, 1)]}
    plan = widgets.development_plan(store=AnswerStore(store.folder), profile=Profile("officer"))
    import ipywidgets as ipw

    def html_of(widget: ipw.Widget) -> str:
        own = widget.value if isinstance(widget, ipw.HTML) else ""
        return own + "".join(html_of(c) for c in getattr(widget, "children", ()))

    section = html_of(plan).split("What you chose to work on first", 1)[1].split("<h3>", 1)[0]
    names = [load_ranking(RANKING).item(f"TB{n}").name for n in (8, 7, 6, 5)]
    assert all(n in section for n in names[:3]) and names[3] not in section


def test_the_cohort_report_shows_rankings_through_the_disclosure_policy(tmp_path: Path) -> None:
    """Answers files -> loader -> report: the rankings chart's counts are rounded, and an item
    everyone put in the same place is hidden (all agreeing would disclose each person's answer)."""
    from widgets.cohort.disclosure import BASE, HIDDEN
    from widgets.cohort.report import build_report

    record = {"role": "officer", "jurisdiction": "england", "cohort": "c"}
    for n in range(12):  # everyone puts TB1 first; half put TB2 second, half TB3
        second = ["TB2", "TB3"] if n % 2 else ["TB3", "TB2"]
        order = ["TB1", *second, *[f"TB{k}" for k in range(4, 9)]]
        _answers_file(
            tmp_path / "src" / f"p{n}", {**record, "id": f"who-{n}"}, {f"{ACTIVITY}/order": order}
        )
    cohort = load_cohort(tmp_path / "src", key_file=tmp_path / "key")
    chart = next(c for c in build_report(cohort).charts if c.key == "rankings")
    cells = chart.numbers.cells
    assert set(cells[cells["item"] == "TB1"]["note"]) == {HIDDEN}
    shown = cells[cells["item"] == "TB2"].set_index("place")["people"]
    assert shown[1] == 0 and shown[2] % BASE == shown[3] % BASE == 0  # 6 and 6, rounded
    assert shown[2] > 0 and shown[3] > 0
    assert "who-" not in chart.html()  # pseudonyms only, never ids


def test_the_top_three_go_into_the_downloaded_plan_in_order(store: AnswerStore) -> None:
    from widgets.export.development_plan import plan_html, plan_markdown
    from widgets.profile import Profile

    view = build(store)
    view.value = {"order": [f"TB{n}" for n in (3, 8, 1, 2, 4, 5, 6, 7)]}
    plan = widgets.development_plan(store=AnswerStore(store.folder), profile=Profile("officer"))
    ranking = load_ranking(RANKING)
    names = [ranking.item(f"TB{n}").name for n in (3, 8, 1, 2)]
    markdown = plan_markdown(plan.plan())
    assert f"1. {names[0]}\n2. {names[1]}\n3. {names[2]}\n" in markdown
    assert names[3] not in markdown and "My top 3:" in markdown
    page = plan_html(plan.plan())
    top = page.split("My top 3:", 1)[1].split("</ol>", 1)[0]
    assert [s.split("</li>")[0] for s in top.split("<li>")[1:]] == names[:3]


def test_an_unfinished_ranking_puts_nothing_in_the_downloaded_plan(store: AnswerStore) -> None:
    from widgets.export.development_plan import plan_markdown
    from widgets.profile import Profile

    store.update(ACTIVITY, {"order": ["TB1", "TB2"]})  # hand-damaged: not every behaviour
    plan = widgets.development_plan(store=AnswerStore(store.folder), profile=Profile("officer"))
    assert "My top" not in plan_markdown(plan.plan())
