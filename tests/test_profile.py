"""The profile is set once and read everywhere; bad values are one plain sentence."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from widgets.profile import ProfileError, load_profile, profile_path, save_profile
from widgets.session import answers_store


def test_a_saved_profile_is_read_back_with_the_same_participant_id(isolated_home: Path) -> None:
    first = save_profile("officer", "scotland", "Spring 2027", "Sam")
    again = save_profile("councillor", "scotland", "Spring 2027")
    assert profile_path() == isolated_home / "profile.json"
    loaded = load_profile()
    assert (loaded.role, loaded.jurisdiction, loaded.cohort) == (
        "councillor",
        "scotland",
        "Spring 2027",
    )
    assert first.participant_id == again.participant_id == loaded.participant_id


def test_no_profile_yet_is_an_incomplete_profile() -> None:
    assert not load_profile().complete


def test_a_damaged_profile_file_counts_as_no_profile(isolated_home: Path) -> None:
    isolated_home.mkdir(parents=True)
    (isolated_home / "profile.json").write_text("{oops")
    assert load_profile().role == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("mayor", "england"), "councillor or a council officer"),
        (("officer", "wales"), "England or in Scotland"),
        (("officer", "england", "<script>"), "letters, numbers"),
        (("officer", "england", "", "x" * 61), "60 characters"),
    ],
)
def test_bad_values_are_refused_with_one_sentence(args: tuple, message: str) -> None:
    with pytest.raises(ProfileError, match=message):
        save_profile(*args)
    assert not profile_path().exists()


def test_the_hub_user_names_the_participant(monkeypatch: pytest.MonkeyPatch) -> None:
    profile = save_profile("officer", "england")
    assert profile.participant() == profile.participant_id
    monkeypatch.setenv("JUPYTERHUB_USER", "jo-bloggs")
    assert profile.participant() == "jo-bloggs"


def test_answers_files_record_the_participant_from_the_profile(tmp_path: Path) -> None:
    save_profile("councillor", "scotland", "North")
    store = answers_store(tmp_path)
    store.set("rate.trust.pre", "TB1", 5)
    record = json.loads(store.path.read_text())["participant"]
    assert record == {
        "id": load_profile().participant_id,
        "role": "councillor",
        "jurisdiction": "scotland",
        "council_type": "unitary",  # every Scottish council is unitary, asked or not
        "cohort": "North",
    }


def test_the_profile_form_saves_and_shows_a_plain_problem_without_losing_input() -> None:
    from widgets.views.profile_form import ProfileForm

    form = ProfileForm()
    form.cohort.value = "Spring 2027"
    assert form.submit() is False  # no role chosen yet
    assert "councillor or a council officer" in form.message.value
    assert 'role="alert"' in form.message.value
    assert form.cohort.value == "Spring 2027"
    form.role.value = "officer"
    form.jurisdiction.value = "scotland"
    form.save.click()
    assert load_profile().jurisdiction == "scotland"
    assert "Scotland" in form.message.value
    again = ProfileForm()
    assert [a.legend for a in (again.role, again.jurisdiction)] == ["I am a", "My council is in"]
    assert (again.role.value, again.jurisdiction.value, again.cohort.value) == (
        "officer",
        "scotland",
        "Spring 2027",
    )


def test_the_profile_form_offers_the_council_types_of_the_country_chosen() -> None:
    """The type question is one GOV.UK radio group that follows the country: hidden until one is
    chosen, Scotland's single type chosen for the participant, England's left to them."""
    from widgets.components import Radios
    from widgets.councils import council_type_choices
    from widgets.views.profile_form import ProfileForm

    form = ProfileForm()
    assert all(isinstance(r, Radios) for r in (form.role, form.jurisdiction, form.council_type))
    assert form.council_type.layout.display == "none"
    form.jurisdiction.value = "scotland"
    assert form.council_type.layout.display is None
    assert form.council_type.value == "unitary"
    form.jurisdiction.value = "england"
    assert [v for _, v in form.council_type.options] == [
        v for _, v in council_type_choices("england")
    ]
    assert form.council_type.value == "unitary"  # still a type English councils can be
    form.role.value = "councillor"
    assert form.submit() is True
