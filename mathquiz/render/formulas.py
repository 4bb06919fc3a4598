"""Formulas on the screen: 2-D when they fit, exact values tidied with their decimal beside."""

from __future__ import annotations

from rich.text import Text


def math_text(block: str) -> Text:
    """Pre-formatted math (SymPy pretty output) that must not be wrapped or re-styled."""
    return Text(block, no_wrap=True, overflow="ignore")


def formula(node, shapes=None, label: str = "", indent: str = "", width: int = 80):
    """A formula in 2-D if it fits the terminal; else, for a number or matrix, its value to
    4 significant digits; else on one line, wrapped like prose (never a grid cut in pieces)."""
    from mathquiz.expression.printing import to_unicode

    exact: list[bool] = []
    decimals = _decimals(node, exact)
    for tree, tag in ((node, label), (decimals, label if exact and exact[0] else _approx(label))):
        laid = _layout(tree, shapes, tag, indent, width) if tree is not None else None
        if laid is not None:
            return math_text(laid)
    return Text(indent + label + to_unicode(node))


def _layout(tree, shapes, tag: str, indent: str, width: int) -> str | None:
    """`tag` and the 2-D form of `tree` beside it, if that fits `width` (None if not). A column
    of fractions goes on one line when it fits: 4 lines an entry help no one."""
    from mathquiz.expression.expr import Mat
    from mathquiz.expression.printing import to_unicode
    from mathquiz.judging.pretty2d import pretty

    block = pretty(tree, shapes)
    line = to_unicode(tree)
    if "\n" not in block and "transpose(" not in line:
        block = line  # on one line, the form readings use: 2Aᵀ·(A·x − b), not 2⋅Aᵀ⋅(A⋅x - b)
    elif isinstance(tree, Mat) and tree.shape[1] == 1:
        if len(indent) + len(tag) + len(line) <= width:
            block = line
    if max(map(len, block.split("\n"))) + len(tag) + len(indent) > width:
        return None
    return _indent_block(tag, block, indent)


def _approx(label: str) -> str:
    return label[:-2] + "≈ " if label.endswith("= ") else (label.rstrip(": ") + " ≈ " if label else "≈ ")


def _decimals(node, exact: list | None = None):
    """The value of a constant tree rounded to 4 significant digits, as a tree (None if not constant).
    `exact`, if given, gets True appended when the rounding lost nothing (26, 0.5): then it is "=", not "≈"."""
    from fractions import Fraction

    import mpmath
    import numpy as np

    from mathquiz.expression.expr import Mat, Num, free_names
    from mathquiz.judging.evaluate import Evaluator, OutOfTime, Undefined

    if free_names(node):
        return None
    try:
        value = Evaluator({})(node)
    except (Undefined, OutOfTime):
        return None

    lost = []

    def num(v):
        if isinstance(v, mpmath.mpc) and v.imag != 0:
            raise ValueError("complex")
        text = mpmath.nstr(mpmath.re(v), 4, strip_zeros=False, min_fixed=-9, max_fixed=9)
        lost.append(abs(mpmath.mpf(text) - mpmath.re(v)) > mpmath.mpf(10) ** -25 * max(1, abs(v)))
        return Num(Fraction(text), decimal=True)

    try:
        tree = Mat(tuple(tuple(num(v) for v in row) for row in value)) if isinstance(value, np.ndarray) else num(value)
    except ValueError:
        return None
    if exact is not None:
        exact.append(not any(lost))
    return tree


def _indent_block(label: str, block: str, indent: str = "   ") -> str:
    """Put `label = ` beside a multi-line block, on its baseline (the middle line)."""
    lines = block.split("\n")
    mid = len(lines) // 2
    pad = " " * len(label)
    return "\n".join(indent + (label if i == mid else pad) + line for i, line in enumerate(lines))




def value_formula(node, shapes=None, label: str = "", indent: str = "", width: int = 80):
    """A value in a worked solution or a key: its exact form tidied (e/(1 + e)², not
    1/(e·(e⁻² + 2/e + 1))) with the decimal beside, ≈ 0.1966; long decimals to 4 digits."""
    from mathquiz.expression.printing import to_unicode
    from mathquiz.render.values import rounded, tidy

    shown = tidy(node)
    short = rounded(shown)
    if short is not shown:  # 0.13122492707661 is shown as ≈ 0.1312
        return formula(short, shapes, _approx(label), indent, width)
    exact: list[bool] = []
    decimal = _decimals(shown, exact) if _irrational(shown) else None
    if decimal is None:
        return formula(shown, shapes, label, indent, width)
    beside = (" = " if exact[0] else " ≈ ") + to_unicode(decimal)  # "≈" only where the value is not exact
    laid = _layout(shown, shapes, label, indent, width)
    if laid is not None and "\n" not in laid:  # one line: the decimal beside, or under it
        under = "\n" + indent + " " * len(label) + beside.lstrip()
        return math_text(laid + (beside if len(laid) + len(beside) <= width else under))
    laid = _layout(shown, shapes, label, indent, width - len(beside))
    if laid is not None:
        lines = laid.split("\n")
        lines[len(lines) // 2] += beside
        return math_text("\n".join(lines))
    laid = _layout(shown, shapes, label, indent, width)
    if laid is not None and len(indent) + len(label) + len(beside) <= width:
        return math_text(laid + "\n" + indent + " " * len(label) + beside.lstrip())
    return formula(shown, shapes, label, indent, width)


def _irrational(node) -> bool:
    """A constant that a decimal helps to picture: it has e, π or a function in it."""
    from mathquiz.expression.expr import Call, Const, free_names, walk

    return not free_names(node) and any(isinstance(n, Const | Call) for n in walk(node))
