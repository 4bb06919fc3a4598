"""The grader: a table of judgements (equivalent and not, scalar and matrix, the subtle ones),
then the behaviours around it: counterexamples, reveal, shapes, the time box, domains, parameters.

Each table row is (expected, typed answer, shapes, verdict, a piece of the reason or None).
"""

from __future__ import annotations

import re
import time

import mpmath
import numpy as np
import pytest

from mathquiz.expression.limits import ParseError
from mathquiz.expression.parser import parse
from mathquiz.expression.scope import Scope
from mathquiz.judging.equivalence import (
    CORRECT,
    INCORRECT,
    INVALID,
    UNDECIDED,
    AuthorError,
    Context,
    Domain,
    Settings,
    compare,
    judge,
)

C, W, N, U = CORRECT, INCORRECT, INVALID, UNDECIDED
SHAPES = {
    "": {},
    "M": {"A": (3, 2), "x": (2, 1), "b": (3, 1)},
    "Q": {"A": (2, 2), "B": (2, 2)},
    "Q3": {"A": (3, 3), "B": (3, 3)},
    "V": {"x": (3, 1), "y": (3, 1)},
    "R": {"A": (2, 3), "B": (3, 2)},
    "Z": {"z": (3, 1)},
    "S": {"S": (3, 3), "x": (3, 1)},
}
CASES = [
    # ---- the subtle scalar cases
    ("sqrt(x^2)", "abs(x)", "", C, None),
    ("sqrt(x^2)", "x", "", W, "not equivalent: at x = "),
    ("log(1/(1-x)) - 1", "-log(1-x) - 1", "", C, None),
    ("0", "1e-9*x", "", W, "not equivalent"),
    ("1000000*x", "1000001*x", "", W, "not equivalent"),
    ("1000000x", "1000000x + x/100", "", W, None),  # relative difference 1e-8
    # ---- algebra
    ("x^2 - 1", "(x+1)(x-1)", "", C, None),
    ("(x+1)^2", "x^2 + 2x + 1", "", C, None),
    ("(x+1)^2", "x^2 + 1", "", W, None),
    ("(x+y)^3", "x^3 + 3x^2 y + 3x y^2 + y^3", "", C, None),
    ("(a-b)(a+b)", "a^2 - b^2", "", C, None),
    ("2x", "x + x", "", C, None),
    ("x y", "y x", "", C, None),
    ("x - y", "y - x", "", W, None),
    ("x/2", "0.5x", "", C, None),
    ("x/3", "x*0.3333333333333333333", "", C, None),
    ("x/3", "0.333x", "", W, None),
    ("1/(1/x)", "x", "", C, None),
    ("x^2/x", "x", "", C, None),
    ("(x^2 - 1)/(x - 1)", "x + 1", "", C, None),
    ("1/x + 1/y", "(x + y)/(x y)", "", C, None),
    ("1/x + 1/y", "2/(x + y)", "", W, None),
    ("x^(1/2)", "sqrt(x)", "", C, None),
    ("x^(-1)", "1/x", "", C, None),
    ("x^-2", "1/x^2", "", C, None),
    ("x^2", "x*x*x", "", W, None),
    ("x^3", "x³", "", C, None),
    ("-x^2", "-(x^2)", "", C, None),
    ("-x^2", "(-x)^2", "", W, None),
    ("2^3^2", "512", "", C, None),
    ("2^3^2", "64", "", W, None),
    ("a/b/c", "a/(b c)", "", C, None),
    ("a/b/c", "a c/b", "", W, None),
    ("x - (y - z)", "x - y + z", "", C, None),
    ("x - y - z", "x - (y + z)", "", C, None),
    ("3x + 2", "2 + 3x", "", C, None),
    ("3x + 2", "3(x + 2)", "", W, None),
    ("(x+1)(x+2)", "x^2 + 3x + 2", "", C, None),
    ("x^2 + 3x + 2", "(x+1)(x+3)", "", W, None),
    ("x y z", "xyz", "", C, None),
    ("2 x y", "2xy", "", C, None),
    # ---- exponentials and logarithms
    ("exp(x + y)", "exp(x) exp(y)", "", C, None),
    ("exp(2x)", "exp(x)^2", "", C, None),
    ("exp(x)", "e^x", "", C, None),
    ("e^2", "exp(2)", "", C, None),
    ("exp(log(x))", "x", "", C, None),  # only x > 0 counts: log(x) is not real elsewhere
    ("log(exp(x))", "x", "", C, None),
    ("log(x)", "ln(x)", "", C, None),
    ("log(x^2)", "2log(abs(x))", "", C, None),
    ("log(x^2)", "2log(x)", "", W, None),  # x < 0: not real, while the expected is
    ("log(x y)", "log(x) + log(y)", "", W, None),
    ("log(x/y)", "log(x) - log(y)", "", W, "not a real number"),  # x, y < 0: as real functions, yours is undefined
    ("log(x^3)", "3log(x)", "", C, None),
    ("log(1/x)", "-log(x)", "", C, None),
    ("log(2x)", "log(2) + log(x)", "", C, None),
    ("log(2x)", "2log(x)", "", W, None),
    ("exp(-x^2/2)/sqrt(2pi)", "e^(-x^2/2)/sqrt(2π)", "", C, None),
    ("exp(-x^2/2)/sqrt(2pi)", "exp(-x^2/2)/sqrt(2)", "", W, None),
    ("x^x", "exp(x log(x))", "", C, None),
    # ---- roots and absolute values
    ("sqrt(x^2 y^2)", "abs(x y)", "", C, None),
    ("sqrt(x^2 y^2)", "abs(x) abs(y)", "", C, None),
    ("sqrt(x^2 y^2)", "x y", "", W, None),
    ("sqrt(x) sqrt(y)", "sqrt(x y)", "", C, None),  # as real functions: only x, y > 0 are test points
    ("sqrt(x y)", "sqrt(x) sqrt(y)", "", W, None),  # x, y < 0: yours is negative
    ("(x^2)^(1/2)", "abs(x)", "", C, None),
    ("(x^2)^(1/2)", "x", "", W, None),
    ("abs(x)", "x", "", W, None),
    ("abs(x)", "sqrt(x^2)", "", C, None),
    ("abs(x - y)", "abs(y - x)", "", C, None),
    ("sqrt(4x^2)", "2abs(x)", "", C, None),
    ("1/sqrt(x)", "x^(-1/2)", "", C, None),
    # ---- trigonometry
    ("sin(x)^2 + cos(x)^2", "1", "", C, None),
    ("sin(2x)", "2sin(x)cos(x)", "", C, None),
    ("sin(2x)", "2sin(x)", "", W, None),
    ("cos(2x)", "1 - 2sin(x)^2", "", C, None),
    ("cos(2x)", "cos(x)^2 - sin(x)^2", "", C, None),
    ("tan(x)", "sin(x)/cos(x)", "", C, None),
    ("sin^2(x)", "sin(x)^2", "", C, None),
    ("sin^2(x)", "sin(x^2)", "", W, None),
    ("sin(x + pi)", "-sin(x)", "", C, None),
    ("cos(x - pi/2)", "sin(x)", "", C, None),
    ("asin(sin(x))", "x", "", W, None),  # 1.87 is outside [-π/2, π/2]
    ("acos(cos(x))", "abs(x)", "", C, None),
    ("atan(x) + atan(1/x)", "pi/2", "", W, None),  # -π/2 for x < 0
    ("pi/2", "asin(1)", "", C, None),
    ("pi/4", "atan(1)", "", C, None),
    ("arcsin(x)", "asin(x)", "", C, None),
    ("sin(x)", "sin(x°)", "", N, None),
    # ---- hyperbolic functions and the sigmoid
    ("tanh(x)", "(exp(2x) - 1)/(exp(2x) + 1)", "", C, None),
    ("tanh(x)", "2sigma(2x) - 1", "", C, None),
    ("tanh(x)", "sinh(x)/cosh(x)", "", C, None),
    ("sech(x)^2", "1 - tanh(x)^2", "", C, None),
    ("sech(x)", "1/cosh(x)", "", C, None),
    ("cosh(x)^2 - sinh(x)^2", "1", "", C, None),
    ("1/(1 + exp(-x))", "sigma(x)", "", C, None),
    ("sigma(x)", "sigmoid(x)", "", C, None),
    ("sigma(x)", "σ(x)", "", C, None),
    ("sigma(x)", "1 - sigma(-x)", "", C, None),
    ("sigma(x)(1 - sigma(x))", "exp(-x)/(1 + exp(-x))^2", "", C, None),
    ("sigma(x)(1 - sigma(x))", "sigma(x)^2", "", W, None),
    ("sigma(x)(1 - sigma(x))", "sigma(x)(1 - sigma(-x))", "", W, None),
    ("log(sigma(x))", "-log(1 + exp(-x))", "", C, None),
    ("1 - tanh(x)^2", "1 - tanh(x^2)", "", W, None),
    # ---- subscripted names
    ("s_i(delta_ij - s_j)", "s_i delta_ij - s_i s_j", "", C, None),
    ("s_i(δ_ij - s_j)", "s_i(delta_ij - s_j)", "", C, None),
    ("s_i(delta_ij - s_j)", "s_j(delta_ij - s_i)", "", W, None),
    ("x_1 + x_2", "x_2 + x_1", "", C, None),
    ("x_1 + x_2", "x1 + x2", "", W, "your answer uses x1, x2"),
    ("sigma_x^2", "sigma_x sigma_x", "", C, None),
    # ---- numbers typed exact or as decimals
    ("1/2", "0.5", "", C, None),
    ("0.5", "1/2", "", C, None),
    ("1/3", "0.3333333333", "", C, None),
    ("1/3", "0.333", "", W, "not the expected value"),
    ("2/3", "0.6666666667", "", C, None),
    ("sqrt(2)", "1.4142135624", "", C, None),
    ("sqrt(2)", "1.41421", "", W, None),
    ("pi", "3.141592653589793", "", C, None),
    ("pi", "3.14159", "", W, None),
    ("e", "2.718281828459045", "", C, None),
    ("1e-3", "0.001", "", C, None),
    ("1e-3", "1/1000", "", C, None),
    ("2.5E4", "25000", "", C, None),
    ("2e", "2*e", "", C, None),
    ("2e", "2", "", W, None),
    ("0", "0.0", "", C, None),
    ("0", "x - x", "", C, None),
    ("7", "7.000000000001", "", C, None),
    ("7", "7.0001", "", W, None),
    ("-3", "−3", "", C, None),
    ("12", "3*4", "", C, None),
    # ---- vectors and matrices: shape first, then entries
    ("[1, 2, 3]", "[1, 2, 3]", "", C, None),
    ("[1, 2, 3]", "[1; 2; 3]", "", C, None),
    ("[1, 2, 3]", "[1 2 3]'", "", C, None),
    ("[1, 2, 3]", "[1 2 3]", "", W, "expected 3×1, got 1×3 (the transpose of what is asked)"),
    ("[1, 2, 3]", "[1, 2]", "", W, "expected 3×1, got 2×1"),
    ("[1, 2, 3]", "[1, 2, 4]", "", W, "entry 3 is wrong"),
    ("[1, 2, 3]", "[3, 2, 1]", "", W, "entries 1, 3 are wrong"),
    ("[1, 2, 3]", "6", "", W, "expected 3×1, got scalar"),
    ("[[1, 2], [3, 4]]", "[1 2; 3 4]", "", C, None),
    ("[[1, 2], [3, 4]]", "[1 2; 3 5]", "", W, "entry (2, 2) is wrong"),
    ("[[1, 2], [3, 4]]", "[1 3; 2 4]", "", W, "entries (1, 2), (2, 1) are wrong"),
    ("[[1, 2], [3, 4]]", "[1 3; 2 4]'", "", C, None),
    ("[[1, 2, 3]]", "[1 2 3]", "", C, None),
    ("[x, x^2]", "[x, x*x]", "", C, None),
    ("[x, x^2]", "[x, 2x]", "", W, "entry 2 differs at x = "),
    ("[x, y]", "[y, x]", "", W, "entries 1, 2 differ at x = "),
    ("[2x, 1]", "[x + x, 1.0]", "", C, None),
    ("[1 2; 3 4]", "[1 2; 3 4] + 0", "", W, "cannot add a 2×2 matrix and a scalar"),
    ("[1, 2]", "[1 2] ", "", W, "expected 2×1, got 1×2"),
    ("[[1]]", "1", "", C, None),  # a 1×1 result is a scalar
    ("[1 2] [3; 4]", "11", "", C, None),
    ("[1 2] [3; 4]", "10", "", W, None),
    # ---- matrix expressions over declared shapes
    ("2A^T(Ax-b)", "2A'A x - 2A'b", "M", C, None),
    ("2A^T(Ax-b)", "2Aᵀ(A x - b)", "M", C, None),
    ("2A^T(Ax-b)", "2 transpose(A) (A x - b)", "M", C, None),
    ("2A^T(Ax-b)", "2A.T@(A@x - b)", "M", C, None),
    ("2A^T(Ax-b)", "2A(Ax-b)", "M", W, "2A(Ax-b): cannot multiply 3×2 by 3×1"),
    ("2A^T(Ax-b)", "A(Ax-b)", "M", W, "A(Ax-b): cannot multiply 3×2 by 3×1"),
    ("2A^T(Ax-b)", "A'(Ax-b)", "M", W, "differ for random matrices"),
    ("2A^T(Ax-b)", "2(Ax-b)'A", "M", W, "expected 2×1, got 1×2 (the transpose of what is asked)"),
    ("2A^T(Ax-b)", "2A'Ax - 2b'A", "M", W, "cannot subtract a 2×1 matrix and a 1×2 matrix"),
    ("(Ax-b)'(Ax-b)", "norm(Ax-b)^2", "M", C, None),
    ("(Ax-b)'(Ax-b)", "x'A'Ax - 2b'Ax + b'b", "M", C, None),
    ("(Ax-b)'(Ax-b)", "x'A'Ax - b'Ax + b'b", "M", W, "not equivalent: for random matrices yours is"),
    ("A B", "B A", "Q", W, "differ for random matrices"),
    ("A B", "A @ B", "Q", C, None),
    ("(A B)'", "B' A'", "Q", C, None),
    ("(A B)'", "A' B'", "Q", W, None),
    ("(A + B)^2", "A^2 + A B + B A + B^2", "Q", C, None),
    ("(A + B)^2", "A^2 + 2A B + B^2", "Q", W, None),
    ("A^2", "A A", "Q", C, None),
    ("A^3", "A A A", "Q", C, None),
    ("inv(A)", "A^-1", "Q", C, None),
    ("inv(A B)", "inv(B) inv(A)", "Q", C, None),
    ("inv(A B)", "inv(A) inv(B)", "Q", W, None),
    ("inv(A')", "inv(A)'", "Q", C, None),
    ("det(A B)", "det(A) det(B)", "Q", C, None),
    ("det(A')", "det(A)", "Q", C, None),
    ("det(2A)", "2det(A)", "Q", W, None),
    ("det(2A)", "4det(A)", "Q", C, None),
    ("trace(A B)", "trace(B A)", "Q", C, None),
    ("trace(A + B)", "trace(A) + trace(B)", "Q", C, None),
    ("trace(A')", "trace(A)", "Q", C, None),
    ("A + B", "B + A", "Q", C, None),
    ("A - B", "B - A", "Q", W, None),
    ("A + I", "I + A", "Q", C, None),
    ("A + I", "A + I^2", "Q", C, None),
    ("A + 2I", "A + I + I", "Q", C, None),
    ("A I", "A", "Q", C, None),
    ("2A", "[2] A", "Q", C, None),  # a 1×1 matrix is a scalar, also in a product
    ("(x'x) S", "x'x S", "S", C, None),  # x'x is a number: it scales S
    ("I", "A inv(A)", "Q", C, None),
    ("I", "inv(A) A", "Q3", C, None),
    ("2I", "2 A inv(A)", "Q3", C, None),
    ("I", "2 A inv(A)", "Q3", W, "entries (1, 1), (2, 2), (3, 3) differ"),
    ("A^0", "I", "Q", C, None),
    ("A - I", "A - 1", "Q", W, "cannot subtract a 2×2 matrix and a scalar"),
    ("A", "A/I", "Q", W, "cannot divide by the identity I"),
    ("x'x", "norm(x)^2", "V", C, None),
    ("x'y", "y'x", "V", C, None),
    ("x'y", "x y'", "V", W, "expected scalar, got 3×3"),
    ("x y'", "(y x')'", "V", C, None),
    ("x + y", "y + x", "V", C, None),
    ("2x", "x + x", "V", C, None),
    ("x'x", "x x'", "V", W, "expected scalar, got 3×3"),
    ("diag(x) y", "diag(y) x", "V", C, None),
    ("trace(x x')", "x'x", "V", C, None),
    ("A B", "(B' A')'", "R", C, None),
    ("A B", "B A", "R", W, "expected 2×2, got 3×3"),
    ("A'", "B", "R", W, "differ for random matrices"),
    ("A + B'", "(A' + B)'", "R", C, None),
    ("A + B'", "A' + B", "R", W, "expected 2×3, got 3×2"),
    ("x'S x", "x'S'x", "S", C, None),
    ("softmax(z)", "exp(z)/norm(exp(z))^2", "Z", W, None),
    ("softmax(z)", "softmax(z + [1, 1, 1])", "Z", C, None),  # shift invariance
    ("softmax(z)", "softmax(2z)", "Z", W, None),
    ("norm(z)", "sqrt(z'z)", "Z", C, None),
    ("diag(softmax(z)) - softmax(z) softmax(z)'", "diag(softmax(z)) - softmax(z)' softmax(z)", "Z", W,
     "cannot subtract a 3×3 matrix and a scalar"),
    # ---- invalid: the parser's message comes through
    ("x^2", "sine(x)", "", N, "unknown function `sine`: did you mean `sin`?"),
    ("x^2", "x^", "", N, "`^` needs an exponent after it"),
    ("x^2", "x = 2", "", N, "without `=`"),
    ("x^2", "", "", N, "type an answer"),
    ("x^2", "__import__('os')", "", N, None),
    ("x^2 + y", "x^2 + z", "", W, "(your answer uses z, which the expected answer does not)"),
]


