"""nbgitpuller links: built right, refused in one clear sentence, read back by nbgitpuller itself.

The fast tests parse a link the way nbgitpuller's ``UIHandler`` does (tornado's query parsing and
its defaults). The slow test is the real thing: a Jupyter server under ``/user/alice/`` with the
nbgitpuller extension reads the link, clones a local repository called ``course.git`` (whose name
nbgitpuller's own default would get wrong), and the file the link opens must exist afterwards.
"""

from __future__ import annotations

import html
import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, unquote, urlencode, urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tornado.httputil import parse_qs_bytes

from widgets.facilitate.link import INTERFACES, gitpuller_link

HUB = "https://hub.example.gov.uk"
REPO = "https://github.com/example-council/commonground"


def _arguments(link: str) -> dict[str, str]:
    """The query arguments as tornado's ``get_argument`` returns them (last value wins)."""
    parsed = parse_qs_bytes(urlsplit(link).query, keep_blank_values=True)
    return {key: values[-1].decode() for key, values in parsed.items()}


def _as_nbgitpuller_reads(link: str) -> dict[str, str]:
    """repo, branch, target folder and redirect path as nbgitpuller 1.x's UIHandler derives them."""
    args = _arguments(link)
    repo = args["repo"]
    target = args.get("targetpath") or args.get("targetPath") or repo.rstrip("/").split("/")[-1]
    return {
        "repo": repo,
        "branch": args.get("branch", ""),
        "targetpath": target,
        "urlpath": args.get("urlpath") or args.get("urlPath", ""),
    }


def test_the_default_link_opens_the_start_notebook_in_jupyterlab() -> None:
    link = gitpuller_link(HUB, REPO)
    assert link == (
        "https://hub.example.gov.uk/hub/user-redirect/git-pull"
        "?repo=https%3A%2F%2Fgithub.com%2Fexample-council%2Fcommonground"
        "&branch=main"
        "&urlpath=lab%2Ftree%2Fcommonground%2Fnotebooks%2F00_start_here.ipynb"
    )


@pytest.mark.parametrize(
    ("interface", "prefix"),
    [("lab", "lab/tree/"), ("voila", "voila/render/"), ("notebook", "tree/")],
)
def test_each_interface_has_its_own_url_path(interface: str, prefix: str) -> None:
    read = _as_nbgitpuller_reads(gitpuller_link(HUB, REPO, interface=interface, branch="spring"))
    assert read == {
        "repo": REPO,
        "branch": "spring",
        "targetpath": "commonground",
        "urlpath": prefix + "commonground/notebooks/00_start_here.ipynb",
    }


def test_a_dot_git_url_names_the_folder_explicitly_so_the_link_finds_the_notebook() -> None:
    # nbgitpuller would clone https://…/commonground.git into "commonground.git".
    link = gitpuller_link(HUB, REPO + ".git")
    assert _arguments(link)["targetPath"] == "commonground"
    read = _as_nbgitpuller_reads(link)
    assert read["urlpath"] == "lab/tree/commonground/notebooks/00_start_here.ipynb"
    assert read["urlpath"].startswith(f"lab/tree/{read['targetpath']}/")


def test_target_path_is_written_only_when_needed() -> None:
    assert "targetPath" not in _arguments(gitpuller_link(HUB, REPO))
    assert "targetPath" not in _arguments(gitpuller_link(HUB, REPO + "/"))
    link = gitpuller_link(HUB, REPO, target="workshops/spring 2025", path="notebooks")
    read = _as_nbgitpuller_reads(link)
    assert read["targetpath"] == "workshops/spring 2025"
    assert read["urlpath"] == "lab/tree/workshops/spring%202025/notebooks"


def test_an_ssh_url_gets_its_folder_name_from_after_the_colon() -> None:
    read = _as_nbgitpuller_reads(gitpuller_link(HUB, "git@github.com:council/commonground.git"))
    assert read["targetpath"] == "commonground"
    assert read["repo"] == "git@github.com:council/commonground.git"


@pytest.mark.parametrize(
    ("hub", "base"),
    [
        ("https://hub.example.gov.uk/", "https://hub.example.gov.uk"),
        ("https://hub.example.gov.uk/hub/", "https://hub.example.gov.uk"),
        ("http://10.0.0.5:8000/workshops/", "http://10.0.0.5:8000/workshops"),
        ("  https://hub.example.gov.uk  ", "https://hub.example.gov.uk"),
    ],
)
def test_the_hub_url_keeps_its_prefix_and_loses_stray_slashes(hub: str, base: str) -> None:
    assert gitpuller_link(hub, REPO).startswith(base + "/hub/user-redirect/git-pull?repo=")


