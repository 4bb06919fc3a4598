"""A tree for showing, written as a person writes it: the values put into a formula leave
`x − −3`, `1·x`, `8/4` and `((2, −2)ᵀ)ᵀ`; shown, they read `x + 3`, `x`, `2` and `[[2, −2]]`.

The value never changes (each rewrite is an identity), so a worked step stays what was checked.
Shown trees only: keys and grading never go through here. Bottom-up with `fold`, no recursion.
"""

from __future__ import annotations

from fractions import Fraction

from mathquiz.expression.expr import BinOp, Call, Const, Mat, Name, Neg, Node, Num, Transpose, fold


def _int(node: Node) -> Fraction | None:
    """The value of an exact number (a typed decimal is left as typed)."""
    if isinstance(node, Num) and not node.decimal:
        return node.value
    if isinstance(node, Neg) and isinstance(node.arg, Num) and not node.arg.decimal:
        return -node.arg.value
    return None


def _negated(node: Node) -> Node | None:
    """−node as a tree without a leading sign, if node carries one (−3, −x); else None."""
    if isinstance(node, Num) and node.value < 0:
        return Num(-node.value, node.decimal)
    if isinstance(node, Neg):
        return node.arg
    if isinstance(node, BinOp) and node.op in "*/" and (left := _negated(node.left)) is not None:
        return BinOp(node.op, left, node.right)  # −3/√9 → 3/√9 under a sign that flips
    return None


def _number(value: Fraction) -> Node:
    return Num(value) if value >= 0 else Neg(Num(-value))


def _rebuild(n: Node, kids: list[Node]) -> Node:
    if isinstance(n, BinOp):
        return _binop(n.op, kids[0], kids[1])
    if isinstance(n, Neg):
        inner = kids[0]
        return inner.arg if isinstance(inner, Neg) else Num(-inner.value, inner.decimal) \
            if isinstance(inner, Num) else Neg(inner)
    if isinstance(n, Transpose) or isinstance(n, Call) and n.fn == "transpose" and len(kids) == 1:
        inner = kids[0]
        if isinstance(inner, Transpose):
            return inner.arg  # (Xᵀ)ᵀ = X
        if isinstance(inner, Mat) and inner.shape[1] == 1 and inner.shape[0] > 1:
            return Mat((tuple(row[0] for row in inner.rows),))  # the column (2, −2)ᵀ transposed: the row [[2, −2]]
        return Transpose(inner)
    if isinstance(n, Call):
        return Call(n.fn, tuple(kids))
    if isinstance(n, Mat):
        width = n.shape[1]
        return Mat(tuple(tuple(kids[r * width:(r + 1) * width]) for r in range(n.shape[0])))
    assert isinstance(n, Num | Name | Const), n
    return n


def _binop(op: str, a: Node, b: Node) -> Node:
    x, y = _int(a), _int(b)
    if op == "/" and x is not None and y is not None and y != 0:
        return _number(x / y)  # 8/4 → 2, 2/4 → 1/2, (14/3)/3 → 14/9
    if op == "*":
        if x == 1:
            return b
        if y == 1:
            return a
        if x == -1:
            return _rebuild(Neg(b), [b])
    if op == "^" and y == 1:
        return a
    if op in "+-" and (flipped := _negated(b)) is not None:
        return BinOp("-" if op == "+" else "+", a, flipped)  # x − −3 → x + 3, x + −y → x − y
    return BinOp(op, a, b)


def neat(node: Node) -> Node:
    """`node` rewritten for showing (see the module's docstring)."""
    return fold(node, _rebuild)
