"""Issue 10, plain and Unicode input: the functions peers accept, `sin x`, bars, run-ins, pasted
Unicode, the exponent limit by value, and the real-function rule of equivalence.

Reading rows are (typed, how it is read in the answer syntax); judging rows are
(expected, typed, shapes, verdict, a piece of the reason or None).
"""

from __future__ import annotations

import pytest

from mathquiz.expression.limits import ParseError
from mathquiz.expression.parser import parse
from mathquiz.expression.printing import to_text
from mathquiz.expression.scope import Scope
from mathquiz.judging.equivalence import CORRECT, INCORRECT, INVALID, Context, judge

C, W, N = CORRECT, INCORRECT, INVALID
FREE = Scope()
SHAPES = {"": {}, "V": {"v": (3, 1), "w": (3, 1)}, "M": {"A": (2, 2), "x": (2, 1)}}


def read(text: str, scope: Scope = FREE) -> str:
    return to_text(parse(text, scope))


READINGS = [
    # functions peers accept
    ("sec(x)", "sec(x)"), ("csc(x)", "csc(x)"), ("cosec(x)", "csc(x)"), ("cot(x)", "cot(x)"),
    ("cotan(x)", "cot(x)"), ("sech(x)", "sech(x)"), ("csch(x)", "csch(x)"), ("coth(x)", "coth(x)"),
    ("asinh(x)", "asinh(x)"), ("arcsinh(x)", "asinh(x)"), ("arccosh(x)", "acosh(x)"),
    ("artanh(x)", "atanh(x)"), ("sign(x)", "sign(x)"), ("sgn(x)", "sign(x)"), ("Abs(x)", "abs(x)"),
    ("Max(x, y)", "max(x, y)"), ("min(x, y, 1)", "min(x, y, 1)"), ("max(x)", "max(x)"),
    ("atan2(y, x)", "atan2(y, x)"), ("arctan2(y, x)", "atan2(y, x)"), ("floor(x)", "floor(x)"),
    ("ceil(x)", "ceil(x)"), ("ceiling(x)", "ceil(x)"),
    # name^n(…) only for known functions: the first wrong verdict of the issue
    ("sec^2(y)", "sec(y)^2"), ("csc^2(x)", "csc(x)^2"), ("cot²(x)", "cot(x)^2"),
    ("xy^2(x+1)", "x*y^2*(x + 1)"),  # a product of single letters stays a product
    # application without parentheses
    ("sin x", "sin(x)"), ("sin 2x", "sin(2*x)"), ("sin x cos x", "sin(x)*cos(x)"),
    ("ln abs(x)", "log(abs(x))"), ("log^2 x", "log(x)^2"), ("sin^2 x", "sin(x)^2"), ("sin² x", "sin(x)^2"),
    ("2 sin x + 1", "2*sin(x) + 1"), ("sin x/2", "sin(x)/2"), ("sin x^2", "sin(x^2)"),
    ("sin -x", "sin(-x)"), ("x sin x", "x*sin(x)"), ("sin atan x", "sin(atan(x))"),
    ("5mn sin m", "5*m*n*sin(m)"), ("exp x y", "exp(x*y)"), ("sqrt x + 1", "sqrt(x) + 1"),
    # bars
    ("|x|", "abs(x)"), ("|x + |y||", "abs(x + abs(y))"), ("2|x|", "2*abs(x)"), ("|x||y|", "abs(x)*abs(y)"),
    ("|x - 1|^2", "abs(x - 1)^2"), ("‖x‖", "norm(x)"), ("||x||", "norm(x)"), ("|-x|", "abs(-x)"),
    ("|sin x|", "abs(sin(x))"), ("(|x|)", "abs(x)"), ("f(|x|)", "f*abs(x)"),
    # run-ins where every piece is a known name
    ("xcos(x)", "x*cos(x)"), ("xysin(x)", "x*y*sin(x)"), ("lnabs(x)", "log(abs(x))"),
    ("xexp(x)", "x*exp(x)"), ("2xsinh(x)", "2*x*sinh(x)"),
    # Unicode from other software
    ("（x＋1）", "x + 1"), ("ｘ²", "x^2"), ("x⁽⁵⁺³⁾", "x^(5 + 3)"), ("x₁ + x₂", "x_1 + x_2"),
    ("x₁₂", "x_12"), ("xˆ2", "x^2"), ("𝑥^2 + 𝑦", "x^2 + y"), ("𝜎(𝑥)", "sigma(x)"), ("µ + 1", "mu + 1"),
    ("2·𝑥", "2*x"), ("x ∗ y", "x*y"),
    # the exponent limit is on the size of the value, not on the digits of the exponent
    ("(x-a)^6000", "(x - a)^6000"), ("x^100000", "x^100000"),
    # repeated transposes: each mark transposes what stands before it, however it is typed
    ("A^T^T", "(A^T)^T"), ("Aᵀᵀ", "(A^T)^T"), ("A^T'", "(A^T)^T"), ("A'^T", "(A^T)^T"), ("A''", "(A^T)^T"),
    ("A^T**T", "(A^T)^T"), ("A^T^T^T", "((A^T)^T)^T"), ("A^{T}^{T}", "(A^T)^T"), ("A^{T}", "A^T"),
    ("x^T^T x", "(x^T)^T*x"), ("A^T^2", "(A^T)^2"), ("A^T^-1", "(A^T)^(-1)"), ("A^-1^T", "(A^(-1))^T"),
    ("-A^T^T", "-(A^T)^T"), ("2^3^2", "2^(3^2)"), ("x^(A^T)", "x^(A^T)"), ("x^(T+1)", "x^(T + 1)"),
]  # fmt: skip

