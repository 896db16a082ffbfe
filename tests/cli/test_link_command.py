"""``commonground link`` prints the participants' nbgitpuller link, or one sentence and exit 2."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from widgets.cli import COMMANDS, main

COMMAND = Path(sys.executable).parent / "commonground"
HUB = "https://hub.example.gov.uk"
REPO = "https://github.com/example-council/commonground.git"


def test_the_installed_command_prints_only_the_link() -> None:
    result = subprocess.run(
        [COMMAND, "link", "--hub", HUB, "--repo", REPO], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert len(lines) == 1
    link = urlsplit(lines[0])
    assert f"{link.scheme}://{link.netloc}{link.path}" == f"{HUB}/hub/user-redirect/git-pull"
    assert parse_qs(link.query) == {
        "repo": [REPO],
        "branch": ["main"],
        "urlpath": ["lab/tree/commonground/notebooks/00_start_here.ipynb"],
        "targetPath": ["commonground"],
    }


def test_every_option_reaches_the_link(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["link", "--hub", HUB + "/", "--repo", REPO, "--branch", "spring-2025"]
    argv += ["--path", "notebooks/09_relationship_map.ipynb", "--interface", "voila"]
    argv += ["--target", "relationships"]
    assert main(argv) == 0
    query = parse_qs(urlsplit(capsys.readouterr().out.strip()).query)
    assert query == {
        "repo": [REPO],
        "branch": ["spring-2025"],
        "urlpath": ["voila/render/relationships/notebooks/09_relationship_map.ipynb"],
        "targetPath": ["relationships"],
    }


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["--hub", "hub.example.gov.uk", "--repo", REPO],
            "commonground link: The hub URL 'hub.example.gov.uk' "
            "must start with http:// or https://.",
        ),
        (
            ["--hub", HUB, "--repo", ""],
            "commonground link: The repository URL is empty; "
            "give the course's git URL with --repo.",
        ),
        (
            ["--hub", HUB, "--repo", REPO, "--path", "../../etc/passwd"],
            "commonground link: The path '../../etc/passwd' points outside the repository ('..').",
        ),
    ],
)
def test_a_mistake_is_one_sentence_and_exit_2(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["link", *argv]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.strip() == message


def test_an_unknown_interface_is_refused_by_the_parser(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["link", "--hub", HUB, "--repo", REPO, "--interface", "rstudio"])
    assert caught.value.code == 2
    assert "invalid choice: 'rstudio'" in capsys.readouterr().err


def test_link_is_listed_with_the_other_commands() -> None:
    assert "link" in COMMANDS
    help_text = subprocess.run([COMMAND, "--help"], capture_output=True, text=True).stdout
    assert "link" in help_text and "nbgitpuller" in help_text
