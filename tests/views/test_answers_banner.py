"""The banner at the top of every notebook after a damaged answers file, and its two buttons."""

from __future__ import annotations

import json

import widgets
from widgets.store import AnswerStore
from widgets.views.answers_banner import KEEP, RESTORE, AnswersBanner


def _damage(store: AnswerStore) -> None:
    for n in range(4):
        store.set("rate.trust.pre", f"TB{n}", n + 1)
    store.path.write_bytes(store.path.read_bytes()[:-40])  # cut short


def test_no_damage_no_banner(store):
    store.set("a", "b", 1)
    banner = widgets.answers_banner(store=AnswerStore(store.folder))
    assert isinstance(banner, AnswersBanner)
    assert banner.layout.display == "none" and banner.text.value == ""


def test_every_notebook_shows_the_banner_until_it_is_dealt_with(store):
    _damage(store)
    first = widgets.answers_banner(store=AnswerStore(store.folder))  # this one finds the damage
    second = widgets.answers_banner(store=AnswerStore(store.folder))  # another notebook, later
    for banner in (first, second):
        assert banner.layout.display != "none"
        assert "was damaged (it was cut short)" in banner.text.value
        assert "we kept the 4 answers" in banner.text.value
        assert "UTF-8" not in banner.text.value and "JSON" not in banner.text.value
        assert banner.restore_button.description == RESTORE
        assert banner.keep_button.description == KEEP
    assert AnswerStore(store.folder).activity("rate.trust.pre") == {
        f"TB{n}": n + 1 for n in range(4)
    }


def test_restore_goes_back_to_the_last_good_copy_and_the_banner_goes(store):
    _damage(store)
    banner = widgets.answers_banner(store=AnswerStore(store.folder))
    banner.restore_button.click()
    assert "back as they were before the damage" in banner.text.value
    assert banner.buttons.layout.display == "none"
    assert widgets.answers_banner(store=AnswerStore(store.folder)).layout.display == "none"
    saved = json.loads(store.path.read_text())["answers"]
    assert {k: v["value"] for k, v in saved.items()} == {
        f"rate.trust.pre/TB{n}": n + 1 for n in range(4)
    }


def test_keep_hides_the_banner_everywhere_and_keeps_the_salvaged_answers(store):
    _damage(store)
    banner = widgets.answers_banner(store=AnswerStore(store.folder))
    banner.keep_button.click()
    assert "stay as they are" in banner.text.value
    assert widgets.answers_banner(store=AnswerStore(store.folder)).layout.display == "none"
    assert len(AnswerStore(store.folder).activity("rate.trust.pre")) == 4
