"""`python -m MODULE ARGS` for the tests, run in a forked child of the test process instead of a new interpreter.

`run_module("symcheck", ["run", folder])` returns what `subprocess.run([sys.executable, "-m", "symcheck",
"run", folder], capture_output=True, text=True)` returns: a `subprocess.CompletedProcess` with the exit
status, stdout and stderr of a separate process, which ran the package's own `__main__` (runpy, as `-m`
does) with its own standard streams (pipes, UTF-8, as a fresh interpreter has them under a UTF-8 locale),
its own working folder, environment and argv. A crash, a hang (killed after `timeout`, its process group
with it) or an `os._exit` in the command stays in that child.

Why: a new interpreter pays the SymPy import again (about a second of CPU each; the test files converted here
started about 60 of them), while a fork of the test process starts with it loaded. What a fork does not test
is the interpreter's start: the entry point, lazy imports, the imports a command does on its own, and the
interpreter's stream settings (PYTHONIOENCODING). Those keep real `subprocess.run` calls
(tests/test_lazy_import.py, tests/test_forked_cli.py, and a test each for run, check, verify, grade,
autograde and the PrairieLearn grader), and so do the tests that send the process signals or run it beside
a Dask cluster or a server.
"""
from __future__ import annotations

import io
import os
import selectors
import signal
import subprocess
import sys
import time
import traceback


# the signal handlers a new interpreter starts with (Python ignores SIGPIPE; the rest are the system's defaults)
FRESH_HANDLERS = {signal.SIGINT: signal.default_int_handler, signal.SIGPIPE: signal.SIG_IGN,
                  signal.SIGTERM: signal.SIG_DFL, signal.SIGALRM: signal.SIG_DFL, signal.SIGCHLD: signal.SIG_DFL}


def run_module(module: str, args: list[str], *, cwd=None, env: dict | None = None, input: str | None = None,
               timeout: float = 300) -> subprocess.CompletedProcess:
    """`python -m module *args` in a forked child; raises subprocess.TimeoutExpired (after killing it) as
    subprocess.run does."""
    argv = [str(a) for a in args]
    read_out, write_out = os.pipe()
    read_err, write_err = os.pipe()
    read_in, write_in = os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        _child(module, argv, cwd, env, (read_in, write_out, write_err), (write_in, read_out, read_err))
    for fd in (read_in, write_out, write_err):
        os.close(fd)
    data = (input or "").encode("utf-8")
    chunks = {read_out: [], read_err: []}
    deadline = time.monotonic() + timeout
    with selectors.DefaultSelector() as selector:
        for fd in chunks:
            selector.register(fd, selectors.EVENT_READ)
        if data:
            os.set_blocking(write_in, False)
            selector.register(write_in, selectors.EVENT_WRITE)
        else:
            os.close(write_in)
        while selector.get_map():
            left = deadline - time.monotonic()
            if left <= 0:
                _kill(pid)
                for key in list(selector.get_map().values()):
                    selector.unregister(key.fd)
                    os.close(key.fd)
                raise subprocess.TimeoutExpired([sys.executable, "-m", module, *argv], timeout)
            for key, _ in selector.select(min(left, 1.0)):
                if key.fd == write_in:
                    try:
                        data = data[os.write(write_in, data[:65536]):]
                    except BrokenPipeError:
                        data = b""
                    if not data:
                        selector.unregister(write_in)
                        os.close(write_in)
                    continue
                chunk = os.read(key.fd, 65536)
                if chunk:
                    chunks[key.fd].append(chunk)
                else:
                    selector.unregister(key.fd)
                    os.close(key.fd)
    _, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    return subprocess.CompletedProcess([sys.executable, "-m", module, *argv], code,
                                       _text(b"".join(chunks[read_out])), _text(b"".join(chunks[read_err])))


def new_interpreter(module: str, args: list[str], *, cwd=None, env: dict | None = None, input: str | None = None,
                    timeout: float = 300) -> subprocess.CompletedProcess:
    """`python -m module *args` in a new interpreter, as a user starts it (what `run_module` stands in for)."""
    return subprocess.run([sys.executable, "-m", module, *map(str, args)], cwd=cwd, env=env, input=input,
                          capture_output=True, text=True, timeout=timeout)


