"""A gradebook that cannot be used is one sentence, from the real ``commonground`` command.

The course has released, collected and graded one participant, so every command has real work to
do; then its ``gradebook.db`` is damaged (garbage bytes; cut to a third), locked (another process
holds SQLite's exclusive lock) or read-only (immutable, as root; else mode 444). Each command that
opens it must exit non-zero with one sentence naming the file and what to do, and no traceback.
Commands that only read (status, export, integrity) keep working on a read-only gradebook; those
that write refuse it up front, before changing anything.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.facilitate.kit import KIT_ASSIGNMENT, make_course, person, take_part

pytestmark = pytest.mark.slow

COMMAND = Path(sys.executable).parent / "commonground"
A = KIT_ASSIGNMENT
EVERY = (
    ["status"],
    ["export"],
    ["integrity", A],
    ["collect", A],
    ["grade", A, "--force"],
    ["feedback", A],
    ["erase", "p1"],
    ["release", A],
)
WRITERS = (["grade", A, "--force"], ["erase", "p1"], ["release", A])
WORDS = {
    "garbage": "is damaged (it is not a whole SQLite database)",
    "truncated": "is damaged (it is not a whole SQLite database)",
    "locked": "is locked by another program",
    "read-only": "is read-only for you",
}
LOCKER = """
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("PRAGMA locking_mode=EXCLUSIVE")
db.execute("BEGIN EXCLUSIVE")
db.execute("SELECT count(*) FROM sqlite_master").fetchall()
print("locked", flush=True)
time.sleep(600)
"""


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from widgets.facilitate.collect import collect
    from widgets.facilitate.course import Course
    from widgets.facilitate.grade import grade
    from widgets.facilitate.release import release

    top = tmp_path_factory.mktemp("gradebook-errors")
    root = make_course(top)
    course = Course(root)
    release(course, A)
    take_part(course, A, person("p1"), top / "homes", correct=True)
    collect(course, A)
    grade(course, A, jobs=1)
    shutil.copyfile(root / "gradebook.db", top / "good.db")
    return root


def run(root: Path, argv: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(COMMAND), *argv, "--course", str(root)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=root,
    )


def assert_one_sentence(done: subprocess.CompletedProcess[str], argv: list[str], words: str):
    path = Path(done.args[-1]) / "gradebook.db"
    assert done.returncode == 2, (argv, done.stdout, done.stderr)
    assert "Traceback" not in done.stdout + done.stderr, argv
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, (argv, done.stderr)
    assert lines[0].startswith(f"commonground {argv[0]}: The gradebook {path} {words}"), lines[0]
    assert lines[0].endswith(".") and "nothing more was done: " in lines[0]


@pytest.fixture
def gradebook(course: Path) -> Iterator[Path]:
    """The course's gradebook, put back as it was after each test."""
    db = course / "gradebook.db"
    yield db
    subprocess.run(["chattr", "-i", str(db)], capture_output=True)
    db.chmod(0o644)
    shutil.copyfile(course.parent / "good.db", db)


@pytest.mark.parametrize("damage", ["garbage", "truncated"])
def test_a_damaged_gradebook(course: Path, gradebook: Path, damage: str) -> None:
    good = gradebook.read_bytes()
    gradebook.write_bytes(os.urandom(4096) if damage == "garbage" else good[: len(good) // 3])
    for argv in EVERY:
        assert_one_sentence(run(course, argv), argv, WORDS[damage])
    assert (course / "submitted" / "p1" / A).is_dir()  # erase removed nothing


def test_a_locked_gradebook(course: Path, gradebook: Path) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", LOCKER, str(gradebook)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        for argv in EVERY:
            assert_one_sentence(run(course, argv), argv, WORDS["locked"])
    finally:
        holder.kill()
        holder.wait()
    assert (course / "submitted" / "p1" / A).is_dir()
    assert run(course, ["status"]).returncode == 0  # the lock gone, all is well again


def test_a_read_only_gradebook(course: Path, gradebook: Path) -> None:
    if os.geteuid() == 0:
        made = subprocess.run(["chattr", "+i", str(gradebook)], capture_output=True)
        if made.returncode != 0:
            pytest.skip(f"cannot make a file immutable here: {made.stderr.strip()}")
    else:
        gradebook.chmod(0o444)
    before = gradebook.read_bytes()
    for argv in WRITERS:
        assert_one_sentence(run(course, argv), argv, WORDS["read-only"])
    assert (course / "submitted" / "p1" / A).is_dir()  # erase stopped before removing anything
    status = run(course, ["status"])
    assert status.returncode == 0 and "p1" in status.stdout, status.stderr
    assert gradebook.read_bytes() == before