def run(expected: str, given: str, shapes: dict | None = None, **kw):
    shapes = shapes or {}
    ctx = kw.pop("ctx", None) or Context(shapes=shapes)
    return judge(parse(expected, Scope(variables=shapes)), given, None, ctx, **kw)


def test_the_table_is_large_and_balanced():
    assert len(CASES) >= 150
    statuses = [row[3] for row in CASES]
    assert statuses.count(C) >= 60 and statuses.count(W) >= 60
    assert sum(1 for row in CASES if row[2]) >= 40  # matrix cases


@pytest.mark.parametrize("expected, given, shapes, status, reason", CASES,
                         ids=[f"{e} | {g}" for e, g, *_ in CASES])
def test_grading_table(expected, given, shapes, status, reason):
    verdict = run(expected, given, SHAPES[shapes])
    assert verdict.status == status, verdict.reason
    if reason is not None:
        assert reason in verdict.reason
    assert verdict.reason  # every verdict carries a human reason


# --- counterexamples ---

COUNTER = re.compile(r"^not equivalent: at x = (\S+) yours is (\S+), expected (\S+)$")


@pytest.mark.parametrize(
    "expected, given, f_expected, f_given",
    [
        ("x^2", "x^3", lambda x: x**2, lambda x: x**3),
        ("sqrt(x^2)", "x", abs, lambda x: x),
        ("sin(x)", "cos(x)", mpmath.sin, mpmath.cos),
        ("exp(x)", "exp(x) + 1e-6", mpmath.exp, lambda x: mpmath.exp(x) + 1e-6),
    ],
)
def test_counterexample_values_are_true(expected, given, f_expected, f_given):
    """The point and both values in "at x = … yours is …, expected …" are right."""
    verdict = run(expected, given)
    m = COUNTER.match(verdict.reason)
    assert m, verdict.reason
    x, yours, wanted = (mpmath.mpf(v) for v in m.groups())
    assert yours != wanted
    assert abs(f_given(x) - yours) <= 1e-3 * (1 + abs(yours))
    assert abs(f_expected(x) - wanted) <= 1e-3 * (1 + abs(wanted))


