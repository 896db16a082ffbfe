# jupyter-server (JupyterLab, Notebook 7, and Voilà inside them) does not read config from the
# folder it starts in: `make lab` passes this folder in JUPYTER_CONFIG_PATH, and
# deploy/single-machine installs this file into the environment's etc/jupyter.
# Kernels of closed pages are reclaimed (widgets/reclaim.py), and course notebooks saved in Lab
# stay byte-identical, without widget outputs (widgets/clean_notebooks.py).
from widgets.reclaim import configure

configure(c)  # noqa: F821 - `c` is provided by traitlets when the server loads this file
c.ContentsManager.pre_save_hook = "widgets.clean_notebooks.pre_save"  # noqa: F821
