"""Shared fixtures: one strict build of the site per test session, a local
HTTP server for it, and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def run_mkdocs(site_dir: Path, *, env: dict | None = None, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """Strict build of the project into site_dir; returns the finished process (never raises)."""
    full_env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
        cwd=cwd,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=900,
    )


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("site")
    result = run_mkdocs(site)
    assert result.returncode == 0, f"strict build failed:\n{result.stdout}\n{result.stderr}"
    return site


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output clean
        pass


@pytest.fixture(scope="session")
def site_url(built_site) -> str:
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


class RequestLog:
    """Every request a page makes, split by whether it stays on the page's own origin."""

    def __init__(self, origin_hosts: set[str]):
        self.origin_hosts = origin_hosts
        self.urls: list[str] = []
        self.sent: list[str] = []  # requests that carry data: anything but a plain GET

    def clear(self) -> None:
        self.urls.clear()
        self.sent.clear()

    def __call__(self, request):
        self.urls.append(request.url)
        if request.method not in ("GET", "HEAD") or request.post_data:
            self.sent.append(f"{request.method} {request.url}")

    @property
    def uploads(self) -> list[str]:
        """What could have carried a user's text away: data sent, another host, or anything but the site's files."""
        own = [u for u in self.urls if not u.startswith(("blob:", "data:")) and "/assets/" not in u]
        return self.sent + self.external + own

    @property
    def external(self) -> list[str]:
        out = []
        for url in self.urls:
            u = urlparse(url)
            if u.scheme in ("data", "blob", "about", "file", "chrome-extension"):
                continue
            if u.hostname not in self.origin_hosts:
                out.append(url)
        return out


@pytest.fixture
def page(browser):
    """A fresh page with clipboard access; page.request_log lists every request it made."""
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    pg = context.new_page()
    log = RequestLog({"127.0.0.1", "localhost"})
    pg.on("request", log)
    pg.request_log = log
    yield pg
    context.close()


def copy_tree_for_build(dest: Path) -> Path:
    """A copy of the project's sources (not .venv or site) for builds with altered inputs."""
    for name in ("docs", "macros", "hooks", "data", "overrides"):
        shutil.copytree(ROOT / name, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    return dest
