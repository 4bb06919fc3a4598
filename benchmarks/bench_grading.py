"""Time per judgement and peak memory of the grader, over a corpus, in one warm process.

Targets (issue "Answer engine", on a 2-core machine): median ≤ 10 ms, p99 ≤ 100 ms, no judgement
over 2.5 s, peak memory under 300 MB. Median and p99 are over the answers students type; the
hostile inputs are timed too and must each stay under 2.5 s (p99 with them is shown as well).

A judgement is one `grading.judge(key, typed_text, scope, ctx)` call: parse the typed answer,
check shapes, evaluate at test points, explain. Keys are parsed once beforehand, as in a quiz.
The corpus mixes what students type (scalar and matrix answers, right and wrong, typos) with a
few hostile inputs (limits, power towers, huge values, 50×50 matrices, a key with no test point
so that the SymPy fallback runs) that must stay in the box.

Run: python benchmarks/bench_grading.py [--repeat 3] [--json]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import resource
import statistics
import sys
import time
import tracemalloc

from mathquiz.expression.parser import parse
from mathquiz.expression.scope import Scope
from mathquiz.judging.equivalence import Context, judge

MEDIAN_MS, P99_MS, MAX_S, PEAK_MB = 10.0, 100.0, 2.5, 300.0

M = {"A": (3, 2), "x": (2, 1), "b": (3, 1)}
Q = {"A": (3, 3), "B": (3, 3)}
V = {"x": (4, 1), "y": (4, 1), "z": (4, 1)}
BIG = {"A": (10, 10), "x": (10, 1)}
HUGE = {"A": (50, 50), "x": (50, 1)}

SCALAR = [
    ("sqrt(x^2)", ["abs(x)", "x", "sqrt(x)^2", "|x|"]),
    ("log(1/(1-x)) - 1", ["-log(1-x) - 1", "log(1-x) - 1", "-ln(1 - x) - 1", "log(1/(1-x)) - 1"]),
    ("x^2 - 1", ["(x+1)(x-1)", "(x-1)^2", "x² − 1", "x*x - 1", "x^2 - 1.0", "x^2-1)"]),
    ("2x exp(x^2)", ["2x e^(x^2)", "exp(x^2)", "2 x exp(x)^2", "2xexp(x^2)", "2x*exp(x**2)"]),
    ("sigma(x)(1 - sigma(x))", ["sigma(x) - sigma(x)^2", "exp(-x)/(1+exp(-x))^2", "σ(x)(1-σ(x))",
                                "sigma(x)^2", "sigmoid(x)*(1 - sigmoid(x))", "sigma'(x)"]),
    ("1 - tanh(x)^2", ["sech(x)^2", "1/cosh(x)^2", "1 - tanh(x^2)", "tanh'(x)", "1-tanh^2(x)"]),
    ("cos(x) - x sin(x)", ["cos(x) - x sin(x)", "cos(x) + x sin(x)", "-x sin(x) + cos(x)", "cosx - xsinx"]),
    ("1/(x log(10))", ["1/(x ln(10))", "1/x", "log10(x)'", "1/(x*2.302585092994046)"]),
    ("3x^2 + 2x + 1", ["3x² + 2x + 1", "x^3 + x^2 + x", "1 + 2x + 3x^2", "3x^2+2x+1.000001"]),
    ("x/(x^2 + y^2)", ["x/(x^2+y^2)", "x/(x^2 - y^2)", "x (x^2 + y^2)^(-1)", "1/(x + y^2/x)"]),
    ("s_i (delta_ij - s_j)", ["s_i delta_ij - s_i s_j", "s_i(δ_ij − s_j)", "s_j(delta_ij - s_i)",
                              "s_i (1 - s_j)"]),
    ("1/3", ["0.3333333333", "0.333", "1/3", "2/6", "0.33333333333333333333"]),
    ("pi/4", ["atan(1)", "0.785398163397448", "0.7854", "π/4", "45"]),
    ("exp(-x^2/2)/sqrt(2 pi)", ["e^(-x^2/2)/sqrt(2π)", "exp(-x^2/2)", "exp(-x²/2)/√(2π)"]),
    ("x^1000", ["x^1000", "x^999 x", "(x^10)^100", "x^1001"]),
    ("0", ["1e-9 x", "x - x", "0.0", "sin(x)^2 + cos(x)^2 - 1"]),
]

MATRIX = [
    (M, "2A^T(Ax-b)", ["2A'A x - 2A'b", "2A(Ax-b)", "A'(Ax-b)", "2(Ax-b)'A", "2 Aᵀ(A x − b)",
                       "2A.T@(A@x - b)", "2A^TAx - 2A^Tb", "2A'(Ax+b)"]),
    (M, "(Ax-b)'(Ax-b)", ["norm(Ax-b)^2", "x'A'Ax - 2b'Ax + b'b", "(Ax-b)^2", "norm(Ax - b)"]),
    (Q, "inv(A B)", ["inv(B) inv(A)", "inv(A) inv(B)", "B^-1 A^-1", "(A B)^-1"]),
    (Q, "det(A B)", ["det(A) det(B)", "det(B A)", "det(A) + det(B)"]),
    (Q, "(A + B)^2", ["A^2 + A B + B A + B^2", "A^2 + 2A B + B^2", "(A+B)(A+B)"]),
    (Q, "A + I", ["I + A", "A + 1", "A + I^2", "A + A inv(A)"]),
    (V, "x y' + y x'", ["(x y')' + x y'", "2x y'", "x' y + y' x"]),
    (V, "softmax(z)", ["exp(z)/sum(exp(z))", "softmax(z + [1, 1, 1, 1])", "softmax(2z)", "softmax(z')"]),
    (V, "diag(softmax(z)) - softmax(z) softmax(z)'", ["diag(softmax(z)) - softmax(z)' softmax(z)",
                                                      "diag(softmax(z)) - softmax(z) softmax(z)^T"]),
    ({}, "[1, 2, 3]", ["[1, 2, 3]", "[1 2 3]", "[1; 2; 4]", "[1 2 3]'", "[3, 2, 1]"]),
    ({}, "[[1, 2], [3, 4]]", ["[1 2; 3 4]", "[1 3; 2 4]", "[[1, 2], [3, 4]]", "[1 2; 3 4"]),
    (BIG, "A'A x", ["A'(A x)", "(A'A) x", "A A' x", "transpose(A) A x"]),
    (BIG, "inv(A) x", ["A^-1 x", "inv(A') x"]),
]

HOSTILE = [
    ({}, "x", ["__import__('os').system('touch F')", "x" * 999, "(" * 41 + "x" + ")" * 41,
               "+".join(["x"] * 499), "10^10^10", "factorial(10^9)", "2^2^2^2^2",
               "sin(exp(x^1000))", "exp(exp(exp(exp(x))))", "x^x^x^x^x^x", "σ" * 999]),
    (HUGE, "A x", ["A' x", "A^1000 x", "inv(A) x", "det(A) x"]),
    # a key defined nowhere on the test domain: no test point works, so the symbolic fallback runs
    ({}, "log(-1 - x^2)", ["x", "log(-1 - x^2)", "log(-(1 + x^2))"]),
]


def corpus():
    """(group, key node, typed text, scope, context) for every judgement."""
    items = []
    for key, answers in SCALAR:
        node = parse(key)
        items += [("answers", node, a, None, Context()) for a in answers]
    for group, table in (("answers", MATRIX), ("hostile", HOSTILE)):
        for shapes, key, answers in table:
            scope = Scope(variables=shapes)
            node = parse(key, scope)
            items += [(group, node, a, scope, Context(shapes=shapes)) for a in answers]
    return items


def run_all(items, record: list[tuple[str, str, float]] | None = None) -> None:
    for group, key, text, scope, ctx in items:
        start = time.perf_counter()
        judge(key, text, scope, ctx)
        if record is not None:
            record.append((group, text, time.perf_counter() - start))


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))  # nearest rank
    return ordered[k]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="timed passes over the corpus")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    args = parser.parse_args()

    items = corpus()
    run_all(items)  # warm-up: imports, caches
    gc.collect()
    runs: list[tuple[str, str, float]] = []
    for _ in range(args.repeat):
        run_all(items, runs)
    answers = [t for group, _, t in runs if group == "answers"]
    everything = [t for _, _, t in runs]

    tracemalloc.start()
    run_all(items)
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kilobytes on Linux

    slowest = max(runs, key=lambda r: r[2])
    figures = {
        "judgements": len(runs),
        "corpus": len(items),
        "answers_in_corpus": sum(1 for item in items if item[0] == "answers"),
        "median_ms": round(statistics.median(answers) * 1000, 2),
        "p99_ms": round(percentile(answers, 99) * 1000, 2),
        "max_answers_ms": round(max(answers) * 1000, 1),
        "p99_with_hostile_ms": round(percentile(everything, 99) * 1000, 1),
        "max_ms": round(max(everything) * 1000, 1),
        "slowest": slowest[1][:60],
        "traced_peak_mb": round(traced_peak / 2**20, 1),
        "max_rss_mb": round(rss_kb / 1024, 1),
        "cores": os.cpu_count(),
        "python": platform.python_version(),
    }
    checks = [
        ("median", figures["median_ms"], MEDIAN_MS, "ms"),
        ("p99", figures["p99_ms"], P99_MS, "ms"),
        ("max", figures["max_ms"] / 1000, MAX_S, "s"),
        ("peak memory (max RSS)", figures["max_rss_mb"], PEAK_MB, "MB"),
    ]
    ok = all(value <= target for _, value, target, _ in checks)
    if args.json:
        print(json.dumps({**figures, "ok": ok}))
        return 0 if ok else 1
    print(f"{figures['judgements']} judgements ({figures['corpus']} in the corpus, "
          f"{figures['answers_in_corpus']} of them student answers, × {args.repeat} passes), "
          f"{figures['cores']} cores, Python {figures['python']}")
    for name, value, target, unit in checks:
        print(f"  {name:22s} {value:10.2f} {unit:2s}  (target ≤ {target:g} {unit}): "
              f"{'ok' if value <= target else 'OVER'}")
    print(f"  slowest student answer {figures['max_answers_ms']} ms; with the hostile inputs: "
          f"p99 {figures['p99_with_hostile_ms']} ms, slowest {figures['slowest']!r}")
    print(f"  tracemalloc peak during one pass: {figures['traced_peak_mb']} MB")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
