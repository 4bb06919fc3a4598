"""What a student reads is written as a person writes it (issue 27 item 6): values put into text
get their parentheses and signs (placing), shown trees are neat, and `validate` fails a text
with a slip at any seed (wording)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mathquiz.expression.parser import parse
from mathquiz.expression.printing import to_unicode
from mathquiz.expression.scope import Scope
from mathquiz.judging.neat import neat
from mathquiz.problem.bank import load_problem, scan
from mathquiz.problem.instances import draw
from mathquiz.problem.loading import load
from mathquiz.problem.placing import put_values
from mathquiz.validation.validate import validate
from mathquiz.validation.wording import shown_name, slips, typed_names_in_print, wording_issues

PLACEHOLDER = re.compile(r"\{([A-Za-z][A-Za-z0-9_]*)\}")
VALUES = {"p": "4/5", "c": "−3", "a": "1", "m": "−1", "s": "2 + x", "v": "(2, −2)ᵀ", "n": "3"}


@pytest.mark.parametrize("template, shown", [
    ("(1 − {p})/{p}", "(1 − 4/5)/(4/5)"),  # not (1 − 4/5)/4/5, which is 9/100
    ("log(2/{p})", "log(2/(4/5))"),
    ("(x − {c})²", "(x + 3)²"),
    ("x + {c}", "x − 3"),
    ("{a}(x − {c})", "(x + 3)"),
    ("{m}(x + {c})", "−(x − 3)"),
    ("{v}ᵀx", "(2, −2)x"),  # a column transposed in the text: the row, not (2, −2)ᵀᵀ
    ("{s}²", "(2 + x)²"),
    ("a = {c}, p = {p}.", "a = −3, p = 4/5."),  # nothing around them: as they are
    ("the {a} unit, {n}x", "the 1 unit, 3x"),
])  # fmt: skip
def test_a_value_is_placed_with_the_brackets_and_sign_it_needs(template, shown):
    assert put_values(template, PLACEHOLDER, VALUES.get, VALUES.get) == shown


@pytest.mark.parametrize("typed, shown", [
    ("x - (-3)", "x + 3"),
    ("x + (-y)", "x − y"),
    ("1*x + y*1", "x + y"),
    ("(-1)*x", "−x"),
    ("8/4 + 2/4*y", "2 + 1/2·y"),
    ("transpose([2, -2])*x", "[[2, −2]]·x"),  # the row as a 1×2 matrix, not (2, −2)ᵀᵀ
    ("x^1", "x"),
    ("-1 - (-3)/sqrt(9)", "−1 + 3/sqrt(9)"),
])  # fmt: skip
def test_a_shown_tree_is_neat_and_keeps_its_value(typed, shown):
    scope = Scope(variables={"x": (), "y": ()})
    tree = parse(typed, scope)
    assert to_unicode(neat(tree)).replace("√(9)", "sqrt(9)") == shown


@pytest.mark.parametrize("text, slip", [
    ("(x − −3)²", "two signs"),
    ("x + −3", "two signs"),
    ("(2, −2)ᵀᵀ", "transpose of a transpose"),
    ("1·x + 2", "factor 1"),
    ("1(x + 3)", "factor 1"),
    ("2/4·Xᵀ(Xw − y)", "lowest terms"),
    ("log(2/1)", "lowest terms"),
    ("(1 − 4/5)/4/5", "run of divisions"),
    ("θ ≈ 26", "≈ before an exact"),
])  # fmt: skip
def test_a_slip_is_found(text, slip):
    assert any(slip in found for found in slips(text)), slips(text)


@pytest.mark.parametrize("text", [
    "x − 3", "(x + 3)²", "p = 4/5", "2/4 = 1/2", "W = (20 − 7)/3 + 1\n= 15/3", "θ ≈ 0.4277", "x₁ − x₂",
    "10·x", "e^(−1)", "a range of 1 to 4", "f(1)", "(2, −2)ᵀ", "0.1·g",
])  # fmt: skip
def test_what_is_written_right_is_no_slip(text):
    assert slips(text) == []


@pytest.mark.parametrize("pid", sorted(scan().entries))
def test_every_shipped_problem_reads_right_at_a_few_seeds(pid):
    problem = load_problem(scan().entries[pid])
    for seed in (1, 2, 3):
        assert wording_issues(draw(problem, seed)) == []


def _pack_with(tmp_path: Path, old: str, new: str, name: str = "chain-rule-poly") -> Path:
    source = Path(__file__).parent.parent / "problems" / f"{name}.yaml"
    text = source.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / f"{name}.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize("name, old, new, said", [
    ("softmax-shift", "happen: the choice that says every exponent is ≤ 0.", "happen (choice a).", "names a choice"),
    ("chain-rule-poly", '"f is an outer power, (·)^{n}', '"f is an outer power, 2/4·(·)^{n}', "lowest terms"),
])  # fmt: skip
def test_validate_fails_a_text_with_a_slip(tmp_path, name, old, new, said):
    path = _pack_with(tmp_path, old, new, name)
    report = validate(load(path, remember=False)[0], str(path), seeds=2)
    assert any(said in failure for failure in report.failures), report.failures


def test_a_step_without_text_fails_unless_it_goes_on_from_the_one_before(tmp_path):
    step = '  - text: "Differentiate the inner function term by term (the constant {c} drops out)."\n    label'
    path = _pack_with(tmp_path, step, "  - label")
    issues = wording_issues(draw(load(path, remember=False)[0], 1))
    assert any("step 2 has no text" in i for i in issues), issues
    shipped = draw(load_problem(scan().entries["adam-step"]), 1)  # bare `= …` steps that go on: fine
    assert not [i for i in wording_issues(shipped) if "has no text" in i]


@pytest.mark.parametrize("name, also, shown", [
    ("mu", (), "μ"), ("eta", (), "η"), ("Sigma", (), "Σ"), ("eps", (), "ε"), ("lambda_max", (), "λ_max"),
    ("xhat", (), "x̂"), ("y_hat", (), "ŷ"), ("z1", (), "z₁"), ("beta1", (), "β₁"), ("y_i", ("ŷᵢ", "ŷ_i"), "ŷᵢ"),
    ("x", (), None), ("C_in", (), None), ("d_k", (), None), ("mean", (), None), ("T", (), None),
])  # fmt: skip
def test_a_typed_name_has_the_form_a_page_prints(name, also, shown):
    assert shown_name(name, also) == shown


@pytest.mark.parametrize("name, old, new, said", [
    ("gd-step", "in x, A, b and η.", "in x, A, b and eta.", "spells `eta`"),  # a Greek name
    ("batchnorm-affine-gradients", "in g and x̂.", "in g and xhat.", "spells `xhat`"),  # a hat
    ("linear-collapse", "Give W as a matrix expression in W₁,", "Give W as a matrix expression in W1,", "spells `W1`"),
    ("linear-expectation", "in terms of a, b, μ and σ.", "in terms of a, b, μ and s.", "spells `s`"),  # `type s for σ`
    # a declared W_1 prints as W₁ in every formula: neither W_1 nor W1 may stand in the prompt
    ("residual-gradient", "in x,\n      W₁ and W₂.", "in x,\n      W1 and W₂.", "spells `W1`"),
    ("residual-gradient", "in x,\n      W₁ and W₂.", "in x,\n      W₁ and W_2.", "spells `W_2`"),
    ("low-rank-approximation", "in terms of σ₁, σ₂, σ₃.", "in terms of σ₁, σ₂, sigma_3.", "spells `sigma_3`"),
])  # fmt: skip
def test_validate_fails_a_prompt_that_prints_a_typed_name(tmp_path, name, old, new, said):
    path = _pack_with(tmp_path, old, new, name)
    report = validate(load(path, remember=False)[0], str(path), seeds=1)
    assert any(said in failure for failure in report.failures), report.failures


def test_a_subscript_of_letters_may_stand_as_typed():
    problem = load_problem(scan().entries["conv-parameters"])  # C_in and C_out: prose writes C_in and Cᵢₙ alike
    assert "C_in" in problem.text and typed_names_in_print(problem) == []


def test_typing_instructions_may_name_what_is_typed():
    problem = load_problem(scan().entries["gd-step"])
    assert "eta" in problem.parts[1].typing and typed_names_in_print(problem) == []
