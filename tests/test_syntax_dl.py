"""The deep-learning functions of the answer syntax: relu, step, the entrywise product (⊙, .*,
hadamard), sum, mean, entrywise functions of vectors and a number added to each entry of a vector.

Tables: how an input is read, how it is judged against a key, which sizes are refused (with the
message), and the SymPy side that problem files use (derivatives, exact values, round trips).
"""

from __future__ import annotations

import pytest

from mathquiz.expression.limits import ParseError
from mathquiz.expression.parser import parse
from mathquiz.expression.printing import to_text, to_unicode
from mathquiz.expression.scope import Scope
from mathquiz.expression.shapes import ShapeError, infer
from mathquiz.judging.equivalence import CORRECT, INCORRECT, INVALID, Context, judge
from mathquiz.judging.symbolic import to_sympy
from mathquiz.judging.sympy_trees import from_sympy

C, W, N = CORRECT, INCORRECT, INVALID
VEC = {"z": (3, 1), "g": (3, 1), "W": (3, 2), "x": (2, 1), "G": (4, 3), "X": (4, 2)}

READ = [
    ("relu(x)", "relu(x)"),
    ("step(x)", "step(x)"),
    ("heaviside(x)", "step(x)"),
    ("a ⊙ b", "a .* b"),
    ("a∘b", "a .* b"),
    ("a .* b", "a .* b"),
    ("a.*b", "a .* b"),
    ("hadamard(a, b)", "a .* b"),
    ("a ⊙ b ⊙ c", "(a .* b) .* c"),  # from the left, like *
    ("2a ⊙ b", "(2*a) .* b"),  # as tight as a product
    ("a ⊙ b + c", "a .* b + c"),
    ("a ⊙ (b + c)", "a .* (b + c)"),
    ("a ⊙ b^2", "a .* b^2"),  # the power binds first
    ("a ⊙ b*c", "(a .* b)*c"),
    ("-(a ⊙ b)", "-(a .* b)"),
    ("sum(a)", "sum(a)"),
    ("mean(a)", "mean(a)"),
    ("[1, 2] .* [3, 4]", "[1, 2] .* [3, 4]"),
]


@pytest.mark.parametrize("text, canonical", READ)
def test_read_as(text, canonical):
    assert to_text(parse(text)) == canonical


@pytest.mark.parametrize("text, shown", [
    ("a ⊙ b", "a ⊙ b"),
    ("(v'h - y)(v ⊙ step(W x)) x'", "(vᵀ·h − y)·(v ⊙ step(W·x))·xᵀ"),
    ("c - a ⊙ b", "c − (a ⊙ b)"),
])
def test_the_entrywise_product_is_shown_as_on_paper(text, shown):
    assert to_unicode(parse(text)) == shown


@pytest.mark.parametrize("text", [t for t, _ in READ])
def test_the_text_form_reads_back_to_the_same_tree(text):
    tree = parse(text)
    assert parse(to_text(tree)) == tree


JUDGED = [
    # scalars
    ("relu(x)", "(x + abs(x))/2", "", C),
    ("relu(x)", "x", "", W),
    ("relu(x) - relu(-x)", "x", "", C),
    ("step(x)", "relu(x)/x", "", C),
    ("step(x)", "1", "", W),
    ("x*step(x)", "relu(x)", "", C),
    ("hadamard(x, y)", "x y", "", C),
    # vectors: entry by entry
    ("g ⊙ step(z)", "step(z) ⊙ g", "V", C),
    ("g ⊙ step(z)", "g .* step(z)", "V", C),
    ("g ⊙ step(z)", "hadamard(g, step(z))", "V", C),
    ("g ⊙ step(z)", "g", "V", W),
    ("g ⊙ step(z)", "diag(step(z)) g", "V", C),  # a diagonal matrix acts entry by entry
    ("sigma(z) ⊙ (1 - sigma(z))", "sigma(z) - sigma(z) ⊙ sigma(z)", "V", C),
    ("sigma(z) ⊙ (1 - sigma(z))", "sigma(z) ⊙ (1 - sigma(-z))", "V", W),
    ("sigma(z) ⊙ (1 - sigma(z))", "sigma(z) ⊙ sigma(-z)", "V", C),
    ("1 - tanh(z) ⊙ tanh(z)", "1 - tanh(z)^2", "V", W),  # a vector has no square: say ⊙
    ("z - 1", "-(1 - z)", "V", C),
    ("relu(z)", "z ⊙ step(z)", "V", C),
    ("relu(z)", "relu(-z)", "V", W),
    ("log(sigma(z))", "-log(1 + exp(-z))", "V", C),
    ("W^T (g ⊙ step(z))", "W' (step(z) .* g)", "V", C),
    ("W^T (g ⊙ step(z))", "W' g ⊙ step(z)", "V", W),  # W'g is 2×1, step(z) is 3×1
    # sum and mean
    ("sum(z)", "[1 1 1] z", "V", C),
    ("sum(z)", "z'z", "V", W),
    ("mean(z)", "sum(z)/3", "V", C),
    ("mean(z)", "sum(z)", "V", W),
    ("sum(G)", "[1 1 1 1] G [1; 1; 1]", "V", C),
    ("sum(z ⊙ g)", "z'g", "V", C),
    ("X^T G", "transpose(G^T X)", "V", C),
]


