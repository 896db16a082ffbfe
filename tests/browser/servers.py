"""Real Voilà and JupyterLab servers for the browser tests, each on a temporary copy of the course.

Each server gets its own copy of ``notebooks/`` (so answers files never land in the repository),
its own ``COMMONGROUND_HOME`` (the participant's profile), its own Jupyter config, runtime and
Lab settings folders (so nothing on the machine leaks in), and a free port chosen by the OS
(other test runs share this machine). Teardown ends the server and every kernel it started.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil
from playwright.sync_api import Locator, Page, expect

from widgets.profile import save_profile

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
VENV_BIN = Path(sys.executable).parent
START_TIMEOUT = 180.0
PAGE_TIMEOUT = 180_000  # ms: a kernel start and a notebook run on a busy 2-core machine


def free_port() -> int:
    """A port the OS says is free now (binding port 0), so parallel runs do not collide."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepare_site(
    base: Path, *, profile: dict[str, str] | None, notebooks: Path = NOTEBOOKS
) -> tuple[Path, Path]:
    """A copy of the course notebooks (or of another folder, such as a released assignment) and
    a home folder (with ``profile`` saved, if given)."""
    folder = base / "course"
    shutil.copytree(
        notebooks,
        folder,
        ignore=shutil.ignore_patterns("commonground_answers.json*", ".ipynb_checkpoints"),
    )
    home = base / "home"
    home.mkdir(parents=True)
    if profile is not None:
        save_profile(path=home / "profile.json", **profile)
    return folder, home


def _quiet_lab_settings(settings: Path) -> None:
    """Switch off Lab's news and update toasts (they would cover widgets in screenshots), and
    autosave (so a reload starts from the course's notebook, not one saved with stale outputs)."""
    for plugin, values in (
        ("apputils-extension/notification", {"fetchNews": "false", "checkForUpdates": False}),
        ("docmanager-extension/plugin", {"autosave": False}),
    ):
        target = settings / "@jupyterlab" / f"{plugin}.jupyterlab-settings"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(values), encoding="utf-8")


