"""The shipped problem bank: the required ids exist, vary, and work end to end."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from mathquiz.cli.main import app
from mathquiz.documents.sheets import part_prompt
from mathquiz.problem.bank import load_problem, scan
from mathquiz.problem.instances import draw, fill

REQUIRED = {
    "linalg": ["matrix-shapes", "quadratic-form", "norm-zero-proof"],
    "lstsq": ["linear-gradient", "quadratic-gradient", "lstsq-gradient", "normal-equations"],
    "calculus": ["chain-rule-poly", "tanh-derivative", "log-derivative", "norm-squared-gradient",
                 "norm-gradient", "polar-jacobian", "curve-jacobian", "divergence"],
    "sigmoid": ["sigmoid-derivative", "sigmoid-identity"],
    "softmax": ["softmax-jacobian", "softmax-cross-entropy"],
    "probability": ["product-variance", "standardization"],
}
IDS = [pid for ids in REQUIRED.values() for pid in ids]
runner = CliRunner()


def test_required_ids_and_topics_are_shipped():
    bank = scan()
    assert not bank.broken
    for topic, ids in REQUIRED.items():
        for pid in ids:
            assert pid in bank.entries, pid
            assert bank.entries[pid].topic == topic, pid


def prompt_text(inst) -> str:
    return "\n".join([fill(inst.problem.text, inst)] + [part_prompt(inst, p) for p in inst.parts])


@pytest.mark.parametrize("pid", IDS)
def test_each_problem_draws_at_least_20_distinct_prompts_in_seeds_1_to_50(pid):
    problem = load_problem(scan().entries[pid])
    seen = set()
    for seed in range(1, 51):
        seen.add(prompt_text(draw(problem, seed)))
        if len(seen) >= 20:
            break
    assert len(seen) >= 20, f"{pid}: only {len(seen)} distinct prompts in seeds 1-50"


@pytest.mark.parametrize("pid", IDS)
def test_solve_answers_are_graded_correct_by_practice(pid):
    solved = runner.invoke(app, ["solve", pid, "--seed", "13", "--json"])
    assert solved.exit_code == 0, solved.output
    sheet = json.loads(solved.stdout)
    checked = [s for s in sheet["solution"] if s["math"] and s["check"] != "remark"]
    assert len(sheet["solution"]) >= 3 and all(s["verified"] for s in checked)
    answers = "\n".join(p["answer"] for p in sheet["parts"]) + "\n"
    practised = runner.invoke(app, ["practice", pid, "--seed", "13", "--json", "--no-save"], input=answers)
    verdicts = [r["verdict"] for r in json.loads(practised.stdout)["results"]]
    assert verdicts == ["correct"] * len(sheet["parts"]), (pid, verdicts)
    assert practised.exit_code == 0


@pytest.mark.parametrize("pid", IDS)
def test_each_problem_has_hints_and_named_mistakes(pid):
    problem = load_problem(scan().entries[pid])
    assert all(part.hints for part in problem.parts), pid
    assert any(part.mistakes for part in problem.parts), pid


def test_lstsq_study_sheet_goes_from_gradient_to_exact_solution():
    result = runner.invoke(app, ["solve", "lstsq", "--seed", "2"])
    out = result.stdout
    assert result.exit_code == 0
    order = [out.index(t) for t in ("Gradient of a linear function", "Gradient of the least-squares loss",
                                    "numpy.linalg.lstsq", "Worked solution")]
    assert order[:3] == sorted(order[:3])


def test_probability_sheets_show_a_monte_carlo_check():
    result = runner.invoke(app, ["solve", "probability", "--seed", "5"])
    assert result.stdout.count("Monte-Carlo check") >= 2 and "DISAGREES" not in result.stdout


def test_named_mistakes_work_for_shape_parts_too():
    from mathquiz.problem.part_grading import grade

    inst = draw(load_problem(scan().entries["matrix-shapes"]), 3)
    part = inst.parts[2]
    vout = fill("{vout}", inst, "text")
    verdict = grade(part, f"{vout} x 1")
    assert verdict.status == "incorrect" and "shape of the output" in verdict.reason
    assert grade(part, part.answer_text).ok


def test_choices_are_shuffled_per_instance_and_graded_by_content():
    from mathquiz.problem.part_grading import grade

    problem = load_problem(scan().entries["product-variance"])
    positions = set()
    for seed in range(1, 15):
        part = next(p for p in draw(problem, seed).parts if p.part.kind == "choice")
        right = part.part.choices[int(part.part.answer) - 1]
        shown = part.shown_choices()
        assert shown[int(part.answer_text) - 1] == right  # the key points at the right text
        assert grade(part, part.answer_text).ok
        positions.add(part.answer_text)
    assert len(positions) > 1
