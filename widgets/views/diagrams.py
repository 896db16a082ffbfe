"""Course drawings: a matplotlib picture with alt text, and the same content in words beside it.

``widgets.diagram("spheres")`` shows one of the drawings of notebook 01. Each drawing is built
lazily with :class:`matplotlib.figure.Figure` (never pyplot, so no GUI backend is touched) and is
described twice: a short ``alt`` on the image for screen readers, and a visible paragraph under it
that says everything the picture shows, so no one depends on seeing the picture. Colour is never
the only cue: every area carries a text label and its own hatching.

The political management pictures follow the LGA councillor's workbook (2018), section "Roles and
responsibilities". The workbook gives each picture a title and a few sentences of explanation but
no further detail, so these are simple versions drawn from that explanation.
"""

from __future__ import annotations

import html
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any

import ipywidgets as ipw

from ..markup import img_html, png_bytes
from .ui import PALETTE, friendly

COUNCILLOR_COLOUR, OFFICER_COLOUR, COMMUNITY_COLOUR = PALETTE[0], PALETTE[1], PALETTE[2]
COUNCILLOR_HATCH, OFFICER_HATCH, COMMUNITY_HATCH = "///", "\\\\\\", "..."

WORKBOOK = "LGA, A councillor's workbook on effective councillor/officer relationships (2018)"
INDUCTION = (
    "Improvement Service, Elected Member Induction Notebook 4: Developing your working "
    "relationships with officers (2022)"
)

# The quick guide of the workbook, in our own words (section "Roles and responsibilities").
COUNCILLOR_ITEMS = (
    "Answer to the electorate",
    "Lead the community in their ward",
    "Bring the political dimension",
    "Set high-level policy and strategy",
    "Take part in senior appointments",
)
OFFICER_ITEMS = (
    "Answer to the council",
    "Serve the whole council",
    "Stay politically impartial",
    "Make sure services are delivered",
    "Manage staff day to day",
)
SHARED_ITEMS = ("Agreeing workable policies", "Monitoring performance")


@dataclass(frozen=True)
class Diagram:
    name: str
    title: str
    draw: Callable[[], Any]  # returns a matplotlib Figure
    alt: str  # short, on the image
    description: str  # everything the picture shows, visible under it
    source: str


# drawing helpers (matplotlib is imported inside them only) -------------------------------------
def _canvas(width: float, height: float, xlim: tuple[float, float], ylim: tuple[float, float]):
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height))
    axes = figure.add_axes((0, 0, 1, 1))
    axes.set_xlim(*xlim)
    axes.set_ylim(*ylim)
    axes.set_aspect("equal")
    axes.axis("off")
    return figure, axes


def _circle(axes, centre: tuple[float, float], radius: float, colour: str, hatch: str) -> None:
    from matplotlib.patches import Circle

    axes.add_patch(Circle(centre, radius, facecolor=colour, alpha=0.18, edgecolor="none"))
    axes.add_patch(
        Circle(
            centre, radius, facecolor="none", edgecolor=colour, hatch=hatch, linewidth=0, alpha=0.5
        )
    )
    axes.add_patch(Circle(centre, radius, facecolor="none", edgecolor=colour, linewidth=2.5))


def _label(axes, x: float, y: float, text: str, size: float = 10, bold: bool = False, **kw) -> None:
    axes.text(
        x,
        y,
        text,
        ha=kw.pop("ha", "center"),
        va=kw.pop("va", "center"),
        fontsize=size,
        fontweight="bold" if bold else "normal",
        color="black",
        bbox={"boxstyle": "round,pad=0.3", "facecolor": "white", "edgecolor": "none", "alpha": 0.9},
        **kw,
    )


def _bullets(items: tuple[str, ...], width: int) -> str:
    return "\n".join("• " + textwrap.fill(i, width, subsequent_indent="   ") for i in items)


def _axis(axes, y: float, left: float, right: float, left_text: str, right_text: str, title: str):
    axes.annotate(
        "",
        xy=(right, y),
        xytext=(left, y),
        arrowprops={"arrowstyle": "<|-|>", "color": "black", "linewidth": 1.5},
    )
    _label(axes, left, y - 0.35, left_text, size=9, ha="left")
    _label(axes, right, y - 0.35, right_text, size=9, ha="right")
    _label(axes, (left + right) / 2, y - 0.35, title, size=9)


