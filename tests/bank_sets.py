"""The sets of the bank (issues 13 and 25) and the checks each of their problems passes in the same way
(tests/test_bank_sets.py runs them on every problem; tests/test_bank_<set>.py hold what is particular)."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from mathquiz.cli.main import app
from mathquiz.documents.sheets import part_prompt
from mathquiz.problem.bank import load_problem, scan
from mathquiz.problem.instances import draw, fill

SYMBOLIC = ("expression", "matrix-expression")
NUMERIC = ("number", "vector", "matrix")
STEPPED = ("ordering", "wrong-step")


# the sets of the bank, by the issue that asked for them: {set: {topic: [ids]}}
SETS = {
    "dl_a": {
        "backprop": ["graph-backprop", "neuron-gradient", "linear-layer-gradients", "mlp-backprop",
                     "relu-gradient", "vanishing-gradient"],
        "losses": ["mse-gradient", "bce-gradient", "logistic-regression-gradient", "l2-regularization",
                   "hinge-subgradient", "huber-gradient"],
        "activations": ["tanh-sigmoid-relation", "softplus-derivative", "logsumexp-gradient", "softmax-shift"],
        "rnn": ["rnn-bptt"],
    },
    "dl_b": {
        "optimization": ["gd-step", "momentum-step", "adam-step", "newton-step", "hessian-quadratic",
                         "step-size-stability", "taylor-expansion"],
        "cnn": ["conv-output-size", "conv-parameters", "receptive-field", "conv2d-entry", "pooling"],
        "normalization": ["batchnorm-forward", "batchnorm-affine-gradients", "dropout-scaling",
                          "weight-init-variance"],
    },
    "iii_a": {
        "networks": ["xor-network", "perceptron-logic", "linear-collapse"],
        "regularization": ["l1-soft-threshold", "map-priors", "noise-as-l2", "ridge-shrinkage", "bias-variance"],
        "losses": ["softmax-temperature", "label-smoothing"],
        "activations": ["swish-gelu-derivative"],
    },
    "iii_b": {
        "attention": ["attention-scaling", "attention-shapes", "attention-forward", "attention-gradient",
                      "mha-parameters", "positional-encoding"],
        "generative": ["vae-elbo", "reparameterization", "kl-diagonal-gaussians", "gan-optimal-discriminator",
                       "gan-generator-gradient"],
        "information": ["mutual-information", "conditional-entropy"],
    },
    "iii_c": {
        "normalization": ["batchnorm-backward", "layernorm", "batchnorm-bias", "glorot-init"],
        "backprop": ["softmax-mlp-backprop", "residual-gradient", "gradient-check"],
        "cnn": ["conv-backward", "conv-cost", "conv-variants-size"],
        "rnn": ["lstm-gradient-flow", "rnn-parameters", "gradient-clipping"],
    },
    "iii_d": {
        "optimization": ["adagrad-rmsprop-step", "nesterov-step", "adamw-decoupled", "minibatch-variance",
                         "logistic-newton"],
        "information": ["perplexity", "ce-kl-equivalence"],
        "probability": ["mle-discrete", "multivariate-gaussian", "jensen-inequality"],
        "linalg": ["pca-2d", "projection-pseudoinverse", "low-rank-approximation", "critical-points",
                   "lagrange-multipliers"],
    },
}
# the seeds each set's keys are solved and practised at
SOLVE_SEEDS = {"dl_a": (7,), "dl_b": (7,), "iii_a": (4, 7), "iii_b": (2, 7), "iii_c": (4,), "iii_d": (4, 11)}
runner = CliRunner()


def problem(pid):
    return load_problem(scan().entries[pid])


def check_shipped_under_topics(required: dict[str, list[str]]) -> None:
    entries = scan().entries
    for topic, ids in required.items():
        for pid in ids:
            assert pid in entries, pid
            assert entries[pid].topic == topic, (pid, entries[pid].topic)


def check_distinct_prompts(pid: str) -> None:
    prob, seen = problem(pid), set()
    for seed in range(1, 51):
        inst = draw(prob, seed)
        seen.add("\n".join([fill(prob.text, inst)] + [part_prompt(inst, p) for p in inst.parts]))
        if len(seen) >= 20:
            break
    assert len(seen) >= 20, f"{pid}: only {len(seen)} distinct prompts in seeds 1-50"


def check_mixes_kinds(pid: str) -> None:
    kinds = [part.kind for part in problem(pid).parts]
    assert len(kinds) >= 2
    assert any(k in SYMBOLIC for k in kinds), kinds
    assert any(k in NUMERIC for k in kinds), kinds


def check_parts_complete(pid: str) -> None:
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


def kinds_of(ids: list[str]) -> list[str]:
    return [part.kind for pid in ids for part in problem(pid).parts]


def ids_of(name: str) -> list[str]:
    return [pid for ids in SETS[name].values() for pid in ids]


def check_solved_keys(pid: str, seed: int) -> None:
    """`solve`'s keys, typed back into `practice` at the same seed, are all graded correct."""
    solved = runner.invoke(app, ["solve", pid, "--seed", str(seed), "--json"])
    assert solved.exit_code == 0, solved.output
    sheet = json.loads(solved.stdout)
    assert all(step["verified"] for step in sheet["solution"] if step["math"])
    answers = "\n".join(p["answer"] for p in sheet["parts"]) + "\n"
    practised = runner.invoke(app, ["practice", pid, "--seed", str(seed), "--json", "--no-save"], input=answers)
    verdicts = [r["verdict"] for r in json.loads(practised.stdout)["results"]]
    assert verdicts == ["correct"] * len(sheet["parts"]), (pid, seed, verdicts)


def check_named_feedback(pid: str, seed: int, part: int, typed: str, says: str | None) -> None:
    """`typed` at part `part` (0-based) of `practice` is incorrect, and its feedback says `says`
    (None: `typed` is a right answer of another form, graded correct)."""
    lines = ["skip"] * part + [typed, "skip", "skip"]
    result = runner.invoke(app, ["practice", pid, "--seed", str(seed), "--json", "--no-save"],
                           input="\n".join(lines) + "\n" * 20)
    results = json.loads(result.stdout)["results"]
    if says is None:
        assert results[part]["verdict"] == "correct", results[part]
        return
    assert results[part]["verdict"] == "incorrect"
    assert says in json.dumps(results[part], ensure_ascii=False), results[part]
