"""Package the built site as an offline release: dist/<name>-<date>.zip.

    python tools/make_dist.py [SITE_DIR]

The zip holds one top-level folder; unzip it anywhere and open index.html
(file://, no network): the offline plugin inlines the search index.
"""

from __future__ import annotations

import datetime as dt
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NAME = "ideology-report-handbook"


def make_zip(site: Path, dist: Path, date: dt.date | None = None) -> Path:
    if not (site / "index.html").exists():
        raise SystemExit(f"{site} has no index.html: run `make build` first")
    stem = f"{NAME}-{(date or dt.date.today()).isoformat()}"
    dist.mkdir(parents=True, exist_ok=True)
    target = dist / f"{stem}.zip"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for path in sorted(site.rglob("*")):
            if path.is_file():
                zf.write(path, f"{stem}/{path.relative_to(site).as_posix()}")
        zf.writestr(
            f"{stem}/使用说明.txt",
            (
                "意识形态工作报告写作手册（离线版）\r\n\r\n"
                "解压后双击 index.html，用浏览器打开即可阅读；不需要联网，搜索照常可用。\r\n"
                "建议使用较新版本的 Chrome、Edge、Firefox 或国产浏览器的极速模式。\r\n"
            ).encode(),
        )
    return target


def main(argv: list[str]) -> int:
    site = Path(argv[0]) if argv else ROOT / "site"
    print(make_zip(site, ROOT / "dist"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
