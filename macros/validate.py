"""Validate data files from the command line.

python -m macros.validate                 # everything under data/, with cross-file checks
python -m macros.validate FILE [FILE...]  # only these files (no cross-file checks)
"""

from __future__ import annotations

import sys
from pathlib import Path

from .errors import DataError
from .loader import PROJECT_ROOT, Record, _load_file, _rel, load_site_data
from .registry import KINDS


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
        result = _load_file(kind, path, _rel(path, PROJECT_ROOT), data_dir)
        if not isinstance(result, Record):
            problems.extend(result)
    return problems


def main(argv: list[str]) -> int:
    try:
        if argv:
            problems = [p for p in validate_files([Path(a) for a in argv]) if not isinstance(p, Path)]
            if problems:
                raise DataError(problems)
        else:
            load_site_data()
    except DataError as e:
        print(e, file=sys.stderr)
        return 1
    print("数据文件全部通过校验。")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
