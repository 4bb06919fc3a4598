"""The practice screen at fixed widths, with and without colour: compact vectors and grids, tidy
exact values, the live reading's text, precision, close decimals, counterexamples, solve, list, stats."""

from __future__ import annotations

import io
import re

import pytest
from rich.console import Console
from typer.testing import CliRunner

from mathquiz import render
from mathquiz.expression.parser import parse
from mathquiz.expression.printing import to_unicode
from mathquiz.expression.scope import Scope
from mathquiz.problem.bank import load_problem, scan
from mathquiz.problem.instances import draw
from mathquiz.problem.part_grading import grade, precision_wanted
from mathquiz.render.prompt import reading
from mathquiz.render.values import compact_value, tidy

SCREENS = [(80, False), (80, True), (120, False), (120, True)]
ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture(params=SCREENS, ids=[f"{w}-{'colour' if c else 'plain'}" for w, c in SCREENS])
def screen(request, monkeypatch):
    """render's console at a fixed width, in colour or not; yields a function giving what it showed."""
    width, colour = request.param
    out = io.StringIO()
    console = Console(file=out, width=width, color_system="truecolor" if colour else None,
                      force_terminal=colour, highlight=False)
    monkeypatch.setattr(render, "console", console)

    def shown() -> str:
        return ANSI.sub("", out.getvalue())

    shown.width, shown.colour = width, colour
    return shown


def instance(pid: str, seed: int):
    return draw(load_problem(scan().entries[pid]), seed)


def test_the_softmax_prompt_for_n_4_gives_z_one_line(screen):
    inst = next(i for i in (instance("softmax-jacobian", s) for s in range(1, 60)) if i.values["n"] == 4)
    entries = [str(int(v)).replace("-", "−") for v in list(inst.values["z"])]
    render.show_problem(inst)
    text = screen()
    assert f"z = ({', '.join(entries)})ᵀ" in text and "⎡" not in text
    assert len(text.splitlines()) <= 7  # title, source, blank, two lines of text (and the box)
    assert max(map(len, text.splitlines())) <= screen.width


def test_a_matrix_is_a_grid_of_rows_without_blank_lines(screen):
    render.console.print(render.formula(parse("[[1, 2], [30, 4], [5, 6]]"), label="A = "))
    lines = screen().rstrip("\n").split("\n")
    assert len(lines) == 3 and lines[1].startswith("A = ⎢")
    closing = [line.index("⎤" if k == 0 else "⎥" if k == 1 else "⎦") for k, line in enumerate(lines)]
    assert len(set(closing)) == 1  # the rows line up


@pytest.mark.parametrize("typed, unicode", [
    ("[1, -1, 2]", "(1, −1, 2)ᵀ"),
    ("[1, 2]^T", "[1, 2]ᵀ"),  # a row: the column, transposed
    ("(1, -1, 2)^T", "(1, −1, 2)ᵀ"),
    ("(1, 2)' + [3, 4]", "(1, 2)ᵀ + (3, 4)ᵀ"),
    ("2*[1, 2]", "2·(1, 2)ᵀ"),
    ("[[1, 2], [3, 4]]", "[[1, 2], [3, 4]]"),
    ("[5]", "[5]"),
])  # fmt: skip
def test_column_vectors_read_inline(typed, unicode):
    assert to_unicode(parse(typed)) == unicode
    assert to_unicode(parse(unicode)) == unicode  # what "read as" shows can be typed back


def test_a_bare_list_in_parentheses_is_explained():
    from mathquiz.expression.limits import ParseError

    with pytest.raises(ParseError, match=r"needs ᵀ after it, \(1, 2\)ᵀ, to be a column; or write \[1, 2\]"):
        parse("(1, 2)")


@pytest.mark.parametrize("value, tidied", [
    ("1/(e*(e^(-2) + 2/e + 1))", "e/(1 + e)²"),
    ("e*(-e/(e+2*e^2)+1)/(e+2*e^2)", "2e/(1 + 2e)²"),
    ("e/(e+2*e^2)", "1/(1 + 2e)"),
    ("3/16", "3/16"),
    ("log(e^(-2) + 2/e + 1)", "log(e⁻² + 2/e + 1)"),  # a log is clearer as it is
    ("[e/(e+2*e^2), 1/4]", "(1/(1 + 2e), 1/4)ᵀ"),
])  # fmt: skip
def test_exact_values_are_shown_the_shortest_way(value, tidied):
    assert to_unicode(tidy(parse(value, Scope(author=True)))) == tidied


