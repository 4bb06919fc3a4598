"""Shapes of expressions: which products and sums are well formed, before evaluating anything.

A shape is None for a scalar (1×1 results count as scalars, as on paper), a pair (rows, cols)
for a matrix, or IDENTITY for `I`, whose size is whatever fits where it stands.
"""

from __future__ import annotations

from collections.abc import Mapping

from mathquiz.expression.expr import ENTRYWISE, BinOp, Call, Const, Mat, Name, Neg, Node, Num, Transpose

Shape = tuple[int, int] | None
IDENTITY = ("I", "I")  # a flexible square shape

ELEMENTWISE = {
    "exp", "log", "sqrt", "abs", "sin", "cos", "tan", "sinh", "cosh", "tanh", "sech",
    "asin", "acos", "atan", "sigma", "sec", "csc", "cot", "csch", "coth", "asinh", "acosh", "atanh",
    "sign", "floor", "ceil", "relu", "step",
}  # fmt: skip
# every function whose shape `infer` knows; an author builtin (entry, subs, …) is beyond it
SHAPED = ELEMENTWISE | {"hadamard", "sum", "mean", "transpose", "max", "min", "atan2", "softmax", "norm", "diag",
                        "trace", "det", "inv"} | set(ENTRYWISE)


class ShapeError(Exception):
    """An expression whose shapes do not fit together (a product of 3×2 by 3×1, say)."""

    def __init__(self, message: str, span: tuple[int, int]):
        super().__init__(message)
        self.message = message
        self.span = span


def show(shape) -> str:
    """3×2, 3×1, scalar, or I."""
    if shape is None:
        return "scalar"
    if shape == IDENTITY:
        return "identity"
    return f"{shape[0]}×{shape[1]}"


def parse_shape(text: str) -> tuple[int, int]:
    """'3x2', '3×2', '3' (a column) -> (3, 2); ValueError when malformed."""
    parts = text.lower().replace("×", "x").replace(",", "x").replace("*", "x").split("x")
    if len(parts) == 1:
        parts.append("1")
    if len(parts) != 2 or not all(p.strip().isdigit() for p in parts):
        raise ValueError(f"a shape is written like 3x2, not {text!r}")
    rows, cols = (int(p) for p in parts)
    if not (1 <= rows <= 50 and 1 <= cols <= 50):
        raise ValueError(f"shape {text!r}: rows and columns must be between 1 and 50")
    return rows, cols


def _norm(shape):
    return None if shape == (1, 1) else shape


def infer(node: Node, shapes: Mapping[str, Shape], source: str = "") -> Shape:
    """The shape of `node`; raises ShapeError naming the ill-formed piece of `source`."""
    return _Inference(shapes, source).go(node)


