"""The graded assignments are written as MyST Markdown in ``assignments/``; this builds ``source/``.

nbgrader needs its cell metadata exactly (grade ids, points, locked cells, schema version) and the
release is generated from ``source/NAME/NAME.ipynb``, so the text keeps every cell's metadata as
jupytext writes it (``+++ {...}`` before a Markdown cell, options on a ``{code-cell}``) and its
id as ``cell_id``; the build moves the id back and writes the notebook as nbformat does.
The text lives outside ``source/`` because nbgrader copies every file there into ``release/``.
``tests/assignments/test_assignment_text.py`` fails while a text and its notebook differ::

    .venv/bin/python -m widgets.assignment_text          # every assignment
    .venv/bin/python -m widgets.assignment_text --adopt source/X/X.ipynb   # move one to text
"""

from __future__ import annotations

import argparse
import copy
import sys
from pathlib import Path

import nbformat

from .notebooks import KERNELSPEC, CourseTextError, adopt, parse, report, write_changed

ROOT = Path(__file__).resolve().parents[1]
ID_KEY = "cell_id"
# nbgrader needs no more than the language's name; a version would change with every upgrade
METADATA = {"kernelspec": KERNELSPEC, "language_info": {"name": "python"}}


def text_files(root: Path = ROOT) -> list[Path]:
    """Every assignment text, in name order."""
    return sorted((root / "assignments").glob("*.md"))


def notebook_path(text_path: Path, root: Path = ROOT) -> Path:
    """Where nbgrader reads the assignment a text describes: ``source/NAME/NAME.ipynb``."""
    return root / "source" / text_path.stem / f"{text_path.stem}.ipynb"


def build(text_path: Path) -> nbformat.NotebookNode:
    """The source notebook one assignment text describes, with its cells' ids and metadata."""
    parsed = parse(text_path)
    notebook = nbformat.v4.new_notebook()
    notebook.metadata = copy.deepcopy(METADATA)
    for n, cell in enumerate(parsed.cells):
        metadata = dict(cell.metadata)
        cell_id = metadata.pop(ID_KEY, None)
        if not isinstance(cell_id, str) or not cell_id:
            raise CourseTextError(f"{text_path.name} cell {n} has no {ID_KEY} in its metadata")
        source = cell.source.strip("\n")
        if cell.cell_type == "code":
            new = nbformat.v4.new_code_cell(source, id=cell_id)
        elif cell.cell_type == "markdown":
            new = nbformat.v4.new_markdown_cell(source, id=cell_id)
        else:
            raise CourseTextError(f"{text_path.name} cell {n} is a {cell.cell_type} cell")
        new.metadata = metadata
        notebook.cells.append(new)
    nbformat.validate(notebook)
    return notebook


def render(text_path: Path) -> str:
    """The exact text of the generated ``.ipynb`` file."""
    return nbformat.writes(build(text_path)) + "\n"


def generate(root: Path = ROOT) -> list[Path]:
    """Write ``source/NAME/NAME.ipynb`` for each assignment text; return what changed."""
    return write_changed({notebook_path(p, root): render(p) for p in text_files(root)})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m widgets.assignment_text", description=__doc__)
    parser.add_argument("--adopt", type=Path, help="write assignments/NAME.md from this notebook")
    args = parser.parse_args(argv)
    try:
        if args.adopt:
            print(f"wrote {adopt(args.adopt, ROOT, 'assignments', ID_KEY)}")
            return 0
        written = generate(ROOT)
    except CourseTextError as error:
        print(error, file=sys.stderr)
        return 1
    return report(written, "source/ is already in step with assignments/")


if __name__ == "__main__":
    sys.exit(main())
