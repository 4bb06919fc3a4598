"""Text from the command line, a file name or a file as it may reach a terminal: no control codes.

Standard library only (no Rich), so plain-text output can use it too.
"""

from __future__ import annotations

import json
import unicodedata


def visible(text: str) -> str:
    """Text from the command line or a file name as it may reach a terminal: control characters
    (ESC, BEL, …) as `\\x1b` codes, bytes that were not UTF-8 (lone surrogates) as `\\xff`;
    line breaks and tabs kept."""
    if text.isprintable():
        return text
    out = []
    for c in text:
        if "\udc80" <= c <= "\udcff":  # a byte os.fsdecode could not read as UTF-8
            out.append(f"\\x{ord(c) - 0xDC00:02x}")
        elif c in "\n\t" or unicodedata.category(c) not in ("Cc", "Cs"):
            out.append(c)
        else:
            out.append(f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}")
    return "".join(out)


def json_text(obj) -> str:
    """One line of JSON; a name with bytes that were not UTF-8 keeps them as \\udcff escapes (which
    read back as the same name), where raw they could not be written as UTF-8."""
    text = json.dumps(obj, ensure_ascii=False)
    if text.isprintable():
        return text
    return "".join(c if not "\ud800" <= c <= "\udfff" else f"\\u{ord(c):04x}" for c in text)
