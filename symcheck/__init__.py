"""symcheck: proves matrix-calculus claims for every dimension, or refutes them with an exact counterexample.

Claim files import `Claim` (and the documented constructs) from here; everything
else lives in the submodules: `model` (typed expressions), `prove`, `refute`,
`certify`, `report`, `latex`, `grade`, `verify`, `web`, and the platform adapters
`prairielearn` (and `grade.gradescope`).

The names below are loaded on first use (PEP 562), so that `import symcheck.X` does not
pay for SymPy unless X needs it: PrairieLearn imports a question's server.py (and with it
`symcheck.prairielearn`) for every page it renders.

The Python API (`symcheck.api`), loaded only when called, so importing symcheck stays cheap:
`symcheck.decide(claim)`, `symcheck.check(ref, answer, declare=...)`, `symcheck.verify(text)`.
In Jupyter, `%load_ext symcheck` gives the `%%symcheck` cell magic (`symcheck.notebook`).
"""
from __future__ import annotations

import importlib

__version__ = "0.1.0"
# public name -> the submodule that defines it
_LAZY = {"Claim": "claim", "argmax": "constructs", "argmin": "constructs", "dot": "constructs",
         "expectation": "constructs", "gaussian_log_density": "constructs", "norm": "constructs",
         "pinv": "constructs", "sqnorm": "constructs", "opnorm2": "constructs", "vec": "constructs"}
__all__ = ["Claim", "argmax", "argmin", "dot", "expectation", "gaussian_log_density", "norm", "pinv", "sqnorm",
           "opnorm2", "vec", "decide", "check", "verify", "__version__"]


def decide(claim, *, timeout: float = 10.0):
    """Decide a Claim in a worker; returns its Verdict (see symcheck.api.decide)."""
    from .api import decide as run
    return run(claim, timeout=timeout)


def check(reference: str, answer: str, declare="", *, layout: str = "numerator", timeout: float = 10.0,
          hints: bool = True):
    """Check a student's answer against a reference; returns an AnswerVerdict (see symcheck.api.check)."""
    from .api import check as run
    return run(reference, answer, declare, layout=layout, timeout=timeout, hints=hints)


def __getattr__(name: str):
    """`symcheck.Claim`, the constructs and `symcheck.verify`, imported when first asked for."""
    if name in _LAZY:
        value = getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)
        globals()[name] = value
        return value
    if name == "verify":
        # the subpackage symcheck/verify, which is callable: symcheck.verify(text) runs symcheck.api.verify.
        # (A function of that name here would be replaced by the subpackage as soon as anything imports it.)
        return importlib.import_module(".verify", __name__)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY) | {"verify"})


def load_ipython_extension(ipython) -> None:
    """`%load_ext symcheck`: registers the `%%symcheck` cell magic (IPython is imported only then)."""
    from .notebook import load_ipython_extension as load
    load(ipython)
