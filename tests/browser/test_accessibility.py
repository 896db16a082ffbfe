"""axe-core over every topic notebook in Voilà, as first opened and again after answering.

Each test opens one notebook in a real Voilà and chromium, waits until every cell's widget has
rendered and the kernel is idle, and runs axe-core (WCAG 2.0, 2.1 and 2.2 A and AA, plus best
practice for the report). It then answers the notebook's widgets (every radio group, drop-down,
tick box and text box, and the buttons that submit them: check, choose, add, compare, save),
checks that the states shown after answering have appeared (feedback, finished scenarios, summary
charts with alt text, the relationship map with entries, the development plan), and runs axe
again. A test fails on any violation of impact serious or critical tagged ``wcag*``, and on any
``region`` finding (content outside a landmark: the course's page template puts it all in
``<header>``, ``<main>`` or ``<footer>``).

Two things make the scan honest:

- Voilà lays the page out in a panel as tall as the window and scrolls inside it. axe skips the
  colour contrast and target size of whatever lies outside the viewport, so on a normal window
  most of a notebook would go unchecked. The window is made as tall as the whole content first.
- Every violating node must lie inside the notebook content (``#rendered_cells``) to count as
  ours, but nodes outside it (Voilà's own page chrome) fail the test too unless listed, by rule
  id and selector with the reason, in ``CHROME_EXCEPTIONS`` (empty today: Voilà's chrome has no
  serious or critical violation).

The full results go to ``test-artifacts/axe/<notebook>.json`` (before and after answering) with
a full-page screenshot beside them, and each test prints a one-line summary.

This module runs its own Voilà on its own copy of the course, because answering writes the
answers file and the other browser tests expect to find the notebooks unanswered.
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page

from widgets.activities import map_activity, rating_activity
from widgets.logic import relationship_map
from widgets.logic.questionnaire import load_questionnaire
from widgets.profile import load_profile
from widgets.store import AnswerStore

from .servers import NOTEBOOKS, ROOT, Server, start_voila

pytestmark = pytest.mark.browser

TOPICS = sorted(p.name for p in NOTEBOOKS.glob("[01][0-9]_*.ipynb"))
OFFICER_ENGLAND = {"role": "officer", "jurisdiction": "england", "cohort": "Axe cohort"}
ARTIFACTS = ROOT / "test-artifacts" / "axe"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"]
FAILING_IMPACTS = ("serious", "critical")
WIDTH = 1280
MAX_HEIGHT = 40_000  # px; the longest notebook (01), answered, measured 17 100
WAIT = 180_000  # ms for a page or the kernel on a shared two-core machine
QUIET_MS = 800  # the page counts as settled once nothing changed for this long

# Violations outside the notebook content that are Voilà's, not ours: {rule id: (selector, why)}.
# Empty: no serious or critical violation was found in Voilà 0.5's own page. Add one only with
# the exact selector and the reason; it is still reported in the summary and the JSON.
CHROME_EXCEPTIONS: dict[str, tuple[str, str]] = {}

# Buttons that submit what was entered; never Remove, Edit, Start again, Try again, Submit.
SUBMIT_BUTTONS = re.compile(
    r"^(Check my answer|Choose|Add task|Compare with the workbook's view|Add to my map"
    r"|Add the statutory officers for .+|Save my profile|Add to my (start|keep|stop) list)$"
)
FALLBACK_TEXT = "It keeps the work moving and both sides informed."

# What each cell's output must hold before the page counts as rendered; and records the time
# of the last change to the page (so "settled" means the kernel's answers have all arrived).
_RENDERED = """(expected) => {
  const outs = [...document.querySelectorAll('#rendered_cells .jp-OutputArea-output')];
  const ready = outs.filter((o) => o.querySelector('.jupyter-widgets, .widget-html'));
  return ready.length >= expected;
}"""
_WATCH = """() => {
  if (window.__cgWatch) return;
  window.__cgWatch = true;
  window.__cgChanged = performance.now();
  new MutationObserver(() => { window.__cgChanged = performance.now(); }).observe(
    document.body, {subtree: true, childList: true, attributes: true, characterData: true});
}"""
_QUIET = "() => performance.now() - window.__cgChanged"
_HEIGHT = """() => Math.ceil(Math.max(
  ...[...document.querySelectorAll('#rendered_cells, #rendered_cells > *')].map(
    (e) => e.scrollHeight)))"""
_INSIDE = """(selector) => {
  const el = document.querySelector(selector);
  return el ? el.closest('#rendered_cells') !== null : null;
}"""


def code_cells(name: str) -> int:
    cells = json.loads((NOTEBOOKS / name).read_text(encoding="utf-8"))["cells"]
    return sum(1 for c in cells if c["cell_type"] == "code")


@pytest.fixture(scope="module")
def axe_voila(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """Voilà for an officer in England, on this module's own copy of the course."""
    with start_voila(tmp_path_factory.mktemp("axe-voila"), profile=OFFICER_ENGLAND) as server:
        yield server


