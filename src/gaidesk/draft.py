"""The ``.gaidesk`` draft file (FORMAT.md §6): a report to and from UTF-8 JSON text.

Reading refuses what is not a gaidesk report, a newer version, and broken structure with a
Chinese message; cell values are taken as they are (a wrong value is the VALUE-INVALID rule's to
report, so a county can check a township's file as it was sent). Keys this version does not know
are kept and written back.
"""

from __future__ import annotations

import copy
import json
from typing import Any

from gaidesk import format as fmt
from gaidesk.model import PARTS, CellValue, Meta, Report, Review

FORMAT_NAME = "gaidesk-report"
VERSION = 1
MAX_DRAFT_BYTES = 8 * 1024 * 1024  # a real draft is ~10 kB; this leaves room for long texts
MAX_TEXT_CHARS = 200_000  # one narrative part
MAX_NESTING = 32


_TRUNCATED = "文件内容不完整，可能在保存时被中断。"


class DraftError(Exception):
    """A draft that cannot be read; ``str()`` is a Chinese message for the clerk."""


class _ExactNumber(str):
    """A JSON number with a fraction or exponent, kept as the text it was written as."""


def _depth(value: Any, limit: int) -> int:
    depth, level = 0, [value]
    while level:
        depth += 1
        if depth > limit:
            return depth
        nxt: list[Any] = []
        for v in level:
            if isinstance(v, dict):
                nxt.extend(v.values())
            elif isinstance(v, list):
                nxt.extend(v)
        level = nxt
    return depth


def parse(data: bytes | str) -> Report:
    """Read a draft's bytes; raises DraftError with a clear message on anything unusable."""
    if len(data) > MAX_DRAFT_BYTES:
        raise DraftError("文件太大，不像是 gaidesk 报告草稿（草稿通常只有几十 KB）。")
    if isinstance(data, bytes):
        if data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            if exc.reason == "unexpected end of data":
                raise DraftError(_TRUNCATED) from exc
            raise DraftError("文件不是 UTF-8 文本，不是 gaidesk 报告草稿，或者已经损坏。") from exc
    else:
        text = data
    if not text.strip():
        raise DraftError("文件是空的，可能在保存时被中断。")
    try:
        doc = json.loads(text, parse_float=_ExactNumber, parse_constant=_reject_constant)
    except RecursionError as exc:
        raise DraftError("文件结构嵌套过深，不是 gaidesk 报告草稿。") from exc
    except json.JSONDecodeError as exc:
        raise DraftError(
            f"文件内容不完整或已损坏（第 {exc.lineno} 行第 {exc.colno} 列附近无法读取），"
            "可能在保存时被中断。"
        ) from exc
    except ValueError as exc:
        raise DraftError(f"文件内容无法读取：{exc}") from exc
    return from_document(doc)


def _reject_constant(name: str) -> Any:
    raise ValueError(f"含有非法数值 {name}")


def from_document(doc: Any) -> Report:
    if not isinstance(doc, dict) or doc.get("format") != FORMAT_NAME:
        raise DraftError("这不是 gaidesk 报告草稿（文件里没有 gaidesk 报告的标记）。")
    if _depth(doc, MAX_NESTING) > MAX_NESTING:
        raise DraftError("文件结构嵌套过深，不是有效的 gaidesk 报告草稿。")
    version = doc.get("version")
    if type(version) is not int or version < 1:
        raise DraftError("草稿的版本号无效，文件可能已损坏。")
    if version > VERSION:
        raise DraftError(
            f"这份草稿由更新版本的 gaidesk 保存（文件格式第 {version} 版），"
            "当前程序只能读第 1 版。请升级 gaidesk 后再打开，文件未作任何改动。"
        )
    meta = _object(doc, "meta", "基本信息")
    text = _object(doc, "text", "报告正文")
    tables = _object(doc, "tables", "统计表")

    report = Report(extra=_plain(doc))
    report.meta = Meta(
        agency=_string(meta, "agency", "报告单位"),
        short_name=_string(meta, "short_name", "单位简称"),
        year=_year(meta.get("year")),
        title=_string(meta, "title", "报告标题"),
        publish_date=_string(meta, "publish_date", "发布日期"),
    )
    for part in fmt.TEXT_PARTS:
        container: dict[str, Any] = text
        *parents, leaf = part.key.split(".")
        for name in parents:
            container = _object(container, name, "报告正文")
        report.text[part.key] = _string(container, leaf, fmt.cell_name(part.address))
    titles = text.get("titles", {})
    if not isinstance(titles, dict):
        raise DraftError("报告正文中的小标题部分格式不对，文件可能已损坏。")
    for key, value in titles.items():
        if key in fmt.TEXT_PART_BY_KEY and fmt.TEXT_PART_BY_KEY[key].retitlable:
            if not isinstance(value, str) or len(value) > 200:
                raise DraftError("报告正文中的小标题格式不对，文件可能已损坏。")
            if value:
                report.titles[key] = value
    for address in fmt.ADDRESSES:
        table, row, col = address.split(".")
        rows = _object(tables, table, "统计表")
        cells = rows.get(row)
        if cells is not None and not isinstance(cells, dict):
            raise DraftError(f"统计表中“{fmt.cell_name(address)}”所在行格式不对，文件可能已损坏。")
        report.cells[address] = _cell(address, None if cells is None else cells.get(col, None))
    if "progress" in doc:
        review = _review(doc["progress"])
        if review is None:
            raise DraftError("草稿中的填写进度部分格式不对，文件可能已损坏。")
        report.review = review
    return report