# the four drawings --------------------------------------------------------------------------------
def _draw_1d():
    figure, axes = _canvas(9, 4.6, (-5.2, 5.2), (-2.9, 2.4))
    _circle(axes, (-3.0, 0.2), 1.7, COUNCILLOR_COLOUR, COUNCILLOR_HATCH)
    _circle(axes, (3.0, 0.2), 1.7, OFFICER_COLOUR, OFFICER_HATCH)
    _label(axes, -3.0, 0.75, "Councillors", 12, bold=True)
    _label(axes, -3.0, -0.2, "democratic mandate\nstrategic direction", 9)
    _label(axes, 3.0, 0.75, "Officers", 12, bold=True)
    _label(axes, 3.0, -0.2, "professional expertise\ndelivery", 9)
    _label(axes, 0, 0.55, "Gap: no shared space", 10, bold=True)
    _label(axes, 0, -0.15, "little or no communication;\ndirection and delivery\ndrift apart", 9)
    _axis(axes, -2.05, -4.7, 4.7, "Political", "Managerial", "one dimension: a single line")
    _label(axes, 0, 2.1, "One-dimensional political management: working apart", 12, bold=True)
    return figure


def _draw_2d():
    figure, axes = _canvas(9, 4.9, (-5.2, 5.2), (-3.1, 2.6))
    _circle(axes, (-1.4, 0.1), 2.2, COUNCILLOR_COLOUR, COUNCILLOR_HATCH)
    _circle(axes, (1.4, 0.1), 2.2, OFFICER_COLOUR, OFFICER_HATCH)
    _label(axes, -2.45, 0.8, "Councillors", 12, bold=True)
    _label(axes, -2.45, -0.15, "political\nleadership\nand direction", 9)
    _label(axes, 2.45, 0.8, "Officers", 12, bold=True)
    _label(axes, 2.45, -0.15, "professional\nadvice and\nmanagement", 9)
    _label(axes, 0, 0.95, "Shared\nspace", 10, bold=True)
    _label(axes, 0, -0.35, "dialogue\nideas, support\nproblem solving\nmonitoring\nprogress", 8)
    _axis(axes, -2.45, -4.7, 4.7, "Political", "Managerial", "the two spheres overlap")
    _label(axes, 0, 2.35, "Two-dimensional political management: the shared space", 12, bold=True)
    return figure


def _draw_3d():
    figure, axes = _canvas(9, 7.2, (-4.6, 4.6), (-4.3, 3.9))
    _circle(axes, (-1.25, 0.75), 2.3, COUNCILLOR_COLOUR, COUNCILLOR_HATCH)
    _circle(axes, (1.25, 0.75), 2.3, OFFICER_COLOUR, OFFICER_HATCH)
    _circle(axes, (0.0, -1.4), 2.3, COMMUNITY_COLOUR, COMMUNITY_HATCH)
    _label(axes, -2.3, 1.7, "Councillors\n(political)", 11, bold=True)
    _label(axes, 2.3, 1.7, "Officers\n(professional)", 11, bold=True)
    _label(axes, 0, -2.85, "Local community\n(public: citizens\nand customers)", 11, bold=True)
    _label(axes, 0, 2.35, "shared\nspace", 9)
    _label(axes, 0, -0.4, "Centre:\nconsultation\nand discussion", 9, bold=True)
    # the fire station example: officer space -> shared space -> the public dimension added
    steps = [(2.4, 1.0), (0.0, 1.5), (0.0, 0.45)]
    for (x0, y0), (x1, y1) in pairwise(steps):
        axes.annotate(
            "",
            xy=(x1, y1),
            xytext=(x0, y0),
            arrowprops={"arrowstyle": "-|>", "color": "black", "linestyle": "--", "linewidth": 1.4},
        )
    for n, (x, y) in enumerate(steps, start=1):
        axes.text(
            x,
            y,
            str(n),
            ha="center",
            va="center",
            fontsize=9,
            fontweight="bold",
            bbox={"boxstyle": "circle,pad=0.25", "facecolor": "white", "edgecolor": "black"},
        )
    _label(
        axes,
        0,
        -4.05,
        "Dashed path, the fire station example: 1 starts in the officer space,\n"
        "2 moves into the shared space, 3 the public view is added at the centre",
        8.5,
    )
    _label(
        axes, 0, 3.6, "Three-dimensional political management: adding the community", 12, bold=True
    )
    return figure


