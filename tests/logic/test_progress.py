"""The contents page's progress: per topic, from the answers file, for each of the four profiles."""

from __future__ import annotations

from pathlib import Path

import pytest

from widgets.logic import progress
from widgets.logic.questionnaire import load_questionnaire
from widgets.logic.ranking import load_ranking
from widgets.logic.sorter import sorter_items
from widgets.navigation import NOTEBOOKS
from widgets.profile import Profile
from widgets.store import ANSWERS_FILENAME, AnswerStore

PROFILES = [Profile(r, j) for r in ("councillor", "officer") for j in ("england", "scotland")]
IDS = [f"{p.role}-{p.jurisdiction}" for p in PROFILES]


def _store(tmp_path: Path, profile: Profile) -> AnswerStore:
    return AnswerStore(tmp_path / "answers", {"id": "p-test", "role": profile.role})


def _by_number(store: AnswerStore, profile: Profile) -> dict[int, progress.TopicProgress]:
    found = progress.read_progress(store, profile, NOTEBOOKS)
    return {row.topic.number: row for row in found.topics}


def _rate_all(store: AnswerStore, framework: str, profile: Profile, value: int = 3) -> int:
    items = load_questionnaire(framework, profile.role, profile.jurisdiction).items
    store.update(f"rate.{framework}.pre", {item.id: value for item in items})
    return len(items)


@pytest.mark.parametrize("profile", PROFILES, ids=IDS)
def test_no_answers_file_every_topic_not_started_but_the_profile(tmp_path, profile) -> None:
    store = _store(tmp_path, profile)
    found = progress.read_progress(store, profile, NOTEBOOKS)
    assert [row.topic.number for row in found.topics] == list(range(13))
    assert found.notes == []
    assert found.topics[0].text == "Done"  # 00 Start here asks only for the profile
    assert {row.text for row in found.topics[1:]} == {"Not started"}
    assert all(row.total > 0 for row in found.topics)
    assert not store.path.exists()  # reading progress writes nothing


@pytest.mark.parametrize("profile", PROFILES, ids=IDS)
def test_a_questionnaire_counts_only_the_statements_this_profile_is_shown(tmp_path, profile):
    store = _store(tmp_path, profile)
    mine = "nos_sfjc21" if profile.role == "officer" else "councillor_skills"
    other = "councillor_skills" if profile.role == "officer" else "nos_sfjc21"
    topic = _by_number(store, profile)[10]
    shown = len(load_questionnaire(mine, profile.role, profile.jurisdiction).items)
    assert topic.total == shown
    # the other side's framework, rated in full (say from another profile), counts for nothing
    other_items = load_questionnaire(other).items
    store.update(f"rate.{other}.pre", {item.id: 2 for item in other_items})
    assert _by_number(store, profile)[10].text == "Not started"
    store.update(f"rate.{mine}.pre", {load_questionnaire(mine, profile.role).items[0].id: 4})
    half = _by_number(store, profile)[10]
    assert half.text == f"In progress (1 of {shown} answered)"
    _rate_all(store, mine, profile)
    assert _by_number(store, profile)[10].text == "Done"


@pytest.mark.parametrize("profile", PROFILES, ids=IDS)
def test_checks_about_the_other_country_are_not_counted(tmp_path, profile) -> None:
    store = _store(tmp_path, profile)
    mine = _by_number(store, profile)
    other_place = "england" if profile.jurisdiction == "scotland" else "scotland"
    theirs = _by_number(store, Profile(profile.role, other_place))
    # 04: Scotland also has its own principles match; 05: England (no council type given) is
    # shown both English statutory-officer questions, Scotland its one
    scottish = mine if profile.jurisdiction == "scotland" else theirs
    english = theirs if profile.jurisdiction == "scotland" else mine
    assert scottish[4].total == english[4].total + 1
    assert (english[5].total, scottish[5].total) == (3, 2)
    foreign = {"england": "statutory_scotland_match", "scotland": "statutory_district_officers"}
    store.set(f"check.{foreign[profile.jurisdiction]}", "answer", "anything")
    store.set("check.principles_scotland_match", "answer", {"x": "y"})  # damaged: never counts
    assert _by_number(store, profile)[5].text == "Not started"
    assert _by_number(store, profile)[4].text == "Not started"


def test_a_district_council_counts_only_its_own_statutory_question(tmp_path) -> None:
    district = Profile("officer", "england", council_type="district")
    assert _by_number(_store(tmp_path, district), district)[5].total == 2


@pytest.mark.parametrize("profile", PROFILES, ids=IDS)
def test_a_topic_is_in_progress_then_done(tmp_path, profile) -> None:
    """08 Building trust: a questionnaire, a ranking and two reflections, answered in turn."""
    store = _store(tmp_path, profile)
    statements = len(load_questionnaire("trust", profile.role, profile.jurisdiction).items)
    assert _by_number(store, profile)[8].total == statements + 3
    store.set("reflect.induction_q4", "text", "  ")  # only spaces: not answered
    assert _by_number(store, profile)[8].text == "Not started"
    store.set("reflect.induction_q4", "text", "I keep my promises.")
    assert _by_number(store, profile)[8].text == f"In progress (1 of {statements + 3} answered)"
    _rate_all(store, "trust", profile)
    store.set("rank.trust_priorities", "order", load_ranking("trust_priorities").ids[:2])
    row = _by_number(store, profile)[8]
    assert (row.status, row.answered) == ("In progress", statements + 1)  # ranking incomplete
    store.set("rank.trust_priorities", "order", load_ranking("trust_priorities").ids)
    store.set("reflect.induction_q3", "text", "Ask early.")
    assert _by_number(store, profile)[8].text == "Done"


