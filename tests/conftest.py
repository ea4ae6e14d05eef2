"""Shared fixtures (a helper to write claim files in a temporary folder, a running `symcheck serve`), and the
rule that keeps the tests sharing an expensive fixture on one pytest-xdist worker."""
from __future__ import annotations

import inspect
import os
import textwrap
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent


# ---------------------------------------------------------------- bytecode caches for the processes the tests start

def pytest_configure(config):
    """When the environment forbids bytecode caches (PYTHONDONTWRITEBYTECODE), the processes the tests start
    (pytest-xdist's workers, `python -m symcheck ...`, sub-pytests) may still write them, in `__pycache__`
    folders as Python does by default (git ignores them): without them each of those processes compiles
    symcheck's modules and rewrites the test modules again from source. (Not a cache folder outside the
    checkout, PYTHONPYCACHEPREFIX: Python then ignores the installed libraries' own caches, so a fresh
    machine would compile SymPy and the rest from source as well.)"""
    if os.environ.get("PYTHONDONTWRITEBYTECODE") and not os.environ.get("PYTHONPYCACHEPREFIX"):
        del os.environ["PYTHONDONTWRITEBYTECODE"]


# ---------------------------------------------------------------- the pytest runs some tests start

# The installed pytest plugins that the pytest runs started by tests (of the symcheck plugin, of this file's
# rules under pytest-xdist) never use: each process of such a run, three under `-n 2`, would import them
# at its start, about 0.2 s of CPU each.
UNUSED_PLUGINS = ("-p", "no:hypothesispytest", "-p", "no:anyio")


# ---------------------------------------------------------------- pytest-xdist: a shared fixture is built once

def _shared_fixture_keys(item, folder: Path) -> list[str]:
    """What `item` shares with other tests: each fixture defined under `folder` and scoped wider than one test, by name,
    (module or class scope) the module it is built for and (a parametrized fixture) the parameter."""
    keys = []
    info = getattr(item, "_fixtureinfo", None)
    callspec = getattr(item, "callspec", None)
    for name in getattr(item, "fixturenames", ()):
        defs = info.name2fixturedefs.get(name) if info is not None else None
        if not defs:
            continue
        fixturedef = defs[-1]  # the definition this test gets (the closest override)
        try:
            defined_here = folder in Path(inspect.getfile(fixturedef.func)).resolve().parents
        except TypeError:
            defined_here = False
        if not defined_here or fixturedef.scope == "function":
            continue
        param = f"#{callspec.indices[name]}" if callspec is not None and name in callspec.indices else ""
        if fixturedef.scope in ("session", "package"):
            keys.append(f"{fixturedef.scope}:{name}{param}")
        else:  # module or class: one instance per module (and parameter) at most
            keys.append(f"module:{item.nodeid.split('::')[0]}:{name}{param}")
    return keys


def shared_fixture_groups(items, folder: Path = TESTS) -> dict:
    """{item: group name} for the items sharing a fixture of `folder` wider than one test, joined transitively
    (two tests sharing any such fixture are in one group); the other items are left out."""
    parent: dict[str, str] = {}

    def find(key: str) -> str:
        while parent.setdefault(key, key) != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    keyed = {}
    for item in items:
        keys = _shared_fixture_keys(item, folder.resolve())
        if keys:
            keyed[item] = keys
            for key in keys[1:]:
                first, other = find(keys[0]), find(key)
                if first != other:
                    parent[max(first, other)] = min(first, other)
    # xdist reads the group after the node id's last "@" only when no "]" follows it: neither may be in a name
    return {item: "shared:" + find(keys[0]).replace("[", "(").replace("]", ")").replace("@", "at")
            for item, keys in keyed.items()}


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist's own hook, which reads the groups into the node ids
def pytest_collection_modifyitems(config, items):
    """Under pytest-xdist's loadgroup (the symcheck plugin's choice for `pytest -n N`), the tests that share a
    module- or session-scoped fixture of this folder go to one worker, so the fixture is built once (its
    scope says once; xdist's per-test scheduling would build it again on every worker that runs one)."""
    if not (hasattr(config, "workerinput") and config.getvalue("loadgroup")):
        return
    for item, group in shared_fixture_groups(items).items():
        item.add_marker(pytest.mark.xdist_group(group))


@pytest.fixture
def claim_dir(tmp_path):
    """Write claim files: `claim_dir(name=source, ...)` returns the folder."""
    folder = tmp_path / "claims"
    folder.mkdir()

    def write(**files):
        for name, source in files.items():
            (folder / f"{name}.py").write_text(textwrap.dedent(source))
        return folder
    return write


# ---------------------------------------------------------------- a running `symcheck serve`

class Server:
    """A `symcheck serve` subprocess on a free local port, with its data folder."""

    def __init__(self, data, timeout: float = 6.0):
        import os
        import socket
        import subprocess
        import sys
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.data = data
        self.log = open(data / "server.log", "w+")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "symcheck", "serve", "--port", str(self.port), "--data", str(data),
             "--timeout", str(timeout), "--jobs", "2"],
            stdout=self.log, stderr=subprocess.STDOUT, env=dict(os.environ))

    def wait_ready(self, seconds: float = 120.0) -> None:
        import time
        import urllib.request
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            if self.process.poll() is not None:
                self.log.seek(0)
                raise RuntimeError(f"symcheck serve exited: {self.log.read()}")
            try:
                with urllib.request.urlopen(self.url + "/static/favicon.svg", timeout=2):
                    return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError("symcheck serve did not start")

    def alive(self) -> bool:
        return self.process.poll() is None

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except Exception:
            self.process.kill()
            self.process.wait(10)
        self.log.close()


@pytest.fixture(scope="session")
def symcheck_server(tmp_path_factory):
    """One `symcheck serve` for the web tests (API and browser), stopped at the end of the session.

    Under pytest-xdist a session is one worker's: each worker that runs a web test starts its own
    server, on a free port of its own and with a data folder under that worker's temporary folder."""
    server = Server(tmp_path_factory.mktemp("serve"))
    try:
        server.wait_ready()
        yield server
    finally:
        server.stop()
