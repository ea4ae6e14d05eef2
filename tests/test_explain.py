"""`explain`: a certificate becomes steps a student can follow."""
from __future__ import annotations

from symcheck.certify.explain import explain
from symcheck.cli import main

from test_checker import DERIVATIVE, PUSH_THROUGH, TRACE_HAT, WOODBURY, certificate


def text(claim) -> str:
    return "\n".join(explain(certificate(claim), claim))


def test_push_through_multiplies_out_both_inverses_and_expands():
    steps = text(PUSH_THROUGH)
    assert "Multiply on the left by (lambda*I + X^T*X) and on the right by (lambda*I + X*X^T)" in steps
    assert "both sides expand to X^T*X*X^T + (lambda)*X^T" in steps


def test_woodbury_clears_the_inverse_and_names_the_relations():
    steps = text(WOODBURY)
    assert "Multiply on the left by (A + P*C_k*R): I = (A + P*C_k*R)*(" in steps
    assert "Let Z1 = (" in steps
    assert "Relations used (each is 0):" in steps and "every bracket is 0" in steps


def test_traces_and_reductions_have_their_own_steps():
    assert "tr(" in text(TRACE_HAT)
    steps = text(DERIVATIVE)
    assert steps.splitlines()[1].startswith("Reduction (") and "Obligation 1:" in steps


def test_explain_command_prints_the_steps_and_the_checkers_word(tmp_path, capsys):
    path = tmp_path / "pt.py"
    path.write_text(
        "from sympy import Identity, MatrixSymbol, symbols\nfrom symcheck import Claim\n"
        "n, d = symbols('n d', integer=True, positive=True)\nlam = symbols('lambda', positive=True)\n"
        "X = MatrixSymbol('X', n, d)\n"
        "pt = Claim('push-through', X.T * (X * X.T + lam * Identity(n)).I, (X.T * X + lam * Identity(d)).I * X.T)\n")
    assert main(["explain", f"{path}::push-through"]) == 0
    out = capsys.readouterr().out
    assert "both sides expand to" in out and "Independent checker: accepted" in out
