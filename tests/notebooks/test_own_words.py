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
RUN = 10
LONGEST_SENTENCE = 35


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower().replace("\u2019", "'"))


_ACT = re.compile(
    r"(?:(?:sections?|part|paragraph|schedule)\s+[\w().,–-]+\s+(?:to\s+\w+\s+)?of\s+)?"
    r"(?:the\s+)?[A-Z][\w'()]*\s+(?:[A-Z][\w'()]*\s+|(?:and|of|in|etc\.)\s+|\(\w+\)\s+)*"
    r"(?:Act|Order|Regulations)\s+\d{4}"
)


@cache
def _names() -> tuple[str, ...]:
    """Titles the course must be free to name in full, longest first."""
    found: set[str] = set()
    with (ROOT / "data" / "sources.csv").open(encoding="utf-8") as handle:
        found |= {row["title"] for row in csv.DictReader(handle)}
    for path in (ROOT / "data").glob("*.csv"):
        with path.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                for column in ("source_section", "section"):
                    found |= {part.strip() for part in (row.get(column) or "").split(";")}
                if path.name == "development_catalogue.csv":
                    found.add(row["title"])
    return tuple(sorted((n for n in found if len(n.split()) > 2), key=len, reverse=True))


def pieces(text: str) -> list[str]:
    """The text cut apart where it names a source, a section, a course title or an Act, so that
    no run is counted across a name."""
    text = _ACT.sub("\x00", text)
    for name in _names():
        pattern = r"\s+".join(re.escape(w) for w in name.split())
        text = re.sub(pattern, "\x00", text, flags=re.I)
    return text.split("\x00")


def _runs(text: str) -> set[tuple[str, ...]]:
    w = words(text)
    return {tuple(w[i : i + RUN]) for i in range(len(w) - RUN + 1)}


def runs(text: str) -> set[tuple[str, ...]]:
    return set().union(*(_runs(piece) for piece in pieces(text)))


@cache
def seed_runs() -> frozenset[tuple[str, ...]]:
    found: set[tuple[str, ...]] = set()
    for path in SEEDS.glob("0*.txt"):
        found |= _runs(path.read_text(encoding="utf-8"))
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
def test_no_ten_word_run_is_copied_from_a_seed(path: Path) -> None:
    copies = [
        f"{where}: {' '.join(sorted(found)[0])}"
        for where, text in texts_of(path)
        if (found := runs(text) & seed_runs())
    ]
    assert not copies, f"{path.name} copies from a seed: " + "; ".join(copies)


# plain English ---------------------------------------------------------------------------------
_CODE = re.compile(r"```.*?```", re.S)
_BREAK = re.compile(r"\n\s*\n|\n(?=\s*(?:[-*] |\d+\. |\||#|>|\+\+\+))")
_END = re.compile(r"(?<=[.!?:;])[\"”’)*]*\s+(?=[A-Z*\"“(\[])")

# Sentences over the limit still to shorten, in files whose text another helper owns: a file may
# only go down. Every other file has none.
STILL_TOO_LONG: dict[str, int] = {}


def sentences(text: str) -> list[str]:
    """Sentences as a reader meets them: list items, table cells and headings stand alone."""
    text = _CODE.sub(" ", text)
    text = re.sub(r"\]\([^)]*\)", "]", text)  # a link's address is not read
    found = []
    for block in _BREAK.split(text):
        for cell in block.split("|") if block.lstrip().startswith("|") else [block]:
            found += _END.split(cell.strip())
    return [s for s in found if s]


def sentence_words(sentence: str) -> int:
    return len(re.findall(r"[\w£'’]+(?:[-–][\w']+)*", sentence))


def long_sentences(path: Path) -> list[str]:
    return [
        f"{where}: {sentence_words(s)} words: {s[:70]}…"
        for where, text in texts_of(path)
        for s in sentences(text)
        if sentence_words(s) > LONGEST_SENTENCE
    ]


def test_the_sentence_check_counts_words_and_splits_sentences() -> None:
    long = "Then " + " ".join(["word"] * 35) + "."
    assert [sentence_words(s) for s in sentences(f"Short one. {long}\n\n- An item")] == [2, 36, 2]
    assert len(sentences("| a | b |\n|---|---|\n| one cell. | two |")) >= 4


@pytest.mark.parametrize("path", COURSE_FILES, ids=lambda p: p.name)
def test_no_sentence_runs_past_35_words(path: Path) -> None:
    found = long_sentences(path)
    allowed = STILL_TOO_LONG.get(path.name, 0)
    assert len(found) <= allowed, (
        f"{path.name} has {len(found)} sentences over {LONGEST_SENTENCE} words (at most "
        f"{allowed}): " + "; ".join(found)
    )
