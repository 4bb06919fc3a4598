"""How mathquiz judges the equivalence tests other projects ship (the peers' corpus).

benchmarks/peers/corpus.tsv holds pairs taken as data from public test files (STACK's AlgEquiv
fixtures, Math-Verify, PrairieLearn's SymPy input tests, Numbas' JME part tests), each with the
repository and path it came from, the peer's verdict (1 equivalent, 0 different) and, for a row
where mathquiz disagrees on purpose, the convention that explains it. Only plain real-valued
mathematics was kept (no equations, sets, complex numbers, units or CAS commands).

Each row runs through the logic of `mathquiz compare EXPECTED GIVEN` (every name a real scalar).
A row is *read* when neither side is invalid, and *judged right* when the verdict agrees with the
peer. Exit code 1 when a disagreement has no note (a new bug, or a row to explain).

Run: python benchmarks/bench_peers.py [--all] [--json]
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import Counter
from pathlib import Path

from mathquiz.judging.contract import compare_texts

CORPUS = Path(__file__).parent / "peers" / "corpus.tsv"
VERDICT = {"1": "equivalent", "0": "different"}


def load(path: Path = CORPUS) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def run(rows: list[dict]) -> list[dict]:
    out = []
    for row in rows:
        result = compare_texts(row["expected"], row["given"])
        out.append({**row, "verdict": result["verdict"], "reason": result["reason"].splitlines()[0],
                    "right": result["verdict"] == VERDICT[row["peer"]]})
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--all", action="store_true", help="list every row, not only the disagreements")
    ap.add_argument("--json", action="store_true", help="print the figures as one JSON line")
    args = ap.parse_args()
    results = run(load())
    read = sum(r["verdict"] != "invalid" for r in results)
    right = sum(r["right"] for r in results)
    unexplained = [r for r in results if not r["right"] and not r["note"]]
    figures = {"rows": len(results), "read": read, "judged_right": right, "unexplained": len(unexplained),
               "by_source": dict(Counter(r["source"] for r in results))}
    if args.json:
        print(json.dumps(figures))
    else:
        print(f"{len(results)} rows; read {read}; judged as the peer does: {right}; "
              f"disagreements without a note: {len(unexplained)}")
        for r in results:
            if args.all or not r["right"]:
                mark = "ok " if r["right"] else "DIFF"
                print(f"{mark} {r['source']}: expected {r['expected']!r} given {r['given']!r} peer "
                      f"{VERDICT[r['peer']]}, mathquiz {r['verdict']} ({r['reason']})"
                      + (f"\n     note: {r['note']}" if r["note"] else ""))
    return 1 if unexplained else 0


if __name__ == "__main__":
    sys.exit(main())
