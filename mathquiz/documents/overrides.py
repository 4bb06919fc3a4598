"""`solve --set NAME=VALUE`: the student's own data in place of drawn parameters, checked first."""

from __future__ import annotations

import sympy as sp

from mathquiz.expression.limits import ParseError
from mathquiz.expression.parser import parse
from mathquiz.expression.scope import Scope
from mathquiz.judging.symbolic import to_sympy
from mathquiz.problem.format import MAX_DIM, Problem


class OverrideError(Exception):
    """A --set value that does not fit the parameter it replaces."""


def param_for(problem: Problem, name: str) -> str | None:
    """The parameter NAME sets: its own name, or the parameter whose `alias` it is."""
    if name in problem.params:
        return name
    return next((p for p, spec in problem.params.items() if spec.alias == name), None)


def prepare(problem: Problem, raw: dict[str, str]) -> dict[str, object]:
    """Parse and check each value; sizes it implies (A is 3×2 ⇒ m = 3, n = 2) are set too."""
    out: dict[str, object] = {}
    for name, text in raw.items():
        param = param_for(problem, name)
        if param is None:
            names = ", ".join(sorted(set(problem.params) | {s.alias for s in problem.params.values() if s.alias}))
            raise OverrideError(f"{problem.id} has no parameter '{name}' (it has {names})")
        spec = problem.params[param]
        try:
            value = to_sympy(parse(text, Scope(variables={}, free=False)))
        except ParseError as exc:
            raise OverrideError(f"{name}: {exc.message}\n{exc.caret()}") from None
        if isinstance(value, sp.MatrixBase) and any(not v.is_number for v in value) or \
                not isinstance(value, sp.MatrixBase) and not value.is_number:
            raise OverrideError(f"{name}: give numbers")
        out[param] = _check(problem, name, spec, value, out)
    return out


def _set_dim(problem: Problem, dim, size: int, what: str, out: dict) -> None:
    if not 1 <= size <= MAX_DIM:
        raise OverrideError(f"{what}: sizes up to {MAX_DIM} are supported, got {size}")
    if isinstance(dim, str):
        if dim in out and int(out[dim]) != size:
            raise OverrideError(f"{what}: size {dim} = {size} conflicts with {dim} = {out[dim]} from another value")
        out[dim] = sp.Integer(size)
    elif dim != size:
        raise OverrideError(f"{what}: expected size {dim}, got {size}")


def _check(problem: Problem, name: str, spec, value, out: dict):
    if spec.int is not None or spec.choice is not None:
        if isinstance(value, sp.MatrixBase):
            raise OverrideError(f"{name}: expected a number, got a {value.rows}×{value.cols} matrix")
        if spec.int is not None and not value.is_Integer:
            raise OverrideError(f"{name}: expected a whole number, got {value}")
        if spec.int is not None and int(value) in spec.exclude:
            raise OverrideError(f"{name}: {value} is not allowed here")
        return value
    if not isinstance(value, sp.MatrixBase):
        raise OverrideError(f"{name}: expected a {'vector' if spec.matrix is None else 'matrix'}, got a number")
    if spec.matrix is None:  # vector or one-hot: a column (a row is turned)
        if min(value.shape) != 1:
            raise OverrideError(f"{name}: expected a vector, got a {value.rows}×{value.cols} matrix")
        value = value.reshape(len(value), 1)
        _set_dim(problem, spec.vector if spec.vector is not None else spec.onehot, value.rows, name, out)
        if spec.onehot is not None and sorted(value) != [0] * (value.rows - 1) + [1]:
            raise OverrideError(f"{name}: expected a one-hot vector (one 1, the rest 0)")
    else:
        _set_dim(problem, spec.matrix[0], value.rows, name, out)
        _set_dim(problem, spec.matrix[1], value.cols, name, out)
        if spec.symmetric and value != value.T:
            raise OverrideError(f"{name}: the matrix must be symmetric")
        if spec.full_rank and value.rank() < min(value.shape):
            raise OverrideError(f"{name}: the matrix must have full column rank")
    if spec.nonzero and any(v == 0 for v in value):
        raise OverrideError(f"{name}: entries must be nonzero")
    return value
