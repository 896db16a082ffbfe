"""``erase`` looks inside spreadsheets, archives and compressed files, and says which it could
not read ("could not check") rather than passing over them (issue 12)."""

from __future__ import annotations

import gzip
import zipfile
from pathlib import Path

from widgets.facilitate.erase import Erasure, _mentions, contains

WHO = "p-erase-me"


def test_ids_inside_xlsx_gz_and_zip_are_found(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["participant", "score"])
    book.active.append([WHO, 3])
    book.save(tmp_path / "grades.xlsx")
    (tmp_path / "grades.csv.gz").write_bytes(gzip.compress(f"{WHO},3\n".encode()))
    with zipfile.ZipFile(tmp_path / "backup.zip", "w") as archive:
        archive.writestr("inner/answers.json", f'{{"participant": "{WHO}"}}')
    with zipfile.ZipFile(tmp_path / "other.zip", "w") as archive:
        archive.writestr("a.txt", "nobody here")
    pattern = _mentions(WHO)
    for name in ("grades.xlsx", "grades.csv.gz", "backup.zip"):
        assert contains(tmp_path / name, pattern) is True, name
    assert contains(tmp_path / "other.zip", pattern) is False


def test_unreadable_files_are_could_not_check(tmp_path: Path) -> None:
    (tmp_path / "broken.gz").write_bytes(b"\x1f\x8b\x08\x00not really gzip")
    (tmp_path / "broken.xlsx").write_bytes(b"PK\x03\x04 damaged")
    (tmp_path / "notes.7z").write_bytes(b"7z")
    pattern = _mentions(WHO)
    for name in ("broken.gz", "broken.xlsx", "notes.7z"):
        assert isinstance(contains(tmp_path / name, pattern), str), name
    erasure = Erasure(WHO, False, unchecked=[(tmp_path / "broken.gz", "it could not be read")])
    assert "Could not check these files for the id" in erasure.text()
