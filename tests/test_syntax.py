"""The answer parser: every syntax rule, every rejection category, messages, carets and limits.

Accepted inputs are checked through `to_text` (the canonical answer syntax), so each row states
exactly how the input was read: `2x` -> `2*x`, `[1 2 3]` -> a 1×3 row, `A'` -> `A^T`.
"""

from __future__ import annotations

from fractions import Fraction

import pytest

from mathquiz.expression.expr import Call, Const, Mat, Name, Num, Transpose, walk
from mathquiz.expression.limits import MAX_DEPTH, MAX_LENGTH, MAX_NODES, ParseError
from mathquiz.expression.parser import parse
from mathquiz.expression.printing import names_as_typed, to_text, to_unicode
from mathquiz.expression.scope import Scope

FREE = Scope()
MATRIX = Scope(variables={"A": (3, 2), "x": (2, 1), "b": (3, 1)})
STRICT = Scope(variables={"x": None, "y": None}, free=False)


def read(text: str, scope: Scope = FREE) -> str:
    return to_text(parse(text, scope))


def error(text: str, scope: Scope = FREE) -> ParseError:
    with pytest.raises(ParseError) as info:
        parse(text, scope)
    return info.value


# --- accepted: (typed, how it is read) ---

NUMBERS = [
    ("42", "42"),
    ("0.5", "0.5"),
    (".5", "0.5"),
    ("1e-3", "0.001"),
    ("2.5E4", "25000"),
    ("1E+2", "100"),
    ("2e", "2*e"),  # `2e` alone is 2·e, not a malformed exponent
    ("2e3x", "2000*x"),
    ("3/4", "3/4"),
    ("1.9999999999999999999", "1.9999999999999999999"),  # every typed digit is kept
]

OPERATORS = [
    ("x + 1", "x + 1"),
    ("x - 1", "x - 1"),
    ("2*x", "2*x"),
    ("x/2", "x/2"),
    ("x^2", "x^2"),
    ("x**2", "x^2"),
    ("-x", "-x"),
    ("--x", "-(-x)"),
    ("+x", "x"),
    ("-x^2", "-x^2"),  # minus applies after the power: -(x^2)
    ("2^3^2", "2^(3^2)"),  # power is right-associative
    ("x^-1", "x^(-1)"),
    ("(x + 1)", "x + 1"),
    ("((x))", "x"),
    ("1/2/3", "1/2/3"),
    ("x - y - z", "x - y - z"),
]

IMPLICIT = [
    ("2x", "2*x"),
    ("2(x+1)", "2*(x + 1)"),
    ("(x+1)(x-1)", "(x + 1)*(x - 1)"),
    ("x y", "x*y"),
    ("2 sin(x)", "2*sin(x)"),
    ("x(x+1)", "x*(x + 1)"),
    ("s_i(δ_ij - s_j)", "s_i*(delta_ij - s_j)"),  # s_i is a variable, not a function
    ("xy", "x*y"),  # a run of letters splits into known variables
    ("xyz", "x*y*z"),
    ("2xy", "2*x*y"),
    ("xy(x+1)", "x*y*(x + 1)"),
    ("2pi r", "2*pi*r"),
    ("x^2y", "x^2*y"),
]

NAMES = [
    ("sigma_x", "sigma_x"),
    ("s_i", "s_i"),
    ("delta_ij", "delta_ij"),
    ("x1", "x1"),
    ("x_1", "x_1"),
    ("alpha", "alpha"),
    ("alpha beta", "alpha*beta"),
    ("e", "e"),
    ("pi", "pi"),
    ("e^x", "e^x"),
]

FUNCTIONS = [
    (f"{fn}(x)", f"{fn}(x)")
    for fn in "exp log sqrt abs sin cos tan sinh cosh tanh sech asin acos atan sigma norm".split()
] + [
    ("ln(x)", "log(x)"),  # log is natural; ln is the same function
    ("arcsin(x)", "asin(x)"),
    ("arccos(x)", "acos(x)"),
    ("arctan(x)", "atan(x)"),
    ("sigmoid(x)", "sigma(x)"),
    ("tr(x)", "trace(x)"),
    ("softmax([1, 2, 3])", "softmax([1, 2, 3])"),
    ("sin^2(x)", "sin(x)^2"),  # as on paper
    ("sin(x)^2", "sin(x)^2"),
]

MATRIX_FUNCTIONS = [
    ("diag(b)", "diag(b)"),
    ("trace(A'A)", "trace(A^T*A)"),
    ("det(A'A)", "det(A^T*A)"),
    ("inv(A'A)", "inv(A^T*A)"),
    ("transpose(A)", "transpose(A)"),
]