@pytest.mark.parametrize("expected, given, shapes, status", JUDGED, ids=[f"{e} | {g}" for e, g, *_ in JUDGED])
def test_judged(expected, given, shapes, status):
    sizes = VEC if shapes else {}
    key = parse(expected, Scope(variables=sizes))
    verdict = judge(key, given, Scope(variables=sizes) if sizes else None, Context(shapes=sizes))
    assert verdict.status == status, verdict.reason


SHAPE_ERRORS = [
    ("z ⊙ x", "the entrywise product ⊙ needs equal sizes, got 3×1 and 2×1"),
    ("z ⊙ 2", "the entrywise product ⊙ needs equal sizes, got 3×1 and scalar"),
    ("z ⊙ I", "the size of I is not known here"),
    ("sum(I)", "the size of I is not known here"),
    ("W - 1", "cannot subtract a 3×2 matrix and a scalar"),  # only a vector takes a number entrywise
    ("relu(I)", "relu of the identity matrix is not defined here"),
    ("tanh(z)^2", "a 3×1 vector has no powers: square each entry with ⊙ (z ⊙ z), or write ^T"),
]


@pytest.mark.parametrize("text, message", SHAPE_ERRORS)
def test_shape_errors(text, message):
    with pytest.raises(ShapeError) as info:
        infer(parse(text, Scope(variables=VEC)), VEC)
    assert message in info.value.message


SHAPES = [
    ("relu(W)", (3, 2)),
    ("step(z) ⊙ g", (3, 1)),
    ("1 - sigma(z)", (3, 1)),
    ("sigma(z)' - 1", (1, 3)),
    ("sum(W)", None),
    ("mean(z)", None),
    ("X^T G", (2, 3)),
]


@pytest.mark.parametrize("text, shape", SHAPES)
def test_shapes(text, shape):
    assert infer(parse(text, Scope(variables=VEC)), VEC) == shape


@pytest.mark.parametrize("text", ["⊙ x", ".* x", "x ⊙", "hadamard(x)", "relu(x, y)", "sum()"])
def test_unreadable(text):
    with pytest.raises(ParseError):
        parse(text)


AUTHOR = Scope(author=True)
SYMBOLIC = [
    ("diff(relu(x), x)", "step(x)"),
    ("diff(step(x), x)", "0"),
    ("relu(-2)", "0"),
    ("relu(3/2)", "3/2"),
    ("step(0)", "0"),  # relu'(0) = 0, as deep-learning libraries take it
    ("step(1/2)", "1"),
    ("hadamard([1, 2], [3, -4])", "[3, -8]"),
    ("sum([1, 2, 3])", "6"),
    ("mean([1, 2, 4])", "7/3"),
    ("1 - [1, 2]", "[0, -1]"),
    ("[[1, 2]] - 1", "[[0, 1]]"),
    ("relu([1, -2])", "[1, 0]"),
    ("step([3, -1])", "[1, 0]"),
    ("relu(x) + step(x)", "relu(x) + step(x)"),
    ("numeric(relu(-sqrt(2)))", "0"),
]


@pytest.mark.parametrize("text, result", SYMBOLIC)
def test_symbolic(text, result):
    assert to_text(from_sympy(to_sympy(parse(text, AUTHOR)))) == result


def test_the_entrywise_product_in_latex():
    from mathquiz.expression.printing import to_latex

    assert to_latex(parse("(a + b) ⊙ step(z)")) == r"\left(a + b\right) \odot \operatorname{step}\left(z\right)"


@pytest.mark.parametrize("text, shape", [("relu(W x)", (3, 1)), ("hadamard(z, step(z)) x'", (3, 2)),
                                         ("sigma(W)", (3, 2))])
def test_entrywise_functions_keep_the_shape_of_a_symbolic_matrix(text, shape):
    value = to_sympy(parse(text, Scope(variables=VEC)), shapes=VEC)
    assert value.shape == shape
