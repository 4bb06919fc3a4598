"""Issue 10, LaTeX input: the subset students type, read into the same tree with the same limits,
carets in the typed text's coordinates, and everything outside the subset refused with advice.

Reading rows are (typed LaTeX, how it is read in the answer syntax).
"""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mathquiz.expression.latex import is_latex
from mathquiz.expression.limits import MAX_DEPTH, ParseError
from mathquiz.expression.parser import parse
from mathquiz.expression.printing import to_latex, to_text
from mathquiz.expression.scope import Scope
from mathquiz.judging.contract import compare_texts
from mathquiz.judging.equivalence import CORRECT, INCORRECT, Context, judge

C, W = CORRECT, INCORRECT
FREE = Scope()
VECTORS = Scope(variables={"x": (3, 1), "y": (3, 1), "A": (3, 3), "v": (3, 1)})


def read(text: str, scope: Scope = FREE) -> str:
    return to_text(parse(text, scope))


READINGS = [
    (r"\frac{1}{2}x^{2}", "1/2*x^2"), (r"\dfrac{x}{y}", "x/y"), (r"\tfrac{1}{3}", "1/3"), (r"\frac12", "1/2"),
    (r"\frac{x+1}{x-1}", "(x + 1)/(x - 1)"),
    (r"\frac{d}{e}", "d/e"), (r"\frac{dx}{y}", "d*x/y"), (r"\sqrt{x}", "sqrt(x)"), (r"\sqrt[3]{x+1}", "(x + 1)^(1/3)"),
    (r"\sqrt x", "sqrt(x)"), (r"x^{n+1}", "x^(n + 1)"), (r"$x^23$", "x^2*3"), (r"e^{-x^2/2}", "e^(-x^2/2)"),
    (r"x^{-1}", "x^(-1)"), (r"e^-x", "e^(-x)"), (r"x_{1} + x_2", "x_1 + x_2"), (r"x_{12}", "x_12"),
    (r"\delta_{ij}", "delta_ij"), (r"\delta_{i,j}", "delta_ij"), (r"x_i^2", "x_i^2"),
    (r"2 \cdot x", "2*x"), (r"a \times b", "a*b"), (r"\left( x + 1 \right)^2", "(x + 1)^2"),
    (r"\bigl( x \bigr)", "x"), (r"\Big[ x + 1 \Big]", "x + 1"), (r"\left[ x \right]", "x"),
    (r"\exp(x)", "exp(x)"), (r"\log x", "log(x)"), (r"\ln(x)", "log(x)"), (r"\sin x", "sin(x)"),
    (r"\sin^2 x", "sin(x)^2"), (r"\cos^{2}(y)", "cos(y)^2"), (r"\sec^2(y)", "sec(y)^2"),
    (r"\arctan x", "atan(x)"), (r"\sinh x", "sinh(x)"), (r"\sin x \cos x", "sin(x)*cos(x)"),
    (r"\sigma(x)", "sigma(x)"), (r"\sigma(x)(1-\sigma(x))", "sigma(x)*(1 - sigma(x))"),
    (r"\alpha + \beta", "alpha + beta"), (r"\varphi", "phi"), (r"\vartheta", "theta"),
    (r"\varepsilon x", "epsilon*x"), (r"x\alpha", "x*alpha"), (r"2\pi r", "2*pi*r"), (r"\pi", "pi"),
    (r"\mathrm{e}^{x}", "e^x"), (r"\exp\left(-\frac{x^2}{2}\right)", "exp(-x^2/2)"),
    (r"\lfloor x \rfloor", "floor(x)"), (r"\lceil x \rceil", "ceil(x)"), (r"\max(x, y)", "max(x, y)"),
    (r"|x|", "abs(x)"), (r"\left| x \right|", "abs(x)"), (r"\lvert x \rvert", "abs(x)"),
    (r"\|x\|", "norm(x)"), (r"\lVert x \rVert", "norm(x)"), (r"\|x\|_2", "norm(x)"), (r"\|x\| _2", "norm(x)"),
    (r"\sigma_1 + \sigma_{ij}", "sigma_1 + sigma_ij"),
    (r"\left\| x \right\|", "norm(x)"), (r"\|x\|^2", "norm(x)^2"),
    (r"$x^2$", "x^2"), (r"$$x^2$$", "x^2"), (r"\(x^2\)", "x^2"), (r"\[x^2\]", "x^2"), (r"  $ x $ ", "x"),
    (r"x\,y", "x*y"), (r"x\;y", "x*y"), (r"x\!y", "x*y"), (r"x\quad y", "x*y"), (r"\displaystyle x", "x"),
    (r"\text{ }x", "x"), (r"\operatorname{sgn}(x)", "sign(x)"),
]  # fmt: skip