def test_a_worked_value_has_its_decimal_beside(screen):
    render.console.print(render.value_formula(parse("1/(e*(e^(-2) + 2/e + 1))", Scope(author=True)), label="ŷ1 = "))
    text = screen()
    assert "≈ 0.1966" in text and "(1 + ℯ)" in text and "⁻" not in text


def test_a_softmax_solution_is_tidy_and_says_a_repeated_value_once(screen):
    render.show_solution(instance("softmax-jacobian", 1))
    text = screen()
    assert "ŷ = (1/(1 + 2e), e/(1 + 2e), e/(1 + 2e))ᵀ ≈ (0.1554, 0.4223, 0.4223)ᵀ" in text
    assert "ŷ1 = 1/(1 + 2e)." in text and "and ŷ1" not in text  # tidied in the text too
    assert "0.155362403496964" not in text and "ŷ ≈ (0.1554, 0.4223, 0.4223)ᵀ" in text


@pytest.mark.parametrize("step, once", [
    ("Here i = 4, j = 4, so δᵢⱼ = 1, with ŷ4 = 1/4 and ŷ4 = 1/4.", "Here i = 4, j = 4, so δᵢⱼ = 1, with ŷ4 = 1/4."),
    ("with ŷ4 = 1/4 and ŷ2 = 1/4.", "with ŷ4 = 1/4 and ŷ2 = 1/4."),
])  # fmt: skip
def test_a_step_says_a_value_once(step, once):
    assert render.said_once(step) == once


@pytest.mark.parametrize("pid, seed, part, typed, line", [
    ("lstsq-gradient", 12, 0, "2A^T(Ax-b)", "read as: 2Aᵀ·(A·x − b)"),
    ("lstsq-gradient", 12, 0, "2A^T(Ax-b", "cannot read (column 5): this `(` is never closed"),
    ("lstsq-gradient", 12, 0, "  2A^T(Ax-b", "cannot read (column 7): this `(` is never closed"),
    ("lstsq-gradient", 12, 0, "sine(x)", "cannot read (column 1): unknown function `sine`"),
    ("lstsq-gradient", 12, 1, "[8, 4]", "read as: (8, 4)ᵀ"),
    ("lstsq-gradient", 12, 1, "hint", "command: hint"),
    ("lstsq-gradient", 12, 1, "", ""),  # quiet with nothing typed
    ("bayes-rule", 1, 1, "  ", ""),
    ("matrix-shapes", 2, 0, "1 by 1", "read as: 1×1"),
    ("norm-zero-proof", 2, 3, "7", "cannot read: type the number of a choice, from 1 to 4"),
])  # fmt: skip
def test_the_live_reading_reads_and_never_judges(pid, seed, part, typed, line):
    said = reading(instance(pid, seed).parts[part], typed).line
    assert said.startswith(line) and (said or not line)
    assert not re.search(r"correct|wrong|incorrect|right", said)


@pytest.mark.parametrize("typed, close", [("0.13", True), ("0.131", True), ("0.2", False), ("1/8", False)])
def test_a_decimal_close_to_the_key_asks_for_more_digits(typed, close):
    verdict = grade(instance("softmax-jacobian", 1).parts[0], typed)  # the key is 0.13122…
    # rounded too early is said and does not count as a try (issue 23); plainly wrong counts
    assert verdict.status == ("invalid" if close else "incorrect")
    said = f"{typed} is close: give 4 significant digits, or the exact value (this try did not count)"
    assert (verdict.reason == said) is close


def test_every_numeric_part_says_the_precision_it_wants(screen):
    inst = instance("bayes-rule", 1)
    assert precision_wanted(inst.parts[1]) == "exact, or 4 significant digits"  # the key is 3/16
    assert precision_wanted(instance("lstsq-gradient", 12).parts[0]) is None  # a formula
    assert precision_wanted(instance("lstsq-gradient", 12).parts[1]) is None  # whole numbers
    render.show_part(inst, inst.parts[1])
    assert "exact, or 4 significant digits" in screen()


