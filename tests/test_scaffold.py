"""Scaffolding (issue 8, item 6): `make new-sample` / `python -m macros.scaffold` writes a new
sample file with every field its report type needs, commented, blank until filled in.

For every report type: the scaffold parses, starts with the schema comment, has every model
field the type uses and a Chinese comment above every field; unfilled it fails validation
naming each blank field; filled with the values of an existing sample of the same type it
validates and renders the same report. The command refuses to overwrite and rejects bad input
with one line and exit status 2. Everything is written into a copy of data/ in a temp folder.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import ROOT

from macros import reports, scaffold
from macros.errors import DataError
from macros.models.base import slot_names
from macros.models.samples import Sample
from macros.reports.types import OPTIONAL_SECTIONS, SECTIONS
from macros.validate import load_site_data
from macros.yamlfile import Parsed, parse

TYPES = list(SECTIONS)
SCHEMA_LINE = "# yaml-language-server: $schema=../schemas/samples.schema.json"
CJK = re.compile(r"[\u4e00-\u9fff]")
KEY_LINE = re.compile(r"^(\s*)(-|[a-z_]+:)(.*)$")


@pytest.fixture(scope="module")
def site():
    return load_site_data()


@pytest.fixture
def data_copy(tmp_path) -> Path:
    shutil.copytree(ROOT / "data", tmp_path / "data")
    return tmp_path / "data"


def source(site, type_id: str) -> Sample:
    """An existing sample of this type (the first in the site's order)."""
    return next(x for x in reports.sorted_samples(site) if x.type == type_id)


def raw(data_dir: Path, sample_id: str) -> Any:
    text = (data_dir / "samples" / f"{sample_id}.yaml").read_text(encoding="utf-8")
    return parsed(text).data


def parsed(text: str) -> Parsed:
    result = parse(text, "scaffold")
    assert isinstance(result, Parsed), getattr(result, "message", result)
    return result


def new_scaffold(data_dir: Path, site, type_id: str, sample_id: str | None = None) -> Path:
    src = source(site, type_id)
    return scaffold.create(
        type_id,
        src.street,
        src.year,
        quarter=src.quarter,
        sample_id=sample_id or f"scaffold-test-{type_id}",
        data_dir=data_dir,
    )


# --- walking YAML data and models ---------------------------------------------------------


def key_paths(value: Any, loc: tuple = ()) -> set[tuple]:
    """Every key path in the data, list indices written as "*"."""
    out = set()
    if isinstance(value, dict):
        for k, v in value.items():
            out.add((*loc, k))
            out |= key_paths(v, (*loc, k))
    elif isinstance(value, list):
        for v in value:
            out |= key_paths(v, (*loc, "*"))
    return out


def leaves(value: Any, loc: tuple = ()):
    if isinstance(value, dict):
        for k, v in value.items():
            yield from leaves(v, (*loc, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from leaves(v, (*loc, i))
    else:
        yield loc, value


def dotted(loc: tuple) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def required_paths(model, loc: tuple = (), sections: tuple[str, ...] = ()) -> set[tuple]:
    """The model's required fields, and every field of the sections the type uses."""
    out = set()
    for name, info in model.model_fields.items():
        if not loc and name in OPTIONAL_SECTIONS and name not in sections:
            continue
        if not (info.is_required() or (not loc and name in sections)):
            continue
        out.add((*loc, name))
        inner, _ = scaffold._strip(info.annotation)
        if scaffold._is_model(inner):
            out |= required_paths(inner, (*loc, name))
        elif getattr(inner, "__origin__", None) is list:
            item, _ = scaffold._strip(inner.__args__[0])
            if scaffold._is_model(item):
                out |= required_paths(item, (*loc, name, "*"))
    return out


# --- the scaffold of every type -------------------------------------------------------------


@pytest.mark.parametrize("type_id", TYPES)
def test_scaffold_has_every_field_commented(type_id, site, data_copy):
    path = new_scaffold(data_copy, site, type_id)
    assert path == data_copy / "samples" / f"scaffold-test-{type_id}.yaml"
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0] == SCHEMA_LINE
    data = parsed(text).data
    assert data == yaml.safe_load(text)

    src = source(site, type_id)
    assert (data["id"], data["type"], data["street"], data["year"]) == (
        f"scaffold-test-{type_id}",
        type_id,
        src.street,
        src.year,
    )
    assert data.get("quarter") == src.quarter

    have = key_paths(data)
    need = required_paths(Sample, sections=SECTIONS[type_id]) | key_paths(raw(ROOT / "data", src.id))
    assert not need - have, f"fields missing from the scaffold: {sorted(need - have)}"
    unused = {s for s in OPTIONAL_SECTIONS if s not in SECTIONS[type_id]}
    assert not unused & set(data), "sections the type does not use must not be in the scaffold"

    # every key and every list item has a Chinese comment right above it
    for i, line in enumerate(lines):
        if KEY_LINE.match(line):
            above = lines[i - 1].strip()
            assert above.startswith("#") and CJK.search(above), f"line {i + 1} {line!r} has no comment above"

    # every slot of the blank template page is named in the scaffold's comments
    page = reports.render_blank(site, type_id).plain_text()
    missing = set(slot_names(page)) - set(slot_names(text))
    assert not missing, f"slots of the blank template not named in the scaffold: {missing}"


@pytest.mark.parametrize(
    ("field", "slot"),
    [
        ("group_sessions", "中心组集中学习次数"),
        ("meeting_date", "研判会日期"),
        ("items_total", "清单事项总数"),
        ("instructions", "本人批示重要事项件数"),
    ],
)
def test_comment_names_the_slot_the_field_fills(field, slot, site, data_copy):
    type_id = next(t for t in TYPES if f"【{slot}】" in reports.render_blank(site, t).plain_text())
    lines = new_scaffold(data_copy, site, type_id).read_text(encoding="utf-8").splitlines()
    i = next(i for i, line in enumerate(lines) if line.strip() == f"{field}:")
    assert f"【{slot}】" in lines[i - 1]


def test_slots_come_from_rendering_the_blank_template():
    use = scaffold.template_use("annual")
    assert use.slots[("theory", "group_sessions")] == ["中心组集中学习次数"]
    assert use.slots[("leadership", "practices", 0)] == ["写一项压实责任的具体办法，如责任清单、督查考核"]
    assert "青年网评员占比" in use.derived[("online", "commentators")]
    assert "下一年份" in use.derived[("year",)]
    assert "街道名称" in use.street and "文明实践站数" in use.street
    assert use.counts[("problems",)] == 3
    briefing = scaffold.template_use("briefing")  # points(concat(venues, online), [hint, hint])
    assert briefing.slots[("venues", "practices", 0)] == ["写网下阵地管理的一项做法"]
    assert briefing.slots[("online", "practices", 0)] == ["写网上舆情处置或群组管理的一项做法"]


@pytest.mark.parametrize("type_id", TYPES)
def test_unfilled_scaffold_fails_naming_every_blank(type_id, site, data_copy):
    path = new_scaffold(data_copy, site, type_id)
    text = path.read_text(encoding="utf-8")
    doc = parsed(text)
    blanks = [loc for loc, v in leaves(doc.data) if v is None or v == ""]
    assert len(blanks) > 10
    with pytest.raises(DataError) as e:
        load_site_data(data_copy)
    problems = e.value.problems
    rel = f"data/samples/{path.name}"
    assert {p.file for p in problems} == {rel}, "only the new file may fail"
    named = {p.field: p for p in problems}
    for loc in blanks:
        assert dotted(loc) in named, f"no message names the empty field {dotted(loc)}"
        p = named[dotted(loc)]
        assert p.line == doc.line_of(loc) and p.message and p.fix
    assert rel in str(e.value)


def fill(skeleton: Any, values: Any, loc: tuple = ()) -> Any:
    """The scaffold's structure, with the values of an existing sample."""
    if isinstance(skeleton, dict):
        assert isinstance(values, dict), loc
        extra = set(values) - set(skeleton)
        assert not extra, f"{dotted(loc)}: the sample has fields the scaffold lacks: {extra}"
        out = {}
        for key, blank in skeleton.items():
            if key not in values:
                assert blank == "", f"{dotted((*loc, key))} is required but the sample has none"
                continue  # an optional field (closing, deadline) this sample leaves out: delete the line
            out[key] = fill(blank, values[key], (*loc, key))
        return out
    if isinstance(skeleton, list):
        assert isinstance(values, list) and skeleton, loc
        return [fill(skeleton[min(i, len(skeleton) - 1)], v, (*loc, i)) for i, v in enumerate(values)]
    if skeleton not in (None, ""):
        assert skeleton == values, f"{dotted(loc)} is pre-filled with {skeleton!r}, the sample has {values!r}"
    return values


@pytest.mark.parametrize("type_id", TYPES)
def test_filled_scaffold_validates_and_renders(type_id, site, data_copy):
    src = source(site, type_id)
    values = raw(data_copy, src.id)
    (data_copy / "samples" / f"{src.id}.yaml").unlink()
    path = new_scaffold(data_copy, site, type_id, sample_id=src.id)
    text = path.read_text(encoding="utf-8")
    header = text.split("\n\n", 1)[0].splitlines()  # line 1 and the header comments
    filled = fill(parsed(text).data, values)
    body = yaml.safe_dump(filled, allow_unicode=True, sort_keys=False, width=10_000)
    path.write_text("\n".join(header) + "\n" + body, encoding="utf-8")

    filled_site = load_site_data(data_copy)  # raises DataError with every problem if it does not validate
    report = reports.render_sample(filled_site, src.id)
    assert report.plain_text() == reports.render_sample(site, src.id).plain_text()


# --- the command ----------------------------------------------------------------------------


def run(data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "macros.scaffold", *args, "--data-dir", str(data_dir)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def one_chinese_line(text: str) -> str:
    line = text.strip()
    assert line and "\n" not in line and CJK.search(line), text
    assert "Traceback" not in line
    return line


def test_command_creates_then_refuses_to_overwrite(data_copy):
    target = data_copy / "samples" / "tinglanhu-2031-annual.yaml"
    first = run(data_copy, "--type", "annual", "--street", "tinglanhu", "--year", "2031")
    assert first.returncode == 0, first.stderr
    assert "data/samples/tinglanhu-2031-annual.yaml" in first.stdout
    assert target.read_text(encoding="utf-8").splitlines()[0] == SCHEMA_LINE

    target.write_text(target.read_text(encoding="utf-8") + "# 已经填了一半\n", encoding="utf-8")
    before = target.read_bytes()
    again = run(data_copy, "--type", "annual", "--street", "tinglanhu", "--year", "2031")
    assert again.returncode == 1
    assert "已经存在" in one_chinese_line(again.stderr)
    assert target.read_bytes() == before


def test_command_never_overwrites_an_existing_sample(site, data_copy):
    src = source(site, "annual")
    existing = data_copy / "samples" / f"{src.id}.yaml"
    before = existing.read_bytes()
    result = run(data_copy, "--type", "annual", "--street", src.street, "--year", str(src.year), "--id", src.id)
    assert result.returncode == 1
    assert src.id in one_chinese_line(result.stderr)
    assert existing.read_bytes() == before


@pytest.mark.parametrize(
    ("args", "expect"),
    [
        (["--type", "annual-report", "--street", "tinglanhu", "--year", "2027"], "annual-report"),
        (["--type", "", "--street", "tinglanhu", "--year", "2027"], "报告类型"),
        (["--type", "annual", "--street", "nowhere", "--year", "2027"], "nowhere"),
        (["--type", "annual", "--street", "tinglanhu", "--year", "27"], "年份"),
        (["--type", "risk-analysis", "--street", "tinglanhu", "--year", "2027"], "QUARTER"),
        (["--type", "risk-analysis", "--street", "tinglanhu", "--year", "2027", "--quarter", "5"], "QUARTER"),
        (["--type", "annual", "--street", "tinglanhu", "--year", "2027", "--quarter", "2"], "QUARTER"),
        (["--type", "annual", "--street", "tinglanhu", "--year", "2027", "--id", "Bad_ID"], "Bad_ID"),
        (["--type", "annual", "--street", "tinglanhu", "--year", "2027", "--colour", "red"], "用法"),
    ],
)
def test_bad_input_gives_one_line_and_exit_2(args, expect, data_copy):
    before = sorted(p.name for p in (data_copy / "samples").iterdir())
    result = run(data_copy, *args)
    assert result.returncode == 2, result.stderr
    assert expect in one_chinese_line(result.stderr)
    assert result.stdout == ""
    assert sorted(p.name for p in (data_copy / "samples").iterdir()) == before


def test_default_id_includes_the_quarter(site, data_copy):
    path = scaffold.create("risk-analysis", "tinglanhu", 2031, quarter="2", data_dir=data_copy)
    assert path.name == "tinglanhu-2031-q2-risk-analysis.yaml"
    data = parsed(path.read_text(encoding="utf-8")).data
    assert data["quarter"] == 2 and data["id"] == path.stem


def test_make_target_and_readme():
    result = subprocess.run(
        ["make", "-n", "new-sample", "TYPE=risk-analysis", "STREET=tinglanhu", "YEAR=2027", "QUARTER=3"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    line = next(x for x in result.stdout.splitlines() if "macros.scaffold" in x)
    for part in ('--type "risk-analysis"', '--street "tinglanhu"', '--year "2027"', '--quarter "3"'):
        assert part in line
    assert "--id" not in line
    readme = (ROOT / "data" / "samples" / "README.md").read_text(encoding="utf-8")
    assert "make new-sample TYPE=" in readme
    assert "## 新增一篇范文" in readme, "the rest of the README stays"
