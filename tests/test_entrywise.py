"""A declared entry-wise reading (issue 23, item 5): where the statement says functions act entry
by entry, `max(0, Wx)`, `1/(1 + exp(−Xw))` and `tanh(z)²` of a vector are read so, shapes still
checked; without the declaration the same answers keep their shape message."""

from __future__ import annotations

import textwrap

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mathquiz.expression.notation import as_written, read_as
from mathquiz.expression.parser import parse
from mathquiz.expression.printing import to_text
from mathquiz.expression.scope import Scope
from mathquiz.judging.contract import compare_texts, run_batch
from mathquiz.judging.equivalence import CORRECT, INCORRECT, Context, compare
from mathquiz.problem.bank import load_problem, scan
from mathquiz.problem.instances import draw, fill
from mathquiz.problem.loading import load
from mathquiz.problem.part_grading import grade

SHAPES = {"W": (3, 2), "x": (2, 1), "X": (4, 2), "w": (2, 1), "z": (3, 1), "t": (4, 1), "A": (3, 3)}

# one problem, its parts asked twice: first as the statement declares (entry by entry), then with
# the part's own `entrywise: false`, as a problem that says nothing
TINY = """\
id: tiny-entrywise
title: Entry by entry
topic: testing
source: made up
text: "A layer computes h = relu(Wx) and p = σ(Xw); relu, σ and tanh act entry by entry."
entrywise: true
symbols:
  W: {shape: [3, 2]}
  x: {shape: [2, 1]}
  X: {shape: [4, 2]}
  w: {shape: [2, 1]}
  z: {shape: [3, 1]}
parts:
%s
solution:
  - text: By definition.
    label: h
    math: relu(W*x)
"""
KEYS = ["relu(W*x)", "sigma(X*w)", "exp(z)", "1 - hadamard(tanh(z), tanh(z))"]
PART = """\
  - prompt: "Give it."
    kind: matrix-expression
    answer: %s
    entrywise: %s
"""


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    parts = "".join(PART % (key, flag) for flag in ("true", "false") for key in KEYS)
    path = tmp_path_factory.mktemp("entrywise") / "tiny.yaml"
    path.write_text(textwrap.dedent(TINY % parts.rstrip("\n")), encoding="utf-8")
    return draw(load(path)[0], 1)


@pytest.mark.parametrize(("index", "typed", "shape_message"), [
    (0, "max(0, W x)", "max takes scalars (or one vector)"),
    (0, "max(W x, 0)", "max takes scalars (or one vector)"),
    (1, "1/(1 + exp(-X w))", "cannot divide by a 4×1 matrix"),
    (1, "1/(1 + e^(-X w))", "an exponent must be a scalar"),
    (2, "1/exp(-z)", "cannot divide by a 3×1 matrix"),
    (2, "e^z", "an exponent must be a scalar"),
    (3, "1 - tanh(z)^2", "a 3×1 vector has no powers"),
    (3, "1/cosh(z)^2", "has no powers"),
])
def test_declared_the_class_is_read_entry_by_entry_else_it_keeps_its_shape_message(tiny, index, typed, shape_message):
    declared, undeclared = tiny.parts[index], tiny.parts[index + len(KEYS)]
    verdict = grade(declared, typed)
    assert verdict.status == CORRECT, verdict.reason
    assert verdict.read_as.endswith(", entry by entry")
    plain = grade(undeclared, typed)
    assert plain.status == INCORRECT and shape_message in plain.reason
    assert "entry by entry" not in plain.read_as


@pytest.mark.parametrize(("index", "typed"), [
    (0, "max(1, W x)"), (0, "max(0, -W x)"), (0, "min(0, W x)"),
    (1, "1/(1 + exp(X w))"), (1, "1/(1 - exp(-X w))"),
    (3, "1 - tanh(z)^3"), (3, "tanh(z)^2 - 1"),
])
def test_a_wrong_entry_wise_answer_is_still_wrong(tiny, index, typed):
    assert grade(tiny.parts[index], typed).status == INCORRECT


