"""The Matrix Cookbook (2012) §10.4.2, induced (operator) norms, eqs. 534–536, and the
2-norm/Frobenius rows of the table of eq. 544, for the operator 2-norm ||A||_2 =
sup{||Ax||_2 : ||x||_2 = 1}, written with symcheck's `opnorm2` construct (a nonnegative real
scalar; docs/constructs.md). It counts with §10 in the benchmark's table.

All of these hold (standard facts; checked on explicit instances). Each inequality comes with
a false twin (the bound tightened or turned strict), refuted on a small exact instance.
"""
from sympy import Identity, MatrixSymbol, sqrt, symbols

from symcheck import Claim, norm, opnorm2

m, n, p = symbols("m n p", integer=True, positive=True)


def src(eq):
    return f"Matrix Cookbook (2012) eq. {eq}"


A = MatrixSymbol("A", m, n)
B = MatrixSymbol("B", n, p)
x = MatrixSymbol("x", n, 1)
eq534 = Claim("||I||_2 = 1", opnorm2(Identity(n)), 1, expect="proved", source=src(534))
eq535 = Claim("||Ax||_2 <= ||A||_2 ||x||_2", norm(A * x), opnorm2(A) * norm(x), relation="<=",
              expect="proved", source=src(535))
eq536 = Claim("||AB||_2 <= ||A||_2 ||B||_2", opnorm2(A * B), opnorm2(A) * opnorm2(B), relation="<=",
              expect="proved", source=src(536))
eq544_2F = Claim("||A||_2 <= ||A||_F", opnorm2(A), norm(A), relation="<=", expect="proved",
                 source=src(544) + " (row ||A||_2, column ||A||_F: 1)")
eq544_F2 = Claim("||A||_F <= sqrt(n) ||A||_2 (A m×n)", norm(A), sqrt(n) * opnorm2(A), relation="<=",
                 expect="proved", source=src(544) + " (weaker than the table's sqrt(rank A); rank has no construct)")

eq535_twin = Claim("twin: ||Ax||_2 < ||A||_2 ||x||_2", norm(A * x), opnorm2(A) * norm(x), relation="<",
                   expect="refuted", source=src(535) + ", mutated (strict; fails at x = 0)")
eq536_twin = Claim("twin: ||AB||_2 < ||A||_2 ||B||_2", opnorm2(A * B), opnorm2(A) * opnorm2(B), relation="<",
                   expect="refuted", source=src(536) + ", mutated (strict; fails at A = 0)")
eq544_2F_twin = Claim("twin: ||A||_F <= ||A||_2", norm(A), opnorm2(A), relation="<=", expect="refuted",
                      source=src(544) + ", mutated (reversed; fails at A = I_2)")
eq534_twin = Claim("twin: ||I||_2 = ||I||_F", opnorm2(Identity(n)), norm(Identity(n)), expect="refuted",
                   source=src(534) + ", mutated (n = 2: 1 vs sqrt(2))")
