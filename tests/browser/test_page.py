"""The participant's page in Voilà: GOV.UK Frontend's page layout around the notebook.

The first, a middle and the last topic are opened in the course's Voilà template (the one
``voila.json`` names, as plain ``voila`` in the course folder uses it): a skip link first, the
course name, one ``<main>``, the notebook's own title in the browser tab, previous/next links in
course order, and the lesson text sent before the kernel starts (progressive rendering). The
layout at 1280/768/390 px is checked on every notebook by ``test_notebooks.py``
(``page_checks.py``).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from widgets.navigation import course_topics

from .servers import PAGE_TIMEOUT, Server

pytestmark = [pytest.mark.browser, pytest.mark.slow]

TOPICS = course_topics()
SAMPLE = [TOPICS[0], TOPICS[8], TOPICS[-1]]


@pytest.mark.parametrize("topic", SAMPLE, ids=[t.stem for t in SAMPLE])
def test_page_has_landmarks_title_and_topic_links(topic, voila_server: Server, page: Page) -> None:
    page.goto(voila_server.url(topic.file), wait_until="commit")
    expect(page.locator("#main-content h1").first).to_be_visible(timeout=PAGE_TIMEOUT)
    assert page.title() == f"{topic.title} – Common Ground"
    assert page.locator("main").count() == 1
    first = page.evaluate(
        "() => document.querySelector('a[href], button, input, select, textarea').textContent"
    )
    assert first.strip() == "Skip to main content"
    page.keyboard.press("Tab")
    expect(page.locator(".govuk-skip-link")).to_be_focused()
    expect(page.locator(".govuk-service-navigation__service-name")).to_have_text("Common Ground")
    index = [t.stem for t in TOPICS].index(topic.stem)
    after = page.locator("a[rel=next]")
    if index + 1 < len(TOPICS):
        expect(after).to_have_attribute("href", TOPICS[index + 1].file)
    else:
        expect(after).to_have_count(0)
    before = page.locator("a[rel=prev]")
    if index > 0:
        expect(before).to_have_attribute("href", TOPICS[index - 1].file)
    else:
        expect(before).to_have_count(0)


def test_plain_voila_uses_the_course_template(voila_server: Server) -> None:
    """The server in these tests is plain ``voila`` started in the course folder."""
    html = voila_server.get("/voila/render/08_building_trust.ipynb").decode("utf-8")
    assert "govuk-frontend.min.css" in html and 'id="main-content"' in html
    assert "cdn.jsdelivr.net" not in html  # nothing that holds the page back on a closed network
    # Progressive rendering: the lesson text comes before the kernel's page configuration.
    assert html.index("Why trust matters") < html.index('id="jupyter-config-data"')
