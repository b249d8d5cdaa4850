"""Text from officers' files that could make a page read differently from what was written."""

from __future__ import annotations

import re

__all__ = ["bidi_control", "line_separator"]

# Embeddings, overrides and isolates reorder the characters after them: "%05" can be made to read "50%".
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
# Line breaks that YAML obeys but editors and Excel do not show: the text breaks where its writer sees none.
SEPARATORS = {"\u2028": "LINE SEPARATOR", "\u2029": "PARAGRAPH SEPARATOR", "\x85": "NEXT LINE"}
_SEPARATOR = re.compile("[" + "".join(SEPARATORS) + "]")


def bidi_control(text: str) -> tuple[int, str] | None:
    """Where ``text`` holds an invisible direction control (its line within the text, from 0) and what to say,
    or None."""
    found = BIDI_CONTROLS.search(text)
    if found is None:
        return None
    message = (
        f"contains an invisible direction control (U+{ord(found[0]):04X}) that can make the text read differently "
        "from what was typed: remove it (right-to-left text itself needs no control)"
    )
    return text.count("\n", 0, found.start()), message


def line_separator(text: str) -> tuple[int, str] | None:
    """Where ``text`` holds a Unicode line or paragraph separator (its line within the text, from 0, counting
    ordinary line breaks only) and what to say, or None."""
    found = _SEPARATOR.search(text)
    if found is None:
        return None
    column = found.start() - text.rfind("\n", 0, found.start())
    message = (
        f"contains an invisible {SEPARATORS[found[0]]} (U+{ord(found[0]):04X}) at column {column}, a line break "
        "that most editors and Excel do not show (it often comes with text pasted from a web page or PDF): delete "
        "it, and press Enter or type a space where a break or space is wanted"
    )
    return text.count("\n", 0, found.start()), message