def test_awkward_characters_are_quoted_once_in_the_path_and_again_in_the_query() -> None:
    link = gitpuller_link(HUB, REPO, path="notes & #1/what? 50%.ipynb", branch="a+b")
    assert " " not in link and "#" not in link
    read = _as_nbgitpuller_reads(link)
    assert read["branch"] == "a+b"
    assert read["urlpath"] == "lab/tree/commonground/notes%20%26%20%231/what%3F%2050%25.ipynb"
    # The browser then decodes the redirect URL's path once, back to the real file name.
    assert unquote(read["urlpath"]) == "lab/tree/commonground/notes & #1/what? 50%.ipynb"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"hub_url": "hub.example.gov.uk"}, "must start with http:// or https://"),
        ({"hub_url": "ftp://hub.example.gov.uk"}, "must start with http:// or https://"),
        ({"hub_url": "https://hub.example.gov.uk/?next=x"}, "must not carry a query"),
        ({"repo": "   "}, "repository URL is empty"),
        ({"repo": "https://github.com/"}, "Cannot tell a folder name"),
        ({"branch": ""}, "branch is empty"),
        ({"interface": "rstudio"}, "Unknown interface 'rstudio'; choose one of lab, voila"),
        ({"path": "../secrets.ipynb"}, "points outside the repository"),
        ({"path": "notebooks/../../x"}, "points outside the repository"),
        ({"path": "/etc/passwd"}, "must be relative to the repository"),
        ({"target": "../elsewhere"}, "points outside the participant's home"),
        ({"target": " "}, "target folder is empty"),
    ],
)
def test_mistakes_are_refused_in_one_sentence(kwargs: dict[str, str], message: str) -> None:
    arguments = {"hub_url": HUB, "repo": REPO, **kwargs}
    with pytest.raises(ValueError, match=re.escape(message)) as caught:
        gitpuller_link(**arguments)
    text = str(caught.value)
    assert "\n" not in text and text.endswith(".") and text[0].isupper()


NAME = st.text(
    alphabet=st.characters(
        codec="utf-8", exclude_categories=("Cs", "Cc"), exclude_characters="/\\:"
    ),
    min_size=1,
    max_size=12,
).filter(lambda name: name.strip() == name and name not in (".", "..") and name)


@given(
    folder=NAME,
    parts=st.lists(NAME, min_size=1, max_size=3),
    interface=st.sampled_from(sorted(INTERFACES)),
    branch=NAME,
    dot_git=st.booleans(),
)
def test_any_name_round_trips_through_nbgitpuller(
    folder: str, parts: list[str], interface: str, branch: str, dot_git: bool
) -> None:
    folder = folder.removesuffix(".git") or "course"
    repo = f"https://git.example.org/council/{quote(folder)}" + (".git" if dot_git else "")
    path = "/".join(parts)
    read = _as_nbgitpuller_reads(
        gitpuller_link(HUB, repo, branch=branch, path=path, interface=interface)
    )
    assert read["repo"] == repo and read["branch"] == branch
    # The redirect path, decoded the way the browser does, is the clone folder plus the path.
    expected = "/".join([INTERFACES[interface], read["targetpath"], *parts])
    assert unquote(read["urlpath"]) == expected
    assert read["targetpath"] == quote(folder)


# --- the real nbgitpuller, in a real Jupyter server -------------------------------------------


def _git(cwd: Path, *args: str) -> None:
    identity = ["-c", "user.name=Test", "-c", "user.email=test@example.org"]
    subprocess.run(["git", *identity, *args], cwd=cwd, check=True, capture_output=True)


