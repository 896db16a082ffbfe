"""The contents page's view: a GOV.UK task list whose statuses are words, linked only if served."""

from __future__ import annotations

import re

import pytest

from widgets import navigation
from widgets.logic.progress import CourseProgress, TopicProgress
from widgets.navigation import Topic
from widgets.profile import Profile
from widgets.store import AnswerStore
from widgets.views.contents import Contents, contents_html, task_list_html

TOPICS = [
    TopicProgress(Topic("00_start_here", 0, "Start here"), 1, 1, True),
    TopicProgress(Topic("03_forging", 3, "Forging <good> relationships"), 1, 3, True),
    TopicProgress(Topic("08_building_trust", 8, "Building trust"), 0, 11, False),
]


def test_each_topic_links_to_its_page_with_its_status_in_words() -> None:
    page = task_list_html(CourseProgress(TOPICS, []))
    assert page.startswith('<ul class="govuk-task-list">')
    links = re.findall(r'<a class="govuk-link govuk-task-list__link" href="([^"]+)"', page)
    assert links == ["00_start_here.ipynb", "03_forging.ipynb", "08_building_trust.ipynb"]
    assert "&lt;good&gt;" in page and "<good>" not in page
    statuses = re.findall(r'class="govuk-task-list__status" id="[^"]+">(.*?)</div>', page)
    assert [re.sub("<[^>]+>", "", s) for s in statuses] == ["Done", "In progress", "Not started"]
    assert "1 of 3 answered" in page and "11 things to answer" in page
    # the hint and the status are read with the link
    assert 'aria-describedby="cg-topic-03-hint cg-topic-03-status"' in page


def test_without_a_served_folder_titles_are_not_links() -> None:
    page = contents_html(CourseProgress(TOPICS, ["A note."]), links=False)
    assert "<a " not in page and "opened on its own" in page
    assert "A note." in page and "You have done 1 of 3 topics, and started 1 more." in page


@pytest.mark.parametrize(
    ("path", "served"),
    [
        (None, True),  # JupyterLab: a relative link opens the file beside the notebook
        ("/voila/render/contents.ipynb", True),  # voila notebooks/
        ("/voila/render/notebooks/contents.ipynb", True),  # plain voila in the course folder
        ("/user/ann/voila/render/commonground/notebooks/contents.ipynb", True),  # a hub
        ("/", False),  # voila notebooks/contents.ipynb
        ("/contents.ipynb", False),
    ],
)
def test_links_only_where_the_folder_is_served(path, served) -> None:
    assert navigation.serves_folder(path) is served


def test_the_page_in_voila_file_mode_has_no_links(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("VOILA_BASE_URL", "/")
    monkeypatch.setenv("SCRIPT_NAME", "/")
    profile = Profile("officer", "scotland")
    view = Contents(AnswerStore(tmp_path), profile, navigation.NOTEBOOKS)
    assert not view.links and "govuk-task-list__link" not in view.value
    monkeypatch.setenv("SCRIPT_NAME", "/voila/render/contents.ipynb")
    view = Contents(AnswerStore(tmp_path), profile, navigation.NOTEBOOKS)
    assert view.value.count("govuk-task-list__link") == 13
