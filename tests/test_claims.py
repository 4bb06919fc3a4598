"""Issue 12: keys derived from the statement, every step a checked claim, no degenerate draw."""

from __future__ import annotations

import json
import textwrap

import pytest
from typer.testing import CliRunner

from mathquiz.cli.main import app
from mathquiz.problem.instances import draw
from mathquiz.problem.loading import load
from mathquiz.validation.validate import validate

BASE = """\
id: claimed
title: Claims
topic: testing
source: made up
symbols:
  x: {domain: real}
  y: {domain: real}
  v: {shape: [n, 1]}
params:
  a: {int: [2, 9]}
  k: {int: [1, 3]}
  n: {int: [2, 3]}
  s: {choice: [1, 2, 3]}
derived:
  f: a*x^k
  fp: diff(f, x)
parts:
  - prompt: "Differentiate {f}."
    kind: expression
    answer: KEY
    derives: {derivative: f, wrt: x}
    mistakes:
      - answer: MISTAKE
        feedback: That is not the derivative.
    tests:
      correct: ["{fp}", "{k}*{a}*x^({k}-1)", "{a}*{k}*x^({k}-1) + 0"]
      incorrect: ["x"]
solution:
  - text: Apply the power rule.
    label: f'(x)
    math: k*a*x^(k-1)
    claim: {derivative: f, wrt: x}
  - text: Simplify.
    label: f'(x)
    math: fp
    answers: 1
  - text: CLAIM_TEXT
    begins: true
    CLAIM
"""


def problem_file(tmp_path, key="fp", mistake="a*x^k", claim="claim: {gradient: v^T*v, wrt: v}\n    math: 2*v"):
    text = BASE.replace("KEY", key).replace("MISTAKE", mistake).replace("CLAIM_TEXT", "A claim.")
    text = text.replace("CLAIM", claim)
    path = tmp_path / "claimed.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return load(path)[0]


def test_a_correct_file_passes_with_every_step_checked(tmp_path):
    report = validate(problem_file(tmp_path), "claimed.yaml", seeds=6)
    assert report.ok, report.failures
    assert (report.steps, report.checked) == (3, 3)


def test_a_key_that_is_wrong_for_some_draws_fails_validation(tmp_path):
    # 2·a·x^(k−1) is the derivative of a·x^k only when k = 2: the other draws must be caught
    problem = problem_file(tmp_path, key="2*a*x^(k-1)")
    report = validate(problem, "claimed.yaml", seeds=12)
    assert not report.ok
    assert any("the key is not what `derives` says" in f for f in report.failures), report.failures


def test_a_mistake_that_coincides_with_the_key_is_never_drawn(tmp_path):
    # 2·a·x the named mistake equals the key a·k·x^(k−1) exactly when k = 2
    problem = problem_file(tmp_path, mistake="2*a*x")
    rejected = 0
    for seed in range(1, 31):
        inst = draw(problem, seed)
        assert int(inst.values["k"]) != 2, seed
        rejected += len(inst.rejected)
    assert rejected > 0  # k = 2 was drawn and thrown away
    report = validate(problem, "claimed.yaml", seeds=30)
    assert report.rejection_rate > 0.05 and any("degenerate" in f for f in report.failures)
    # the report names the mistake by its file text, per part, with how many draws it cost
    cause = "the named mistake '2*a*x'"
    assert report.to_dict()["redraw_causes"] == {"1": {cause: report.rejected}}
    assert any(f"part 1: {cause} {report.rejected}×" in f for f in report.failures), report.failures


