"""The questionnaire widget, driven through its controls like a participant would."""

from __future__ import annotations

import pytest

import widgets
from widgets.activities import rating_activity
from widgets.components import LikertGrid
from widgets.profile import Profile
from widgets.store import AnswerStore
from widgets.views import questionnaire as view
from widgets.views.ui import Notice

TRUST = rating_activity("trust", "pre")


def shown(w) -> list:
    """The rating each statement shows in the grid (None: not rated)."""
    return [w.grid.value.get(i.id) for i in w.items]


def rate(w, index: int, value) -> None:
    w.rate(w.items[index].id, value)


def test_officer_rates_the_nos_standard_by_area(store, officer_england):
    w = widgets.questionnaire("nos_sfjc21", store=store)
    assert len(w.items) == 26
    assert [i.id for i in w.items][-1] == "B9"  # scope rows S1-S4 are not rated
    assert isinstance(w.grid, LikertGrid)
    assert w.grid.value == {}
    assert [s["title"] for s in w.grid.sections] == ["Performance", "Knowledge", "Behaviour"]
    assert sum(len(s["items"]) for s in w.grid.sections) == 26


def test_every_row_is_named_by_its_statement_once(store, officer_england):
    """The grid names each row by the statement itself: no "Statement N" label repeated."""
    w = widgets.questionnaire("trust", store=store)
    rows = [item for section in w.grid.sections for item in section["items"]]
    assert [r["text"] for r in rows] == [i.statement for i in w.items]
    assert [r["number"] for r in rows] == list(range(1, 9))
    assert w.grid.points[0] == {"value": 1, "label": "Not at all confident"}
    assert w.grid.legend == w.questionnaire.title
    assert "<h3>" not in w.intro.value  # the grid's legend is the one title


def test_councillor_gets_councillor_skills_not_the_nos(store, councillor_scotland):
    w = widgets.questionnaire("councillor_skills", store=store)
    assert len(w.items) == 12
    notice = widgets.questionnaire("nos_sfjc21", store=store)
    assert isinstance(notice, Notice)
    assert "council officers" in notice.text


def test_profile_argument_overrides_the_saved_profile(store, councillor_scotland):
    w = widgets.questionnaire("nos_sfjc21", store=store, profile=Profile("officer", "england"))
    assert len(w.items) == 26


def test_unknown_framework_gives_one_sentence_not_an_exception(store, officer_england):
    notice = widgets.questionnaire("trsut", store=store)
    assert isinstance(notice, Notice)
    assert "trsut" in notice.text
    assert notice.text.endswith(".") and notice.text.count(". ") == 0
    assert "Traceback" not in notice.value


def test_unrated_framework_and_bad_timepoint_give_plain_sentences(store, officer_england):
    assert "is not something you rate" in widgets.questionnaire("principles", store=store).text
    bad = widgets.questionnaire("trust", timepoint="later", store=store)
    assert isinstance(bad, Notice)
    assert "not a timepoint" in bad.text


def test_ratings_are_saved_on_change_and_shown_again(store, officer_england):
    w = widgets.questionnaire("trust", store=store)
    rate(w, 0, 4)
    rate(w, 2, 1)
    assert "2 of 8 answered" in w.progress.value
    assert "Saved" in w.message.value
    saved = AnswerStore(store.folder).activity(TRUST)
    assert saved == {w.items[0].id: 4, w.items[2].id: 1}
    assert all(isinstance(v, int) for v in saved.values())

    again = widgets.questionnaire("trust", store=AnswerStore(store.folder))
    assert shown(again)[:3] == [4, None, 1]
    assert "2 of 8 answered" in again.progress.value


def test_timepoints_are_kept_apart(store, officer_england):
    rate(widgets.questionnaire("trust", store=store), 0, 2)
    post = widgets.questionnaire("trust", timepoint="post", store=AnswerStore(store.folder))
    assert shown(post)[0] is None
    rate(post, 0, 5)
    fresh = AnswerStore(store.folder)
    assert fresh.get(rating_activity("trust", "pre"), "TB1") == 2
    assert fresh.get(rating_activity("trust", "post"), "TB1") == 5


