"""How many answer keys state what they derive (issue 23 item 7): per kind and per problem, the
parts of the checkable kinds with and without a `derives` claim, and the share over all of them.

Run: python benchmarks/derives_coverage.py [--files a-l] [--missing]
  --files m-z   only problems whose file name starts with a letter in that range
  --missing     list each part without a claim (problem, part letter, kind, prompt)
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from mathquiz.problem.loading import load

CHECKABLE = ("number", "expression", "vector", "matrix-expression", "matrix", "shape")
BANK = Path(__file__).resolve().parent.parent / "problems"


def parts(files: str | None):
    """(problem id, part letter, part) for every checkable part of the chosen problem files."""
    lo, hi = files.split("-") if files else ("", "\uffff")
    for path in sorted(BANK.glob("*.yaml")):
        if not lo <= path.name[0] <= hi:
            continue
        problem = load(path, remember=False)[0]
        for i, part in enumerate(problem.parts):
            if part.kind in CHECKABLE:
                yield path.stem, "abcdefghijklmnopqrstuvwxyz"[i], part


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--files", help="a letter range of file names, e.g. m-z")
    ap.add_argument("--missing", action="store_true", help="list the parts without a claim")
    args = ap.parse_args()
    rows = list(parts(args.files))
    with_, total = Counter(), Counter()
    per_problem: dict[str, list[int]] = {}
    for pid, _letter, part in rows:
        has = part.derives is not None
        total[part.kind] += 1
        with_[part.kind] += has
        counts = per_problem.setdefault(pid, [0, 0])
        counts[0 if has else 1] += 1
    print(f"{'kind':<20}{'with':>6}{'without':>9}")
    for kind in CHECKABLE:
        print(f"{kind:<20}{with_[kind]:>6}{total[kind] - with_[kind]:>9}")
    print()
    print(f"{'problem':<32}{'with':>6}{'without':>9}")
    for pid, (yes, no) in per_problem.items():
        print(f"{pid:<32}{yes:>6}{no:>9}")
    if args.missing:
        print()
        for pid, letter, part in rows:
            if part.derives is None:
                print(f"{pid} {letter} [{part.kind}] {' '.join(part.prompt.split())[:90]}")
    n, k = sum(total.values()), sum(with_.values())
    print(f"\ntotal: {k} of {n} parts carry `derives` ({100 * k / max(n, 1):.0f} %)")


if __name__ == "__main__":
    main()
