"""Keys checked against the statement (issue 23 item 7): how many parts carry a `derives` claim.

Counts the parts of the kinds whose key can be checked (number, expression, vector,
matrix-expression, matrix, shape), per kind and in total, and lists per problem the parts with and
without a claim. `--files a-l` keeps the files whose name starts with a letter in that range.

Run: python benchmarks/derives_coverage.py [--files a-l] [--missing] [--json]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from mathquiz.problem.loading import load

CHECKABLE = ("number", "expression", "vector", "matrix-expression", "matrix", "shape")
BANK = Path(__file__).resolve().parent.parent / "problems"


def coverage(paths: list[Path]) -> dict:
    """Per kind [with, total], and per problem the 1-based part numbers with and without a claim."""
    kinds: dict[str, list[int]] = {k: [0, 0] for k in CHECKABLE}
    problems = {}
    for path in paths:
        problem = load(path, remember=False)[0]
        row = {"with": [], "without": []}
        for n, part in enumerate(problem.parts, 1):
            if part.kind not in CHECKABLE:
                continue
            has = part.derives is not None
            kinds[part.kind][0] += has
            kinds[part.kind][1] += 1
            row["with" if has else "without"].append(n)
        problems[problem.id] = row
    with_, total = (sum(v[i] for v in kinds.values()) for i in (0, 1))
    return {"kinds": kinds, "problems": problems, "with": with_, "total": total,
            "share": with_ / total if total else 0.0}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--files", default="", help="first letters of the file names, e.g. a-l or m-z")
    ap.add_argument("--missing", action="store_true", help="list only problems with a part without a claim")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    paths = sorted(BANK.glob("*.yaml"))
    if args.files:
        lo, _, hi = args.files.partition("-")
        paths = [p for p in paths if lo <= p.name[0] <= (hi or lo)]
    result = coverage(paths)
    if args.json:
        print(json.dumps(result))
        return
    for kind, (w, t) in result["kinds"].items():
        print(f"{kind:18} {w:4} / {t:4}")
    for pid, row in result["problems"].items():
        if args.missing and not row["without"]:
            continue
        print(f"{pid:36} with {row['with'] or '-'}  without {row['without'] or '-'}")
    print(f"total: {result['with']} / {result['total']} parts carry `derives` ({result['share']:.0%})")


if __name__ == "__main__":
    import signal

    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # `| head` ends the listing quietly
    main()