def _text(data: bytes) -> str:
    """Bytes read as `subprocess.run(text=True)` reads them (universal newlines)."""
    return data.decode("utf-8", errors="strict").replace("\r\n", "\n").replace("\r", "\n")


def _kill(pid: int) -> None:
    for kill in (lambda: os.killpg(pid, signal.SIGKILL), lambda: os.kill(pid, signal.SIGKILL)):
        try:
            kill()
        except ProcessLookupError:
            pass
    os.waitpid(pid, 0)


def _child(module: str, argv: list[str], cwd, env: dict | None, ours: tuple, theirs: tuple) -> None:
    """In the forked child: the streams, folder, environment and argv of `python -m module`, then its
    `__main__`; ends with os._exit (the test process's atexit hooks and fixtures never run here)."""
    code = 1
    try:
        os.setpgid(0, 0)  # its own process group, so a timeout kills whatever it started too
        for fd in theirs:
            os.close(fd)
        for fd, target in zip(ours, (0, 1, 2)):
            os.dup2(fd, target)
            os.close(fd)
        for number, handler in FRESH_HANDLERS.items():
            signal.signal(number, handler)
        signal.alarm(0)
        if cwd is not None:
            os.chdir(cwd)
        if env is not None:
            os.environ.clear()
            os.environ.update(env)
        os.environ.pop("PYTEST_CURRENT_TEST", None)
        _fresh_interpreter_state()
        sys.stdin = io.TextIOWrapper(io.FileIO(0, "r", closefd=False), encoding="utf-8")
        sys.stdout = io.TextIOWrapper(io.FileIO(1, "w", closefd=False), encoding="utf-8", write_through=False)
        sys.stderr = io.TextIOWrapper(io.FileIO(2, "w", closefd=False), encoding="utf-8",
                                      errors="backslashreplace", line_buffering=True)
        sys.__stdin__, sys.__stdout__, sys.__stderr__ = sys.stdin, sys.stdout, sys.stderr
        import runpy
        sys.argv = [module, *argv]
        try:
            runpy.run_module(module, run_name="__main__", alter_sys=True)
            code = 0
        except SystemExit as exc:
            code = _exit_status(exc.code)
        except BaseException:  # noqa: BLE001 - as the interpreter does: the traceback on stderr, status 1
            traceback.print_exc()
            code = 1
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:  # noqa: BLE001 - a closed pipe: nothing more to say
                pass
    finally:
        os._exit(code)


def _fresh_interpreter_state() -> None:
    """Undo what pytest and the tests set in this process: pytest's import hook (which rewrites the asserts
    of test files and plugins, symcheck's included), its warning filters (back to Python's defaults), its log
    capture (a fresh root logger) and its fault handler; the limit on integer digits in str(), the recursion
    limit and the blocked signals, as a new interpreter starts with them."""
    import faulthandler
    import logging
    import warnings
    faulthandler.disable()
    sys.meta_path[:] = [finder for finder in sys.meta_path if type(finder).__module__ != "_pytest.assertion.rewrite"]
    warnings.resetwarnings()
    warnings.filterwarnings("default", category=DeprecationWarning, module="__main__")
    for category in (DeprecationWarning, PendingDeprecationWarning, ImportWarning, ResourceWarning):
        warnings.simplefilter("ignore", category, append=True)
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
    root.setLevel(logging.WARNING)
    # the interpreter's own settings, which a test may have changed in this process
    digits = sys.flags.int_max_str_digits
    sys.set_int_max_str_digits(digits if digits >= 0 else 4300)
    sys.setrecursionlimit(1000 + _depth())  # the frames of the test process beneath the command do not count
    signal.pthread_sigmask(signal.SIG_SETMASK, [])


def _depth() -> int:
    frame, depth = sys._getframe(), 0
    while frame is not None:
        frame, depth = frame.f_back, depth + 1
    return depth


def _exit_status(value) -> int:
    """The exit status `sys.exit(value)` gives a process."""
    if value is None:
        return 0
    if isinstance(value, int):
        return value & 0xFF
    try:
        sys.stderr.write(f"{value}\n")
        sys.stderr.flush()
    except Exception:  # noqa: BLE001
        pass
    return 1