MATRIX_READINGS = [
    (r"\mathbf{x}^\top \mathbf{y}", "x^T*y"), (r"\mathbf{x}^T\mathbf{y}", "x^T*y"),
    (r"\boldsymbol{x}^{\top}\boldsymbol{y}", "x^T*y"), (r"\vec{x}^{T} \vec{y}", "x^T*y"),
    (r"\mathbf{A}^\intercal", "A^T"), (r"A^{\mathsf{T}}", "A^T"), (r"\mathbf{A}^{-1}\mathbf{v}", "A^(-1)*v"),
    (r"\operatorname{diag}(\mathbf{v})", "diag(v)"), (r"\mathrm{tr}(A)", "trace(A)"),
    (r"\operatorname{tr}(A)", "trace(A)"), (r"\det(A)", "det(A)"), (r"\|\mathbf{v}\|", "norm(v)"),
    (r"2A^TA\mathbf{x}", "2*A^T*A*x"),
]  # fmt: skip

LITERALS = [
    (r"\begin{bmatrix} a & b \\ c & d \end{bmatrix}", "[[a, b], [c, d]]"),
    (r"\begin{pmatrix} 1 \\ 2 \\ 3 \end{pmatrix}", "[1, 2, 3]"),
    (r"\begin{matrix} 1 & 2 \end{matrix}", "[[1, 2]]"),
    (r"\begin{bmatrix} 1 & 0 \\ 0 & 1 \\ \end{bmatrix}", "[[1, 0], [0, 1]]"),
    (r"\begin{bmatrix} \frac{1}{2} & x^{2} \\ \sin x & 0 \end{bmatrix}", "[[1/2, x^2], [sin(x), 0]]"),
    (r"2\begin{bmatrix} x \\ y \end{bmatrix}", "2*[x, y]"),
]  # fmt: skip


@pytest.mark.parametrize("typed, reading", READINGS + LITERALS)
def test_reading(typed, reading):
    assert read(typed) == reading


@pytest.mark.parametrize("typed, reading", MATRIX_READINGS)
def test_matrix_reading(typed, reading):
    assert read(typed, VECTORS) == reading


ERRORS = [
    (r"\int x dx", "integrals are not part of the answer syntax", (0, 4)),
    (r"\sum_i x_i", "a Σ sum is not part of the answer syntax", (0, 4)),
    (r"2 + \partial f", "derivatives are not part of the answer syntax", (4, 12)),
    (r"\frac{\partial f}{\partial x}", "derivatives are not part of the answer syntax", (6, 14)),
    (r"\frac{d}{dx}\sigma(x)", "derivatives are not part of the answer syntax", (0, 5)),
    (r"\frac{\mathrm{d} f}{\mathrm{d}x}", "derivatives are not part of the answer syntax", (0, 5)),
    (r"x + \infty", "∞ is not a value an answer can have", (4, 10)),
    (r"\text{hello}", "text is not part of an answer", (0, 12)),
    (r"x + \foo", "unknown LaTeX command `\\foo`", (4, 8)),
    (r"\fracc{1}{2}", "did you mean `\\frac`?", (0, 6)),
    (r"\frac{1}{2", "this `{` is never closed", (8, 9)),
    (r"\,x}", "this `}` has no matching `{`", (3, 4)),
    (r"\log_2 x", "for log₂ x write log(x)/log(2)", (4, 5)),
    (r"\|x\|_1", "only the Euclidean norm", None),
    (r"\sin_2 x", "a subscript on \\sin is not part of the syntax", (4, 5)),
    (r"\log _{10} x", "a logarithm's base is not part of the syntax", (5, 6)),
    (r"\alpha & b", "`&` separates the entries of a matrix", (7, 8)),
    (r"a \\ b", "starts a new row of a matrix", (2, 4)),
    (r"\begin{align} x \end{align}", "\\begin{align} is not part of the syntax", None),
    (r"\begin{vmatrix} a \end{vmatrix}", "for a determinant write det(", None),
    (r"\begin{bmatrix} 1 & 2 \end{pmatrix}", "expected \\end{bmatrix} here", None),
    (r"\begin{bmatrix} 1 & 2", "is never closed", None),
    (r"\begin{bmatrix} 1 & 2 \\ 3 \end{bmatrix}", "different lengths", None),
    (r"x \le 1", "comparisons are not part of the answer syntax", (2, 5)),
    (r"\hat{}", "a hat makes a different name", (0, 4)),
    (r"\left< x \right>", "\\left needs a bracket after it", None),
    (r"x = \frac{1}{2}", "type only the expression", None),
    (r"\frac{1}", "something is missing here", None),
    (r"$x$ + $y$", "`$` goes only around the whole answer", (2, 3)),
    ("\\", "a `\\` must be followed by a command", (0, 1)),
    (r"\sin", "`sin` is a function", None),
    (r"\begin{bmatrix} 1 & \end{bmatrix}", "an empty entry in this matrix", None),
    (r"\begin{bmatrix}\end{bmatrix}", "an empty entry in this matrix", None),
    # safety, as for plain input: nothing typed is run, and no control character is echoed
    (r"\operatorname{eval}(x)", "unknown function `eval`", None),
    (r"\mathrm{import} x", "`import` is a programming keyword", None),
    (r"\text{__import__}", "text is not part of an answer", None),
    (r"\mathbf{__class__}", "a subscript is letters and digits", None),
    ("\\\x00", "a `\\` must be followed by a command", (0, 1)),
    ("\\frac{1}{\x07}", "U+0007 is not part of the answer syntax", None),
]  # fmt: skip


