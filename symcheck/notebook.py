"""Jupyter: `%load_ext symcheck` registers the `%%symcheck` cell magic.

    %%symcheck [--timeout S] [--jobs N]
    ```symcheck
    X: matrix n×d
    lambda: scalar > 0
    ```
    $$X^T (X X^T + \\lambda I_n)^{-1} = (X^T X + \\lambda I_d)^{-1} X^T$$

The cell is a derivation in the `symcheck verify` format (docs/verify.md); the magic
verifies it and returns the DerivationResult, which the notebook shows as on the web
page. Unreadable declarations are shown as such, not as a traceback. IPython is never
imported here: the shell passed to `load_ipython_extension` registers the magic.
"""
from __future__ import annotations

import argparse
import shlex

from .api import verify


class Unreadable:
    """A cell whose declarations cannot be read: the header-error document, displayed."""

    def __init__(self, document: dict):
        self.document = document

    def __repr__(self) -> str:
        error = self.document["error"]
        return f"declarations: line {error['line']}, column {error['column']}: {error['message']}"

    def _repr_html_(self) -> str:
        from .report.html import render_derivation
        return str(render_derivation(self.document, standalone=True))


def _options(line: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="%%symcheck", add_help=False, exit_on_error=False)
    parser.add_argument("--timeout", type=float, default=None)
    parser.add_argument("--jobs", type=int, default=None)
    try:
        return parser.parse_args(shlex.split(line))
    except (argparse.ArgumentError, SystemExit, ValueError) as exc:
        raise ValueError(f"%%symcheck [--timeout SECONDS] [--jobs N]: {exc}") from None


def symcheck_cell(line: str, cell: str):
    """The `%%symcheck` cell magic: verify the cell, return what the notebook displays."""
    from .report.derivation_text import header_error_json
    from .verify import HeaderError

    options = _options(line)
    try:
        return verify(cell, timeout=options.timeout, jobs=options.jobs, path="<cell>")
    except HeaderError as exc:
        return Unreadable(header_error_json("<cell>", exc.error))


def load_ipython_extension(ipython) -> None:
    """Register `%%symcheck` on the running IPython shell."""
    ipython.register_magic_function(symcheck_cell, magic_kind="cell", magic_name="symcheck")


__all__ = ["load_ipython_extension", "symcheck_cell", "Unreadable"]