@dataclass
class Server:
    """One running Jupyter server process and what the tests need to know about it."""

    kind: str  # "voila" or "lab"
    folder: Path
    home: Path
    port: int
    token: str
    process: subprocess.Popen[bytes]
    log_path: Path
    _children: set[int] = field(default_factory=set)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, notebook: str) -> str:
        """The address a participant opens for ``notebook`` (a file name in the course copy)."""
        if self.kind == "voila":
            return f"{self.base}/voila/render/{notebook}"
        workspace = Path(notebook).stem.replace("_", "-")
        # One Lab workspace per notebook, so a restored workspace never reopens other notebooks.
        return f"{self.base}/lab/workspaces/{workspace}/tree/{notebook}?token={self.token}"

    @property
    def answers_path(self) -> Path:
        return self.folder / "commonground_answers.json"

    def api(self, path: str, method: str = "GET") -> Any:
        """Call the server's REST API (with the token) and return the decoded JSON, if any."""
        request = urllib.request.Request(
            f"{self.base}{path}",
            method=method,
            headers={"Authorization": f"token {self.token}"} if self.token else {},
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            body = response.read()
        return json.loads(body) if body else None

    def get(self, path: str) -> bytes:
        """The body of a GET (with the token); raises ``HTTPError`` unless the status is 2xx."""
        request = urllib.request.Request(
            f"{self.base}{path}",
            headers={"Authorization": f"token {self.token}"} if self.token else {},
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.read()

    def kernels(self) -> list[dict[str, Any]]:
        return self.api("/api/kernels")

    def shutdown_kernels(self) -> None:
        """End every kernel of this server (a test's kernels would otherwise eat shared memory)."""
        for session in self.api("/api/sessions"):
            self.api(f"/api/sessions/{session['id']}", method="DELETE")
        for kernel in self.kernels():
            self.api(f"/api/kernels/{kernel['id']}", method="DELETE")

    def remember_children(self) -> None:
        """Note the server's descendant processes (kernels) so teardown can end any survivor."""
        try:
            proc = psutil.Process(self.process.pid)
            self._children.update(child.pid for child in proc.children(recursive=True))
        except psutil.NoSuchProcess:
            pass

    # pages -------------------------------------------------------------------------------------
    def open(self, page: Page, notebook: str, cells: int) -> None:
        """Open ``notebook`` as a participant does and wait until its ``cells`` code cells show
        their widgets (Lab: wait for the kernel, then Run All; Voilà runs it on every load)."""
        if self.kind == "lab":
            page.on("dialog", lambda dialog: dialog.accept())  # "leave with unsaved changes?"
        page.goto(self.url(notebook))
        self._show_widgets(page, notebook, cells)

    def reload(self, page: Page, notebook: str, cells: int) -> None:
        """Reload the page (Lab: and Run All again) and wait for the widgets as in ``open``."""
        page.reload()
        self._show_widgets(page, notebook, cells)

    def _show_widgets(self, page: Page, notebook: str, cells: int) -> None:
        if self.kind == "lab":
            expect(page.locator(".jp-CodeCell")).to_have_count(cells, timeout=PAGE_TIMEOUT)
            self.wait_for_kernel(notebook, page)
            page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
            page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
        show_widgets(page, cells)
        if self.kind == "lab":
            self.wait_for_kernel(notebook, page)

    def wait_for_kernel(self, notebook: str, page: Page) -> None:
        """Wait until this notebook's kernel is idle with the page connected (DESIGN.md's field
        note: before that, Run All silently does nothing)."""
        deadline = time.monotonic() + PAGE_TIMEOUT / 1000
        while True:
            sessions = [s for s in self.api("/api/sessions") if s.get("path") == notebook]
            kernel = sessions[0]["kernel"] if sessions else {}
            if kernel.get("execution_state") == "idle" and kernel.get("connections", 0) >= 1:
                status = page.locator(".jp-Notebook-ExecutionIndicator").first
                if status.count() == 0 or status.get_attribute("data-status") == "idle":
                    return
            if time.monotonic() > deadline:
                raise AssertionError(f"The kernel of {notebook} never became idle: {kernel}")
            time.sleep(0.25)

    @staticmethod
    def cell(page: Page, index: int) -> Locator:
        """The output area of the ``index``-th code cell: one widget's root."""
        return page.locator(".jp-CodeCell").nth(index).locator(".jp-OutputArea").first

    def screenshot(self, page: Page, path: Path) -> None:
        """A picture of the whole notebook, not only the window: the page is made as tall as the
        notebook's scrolling area for the moment of the picture (at most 16 000 pixels)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        viewport = page.viewport_size or {"width": 1280, "height": 1400}
        extra = page.evaluate(
            """() => Math.max(0, ...[...document.querySelectorAll('*')].map((el) => {
                 const style = getComputedStyle(el);
                 const scrolls = /(auto|scroll)/.test(style.overflowY);
                 return scrolls ? el.scrollHeight - el.clientHeight : 0; }))"""
        )
        height = min(16_000, viewport["height"] + int(extra))
        page.set_viewport_size({"width": viewport["width"], "height": height})
        try:
            page.evaluate(  # Lab keeps the notebook scrolled to the cell it ran last
                """() => new Promise((done) => {
                     for (const el of document.querySelectorAll('*')) {
                       if (el.scrollTop > 0) el.scrollTop = 0; }
                     requestAnimationFrame(() => requestAnimationFrame(done)); })"""
            )
            page.screenshot(path=str(path), full_page=True, timeout=PAGE_TIMEOUT)
        finally:
            page.set_viewport_size(viewport)

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *_: object) -> None:
        self.stop()

    def stop(self) -> None:
        """Ask the server to stop (it shuts its kernels down), then end any process left over."""
        self.remember_children()
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=30)
        for pid in self._children:
            try:
                child = psutil.Process(pid)
            except psutil.NoSuchProcess:
                continue
            child.terminate()
            try:
                child.wait(timeout=10)
            except psutil.TimeoutExpired:
                child.kill()


def code_cells(folder: Path, notebook: str) -> int:
    """How many code cells ``notebook`` in ``folder`` has (each shows one widget)."""
    cells = json.loads((folder / notebook).read_text(encoding="utf-8"))["cells"]
    return sum(cell["cell_type"] == "code" for cell in cells)


def show_widgets(page: Page, cells: int) -> None:
    """Wait until the page shows its ``cells`` code cells, each with its widget (in Voilà, or in
    Lab once the cells are run)."""
    expect(page.locator(".jp-CodeCell")).to_have_count(cells, timeout=PAGE_TIMEOUT)
    for index in range(cells):
        output = Server.cell(page, index).locator(".jupyter-widgets").first
        expect(output).to_be_attached(timeout=PAGE_TIMEOUT)


def _wait_until_answering(server: Server, path: str) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        if server.process.poll() is not None:
            raise RuntimeError(f"The {server.kind} server exited early:\n{server.log()[-4000:]}")
        try:
            server.get(path)
            return
        except OSError:
            if time.monotonic() > deadline:
                server.stop()
                raise RuntimeError(
                    f"The {server.kind} server did not answer within {START_TIMEOUT:.0f} s:\n"
                    f"{server.log()[-4000:]}"
                ) from None
            time.sleep(0.3)


def _environment(base: Path, home: Path) -> dict[str, str]:
    env = dict(os.environ)
    for name in ("JUPYTERHUB_USER", "JUPYTERHUB_API_TOKEN", "MAKEFLAGS", "MAKELEVEL"):
        env.pop(name, None)
    jupyter = base / "jupyter"
    env.update(
        COMMONGROUND_HOME=str(home),
        JUPYTER_CONFIG_DIR=str(jupyter / "config"),
        JUPYTER_RUNTIME_DIR=str(jupyter / "runtime"),
        JUPYTERLAB_SETTINGS_DIR=str(jupyter / "lab-settings"),
        JUPYTERLAB_WORKSPACES_DIR=str(jupyter / "lab-workspaces"),
        IPYTHONDIR=str(jupyter / "ipython"),
        PYTHONUNBUFFERED="1",
    )
    (jupyter / "config").mkdir(parents=True, exist_ok=True)
    _quiet_lab_settings(jupyter / "lab-settings")
    return env


def _launch(
    kind: str, base: Path, home: Path, folder: Path, command: list[str], token: str, port: int
) -> Server:
    log_path = base / f"{kind}.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command,
            cwd=folder,
            env=_environment(base, home),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    return Server(kind, folder, home, port, token, process, log_path)


def start_voila(
    base: Path,
    *,
    profile: dict[str, str] | None,
    notebooks: Path = NOTEBOOKS,
    from_parent: bool = False,
    notebook: str | None = None,
    options: Sequence[str] = (),
    tracebacks: bool = True,
) -> Server:
    """A Voilà server on a copy of the course (or of ``notebooks``); every page load starts a
    fresh kernel. ``from_parent`` serves the folder above the notebooks, as plain ``voila`` in
    the course folder does (the notebooks are then at ``/voila/render/course/…``); ``notebook``
    serves that one file at the server's root, as ``voila FILE`` does. ``options`` are more
    command-line options; ``tracebacks`` shows a failing widget's traceback in the page, so a
    failing test says why (off where a test wants the course's own configuration)."""
    folder, home = prepare_site(base, profile=profile, notebooks=notebooks)
    target = folder / notebook if notebook else folder.parent if from_parent else folder
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "voila",
        str(target),
        "--no-browser",
        f"--port={port}",
        "--Voila.ip=127.0.0.1",
        "--ServerApp.allow_root=True",
        "--ServerApp.port_retries=0",
        *(["--VoilaConfiguration.show_tracebacks=True"] if tracebacks else []),
        *options,
    ]
    server = _launch("voila", base, home, folder, command, "", port)
    _wait_until_answering(server, "/voila/static/voila.js" if notebook else "/voila/tree")
    return server


def start_lab(base: Path, *, profile: dict[str, str] | None) -> Server:
    """A JupyterLab server on a copy of the course, with a token only the tests know."""
    folder, home = prepare_site(base, profile=profile)
    port, token = free_port(), "cg-browser-" + os.urandom(8).hex()
    command = [
        str(VENV_BIN / "jupyter-lab"),
        "--no-browser",
        "--ip=127.0.0.1",
        f"--port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={folder}",
        "--ServerApp.allow_root=True",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.news_url=",
    ]
    server = _launch("lab", base, home, folder, command, token, port)
    _wait_until_answering(server, "/api/status")
    return server