UNICODE = [
    ("σ(x)", "sigma(x)"),
    ("π", "pi"),
    ("2πr", "2*pi*r"),
    ("δ_ij", "delta_ij"),
    ("α + β", "alpha + beta"),
    ("αβ", "alpha*beta"),
    ("x·y", "x*y"),
    ("2×3", "2*3"),
    ("x − 1", "x - 1"),
    ("2 ÷ 4", "2/4"),
    ("x²", "x^2"),
    ("x³y", "x^3*y"),
    ("x⁻¹", "x^(-1)"),
    ("e⁻ˣ", "e^(-x)"),
    ("sin²(x)", "sin(x)^2"),
    ("√x", "sqrt(x)"),
    ("√(x+1)", "sqrt(x + 1)"),
    ("x√2", "x*sqrt(2)"),
    ("{x+1}", "x + 1"),
]

MATRICES = [
    ("[1, 2, 3]", "[1, 2, 3]"),  # a column vector
    ("[1; 2; 3]", "[1, 2, 3]"),
    ("[[1, 2], [3, 4]]", "[[1, 2], [3, 4]]"),  # rows
    ("[1 2; 3 4]", "[[1, 2], [3, 4]]"),  # MATLAB style
    ("[1 2 3]", "[[1, 2, 3]]"),  # a 1×3 row, as in MATLAB
    ("[1 -2]", "[[1, -2]]"),  # a space before the sign starts a new entry
    ("[1 - 2]", "[1 - 2]"),  # spaces on both sides: one entry, 1 - 2
    ("[x, y]'", "[x, y]^T"),
]

MATRIX_EXPRESSIONS = [
    ("2A^T(Ax-b)", "2*A^T*(A*x - b)"),
    ("Aᵀ", "A^T"),
    ("A^T", "A^T"),
    ("A.T", "A^T"),
    ("A'", "A^T"),
    ("A'A x", "A^T*A*x"),
    ("A^TA", "A^T*A"),
    ("A@x", "A*x"),
    ("A*x", "A*x"),
    ("Ax", "A*x"),
    ("I + A'A", "I + A^T*A"),
]


@pytest.mark.parametrize(
    "text, canonical",
    NUMBERS + OPERATORS + IMPLICIT + NAMES + FUNCTIONS + UNICODE + MATRICES,
)
def test_accepted_inputs_are_read_as_written(text, canonical):
    assert read(text) == canonical


@pytest.mark.parametrize("text, canonical", MATRIX_FUNCTIONS + MATRIX_EXPRESSIONS)
def test_accepted_matrix_inputs(text, canonical):
    assert read(text, MATRIX) == canonical


@pytest.mark.parametrize(
    "text, value, decimal",
    [
        ("0.5", Fraction(1, 2), True),
        (".5", Fraction(1, 2), True),
        ("1e-3", Fraction(1, 1000), True),
        ("2.5E4", Fraction(25000), True),
        ("7", Fraction(7), False),
        ("0.1", Fraction(1, 10), True),  # exact, not the float 0.1000000000000000055…
        ("12345678901234567890", Fraction(12345678901234567890), False),
    ],
)
def test_numbers_are_exact(text, value, decimal):
    node = parse(text)
    assert isinstance(node, Num)
    assert node.value == value and node.decimal is decimal


@pytest.mark.parametrize(
    "text, shape",
    [("[1, 2, 3]", (3, 1)), ("[1 2 3]", (1, 3)), ("[1; 2; 3]", (3, 1)), ("[[1, 2], [3, 4]]", (2, 2)),
     ("[1 2; 3 4; 5 6]", (3, 2)), ("[[1, 2, 3]]", (1, 3)), ("[x]", (1, 1))],
)
def test_bracket_shapes(text, shape):
    node = parse(text)
    assert isinstance(node, Mat) and node.shape == shape


def test_node_kinds():
    assert parse("pi") == Const("pi")
    assert parse("I") == Const("I")
    assert parse("s_i") == Name("s_i")
    assert parse("ln(x)") == Call("log", (Name("x"),))
    assert parse("x'") == Transpose(Name("x"))


def test_declared_names_win_over_functions_and_constants():
    scope = Scope(variables={"e": None, "I": None, "T": None, "sigma": None})
    assert parse("e", scope) == Name("e")
    assert parse("I", scope) == Name("I")
    assert read("x^T", scope) == "x^T" and isinstance(parse("x^T", scope).right, Name)  # a power
    assert parse("sigma", scope) == Name("sigma")


