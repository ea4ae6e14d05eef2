"""`import symcheck` (and so `import symcheck.prairielearn`) must not import SymPy; `from symcheck import Claim` still works."""
import subprocess
import sys


def _run(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_importing_the_package_does_not_import_sympy():
    assert _run("import sys, symcheck; print('sympy' in sys.modules)") == "False"


def test_the_public_names_load_on_first_use():
    out = _run("import symcheck\nfrom symcheck import Claim, sqnorm, expectation\n"
               "print(Claim.__module__, sqnorm.__module__, symcheck.argmin.__module__, 'Claim' in dir(symcheck))")
    assert out == "symcheck.claim symcheck.constructs symcheck.constructs True"


def test_an_unknown_name_is_an_attribute_error():
    assert _run("import symcheck\ntry:\n    symcheck.nope\nexcept AttributeError as e:\n    print('ok')") == "ok"