def test_a_wrong_answer_without_a_named_mistake_shows_the_counterexample(screen):
    from mathquiz.study.session import Graded

    part = instance("lstsq-gradient", 1).parts[0]
    verdict = grade(part, "2A^T(Ax-b) + x")  # no named mistake, no generated slip
    render.show_graded(Graded(verdict, 0, True), part)
    assert max(map(len, screen().splitlines())) <= screen.width
    text = " ".join(screen().split())
    assert "entries 1, 2, 3 differ, for example at A = [[" in text
    assert re.search(r"A = \[\[[−0-9., \[\]]+\]\], b = \([−0-9., ]+\)ᵀ, x = \([−0-9., ]+\)ᵀ:", text)
    assert re.search(r"yours is \([−0-9., ]+\)ᵀ, expected \([−0-9., ]+\)ᵀ", text)
    assert "the answer: 2Aᵀ·(A·x − b)" in text


def test_a_named_mistake_needs_no_counterexample(screen):
    from mathquiz.study.session import Graded

    part = instance("lstsq-gradient", 1).parts[0]
    render.show_graded(Graded(grade(part, "A^T(Ax-b)"), 1, False), part)
    assert "factor 2" in screen() and "yours is" not in screen()


@pytest.mark.parametrize("value, text", [(1.87, "1.87"), (-0.5, "−0.5")])
def test_compact_scalars(value, text):
    assert compact_value(value) == text


@pytest.mark.parametrize("width", [80, 120])
def test_solve_text_prints_choices_steps_and_lines(width):
    from mathquiz.cli.main import app

    result = CliRunner().invoke(app, ["solve", "norm-zero-proof", "--seed", "2"], env={"COLUMNS": str(width)})
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert " 1. Assume ‖u − v‖ = 0" in out  # a step to order
    assert re.search(r" 3\. multiply out: uᵀ·u − vᵀ·v", out)  # a line of the find-the-wrong-step part
    assert re.search(r" 4\. It is ‖u − v‖² = Σᵢ", out)  # a choice
    assert max(map(len, out.splitlines())) <= width


@pytest.mark.parametrize("width", [60, 80, 120])
def test_list_shows_whole_titles(width):
    from mathquiz.study.listing import table

    topics = scan().topics()
    text = table(topics, width=width)
    assert max(map(len, text.splitlines())) < width
    flowing = " ".join(text.split())
    for entries in topics.values():
        for e in entries:
            assert " ".join(e.title.split()) in flowing
    assert f"{sum(map(len, topics.values()))} problems in {len(topics)} topics" in text
    if "exercise 2 c" in text:  # the source column only where every source fits whole
        assert "Math background sheet, exercise 2 c" in text or "exercise 2 c\n" in text


def test_list_shows_sources_where_they_fit():
    from types import SimpleNamespace

    from mathquiz.study.listing import table

    topics = {"lstsq": [SimpleNamespace(id="lstsq-gradient", title="Gradient of the least-squares loss",
                                        source="Math background sheet, exercise 2 c")]}
    assert "exercise 2 c" in table(topics, width=120) and "exercise 2 c" not in table(topics, width=60)


def test_list_groups_many_topics_with_counts():
    from types import SimpleNamespace

    from mathquiz.study.listing import table

    topics = {f"topic{t}": [SimpleNamespace(id=f"p{t}-{k}", title=f"Problem {k} of topic {t}", source="sheet")
                            for k in range(t % 5 + 1)] for t in range(14)}
    text = table(topics, width=80)
    assert "topic13 (4 problems)" in text and "topic0 (1 problem)" in text
    assert text.count("\n\ntopic") == 14  # each topic set apart by a blank line


def test_stats_mistakes_wrap_under_their_indent(screen):
    from mathquiz.render.reports import show_stats

    long = "The factor 2 from differentiating the square is missing; " * 4
    show_stats({}, {}, [], [(long.strip(), 12)])
    lines = screen().splitlines()
    start = next(k for k, line in enumerate(lines) if "12×" in line)
    body = lines[start].index("The")
    follow = [line for line in lines[start + 1:] if line.strip()]
    assert follow and all(line[:body].strip() == "" and line[body] != " " for line in follow)