def test_shapes_are_still_checked_under_the_declaration(tiny):
    relu = tiny.parts[0]
    row = grade(relu, "max(0, W x)'")  # the result has the vector's shape: here a row
    assert row.status == INCORRECT and "expected 3×1, got 1×3" in row.reason
    mixed = grade(relu, "max(0, W x) + x/(W x)")  # 2×1 over 3×1: no entry-wise reading fits
    assert mixed.status == INCORRECT and "cannot divide by a 3×1 matrix" in mixed.reason
    assert grade(relu, "max(0, W)").status == INCORRECT  # a 3×2 matrix where a column is asked
    for typed, message in (("max(0, (x W)^2)", "cannot multiply 2×1 by 3×2"), ("1/(x W)", "cannot multiply"),
                           ("max(0, W x, x)", "max takes scalars")):  # an ill-shaped piece: its own message
        verdict = grade(relu, typed)
        assert verdict.status == INCORRECT and message in verdict.reason, verdict.reason


def read(typed: str, entrywise: bool = True):
    return as_written(parse(typed, Scope(variables=SHAPES, free=False)), SHAPES, entrywise=entrywise)


def test_what_has_a_matrix_meaning_keeps_it():
    assert read("A^2") == read("A^2", entrywise=False)  # the square matrix's power, A·A
    assert read("max(z)") == read("max(z)", entrywise=False)  # the largest entry
    assert read("z/2") == read("z/2", entrywise=False)  # a vector over a number
    assert read_as(read("A^2 + 1/(2 + 3)")) == "A² + 1/(2 + 3)"


def test_the_reading_prints_as_typed_and_reads_back_the_same():
    for typed in ("max(0, W x)", "1/(1 + exp(-X w))", "1 - tanh(z)^2", "2^z/(1 + z^2)", "min(z, 1, -z)"):
        tree = read(typed)
        assert read_as(tree).endswith(", entry by entry")
        assert read(to_text(tree)) == tree
    assert read_as(read("1/(1 + exp(-X w))")) == "1/(1 + exp(−X·w)), entry by entry"
    # each reading sees what the other made: x·x is the dot product xᵀx, a number, over W entry by entry
    assert read_as(read("(x x)/W")) == read_as(read("x'x/W")) == "xᵀ·x/W, entry by entry"


def test_entry_by_entry_values():
    expected = Context(shapes=SHAPES)
    for key, typed in (("relu(W*x)", "max(0, W x)"), ("z - relu(z - 1)", "min(z, 1)"), ("hadamard(z, z)", "z^2"),
                       ("exp(log(2)*z)", "2^z"), ("hadamard(z, sigma(z))", "z/(1 + e^(-z))")):
        verdict = compare(parse(key, Scope(variables=SHAPES)), read(typed), expected)
        assert verdict.status == CORRECT, (typed, verdict.reason)


def _bank(pid: str, seed: int = 1):
    return draw(load_problem(scan().entries[pid]), seed)


@pytest.mark.parametrize(("pid", "index", "typed"), [
    ("logistic-regression-gradient", 0, "1/{N} X^T(1/(1 + exp(-X w)) - t)"),
    ("mlp-backprop", 1, "(v'max(0, Wx) - y) max(0, Wx)"),
    ("relu-gradient", 3, "g ⊙ max(alpha, step(z))"),
    ("kl-diagonal-gaussians", 3, "{sg} - 1/{sg}"),
    ("l1-soft-threshold", 2, "max(0, {v0} - ({l0})) - max(0, -{v0} - ({l0}))"),
    ("layernorm", 1, "{gm} .* ({x1} - mean({x1}))/sqrt(mean(({x1} - mean({x1}))^2)) + {bt}"),
])
def test_the_bank_declares_it_where_the_statement_says_so(pid, index, typed):
    inst = _bank(pid)
    assert inst.problem.entrywise
    verdict = grade(inst.parts[index], fill(typed, inst, "text"))
    assert verdict.status == CORRECT and verdict.read_as.endswith(", entry by entry"), verdict.reason


