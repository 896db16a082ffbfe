"""The ``commonground`` command: one sub-command per module, as nbgrader arranges its apps."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from . import (
    check_data,
    collect,
    demo,
    erase,
    export,
    feedback,
    grade,
    integrity,
    link,
    profile,
    release,
    report,
    status,
    synth,
)

COMMANDS = {
    "synth": synth,
    "check-data": check_data,
    "profile": profile,
    # facilitator commands (issue 5): one process each, nbgrader driven in-process
    "release": release,
    "collect": collect,
    "grade": grade,
    "feedback": feedback,
    "export": export,
    "status": status,
    "erase": erase,
    "integrity": integrity,
    "demo": demo,
    "report": report,  # cohort report for analysts (issue 6)
    "link": link,  # nbgitpuller link for participants on a hub (issue 7)
}


class CommandError(Exception):
    """A mistake the person at the keyboard can fix; printed as one sentence, exit code 2."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="commonground",
        description="Common Ground: run workshops, grade assignments and report on cohorts.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, module in COMMANDS.items():
        module.add_arguments(sub.add_parser(name, help=module.HELP, description=module.HELP))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command].run(args) or 0
    except (CommandError, ValueError, KeyError, OSError) as err:
        message = err.args[0] if isinstance(err, KeyError) and err.args else err
        print(f"commonground {args.command}: {message}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:  # Ctrl-C outside a step that handles it: one sentence, no traceback
        print(f"commonground {args.command}: stopped (Ctrl-C).", file=sys.stderr)
        return 130
    except Exception as err:  # a gradebook error raised outside Course.gradebook(): one sentence
        sentence = _database_sentence(args, err)
        if sentence is None:
            raise
        print(f"commonground {args.command}: {sentence}", file=sys.stderr)
        return 2


def _database_sentence(args: argparse.Namespace, err: Exception) -> str | None:
    from ..facilitate.gradebook_errors import database_sentence, is_database_error

    if not is_database_error(err):
        return None
    try:
        from ..facilitate.console import open_course

        path = open_course(args).gradebook_file if hasattr(args, "course") else None
    except Exception:  # the course itself cannot be read: name no file rather than fail again
        path = None
    return database_sentence(path, err)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
