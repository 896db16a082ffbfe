"""Container fixtures: one Docker engine and one course image for the whole run (root only)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from . import dockerkit


@pytest.fixture(scope="session")
def docker_engine() -> Iterator[bool]:
    """A running Docker engine (dockerd started and stopped here if it was not running)."""
    try:
        with dockerkit.engine() as started:
            yield started
    except dockerkit.NoEngine as why:
        pytest.skip(f"No Docker engine can start here: {why}")


@pytest.fixture(scope="session")
def course_image(docker_engine) -> str:
    """The course image, built once per run from a fresh debootstrap base; its timings recorded.

    CG_REUSE_IMAGE=1 keeps an image built by an earlier run (for working on the tests only)."""
    import os

    if os.environ.get("CG_REUSE_IMAGE") == "1" and dockerkit.image_exists(dockerkit.IMAGE):
        return dockerkit.IMAGE
    dockerkit.log("building the course image (debootstrap base, then the Dockerfile)")
    timings = dockerkit.build_image()
    dockerkit.log(f"image built: {timings}")
    dockerkit.record(image_build=timings)
    return dockerkit.IMAGE
