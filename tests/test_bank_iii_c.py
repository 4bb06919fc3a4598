"""Bank III (issue 25), part c: normalization, backprop, cnn and rnn problems are shipped and complete."""

from __future__ import annotations

import pytest

from tests.bank_sets import check_named_feedback, ids_of, kinds_of

IDS = ids_of("iii_c")


def test_the_set_has_find_the_wrong_step_and_ordering_parts():
    kinds = kinds_of(IDS)
    assert kinds.count("wrong-step") + kinds.count("ordering") >= min(3, len(IDS))


@pytest.mark.parametrize(("pid", "seed", "part", "typed", "says"), [
    ("batchnorm-backward", 3, 0, "gamma g/sigma_B", "constants"),
    ("batchnorm-backward", 3, 0, "gamma/sigma_B (g - mean(g))", "through σ²_B is missing"),
    ("batchnorm-backward", 5, 0, "gamma/sigma_B (g - mean(g) - xhat (g'xhat))", "1/m"),
    ("softmax-mlp-backprop", 3, 0, "h (yhat - t)^T", "transpose"),
    ("softmax-mlp-backprop", 3, 1, "W2^T (yhat - t)", "ReLU is skipped"),
    ("softmax-mlp-backprop", 3, 4, "[1/2, -3/4, -1]", "ReLU is skipped"),
    ("residual-gradient", 3, 0, "W_2 diag(step(W_1 x)) W_1", "skip connection"),
    ("residual-gradient", 3, 2, "[3, 1]", "must be transposed"),
    ("gradient-check", 3, 1, "0", "not exact"),
    ("gradient-check", 3, 3, "78", "exact derivative"),
    ("layernorm", 3, 0, "1 x 3", "batch norm"),
    ("layernorm", 3, 2, "gamma .* (g - mean(g) - xhat mean(g .* xhat))/sigma_x", "too late"),
    ("batchnorm-bias", 4, 0, "w(x_i - xbar) + b", "removes b"),
    ("batchnorm-bias", 4, 3, "2", "∂L/∂β"),
    ("glorot-init", 2, 0, "1/(n_in + n_out)", "½"),
    ("glorot-init", 2, 1, "a^2/12", "length 2a"),
    ("conv-backward", 3, 0, "P g", "transpose is missing"),
    ("conv-backward", 3, 3, "1", "'same' padding"),
    ("conv-cost", 3, 0, "K^2 C_in C_out", "number of weights"),
    ("conv-cost", 3, 2, "8*56*56*96", "4 bytes"),
    ("conv-variants-size", 3, 0, "d k", "k − 1 gaps"),
    ("conv-variants-size", 3, 3, "19", "(n − 1)s"),
    ("lstm-gradient-flow", 3, 0, "f", "on its diagonal"),
    ("lstm-gradient-flow", 3, 2, "8", "not T·f"),
    ("rnn-parameters", 3, 0, "H D + H^2", "bias"),
    ("rnn-parameters", 3, 1, "3(H D + H^2 + H)", "GRU"),
    ("gradient-clipping", 3, 0, "g/norm(g)", "unit vector"),
    ("gradient-clipping", 3, 1, "52", "square root"),
])
def test_a_classic_slip_gets_its_named_feedback(pid, seed, part, typed, says):
    check_named_feedback(pid, seed, part, typed, says)
