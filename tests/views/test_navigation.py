"""The Voilà template's course map and settings: in step with the notebooks, found by Voilà."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from widgets import navigation

ROOT = Path(__file__).resolve().parents[2]


def test_course_map_matches_the_notebooks() -> None:
    """course.j2 is written from the notebooks; regenerate: python -m widgets.navigation."""
    expected = navigation.template_map(
        navigation.course_topics(), (navigation.NOTEBOOKS / navigation.CONTENTS).is_file()
    )
    actual = (navigation.TEMPLATE_DIR / "course.j2").read_text(encoding="utf-8")
    assert actual == expected, "course.j2 is stale: run .venv/bin/python -m widgets.navigation"


def test_topics_are_in_course_order_with_their_own_titles() -> None:
    topics = navigation.course_topics()
    assert [t.number for t in topics] == list(range(13))
    assert topics[0].title == "Start here"
    assert topics[8].title == "Building trust"
    assert all(not t.title[0].isdigit() for t in topics)


def test_a_notebook_without_a_heading_is_named(tmp_path: Path) -> None:
    (tmp_path / "01_x.ipynb").write_text(json.dumps({"cells": []}), encoding="utf-8")
    with pytest.raises(ValueError, match=r"01_x\.ipynb has no '# ' heading"):
        navigation.course_topics(tmp_path)


def test_voila_finds_the_template_and_the_settings() -> None:
    """The installed environment (what plain voila, Lab's Voilà and a hub use) has both."""
    from jupyter_core.paths import jupyter_config_path
    from voila.paths import collect_template_paths

    paths = collect_template_paths(["voila", "nbconvert"], "commonground", prune=True)
    assert any(Path(p, "index.html.j2").is_file() and "commonground" in p for p in paths)
    course = json.loads((ROOT / "voila.json").read_text(encoding="utf-8"))
    assert course["VoilaConfiguration"]["template"] == "commonground"
    assert course["VoilaConfiguration"]["progressive_rendering"] is True
    installed = [
        Path(d, "voila.json") for d in jupyter_config_path() if Path(d, "voila.json").exists()
    ]
    assert installed, "voila.json is not installed in the environment's etc/jupyter"
    assert json.loads(installed[0].read_text(encoding="utf-8")) == course


def test_vendored_govuk_frontend_has_no_gds_transport_font() -> None:
    folder = navigation.TEMPLATE_DIR / "static" / "govuk"
    css = (folder / "govuk-frontend.min.css").read_text(encoding="utf-8")
    assert "GDS Transport" not in css and "@font-face" not in css
    assert (folder / "VERSION").read_text().strip() == "6.6.0"
    assert "MIT License" in (folder / "LICENCE.txt").read_text(encoding="utf-8")


# previous/next and contents links, wherever the folder is served ------------------------------
def _hub_page(path: str) -> str:
    """The page a participant lands on from ``commonground link --interface voila``: the hub's
    user-redirect sends them to their own server, ``/user/<name>/`` + nbgitpuller's urlpath."""
    from urllib.parse import parse_qs, urlsplit

    from widgets.facilitate.link import gitpuller_link

    link = gitpuller_link(
        "https://hub.example.gov.uk/hub/",
        "https://git.example.gov.uk/council/common-ground.git",
        path=path,
        interface="voila",
    )
    urlpath = parse_qs(urlsplit(link).query)["urlpath"][0]
    return f"https://hub.example.gov.uk/user/ann/{urlpath}"


SERVED = {
    "voila notebooks/": lambda file: f"http://127.0.0.1:8866/voila/render/{file}",
    "voila in the course folder": lambda f: f"http://127.0.0.1:8866/voila/render/notebooks/{f}",
    "commonground link on a hub": lambda file: _hub_page(f"notebooks/{file}"),
}


@pytest.mark.parametrize("setup", SERVED, ids=list(SERVED))
def test_course_links_resolve_to_each_neighbour_wherever_the_folder_is_served(setup) -> None:
    from urllib.parse import urljoin, urlsplit

    page = SERVED[setup]
    topics = navigation.course_topics()
    links = navigation.course_links(topics, has_contents=True)
    assert set(links) == {"contents", *(t.stem for t in topics)}
    for index, topic in enumerate(topics):
        here = page(topic.file)
        assert navigation.serves_folder(urlsplit(here).path)
        mine = links[topic.stem]
        assert urljoin(here, mine["contents"]["file"]) == page("contents.ipynb")
        if index:
            assert urljoin(here, mine["previous"]["file"]) == page(topics[index - 1].file)
            assert mine["previous"]["title"] == topics[index - 1].title
        else:
            assert "previous" not in mine
        if index + 1 < len(topics):
            assert urljoin(here, mine["next"]["file"]) == page(topics[index + 1].file)
        else:
            assert "next" not in mine
    assert urljoin(page("contents.ipynb"), links["contents"]["next"]["file"]) == page(
        topics[0].file
    )


def test_the_hub_page_is_under_the_participants_own_server() -> None:
    assert _hub_page("notebooks/03_forging_good_relationships.ipynb") == (
        "https://hub.example.gov.uk/user/ann/voila/render/common-ground/notebooks/"
        "03_forging_good_relationships.ipynb"
    )


def test_without_a_contents_page_the_first_topic_is_home() -> None:
    topics = navigation.course_topics()
    links = navigation.course_links(topics, has_contents=False)
    assert "contents" not in links
    assert links[topics[5].stem]["contents"]["file"] == topics[0].file


def test_voila_file_serves_no_other_notebook() -> None:
    """``voila notebooks/03_x.ipynb`` renders at the root; a relative link would 404 there."""
    assert not navigation.serves_folder("/")
    assert not navigation.serves_folder("/04_conduct_and_the_seven_principles.ipynb")
    script = (navigation.TEMPLATE_DIR / "static" / "course-links.js").read_text(encoding="utf-8")
    assert r"\/voila\/render\/" in script  # the page's script applies the same rule
