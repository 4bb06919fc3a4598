"""Problem files: loading errors with file:line:field, drawing, verification, discovery."""

from __future__ import annotations

import textwrap
import time
from pathlib import Path

import pytest

from mathquiz.problem.bank import scan
from mathquiz.problem.files import ProblemFileError
from mathquiz.problem.instances import DrawError, draw
from mathquiz.problem.loading import load
from mathquiz.proof.worked import verify
from mathquiz.validation.validate import validate

GOOD = """\
id: tiny
title: A tiny problem
topic: testing
source: made up
symbols:
  x: {domain: real}
params:
  a: {int: [2, 9]}
  k: {int: [1, 3]}
where:
  - positive: a - k
derived:
  f: a*x^k
  fp: diff(f, x)
parts:
  - prompt: "Differentiate {f}."
    kind: expression
    answer: fp
    derives: {derivative: f, wrt: x}
    hints: ["Use the power rule."]
    mistakes:
      - answer: a*x^k
        feedback: That is f itself, not its derivative.
    tests:
      correct: ["{fp}", "{k}*{a}*x^({k}-1)", "{a}*{k}*x^({k}-1) + 0"]
      incorrect: ["{a}*x^{k}", "x"]
      invalid: ["sine(x)"]
solution:
  - text: Start from f.
    label: f(x)
    math: a*x^k
    claim: {equals: f}
  - text: Apply the power rule.
    label: f'(x)
    math: k*a*x^(k-1)
    begins: true
    claim: {derivative: f, wrt: x}
  - text: Simplify.
    label: f'(x)
    math: fp
    answers: 1
"""


