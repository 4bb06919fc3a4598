"""Exact values as a person would write them: the shortest of SymPy's forms with e as a variable.

SymPy leaves a softmax entry as 1/(e·(e⁻² + 2/e + 1)); with e treated as a variable the same
number is a rational function of e, which `cancel` and `factor` put over one bar: e/(1 + e)².
The shortest of the three forms is kept (the original wins ties), so nothing already tidy changes.
Shown values only: keys and grading never go through here.
"""

from __future__ import annotations

from functools import lru_cache

from mathquiz.expression.expr import Mat, Node, free_names
from mathquiz.expression.printing import to_unicode

_SECONDS = 0.3  # per value: display is best effort, and a sheet shows a handful of values


def tidy(node: Node) -> Node:
    """The shortest exact form of a constant value (entry by entry for a matrix); any tree written
    as a person writes it (x + 3, not x − −3: neat)."""
    from mathquiz.judging.neat import neat

    node = neat(node)
    if isinstance(node, Mat):
        return Mat(tuple(tuple(tidy(x) for x in row) for row in node.rows))
    if free_names(node) or "e" not in to_unicode(node):
        return node  # only powers of e leave the untidy forms; integers and fractions are simplest already
    try:
        return _tidied(node)
    except Exception:  # SymPy trouble, the time box, a tree too deep to hash: the value as it came is right
        return node


@lru_cache(maxsize=2048)
def _tidied(node: Node) -> Node:
    """A pure function of the tree, remembered: drawn values recur across seeds (the same softmax
    entries of a small integer vector), each costing SymPy's cancel and factor; a failure is not
    remembered. SymPy's own form is written as a person writes it too (neat)."""
    from mathquiz.judging.neat import neat

    return neat(_shortest(node))


def _shortest(node: Node) -> Node:
    import sympy as sp

    from mathquiz.judging.symbolic import to_sympy
    from mathquiz.judging.sympy_trees import from_sympy
    from mathquiz.judging.timebox import time_box

    e = sp.Symbol("e_value", positive=True)
    best, best_len = node, len(to_unicode(node))
    with time_box(_SECONDS):
        value = to_sympy(node)
        if getattr(value, "has", None) is None or value.has(sp.log):
            return node  # log(1 + 2e) – 1 is clearer than any rational rewriting inside the log
        rational = value.replace(sp.exp, lambda a: e**a).subs(sp.E, e)
        for rewrite in (sp.cancel, sp.factor):
            candidate = from_sympy(rewrite(rational).subs(e, sp.E))
            length = len(to_unicode(candidate))
            if length < best_len:
                best, best_len = candidate, length
    return best
