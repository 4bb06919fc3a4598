"""Bank II (issue 13), part a: backprop, losses, activations and rnn problems are shipped and complete."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from mathquiz.cli.main import app
from tests.bank_sets import (
    check_distinct_prompts,
    check_mixes_kinds,
    check_parts_complete,
    check_shipped_under_topics,
    kinds_of,
    problem,
)

REQUIRED = {
    "backprop": ["graph-backprop", "neuron-gradient", "linear-layer-gradients", "mlp-backprop",
                 "relu-gradient", "vanishing-gradient"],
    "losses": ["mse-gradient", "bce-gradient", "logistic-regression-gradient", "l2-regularization",
               "hinge-subgradient", "huber-gradient"],
    "activations": ["tanh-sigmoid-relation", "softplus-derivative", "logsumexp-gradient", "softmax-shift"],
    "rnn": ["rnn-bptt"],
}
IDS = [pid for ids in REQUIRED.values() for pid in ids]
runner = CliRunner()


def test_every_id_is_shipped_under_its_topic():
    check_shipped_under_topics(REQUIRED)


@pytest.mark.parametrize("pid", IDS)
def test_at_least_20_distinct_prompts_in_seeds_1_to_50(pid):
    check_distinct_prompts(pid)


@pytest.mark.parametrize("pid", IDS)
def test_mixes_a_symbolic_part_with_a_value_part(pid):
    check_mixes_kinds(pid)


@pytest.mark.parametrize("pid", IDS)
def test_every_part_has_hints_mistakes_and_sample_answers(pid):
    check_parts_complete(pid)


def test_the_set_has_find_the_wrong_step_and_ordering_parts():
    kinds = kinds_of(IDS)
    assert kinds.count("wrong-step") >= 2 and kinds.count("ordering") >= 2


@pytest.mark.parametrize("pid", ["linear-layer-gradients", "mlp-backprop"])
def test_backprop_problems_ask_for_shapes(pid):
    assert any(p.kind == "shape" for p in problem(pid).parts)


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
    ("linear-layer-gradients", 3, 1, "G'X", "transpose"),
    ("mlp-backprop", 3, 2, "(v'relu(Wx) - y) v x'", "ReLU is skipped"),
    ("relu-gradient", 3, 2, "g ⊙ relu(z)", "not its derivative"),
    ("mse-gradient", 3, 0, "2X'(Xw - y)", "1/N"),
    ("bce-gradient", 3, 0, "sigma(z)(1 - sigma(z))(sigma(z) - t)", "squared error"),
    ("logistic-regression-gradient", 3, 0, "X'(sigma(Xw) - t)", "1/N"),
    ("neuron-gradient", 3, 0, "sigma(w'x + b) x", "not its derivative"),
    ("softplus-derivative", 3, 0, "1/(1 + e^x)", "σ(−x)"),
])
def test_a_classic_slip_gets_its_named_feedback(pid, seed, part, typed, says):
    lines = ["skip"] * part + [typed, "skip", "skip"]
    result = runner.invoke(app, ["practice", pid, "--seed", str(seed), "--json", "--no-save"],
                           input="\n".join(lines) + "\n" * 20)
    results = json.loads(result.stdout)["results"]
    assert results[part]["verdict"] == "incorrect"
    assert says in json.dumps(results[part], ensure_ascii=False), results[part]