class Kernel:
    """Follows the page's kernel through its websocket: Voilà has no kernels API to poll."""

    _STATE = re.compile(rb'"execution_state":\s*"(\w+)"')

    def __init__(self, page: Page) -> None:
        self.state = "starting"
        self.last_frame = time.monotonic()
        page.on("websocket", self._follow)

    def _follow(self, socket) -> None:
        socket.on("framesent", self._sent)
        socket.on("framereceived", self._received)

    def _sent(self, _payload) -> None:
        self.last_frame = time.monotonic()

    def _received(self, payload: str | bytes) -> None:
        self.last_frame = time.monotonic()
        data = payload.encode() if isinstance(payload, str) else payload
        for match in self._STATE.finditer(data):
            self.state = match.group(1).decode()


@pytest.fixture
def tall_page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": WIDTH, "height": 900})
    context.set_default_timeout(WAIT)
    context.set_default_navigation_timeout(WAIT)
    page = context.new_page()
    page.kernel = Kernel(page)  # type: ignore[attr-defined]
    yield page
    context.close()


# waiting -----------------------------------------------------------------------------------------
def settle(page: Page) -> None:
    """Wait until the kernel is idle and neither it nor the page did anything for ``QUIET_MS``."""
    kernel: Kernel = page.kernel  # type: ignore[attr-defined]
    page.evaluate(_WATCH)
    deadline = time.monotonic() + WAIT / 1000
    while time.monotonic() < deadline:
        quiet_socket = (time.monotonic() - kernel.last_frame) * 1000 >= QUIET_MS
        if kernel.state == "idle" and quiet_socket and page.evaluate(_QUIET) >= QUIET_MS:
            return
        page.wait_for_timeout(200)
    raise AssertionError(f"The page did not settle within {WAIT / 1000:.0f} s ({kernel.state})")


def fit_to_content(page: Page) -> int:
    """Make the window as tall as the notebook, so axe checks every element (see module doc)."""
    for _ in range(5):
        height = page.evaluate(_HEIGHT)
        assert height <= MAX_HEIGHT, f"The notebook is {height} px tall; raise MAX_HEIGHT"
        if abs(page.viewport_size["height"] - height) <= 2:
            return height
        page.set_viewport_size({"width": WIDTH, "height": max(height, 600)})
        page.wait_for_function(
            "(h) => document.querySelector('#rendered_cells').clientHeight >= h - 2",
            arg=min(height, page.viewport_size["height"]),
        )
    return page.evaluate(_HEIGHT)


def open_notebook(page: Page, server: Server, name: str) -> None:
    page.goto(server.url(name), wait_until="domcontentloaded")
    page.wait_for_function(_RENDERED, arg=code_cells(name), timeout=WAIT)
    errors = page.locator("#rendered_cells .jupyter-widgets-error-widget")
    assert errors.count() == 0, f"{name}: a cell failed:\n{errors.first.inner_text()}"
    settle(page)


# answering ---------------------------------------------------------------------------------------
def _cell_of(locator) -> int:
    return locator.evaluate(
        "(el) => [...document.querySelectorAll('#rendered_cells .jp-Cell')]"
        ".indexOf(el.closest('.jp-Cell'))"
    )