def test_counterexample_shows_enough_digits_to_see_the_difference():
    verdict = run("1000000*x", "1000001*x")
    m = COUNTER.match(verdict.reason)
    assert m, verdict.reason
    assert m.group(2) != m.group(3)  # rounded to 4 digits both would read 1.87e6


def test_counterexample_names_every_scalar():
    reason = run("x + y", "x - y").reason
    assert re.match(r"^not equivalent: at x = \S+, y = \S+ yours is \S+, expected \S+$", reason), reason


def test_reveal_off_hides_the_expected_value():
    assert run("x^2", "x^3", settings=Settings(reveal=False)).reason == "not equivalent"
    assert run("[x, 2]", "[x, 3]", settings=Settings(reveal=False)).reason == "entry 2 is wrong"
    shown = run("[x, 2]", "[x, 3]").reason
    assert re.match(r"^entry 2 differs at x = \S+: yours is 3(\.0)?, expected 2(\.0)?$", shown), shown


def test_many_wrong_entries_are_summarised():
    reason = run("[1, 2, 3, 4, 5, 6]", "[0, 0, 0, 0, 0, 0]").reason
    assert reason == "entries 1, 2, 3, 4 and 2 more are wrong"


# --- shapes and dimensions ---

def test_dimension_error_is_incorrect_with_the_dimension_note():
    verdict = run("2A^T(Ax-b)", "A(Ax - b)", SHAPES["M"])
    assert verdict.status == INCORRECT
    assert verdict.reason == "A(Ax - b): cannot multiply 3×2 by 3×1"
    assert verdict.notes == ("dimension",)


