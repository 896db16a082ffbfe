"""The submission sanitizer and the formgrader's policy, on the payloads of issue 12."""

from __future__ import annotations

import nbformat
import pytest

from widgets.nbgrader_ext.formgrader_csp import _hash, policy
from widgets.nbgrader_ext.sanitize import SanitizeSubmission, safe_markdown, safe_output

ATTACKS = [
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    "<svg><script>alert(1)</script></svg>",
    "<a href='data:text/html,<script>alert(1)</script>'>x</a>",
    "<iframe src=//example.org></iframe>",
    "<details open ontoggle=alert(1)>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<math><mi xlink:href=javascript:alert(1)>x</mi></math>",
]


@pytest.mark.parametrize("attack", ATTACKS)
def test_markdown_payloads_are_defused(attack: str) -> None:
    from nbconvert.filters.markdown import markdown2html

    rendered = safe_markdown(attack).lower()
    for live in ("onerror", "ontoggle", "javascript:", "<script", "<svg", "<iframe", "data:text"):
        assert live not in rendered, (attack, rendered)
    # rendering it again as markdown (as nbgrader's template does) changes nothing
    assert markdown2html(safe_markdown(attack)).strip() == safe_markdown(attack)


def test_honest_markdown_keeps_its_shape() -> None:
    out = safe_markdown("# Title\n\nSome **bold** text & a [link](https://example.org).\n\n> quote")
    assert "<h1>Title" in out and "<strong>bold</strong>" in out
    assert 'href="https://example.org"' in out and "<blockquote>" in out
    assert out.startswith('<div class="tex2jax_ignore">')  # MathJax never reads it


def test_outputs_keep_only_safe_kinds() -> None:
    html = {"output_type": "display_data", "metadata": {"width": '1" onload="x'}, "data": {
        "text/html": "<b>ok</b><img src=x onerror=alert(1)>",
        "image/svg+xml": "<svg onload=alert(1)/>",
        "application/javascript": "alert(1)",
        "image/png": 'AAAA" onerror="alert(1)',
        "text/plain": "ok",
    }}  # fmt: skip
    out = safe_output(html)
    assert set(out.data) == {"text/html", "text/plain"} and out.metadata == {}
    assert "onerror" not in out.data["text/html"] and "<b>ok</b>" in out.data["text/html"]
    assert safe_output({"output_type": "display_data", "data": {"text/latex": "$x$"}}) is None


def test_cells_lose_what_templates_put_in_unescaped() -> None:
    nb = nbformat.v4.new_notebook()
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    nb.metadata["title"] = "</title><script>alert(1)</script>"
    nb.cells = [
        nbformat.v4.new_raw_cell("<script>alert(1)</script>"),
        nbformat.v4.new_markdown_cell("hi", metadata={"tags": ['x" onclick="alert(1)']}),
        nbformat.v4.new_code_cell(
            "1",
            metadata={"nbgrader": {"grade_id": 'a" autofocus onfocus="alert(1)', "grade": True}},
        ),
        nbformat.v4.new_code_cell("1", metadata={"nbgrader": {"grade_id": "ok_id", "points": 2}}),
    ]
    nb.cells[1]["attachments"] = {"x.svg": {"image/svg+xml": "<svg onload=alert(1)/>"}}
    clean, _ = SanitizeSubmission().preprocess(nb, {})
    assert "widgets" not in clean.metadata and "title" not in clean.metadata
    assert clean.cells[0].cell_type == "markdown" and "&lt;script&gt;" in clean.cells[0].source
    assert clean.cells[1].metadata == {} and "attachments" not in clean.cells[1]
    assert "nbgrader" not in clean.cells[2].metadata
    assert clean.cells[3].metadata.nbgrader == {"grade_id": "ok_id", "points": 2}


def test_policy_allows_the_template_scripts_only() -> None:
    page = (
        '<head><script>var a = "1";</script><script src="/x.js"></script>'
        '<script type="text/x-mathjax-config">MathJax</script></head>'
        '<span onclick="toggle(true);"></span><div id="notebook-container">'
        '<script>alert("injected")</script><img onerror="bad()"></div>'
        '<div class="help"><script>tail()</script></div>'
    )
    found = policy(page)
    assert _hash('var a = "1";') in found and _hash("tail()") in found
    assert _hash("toggle(true);") in found and "'unsafe-hashes'" in found
    assert _hash('alert("injected")') not in found and _hash("bad()") not in found
    assert _hash("MathJax") not in found and "'unsafe-inline'" not in found.split("style-src")[0]
    assert "'sha256-" not in policy("<html>unknown page<script>x()</script></html>")
