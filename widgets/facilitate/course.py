"""One course, in this process: its nbgrader configuration, folders, gradebook and exchange.

Every ``commonground`` facilitator command builds one :class:`Course` and drives nbgrader's own
converters and exchange classes through :class:`nbgrader.apps.api.NbGraderAPI` in this process, so
a command pays nbgrader's start-up (about five seconds of imports) once, not once per step.

Errors a facilitator can cause are raised as :class:`FacilitatorError`: one plain sentence.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..nbgrader_ext.gradebook_stamp import use_in_process_stamp

if TYPE_CHECKING:  # nbgrader takes seconds to import: only the commands that need it pay for it
    from nbgrader.api import Gradebook
    from nbgrader.apps.api import NbGraderAPI
    from traitlets.config import Config

CONFIG_FILE = "nbgrader_config.py"
LOGGER_NAME = "commonground.nbgrader"


def _skip_slow_optional_imports() -> None:
    """jsonschema (under nbformat, under nbgrader) imports ``rfc3987_syntax`` when it is installed
    only to offer an "iri" format check, and that module compiles dozens of grammars at import:
    about three seconds on every command. Nothing here validates IRIs, so it is left out of this
    process (jsonschema treats it as not installed); notebook kernels are not affected."""
    if "rfc3987_syntax" not in sys.modules and "jsonschema" not in sys.modules:
        sys.modules["rfc3987_syntax"] = None  # type: ignore[assignment]


_skip_slow_optional_imports()


class FacilitatorError(ValueError):
    """A mistake the facilitator can fix, said in one sentence (the CLI prints it, exit code 2)."""


def find_course_root(start: Path | None = None) -> Path:
    """The course folder: ``start`` or the nearest folder above it with the config file."""
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG_FILE).is_file():
            return folder
    raise FacilitatorError(
        f"No course found: neither {here} nor any folder above it has an {CONFIG_FILE}; "
        "run the command inside the course folder or pass --course DIR."
    )


def course_root(option: Path | str | None) -> Path:
    """The ``--course`` option: a folder with ``nbgrader_config.py``, or None for this one."""
    if option is None:
        return find_course_root()
    folder = Path(option).expanduser().resolve()
    if not (folder / CONFIG_FILE).is_file():
        raise FacilitatorError(f"{folder} is not a course folder: it has no {CONFIG_FILE}.")
    return folder


def quiet_logger() -> logging.Logger:
    """nbgrader's log goes here: kept out of the terminal, captured per step by ``capture_log``."""
    logger = logging.getLogger(LOGGER_NAME)
    if not logger.handlers:
        logger.addHandler(logging.NullHandler())
    logger.propagate = False
    logger.setLevel(logging.INFO)
    return logger


def load_config(root: Path, overrides: Config | None = None) -> Config:
    """The course's ``nbgrader_config.py`` with ``overrides`` merged on top."""
    from traitlets.config import Config
    from traitlets.config.loader import ConfigFileNotFound, PyFileConfigLoader

    try:
        config = PyFileConfigLoader(CONFIG_FILE, path=str(root)).load_config()
    except ConfigFileNotFound as err:
        raise FacilitatorError(f"{root} is not a course folder: it has no {CONFIG_FILE}.") from err
    except Exception as err:  # a typo in the config file: say where, not a traceback
        raise FacilitatorError(
            f"The course configuration {root / CONFIG_FILE} could not be read ({err})."
        ) from err
    config = Config(config)
    if "root" not in config.CourseDirectory:
        config.CourseDirectory.root = str(root)
    if "db_url" not in config.CourseDirectory:
        config.CourseDirectory.db_url = f"sqlite:///{root / 'gradebook.db'}"
    if overrides is not None:
        config.merge(overrides)
    return config


def sqlite_path(db_url: str) -> Path | None:
    """The file behind an ``sqlite:///`` URL, or None for other databases."""
    match = re.match(r"sqlite:///(.+)$", db_url)
    return Path(match.group(1)) if match else None


def _quiet_warnings() -> None:
    """nbgrader's own use of SQLAlchemy warns on every new submission; nothing to act on."""
    import warnings

    from sqlalchemy.exc import SAWarning

    warnings.filterwarnings("ignore", category=SAWarning)


