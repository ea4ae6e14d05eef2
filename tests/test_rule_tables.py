"""Rules are data, built once, where they are read; importing a module changes no table.

Every rule table below is an immutable mapping or a tuple, assembled by the module that
owns it from its own rules and the rule dicts other modules export (the construct rules
merged into SHAPE_RULES, EVALUATORS and GRID_RULES, for instance). A fresh interpreter
that imports each table's owner, records the table, then imports every other module of
the package, must find every table unchanged; and no module calls a `register_*`
function or assigns into another module's table.
"""
from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# (owner module, table name): every rule table of the engine, the refuter and the shape checker.
TABLES = (
    ("symcheck.model.shapes", "SHAPE_RULES"),
    ("symcheck.refute.evaluate", "BASE_EVALUATORS"),
    ("symcheck.refute.evaluate", "EVALUATORS"),
    ("symcheck.refute.calculus", "CALCULUS_EVALUATORS"),
    ("symcheck.refute.constructs_eval", "CONSTRUCT_EVALUATORS"),
    ("symcheck.refute.predicates", "PREDICATES"),
    ("symcheck.refute.predicates", "KEY_TESTS"),
    ("symcheck.refute.instances", "MATRIX_GENERATORS"),
    ("symcheck.refute.instances", "RELATION_RULES"),
    ("symcheck.prove.matrix.translate", "BASE_GRID_RULES"),
    ("symcheck.prove.matrix.translate", "GRID_RULES"),
    ("symcheck.prove.matrix.pinv", "PSEUDO_INVERSE_GRID_RULES"),
    ("symcheck.prove.matrix.assumptions", "PREDICATE_RULES"),
    ("symcheck.prove.scalar.nlsat", "EXPR_RULES"),
    ("symcheck.prove.scalar.nlsat", "BOOL_RULES"),
    ("symcheck.prove.scalar.cases", "BRANCH_RULES"),
    ("symcheck.prove.reductions.derivative", "MATRIX_RULES"),
    ("symcheck.engine", "ENGINES"),
    ("symcheck.engine", "REDUCTIONS"),
)

# Modules that need an optional dependency or start a front end: not imported by the test.
SKIPPED_PREFIXES = ("symcheck.web", "symcheck.notebook", "symcheck.__main__", "symcheck.cli.serve",
                    "symcheck.prairielearn.__main__")


def all_modules() -> list[str]:
    """Every module of the package, by dotted name."""
    names = []
    for path in sorted((ROOT / "symcheck").rglob("*.py")):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        names.append(".".join(parts))
    return [n for n in names if not n.startswith(SKIPPED_PREFIXES)]


SNAPSHOT = r"""
import importlib, json, sys
tables = json.loads(sys.argv[1])
others = json.loads(sys.argv[2])

def describe(table):
    items = table.items() if hasattr(table, "items") else enumerate(table)
    return sorted(f"{getattr(k, '__qualname__', k)!s} -> {getattr(v, '__qualname__', repr(v))}" for k, v in items)

before = {}
for owner, name in tables:
    before[f"{owner}.{name}"] = describe(getattr(importlib.import_module(owner), name))
failed = []
for module in others:
    try:
        importlib.import_module(module)
    except ImportError as exc:  # an optional dependency missing: that module cannot change anything
        failed.append(f"{module}: {exc}")
after = {}
for owner, name in tables:
    after[f"{owner}.{name}"] = describe(getattr(importlib.import_module(owner), name))
print(json.dumps({"changed": sorted(k for k in before if before[k] != after[k]), "failed": failed}))
"""


def test_importing_every_module_changes_no_rule_table():
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    done = subprocess.run([sys.executable, "-c", SNAPSHOT, json.dumps(TABLES), json.dumps(all_modules())],
                          capture_output=True, text=True, env=env, timeout=600, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["changed"] == []


@pytest.mark.parametrize("owner, name", TABLES)
def test_every_rule_table_is_immutable(owner, name):
    import importlib

    table = getattr(importlib.import_module(owner), name)
    if isinstance(table, Mapping):
        with pytest.raises(TypeError):
            table[object] = None  # a read-only mapping (types.MappingProxyType)
    else:
        assert isinstance(table, tuple), f"{owner}.{name} is a {type(table).__name__}, not a tuple or mapping"


def test_the_construct_rules_are_in_each_engine_table():
    """The constructs' rules reach every table through its owner alone: nothing else needs importing."""
    from symcheck.model.constructs import ArgMax, ArgMin, Expectation, MatrixExpectation, PseudoInverse
    from symcheck.model.shapes import SHAPE_RULES
    from symcheck.prove.matrix.translate import GRID_RULES
    from symcheck.refute.evaluate import EVALUATORS

    for cls in (Expectation, MatrixExpectation, ArgMin, ArgMax, PseudoInverse):
        assert cls in SHAPE_RULES and cls in EVALUATORS
    assert PseudoInverse in GRID_RULES


def _registrations(tree: ast.AST) -> list[str]:
    """Calls of a `register_*` function, and assignments into an imported name's items or attributes."""
    imported = {alias.asname or alias.name.split(".")[0] for node in ast.walk(tree)
                if isinstance(node, (ast.Import, ast.ImportFrom)) for alias in node.names}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name.startswith("register_") and name not in ("register_at_fork", "register_magic_function"):
                found.append(f"line {node.lineno}: calls {name}")
        targets = node.targets if isinstance(node, ast.Assign) else \
            [node.target] if isinstance(node, (ast.AugAssign, ast.AnnAssign)) else []
        for target in targets:
            if isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name) and target.value.id in imported:
                found.append(f"line {node.lineno}: assigns into {target.value.id}[...]")
    return found


@pytest.mark.parametrize("path", sorted((ROOT / "symcheck").rglob("*.py")), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_module_registers_rules_in_another_modules_table(path):
    assert _registrations(ast.parse(path.read_text(encoding="utf-8"))) == []


def test_the_registration_check_can_fail():
    code = ("from .shapes import SHAPE_RULES, register_shape_rule\n"
            "SHAPE_RULES[int] = len\nregister_shape_rule(float, len)\n")
    assert sorted(_registrations(ast.parse(code))) == ["line 2: assigns into SHAPE_RULES[...]",
                                                       "line 3: calls register_shape_rule"]
