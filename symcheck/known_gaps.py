"""Known gaps: claims whose `expect` is the truth but which symcheck cannot decide yet (like pytest's xfail).

A folder of claim files may hold a `KNOWN_GAPS.txt`, one line per gap:

    file.py::claim name  # why symcheck cannot decide it yet

(blank lines and lines starting with `#` are ignored, except the line `# strict: no`, below).
The file that applies to a claim
is the one in the claim file's own folder: `claims/sub/x.py` is looked up in
`claims/sub/KNOWN_GAPS.txt` as `x.py::name`, whatever path the run was given.

A listed claim whose result is not ok is an expected failure: it keeps `ok: false` (the
contract's meaning) but does not fail `symcheck run` or the tests. A listed claim that
now meets its `expect` has been decided: it is reported loudly (XPASS), so the line is
removed and the list only shrinks. Under pytest an XPASS fails its item (strict), unless
the list holds the line `# strict: no`: then it passes with a warning naming the entry
(for a benchmark's list, whose slow claims may be decided on a fast machine only). Used by `symcheck run` (cli/run.py) and the pytest
plugin.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

KNOWN_GAPS_FILE = "KNOWN_GAPS.txt"
XPASS_MESSAGE = "XPASS: known gap now decided — remove it from"


def read_known_gaps(folder: str | Path) -> dict[str, str]:
    """The `file.py::claim name  # reason` lines of `folder`'s KNOWN_GAPS.txt, as {key: reason} ({} if none)."""
    path = Path(folder) / KNOWN_GAPS_FILE
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return {}
    gaps = {}
    for line in text.splitlines():
        if line.lstrip().startswith("#"):
            continue
        key, _, reason = line.partition("#")
        if key.strip():
            gaps[key.strip()] = reason.strip() or "known gap"
    return gaps


STRICT_NO = "# strict: no"  # a KNOWN_GAPS.txt line: an XPASS of this list warns instead of failing (pytest)


def read_strictness(folder: str | Path) -> bool:
    """False when `folder`'s KNOWN_GAPS.txt holds the line `# strict: no`; True otherwise (or with no list)."""
    try:
        text = (Path(folder) / KNOWN_GAPS_FILE).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return True
    return not any(line.strip().lower() == STRICT_NO for line in text.splitlines())


def gap_key(file: str | Path, name: str) -> str:
    """The key of a claim in its folder's KNOWN_GAPS.txt: `file.py::claim name`."""
    return f"{Path(file).name}::{name}"


def gaps_file(file: str | Path) -> Path:
    """The KNOWN_GAPS.txt that applies to the claims of `file` (in the same folder; it may not exist)."""
    return Path(file).parent / KNOWN_GAPS_FILE


@dataclass(frozen=True)
class Gap:
    """A claim listed as a known gap: its key, the reason given, and the list it is in."""

    key: str
    reason: str
    listed_in: Path
    strict: bool = True   # an XPASS fails its pytest item (False: `# strict: no` in the list: a warning)


class KnownGaps:
    """The known gaps of every folder asked about (each KNOWN_GAPS.txt read once)."""

    def __init__(self):
        self._folders: dict[Path, dict[str, str]] = {}
        self._strict: dict[Path, bool] = {}

    def lookup(self, file: str | Path, name: str) -> Gap | None:
        """The gap entry of claim `name` of claim file `file`, or None when it is not listed."""
        folder = Path(file).parent
        key = gap_key(file, name)
        reason = self.entries(folder).get(key)
        if reason is None:
            return None
        if folder not in self._strict:
            self._strict[folder] = read_strictness(folder)
        return Gap(key, reason, gaps_file(file), self._strict[folder])

    def entries(self, folder: str | Path) -> dict[str, str]:
        """Every entry of `folder`'s list (read once)."""
        folder = Path(folder)
        if folder not in self._folders:
            self._folders[folder] = read_known_gaps(folder)
        return self._folders[folder]


def stale_entries(results) -> list[str]:
    """Entries of the lists that apply to the run's claim files that name none of their claims.

    `results` are the run's results (with `file` and `name`); only files whose claims were
    all reported (that imported) are judged, so nothing is called stale for a file that failed.
    """
    claims: dict[Path, set[str]] = {}
    broken = set()
    for r in results:
        path = Path(r.file)
        if r.name == "<file>":
            broken.add(path)
        else:
            claims.setdefault(path, set()).add(r.name)
    gaps = KnownGaps()
    out = []
    for folder in sorted({p.parent for p in claims}):
        ran = {p.name: p for p in claims if p.parent == folder and p not in broken}
        for key in gaps.entries(folder):
            file_name, _, name = key.partition("::")
            if file_name in ran and name not in claims[ran[file_name]]:
                out.append(f"{folder / KNOWN_GAPS_FILE} lists {key!r}, which is no claim of {ran[file_name]}")
    return out


def xpass_message(gap: Gap) -> str:
    """The loud line for a known gap whose claim now meets its expect."""
    return f"{XPASS_MESSAGE} {gap.listed_in}: {gap.key}"


__all__ = ["KNOWN_GAPS_FILE", "XPASS_MESSAGE", "Gap", "KnownGaps", "read_known_gaps", "read_strictness", "STRICT_NO", "gap_key", "gaps_file",
           "stale_entries", "xpass_message"]