def answer_round(page: Page) -> int:
    """Answer every control not answered yet; press the submit buttons of the cells changed."""
    content = page.locator("#rendered_cells")
    changed: set[int] = set()

    # ipywidgets' radio boxes, and the course's own radio groups (widgets/components)
    groups = content.locator(".widget-radio-box, .cg-likert__row, .cg-radios .govuk-radios")
    for i in range(groups.count()):
        group = groups.nth(i)
        radios = group.locator("input[type=radio]")
        if not group.is_visible() or radios.count() == 0:
            continue
        if group.evaluate("(g) => [...g.querySelectorAll('input')].some((r) => r.checked)"):
            continue
        radios.nth(i % radios.count()).check()  # vary the choice: strengths and gaps appear
        changed.add(_cell_of(group))

    selects = content.locator(".widget-dropdown select")
    for i in range(selects.count()):
        select = selects.nth(i)
        if not select.is_visible():
            continue
        index, total, first = select.evaluate(
            "(s) => [s.selectedIndex, s.options.length, s.options[0] ? s.options[0].text : '']"
        )
        unrated = index == 0 and re.match(
            r"^(Not\s|—|-|Choose)", first
        )  # \s: also a no-break space
        if total and (index < 0 or unrated):
            start = 1 if unrated else 0
            select.select_option(index=start + i % max(total - start, 1))
            changed.add(_cell_of(select))

    boxes = content.locator(".widget-text input, .widget-textarea textarea, .cg-textarea textarea")
    for i in range(boxes.count()):
        box = boxes.nth(i)
        if not box.is_visible() or box.input_value() or box.get_attribute("data-cg-filled"):
            continue
        box.evaluate("(el) => el.setAttribute('data-cg-filled', '1')")  # once: Add empties it
        hint = box.get_attribute("placeholder") or ""
        text = hint[5:] if hint.startswith("e.g. ") else FALLBACK_TEXT
        box.fill(text)
        box.press("Tab")  # boxes that save on leaving them save now
        changed.add(_cell_of(box))

    ticks = content.locator(".widget-checkbox input[type=checkbox], .cg-checkboxes input")
    for i in range(ticks.count()):
        tick = ticks.nth(i)
        if tick.is_visible() and not tick.is_checked():
            tick.check()
            changed.add(_cell_of(tick))

    buttons = content.locator("button")
    for i in range(buttons.count()):
        button = buttons.nth(i)
        if not (button.is_visible() and button.is_enabled()):
            continue
        if SUBMIT_BUTTONS.match(button.inner_text().strip()) and _cell_of(button) in changed:
            button.click()
    return len(changed)


def answer_everything(page: Page) -> int:
    """Answer round after round (a scenario shows its next step only after Choose) until done."""
    rounds = 0
    for rounds in range(1, 40):
        if answer_round(page) == 0:
            return rounds
        settle(page)
    raise AssertionError("The notebook still offered new controls after 40 rounds")


def seed_other_notebooks(server: Server) -> None:
    """Ratings and a relationship map in the folder, as notebooks 08 and 09 would leave them.

    The development plan (12) draws its gaps and relationships from them; seeding them here
    keeps this test independent of the order the tests run in.
    """
    store = AnswerStore(server.folder, load_profile(server.home / "profile.json").record())
    trust = load_questionnaire("trust", "officer", "england")
    for n, item in enumerate(trust.items):
        store.set(rating_activity("trust", "pre"), item.id, n % len(trust.points))
    entries, entry_id = relationship_map.add_entry(
        {},
        {
            "role": "Head of Planning",
            "category": "senior_manager",
            "importance": relationship_map.develop_first_thresholds()[0],
            "quality": 1,
            "action": "Ask for a short introductory meeting",
        },
    )
    store.set(map_activity(), entry_id, entries[entry_id])


