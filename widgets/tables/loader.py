"""Find, read and validate the tables in ``data/``: the one source of truth for every consumer.

Topic notebooks, released assignments run from any folder, autograde and an installed wheel all
come here. An installed wheel carries the tables as ``widgets/_data``; a source checkout (including
the editable install ``make`` sets up) reads the repository's ``data/`` directly.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .schema import ITEM_TABLES, TABLES, TableSchema
from .validate import (
    DataProblem,
    DataTableError,
    Row,
    check_framework_register,
    check_references,
    check_scales,
    decode,
    parse,
)

if TYPE_CHECKING:  # pandas is for analysts only; importing widgets must not pay for it
    import pandas as pd

_PACKAGE = Path(__file__).resolve().parent.parent


def data_folder() -> Path:
    """Where the tables are: ``$COMMONGROUND_DATA``, the wheel's copy, or the checkout's."""
    override = os.environ.get("COMMONGROUND_DATA")
    if override:
        return Path(override)
    bundled = _PACKAGE / "_data"
    return bundled if bundled.is_dir() else _PACKAGE.parent / "data"


def read_table(schema: TableSchema, folder: Path) -> list[Row]:
    path = folder / schema.file
    label = f"{folder.name}/{schema.file}"
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataTableError([DataProblem(label, None, None, "is missing")]) from None
    return parse(decode(raw, label), schema, label)


def validate_folder(folder: Path) -> dict[str, list[Row]]:
    """Read every table and check them against each other; raise listing every problem found."""
    tables: dict[str, list[Row]] = {}
    problems: list[DataProblem] = []
    for name, schema in TABLES.items():
        try:
            tables[name] = read_table(schema, folder)
        except DataTableError as err:
            problems += err.problems
    if problems:  # cross-table checks need every table whole
        raise DataTableError(problems)
    prefix = f"{folder.name}/"
    problems = check_scales(tables["scales"], prefix + "scales.csv")
    problems += check_framework_register(
        tables["frameworks"], ITEM_TABLES, prefix + "frameworks.csv"
    )
    labelled = {n: _relabel(s, prefix) for n, s in TABLES.items()}
    problems += check_references(tables, labelled)
    if problems:
        raise DataTableError(problems)
    return tables


def _relabel(schema: TableSchema, prefix: str) -> TableSchema:
    return TableSchema(schema.name, prefix + schema.file, schema.columns, schema.framework)


@lru_cache(maxsize=4)
def _tables(folder: str, stamp: tuple[float, ...]) -> dict[str, list[Row]]:
    return validate_folder(Path(folder))


def all_tables(folder: Path | None = None) -> dict[str, list[Row]]:
    """Every validated table; re-read only when a file in the folder changes."""
    folder = (folder or data_folder()).resolve()
    stamp = tuple(
        (folder / s.file).stat().st_mtime if (folder / s.file).exists() else -1.0
        for s in TABLES.values()
    )
    return _tables(str(folder), stamp)


def table(name: str, folder: Path | None = None) -> list[Row]:
    """The rows of one table (a copy, so a caller's edits never leak into the cache)."""
    if name not in TABLES:
        raise KeyError(f"There is no table called '{name}'. Known tables: {', '.join(TABLES)}.")
    return [dict(row) for row in all_tables(folder)[name]]


def row_by_id(name: str, row_id: str, what: str, folder: Path | None = None) -> Row:
    """The row of table ``name`` whose id is ``row_id``; a plain KeyError names the known ids
    (``what`` says what the rows are, e.g. "scenario")."""
    for found in table(name, folder):
        if found["id"] == row_id:
            return found
    known = ", ".join(r["id"] for r in table(name, folder)) or "none yet"
    raise KeyError(f"There is no {what} called '{row_id}'. Known ones: {known}.")


def framework(framework_id: str, folder: Path | None = None) -> dict[str, Any]:
    """One framework's register row, with its scale points (empty when it is not rated)."""
    tables = all_tables(folder)
    known = {r["id"]: r for r in tables["frameworks"]}
    if framework_id not in known:
        raise KeyError(
            f"There is no framework called '{framework_id}'. "
            f"Known frameworks: {', '.join(sorted(known))}."
        )
    info = dict(known[framework_id])
    info["points"] = scale_points(info["scale"], folder) if info["scale"] else []
    return info


def scale_points(scale: str, folder: Path | None = None) -> list[Row]:
    points = [r for r in all_tables(folder)["scales"] if r["scale"] == scale]
    return sorted(points, key=lambda r: r["value"])


def items(
    framework_id: str,
    role: str | None = None,
    jurisdiction: str | None = None,
    folder: Path | None = None,
) -> list[Row]:
    """A framework's items for one participant: their role (or both) and jurisdiction (or all)."""
    framework(framework_id, folder)  # a clear error for an unknown id
    rows = table(framework_id, folder)
    if role:
        rows = [r for r in rows if r["applies_to"] in (role, "both")]
    if jurisdiction:
        rows = [r for r in rows if r["jurisdiction"] in (jurisdiction, "all")]
    return rows


def frame(name: str, folder: Path | None = None) -> pd.DataFrame:
    """One table as a pandas DataFrame, for analysts."""
    import pandas as pd

    rows = table(name, folder)
    return pd.DataFrame([{k: v for k, v in r.items() if k != "_row"} for r in rows])
