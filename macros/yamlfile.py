"""Read YAML keeping line numbers, so errors can point at the right line.

Each file is parsed once: libyaml (PyYAML's C parser, when present) composes the
node tree with line marks, and the data are constructed from that same tree.

Dates are left as strings (pydantic parses and checks them): PyYAML would
otherwise crash with a raw ValueError on an impossible date such as 2025-13-01.

Hostile input is refused before it can cost time or memory (limits and reasons
in ARCHITECTURE.md, "Limits on data files"): aliases (&anchor / *alias, the
"billion laughs" expansion), nesting deeper than MAX_DEPTH.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from .errors import Problem

# Data files are at most about ten levels deep; a hundred leaves room and stays far
# below Python's recursion limit (pydantic and our own walks recurse per level).
MAX_DEPTH = 100

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml is in PyYAML's wheels


class _Loader(_Base):
    pass


# Drop the implicit timestamp resolver: dates reach the models as text.
_Loader.yaml_implicit_resolvers = {
    ch: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for ch, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class DuplicateKey(Exception):
    def __init__(self, key: str, line: int):
        self.key, self.line = key, line


def _construct_mapping(loader: _Loader, node: yaml.MappingNode, deep: bool = False):
    seen: dict[Any, int] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        try:
            known = key in seen
        except TypeError:  # an unhashable key ([a]: b); SafeConstructor reports it with its line
            break
        if known:
            raise DuplicateKey(str(key), key_node.start_mark.line + 1)
        seen[key] = key_node.start_mark.line
    return yaml.SafeLoader.construct_mapping(loader, node, deep=deep)


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


class Parsed:
    """A parsed YAML document: its data and the node tree for line look-ups."""

    def __init__(self, data: Any, root: yaml.Node | None):
        self.data, self.root = data, root

    def line_of(self, loc: tuple[Any, ...]) -> int | None:
        """1-based line of the node at a field path, or of its nearest existing parent."""
        node = self.root
        line = node.start_mark.line + 1 if node is not None else None
        for part in loc:
            child, mark = None, None
            if isinstance(node, yaml.MappingNode):
                for key, value in node.value:
                    if key.value == str(part):
                        child, mark = value, key.start_mark  # point at the key's line
                        break
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
                child = node.value[part]
                mark = child.start_mark
            if child is None:
                break
            node, line = child, mark.line + 1
        return line


# Nesting can only grow by an indentation step, a "- " or "? " on the same line, or a
# flow bracket, so the widest line prefix and the number of brackets bound the depth.
# Ordinary data files are far below the bound and need no further look.
_PREFIX = re.compile(r"^[ \t]*(?:[-?:][ \t]+)*", re.M)
# An anchor or alias starts a token: after a line start, a space or a flow indicator.
_ANCHOR = re.compile(r"(?:^|[\s\[\]{},])[&*][^\s\[\]{},]")
# libyaml's composer recurses in C once per level: above this bound the events are
# counted first (libyaml's parser itself keeps an explicit stack).
_SAFE_FOR_C = 2000


def _depth_bound(text: str) -> int:
    widest = max((m.end() - m.start() for m in _PREFIX.finditer(text)), default=0)
    return 2 * (widest + 2) + text.count("[") + text.count("{")


def _too_deep(rel: str, line: int) -> Problem:
    return Problem(
        rel,
        line,
        None,
        f"层级太深：超过 {MAX_DEPTH} 层嵌套",
        "数据文件只需要几层嵌套：检查缩进和括号是否写错，参照同类文件的结构改写",
    )


def _scan_events(text: str, rel: str) -> Problem | None:
    """The first alias or over-deep collection, from libyaml's event stream."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.AliasEvent):
                return Problem(
                    rel,
                    event.start_mark.line + 1,
                    None,
                    f"用了 YAML 别名“*{event.anchor}”：数据文件不支持锚点（&）和别名（*）",
                    "把被引用的内容直接写在这里；如果“*”或“&”是文字的一部分，请把整段文字加上引号",
                )
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    return _too_deep(rel, event.start_mark.line + 1)
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        return None  # a syntax error: parse() reports it with its line
    return None


def _shape_ok(root: yaml.Node) -> bool:
    """No node reached twice (an alias) and no path deeper than MAX_DEPTH; iterative."""
    seen: set[int] = set()
    todo = [(root, 1)]
    while todo:
        node, depth = todo.pop()
        if not isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
            continue
        if id(node) in seen or depth > MAX_DEPTH:
            return False
        seen.add(id(node))
        children = [v for pair in node.value for v in pair] if isinstance(node, yaml.MappingNode) else node.value
        todo.extend((child, depth + 1) for child in children)
    return True


def parse(text: str, rel: str) -> Parsed | Problem:
    """Parse YAML text; return a Problem (never raise) when it is not valid YAML."""
    bound = _depth_bound(text)
    if bound > _SAFE_FOR_C:
        problem = _scan_events(text, rel)
        if problem:
            return problem
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        if root is not None and (bound > MAX_DEPTH or _ANCHOR.search(text)) and not _shape_ok(root):
            return _scan_events(text, rel) or _too_deep(rel, root.start_mark.line + 1)
        data = loader.construct_document(root) if root is not None else None
    except DuplicateKey as e:
        return Problem(
            rel,
            e.line,
            e.key,
            f"字段“{e.key}”在同一层写了两次，后一个会覆盖前一个",
            "删除重复的一行，或把其中一个改成正确的字段名",
        )
    except RecursionError:  # PyYAML without libyaml composes recursively in Python
        return _too_deep(rel, None)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = mark.line + 1 if mark else None
        if "maximum nesting depth" in (e.problem or ""):  # libyaml's own limit (1000 levels)
            return _too_deep(rel, line)
        what = (e.problem or "无法解析").strip()
        return Problem(
            rel,
            line,
            None,
            f"YAML 语法错误（{what}）",
            "检查这一行和上一行：缩进是否用空格且对齐、冒号后是否有空格、引号和括号是否成对；"
            "文字中含有冒号、井号时请整段加引号",
        )
    except yaml.YAMLError as e:  # errors without a position
        return Problem(rel, None, None, f"YAML 语法错误（{e}）", "检查文件是否为 UTF-8 编码的 YAML")
    finally:
        loader.dispose()
    return Parsed(data, root)
