"""A derivation checked line by line: each verdict, an align paste, and where the slip is."""

from dataclasses import replace
from pathlib import Path

import pytest

from mathquiz.problem.instances import draw
from mathquiz.problem.loading import load
from mathquiz.study.derivation import DOES_NOT_FOLLOW, FOLLOWS, UNREADABLE, Derivation, split_lines

PROBLEMS = Path(__file__).resolve().parent.parent / "problems"


def test_each_verdict_of_a_line(chain):
    inst, u, du, n = chain
    d = Derivation(inst.parts[0])
    assert d.start is not None  # the derivative of the stated f
    first, = d.add(f"{n}*{u}^({n}-1)*{du}")
    assert first.verdict == FOLLOWS
    slip, = d.add(f"{n}*{u}^({n}-1)*(3*x^2)")
    assert slip.verdict == DOES_NOT_FOLLOW and "at x =" in slip.reason  # a counterexample
    assert slip.example is not None
    bad, = d.add("((")
    assert bad.verdict == UNREADABLE and bad.reason
    # corrected: checked against the last line that followed, not the slip
    fixed, = d.add(f"{n}*{du}*{u}^{n}/{u}")
    assert fixed.verdict == FOLLOWS
    assert d.done().verdict.ok


def test_the_first_line_is_checked_against_the_starting_point(chain):
    inst, u, du, n = chain
    d = Derivation(inst.parts[0])
    line, = d.add(f"{u}^{n}")  # f itself is not f′
    assert line.verdict == DOES_NOT_FOLLOW and "starting point" in line.reason


def test_first_line_that_does_not_follow_and_the_named_mistake(chain):
    inst, u, du, n = chain
    d = Derivation(inst.parts[0])
    d.add(f"{n}*{u}^({n}-1)*{du}")
    missing, = d.add(f"{n}*{u}^({n}-1)")  # the inner derivative dropped: a named mistake
    assert missing.verdict == DOES_NOT_FOLLOW and "inner derivative" in missing.mistake
    d.add(f"2*{n}*{u}^({n}-1)")
    outcome = d.done()
    assert not outcome.verdict.ok and outcome.slip == 2
    assert "line 2" in outcome.message and "inner derivative" in outcome.message


def test_a_latex_align_paste_is_split_into_lines(chain):
    inst, u, du, n = chain
    a, b = inst.values["a"], inst.values["b"]
    d = Derivation(inst.parts[0])
    lines = d.add(rf"\begin{{align*}} f'(x) &= {n}{u}^{{{n}-1}} \cdot {du} \\ "
                  rf"&= {n}\cdot{du}\,{u}^{{{n - 1}}} \\ &= {n}\cdot(3\cdot{a}x^2)\,{u}^{{{n - 1}}} \end{{align*}}")
    assert [ln.verdict for ln in lines] == [FOLLOWS, FOLLOWS, DOES_NOT_FOLLOW]
    assert lines[0].reason == "equal to the starting point" and lines[1].reason == "equal to the line before"
    assert "the line before is" in lines[2].reason  # checked against line 2 of the same paste
    assert b != 0


def test_split_lines_keeps_a_chain_of_equals_apart():
    assert split_lines(r"= 2x \\ = x + x") == ["2x", "x + x"]
    assert split_lines("a = b = c\n= d") == ["a", "b", "c", "d"]
    assert split_lines("x <= 2") == ["x <= 2"]


def test_a_number_part_compares_values():
    problem, _ = load(PROBLEMS / "chain-rule-poly.yaml")
    inst = draw(problem, 1)
    part = inst.parts[1]
    d = Derivation(part)
    right, = d.add(part.answer_text)
    assert right.verdict == FOLLOWS
    same, = d.add(f"({part.answer_text}) * 2 / 2")
    assert same.verdict == FOLLOWS
    off, = d.add(f"({part.answer_text}) + 1")
    assert off.verdict == DOES_NOT_FOLLOW
    assert not d.done().verdict.ok and d.done().slip == 3


