"""Structure the code must keep: data flows one way, without import cycles."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "macros"


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_type_checking(node: ast.If) -> bool:
    return isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"


def _imports(path: Path, modules: set[str]) -> set[str]:
    """Modules of the package that `path` imports, at the top or inside functions
    (imports only for type checkers excluded: they never run)."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child):
                continue
            if isinstance(child, ast.Import):
                found.update(a.name for a in child.names)
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    anchor = package.split(".")[: len(package.split(".")) - child.level + 1]
                    base = ".".join(anchor + ([child.module] if child.module else []))
                for a in child.names:
                    sub = f"{base}.{a.name}"
                    found.add(sub if sub in modules else base)
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    # Importing a submodule runs its packages' __init__ first: a dependency on them too, except
    # on the packages the importer is itself inside (they are already running).
    deps = set()
    for m in found:
        parts = m.split(".")
        deps.update(".".join(parts[:i]) for i in range(2, len(parts) + 1))
    return {m for m in deps if m in modules and m != name and not name.startswith(m + ".")}


def _graph() -> dict[str, set[str]]:
    files = sorted(PACKAGE.rglob("*.py"))
    modules = {_module_name(p) for p in files}
    return {_module_name(p): _imports(p, modules) for p in files}


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    path: list[str] = []

    def walk(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return path[path.index(nxt) :] + [nxt]
            if nxt not in state and (found := walk(nxt)):
                return found
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := walk(node)):
            return found
    return None


def test_the_graph_sees_real_imports():
    graph = _graph()
    assert "macros.loader" in graph["macros.crosscheck"]
    assert "macros.crosscheck" in graph["macros.reports.checks"]
    assert "macros.reports.checks" in graph["macros.validate"]


def test_no_import_cycles_in_macros():
    cycle = _cycle(_graph())
    assert cycle is None, "import cycle: " + " -> ".join(cycle)


def test_loading_knows_nothing_of_what_uses_the_data():
    graph = _graph()
    seen, todo = set(), ["macros.loader"]
    while todo:
        m = todo.pop()
        if m not in seen:
            seen.add(m)
            todo.extend(graph[m])
    users = {m for m in seen if m.split(".")[1] in ("crosscheck", "validate", "features", "reports", "checker", "docx")}
    assert not users, f"macros/loader.py depends on modules that use the data: {sorted(users)}"


def test_every_module_with_cross_checks_is_run_by_the_validation_step():
    graph = _graph()
    seen, todo = set(), ["macros.validate"]
    while todo:
        m = todo.pop()
        if m not in seen:
            seen.add(m)
            todo.extend(graph[m])
    for path in PACKAGE.rglob("*.py"):
        if "@cross_check(" in path.read_text(encoding="utf-8"):
            assert _module_name(path) in seen, f"{path}: import it in macros/validate.py so its checks run"


def test_a_check_sees_only_the_kinds_it_names():
    import pytest

    from macros import crosscheck
    from macros.validate import site_data

    check = crosscheck.Check("t", ("glossary",), lambda site: [site.phrases])
    with pytest.raises(AttributeError, match="phrases"):
        crosscheck.run(site_data(), [check])
    ok = crosscheck.Check("t", ("glossary",), lambda site: [p for p in [] if site.glossary])
    assert crosscheck.run(site_data(), [ok]) == []