def _draw_spheres():
    figure, axes = _canvas(10, 6.6, (-5.6, 5.6), (-3.9, 3.5))
    _circle(axes, (-1.7, 0.0), 3.0, COUNCILLOR_COLOUR, COUNCILLOR_HATCH)
    _circle(axes, (1.7, 0.0), 3.0, OFFICER_COLOUR, OFFICER_HATCH)
    _label(axes, -2.9, 1.8, "Councillor sphere", 12, bold=True)
    _label(axes, -2.9, -0.2, _bullets(COUNCILLOR_ITEMS, 18), 9, ha="center", multialignment="left")
    _label(axes, 2.9, 1.8, "Officer sphere", 12, bold=True)
    _label(axes, 2.9, -0.2, _bullets(OFFICER_ITEMS, 18), 9, ha="center", multialignment="left")
    _label(axes, 0, 1.2, "Shared\nground", 11, bold=True)
    _label(axes, 0, -0.2, "agreeing\nworkable\npolicies\n\nmonitoring\nperformance", 9)
    _label(
        axes,
        0,
        -3.45,
        "Steering, not rowing: councillors set the direction, officers move the council there",
        10,
        bold=True,
    )
    _label(axes, 0, 3.3, "Councillors and officers: different roles, shared ground", 12, bold=True)
    return figure


def _sentence_list(items: tuple[str, ...]) -> str:
    lowered = [i[0].lower() + i[1:] for i in items]
    return ", ".join(lowered[:-1]) + " and " + lowered[-1]


DIAGRAMS: dict[str, Diagram] = {
    d.name: d
    for d in (
        Diagram(
            name="political_management_1d",
            title="One-dimensional political management",
            draw=_draw_1d,
            alt=(
                "Diagram: one-dimensional political management. Two separate circles, "
                "Councillors and Officers, at either end of a single line from Political to "
                "Managerial, with a gap and no shared space between them."
            ),
            description=(
                "The picture is a single horizontal line running from Political at the left to "
                "Managerial at the right. A blue circle with diagonal hatching sits at the "
                "political end, labelled Councillors (democratic mandate, strategic direction). "
                "An orange circle with the opposite hatching sits at the managerial end, labelled "
                "Officers (professional expertise, delivery). The circles do not touch: the gap "
                "between them is labelled 'no shared space: little or no communication; direction "
                "and delivery drift apart'. The workbook gives this picture only a title and a "
                "short explanation, so this is a simple version drawn from that explanation."
            ),
            source=f'{WORKBOOK}, "Roles and responsibilities".',
        ),
        Diagram(
            name="political_management_2d",
            title="Two-dimensional political management",
            draw=_draw_2d,
            alt=(
                "Diagram: two-dimensional political management. The Councillors and Officers "
                "circles overlap; the overlap is labelled Shared space."
            ),
            description=(
                "The picture shows two overlapping circles above a line running from Political at "
                "the left to Managerial at the right. The blue circle with diagonal hatching is "
                "Councillors (political leadership and direction); the orange circle with the "
                "opposite hatching is Officers (professional advice and management). Where they "
                "overlap, the hatching crosses and the area is labelled Shared space: dialogue, "
                "ideas, support, problem solving and monitoring progress. The workbook gives this "
                "picture only a title and a short explanation, so this is a simple version drawn "
                "from that explanation."
            ),
            source=f'{WORKBOOK}, "Roles and responsibilities".',
        ),
        Diagram(
            name="political_management_3d",
            title="Three-dimensional political management",
            draw=_draw_3d,
            alt=(
                "Diagram: three-dimensional political management. Three overlapping circles, "
                "Councillors (political), Officers (professional) and Local community (public), "
                "meet at a centre labelled consultation and discussion. A dashed path traces the "
                "fire station example."
            ),
            description=(
                "The picture shows three overlapping circles. At the top left is Councillors, "
                "the political perspective (blue, diagonal hatching); at the top right is "
                "Officers, the "
                "professional perspective (orange, opposite hatching); below them is Local "
                "community, the public perspective, people who are both citizens and customers of "
                "the council (green, dotted hatching). The overlap of Councillors and Officers is "
                "labelled shared space. The centre, where all three circles meet, is labelled "
                "consultation and discussion about the way forward. A dashed path with three "
                "numbered points traces the fire station example: 1 the issue starts in the "
                "officer space, 2 it moves into the shared space with councillors, 3 the public "
                "view is added at the centre. The workbook gives this picture only a title and a "
                "short explanation, so this is a simple version drawn from that explanation."
            ),
            source=f'{WORKBOOK}, "Roles and responsibilities".',
        ),
        Diagram(
            name="spheres",
            title="Councillor and officer spheres",
            draw=_draw_spheres,
            alt=(
                "Diagram: two overlapping circles, the Councillor sphere and the Officer sphere, "
                "each listing its roles, with the Shared ground in the overlap and the caption "
                "Steering, not rowing."
            ),
            description=(
                "The picture shows two overlapping circles. The left, blue circle with diagonal "
                "hatching is the Councillor sphere: councillors "
                f"{_sentence_list(COUNCILLOR_ITEMS)}. The right, orange circle with the opposite "
                "hatching is the Officer sphere: officers "
                f"{_sentence_list(OFFICER_ITEMS)}. The overlap, where the hatching crosses, is the "
                "Shared ground: agreeing workable policies and monitoring performance. The caption "
                "underneath reads 'Steering, not rowing: councillors set the direction, officers "
                "move the council there'."
            ),
            source=(
                f'{WORKBOOK}, "Roles and responsibilities" (quick guide); {INDUCTION}, '
                '"Where are the boundaries between roles?".'
            ),
        ),
    )
}


