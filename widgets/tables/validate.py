"""Check parsed CSV text against a :class:`TableSchema` and tables against each other.

Rows are numbered as a spreadsheet shows them: the header is row 1, the first record row 2.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .schema import Column, TableSchema

Row = dict[str, Any]


@dataclass
class DataProblem:
    file: str
    row: int | None
    column: str | None
    problem: str

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column '{self.column}'")
        return f"{', '.join(where)}: {self.problem}"


class DataTableError(ValueError):
    """A table in ``data/`` is broken; ``str()`` is one sentence naming file, row and column."""

    def __init__(self, problems: list[DataProblem]) -> None:
        self.problems = problems
        first = problems[0]
        self.file, self.row, self.column = first.file, first.row, first.column
        more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
        super().__init__(f"{first}{more}")


def decode(raw: bytes, file: str, header: Iterable[str] | None = None) -> str:
    """UTF-8 (with or without Excel's byte-order mark), or a problem naming the bad byte's cell."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        before = raw[: err.start]
        row = before.count(b"\n") + 1
        line_start = before.rfind(b"\n") + 1
        field_index = before[line_start:].count(b",")
        names = list(header or [])
        if not names:
            first_line = raw.split(b"\n", 1)[0].decode("utf-8", "replace")
            names = next(csv.reader([first_line]), [])
        column = names[field_index] if field_index < len(names) else None
        raise DataTableError(
            [DataProblem(file, row, column, "is not UTF-8 text (save the file as CSV UTF-8)")]
        ) from err


def parse(text: str, schema: TableSchema, file: str) -> list[Row]:
    """Parse and check one table on its own; raise DataTableError listing every problem."""
    records = list(csv.reader(io.StringIO(text, newline="")))
    if not records:
        raise DataTableError([DataProblem(file, 1, None, "is empty; it needs a header row")])
    header, body = [h.strip() for h in records[0]], records[1:]
    problems = [
        DataProblem(file, 1, name, "is missing from the header row")
        for name in schema.column_names
        if name not in header
    ]
    problems += [
        DataProblem(file, 1, name, "is not a column this table should have")
        for name in header
        if name not in schema.column_names
    ]
    if problems:
        raise DataTableError(problems)

    rows: list[Row] = []
    seen: dict[str, dict[str, int]] = {c.name: {} for c in schema.columns if c.unique}
    for index, record in enumerate(body):
        row_number = index + 2
        if not any(cell.strip() for cell in record):
            continue  # blank line at the end of a hand-edited file
        if len(record) != len(header):
            problems.append(
                DataProblem(
                    file,
                    row_number,
                    None,
                    f"has {len(record)} cells where the header has {len(header)} "
                    "(check for an unquoted comma)",
                )
            )
            continue
        raw = dict(zip(header, (cell.strip() for cell in record), strict=True))
        row: Row = {"_row": row_number}
        for column in schema.columns:
            value, problem = _convert(raw[column.name], column, schema)
            if problem:
                problems.append(DataProblem(file, row_number, column.name, problem))
            row[column.name] = value
            if column.unique and value not in (None, ""):
                first = seen[column.name].setdefault(str(value), row_number)
                if first != row_number:
                    problems.append(
                        DataProblem(file, row_number, column.name, f"'{value}' repeats row {first}")
                    )
        rows.append(row)
    if problems:
        raise DataTableError(problems)
    return rows


def _convert(cell: str, column: Column, schema: TableSchema) -> tuple[Any, str | None]:
    if cell == "":
        return (None, "is empty but must have a value") if column.required else (None, None)
    if column.is_list:
        parts = [p.strip() for p in cell.split(";") if p.strip()]
        if not parts:
            return parts, "is empty but must have a value"
        wrong = [p for p in parts if column.kind == "choice" and p not in column.choices]
        if wrong:
            return parts, f"'{wrong[0]}' is not one of: {', '.join(column.choices)}"
        return parts, None
    if column.name == "framework" and schema.framework and cell != schema.framework:
        return cell, f"is '{cell}' but every row of this table must say '{schema.framework}'"
    if column.kind == "choice" and cell not in column.choices:
        return cell, f"'{cell}' is not one of: {', '.join(column.choices)}"
    if column.kind in ("int", "number"):
        try:
            number: float = int(cell) if column.kind == "int" else float(cell)
        except ValueError:
            kind = "a whole number" if column.kind == "int" else "a number"
            return cell, f"'{cell}' is not {kind}"
        low, high = column.minimum, column.maximum
        if (low is not None and number < low) or (high is not None and number > high):
            span = f"{_fmt(low)} to {_fmt(high)}" if high is not None else f"at least {_fmt(low)}"
            return number, f"{_fmt(number)} is outside the allowed range ({span})"
        return number, None
    return cell, None


def _fmt(number: float | None) -> str:
    return "" if number is None else f"{number:g}"


def check_references(
    tables: Mapping[str, list[Row]], schemas: Mapping[str, TableSchema]
) -> list[DataProblem]:
    """Every value that names a row of another table must name one that exists."""
    problems: list[DataProblem] = []
    for name, rows in tables.items():
        schema = schemas[name]
        for column in schema.columns:
            if not column.refers_to:
                continue
            target_table, target_column = column.refers_to.split(".")
            known = {str(r[target_column]) for r in tables.get(target_table, [])}
            for row in rows:
                value = row[column.name]
                values = value if column.is_list else [value]
                for part in values or []:
                    if part is not None and str(part) not in known:
                        problems.append(
                            DataProblem(
                                schema.file,
                                row["_row"],
                                column.name,
                                f"'{part}' does not exist in {target_table}.csv "
                                f"(column '{target_column}')",
                            )
                        )
    return problems


def check_scales(rows: list[Row], file: str) -> list[DataProblem]:
    """Each scale's points run 1, 2, … with no gap, so 'the top of the scale' is well defined."""
    problems: list[DataProblem] = []
    by_scale: dict[str, list[Row]] = {}
    for row in rows:
        by_scale.setdefault(row["scale"], []).append(row)
    for scale, points in by_scale.items():
        values = sorted(int(p["value"]) for p in points)
        expected = list(range(1, len(points) + 1))
        if values != expected:
            worst = next(p for p in points if int(p["value"]) not in expected)
            problems.append(
                DataProblem(
                    file,
                    worst["_row"],
                    "value",
                    f"{worst['value']} is outside the scale '{scale}', whose points "
                    f"must run 1 to {len(points)}",
                )
            )
    return problems


def check_framework_register(
    frameworks: list[Row], item_schemas: Iterable[TableSchema], file: str
) -> list[DataProblem]:
    """frameworks.csv and the item tables the package knows must describe the same set."""
    problems = []
    expected = {s.framework: s.file for s in item_schemas}
    listed = {r["id"]: r for r in frameworks}
    for row in frameworks:
        want = expected.get(row["id"])
        if want is None:
            problems.append(
                DataProblem(file, row["_row"], "id", f"'{row['id']}' has no table schema")
            )
        elif row["file"] != want:
            problems.append(
                DataProblem(file, row["_row"], "file", f"should be '{want}', not '{row['file']}'")
            )
    for framework in expected:
        if framework not in listed:
            problems.append(
                DataProblem(file, None, "id", f"has no row for the framework '{framework}'")
            )
    return problems
