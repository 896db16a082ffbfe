"""Saving a course notebook from Lab leaves it byte-identical: the pre-save hook, through a real
jupyter-server FileContentsManager (the one Lab saves with)."""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path

import pytest
from jupyter_server.services.contents.filemanager import FileContentsManager

from widgets.clean_notebooks import WIDGET_VIEW, clean, is_course_notebook, pre_save

ROOT = Path(__file__).resolve().parent.parent
COURSE = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def _as_lab_saves_it(notebook: dict) -> dict:
    """What Lab sends after Run All and an answer: widget outputs, counts, state, kernel info."""
    sent = copy.deepcopy(notebook)
    for n, cell in enumerate(c for c in sent["cells"] if c["cell_type"] == "code"):
        cell["execution_count"] = n + 1
        cell["outputs"] = [
            {
                "output_type": "display_data",
                "metadata": {},
                "data": {
                    "text/plain": "VBox(...)",
                    WIDGET_VIEW: {"version_major": 2, "version_minor": 0, "model_id": f"m{n}"},
                },
            }
        ]
        cell["metadata"]["execution"] = {"iopub.status.busy": "2026-12-01T23:00:00Z"}
    sent["metadata"]["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    sent["metadata"]["language_info"] = {"name": "python", "version": "3.99.0"}
    return sent


@pytest.mark.parametrize("source", COURSE[:3] + COURSE[-2:], ids=lambda p: p.stem)
def test_saving_a_course_notebook_from_lab_leaves_it_byte_identical(tmp_path: Path, source: Path):
    shutil.copy(source, tmp_path / source.name)
    manager = FileContentsManager(root_dir=str(tmp_path))
    manager.register_pre_save_hook(pre_save)
    original = (tmp_path / source.name).read_bytes()
    model = manager.get(source.name, content=True)
    assert is_course_notebook(json.loads(original))
    sent = _as_lab_saves_it(json.loads(json.dumps(model["content"])))
    manager.save({"type": "notebook", "format": "json", "content": sent}, source.name)
    assert (tmp_path / source.name).read_bytes() == original


def test_an_analysts_notebook_keeps_its_charts_and_loses_only_widget_outputs() -> None:
    chart = {"output_type": "display_data", "metadata": {}, "data": {"image/png": "iVBOR"}}
    widget = {"output_type": "display_data", "metadata": {}, "data": {WIDGET_VIEW: {}}}
    notebook = {
        "cells": [{"cell_type": "code", "metadata": {}, "outputs": [chart, widget], "source": "x"}],
        "metadata": {"widgets": {}},
    }
    cleaned = clean(notebook)
    assert cleaned["cells"][0]["outputs"] == [chart]
    assert "widgets" not in cleaned["metadata"]


def test_the_server_config_registers_the_hook() -> None:
    text = (ROOT / "jupyter-config" / "jupyter_server_config.py").read_text(encoding="utf-8")
    assert 'c.ContentsManager.pre_save_hook = "widgets.clean_notebooks.pre_save"' in text
