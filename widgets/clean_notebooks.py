"""Course notebooks stay clean: a contents-manager pre-save hook that strips widget outputs.

JupyterLab saves a notebook with its outputs, and a widget's output is only a reference to a live
model in a kernel that will be gone: the course notebook then shows up as changed in git,
nbgitpuller must merge around it, and reopening it shows "Error displaying widget: model not
found" until Run All. Answers live in the answers file, never in the notebook, so nothing is lost
by not saving them.

For a course notebook (every code cell locked, as ``widgets.notebooks`` generates them) the hook
saves the code cells as they were on disk: no outputs, no execution count, the same cell and
notebook metadata (so the kernel's ``language_info`` or Lab's timing never creep in). Answering in
Lab and saving then leaves the file byte-identical. In any other notebook (an analyst's) only
widget outputs and the stale widget state are removed; charts and printed results stay.

Wired in ``jupyter-config/jupyter_server_config.py`` (``make lab``, the hub).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def _is_widget(output: dict[str, Any]) -> bool:
    return WIDGET_VIEW in (output.get("data") or {})


def is_course_notebook(notebook: dict[str, Any]) -> bool:
    """Every code cell locked against editing: a generated course notebook."""
    code = [c for c in notebook.get("cells", []) if c.get("cell_type") == "code"]
    return bool(code) and all((c.get("metadata") or {}).get("editable") is False for c in code)


def clean(notebook: dict[str, Any], on_disk: dict[str, Any] | None = None) -> dict[str, Any]:
    """The notebook as it should be saved (changed in place and returned)."""
    course = is_course_notebook(notebook)
    (notebook.get("metadata") or {}).pop("widgets", None)  # widget state outlives no kernel
    before = {c.get("id"): c for c in (on_disk or {}).get("cells", []) if c.get("id")}
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") != "code":
            continue
        if course:
            cell["outputs"], cell["execution_count"] = [], None
            old = before.get(cell.get("id"))
            if old is not None and old.get("cell_type") == "code":
                cell["metadata"] = old.get("metadata", {})
        else:
            kept = [o for o in cell.get("outputs", []) if not _is_widget(o)]
            if len(kept) != len(cell.get("outputs", [])):
                cell["outputs"] = kept
    if course and on_disk is not None:
        for key in ("kernelspec", "language_info"):
            if key in (on_disk.get("metadata") or {}):
                notebook.setdefault("metadata", {})[key] = on_disk["metadata"][key]
    return notebook


def pre_save(model: dict[str, Any], path: str, contents_manager: Any, **_: Any) -> None:
    """jupyter-server's pre-save hook: clean a notebook before it is written."""
    if model.get("type") != "notebook" or not isinstance(model.get("content"), dict):
        return
    on_disk = None
    try:
        os_path = Path(contents_manager._get_os_path(path))
        on_disk = json.loads(os_path.read_text(encoding="utf-8"))
    except (AttributeError, OSError, ValueError):
        pass  # a new notebook, or a manager without files: clean without the old metadata
    clean(model["content"], on_disk)
