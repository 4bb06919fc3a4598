"""Notation as people write it on paper, read the way they mean it once shapes are known.

Habits a shape-strict reading would punish although the mathematics is right:
- `[a, b]ᵀ` for a column: on paper the ᵀ says "this list is a column". A whole answer that is a list
  with a transpose mark is read as the column it denotes when a column is asked; inside a larger
  expression the mark transposes as usual (`[x₁, x₂]ᵀ M [x₁, x₂]` is xᵀMx).
- `u·v` of two column vectors of one length: their dot product uᵀv (shown so in "read as"), where a
  matrix product of two columns could not mean anything.
- Where the statement says functions act entry by entry (a declared `entrywise` reading): `max(0, Wx)`,
  `1/(1 + e^(−Xw))`, `tanh(z)²` of a vector act on each entry, where their matrix meaning is
  undefined (a number over a vector, a vector as a power or raised to one); a square matrix's power
  stays one, and arrays of different shapes stay a shape error. Elsewhere they are shape errors, as typed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from mathquiz.expression.expr import ENTRYWISE, BinOp, Call, Mat, Neg, Node, Transpose, children, fold, walk
from mathquiz.expression.printing import to_unicode
from mathquiz.expression.shapes import IDENTITY, Shape, ShapeError, infer

_READ_ENTRYWISE = {op: fn for fn, op in ENTRYWISE.items()}  # "/" -> "entrywise /"


def as_written(given: Node, shapes: Mapping[str, Shape], want: Shape | str = "any", entrywise: bool = False) -> Node:
    """`given` with the paper habits above read as meant (the same tree when none applies).

    `want` is the shape asked for ("any" when nothing is asked: only dot products are read);
    `entrywise`: the statement says functions act entry by entry."""
    return _paper_column(_read(given, shapes, entrywise), want)


def read_as(given: Node) -> str:
    """How an answer was read, in one line: the entry-wise reading said so."""
    entrywise = any(isinstance(n, Call) and n.fn in ENTRYWISE for n in walk(given))
    return to_unicode(given) + (", entry by entry" if entrywise else "")


def _paper_column(given: Node, want: Shape | str) -> Node:
    if not (isinstance(given, Transpose) and isinstance(given.arg, Mat)):
        return given
    rows, cols = given.arg.shape
    return given.arg if cols == 1 and rows > 1 and want == (rows, 1) else given


def _column(shape: Shape) -> bool:
    return shape is not None and shape != IDENTITY and shape[1] == 1 and shape[0] > 1


def _read(given: Node, shapes: Mapping[str, Shape], entrywise: bool) -> Node:
    """Each product of two columns of one length becomes uᵀ·v and, `entrywise`, each operation
    `_by_entry` accepts its entry-wise call (expr.ENTRYWISE), bottom-up in one pass, so each reading
    sees the pieces the other made (x·x/W: (xᵀx)/W, a number over a matrix). A shape error leaves
    the piece as typed, so the comparison reports it with the student's own text."""
    ops = "*/^" if entrywise else "*"

    def combine(n: Node, kids: list[Node]) -> Node:
        if isinstance(n, BinOp) and n.op == "*":
            left, right = kids
            try:
                a, b = infer(left, shapes), infer(right, shapes)
            except ShapeError:
                a = b = None
            if _column(a) and a == b:
                return BinOp("*", Transpose(left, span=left.span), right, span=n.span)
        op = n.op if isinstance(n, BinOp) else n.fn if isinstance(n, Call) and len(n.args) > 1 else None
        if entrywise and op in _READ_ENTRYWISE and _by_entry(op, kids, shapes):
            return Call(_READ_ENTRYWISE[op], tuple(kids), span=n.span)
        if all(k is c for k, c in zip(kids, children(n), strict=True)):
            return n
        return _rebuilt(n, kids)

    if not any(isinstance(n, BinOp) and n.op in ops or entrywise and isinstance(n, Call) and n.fn in _READ_ENTRYWISE
               for n in walk(given)):
        return given
    return fold(given, combine)


def _by_entry(op: str, args: list[Node], shapes: Mapping[str, Shape]) -> bool:
    """Whether `op` of these arguments is undefined for matrices and defined entry by entry."""
    try:
        found = [infer(a, shapes) for a in args]
    except ShapeError:  # left as typed: the comparison reports it with the student's own text
        return False
    arrays = {s for s in found if s is not None}
    if len(arrays) != 1 or IDENTITY in arrays:
        return False
    if op == "/":
        return found[1] is not None  # v/2 is a vector over a number
    if op == "^" and found[1] is None:
        return found[0][0] != found[0][1]  # a square matrix's power is the matrix power
    return True


def _rebuilt(n: Node, kids: list[Node]) -> Node:
    """`n` with new children (same node type, same span)."""
    if isinstance(n, Neg | Transpose):
        return replace(n, arg=kids[0])
    if isinstance(n, BinOp):
        return replace(n, left=kids[0], right=kids[1])
    if isinstance(n, Call):
        return replace(n, args=tuple(kids))
    if isinstance(n, Mat):
        cols = n.shape[1]
        return replace(n, rows=tuple(tuple(kids[k:k + cols]) for k in range(0, len(kids), cols)))
    return n
