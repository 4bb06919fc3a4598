"""Mistakes by rule (issue 23): the generated slips of a key, the draws they screen, the feedback
they give, and the audit's cases, each on the seeds a student meets."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from mathquiz.expression.parser import parse
from mathquiz.expression.printing import to_text
from mathquiz.expression.scope import Scope
from mathquiz.judging.equivalence import CORRECT, INCORRECT, INVALID
from mathquiz.judging.slips import RULES, Names, generate
from mathquiz.problem.instances import draw, fill
from mathquiz.problem.loading import load
from mathquiz.problem.part_grading import grade
from mathquiz.validation.validate import validate

BANK = Path(__file__).parent.parent / "problems"
SEEDS = range(1, 31)


def _problem(name: str):
    return load(BANK / f"{name}.yaml")[0]


def _grades(name: str, part: int, text: str, seeds=SEEDS):
    problem = _problem(name)
    for seed in seeds:
        inst = draw(problem, seed)
        yield inst, grade(inst.parts[part - 1], fill(text, inst, "text"))


# ---- the catalogue: what each rule makes of a key


def _slips(text: str, shapes: dict, **kinds):
    names = Names(shapes=shapes, variables=frozenset(k for k in shapes if k not in kinds.get("drawn", ())),
                  integers=frozenset(kinds.get("integers", ())), quantities=frozenset(kinds.get("quantities", ())),
                  labels={k: k for k in shapes})
    key = parse(text, Scope(variables=shapes))
    return {to_text(s.tree): s for s in generate(key, names)}


def test_a_matrix_key_gets_its_transpose_product_factor_and_sign_slips():
    slips = _slips("2/N*X^T*(X*w - y)", {"X": (4, 2), "w": (2, 1), "y": (4, 1), "N": None},
                   drawn={"N"}, integers={"N"}, quantities={"N"})
    rules = {s.rule for s in slips.values()}
    assert {"sign-flipped", "factor-doubled", "factor-dropped", "n-minus-one", "term-sign", "term-dropped"} <= rules
    dropped = {s.message for s in slips.values() if s.rule == "factor-dropped"}
    assert dropped == {"a factor 2/N is missing", "a factor 1/N is missing"}
    # every slip has the key's shape: Xᵀ dropped (4×2 times 4×1) is ill-shaped and left out
    assert "2/N*X*(X*w - y)" not in slips


def test_a_product_of_matrices_is_swapped_and_a_transpose_dropped_or_added():
    slips = _slips("A^T*B", {"A": (3, 3), "B": (3, 3)})
    rules = {s.rule: t for t, s in slips.items()}
    assert {"product-swapped", "transpose-dropped", "transpose-added"} <= set(rules)
    assert any(s.message == RULES["product-swapped"] for s in slips.values())


def test_a_scalar_key_gets_square_root_and_one_sided_clipping():
    slips = _slips("r - relu(r - d) + relu(-r - d)", {"r": None, "d": None})
    assert {s.rule for s in slips.values()} >= {"square", "square-root", "one-sided-clip"}
    assert "mean-sum" in {s.rule for s in _slips("mean(x)", {"x": (3, 1)}).values()}


def test_messages_never_state_the_key():
    problem = _problem("mse-gradient")
    inst = draw(problem, 1)
    for part in inst.parts:
        for slip in part.slips:
            assert part.answer_text not in slip.message
            assert to_text(slip.tree) not in slip.message


# ---- draws that discriminate

PACK = """
id: slip-pack
title: A slip that coincides with the key on some draws
topic: testing
source: test
text: "A quantity x is divided by N = {N}."
symbols:
  x: {}
params:
  N: {int: [1, 12]}
parts:
  - prompt: "Give x/N in x."
    kind: expression
    answer: x/N
    tests:
      correct: ["x/{N}", "x*(1/{N})", "(2*x)/(2*{N})"]
solution:
  - text: "Divide."
    math: x/N
    answers: 1
