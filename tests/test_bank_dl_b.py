"""Bank II (issue 13), part b: optimization, cnn and normalization problems are shipped and complete."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from mathquiz.cli.main import app
from mathquiz.problem.bank import load_problem, scan
from mathquiz.problem.instances import draw, fill
from mathquiz.problem.sheets import part_prompt

REQUIRED = {
    "optimization": ["gd-step", "momentum-step", "adam-step", "newton-step", "hessian-quadratic",
                     "step-size-stability", "taylor-expansion"],
    "cnn": ["conv-output-size", "conv-parameters", "receptive-field", "conv2d-entry", "pooling"],
    "normalization": ["batchnorm-forward", "batchnorm-affine-gradients", "dropout-scaling",
                      "weight-init-variance"],
}
IDS = [pid for ids in REQUIRED.values() for pid in ids]
SYMBOLIC = ("expression", "matrix-expression")
NUMERIC = ("number", "vector", "matrix")
STEPPED = ("ordering", "wrong-step")
runner = CliRunner()


def problem(pid):
    return load_problem(scan().entries[pid])


def test_every_id_is_shipped_under_its_topic():
    entries = scan().entries
    for topic, ids in REQUIRED.items():
        for pid in ids:
            assert pid in entries, pid
            assert entries[pid].topic == topic, (pid, entries[pid].topic)


@pytest.mark.parametrize("pid", IDS)
def test_at_least_20_distinct_prompts_in_seeds_1_to_50(pid):
    prob, seen = problem(pid), set()
    for seed in range(1, 51):
        inst = draw(prob, seed)
        seen.add("\n".join([fill(prob.text, inst)] + [part_prompt(inst, p) for p in inst.parts]))
        if len(seen) >= 20:
            break
    assert len(seen) >= 20, f"{pid}: only {len(seen)} distinct prompts in seeds 1-50"


@pytest.mark.parametrize("pid", IDS)
def test_mixes_a_symbolic_part_with_a_value_part(pid):
    kinds = [part.kind for part in problem(pid).parts]
    assert len(kinds) >= 2
    assert any(k in SYMBOLIC for k in kinds), kinds
    assert any(k in NUMERIC for k in kinds), kinds


@pytest.mark.parametrize("pid", IDS)
def test_every_part_has_hints_mistakes_and_sample_answers(pid):
    prob = problem(pid)
    assert prob.source.startswith("beyond the sheet: "), prob.source
    for i, part in enumerate(prob.parts, 1):
        assert len(part.hints) >= 2, (pid, i)
        if part.kind in SYMBOLIC:
            assert len(part.mistakes) >= 3, (pid, i)
            assert len(part.tests.correct) >= 3 and part.tests.incorrect, (pid, i)
        elif part.kind in STEPPED:
            assert part.tests.invalid, (pid, i)
        else:
            assert part.mistakes and part.tests.correct and part.tests.incorrect, (pid, i)


def test_the_set_has_find_the_wrong_step_and_ordering_parts():
    kinds = [part.kind for pid in IDS for part in problem(pid).parts]
    assert kinds.count("wrong-step") >= 2 and kinds.count("ordering") >= 1


def test_convolution_problems_ask_for_shapes():
    asks_shape = [pid for pid in REQUIRED["cnn"] if any(p.kind == "shape" for p in problem(pid).parts)]
    assert len(asks_shape) >= 3, asks_shape


@pytest.mark.parametrize("pid", IDS)
def test_solved_keys_are_graded_correct_in_practice(pid):
    solved = runner.invoke(app, ["solve", pid, "--seed", "7", "--json"])
    assert solved.exit_code == 0, solved.output
    sheet = json.loads(solved.stdout)
    assert all(step["verified"] for step in sheet["solution"] if step["math"])
    answers = "\n".join(p["answer"] for p in sheet["parts"]) + "\n"
    practised = runner.invoke(app, ["practice", pid, "--seed", "7", "--json", "--no-save"], input=answers)
    verdicts = [r["verdict"] for r in json.loads(practised.stdout)["results"]]
    assert verdicts == ["correct"] * len(sheet["parts"]), (pid, verdicts)


@pytest.mark.parametrize(("pid", "seed", "part", "typed", "says"), [
    ("adam-step", 3, 0, "m/(1 - beta_1)", "1 − β₁ᵗ"),
    ("conv-output-size", 3, 0, "(W - F + 2P)/S", "Off by one"),
    ("batchnorm-forward", 3, 0, "(x_i - mu)/(sigma2 + eps)", "standard deviation"),
    ("hessian-quadratic", 3, 0, "A", "symmetric part"),
    ("weight-init-variance", 3, 0, "v_w v_x", "ONE term"),
])
def test_a_classic_slip_gets_its_named_feedback(pid, seed, part, typed, says):
    lines = ["skip"] * part + [typed, "skip", "skip"]
    result = runner.invoke(app, ["practice", pid, "--seed", str(seed), "--json", "--no-save"],
                           input="\n".join(lines) + "\n" * 20)
    results = json.loads(result.stdout)["results"]
    assert results[part]["verdict"] == "incorrect"
    assert says in json.dumps(results[part], ensure_ascii=False), results[part]
