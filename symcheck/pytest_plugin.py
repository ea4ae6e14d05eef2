"""pytest plugin (a `pytest11` entry point): every claim in the claims folder becomes a test item.

An item passes when its claim's `expect` is met; a failure shows the verdict, the
counterexample and the source. Claims are decided in parallel worker processes the
first time one of them runs, then each item reports its own result.
Settings: ini `symcheck_claims` (folders, default `claims`), `--symcheck-timeout`,
`--symcheck-jobs`.

Known gaps: a claim whose `expect` is the truth but which symcheck cannot yet
decide may be listed, with the reason, in a `KNOWN_GAPS.txt` beside the claim
files (`file.py::claim name  # why`; symcheck.known_gaps). Its item is an expected
failure (xfail) until the gap is closed; an entry whose claim now meets its expect
fails its item (strict xfail: "XPASS: known gap now decided — remove it from ..."),
so the list only shrinks; a list holding the line `# strict: no` (the cookbook
benchmark's) turns that failure into a warning. Known gaps are decided with the
shorter `--symcheck-gap-timeout` (default 0.5 s): they are expected to end unknown, and almost
all of them run out whatever time they get (the refuter finds nothing against a true claim),
so a longer allowance only costs the test run time. `symcheck run` tries each gap for the full
`--timeout` and reports one that is now decided.

With pytest-xdist (`pytest -n auto`) every claim item goes to one worker (the xdist
group "symcheck-claims"; the plugin turns the default "load" scheduling into
"loadgroup"), which decides them in one parallel batch while the other workers run
the unit tests; under another --dist mode each worker decides one file at a time.

Every proof is also handed to the independent certificate checker (symcheck.certify):
a proved claim whose certificate is missing or rejected fails its item
(`--symcheck-no-certificates` skips this).

The pytest process never imports a claim file: collection imports each file in a
worker that lists its claims (symcheck.runner.inspect_claim_file; under pytest-xdist the
controller lists the claim files of the run once, in parallel, and hands the lists to every
worker, which would otherwise each import every file again to collect the same items), and the claims
are decided in workers that import their file again (symcheck.runner.run_claim_files),
so a file that hangs, exits or forks at import is one failing `<import>` item.
"""
from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pytest

from .known_gaps import KnownGaps, xpass_message
from .report.text import format_result
from .loader import ClaimInfo, find_claim_files
from .runner import FileInfo, file_error_result, inspect_claim_file, inspect_claim_files, run_claim_files


def pytest_addoption(parser):
    """The plugin's ini option and flags."""
    parser.addini("symcheck_claims", "folders whose *.py files are symcheck claim files", type="args",
                  default=["claims"])
    group = parser.getgroup("symcheck")
    group.addoption("--symcheck-timeout", type=float, default=10.0, help="seconds per claim (default 10)")
    group.addoption("--symcheck-jobs", type=int, default=os.cpu_count() or 1, help="claims decided in parallel")
    group.addoption("--symcheck-gap-timeout", type=float, default=0.5,
                    help="seconds per known-gap claim (default 0.5; never more than --symcheck-timeout)")
    group.addoption("--symcheck-no-certificates", action="store_true",
                    help="do not check the certificate of every proof")


CLAIMS_GROUP = "symcheck-claims"  # the pytest-xdist group that keeps every claim item on one worker
INSPECTED = "symcheck_inspected"  # workerinput: {file: {"stamp": [mtime_ns, size], "claims": [ClaimInfo JSON]}}


def pytest_configure(config):
    """Register the plugin's marker; under pytest-xdist keep the claim items on one worker."""
    config.addinivalue_line("markers", "known_gap: a claim listed in KNOWN_GAPS.txt (an expected failure, strict)")
    # pytest-xdist (`-n N`): its default scheduling ("load") would hand claim items to every worker, and
    # each would decide the whole batch; "loadgroup" sends the items of one xdist_group to one worker.
    if getattr(config.option, "numprocesses", None) and getattr(config.option, "dist", "no") == "load":
        config.option.dist = "loadgroup"
    # A worker parses the command line again (`-n 2` alone means "load" there): the controller says it chose
    # "loadgroup" (pytest_configure_node), so that xdist names the worker's grouped items for the scheduler.
    if _in_xdist_worker(config) and config.workerinput.get("symcheck_loadgroup"):
        config.option.loadgroup = True


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node):
    """pytest-xdist, in the controller: tell each worker whether the claims are scheduled as one group, and
    hand it the claims of the run's claim files, listed once here for every worker."""
    node.workerinput["symcheck_loadgroup"] = node.config.getoption("dist", "no") == "loadgroup"
    node.workerinput[INSPECTED] = _inspected_for_workers(node.config)


