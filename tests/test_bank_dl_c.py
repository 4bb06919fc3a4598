"""Bank II, part c: probability, information and linear-algebra problems beyond the sheet."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from mathquiz.cli.main import app
from mathquiz.documents.sheets import part_prompt
from mathquiz.problem.bank import load_problem, scan
from mathquiz.problem.instances import draw, fill

BANK_C = {
    "probability": ["linear-expectation", "covariance-linear-map", "bernoulli-moments", "bayes-rule",
                    "gaussian-mle"],
    "information": ["bernoulli-entropy", "cross-entropy-kl", "kl-gaussians"],
    "linalg": ["eigen-symmetric-2x2", "positive-definite", "svd-rank-one", "trace-gradient",
               "frobenius-gradient", "logdet-gradient"],
}
IDS = [pid for ids in BANK_C.values() for pid in ids]
SYMBOLIC = ("expression", "matrix-expression")
STEPPED = ("ordering", "wrong-step")
runner = CliRunner()


def problem(pid):
    return load_problem(scan().entries[pid])


def test_every_id_is_shipped_under_its_topic():
    bank = scan()
    assert not bank.broken
    for topic, ids in BANK_C.items():
        for pid in ids:
            assert pid in bank.entries, pid
            assert bank.entries[pid].topic == topic, pid


def prompt_text(inst) -> str:
    return "\n".join([fill(inst.problem.text, inst)] + [part_prompt(inst, p) for p in inst.parts])


@pytest.mark.parametrize("pid", IDS)
def test_at_least_20_distinct_prompts_in_seeds_1_to_50(pid):
    loaded = problem(pid)
    seen = set()
    for seed in range(1, 51):
        seen.add(prompt_text(draw(loaded, seed)))
        if len(seen) >= 20:
            break
    assert len(seen) >= 20, f"{pid}: only {len(seen)} distinct prompts in seeds 1-50"


@pytest.mark.parametrize("pid", IDS)
def test_parts_mix_a_symbolic_part_with_values_and_each_has_hints(pid):
    loaded = problem(pid)
    kinds = [part.kind for part in loaded.parts]
    assert len(kinds) >= 2
    assert any(k in SYMBOLIC for k in kinds), (pid, kinds)
    assert any(k in ("number", "vector", "matrix") for k in kinds), (pid, kinds)
    assert all(len(part.hints) >= 2 for part in loaded.parts if part.kind not in STEPPED + ("choice",)), pid
    assert loaded.source.startswith("beyond the sheet:"), loaded.source


@pytest.mark.parametrize("pid", IDS)
def test_symbolic_parts_name_three_mistakes_and_three_correct_forms(pid):
    for part in problem(pid).parts:
        if part.kind in SYMBOLIC:
            assert len(part.mistakes) >= 3, (pid, part.prompt)
            assert len(part.tests.correct) >= 3 and part.tests.incorrect, (pid, part.prompt)
        elif part.kind not in STEPPED:
            assert part.mistakes and part.tests.correct and part.tests.incorrect, (pid, part.prompt)


def test_the_bank_has_find_the_wrong_step_and_ordering_parts():
    stepped = [part.kind for pid in IDS for part in problem(pid).parts if part.kind in STEPPED]
    assert stepped.count("wrong-step") >= 4 and stepped.count("ordering") >= 1


@pytest.mark.parametrize("pid", IDS)
def test_keys_from_solve_are_graded_correct_by_practice(pid):
    solved = runner.invoke(app, ["solve", pid, "--seed", "7", "--json"])
    assert solved.exit_code == 0, solved.output
    sheet = json.loads(solved.stdout)
    assert all(step["verified"] for step in sheet["solution"] if step["check"] != "remark"), pid
    answers = "\n".join(p["answer"] for p in sheet["parts"]) + "\n"
    practised = runner.invoke(app, ["practice", pid, "--seed", "7", "--json", "--no-save"], input=answers)
    verdicts = [r["verdict"] for r in json.loads(practised.stdout)["results"]]
    assert verdicts == ["correct"] * len(sheet["parts"]), (pid, verdicts)


@pytest.mark.parametrize(("pid", "seed", "typed", "says"), [
    ("covariance-linear-map", 3, "A S", "factor Aᵀ on the right is missing"),
    ("gaussian-mle", 3, None, "sample variance"),
    ("kl-gaussians", 2, "log(s1/s2) + (s2^2 + (m1 - m2)^2)/(2 s1^2) - 1/2", "KL(q‖p)"),
    ("logdet-gradient", 4, "inv(X)", "transpose is missing"),
    ("bernoulli-entropy", 5, "-(p log(p) + (1-p) log(1-p))", "nats"),
])
def test_classic_slips_get_their_named_feedback(pid, seed, typed, says):
    from mathquiz.problem.part_grading import grade

    inst = draw(problem(pid), seed)
    if typed is None:  # the sample variance of the drawn data, for the variance part
        part = inst.parts[3]
        typed = fill("{svar}", inst, "text")
    else:
        part = next(p for p in inst.parts if p.part.kind in SYMBOLIC)
    verdict = grade(part, typed)
    assert verdict.status == "incorrect" and says in verdict.reason, verdict.reason


def test_probability_and_information_sheets_show_agreeing_monte_carlo_checks():
    for pid in BANK_C["probability"][:4] + BANK_C["information"]:
        result = runner.invoke(app, ["solve", pid, "--seed", "11"])
        assert "Monte-Carlo check" in result.stdout and "DISAGREES" not in result.stdout, pid


MATRIX_GRADIENT = """\
id: trace-key
title: t
topic: t
source: s
symbols:
  A: {shape: [2, 3]}
  X: {shape: [3, 2]}
parts:
  - prompt: p
    kind: matrix-expression
    answer: KEY
    derives: {gradient: "trace(A*X)", wrt: X}
    hints: [h]
    tests: {correct: [KEY, KEY, KEY]}
solution:
  - {text: s, math: KEY, answers: 1}
"""


@pytest.mark.parametrize(("key", "passes"), [("A^T", True), ("A", False), ("2*A^T", False)])
def test_a_gradient_by_a_matrix_has_the_shape_of_the_matrix(tmp_path, key, passes):
    path = tmp_path / "trace-key.yaml"
    path.write_text(MATRIX_GRADIENT.replace("KEY", key), encoding="utf-8")
    result = runner.invoke(app, ["validate", "--seeds", "2", str(path)])
    assert (result.exit_code == 0) is passes, result.output
    assert passes or "derives" in result.output
