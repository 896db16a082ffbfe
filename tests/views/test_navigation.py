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
