"""The identity I in SymPy: a symbol until it meets an explicit matrix, then sized to fit it
(αI too: a multiple of the identity beside a matrix is that multiple of the fitting eye)."""

from __future__ import annotations

import sympy as sp

IDENTITY_SYMBOL = sp.Symbol("I")  # the identity, sized when it meets an explicit matrix


def sized_identity(a, b, op: str):
    # the order matters for speed: a matrix compared with a symbol is sympified on every binop
    if isinstance(b, sp.MatrixBase) and isinstance(a, sp.Expr):
        k = identity_multiple(a)
        if k is not None:
            a = k * sp.eye(b.rows)
    if isinstance(a, sp.MatrixBase) and isinstance(b, sp.Expr):
        k = identity_multiple(b)
        if k is not None:
            b = k * sp.eye(a.rows if op in "+-" else a.cols)
    return a, b


def identity_multiple(x):
    """k for x = I or x = k·I (αI beside a matrix: the identity of the size that fits), else None."""
    if isinstance(x, sp.Symbol):
        return sp.Integer(1) if x == IDENTITY_SYMBOL else None
    if isinstance(x, sp.Mul) and IDENTITY_SYMBOL in x.args:
        k = x / IDENTITY_SYMBOL
        return None if k.has(IDENTITY_SYMBOL) else k
    return None
