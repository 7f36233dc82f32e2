"""Stand-in for JAX (see ../README.md): NumPy arrays, pytrees of dicts, lists and tuples."""
from . import numpy, tree_util  # noqa: F401

Array = object
