"""Errors in data files, reported to contributors in Chinese with file, line and fix.

The build shows `DataError` as a plain message (mkdocs' PluginError), never a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    file: str  # path relative to the project root, e.g. data/glossary.yaml
    line: int | None  # 1-based line in the file, when known
    field: str | None  # field path such as phrases[3].function
    message: str  # what is wrong
    fix: str  # what to do

    def render(self) -> str:
        where = self.file
        if self.line:
            where += f" 第 {self.line} 行"
        if self.field:
            where += f"，字段 {self.field}"
        return f"{where}\n    问题：{self.message}\n    怎么改：{self.fix}"


class DataError(Exception):
    """One or more problems in data files; str() is the whole report."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(self.render())

    def render(self) -> str:
        n = len(self.problems)
        head = f"数据文件有 {n} 处错误，网站未生成。请逐条修改后重新构建：" if n > 1 else "数据文件有错误，网站未生成："
        return head + "\n" + "\n".join(f"  {i}. {p.render()}" for i, p in enumerate(self.problems, 1))
