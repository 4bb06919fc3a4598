"""Bank II (issue 13), part b: optimization, cnn and normalization problems are shipped and complete."""

from __future__ import annotations

import pytest

from tests.bank_sets import SETS, check_named_feedback, ids_of, kinds_of, problem

REQUIRED = SETS["dl_b"]
IDS = ids_of("dl_b")


def test_the_set_has_find_the_wrong_step_and_ordering_parts():
    kinds = kinds_of(IDS)
    assert kinds.count("wrong-step") >= 2 and kinds.count("ordering") >= 1


def test_convolution_problems_ask_for_shapes():
    asks_shape = [pid for pid in REQUIRED["cnn"] if any(p.kind == "shape" for p in problem(pid).parts)]
    assert len(asks_shape) >= 3, asks_shape


@pytest.mark.parametrize(("pid", "seed", "part", "typed", "says"), [
    ("adam-step", 3, 0, "m/(1 - beta_1)", "1 − β₁ᵗ"),
    ("conv-output-size", 3, 0, "(W - F + 2P)/S", "Off by one"),
    ("batchnorm-forward", 3, 0, "(x_i - mu)/(sigma2 + eps)", "standard deviation"),
    ("hessian-quadratic", 3, 0, "A", "symmetric part"),
    ("weight-init-variance", 3, 0, "v_w v_x", "ONE term"),
])
def test_a_classic_slip_gets_its_named_feedback(pid, seed, part, typed, says):
    check_named_feedback(pid, seed, part, typed, says)