def write(tmp_path: Path, text: str, name: str = "p.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def issues_of(path: Path) -> list[str]:
    with pytest.raises(ProblemFileError) as info:
        load(path)
    return [str(i) for i in info.value.issues]


def test_good_file_loads_and_validates(tmp_path):
    problem, _ = load(write(tmp_path, GOOD))
    report = validate(problem, "p.yaml", seeds=10)
    assert report.ok, report.failures


def test_bad_yaml_names_the_line(tmp_path):
    path = write(tmp_path, "id: x\ntitle: [unclosed\n")
    (issue,) = issues_of(path)
    assert issue.startswith(f"{path}:") and "invalid YAML" in issue


@pytest.mark.parametrize(
    "change, line, field, words",
    [
        (("title: A tiny problem", "title: A tiny problem\ncolour: blue"), 3, "colour", "unknown field"),
        (("title: A tiny problem\n", ""), None, "title", "required field is missing"),
        (("a: {int: [2, 9]}", "a: {int: [2, nine]}"), 8, "params.a.int", "integer"),
        (("answer: fp", "answer: fp + q"), 18, "parts[1].answer", "unknown name `q`"),
        (("kind: expression", "kind: essay"), 17, "parts[1].kind", "expression"),
    ],
)
def test_schema_errors_name_file_line_and_field(tmp_path, change, line, field, words):
    path = write(tmp_path, GOOD.replace(*change))
    issues = issues_of(path)
    hit = [i for i in issues if f": {field}" in i and words in i]
    assert hit, issues
    if line is not None:
        assert hit[0].startswith(f"{path}:{line}:"), hit


def test_all_errors_of_a_file_are_reported_together(tmp_path):
    text = GOOD.replace("title: A tiny problem", "title: A tiny problem\ncolour: blue").replace(
        "answer: fp", "answer: fp + q").replace("kind: expression", "kind: essay")
    assert len(issues_of(write(tmp_path, text))) >= 2


def test_circular_definitions_are_named(tmp_path):
    text = GOOD.replace("  f: a*x^k\n", "  f: g + 1\n  g: f*x\n")
    (issue,) = [i for i in issues_of(write(tmp_path, text)) if "circular" in i]
    assert "f → g → f" in issue or "g → f → g" in issue


def test_same_id_twice_names_both_files(tmp_path):
    write(tmp_path, GOOD, "one.yaml")
    write(tmp_path, GOOD, "two.yaml")
    bank = scan([], files=sorted(tmp_path.glob("*.yaml")))
    assert list(bank.entries) == ["tiny"]
    (broken,) = bank.broken
    assert "one.yaml" in str(broken.issues[0]) and broken.path.name == "two.yaml"


def test_instances_are_reproducible_and_vary(tmp_path):
    problem, _ = load(write(tmp_path, GOOD))
    same = [draw(problem, 7).parts[0].answer_text for _ in range(3)]
    assert len(set(same)) == 1
    varied = {draw(problem, s).parts[0].answer_text for s in range(1, 40)}
    assert len(varied) > 5


def test_constraints_are_redrawn_until_they_hold(tmp_path):
    problem, _ = load(write(tmp_path, GOOD))
    for seed in range(1, 60):
        inst = draw(problem, seed)
        assert int(inst.values["a"]) > int(inst.values["k"])


def test_an_integer_condition_keeps_only_whole_values(tmp_path):
    problem, _ = load(write(tmp_path, GOOD.replace("  - positive: a - k", "  - integer: a/k")))
    ks = set()
    for seed in range(1, 60):
        inst = draw(problem, seed)
        a, k = int(inst.values["a"]), int(inst.values["k"])
        assert a % k == 0
        ks.add(k)
    assert ks == {1, 2, 3}  # a draw where k does not divide a is drawn again, not every k > 1 refused


def test_planted_wrong_step_is_caught(tmp_path):
    problem, _ = load(write(tmp_path, GOOD.replace("math: k*a*x^(k-1)", "math: a*x^(k-1)")))
    # a*x^(k-1) equals k*a*x^(k-1) only when k = 1: the check must catch every other draw
    for seed in range(1, 15):
        inst = draw(problem, seed)
        failures = verify(inst)
        caught = any("step 3 does not follow from step 2" in f for f in failures)
        assert caught == (int(inst.values["k"]) != 1), (seed, failures)


def test_wrong_self_test_fails_validation(tmp_path):
    problem, _ = load(write(tmp_path, GOOD.replace('incorrect: ["{a}*x^{k}", "x"]', 'incorrect: ["{fp}"]')))
    report = validate(problem, "p.yaml", seeds=3)
    # a sample the file calls incorrect that equals the key makes every draw degenerate
    assert not report.ok, report.failures
    assert any("the incorrect sample '{fp}' equals the key" in f for f in report.failures), report.failures


def test_problem_pack_via_mathquiz_path(tmp_path, monkeypatch):
    pack = tmp_path / "pack"
    pack.mkdir()
    write(pack, GOOD)
    monkeypatch.setenv("MATHQUIZ_PATH", str(pack))
    bank = scan()
    assert "tiny" in bank.entries and bank.entries["tiny"].path.parent == pack
    assert [e.id for e in bank.resolve(["testing"])] == ["tiny"]


@pytest.mark.parametrize(
    "change, words",
    [
        (("answer: fp", "answer: __import__('os').system('touch HACKED')"), "a name starts with a letter"),
        (("  a: {int: [2, 9]}", "  a: {int: [2, 9]}\n  M: {matrix: [100000, 10000]}"), "sizes must be between"),
        (("fp: diff(f, x)", "fp: diff(f, x) + 10^10^10"), "exponent is too large"),
        (("a: {int: [2, 9]}", "a: {int: [2, 1000000000000]}"), "an int range spans at most"),
        (("title: A tiny problem", 'title: "A tiny \\e[2J problem"'), "control characters are not allowed"),
        (("a: {int: [2, 9]}", "a: {int: [2, 9]}\n  v: {vector: 2, entries: [-99999999, 99999999]}"),
         "entries span at most"),
    ],
)
def test_hostile_problem_files_are_rejected_at_load(tmp_path, monkeypatch, change, words):
    monkeypatch.chdir(tmp_path)
    issues = issues_of(write(tmp_path, GOOD.replace(*change)))
    assert any(words in i for i in issues), issues
    assert not (tmp_path / "HACKED").exists()


def test_a_constraint_that_never_holds_stops_with_a_clear_error(tmp_path):
    problem, _ = load(write(tmp_path, GOOD.replace("positive: a - k", "positive: -a")))
    start = time.monotonic()
    with pytest.raises(DrawError, match="no draw met the conditions"):
        draw(problem, 1)
    assert time.monotonic() - start < 15


def test_a_yaml_alias_bomb_is_rejected_at_once(tmp_path):
    rows = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        rows.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    path = write(tmp_path, "\n".join(rows) + "\n" + GOOD.replace("tags: []", "") + "tags: *i\n")
    start = time.monotonic()
    issues = issues_of(path)
    assert time.monotonic() - start < 5
    assert any("aliases" in i for i in issues), issues


@pytest.mark.parametrize(("change", "where", "says"), [
    (("  k: {int: [1, 3]}\n", "  k: {int: [1, 3]}\n  T: {int: [2, 4]}\n"), "params.T", "`T` is the transpose mark"),
    (("  fp: diff(f, x)\n", "  fp: diff(f, x)\n  T: a + 1\n"), "derived.T", "`T` is the transpose mark"),
    (("  fp: diff(f, x)\n", "  fp: diff(f, x)\n  exp: a + 1\n"), "derived.exp", "`exp` is a function"),
    (("  k: {int: [1, 3]}\n", "  k: {int: [1, 3]}\n  tr: {int: [2, 4]}\n"), "params.tr", "`tr` is a function"),
    (("  k: {int: [1, 3]}\n", "  k: {int: [1, 3]}\n  sigmoid: {int: [2, 4]}\n"), "params.sigmoid", "is a function"),
    (("  fp: diff(f, x)\n", "  fp: diff(f, x)\n  lstsq: a + 1\n"), "derived.lstsq", "`lstsq` is a function"),
    (("  k: {int: [1, 3]}\n", "  k: {int: [1, 3]}\n  e: {int: [2, 4]}\n"), "params.e", "`e` is Euler's number"),
    (("  fp: diff(f, x)\n", "  fp: diff(f, x)\n  I: a + 1\n"), "derived.I", "`I` is the identity matrix"),
    (("  x: {domain: real}\n", "  x: {domain: real}\n  pi: {}\n"), "symbols.pi", "`pi` is π"),
    (("  x: {domain: real}\n", "  x: {domain: real}\n  sin: {}\n"), "symbols.sin", "`sin` is a function"),
    (("    claim: {equals: f}\n", '    claim: {equals: "0*x^T + f", let: {T: a}}\n'), "solution[1].claim.let.T", "T"),
    (("    claim: {equals: f}\n", "    claim: {equals: f, let: {log: a}}\n"), "solution[1].claim.let.log", "function"),
])  # fmt: skip
def test_a_name_that_collides_with_the_answer_syntax_is_a_load_error(tmp_path, change, where, says):
    # with a value named T, exp or e, A^T, exp(x) and e^x in answers, mistakes and tests would silently
    # mean a power, a product and a drawn number
    assert change[0] in GOOD
    issues = issues_of(write(tmp_path, GOOD.replace(*change)))
    assert any(i.split(": ", 2)[1] == where and says in i and "rename the" in i for i in issues), issues


@pytest.mark.parametrize("name", ["T", "sigma", "theta", "tau"])
def test_a_symbol_named_t_or_sigma_stays_allowed(tmp_path, name):
    # a temperature T a student types (^T is then a power), a standard deviation sigma: by the statement
    text = GOOD.replace("  x: {domain: real}\n", f"  x: {{domain: real}}\n  {name}: {{}}\n")
    problem, _ = load(write(tmp_path, text))
    assert name in problem.symbols


def test_a_binding_named_t_is_allowed_in_a_claim_without_a_transpose(tmp_path):
    # let: {T: …} names a one-hot vector in a claim that transposes nothing: no collision there
    text = GOOD.replace("    claim: {equals: f}\n", "    claim: {equals: T, let: {T: f}}\n")
    problem, _ = load(write(tmp_path, text))
    assert problem.solution[0].claims[0].let == {"T": "f"}
