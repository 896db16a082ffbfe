"""The course glossary: ``data/glossary.csv`` written out as ``course/glossary.md``.

The table is the one source of truth; the page is generated so that every notebook can link to a
term's heading (``glossary.ipynb#Scheme-of-delegation``), which JupyterLab and Voilà both turn into
an anchor. ``tests/notebooks/test_glossary.py`` fails while the page and the table differ.

    .venv/bin/python -m widgets.glossary && .venv/bin/python -m widgets.notebooks glossary
"""

from __future__ import annotations

import sys
from pathlib import Path

from . import tables

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "course" / "glossary.md"


def anchor(term: str) -> str:
    """The anchor JupyterLab and nbconvert give a heading: its text with spaces as hyphens."""
    return term.strip().replace(" ", "-")


def link(term: str) -> str:
    """The link a notebook uses for a term's first appearance."""
    return f"glossary.ipynb#{anchor(term)}"


def markdown(folder: Path | None = None) -> str:
    """The glossary page, terms in alphabetical order, each with its source named."""
    sources = {r["id"]: r["title"] for r in tables.table("sources", folder)}
    rows = sorted(tables.table("glossary", folder), key=lambda r: r["term"].casefold())
    parts = [
        "# Glossary\n\n"
        "Words the course uses that have a special meaning in local government. Each notebook "
        "links a term here where it first uses it. Where a meaning comes from a law, the law is "
        "named; the rest are our own plain definitions, with the source where the term appears.\n"
    ]
    for row in rows:
        parts.append(
            f"\n## {row['term']}\n\n{row['definition']}\n\n"
            f"*Used in: {sources.get(row['source'], row['source'])}, "
            f'"{row["source_section"]}".*\n'
        )
    parts.append("\n[Back to the start: 00 Start here](00_start_here.ipynb)\n")
    return "".join(parts)


def main(argv: list[str] | None = None) -> int:
    PAGE.write_text(markdown(), encoding="utf-8")
    print(f"Wrote {PAGE.relative_to(ROOT)}.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