def test_strict_scope_splits_into_declared_names_only():
    assert read("xy", STRICT) == "x*y"
    assert read("2xy^2", STRICT) == "2*x*y^2"
    assert read("lnx", Scope(variables={"l": None, "n": None, "x": None}, free=False)) == "l*n*x"


# --- rejected: (typed, message, caret span in the typed text) ---

REJECTED = [
    # attribute access, subscripts
    ("x.real", "attribute access is not allowed: `.` only appears in numbers and in A.T", (1, 2)),
    ("x.__class__", "attribute access is not allowed: `.` only appears in numbers and in A.T", (1, 2)),
    ("a[0]", "subscripts like a[0] are not part of the answer syntax: write a_0", (1, 2)),
    ("(x)[1]", "subscripts like a[0] are not part of the answer syntax: write a_0", (3, 4)),
    # strings
    ('"abc"', "text in quotes is not part of the answer syntax", (0, 1)),
    ("'abc'", "text in quotes is not part of the answer syntax", (0, 1)),
    ("`ls`", "text in quotes is not part of the answer syntax", (0, 1)),
    ("__import__('os')", "a name starts with a letter", (0, 1)),
    # lambdas, comprehensions, assignments, keywords
    ("lambda: 1", "`:` is not part of the answer syntax", (6, 7)),
    ("[x for x in y]", "`for` is a programming keyword, not part of the answer syntax", (3, 6)),
    ("x if y else z", "`if` is a programming keyword, not part of the answer syntax", (2, 4)),
    ("x = 2", "type only the expression, without `=` (for y = 2x type 2x)", (2, 3)),
    ("x := 2", "`:` is not part of the answer syntax", (2, 3)),
    ("x += 1", "type only the expression, without `=` (for y = 2x type 2x)", (3, 4)),
    ("import os", "`import` is a programming keyword, not part of the answer syntax", (0, 6)),
    ("exec(x)", "`exec` is a programming keyword, not part of the answer syntax", (0, 4)),
    ("None", "`None` is a programming keyword, not part of the answer syntax", (0, 4)),
    ("x and y", "`and` is a programming keyword, not part of the answer syntax", (2, 5)),
    # unknown functions, with a suggestion where one exists
    ("sine(x)", "unknown function `sine`: did you mean `sin`?", (0, 4)),
    ("sinc(x)", "unknown function `sinc`: did you mean `sin`?", (0, 4)),
    ("2 sqr(x)", "unknown function `sqr`: did you mean `sqrt`?", (2, 5)),
    ("log2(x)", "unknown function `log2`: did you mean `log`?", (0, 4)),
    ("log10(x)", "unknown function `log10`: did you mean `log`?", (0, 5)),
    ("gelu(x)", "unknown function `gelu`: did you mean `relu`?", (0, 4)),
    ("eval(x)", "unknown function `eval`", (0, 4)),
    ("factorial(10^9)", "unknown function `factorial`", (0, 9)),
    ("foo(x)", "unknown function `foo`: did you mean `floor`?", (0, 3)),
    ("qux(x)", "unknown function `qux` (for a product write q*u*x*(…))", (0, 3)),
    ("erf(x)", "unknown function `erf` (for a product write e*r*f*(…))", (0, 3)),
    # a function run into its argument
    ("sinx", "unknown name `sinx`: for sin of x write sin(x) or sin x", (0, 4)),
    ("2lnx", "unknown name `lnx`: for ln of x write ln(x) or ln x", (1, 4)),
    ("sin + x", "`sin` is a function: write sin(x) or sin x", (0, 3)),
    ("sin", "`sin` is a function: write sin(x) or sin x", (0, 3)),
    # other characters
    ("x!", "factorials are not part of the answer syntax", (1, 2)),
    ("|x", "this `|` is never closed (add a `|`)", (0, 1)),
    ("x % 2", "`%` is not part of the answer syntax", (2, 3)),
    ("$x^2", "LaTeX is not needed: type 2*x^2, not $2x^2$", (0, 1)),
    ("\\sqrt x}", "this `}` has no matching `{`", (7, 8)),
    ("x < 1", "comparisons are not part of the answer syntax", (2, 3)),
    ("x ≤ 1", "`≤` is not part of the answer syntax", (2, 3)),
    ("x, y", "unexpected `,`", (1, 2)),
    # malformed numbers
    ("1..2", "`1..` is not a number", (0, 3)),
    ("1.2.3", "`1.2.` is not a number", (0, 4)),
    ("2_3", "`2_` is not a number", (0, 2)),
    # structure
    ("", "type an answer (for example 2*x + 1)", (0, 1)),
    ("x^", "`^` needs an exponent after it", (1, 2)),
    ("*x", "`*` needs something before it", (0, 1)),
    ("x+", "`+` needs something after it", (1, 2)),
    ("(x", "this `(` is never closed", (0, 1)),
    ("x)", "this `)` has no matching `(`", (1, 2)),
    ("()", "empty parentheses", (0, 2)),
    ("[]", "an empty matrix", (0, 2)),
    ("[1, 2", "this `[` is never closed", (0, 1)),
    ("[1 2; 3]", "the rows of this matrix have different lengths (1, 2)", (0, 8)),
    ("[[1, 2], [3]]", "the rows of this matrix have different lengths (1, 2)", (0, 13)),
    ("sin()", "`sin` needs an argument", (3, 5)),
    ("sin(x, y)", "`sin` takes 1 argument, got 2", (0, 9)),
    ("'x", "a transpose mark `'` must follow a matrix or vector", (0, 1)),
    # size and magnitude limits
    ("10^10^10", "the exponent is too large (the limit is 10^6)", (0, 8)),
    ("x^1000001", "the exponent is too large (the limit is 10^6)", (0, 9)),
    ("x^(10^10)", "the exponent is too large (the limit is 10^6)", (0, 9)),
    ("10^400", "this number is too large to work with", (0, 6)),
    ("e^1000", "this number is too large to work with", (0, 6)),
    ("1e400", "this number is too large to work with", (0, 5)),
    ("1e-400", "this number is too large to work with", (0, 6)),
    ("1" * 41, "this number has too many digits (the limit is 40)", (0, 41)),
]


