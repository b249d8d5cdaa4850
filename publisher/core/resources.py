"""Where the default templates, styles and demo live: beside the package in a checkout, inside it in a wheel."""

from __future__ import annotations

from pathlib import Path

__all__ = ["default_dir"]

_PACKAGE = Path(__file__).resolve().parent.parent  # publisher/


def default_dir(name: str) -> Path:
    """The folder ``name`` (templates, styles, indicators, demo) shipped with publisher."""
    installed = _PACKAGE / "_defaults" / name
    return installed if installed.is_dir() else _PACKAGE.parent / name
