"""Stand-in for the optax names the export uses."""
from typing import Any, Callable, NamedTuple

from jax import tree_util

Updates = Any


class GradientTransformation(NamedTuple):
    init: Callable
    update: Callable


def apply_updates(params, updates):
    return tree_util.tree_map(lambda p, u: p + u, params, updates)
