"""Exact values as a person would write them, for worked solutions and shown keys.

SymPy leaves a softmax entry as 1/(e·(e⁻² + 2/e + 1)); with e treated as a variable the same
number is a rational function of e, which `cancel` and `factor` put over one bar: e/(1 + e)².
The shortest of the three forms is shown (the original wins ties), so nothing already tidy changes.
"""

from __future__ import annotations

from mathquiz.answer.expr import Mat, Node, free_names
from mathquiz.answer.printing import to_unicode

_SECONDS = 0.3  # per value: display is best effort, and a sheet shows a handful of values


def tidy(node: Node) -> Node:
    """The shortest exact form of a constant value (entry by entry for a matrix); other trees as they are."""
    if isinstance(node, Mat):
        return Mat(tuple(tuple(tidy(x) for x in row) for row in node.rows))
    if free_names(node) or "e" not in to_unicode(node):
        return node  # only powers of e leave the untidy forms; integers and fractions are simplest already
    try:
        return _shortest(node)
    except Exception:  # SymPy trouble or the time box: the value as it came is still right
        return node


def _shortest(node: Node) -> Node:
    import sympy as sp

    from mathquiz.answer.symbolic import from_sympy, to_sympy
    from mathquiz.answer.timebox import time_box

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


def rounded(node: Node, digits: int = 4) -> Node:
    """Decimals with more than `digits` significant digits rounded to that many (the same object
    back when nothing needed rounding, so callers can tell)."""
    from fractions import Fraction

    from mathquiz.answer.expr import Neg, Num

    if isinstance(node, Mat):
        rows = tuple(tuple(rounded(x, digits) for x in row) for row in node.rows)
        same = all(a is b for r, s in zip(rows, node.rows, strict=True) for a, b in zip(r, s, strict=True))
        return node if same else Mat(rows)
    if isinstance(node, Neg):
        inner = rounded(node.arg, digits)
        return node if inner is node.arg else Neg(inner)
    if isinstance(node, Num) and node.decimal and node.value:
        short = Fraction(f"{float(node.value):.{digits}g}")
        return node if short == node.value else Num(short, decimal=True)
    return node


def compact_value(value, digits: int = 3) -> str:
    """A number, column, row or matrix on one line: 1.87, (0.3, −1.2)ᵀ, [[1, 2], [3, 4]]."""
    import numpy as np

    def one(x) -> str:
        x = complex(x)
        text = f"{x.real:.{digits}g}" if abs(x.imag) <= 1e-12 * (1 + abs(x)) else f"{x:.{digits}g}"
        return text.replace("-", "−")

    if not isinstance(value, np.ndarray) or value.size == 1:
        return one(value.flat[0] if isinstance(value, np.ndarray) else value)
    rows, cols = value.shape if value.ndim == 2 else (value.shape[0], 1)
    if cols == 1:
        return "(" + ", ".join(one(x) for x in value.flat) + ")ᵀ"
    if rows == 1:
        return "(" + ", ".join(one(x) for x in value.flat) + ")"
    return "[" + ", ".join("[" + ", ".join(one(x) for x in row) + "]" for row in value) + "]"


def counterexample(example) -> list[str]:
    """The point where a wrong answer was caught, in compact form, when the reason could not
    show it (matrices and vectors)."""
    import numpy as np

    point, expected, given = example
    if not any(isinstance(v, np.ndarray) and v.size > 1 for v in point.values()):
        return []  # scalar points are in the reason already: at x = 1.87 yours is …
    lines = ["for " + ", ".join(f"{k} = {compact_value(v)}" for k, v in sorted(point.items())) + ":",
             f"  yours is {compact_value(given, 4)}, expected {compact_value(expected, 4)}"]
    return lines
