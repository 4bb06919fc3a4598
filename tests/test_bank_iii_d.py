"""Bank III (issue 25), set d: optimisers, information, probability and linear algebra, shipped and complete."""

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
)

REQUIRED = {
    "optimization": ["adagrad-rmsprop-step", "nesterov-step", "adamw-decoupled", "minibatch-variance",
                     "logistic-newton"],
    "information": ["perplexity", "ce-kl-equivalence"],
    "probability": ["mle-discrete", "multivariate-gaussian", "jensen-inequality"],
    "linalg": ["pca-2d", "projection-pseudoinverse", "low-rank-approximation", "critical-points",
               "lagrange-multipliers"],
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
    assert kinds.count("wrong-step") + kinds.count("ordering") >= min(3, len(IDS))


@pytest.mark.parametrize("pid", IDS)
def test_solved_keys_are_graded_correct_in_practice(pid):
    for seed in (4, 11):
        solved = runner.invoke(app, ["solve", pid, "--seed", str(seed), "--json"])
        assert solved.exit_code == 0, solved.output
        sheet = json.loads(solved.stdout)
        assert all(step["verified"] for step in sheet["solution"] if step["math"])
        answers = "\n".join(p["answer"] for p in sheet["parts"]) + "\n"
        practised = runner.invoke(app, ["practice", pid, "--seed", str(seed), "--json", "--no-save"],
                                  input=answers)
        verdicts = [r["verdict"] for r in json.loads(practised.stdout)["results"]]
        assert verdicts == ["correct"] * len(sheet["parts"]), (pid, seed, verdicts)


@pytest.mark.parametrize(("pid", "seed", "part", "typed", "says"), [
    ("adagrad-rmsprop-step", 3, 0, "-eta/t", "square root"),
    ("adagrad-rmsprop-step", 3, 1, "(1 - rho)^t g^2", "power goes on ρ alone"),
    ("adagrad-rmsprop-step", 3, 3, "5", "AdaGrad's s₂"),
    ("nesterov-step", 3, 0, "Ax - b", "classical momentum"),
    ("nesterov-step", 3, 3, "[6, 4]", "gradient at the current point"),
    ("adamw-decoupled", 5, 1, "-alpha lambda theta", "AdamW's decay"),
    ("adamw-decoupled", 5, 2, "[61/20, 3/4]", "AdamW's θ₁"),
    ("minibatch-variance", 3, 0, "sigma^2/B^2", "variance Bσ²"),
    ("minibatch-variance", 3, 2, "29/3", "N − 1"),
    ("minibatch-variance", 3, 5, "10", "√2 only"),
    ("logistic-newton", 3, 0, "X^T X", "least squares"),
    ("logistic-newton", 3, 2, "[[9, 10], [10, 16]]", "¼XᵀX"),
    ("perplexity", 3, 0, "P^(1/T)", "sign of the exponent"),
    ("perplexity", 3, 4, "exp(7/2)", "mixes the bases"),
    ("ce-kl-equivalence", 4, 0, "0", "entropy H(p)"),
    ("ce-kl-equivalence", 4, 4, "0", "Only KL can reach 0"),
    ("mle-discrete", 3, 1, "S/lambda", "factor e^(−λ)"),
    ("mle-discrete", 3, 4, "13/4", "mean waiting time"),
    ("multivariate-gaussian", 5, 0, "-S(x - mu)", "precision"),
    ("multivariate-gaussian", 5, 4, "4", "marginal variance"),
    ("jensen-inequality", 3, 1, "(b - a)^2/4", "half-width"),
    ("jensen-inequality", 3, 2, "log(7/2)", "by Jensen"),
    ("pca-2d", 3, 1, "lambda_1^2/(lambda_1^2 + lambda_2^2)", "singular values"),
    ("pca-2d", 3, 2, "12", "largest diagonal entry"),
    ("projection-pseudoinverse", 3, 0, "A A^T", "orthonormal"),
    ("projection-pseudoinverse", 3, 1, "3 x 2", "shape of A"),
    ("low-rank-approximation", 3, 0, "s_2", "SPECTRAL norm"),
    ("low-rank-approximation", 3, 2, "225", "square root"),
    ("critical-points", 75, 0, "[x^2 - 9, 4x + 2y]", "inner derivative"),
    ("critical-points", 75, 2, "[9, -18]", "x = ±3"),
    ("lagrange-multipliers", 3, 1, "s c/(c^T c)", "minimum-norm point"),
    ("lagrange-multipliers", 3, 4, "16/5", "factor ½"),
])
def test_a_classic_slip_gets_its_named_feedback(pid, seed, part, typed, says):
    lines = ["skip"] * part + [typed, "skip", "skip"]
    result = runner.invoke(app, ["practice", pid, "--seed", str(seed), "--json", "--no-save"],
                           input="\n".join(lines) + "\n" * 20)
    results = json.loads(result.stdout)["results"]
    assert results[part]["verdict"] == "incorrect"
    assert says in json.dumps(results[part], ensure_ascii=False), results[part]