# What answering must have shown, per notebook: (CSS selector or text, how many at least).
AFTER = {
    "00_start_here.ipynb": [("text=you are set up as a council officer in England", 1)],
    "01_roles_and_responsibilities.ipynb": [
        ("text=Knowledge check", 4),
        ("text=/You got|Correct|Not quite|right/", 4),
        ("text=The workbook's view", 2),
    ],
    "02_expectations_and_perspectives.ipynb": [
        ("h3:text-is('Your summary')", 1),
        ("img[alt^='Bar chart']", 1),
        ("table.cg-table", 1),
    ],
    "03_forging_good_relationships.ipynb": [("text=The end of the scenario", 1)],
    "04_conduct_and_the_seven_principles.ipynb": [("text=The end of the scenario", 1)],
    "06_constructive_challenge.ipynb": [
        ("h3:text-is('Your summary')", 1),
        ("img[alt^='Bar chart']", 1),
    ],
    "07_tackling_poor_behaviour.ipynb": [("text=The end of the scenario", 1)],
    "08_building_trust.ipynb": [
        ("h3:text-is('Your summary')", 1),
        ("img[alt^='Bar chart']", 1),
        ("table.cg-table", 1),
    ],
    "09_relationship_map.ipynb": [
        ("text=/Your relationships \\(\\d+\\)/", 1),
        ("text=/importance \\d/", 1),  # the entry answered here was rated
        ("#rendered_cells img[alt]", 2),
    ],
    "10_competency_self_assessment.ipynb": [
        ("h3:text-is('Your summary')", 1),
        ("img[alt^='Bar chart']", 1),
    ],
    "11_council_governance_review.ipynb": [("h3:text-is('Your summary')", 1)],
    "12_next_steps.ipynb": [
        ("text=Your totals", 1),
        ("select option", 3),
        ("text=Head of Planning", 1),
        ("a[download]", 2),
    ],
}


# axe -----------------------------------------------------------------------------------------
def run_axe(page: Page) -> dict[str, Any]:
    fit_to_content(page)
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}}
    return Axe().run(page, options=options).response


def failures(page: Page, results: dict[str, Any]) -> list[str]:
    """Serious or critical WCAG violations: one line per rule and place, with a few elements."""
    found = []
    for rule in results["violations"]:
        if rule["id"] == "region":  # best practice, but the page template must pass it (#14)
            examples = "".join(f"\n    {n['html'][:140]}" for n in rule["nodes"][:3])
            found.append(f"region: {len(rule['nodes'])} element(s) outside any landmark{examples}")
            continue
        wcag = any(t.startswith("wcag") for t in rule["tags"])
        if rule["impact"] not in FAILING_IMPACTS or not wcag:
            continue
        places: dict[str, list[dict[str, Any]]] = {}
        for node in rule["nodes"]:
            selector = node["target"][0]
            inside = page.evaluate(_INSIDE, selector)
            exception = CHROME_EXCEPTIONS.get(rule["id"])
            if not inside and exception and exception[0] == selector:
                continue
            places.setdefault("notebook content" if inside else "Voilà page chrome", []).append(
                node
            )
        for where, nodes in places.items():
            examples = "".join(f"\n    {n['html'][:140]}" for n in nodes[:3])
            found.append(
                f"{rule['id']} ({rule['impact']}) on {len(nodes)} element(s) in the {where}: "
                f"{rule['help']}{examples}\n    " + nodes[0]["failureSummary"].replace("\n", " ")
            )
    return found


