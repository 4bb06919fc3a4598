"""Time of the live reading per keystroke: what the prompt's toolbar computes as a student types.

For every part of every problem (seed 1) the key is typed one character at a time, as
`render.prompt.reading(part, text_so_far)` sees it (most prefixes are unreadable, which is the
parse-error path). Target (issue 11): a few milliseconds per keystroke.

Run: python benchmarks/bench_reading.py [--repeat 3] [--json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    from mathquiz.problem.bank import load_problem, scan
    from mathquiz.problem.instances import draw
    from mathquiz.render.prompt import reading

    bank = scan()
    typed = []  # (part, the text after each keystroke)
    for entry in bank.entries.values():
        try:
            inst = draw(load_problem(entry), 1)
        except Exception:  # noqa: BLE001 - a problem that cannot be drawn is not timed here
            continue
        for part in inst.parts:
            text = part.answer_text[:200]
            typed.extend((part, text[:k]) for k in range(1, len(text) + 1))
    for part, text in typed:  # warm-up: imports and first-use caches
        reading(part, text)
    times = []
    for _ in range(args.repeat):
        for part, text in typed:
            start = time.perf_counter()
            reading(part, text)
            times.append(time.perf_counter() - start)
    times.sort()
    figures = {
        "keystrokes": len(typed), "repeat": args.repeat,
        "median_ms": round(statistics.median(times) * 1e3, 3),
        "p99_ms": round(times[int(len(times) * 0.99)] * 1e3, 3),
        "max_ms": round(times[-1] * 1e3, 3),
    }
    if args.json:
        print(json.dumps(figures))
    else:
        print(f"{figures['keystrokes']} keystrokes × {args.repeat}: median {figures['median_ms']} ms, "
              f"p99 {figures['p99_ms']} ms, slowest {figures['max_ms']} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