def _inspected_for_workers(config) -> dict:
    """{file: {"stamp", "claims"}} of the claim files the run's arguments reach (each imported in a worker,
    in parallel; a file that fails to import is left out, for the worker to report), computed once."""
    listed = getattr(config, "_symcheck_inspected", None)
    if listed is None:
        files = [str(f) for f in _claim_files_of_the_run(config)]
        infos = inspect_claim_files(files, timeout=config.getoption("symcheck_timeout"),
                                    jobs=config.getoption("symcheck_jobs"))
        listed = config._symcheck_inspected = {
            info.file: {"stamp": _stamp(Path(info.file)), "claims": [dataclasses.asdict(c) for c in info.claims]}
            for info in infos if info.error is None}
    return listed


def _claim_files_of_the_run(config) -> list[Path]:
    """The claim files under the run's arguments (or testpaths): a claims folder an argument holds, or the
    part of a claims folder an argument names."""
    roots: set[Path] = set()
    here = Path(str(config.invocation_params.dir))
    for arg in config.args:
        path = (here / arg.split("::", 1)[0]).resolve()
        for folder in _claim_folders(config):
            if not folder.is_dir():
                continue
            if path == folder or path in folder.parents:
                roots.add(folder)
            elif folder in path.parents and path.exists():
                roots.add(path)
    try:
        return sorted({f.resolve() for f in find_claim_files([str(r) for r in sorted(roots)])
                       if f.name != "__init__.py"})
    except FileNotFoundError:
        return []


