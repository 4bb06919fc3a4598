"""The expression tree shared by the parser, the evaluators and the printers.

Answers and problem files are parsed into these nodes; nothing is ever handed to `eval` or
`sympify`. Each node remembers the span of source text it came from, for error carets.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

Span = tuple[int, int]

#: Functions a student may type: name -> number of arguments.
FUNCTIONS: dict[str, int] = {
    "exp": 1, "log": 1, "ln": 1, "sqrt": 1, "abs": 1,
    "sin": 1, "cos": 1, "tan": 1, "sinh": 1, "cosh": 1, "tanh": 1, "sech": 1,
    "asin": 1, "acos": 1, "atan": 1,
    "sec": 1, "csc": 1, "cot": 1, "csch": 1, "coth": 1, "asinh": 1, "acosh": 1, "atanh": 1,
    "sign": 1, "floor": 1, "ceil": 1, "min": 1, "max": 1, "atan2": 2,
    "sigma": 1, "softmax": 1, "norm": 1,
    "diag": 1, "trace": 1, "det": 1, "inv": 1, "transpose": 1,
    "relu": 1, "step": 1, "hadamard": 2, "sum": 1, "mean": 1,
}  # fmt: skip

#: Other spellings a person uses for the same function.
FUNCTION_ALIASES: dict[str, str] = {
    "arcsin": "asin", "arccos": "acos", "arctan": "atan", "sigmoid": "sigma",
    "ln": "log", "tr": "trace", "heaviside": "step",
    "cosec": "csc", "cotan": "cot", "arcsinh": "asinh", "arccosh": "acosh", "arctanh": "atanh",
    "arsinh": "asinh", "arcosh": "acosh", "artanh": "atanh", "sgn": "sign", "ceiling": "ceil",
    "Abs": "abs", "Max": "max", "Min": "min", "Sign": "sign", "arctan2": "atan2",
}  # fmt: skip

#: Functions that take a range of arguments (min and max: any number, or one vector).
FUNCTION_ARITIES: dict[str, tuple[int, int]] = {"min": (1, 100), "max": (1, 100)}

#: Functions only problem files may use (symbolic work done while drawing an instance).
AUTHOR_FUNCTIONS: dict[str, tuple[int, int]] = {
    "diff": (2, 2), "gradient": (2, 2), "jacobian": (2, 2), "divergence": (2, 2),
    "simplify": (1, 1), "expand": (1, 1), "factor": (1, 1), "subs": (3, 3),
    "solve": (2, 2), "lstsq": (2, 2), "numpy_lstsq": (2, 2), "outer": (2, 2), "dot": (2, 2),
    "entry": (2, 3), "rows": (1, 1), "cols": (1, 1), "numeric": (1, 1),
}  # fmt: skip

#: Operations a problem that declares an entry-wise reading reads entry by entry when their matrix
#: meaning is undefined (expression.notation): the tree's function, and the operation as typed.
ENTRYWISE = {"entrywise /": "/", "entrywise ^": "^", "entrywise max": "max", "entrywise min": "min"}

CONSTANTS = ("e", "pi", "I")

GREEK = (
    "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron rho "
    "tau upsilon phi chi psi omega"
).split()


@dataclass(frozen=True)
class Node:
    span: Span = field(default=(0, 0), compare=False, kw_only=True)


@dataclass(frozen=True)
class Num(Node):
    value: Fraction
    decimal: bool = False  # typed with a point or exponent: shown as a decimal


@dataclass(frozen=True)
class Name(Node):
    name: str


@dataclass(frozen=True)
class Const(Node):
    name: str  # one of CONSTANTS


@dataclass(frozen=True)
class Neg(Node):
    arg: Node


@dataclass(frozen=True)
class BinOp(Node):
    op: str  # + - * / ^ @
    left: Node
    right: Node


@dataclass(frozen=True)
class Call(Node):
    fn: str
    args: tuple[Node, ...]


@dataclass(frozen=True)
class Transpose(Node):
    arg: Node


@dataclass(frozen=True)
class Mat(Node):
    rows: tuple[tuple[Node, ...], ...]

    @property
    def shape(self) -> tuple[int, int]:
        return len(self.rows), len(self.rows[0])


def _remember_hash(cls) -> None:
    """A tree is hashed each time it keys a remembered verdict (a key against every mistake):
    its hash, computed by recursion over the whole tree, is kept on the node once known."""
    computed = cls.__hash__

    def __hash__(self, computed=computed):
        h = self.__dict__.get("_hash")
        if h is None:
            h = self.__dict__["_hash"] = computed(self)
        return h

    cls.__hash__ = __hash__


def _state(self) -> dict:
    # string hashes differ between processes: a copied or pickled tree computes its own
    return {k: v for k, v in self.__dict__.items() if k != "_hash"}


Node.__getstate__ = _state
for _cls in (Num, Name, Const, Neg, BinOp, Call, Transpose, Mat):
    _remember_hash(_cls)


def walk(node: Node):
    """Yield every node of the tree, parents before children."""
    stack = [node]
    while stack:
        n = stack.pop()
        yield n
        stack.extend(reversed(children(n)))


def children(node: Node) -> tuple[Node, ...]:
    if isinstance(node, Neg | Transpose):
        return (node.arg,)
    if isinstance(node, BinOp):
        return (node.left, node.right)
    if isinstance(node, Call):
        return node.args
    if isinstance(node, Mat):
        return tuple(x for row in node.rows for x in row)
    return ()


def free_names(node: Node) -> set[str]:
    """Names of variables the expression mentions."""
    return {n.name for n in walk(node) if isinstance(n, Name)}


def column(values) -> Mat:
    """A column vector of the given nodes."""
    return Mat(tuple((v,) for v in values))


def fold(node: Node, combine):
    """`combine(n, results of n's children)` bottom-up, without recursion: a tree as deep as the
    parser allows (a 300-term sum, 500 transposes) needs no more Python stack than a leaf."""
    done: dict[int, object] = {}
    stack = [(node, False)]
    while stack:
        n, expanded = stack.pop()
        if id(n) in done:
            continue
        kids = children(n)
        if expanded or not kids:
            done[id(n)] = combine(n, [done[id(k)] for k in kids])
        else:
            stack.append((n, True))
            stack.extend((k, False) for k in reversed(kids) if id(k) not in done)
    return done[id(node)]
