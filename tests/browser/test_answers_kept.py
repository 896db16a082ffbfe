"""No answer is ever lost, in Voilà as participants use it: two tabs at once, typing then reloading
without leaving the box, and a damaged answers file (issue 13).

Each tab of Voilà has its own kernel, so two tabs are two processes writing one answers file.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.assignments.course import answer_check, right_answer
from widgets.store import AnswerStore

from .conftest import OFFICER_ENGLAND, VIEWPORT, _serve
from .servers import ROOT, Server, start_voila

pytestmark = [pytest.mark.browser, pytest.mark.slow]
ASSIGNMENT = "knowledge_checks"
WAIT = 180_000  # ms: a page renders its notebook in a fresh kernel on a busy machine


@pytest.fixture(scope="module")
def voila(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    yield from _serve(start_voila, tmp_path_factory, "voila-answers", OFFICER_ENGLAND)


@pytest.fixture(scope="module")
def assignment(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """Voilà on a copy of one released assignment, opened from its own folder as fetched."""
    start = functools.partial(start_voila, notebooks=ROOT / "release" / ASSIGNMENT)
    yield from _serve(start, tmp_path_factory, "voila-assignment", OFFICER_ENGLAND)


@pytest.fixture
def context(browser: Browser, voila: Server) -> Iterator[BrowserContext]:
    with _browsing(browser, voila) as ctx:
        yield ctx


@contextlib.contextmanager
def _browsing(browser: Browser, voila: Server) -> Iterator[BrowserContext]:
    """A browser context on ``voila``'s course copy, which starts with no answers file."""
    for old in voila.folder.glob("commonground_answers.json*"):
        old.unlink()  # each test starts with no answers
    ctx = browser.new_context(viewport=VIEWPORT)
    ctx.set_default_timeout(WAIT)
    ctx.set_default_navigation_timeout(WAIT)
    expect.set_options(timeout=60_000)  # a save goes through a kernel on a busy machine
    try:
        yield ctx
    finally:
        expect.set_options(timeout=None)
        ctx.close()


def _open(context: BrowserContext, voila: Server, notebook: str, ready: str) -> Page:
    """Open a notebook in a new tab and wait until the control named ``ready`` is there."""
    page = context.new_page()
    page.goto(voila.url(notebook))
    expect(page.get_by_text(ready).first).to_be_visible()
    return page


def _saved(voila: Server) -> dict:
    data = json.loads(voila.answers_path.read_text(encoding="utf-8"))
    return {key: entry["value"] for key, entry in data["answers"].items()}


