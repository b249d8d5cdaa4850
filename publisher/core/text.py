"""Text from officers' files that could make a page read differently from what was written."""

from __future__ import annotations

import re

# Embeddings, overrides and isolates reorder the characters after them: "%05" can be made to read "50%".
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


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
