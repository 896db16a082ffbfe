"""``commonground link``: print the nbgitpuller link that delivers the course to participants."""

from __future__ import annotations

import argparse

HELP = "Print the nbgitpuller link that copies the course into each participant's hub and opens it."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from ..facilitate.link import INTERFACES

    parser.add_argument(
        "--hub", required=True, help="the hub's public URL, e.g. https://hub.example.gov.uk"
    )
    parser.add_argument("--repo", required=True, help="the course's git URL the hub can clone")
    parser.add_argument("--branch", default="main")
    parser.add_argument(
        "--path",
        default="notebooks/00_start_here.ipynb",
        help="file or folder to open, relative to the repository",
    )
    parser.add_argument("--interface", choices=list(INTERFACES), default="lab")
    parser.add_argument(
        "--target", default=None, help="folder in each participant's home (default: the repo name)"
    )


def run(args: argparse.Namespace) -> int:
    from ..facilitate.link import gitpuller_link
    from . import CommandError

    try:
        link = gitpuller_link(
            args.hub,
            args.repo,
            branch=args.branch,
            path=args.path,
            interface=args.interface,
            target=args.target,
        )
    except ValueError as err:
        raise CommandError(str(err)) from err
    print(link)
    return 0
