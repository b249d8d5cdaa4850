"""The DfE tests' shared files."""

from pathlib import Path

import pytest

from .dfe_files import lait_cut


@pytest.fixture(scope="session")
def long_cut(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """LAIT's long extract cut to the measures the tests import (see dfe_files)."""
    return lait_cut(tmp_path_factory)
