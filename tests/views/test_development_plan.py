"""The development plan widget, driven through its controls like a participant would."""

from __future__ import annotations

import base64
import re

import ipywidgets as ipw

import widgets
from widgets.activities import map_activity, plan_activity, rating_activity
from widgets.components import Checkboxes, TextArea
from widgets.profile import Profile
from widgets.store import AnswerStore
from widgets.views.development_plan import DevelopmentPlanView
from widgets.views.ui import Notice

PLAN = plan_activity()


def _saved(store):
    return AnswerStore(store.folder).activity(PLAN)


def _download(w, filename):
    match = re.search(
        rf'<a download="{re.escape(filename)}" href="data:([^;]+);charset=utf-8;base64,([^"]+)"',
        w.downloads.value,
    )
    assert match, f"no download link for {filename}"
    return match.group(1), base64.b64decode(match.group(2)).decode("utf-8")


def test_start_keep_stop_actions_are_added_saved_and_shown_again(store, officer_england):
    w = widgets.development_plan(store=store)
    assert isinstance(w, DevelopmentPlanView)
    start = w.actions["start"]
    start.text.value = "Meet the monitoring officer each month"
    assert start.text.count == "You have 162 characters remaining"  # follows the typing
    start.add_button.click()
    assert start.text.value == "" and start.text.count == "You have 200 characters remaining"
    assert "Saved" in start.message.value
    w.actions["stop"].text.value = "Sending emails late at night"
    w.actions["stop"].add_button.click()
    saved = _saved(store)
    assert saved["start"] == ["Meet the monitoring officer each month"]
    assert saved["stop"] == ["Sending emails late at night"]
    assert saved.get("keep", []) == [] and saved.get("options", []) == []

    again = widgets.development_plan(store=AnswerStore(store.folder))
    assert again.actions["start"].listing.options == ("Meet the monitoring officer each month",)
    assert again.actions["stop"].actions == ["Sending emails late at night"]


def test_every_control_has_an_accessible_name(store, officer_england):
    w = widgets.development_plan(store=store)
    names = [n for a in w.actions.values() for n in (a.text.label, a.listing.description)]
    assert all(names) and len(set(names)) == len(names)
    assert all(isinstance(a.text, TextArea) for a in w.actions.values())
    assert w.actions["start"].text.count == "You have 200 characters remaining"
    buttons = [b for a in w.actions.values() for b in (a.add_button, a.remove_button)]
    assert len({b.description for b in buttons}) == 6
    groups = list(w.option_groups.values())  # GOV.UK checkboxes: a fieldset, each box labelled
    assert all(isinstance(g, Checkboxes) for g in groups)
    assert groups and {g.legend for g in groups} <= {"Suggested for you", "Other options"}
    assert all(label and hint for g in groups for label, _, hint in g.options)


def test_empty_text_gives_a_plain_sentence_and_loses_nothing(store, officer_england):
    w = widgets.development_plan(store=store)
    keep = w.actions["keep"]
    keep.text.value = "Thank officers for good work"
    keep.add_button.click()
    keep.text.value = "   "
    keep.add_button.click()
    assert "Please check" in keep.message.value
    assert "Please write something you will keep doing" in keep.message.value
    assert keep.actions == ["Thank officers for good work"]
    assert _saved(store)["keep"] == ["Thank officers for good work"]

    keep.text.value = "x" * 300
    keep.add_button.click()
    assert "200 characters" in keep.message.value
    assert keep.text.value == "x" * 300  # the participant's words stay in the box


def test_remove_takes_the_chosen_action_out(store, officer_england):
    store.update(PLAN, {"start": ["One", "Two"], "keep": [], "stop": [], "options": []})
    w = widgets.development_plan(store=AnswerStore(store.folder))
    start = w.actions["start"]
    start.remove_button.click()
    assert "Choose an action in the list first" in start.message.value
    start.listing.value = "One"
    start.remove_button.click()
    assert start.actions == ["Two"]
    assert _saved(store)["start"] == ["Two"]


def test_proposes_own_lowest_ratings_and_develop_first_relationships(store, officer_england):
    store.update(rating_activity("trust", "pre"), {"TB1": 1, "TB2": 5})
    store.update(rating_activity("nos_sfjc21", "pre"), {"P5": 2})
    store.update(
        map_activity(),
        {
            "e1": {"role": "Chief executive", "category": "senior_manager", "importance": 5,
                   "quality": 1, "action": "Ask for a regular slot"},
            "e2": {"role": "Ward colleague", "category": "fellow_councillor", "importance": 2,
                   "quality": 1, "action": ""},
        },
    )  # fmt: skip
    w = widgets.development_plan(store=AnswerStore(store.folder))
    assert [g.item.id for g in w.gaps] == ["TB1", "P5"]
    assert [r.id for r in w.relationships] == ["e1"]
    page = "".join(c.value for c in w.children if isinstance(c, ipw.HTML))
    assert "Where you most want to develop" in page
    assert "Chief executive (Senior manager): essential" in page
    assert "Ward colleague" not in page
    suggested = [o.id for o in w.suggested]
    assert suggested[0] == "DEV2"  # nos, trust and relationships, and for officers
    assert len(suggested) == 3  # the best few, not the whole catalogue (issue 14)
    assert set(w.option_ids) == {"DEV1", "DEV2", "DEV3", "DEV4", "DEV5", "DEV6", "DEV7"}


