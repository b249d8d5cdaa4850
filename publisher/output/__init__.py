"""Stage 4, the pack: Jinja2 rendering (sandboxed), sparklines, the PDF through WeasyPrint, CSV and JSON
exports, and the build that writes a pack's files.

May import: ``publisher.core``, ``publisher.inputs``, ``publisher.engine``.
"""

__all__ = [
    "build", "changes_view", "charts", "export", "messages", "pdf", "render", "sparkline", "spreadsheet",
    "templating", "words",
]  # fmt: skip
