"""The graded assignments: ``source/`` (built from ``assignments/*.md``, see
:mod:`widgets.assignment_text`) and ``release/`` (generated from it, committed).

:func:`generate_release` runs nbgrader's ``generate_assignment`` in-process through
:class:`nbgrader.apps.NbGraderAPI`, with the course's own ``nbgrader_config.py`` but a throwaway
gradebook and exchange, so regenerating ``release/`` never touches the real gradebook. The output
is deterministic (cell ids are fixed in the source notebooks and nbgrader adds no time stamps), so
``tests/assignments/test_release_in_sync.py`` can regenerate into a copy and compare.

    .venv/bin/python -m widgets.assignments          # regenerate release/ in this repository
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from .nbgrader_ext.gradebook_stamp import quick_new_gradebooks

# In course order. The pre- and post-workshop self-assessments rate the same statements.
ASSIGNMENTS = ("pre_workshop", "knowledge_checks", "scenarios", "reflections", "post_workshop")
CONFIG_FILENAME = "nbgrader_config.py"


class ReleaseError(Exception):
    """An assignment could not be generated; the message is one plain sentence."""


def course_root() -> Path:
    """The repository root, which is the nbgrader course directory."""
    return Path(__file__).resolve().parent.parent


def source_assignments(root: Path) -> list[str]:
    """The assignments in ``source/``: folders holding at least one notebook, sorted by name."""
    source = root / "source"
    if not source.is_dir():
        return []
    return sorted(
        folder.name
        for folder in source.iterdir()
        if folder.is_dir() and not folder.name.startswith(".") and any(folder.glob("*.ipynb"))
    )


def course_config(root: Path, db_url: str, exchange_root: Path):
    """The course's nbgrader configuration (``nbgrader_config.py`` when there is one), pointed at
    ``root`` with the given gradebook and exchange."""
    from traitlets.config import Config
    from traitlets.config.loader import PyFileConfigLoader

    config = Config()
    if (root / CONFIG_FILENAME).exists():
        config.merge(PyFileConfigLoader(CONFIG_FILENAME, path=str(root)).load_config())
    config.CourseDirectory.root = str(root)
    config.CourseDirectory.db_url = db_url
    config.Exchange.root = str(exchange_root)
    config.NbGraderAPI.log_level = "WARN"
    return config


def generate_release(root: str | Path | None = None, assignment: str | None = None) -> list[Path]:
    """Generate the participant version of one assignment (or every one in ``source/``) into
    ``release/`` under ``root``; returns the release folders written.

    A throwaway gradebook and exchange keep the real ones untouched. Raises :class:`ReleaseError`
    naming the assignment when nbgrader refuses (e.g. broken cell metadata).
    """
    from nbgrader.apps import NbGraderAPI

    root = Path(root) if root is not None else course_root()
    known = source_assignments(root)
    if assignment is not None and assignment not in known:
        listed = ", ".join(known) or "none"
        raise ReleaseError(
            f"There is no assignment called '{assignment}' in {root / 'source'} (there are: "
            f"{listed})."
        )
    wanted = [assignment] if assignment is not None else known
    written = []
    with (
        tempfile.TemporaryDirectory(prefix="commonground-generate-") as scratch,
        quick_new_gradebooks(),
    ):
        db_url = f"sqlite:///{Path(scratch) / 'throwaway_gradebook.db'}"
        config = course_config(root, db_url, Path(scratch) / "no-exchange")
        api = NbGraderAPI(config=config)
        for name in wanted:
            result = api.generate_assignment(name, force=True, create=True)
            if not result.get("success"):
                detail = _last_line(result.get("error") or result.get("log") or "")
                raise ReleaseError(f"The assignment '{name}' could not be generated: {detail}")
            written.append(root / "release" / name)
    return written


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else "nbgrader gave no reason."


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    try:
        folders = generate_release(None, args[0] if args else None)
    except ReleaseError as err:
        print(err, file=sys.stderr)
        return 1
    for folder in folders:
        print(f"Generated {folder}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