@pytest.mark.parametrize(("claim", "ok"), [
    ("claim: {gradient: v^T*v, wrt: v}\n    math: 2*v", True),
    ("claim: {gradient: v^T*v, wrt: v}\n    math: v", False),
    ("claim: {hessian: v^T*v, wrt: v}\n    math: 2*I", True),
    ("claim: {jacobian: 3*v, wrt: v}\n    math: 2*I", False),
    ("claim: {hessian: x*y^3, wrt: [y]}\n    math: 6*x*y", True),  # by one variable: 1×1, read as its entry
    ("claim: {hessian: x*y^3, wrt: y}\n    math: \"[[6*x*y]]\"", True),
    ("claim: {hessian: x*y^3, wrt: [y]}\n    math: 3*x*y", False),
    ("claim: {divergence: \"[x^2, x*y]\", wrt: [x, y]}\n    math: 2*x + x", True),
    ("claim: {derivative: sigma(a*x), wrt: x, at: {x: \"0\"}}\n    math: a/4", True),
    ("claim: {derivative: sigma(a*x), wrt: x, at: {x: \"0\"}}\n    math: 1/4", False),
    ("claim: {expectation: \"X^2 + X\", under: {X: \"normal(1, s)\"}}\n    math: s^2 + 2", True),
    ("claim: {expectation: \"X^2\", under: {X: \"normal(1, s)\"}}\n    math: s^2", False),
    ("claim: {variance: \"X*Y\", under: {X: \"normal(0, s)\", Y: \"uniform(0, 1)\"}}\n    math: s^2/3", True),
    ("claim: {expectation: \"exp(X)\", under: {X: \"normal(0, 1)\"}}\n    math: e^(1/2)", True),
    ("claim: {expectation: \"exp(X)\", under: {X: \"normal(0, 1)\"}}\n    math: \"1\"", False),
    ("claim: {shape_of: v^T, result: \"1 x {n}\"}", True),
    ("claim: {shape_of: v^T, result: \"{n} x 1\"}", False),
    # a `let` vector or matrix of entries has its drawn size in a shape (a sum over a batch P of n rows)
    ("claim: {shape_of: P^T*u, let: {P: {matrix: [n, k]}, u: {vector: n}}, result: \"{k} x 1\"}", True),
    ("claim: {shape_of: P^T*u, let: {P: {matrix: [n, k]}, u: {vector: n}}, result: \"{n} x 1\"}", False),
    ("claim: {shape_of: u*P, let: {P: {matrix: [n, k]}, u: {vector: n}}, result: \"{n} x {k}\"}", False),
    ("claim: {shape_of: \"entry(P, 1, 1)*P\", let: {P: {matrix: [k, n]}}, result: \"{k} x {n}\"}", True),
    ("claim: {cases: [{when: {x: 1}, result: \"a\"}, {when: {x: 0}, result: \"0\"}]}\n    math: a*x", True),
    ("claim: {cases: [{when: {x: 1}, result: \"a\"}, {when: {x: 0}, result: \"1\"}]}\n    math: a*x", False),
    ("claim:\n      derivative: entry(softmax(z), i)\n      wrt: entry(z, j)\n"
     "      over: {m: [2, 4], i: [1, m], j: [1, m]}\n"
     "      let: {z: {vector: m}, y_i: \"entry(softmax(z), i)\", y_j: \"entry(softmax(z), j)\","
     " d: \"1 - min([abs(i - j), 1])\"}\n    math: y_i*(d - y_j)", True),
    ("claim:\n      derivative: entry(softmax(z), i)\n      wrt: entry(z, j)\n"
     "      over: {m: [2, 4], i: [1, m], j: [1, m]}\n"
     "      let: {z: {vector: m}, y_i: \"entry(softmax(z), i)\", y_j: \"entry(softmax(z), j)\"}\n"
     "    math: y_i*(1 - y_j)", False),
])  # fmt: skip
def test_each_kind_of_claim_holds_or_fails(tmp_path, claim, ok):
    report = validate(problem_file(tmp_path, claim=claim), "claimed.yaml", seeds=3)
    assert report.ok == ok, report.failures
    if not ok:
        assert any("solution step 3" in f for f in report.failures), report.failures


def test_a_problem_of_remarks_fails_the_coverage_rule(tmp_path):
    problem = problem_file(tmp_path, claim="label: note")
    report = validate(problem, "claimed.yaml", seeds=2)
    assert (report.steps, report.checked) == (3, 2)
    assert any("checked claims" in f for f in report.failures)


