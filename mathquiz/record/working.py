"""The lines of working shown for an answer, as the history keeps them (table derivation_lines,
schema 4): a line (study.derivation's `Line.as_json`) as its row's values, and back."""

from __future__ import annotations

from mathquiz.record.checked import utf8

COLUMNS = ("text", "read_as", "verdict", "reason", "mistake", "after_slip")
INSERT = (f"INSERT INTO derivation_lines (attempt_id, line, {', '.join(COLUMNS)})"
          f" VALUES (?, ?, {', '.join('?' * len(COLUMNS))})")


def rows(attempt_id: int, lines) -> list[tuple]:
    """The rows of an attempt's lines of working, numbered from 1; no mistake is NULL."""
    return [(attempt_id, k, *(utf8(str(line.get(c) or "")) for c in COLUMNS[:4]),
             utf8(str(line["mistake"])) if line.get("mistake") else None, int(bool(line.get("after_slip"))))
            for k, line in enumerate(lines, 1)]


def line(values: tuple) -> dict:
    """A row's values (COLUMNS, in order) as the line of working it was written from."""
    out = dict(zip(COLUMNS, values, strict=True))
    return {**out, "after_slip": bool(out["after_slip"])}
