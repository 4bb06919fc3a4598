"""Hints, and feedback read with attempts left, never state the key (issue 23 item 3): `validate`
fails a file whose hint or named-mistake feedback states the key, as written or in another form
the part accepts, or the right choice's words; formulas that only look alike are not flagged."""

from __future__ import annotations

from pathlib import Path

import pytest

from mathquiz.problem.bank import load_problem, scan
from mathquiz.problem.instances import draw
from mathquiz.problem.loading import load
from mathquiz.validation.revealing import formulas, revealing
from mathquiz.validation.validate import validate

PROBLEMS = Path(__file__).parent.parent / "problems"


def _pack_with(tmp_path: Path, name: str, old: str, new: str) -> Path:
    text = (PROBLEMS / f"{name}.yaml").read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path = tmp_path / f"{name}.yaml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def _found(path: Path) -> list[str]:
    return revealing(draw(load(path, remember=False)[0], 1))


@pytest.mark.parametrize("name, old, new, where", [
    # a mistake's feedback that writes the key as the file does
    ("gd-step", '"The −b of the gradient Ax − b was dropped."',
     '"The −b of the gradient was dropped: x⁺ = x − η(Ax − b)."', "part 2: the feedback of mistake 3"),
    # a hint with the key in another form than any the file writes (graded, not matched)
    ("softplus-derivative", '"Here u\' = eˣ; simplify u\'/u by dividing through by eˣ, and compare with σ."',
     '"So the slope is exp(x)/(exp(x) + 1), the logistic function."', "part 1: hint 2"),
    # the drawn numbers put into the formula: the number key, one multiplication away
    ("mha-parameters", '"Put d = {d0} into your count from a)."', '"4·{d0}² + 4·{d0}."', "part 2: hint 2"),
    # a choice part's right choice, in its words
    ("relu-gradient", '"Try s = 0, s = 1/2, s = 1 and s = 2 in both inequalities: which pass?"',
     '"Here it is every s with 0 ≤ s ≤ 1."', "part 5: hint 2"),
])  # fmt: skip
def test_a_text_that_states_the_key_fails_validate(tmp_path, name, old, new, where):
    path = _pack_with(tmp_path, name, old, new)
    assert any(where in found for found in _found(path)), _found(path)
    report = validate(load(path, remember=False)[0], str(path), seeds=1)
    assert any(where in f and "states the answer" in f for f in report.failures), report.failures


@pytest.mark.parametrize("name, old, new", [
    # the key inside a function's argument is not the key: log softmax(z) is not softmax(z)
    ("logsumexp-gradient", "differentiate f with respect to each zᵢ.", "That is not log softmax(z) either."),
    # what the prompt itself writes (it equals the key as a value) is the question, not its answer
    ("softmax-shift", '"Shifting every logit by c multiplies',
     '"softmax(z − c) is what is asked. Shifting every logit by c multiplies'),
])  # fmt: skip
def test_what_only_looks_like_the_key_is_not_flagged(tmp_path, name, old, new):
    assert _found(_pack_with(tmp_path, name, old, new)) == []


def test_the_last_attempts_feedback_may_state_the_key(tmp_path):
    path = _pack_with(tmp_path, "gd-step", '"The −b of the gradient Ax − b was dropped."',
                      '"The −b of the gradient was dropped: x⁺ = x − η(Ax − b)."')
    assert any("part 2: the feedback of mistake 3" in f for f in _found(path))
    text = path.read_text(encoding="utf-8")  # one attempt: the solution is shown after it anyway
    path.write_text(text.replace("    answer: x - eta*(A*x - b)\n", "    answer: x - eta*(A*x - b)\n    attempts: 1\n"),
                    encoding="utf-8")
    assert _found(path) == []


def test_formulas_are_cut_at_separators_and_prose_words_but_not_inside_brackets():
    said = formulas("That is the square of the half-width; the variance is (b − a)²/12, the same as E[X²] − m².")
    assert "(b − a)²/12" in said
    assert not any("variance" in f for f in said)
    assert "(12, −7, 3)ᵀ" in formulas("the gradient is (12, −7, 3)ᵀ here")  # the comma of a vector is no separator


@pytest.mark.parametrize("pid", sorted(scan().entries))
def test_no_shipped_problem_states_its_key_too_early(pid):
    assert revealing(draw(load_problem(scan().entries[pid]), 1)) == []