def _review(doc: Any) -> Review | None:
    """The parts filled in and the warnings confirmed; None when it is malformed. A draft
    without it (saved before it was kept) counts as filled in everywhere."""
    if not isinstance(doc, dict):
        return None
    filled, confirmed = doc.get("filled", []), doc.get("confirmed", [])
    if not isinstance(filled, list) or not isinstance(confirmed, list):
        return None
    return Review(
        filled={p for p in filled if isinstance(p, str) and p in PARTS},
        confirmed={c for c in confirmed if isinstance(c, str) and len(c) < 200},
    )


def _plain(value: Any) -> Any:
    """A deep copy with exact numbers turned back into JSON numbers."""
    if isinstance(value, _ExactNumber):
        return float(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _object(parent: dict[str, Any], key: str, what: str) -> dict[str, Any]:
    value = parent.get(key, {})
    if not isinstance(value, dict):
        raise DraftError(f"草稿中的“{what}”部分格式不对，文件可能已损坏。")
    return value


def _string(parent: dict[str, Any], key: str, what: str) -> str:
    value = parent.get(key, "")
    if value is None:
        return ""
    if not isinstance(value, str) or isinstance(value, _ExactNumber):
        raise DraftError(f"草稿中的“{what}”应为文字，文件可能已损坏。")
    if len(value) > MAX_TEXT_CHARS:
        raise DraftError(
            f"草稿中的“{what}”长得不正常（超过 {MAX_TEXT_CHARS} 字），文件可能已损坏。"
        )
    return value


def _year(value: Any) -> int | None:
    if type(value) is int and 1990 <= value <= 2200:
        return value
    if isinstance(value, str) and not isinstance(value, _ExactNumber) and value.strip().isdigit():
        return _year(int(value.strip()))
    return None


def _cell(address: str, value: Any) -> CellValue:
    """A cell as stored; the fee written as a JSON number keeps its exact digits."""
    kind = fmt.VALUE_CELLS[address].kind
    if isinstance(value, _ExactNumber):
        return str(value) if kind is fmt.CellKind.DECIMAL else float(value)
    if kind is fmt.CellKind.DECIMAL and type(value) is int:
        return str(value)
    if isinstance(value, (list, dict)):
        return None  # nothing a cell can show; reported as a missing value
    if isinstance(value, str) and len(value) > 64:
        return value[:64]
    if type(value) is int and abs(value) > 10**18:
        return str(value)[:20]
    return value  # type: ignore[no-any-return]


def _child(parent: dict[str, Any], key: str) -> dict[str, Any]:
    """parent[key] as an object, replacing whatever else stood there."""
    value = parent.get(key)
    if not isinstance(value, dict):
        value = parent[key] = {}
    return value


def to_document(report: Report) -> dict[str, Any]:
    """The JSON document of a report, keeping unknown keys of the document it came from."""
    doc: dict[str, Any] = copy.deepcopy(report.extra)
    doc["format"] = FORMAT_NAME
    doc["version"] = VERSION
    _child(doc, "meta").update(
        agency=report.meta.agency,
        short_name=report.meta.short_name,
        year=report.meta.year,
        title=report.meta.title,
        publish_date=report.meta.publish_date,
    )
    text = _child(doc, "text")
    for part in fmt.TEXT_PARTS:
        container = text
        *parents, leaf = part.key.split(".")
        for name in parents:
            container = _child(container, name)
        container[leaf] = report.text.get(part.key, "")
    text["titles"] = {k: v for k, v in report.titles.items() if v}
    tables = _child(doc, "tables")
    for address in fmt.ADDRESSES:
        table, row, col = address.split(".")
        _child(_child(tables, table), row)[col] = report.cells.get(address)
    doc["progress"] = {
        "filled": [p for p in PARTS if p in report.review.filled],
        "confirmed": sorted(report.review.confirmed),
    }
    return doc


def dumps(report: Report) -> bytes:
    return (json.dumps(to_document(report), ensure_ascii=False, indent=1) + "\n").encode("utf-8")