MATRICES = Scope(variables={"A": (3, 3), "x": (3, 1)}, free=False)
TRANSPOSES = [  # (typed, read as, shown back to the student) with A and x declared matrices
    ("A^T^T", "(A^T)^T", "(Aᵀ)ᵀ"), ("Aᵀᵀ", "(A^T)^T", "(Aᵀ)ᵀ"), ("A^{T}", "A^T", "Aᵀ"),
    ("A^{T}^{T}", "(A^T)^T", "(Aᵀ)ᵀ"), ("x^{T}Ax", "x^T*A*x", "xᵀ·A·x"), ("A^-1^{T}", "(A^(-1))^T", "(A⁻¹)ᵀ"),
    ("A^T^T x", "(A^T)^T*x", "(Aᵀ)ᵀ·x"), ("Aᵀᵀᵀ", "((A^T)^T)^T", "((Aᵀ)ᵀ)ᵀ"),
    # transpose(…) is shown as the mark, as every other transpose is
    ("transpose(A x - x)", "transpose(A*x - x)", "(A·x − x)ᵀ"), ("transpose(A)", "transpose(A)", "Aᵀ"),
    ("2 transpose(x) A x", "2*transpose(x)*A*x", "2·xᵀ·A·x"),
]  # fmt: skip


@pytest.mark.parametrize("typed, reading, shown", TRANSPOSES)
def test_repeated_transposes_of_declared_matrices(typed, reading, shown):
    from mathquiz.expression.printing import to_unicode

    node = parse(typed, MATRICES)
    assert (to_text(node), to_unicode(node)) == (reading, shown)


@pytest.mark.parametrize("typed, reading", READINGS)
def test_reading(typed, reading):
    assert read(typed) == reading


def test_declared_names_read_long_runs():
    scope = Scope(variables={"x": None, "y": None, "z": None, "w": None}, free=False)
    assert read("xyzw", scope) == "x*y*z*w"
    assert read("xyzwsin(x)", scope) == "x*y*z*w*sin(x)"


ERRORS = [
    ("sek^2(y)", Scope(variables={"y": None}, free=False), "unknown function `sek`", (0, 3)),
    ("foo^2(x)", FREE, "unknown function `foo`", (0, 3)),
    ("sin", FREE, "`sin` is a function: write sin(x) or sin x", (0, 3)),
    ("sin + x", FREE, "`sin` is a function: write sin(x) or sin x", (0, 3)),
    ("sin^-1(x)", FREE, "`sin^-1` is ambiguous", (0, 5)),
    ("atan2 y", FREE, "`atan2` takes its arguments in parentheses", (0, 5)),
    ("diff x", Scope(author=True), "`diff` takes its arguments in parentheses", (0, 4)),
    ("exp^-1(x)", FREE, "`exp^-1` is ambiguous: for 1/exp(x) write exp(x)^-1", (0, 5)),
    ("atan2(y)", FREE, "`atan2` takes 2 arguments, got 1", (0, 8)),
    ("|x", FREE, "this `|` is never closed", (0, 1)),
    ("||x|", FREE, "this `|` is never closed", (3, 4)),
    ("||", FREE, "empty bars", (0, 2)),
    ("|v|", Scope(variables={"v": (3, 1)}), "for its length write ‖v‖", (0, 3)),
    ("2|A x|", Scope(variables={"A": (2, 2), "x": (2, 1)}), "for its length write ‖A*x‖", (1, 6)),
    ("sinx", FREE, "for sin of x write sin(x) or sin x", (0, 4)),
    ("x^1000001", FREE, "the exponent is too large (the limit is 10^6)", (0, 9)),
    ("2^2000", FREE, "this number is too large to work with", (0, 6)),
    ("max()", FREE, "`max` needs an argument", None),
]  # fmt: skip


@pytest.mark.parametrize("typed, scope, message, span", ERRORS)
def test_errors(typed, scope, message, span):
    with pytest.raises(ParseError) as info:
        parse(typed, scope)
    assert message in info.value.message
    if span is not None:
        assert (info.value.start, info.value.end) == span


