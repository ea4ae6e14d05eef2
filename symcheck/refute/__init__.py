"""The refuter: exact evaluation on concrete instances, assumption-respecting instance
generation, counterexample search and shrinking (issue 3, part 2).

Modules, bottom up: `errors` (why a value does not exist), `exact` (signs and relations of
real constants), `linalg` (exact matrices), `calculus` and `constructs_eval` (rules for
derivatives, limits and symcheck's constructs), `evaluate` (the evaluator and its table),
`predicates`, `check` (deciding a claim on one instance), `instances`, `shrink`, `search`.
This package imports none of them itself, so loading one loads only what it needs.
"""
