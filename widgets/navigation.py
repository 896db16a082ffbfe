"""The course's order of topics, for the Voilà page's previous/next links and the contents page.

The order and titles come from the topic notebooks themselves (``NN_name.ipynb`` and the first
``# NN Title`` heading), so a renamed or added topic needs no second list kept by hand. Voilà's
page template cannot read folders, so :func:`write_template_map` writes the same list as a small
Jinja file beside the template (``course.j2``); a test fails while it differs from the notebooks.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

TOPIC_FILE = re.compile(r"^(\d\d)_[a-z0-9_]+\.ipynb$")
TEMPLATE_DIR = Path(__file__).parent / "share" / "voila" / "templates" / "commonground"
CONTENTS = "contents.ipynb"
NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


@dataclass(frozen=True)
class Topic:
    """One topic notebook: ``08_building_trust``, number 8, "Building trust"."""

    stem: str
    number: int
    title: str

    @property
    def file(self) -> str:
        return f"{self.stem}.ipynb"


def notebook_title(path: Path) -> str:
    """The first level-one heading of a notebook, without its leading topic number."""
    cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
    for cell in cells:
        if cell.get("cell_type") != "markdown":
            continue
        source = "".join(cell.get("source", ""))
        for line in source.splitlines():
            if line.startswith("# "):
                return re.sub(r"^\d+\s+", "", line[2:].strip())
    raise ValueError(f"{path.name} has no '# ' heading to use as its title.")


def course_topics(folder: Path = NOTEBOOKS) -> list[Topic]:
    """Every topic notebook in ``folder``, in course order."""
    topics = []
    for path in sorted(folder.glob("*.ipynb")):
        match = TOPIC_FILE.match(path.name)
        if match:
            topics.append(Topic(path.stem, int(match.group(1)), notebook_title(path)))
    return topics


def serves_folder(page_path: str | None) -> bool:
    """Whether the notebooks beside this page are served too, so a relative link to one works.

    ``page_path`` is the page's URL path (Voilà gives its kernel the request's as ``SCRIPT_NAME``;
    None outside Voilà, e.g. JupyterLab, where a relative link opens the file beside it). Voilà
    serving a folder (``voila notebooks/``, plain ``voila`` in the course folder, or a hub's
    ``/user/<name>/voila/render/…``) renders every notebook at ``…/voila/render/<path>``;
    ``voila FILE`` serves that one notebook at the root and answers any other path with a
    redirect to the raw file. The template's script (``static/course-links.js``) applies the same
    rule to the page's own links.
    """
    if page_path is None:
        return True
    return "/voila/render/" in page_path


def page_path() -> str | None:
    """This page's URL path when Voilà runs the kernel (``SCRIPT_NAME``), else None."""
    return os.environ.get("SCRIPT_NAME") if os.environ.get("VOILA_BASE_URL") else None


def course_links(topics: list[Topic], has_contents: bool) -> dict[str, dict[str, dict[str, str]]]:
    """Each course page's links (``contents``, ``previous``, ``next``): a ``file`` and a ``title``.

    Every href is the bare file name, relative to the page, because the contents page and the
    topics share one folder: that resolves to the right Voilà URL wherever the folder is served
    (``/voila/render/NN.ipynb``, ``/voila/render/notebooks/NN.ipynb``, a hub's
    ``/user/<name>/voila/render/<course>/notebooks/NN.ipynb``) and to the file in JupyterLab.
    Where the folder is not served (``voila FILE``) the template's script drops them.
    """
    home = {"file": CONTENTS, "title": "Contents"} if has_contents else None
    pages: dict[str, dict[str, dict[str, str]]] = {}
    if home:
        first = {"next": {"file": topics[0].file, "title": topics[0].title}} if topics else {}
        pages[Path(CONTENTS).stem] = {"contents": home, **first}
    for index, topic in enumerate(topics):
        links = {"contents": home or {"file": topics[0].file, "title": topics[0].title}}
        if index > 0:
            links["previous"] = {"file": topics[index - 1].file, "title": topics[index - 1].title}
        if index + 1 < len(topics):
            links["next"] = {"file": topics[index + 1].file, "title": topics[index + 1].title}
        pages[topic.stem] = links
    return pages


def template_map(topics: list[Topic], has_contents: bool = False) -> str:
    """The Jinja file the Voilà template imports (``{% import 'course.j2' as course %}``)."""
    rows = [{"stem": t.stem, "number": t.number, "title": t.title} for t in topics]
    body = json.dumps(rows, ensure_ascii=False, indent=1)
    links = json.dumps(course_links(topics, has_contents), ensure_ascii=False, indent=1)
    return (
        "{#- Written by widgets.navigation.write_template_map from the topic notebooks: do not "
        "edit. -#}\n"
        f"{{%- set topics = {body} -%}}\n"
        f"{{%- set has_contents = {str(has_contents).lower()} -%}}\n"
        f"{{%- set links = {links} -%}}\n"
    )


def write_template_map(folder: Path = NOTEBOOKS, target: Path | None = None) -> Path:
    target = target or TEMPLATE_DIR / "course.j2"
    has_contents = (folder / CONTENTS).is_file()
    target.write_text(template_map(course_topics(folder), has_contents), encoding="utf-8")
    return target


if __name__ == "__main__":
    print(f"Wrote {write_template_map()}")
