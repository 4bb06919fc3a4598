"""Expression trees -> SymPy, and the symbolic builtins problem files may call (back: sympy_trees).

SymPy objects are built node by node from a parsed tree (never from text), so this is as safe
as the parser. Problem files use it to differentiate, solve and simplify while drawing an
instance; answers use it only for display.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction

import sympy as sp

from mathquiz.expression.expr import BinOp, Call, Const, Mat, Name, Neg, Node, Num, Transpose
from mathquiz.judging.identity import IDENTITY_SYMBOL, sized_identity


class SymbolicError(Exception):
    """A builtin was used on values it does not accept (diff of a matrix by a matrix, say)."""


class sigma(sp.Function):  # noqa: N801 - shown as σ, as on paper
    """The logistic sigmoid 1/(1+e^-x), kept as one function so answers read naturally."""

    def fdiff(self, argindex=1):
        s = sigma(self.args[0])
        return s * (1 - s)

    def _eval_rewrite_as_exp(self, arg, **kwargs):
        return 1 / (1 + sp.exp(-arg))

    def _eval_evalf(self, prec):
        return (1 / (1 + sp.exp(-self.args[0])))._eval_evalf(prec)

    def _sympystr(self, printer):
        return f"sigma({printer._print(self.args[0])})"


class step(sp.Function):  # noqa: N801
    """The derivative of relu: 1 for x > 0, else 0 (its own derivative is 0 wherever it is defined)."""

    @classmethod
    def eval(cls, arg):
        if arg.is_extended_positive:
            return sp.Integer(1)
        if arg.is_extended_nonpositive:
            return sp.Integer(0)
        return None

    def fdiff(self, argindex=1):
        return sp.Integer(0)

    def _eval_evalf(self, prec):
        value = self.args[0]._eval_evalf(prec)
        return None if value is None or not value.is_real else sp.Float(int(value > 0), prec)


class relu(sp.Function):  # noqa: N801
    """max(0, x), kept as one function so keys and answers read as on paper."""

    @classmethod
    def eval(cls, arg):
        if arg.is_extended_nonnegative:
            return arg
        if arg.is_extended_nonpositive:
            return sp.Integer(0)
        return None

    def fdiff(self, argindex=1):
        return step(self.args[0])

    def _eval_evalf(self, prec):
        value = self.args[0]._eval_evalf(prec)
        return None if value is None or not value.is_real else (value if value > 0 else sp.Float(0, prec))


class norm(sp.Function):  # noqa: N801
    """‖x‖ of a symbolic vector (a MatrixSymbol), kept unevaluated."""


_FUNCS = {
    "exp": sp.exp, "log": sp.log, "sqrt": sp.sqrt, "abs": sp.Abs,
    "sin": sp.sin, "cos": sp.cos, "tan": sp.tan, "sinh": sp.sinh, "cosh": sp.cosh,
    "tanh": sp.tanh, "sech": sp.sech, "asin": sp.asin, "acos": sp.acos, "atan": sp.atan,
    "sigma": sigma, "relu": relu, "step": step,
    "sec": sp.sec, "csc": sp.csc, "cot": sp.cot, "csch": sp.csch, "coth": sp.coth,
    "asinh": sp.asinh, "acosh": sp.acosh, "atanh": sp.atanh, "sign": sp.sign,
    "floor": sp.floor, "ceil": sp.ceiling,
}  # fmt: skip


def number(value: Fraction, decimal: bool = False):
    if decimal:
        return sp.Float(float(value), 15) if value.denominator != 1 else sp.Integer(value.numerator)
    return sp.Rational(value.numerator, value.denominator)


def is_matrix(value) -> bool:
    return isinstance(value, sp.MatrixBase | sp.MatrixExpr)


def to_sympy(node: Node, env: Mapping[str, object] | None = None, shapes=None):
    """Build the SymPy object for a tree. Names bound in `env` are replaced by their values."""
    try:
        return _scalar_if_1x1(_Builder(env or {}, shapes or {}).go(node))
    except NotImplementedError:  # SymPy's word for an operation it has no rule for (a scalar over a matrix)
        raise SymbolicError("SymPy cannot compute this expression (an operation it has no rule for)") from None


class _Builder:
    """One conversion. A class, not a nested function: a recursive closure is a reference cycle,
    garbage that only the cycle collector frees."""

    def __init__(self, env: Mapping[str, object], shapes):
        self.env, self.shapes = env, shapes

    def go(self, n: Node):
        go = self.go
        if isinstance(n, Num):
            return number(n.value, n.decimal)
        if isinstance(n, Name):
            if n.name in self.env:
                return self.env[n.name]
            shape = self.shapes.get(n.name)
            if shape is not None and shape != (1, 1):
                return sp.MatrixSymbol(n.name, *shape)
            return sp.Symbol(n.name)
        if isinstance(n, Const):
            return {"e": sp.E, "pi": sp.pi}.get(n.name) or IDENTITY_SYMBOL
        if isinstance(n, Neg):
            return -go(n.arg)
        if isinstance(n, Transpose):
            v = go(n.arg)
            return v.T if is_matrix(v) else v
        if isinstance(n, Mat):
            return sp.Matrix([[go(x) for x in row] for row in n.rows])
        if isinstance(n, BinOp):
            a, b = go(n.left), go(n.right)
            return binop(n.op, a, b)
        if isinstance(n, Call):
            return call(n.fn, [go(a) for a in n.args])
        raise TypeError(f"unknown node {n!r}")


def _scalar_if_1x1(v):
    if isinstance(v, sp.MatrixBase) and v.shape == (1, 1):
        return v[0, 0]
    return v


def binop(op: str, a, b):
    a, b = sized_identity(_scalar_if_1x1(a), _scalar_if_1x1(b), op)
    if op in "+-" and is_matrix(a) != is_matrix(b):  # 1 − σ(z): the number goes to each entry
        a, b = (a, _filled(b, a.shape)) if is_matrix(a) else (_filled(a, b.shape), b)
    if op == "+":
        return a + b
    if op == "-":
        return a - b
    if op == "*":
        return _scalar_if_1x1(a * b)
    if op == "/":
        return a / b if not is_matrix(a) else a * (1 / b)
    if op == "^":
        if is_matrix(a):
            return a**b if b != -1 else a.inv() if isinstance(a, sp.MatrixBase) else a.I
        return a**b
    raise TypeError(op)


def _filled(value, shape):
    return sp.Matrix(*shape, [value] * (shape[0] * shape[1])) if 1 in shape else value


def _vector(v) -> sp.Matrix:
    if isinstance(v, sp.MatrixBase):
        return v.reshape(len(v), 1) if min(v.shape) == 1 else v
    raise SymbolicError("expected an explicit vector such as [x, y]")


def _explicit(v) -> sp.Matrix:
    if isinstance(v, sp.MatrixBase):
        return v
    raise SymbolicError("expected an explicit vector such as [x, y]")


def _vars(v) -> list:
    items = list(_vector(v)) if isinstance(v, sp.MatrixBase) else [v]
    if not all(isinstance(s, sp.Symbol) for s in items):
        raise SymbolicError("the variables must be names, such as [x, y]")
    return items


def call(fn: str, args: list):
    a = args[0]
    if fn in _FUNCS:
        f = _FUNCS[fn]
        if is_matrix(a):  # entry by entry, also on a symbolic matrix (SymPy keeps its shape)
            return a.applyfunc(f) if isinstance(a, sp.MatrixBase) else a.applyfunc(lambda e: f(e))
        return f(a)
    if fn == "transpose":
        return a.T if is_matrix(a) else a
    if fn == "atan2":
        return sp.atan2(a, args[1])
    if fn in ("max", "min"):  # of several scalars, or of the entries of one vector
        items = [x for v in args for x in (list(v) if isinstance(v, sp.MatrixBase) else [v])]
        return (sp.Max if fn == "max" else sp.Min)(*items)
    if fn == "hadamard":
        b = args[1]
        if isinstance(a, sp.MatrixBase) and isinstance(b, sp.MatrixBase):
            return a.multiply_elementwise(b)
        return sp.HadamardProduct(a, b) if is_matrix(a) else a * b
    if fn in ("sum", "mean"):
        if is_matrix(a) and not isinstance(a, sp.MatrixBase):
            raise SymbolicError(f"{fn} needs an explicit vector or matrix")
        items = list(a) if isinstance(a, sp.MatrixBase) else [a]
        return sp.Add(*items) / (len(items) if fn == "mean" else 1)
    if fn == "softmax":  # keeps the orientation of its argument, as answers are evaluated and shaped
        ex = _explicit(a).applyfunc(sp.exp)
        return ex / sum(ex)
    if fn == "norm":
        if isinstance(a, sp.MatrixBase):
            return sp.sqrt(sum(x**2 for x in a))
        return norm(a) if is_matrix(a) else sp.Abs(a)
    if fn == "diag":
        if isinstance(a, sp.MatrixBase) and min(a.shape) == 1:
            return sp.diag(*list(a))
        if isinstance(a, sp.MatrixBase):
            return sp.Matrix([a[i, i] for i in range(a.rows)])
        return sp.Function("diag")(a)
    if fn in ("trace", "det") and not is_matrix(a):
        return a  # a 1×1 matrix is its entry (a drawn 1×1, a symbol of shape n×n at n = 1)
    if fn == "trace":
        return a.trace() if isinstance(a, sp.MatrixBase) else sp.Trace(a)
    if fn == "det":
        return a.det() if isinstance(a, sp.MatrixBase) else sp.Determinant(a)
    if fn == "inv":
        if isinstance(a, sp.MatrixBase):
            if a.det() == 0:
                raise SymbolicError("inv of a singular matrix")
            return a.inv()
        return a.I if is_matrix(a) else 1 / a
    return _author_call(fn, args)


def _author_call(fn: str, args: list):
    a = args[0]
    if fn == "diff":
        return sp.diff(a, *_vars(args[1]))
    if fn == "gradient":
        return sp.Matrix([sp.diff(a, v) for v in _vars(args[1])])
    if fn == "jacobian":
        return sp.Matrix(_vector(a)).jacobian(_vars(args[1]))
    if fn == "divergence":
        field, names = list(_vector(a)), _vars(args[1])
        if len(field) != len(names):
            raise SymbolicError("divergence needs as many components as variables")
        return sp.Add(*[sp.diff(f, v) for f, v in zip(field, names, strict=True)])
    if fn in ("simplify", "expand", "factor"):
        f = _bounded({"simplify": sp.simplify, "expand": sp.expand, "factor": sp.factor}[fn])
        return a.applyfunc(f) if isinstance(a, sp.MatrixBase) else f(a)
    if fn == "subs":
        return a.subs(args[1], args[2])
    if fn == "solve":
        if not isinstance(a, sp.MatrixBase) or a.det() == 0:
            raise SymbolicError("solve(A, b) needs an invertible matrix A")
        return a.LUsolve(args[1])
    if fn == "lstsq":
        gram = a.T * a
        if gram.det() == 0:
            raise SymbolicError("lstsq(A, b) needs A of full column rank")
        return gram.LUsolve(a.T * args[1])
    if fn == "numpy_lstsq":  # a floating-point cross-check of the exact answer
        import numpy as np

        solution = np.linalg.lstsq(np.array(a.evalf(), dtype=float), np.array(args[1].evalf(), dtype=float),
                                   rcond=None)[0]
        # rounding noise (8.75e-17 for an exact 0) is not shown: 12 significant digits of the largest entry
        scale = max(1.0, float(np.max(np.abs(solution))))
        return sp.Matrix([sp.Float(0 if abs(v) < 1e-12 * scale else float(f"{v:.12g}"), 15) for v in solution.flat])
    if fn == "outer":
        return _vector(a) * _vector(args[1]).T
    if fn == "dot":
        return (_vector(a).T * _vector(args[1]))[0, 0]
    if fn == "entry":
        i = int(args[1]) - 1
        j = int(args[2]) - 1 if len(args) > 2 else 0
        return a[i, j]
    if fn in ("rows", "cols"):
        return sp.Integer(a.shape[0 if fn == "rows" else 1]) if is_matrix(a) else sp.Integer(1)
    if fn == "numeric":
        return a.evalf(15)
    raise SymbolicError(f"unknown function {fn}")


REWRITE_SECONDS = 1.0  # CPU seconds for one simplify, expand or factor of one entry


def _bounded(rewrite):
    """The rewrite, or the value as it came when SymPy recurses too deep or takes too long: a
    rewrite only changes how a value is written, never the value (simplify of some sums with
    powers of e recursed without end)."""

    def bounded(value):
        from mathquiz.judging.timebox import TimeUp, time_box

        try:
            with time_box(REWRITE_SECONDS, cpu=True):
                return rewrite(value)
        except (RecursionError, TimeUp):
            return value

    return bounded
