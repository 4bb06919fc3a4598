"""Bank III (issue 25), set d: optimisers, information, probability and linear algebra, shipped and complete."""

from __future__ import annotations

import pytest

from tests.bank_sets import check_named_feedback, ids_of, kinds_of

IDS = ids_of("iii_d")


def test_the_set_has_find_the_wrong_step_and_ordering_parts():
    kinds = kinds_of(IDS)
    assert kinds.count("wrong-step") + kinds.count("ordering") >= min(3, len(IDS))


@pytest.mark.parametrize(("pid", "seed", "part", "typed", "says"), [
    ("adagrad-rmsprop-step", 3, 0, "-eta/t", "square root"),
    ("adagrad-rmsprop-step", 3, 1, "(1 - rho)^t g^2", "power goes on ρ alone"),
    ("adagrad-rmsprop-step", 3, 3, "20", "AdaGrad's s₂"),
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
    ("jensen-inequality", 3, 2, "log(9/2)", "by Jensen"),
    ("pca-2d", 3, 1, "lambda_1^2/(lambda_1^2 + lambda_2^2)", "singular values"),
    ("pca-2d", 3, 2, "13", "largest diagonal entry"),
    ("projection-pseudoinverse", 3, 0, "A A^T", "orthonormal"),
    ("projection-pseudoinverse", 3, 1, "3 x 2", "shape of A"),
    ("low-rank-approximation", 3, 0, "s_2", "SPECTRAL norm"),
    ("low-rank-approximation", 3, 2, "225", "square root"),
    ("critical-points", 75, 0, "[x^2 - 9, 4x + 2y]", "inner derivative"),
    ("critical-points", 75, 2, "[9, -18]", "x = ±3"),
    ("lagrange-multipliers", 3, 1, "s c/(c^T c)", "minimum-norm point"),
    ("lagrange-multipliers", 3, 4, "5", "factor ½"),
])
def test_a_classic_slip_gets_its_named_feedback(pid, seed, part, typed, says):
    check_named_feedback(pid, seed, part, typed, says)
