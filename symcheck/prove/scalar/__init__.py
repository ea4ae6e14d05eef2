"""The scalar prover: real scalar claims (identities, inequalities, sign questions).

Modules, bottom up: `nlsat` (the z3 bridge: SymPy to z3 real arithmetic, exact models),
`cases` (the case split on piecewise atoms), `logs` (log u as a sum over u's factors), `hyperbolic` (tanh, sinh, ... written with
exp), `certificate` (the `symcheck-scalar/1`
certificate it emits) and `engine` (`ScalarEngine`, the entry the dispatcher loads).
This package imports none of them itself.
"""
