"""`mathquiz list` as aligned plain text.

Deliberately not Rich: importing and laying out a Rich table costs more than the rest of
`mathquiz list` together, and this command must start about as fast as Typer alone.
"""

from __future__ import annotations

import os
import shutil
import textwrap


def _wrap(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, width, break_on_hyphens=False) or [""]


def table(topics: dict, accuracy: dict | None = None, width: int | None = None, colour: bool = False,
          mastery: dict | None = None) -> str:
    """Topics as headings with their counts, then one line per problem: id, title, source (and
    first-try accuracy and mastery: a level per problem id, {"seen", "mastery"} per topic). Titles
    are never cut: the source column narrows, then goes, and only then a title wraps, under itself."""
    width = width or shutil.get_terminal_size((80, 24)).columns
    entries = [e for group in topics.values() for e in group]
    if not entries:
        return "No problems found. Add problem files with --problems DIR or MATHQUIZ_PATH.\n"
    prefix = _common_prefix([e.source for e in entries])
    id_w = max(len(e.id) for e in entries)
    acc_w = (6 if accuracy is not None else 0) + (11 if mastery is not None else 0)
    room = max(width - 1 - 2 - id_w - 2 - acc_w, 20)  # one column spare: a full line would wrap
    title_w = max(len(e.title) for e in entries)
    source_w = max(len(e.source) - len(prefix) for e in entries)
    if title_w + 2 + source_w > room:  # sources only where every one fits whole (solve shows it too)
        source_w = 0
    title_w = min(title_w, room - (source_w + 2 if source_w else 0))
    bold = "\x1b[1m" if colour else ""
    plain = "\x1b[0m" if bold else ""
    count = len(topics)
    lines = [f"{len(entries)} problem{'s' if len(entries) != 1 else ''} in {count} topic{'s' if count != 1 else ''}"]
    for topic, group in topics.items():
        lines.append("")
        seen = mastery.get(topic) if mastery is not None else None
        more = f" · {seen['seen']} seen · {seen['mastery']}" if isinstance(seen, dict) else ""
        lines.append(f"{bold}{topic}{plain} ({len(group)} problem{'s' if len(group) != 1 else ''}{more})")
        for e in group:
            acc = f"{accuracy.get(e.id, '–'):>5} " if accuracy is not None else ""
            acc += f"{mastery.get(e.id, 'new'):<10} " if mastery is not None else ""
            title = _wrap(e.title, title_w)
            source = _wrap(e.source[len(prefix):], source_w) if source_w else []
            for k in range(max(len(title), len(source))):
                head = f"{e.id:<{id_w}}  {acc}" if k == 0 else " " * (id_w + 2 + acc_w)
                more = f"  {source[k]}" if k < len(source) else ""
                lines.append(f"  {head}{(title[k] if k < len(title) else ''):<{title_w}}{more}".rstrip())
    lines.append("")
    if prefix and source_w:
        lines.append(f"sources: {prefix}…")
    if accuracy is not None:
        lines.append("the percentage is your accuracy on the first try, from your history")
    if mastery is not None:
        lines.append("mastery, from your memory of each: new, learning, familiar, proficient, mastered")
    lines.append("practise a topic or a problem: mathquiz practice TOPIC")
    return "\n".join(lines) + "\n"


def _common_prefix(texts: list[str]) -> str:
    """The words every source starts with ("Math background sheet, exercise "), if long enough."""
    prefix = os.path.commonprefix(texts) if len(texts) > 1 else ""
    prefix = prefix[: prefix.rfind(" ") + 1] if " " in prefix else ""
    return prefix if len(prefix) >= 10 else ""
