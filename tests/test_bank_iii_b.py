"""Bank III (issue 25), part b: attention, generative-model and information problems are shipped and complete."""

from __future__ import annotations

import pytest

from tests.bank_sets import check_named_feedback, ids_of, kinds_of

IDS = ids_of("iii_b")


def test_the_set_has_find_the_wrong_step_and_ordering_parts():
    kinds = kinds_of(IDS)
    assert kinds.count("wrong-step") >= 3 and kinds.count("ordering") >= 2


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
    ("vae-elbo", 4, 3, "32.37", "−L"),
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
    check_named_feedback(pid, seed, part, typed, says)
