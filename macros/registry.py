"""Which files under data/ hold which kind of data, and the model that validates each.

To add a kind of data: write its model in macros/models/, add a Kind here, run
`make schemas`, and reference the schema from the new YAML files.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel

from .models.checklists import Checklist
from .models.glossary import Glossary
from .models.phrases import PhrasePart
from .models.report_types import ReportTypes
from .models.rules import RuleFile
from .models.samples import Sample
from .models.search_terms import SearchTerms
from .models.streets import Street
from .models.time_facts import TimeFacts


@dataclass(frozen=True)
class Kind:
    name: str  # attribute of SiteData and stem of the schema file
    pattern: str  # glob relative to data/
    model: type[BaseModel]
    many: bool  # a folder of files rather than one file
    title: str  # Chinese name used in messages

    @property
    def schema_file(self) -> str:
        return f"schemas/{self.name}.schema.json"


KINDS: list[Kind] = [
    Kind("time_facts", "time_facts.yaml", TimeFacts, False, "时间事实"),
    Kind("report_types", "report_types.yaml", ReportTypes, False, "报告类型"),
    Kind("glossary", "glossary.yaml", Glossary, False, "术语表"),
    Kind("search_terms", "search_terms.yaml", SearchTerms, False, "搜索词典"),
    Kind("phrases", "phrases/*.yaml", PhrasePart, True, "表述库"),
    Kind("checklists", "checklists/*.yaml", Checklist, True, "清单"),
    Kind("rules", "rules/*.yaml", RuleFile, True, "自查规则"),
    Kind("streets", "streets/*.yaml", Street, True, "示例街道"),
    Kind("samples", "samples/*.yaml", Sample, True, "范文数据"),
]
