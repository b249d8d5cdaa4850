"""mkdocs hook: adds the reference pages written from the code (``docs_hooks/reference.py``) to the site.

Named in ``mkdocs.yml`` (``hooks:``); mkdocs loads this file by its path, so it puts the repository on
``sys.path`` to reach ``publisher`` and ``docs_hooks``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.structure.files import File, Files  # noqa: E402

from docs_hooks.reference import PAGES, stale_notes  # noqa: E402


def on_files(files: Files, config: Any) -> Files:
    for path, page in PAGES.items():
        files.append(File.generated(config, path, content=page()))
    if stale := stale_notes():
        raise PluginError(f"docs_hooks/field_notes.yaml describes fields no schema has: {', '.join(stale)}")
    return files
