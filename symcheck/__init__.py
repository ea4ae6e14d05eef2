"""symcheck: proves matrix-calculus claims for every dimension, or refutes them with an exact counterexample.

Claim files import `Claim` (and the documented constructs) from here; everything
else lives in the submodules: `model` (typed expressions), `prove`, `refute`,
`certify`, `report`, `latex`, `grade`, and the platform adapters `prairielearn`
(and `grade.gradescope`).

The names below are loaded on first use (PEP 562), so that `import symcheck.X` does not
pay for SymPy unless X needs it: PrairieLearn imports a question's server.py (and with it
`symcheck.prairielearn`) for every page it renders.
"""
from __future__ import annotations

import importlib

__version__ = "0.1.0"
# public name -> the submodule that defines it
_LAZY = {"Claim": "claim", "argmax": "constructs", "argmin": "constructs", "dot": "constructs",
         "expectation": "constructs", "gaussian_log_density": "constructs", "norm": "constructs",
         "pinv": "constructs", "sqnorm": "constructs"}
__all__ = ["Claim", "argmax", "argmin", "dot", "expectation", "gaussian_log_density", "norm", "pinv", "sqnorm",
           "__version__"]


def __getattr__(name: str):
    """`symcheck.Claim` and the constructs, imported when first asked for."""
    if name in _LAZY:
        value = getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
