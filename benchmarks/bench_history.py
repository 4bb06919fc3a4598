"""`mathquiz list` and `mathquiz stats` against a large history (issue 15).

Target: 300,000 answered parts (years of daily use, or a class's shared file): `list` and `stats`
(text and --json) each under 0.5 s of work beyond start-up and under 100 MB peak memory.

`generate(path, parts)` writes such a history through the store's own schema (so it is migrated
like a user's file), with realistic variety: every shipped problem, sessions of a few problems,
retries, hints and named mistakes, timestamps spread over three years.

Run: python benchmarks/bench_history.py [--parts 300000] [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

MISTAKES = [None] * 6 + ["The factor 2 from differentiating the square is missing.",
                         "This is the transpose of the gradient.", "The chain rule's inner derivative is missing.",
                         "A sign is flipped.", "The 1/n is missing."]


def generate(path: Path, parts: int, seed: int = 1) -> None:
    """A history of `parts` answered parts at `path` (replaced if it exists)."""
    from mathquiz.problem.bank import scan
    from mathquiz.record.store import Store

    rng = random.Random(seed)
    entries = list(scan().entries.values())
    start = datetime(2024, 1, 1, tzinfo=timezone.utc)
    step = timedelta(days=3 * 365) / parts
    path.unlink(missing_ok=True)
    with Store.open(path) as store:
        rows: list[tuple] = []
        session = 0
        while len(rows) < parts:  # a session of a few problems, each an instance of 1 to 3 parts
            session += 1
            for _ in range(rng.randrange(1, 6)):
                entry, seed = entries[rng.randrange(len(entries))], rng.randrange(10**6)
                mode = rng.choice(("practice", "practice", "exam", "review"))
                for part in range(1, rng.randrange(2, 5)):
                    first = rng.random() < 0.6
                    rows.append((entry.id, entry.topic, seed, part,
                                 "correct" if first or rng.random() < 0.5 else "incorrect",
                                 1 if first else rng.randrange(1, 4), 0 if first else rng.randrange(0, 2),
                                 rng.uniform(2, 120), "2*A^T*(A*x - b)", None if first else rng.choice(MISTAKES),
                                 mode, f"s{session}", (start + step * len(rows)).isoformat(timespec="microseconds")))
        del rows[parts:]
        store._db.execute("BEGIN")
        store._db.executemany(
            "INSERT INTO attempts (problem_id, topic, seed, part, verdict, attempts, hints, seconds,"
            " answer, mistake, mode, session, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        store._db.execute("COMMIT")


def run_once(cmd: list[str], env: dict) -> tuple[float, float]:
    """Wall seconds and peak resident MB of one run (os.wait4 gives that child's own rusage)."""
    start = time.perf_counter()
    child = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} exited with {child.returncode}")
    return wall, usage.ru_maxrss / 1024


def measure(cmd: list[str], env: dict, runs: int) -> tuple[float, float]:
    """Median wall seconds and peak resident MB of `runs` runs (after a warm-up)."""
    run_once(cmd, env)
    results = [run_once(cmd, env) for _ in range(runs)]
    return statistics.median(w for w, _ in results), max(m for _, m in results)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--parts", type=int, default=300_000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--generate-only", type=int, metavar="PARTS", help="only write the history")
    args = ap.parse_args()
    if args.generate_only:
        generate(Path(os.environ["MATHQUIZ_HOME"]) / "history.sqlite3", args.generate_only)
        return
    exe = [sys.executable, "-m", "mathquiz"]
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "MATHQUIZ_HOME": home}
        start = time.perf_counter()
        # in a child process, so this one stays small (a child's peak memory counts its parent's
        # pages until it starts the measured program)
        subprocess.run([sys.executable, __file__, "--generate-only", str(args.parts)], env=env, check=True)
        size = (Path(home) / "history.sqlite3").stat().st_size / 1e6
        print(f"generated {args.parts:,} parts ({size:.0f} MB) in {time.perf_counter() - start:.1f} s")
        empty = {**env, "MATHQUIZ_HOME": tempfile.mkdtemp()}
        subprocess.run([*exe, "practice", "lstsq-gradient", "--seed", "1"], input="x\nx\n", text=True,
                       env=empty, capture_output=True)  # one answered part: the same code paths run
        print(f"{'command':<16} {'1 part s':>9} {args.parts:>9,} {'extra s':>8} {'peak MB':>8}")
        for cmd in (["list"], ["stats"], ["stats", "--json"], ["stats", "lstsq"]):
            small, _ = measure([*exe, *cmd], empty, args.runs)
            wall, mb = measure([*exe, *cmd], env, args.runs)
            print(f"{' '.join(cmd):<16} {small:9.2f} {wall:9.2f} {wall - small:8.2f} {mb:8.0f}")

if __name__ == "__main__":
    main()
