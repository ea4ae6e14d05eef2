"""`symcheck serve [--host 127.0.0.1] [--port 8000]`: the local web page (docs/web.md).

Pages to check a derivation, check an answer and grade a class, over a JSON API with
the documents of `verify --json` / `check --json`. Bound to this machine by default;
any other address is reachable by others and there is no authentication, which is
said on stderr. The web stack (Starlette, uvicorn, Jinja2) is imported only here, when
the command runs, so `symcheck --help` and the other commands do not load it.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

from .common import UsageError, default_jobs, positive_float, positive_int

LOCAL_ADDRESSES = ("127.0.0.1", "localhost", "::1")


def default_data_folder() -> str:
    """Where uploads and the grading store live: $XDG_DATA_HOME/symcheck/serve (~/.local/share/...)."""
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    return os.path.join(base, "symcheck", "serve")


def add_arguments(parser) -> None:
    """The options of `symcheck serve`."""
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine)")
    parser.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    parser.add_argument("--data", metavar="DIR", default=None,
                        help=f"folder for uploads and the grading store (default {default_data_folder()})")
    parser.add_argument("--db", metavar="FILE", help="the grading store (default DIR/grades.sqlite); the same file "
                                                     "`symcheck grade --db` uses can be shared")
    parser.add_argument("--jobs", type=positive_int, default=default_jobs(), metavar="N",
                        help="worker processes per check (default: 2 or the number of cores)")
    parser.add_argument("--timeout", type=positive_float, metavar="SECONDS",
                        help="time limit per derivation step, answer and graded answer "
                             "(default: as verify, check and grade: 8, 10 and 5 s)")


def is_local(host: str) -> bool:
    """True for the loopback names: nobody else can reach the server."""
    return host in LOCAL_ADDRESSES or host.startswith("127.")


def run(args) -> int:
    """Serve the web page until interrupted (the web stack is imported only here)."""
    try:
        import uvicorn

        from ..web.app import LOCAL_HOSTS, create_app
    except ImportError as exc:
        raise UsageError(f"the web page needs the web extra: pip install 'symcheck[web]' ({exc})") from None
    if not 1 <= args.port <= 65535:
        raise UsageError("--port must be between 1 and 65535")
    data = Path(args.data or default_data_folder())
    try:
        data.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"cannot use {data} for uploads: {exc.strerror or exc}") from None
    local = is_local(args.host)
    if not local:
        sys.stderr.write(f"warning: listening on {args.host}, reachable from other machines; symcheck serve has "
                         "no authentication: anyone who can reach it can run checks and read grading results\n")
    app = create_app(data=data, db=args.db, jobs=args.jobs, verify_timeout=args.timeout,
                     check_timeout=args.timeout, grade_timeout=args.timeout,
                     allowed_hosts=LOCAL_HOSTS if local else None)
    shown = f"[{args.host}]" if ":" in args.host else args.host
    sys.stderr.write(f"symcheck serve: http://{shown}:{args.port}/  (uploads and grades in {data}; Ctrl-C to stop)\n")
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning", access_log=False)
    return 0
