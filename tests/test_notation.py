"""Notation as people write it (issue 23, items 5 and 6): paper habits read as meant, every form
mathquiz prints typed back, and right mathematics in the wrong dress never costs an attempt."""

from __future__ import annotations

import pytest

from mathquiz.expression.limits import ParseError
from mathquiz.expression.parser import parse
from mathquiz.expression.printing import to_text, to_unicode
from mathquiz.expression.scope import Scope
from mathquiz.judging.contract import compare_texts
from mathquiz.problem.bank import load_problem, scan
from mathquiz.problem.instances import draw
from mathquiz.problem.loading import load
from mathquiz.problem.part_grading import grade, parse_shape_answer
from mathquiz.study.session import PartSession


def part(pid: str, seed: int, index: int):
    inst = draw(load_problem(scan().entries[pid]), seed)
    return inst, inst.parts[index]


def read(text: str, **declared) -> str:
    return to_text(parse(text, Scope(variables=declared, free=False)))


# --- [a, b]ᵀ for a column, as on paper ---

@pytest.mark.parametrize("typed", ["[-3/2, -3]^T", "[-3/2, -3]'", "[-1.5, -3]ᵀ", "[-3/2, -3]", "(-3/2, -3)^T"])
def test_a_list_with_a_transpose_mark_is_the_column_asked_for(typed):
    _, gd = part("gd-step", 1, 2)  # the key is the column (−3/2, −3)ᵀ
    assert grade(gd, typed).status == "correct"


def test_inside_an_expression_the_mark_still_transposes():
    quadratic = compare_texts("x1^2 + 3*x2^2", "[x1, x2]^T [[1, 0], [0, 3]] [x1, x2]")
    assert quadratic["verdict"] == "equivalent"
    assert compare_texts("[1, 2]", "[1, 2]^T [1, 2]")["verdict"] == "different"  # a number, not the column


def test_a_row_for_a_gradient_is_still_the_layout_slip():
    _, gd = part("gd-step", 1, 0)  # ∇f(x) = Ax − b, a column
    verdict = grade(gd, "(A x - b)'")
    assert verdict.status == "incorrect"


# --- right values in the other orientation, and decimals rounded too early, cost no attempt ---

def test_right_values_as_a_row_are_said_and_not_counted():
    inst, gd = part("gd-step", 1, 2)
    session = PartSession(inst, gd)
    graded = session.send("[-3/2 -3]")
    assert graded.verdict.status == "invalid" and "right values" in graded.verdict.reason
    assert "a column is asked" in graded.verdict.reason and session.attempts == 0
    wrong = session.send("[-3/2 3]")  # a real mistake still counts
    assert wrong.verdict.status == "incorrect" and session.attempts == 1


def test_a_decimal_rounded_too_early_is_not_counted():
    inst, jac = part("softmax-jacobian", 1, 0)  # the key is 0.13122…
    session = PartSession(inst, jac)
    graded = session.send("0.13")
    assert graded.verdict.status == "invalid" and "did not count" in graded.verdict.reason
    assert session.attempts == 0
    assert session.send("0.1312").verdict.status == "correct"


# --- u·v of two columns is their dot product ---

def test_a_product_of_two_columns_is_their_dot_product_and_read_as_says_so():
    result = compare_texts("u'v", "u·v", {"u": "3x1", "v": "3x1"})
    assert result["verdict"] == "equivalent" and result["read_as"] == "uᵀ·v"
    assert compare_texts("u'v + 1", "1 + u*v", {"u": "3x1", "v": "3x1"})["verdict"] == "equivalent"
    assert compare_texts("u v'", "u*v'", {"u": "3x1", "v": "3x1"})["verdict"] == "equivalent"  # outer stays
    mismatch = compare_texts("u'u", "u*w", {"u": "3x1", "w": "2x1"})
    assert mismatch["verdict"] == "different" and "cannot multiply" in mismatch["reason"]


def test_g_dot_xhat_in_batch_norm_is_the_dot_product():
    _, dgamma = part("batchnorm-affine-gradients", 1, 0)  # ∂L/∂γ = gᵀx̂
    for typed in ("g · xhat", "g*x̂", r"g \cdot \hat{x}"):
        verdict = grade(dgamma, typed)
        assert verdict.status == "correct", (typed, verdict.reason)
        assert verdict.read_as == "gᵀ·x̂"  # as the prose writes it; x̂ reads back as the declared xhat


# --- every form mathquiz prints can be typed back ---

