"""Results that depend only on the data, the code and the date, kept on disk between builds.

A build validates every data file, runs the cross-file checks and generates the Word files
and scripts; none of it changes unless a file under data/, macros/ or hooks/ changes, a
package is upgraded or the date moves on (the time facts are checked against today). So the
result is stored in .cache/handbook/<name>-<key>.pickle, where the key is a hash of all of
those, and the next build with the same inputs loads it instead of redoing the work.

Only results of successful work are stored: bad data always fails the build with its
message. HANDBOOK_NO_CACHE=1 turns the cache off. The files are written by this build
only (.cache/ is not in the repository), so unpickling them is safe.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

CODE_DIRS = (Path(__file__).resolve().parent, Path(__file__).resolve().parent.parent / "hooks")
PACKAGES = ("pydantic", "pydantic-core", "python-docx", "jieba", "PyYAML", "Jinja2", "lxml")
KEEP = 3  # entries kept per name: a few recent states of the data, bounded disk use


def _files(root: Path):
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        for name in sorted(filenames):
            yield Path(dirpath, name)


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "-"


def inputs_key(data_dir: Path, kinds: tuple[str, ...] | None = None) -> str:
    """Hash of every input a cached result may depend on (a few ms: the data is small);
    with `kinds`, of the data files of those kinds only (and the code)."""
    h = hashlib.sha256()
    h.update(str(data_dir.resolve()).encode())  # the data keeps its absolute paths
    h.update(dt.date.today().isoformat().encode())
    h.update(os.environ.get("HANDBOOK_OFFLINE", "").encode())
    h.update(" ".join(_version(p) for p in PACKAGES).encode())
    for root in (data_dir, *CODE_DIRS):
        for path in _files(root):
            if root == data_dir and kinds is not None and not _of_kinds(path, data_dir, kinds):
                continue
            h.update(str(path.relative_to(root)).encode() + b"\0")
            h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()[:32]


def _of_kinds(path: Path, data_dir: Path, kinds: tuple[str, ...]) -> bool:
    from .registry import KINDS

    rel = path.relative_to(data_dir)
    return any(k.name in kinds and rel.match(k.pattern) for k in KINDS)


_build_keys: dict[str, str] = {}


def begin_build(data_dir: Path) -> str:
    """Hash the inputs once at the start of a build (each `mkdocs serve` rebuild too)."""
    key = _build_keys[str(data_dir.resolve())] = inputs_key(data_dir)
    return key


def build_key(data_dir: Path) -> str:
    """The inputs key of the current build."""
    return _build_keys.get(str(data_dir.resolve())) or begin_build(data_dir)


def enabled() -> bool:
    return os.environ.get("HANDBOOK_NO_CACHE") != "1"


def cache_dir(data_dir: Path) -> Path:
    return data_dir.resolve().parent / ".cache" / "handbook"


def cached(cache_dir: Path, name: str, key: str, make: Callable[[], T]) -> T:
    """make(), or its result from an earlier build with the same key."""
    if not enabled():
        return make()
    path = cache_dir / f"{name}-{key}.pickle"
    try:
        with path.open("rb") as f:
            return pickle.load(f)
    except FileNotFoundError:
        pass
    except Exception:  # a truncated or stale file: redo the work and overwrite it
        path.unlink(missing_ok=True)
    value = make()
    _store(cache_dir, path, name, value)
    return value


def _store(cache_dir: Path, path: Path, name: str, value) -> None:
    tmp = None
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=cache_dir, suffix=".tmp", delete=False) as f:
            tmp = Path(f.name)
            pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)  # atomic: a parallel build never reads half a file
        tmp = None
        old = sorted(cache_dir.glob(f"{name}-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
        for stale in old[KEEP:]:
            stale.unlink(missing_ok=True)
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        pass  # a read-only checkout, or a value that can't be stored: the build goes on uncached
    finally:
        if tmp is not None:
            tmp.unlink(missing_ok=True)


class Memo:
    """Results of a pure function of one text (a page's HTML, a search entry), by the text's
    hash, kept on disk per inputs key: a build whose data and code are unchanged looks up
    the pages that did not change instead of redoing them."""

    def __init__(self, name: str):
        self.name = name
        self.path: Path | None = None
        self.values: dict[bytes, object] = {}
        self.dirty = False

    def bind(self, data_dir: Path, key: str) -> None:
        """Use the results stored for `key` (call once per build, before get())."""
        path = cache_dir(data_dir) / f"{self.name}-{key}.pickle"
        if path == self.path:
            return
        self.path, self.values, self.dirty = path, {}, False
        if enabled():
            try:
                with path.open("rb") as f:
                    self.values = pickle.load(f)
            except FileNotFoundError:
                pass
            except Exception:
                path.unlink(missing_ok=True)

    def get(self, text: str, compute: Callable[[str], T]) -> T:
        h = hashlib.blake2b(text.encode(), digest_size=16).digest()
        if h in self.values:
            return self.values[h]  # type: ignore[return-value]
        value = self.values[h] = compute(text)
        self.dirty = True
        return value

    def save(self) -> None:
        """Store what this build computed (call at the end of the build)."""
        if self.dirty and self.path is not None and enabled():
            if len(self.values) > 20000:  # many edits in one `mkdocs serve`: start afresh
                self.values = {}
            _store(self.path.parent, self.path, self.name, self.values)
            self.dirty = False