@pytest.mark.parametrize("text, message, span", REJECTED)
def test_rejected_inputs(text, message, span):
    exc = error(text)
    assert exc.message == message
    assert (exc.start, exc.end) == span


@pytest.mark.parametrize(
    "text, message",
    [
        ("z", "unknown name `z` (this answer can use x, y)"),
        ("xz", "unknown name `xz`: did you mean `x`?"),
        ("alpha", "unknown name `alpha` (this answer can use x, y)"),
        ("2x + q", "unknown name `q` (this answer can use x, y)"),
    ],
)
def test_strict_scope_names_the_unknown_name(text, message):
    assert error(text, STRICT).message == message


def test_caret_points_at_the_offending_text():
    assert error("2x + sine(x)").caret() == "2x + sine(x)\n     ^^^^"
    assert error("(x + 1").caret() == "(x + 1\n^"
    assert error("x + 1)").caret() == "x + 1)\n     ^"


def test_caret_is_placed_in_the_typed_text_after_unicode():
    # σ expands to `sigma` internally; the caret must still sit under what the student typed
    exc = error("σ(x)·foo(y)")
    assert exc.message.startswith("unknown function `foo`")
    assert exc.caret() == "σ(x)·foo(y)\n     ^^^"
    assert error("x² ≤ 1").caret() == "x² ≤ 1\n   ^"