def test_sorter_scenario_and_check_count_what_is_finished(tmp_path) -> None:
    profile = PROFILES[1]
    store = _store(tmp_path, profile)
    items = sorter_items("challenge1")
    store.update("sort.challenge1", {items[0]["id"]: {"choice": "joint", "reason": ""}})
    store.update("sort.challenge1", {items[1]["id"]: {"choice": None, "reason": "not sure"}})
    store.set("check.roles_policy", "answer", "no-such-option")  # no longer fits: not counted
    row = _by_number(store, profile)[1]
    assert (row.answered, row.status) == (1, "In progress")
    from widgets.logic.scenario import all_paths, load_scenario

    route = all_paths(load_scenario("challenge4"))[0]
    store.set("scenario.challenge4", "path", route[:1])
    assert _by_number(store, profile)[3].text == "In progress (0 of 3 answered)"
    store.set("scenario.challenge4", "path", route)
    assert _by_number(store, profile)[3].text == "In progress (1 of 3 answered)"


def test_answers_of_the_wrong_shape_never_stop_the_page(tmp_path) -> None:
    profile = PROFILES[0]
    store = _store(tmp_path, profile)
    store.update("reflect.challenge3", {"text": 5})
    store.update("sort.roles", {"x": "councillor", sorter_items("roles")[0]["id"]: [1, 2]})
    store.update("rank.trust_priorities", {"order": "nope"})
    store.update("relmap", {"e1": "no role"})
    store.update("plan", {"start": "not a list"})
    store.update("scenario.challenge5", {"path": {"not": "a path"}})
    rows = _by_number(store, profile)
    assert {rows[n].status for n in (1, 3, 8, 9, 12)} == {"Not started"}
    assert rows[4].text == "Not started"


def test_a_damaged_answers_file_is_said_in_a_sentence_and_what_is_readable_counts(tmp_path):
    profile = PROFILES[2]
    store = _store(tmp_path, profile)
    store.set("reflect.challenge3", "text", "Talk first.")
    text = store.path.read_text(encoding="utf-8")
    store.path.write_text(text[: text.index('"Talk first."') + 20], encoding="utf-8")  # cut short
    fresh = AnswerStore(store.folder, {"id": "p-test"})
    found = progress.read_progress(fresh, profile, NOTEBOOKS)
    assert (
        len(found.notes) == 1 and "damaged" in found.notes[0] and "Traceback" not in found.notes[0]
    )
    assert found.topics[3].text == "In progress (1 of 3 answered)"


def test_a_file_that_is_not_answers_at_all_is_said_plainly(tmp_path) -> None:
    folder = tmp_path / "answers"
    folder.mkdir()
    (folder / ANSWERS_FILENAME).write_bytes(b"\xff\xfe not json")
    found = progress.read_progress(AnswerStore(folder), PROFILES[3], NOTEBOOKS)
    assert found.notes and "could still read" in found.notes[0]
    assert {row.text for row in found.topics[1:]} == {"Not started"}


def test_an_incomplete_profile_counts_everything_and_says_so(tmp_path) -> None:
    found = progress.read_progress(_store(tmp_path, Profile()), Profile(), NOTEBOOKS)
    assert found.topics[0].text == "Not started"
    assert any("profile is not filled in" in note for note in found.notes)
    numbers = {row.topic.number: row.total for row in found.topics}
    officer = _by_number(_store(tmp_path, PROFILES[2]), PROFILES[2])  # officer in England
    assert numbers[10] > officer[10].total and numbers[4] > officer[4].total


def test_a_folder_without_topics_says_so(tmp_path) -> None:
    found = progress.read_progress(_store(tmp_path, PROFILES[0]), PROFILES[0], tmp_path)
    assert found.topics == [] and "no topic notebooks" in found.notes[-1]


def test_widget_calls_are_read_from_code_cells_only(tmp_path) -> None:
    calls = progress.widget_calls(NOTEBOOKS / "10_competency_self_assessment.ipynb")
    assert ("questionnaire", "nos_sfjc21", None) in calls
    assert ("answers_banner", None, None) in calls
    assert ("questionnaire", "trust", "post") in [
        c
        for c in progress.widget_calls(
            _notebook(tmp_path, 'widgets.questionnaire("trust", "post")')
        )
    ]


def _notebook(tmp_path: Path, code: str) -> Path:
    import json

    path = tmp_path / "x.ipynb"
    cells = [
        {"cell_type": "markdown", "source": 'widgets.reflection("not_code")'},
        {"cell_type": "code", "source": code},
        {"cell_type": "code", "source": "this is not python ("},
    ]
    path.write_text(json.dumps({"cells": cells}), encoding="utf-8")
    return path
