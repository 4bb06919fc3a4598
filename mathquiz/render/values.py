"""What worked solutions, keys and counterexamples show: decimals rounded, values in compact form.

Exact values are tidied by `answer.tidy` (shared with the placeholders of problem texts).
"""

from __future__ import annotations

from mathquiz.expression.expr import Mat, Node
from mathquiz.judging.tidy import tidy  # noqa: F401  (render's callers take it from here)


def rounded(node: Node, digits: int = 4) -> Node:
    """Decimals with more than `digits` significant digits rounded to that many (the same object
    back when nothing needed rounding, so callers can tell)."""
    from fractions import Fraction

    from mathquiz.expression.expr import Neg, Num

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


def counterexample(example, width: int = 80) -> list[str]:
    """The point where a wrong answer was caught, in compact form, when the reason could not
    show it (matrices and vectors): `A = […], b = (…)ᵀ:` on lines that fit, then both values."""
    import numpy as np

    point, expected, given = example
    if not any(isinstance(v, np.ndarray) and v.size > 1 for v in point.values()):
        return []  # scalar points are in the reason already: at x = 1.87 yours is …
    lines, line = [], ""
    for k, (name, value) in enumerate(sorted(point.items())):
        piece = f"{name} = {compact_value(value)}" + (":" if k == len(point) - 1 else ",")
        if line and len(line) + 1 + len(piece) > width:
            lines.append(line)
            line = ""
        line = f"{line} {piece}" if line else f"  {piece}"
    lines.append(line)
    return [*lines, f"  yours is {compact_value(given, 4)}, expected {compact_value(expected, 4)}"]
