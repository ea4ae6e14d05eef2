"""The independent checker loads no prover or refuter code, even while checking real certificates.

Each test runs a fresh interpreter, so modules imported by other tests do not hide
an import the checker would make on its own.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from symcheck.certify.store import document

ROOT = Path(__file__).resolve().parents[1]

REPORT_ENGINE_MODULES = """
import sys
engine = sorted(m for m in sys.modules if m.startswith(("symcheck.prove", "symcheck.refute")))
print(repr(engine))
"""


def fresh_python(code: str) -> str:
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]


def test_importing_the_checker_loads_no_prover_or_refuter_module():
    assert fresh_python("import symcheck.certify.checker\n" + REPORT_ENGINE_MODULES) == "[]"


def test_importing_the_package_and_its_constructs_loads_no_engine():
    code = "import symcheck\nfrom symcheck import pinv, expectation, argmin\n" + REPORT_ENGINE_MODULES
    assert fresh_python(code) == "[]"


def test_checking_real_certificates_loads_no_prover_or_refuter_module(tmp_path):
    from test_checker import DERIVATIVE, PUSH_THROUGH, certificate

    paths = []
    for claim in (PUSH_THROUGH, DERIVATIVE):
        path = tmp_path / f"{len(paths)}.json"
        path.write_text(json.dumps(document("claims/x.py", claim, "m", certificate(claim))))
        paths.append(str(path))
    code = (
        "import json\n"
        "from symcheck.certify.checker import check_certificate\n"
        "from symcheck.certify.store import claim_from_json\n"
        f"for path in {paths!r}:\n"
        "    doc = json.load(open(path))\n"
        "    assert check_certificate(doc['certificate'], claim_from_json(doc['claim'])).accepted, path\n"
        + REPORT_ENGINE_MODULES)
    assert fresh_python(code) == "[]"
