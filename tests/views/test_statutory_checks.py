"""Notebook 05's statutory-officer questions come in the reader's order: their council's first."""

from __future__ import annotations

import pytest

from widgets.activities import check_activity
from widgets.profile import Profile
from widgets.store import AnswerStore
from widgets.views.statutory_checks import StatutoryChecks, statutory_checks

ENGLAND, DISTRICT, SCOTLAND = (
    "statutory_england_match",
    "statutory_district_officers",
    "statutory_scotland_match",
)


def build(store: AnswerStore, profile: Profile) -> StatutoryChecks:
    view = statutory_checks(store=store, profile=profile)
    assert isinstance(view, StatutoryChecks), getattr(view, "text", view)
    return view


def page_text(view: StatutoryChecks) -> str:
    return "".join(getattr(c, "value", "") for c in view.children if not hasattr(c, "check"))


@pytest.mark.parametrize("role", ["councillor", "officer"])
@pytest.mark.parametrize(
    ("jurisdiction", "council", "first", "own_count"),
    [
        ("scotland", "", SCOTLAND, 1),
        ("england", "district", DISTRICT, 1),
        ("england", "county", ENGLAND, 1),
        ("england", "unitary", ENGLAND, 1),
        ("england", "", ENGLAND, 2),  # type unknown: both English questions may be theirs
    ],
)
def test_the_readers_own_question_comes_first(
    store: AnswerStore, role: str, jurisdiction: str, council: str, first: str, own_count: int
) -> None:
    view = build(store, Profile(role, jurisdiction, council_type=council))
    assert view.order[0] == first and sorted(view.order) == sorted([ENGLAND, DISTRICT, SCOTLAND])
    labels = [
        c for c in view.children if "For other councils (optional)" in getattr(c, "value", "")
    ]
    assert len(labels) == 1
    # the "other councils" heading comes after exactly the reader's own questions
    position = list(view.children).index(labels[0])
    before = [c for c in view.children[:position] if hasattr(c, "check")]
    assert [c.check.id for c in before] == view.order[:own_count]
    if own_count == 2:
        assert view.order[1] == DISTRICT and "does not say which type of council" in page_text(view)
    else:
        assert "The question for your council comes first." in page_text(view)


def test_each_question_names_its_source(store: AnswerStore) -> None:
    view = build(store, Profile("councillor", "scotland"))
    sources = [c.value for c in view.children if "cg-source" in getattr(c, "value", "")]
    assert len(sources) == 3
    assert "Improvement Service" in sources[0]  # Scotland's question, from the Scottish notebook
    assert "Local Government Association" in sources[1]


def test_an_unset_profile_shows_all_three_and_says_why(store: AnswerStore) -> None:
    view = build(store, Profile())
    assert view.order == [ENGLAND, DISTRICT, SCOTLAND]
    assert "You have not set up your profile yet" in page_text(view)
    assert not [c for c in view.children if "For other councils" in getattr(c, "value", "")]


def test_answers_are_saved_per_question_whatever_the_order(store: AnswerStore) -> None:
    view = build(store, Profile("councillor", "scotland"))
    scotland = view.checks[0]
    assert scotland.check.id == SCOTLAND
    first, *_ = scotland.check.options
    scotland.value = {"answer": {first.id: first.id}}
    again = build(AnswerStore(store.folder), Profile("councillor", "scotland"))
    saved = AnswerStore(store.folder).activity(check_activity(SCOTLAND))
    assert saved["answer"] == {first.id: first.id}
    assert again.checks[0].value["answer"] == {first.id: first.id}