def _unknown(name: object) -> KeyError:
    known = ", ".join(DIAGRAMS)
    return KeyError(f"There is no diagram called '{name}'; the diagrams are {known}.")


def get(name: str) -> Diagram:
    if name not in DIAGRAMS:
        raise _unknown(name)
    return DIAGRAMS[name]


def build_figure(name: str):
    """The matplotlib Figure of one diagram (a new one each call)."""
    return get(name).draw()


# The pictures never change between kernels, so they are drawn ahead of time (``python -m
# widgets.views.diagrams``) and shipped as PNG files: a participant opening notebook 01 does not pay
# for importing matplotlib. tests/views/test_diagrams.py fails if a shipped picture is out of date.
ASSETS = Path(__file__).resolve().parent.parent / "assets" / "diagrams"


def render_png(name: str) -> bytes:
    """Draw one diagram with matplotlib, as PNG bytes with no time stamp in them."""
    return png_bytes(get(name).draw(), metadata={"Software": None})


def write_assets() -> list[Path]:
    """Redraw every shipped picture (run after changing a drawing)."""
    ASSETS.mkdir(parents=True, exist_ok=True)
    written = []
    for name in DIAGRAMS:
        path = ASSETS / f"{name}.png"
        path.write_bytes(render_png(name))
        written.append(path)
    return written


@cache
def image_html(name: str) -> str:
    """The drawing as an <img> with alt text: the shipped picture, or drawn now if it is missing."""
    diagram = get(name)
    path = ASSETS / f"{name}.png"
    data = path.read_bytes() if path.exists() else render_png(name)
    return img_html(data, diagram.alt)


def text_html(name: str) -> str:
    """The visible text alternative: everything the picture shows, in words, and its source."""
    diagram = get(name)
    return (
        f'<div class="cg-diagram-text"><p><strong>What the picture shows.</strong> '
        f"{html.escape(diagram.description)}</p>"
        f"<p><small>Source: {html.escape(diagram.source)}</small></p></div>"
    )


class DiagramView(ipw.VBox):
    """The picture, and under it the same content in words."""

    def __init__(self, name: str) -> None:
        self.diagram = get(name)
        self.image = ipw.HTML(value=image_html(name))
        self.text = ipw.HTML(value=text_html(name))
        super().__init__([self.image, self.text])


@friendly
def diagram(name: str) -> DiagramView:
    """Show one course drawing with its text alternative, e.g. ``widgets.diagram("spheres")``."""
    if not isinstance(name, str) or name not in DIAGRAMS:
        raise _unknown(name)
    return DiagramView(name)


if __name__ == "__main__":
    for written in write_assets():
        print(written)
