"""Layout checks of a participant's page in the course's Voilà template, at three widths.

Used by ``test_notebooks.py`` on every topic notebook once it is answered (the widest state:
summaries, charts and feedback are on show), so the check costs a resize, not a page load.

- at 1280 px no line of lesson text is longer than 80 characters (counted line by line, as laid
  out, not estimated from widths);
- at 1280, 768 and 390 px nothing is wider than the window (no sideways scroll, nothing cut off);
- at 1280, 768 and 390 px no drop-down is narrower than its longest option (a closed select
  cannot wrap a sentence, which is why match items are radios); the ones found go to
  ``layout.json``;
- a screenshot of each width goes to ``test-artifacts/browser/page/``, and the measurements
  (longest line, page width at each window width) to ``layout.json`` beside them.
"""

from __future__ import annotations

import json

from playwright.sync_api import Page

from .conftest import ARTIFACTS
from .servers import Server

WIDTHS = (1280, 768, 390)
LONGEST_LINE = 80

# The characters on each laid-out line of lesson text: every word's box is measured with a Range
# and words are grouped by the line (top offset) they landed on.
_LINES = """() => {
  const blocks = document.querySelectorAll(
    '#main-content .jp-RenderedMarkdown p, #main-content .jp-RenderedMarkdown li');
  let longest = {chars: 0, text: ''};
  for (const block of blocks) {
    const lines = new Map();
    const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.parentElement.closest('ul, ol') !== block.closest('ul, ol')
          && block.tagName === 'LI') continue;
      const text = node.textContent;
      const range = document.createRange();
      for (const match of text.matchAll(/\\S+\\s*/g)) {
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const rects = range.getClientRects();
        if (!rects.length) continue;
        const top = Math.round(rects[0].top);
        lines.set(top, (lines.get(top) || '') + match[0]);
      }
    }
    for (const line of lines.values()) {
      const chars = line.trimEnd().length;
      if (chars > longest.chars) longest = {chars, text: line.trim()};
    }
  }
  return longest;
}"""

# Elements whose right edge passes the window's (the page itself must not scroll sideways).
_TOO_WIDE = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [...document.querySelectorAll('#rendered_cells *')].filter((el) => {
    const box = el.getBoundingClientRect();
    if (!box.width || getComputedStyle(el).visibility === 'hidden') return false;
    const clipped = el.closest('.govuk-visually-hidden, [hidden]');
    return !clipped && box.right > width + 1;
  });
  return {scroll: document.documentElement.scrollWidth, width,
          wide: wide.slice(0, 5).map((el) => el.outerHTML.slice(0, 160))};
}"""


# Drop-downs narrower than their longest option (a chosen answer would show cut off): each box's
# width as laid out against the width the browser itself gives it with no limit (a select's own
# width fits its longest option, arrow included).
_CUT_SELECTS = """() => {
  const cut = [];
  for (const select of document.querySelectorAll('#rendered_cells select')) {
    if (!select.getClientRects().length) continue;
    const shown = select.getBoundingClientRect().width;
    const saved = [select.style.width, select.style.maxWidth, select.style.minWidth];
    select.style.setProperty('width', 'auto', 'important');
    select.style.setProperty('max-width', 'none', 'important');
    select.style.setProperty('min-width', '0', 'important');
    const needed = select.getBoundingClientRect().width;
    [select.style.width, select.style.maxWidth, select.style.minWidth] = saved;
    if (needed > shown + 1) {
      const label = (select.labels[0] && select.labels[0].innerText) || select.title || '';
      cut.push({label, needed: Math.round(needed), shown: Math.round(shown)});
    }
  }
  return cut;
}"""


def record(stem: str, measured: dict) -> None:
    """Add one notebook's measurements to ``layout.json`` (the numbers the issue asks for)."""
    path = ARTIFACTS / "page" / "layout.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        everything = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        everything = {}
    everything[stem] = measured
    path.write_text(json.dumps(everything, indent=1, sort_keys=True), encoding="utf-8")


def layout_problems(page: Page, server: Server, stem: str) -> list[str]:
    """Resize the window to each width, measure, take a screenshot; one line per problem."""
    problems = []
    measured: dict = {"page_width": {}}
    viewport = page.viewport_size or {"width": 1280, "height": 1400}
    try:
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            page.wait_for_timeout(300)
            if width == 1280:
                longest = page.evaluate(_LINES)
                measured["longest_line_1280"] = longest
                if longest["chars"] > LONGEST_LINE:
                    problems.append(f"a line of {longest['chars']} characters: {longest['text']!r}")
            cut = page.evaluate(_CUT_SELECTS)
            measured.setdefault("cut_selects", {})[width] = cut
            if cut:  # at every width: a chosen answer must show whole
                problems.append(f"at {width} px {len(cut)} drop-downs cut their options: {cut[:3]}")
            fit = page.evaluate(_TOO_WIDE)
            measured["page_width"][width] = {"scroll": fit["scroll"], "too_wide": len(fit["wide"])}
            if fit["scroll"] > fit["width"] or fit["wide"]:
                problems.append(
                    f"at {width} px the page is {fit['scroll']} px wide; too wide: {fit['wide']}"
                )
            server.screenshot(page, ARTIFACTS / "page" / f"{stem}-{width}.png")
    finally:
        page.set_viewport_size(viewport)
    record(stem, measured)
    return problems
