"""Typed answers at the parser's limits: printing, judging and batches never fail with an internal
error, and the time box is kept by measuring the machine rather than assuming its speed."""

from __future__ import annotations

import json
import time

import pytest
from typer.testing import CliRunner

from mathquiz.cli.main import app
from mathquiz.expression.limits import MAX_NODES
from mathquiz.expression.parser import parse
from mathquiz.expression.printing import to_latex, to_text, to_unicode
from mathquiz.expression.scope import Scope
from mathquiz.judging.contract import compare_texts, run_batch

runner = CliRunner()
SQUARE = {"A": "2x2"}

# each is as deep as the node limit allows, with no parentheses (so the nesting limit does not stop it)
DEEP = [
    ("x", "+".join(["x"] * (MAX_NODES // 2)), None),
    ("x", "*".join(["x"] * (MAX_NODES // 2)), None),
    ("x", "-".join(["x"] * (MAX_NODES // 2)), None),
    ("x", "/".join(["x"] * (MAX_NODES // 2)), None),
    ("A", "A" + "'" * 330, SQUARE),
    ("A", "A" + "ᵀ" * 500, SQUARE),
    ("A", "A" + "'" * (MAX_NODES - 1), SQUARE),
    ("A", "@".join(["A"] * (MAX_NODES // 2)), SQUARE),
]
HUGE = [("9999999999e300", "9.999999999e309"), ("-9999999999e300", "-9.999999999e309"),
        ("-12345678901234567890e300", "-1.234567890123456789e319"),
        ("12345678901234567890e300", "1.234567890123456789e319")]


@pytest.mark.parametrize("expected, given, shapes", DEEP)
def test_deepest_answers_are_judged_and_printed(expected, given, shapes):
    result = compare_texts(expected, given, shapes)
    assert result["verdict"] in ("equivalent", "different", "undecided"), result
    assert result["read_as"]


@pytest.mark.parametrize("expected, given, shapes", DEEP)
def test_every_printer_handles_the_deepest_tree(expected, given, shapes):
    dims = dict.fromkeys(shapes or {}, (2, 2))
    tree = parse(given, Scope(variables=dims, free=True))
    for printer in (to_text, to_unicode, to_latex):
        assert len(printer(tree)) >= len(given) // 2


@pytest.mark.parametrize("number, shown", HUGE)
def test_numbers_beyond_a_float_print_exactly(number, shown):
    result = compare_texts("x", number)
    assert result["verdict"] == "different"
    assert result["read_as"].replace("−", "-") == shown
    assert to_latex(parse(number, Scope(free=True))) == shown


def test_cli_compare_of_a_huge_number_is_a_verdict():
    result = runner.invoke(app, ["compare", "--json", "x", "9999999999e300"])
    assert result.exit_code == 1, result.output
    assert json.loads(result.stdout)["read_as"] == "9.999999999e309"


def test_batch_goes_on_after_a_line_that_cannot_be_judged(monkeypatch):
    import mathquiz.judging.contract as contract

    real = contract.compare_texts

    def flaky(expected, given, *args):
        if given == "boom":
            raise OverflowError("a line the grader cannot handle")
        return real(expected, given, *args)

    monkeypatch.setattr(contract, "compare_texts", flaky)
    lines = [json.dumps({"expected": "x", "given": g}) for g in ("x", "boom", "+".join(["x"] * 250), "2x")]
    verdicts = [r["verdict"] for r in run_batch(lines)]
    assert verdicts == ["equivalent", "undecided", "different", "different"]


@pytest.mark.parametrize("expr", ["A*A*A + inv(A)", "A^5 + inv(A)", "det(A*A) + trace(inv(A*A))"])
def test_time_box_is_kept_for_heavy_matrices(expr):
    start = time.process_time()  # the time box counts CPU time, so a busy machine cannot fail this
    result = compare_texts(expr, expr, {"A": "50x50"})
    took = time.process_time() - start
    assert result["verdict"] in ("equivalent", "undecided")
    assert took < 2.0 * 1.3, f"{took:.2f} s of CPU for a 2 s time box"