def test_a_free_first_line_follows_and_other_kinds_have_no_derivation():
    problem, _ = load(PROBLEMS / "chain-rule-poly.yaml")
    inst = draw(problem, 2)
    part = inst.parts[0]
    part_free = replace(part, part=replace(part.part, derives=None))
    d = Derivation(part_free)
    line, = d.add("x^2")
    assert d.start is None and line.verdict == FOLLOWS
    assert d.add("x*x")[0].verdict == FOLLOWS and d.add("x^3")[0].verdict == DOES_NOT_FOLLOW
    wrong = d.done()
    assert not wrong.verdict.ok and wrong.slip == 3
    bce, _ = load(PROBLEMS / "bce-gradient.yaml")
    stepped = next(p for p in draw(bce, 1).parts if p.part.kind == "wrong-step")
    with pytest.raises(ValueError):
        Derivation(stepped)


def _practice(pid: str, seed: int, lines: list[str], *extra: str):
    from typer.testing import CliRunner

    from mathquiz.cli.main import app

    return CliRunner().invoke(app, ["practice", pid, "--seed", str(seed), "--no-save", *extra],
                              input="\n".join(lines) + "\n")


def test_a_derivation_in_practice_with_piped_input(chain):
    import json

    inst, u, du, n = chain
    lines = ["work", f"{n}*{u}^({n}-1)*{du}", "((", f"{n}*{u}^({n}-1)", f"{n}*{du}*{u}^({n}-1)", "done",
             inst.parts[1].answer_text]
    result = _practice("chain-rule-poly", 1, lines, "--json")
    assert result.exit_code == 0, result.output
    part = json.loads(result.stdout)["results"][0]
    assert part["verdict"] == "correct"  # the last line is the answer; the slip was corrected
    work = part["derivation"]
    assert [ln["verdict"] for ln in work["lines"]] == [FOLLOWS, UNREADABLE, DOES_NOT_FOLLOW, FOLLOWS]
    assert work["first_slip"] == 3 and "inner derivative" in work["lines"][2]["mistake"]
    assert work["start"] == "the derivative of f with respect to x"
    assert all(ln["read_as"] for ln in work["lines"] if ln["verdict"] != UNREADABLE)


def test_a_wrong_derivation_in_practice_names_the_first_line_that_does_not_follow(chain):
    inst, u, du, n = chain
    lines = ["work", f"{n}*{u}^({n}-1)*{du}", f"{n}*{u}^({n}-1)*(3*x^2)", f"{n}*{u}^({n}-1)*(3*x^2) + 0", "done"]
    result = _practice("chain-rule-poly", 1, lines)
    assert result.exit_code == 1, result.output  # a wrong answer
    assert "✓" in result.stdout and "✗" in result.stdout  # each line marked as entered
    assert "line 2" in result.stdout and "does not follow from the line before it" in result.stdout
    assert "incorrect" in result.stdout


def test_a_derivation_is_bounded_and_the_live_reading_reads_a_line_of_working(chain):
    from mathquiz.render.prompt import reading
    from mathquiz.study.derivation import MAX_LINES

    inst, u, du, n = chain
    d = Derivation(inst.parts[0])
    lines = d.add("\n".join(["x"] * (MAX_LINES + 5)))
    assert len(d.lines) == MAX_LINES and lines[-1].verdict == UNREADABLE and "at most" in lines[-1].reason
    assert reading(inst.parts[0], "= 2x").line == "read as: 2x"
    assert reading(inst.parts[0], r"&= \frac{1}{x} \\").line == "read as: 1/x"
    assert reading(inst.parts[0], "done").line == "command: done"


@pytest.mark.parametrize("pid, index", [("positional-encoding", 2), ("lagrange-multipliers", 1)])
def test_a_statement_in_names_of_its_own_is_no_starting_point(pid: str, index: int):
    """`derives: {equals: sin(x + t), let: {s: sin(x), c: cos(x)}}` states the key in other names than
    the student's: read alone it is not the key, so the first line is free, and the key follows."""
    problem, _ = load(PROBLEMS / f"{pid}.yaml")
    part = draw(problem, 1).parts[index]
    assert part.part.derives.operator == "equals" and part.part.derives.let
    d = Derivation(part)
    assert d.start is None
    assert d.add(part.answer_text)[0].verdict == FOLLOWS and d.done().verdict.ok
    assert d.add(f"2*({part.answer_text})")[0].verdict == DOES_NOT_FOLLOW


def test_a_reason_is_worded_for_two_lines():
    from mathquiz.study.derivation import _as_step

    reason = "not equivalent: at y = 1 yours is 2, expected 3 (your answer uses z, which the expected answer does not)"
    assert _as_step(reason, "the line before") == ("not equivalent: at y = 1 this line is 2, the line before is 3 "
                                                    "(this line uses z, which the line before does not)")
