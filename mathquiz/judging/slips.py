"""Mistakes by rule: the slips students make, generated from a key by rewriting its tree.

A slip is a tree that differs from the key by one classic mistake (a transpose dropped, the
operands of a matrix product swapped, a factor 2 or 1/N lost, a sign or a term, a mean for a sum,
N − 1 for N, …) and the words that tell a student which mistake it is without giving the answer.
Only slips of the key's shape are kept here; whether a slip differs from the key in general, and
on a drawn instance, is the caller's to compare (`problem.generated`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from mathquiz.expression.expr import BinOp, Call, Mat, Name, Neg, Node, Num, Transpose, children, walk
from mathquiz.expression.printing import to_unicode
from mathquiz.expression.shapes import ShapeError, infer

MAX_SLIPS = 40  # per key: the rules below rarely give more; a huge key must not cost a second per draw
MAX_NODES = 120  # a key larger than this gets only the rules on the whole key

#: Every rule a part may exclude (`slips: {exclude: {rule: reason}}`), with what a student is told.
RULES: dict[str, str] = {
    "transpose-dropped": "a transpose is missing",
    "transpose-added": "there is a transpose too many",
    "product-swapped": "the product is in the other order: matrix products do not commute",
    "factor-dropped": "a constant factor is missing",
    "factor-doubled": "off by a factor of 2",
    "sign-flipped": "the sign is flipped",
    "term-sign": "the sign of one term is flipped",
    "term-dropped": "a term is missing",
    "one-sided-clip": "clipped on one side only: both tails are clipped",
    "mean-sum": "a sum and a mean are mixed up: check the 1/N",
    "n-minus-one": "N and N − 1 are mixed up",
    "inverse-transpose": "the inverse and its transpose are mixed up",
    "square": "that is the square of the quantity asked",
    "square-root": "that is the square root of the quantity asked",
    "square-dropped": "a square is missing",
    "reciprocal": "a quantity appears as its reciprocal",
    "swapped-names": "two quantities of the same kind are mixed up",
    "off-by-one": "off by one",
    "arguments-swapped": "the two arguments are the other way round: KL(p‖q) is not KL(q‖p)",
}

_CLIPS = ("relu", "max", "min")


@dataclass(frozen=True)
class Names:
    """What the names of a key are: answer variables, and the drawn constants by kind."""

    shapes: Mapping[str, tuple[int, int] | None]  # every name of the key (None: a scalar)
    variables: frozenset[str] = frozenset()  # names an answer is written in (the rest are drawn)
    integers: frozenset[str] = frozenset()  # counts, taken for N − 1 (N ↔ N − 1)
    quantities: frozenset[str] = frozenset()  # scalars a student may take for their reciprocal (a rate, a size)
    groups: tuple[frozenset[str], ...] = field(default=())  # constants of the same kind, mixed up together
    integer_key: bool = False  # the key is a whole number: off by one is a slip
    # a value's formula (a number, vector or matrix part): its terms are drawn numbers, often 0 or
    # equal, so only the rules a student makes on the formula as a whole and on its named quantities
    value: bool = False
    labels: Mapping[str, str] = field(default_factory=dict)  # how a drawn name is shown to a student (X0 → X)


@dataclass(frozen=True)
class Slip:
    """One generated wrong answer: the rule, its tree, what a student who gives it is told."""

    rule: str
    tree: Node
    message: str


def generate(key: Node, names: Names, exclude: frozenset[str] = frozenset()) -> list[Slip]:
    """The key's slips of the key's shape, without duplicates or the key itself, at most MAX_SLIPS."""
    try:
        want = infer(key, names.shapes)
    except ShapeError:
        return []
    small = sum(1 for _ in walk(key)) <= MAX_NODES
    found = list(_whole(key, want, names))
    if small:
        found += _everywhere(key, names)
        found += _global(key, names)
    seen, out = {key}, []
    for rule, tree, message in found:
        if rule in exclude or tree in seen:
            continue
        seen.add(tree)
        try:
            if infer(tree, names.shapes) != want:
                continue
        except (ShapeError, RecursionError):
            continue
        out.append(Slip(rule, tree, message))
        if len(out) >= MAX_SLIPS:
            break
    return out


def _whole(key: Node, shape, names: Names) -> Iterator[tuple[str, Node, str]]:
    yield "sign-flipped", Neg(key), RULES["sign-flipped"]
    yield "factor-doubled", BinOp("*", Num(2), key), RULES["factor-doubled"]
    yield "factor-doubled", BinOp("/", key, Num(2)), RULES["factor-doubled"]
    if shape is None:
        yield "square", BinOp("^", key, Num(2)), RULES["square"]
        yield "square-root", Call("sqrt", (key,)), RULES["square-root"]
        if names.integer_key:
            yield "off-by-one", BinOp("+", key, Num(1)), RULES["off-by-one"]
            yield "off-by-one", BinOp("-", key, Num(1)), RULES["off-by-one"]


def _everywhere(node: Node, names: Names) -> Iterator[tuple[str, Node, str]]:
    """Each local rewrite at each place of the tree, with the rest of the tree kept."""
    yield from _local(node, names)
    for i, child in enumerate(children(node)):
        for rule, new, message in _everywhere(child, names):
            yield rule, _with_child(node, i, new), message


def _with_child(node: Node, i: int, new: Node) -> Node:
    if isinstance(node, Neg | Transpose):
        return type(node)(new)
    if isinstance(node, BinOp):
        return BinOp(node.op, new, node.right) if i == 0 else BinOp(node.op, node.left, new)
    if isinstance(node, Call):
        return Call(node.fn, node.args[:i] + (new,) + node.args[i + 1:])
    cols = len(node.rows[0])
    rows = [list(r) for r in node.rows]
    rows[i // cols][i % cols] = new
    return Mat(tuple(tuple(r) for r in rows))


def _shape(node: Node, names: Names):
    try:
        return infer(node, names.shapes)
    except (ShapeError, RecursionError):
        return "ill"


def _constant(node: Node, names: Names) -> bool:
    """A scalar factor that holds no answer variable (a number or drawn constants)."""
    return (not any(isinstance(n, Name) and n.name in names.variables for n in walk(node))
            and _shape(node, names) is None)


def _unit(node: Node) -> bool:
    return isinstance(node, Num) and node.value in (0, 1) or isinstance(node, Neg) and _unit(node.arg)


def _named(factor: Node, names: Names) -> bool:
    """A factor a student can lose: a number, or made of numbers and named quantities (N, not a
    drawn helper value that happens to be 1)."""
    return all(not isinstance(n, Name) or n.name in names.quantities for n in walk(factor))


def _factor_message(factor: Node, divided: bool, names: Names) -> str:
    if any(isinstance(n, Name) and n.name not in names.labels for n in walk(factor)):
        return RULES["factor-dropped"]  # a helper name the student never saw
    shown = to_unicode(_rename(factor, {k: Name(v) for k, v in names.labels.items()}))
    if not divided and isinstance(factor, Num) and factor.value == 2:
        return "off by a factor of 2"
    if divided:
        shown = f"1/{shown}" if isinstance(factor, Name | Num) else f"1/({shown})"
    return f"a factor {shown} is missing"


def _clip(node: Node) -> bool:
    return any(isinstance(n, Call) and n.fn in _CLIPS for n in walk(node))


def _local(n: Node, names: Names) -> Iterator[tuple[str, Node, str]]:
    if isinstance(n, Transpose):
        yield "transpose-dropped", n.arg, RULES["transpose-dropped"]
        if isinstance(n.arg, Call) and n.arg.fn == "inv":
            yield "inverse-transpose", n.arg, RULES["inverse-transpose"]
    elif isinstance(n, Name) and names.shapes.get(n.name) is not None:
        yield "transpose-added", Transpose(n), RULES["transpose-added"]
    elif isinstance(n, Name) and n.name in names.integers:
        yield "n-minus-one", BinOp("-", n, Num(1)), RULES["n-minus-one"]
    if isinstance(n, Call) and n.fn == "inv":
        yield "inverse-transpose", Transpose(n), RULES["inverse-transpose"]
    if isinstance(n, Call) and n.fn in ("mean", "sum"):
        yield "mean-sum", Call("sum" if n.fn == "mean" else "mean", n.args), RULES["mean-sum"]
    if isinstance(n, Call) and n.fn == "sqrt":
        yield "square-root", n.args[0], "a square root is missing"
    if isinstance(n, Call) and n.fn in ("min", "max") and len(n.args) == 2:
        for inner, other in ((n.args[0], n.args[1]), (n.args[1], n.args[0])):
            if isinstance(inner, Call) and inner.fn in ("min", "max") and inner.fn != n.fn:
                yield "one-sided-clip", inner, RULES["one-sided-clip"]
                yield "one-sided-clip", Call(n.fn, (inner.args[0], other)), RULES["one-sided-clip"]
    if isinstance(n, Neg) and not _unit(n.arg) and not names.value:
        yield "term-sign", n.arg, RULES["term-sign"]
    if not isinstance(n, BinOp):
        return
    a, b = n.left, n.right
    if n.op in ("*", "@"):
        sa, sb = _shape(n.left, names), _shape(n.right, names)
        if sa not in (None, "ill") and sb not in (None, "ill"):
            yield "product-swapped", BinOp(n.op, b, a), RULES["product-swapped"]
        for factor, rest in ((a, b), (b, a)):
            if not _unit(factor) and _constant(factor, names) and _named(factor, names):
                yield "factor-dropped", rest, _factor_message(factor, False, names)
    elif n.op == "/" and not _unit(b) and _constant(b, names) and _named(b, names):
        yield "factor-dropped", a, _factor_message(b, True, names)
        if isinstance(b, Name) and b.name in names.integers:
            yield "n-minus-one", BinOp("/", a, BinOp("-", b, Num(1))), RULES["n-minus-one"]
    elif n.op == "^" and isinstance(b, Num) and b.value == 2:
        yield "square-dropped", a, RULES["square-dropped"]
    elif n.op in ("+", "-"):
        if not names.value:
            yield "term-sign", BinOp("-" if n.op == "+" else "+", a, b), RULES["term-sign"]
        for kept, dropped in ((a, b), (b, a)):
            kept = Neg(kept) if n.op == "-" and kept is b else kept
            if _clip(dropped):
                yield "one-sided-clip", kept, RULES["one-sided-clip"]
            elif not names.value:
                yield "term-dropped", kept, RULES["term-dropped"]
        if isinstance(b, Num) and b.value == 1 and isinstance(a, Name) and a.name in names.integers:
            yield "n-minus-one", a, RULES["n-minus-one"]


def _global(key: Node, names: Names) -> Iterator[tuple[str, Node, str]]:
    """Rules that change a name wherever it appears: its reciprocal, another of its kind."""
    used = {n.name for n in walk(key) if isinstance(n, Name)}
    for name in sorted(used & names.quantities):
        if names.shapes.get(name) is None:
            yield "reciprocal", _rename(key, {name: BinOp("/", Num(1), Name(name))}), RULES["reciprocal"]
    known = names.quantities | names.variables
    pairs = {n: n[:-1] + "2" for n in used & known if n.endswith("1") and n[:-1] + "2" in known}
    if pairs:  # p1, q1 ↔ p2, q2 at once: the arguments of KL(p‖q), the two steps of an optimizer
        swap = {**{a: Name(b) for a, b in pairs.items()}, **{b: Name(a) for a, b in pairs.items()}}
        yield "arguments-swapped", _rename(key, swap), RULES["arguments-swapped"]
    for group in names.groups:
        for name in sorted(used & group):
            for other in sorted(group - {name}):
                if names.shapes.get(name) != names.shapes.get(other):
                    continue
                known = name in names.labels and other in names.labels
                message = f"{names.labels.get(other)} and {names.labels.get(name)} are mixed up" if known \
                    else RULES["swapped-names"]
                yield "swapped-names", _rename(key, {name: Name(other)}), message
                if other in used and name < other:
                    yield "swapped-names", _rename(key, {name: Name(other), other: Name(name)}), message


def _rename(node: Node, to: dict[str, Node]) -> Node:
    if isinstance(node, Name):
        return to.get(node.name, node)
    kids = children(node)
    if not kids:
        return node
    new = node
    for i, child in enumerate(kids):
        changed = _rename(child, to)
        if changed is not child:
            new = _with_child(new, i, changed)
    return new
