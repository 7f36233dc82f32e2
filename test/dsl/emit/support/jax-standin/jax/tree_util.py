"""Stand-in for jax.tree_util over dicts (keys sorted, as JAX does), lists, tuples and leaves."""


def tree_flatten(tree):
    if isinstance(tree, dict):
        keys = sorted(tree)
        parts = [tree_flatten(tree[k]) for k in keys]
        return [x for leaves, _ in parts for x in leaves], ("dict", keys, [d for _, d in parts])
    if isinstance(tree, (list, tuple)):
        parts = [tree_flatten(x) for x in tree]
        return [x for leaves, _ in parts for x in leaves], (type(tree).__name__, None, [d for _, d in parts])
    if tree is None:
        return [], ("none", None, [])
    return [tree], ("leaf", None, [])


def _count(treedef):
    kind, _, children = treedef
    return 1 if kind == "leaf" else sum(_count(c) for c in children)


def tree_unflatten(treedef, leaves):
    leaves = list(leaves)
    kind, keys, children = treedef
    if kind == "leaf":
        return leaves[0]
    if kind == "none":
        return None
    out, at = [], 0
    for child in children:
        n = _count(child)
        out.append(tree_unflatten(child, leaves[at:at + n]))
        at += n
    if kind == "dict":
        return dict(zip(keys, out))
    return tuple(out) if kind == "tuple" else out


def tree_leaves(tree):
    return tree_flatten(tree)[0]


def tree_map(f, tree, *rest):
    leaves, treedef = tree_flatten(tree)
    others = [tree_leaves(r) for r in rest]
    return tree_unflatten(treedef, [f(x, *[o[i] for o in others]) for i, x in enumerate(leaves)])
