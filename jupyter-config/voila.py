# Voilà's own config (`make voila` passes this folder in JUPYTER_CONFIG_PATH). It is not named
# voila.py at the repository root, where it would shadow the voila package for `python -m`.
# Kernels of closed pages are reclaimed: see widgets/reclaim.py.
from widgets.reclaim import configure

configure(c, voila=True)  # noqa: F821 - `c` is provided by traitlets when Voilà loads this file