@pytest.mark.parametrize("typed, message, span", ERRORS)
def test_errors(typed, message, span):
    with pytest.raises(ParseError) as info:
        parse(typed)
    assert message in info.value.message
    if span is not None:  # the caret is under what was typed
        assert (info.value.start, info.value.end) == span
    assert info.value.text == typed


def test_caret_of_a_parse_error_after_translation_points_at_the_typed_text():
    with pytest.raises(ParseError) as info:
        parse(r"\frac{1}{2} + \sqrt{x} + )")
    assert info.value.start == 25 and info.value.caret().splitlines()[1] == " " * 25 + "^"


JUDGED = [
    (r"x^2/2", r"\frac{1}{2}x^{2}", C), (r"x^2/2", r"\frac{1}{2}x^{3}", W),
    (r"1/cos(y)^2", r"\sec^2 y", C), (r"tan(y)^2 + 1", r"\sec^2(y)", C), (r"sin(2x)", r"2\sin x\cos x", C),
    (r"exp(-x^2/2)/sqrt(2pi)", r"\frac{1}{\sqrt{2\pi}} e^{-\frac{x^2}{2}}", C),
    (r"exp(-x^2/2)/sqrt(2pi)", r"\frac{1}{\sqrt{2}} e^{-\frac{x^2}{2}}", W),
    (r"sigma(x)(1 - sigma(x))", r"\sigma(x)\left(1-\sigma(x)\right)", C),
    (r"(x+1)^(1/3)", r"\sqrt[3]{x+1}", C), (r"abs(x)", r"\left|x\right|", C), (r"abs(x)", r"\sqrt{x^2}", C),
    (r"x", r"\left|x\right|", W), (r"1/3", r"$\frac13$", C), (r"1/3", r"\tfrac{1}{4}", W),
    (r"x_1 + x_2", r"x_{1}+x_{2}", C), (r"x^2 - 1", r"(x+1)(x-1)", C),
]  # fmt: skip

MATRIX_JUDGED = [
    ("x' y", r"\mathbf{x}^\top \mathbf{y}", C), ("x' y", r"\mathbf{y}^\top \mathbf{x}", C),
    ("norm(v)", r"\|\mathbf{v}\|_2", C), ("norm(v)^2", r"\mathbf{v}^T\mathbf{v}", C),
    ("A' A", r"\mathbf{A}^\intercal \mathbf{A}", C), ("A A'", r"\mathbf{A}^\intercal \mathbf{A}", W),
    ("diag(v)", r"\operatorname{diag}(\mathbf{v})", C), ("trace(A)", r"\mathrm{tr}(A)", C),
    ("[[1, 2], [3, 4]]", r"\begin{bmatrix} 1 & 2 \\ 3 & 4 \end{bmatrix}", C),
    ("[[1, 2], [3, 4]]", r"\begin{pmatrix} 1 & 2 \\ 3 & 5 \end{pmatrix}", W),
    ("[[1, 2], [3, 4]]", r"\begin{bmatrix} 1 & 3 \\ 2 & 4 \end{bmatrix}^T", C),
    ("[1, 2]", r"\begin{pmatrix} 1 \\ 2 \end{pmatrix}", C),
]  # fmt: skip


@pytest.mark.parametrize("expected, typed, status", JUDGED)
def test_judged(expected, typed, status):
    verdict = judge(parse(expected), typed)
    assert verdict.status == status, verdict.reason


