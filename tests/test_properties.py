"""Property tests: whatever is typed, the parser and the grader answer, in time, with a verdict.

Three sources of input: arbitrary Unicode text, soups of answer-syntax tokens, and well-formed
expressions built from the grammar (which reach the evaluator and the shape checker).
"""

from __future__ import annotations

import time

import mpmath
import numpy as np
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

from mathquiz.expression.expr import Node
from mathquiz.expression.limits import ParseError
from mathquiz.expression.parser import parse
from mathquiz.expression.printing import to_text, to_unicode
from mathquiz.expression.scope import Scope
from mathquiz.expression.shapes import ShapeError, infer
from mathquiz.judging.contract import compare_texts
from mathquiz.judging.equivalence import CORRECT, INCORRECT, INVALID, UNDECIDED, Context, judge
from mathquiz.judging.evaluate import Evaluator, Undefined

VERDICTS = {CORRECT, INCORRECT, INVALID, UNDECIDED}
TIME_BOX = 3.0  # seconds: the grader's 2 s limit plus the one operation it may be in the middle of

FAST = settings(max_examples=200, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

SHAPES = {"A": (2, 2), "B": (2, 3), "v": (2, 1)}
SCALAR_KEYS = [parse(t) for t in ("x^2 + 1", "sin(x) y", "sqrt(x^2)", "2", "log(1/(1-x))")]
MATRIX_SCOPE = Scope(variables=SHAPES)
MATRIX_KEYS = [parse(t, MATRIX_SCOPE) for t in ("A v", "v' v", "B' A", "A + I", "inv(A)")]

TOKENS = [
    "x", "y", "A", "B", "v", "I", "e", "pi", "T", "x_1", "σ", "π", "δ_ij", "0", "1", "2", "0.5", ".5",
    "1e3", "2e", "1000", "+", "-", "−", "*", "·", "/", "^", "**", "@", "'", "ᵀ", "²", "⁻¹", "√", ".T",
    "(", ")", "[", "]", ",", ";", " ", "  ", "sin", "exp", "log", "sqrt", "abs", "softmax", "norm",
    "det", "inv", "trace", "diag", "transpose", "sigmoid", "sine", "foo", "_", ".", "=", "!", "|",
    "lambda", "import", "__", "'os'", "\"", "\\", "$", "#", "\x00", "\n", "é", "😀",
]  # fmt: skip

soup = st.lists(st.sampled_from(TOKENS), max_size=30).map("".join)
any_text = st.text(max_size=120)
mixed = st.one_of(any_text, soup)


# --- well-formed expressions from the grammar ---

ATOMS = ["x", "y", "2", "0", "1/3", "0.5", "1e3", "pi", "e", "-1", "1000"]
MATRIX_ATOMS = ["A", "B", "v", "I", "[1, 2]", "[1 2; 3 4]"]
UNARY = ["exp", "log", "sqrt", "abs", "sin", "cos", "tan", "tanh", "sigma", "atan", "sech", "asin"]
MATRIX_UNARY = ["inv", "det", "trace", "transpose", "norm", "softmax", "diag"]


def expressions(atoms: list[str], functions: list[str]) -> st.SearchStrategy[str]:
    def extend(inner):
        return st.one_of(
            st.tuples(inner, st.sampled_from(["+", "-", "*", "/", " ", "@"]), inner).map(
                lambda t: f"({t[0]}){t[1]}({t[2]})"),
            st.tuples(st.sampled_from(functions), inner).map(lambda t: f"{t[0]}({t[1]})"),
            inner.map(lambda a: f"-({a})"),
            inner.map(lambda a: f"({a})'"),
            st.tuples(inner, st.sampled_from(["2", "3", "-1", "0.5", "x", "T", "1000", "(1/2)"])).map(
                lambda t: f"({t[0]})^{t[1]}"),
            st.tuples(inner, inner).map(lambda t: f"[{t[0]}, {t[1]}]"),
        )

    return st.recursive(st.sampled_from(atoms), extend, max_leaves=12)


scalar_exprs = expressions(ATOMS, UNARY)
matrix_exprs = expressions(ATOMS + MATRIX_ATOMS, UNARY + MATRIX_UNARY)


def timed_judge(key: Node, text: str, scope: Scope | None, ctx: Context):
    start = time.process_time()  # the grader's box counts CPU time
    verdict = judge(key, text, scope, ctx)
    elapsed = time.process_time() - start
    assert elapsed < TIME_BOX, f"{text!r} took {elapsed:.2f} s"
    assert verdict.status in VERDICTS
    event(f"verdict: {verdict.status}")
    assert isinstance(verdict.reason, str) and verdict.reason
    if verdict.status == INVALID:
        caret = verdict.error.caret().split("\n")
        assert caret[1].strip() and set(caret[1].strip()) == {"^"}
        assert len(caret[1]) <= len(caret[0]) + 1
        assert verdict.read_as == ""
    else:
        assert verdict.read_as
    return verdict


@FAST
@given(mixed)
def test_parse_returns_a_tree_or_a_parse_error(text):
    start = time.process_time()  # CPU time: the bound is on the work
    try:
        node = parse(text)
    except ParseError as exc:
        assert exc.message
        assert 0 <= exc.start < exc.end
        exc.caret()
    else:
        assert isinstance(node, Node)
        assert isinstance(to_text(node), str) and isinstance(to_unicode(node), str)
    assert time.process_time() - start < 1.0


@FAST
@given(mixed, st.sampled_from(SCALAR_KEYS))
def test_any_text_gets_a_verdict_in_time(text, key):
    timed_judge(key, text, None, Context())


@FAST
@given(mixed, st.sampled_from(MATRIX_KEYS))
def test_any_text_gets_a_verdict_in_time_with_matrices(text, key):
    timed_judge(key, text, MATRIX_SCOPE, Context(shapes=SHAPES))


@FAST
@given(scalar_exprs, st.sampled_from(SCALAR_KEYS))
def test_any_scalar_expression_gets_a_verdict_in_time(text, key):
    timed_judge(key, text, None, Context())


@FAST
@given(matrix_exprs, st.sampled_from(MATRIX_KEYS))
def test_any_matrix_expression_gets_a_verdict_in_time(text, key):
    timed_judge(key, text, MATRIX_SCOPE, Context(shapes=SHAPES))


@FAST
@given(st.one_of(mixed, scalar_exprs), st.one_of(mixed, scalar_exprs))
def test_compare_texts_always_answers(expected, given_text):
    start = time.process_time()
    result = compare_texts(expected, given_text)
    assert time.process_time() - start < TIME_BOX
    assert set(result) == {"verdict", "reason", "read_as"}
    assert result["verdict"] in {"equivalent", "different", "undecided", "invalid"}
    assert result["reason"]


def _defined_somewhere(node: Node, scope_shapes: dict) -> bool:
    """The key has a real value at one ordinary point (so the grader has points to test)."""
    point = {"x": mpmath.mpf("0.7"), "y": mpmath.mpf("-1.3")}
    for name, shape in scope_shapes.items():
        point[name] = np.array([[mpmath.mpf(0.3 + i - 0.7 * j) for j in range(shape[1])]
                                for i in range(shape[0])], dtype=object)
    try:
        value = Evaluator(point)(node)
    except Undefined:
        return False
    entries = value.flat if hasattr(value, "flat") else [value]
    return all(not isinstance(v, mpmath.mpc) or v.imag == 0 for v in entries)


@FAST
@given(st.one_of(scalar_exprs, matrix_exprs))
def test_a_key_accepts_its_own_printed_forms(text):
    """What `to_text` and "read as" show reads back as the same answer, never as a wrong one."""
    try:
        key = parse(text, MATRIX_SCOPE)
        infer(key, SHAPES)
    except (ParseError, ShapeError):
        assume(False)
    assume(_defined_somewhere(key, SHAPES))
    for printed in (to_text(key), to_unicode(key)):
        verdict = timed_judge(key, printed, MATRIX_SCOPE, Context(shapes=SHAPES))
        assert verdict.status in (CORRECT, UNDECIDED), (printed, verdict.reason)
