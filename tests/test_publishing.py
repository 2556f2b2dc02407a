"""Publishing: the pull-request workflow, redirects for removed pages, the offline zip."""

from __future__ import annotations

import re
import sys
import zipfile
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

sys.path.insert(0, str(ROOT / "tools"))

import check_redirects  # noqa: E402
import make_dist  # noqa: E402

WORKFLOW = ROOT / ".github" / "workflows" / "ci.yml"


def readme_commands() -> list[str]:
    """The commands in the README's first code block (make serve, make test)."""
    block = re.search(r"```sh\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S).group(1)
    return [line.split("#")[0].strip() for line in block.splitlines() if line.strip()]


def workflow_steps() -> list[dict]:
    wf = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    return [step for job in wf["jobs"].values() for step in job.get("steps", [])]


def test_readme_starts_with_the_two_commands():
    assert readme_commands() == ["make serve", "make test"]


def test_workflow_runs_the_readme_test_command_and_strict_build():
    wf = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    triggers = wf[True] if True in wf else wf["on"]  # PyYAML reads the key `on` as True
    assert "pull_request" in triggers
    runs = [s.get("run", "") for s in workflow_steps()]
    test_cmd = readme_commands()[1]
    assert any(r.strip() == test_cmd for r in runs), runs
    assert any("make build" in r for r in runs)
    assert any("check_redirects.py" in r for r in runs)
    assert any("make dist" in r for r in runs)


def test_workflow_pins_every_action_and_uploads_a_preview():
    uses = [s["uses"] for s in workflow_steps() if "uses" in s]
    assert uses
    for u in uses:
        assert re.fullmatch(r"[\w.-]+/[\w.-]+@v\d+\.\d+\.\d+", u), f"unpinned action: {u}"
    uploads = [s for s in workflow_steps() if s.get("uses", "").startswith("actions/upload-artifact@")]
    assert any(s["with"]["path"].rstrip("/") == "site" for s in uploads)
    assert any(s.get("uses", "").startswith("actions/deploy-pages@") for s in workflow_steps())


def _fake_site(root: Path, pages: list[str]) -> Path:
    for p in pages:
        f = root / p
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text("<html><head><title>页</title></head></html>", encoding="utf-8")
    return root


def test_removed_page_without_redirect_fails(tmp_path):
    base = _fake_site(tmp_path / "base", ["index.html", "samples/a.html", "guide/x.html"])
    new = _fake_site(tmp_path / "new", ["index.html", "samples/b.html", "guide/x.html"])
    cfg = tmp_path / "mkdocs.yml"
    cfg.write_text("plugins:\n  - search\n  - redirects:\n      redirect_maps: {}\n", encoding="utf-8")
    assert check_redirects.missing_redirects(base, new, cfg) == ["samples/a.md"]
    assert check_redirects.main([str(base), str(new), str(cfg)]) == 1
    cfg.write_text(
        "plugins:\n  - redirects:\n      redirect_maps:\n        samples/a.md: samples/b.md\n", encoding="utf-8"
    )
    assert check_redirects.main([str(base), str(new), str(cfg)]) == 0


def test_project_config_has_the_redirects_plugin():
    assert isinstance(check_redirects.redirect_maps(ROOT / "mkdocs.yml"), dict)
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert re.search(r"^  - redirects:", text, re.M)


@pytest.mark.browser
def test_offline_zip_searches_from_file_url(built_site, tmp_path, page):
    import datetime as dt

    from test_search_offline import assert_term_ranked_first, search

    target = make_dist.make_zip(built_site, tmp_path / "dist")
    assert target.name == f"{make_dist.NAME}-{dt.date.today().isoformat()}.zip"
    with zipfile.ZipFile(target) as zf:
        zf.extractall(tmp_path / "unzipped")
    (folder,) = (tmp_path / "unzipped").iterdir()
    page.goto((folder / "index.html").as_uri(), wait_until="load")
    results = search(page, "一岗双责")
    assert results and all(r.startswith(folder.as_uri()) for r in results)
    assert_term_ranked_first(folder, results, "一岗双责")
    assert page.request_log.external == []


def test_precommit_and_lint_run_the_same_guard_rails():
    cfg = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = {h["id"]: h for repo in cfg["repos"] for h in repo["hooks"]}
    assert {"validate-data", "schemas-current", "report-check-content", "ruff-format", "ruff-check"} <= set(hooks)
    assert all(repo["repo"] == "local" for repo in cfg["repos"])  # nothing downloaded
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    lint = makefile.split("\nlint:")[1].split("\n\n")[0]
    for cmd in [
        "ruff format --check",
        "ruff check",
        "macros.schemas --check",
        "macros.validate",
        "macros.checker.content",
    ]:
        assert cmd in lint, cmd
