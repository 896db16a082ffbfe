"""The glossary page is generated from its table, and every notebook links a term where it first
uses it, so a reader meets no undefined local-government word without a way to look it up."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from widgets import glossary, tables

ROOT = Path(__file__).resolve().parents[2]
TEXTS = sorted(p for p in (ROOT / "course").glob("*.md") if p.stem != "glossary")
LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")
CODE = re.compile(r"```\{code-cell\}.*?```", re.S)


def first_uses(text: str) -> dict[str, tuple[int, str | None]]:
    """Each glossary term's first place in the text, and the link target around it (or None)."""
    text = CODE.sub("", text)
    spans = [(m.start(), m.end(), m.group(2)) for m in LINK.finditer(text)]
    found = {}
    for row in tables.table("glossary"):
        hit = re.search(rf"\b{re.escape(row['term'])}", text, re.I)
        if hit:
            target = next((t for s, e, t in spans if s <= hit.start() < e), None)
            found[row["term"]] = (hit.start(), target)
    return found


def test_the_page_is_generated_from_the_table() -> None:
    assert (ROOT / "course" / "glossary.md").read_text(encoding="utf-8") == glossary.markdown(), (
        "course/glossary.md differs from data/glossary.csv: run python -m widgets.glossary"
    )


def test_the_check_catches_an_unlinked_first_use() -> None:
    assert first_uses("Rules on probity.")["Probity"][1] is None
    linked = first_uses(f"Rules on [probity]({glossary.link('Probity')}), then probity.")
    assert linked["Probity"][1] == "glossary.ipynb#Probity"


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.stem)
def test_each_term_is_linked_where_it_first_appears(path: Path) -> None:
    unlinked = [
        term
        for term, (_, target) in first_uses(path.read_text(encoding="utf-8")).items()
        if target != glossary.link(term)
    ]
    assert not unlinked, f"course/{path.name}: link the first use of {', '.join(unlinked)}"
