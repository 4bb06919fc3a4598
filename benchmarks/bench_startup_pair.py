"""Start-up of two checkouts side by side: the same commands, run alternately in the same minutes.

Used when code moves without changing behaviour (issue 22: the layout). Each command runs as
`python -m mathquiz ...` from each checkout's root, alternately, after a warm-up; the medians of the
wall time and of the child's CPU time (user + system, less sensitive to a busy machine) are printed
with their ratio (new / old).

Run: python benchmarks/bench_startup_pair.py OLD_CHECKOUT NEW_CHECKOUT [--runs 15]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

COMMANDS = [["--help"], ["list"], ["solve", "lstsq-gradient", "--seed", "1"]]


def one(root: str, args: list[str], env: dict) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mathquiz", *args], cwd=root, env=env, capture_output=True, check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old")
    parser.add_argument("new")
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    env = dict(os.environ, MATHQUIZ_HOME=tempfile.mkdtemp(), COLUMNS="100")
    print(f"{'command':<34} {'old wall':>9} {'new wall':>9} {'ratio':>6} {'old cpu':>8} {'new cpu':>8} {'ratio':>6}")
    for cmd in COMMANDS:
        runs = {"old": [], "new": []}
        for root in (args.old, args.new):
            one(root, cmd, env)  # warm-up: file cache, problem cache
        for _ in range(args.runs):
            for label, root in (("old", args.old), ("new", args.new)):
                runs[label].append(one(root, cmd, env))
        med = {k: (statistics.median(w for w, _ in v), statistics.median(c for _, c in v)) for k, v in runs.items()}
        (ow, oc), (nw, nc) = med["old"], med["new"]
        print(f"{' '.join(cmd):<34} {ow:>8.3f}s {nw:>8.3f}s {nw / ow:>6.2f} {oc:>7.3f}s {nc:>7.3f}s {nc / oc:>6.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
