"""Shared fixtures: dimension symbols and a helper to write claim files in a temporary folder."""
from __future__ import annotations

import textwrap

import pytest


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
