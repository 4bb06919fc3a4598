"""What comparisons remember: a verdict is reused only where it is the verdict a fresh comparison
would give, and a tree's remembered hash never leaves its process."""

from __future__ import annotations

import pickle
import subprocess
import sys
from fractions import Fraction

from mathquiz.expression.expr import BinOp, Name, Num
from mathquiz.expression.parser import parse
from mathquiz.judging import remembered
from mathquiz.judging.equivalence import CORRECT, INCORRECT, Context, Settings, _Sampler, compare
from mathquiz.judging.remembered import fresh_rng


def _fresh(expected, given, points: int, ctx: Context | None = None):
    remembered._VERDICTS.clear()
    return compare(expected, given, ctx, Settings(points=points))


def _agrees_at_first_two_only():
    """x and x + relu(x − t) (or relu(t − x)), with t at the edge of the first two test points of x
    and a later point beyond it: equal at the first two points a comparison draws, not at all six."""
    sampler = _Sampler(Context(), fresh_rng())
    xs = [sampler.draw({"x"})["x"] for _ in range(6)]
    if max(xs[2:]) > max(xs[:2]):
        given = f"x + relu(x - ({max(xs[:2])}))"
    else:
        assert min(xs[2:]) < min(xs[:2]), "the test points of x changed: pick another construction"
        given = f"x + relu(({min(xs[:2])}) - x)"
    return parse("x"), parse(given)


def test_agreement_at_few_points_is_not_taken_for_agreement_at_more():
    expected, given = _agrees_at_first_two_only()
    assert _fresh(expected, given, 2).status == CORRECT
    assert _fresh(expected, given, 6).status == INCORRECT  # what a fresh comparison says …
    remembered._VERDICTS.clear()
    assert compare(expected, given, None, Settings(points=2)).status == CORRECT
    assert compare(expected, given, None, Settings(points=6)).status == INCORRECT  # … also after the 2-point one


def test_a_difference_found_at_few_points_is_the_verdict_at_more():
    expected, given = parse("x^2"), parse("x^3")
    fresh = _fresh(expected, given, 6)
    remembered._VERDICTS.clear()
    compare(expected, given, None, Settings(points=2))
    assert compare(expected, given, None, Settings(points=6)) == fresh
    assert compare(parse("x^2"), parse("x^3"), None, Settings(points=6)) == fresh  # equal trees, new objects


def test_agreement_at_more_points_holds_at_fewer():
    expected, given = parse("(x + 1)^2"), parse("x^2 + 2*x + 1")
    compare(expected, given, None, Settings(points=6))
    assert compare(expected, given, None, Settings(points=3)) == _fresh(expected, given, 3)


def test_settings_context_and_typed_text_keep_verdicts_apart():
    expected, given = parse("x"), parse("x + 1e-7")
    assert compare(expected, given, None, Settings(rtol=1e-3)).status == CORRECT
    assert compare(expected, given, None, Settings(rtol=1e-12)).status == INCORRECT
    a, b = parse("A*x"), parse("x*A")
    wide = Context(shapes={"A": (2, 2), "x": (2, 1)})
    assert compare(a, b, Context()).status == CORRECT  # scalars commute
    assert compare(a, b, wide).status == INCORRECT  # a matrix times a vector does not
    with_value = Context(env={"k": 2})
    assert compare(parse("k*x"), parse("2*x"), with_value).status == CORRECT
    assert compare(parse("k*x"), parse("2*x"), Context(env={"k": 3})).status == INCORRECT


def test_a_tree_as_deep_as_the_parser_allows_is_compared_and_not_remembered():
    node = Name("x")
    for _ in range(3000):
        node = BinOp("+", node, Num(Fraction(1)))
    first = compare(node, node)
    assert first.status == CORRECT and compare(node, node) == first


def test_a_pickled_tree_hashes_afresh_in_another_process():
    tree = parse("x^2 + sin(y)")
    hash(tree)  # remembered on the node
    script = ("import pickle, sys; from mathquiz.expression.parser import parse; "
              "t = pickle.loads(sys.stdin.buffer.read()); "
              "print(hash(t) == hash(parse('x^2 + sin(y)')), {parse('x^2 + sin(y)'): 1}.get(t))")
    for seed in ("1", "2"):  # string hashes differ between processes with different seeds
        out = subprocess.run([sys.executable, "-c", script], input=pickle.dumps(tree), capture_output=True,
                             env={"PYTHONHASHSEED": seed, "PATH": ""}, check=True).stdout.decode()
        assert out.split() == ["True", "1"]
