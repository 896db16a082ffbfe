"""What axe-core found in Voilà, fixed in the views, checked here without a browser.

The browser test (tests/browser/test_accessibility.py) runs axe-core itself; these tests pin the
fixes so that a change to a view cannot quietly undo one: every view carries the course's style
sheet and class (target sizes of radio buttons and drop-downs, underlined links), headings inside
a view never skip a level, two sorters on a page never share a region name, and no markdown table
has an empty header cell.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import ipywidgets as ipw
import pytest

import widgets
from widgets.profile import Profile, save_profile
from widgets.views.ui import VIEW_CLASS, WRAP_CSS

ROOT = Path(__file__).resolve().parents[2]
OFFICER = Profile("officer", "england", "t")

VIEWS: dict[str, Callable[..., ipw.Widget]] = {
    "profile_form": lambda store: widgets.profile_form(),
    "questionnaire": lambda store: widgets.questionnaire("trust", store=store, profile=OFFICER),
    "knowledge_check single": lambda store: widgets.knowledge_check(
        "roles_policy", store=store, profile=OFFICER
    ),
    "knowledge_check match": lambda store: widgets.knowledge_check(
        "principles_match", store=store, profile=OFFICER
    ),
    "sorter": lambda store: widgets.sorter("challenge1", store=store),
    "scenario": lambda store: widgets.scenario("challenge5", store=store, profile=OFFICER),
    "reflection": lambda store: widgets.reflection("challenge2", store=store),
    "relationship_map": lambda store: widgets.relationship_map(store=store, profile=OFFICER),
    "development_plan": lambda store: widgets.development_plan(store=store, profile=OFFICER),
    "for_my_council": lambda store: widgets.for_my_council("codes_of_conduct", profile=OFFICER),
}


def _descendants(widget: ipw.Widget) -> Iterator[ipw.Widget]:
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _descendants(child)


def _html(view: ipw.Widget) -> str:
    """All the HTML a view shows, in page order."""
    return "".join(w.value for w in _descendants(view) if isinstance(w, ipw.HTML))


@pytest.fixture(autouse=True)
def _profile() -> None:
    save_profile("officer", "england", "t")


@pytest.mark.parametrize("name", VIEWS)
def test_every_view_carries_the_course_style_sheet_and_class(name, store):
    view = VIEWS[name](store)
    assert VIEW_CLASS in view._dom_classes, f"{name} lacks the {VIEW_CLASS} class"
    assert WRAP_CSS in _html(view), f"{name} does not bring the course's style sheet"


def test_the_style_sheet_makes_targets_large_enough_and_links_underlined():
    """WCAG 2.5.8 (24 by 24 CSS px) for radio buttons and drop-downs; 1.4.1 for links."""
    rules = dict(re.findall(r"([^{}]+)\{([^}]*)\}", WRAP_CSS))
    radio = next(body for sel, body in rules.items() if 'input[type="radio"]' in sel)
    assert "width: 24px" in radio and "height: 24px" in radio
    select = next(body for sel, body in rules.items() if "widget-dropdown > select" in sel)
    assert "min-height" in select
    links = next(body for sel, body in rules.items() if ".jp-RenderedMarkdown a" in sel)
    assert "text-decoration: underline" in links
    for selector in rules:
        if "radio" in selector or "dropdown" in selector:
            assert f".{VIEW_CLASS}" in selector, "target-size rules stay inside our widgets"


# The profile form has no heading; the questionnaire's area headings (h3) are drawn by its grid.
@pytest.mark.parametrize("name", [n for n in VIEWS if n not in ("profile_form", "questionnaire")])
def test_headings_in_a_view_start_at_h3_and_never_skip_a_level(name, store):
    """A view sits under a notebook section (h2), so its own headings start at h3 at most."""
    levels = [int(n) for n in re.findall(r"<h([1-6])[\s>]", _html(VIEWS[name](store)))]
    assert levels, f"{name} shows no heading"
    assert levels[0] <= 3, f"{name} starts at h{levels[0]} under a notebook's h2"
    for before, after in itertools.pairwise(levels):
        assert after <= before + 1, f"{name} jumps from h{before} to h{after}"


def test_relationship_map_headings_after_an_entry(store):
    view = widgets.relationship_map(store=store, profile=OFFICER)
    view.role.value = "Head of Planning"
    view.category.value = view.category.options[0][1]
    assert view.submit()
    assert "<h3>Your relationships (1)</h3>" in view.list_heading.value


def test_two_sorters_name_their_comparison_regions_differently(store):
    labels = []
    for sorter_id in ("roles", "challenge1"):
        view = widgets.sorter(sorter_id, store=store)
        view.reveal()
        labels += re.findall(r'role="region" aria-label="([^"]+)"', view.comparison.value)
    assert len(labels) == 2
    assert labels[0] != labels[1]


@pytest.mark.parametrize(
    "notebook", sorted((ROOT / "notebooks").glob("*.ipynb")), ids=lambda p: p.name
)
def test_no_markdown_table_has_an_empty_header_cell(notebook):
    """axe's empty-table-header: a column heading a screen reader would announce as nothing."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    for cell in cells:
        if cell["cell_type"] != "markdown":
            continue
        lines = "".join(cell["source"]).splitlines()
        for header, rule in itertools.pairwise(lines):
            if re.fullmatch(r"\s*\|?(\s*:?-{3,}:?\s*\|)+\s*(:?-{3,}:?)?\s*", rule):
                cells_text = header.strip().strip("|").split("|")
                assert all(c.strip() for c in cells_text), f"{notebook.name}: {header!r}"
