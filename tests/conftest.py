"""Shared fixtures: dimension symbols and a helper to write claim files in a temporary folder."""
from __future__ import annotations

import textwrap

import pytest


@pytest.fixture
def claim_dir(tmp_path):
    """Write claim files: `claim_dir(name=source, ...)` returns the folder."""
    folder = tmp_path / "claims"
    folder.mkdir()

    def write(**files):
        for name, source in files.items():
            (folder / f"{name}.py").write_text(textwrap.dedent(source))
        return folder
    return write
