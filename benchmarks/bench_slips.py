"""Generated slips (issue 23): what a wrong answer is told, per problem the slips checked and the
re-draws they cost, and the CPU time of a draw.

The corpus of wrong answers is built from two sources, on seeds 1-3 of every shipped problem:
- the authors': every `tests.incorrect` sample of every expression-kind part (the bank's own
  list of classic wrong answers, as a student would type them);
- our own, made from the key's text by edits a student makes on paper, independent of the rule
  engine (it edits text, not trees): a ᵀ deleted, a ᵀ put after a capital, the first factor 2
  deleted, the first + turned into − and the first − into +, a `/N` or `1/N` deleted.
Each row is graded as `practice` does (part_grading.grade). A rejected row is *named* when its
reason is a named mistake ("mistake") or a generated slip ("slip"), *close* for a decimal rounded
too early, *shape told* when the sizes do not fit (the reason says which product or which shape),
and *counterexample only* otherwise: a point or entries where it differs, no why. (The peers'
corpus in benchmarks/peers/ holds generic equivalence pairs judged by `compare`, which has no
key of a part to generate slips from; it is not a corpus of slips.)

Run: python benchmarks/bench_slips.py [--seeds 3] [--json] [--list] [--without-slips]
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import time
from collections import Counter

EDITS = [
    ("a transpose deleted", lambda t: re.sub(r"\^T|'", "", t, count=1)),
    ("a transpose added", lambda t: re.sub(r"\b([A-Z])\b(?!\^T|')", r"\1^T", t, count=1)),
    ("the factor 2 deleted", lambda t: re.sub(r"(?<![\w.])2\*", "", t, count=1)),
    ("a + turned into −", lambda t: t.replace(" + ", " - ", 1)),
    ("a − turned into +", lambda t: t.replace(" - ", " + ", 1)),
    ("a 1/N deleted", lambda t: re.sub(r"/\d+\b|/N\b", "", t, count=1)),
]


def rows(seeds: int):
    from mathquiz.problem.bank import shipped_dir
    from mathquiz.problem.instances import draw, fill
    from mathquiz.problem.loading import load
    from mathquiz.problem.static_checks import EXPRESSION_KINDS

    for path in sorted(shipped_dir().glob("*.yaml")):
        problem = load(path)[0]
        for seed in range(1, seeds + 1):
            inst = draw(problem, seed)
            for part in inst.parts:
                if part.part.kind not in EXPRESSION_KINDS:
                    continue
                for sample in part.part.tests.incorrect:
                    yield problem.id, part, fill(sample, inst, "text"), "authors"
                if part.part.kind in ("expression", "matrix-expression"):
                    for name, edit in EDITS:
                        typed = edit(part.answer_text)
                        if typed != part.answer_text:
                            yield problem.id, part, typed, name


def classify(verdict) -> str:
    if verdict.status != "incorrect":
        return verdict.status
    if "mistake" in verdict.notes:
        return "named mistake"
    if "slip" in verdict.notes:
        return "generated slip"
    if "close" in verdict.notes:
        return "close"
    if {"shape", "dimension"} & set(verdict.notes):
        return "shape told"
    return "counterexample only"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=3)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--list", action="store_true", help="list the rows told only a counterexample")
    ap.add_argument("--without-slips", action="store_true", help="grade with no generated slip (for comparison)")
    args = ap.parse_args()
    if args.without_slips:
        from mathquiz.problem import instances

        instances.PartInstance.slips = property(lambda self: [])

    from mathquiz.problem.part_grading import grade

    counts: Counter = Counter()
    by_source: Counter = Counter()
    bare = []
    times = []
    for pid, part, typed, source in rows(args.seeds):
        start = time.process_time()
        verdict = grade(part, typed)
        times.append(time.process_time() - start)
        kind = classify(verdict)
        counts[kind] += 1
        by_source[(source == "authors", kind)] += 1
        if kind == "counterexample only":
            bare.append((pid, part.index + 1, typed, source, verdict.reason))
    wrong = sum(v for k, v in counts.items() if k not in ("correct", "invalid", "undecided"))
    figures = {"rows": sum(counts.values()), "rejected": wrong, "verdicts": dict(counts),
               "counterexample_only": counts["counterexample only"],
               "counterexample_only_share": round(counts["counterexample only"] / wrong, 4) if wrong else 0.0,
               "authors_rows": sum(v for (a, _), v in by_source.items() if a),
               "median_ms": round(1000 * statistics.median(times), 2),
               "p99_ms": round(1000 * sorted(times)[int(0.99 * (len(times) - 1))], 2)}
    if args.json:
        print(json.dumps(figures))
        return
    print(json.dumps(figures, indent=1, ensure_ascii=False))
    if args.list:
        for row in bare:
            print(" | ".join(map(str, row))[:200])


if __name__ == "__main__":
    main()