@pytest.mark.parametrize("expected, typed, status", MATRIX_JUDGED)
def test_matrix_judged(expected, typed, status):
    shapes = dict(VECTORS.variables)
    verdict = judge(parse(expected, VECTORS), typed, VECTORS, Context(shapes=shapes))
    assert verdict.status == status, verdict.reason


def test_compare_contract_reads_latex():
    result = compare_texts("x^2/2", r"\frac{x^2}{2}")
    assert result["verdict"] == "equivalent" and result["read_as"] == "x²/2"


@pytest.mark.parametrize("text, latex", [("x^2", False), (r"\frac{1}{2}", True), ("$x$", True), ("$x", False),
                                         ("x_{1}", True), (r"\|x\|", True)])
def test_detection(text, latex):
    assert is_latex(text) is latex


# --- limits, as for plain input ---


def test_brace_depth_is_limited():
    deep = "{" * (MAX_DEPTH + 1) + "x" + "}" * (MAX_DEPTH + 1)
    with pytest.raises(ParseError, match="nested too deeply"):
        parse(deep)
    assert read("{" * 10 + "x" + "}" * 10) == "x"


@pytest.mark.parametrize("text", [
    r"\frac{" * 50 + "1" + "}{2}" * 50,
    r"\sqrt{" * 60 + "x" + "}" * 60,
    r"\left(" * 60 + "x" + r"\right)" * 60,
    "x^{" * 60 + "2" + "}" * 60,
    r"\begin{bmatrix}" * 30 + "1" + r"\end{bmatrix}" * 30,
])  # fmt: skip
def test_deep_latex_is_refused_quickly(text):
    start = time.process_time()  # CPU time: a bound on the work, not on how busy the machine is
    with pytest.raises(ParseError):
        parse(text[:1000])
    assert time.process_time() - start < 1


def test_long_latex_is_refused():
    with pytest.raises(ParseError, match="too long"):
        parse(r"\frac{1}{2}+" * 100)


def test_latex_exponent_limits_apply():
    with pytest.raises(ParseError, match="too large"):
        parse(r"10^{10^{10}}")


# --- properties ---

PIECES = [
    "\\frac", "\\dfrac", "\\sqrt", "\\left(", "\\right)", "\\left|", "\\right|", "\\|", "\\begin{bmatrix}",
    "\\end{bmatrix}", "\\begin{pmatrix}", "\\end{pmatrix}", "&", "\\\\", "{", "}", "^", "_", "x", "y", "2",
    "1", "\\sin", "\\cdot", "\\alpha", "\\mathbf{x}", "\\top", "$", "\\(", "\\)", "\\,", " ", "+", "-", "(",
    ")", "[", "]", "|", "\\foo", "\\int", "\\text{a}", "\\operatorname{tr}", "\\log", "\\lVert", "\\rVert",
    "\\sqrt[3]", "\\", "e", "\\pi", "'", "\\intercal", "\\mathrm{", "\\begin{", "\\end{",
]  # fmt: skip
latexish = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)
PROPS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPS
@given(st.one_of(latexish, st.text(alphabet="\\{}^_$&|x2 ()[]", max_size=60)))
def test_latex_never_raises_anything_but_parse_error_and_is_quick(text):
    start = time.process_time()
    try:
        parse(text)
    except ParseError as exc:
        assert exc.message and 0 <= exc.start < max(len(text), 1) + 1
    assert time.process_time() - start < 0.5


@PROPS
@given(latexish)
def test_latex_judgement_stays_in_the_time_box(text):
    start = time.process_time()  # the grader's box counts CPU time: a busy machine cannot fail this
    verdict = judge(parse("x^2 + 1"), text)
    assert verdict.status in {"correct", "incorrect", "invalid", "undecided"}
    assert time.process_time() - start < 3.0


ROUND_TRIP = ["2A^T(Ax-b)", "e^x/(1+e^x)^2", "sqrt(x+1)/abs(y)", "s_i(delta_ij - s_j)", "sec(x)^2 - tan(x)^2",
              "max(x, y) + floor(x)", "norm(v)^2", "[[1, x], [y^2, 2]]", "log(1/(1-x)) - 1", "x^(-1/2)"]


@pytest.mark.parametrize("text", ROUND_TRIP)
def test_our_own_latex_reads_back_as_the_same_answer(text):
    scope = Scope(variables={"A": (3, 2), "x": (2, 1), "b": (3, 1)}) if "A" in text else Scope(
        variables={"v": (3, 1)} if "v" in text else {})
    node = parse(text, scope)
    verdict = judge(node, to_latex(node), scope, Context(shapes=dict(scope.variables)))
    assert verdict.ok, (to_latex(node), verdict.reason)
