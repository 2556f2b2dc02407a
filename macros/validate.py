"""The validation step: load every data file, validate it, run the cross-file checks.

The build (hooks/generate.py, macros/__init__.py), `make lint` and the tests call
`site_data()` (cached) or `load_site_data()`; either raises one DataError listing
every problem. Loading one file (macros/loader.py) knows nothing of the checks;
the checks register themselves (macros/crosscheck.py) in the modules imported below.

Between rebuilds (`mkdocs serve`) only changed files are parsed again, and a
cross-file check runs again only when a file of a kind it reads changed.

python -m macros.validate                 # everything under data/, with cross-file checks
python -m macros.validate FILE [FILE...]  # only these files (no cross-file checks)
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

# Every module that registers cross-file checks (importing it registers them):
from . import crosscheck, diskcache
from .checker import selftest  # noqa: F401  在线自查 rules: ids, part synonyms, every rule on its examples
from .errors import DataError, Problem
from .loader import (
    PROJECT_ROOT,
    FileCache,
    Record,
    SiteData,
    default_data_dir,
    files_of,
    load_file,
    load_kinds,
    rel_path,
    unknown_files,
)
from .registry import KINDS
from .reports import checks  # noqa: F401  streets and samples (范文)

_KIND = {k.name: k for k in KINDS}


@dataclass
class Cache:
    """What depends only on unchanged files: per-file results and per-check results."""

    files: FileCache = field(default_factory=dict)
    checks: dict[str, tuple[tuple, list[Problem]]] = field(default_factory=dict)


def load_site_data(data_dir: Path | None = None, cache: Cache | None = None) -> SiteData:
    """Load and validate everything; raise DataError listing every problem."""
    data_dir = Path(data_dir or default_data_dir()).resolve()
    cache = cache if cache is not None else Cache()
    site, problems = load_kinds(data_dir, KINDS, cache.files)
    problems = list(unknown_files(data_dir, data_dir.parent)) + problems
    if not problems:  # cross-file checks need every file to be valid first
        for check in crosscheck.CHECKS:
            key = tuple(cache.files[str(p)][0] for k in check.reads for p in files_of(data_dir, _KIND[k]))
            hit = cache.checks.get(check.name)
            if hit and hit[0] == key:
                found = hit[1]
            else:
                found = crosscheck.run(site, [check])
                cache.checks[check.name] = (key, found)
            problems.extend(found)
    if problems:
        raise DataError(problems)
    return site


# One cache per data folder: `mkdocs serve` re-reads only what changed, and a build
# reads each file once however many hooks and macros ask for the data.
_caches: dict[str, Cache] = {}
_latest: dict[str, tuple[tuple, SiteData]] = {}


def _fingerprint(data_dir: Path) -> tuple:
    """Name, size and mtime of every file under data_dir (asked once per page: kept cheap)."""
    out, todo = [], [str(data_dir)]
    while todo:
        with os.scandir(todo.pop()) as entries:
            for e in entries:
                if e.is_dir(follow_symlinks=False):
                    todo.append(e.path)
                else:
                    st = e.stat()
                    out.append((e.path, st.st_size, st.st_mtime_ns))
    return tuple(sorted(out))


def site_data(data_dir: Path | None = None) -> SiteData:
    """The validated data, loaded again only when a file under data/ changed."""
    data_dir = Path(data_dir or default_data_dir()).resolve()
    key = _fingerprint(data_dir)
    latest = _latest.get(str(data_dir))
    if latest and latest[0] == key:
        return latest[1]
    cache = _caches.setdefault(str(data_dir), Cache())
    if cache.files:  # a rebuild in this process: only what changed is read again
        site = load_site_data(data_dir, cache)
    else:  # the first load: an earlier build may have validated the same inputs
        key_ = diskcache.inputs_key(data_dir)
        # with the per-file cache, so that a rebuild after a hit still reads only what changed
        site, _caches[str(data_dir)] = diskcache.cached(
            diskcache.cache_dir(data_dir), "data", key_, lambda: (load_site_data(data_dir, cache), cache)
        )
    _latest[str(data_dir)] = (key, site)
    return site


def check_replacement(path: Path, text: str, data_dir: Path | None = None) -> list[Problem]:
    """The problems the build would report if the data file `path` held `text`, the rest
    of data/ being as it is: that file is validated, then the checks that read its kind."""
    data_dir = Path(data_dir or default_data_dir()).resolve()
    site = site_data(data_dir)
    path = path.resolve()
    kind = next(k for k in KINDS if path in files_of(data_dir, k))
    result = load_file(kind, path, rel_path(path, data_dir.parent), data_dir, text=text)
    if not isinstance(result, Record):
        return result
    records = {k: [result if r.rel == result.rel else r for r in recs] for k, recs in site.records.items()}
    changed = SiteData(root=site.root, records=records)
    return crosscheck.run(changed, [c for c in crosscheck.CHECKS if kind.name in c.reads])


def validate_files(paths: list[Path]) -> list:
    data_dir = PROJECT_ROOT / "data"
    problems = []
    for path in paths:
        path = path.resolve()
        kind = next((k for k in KINDS if path in {p.resolve() for p in data_dir.glob(k.pattern)}), None)
        if kind is None:
            print(f"{path}: 不是 data/ 下已知类型的数据文件", file=sys.stderr)
            problems.append(path)
            continue
        result = load_file(kind, path, rel_path(path, PROJECT_ROOT), data_dir)
        if not isinstance(result, Record):
            problems.extend(result)
    return problems


def main(argv: list[str]) -> int:
    try:
        if argv:
            found = validate_files([Path(a) for a in argv])
            problems = [p for p in found if not isinstance(p, Path)]
            if problems:
                raise DataError(problems)
            if found:  # files that are not data files (already named on stderr)
                return 1
        else:
            load_site_data()
    except DataError as e:
        print(e, file=sys.stderr)
        return 1
    print("数据文件全部通过校验。")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
