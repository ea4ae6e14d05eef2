"""symcheck: proves matrix-calculus claims for every dimension, or refutes them with an exact counterexample.

Claim files import `Claim` (and the documented constructs) from here; everything
else lives in the submodules: `model` (typed expressions), `prove`, `refute`,
`certify`, `report`, `latex`, `grade`.
"""
from .claim import Claim
from .constructs import argmax, argmin, dot, expectation, gaussian_log_density, norm, pinv, sqnorm

__version__ = "0.1.0"
__all__ = ["Claim", "argmax", "argmin", "dot", "expectation", "gaussian_log_density", "norm", "pinv", "sqnorm",
           "__version__"]