def test_shape_mismatch_note_and_transpose_hint():
    verdict = run("[1, 2, 3]", "[1 2 3]")
    assert verdict.reason == "expected 3×1, got 1×3 (the transpose of what is asked)"
    assert verdict.notes == ("shape",)


def test_accept_transpose_takes_a_row_for_a_column():
    verdict = run("[1, 2, 3]", "[1 2 3]", settings=Settings(accept_transpose=True))
    assert verdict.status == CORRECT and verdict.notes == ("layout",)
    assert "denominator layout" in verdict.reason
    wrong = run("[1, 2, 3]", "[1 2 4]", settings=Settings(accept_transpose=True))
    assert wrong.status == INCORRECT and "entry 3" in wrong.reason


def test_ill_formed_answer_key_is_an_author_error():
    shapes = SHAPES["M"]
    with pytest.raises(AuthorError, match="cannot multiply 3×2 by 3×1"):
        judge(parse("A b", Scope(variables=shapes)), "x", None, Context(shapes=shapes))


def test_identity_takes_the_size_it_needs():
    shapes = {"A": (3, 3)}
    assert run("I", "A inv(A)", shapes).status == CORRECT
    assert run("A inv(A)", "I", shapes).status == CORRECT
    assert run("inv(I)", "I", shapes).status == CORRECT
    assert run("A", "A inv(I)", shapes).status == CORRECT
    assert run("A + I", "A + I^2", shapes).status == CORRECT
    assert run("A + 3I", "A + (3I)^2/3", shapes).status == CORRECT
    assert run("A + 2I", "A + I^2", shapes).status == INCORRECT
    verdict = run("x", "trace(I)")
    assert verdict.status == INCORRECT and verdict.reason == "trace(I): the size of I is not known here"
    assert run("x", "norm(I)").reason == "norm(I): the size of I is not known here"


