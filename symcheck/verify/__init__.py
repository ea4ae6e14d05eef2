"""Verifying a written derivation (issue 6): read a Markdown/LaTeX chain, check every step, name the first wrong one.

    result = verify_file("derivation.md", timeout=8)
    result.first_wrong            # the first refuted or ill-typed step, or None
    for step in result.steps:     # StepResult: status, line, counterexample, ...
        print(step.symbol, step.line, step.detail)

`read` turns the text into plans (what each step claims), with `constants` for steps up
to a constant, ∝ and densities, and `hypotheses` for premises with derivatives; `check`
decides them in workers, `model` holds the results, `cache` keeps decided obligations;
reports live in `symcheck.report.derivation_text` and `symcheck.report.derivation_html`.
The format is documented in docs/verify.md.
"""
from __future__ import annotations

import os
import sys
import types

from .cache import ObligationCache, obligation_key
from .check import DEFAULT_TIMEOUT, check_derivation
from .model import DerivationResult, Expression, StepResult, STATUSES
from .read import Derivation, HeaderError, read_derivation


def verify_text(text: str, path: str = "<text>", *, timeout: float = DEFAULT_TIMEOUT, jobs: int = 1,
                on_step=None, cache=None) -> DerivationResult:
    """Raises HeaderError when the declarations cannot be read; every other problem is a step's status.

    `cache` (an ObligationCache) answers obligations decided before, e.g. while a page re-checks an edit.
    """
    return check_derivation(read_derivation(text, path), timeout=timeout, jobs=jobs, on_step=on_step, cache=cache)


def verify_file(path: str, *, timeout: float = DEFAULT_TIMEOUT, jobs: int = 1, on_step=None) -> DerivationResult:
    """Verify the derivation in the file at `path` (UTF-8 Markdown or .tex); raises HeaderError like verify_text."""
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    return verify_text(text, path, timeout=timeout, jobs=jobs, on_step=on_step)


def verify(text: str, *, timeout: float | None = None, jobs: int | None = None, path: str = "<text>") \
        -> DerivationResult:
    """The Python API's derivation check, `symcheck.verify(text)`: 2 workers (1 on one core) by default."""
    return verify_text(text, path, timeout=DEFAULT_TIMEOUT if timeout is None else timeout,
                       jobs=jobs or max(1, min(2, os.cpu_count() or 1)))


class _CallableModule(types.ModuleType):
    """The package is also callable: `symcheck.verify(text)` is `symcheck.verify.verify(text)`."""

    def __call__(self, text: str, **options) -> DerivationResult:
        return verify(text, **options)


sys.modules[__name__].__class__ = _CallableModule

__all__ = ["verify", "verify_text", "verify_file", "read_derivation", "check_derivation", "Derivation",
           "DerivationResult", "StepResult", "Expression", "HeaderError", "STATUSES", "DEFAULT_TIMEOUT",
           "ObligationCache", "obligation_key"]
