"""The relationship map widget: driven through its controls, saved to and restored from a store."""

from __future__ import annotations

import base64
import csv
import io
import re

import ipywidgets as ipw
import pytest
from traitlets import TraitError

import widgets
from widgets.activities import map_activity
from widgets.drawing import relationship_map as drawing
from widgets.profile import Profile
from widgets.store import AnswerStore
from widgets.views import relationship_map as view
from widgets.views.relationship_map import RelationshipMap, map_png_bytes, relationship_map

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
ENGLAND = Profile("officer", "england")


@pytest.fixture
def quick(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tiny blank pictures, for tests about the controls and the store rather than the drawing
    (drawing the real map takes most of a second); the picture tests below draw for real."""
    from matplotlib.figure import Figure

    monkeypatch.setattr(view, "map_figure", lambda entries, profile=None: Figure((0.2, 0.2)))
    monkeypatch.setattr(view, "grid_figure", lambda entries: Figure((0.2, 0.2)))


def saved(store: AnswerStore) -> dict:
    """What is on disk, read by a fresh store."""
    return AnswerStore(store.folder).activity(map_activity())


def fill(w: RelationshipMap, role, category="senior_manager", importance=0, quality=0, action=""):
    w.role.value = role
    w.category.value = category
    w.importance.value = importance
    w.quality.value = quality
    w.action.value = action


def add(w: RelationshipMap, role, **kwargs) -> None:
    fill(w, role, **kwargs)
    w.add_button.click()


def walk(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from walk(child)


def test_registered_as_the_notebook_call(store, quick):
    w = widgets.relationship_map(store=store, profile=ENGLAND)
    assert isinstance(w, RelationshipMap)


def test_add_through_the_controls_saves_to_the_store(store, quick):
    w = relationship_map(store=store, profile=ENGLAND)
    add(w, "Head of Planning", importance=5, quality=2, action="Book a monthly catch-up")
    assert saved(store) == {
        "e1": {
            "role": "Head of Planning",
            "category": "senior_manager",
            "importance": 5,
            "quality": 2,
            "action": "Book a monthly catch-up",
        }
    }
    assert "Added “Head of Planning”" in w.message.value
    assert w.role.value == "" and w.importance.value == 0  # the form is ready for the next one
    assert "Head of Planning" in w.table_html.value and "5 (Essential)" in w.table_html.value
    assert "1. Head of Planning (importance 5, quality 2)" in w.develop_html.value


def test_unrated_entry_is_saved_with_nulls(store, quick):
    w = relationship_map(store=store, profile=ENGLAND)
    add(w, "Democratic Services Manager", category="members_services")
    value = saved(store)["e1"]
    assert value["importance"] is None and value["quality"] is None
    assert "not rated yet" in w.table_html.value
    assert "Not rated yet (not on the grid): Democratic Services Manager" in w.develop_html.value


def test_rebuild_shows_every_saved_entry_again(store, quick):
    w = relationship_map(store=store, profile=ENGLAND)
    add(w, "Head of Planning", importance=4, quality=1)
    add(w, "Ward surgery team", category="community", importance=2, quality=5)
    again = relationship_map(store=AnswerStore(store.folder), profile=ENGLAND)
    assert again.entries == w.entries
    assert list(again.edit_buttons) == ["e1", "e2"]
    assert "Ward surgery team" in again.table_html.value
    assert "Head of Planning" in again.develop_html.value
    assert (
        'alt="Relationship map with you at the centre and 2 relationships' in again.map_html.value
    )
    add(again, "Chief Executive", importance=5, quality=5)
    assert sorted(saved(store)) == ["e1", "e2", "e3"]


def test_edit_through_its_button_changes_the_store(store, quick):
    w = relationship_map(store=store, profile=ENGLAND)
    add(w, "Head of Planning", importance=4, quality=1)
    add(w, "Clerk to the council", importance=3, quality=3)
    w.edit_buttons["e1"].click()
    assert w.role.value == "Head of Planning" and w.quality.value == 1
    assert w.add_button.description == "Save changes"
    w.quality.value = 4
    w.action.value = "Keep the fortnightly meeting"
    w.add_button.click()
    assert saved(store)["e1"]["quality"] == 4
    assert saved(store)["e1"]["action"] == "Keep the fortnightly meeting"
    assert saved(store)["e2"]["role"] == "Clerk to the council"
    assert len(saved(store)) == 2
    assert w.add_button.description == "Add to my map"
    assert "Saved your changes" in w.message.value


def test_cancel_an_edit_changes_nothing(store, quick):
    w = relationship_map(store=store, profile=ENGLAND)
    add(w, "Head of Planning", importance=4, quality=1)
    w.edit_buttons["e1"].click()
    w.quality.value = 5
    w.cancel_button.click()
    assert saved(store)["e1"]["quality"] == 1
    assert w.role.value == "" and w.add_button.description == "Add to my map"


def test_remove_through_its_button_and_put_it_back(store, quick):
    w = relationship_map(store=store, profile=ENGLAND)
    add(w, "Head of Planning", importance=4, quality=1)
    add(w, "Clerk to the council")
    w.remove_buttons["e1"].click()
    assert list(saved(store)) == ["e2"]
    assert "Removed “Head of Planning”" in w.message.value
    assert "Head of Planning" not in w.table_html.value
    w.undo_button.click()
    assert saved(store)["e1"]["role"] == "Head of Planning"
    assert w.undo_button.layout.display == "none"


def test_removed_ids_are_not_given_out_again(store, quick):
    w = relationship_map(store=store, profile=ENGLAND)
    add(w, "Head of Planning")
    add(w, "Clerk to the council")
    w.remove_buttons["e2"].click()
    add(w, "Chief Executive")
    assert sorted(saved(store)) == ["e1", "e3"]


def test_a_removed_newest_id_is_not_given_out_again_after_a_restart(store, quick):
    w = relationship_map(store=store, profile=ENGLAND)
    add(w, "Head of Planning")
    add(w, "Clerk to the council")
    w.remove_buttons["e2"].click()
    restarted = relationship_map(store=AnswerStore(store.folder), profile=ENGLAND)
    add(restarted, "Chief Executive")
    assert sorted(saved(AnswerStore(store.folder))) == ["e1", "e3"]


def test_empty_role_gives_one_sentence_and_keeps_everything(store, quick):
    w = relationship_map(store=store, profile=ENGLAND)
    add(w, "Head of Planning", importance=4, quality=1)
    fill(w, "   ", importance=3, quality=2, action="Say hello")
    w.add_button.click()
    assert "Please type a role" in w.message.value and "Please check" in w.message.value
    assert saved(store) == {"e1": w.entries["e1"]} and len(w.entries) == 1
    assert (w.importance.value, w.quality.value, w.action.value) == (3, 2, "Say hello")


def test_duplicate_role_and_missing_category_are_refused(store, quick):
    w = relationship_map(store=store, profile=ENGLAND)
    add(w, "Head of Planning")
    add(w, "head of planning ")
    assert "already on your map" in w.message.value
    w.category.value = None
    w.role.value = "Chief Executive"
    w.add_button.click()
    assert "choose a category" in w.message.value
    assert list(saved(store)) == ["e1"]


def test_ratings_can_only_be_chosen_from_the_scale(store, quick):
    w = relationship_map(store=store, profile=ENGLAND)
    assert [v for _, v in w.importance.options] == [0, 1, 2, 3, 4, 5]
    assert [v for _, v in w.quality.options] == [0, 1, 2, 3, 4, 5]
    with pytest.raises(TraitError):  # the control itself refuses a value off the scale
        w.importance.value = 7


def test_a_rating_off_the_scale_in_the_file_is_mended_in_one_sentence(store, quick):
    store.set(
        map_activity(),
        "e1",
        {
            "role": "Chief Executive",
            "category": "senior_manager",
            "importance": 9,
            "quality": 2,
            "action": "",
        },
    )
    w = relationship_map(store=store, profile=ENGLAND)
    assert w.entries["e1"]["importance"] is None and w.entries["e1"]["quality"] == 2
    assert "off the scale" in w.message.value


def test_a_name_gets_a_gentle_warning_but_is_kept(store, quick):
    w = relationship_map(store=store, profile=ENGLAND)
    add(w, "Cllr Brown", category="fellow_councillor")
    assert "might be a person's name" in w.message.value.replace("&#x27;", "'")
    assert "Note:" in w.message.value
    assert saved(store)["e1"]["role"] == "Cllr Brown"


def test_a_unicode_role_works_end_to_end(store, quick):
    role = "Oifigear Gàidhlig – Siân's tîm (Ynys Môn)"
    w = relationship_map(store=store, profile=ENGLAND)
    add(w, role, category="partner_organisation", importance=5, quality=1)
    assert saved(store)["e1"]["role"] == role
    again = relationship_map(store=AnswerStore(store.folder), profile=ENGLAND)
    assert again.entries["e1"]["role"] == role
    assert "Gàidhlig" in again.table_html.value and "Gàidhlig" in again.develop_html.value


def test_statutory_officers_for_england(store, officer_england, quick):
    w = relationship_map(store=store)  # the profile saved by the fixture
    assert w.suggest_button.description == "Add the statutory officers for England"
    add(w, "Monitoring officer", category="statutory_officer", importance=5, quality=3)
    w.suggest_button.click()
    roles = [v["role"] for v in saved(store).values()]
    assert len(roles) == 6 and "Director of Public Health" in roles
    assert [r.lower() for r in roles].count("monitoring officer") == 1
    new = [v for k, v in saved(store).items() if k != "e1"]
    assert all(v["category"] == "statutory_officer" and v["importance"] is None for v in new)
    w.suggest_button.click()
    assert len(saved(store)) == 6 and "already on your map" in w.message.value


def test_statutory_officers_for_scotland(store, councillor_scotland, quick):
    w = relationship_map(store=store)
    assert w.suggest_button.description == "Add the statutory officers for Scotland"
    w.suggest_button.click()
    roles = {v["role"] for v in saved(store).values()}
    assert "Chief Social Work Officer" in roles and "Director of Public Health" not in roles
    assert "You\n(councillor)" in drawing._you_label(w.profile)


def test_without_a_profile_the_suggestion_is_hidden_and_explained(store, quick):
    w = relationship_map(store=store, profile=Profile())
    assert w.suggest_button.layout.display == "none"
    assert "Fill in your profile" in w.suggest_note.value


def test_redraws_only_when_the_entries_change(store, quick):
    w = relationship_map(store=store, profile=ENGLAND)
    drawn = w.draw_count
    for text in ("H", "He", "Head of Pla", "Head of Planning"):
        w.role.value = text
    w.importance.value = 4
    w.category.value = "community"
    assert w.draw_count == drawn
    w.add_button.click()
    assert w.draw_count == drawn + 1
    w.add_button.click()  # empty role now: refused, nothing to redraw
    assert w.draw_count == drawn + 1
    w.edit_buttons["e1"].click()
    w.add_button.click()  # saved without any change: the pictures stay as they are
    assert w.draw_count == drawn + 1 and "Saved your changes" in w.message.value


def test_pictures_have_alt_text_and_downloads(store):
    w = relationship_map(store=store, profile=ENGLAND)
    assert w.downloads.value == ""
    add(w, "Head of Planning", importance=5, quality=1, action="Ask, kindly")
    assert 'alt="Relationship map with you at the centre' in w.map_html.value
    assert 'alt="Grid of importance (up) against quality now' in w.grid_html.value
    links = w.downloads.value
    assert '<a download="relationship_map.png" href="data:image/png;base64,' in links
    png = re.search(r'download="relationship_map.png" href="data:image/png;base64,([^"]+)"', links)
    assert base64.b64decode(png.group(1)).startswith(PNG_SIGNATURE)
    data = re.search(r'download="relationship_map.csv" href="data:text/csv;[^,]*,([^"]+)"', links)
    text = base64.b64decode(data.group(1)).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:2] == ["id", "role"] and rows[1][-1] == "Ask, kindly"


def test_map_png_bytes_is_a_png_even_when_empty():
    entries = {
        "e1": {
            "role": "Siân's team",
            "category": "community",
            "importance": 3,
            "quality": None,
            "action": "",
        }
    }
    assert map_png_bytes(entries, ENGLAND).startswith(PNG_SIGNATURE)
    assert map_png_bytes({}).startswith(PNG_SIGNATURE)
    assert view.entries_csv(entries).startswith("id,role,category")


def test_controls_are_labelled_and_never_sliders_or_toggle_buttons(store, quick):
    w = relationship_map(store=store, profile=ENGLAND)
    add(w, "Head of Planning")
    controls = list(walk(w))
    assert not any(
        isinstance(c, ipw.IntSlider | ipw.FloatSlider | ipw.ToggleButtons) for c in controls
    )
    for control in controls:
        if isinstance(control, ipw.Text | ipw.Dropdown | ipw.RadioButtons):
            assert control.description
        if isinstance(control, ipw.Button):
            assert control.description
    assert w.edit_buttons["e1"].tooltip == "Edit Head of Planning"


def test_an_empty_map_is_shown_without_importing_matplotlib(tmp_path):
    import subprocess
    import sys

    code = (
        "import sys, widgets\n"
        "from widgets.store import AnswerStore\n"
        f"w = widgets.relationship_map(store=AnswerStore({str(tmp_path)!r}))\n"
        "assert 'appear here once you add' in w.map_html.value\n"
        "print('matplotlib' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"
