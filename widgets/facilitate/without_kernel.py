"""Grading a submitted notebook without a kernel, where a kernel could do nothing more.

Most of what autograde costs is the kernel: starting it and building every widget, which nothing
afterwards reads (the formgrader and feedback drop widget views; the scores come from the test
cells, which read the answers file). So when every code cell of a submitted notebook is course
code of a known shape, :func:`outputs_without_kernel` computes the cells' outputs in the isolated
marking process (:mod:`widgets.facilitate.isolated_child`: ``python -I``, the installed package
only, a fresh folder holding a copy of the answers file) and nbgrader's own steps after
``Execute`` (``SaveAutoGrades`` and the rest) score them exactly as they score a kernel's. The
shapes:

- nothing to run (blank, or comments only: e.g. a copied test cell as released);
- an autograder test exactly as the gradebook recorded it at release: run as it is;
- imports of ``widgets``, calls of the course's views (``widgets.views``: a live widget whose
  output nothing reads; not run) and calls of ``widgets.grading`` (the saved answers as output,
  e.g. a reflection for the facilitator to mark; run).

Anything else (a code cell the participant wrote, Python handed in beside the notebook, a test
cell put back after it was deleted) and the notebook runs in a kernel, as nbgrader would run it,
with every guard of :mod:`widgets.facilitate.guarded`.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from nbformat import NotebookNode, from_dict

ANSWERS = "commonground_answers.json"
TIMEOUT = 120.0
VIEWS, GRADING = "widgets.views.", "widgets.grading"


def recorded_tests(db_url: str, assignment: str, notebook: str) -> tuple[frozenset[str], Any]:
    """The autograder tests of ``notebook`` as the gradebook recorded them at release, and as
    :func:`widgets.facilitate.review.hidden_tests` gives them to the isolated marking."""
    from nbgrader.api import Gradebook

    from .review import hidden_tests

    with Gradebook(db_url) as gb:
        record = gb.find_notebook(notebook, assignment)
        grades = {cell.name for cell in record.grade_cells}
        solutions = {cell.name for cell in record.solution_cells}
        sources = frozenset(
            cell.source
            for cell in record.source_cells
            if cell.cell_type == "code" and cell.name in grades and cell.name not in solutions
        )
        return sources, hidden_tests(gb, assignment).get(notebook, {})


def _exported(name: str) -> str:
    """The module behind ``widgets.<name>`` ('' when it is not one of the package's calls)."""
    import widgets

    return widgets.exported_from(name) or ""


def _plain_arguments(call: ast.Call) -> bool:
    """Whether a call passes only written-out values (``"challenge2"``, ``3``): its arguments run
    in the marking process, which must run nothing a participant wrote."""
    values = [*call.args, *(k.value for k in call.keywords)]
    named = all(k.arg is not None for k in call.keywords)  # no **mapping
    return named and all(
        isinstance(v, ast.Constant) and isinstance(v.value, str | int | float | bool | None)
        for v in values
    )


class _Shapes:
    """Reads cells in notebook order, remembering names bound to views or to grading calls."""

    def __init__(self) -> None:
        self.views: set[str] = set()
        self.grading: set[str] = set()

    def statement(self, node: ast.stmt) -> ast.stmt | None:
        """``node`` as it runs without a kernel (``pass`` for a view), or None: needs a kernel."""
        if isinstance(node, ast.Import):
            plain = all(a.name in ("widgets", GRADING) and a.asname is None for a in node.names)
            return node if plain else None
        if isinstance(node, ast.ImportFrom) and node.level == 0:
            return self._import_from(node)
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
            kind = self._called(node.value.func)
            if kind == "view":
                return ast.Pass()
            return node if kind == "grading" and _plain_arguments(node.value) else None
        return None

    def _import_from(self, node: ast.ImportFrom) -> ast.stmt | None:
        kept = []
        for alias in node.names:
            bound = alias.asname or alias.name
            source = GRADING if node.module == GRADING else ""
            if node.module == "widgets":
                source = _exported(alias.name)
            if source.startswith(VIEWS):
                self.views.add(bound)
                self.grading.discard(bound)
            elif source == GRADING and alias.name != "*":
                self.grading.add(bound)
                self.views.discard(bound)
                kept.append(alias)
            else:
                return None
        return ast.ImportFrom(module=node.module, names=kept, level=0) if kept else ast.Pass()

    def _called(self, func: ast.expr) -> str:
        if isinstance(func, ast.Name):
            return "view" if func.id in self.views else "grading" if func.id in self.grading else ""
        if not isinstance(func, ast.Attribute) or func.attr.startswith("_"):
            return ""
        owner = func.value
        if isinstance(owner, ast.Name) and owner.id == "widgets":
            source = _exported(func.attr)
            return "view" if source.startswith(VIEWS) else "grading" if source == GRADING else ""
        dotted = isinstance(owner, ast.Attribute) and isinstance(owner.value, ast.Name)
        if dotted and f"{owner.value.id}.{owner.attr}" == GRADING:
            return "grading"
        return ""


def plan(nb: NotebookNode, tests: frozenset[str]) -> dict[int, str] | None:
    """The code to run in the isolated process for each code cell (by index; empty: nothing to
    run), or None when some cell needs a kernel."""
    shapes = _Shapes()
    codes: dict[int, str] = {}
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        if cell.source in tests:
            codes[index] = cell.source
            continue
        try:
            tree = ast.parse(cell.source)
        except (SyntaxError, ValueError):  # e.g. IPython magics: a kernel's job
            return None
        body = []
        for node in tree.body:
            done = shapes.statement(node)
            if done is None:
                return None
            body.append(done)
        codes[index] = ast.unparse(ast.Module(body=body, type_ignores=[])) if body else ""
    return codes


def isolated_outputs(
    answers: Path, codes: list[str], tests: Any, preexec: Callable[[], None] | None = None
) -> list[list[dict[str, Any]]]:
    """Each of ``codes`` run in turn in the isolated process on ``answers``: its outputs. The
    same process marks ``tests`` as :mod:`widgets.facilitate.review` would, and the review
    takes that reply rather than start the process again."""
    from .review import remember_isolated

    present = answers.exists()
    request = {"answers": str(answers) if present else None, "tests": tests, "cells": codes}
    done = subprocess.run(
        [sys.executable, "-I", "-m", "widgets.facilitate.isolated_child"],
        input=json.dumps(request),
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        cwd="/",
        preexec_fn=preexec,
    )
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no reason given"])[-1]
        raise RuntimeError(f"the isolated marking process failed ({last})")
    reply = json.loads(done.stdout)
    outputs = reply.pop("outputs")
    if tests:
        remember_isolated(answers, tests, reply)
    return outputs


def outputs_without_kernel(
    nb: NotebookNode,
    folder: Path,
    recorded: tuple[frozenset[str], Any],
    preexec: Callable[[], None] | None,
) -> bool:
    """Fill ``nb``'s code cells with the outputs a kernel would give them, computed from the
    answers file in ``folder``; False (``nb`` untouched) when the notebook needs a kernel.
    ``recorded`` is :func:`recorded_tests`' answer for the notebook."""
    from .review import shadow_code

    sources, tests = recorded
    codes = plan(nb, sources)
    if codes is None or shadow_code(folder):
        return False
    try:
        outputs = isolated_outputs(folder / ANSWERS, list(codes.values()), tests, preexec)
    except (RuntimeError, ValueError, KeyError, OSError, subprocess.TimeoutExpired):
        return False  # a kernel then, as nbgrader would have done anyway
    count = 0
    for index, cell_outputs in zip(codes, outputs, strict=True):
        cell = nb.cells[index]
        cell.outputs = [from_dict(output) for output in cell_outputs]
        if cell.source.strip():
            count += 1
            cell.execution_count = count
            for output in cell.outputs:
                if output.output_type == "execute_result":
                    output.execution_count = count
    return True