def test_a_named_mistake_typed_entry_by_entry_gets_its_feedback():
    inst = _bank("mlp-backprop")
    verdict = grade(inst.parts[1], "max(0, Wx)")  # ∇_v without the error factor ŷ − y
    assert verdict.status == INCORRECT and "mistake" in verdict.notes


def test_without_a_statement_saying_so_the_bank_keeps_the_shape_message():
    inst = _bank("softmax-cross-entropy")  # its statement says nothing of entry-wise functions
    assert not inst.problem.entrywise
    verdict = grade(inst.parts[1], "-t/yhat")
    assert verdict.status == INCORRECT and "cannot divide by" in verdict.reason


def test_the_live_reading_says_entry_by_entry():
    from mathquiz.render.prompt import reading

    inst = _bank("mlp-backprop")
    assert reading(inst.parts[1], "max(0, Wx)").line == "read as: max(0, W·x), entry by entry"


def test_compare_reads_entry_by_entry_when_asked():
    shapes = {"W": "3x2", "x": "2x1"}
    asked = compare_texts("relu(W x)", "max(0, W x)", shapes, entrywise=True)
    assert asked["verdict"] == "equivalent" and asked["read_as"] == "max(0, W·x), entry by entry"
    assert compare_texts("relu(W x)", "max(0, W x)", shapes)["verdict"] == "different"
    line = '{"expected": "relu(W x)", "given": "max(0, W x)", "shapes": {"W": "3x2", "x": "2x1"}, "entrywise": true}'
    assert next(run_batch([line]))["verdict"] == "equivalent"


def test_the_compare_command_takes_entrywise():
    import json

    from typer.testing import CliRunner

    from mathquiz.cli.main import app

    args = ["compare", "sigma(X w)", "1/(1 + exp(-X w))", "--shape", "X=4x2", "--shape", "w=2x1", "--json"]
    declared = CliRunner().invoke(app, [*args, "--entrywise"])
    assert declared.exit_code == 0 and json.loads(declared.stdout)["verdict"] == "equivalent"
    plain = CliRunner().invoke(app, args)
    assert plain.exit_code == 1 and "cannot divide by a 4×1 matrix" in json.loads(plain.stdout)["reason"]


_PIECES = st.sampled_from(["W", "x", "z", "X", "w", "2", "0", "e", "exp(z)", "(W x)", "z'", "A"])
_TYPED = st.recursive(_PIECES, lambda inner: st.one_of(
    st.tuples(inner, st.sampled_from(["/", "^", "*", "+", "-"]), inner).map(lambda t: f"({t[0]}{t[1]}{t[2]})"),
    st.lists(inner, min_size=1, max_size=3).map(lambda xs: f"max({', '.join(xs)})"),
    st.lists(inner, min_size=2, max_size=3).map(lambda xs: f"min({', '.join(xs)})"),
), max_leaves=6)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(_TYPED)
def test_any_mixture_of_shapes_gets_a_verdict_never_an_error(tiny, typed):
    """Whatever is typed under the declaration is judged (a shape message at worst), never a crash,
    and its reading, typed back, reads the same (W + (W + W) prints as W + W + W: the same value)."""
    for part in (tiny.parts[0], tiny.parts[2 + len(KEYS)]):
        verdict = grade(part, typed)
        assert verdict.status in ("correct", "incorrect", "invalid", "undecided")
    shown = read_as(read(typed))
    assert read_as(read(to_text(read(typed)))) == shown


def test_practice_says_how_it_read_an_entry_wise_answer():
    from typer.testing import CliRunner

    from mathquiz.cli.main import app

    parts = len(_bank("mlp-backprop").parts)
    typed = "3 x 2\n(v'max(0, Wx) - y) max(0, Wx)\n" + "skip\n" * (parts - 2)
    result = CliRunner().invoke(app, ["practice", "mlp-backprop", "--seed", "1", "--no-save"], input=typed)
    assert "read as: (vᵀ·max(0, W·x) − y)·max(0, W·x), entry by entry" in result.stdout
    assert result.stdout.count("✔ correct") == 2