# axe leaves the contrast of a drop-down "to review" (its arrow is a background image, a list
# box's options cover it); this measures it: the text colour against the first opaque
# background behind it, with WCAG's formula and thresholds.
_CONTRAST = """(selector) => {
  const el = document.querySelector(selector);
  if (!el) return null;
  const rgba = (text) => {
    const parts = (text.match(/rgba?\\(([^)]+)\\)/) || [, ''])[1].split(',').map(Number);
    return parts.length >= 3 ? {r: parts[0], g: parts[1], b: parts[2], a: parts[3] ?? 1} : null;
  };
  const channel = (v) => {
    v /= 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  };
  const luminance = (c) => 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
  let node = el, background = {r: 255, g: 255, b: 255, a: 1};
  for (; node && node.nodeType === 1; node = node.parentElement) {
    const colour = rgba(getComputedStyle(node).backgroundColor);
    if (colour && colour.a >= 1) { background = colour; break; }
  }
  const style = getComputedStyle(el), ink = rgba(style.color);
  const blend = (k) => ink[k] * ink.a + background[k] * (1 - ink.a);  // translucent text
  const text = {r: blend('r'), g: blend('g'), b: blend('b')};
  const [light, dark] = [luminance(text), luminance(background)].sort((a, b) => b - a);
  const size = parseFloat(style.fontSize), bold = parseInt(style.fontWeight, 10) >= 700;
  const large = size >= 24 || (bold && size >= 18.66);
  const {r, g, b} = background;
  return {ratio: (light + 0.05) / (dark + 0.05), needed: large ? 3 : 4.5,
          colour: style.color, background: `rgb(${r}, ${g}, ${b})`};
}"""


def contrast_to_review(page: Page, results: dict[str, Any]) -> list[str]:
    """Measure the contrast axe could not decide; one line per element below WCAG's minimum."""
    found = []
    measured = results.setdefault("measured_contrast", [])
    for rule in results["incomplete"]:
        if rule["id"] != "color-contrast":
            continue
        for node in rule["nodes"]:
            value = page.evaluate(_CONTRAST, node["target"][0])
            assert value is not None, f"axe's element {node['target']} is gone"
            measured.append({"html": node["html"][:200], **value})
            if value["ratio"] < value["needed"]:
                found.append(
                    f"color-contrast (measured) {value['ratio']:.2f}:1 < {value['needed']}:1 "
                    f"({value['colour']} on {value['background']}): {node['html'][:140]}"
                )
    return found


def summary(results: dict[str, Any]) -> str:
    impacts = Counter()
    for rule in results["violations"]:
        impacts[rule["impact"]] += len(rule["nodes"])
    counts = ", ".join(f"{k} {impacts[k]}" for k in ("critical", "serious", "moderate", "minor"))
    rules = ",".join(sorted(r["id"] for r in results["violations"])) or "-"
    return (
        f"violations {counts} [{rules}]; passes {len(results['passes'])}; "
        f"to review {sum(len(r['nodes']) for r in results['incomplete'])} "
        f"(contrast measured: {len(results.get('measured_contrast', []))})"
    )


def save(name: str, page: Page, results: dict[str, dict[str, Any]]) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{Path(name).stem}.json"
    path.write_text(json.dumps(results, indent=1, ensure_ascii=False), encoding="utf-8")
    page.screenshot(path=str(ARTIFACTS / f"{Path(name).stem}.png"), full_page=True)
    return path


@pytest.mark.parametrize("name", TOPICS)
def test_no_serious_accessibility_violation(name: str, axe_voila: Server, tall_page: Page) -> None:
    page = tall_page
    if name == "12_next_steps.ipynb":
        seed_other_notebooks(axe_voila)
    started = time.monotonic()
    open_notebook(page, axe_voila, name)
    opened = time.monotonic() - started
    results = {"before": run_axe(page)}
    problems = [f"as opened: {p}" for p in failures(page, results["before"])]
    problems += [f"as opened: {p}" for p in contrast_to_review(page, results["before"])]

    rounds = answer_everything(page)
    for selector, least in AFTER.get(name, []):
        count = page.locator(selector).count()
        assert count >= least, f"{name}: after answering, {selector!r} shows {count}, not {least}"
    results["after"] = run_axe(page)
    problems += [f"after answering: {p}" for p in failures(page, results["after"])]
    problems += [f"after answering: {p}" for p in contrast_to_review(page, results["after"])]
    save(name, page, results)
    print(
        f"\naxe {Path(name).stem} (opened in {opened:.1f} s, answered in {rounds} rounds)\n"
        f"  as opened:       {summary(results['before'])}\n"
        f"  after answering: {summary(results['after'])}"
    )
    assert not problems, f"{name}: serious or critical WCAG violations\n" + "\n".join(problems)
