"""Deep validation: CPU time per validated instance, per problem and for the whole bank.

    python benchmarks/bench_validate.py                 # 20 seeds, every shipped problem
    python benchmarks/bench_validate.py --seeds 300 --only lstsq-gradient softmax-jacobian
    python benchmarks/bench_validate.py --json

CPU time (time.process_time) is measured in one process, so the figures do not depend on other
work on the machine; `validate --jobs 2` divides the bank's total by about 2 on two cores.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", type=int, default=20)
    ap.add_argument("--only", nargs="*", default=None, help="problem ids (default: all shipped)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    from mathquiz.problem.bank import shipped_dir
    from mathquiz.problem.loading import load
    from mathquiz.validation.validate import validate

    files = sorted(shipped_dir().glob("*.yaml"))
    if args.only:
        files = [f for f in files if f.stem in set(args.only)]
    rows = []
    for path in files:
        problem, _ = load(Path(path))
        start = time.process_time()
        report = validate(problem, str(path), args.seeds)
        cpu = time.process_time() - start
        rows.append({"id": problem.id, "ok": report.ok, "cpu_s": round(cpu, 2),
                     "ms_per_instance": round(1000 * cpu / args.seeds, 1)})
    per = [r["ms_per_instance"] for r in rows]
    total = sum(r["cpu_s"] for r in rows)
    summary = {"seeds": args.seeds, "problems": len(rows), "cpu_s": round(total, 1),
               "ms_per_instance_median": round(statistics.median(per), 1),
               "ms_per_instance_max": max(per), "failed": [r["id"] for r in rows if not r["ok"]],
               "two_cores_estimate_s": round(total / 2, 1)}
    if args.json:
        print(json.dumps({"summary": summary, "problems": rows}))
        return
    for r in sorted(rows, key=lambda r: -r["cpu_s"]):
        verdict = "ok" if r["ok"] else "FAIL"
        print(f"{r['id']:32} {r['cpu_s']:8.2f} s  {r['ms_per_instance']:7.1f} ms/instance  {verdict}")
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