def test_length_limit():
    exc = error("x+" * (MAX_LENGTH // 2) + "x")
    assert exc.message == f"the answer is too long ({MAX_LENGTH + 1} characters; the limit is {MAX_LENGTH})"
    assert parse("+".join(["x"] * 300))  # 599 characters, 599 nodes: within every limit


def test_depth_limit():
    ok = "(" * MAX_DEPTH + "x" + ")" * MAX_DEPTH
    assert read(ok) == "x"
    exc = error("(" * (MAX_DEPTH + 1) + "x" + ")" * (MAX_DEPTH + 1))
    assert exc.message == f"the answer is nested too deeply (more than {MAX_DEPTH} levels)"
    assert exc.start == MAX_DEPTH
    assert error("-" * 60 + "x").message.startswith("the answer is nested too deeply")
    assert error("sin(" * 45 + "x" + ")" * 45).message.startswith("the answer is nested too deeply")


def test_node_limit():
    exc = error("+".join(["1"] * 400))
    assert exc.message == f"the answer is too large (more than {MAX_NODES} parts)"


def test_power_towers_and_huge_powers():
    assert error("2^2^2^2^2").message == "this number is too large to work with"
    assert error("9^9^9").message == "the exponent is too large (the limit is 10^6)"
    assert error("2**1100").message == "this number is too large to work with"
    assert error("(10^10)^40").message == "this number is too large to work with"
    assert read("(x-a)^6000") == "(x - a)^6000"  # cheap to evaluate: only the value's size is limited
    assert read("x^1000000") == "x^1000000"  # the largest power of a variable
    assert read("2^-10") == "2^(-10)"


def test_non_text_input_is_rejected():
    with pytest.raises(ParseError, match="must be text"):
        parse(None)  # type: ignore[arg-type]
    with pytest.raises(ParseError, match="must be text"):
        parse(b"x")  # type: ignore[arg-type]


def test_long_letter_runs_are_rejected_quickly():
    import time

    start = time.process_time()  # the work it costs, whatever else the machine runs
    exc = error("x" * 999)
    assert exc.message.startswith("unknown name `xxxx")
    assert time.process_time() - start < 0.5


# --- printing: what "read as" shows can be typed back ---

ROUND_TRIP = [t for t, _ in NUMBERS + OPERATORS + IMPLICIT + NAMES + FUNCTIONS + UNICODE + MATRICES]


def _shape_of_tree(node):
    """The tree with numbers reduced to their values (2.5E4 prints as 25000, an integer)."""
    return [(type(n).__name__, n.value if isinstance(n, Num) else getattr(n, "op", getattr(n, "name", "")))
            for n in walk(node)]


@pytest.mark.parametrize("text", ROUND_TRIP)
def test_to_text_and_to_unicode_read_back_to_the_same_tree(text):
    node = parse(text)  # free names, as `compare` reads them: printed as typed (x1, not x₁)
    assert _shape_of_tree(parse(to_text(node))) == _shape_of_tree(node)
    with names_as_typed():
        assert _shape_of_tree(parse(to_unicode(node))) == _shape_of_tree(node)


DECLARED = ["x1", "W1", "s10", "x12", "xhat", "yhat", "x_hat", "xhat_i", "lambda_max", "C_in", "C_out", "y_i",
            "delta_ij", "beta_1", "mu", "sigma_B", "x1_i", "A_11", "z_2", "eps", "sigma2"]


@pytest.mark.parametrize("name", DECLARED)
def test_a_declared_name_prints_as_on_paper_and_reads_back(name):
    scope = Scope(variables={name: None})
    shown = to_unicode(parse(f"2{name} + 1", scope))
    assert to_text(parse(shown, scope)) == to_text(parse(f"2{name} + 1", scope))
    assert "_" not in shown or name in ("sigma_B", "x1_i")  # only what Unicode cannot subscript is spelled


@pytest.mark.parametrize(("name", "latex"), [("x1", "x_{1}"), ("W_1", "W_{1}"), ("xhat", "\\hat{x}"),
                                           ("lambda_max", "\\lambda_{max}"), ("eps", "\\varepsilon"),
                                           ("sigma2", "sigma2"), ("x1_i", "x_{1,i}"), ("beta_1", "\\beta_{1}")])
def test_names_on_paper(name, latex):
    from mathquiz.expression.printing import to_latex

    assert to_latex(parse(name, Scope(variables={name: None}))) == latex


@pytest.mark.parametrize(("name", "shown", "typed"), [
    ("x1", "x₁", "x1"), ("W1", "W₁", "W1"), ("xhat", "x̂", "xhat"), ("yhat", "ŷ", "yhat"), ("s10", "s₁₀", "s10"),
    ("W_1", "W₁", "W₁"), ("A_11", "A₁₁", "A₁₁"), ("x_hat", "x̂", "x̂"), ("eps", "ε", "eps"),
    ("sigma2", "sigma2", "sigma2"),
    ("lambda_max", "λₘₐₓ", "λₘₐₓ"), ("C_in", "Cᵢₙ", "Cᵢₙ"), ("delta_ij", "δᵢⱼ", "δᵢⱼ"), ("sigma_B", "σ_B", "σ_B")])
def test_names_print_as_the_prose_writes_them_where_declared_and_as_typed_where_free(name, shown, typed):
    assert to_unicode(parse(name, Scope(variables={name: None}))) == shown
    with names_as_typed():  # x₁ would read as x_1 where x1 is not declared
        assert to_unicode(parse(name, Scope(variables={name: None}))) == typed


@pytest.mark.parametrize(
    "text, shown",
    [("2A^T(Ax-b)", "2Aᵀ·(A·x − b)"), ("x^2", "x²"), ("sigma(x)", "σ(x)"), ("pi r^2", "π·r²"),
     ("x^-1", "x⁻¹"), ("delta_ij", "δᵢⱼ"), ("[1 2; 3 4]", "[[1, 2], [3, 4]]")],
)
def test_unicode_form(text, shown):
    assert to_unicode(parse(text, MATRIX)) == shown


def test_control_characters_are_named_not_echoed():
    with pytest.raises(ParseError) as info:
        parse("x\x1b[2J")
    assert info.value.message == "U+001B is not part of the answer syntax"
    assert "\x1b" not in info.value.caret()