JUDGED = [
    # the second wrong verdict: equivalence is as real functions
    ("sqrt(x)*sqrt(x)", "abs(x)", "", C, None),
    ("sqrt(x)*sqrt(x)", "x", "", C, None),
    ("sqrt(x-3)*sqrt(x-5)", "sqrt((x-3)*(x-5))", "", C, None),  # only x ≥ 5 are test points
    ("sqrt((x-3)*(x-5))", "sqrt(x-3)*sqrt(x-5)", "", W, "not a real number"),
    ("abs(x)", "sqrt(x)*sqrt(x)", "", W, "not a real number"),
    ("log(x) + log(y)", "log(x y)", "", C, None),
    ("x^(1/3)", "exp(log(x)/3)", "", C, None),
    # functions
    ("1/cos(y)^2", "sec^2(y)", "", C, None), ("tan(y)^2 + 1", "sec(y)^2", "", C, None),
    ("1/sin(x)", "cosec(x)", "", C, None), ("cos(x)/sin(x)", "cot x", "", C, None),
    ("1/tanh(x)", "coth(x)", "", C, None), ("1/sinh(x)", "csch(x)", "", C, None),
    ("log(x + sqrt(x^2 + 1))", "arcsinh(x)", "", C, None), ("atanh(x)", "log((1+x)/(1-x))/2", "", C, None),
    ("x/abs(x)", "sign(x)", "", C, None), ("abs(x)", "x sgn(x)", "", C, None),
    ("max(x, y)", "(x + y + abs(x - y))/2", "", C, None), ("min(x, y)", "(x + y - abs(x - y))/2", "", C, None),
    ("max(x, y)", "min(x, y)", "", W, None), ("max(x, 0)", "Max(0, x)", "", C, None),
    ("atan2(y, x)", "atan(y/x)", "", W, None), ("floor(x) + 1", "ceil(x)", "", C, None),
    ("max(v)", "max(w)", "V", W, None), ("max(v)", "-min(-v)", "V", C, None),
    # application without parentheses, judged
    ("sin(x)*cos(x)", "sin x cos x", "", C, None), ("sin(2*x)", "sin 2x", "", C, None),
    ("sin(2*x)", "2 sin x cos x", "", C, None), ("sin(x)^2", "sin^2 x", "", C, None),
    ("log(x)^2", "log^2 x", "", C, None), ("log(x^2)", "log^2 x", "", W, None),
    # bars, judged
    ("abs(x)", "|x|", "", C, None), ("abs(x)", "|-x|", "", C, None), ("abs(x + abs(y))", "|x + |y||", "", C, None),
    ("x", "|x|", "", W, None), ("norm(v)", "‖v‖", "V", C, None), ("norm(v)", "||v||", "V", C, None),
    ("sqrt(v' v)", "‖v‖", "V", C, None), ("norm(v)", "‖w‖", "V", W, None), ("norm(A x)", "‖A x‖", "M", C, None),
    ("|v|", "norm(v)", "V", None, None),  # the key itself is refused (see test_bar_of_a_vector_key)
    # run-ins and Unicode, judged
    ("x*cos(x)", "xcos(x)", "", C, None), ("log(abs(x))", "lnabs(x)", "", C, None),
    ("x_1 + x_2", "x₁ + x₂", "", C, None), ("x_1^2", "x₁²", "", C, None), ("x + 1", "（x＋1）", "", C, None),
    ("x^8", "x⁽⁵⁺³⁾", "", C, None), ("x^8", "x⁽⁵⁺²⁾", "", W, None), ("x^2", "𝑥^2", "", C, None),
    # exponents judged by the size of the value
    ("(x-a)^6000", "(a-x)^6000", "", C, None), ("(x-a)^5999", "(x-a)^6000", "", W, None),
    # repeated transposes, judged
    ("A", "A^T^T", "M", C, None), ("A", "Aᵀᵀ", "M", C, None), ("A^T", "A^T^T^T", "M", C, None),
    ("x^T A x", "x^T^T^T A^T^T x", "M", C, None), ("inv(A)^T", "A^-1^T", "M", C, None),
    ("A^T", "A^{T}", "M", C, None), ("A", "A^{T}", "M", W, None),
]  # fmt: skip


@pytest.mark.parametrize("expected, given, shapes, status, reason",
                         [r for r in JUDGED if r[3] is not None])
def test_judged(expected, given, shapes, status, reason):
    ctx = Context(shapes=SHAPES[shapes])
    verdict = judge(parse(expected, Scope(variables=SHAPES[shapes])), given, ctx=ctx)
    assert verdict.status == status, verdict.reason
    if reason is not None:
        assert reason in verdict.reason


def test_bar_of_a_vector_key():
    with pytest.raises(ParseError, match="‖v‖"):
        parse("|v|", Scope(variables=SHAPES["V"]))


def test_reading_is_echoed():
    verdict = judge(parse("sin(x) cos(x)"), "sin x cos x")
    assert verdict.ok and verdict.read_as == "sin(x)·cos(x)"
    verdict = judge(parse("sin(2 x)"), "sin 2x")
    assert verdict.ok and verdict.read_as == "sin(2x)"
