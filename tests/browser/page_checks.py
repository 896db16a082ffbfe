"""Layout checks of a participant's page in the course's Voilà template, at three widths.

Used by ``test_notebooks.py`` on every topic notebook once it is answered (the widest state:
summaries, charts and feedback are on show), so the check costs a resize, not a page load.

- at 1280 px no line of lesson text is longer than 80 characters (counted line by line, as laid
  out, not estimated from widths);
- at 1280, 768 and 390 px nothing is wider than the window (no sideways scroll, nothing cut off);
- a screenshot of each width goes to ``test-artifacts/browser/page/``.
"""

from __future__ import annotations

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


def layout_problems(page: Page, server: Server, stem: str) -> list[str]:
    """Resize the window to each width, measure, take a screenshot; one line per problem."""
    problems = []
    viewport = page.viewport_size or {"width": 1280, "height": 1400}
    try:
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            page.wait_for_timeout(300)
            if width == 1280:
                longest = page.evaluate(_LINES)
                if longest["chars"] > LONGEST_LINE:
                    problems.append(f"a line of {longest['chars']} characters: {longest['text']!r}")
            fit = page.evaluate(_TOO_WIDE)
            if fit["scroll"] > fit["width"] or fit["wide"]:
                problems.append(
                    f"at {width} px the page is {fit['scroll']} px wide; too wide: {fit['wide']}"
                )
            server.screenshot(page, ARTIFACTS / "page" / f"{stem}-{width}.png")
    finally:
        page.set_viewport_size(viewport)
    return problems