class Course:
    """A course folder and the nbgrader machinery over it, all in this process."""

    def __init__(self, root: Path | str, overrides: Config | None = None) -> None:
        self.root = Path(root).resolve()
        self.config = load_config(self.root, overrides)
        self._api: NbGraderAPI | None = None
        use_in_process_stamp()
        _quiet_warnings()

    # configuration -----------------------------------------------------------------------------
    @property
    def api(self) -> NbGraderAPI:
        if self._api is None:
            from nbgrader.apps.api import NbGraderAPI

            self._api = NbGraderAPI(config=self.config, log=quiet_logger())
        return self._api

    @property
    def coursedir(self) -> Any:
        return self.api.coursedir

    @property
    def course_id(self) -> str:
        return str(self.config.CourseDirectory.get("course_id", "")) or "default_course"

    @property
    def db_url(self) -> str:
        return str(self.config.CourseDirectory.db_url)

    @property
    def exchange_root(self) -> Path:
        from nbgrader.exchange.default.exchange import Exchange

        root = self.config.Exchange.get("root", Exchange.root.default_value)
        return Path(root)

    @property
    def exchange_course(self) -> Path:
        return self.exchange_root / self.course_id

    @property
    def exchange_cache(self) -> Path | None:
        cache = self.config.Exchange.get("cache", "")
        if cache:
            return Path(cache)
        from jupyter_core.paths import jupyter_data_dir

        return Path(jupyter_data_dir()) / "nbgrader_cache"

    def folder(self, step: str, student: str = ".", assignment: str = "") -> Path:
        """The ``source``/``release``/``submitted``/``autograded``/``feedback`` folder."""
        directory = {
            "source": "source_directory",
            "release": "release_directory",
            "submitted": "submitted_directory",
            "autograded": "autograded_directory",
            "feedback": "feedback_directory",
        }[step]
        path = self.coursedir.format_path(getattr(self.coursedir, directory), student, assignment)
        return Path(os.path.normpath(path))

    # gradebook ---------------------------------------------------------------------------------
    @property
    def gradebook_file(self) -> Path | None:
        return sqlite_path(self.db_url)

    def has_gradebook(self) -> bool:
        path = self.gradebook_file
        return path is None or path.is_file()

    def require_gradebook(self) -> None:
        if not self.has_gradebook():
            raise FacilitatorError(
                f"There is no gradebook at {self.gradebook_file} yet: release an assignment first "
                "with `commonground release ASSIGNMENT`."
            )

    def require_writable_gradebook(self) -> None:
        """Before a command that writes grades: a read-only gradebook is one sentence up front,
        not an SQLite error half-way through nbgrader (reading commands work on one)."""
        from .gradebook_errors import gradebook_sentence

        path = self.gradebook_file
        if path is None or not path.is_file():
            return
        try:
            with path.open("r+b"):
                pass
            writable = os.access(path.parent, os.W_OK)  # SQLite writes its journal beside it
        except OSError:
            writable = False
        if not writable:
            raise FacilitatorError(str(gradebook_sentence(path, "readonly database")))

    @contextlib.contextmanager
    def gradebook(self, *, must_exist: bool = True) -> Iterator[Gradebook]:
        """The gradebook, closed afterwards; a missing SQLite file is an error unless allowed."""
        from nbgrader.api import Gradebook

        if must_exist:
            self.require_gradebook()
        try:
            gb = Gradebook(self.db_url, self.course_id)
        except Exception as err:
            raise self.gradebook_error(err) from None
        try:
            yield gb
        except Exception as err:
            raise self.gradebook_error(err) from None
        finally:
            with contextlib.suppress(Exception):  # closing a broken database must not hide why
                gb.close()
                gb.engine.dispose()

    def gradebook_error(self, err: Exception) -> Exception:
        """A database error as one sentence naming the gradebook (:mod:`.gradebook_errors`);
        any other error as it was."""
        from .gradebook_errors import database_sentence, is_database_error

        if isinstance(err, FacilitatorError) or not is_database_error(err):
            return err
        return FacilitatorError(database_sentence(self.gradebook_file, err))

    # assignments and submissions ---------------------------------------------------------------
    def source_assignments(self) -> list[str]:
        source = self.folder("source")
        if not source.is_dir():
            return []
        return sorted(p.name for p in source.iterdir() if p.is_dir() and not p.name.startswith("."))

    def require_assignment(self, assignment: str) -> None:
        """Raise one sentence unless ``assignment`` is a folder in ``source/``."""
        known = self.source_assignments()
        if assignment in known:
            return
        listing = ", ".join(known) if known else "none yet"
        raise FacilitatorError(
            f"There is no assignment called '{assignment}' in {self.folder('source')} "
            f"(the assignments are: {listing})."
        )

    def gradebook_assignments(self) -> list[str]:
        if not self.has_gradebook():
            return []
        with self.gradebook() as gb:
            return [a.name for a in gb.assignments]

    def require_generated(self, assignment: str) -> None:
        """The assignment must be in the gradebook (``commonground release`` puts it there)."""
        self.require_assignment(assignment)
        self.require_gradebook()
        if assignment not in self.gradebook_assignments():
            raise FacilitatorError(
                f"The gradebook does not know '{assignment}' yet: release it first with "
                f"`commonground release {assignment}`."
            )

    def submitted_students(self, assignment: str) -> list[str]:
        """Participants with a collected submission of ``assignment`` in ``submitted/``."""
        return sorted(self.api.get_submitted_students(assignment))

    def submitted_assignments(self) -> dict[str, list[str]]:
        """For each participant folder in ``submitted/``, the assignments collected from them."""
        found: dict[str, list[str]] = {}
        top = self.folder("submitted")
        if not top.is_dir():
            return found
        for student in sorted(p for p in top.iterdir() if p.is_dir()):
            found[student.name] = sorted(p.name for p in student.iterdir() if p.is_dir())
        return found

    def notebook_names(self, assignment: str) -> list[str]:
        """The notebooks of an assignment as the gradebook records them (release order)."""
        with self.gradebook() as gb:
            return [nb.name for nb in gb.find_assignment(assignment).notebooks]

    # running nbgrader steps --------------------------------------------------------------------
    def step(self, what: str, result: dict[str, Any]) -> str:
        """Check an ``NbGraderAPI`` result; on failure raise one sentence naming the cause."""
        if result is None:  # the API returns None where the exchange does not exist (Windows)
            raise FacilitatorError(f"Could not {what}: nbgrader's exchange is not available here.")
        log = result.get("log", "") or ""
        if result.get("success"):
            return log
        from .gradebook_errors import gradebook_sentence

        said = gradebook_sentence(self.gradebook_file, f"{result.get('error') or ''}\n{log}")
        raise FacilitatorError(said or f"Could not {what}: {failure_reason(result)}")


