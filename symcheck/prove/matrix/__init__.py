"""The matrix prover: typed noncommutative Gröbner bases, for every dimension.

Modules, bottom up: `ncalg` (the typed free algebra and its coefficient field), `ncgb`
(Gröbner completion with recorded cofactors), `errors`, `premise`, `grid` (block grids),
`atoms` (traces and scalar functions as central coefficients), `powers` (symbolic
exponents), `pinv` (the Penrose rule), `translate` (`MatrixTranslator`: SymPy to
polynomials), `assumptions` (what each assumption grants), `nonzero` (denominators),
`certificate`, `prover` (one attempt), `scalar_claims` (claims in traces), `induction`
(symbolic powers) and `engine` (`MatrixEngine`, the entry the dispatcher loads).
This package imports none of them itself.
"""
