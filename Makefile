# Every target sets itself up on a fresh machine: uv (bootstrapped with pip if missing), .venv,
# and exactly the locked environment.
SHELL := /bin/bash
PYTHON ?= python3
UV := $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
LAB_ARGS ?=
# Jupyter refuses to start as root unless told; containers and these machines often run as root.
ROOT_ARGS := $(if $(filter 0,$(shell id -u)),--allow-root)
PYTEST_ARGS ?=
# Browser tests drive Debian's chromium (Playwright's own browser download is not used).
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)

.PHONY: setup browser containers lab lab-facilitator voila test lint format bench clean notebooks
# Participants' JupyterLab (no nbgrader authoring, no news, plumbing files hidden): installed
# with the package from widgets/share/participant-lab. `make lab-facilitator` is the full Lab.
PARTICIPANT_LAB := $(CURDIR)/.venv/etc/commonground/participant-lab

.tools/bin/uv:
	$(PYTHON) -m venv .tools
	.tools/bin/python -m pip install --quiet --disable-pip-version-check uv

setup: $(UV)
	$(UV) sync --locked --quiet

browser:
	@command -v chromium >/dev/null || { echo "Installing Debian's chromium for the browser tests"; \
	  $(SUDO) apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium; }

# The container tests (tests/deploy) build the course image on a Debian base made with debootstrap
# and run it with Debian's Docker engine; the tests start dockerd themselves when it is not running
# (and stop it afterwards). Installing needs root, as for chromium.
containers:
	@{ command -v dockerd >/dev/null && command -v debootstrap >/dev/null; } || { \
	  echo "Installing Debian's docker.io and debootstrap for the container tests"; \
	  $(SUDO) apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	    docker.io debootstrap; }

lab: setup
	@echo "Starting JupyterLab on the course; open the URL printed below (it includes your token)."
	JUPYTER_CONFIG_PATH="$(PARTICIPANT_LAB):$(CURDIR)/jupyter-config$${JUPYTER_CONFIG_PATH:+:$$JUPYTER_CONFIG_PATH}" \
	  $(UV) run --locked --no-sync jupyter lab --LabApp.default_url=/lab/tree/notebooks/00_start_here.ipynb $(ROOT_ARGS) $(LAB_ARGS)

lab-facilitator: setup
	@echo "Starting the full JupyterLab (nbgrader's formgrader and authoring tools included)."
	JUPYTER_CONFIG_PATH="$(CURDIR)/jupyter-config$${JUPYTER_CONFIG_PATH:+:$$JUPYTER_CONFIG_PATH}" \
	$(UV) run --locked --no-sync jupyter lab --LabApp.default_url=/lab/tree/notebooks/00_start_here.ipynb $(ROOT_ARGS) $(LAB_ARGS)

# Voilà on the course, reclaiming the kernels of closed pages (jupyter-config/voila.py).
voila: setup
	JUPYTER_CONFIG_PATH="$(CURDIR)/jupyter-config$${JUPYTER_CONFIG_PATH:+:$$JUPYTER_CONFIG_PATH}" \
	$(UV) run --locked --no-sync voila notebooks $(VOILA_ARGS)

lint: setup
	$(UV) run --locked --no-sync ruff check .
	$(UV) run --locked --no-sync ruff format --check .

format: setup
	$(UV) run --locked --no-sync ruff format .
	$(UV) run --locked --no-sync ruff check --fix .

test: lint browser containers
	$(UV) run --locked --no-sync pytest $(PYTEST_ARGS)

# notebooks/*.ipynb are generated from the MyST Markdown in course/, and source/*/*.ipynb from
# assignments/*.md (never edit the JSON).
notebooks: setup
	$(UV) run --locked --no-sync python -m widgets.notebooks
	$(UV) run --locked --no-sync python -m widgets.assignment_text

bench: setup
	@for script in benchmarks/*.py; do echo "== $$script"; $(UV) run --locked --no-sync python $$script || exit 1; done

clean:
	rm -rf .venv .tools .pytest_cache .ruff_cache
