"""The HTML every part of the package writes: tables, pictures and cleaned-up text, once each.

Kept free of ipywidgets and pandas so that views, logic exports and the analysts' report all use
the same table writer, figure encoder and text cleaner.
"""

from __future__ import annotations

import base64
import html
import io
from collections.abc import Sequence
from typing import Any


def clean_text(text: Any) -> str:
    """One line of someone's words: runs of spaces and line breaks made one, ends trimmed."""
    return " ".join(str(text if text is not None else "").split())


def table_html(
    caption: str,
    header: Sequence[object],
    rows: Sequence[Sequence[object]],
    *,
    css_class: str | None = "cg-table",
    empty: str | None = None,
) -> str:
    """An accessible table: a caption, header cells with ``scope``, every cell escaped.
    ``empty`` is the one row shown when there are no rows."""
    head = "".join(f'<th scope="col">{html.escape(str(h))}</th>' for h in header)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in row) + "</tr>" for row in rows
    )
    if not rows and empty:
        body = f'<tr><td colspan="{max(1, len(header))}">{html.escape(empty)}</td></tr>'
    attribute = f' class="{css_class}"' if css_class else ""
    return (
        f"<table{attribute}><caption>{html.escape(caption)}</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )


def png_bytes(figure: Any, dpi: int = 96, *, tight: bool = True, **savefig: Any) -> bytes:
    """A matplotlib figure as PNG bytes (``savefig`` options such as ``metadata`` pass on)."""
    buffer = io.BytesIO()
    if tight:
        savefig["bbox_inches"] = "tight"
    figure.savefig(buffer, format="png", dpi=dpi, **savefig)
    return buffer.getvalue()


def data_uri(data: bytes, mime: str = "image/png") -> str:
    """Bytes as a ``data:`` address, so a page or a download link carries them itself."""
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def img_html(png: bytes, alt: str) -> str:
    """A PNG as an ``<img>`` with alt text (ipywidgets.Image cannot carry alt text)."""
    return f'<img src="{data_uri(png)}" alt="{html.escape(alt, quote=True)}">'


def figure_html(figure: Any, alt: str, dpi: int = 96, *, tight: bool = True) -> str:
    """A matplotlib figure as an ``<img>`` with alt text."""
    return img_html(png_bytes(figure, dpi, tight=tight), alt)
