"""No import cycles between symcheck's modules.

The import graph is read with `ast`: every `import` and `from ... import` anywhere in a
module (function bodies and `if TYPE_CHECKING:` blocks included, since hiding an import
inside a function does not remove the dependency), relative imports resolved, and
`from package import name` counted as an import of the submodule `package.name` when
there is one. A module importing its own package is not a cycle (Python loads the package
first anyway). Any strongly connected component of more than one module fails the test.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "symcheck"


def module_name(path: Path, package: Path = PACKAGE) -> str:
    """symcheck/prove/matrix/engine.py -> symcheck.prove.matrix.engine (a package is its __init__)."""
    parts = list(path.relative_to(package.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_names(tree: ast.AST, module: str, is_package: bool) -> set[str]:
    """Every dotted name the module imports (relative imports resolved), anywhere in its body."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".") if is_package else module.split(".")[:-1]
                base = base[:len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            names.add(target)
            names.update(f"{target}.{alias.name}" for alias in node.names)
    return names


_GRAPHS: dict = {}  # (package, its files' paths, sizes and mtimes) -> graph: parsed once per test process


def import_graph(package: Path = PACKAGE) -> dict[str, set[str]]:
    """module -> the package's modules it imports (a fresh copy; read again whenever a file changed)."""
    paths = {module_name(p, package): p for p in package.rglob("*.py")}
    key = (str(package), tuple(sorted((str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in paths.values())))
    if key not in _GRAPHS:
        _GRAPHS[key] = _parse_import_graph(package, paths)
    return {module: set(names) for module, names in _GRAPHS[key].items()}


def _parse_import_graph(package: Path, paths: dict[str, Path]) -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {m: set() for m in paths}
    for module, path in paths.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for name in imported_names(tree, module, path.name == "__init__.py"):
            while name and name not in paths:  # symcheck.x.y.NAME -> the module symcheck.x.y
                name = name.rpartition(".")[0]
            if name and name != module and not module.startswith(name + "."):
                graph[module].add(name)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_the_package_has_no_import_cycle():
    found = cycles(import_graph())
    assert not found, "import cycles:\n" + "\n".join(" <-> ".join(c) for c in found)


# --- the test can fail: it finds the cycles it is meant to find -----------------------------------

def _write(root: Path, files: dict[str, str]) -> Path:
    package = root / "symcheck"
    for name, text in files.items():
        path = package / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return package


@pytest.mark.parametrize("files, expected", [
    ({"__init__.py": "", "a.py": "from . import b\n", "b.py": "from .a import x\n"},
     [["symcheck.a", "symcheck.b"]]),
    ({"__init__.py": "", "a.py": "def f():\n    from .b import y\n", "b.py": "import symcheck.a\n"},
     [["symcheck.a", "symcheck.b"]]),                        # an import inside a function counts
    ({"__init__.py": "", "p/__init__.py": "", "p/a.py": "from ..q import b\n",
      "q/__init__.py": "", "q/b.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from ..p.a import T\n"},
     [["symcheck.p.a", "symcheck.q.b"]]),                    # relative imports two levels up, TYPE_CHECKING too
    ({"__init__.py": "from . import a\n", "a.py": "import symcheck\n"}, []),  # importing its own package
    ({"__init__.py": "", "a.py": "from . import b\n", "b.py": "import os\n"}, []),
])
def test_cycles_are_found_wherever_the_import_is(tmp_path, files, expected):
    assert cycles(import_graph(_write(tmp_path, files))) == expected
