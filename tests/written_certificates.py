"""A scalar certificate written by hand (tests of the checker's own readings): it names only the claim's sides,
so everything the checker accepts it re-derived from the claim itself."""
import sympy

from symcheck import Claim
from symcheck.certify.checker import check_certificate


def written(claim) -> dict:
    """A `symcheck-scalar/1` certificate naming only the claim's sides and relation."""
    return {"format": "symcheck-scalar/1", "method": "z3 nlsat: negation unsatisfiable", "relation": claim.relation,
            "lhs": sympy.srepr(claim.lhs), "rhs": sympy.srepr(claim.rhs), "split": [], "steps": []}


def checked(lhs, rhs, relation="==", assume=()):
    """The checker's result on a hand-written certificate for `lhs relation rhs` under `assume`."""
    claim = Claim("c", lhs, rhs, relation=relation, assume=list(assume))
    return check_certificate(written(claim), claim)
