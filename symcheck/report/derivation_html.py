"""A self-contained HTML page for a verified derivation (`symcheck verify --html OUT`).

No scripts, no fonts, no network: the math is shown as symcheck read it, in Unicode
(ᵀ, ⁻¹, ‖·‖, λ ...), next to the LaTeX as written. Each step is a row coloured by its
status; the first wrong step is highlighted, anchored (#first-wrong) and shows its
counterexample as exact matrices. The page is rendered by `report.html` (Jinja2,
autoescaped: templates/derivation_page.html) from the `verify --json` document.
"""
from __future__ import annotations

from ..verify.model import DerivationResult


def render_page(result: DerivationResult) -> str:
    """The page of a checked derivation, as text."""
    from .html import render_derivation_page

    return render_derivation_page(result.to_json(), declarations=result.declarations)


def write_page(result: DerivationResult, path: str) -> None:
    """Write the page of a checked derivation to `path` (UTF-8)."""
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(render_page(result))


__all__ = ["render_page", "write_page"]
