"""Reductions: each rewrites a claim with a construct the provers do not read into plain obligations.

`reduce(problem, deadline) -> Reduced | None` (the protocol is in `symcheck.prove`); the
claim is proved when every obligation is. Modules: `derivative` (matrix calculus by the
directional derivative; its linear expansion is shared by the others), `expectation`
(Gaussian moments), `optimality` (argmin/argmax: stationarity and positive definiteness),
`limits`, `entrywise` (explicit matrices entry by entry), `determinant` (the determinant
laws). This package imports none of them itself.
"""
