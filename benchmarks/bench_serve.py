"""Benchmark: `symcheck serve` re-checking a 20-step derivation after a one-step edit. Reports; asserts nothing.

    python benchmarks/bench_serve.py [--jobs N] [--timeout S] [--edits K]

Starts `symcheck serve` on a free local port (a fresh data folder), then over HTTP:
1. POST /api/verify with benchmarks/serve/twenty_steps.md (20 steps): the first check;
2. for each of K edits, the same text with one step changed (a different step each time,
   right or wrong), then the original text again: the re-checks. Unchanged steps come from
   the server's obligation cache; the edited step is decided in a worker.
Prints the wall-clock time of every request as the page sees it, and how many obligations
were answered from the cache (the x-symcheck-cached header).
"""
from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
TEXT = open(os.path.join(HERE, "serve", "twenty_steps.md"), encoding="utf-8").read()
EDITS = [   # (what the step says, what the edit makes it say)
    (r"$$(A B)^T = B^T A^T$$", r"$$(A B)^T = A^T B^T$$"),
    (r"$$\operatorname{tr}(A^T) = \operatorname{tr}(A)$$", r"$$\operatorname{tr}(A^T B) = \operatorname{tr}(B^T A)$$"),
    (r"$$\|X w\|^2 = w^T X^T X w$$", r"$$\|X w\|^2 = w^T X X^T w$$"),
    (r"$$w^T A w = w^T A^T w$$", r"$$w^T A w = 2 w^T A^T w$$"),
    (r"$$(A^T)^T + B = A + B$$", r"$$(A^T)^T + B^T = A + B$$"),
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def post(url: str, text: str) -> tuple[float, dict, dict]:
    body = json.dumps({"text": text}).encode()
    request = urllib.request.Request(url + "/api/verify", data=body, headers={"Content-Type": "application/json"})
    start = time.monotonic()
    with urllib.request.urlopen(request, timeout=600) as response:
        doc = json.loads(response.read())
        headers = dict(response.headers)
    return time.monotonic() - start, doc, headers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=8.0)
    parser.add_argument("--edits", type=int, default=len(EDITS))
    args = parser.parse_args()
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as data:
        env = dict(os.environ, PYTHONPATH=os.pathsep.join([os.path.dirname(HERE), os.environ.get("PYTHONPATH", "")]))
        server = subprocess.Popen([sys.executable, "-m", "symcheck", "serve", "--port", str(port), "--data", data,
                                   "--jobs", str(args.jobs), "--timeout", str(args.timeout)],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        try:
            for _ in range(600):
                try:
                    urllib.request.urlopen(url + "/static/favicon.svg", timeout=1).close()
                    break
                except OSError:
                    time.sleep(0.2)
            seconds, doc, headers = post(url, TEXT)
            print(f"cores: {os.cpu_count()}, jobs: {args.jobs}, step time limit: {args.timeout:g} s")
            print(f"first check      {len(doc['steps']):>3} steps  {seconds:6.2f} s   "
                  f"({headers.get('x-symcheck-obligations')} obligations, {headers.get('x-symcheck-cached')} cached)  "
                  + "".join(s["symbol"] for s in doc["steps"]))
            first = seconds
            rechecks: dict = {"one step edited": [], "edit undone": []}
            for old, new in EDITS[:args.edits]:
                assert old in TEXT, old
                for label, text in (("one step edited", TEXT.replace(old, new)), ("edit undone", TEXT)):
                    seconds, doc, headers = post(url, text)
                    rechecks[label].append(seconds)
                    print(f"{label:<16} {len(doc['steps']):>3} steps  {seconds:6.2f} s   "
                          f"({headers.get('x-symcheck-obligations')} obligations, "
                          f"{headers.get('x-symcheck-cached')} cached)  " + "".join(s["symbol"] for s in doc["steps"]))
            edited, undone = rechecks["one step edited"], rechecks["edit undone"]
            print(f"without the cache every re-check is a first check: {first:.2f} s")
            print(f"re-check after a one-step edit: median {statistics.median(edited):.2f} s, max {max(edited):.2f} s "
                  f"({len(edited)} edits); after undoing it: median {statistics.median(undone):.2f} s")
        finally:
            server.terminate()
            server.wait(10)


if __name__ == "__main__":
    main()
