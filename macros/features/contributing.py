"""Macros for the contributing pages: show the build's real error messages.

The messages on 参与贡献 are produced at build time by running the real loader
on a small faulty file, so the page can never drift from what contributors see.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import DataError
from ..loader import PROJECT_ROOT, Record, load_file, schema_comment
from ..registry import KINDS
from ..validate import check_replacement


def validation_message(kind_name: str, file_name: str, body: str) -> str:
    """The message the build prints for `body` saved as data/<kind folder>/<file_name>."""
    kind = next(k for k in KINDS if k.name == kind_name)
    data_dir = PROJECT_ROOT / "data"
    path = data_dir / Path(kind.pattern).parent / file_name
    rel = path.relative_to(PROJECT_ROOT).as_posix()
    result = load_file(kind, path, rel, data_dir, text=schema_comment(kind, path, data_dir) + "\n" + body)
    if isinstance(result, Record):
        raise ValueError(f"validation_message({kind_name!r}): the example is valid, so it shows no message")
    text = str(DataError(result))
    return "```text\n" + text + "\n```\n"


def data_change_message(rel_path: str, old: str, new: str) -> str:
    """The message the build prints after one textual change to a real data file.

    Validates the changed file and runs the cross-file checks that read its kind,
    against the rest of data/ as it is (the other checks passed and are unaffected).
    """
    path = PROJECT_ROOT / rel_path
    text = path.read_text(encoding="utf-8")
    if text.count(old) != 1:
        raise ValueError(f"data_change_message: “{old}” must occur exactly once in {rel_path}")
    problems = check_replacement(path, text.replace(old, new), PROJECT_ROOT / "data")
    if not problems:
        raise ValueError(f"data_change_message: changing {rel_path} gave no error to show")
    return "```text\n" + str(DataError(problems)) + "\n```\n"


def register(env, site) -> None:
    env.macro(validation_message, "validation_message")
    env.macro(data_change_message, "data_change_message")
