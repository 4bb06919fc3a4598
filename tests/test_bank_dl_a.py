"""Bank II (issue 13), part a: backprop, losses, activations and rnn problems are shipped and complete."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from mathquiz.cli.main import app
from mathquiz.problem.bank import load_problem, scan
from mathquiz.problem.instances import draw, fill
from mathquiz.problem.sheets import part_prompt

REQUIRED = {
    "backprop": ["graph-backprop", "neuron-gradient", "linear-layer-gradients", "mlp-backprop",
                 "relu-gradient", "vanishing-gradient"],
    "losses": ["mse-gradient", "bce-gradient", "logistic-regression-gradient", "l2-regularization",
               "hinge-subgradient", "huber-gradient"],
    "activations": ["tanh-sigmoid-relation", "softplus-derivative", "logsumexp-gradient", "softmax-shift"],
    "rnn": ["rnn-bptt"],
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
