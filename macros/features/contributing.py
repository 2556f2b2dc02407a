"""Macros for the contributing pages: show the build's real error messages.

The messages on 参与贡献 are produced at build time by running the real loader
on a small faulty file, so the page can never drift from what contributors see.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from ..errors import DataError
from ..loader import Record, _load_file, _schema_comment
from ..registry import KINDS


def validation_message(kind_name: str, file_name: str, body: str) -> str:
    """The message the build prints for `body` saved as data/<kind folder>/<file_name>."""
    kind = next(k for k in KINDS if k.name == kind_name)
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "data"
        folder = data_dir / Path(kind.pattern).parent
        folder.mkdir(parents=True)
        path = folder / file_name
        path.write_text(_schema_comment(kind, path, data_dir) + "\n" + body, encoding="utf-8")
        result = _load_file(kind, path, path.relative_to(tmp).as_posix(), data_dir)
    if isinstance(result, Record):
        raise ValueError(f"validation_message({kind_name!r}): the example is valid, so it shows no message")
    text = str(DataError(result))
    return "```text\n" + text + "\n```\n"


def data_change_message(rel_path: str, old: str, new: str) -> str:
    """The message the build prints after one textual change to a real data file.

    Runs the whole loader (cross-file checks included) on a temporary copy of data/.
    """
    import shutil

    from ..loader import PROJECT_ROOT, load_site_data

    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "data"
        shutil.copytree(PROJECT_ROOT / "data", data_dir)
        target = data_dir / Path(rel_path).relative_to("data")
        text = target.read_text(encoding="utf-8")
        if text.count(old) != 1:
            raise ValueError(f"data_change_message: “{old}” must occur exactly once in {rel_path}")
        target.write_text(text.replace(old, new), encoding="utf-8")
        try:
            load_site_data(data_dir)
        except DataError as e:
            return "```text\n" + str(e) + "\n```\n"
    raise ValueError(f"data_change_message: changing {rel_path} gave no error to show")


def register(env, site) -> None:
    env.macro(validation_message, "validation_message")
    env.macro(data_change_message, "data_change_message")
