"""Time to check one line of a derivation: what a student waits for after each line of working.

For every expression, matrix-expression and number part of every problem (seed 1) a derivation
of three lines is typed: the key, the key rewritten (`(key)*2/2`), and a slip (`(key) + 1` — it
does not follow, so the known slips that could explain it are searched — the named mistakes, the
generated slips of the line before and of the key — and the counterexample worded). Each line is
judged once (a fresh line is never a remembered verdict); one problem warms the process up first.
Target (issue 24): under 50 ms median per line.

Run: python benchmarks/bench_derivation.py [--json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    from mathquiz.problem.bank import load_problem, scan
    from mathquiz.problem.instances import draw
    from mathquiz.study.derivation import DERIVATION_KINDS, Derivation

    parts = []
    for entry in scan().entries.values():
        try:
            inst = draw(load_problem(entry), 1)
        except Exception:  # noqa: BLE001 - a problem that cannot be drawn is not timed here
            continue
        parts += [p for p in inst.parts if p.part.kind in DERIVATION_KINDS and p.key is not None]
    warm = Derivation(parts[0])
    warm.add(parts[0].answer_text)
    times, verdicts, by_verdict = [], {}, {}
    for part in parts[1:]:
        d = Derivation(part)
        key = part.answer_text
        for text in (key, f"({key})*2/2", f"({key}) + 1"):
            start = time.perf_counter()
            line, = d.add(text)
            times.append(time.perf_counter() - start)
            verdicts[line.verdict] = verdicts.get(line.verdict, 0) + 1
            by_verdict.setdefault(line.verdict, []).append(times[-1])
    times.sort()
    figures = {
        "parts": len(parts) - 1, "lines": len(times), "verdicts": verdicts,
        "median_ms": round(statistics.median(times) * 1e3, 2),
        "p90_ms": round(times[int(len(times) * 0.9)] * 1e3, 2),
        "max_ms": round(times[-1] * 1e3, 2),
        "median_ms_by_verdict": {v: round(statistics.median(t) * 1e3, 2) for v, t in sorted(by_verdict.items())},
    }
    if args.json:
        print(json.dumps(figures))
    else:
        print(f"{figures['lines']} lines over {figures['parts']} parts {verdicts}: median {figures['median_ms']} ms, "
              f"p90 {figures['p90_ms']} ms, slowest {figures['max_ms']} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