class _Inference:
    """One inference. A class, not nested functions: a recursive closure is a reference cycle,
    garbage that only the cycle collector frees (validation made 130,000 of them per run)."""

    def __init__(self, shapes: Mapping[str, Shape], source: str):
        self.shapes, self.source = shapes, source

    def piece(self, n: Node) -> str:
        a, b = n.span
        text = self.source[a:b].strip() if self.source and b > a else ""
        return f"{text}: " if text else ""

    def fail(self, n: Node, why: str):
        raise ShapeError(self.piece(n) + why, n.span)

    def go(self, n: Node) -> Shape:
        if isinstance(n, Num):
            return None
        if isinstance(n, Const):
            return IDENTITY if n.name == "I" else None
        if isinstance(n, Name):
            return _norm(self.shapes.get(n.name))
        if isinstance(n, Neg):
            return self.go(n.arg)
        if isinstance(n, Transpose):
            s = self.go(n.arg)
            return s if s is None or s == IDENTITY else (s[1], s[0])
        if isinstance(n, Mat):
            for row in n.rows:
                for x in row:
                    if self.go(x) is not None:
                        self.fail(x, "an entry of a matrix must be a number or a scalar expression")
            return _norm(n.shape)
        if isinstance(n, BinOp):
            return self.binop(n, self.go(n.left), self.go(n.right))
        if isinstance(n, Call):
            return self.call(n, [self.go(a) for a in n.args])
        raise TypeError(f"unknown node {n!r}")

    def binop(self, n: BinOp, a: Shape, b: Shape) -> Shape:
        if n.op in "+-":
            if a == b:
                return a
            if _vector(a) and b is None or _vector(b) and a is None:
                return a or b  # 1 − σ(z): a number added to each entry of a vector
            if a == IDENTITY or b == IDENTITY:
                other = b if a == IDENTITY else a
                if other is not None and other[0] == other[1]:
                    return other
                what = "a scalar" if other is None else f"a {show(other)} matrix"
                self.fail(n, f"cannot add the identity I to {what}")
            word = "add" if n.op == "+" else "subtract"
            self.fail(n, f"cannot {word} {_article(a)} and {_article(b)}")
        if n.op == "*":
            if a is None or a == IDENTITY and b is not None:
                return b
            if b is None or b == IDENTITY:
                return a
            if a[1] != b[0]:
                self.fail(n, f"cannot multiply {show(a)} by {show(b)}")
            return _norm((a[0], b[1]))
        if n.op == "/":
            if b is not None:
                self.fail(n, f"cannot divide by {_article(b)}")
            return a
        if n.op == "^":
            if b is not None:
                self.fail(n, "an exponent must be a scalar")
            if _vector(a):
                self.fail(n, f"a {show(a)} vector has no powers: square each entry with ⊙ (z ⊙ z), or write ^T")
            if a is not None and a != IDENTITY and a[0] != a[1]:
                self.fail(n, f"only square matrices have powers; this one is {show(a)} (for a transpose write ^T)")
            return a
        raise TypeError(n.op)

    def call(self, n: Call, args: list[Shape]) -> Shape:
        a = args[0] if args else None
        fn = n.fn
        if fn in ELEMENTWISE:
            if a == IDENTITY:
                self.fail(n, f"{fn} of the identity matrix is not defined here")
            return a
        if fn in ENTRYWISE:
            return self.entrywise(n, args)
        if fn == "hadamard":
            b = args[1]
            if IDENTITY in (a, b):
                self.fail(n, "the entrywise product needs sizes: the size of I is not known here")
            if a != b:
                self.fail(n, f"the entrywise product ⊙ needs equal sizes, got {show(a)} and {show(b)}")
            return a
        if fn in ("sum", "mean"):
            if a == IDENTITY:
                self.fail(n, "the size of I is not known here")
            return None
        if fn == "transpose":
            return a if a is None or a == IDENTITY else (a[1], a[0])
        if fn in ("max", "min", "atan2"):  # of scalars, or max/min of one vector's entries
            vector = fn != "atan2" and len(args) == 1 and a not in (None, IDENTITY) and min(a) == 1
            if not vector and any(s is not None for s in args):
                self.fail(n, f"{fn} takes scalars" + (" (or one vector)" if fn != "atan2" else ""))
            return None
        if fn == "softmax":
            if a is None or a == IDENTITY or min(a) != 1:
                self.fail(n, "softmax takes a vector")
            return a
        if fn == "norm":
            if a == IDENTITY:
                self.fail(n, "the size of I is not known here")
            return None
        if fn == "diag":
            if a is None or a == IDENTITY:
                self.fail(n, "diag takes a vector (or a square matrix)")
            if min(a) == 1:
                return (max(a), max(a))
            if a[0] != a[1]:
                self.fail(n, f"diag of a {show(a)} matrix is not defined")
            return (a[0], 1)
        if fn in ("trace", "det", "inv"):
            if a == IDENTITY and fn == "trace":
                self.fail(n, "the size of I is not known here")
            if a == IDENTITY:
                return None if fn != "inv" else IDENTITY
            if a is not None and a[0] != a[1]:
                self.fail(n, f"{fn} needs a square matrix, got {show(a)}")
            return a if fn == "inv" else None
        raise ShapeError(f"{fn} cannot be used in an answer", n.span)

    def entrywise(self, n: Call, args: list[Shape]) -> Shape:
        """An operation read entry by entry: scalars and arrays of one shape, the array's shape out."""
        arrays = {s for s in args if s is not None}
        if IDENTITY in arrays or len(arrays) != 1:
            self.fail(n, f"entry by entry, {ENTRYWISE[n.fn]} needs numbers and arrays of one shape")
        return arrays.pop()


def _vector(shape: Shape) -> bool:
    return shape is not None and shape != IDENTITY and min(shape) == 1


def _article(shape: Shape) -> str:
    if shape == IDENTITY:
        return "the identity I"
    return "a scalar" if shape is None else f"a {show(shape)} matrix"
