"""The course drawings: each builds, has alt text, says what it shows in words, avoids pyplot."""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
from pathlib import Path

import ipywidgets as ipw
import pytest
from matplotlib.figure import Figure

import widgets
from widgets.views import diagrams
from widgets.views.diagrams import DiagramView, build_figure, diagram
from widgets.views.ui import Notice

ROOT = Path(__file__).resolve().parents[2]
NAMES = ["political_management_1d", "political_management_2d", "political_management_3d", "spheres"]

# words the visible text alternative must contain for each picture
KEY_LABELS = {
    "political_management_1d": [
        "Political",
        "Managerial",
        "Councillors",
        "Officers",
        "no shared space",
    ],
    "political_management_2d": [
        "Political",
        "Managerial",
        "Councillors",
        "Officers",
        "Shared space",
    ],
    "political_management_3d": [
        "Councillors",
        "Officers",
        "Local community",
        "citizens",
        "customers",
        "consultation and discussion",
        "fire station",
    ],
    "spheres": [
        "Councillor sphere",
        "Officer sphere",
        "Shared ground",
        "Steering, not rowing",
        "politically impartial",
        "electorate",
        "staff day to day",
    ],
}


def _alt(view: DiagramView) -> str:
    match = re.search(r'<img [^>]*alt="([^"]*)"', view.image.value)
    assert match, "the image has no alt attribute"
    return html.unescape(match.group(1))


def test_the_names_are_the_four_drawings_of_notebook_01() -> None:
    assert sorted(diagrams.DIAGRAMS) == sorted(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_each_diagram_builds_a_figure_with_visible_drawing(name: str) -> None:
    figure = build_figure(name)
    assert isinstance(figure, Figure)
    texts = [t.get_text() for t in figure.axes[0].texts]
    assert any(texts), "the drawing has no text labels"


@pytest.mark.parametrize("name", NAMES)
def test_each_diagram_is_an_image_with_alt_text_and_a_visible_text_alternative(name: str) -> None:
    view = widgets.diagram(name)
    assert isinstance(view, DiagramView) and isinstance(view, ipw.VBox)
    assert view.children == (view.image, view.text)
    assert isinstance(view.image, ipw.HTML) and isinstance(view.text, ipw.HTML)
    assert view.image.value.startswith('<img src="data:image/png;base64,')
    assert len(_alt(view).split()) >= 8
    words = html.unescape(view.text.value)
    assert "What the picture shows" in words and "Source:" in words
    for label in KEY_LABELS[name]:
        assert label.lower() in words.lower(), f"{name}: the text does not mention {label!r}"


@pytest.mark.parametrize("name", ["political_management_1d", "political_management_2d"])
def test_the_line_pictures_label_both_ends_of_the_axis(name: str) -> None:
    texts = {t.get_text() for t in build_figure(name).axes[0].texts}
    assert {"Political", "Managerial"} <= texts


def test_spheres_lists_every_quick_guide_item_in_picture_and_words() -> None:
    texts = "\n".join(t.get_text() for t in build_figure("spheres").axes[0].texts)
    flat = " ".join(texts.split())
    words = html.unescape(diagram("spheres").text.value)
    for item in diagrams.COUNCILLOR_ITEMS + diagrams.OFFICER_ITEMS + diagrams.SHARED_ITEMS:
        assert " ".join(item.lower().split()) in flat.lower().replace("• ", ""), item
        assert item.lower() in words.lower(), item


@pytest.mark.parametrize("name", NAMES)
def test_colour_is_never_the_only_cue(name: str) -> None:
    from matplotlib.patches import Circle

    circles = [p for p in build_figure(name).axes[0].patches if isinstance(p, Circle)]
    hatches = {p.get_hatch() for p in circles if p.get_hatch()}
    areas = {(tuple(p.center), p.radius) for p in circles}
    assert len(hatches) == len(areas), "each area needs its own hatching"


def test_unknown_name_gives_a_notice_listing_the_names() -> None:
    notice = widgets.diagram("sphere")
    assert isinstance(notice, Notice)
    assert "sphere" in notice.text and "Traceback" not in notice.value
    for name in NAMES:
        assert name in notice.text
    assert notice.text.endswith(".")
    assert isinstance(diagram(None), Notice)


def test_the_picture_is_drawn_once_and_reused() -> None:
    first = diagram("spheres").image.value
    assert diagram("spheres").image.value is first


@pytest.mark.parametrize("name", NAMES)
def test_the_shipped_picture_is_what_the_drawing_code_draws_now(name: str) -> None:
    from widgets.views.diagrams import ASSETS, render_png

    shipped = (ASSETS / f"{name}.png").read_bytes()
    assert shipped == render_png(name), (
        f"{name}.png is out of date: run `python -m widgets.views.diagrams` and commit it"
    )


@pytest.mark.slow
def test_showing_the_diagrams_never_imports_matplotlib(tmp_path: Path) -> None:
    code = (
        "import sys, widgets\n"
        f"for name in {NAMES!r}:\n"
        "    view = widgets.diagram(name)\n"
        "    assert type(view).__name__ == 'DiagramView', name\n"
        "print('matplotlib.pyplot' in sys.modules, 'matplotlib' in sys.modules)\n"
    )
    env = {**os.environ, "COMMONGROUND_HOME": str(tmp_path / "home")}
    env.pop("MPLBACKEND", None)
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    # the pictures ship pre-drawn, so a participant's kernel does not pay for matplotlib at all
    assert result.stdout.split() == ["False", "False"]