_LOG_LINE = re.compile(r"^\[(?:ERROR|CRITICAL|FATAL)\]\s*(.+)$", re.MULTILINE)
_EXCEPTION_LINE = re.compile(
    r"^\s*(?:[\w.]+\.)?(\w*(?:Error|Exception|Exit)\w*): (.+)$", re.MULTILINE
)
_VAGUE = ("Please see", "There was an error", "Traceback")


def failure_reason(result: dict[str, Any]) -> str:
    """The most telling line of a failed nbgrader step, as a sentence without a traceback."""
    error = (result.get("error") or "").strip().splitlines()
    last = error[-1] if error else ""
    _, _, message = last.partition(": ")
    log = result.get("log", "") or ""
    if not message or message.startswith(_VAGUE):
        # nbgrader logged the real exception (e.g. a notebook that is not JSON) before giving up
        raised = [m.group(2).strip() for m in _EXCEPTION_LINE.finditer(log)]
        logged = [m.group(1).strip() for m in _LOG_LINE.finditer(log)]
        useful = [line for line in raised[::-1] + logged if not line.startswith(_VAGUE)]
        message = useful[0] if useful else message or last or "nbgrader gave no reason"
    reason = message.splitlines()[0].strip().rstrip(".")
    if len(reason) > 200:
        reason = reason[:197] + "..."
    return reason[:1].lower() + reason[1:] + "."
