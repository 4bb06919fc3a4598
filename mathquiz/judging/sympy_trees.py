"""SymPy results back to expression trees, for answer keys and values computed symbolically, so
they can be evaluated and printed like a typed answer."""

from __future__ import annotations

from fractions import Fraction

import sympy as sp

from mathquiz.expression.expr import BinOp, Call, Const, Mat, Name, Neg, Node, Num, Transpose
from mathquiz.judging.symbolic import _FUNCS, SymbolicError

_BACK = {v: k for k, v in _FUNCS.items()}


_TREES: dict[tuple, Node] = {}  # (type, SymPy expression) -> its tree: validate meets the same values often
# SymPy before 1.13 takes 2.0 == 2, which would give a decimal its whole-number twin's tree
_STRUCTURAL = sp.Float(2.0) != sp.Integer(2)


def from_sympy(expr) -> Node:
    """The tree of a SymPy result, so it can be evaluated and printed like a typed answer."""
    if not _STRUCTURAL or not isinstance(expr, sp.Basic):
        return _from_sympy(expr)
    key = (type(expr), expr)
    tree = _TREES.get(key)
    if tree is None:
        tree = _from_sympy(expr)
        if len(_TREES) >= 20_000:
            _TREES.clear()
        _TREES[key] = tree
    return tree


def _from_sympy(expr) -> Node:
    if isinstance(expr, sp.MatrixBase):
        return Mat(tuple(tuple(from_sympy(expr[i, j]) for j in range(expr.cols)) for i in range(expr.rows)))
    if isinstance(expr, bool) or expr in (sp.true, sp.false):
        raise SymbolicError("a condition is not a value")
    if isinstance(expr, int):
        expr = sp.Integer(expr)
    if isinstance(expr, sp.Integer | sp.Rational):
        num = Num(Fraction(int(expr.p), int(expr.q)))
        return Neg(Num(-num.value)) if expr < 0 else num
    if isinstance(expr, sp.Float):
        if not abs(expr) < 1e300:  # 1e301 and beyond (and inf, nan): out of the range answers work in
            raise SymbolicError(f"{sp.sstr(expr, full_prec=False)[:40]} is too large a number to work with")
        value = Fraction(str(expr))
        return Neg(Num(-value, decimal=True)) if value < 0 else Num(value, decimal=True)
    if expr is sp.E:
        return Const("e")
    if expr is sp.pi:
        return Const("pi")
    if isinstance(expr, sp.Symbol):
        return Name(expr.name)
    if isinstance(expr, sp.MatrixSymbol):
        return Name(expr.name)
    if isinstance(expr, sp.Add):
        terms = list(expr.as_ordered_terms())
        node = from_sympy(terms[0])
        for t in terms[1:]:
            if t.could_extract_minus_sign():
                node = BinOp("-", node, from_sympy(-t))
            else:
                node = BinOp("+", node, from_sympy(t))
        return node
    if isinstance(expr, sp.Mul):
        if expr.args[0].is_number and expr.args[0].is_negative:
            flipped = -expr  # (2 − e)·√e·… negated leads with −1: written as it is, not flipped back and forth
            if not (isinstance(flipped, sp.Mul) and flipped.args[0].is_number and flipped.args[0].is_negative):
                return Neg(from_sympy(flipped))
        num, den = sp.fraction(expr)
        if den != 1:
            return BinOp("/", from_sympy(num), from_sympy(den))
        factors = [from_sympy(f) for f in expr.as_ordered_factors()]
        node = factors[0]
        for f in factors[1:]:
            node = BinOp("*", node, f)
        return node
    if isinstance(expr, sp.Pow):
        base, exp = expr.args
        if exp == sp.Rational(1, 2):
            return Call("sqrt", (from_sympy(base),))
        if exp.is_negative and exp.is_number:
            return BinOp("/", Num(Fraction(1)), from_sympy(base**-exp))
        return BinOp("^", from_sympy(base), from_sympy(exp))
    if isinstance(expr, sp.exp):
        return BinOp("^", Const("e"), from_sympy(expr.args[0]))  # e^(2x), as the sheets write it
    if isinstance(expr, sp.Abs):
        return Call("abs", (from_sympy(expr.args[0]),))
    if isinstance(expr, sp.Max | sp.Min | sp.atan2):
        return Call({sp.Max: "max", sp.Min: "min"}.get(type(expr), "atan2"), tuple(from_sympy(a) for a in expr.args))
    if isinstance(expr, sp.Function) and type(expr) in _BACK:
        return Call(_BACK[type(expr)], tuple(from_sympy(a) for a in expr.args))
    if isinstance(expr, sp.Transpose):
        return Transpose(from_sympy(expr.args[0]))
    if isinstance(expr, sp.HadamardProduct):
        parts = [from_sympy(a) for a in expr.args]
        node = parts[0]
        for p in parts[1:]:
            node = Call("hadamard", (node, p))
        return node
    if isinstance(expr, sp.MatMul | sp.MatAdd):
        op = "*" if isinstance(expr, sp.MatMul) else "+"
        parts = [from_sympy(a) for a in expr.args]
        node = parts[0]
        for p in parts[1:]:
            node = BinOp(op, node, p)
        return node
    raise SymbolicError(f"cannot turn {expr} into an answer")