def test_symmetric_property_of_a_matrix():
    shapes = {"S": (3, 3)}
    sym = Context(shapes=shapes, properties={"S": frozenset({"symmetric"})})
    assert run("S", "S'", ctx=sym).status == CORRECT
    assert run("S", "S'", shapes).status == INCORRECT


# --- domains, parameters, undefined points ---

def test_domain_restricts_the_test_points():
    positive = Context(domains={"x": Domain(0.1, 5)})
    assert run("log(x^2)", "2log(x)", ctx=positive).status == CORRECT
    assert run("log(x^2)", "2log(x)").status == INCORRECT


def test_parameters_are_fixed_values():
    ctx = Context(env={"a": 2})
    assert run("a x", "2x", ctx=ctx).status == CORRECT
    verdict = run("a x", "3x", ctx=ctx)
    assert verdict.status == INCORRECT
    assert COUNTER.match(verdict.reason)  # the point names x only: a is not a variable


def test_answer_undefined_where_the_key_is_defined():
    assert run("x", "1/(x - x)").reason.startswith("your answer is undefined at x = ")
    assert run("x", "log(x - x)").reason.startswith("your answer is undefined at x = ")


def test_key_never_defined_is_undecided_not_incorrect():
    verdict = run("log(-1 - x^2)", "x")
    assert verdict.status == UNDECIDED
    assert verdict.reason == "could not find a point where the expected answer is defined"


