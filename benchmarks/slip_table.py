"""Per problem, the generated slips checked and the re-draw rate (issue 23's figure), as the Markdown
table of benchmarks/README.md, from a `mathquiz validate --json` report.

The report is read, not made: validating the bank is the slow part (run it once, keep the JSON).
Columns: the generated slips checked on each draw (all parts, then by part), the share of draws
re-drawn for a generated slip (the gate: at most 5 %, by the lower end of the 95 % Wilson
interval), the share re-drawn for any reason, the most frequent cause of re-draws, and the result.

Run:
    mathquiz validate --seeds 100 --all --json > /tmp/validate100.json   # or 300: the lead's run
    python benchmarks/slip_table.py /tmp/validate100.json [--only-redrawn]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys


def _rate(n: int, draws: int) -> str:
    return f"{n / draws:.1%}" if draws else "-"


def _by_part(counts: dict) -> str:
    return " ".join(f"{k}:{v}" for k, v in sorted(counts.items(), key=lambda kv: int(kv[0])))


def _most_often(causes: dict) -> str:
    found = [(n, int(part), cause) for part, by in causes.items() for cause, n in by.items()]
    if not found:
        return ""
    n, part, cause = min(found, key=lambda c: (-c[0], c[1]))
    return f"part {part}: {cause} ({n})".replace("|", "\\|")


def table(report: dict, only_redrawn: bool = False) -> str:
    rows = ["| problem | slips checked (by part) | re-drawn for a slip | re-drawn in all | most often | result |",
            "|---|---|---|---|---|---|"]
    for p in report["problems"]:
        slips, redraws, draws = p.get("generated_slips", {}), p.get("slip_redraws", {}), p["draws"]
        if only_redrawn and not p["rejected_draws"]:
            continue
        result = "ok" if p["ok"] else f"FAIL ({len(p['failures'])})"
        rows.append(f"| {p['id']} | {sum(slips.values())} ({_by_part(slips)}) | {_rate(sum(redraws.values()), draws)} "
                    f"| {_rate(p['rejected_draws'], draws)} | {_most_often(p.get('redraw_causes', {}))} | {result} |")
    return "\n".join(rows)


def summary(report: dict) -> str:
    problems = report["problems"]
    draws = sum(p["draws"] for p in problems)
    slip = sum(sum(p.get("slip_redraws", {}).values()) for p in problems)
    checked = [sum(p.get("generated_slips", {}).values()) for p in problems]
    above = [p["id"] for p in problems if any("generated slip" in f for f in p["failures"])]
    never = sum(not p.get("slip_redraws") for p in problems)
    return (f"{len(problems)} problems at {report['seeds']} seeds: {sum(checked):,} generated slips checked per draw "
            f"of each (median {statistics.median(checked) if checked else 0:g} per problem); {draws:,} draws, "
            f"{slip:,} re-drawn for a slip ({_rate(slip, draws)}); {never} problems never re-draw for a slip; "
            f"{len(above)} fail the 5 % gate{': ' + ', '.join(above) if above else ''}; "
            f"{sum(p['ok'] for p in problems)} pass.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("report", help="a `mathquiz validate --json` report ('-': standard input)")
    parser.add_argument("--only-redrawn", action="store_true", help="only the problems with a re-drawn draw")
    args = parser.parse_args()
    with (sys.stdin if args.report == "-" else open(args.report, encoding="utf-8")) as f:
        report = json.load(f)
    print(summary(report) + "\n")
    print(table(report, args.only_redrawn))


if __name__ == "__main__":
    main()
