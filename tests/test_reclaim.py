"""Kernel reclaiming configuration: the same culling numbers everywhere, and the beacon check."""

from __future__ import annotations

import json
import runpy
from pathlib import Path

from traitlets.config import Config

from widgets import reclaim

ROOT = Path(__file__).resolve().parent.parent


def test_voila_json_at_the_root_holds_the_same_culling_numbers() -> None:
    settings = json.loads((ROOT / "voila.json").read_text(encoding="utf-8"))
    assert settings["MappingKernelManager"] == {**reclaim.CULLING, **reclaim.VOILA_ONLY}


def test_both_jupyter_config_files_apply_the_culling(tmp_path: Path) -> None:
    # Lab keeps buffering a closed page's messages (a Lab tab reconnects); Voila does not
    expected = {"voila.py": {**reclaim.CULLING, **reclaim.VOILA_ONLY}}
    for name in ("voila.py", "jupyter_server_config.py"):
        c = Config()
        runpy.run_path(str(ROOT / "jupyter-config" / name), init_globals={"c": c})
        assert dict(c.MappingKernelManager) == expected.get(name, reclaim.CULLING), name


def test_make_lab_and_make_voila_pass_the_config_folder() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target in ("lab", "lab-facilitator", "voila"):
        recipe = makefile.split(f"\n{target}: setup\n", 1)[1].split("\n\n", 1)[0]
        assert "JUPYTER_CONFIG_PATH=" in recipe and "$(CURDIR)/jupyter-config" in recipe, target


def test_the_hub_installs_the_server_config() -> None:
    install = (ROOT / "deploy" / "single-machine" / "install.sh").read_text(encoding="utf-8")
    assert "jupyter-config/jupyter_server_config.py" in install


def test_only_a_request_from_the_servers_own_page_passes() -> None:
    host = "hub.example.org"
    assert reclaim.same_origin({"Sec-Fetch-Site": "same-origin"}, host)
    assert reclaim.same_origin({"Origin": "https://hub.example.org"}, host)
    assert not reclaim.same_origin({"Sec-Fetch-Site": "cross-site"}, host)
    assert not reclaim.same_origin({"Origin": "https://evil.example"}, host)
    assert not reclaim.same_origin({"Origin": "https://hub.example.org.evil.example"}, host)
    assert not reclaim.same_origin({}, host)


def test_the_patch_touches_voilas_shutdown_handler_only() -> None:
    from jupyter_server.base.handlers import APIHandler, JupyterHandler
    from voila.shutdown_kernel_handler import VoilaShutdownKernelHandler

    assert reclaim.accept_shutdown_beacon()
    assert reclaim.accept_shutdown_beacon()  # twice is harmless
    assert VoilaShutdownKernelHandler.check_xsrf_cookie is not JupyterHandler.check_xsrf_cookie
    assert APIHandler.check_xsrf_cookie is JupyterHandler.check_xsrf_cookie