def test_summary_appears_only_when_every_statement_is_rated(store, officer_england, monkeypatch):
    drawn = []
    real_chart = view._area_chart
    monkeypatch.setattr(
        view, "_area_chart", lambda q, means: drawn.append(means) or real_chart(q, means)
    )
    w = widgets.questionnaire("challenge", store=store)
    for index in range(len(w.items) - 1):
        rate(w, index, 3)
    assert w.summary.value == ""
    assert drawn == []  # nothing drawn (and matplotlib not needed) until the last answer
    assert not w.complete

    rate(w, 0, 5)
    rate(w, len(w.items) - 1, 1)
    assert w.complete
    assert "16 of 16 answered" in w.progress.value
    summary = w.summary.value
    assert "Your strengths" in summary and "Areas to develop" in summary
    strengths, gaps = summary.split("Areas to develop")
    assert "Statement 1:" in strengths
    assert "Statement 16:" in gaps
    assert '<img src="data:image/png;base64,' in summary
    assert 'alt="Bar chart of your mean rating in each area' in summary
    assert "<table" in summary and "Offering" in summary and "Receiving" in summary
    assert drawn[-1] == [("offering", 3.25, 8), ("receiving", 2.75, 8)]
    assert "3.2" in summary  # the numbers beside the chart


def test_summary_is_shown_again_after_a_rebuild(store, officer_england):
    store.update(TRUST, {f"TB{n}": 1 + n % 5 for n in range(1, 9)})
    w = widgets.questionnaire("trust", store=AnswerStore(store.folder))
    assert w.complete
    assert "Your strengths" in w.summary.value


def test_all_equal_ratings_say_so_plainly(store, officer_england):
    store.update(TRUST, {f"TB{n}": 3 for n in range(1, 9)})
    w = widgets.questionnaire("trust", store=AnswerStore(store.folder))
    assert "same rating" in w.summary.value


def test_a_saved_value_outside_the_scale_is_ignored_with_a_note(store, officer_england):
    # shown order of trust: TB1, TB8, TB2, ...
    store.update(TRUST, {"TB1": 9, "TB8": "high", "TB2": 2})
    w = widgets.questionnaire("trust", store=AnswerStore(store.folder))
    assert [i.id for i in w.items[:3]] == ["TB1", "TB8", "TB2"]
    assert shown(w)[:3] == [None, None, 2]
    assert "1 of 8 answered" in w.progress.value
    assert "not on this scale" in w.message.value
    assert "statements 1, 2" in w.message.value
    rate(w, 0, 3)  # rating it again replaces the bad value
    assert AnswerStore(store.folder).get(TRUST, "TB1") == 3


def test_an_incomplete_profile_shows_every_statement_with_a_note(store):
    w = widgets.questionnaire("governance_actions", store=store)
    assert len(w.items) == 16  # Scotland's extra action included
    assert "profile is not filled in" in w.message.value


def test_a_damaged_answers_file_is_reported_and_the_questionnaire_still_opens(store):
    store.folder.mkdir(parents=True, exist_ok=True)
    store.path.write_text("{not json", encoding="utf-8")
    w = widgets.questionnaire("trust", store=AnswerStore(store.folder), profile=Profile())
    assert isinstance(w, view.QuestionnaireView)
    assert "was damaged" in w.message.value and "we kept the 0 answers" in w.message.value


@pytest.mark.parametrize("framework", ["trust", "health_check", "challenge", "governance_actions"])
def test_every_rated_framework_opens_for_both_roles(store, framework):
    for role in ("councillor", "officer"):
        w = widgets.questionnaire(framework, store=store, profile=Profile(role, "scotland"))
        assert isinstance(w, view.QuestionnaireView)
        assert len(w.items) == len(w.items) > 0


def test_the_grid_sends_all_ratings_as_one_value_and_only_changes_are_saved(store, officer_england):
    """The browser sends the whole grid's value; each statement that changed is saved once."""
    w = widgets.questionnaire("trust", store=store)
    writes = []
    real_update = store.update
    store.update = lambda activity, values: (
        writes.append(dict(values)) or real_update(activity, values)
    )
    w.grid.value = {"TB1": 2, "TB8": 5}
    w.grid.value = {"TB1": 2, "TB8": 5, "TB2": 1}
    assert writes == [{"TB1": 2}, {"TB8": 5}, {"TB2": 1}]
    assert "3 of 8 answered" in w.progress.value and "3 of 8 answered" in w.progress_top.value


def test_a_value_off_the_scale_from_the_browser_is_refused(store, officer_england):
    w = widgets.questionnaire("trust", store=store)
    w.grid.value = {"TB1": 9}
    assert "Please check" in w.message.value
    assert AnswerStore(store.folder).get(TRUST, "TB1") is None