def test_solve_json_gives_key_check_and_step_checks(tmp_path):
    problem_file(tmp_path)
    result = CliRunner().invoke(app, ["solve", "claimed", "--seed", "2", "--json", "-p", str(tmp_path)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["parts"][0]["key_check"] == {"kind": "derivative", "of": "f", "wrt": "x",
                                             "method": "symbolic", "verified": True}
    assert [s["check"] for s in data["solution"]] == ["derivative", "equal", "derivative"]
    assert all(s["verified"] for s in data["solution"])


def test_a_remark_is_marked_on_the_study_sheet(tmp_path):
    problem_file(tmp_path, claim="label: note")
    result = CliRunner().invoke(app, ["solve", "claimed", "--seed", "2", "--format", "markdown", "-p", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert result.stdout.count("✓") == 2 and "*(remark)*" in result.stdout


CALCULUS_CLAIMS = [  # (claim, result, holds): what central differences must confirm, and must never confirm
    ({"gradient": "v^T*v", "wrt": "v"}, "2*v", True),
    ({"gradient": "v^T*v", "wrt": "v"}, "v", False),
    ({"hessian": "v^T*v", "wrt": "v"}, "2*I", True),
    ({"hessian": "v^T*v", "wrt": "v"}, "I", False),
    ({"hessian": "x*y^3", "wrt": ["y"]}, "6*x*y", True),
    ({"hessian": "x*y^3", "wrt": ["y"]}, "[[6*x*y]]", True),
    ({"hessian": "x*y^3", "wrt": ["y"]}, "3*x*y", False),
    ({"gradient": "x*y^3", "wrt": ["y"]}, "3*x*y^2", True),
    ({"jacobian": "3*v", "wrt": "v"}, "3*I", True),
    ({"jacobian": "3*v", "wrt": "v"}, "2*I", False),
    ({"divergence": "[x^2, x*y]", "wrt": ["x", "y"]}, "2*x + x", True),
    ({"divergence": "[x^2, x*y]", "wrt": ["x", "y"]}, "2*x", False),
    ({"derivative": "sigma(a*x)", "wrt": "x", "at": {"x": "0"}}, "a/4", True),
    ({"derivative": "sigma(a*x)", "wrt": "x", "at": {"x": "0"}}, "1/4", False),
    ({"derivative": "a*x^k", "wrt": "x"}, "a*k*x^(k-1)", True),
    ({"derivative": "a*x^k", "wrt": "x"}, "(k+1)*a*x^(k-1)", False),
    ({"derivative": "entry(softmax(v), 1)", "wrt": "entry(v, 2)"}, "-entry(softmax(v), 1)*entry(softmax(v), 2)", True),
    ({"derivative": "entry(softmax(v), 1)", "wrt": "entry(v, 2)"}, "entry(softmax(v), 1)*entry(softmax(v), 2)", False),
    ({"derivative": "u", "wrt": "x", "let": {"u": "x^2"}}, "2*x", True),  # a let moves with x …
    ({"derivative": "u", "wrt": "x", "let": {"u": "x^2"}}, "0", False),  # … it is not a constant
    ({"gradient": "w^T*w", "wrt": "w", "let": {"w": {"vector": 3}}}, "2*w", True),
    ({"equals": "(x + y)^2"}, "x^2 + 2*x*y + y^2", True),
    ({"equals": "(x + y)^2"}, "x^2 + y^2", False),
]


@pytest.mark.parametrize(("spec", "result", "holds"), CALCULUS_CLAIMS)
def test_central_differences_confirm_true_claims_and_never_false_ones(tmp_path, spec, result, holds):
    import numpy as np

    from mathquiz.problem.format import Claim
    from mathquiz.proof import claims_numeric

    problem = problem_file(tmp_path)
    claim = Claim(**spec)
    for seed in range(1, 6):
        inst = draw(problem, seed)
        confirmed = claims_numeric.holds(inst, claim, result, {}, np.random.default_rng(seed), 3, 1e-8)
        assert confirmed == holds, (seed, spec, result)


def test_a_gradient_by_a_symmetric_matrix_counts_both_entries(tmp_path):
    import numpy as np

    from mathquiz.problem.format import Claim
    from mathquiz.proof import claims_numeric

    problem = problem_file(tmp_path)
    text = BASE.replace("  v: {shape: [n, 1]}", "  v: {shape: [n, 1]}\n  S: {shape: [n, n], symmetric: true}")
    path = tmp_path / "claimed.yaml"
    path.write_text(text.replace("KEY", "fp").replace("MISTAKE", "a*x^k").replace("CLAIM_TEXT", "A claim.")
                    .replace("CLAIM", "claim: {gradient: v^T*v, wrt: v}\n    math: 2*v"), encoding="utf-8")
    problem = load(path)[0]
    inst = draw(problem, 3)
    claim = Claim(gradient="v^T*S*v", wrt="S")
    rng = np.random.default_rng(0)
    # SymPy sees one symbol for S12 and S21, so the gradient is 2vvᵀ − diag(vvᵀ); vvᵀ alone is not it
    assert claims_numeric.holds(inst, claim, "2*v*v^T - diag(diag(v*v^T))", {}, rng, 3, 1e-8)
    assert not claims_numeric.holds(inst, claim, "v*v^T", {}, rng, 3, 1e-8)


def test_deep_seeds_still_catch_a_key_that_is_wrong_for_some_draws(tmp_path, monkeypatch):
    from mathquiz.validation import validate as validation

    monkeypatch.setattr(validation, "EXACT_SEEDS", 0)  # every seed confirms claims numerically first
    report = validate(problem_file(tmp_path, key="2*a*x^(k-1)"), "claimed.yaml", seeds=12)
    assert any("the key is not what `derives` says" in f for f in report.failures), report.failures
    assert validate(problem_file(tmp_path), "claimed.yaml", seeds=12).ok


@pytest.mark.parametrize(("variance", "ok"), [("(e - 1)*e", True), ("e^(1/2)", False)])
def test_one_sample_serves_the_expectation_and_the_variance_of_the_same_g(tmp_path, monkeypatch, variance, ok):
    from mathquiz.proof import expectations

    made = []
    statistics = expectations._statistics
    monkeypatch.setattr(expectations, "_statistics", lambda *a: made.append(a[0]) or statistics(*a))
    claim = ("claim: {expectation: \"exp(X)\", under: {X: \"normal(0, 1)\"}}\n    math: e^(1/2)\n"
             "  - text: The variance.\n    begins: true\n"
             f"    claim: {{variance: \"exp(X)\", under: {{X: \"normal(0, 1)\"}}}}\n    math: \"{variance}\"")
    report = validate(problem_file(tmp_path, claim=claim), "claimed.yaml", seeds=2)
    assert report.ok == ok, report.failures
    assert ok or any("solution step 4" in f and "variance" in f for f in report.failures), report.failures
    assert len(made) == 1  # both claims, and every seed (nothing drawn is read), from one simulation


def test_a_simulated_g_that_reads_no_random_variable_is_a_constant():
    from mathquiz.expression.parser import parse
    from mathquiz.expression.scope import Scope
    from mathquiz.proof.expectations import _statistics

    scope = Scope(variables=dict.fromkeys(["a", "X"]), free=False)
    stats = _statistics(parse("a + 1", scope), {"X": ("normal", 0.0, 1.0)}, {"a": 2.0}, 3)
    assert stats == {"expectation": (3.0, 0.0), "variance": (0.0, 0.0)}
    noisy = _statistics(parse("a*X", scope), {"X": ("normal", 0.0, 1.0)}, {"a": 2.0}, 3)
    assert abs(noisy["variance"][0] - 4) < 5 * noisy["variance"][1] and noisy["expectation"][1] > 0


# Names bound by `let`, symbols and symbolic bounds, in exact moments and in Monte-Carlo alike: the
# simulation reads every name at one point of the symbols' domains, and the claimed value there too
LET_AND_SYMBOLS = [
    ('{expectation: "log((p + q)/2 + U) - log(p + U)", under: {U: "uniform(0, 1)"}, let: {p: a, q: "a + 2"}}',
     "(a + 2)*log(a + 2) - 2*(a + 1)*log(a + 1) + a*log(a)", True),
    ('{expectation: "log((p + q)/2 + U) - log(p + U)", under: {U: "uniform(0, 1)"}, let: {p: a, q: "a + 2"}}',
     "1/a", False),
    ('{expectation: "U^2", under: {U: "uniform(-c, c)"}, let: {c: k}}', "k^2/3", True),
    ('{expectation: "U^2", under: {U: "uniform(-y, y)"}}', "y^2/3", True),
    ('{expectation: "U^2", under: {U: "uniform(-y, y)"}}', "y^2/2", False),
    ('{expectation: "c*U^2", under: {U: "uniform(0, 1)"}, let: {c: x}}', "x/3", True),
    ('{expectation: "exp(c*U)", under: {U: "uniform(0, 1)"}, let: {c: x}}', "(e^x - 1)/x", True),
    ('{expectation: "exp(c*U)", under: {U: "uniform(0, 1)"}, let: {c: x}}', "e^x/x", False),
    ('{variance: "abs(U)", under: {U: "normal(0, c)"}, let: {c: s}}', "s^2*(1 - 2/pi)", True),
    ('{expectation: "exp(U)", under: {U: "normal(0, c)"}, let: {c: "abs(x)/4"}}', "e^(x^2/32)", True),
    # a matrix g, entry by entry (a covariance matrix): exact for polynomials, refused otherwise
    ('{expectation: "(v*Z + x*v)*transpose(v*Z + x*v)", under: {Z: "normal(0, s)"}}', "(s^2 + x^2)*v*v^T", True),
    ('{expectation: "(v*Z + x*v)*transpose(v*Z + x*v)", under: {Z: "normal(0, s)"}}', "s^2*v*v^T", False),
    ('{expectation: "v*exp(Z)", under: {Z: "normal(0, s)"}}', "e^(s^2/2)*v", False),
    ('{variance: "v*Z", under: {Z: "normal(0, s)"}}', "s^2*v", False),
]  # fmt: skip


@pytest.mark.parametrize(("claim", "math", "ok"), LET_AND_SYMBOLS)
def test_let_names_and_symbols_work_in_exact_and_simulated_expectations(tmp_path, claim, math, ok):
    step = f"claim: {claim}\n    math: \"{math}\""
    report = validate(problem_file(tmp_path, claim=step), "claimed.yaml", seeds=3)
    assert report.ok == ok, report.failures
    assert ok or all("solution step 3" in f and "expectation" in f for f in report.failures), report.failures


def test_a_symbolic_bound_outside_its_law_is_reported_with_the_point(tmp_path):
    step = 'claim: {expectation: "exp(U)", under: {U: "uniform(0, x)"}}\n    math: "(e^x - 1)/x"'
    report = validate(problem_file(tmp_path, claim=step), "claimed.yaml", seeds=4)
    assert not report.ok
    assert any("upper end below its lower end at x = -" in f for f in report.failures), report.failures



@pytest.mark.parametrize(("claim", "name", "right"), [
    # s is read only inside the law: a check remembered from s = 1 must not stand for s = 2 or 3
    ('{expectation: "X^2", under: {X: "normal(0, s)"}}\n    math: "1"', "s", 1),
    # n is read only as the size of a `let` vector: right for n = 2, wrong for n = 3
    ('{equals: "rows(u)", let: {u: {vector: n}}}\n    math: "2"', "n", 2),
])
def test_a_remembered_claim_check_is_keyed_by_every_drawn_value_it_reads(tmp_path, claim, name, right):
    from mathquiz.proof.claims import check

    problem = problem_file(tmp_path, claim=f"claim: {claim}")
    step = problem.solution[2]
    instances = [draw(problem, seed) for seed in range(1, 13)]
    wrong = [inst.values[name] != right for inst in instances]
    assert any(wrong) and not all(wrong)
    assert [not check(inst, step.claims[0], step.math).ok for inst in instances] == wrong
