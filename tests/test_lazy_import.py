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


def test_the_command_help_imports_no_sympy_and_no_subcommand():
    """`symcheck --help` lists the commands from the command table alone (a fast start)."""
    out = _run("import sys\nfrom symcheck.cli import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
               "print([m for m in sys.modules if m.split('.')[0] in ('sympy', 'z3', 'flint', 'rich', 'jinja2')"
               " or m.startswith(('symcheck.cli.', 'symcheck.grade', 'symcheck.engine'))"
               " and m != 'symcheck.cli.common'])")
    assert out.splitlines()[-1] == "[]"


def test_a_subcommand_imports_only_its_own_module():
    out = _run("import sys\nfrom symcheck.cli import main\ntry:\n    main(['check', '--help'])\nexcept SystemExit:\n"
               "    pass\nprint(sorted(m for m in sys.modules if m.startswith('symcheck.cli.')))")
    assert out.splitlines()[-1] == "['symcheck.cli.check', 'symcheck.cli.common']"


def test_an_answer_closed_by_cancellation_never_loads_z3():
    """z3 (and its shared library) is loaded only when a query needs it: not for an answer the scalar
    prover closes by cancellation, though checking one loads every engine first; a claim that needs z3
    still loads it."""
    out = _run("import sys\nfrom symcheck.grade.check import check_answer\n"
               "v = check_answer('a+b', 'b+a', 'a, b', isolate=False)\n"
               "print(v.status, 'z3' in sys.modules)\n"
               "from symcheck import Claim\nfrom symcheck.engine import decide_claim\nimport sympy\n"
               "x = sympy.Symbol('x', real=True)\n"
               "print(decide_claim(Claim('x^2 + 1 > 0', x ** 2 + 1, 0, relation='>'), 10).status, 'z3' in sys.modules)")
    first, second = out.splitlines()[-2:]
    assert first == "equivalent False" and second == "proved True", out