# --- the time box and huge values ---

def test_past_the_time_box_the_verdict_is_undecided():
    verdict = run("x", "x", settings=Settings(time_limit=0))
    assert verdict.status == UNDECIDED
    assert verdict.reason == "could not decide within 0 s; try a simpler form"


def test_matrix_powers_respect_the_time_box():
    shapes = {"A": (20, 20)}
    start = time.process_time()  # the time box counts CPU time
    verdict = run("A", "A^1000", shapes, settings=Settings(time_limit=0.1))
    assert time.process_time() - start < 1.0
    assert verdict.status == UNDECIDED


def test_a_step_that_would_overrun_the_time_box_is_not_started():
    """Inverting a 50×50 matrix at 40 digits takes about half a second and cannot be interrupted."""
    shapes = {"A": (50, 50)}
    run("inv(A)", "inv(A)", {"A": (2, 2)})  # whatever is loaded on first use is not the step's cost
    start = time.process_time()  # CPU time: the work refused, not how busy the machine is
    verdict = run("inv(A)", "inv(A)", shapes, settings=Settings(time_limit=0.2))
    assert verdict.status == UNDECIDED
    assert time.process_time() - start < 0.35


def test_matrix_power_by_squaring_is_exact():
    shapes = {"A": (2, 2)}
    assert run("A^13", "A^8 A^4 A", shapes).status == CORRECT
    assert run("A^-3", "inv(A)^3", shapes).status == CORRECT
    assert run("A^13", "A^12", shapes).status == INCORRECT