@pytest.mark.parametrize("typed, declared, plain", [
    ("Cₒᵤₜ", {"C_out": None}, "C_out"),
    ("K^2 Cᵢₙ Cₒᵤₜ + Cₒᵤₜ", {"C_out": None, "C_in": None, "K": None}, "K^2*C_in*C_out + C_out"),
    ("Cout", {"C_out": None}, "C_out"),
    ("2/λₘₐₓ", {"lambda_max": None}, "2/lambda_max"),
    ("δᵢⱼ − yⱼ", {"delta_ij": None, "y_j": None}, "delta_ij - y_j"),
    ("ŷ − y", {"yhat": None, "y": None}, "yhat - y"),
    ("ŷ − y", {"y_hat": None, "y": None}, "y_hat - y"),
    ("x̂γ", {"xhat": None, "gamma": None}, "xhat*gamma"),
    (r"\hat{y}", {"yhat": None}, "yhat"),
    (r"\bar{x} + 1", {"x_bar": None}, "x_bar + 1"),
    ("ε", {"eps": None}, "eps"),
    (r"\varepsilon", {"eps": None}, "eps"),
    ("epsilon", {"eps": None}, "eps"),
    ("m/(1 − β₁ᵗ)", {"m": None, "beta_1": None, "t": None}, "m/(1 - beta_1^t)"),
    ("x1 + x_2", {"x_1": None, "x2": None}, "x_1 + x2"),
])  # fmt: skip
def test_forms_mathquiz_prints_can_be_typed_back(typed, declared, plain):
    assert read(typed, **declared) == plain


def test_a_hatted_name_that_is_not_declared_suggests_the_declared_ones():
    with pytest.raises(ParseError) as caught:
        parse("ẑ", Scope(variables={"yhat": None, "z": None}, free=False))
    assert "yhat" in caught.value.message or "z" in caught.value.message
    assert "z_hat" not in caught.value.message.split("`", 2)[2]  # never suggests the refused spelling


def test_a_symbol_can_declare_the_spelling_its_statement_shows():
    _, general = part("softmax-jacobian", 1, 1)  # y_i(δ_ij − y_j), shown as ŷᵢ(δᵢⱼ − ŷⱼ)
    for typed in ("ŷᵢ(δᵢⱼ − ŷⱼ)", r"\hat{y}_i(\delta_{ij} - \hat{y}_j)", "y_i(delta_ij - y_j)"):
        assert grade(general, typed).status == "correct", typed


def test_an_also_spelling_that_is_no_name_is_a_file_error(tmp_path):
    text = (scan().entries["softmax-jacobian"].path.read_text(encoding="utf-8")
            .replace('also: ["ŷᵢ", "ŷ_i"]', 'also: ["ŷ + 1"]'))
    path = tmp_path / "softmax-jacobian.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(Exception) as caught:
        load(path)
    assert "not a name a student can type" in str(caught.value)


# --- fractions, inverse transposes, TeX habits ---

@pytest.mark.parametrize("typed, plain", [
    ("½x", "1/2*x"), ("x^½", "x^(1/2)"), ("¾ + ⅔", "3/4 + 2/3"), ("2⁄3", "2/3"),
])  # fmt: skip
def test_unicode_fractions(typed, plain):
    assert read(typed, x=None) == plain


@pytest.mark.parametrize("typed", ["X^-T", "X^(-T)", "X^{-T}", "X⁻ᵀ", r"$X^{-\top}$", "inv(X)'"])
def test_the_inverse_transpose(typed):
    assert to_unicode(parse(typed, Scope(variables={"X": (2, 2)}, free=False))) == "(X⁻¹)ᵀ" or typed == "inv(X)'"
    _, logdet = part("logdet-gradient", 1, 0)
    assert grade(logdet, typed).status == "correct"


def test_a_subscript_belongs_to_the_last_letter_as_in_tex():
    assert read("tx_2", t=None, x_2=None) == "t*x_2"
    assert read(r"$t x_2 + \alpha x_1$", t=None, x_2=None, x_1=None, alpha=None) == "t*x_2 + alpha*x_1"
    assert read("tx_2", tx_2=None, t=None, x_2=None) == "tx_2"  # a declared name stays whole


def test_odot_is_the_entrywise_product():
    result = compare_texts("hadamard(a, b)", r"$a \odot b$", {"a": "3x1", "b": "3x1"})
    assert result["verdict"] == "equivalent"


@pytest.mark.parametrize("typed, dims", [
    (r"$3 \times 2$", ("3", "2")), (r"3\times2", ("3", "2")), (r"\(4 \times 1\)", ("4", "1")),
    (r"\mathbb{R}^{C_{in} \times k}", ("C_in", "k")), ("ℝ^(3×2)", ("3", "2")), ("3 by 2", ("3", "2")),
])  # fmt: skip
def test_latex_shapes(typed, dims):
    assert parse_shape_answer(typed) == dims


def test_a_latex_shape_answers_a_shape_part():
    _, shape = part("matrix-shapes", 1, 1)  # 3 x 2
    assert grade(shape, r"$3 \times 2$").status == "correct"
    assert grade(shape, r"$2 \times 3$").status == "incorrect"