def test_councillor_is_offered_only_options_that_suit_councillors(store, councillor_scotland):
    store.update(rating_activity("councillor_skills", "pre"), {"CS1": 1})
    w = widgets.development_plan(store=AnswerStore(store.folder))
    assert [o.id for o in w.suggested] == ["DEV1", "DEV4"]
    assert set(w.option_ids) == {"DEV1", "DEV4"}  # DEV3 is for England, the rest for officers


def test_ticked_options_are_saved_totalled_and_shown_again(store, officer_england):
    w = widgets.development_plan(store=store)
    w.tick("DEV2")
    w.tick("DEV7")
    w.tick("DEV5")
    assert _saved(store)["options"] == ["DEV2", "DEV5", "DEV7"]  # in the order shown
    assert "Total time: about 118 hours." in w.totals.value
    assert "Total cost: £1,709, plus VAT on" in w.totals.value
    assert "Political Awareness Training" in w.totals.value and "not stated" in w.totals.value

    w.tick("DEV7", False)
    assert _saved(store)["options"] == ["DEV2", "DEV5"]
    again = widgets.development_plan(store=AnswerStore(store.folder))
    assert again.chosen_options() == ["DEV2", "DEV5"]
    assert "Total time: about 10 hours." in again.totals.value


def test_download_links_carry_the_plan_with_participant_text_escaped(store, officer_england):
    w = widgets.development_plan(store=store)
    w.actions["start"].text.value = "Listen <b>first</b> & ask"
    w.actions["start"].add_button.click()
    w.tick("DEV6")
    mime, markdown = _download(w, "my_development_plan.md")
    assert mime == "text/markdown"
    assert r"- Listen \<b\>first\</b\> \& ask" in markdown
    assert "Total cost: £750." in markdown
    mime, page = _download(w, "my_development_plan.html")
    assert mime == "text/html"
    assert "Listen &lt;b&gt;first&lt;/b&gt; &amp; ask" in page
    assert "<b>first" not in page
    assert "Managing in a political environment - developing political skills" in page


def test_write_plan_produces_both_files(store, officer_england, tmp_path):
    store.update(PLAN, {"start": ["Prepare before briefings"], "options": ["DEV1"]})
    w = widgets.development_plan(store=AnswerStore(store.folder))
    paths = w.write_plan(tmp_path / "plans")
    assert [p.name for p in paths] == ["my_development_plan.md", "my_development_plan.html"]
    assert "Prepare before briefings" in paths[0].read_text(encoding="utf-8")
    assert "The political skills framework" in paths[1].read_text(encoding="utf-8")


def test_the_plan_never_includes_other_activities_or_the_participant_record(store):
    store.set("reflect.challenge2", "text", "Something private about a colleague")
    store.update(PLAN, {"start": ["Be on time"]})
    w = widgets.development_plan(store=AnswerStore(store.folder), profile=Profile())
    _, markdown = _download(w, "my_development_plan.md")
    _, page = _download(w, "my_development_plan.html")
    for text in (markdown, page):
        assert "Be on time" in text
        assert "Something private" not in text
        assert "p-test" not in text


def test_damaged_saved_plan_is_noted_not_fatal(store, officer_england):
    store.update(PLAN, {"start": "not a list", "options": ["DEV2", "GONE"]})
    w = widgets.development_plan(store=AnswerStore(store.folder))
    assert w.actions["start"].actions == []
    assert "DEV2" in w.chosen_options()
    assert "could not be read" in w.message.value
    assert "no longer in the catalogue" in w.message.value


def test_bad_timepoint_gives_one_sentence(store, officer_england):
    notice = widgets.development_plan(store=store, timepoint="someday")
    assert isinstance(notice, Notice)
    assert "not a timepoint" in notice.text


def test_a_tick_saves_only_itself_so_another_tabs_ticks_stay_and_show(store, officer_england):
    """One tick is one change: it is merged with what is on disk (another tab ticked DEV5
    meanwhile), and every group then shows what is saved."""
    w = widgets.development_plan(store=store)
    AnswerStore(store.folder).update(PLAN, {"options": ["DEV5"]})  # the other tab
    w.tick("DEV2")
    assert _saved(store)["options"] == ["DEV2", "DEV5"]
    assert w.chosen_options() == ["DEV2", "DEV5"]
    w.tick("DEV2", False)
    assert _saved(store)["options"] == ["DEV5"]
