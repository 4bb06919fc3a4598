"""Start-up time of the commands a student waits for, against the imports they cannot avoid.

Targets (issue 4): `mathquiz --help` and `mathquiz list` within 1.5× of `python -c "import typer"`;
`mathquiz solve <problem> --seed 1` within 1.3× of `python -c "import sympy, numpy, typer, rich, yaml"`.

Run: python benchmarks/bench_startup.py [--runs 15] [--problem lstsq-gradient]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def wall(cmd: list[str], runs: int, env: dict) -> float:
    """Median wall time of `runs` runs, after one warm-up run (file cache)."""
    subprocess.run(cmd, env=env, capture_output=True, check=True)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, env=env, capture_output=True, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--problem", default="lstsq-gradient")
    args = parser.parse_args()
    exe = Path(sys.executable).with_name("mathquiz")
    mathquiz = str(exe) if exe.exists() else shutil.which("mathquiz")
    if not mathquiz:
        sys.exit("install the package first: pip install .")
    py = sys.executable
    env = {**os.environ, "MATHQUIZ_HOME": tempfile.mkdtemp()}
    # an installed package has its bytecode compiled (pip does it); let the warm-up run write it
    # here too, or an editable checkout would be recompiled from source on every run
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    rows = {
        "python -c 'import typer'": [py, "-c", "import typer"],
        "mathquiz --help": [mathquiz, "--help"],
        "mathquiz list": [mathquiz, "list"],
        "python -c 'import sympy, numpy, typer, rich, yaml'": [py, "-c", "import sympy, numpy, typer, rich, yaml"],
        f"mathquiz solve {args.problem} --seed 1": [mathquiz, "solve", args.problem, "--seed", "1"],
    }
    t = {name: wall(cmd, args.runs, env) for name, cmd in rows.items()}
    base_typer = t["python -c 'import typer'"]
    base_heavy = t["python -c 'import sympy, numpy, typer, rich, yaml'"]
    print(f"median of {args.runs} runs, {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    for name, seconds in t.items():
        print(f"  {name:55s} {seconds * 1000:7.0f} ms")
    checks = [
        ("--help", t["mathquiz --help"] / base_typer, 1.5),
        ("list", t["mathquiz list"] / base_typer, 1.5),
        ("solve", t[f"mathquiz solve {args.problem} --seed 1"] / base_heavy, 1.3),
    ]
    ok = True
    for name, ratio, target in checks:
        verdict = "ok" if ratio <= target else "OVER"
        ok &= ratio <= target
        print(f"  {name:8s} {ratio:4.2f}× its baseline (target ≤ {target}×): {verdict}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
