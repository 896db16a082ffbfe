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


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
