"""``make lab`` serves JupyterLab on the course and prints the URL."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get_json(url: str, wait: float = 60.0) -> dict:
    deadline = time.monotonic() + wait
    while True:
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                return json.load(response)
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


@pytest.mark.slow
def test_make_lab_serves_the_course_and_prints_its_url(tmp_path: Path) -> None:
    port, token = _free_port(), "cg-test-token"
    args = f"--no-browser --ip=127.0.0.1 --port={port} --IdentityProvider.token={token}"
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime")}
    env.pop("MAKEFLAGS", None)
    env.pop("MAKELEVEL", None)
    proc = subprocess.Popen(
        ["make", "-s", "-C", str(ROOT), "lab", f"LAB_ARGS={args}"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
        start_new_session=True,
    )
    output: list[str] = []
    try:
        deadline = time.monotonic() + 120
        assert proc.stdout is not None
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            output.append(line)
            if f"http://127.0.0.1:{port}/" in line:
                break
        printed = "".join(output)
        start_url = f"http://127.0.0.1:{port}/lab/tree/notebooks/00_start_here.ipynb?token="
        assert start_url in printed, printed
        url = f"http://127.0.0.1:{port}/api/contents/notebooks/00_start_here.ipynb?token={token}"
        model = _get_json(url)
        assert model["name"] == "00_start_here.ipynb"
        assert any("profile_form" in "".join(c["source"]) for c in model["content"]["cells"])
        _participants_lab(f"http://127.0.0.1:{port}", token)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


def _get_text(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read().decode("utf-8")


def _participants_lab(base: str, token: str) -> None:
    """``make lab`` is the participants' Lab: nbgrader's authoring tools and the news pop-up are
    off, the answers file's lock and backups are hidden, and Voilà links use the course page."""
    page = _get_text(f"{base}/lab?token={token}")
    start = page.index('id="jupyter-config-data"')
    config = json.loads(page[page.index(">", start) + 1 : page.index("</script>", start)])
    disabled = config["disabledExtensions"]
    for plugin in ("create-assignment", "formgrader", "course-list", "menu"):
        assert f"@jupyter/nbgrader:{plugin}" in disabled, disabled
    assert "@jupyter/nbgrader:assignment-list" not in disabled
    settings = _get_json(
        f"{base}/lab/api/settings/@jupyterlab/apputils-extension:notification?token={token}"
    )
    assert settings["schema"]["properties"]["fetchNews"]["default"] == "false"  # overridden
    # With nbgrader's menu off, participants still reach the Assignment List (to fetch) from
    # a menu of their own.
    menus = _get_json(
        f"{base}/lab/api/settings/@jupyterlab/mainmenu-extension:plugin?token={token}"
    )
    commands = [
        item["command"]
        for menu in menus["schema"]["properties"]["menus"]["default"]
        for item in menu.get("items", [])
    ]
    assert "nbgrader:open-assignment-list" in commands, commands

    plumbing = ROOT / "notebooks" / "commonground_answers.json.lock"
    made = not plumbing.exists()
    plumbing.touch()
    try:
        listing = _get_json(f"{base}/api/contents/notebooks?token={token}")
        names = {item["name"] for item in listing["content"]}
        assert "00_start_here.ipynb" in names and plumbing.name not in names
    finally:
        if made:
            plumbing.unlink(missing_ok=True)

    html = _get_text(f"{base}/voila/render/notebooks/08_building_trust.ipynb?token={token}")
    assert "govuk-frontend.min.css" in html and 'id="main-content"' in html
