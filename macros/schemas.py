"""Generate the JSON Schemas in data/schemas/ from the models.

python -m macros.schemas --write   # after changing a model
python -m macros.schemas --check   # exit 1 when a committed schema is stale
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from .registry import KINDS

DATA = Path(__file__).resolve().parent.parent / "data"


def expected() -> dict[Path, str]:
    out = {}
    for kind in KINDS:
        schema = kind.model.model_json_schema()
        schema = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": f"{kind.title}（data/{kind.pattern}）",
            **{k: v for k, v in schema.items() if k != "title"},
        }
        out[DATA / kind.schema_file] = json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
    return out


def stale() -> list[Path]:
    return [p for p, text in expected().items() if not p.exists() or p.read_text(encoding="utf-8") != text]


def main(argv: list[str]) -> int:
    if "--write" in argv:
        for path, text in expected().items():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        return 0
    bad = stale()
    for p in bad:
        print(f"{p.relative_to(DATA.parent)} 已过期：运行 make schemas 重新生成", file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
