"""The course notebooks are written as MyST Markdown in ``course/``; this builds ``notebooks/``.

Course text edited inside notebook JSON is hard to review, and hand-kept JSON drifts (metadata keys
per cell, id styles, a missing ``language_info``). So each ``course/NAME.md`` is the source, read
by jupytext, and the committed ``notebooks/NAME.ipynb`` is generated from it with every code cell
locked and its source hidden, ids that depend only on position, and no outputs.
A test fails while the two differ. Regenerate after any edit in ``course/``::

    .venv/bin/python -m widgets.notebooks            # every notebook
    .venv/bin/python -m widgets.notebooks 08_building_trust
    .venv/bin/python -m widgets.notebooks --adopt notebooks/X.ipynb   # move a notebook to text
"""

from __future__ import annotations

import argparse
import copy
import sys
from pathlib import Path

import jupytext
import nbformat

ROOT = Path(__file__).resolve().parents[1]
FORMAT = "md:myst"
KERNELSPEC = {"display_name": "Python 3", "language": "python", "name": "python3"}
# No version numbers: they would change the committed files with every Python upgrade.
LANGUAGE_INFO = {
    "codemirror_mode": {"name": "ipython", "version": 3},
    "file_extension": ".py",
    "mimetype": "text/x-python",
    "name": "python",
    "nbconvert_exporter": "python",
    "pygments_lexer": "ipython3",
}
# Participants never see or change the code: one locked, hidden call per cell.
CODE_METADATA = {"deletable": False, "editable": False, "jupyter": {"source_hidden": True}}


class CourseTextError(ValueError):
    """A course text file that cannot become a notebook, said in one sentence."""


def text_files(root: Path = ROOT) -> list[Path]:
    """Every course text file, in name order."""
    return sorted((root / "course").glob("*.md"))


def parse(text_path: Path) -> nbformat.NotebookNode:
    """The cells a MyST text file holds, or one sentence naming the file."""
    try:
        return jupytext.reads(text_path.read_text(encoding="utf-8"), fmt=FORMAT)
    except Exception as error:  # jupytext raises several kinds for malformed MyST
        raise CourseTextError(f"{text_path.name} is not valid MyST Markdown: {error}") from error


def to_text(notebook: nbformat.NotebookNode) -> str:
    """A notebook as MyST text, without jupytext's header (it names jupytext's version)."""
    text = jupytext.writes(notebook, fmt=FORMAT)
    if text.startswith("---\n"):
        text = text.split("\n---\n", 1)[1].lstrip("\n")
    return text


def report(written: list[Path], in_step: str) -> int:
    """Print what a generator wrote (or that nothing needed writing); the exit status."""
    for path in written:
        print(f"wrote {path.relative_to(ROOT)}")
    if not written:
        print(in_step)
    return 0


def build(text_path: Path) -> nbformat.NotebookNode:
    """The notebook one course text file describes, stamped and without outputs."""
    parsed = parse(text_path)
    notebook = nbformat.v4.new_notebook()
    notebook.metadata = {"kernelspec": dict(KERNELSPEC), "language_info": dict(LANGUAGE_INFO)}
    for n, cell in enumerate(parsed.cells):
        source = cell.source.strip("\n")
        cell_id = f"{text_path.stem}-{n:02d}"[-64:]
        if cell.cell_type == "code":
            new = nbformat.v4.new_code_cell(source, id=cell_id)
            new.metadata = copy.deepcopy(CODE_METADATA)
        elif cell.cell_type == "markdown":
            new = nbformat.v4.new_markdown_cell(source, id=cell_id)
        else:
            raise CourseTextError(f"{text_path.name} cell {n} is a {cell.cell_type} cell")
        notebook.cells.append(new)
    nbformat.validate(notebook)
    return notebook


def render(text_path: Path) -> str:
    """The exact text of the generated ``.ipynb`` file."""
    return nbformat.writes(build(text_path)) + "\n"


def generate(root: Path = ROOT, names: list[str] | None = None) -> list[Path]:
    """Write ``notebooks/NAME.ipynb`` for each course text (or those named); return what changed."""
    sources = text_files(root)
    if names:
        known = {p.stem: p for p in sources}
        unknown = [n for n in names if n not in known]
        if unknown:
            raise CourseTextError(
                f"There is no course/{unknown[0]}.md; known: {', '.join(sorted(known))}"
            )
        sources = [known[n] for n in names]
    return write_changed({root / "notebooks" / f"{p.stem}.ipynb": render(p) for p in sources})


def write_changed(texts: dict[Path, str]) -> list[Path]:
    """Write each generated file whose text differs from what is there; return those written."""
    written = []
    for target, text in texts.items():
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
            written.append(target)
    return written


def adopt(
    notebook_path: Path, root: Path = ROOT, folder: str = "course", id_key: str | None = None
) -> Path:
    """Write ``<folder>/NAME.md`` from an existing notebook (once, when moving it to text).

    With ``id_key``, each cell keeps its metadata and its id under that key (nbgrader needs both).
    """
    notebook = nbformat.read(notebook_path, as_version=4)
    bare = nbformat.v4.new_notebook()
    for cell in notebook.cells:
        if cell.cell_type == "code":
            new = nbformat.v4.new_code_cell(cell.source)
        else:
            new = nbformat.v4.new_markdown_cell(cell.source)
        if id_key:
            new.metadata = {**copy.deepcopy(dict(cell.metadata)), id_key: cell.id}
        bare.cells.append(new)
    target = root / folder / f"{notebook_path.stem}.md"
    target.parent.mkdir(exist_ok=True)
    target.write_text(to_text(bare), encoding="utf-8")
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m widgets.notebooks", description=__doc__)
    parser.add_argument("names", nargs="*", help="course text names (default: all)")
    parser.add_argument("--adopt", type=Path, help="write course/NAME.md from this notebook")
    args = parser.parse_args(argv)
    try:
        if args.adopt:
            print(f"wrote {adopt(args.adopt)}")
            return 0
        written = generate(ROOT, args.names)
    except CourseTextError as error:
        print(error, file=sys.stderr)
        return 1
    return report(written, "notebooks/ is already in step with course/")


if __name__ == "__main__":
    sys.exit(main())
