"""Every course table loads and validates, and every kind of broken table is named precisely."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from widgets import tables
from widgets.tables import DataTableError, all_tables, data_folder

DATA = Path(__file__).resolve().parents[2] / "data"


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    """A copy of data/ a test can break."""
    folder = tmp_path / "data"
    shutil.copytree(DATA, folder)
    return folder


def _error(folder: Path) -> DataTableError:
    with pytest.raises(DataTableError) as caught:
        all_tables(folder)
    return caught.value


def _rewrite(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def test_the_pack_reads_the_repository_tables() -> None:
    assert data_folder().resolve() == DATA


def test_every_table_loads_and_validates() -> None:
    loaded = all_tables()
    assert set(loaded) == set(tables.TABLES)
    for name, schema in tables.TABLES.items():
        if schema.framework:
            assert loaded[name], f"{name} is empty"


@pytest.mark.parametrize(
    ("framework", "expected"),
    [("nos_sfjc21", 30), ("trust", 8), ("principles", 7 + 9), ("question_types", 5)],
)
def test_frameworks_hold_what_the_sources_list(framework: str, expected: int) -> None:
    assert len(tables.table(framework)) == expected


def test_nos_sfjc21_has_every_criterion_knowledge_point_behaviour_and_scope_group() -> None:
    codes = {r["code"] for r in tables.table("nos_sfjc21")}
    expected = (
        {f"P{i}" for i in range(1, 7)}
        | {f"K{i}" for i in range(1, 12)}
        | {f"B{i}" for i in range(1, 10)}
        | {f"S{i}" for i in range(1, 5)}
    )
    assert codes == expected
    unrated = {r["code"] for r in tables.table("nos_sfjc21") if r["rated"] == "no"}
    assert unrated == {f"S{i}" for i in range(1, 5)}


def test_statutory_officers_differ_by_jurisdiction() -> None:
    def titles(jurisdiction: str) -> set[str]:
        rows = tables.items("statutory_officers", jurisdiction=jurisdiction)
        return {r["title"].split(" (")[0] for r in rows}

    england, scotland = titles("england"), titles("scotland")
    assert "Chief Social Work Officer" in scotland and "Chief Social Work Officer" not in england
    assert {"Monitoring Officer", "Head of Paid Service"} <= england & scotland


def test_items_are_filtered_to_the_participants_role() -> None:
    assert tables.items("nos_sfjc21", role="councillor") == []
    assert len(tables.items("nos_sfjc21", role="officer")) == 30
    assert tables.items("councillor_skills", role="officer") == []


def test_scales_are_data_with_labels() -> None:
    confidence = tables.framework("trust")["points"]
    assert [p["value"] for p in confidence] == [1, 2, 3, 4, 5]
    in_place = tables.framework("governance_actions")["points"]
    assert [p["label"] for p in in_place] == ["Not yet", "Partly", "In place"]
    assert tables.framework("principles")["points"] == []


def test_an_unknown_framework_is_a_plain_sentence() -> None:
    with pytest.raises(KeyError, match="There is no framework called 'trusst'"):
        tables.items("trusst")


def test_catalogue_options_serve_known_frameworks_with_numeric_costs() -> None:
    for row in tables.table("catalogue"):
        assert row["serves"], row["id"]
        assert row["cost_gbp"] is None or row["cost_gbp"] >= 0


def test_frame_gives_analysts_a_dataframe() -> None:
    frame = tables.frame("trust")
    assert list(frame.columns[:3]) == ["id", "framework", "area"]
    assert len(frame) == 8 and "_row" not in frame.columns


# --- broken tables: one plain message naming the file, the row and the column -----------------


def test_a_missing_column_names_file_and_column(broken: Path) -> None:
    _rewrite(broken / "trust_behaviours.csv", "applies_to,", "", 1)
    err = _error(broken)
    assert str(err).startswith("data/trust_behaviours.csv, row 1, column 'applies_to':")
    assert "missing" in str(err)


def test_a_duplicate_id_names_both_rows(broken: Path) -> None:
    _rewrite(broken / "seven_principles.csv", "SP2,", "SP1,")
    err = _error(broken)
    assert (err.file, err.row, err.column) == ("data/seven_principles.csv", 3, "id")
    assert "'SP1' repeats row 2" in str(err)


def test_a_reference_to_a_missing_row_names_the_table_it_should_be_in(broken: Path) -> None:
    path = broken / "development_catalogue.csv"
    text = path.read_text(encoding="utf-8").splitlines()
    text[1] = text[1].rsplit(",", 1)[0] + ",trust;no_such_framework"
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    err = _error(broken)
    assert (err.file, err.row, err.column) == ("data/development_catalogue.csv", 2, "serves")
    assert "'no_such_framework' does not exist in frameworks.csv" in str(err)


def test_a_value_outside_its_scale(broken: Path) -> None:
    _rewrite(broken / "scales.csv", "in_place-3,in_place,3,", "in_place-3,in_place,4,")
    err = _error(broken)
    assert (err.file, err.column) == ("data/scales.csv", "value")
    assert err.row == 14
    assert "outside the scale 'in_place'" in str(err)


def test_a_value_outside_the_allowed_range(broken: Path) -> None:
    _rewrite(broken / "scales.csv", "confidence-5,confidence,5,", "confidence-5,confidence,9,")
    err = _error(broken)
    assert (err.row, err.column) == (6, "value")
    assert "9 is outside the allowed range (1 to 5)" in str(err)


def test_a_value_not_among_the_choices(broken: Path) -> None:
    _rewrite(broken / "health_check.csv", ",both,all,", ",mayor,all,")
    err = _error(broken)
    assert (err.file, err.row, err.column) == ("data/health_check.csv", 2, "applies_to")
    assert "'mayor' is not one of: councillor, officer, both" in str(err)


def test_bad_encoding_names_the_row_and_column(broken: Path) -> None:
    path = broken / "trust_behaviours.csv"
    lines = path.read_bytes().split(b"\n")
    lines[3] = lines[3].replace(b"I ", "I \u00e9 ".encode("latin-1"), 1)  # a Windows-1252 save
    path.write_bytes(b"\n".join(lines))
    err = _error(broken)
    assert (err.file, err.row, err.column) == ("data/trust_behaviours.csv", 4, "statement")
    assert "not UTF-8" in str(err)


def test_an_unquoted_comma_is_caught(broken: Path) -> None:
    path = broken / "question_types.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[2] = lines[2] + ",extra"
    path.write_text("\n".join(lines), encoding="utf-8")
    err = _error(broken)
    assert (err.file, err.row) == ("data/question_types.csv", 3)
    assert "unquoted comma" in str(err)


def test_a_missing_file_is_named(broken: Path) -> None:
    (broken / "scales.csv").unlink()
    assert str(_error(broken)) == "data/scales.csv: is missing"


def test_an_excel_byte_order_mark_is_accepted(broken: Path) -> None:
    path = broken / "sources.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert len(all_tables(broken)["sources"]) == len(path.read_text("utf-8").splitlines()) - 1


def test_check_data_command_reports_every_problem(broken: Path) -> None:
    _rewrite(broken / "health_check.csv", ",both,all,", ",mayor,all,")
    _rewrite(broken / "seven_principles.csv", "SP2,", "SP1,")
    result = subprocess.run(
        [Path(sys.executable).parent / "commonground", "check-data", str(broken)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert "health_check.csv, row 2, column 'applies_to'" in result.stderr
    assert "seven_principles.csv, row 3, column 'id'" in result.stderr
    assert "Traceback" not in result.stderr