"""


def test_a_pack_never_shows_a_draw_where_a_generated_slip_equals_the_key(tmp_path):
    path = tmp_path / "slip-pack.yaml"
    path.write_text(PACK, encoding="utf-8")
    problem = load(path)[0]
    seen = set()
    redrawn = 0
    for seed in range(1, 61):
        inst = draw(problem, seed)
        seen.add(int(inst.values["N"]))
        redrawn += any("generated slip" in why for why in inst.rejected)
        # N = 1 would let x (the 1/N dropped) pass; the draw is never shown
        assert grade(inst.parts[0], "x").status == INCORRECT
    assert 1 not in seen and len(seen) >= 8 and redrawn >= 1
    report = validate(problem, str(path), seeds=60)
    assert report.slips[1] >= 3 and sum(report.slip_redraws.values()) >= 1
    assert report.to_dict()["generated_slips"] == {"1": report.slips[1]}
    # which rule made the draws re-drawn: the 1/N dropped (factor-dropped), counted per part
    causes = report.to_dict()["redraw_causes"]["1"]
    assert set(causes) <= {"a generated slip (factor-dropped)", "a generated slip (reciprocal)"}, causes
    assert sum(causes.values()) == report.slip_redraws[1]
    assert report.ok, report.failures  # 1 draw in 12 re-drawn: within the gate


def test_a_generated_slip_that_equals_the_key_too_often_fails_validate(tmp_path):
    # N in 1..3: the 1/N dropped equals the key on a third of the draws
    path = tmp_path / "slip-pack.yaml"
    path.write_text(PACK.replace("[1, 12]", "[1, 3]"), encoding="utf-8")
    report = validate(load(path)[0], str(path), seeds=30)
    failure = [f for f in report.failures if "generated slip" in f]
    assert failure and "part 1: a generated slip (factor-dropped)" in failure[0], report.failures
    assert report.to_dict()["slip_redraw_rate"] > 0.05


# ---- feedback for every slip


def test_a_wrong_answer_equal_to_a_slip_hears_which_slip():
    for _inst, verdict in _grades("mse-gradient", 1, "2/({N}-1)*X^T*(X*w - y)", range(1, 6)):
        assert verdict.status == INCORRECT
        assert verdict.reason == "N and N − 1 are mixed up." and "slip" in verdict.notes


def test_a_slip_of_a_vector_value_is_named_too():
    for _inst, verdict in _grades("mse-gradient", 2, "2*({g0})", range(1, 4)):
        assert verdict.status == INCORRECT and verdict.reason == "Off by a factor of 2."


# ---- the audit's cases


def test_mse_gradient_never_lets_both_factors_drop():
    for inst, verdict in _grades("mse-gradient", 1, "X^T(Xw - y)"):
        assert int(inst.values["N"]) != 2 and verdict.status == INCORRECT


def test_conv_parameters_never_draws_as_many_inputs_as_outputs():
    for seed in SEEDS:
        inst = draw(_problem("conv-parameters"), seed)
        assert inst.values["Ci"] != inst.values["Co"]


def test_huber_one_sided_clipping_is_wrong_on_every_draw():
    for _inst, verdict in _grades("huber-gradient", 1, "{r0} - relu({r0} - {d0})"):
        assert verdict.status == INCORRECT


def test_weight_init_never_draws_a_variance_of_one():
    for inst, verdict in _grades("weight-init-variance", 2, "sqrt({vz})"):
        assert inst.values["vz"] != 1 and verdict.status == INCORRECT


def test_batchnorm_gamma_is_never_minus_one():
    for inst, verdict in _grades("batchnorm-affine-gradients", 4, "({g0})/({gam})"):
        assert inst.values["gam"] != -1 and verdict.status == INCORRECT


def test_adam_second_step_tolerance_is_the_steps_not_thetas():
    problem = _problem("adam-step")
    for seed in range(1, 11):
        inst = draw(problem, seed)
        part = inst.parts[3]
        step = abs(float(inst.values["th2"] - inst.values["th1"]))
        size = abs(float(inst.values["th2"]))
        assert part.settings.rtol == pytest.approx(1e-5 * min(1, step / size) if step < size else 1e-5)
        # the second step rounded at its 4th digit, added back to θ₁, is refused where θ₂ is large
        if size > 10 * step:
            off = float(inst.values["th1"]) + round(float(inst.values["th2"] - inst.values["th1"]), 2) * 1.01
            assert grade(part, repr(off)).status != CORRECT


def test_hinge_gradient_refuses_a_piecewise_answer_that_agrees_on_most_points():
    for _inst, verdict in _grades("hinge-subgradient", 4, "-y x step(0.5 - y w'x)"):
        assert verdict.status == INCORRECT


def test_softmax_shift_typing_the_original_back_is_the_wrong_form_not_an_attempt():
    for _inst, verdict in _grades("softmax-shift", 5, "log(sum(exp(z)))", range(1, 4)):
        assert verdict.status == INVALID and verdict.reason == "right value; now write it with m"


@pytest.mark.parametrize(("name", "part", "text"), [
    ("huber-gradient", 3, "max(-delta, min(delta, w'x - y)) x"),
    ("huber-gradient", 4, "max(-delta, min(delta, w'x - y)) x"),
    ("step-size-stability", 2, "min(2/lambda_max, 2/lambda_min)"),
    ("conv-output-size", 1, "floor((W - F + 2P)/S) + 1"),
    ("conv-output-size", 1, "floor((W + 2P - F)/S + 1)"),
])
def test_an_answer_right_in_the_stated_region_is_right(name, part, text):
    for _inst, verdict in _grades(name, part, text, range(1, 8)):
        assert verdict.status == CORRECT, verdict.reason


@pytest.mark.parametrize("text", ["floor((W - F + 2P)/S)", "floor((W - F + P)/S) + 1", "floor((W - F + 2P + 1)/S)",
                                  "floor((W - F + 2P)/(S + 1)) + 1"])
def test_a_wrong_floor_form_of_the_output_size_is_wrong(text):
    for _inst, verdict in _grades("conv-output-size", 1, text, range(1, 8)):
        assert verdict.status == INCORRECT, verdict.reason


def test_the_output_size_is_judged_at_whole_sizes_where_the_kernel_fits():
    """Sizes are drawn as whole numbers and only where S divides W − F + 2P: at real sizes, or
    where the kernel does not fit exactly, floor(…) + 1 and the key differ."""
    from dataclasses import replace

    from mathquiz.judging.equivalence import Domain

    floor_form = "floor((W - F + 2P)/S) + 1"
    part = draw(_problem("conv-output-size"), 1).parts[0]
    assert all(part.ctx.domains[n].integer for n in "WFPS") and grade(part, floor_form).status == CORRECT
    everywhere = replace(part.ctx, region=())
    reals = replace(everywhere, domains={n: Domain(d.lo, d.hi) for n, d in part.ctx.domains.items()})
    for ctx in (everywhere, reals):
        part.ctx = ctx
        assert grade(part, floor_form).status == INCORRECT
    rng = np.random.default_rng(0)
    assert {Domain(1, 8, integer=True).sample(rng) for _ in range(200)} == {2.0, 3.0, 4.0, 5.0, 6.0, 7.0}


def test_vanishing_gradient_asks_for_the_bound():
    problem = _problem("vanishing-gradient")
    assert "upper bound" in problem.parts[1].prompt


def test_the_arguments_of_kl_are_swapped_all_at_once():
    names = {"m1": None, "m2": None, "s1": None, "s2": None}
    slips = _slips("log(s2/s1) + (s1^2 + (m1 - m2)^2)/(2*s2^2) - 1/2", names, quantities=set(names))
    swapped = [t for t, s in slips.items() if s.rule == "arguments-swapped"]
    assert swapped == ["log(s1/s2) + (s2^2 + (m2 - m1)^2)/(2*s1^2) - 1/2"]