def _notebook(title: str) -> str:
    cell = {"cell_type": "markdown", "metadata": {}, "source": [f"# {title}"]}
    return json.dumps({"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


@pytest.fixture
def course_repo(tmp_path: Path) -> Path:
    """A bare repository named ``course.git`` on branch ``workshop``, holding two notebooks."""
    work = tmp_path / "course-src"
    (work / "notebooks").mkdir(parents=True)
    (work / "notebooks" / "00_start_here.ipynb").write_text(_notebook("Start here"))
    (work / "notebooks" / "a b & c.ipynb").write_text(_notebook("Awkward name"))
    _git(tmp_path, "init", "-q", "-b", "workshop", str(work))
    _git(work, "add", ".")
    _git(work, "commit", "-q", "-m", "course")
    bare = tmp_path / "remote" / "course.git"
    _git(tmp_path, "clone", "-q", "--bare", str(work), str(bare))
    return bare


@pytest.fixture
def alice_server(tmp_path: Path) -> Iterator[tuple[str, Path, str]]:
    """A single-user Jupyter server as a hub spawns it: base URL /user/alice/, token auth."""
    home, runtime, token = tmp_path / "alice", tmp_path / "runtime", "cg-link-test"
    home.mkdir()
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(runtime), "HOME": str(home)}
    env.pop("NBGITPULLER_PARENTPATH", None)
    command = [
        sys.executable, "-m", "jupyter_server", "--no-browser", "--ip=127.0.0.1", "--port=0",
        "--ServerApp.base_url=/user/alice/", f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={home}",
    ]  # fmt: skip
    if os.geteuid() == 0:
        command.append("--allow-root")
    log = (tmp_path / "server.log").open("w")
    proc = subprocess.Popen(
        command, cwd=home, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    try:
        deadline = time.monotonic() + 180
        while not list(runtime.glob("jpserver-*.json")):
            assert proc.poll() is None, (tmp_path / "server.log").read_text()
            assert time.monotonic() < deadline, "the Jupyter server did not start in 180 s"
            time.sleep(0.2)
        info = json.loads(next(runtime.glob("jpserver-*.json")).read_text())
        base = f"http://127.0.0.1:{info['port']}/user/alice/"
        # the info file can appear a moment before the server answers on a loaded machine
        while True:
            assert proc.poll() is None, (tmp_path / "server.log").read_text()
            try:
                with urllib.request.urlopen(_get(base + "api/status", token), timeout=30):
                    break
            except (urllib.error.URLError, ConnectionError):
                assert time.monotonic() < deadline, "the Jupyter server never answered in 180 s"
                time.sleep(0.5)
        yield base, home, token
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        log.close()


def _get(url: str, token: str) -> urllib.request.Request:
    return urllib.request.Request(url, headers={"Authorization": f"token {token}"})


def _status(url: str, token: str) -> int:
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: object, **kwargs: object) -> None:
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(_get(url, token), timeout=120) as response:
            return response.status
    except urllib.error.HTTPError as err:
        return err.code


@pytest.mark.slow
def test_nbgitpuller_clones_the_course_and_the_link_opens_the_notebook(
    course_repo: Path, alice_server: tuple[str, Path, str]
) -> None:
    base, home, token = alice_server
    links = {
        "lab": gitpuller_link(HUB, str(course_repo), branch="workshop"),
        "notebook": gitpuller_link(
            HUB, str(course_repo), branch="workshop", path="notebooks/a b & c.ipynb",
            interface="notebook",
        ),
        "voila": gitpuller_link(HUB, str(course_repo), branch="workshop", interface="voila"),
    }  # fmt: skip
    for interface, link in links.items():
        # The hub's /hub/user-redirect/ sends the participant to their own server, query intact.
        assert link.startswith(f"{HUB}/hub/user-redirect/git-pull?")
        page_url = base + "git-pull?" + urlsplit(link).query
        with urllib.request.urlopen(_get(page_url, token), timeout=120) as response:
            page = response.read().decode()
        data = {
            key: unquote(html.unescape(value))
            for key, value in re.findall(r'data-([a-z-]+)="([^"]*)"', page)
        }
        assert data["repo"] == str(course_repo)
        assert data["branch"] == "workshop"
        assert data["targetpath"] == "course"  # not nbgitpuller's own default, "course.git"
        assert data["path"].startswith(INTERFACES[interface] + "/course/notebooks/")

        # What the status page's script does next: the sync API, as an event stream.
        api = (
            base
            + "git-pull/api?"
            + urlencode(
                {"repo": data["repo"], "targetpath": data["targetpath"], "branch": data["branch"]}
            )
        )
        with urllib.request.urlopen(_get(api, token), timeout=180) as response:
            events = [
                json.loads(line[len("data: ") :])
                for line in response.read().decode().splitlines()
                if line.startswith("data: ")
            ]
        assert events and events[-1]["phase"] == "finished", events

        # Then it sends the browser to base URL + path: that page must be the notebook.
        file_path = unquote(data["path"].split("/", len(INTERFACES[interface].split("/")))[-1])
        assert (home / file_path).is_file(), sorted(p.name for p in home.rglob("*"))
        assert json.loads(_read(base + "api/contents/" + quote(file_path), token))["type"] == (
            "notebook"
        )
        if interface == "notebook":
            # Notebook 7's /tree/<file> redirects to the notebook; a wrong path is a 404.
            assert _status(base + data["path"], token) == 302
            assert _status(base + "tree/course/notebooks/missing.ipynb", token) == 404
        if interface == "voila":
            assert "Start here" in _read(base + data["path"], token)
    assert not (home / "course.git").exists()


def _read(url: str, token: str) -> str:
    with urllib.request.urlopen(_get(url, token), timeout=180) as response:
        return response.read().decode()
