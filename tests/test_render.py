"""What the terminal shows when a formula is wider than the screen."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from mathquiz import render
from mathquiz.expression.parser import parse
from mathquiz.expression.scope import Scope


@pytest.fixture
def narrow(monkeypatch):
    out = io.StringIO()
    monkeypatch.setattr(render, "console", Console(file=out, width=40, color_system=None))
    return out


def shown(thing) -> str:
    buffer = io.StringIO()
    Console(file=buffer, width=200, color_system=None).print(thing)
    return buffer.getvalue()


def test_a_narrow_formula_is_drawn_in_two_dimensions(narrow):
    text = shown(render.formula(parse("[[1/2, 3], [1, 2]]"), label="answer: "))  # a column would go on one line
    assert "⎡" in text and "answer: " in text


def test_a_wide_numeric_matrix_becomes_four_digit_decimals(narrow):
    entry = ["e/(1+e^2+e^3)", "1/(1+e^2+e^3)", "e^2/(1+e^2+e^3)"]
    wide = parse("[[" + "], [".join(", ".join(entry) for _ in range(3)) + "]]")  # 3×3: too wide for 40
    text = shown(render.formula(wide, label="answer: "))
    assert "answer ≈ " in text and "0.09546" in text  # e/(1 + e² + e³) = 0.095459…
    assert max(len(line) for line in text.splitlines()) <= 40


def test_a_wide_symbolic_formula_falls_back_to_one_line(narrow):
    node = parse("(x^2+1)/(x^3+x^2+x+1) + (y^2+1)/(y^3+y^2+y+1) + (z^2+1)/(z^3+z^2+z+1)")
    text = shown(render.formula(node, label="f = "))
    assert "\n" not in text.rstrip("\n") and text.startswith("f = (x² + 1)/")


@pytest.mark.parametrize("text", ["n^2 p (1-p)", "[1, -2; 3/4, -x]", "-(x^-1)/(2-y)", "2A^T(Ax-b) - 3"])
def test_2d_and_one_line_forms_use_the_same_minus_and_dot(text):
    from mathquiz.expression.parser import parse
    from mathquiz.expression.printing import to_unicode
    from mathquiz.judging.pretty2d import pretty

    node = parse(text, Scope(variables={"A": (2, 2), "b": (2, 1), "x": (2, 1), "n": None, "p": None, "y": None}))
    for shown in (pretty(node), to_unicode(node)):
        assert "-" not in shown and "⋅" not in shown, shown
        assert "−" in shown or "·" in shown, shown


def test_a_negative_decimal_shows_the_minus_sign_of_paper():
    from fractions import Fraction

    from mathquiz.expression.expr import Mat, Num
    from mathquiz.expression.printing import to_text, to_unicode

    column = Mat(((Num(Fraction(-30), decimal=True),), (Num(Fraction(-3, 2)),)))
    assert to_unicode(column) == "(−30, −3/2)ᵀ" and to_text(column) == "[-30, -3/2]"


@pytest.mark.parametrize(("text", "shown"), [("2*x", "2x"), ("1*p + 0*(1 - p)", "1·p + 0·(1 − p)"), ("3*x^2", "3x²")])
def test_a_coefficient_is_written_against_its_factor_unless_it_is_0_or_1(text, shown):
    from mathquiz.expression.printing import to_unicode

    assert to_unicode(parse(text)) == shown


def test_a_monte_carlo_line_shows_the_drawn_values_not_the_files_names(monkeypatch):
    from mathquiz.expression.printing import to_unicode
    from mathquiz.problem.bank import load_problem, scan
    from mathquiz.problem.instances import draw
    from mathquiz.proof.montecarlo import run

    out = io.StringIO()
    monkeypatch.setattr(render, "console", Console(file=out, width=200, color_system=None))
    inst = draw(load_problem(scan().entries["bernoulli-moments"]), 7)
    render.show_solution(inst, [run(check, inst.values, inst.seed) for check in inst.problem.checks])
    lines = [line for line in out.getvalue().splitlines() if line.startswith("Monte-Carlo check")]
    p0 = to_unicode(inst.trees()["p0"])
    assert lines and all("p0" not in line and "−" in line for line in lines), lines
    assert all(p0 in line for line in lines), lines


def test_the_exam_report_marks_a_part_not_answered_as_not_answered_not_as_wrong(monkeypatch):
    from datetime import datetime, timezone

    from mathquiz.expression.printing import to_text
    from mathquiz.problem import bank
    from mathquiz.render.reports import show_exam_report
    from mathquiz.study.exam import ExamSession, report

    entries = bank.scan().entries
    now = [0.0]
    exam = ExamSession([(bank.load_problem(entries["sigmoid-derivative"]), 1)], minutes=10,
                       clock=lambda: now[0], seed=7, started_at=datetime(2025, 3, 1, tzinfo=timezone.utc))
    first = exam.current()[1]
    exam.send(to_text(first.mistakes[0][0]))  # a wrong final answer (a named mistake) …
    now[0] = 601.0  # … then time runs out
    assert exam.current() is None
    out = io.StringIO()
    monkeypatch.setattr(render, "console", Console(file=out, width=120, color_system=None))
    show_exam_report(report(exam))
    heads = [line for line in out.getvalue().splitlines() if " part " in line and line.endswith(")")]
    assert heads[0] == "✘ sigmoid-derivative part 1 (incorrect)"
    assert len(heads) > 1 and all(h.startswith("· ") and h.endswith("(unanswered)") for h in heads[1:])


def test_the_worked_solution_does_not_say_a_formula_twice(monkeypatch):
    from mathquiz.problem import bank
    from mathquiz.problem.instances import draw
    from mathquiz.render.solutions import show_solution

    inst = draw(bank.load_problem(bank.scan().entries["batchnorm-forward"]), 1)  # μ_B = 8/4, then = 2
    out = io.StringIO()
    monkeypatch.setattr(render, "console", Console(file=out, width=100, color_system=None))
    show_solution(inst)
    lines = [line.strip() for line in out.getvalue().splitlines() if line.strip()]
    assert "μ_B = 2" in lines
    for before, after in zip(lines, lines[1:], strict=False):
        assert not (after.startswith("= ") and before.endswith(" " + after)), (before, after)
