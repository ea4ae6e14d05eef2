"""The refuter: exact evaluation on concrete instances, assumption-respecting instance
generation, counterexample search and shrinking (issue 3, part 2).

`evaluate`/`check` are shared by every part that needs to decide a claim on an instance.
"""
from .evaluate import (  # noqa: F401  (evaluate must load before check: it re-exports it)
    Instance, Undefined, Undecided, Unsupported, evaluate, register_evaluator,
    Outcome, assumptions_hold, check,
)
from . import constructs_eval  # noqa: E402,F401  (the evaluator's rules for symcheck's own constructs)
