"""Read YAML keeping line numbers, so errors can point at the right line.

Dates are left as strings (pydantic parses and checks them): PyYAML would
otherwise crash with a raw ValueError on an impossible date such as 2025-13-01.
"""

from __future__ import annotations

from typing import Any

import yaml

from .errors import Problem


class _Loader(yaml.SafeLoader):
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
        if key in seen:
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


def parse(text: str, rel: str) -> Parsed | Problem:
    """Parse YAML text; return a Problem (never raise) when it is not valid YAML."""
    try:
        root = yaml.compose(text, Loader=_Loader)
        data = yaml.load(text, Loader=_Loader)
    except DuplicateKey as e:
        return Problem(
            rel,
            e.line,
            e.key,
            f"字段“{e.key}”在同一层写了两次，后一个会覆盖前一个",
            "删除重复的一行，或把其中一个改成正确的字段名",
        )
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = mark.line + 1 if mark else None
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
    return Parsed(data, root)
