"""The contents page and the previous/next links in Voilà, as a participant meets them (issue 14).

- ``voila notebooks/`` (the folder served): the contents page lists every topic; answering part of
  a topic shows it "In progress" there; axe finds nothing serious or critical; nothing is wider
  than the window at 390 px (screenshots in test-artifacts/browser/page); every topic link is
  reached with Tab and opens with Enter; Next on a topic opens the next topic.
- plain ``voila`` in the course folder (the folder above the notebooks served): Next and Contents
  open their pages under ``/voila/render/<folder>/``.
- Voilà as a Jupyter server extension (JupyterLab's Voilà links; a hub's single-user server is the
  same server): the page at ``/voila/render/…`` lists its folder with the login cookie, and Next
  opens the next topic.
- an assignment folder served (no contents page beside it): its Contents link is dropped.
- ``voila notebooks/03_….ipynb`` (one file served): no previous, next or contents link is left on
  the page, since every other path there is redirected to Voilà's file handler, which refuses it
  (403), rather than rendered.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.error import HTTPError

import pytest
from playwright.sync_api import Browser, Page, expect

from widgets.navigation import course_topics

from .conftest import VIEWPORT
from .page_checks import layout_problems
from .servers import PAGE_TIMEOUT, ROOT, Server, start_voila
from .test_accessibility import failures, run_axe

pytestmark = [pytest.mark.browser, pytest.mark.slow]

COUNCILLOR_SCOTLAND = {"role": "councillor", "jurisdiction": "scotland", "cohort": "Contents"}
TOPICS = course_topics()
FORGING = "03_forging_good_relationships.ipynb"


@pytest.fixture(scope="module")
def voila(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    base = tmp_path_factory.mktemp("voila-contents")
    with start_voila(base, profile=COUNCILLOR_SCOTLAND) as server:
        yield server


@pytest.fixture
def tab(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(PAGE_TIMEOUT)
    context.set_default_navigation_timeout(PAGE_TIMEOUT)
    page = context.new_page()
    yield page
    context.close()


def _row(page: Page, number: int):
    return page.locator(".govuk-task-list__item").nth(number)


def _open_contents(page: Page, server: Server) -> None:
    page.goto(server.url("contents.ipynb"))
    expect(page.locator(".govuk-task-list__item")).to_have_count(len(TOPICS))
    expect(page.locator("body")).to_have_attribute("data-cg-course-links", "checked")


def test_answering_part_of_a_topic_shows_it_in_progress(voila: Server, tab: Page) -> None:
    _open_contents(tab, voila)
    expect(_row(tab, 3).locator(".govuk-task-list__status")).to_have_text("Not started")
    expect(_row(tab, 0).locator(".govuk-task-list__status")).to_have_text("Done")  # the profile

    tab.goto(voila.url(FORGING))
    box = tab.get_by_role("textbox", name=re.compile("^Your thoughts on Challenge 3"))
    box.fill("Agree with officers how we raise problems, then meet monthly.")
    box.blur()  # leaving the box saves at once
    expect(tab.get_by_text("Saved", exact=False).first).to_be_visible()

    _open_contents(tab, voila)
    row = _row(tab, 3)
    expect(row.locator(".govuk-task-list__status")).to_have_text("In progress")
    expect(row.locator(".govuk-task-list__hint")).to_have_text("1 of 3 answered")
    link = row.get_by_role("link", name="03 Forging good relationships")
    assert link.get_attribute("aria-describedby") == "cg-topic-03-hint cg-topic-03-status"

    results = run_axe(tab)
    assert failures(tab, results) == []
    # lines of at most 80 characters at 1280 px, nothing wider than the window at 768 and 390 px
    assert layout_problems(tab, voila, "contents") == []

    # every topic's link is reached with Tab, in course order, and Enter opens it
    tab.set_viewport_size(VIEWPORT)
    tab.locator("body").focus()
    reached: list[str] = []
    for _ in range(80):
        tab.keyboard.press("Tab")
        href = tab.evaluate(
            "() => document.activeElement.classList.contains('govuk-task-list__link')"
            " ? document.activeElement.getAttribute('href') : null"
        )
        if href:
            reached.append(href)
        if len(reached) == len(TOPICS):
            break
    assert reached == [t.file for t in TOPICS]
    tab.keyboard.press("Shift+Tab")  # back to 11 ...
    tab.keyboard.press("Shift+Tab")  # ... and 10
    tab.keyboard.press("Enter")
    tab.wait_for_url(re.compile(r"/voila/render/10_competency_self_assessment\.ipynb$"))


def test_next_opens_the_next_topic_when_the_folder_is_served(voila: Server, tab: Page) -> None:
    tab.goto(voila.url(FORGING))
    expect(tab.locator("body")).to_have_attribute("data-cg-course-links", "checked")
    expect(tab.locator("a[rel=prev]")).to_have_attribute("href", TOPICS[2].file)
    expect(tab.get_by_role("link", name="Contents")).to_have_attribute("href", "contents.ipynb")
    tab.locator("a[rel=next]").click()
    tab.wait_for_url(re.compile(rf"/voila/render/{re.escape(TOPICS[4].file)}$"))
    expect(tab.locator("#main-content h1").first).to_contain_text(TOPICS[4].title)


def test_links_work_when_voila_serves_the_course_folder(
    tmp_path_factory: pytest.TempPathFactory, tab: Page
) -> None:
    base = tmp_path_factory.mktemp("voila-course-folder")
    with start_voila(base, profile=COUNCILLOR_SCOTLAND, from_parent=True) as server:
        tab.goto(server.url(f"course/{FORGING}"))
        expect(tab.locator("body")).to_have_attribute("data-cg-course-links", "checked")
        tab.locator("a[rel=next]").click()
        tab.wait_for_url(re.compile(rf"/voila/render/course/{re.escape(TOPICS[4].file)}$"))
        expect(tab.locator("body")).to_have_attribute("data-cg-course-links", "checked")
        tab.get_by_role("link", name="Contents").click()
        tab.wait_for_url(re.compile(r"/voila/render/course/contents\.ipynb$"))
        expect(tab.locator(".govuk-task-list__link")).to_have_count(len(TOPICS))


def test_links_work_in_voila_as_a_server_extension(lab_server: Server, tab: Page) -> None:
    tab.goto(f"{lab_server.base}/voila/render/{FORGING}?token={lab_server.token}")
    expect(tab.locator("body")).to_have_attribute("data-cg-course-links", "checked")
    expect(tab.get_by_role("link", name="Contents")).to_have_attribute("href", "contents.ipynb")
    tab.locator("a[rel=next]").click()
    tab.wait_for_url(re.compile(rf"/voila/render/{re.escape(TOPICS[4].file)}$"))
    expect(tab.locator("#main-content h1").first).to_contain_text(TOPICS[4].title)


def test_an_assignment_folder_keeps_no_contents_link(
    tmp_path_factory: pytest.TempPathFactory, tab: Page
) -> None:
    base = tmp_path_factory.mktemp("voila-assignment")
    release = ROOT / "release" / "reflections"
    with start_voila(base, profile=COUNCILLOR_SCOTLAND, notebooks=release) as server:
        tab.goto(server.url("reflections.ipynb"))
        expect(tab.locator("body")).to_have_attribute("data-cg-course-links", "checked")
        expect(tab.locator("a[data-cg-course-link]")).to_have_count(0)
        expect(tab.locator(".govuk-service-navigation__service-name")).to_have_text("Common Ground")


def test_voila_file_leaves_no_link_that_would_not_open(
    tmp_path_factory: pytest.TempPathFactory, tab: Page
) -> None:
    base = tmp_path_factory.mktemp("voila-file")
    with start_voila(base, notebook=FORGING, profile=COUNCILLOR_SCOTLAND) as server:
        with pytest.raises(HTTPError) as refused:  # a relative link here: redirected, refused
            server.get("/04_conduct_and_the_seven_principles.ipynb")
        assert refused.value.code in (403, 404)
        tab.goto(server.base + "/")
        expect(tab.locator("#main-content h1").first).to_contain_text("Forging good relationships")
        expect(tab.locator("body")).to_have_attribute("data-cg-course-links", "checked")
        expect(tab.locator("a[rel=prev], a[rel=next], a[data-cg-course-link]")).to_have_count(0)
        expect(tab.locator(".govuk-pagination")).to_have_count(0)
        expect(tab.locator(".govuk-service-navigation__service-name")).to_have_text("Common Ground")
        assert failures(tab, run_axe(tab)) == []


def test_the_contents_page_on_its_own_lists_topics_without_links(
    tmp_path_factory: pytest.TempPathFactory, tab: Page
) -> None:
    base = tmp_path_factory.mktemp("voila-file-contents")
    with start_voila(base, notebook="contents.ipynb", profile=COUNCILLOR_SCOTLAND) as server:
        tab.goto(server.base + "/")
        expect(tab.locator(".govuk-task-list__item")).to_have_count(len(TOPICS))
        expect(tab.get_by_text("This page was opened on its own")).to_be_visible()
        expect(tab.locator(".govuk-task-list a, a[data-cg-course-link]")).to_have_count(0)