def _wait_saved(voila: Server, key: str, value: object, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if voila.answers_path.exists() and _saved(voila).get(key) == value:
            return
        time.sleep(0.25)
    raise AssertionError(f"{key} was never saved as {value!r}: {_saved(voila).get(key)!r}")


def _add_relationship(page: Page, role: str) -> None:
    page.get_by_role("textbox", name="Their role (not their name)").fill(role)
    page.get_by_label("Category").select_option(index=1)
    page.get_by_role("button", name="Add to my map").click()
    expect(page.get_by_text(f"Added “{role}” to your map")).to_be_visible()


def test_two_tabs_each_add_a_relationship_and_both_are_kept(context, voila):
    first = _open(context, voila, "09_relationship_map.ipynb", "Add to my map")
    second = _open(context, voila, "09_relationship_map.ipynb", "Add to my map")
    _add_relationship(first, "Head of Planning")
    _add_relationship(second, "Director of Finance")
    first.reload()
    for role in ("Head of Planning", "Director of Finance"):
        expect(first.get_by_text(role).first).to_be_visible()
    roles = sorted(v["role"] for k, v in _saved(voila).items() if k.startswith("relmap/"))
    assert roles == ["Director of Finance", "Head of Planning"]


def test_two_tabs_each_add_a_start_action_and_both_are_kept(context, voila):
    first = _open(context, voila, "12_next_steps.ipynb", "Add to my start list")
    second = _open(context, voila, "12_next_steps.ipynb", "Add to my start list")
    for page, action in ((first, "Meet the monitoring officer"), (second, "Read the constitution")):
        page.get_by_role("textbox", name="I will start").fill(action)
        page.get_by_role("button", name="Add to my start list").click()
        expect(page.get_by_text("added to your start list.")).to_be_visible()
    first.reload()
    listing = first.get_by_label("My start list")
    for action in ("Meet the monitoring officer", "Read the constitution"):
        expect(listing.locator("option", has_text=action)).to_have_count(1)
    assert _saved(voila)["plan/start"] == ["Meet the monitoring officer", "Read the constitution"]


def test_two_tabs_each_add_a_sentence_to_a_reflection_and_every_word_is_kept(context, voila):
    AnswerStore(voila.folder, {"id": "p"}).set("reflect.challenge2", "text", "We meet monthly.")
    first = _open(context, voila, "02_expectations_and_perspectives.ipynb", "Your thoughts on")
    second = _open(context, voila, "02_expectations_and_perspectives.ipynb", "Your thoughts on")
    for page in (first, second):  # both tabs loaded the same words
        expect(page.get_by_role("textbox", name=re.compile("^Your thoughts on"))).to_have_value(
            "We meet monthly."
        )
    text = "We meet monthly."
    for page, words in ((first, " Tab A adds this."), (second, " Tab B adds that.")):
        box = page.get_by_role("textbox", name=re.compile("^Your thoughts on"))
        box.click()
        box.press("Control+End")
        box.press_sequentially(words)
        text += words
        _wait_saved(voila, "reflect.challenge2/text", text)  # saved after a pause in typing
    expected = "We meet monthly. Tab A adds this. Tab B adds that."
    assert _saved(voila)["reflect.challenge2/text"] == expected
    expect(second.get_by_text("What you wrote in another tab or window")).to_be_visible()
    expect(second.get_by_role("textbox", name=re.compile("^Your thoughts on"))).to_have_value(
        expected
    )
    first.reload()
    box = first.get_by_role("textbox", name=re.compile("^Your thoughts on"))
    expect(box).to_have_value(expected)


def test_a_reason_typed_then_reloaded_without_leaving_the_box_is_kept(context, voila):
    page = _open(context, voila, "01_roles_and_responsibilities.ipynb", "Reason for task 1")
    box = page.get_by_role("textbox", name="Reason for task 1 (optional)").first
    box.click()
    box.press_sequentially("It is about policy")
    expect(page.get_by_text(re.compile("^Saved at")).first).to_be_visible()  # still in the box
    page.reload()
    box = page.get_by_role("textbox", name="Reason for task 1 (optional)").first
    expect(box).to_have_value("It is about policy")


def test_words_typed_then_reloaded_at_once_are_kept(context, voila):
    """No pause, no leaving the box: the reload cuts off what has not reached the kernel, and the
    tab hands it back to the new page's kernel (widgets.views.drafts)."""
    words = "Officers advise on this, and councillors decide."
    page = _open(context, voila, "02_expectations_and_perspectives.ipynb", "Your thoughts on")
    box = page.get_by_role("textbox", name=re.compile("^Your thoughts on")).first
    box.click()
    box.press_sequentially(words)
    page.reload()
    box = page.get_by_role("textbox", name=re.compile("^Your thoughts on")).first
    expect(box).to_have_value(words)
    _wait_saved(voila, "reflect.challenge2/text", words)
    page.reload()  # saved, so the tab's copy is gone and the file alone brings it back
    expect(page.get_by_role("textbox", name=re.compile("^Your thoughts on")).first).to_have_value(
        words
    )
    assert page.evaluate("Object.keys(sessionStorage).filter(k => k.startsWith('cg-draft'))") == []


def test_a_reason_typed_then_reloaded_at_once_is_kept(context, voila):
    page = _open(context, voila, "01_roles_and_responsibilities.ipynb", "Reason for task 1")
    box = page.get_by_role("textbox", name="Reason for task 1 (optional)").first
    box.click()
    box.press_sequentially("It is about the budget")
    page.reload()
    box = page.get_by_role("textbox", name="Reason for task 1 (optional)").first
    expect(box).to_have_value("It is about the budget")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        reasons = [v.get("reason") for k, v in _saved(voila).items() if k.startswith("sort.roles/")]
        if "It is about the budget" in reasons:
            break
        time.sleep(0.5)
    assert "It is about the budget" in reasons


def _truncate(raw: bytes) -> bytes:
    return raw[: len(raw) * 2 // 3]


def _scramble(raw: bytes) -> bytes:
    middle = len(raw) // 2
    return raw[:middle] + os.urandom(48) + raw[middle + 48 :]


@pytest.mark.parametrize("damage", [_truncate, _scramble], ids=["truncated", "garbage"])
def test_a_damaged_file_shows_the_banner_everywhere_and_restore_works(context, voila, damage):
    store = AnswerStore(voila.folder, {"id": "p"})
    for n in range(1, 9):
        store.set("rate.trust.pre", f"TB{n}", n % 5 + 1)
    store.set("relmap", "e1", _entry("Chief Executive"))
    path: Path = voila.answers_path
    path.write_bytes(damage(path.read_bytes()))
    trust = _open(context, voila, "08_building_trust.ipynb", "About your saved answers")
    banner = trust.get_by_role("region", name="About your saved answers")
    expect(banner).to_contain_text("was damaged")
    expect(banner).to_contain_text("we kept the")
    expect(banner).not_to_contain_text("UTF-8")
    mapped = _open(context, voila, "09_relationship_map.ipynb", "About your saved answers")
    expect(mapped.get_by_text("Chief Executive").first).to_be_visible()  # not an empty map
    mapped.get_by_role("button", name="Restore my last good copy").click()
    expect(mapped.get_by_text("back as they were before the damage")).to_be_visible()
    trust.reload()
    expect(trust.get_by_text("About your saved answers")).to_have_count(0)
    saved = _saved(voila)
    assert {k: v for k, v in saved.items() if k.startswith("rate.trust.pre/")} == {
        f"rate.trust.pre/TB{n}": n % 5 + 1 for n in range(1, 9)
    }
    assert list(voila.folder.glob("commonground_answers.json.unreadable-*"))  # kept, not deleted


def test_a_damaged_file_shows_the_banner_in_an_assignment_and_restore_works(browser, assignment):
    store = AnswerStore(assignment.folder, {"id": "p"})
    with _browsing(browser, assignment) as context:  # the course's own server is not needed
        for check in ("roles_policy", "roles_accountable", "officer_must_not", "principles_match"):
            answer_check(store, check, right_answer(check))
        before = _saved(assignment)
        path: Path = assignment.answers_path
        path.write_bytes(_truncate(path.read_bytes()))
        page = _open(context, assignment, f"{ASSIGNMENT}.ipynb", "About your saved answers")
        banner = page.get_by_role("region", name="About your saved answers")
        expect(banner).to_contain_text("was damaged")
        expect(banner).to_contain_text("we kept the")
        expect(banner).not_to_contain_text("UTF-8")
        page.get_by_role("button", name="Restore my last good copy").click()
        expect(page.get_by_text("back as they were before the damage")).to_be_visible()
        page.reload()
        expect(page.get_by_role("button", name="Submit this assignment")).to_be_visible()
        expect(page.get_by_text("About your saved answers")).to_have_count(0)
    assert _saved(assignment) == before  # every answer back, ready to submit


def _entry(role: str) -> dict:
    return {"role": role, "category": "senior_manager", "importance": 4, "quality": 2, "action": ""}
