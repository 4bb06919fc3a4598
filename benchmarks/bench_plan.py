"""Time to lay out a plan to an exam from a long history (study.memory + study.plan, no database).

A student with a year of daily practice: RECORDS answered parts (instances of three parts) over
PROBLEMS problems; plans to an exam DAYS days away. Replaying the history through FSRS and
simulating the days are what a student waits for after `mathquiz plan`.

Run: python benchmarks/bench_plan.py [--records 20000] [--problems 68] [--days 60 120 366]
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import date, datetime, timedelta, timezone
from datetime import time as clock

import numpy as np

from mathquiz.record.memory import Subject, knowledge
from mathquiz.record.store import AttemptRecord
from mathquiz.study.plan import make_plan


def history(records: int, problems: int, today: date, rng: np.random.Generator) -> list[AttemptRecord]:
    """A year of daily sessions: instances of three parts, spread evenly over the 365 days."""
    out = []
    per_day = max(records // 365, 1)
    for n in range(records):
        if n % 3 == 0:
            pid, seed = f"p{int(rng.integers(problems))}", n
        day = today - timedelta(days=365 - min(n // per_day, 364))
        at = datetime.combine(day, clock(12), tzinfo=timezone.utc) + timedelta(seconds=n)
        out.append(AttemptRecord(pid, f"t{int(pid[1:]) % 14}", seed, n % 3,
                                 "correct" if rng.random() < 0.7 else "incorrect", 1, 0,
                                 float(rng.uniform(30, 200)), "x", session=str(n // per_day), at=at))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--problems", type=int, default=68)
    parser.add_argument("--days", type=int, nargs="+", default=[14, 60, 366])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    today = date(2027, 1, 10)
    records = history(args.records, args.problems, today, np.random.default_rng(0))
    subjects = [Subject(f"p{i}", f"t{i % 14}", 1 + i % 3) for i in range(args.problems)]
    times = []
    for _ in range(args.runs):
        start = time.perf_counter()
        known = knowledge(subjects, records)
        times.append(time.perf_counter() - start)
    print(f"replay {args.records} records over {args.problems} problems: {statistics.median(times) * 1000:.0f} ms")
    for days in args.days:
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            make_plan(known, today, today + timedelta(days=days), 30)
            times.append(time.perf_counter() - start)
        print(f"plan {days:>3} days at 30 min/day: {statistics.median(times) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
