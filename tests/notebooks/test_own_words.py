"""The course is written in our own words: no run of twelve words stands in a seed document.

Checked over the course text in course/ (the source of every generated notebook), the markdown of
any notebook still kept as JSON, the facilitator's guide and every course table, since all of them
are text a participant or facilitator reads. Names of laws, principles and roles are short
enough never to make a twelve-word run on their own.
"""

from __future__ import annotations

import csv
import json
import re
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT.parent / "shared" / "seeds"
RUN = 12


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower().replace("\u2019", "'"))


def runs(text: str) -> set[tuple[str, ...]]:
    w = words(text)
    return {tuple(w[i : i + RUN]) for i in range(len(w) - RUN + 1)}


@cache
def seed_runs() -> frozenset[tuple[str, ...]]:
    found: set[tuple[str, ...]] = set()
    for path in SEEDS.glob("0*.txt"):
        found |= runs(path.read_text(encoding="utf-8"))
    return frozenset(found)


def texts_of(path: Path) -> list[tuple[str, str]]:
    """The pieces of text a person reads in one file, each with where it stands."""
    if path.suffix == ".ipynb":
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        return [
            (f"cell {n}", "".join(c["source"]))
            for n, c in enumerate(cells)
            if c["cell_type"] == "markdown"
        ]
    if path.parent.name == "course":
        # MyST Markdown: cells are split by "+++" lines; code cells hold no prose to check
        cells = path.read_text(encoding="utf-8").split("\n+++")
        return [(f"cell {n}", cell) for n, cell in enumerate(cells)]
    if path.suffix == ".csv":
        with path.open(encoding="utf-8") as handle:
            # each cell on its own, so runs never straddle two columns
            return [
                (f"row {n}", cell)
                for n, row in enumerate(csv.reader(handle), start=1)
                for cell in row
            ]
    return [("", path.read_text(encoding="utf-8"))]


TEXTS = sorted((ROOT / "course").glob("*.md"))
COURSE_FILES = (
    TEXTS
    + sorted(
        p
        for p in (ROOT / "notebooks").glob("*.ipynb")
        if not (ROOT / "course" / f"{p.stem}.md").exists()  # generated from course/: checked there
    )
    + sorted((ROOT / "notebooks").glob("*.md"))
    + sorted((ROOT / "data").glob("*.csv"))
)


def test_the_seeds_are_there_to_compare_with() -> None:
    assert len(list(SEEDS.glob("0*.txt"))) == 5
    assert len(seed_runs()) > 10_000


def test_the_check_catches_a_copied_sentence() -> None:
    text = next(SEEDS.glob("001_*.txt")).read_text(encoding="utf-8")
    copied = " ".join(words(text)[500:515])
    assert runs(copied) & seed_runs()


@pytest.mark.parametrize("path", COURSE_FILES, ids=lambda p: p.name)
def test_no_twelve_word_run_is_copied_from_a_seed(path: Path) -> None:
    copies = [
        f"{where}: {' '.join(sorted(found)[0])}"
        for where, text in texts_of(path)
        if (found := runs(text) & seed_runs())
    ]
    assert not copies, f"{path.name} copies from a seed: " + "; ".join(copies)
