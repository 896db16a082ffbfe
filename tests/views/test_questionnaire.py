"""The questionnaire widget, driven through its controls like a participant would."""

from __future__ import annotations

import ipywidgets as ipw
import pytest

import widgets
from widgets.activities import rating_activity
from widgets.profile import Profile
from widgets.store import AnswerStore
from widgets.views import questionnaire as view
from widgets.views.ui import Notice

TRUST = rating_activity("trust", "pre")


def test_officer_rates_the_nos_standard_by_area(store, officer_england):
    w = widgets.questionnaire("nos_sfjc21", store=store)
    assert len(w.rating_controls) == 26
    assert [i.id for i in w.items][-1] == "B9"  # scope rows S1-S4 are not rated
    assert all(isinstance(c, ipw.RadioButtons) for c in w.rating_controls)
    assert all(c.value is None for c in w.rating_controls)
    texts = [c.value for c in w.children if isinstance(c, ipw.HTML)]
    assert any("<h4>Performance</h4>" in t for t in texts)
    assert any("<h4>Behaviour</h4>" in t for t in texts)


def test_every_control_has_an_accessible_name_matching_its_statement(store, officer_england):
    w = widgets.questionnaire("trust", store=store)
    names = [c.description for c in w.rating_controls]
    assert names == [f"Statement {n}" for n in range(1, 9)]
    first = w.rating_controls[0]
    assert first.options[0][0] == "Not at all confident"
    statement = w.children[w.children.index(first) - 1]
    assert "<strong>Statement 1.</strong>" in statement.value
    assert first.tooltip == w.items[0].statement


def test_councillor_gets_councillor_skills_not_the_nos(store, councillor_scotland):
    w = widgets.questionnaire("councillor_skills", store=store)
    assert len(w.rating_controls) == 12
    notice = widgets.questionnaire("nos_sfjc21", store=store)
    assert isinstance(notice, Notice)
    assert "council officers" in notice.text


def test_profile_argument_overrides_the_saved_profile(store, councillor_scotland):
    w = widgets.questionnaire("nos_sfjc21", store=store, profile=Profile("officer", "england"))
    assert len(w.rating_controls) == 26


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
    w.rating_controls[0].value = 4
    w.rating_controls[2].value = 1
    assert "2 of 8 answered" in w.progress.value
    assert "Saved" in w.message.value
    saved = AnswerStore(store.folder).activity(TRUST)
    assert saved == {w.items[0].id: 4, w.items[2].id: 1}
    assert all(isinstance(v, int) for v in saved.values())

    again = widgets.questionnaire("trust", store=AnswerStore(store.folder))
    assert [c.value for c in again.rating_controls[:3]] == [4, None, 1]
    assert "2 of 8 answered" in again.progress.value


def test_timepoints_are_kept_apart(store, officer_england):
    widgets.questionnaire("trust", store=store).rating_controls[0].value = 2
    post = widgets.questionnaire("trust", timepoint="post", store=AnswerStore(store.folder))
    assert post.rating_controls[0].value is None
    post.rating_controls[0].value = 5
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
    for control in w.rating_controls[:-1]:
        control.value = 3
    assert w.summary.value == ""
    assert drawn == []  # nothing drawn (and matplotlib not needed) until the last answer
    assert not w.complete

    w.rating_controls[0].value = 5
    w.rating_controls[-1].value = 1
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
    assert [c.value for c in w.rating_controls[:3]] == [None, None, 2]
    assert "1 of 8 answered" in w.progress.value
    assert "not on this scale" in w.message.value
    assert "statements 1, 2" in w.message.value
    w.rating_controls[0].value = 3  # rating it again replaces the bad value
    assert AnswerStore(store.folder).get(TRUST, "TB1") == 3


def test_an_incomplete_profile_shows_every_statement_with_a_note(store):
    w = widgets.questionnaire("governance_actions", store=store)
    assert len(w.rating_controls) == 16  # Scotland's extra action included
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
        assert len(w.rating_controls) == len(w.items) > 0
