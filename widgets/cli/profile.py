"""``commonground profile``: show or set the profile without a notebook (for set-up and testing)."""

from __future__ import annotations

import argparse

from ..councils import COUNCIL_TYPES
from ..profile import JURISDICTIONS, ROLES

HELP = "Show the participant profile, or set it with --role, --jurisdiction and --council-type."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--role", choices=ROLES)
    parser.add_argument("--jurisdiction", choices=JURISDICTIONS)
    parser.add_argument(
        "--council-type",
        choices=COUNCIL_TYPES,
        default="",
        help="the type of council (in Scotland always unitary, the default there)",
    )
    parser.add_argument("--cohort", default="")
    parser.add_argument("--name", default="", help="what the participant would like to be called")


def run(args: argparse.Namespace) -> int:
    from ..councils import COUNCIL_TYPE_NAMES
    from ..profile import load_profile, profile_path, save_profile

    if args.role or args.jurisdiction:
        save_profile(
            args.role or "",
            args.jurisdiction or "",
            args.cohort,
            args.name,
            council_type=args.council_type,
        )
    profile = load_profile()
    if not profile.complete:
        print(f"No profile yet ({profile_path()}); set one with --role and --jurisdiction.")
        return 1
    print(
        f"{profile.role} in {profile.jurisdiction}"
        + (f", {COUNCIL_TYPE_NAMES[profile.council]}" if profile.council_type_asked else "")
        + (f", cohort {profile.cohort}" if profile.cohort else "")
        + f" ({profile_path()})"
    )
    return 0
