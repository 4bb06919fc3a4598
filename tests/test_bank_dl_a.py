"""Bank II (issue 13), part a: backprop, losses, activations and rnn problems are shipped and complete."""

from __future__ import annotations

import pytest

from tests.bank_sets import check_named_feedback, ids_of, kinds_of, problem

IDS = ids_of("dl_a")


def test_the_set_has_find_the_wrong_step_and_ordering_parts():
    kinds = kinds_of(IDS)
    assert kinds.count("wrong-step") >= 2 and kinds.count("ordering") >= 2


@pytest.mark.parametrize("pid", ["linear-layer-gradients", "mlp-backprop"])
def test_backprop_problems_ask_for_shapes(pid):
    assert any(p.kind == "shape" for p in problem(pid).parts)


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
    check_named_feedback(pid, seed, part, typed, says)
