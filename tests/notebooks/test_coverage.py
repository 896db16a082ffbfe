"""Every section of every seed document is covered by a notebook heading that exists."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from widgets import tables

from .seed_sections import seed_sections

ROOT = Path(__file__).resolve().parents[2]


def notebook_headings(name: str) -> set[str]:
    """Headings of a notebook, read from its course text (course/NAME.md) where it has one."""
    text_path = ROOT / "course" / f"{Path(name).stem}.md"
    path = ROOT / "notebooks" / name
    if text_path.exists() and path.exists():
        text = text_path.read_text(encoding="utf-8")
    elif path.exists():
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    else:
        return set()
    return {m.strip() for m in re.findall(r"^#{1,3} +(.+)$", text, re.M)}


SECTIONS = [(seed, section) for seed, names in seed_sections().items() for section in names]


def test_every_seed_has_sections() -> None:
    counts = {seed: len(names) for seed, names in seed_sections().items()}
    assert set(counts) == {"000", "001", "002", "003", "004"}
    assert all(n >= 4 for n in counts.values()), counts


@pytest.mark.parametrize(("seed", "section"), SECTIONS, ids=lambda v: str(v)[:40])
def test_each_seed_section_is_mapped_to_a_notebook_heading_that_exists(
    seed: str, section: str
) -> None:
    rows = [r for r in tables.table("coverage") if r["source"] == seed and r["section"] == section]
    assert rows, f"seed {seed} section {section!r} is mapped to nothing in data/coverage.csv"
    for row in rows:
        assert row["notebook"] and row["heading"], f"{row['id']} maps {section!r} to nothing"
        headings = notebook_headings(row["notebook"])
        assert headings, f"{row['id']}: notebook {row['notebook']} does not exist"
        assert row["heading"] in headings, (
            f"{row['id']}: {row['notebook']} has no heading {row['heading']!r}"
        )


def test_every_coverage_row_names_a_real_seed_section() -> None:
    known = set(SECTIONS)
    stray = [r["id"] for r in tables.table("coverage") if (r["source"], r["section"]) not in known]
    assert not stray, f"rows naming sections the seeds do not have: {stray}"