@pytest.mark.parametrize("given", ["sin(exp(x^1000))", "cos(e^(e^(e^(e^x))))", "exp(exp(exp(exp(x))))",
                                   "tan(exp(exp(exp(x))))^1000"])
def test_astronomically_large_values_are_refused_quickly(given):
    start = time.monotonic()
    verdict = run("x", given)
    assert time.monotonic() - start < 1.0
    assert verdict.status == INCORRECT
    assert len(verdict.reason) < 120  # no number with millions of digits in the feedback


def test_too_large_is_said_so():
    assert run("x", "exp(exp(exp(exp(x))))").reason.startswith("your answer is too large to evaluate at x = ")


def test_large_but_workable_values_still_compare():
    assert run("x^1000", "x^1000").status == CORRECT
    assert run("x^1000", "x^999 x").status == CORRECT
    assert run("x^1000", "x^999").status == INCORRECT
    assert run("exp(100 x)", "exp(50 x)^2").status == CORRECT


# --- judge: parsing, read_as, determinism ---

def test_invalid_answer_keeps_the_parse_error():
    verdict = judge(parse("x^2"), "2 sine(x)")
    assert verdict.status == INVALID
    assert verdict.reason == "unknown function `sine`: did you mean `sin`?"
    assert isinstance(verdict.error, ParseError)
    assert verdict.error.caret() == "2 sine(x)\n  ^^^^"
    assert verdict.read_as == "" and verdict.given is None


def test_read_as_echoes_the_accepted_input():
    verdict = run("2A^T(Ax-b)", "2A'(Ax-b)", SHAPES["M"])
    assert verdict.status == CORRECT
    assert verdict.read_as == "2Aᵀ·(A·x − b)"
    assert run("x^2", "x*x").read_as == "x·x"


def test_judge_uses_a_strict_scope_when_given_one():
    scope = Scope(variables={"x": None}, free=False)
    verdict = judge(parse("x^2"), "x^2 + y", scope)
    assert verdict.status == INVALID
    assert verdict.reason == "unknown name `y` (this answer can use x)"


def test_judgements_are_reproducible():
    first = [run("x^2 + y", "x^2 - y").reason for _ in range(3)]
    assert len(set(first)) == 1


def test_compare_takes_trees_directly():
    verdict = compare(parse("x + x"), parse("2x"))
    assert verdict.status == CORRECT and verdict.read_as == ""


def test_one_test_point_on_a_removable_singularity_does_not_make_an_answer_wrong():
    from mathquiz.judging.equivalence import Domain

    def first_points(seed):
        rng = np.random.default_rng(seed)
        return [Domain().sample(rng) for _ in range(6)]

    seed = next(s for s in range(20000) if first_points(s).count(1.0) == 1)  # x = 1.00 is drawn once
    verdict = compare(parse("x + 1"), parse("(x^2 - 1)/(x - 1)"), rng=np.random.default_rng(seed))
    assert verdict.status == CORRECT
    undefined_twice = compare(parse("x + 1"), parse("(x^2 - 1)/(x - 1) + 1/(x - x)"), rng=np.random.default_rng(seed))
    assert undefined_twice.status == INCORRECT and "undefined" in undefined_twice.reason
