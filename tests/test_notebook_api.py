"""The Python API (symcheck.decide / check / verify), the %%symcheck cell magic, and cheap imports."""
import subprocess
import sys

import pytest
from sympy import MatrixSymbol, Q, symbols

import symcheck
from symcheck import Claim
from symcheck.grade.verdict import AnswerVerdict
from symcheck.notebook import Unreadable, symcheck_cell
from symcheck.verdict import Verdict
from symcheck.verify.model import DerivationResult

DERIVATION = """```symcheck
A: matrix n×n
x: vector n
```

$$\\frac{\\partial}{\\partial x} x^T A x = x^T A^T + x^T A = 2 x^T A$$
"""

HEAVY = ("symcheck.engine", "symcheck.web", "symcheck.grade", "symcheck.verify", "symcheck.api", "starlette",
         "uvicorn", "jinja2", "IPython", "z3")


def _loaded_after(code: str) -> list[str]:
    out = subprocess.run([sys.executable, "-c", code + "\nimport sys\nprint(' '.join(sorted(sys.modules)))"],
                         capture_output=True, text=True, check=True).stdout.split()
    return [m for m in out if m.split(".")[0] in ("starlette", "uvicorn", "jinja2", "IPython", "z3")
            or any(m == h or m.startswith(h + ".") for h in HEAVY if h.startswith("symcheck"))]


def test_importing_symcheck_loads_no_prover_web_stack_or_ipython():
    assert _loaded_after("import symcheck") == []


def test_the_command_line_parser_does_not_load_the_web_stack():
    loaded = _loaded_after("from symcheck.cli import build_parser\nbuild_parser()")
    assert not [m for m in loaded if m.split(".")[0] in ("starlette", "uvicorn", "jinja2", "IPython")]


def test_verify_is_callable_before_and_after_its_subpackage_is_imported():
    result = symcheck.verify(DERIVATION, timeout=10)
    assert isinstance(result, DerivationResult) and [s.status for s in result.steps] == ["proved", "refuted"]
    import symcheck.verify as package
    assert package is symcheck.verify and isinstance(symcheck.verify(DERIVATION, timeout=10), DerivationResult)
    from symcheck import verify
    assert verify(DERIVATION, timeout=10).first_wrong.line == 6


def test_check_returns_an_answer_verdict_and_explains_a_bad_reference():
    verdict = symcheck.check(r"(X^\top X + \lambda I)^{-1} X^\top y", r"2(X^\top X + \lambda I)^{-1} X^\top y",
                             declare=["X: n×d, y: n", "lambda > 0"])
    assert isinstance(verdict, AnswerVerdict) and verdict.status == "not_equivalent"
    assert verdict.hint.startswith("off by a factor 2") and "hint: off by a factor 2" in repr(verdict)
    with pytest.raises(ValueError, match="the reference cannot be used"):
        symcheck.check(r"(X^\top X", "X", declare="X: n×d")


def test_decide_returns_the_verdict_of_a_claim():
    n, d = symbols("n d", integer=True, positive=True)
    lam = symbols("lambda", positive=True)
    X = MatrixSymbol("X", n, d)
    from sympy import Identity
    proved = symcheck.decide(Claim("push-through", X.T * (X * X.T + lam * Identity(n)).I,
                                   (X.T * X + lam * Identity(d)).I * X.T, assume=[Q.positive(lam)]))
    assert isinstance(proved, Verdict) and proved.status == "proved"
    A = MatrixSymbol("A", n, n)
    B = MatrixSymbol("B", n, n)
    refuted = symcheck.decide(Claim("(AB)^T = A^T B^T", (A * B).T, A.T * B.T))
    assert refuted.status == "refuted" and refuted.counterexample is not None
    assert "counterexample" in repr(refuted) and r"\begin{bmatrix}" in refuted._repr_html_()


class FakeShell:
    def __init__(self):
        self.magics = {}

    def register_magic_function(self, func, magic_kind="line", magic_name=None):
        self.magics[(magic_kind, magic_name)] = func


def test_load_ext_registers_the_cell_magic_which_verifies_the_cell():
    shell = FakeShell()
    symcheck.load_ipython_extension(shell)
    magic = shell.magics[("cell", "symcheck")]
    result = magic("--timeout 10 --jobs 1", DERIVATION)
    assert isinstance(result, DerivationResult) and result.first_wrong.line == 6
    assert 'id="first-wrong"' in result._repr_html_()


def test_the_cell_magic_shows_unreadable_declarations_and_refuses_bad_options():
    shown = symcheck_cell("", "```symcheck\nX: matrix n×\n```\n\n$$X = X$$\n")
    assert isinstance(shown, Unreadable) and repr(shown).startswith("declarations: line 2")
    assert "The declarations cannot be read" in shown._repr_html_()
    with pytest.raises(ValueError, match="--timeout SECONDS"):
        symcheck_cell("--timeout soon", DERIVATION)


def test_the_magic_in_a_real_ipython_shell():
    interactive = pytest.importorskip("IPython.core.interactiveshell")
    shell = interactive.InteractiveShell.instance()
    try:
        shell.run_line_magic("load_ext", "symcheck")
        result = shell.run_cell_magic("symcheck", "--timeout 10", DERIVATION)
        assert isinstance(result, DerivationResult) and result.first_wrong.line == 6
        formats, _ = shell.display_formatter.format(result)
        assert "text/html" in formats and "sc-first" in formats["text/html"]
        assert "first wrong step at line 6" in formats["text/plain"]
    finally:
        interactive.InteractiveShell.clear_instance()