def _stamp(path: Path) -> list[int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return [stat.st_mtime_ns, stat.st_size]


def _listed_by_the_controller(config, path: Path) -> FileInfo | None:
    """The file's claims as the xdist controller listed them, when it did and the file has not changed since."""
    listed = getattr(config, "workerinput", {}).get(INSPECTED) or {}
    entry = listed.get(str(path.resolve()))
    if not isinstance(entry, dict) or entry.get("stamp") != _stamp(path):
        return None
    try:
        return FileInfo(str(path), [ClaimInfo.from_json(c) for c in entry["claims"]])
    except (KeyError, TypeError, ValueError):
        return None


def _in_xdist_worker(config) -> bool:
    return hasattr(config, "workerinput")


def _claims_kept_together(config) -> bool:
    """True when this process runs every claim item it collected (no xdist, or xdist's loadgroup)."""
    return not _in_xdist_worker(config) or bool(config.getvalue("loadgroup"))


def _claim_folders(config) -> list[Path]:
    root = Path(str(config.rootpath))
    return [(root / folder).resolve() for folder in config.getini("symcheck_claims")]


def pytest_collect_file(file_path: Path, parent):
    """A ClaimFile for each .py file under a claims folder."""
    if file_path.suffix != ".py" or file_path.name == "__init__.py":
        return None
    resolved = file_path.resolve()
    if any(folder in resolved.parents for folder in _claim_folders(parent.config)):
        return ClaimFile.from_parent(parent, path=file_path)
    return None


class ClaimFailure(Exception):
    """A claim item's failure, shown as its text (no traceback)."""

    def __init__(self, text: str):
        super().__init__(text)
        self.text = text


class ClaimFile(pytest.File):
    """A claim file: one item per claim (listed by a worker that imports it), or one `<import>` item."""

    def collect(self):
        """One item per claim, listed by a worker that imports the file (or one `<import>` item)."""
        info = _listed_by_the_controller(self.config, self.path) or \
            inspect_claim_file(self.path, timeout=self.config.getoption("symcheck_timeout"))
        if info.error is not None:
            yield ClaimItem.from_parent(self, name="<import>", claim=None, load_error=info.error)
        gaps = KnownGaps()
        for claim in info.claims:
            item = ClaimItem.from_parent(self, name=claim.name, claim=claim, load_error=None)
            item.known_gap = gaps.lookup(self.path, claim.name)
            if item.known_gap is not None:
                item.add_marker(pytest.mark.known_gap)
            if _in_xdist_worker(self.config):
                item.add_marker(pytest.mark.xdist_group(CLAIMS_GROUP))
            yield item


class ClaimItem(pytest.Item):
    """One claim; `claim` is its symcheck.loader.ClaimInfo (the file is never imported in this process)."""

    def __init__(self, *, claim, load_error, **kwargs):
        super().__init__(**kwargs)
        self.claim = claim
        self.load_error = load_error
        self.known_gap = None  # a symcheck.known_gaps.Gap when the claim is listed in KNOWN_GAPS.txt

    def runtest(self):
        """Pass when the claim meets its expect and its proof's certificate is accepted (known gaps: strict xfail)."""
        if self.load_error is not None:  # a claim file that does not import always fails
            raise ClaimFailure(format_result(self.load_error, verbose=True))
        result = _batch(self.session, self).get(self.nodeid)
        if result is None:  # not in the batch (e.g. collected late): decide it alone
            result = _decide_items(self.config, [self])[self.nodeid]
        self.user_properties.append(("symcheck_status", result.status))
        if not result.ok and self.known_gap is not None:
            pytest.xfail(f"known gap: {self.known_gap.reason}")
        if not result.ok:
            raise ClaimFailure(format_result(result, verbose=True))
        certificate = result.extras.get("certificate")
        if certificate is not None and certificate != "accepted":
            raise ClaimFailure(format_result(result) + f"\n      but its certificate is {certificate}")
        if self.known_gap is not None:  # strict: a known gap that passes fails, so the list only shrinks
            if not self.known_gap.strict:
                self.warn(pytest.PytestWarning(xpass_message(self.known_gap)))
                return
            raise ClaimFailure(format_result(result) + "\n      " + xpass_message(self.known_gap))

    def repr_failure(self, excinfo):
        """The failure as the claim's report, not a traceback."""
        if isinstance(excinfo.value, ClaimFailure):
            return excinfo.value.text
        return super().repr_failure(excinfo)

    def reportinfo(self):
        """The claim file, the claim's line and its name."""
        return self.path, self.claim.line if self.claim else None, f"claim: {self.name}"


def _decide_items(config, items) -> dict:
    """Decide the items' claims in workers, in parallel, each file imported once; known gaps with the shorter
    gap timeout, in the same pass as the others (no second import of their files, no wait between the two)."""
    timeout = config.getoption("symcheck_timeout")
    gap_timeout = min(timeout, config.getoption("symcheck_gap_timeout"))
    by_file: dict[str, list] = {}
    for item in items:
        by_file.setdefault(str(item.path), []).append(item)
    files = list(by_file)

    def select(info: FileInfo) -> list[int]:
        """The collected claims, found again by position and name (a file that changed since is an error)."""
        wanted = by_file[info.file]
        return [item.claim.index for item in wanted
                if item.claim.index < len(info.claims) and info.claims[item.claim.index].name == item.claim.name]

    gaps = {(str(item.path), item.claim.index) for item in items if item.known_gap is not None}

    def claim_timeout(info: FileInfo, index: int) -> float:
        return gap_timeout if (info.file, index) in gaps else timeout

    decided = run_claim_files(files, timeout=timeout, jobs=config.getoption("symcheck_jobs"), select=select,
                              claim_timeout=claim_timeout,
                              check_certificates=not config.getoption("symcheck_no_certificates"))
    out = {}
    for file, (info, results) in zip(files, decided):
        path = Path(file)
        shown = str(path.relative_to(config.rootpath)) if path.is_relative_to(config.rootpath) else file
        for item in by_file[file]:
            result = results.get(item.claim.index) or info.error or \
                file_error_result(file, f"claim {item.claim.name!r} is no longer where it was in the file")
            result.file = shown
            out[item.nodeid] = result
    return out


def _batch(session, item) -> dict:
    """The results of the session's claim items, decided in parallel batches: all at once the first time
    one runs, or (in an xdist worker that may not run them all) the items of `item`'s file at a time."""
    cache = getattr(session, "_symcheck_results", None)
    if cache is None:
        cache = session._symcheck_results = {}
    if item.nodeid not in cache:
        pending = [i for i in session.items if isinstance(i, ClaimItem) and i.claim is not None
                   and i.nodeid not in cache]
        if not _claims_kept_together(session.config):
            pending = [i for i in pending if i.path == item.path]
        cache.update(_decide_items(session.config, pending))
    return cache
