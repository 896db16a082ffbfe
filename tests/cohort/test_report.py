"""``commonground report``: one self-contained HTML file that opens with size and suppression,
plus CSV and Excel exports of the protected aggregates only."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from tests.cohort.conftest import write_answers
from widgets.cli import main
from widgets.cohort import build_report, summary
from widgets.synth import write_workshop_cohort

BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def answers(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("report") / "answers"
    write_workshop_cohort(folder, 24, 2, seed=3)
    write_answers(
        folder / "broken" / "pre_workshop",
        {"rate.trust.pre/TB1": 42},
        {"id": "zed-77", "role": "officer", "jurisdiction": "england"},
    )
    return folder


def test_the_command_writes_a_self_contained_report_and_exports(
    answers: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "report.html"
    code = main(
        [
            "report",
            str(answers),
            "--out",
            str(out),
            "--csv",
            str(tmp_path / "csv"),
            "--xlsx",
            str(tmp_path / "agg.xlsx"),
            "--threshold",
            "4",
            "--key-file",
            str(tmp_path / "k"),
        ]
    )
    captured = capsys.readouterr()
    assert code == 0
    assert "broken" in captured.err and "rating off the scale" in captured.err
    page = out.read_text(encoding="utf-8")
    opening = page[: page.index("Contents")]
    assert page.index("Key findings") < page.index("Who this report covers")
    assert "This report covers about 25 people" in opening or "about 20 people" in opening
    assert "fewer than 4 people" in opening and "How people are protected" in opening
    assert "1 answers files could not be used" in opening and "Synthetic data" in opening
    assert "zed-77" not in page and "synth-0" not in page  # no participant ids, even of bad files
    images = re.findall(r"<img [^>]*>", page)
    assert len(images) >= 10
    assert all(
        'src="data:image/png;base64,' in i and re.search(r'alt="[^"]{40,}"', i) for i in images
    )
    assert not re.search(r'(src|href)="https?:', page)  # nothing fetched from elsewhere
    assert page.count("<table") >= len(images)
    csvs = sorted((tmp_path / "csv").glob("*.csv"))
    assert len(csvs) >= len(images)
    for path in csvs:
        frame = pd.read_csv(path)
        assert "pseudonym" not in frame.columns and "note" in frame.columns
        assert set(frame["note"].dropna()) <= {"hidden to protect small groups"}, path.name
        counts = [c for c in frame.columns if c.startswith("people") or c == "important but weak"]
        assert counts, path.name
        for column in counts:
            assert (frame[column].dropna() % 5 == 0).all(), (path.name, column)
    sheets = pd.read_excel(tmp_path / "agg.xlsx", sheet_name=None)
    assert len(sheets) == len(csvs)


def test_a_threshold_below_three_is_refused(answers: Path, tmp_path: Path, capsys) -> None:
    code = main(["report", str(answers), "--out", str(tmp_path / "r.html"), "--threshold", "2"])
    assert code == 2 and "cannot be below 3" in capsys.readouterr().err
    assert not (tmp_path / "r.html").exists()


def test_nothing_usable_is_one_sentence(tmp_path: Path, capsys) -> None:
    (tmp_path / "empty").mkdir()
    code = main(
        [
            "report",
            str(tmp_path / "empty"),
            "--out",
            str(tmp_path / "r.html"),
            "--key-file",
            str(tmp_path / "k"),
        ]
    )
    assert code == 2 and "nothing to report" in capsys.readouterr().err


def test_the_command_is_registered() -> None:
    result = subprocess.run(
        [BIN / "commonground", "report", "--help"], capture_output=True, text=True
    )
    assert result.returncode == 0 and "--threshold" in result.stdout and "--xlsx" in result.stdout


def test_a_tiny_cohort_shows_no_numbers(tmp_path: Path) -> None:
    write_workshop_cohort(tmp_path / "a", 3, 1)
    from widgets.cohort import load_cohort

    cohort = load_cohort(tmp_path / "a", key_file=tmp_path / "k")
    built = build_report(cohort, 5)
    assert built.people is None
    assert "fewer than 5 people, so no numbers can be shown" in built.summary_html()
    for cells in built.aggregates().values():
        assert (
            cells.select_dtypes("number")
            .drop(columns=["rating"], errors="ignore")
            .isna()
            .all()
            .all()
        )
    assert "fewer than 5" in summary(cohort)._repr_html_()
