"""Drawing with generated slips: CPU time per drawn instance and the draws re-drawn for a slip.

Every shipped problem is drawn at seeds 1..N in one process (the first draw of a problem pays its
reference draws, as `practice` and `validate` do). `--without-slips` draws the same instances
with no generated slip screened, for comparison. CPU time (time.process_time): other work on the
machine does not change it much.

Run: python benchmarks/bench_drawing.py [--seeds 20] [--without-slips] [--json] [--per-problem]
"""

from __future__ import annotations

import argparse
import json
import time


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=20)
    ap.add_argument("--without-slips", action="store_true")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--per-problem", action="store_true")
    args = ap.parse_args()

    from mathquiz.problem import instances
    from mathquiz.problem.bank import shipped_dir
    from mathquiz.problem.degeneracy import GENERATED
    from mathquiz.problem.loading import load

    if args.without_slips:
        instances.PartInstance.slips = property(lambda self: [])
    rows = []
    for path in sorted(shipped_dir().glob("*.yaml")):
        problem = load(path)[0]
        start = time.process_time()
        draws = redrawn = 0
        for seed in range(1, args.seeds + 1):
            inst = instances.draw(problem, seed)
            draws += 1 + len(inst.rejected)
            redrawn += sum(GENERATED in why for why in inst.rejected)
        rows.append((problem.id, (time.process_time() - start) / args.seeds, redrawn / draws))
    total = sum(r[1] for r in rows) / len(rows)
    figures = {"problems": len(rows), "seeds": args.seeds, "ms_per_instance": round(1000 * total, 2),
               "slowest": max(rows, key=lambda r: r[1])[0], "slowest_ms": round(1000 * max(r[1] for r in rows), 1),
               "slip_redraw_over_5pct": sum(r[2] > 0.05 for r in rows)}
    if args.json:
        print(json.dumps(figures))
        return
    if args.per_problem:
        for pid, seconds, rate in rows:
            print(f"{pid:34s} {1000 * seconds:7.1f} ms  {rate:6.1%}")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
