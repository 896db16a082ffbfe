"""nbgitpuller links: one URL that copies the course into a participant's hub folder and opens it.

A facilitator sends participants a single link. Clicking it logs them in to the hub, starts their
server, has nbgitpuller clone (or merge into) the course repository, then opens the first notebook
in JupyterLab, Voilà or Notebook 7. Writing such links by hand goes wrong in quiet ways (a wrong
folder name opens a "file not found" page), so this module builds them.

The query arguments are the ones nbgitpuller 1.x reads in ``nbgitpuller/handlers.py``:
``repo``, ``branch``, ``urlpath`` (where to go after the pull, relative to the server's base URL)
and ``targetPath`` (the folder to clone into, relative to the server's root).
"""

from __future__ import annotations

from pathlib import PurePosixPath
from urllib.parse import quote, urlencode, urlsplit

INTERFACES = {
    "lab": "lab/tree",
    "voila": "voila/render",
    "notebook": "tree",
}


def gitpuller_link(
    hub_url: str,
    repo: str,
    *,
    branch: str = "main",
    path: str = "notebooks/00_start_here.ipynb",
    interface: str = "lab",
    target: str | None = None,
) -> str:
    """The link that pulls ``repo`` into each participant's server, then opens ``path``.

    ``target`` is the folder the course lands in (default: the repository's name without ``.git``).
    nbgitpuller's own default keeps a trailing ``.git``, so ``targetPath`` is written whenever the
    folder differs from what nbgitpuller would pick, and always when ``target`` is given.
    """
    hub = _hub_base(hub_url)
    repo = repo.strip()
    if not repo:
        raise ValueError("The repository URL is empty; give the course's git URL with --repo.")
    branch = branch.strip()
    if not branch:
        raise ValueError("The branch is empty; give a branch name such as main.")
    if interface not in INTERFACES:
        known = ", ".join(INTERFACES)
        raise ValueError(f"Unknown interface {interface!r}; choose one of {known}.")

    puller_default = repo.rstrip("/").split("/")[-1]
    if target is None:
        folder = _repo_folder(repo)
    else:
        folder = _relative_parts(target, what="target folder", inside="the participant's home")
        if not folder:
            raise ValueError("The target folder is empty; leave --target out to use the repo name.")
    in_repo = _relative_parts(path, what="path", inside="the repository")

    urlpath = "/".join(
        [INTERFACES[interface], *(quote(part, safe="") for part in folder + in_repo)]
    )
    query = {"repo": repo, "branch": branch, "urlpath": urlpath}
    target_path = "/".join(folder)
    if target is not None or target_path != puller_default:
        query["targetPath"] = target_path
    return f"{hub}/hub/user-redirect/git-pull?{urlencode(query, quote_via=quote, safe='')}"


def _hub_base(hub_url: str) -> str:
    """The hub's public URL without a trailing slash; a hub may live under a path prefix."""
    parts = urlsplit(hub_url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"The hub URL {hub_url!r} must start with http:// or https://.")
    if parts.query or parts.fragment:
        raise ValueError(f"The hub URL {hub_url!r} must not carry a query or a fragment.")
    path = parts.path.rstrip("/")
    if path.endswith("/hub"):  # people often paste https://hub.example.org/hub/
        path = path[: -len("/hub")]
    return f"{parts.scheme}://{parts.netloc}{path}"


def _repo_folder(repo: str) -> list[str]:
    """The folder git would clone ``repo`` into: its last path segment without ``.git``."""
    if "://" in repo:
        name = urlsplit(repo).path.rstrip("/").split("/")[-1]
    else:  # a local path, or scp-like git@host:council/course.git
        name = repo.rstrip("/").split("/")[-1].split(":")[-1]
    name = name.removesuffix(".git")
    if not name or name in (".", ".."):
        raise ValueError(
            f"Cannot tell a folder name from the repository URL {repo!r}; give one with --target."
        )
    return [name]


def _relative_parts(value: str, *, what: str, inside: str) -> list[str]:
    """Split a path that must stay ``inside`` a folder, refusing ``..`` and absolute paths."""
    value = value.strip().replace("\\", "/")
    if value.startswith("/"):
        raise ValueError(f"The {what} {value!r} must be relative to {inside}, not absolute.")
    parts = [part for part in PurePosixPath(value).parts if part != "."]
    if ".." in parts:
        raise ValueError(f"The {what} {value!r} points outside {inside} ('..').")
    return parts
