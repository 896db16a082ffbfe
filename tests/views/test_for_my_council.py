"""The "Also show how this works in …" tick: the course's own GOV.UK checkbox, a reading choice
remembered in the home folder and never in the answers file graders and analysts read."""

from __future__ import annotations

import json
from pathlib import Path

import widgets
from widgets import reading
from widgets.components import Checkboxes
from widgets.profile import Profile
from widgets.store import ANSWERS_FILENAME
from widgets.views.for_my_council import SHOW, ForMyCouncil

COUNCILLOR_SCOTLAND = Profile("councillor", "scotland")


def build(profile: Profile = COUNCILLOR_SCOTLAND) -> ForMyCouncil:
    view = widgets.for_my_council("codes_of_conduct", profile=profile)
    assert isinstance(view, ForMyCouncil), getattr(view, "value", view)
    return view


def test_the_tick_is_the_govuk_checkbox_named_for_the_other_country() -> None:
    view = build()
    assert isinstance(view.show_other, Checkboxes)
    assert view.show_other.options == [["Also show how this works in England", SHOW]]
    assert view.show_other.legend == ""  # the tick is its own label
    assert view.show_other.value == [] and view.other.layout.display == "none"
    england = build(Profile("officer", "england")).show_other.options[0][0]
    assert england == "Also show how this works in Scotland"


def test_ticking_shows_the_other_country_and_is_remembered_at_home_only(isolated_home) -> None:
    view = build()
    view.show_other.value = [SHOW]
    assert view.showing_other and view.other.layout.display is None
    assert reading.recall("for_my_council.codes_of_conduct.show_other") is True
    again = build()  # a reopened page shows it as the participant left it
    assert again.show_other.value == [SHOW] and again.other.layout.display is None
    again.show_other.value = []
    assert again.other.layout.display == "none"
    assert reading.recall("for_my_council.codes_of_conduct.show_other") is False
    # never an answer: nothing in the answers file, which is what is submitted and analysed
    answers = Path.cwd() / ANSWERS_FILENAME  # the notebook's folder (the kernel's working one)
    assert not answers.exists() or "for_my_council" not in answers.read_text()
    saved = json.loads(reading.reading_path().read_text())
    assert any("for_my_council.codes_of_conduct.show_other" in v for v in saved.values())
    assert reading.reading_path().is_relative_to(isolated_home)
