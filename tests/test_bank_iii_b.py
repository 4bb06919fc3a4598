"""Bank III (issue 25), part b: attention, generative-model and information problems are shipped and complete."""

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
    "attention": ["attention-scaling", "attention-shapes", "attention-forward", "attention-gradient",
                  "mha-parameters", "positional-encoding"],
    "generative": ["vae-elbo", "reparameterization", "kl-diagonal-gaussians", "gan-optimal-discriminator",
                   "gan-generator-gradient"],
    "information": ["mutual-information", "conditional-entropy"],
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
    assert kinds.count("wrong-step") >= 3 and kinds.count("ordering") >= 2


@pytest.mark.parametrize("pid", IDS)
def test_solved_keys_are_graded_correct_in_practice(pid):
    for seed in ("2", "7"):
        solved = runner.invoke(app, ["solve", pid, "--seed", seed, "--json"])
        assert solved.exit_code == 0, solved.output
        sheet = json.loads(solved.stdout)
        assert all(step["verified"] for step in sheet["solution"] if step["math"])
        answers = "\n".join(p["answer"] for p in sheet["parts"]) + "\n"
        practised = runner.invoke(app, ["practice", pid, "--seed", seed, "--json", "--no-save"], input=answers)
        verdicts = [r["verdict"] for r in json.loads(practised.stdout)["results"]]
        assert verdicts == ["correct"] * len(sheet["parts"]), (pid, seed, verdicts)


@pytest.mark.parametrize(("pid", "seed", "part", "typed", "says"), [
    ("attention-scaling", 3, 0, "d s^2", "σ²·σ²"),
    ("attention-scaling", 3, 2, "1/12", "σ = 1 only"),
    ("attention-scaling", 3, 4, "0", "not 0"),
    ("attention-shapes", 4, 0, "4 x 8", "That is Kᵀ"),
    ("attention-shapes", 4, 4, "2 n d^2", "swapped"),
    ("attention-forward", 3, 0, "[-3, 1, 2]", "raw dot products"),
    ("attention-forward", 3, 3, "V^T softmax(K q)", "1/√d_k"),
    ("attention-forward", 3, 4, "[0, 0]", "mean of the values"),
    ("attention-gradient", 2, 1, "G V^T", "∂L/∂A"),
    ("attention-gradient", 2, 3, "a ⊙ (V g)", "−aaᵀ part"),
    ("mha-parameters", 2, 0, "4 h d^2 + 4 h d", "d×(d/h)"),
    ("mha-parameters", 2, 3, "2 d f + 2 f", "bias has d entries"),
    ("positional-encoding", 3, 0, "sin(4)", "first pair"),
    ("positional-encoding", 3, 3, "[[cos t, -sin t], [sin t, cos t]]", "Mᵀ"),
    ("vae-elbo", 4, 0, "(s^2 + m^2)/2 - log(s)", "−½ is missing"),
    ("vae-elbo", 4, 3, "14.45", "−L"),
    ("reparameterization", 5, 0, "2(mu + s epsilon - c)", "∂z/∂σ = ε"),
    ("reparameterization", 5, 2, "0", "E[ε²] = 1"),
    ("kl-diagonal-gaussians", 3, 1, "exp(rho_j) - exp(-rho_j)", "chain rule"),
    ("kl-diagonal-gaussians", 3, 4, "1/3 - 1/2*(1/3 - 3)", "step on σ₁ itself"),
    ("gan-optimal-discriminator", 2, 0, "b/(a + b)", "1 − D*"),
    ("gan-optimal-discriminator", 2, 2, "-log(4)", "p_g = p_data"),
    ("gan-generator-gradient", 2, 0, "-sigma(a)(1 - sigma(a))", "divides by 1 − σ(a)"),
    ("gan-generator-gradient", 2, 5, "1.762", "∂G/∂θ"),
    ("mutual-information", 2, 3, "0.9793", "H(Y|X)"),
    ("mutual-information", 2, 4, "((1+t) log(1+t) + (1-t) log(1-t))/2", "nats"),
    ("conditional-entropy", 2, 1, "0.7718", "weighted"),
    ("conditional-entropy", 2, 4, "hx + hy - hxy", "mutual information"),
])
def test_a_classic_slip_gets_its_named_feedback(pid, seed, part, typed, says):
    lines = ["skip"] * part + [typed, "skip", "skip"]
    result = runner.invoke(app, ["practice", pid, "--seed", str(seed), "--json", "--no-save"],
                           input="\n".join(lines) + "\n" * 20)
    results = json.loads(result.stdout)["results"]
    assert results[part]["verdict"] == "incorrect"
    assert says in json.dumps(results[part], ensure_ascii=False), results[part]
