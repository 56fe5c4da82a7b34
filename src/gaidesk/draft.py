"""The ``.gaidesk`` draft file (docs/format.md §6): a report to and from UTF-8 JSON text.

Reading refuses what is not a gaidesk report, a newer version, and broken structure with a
Chinese message; cell values are taken as they are (a wrong value is the VALUE-INVALID rule's to
report, so a county can check a township's file as it was sent). Keys this version does not know
are kept and written back, up to MAX_UNKNOWN_BYTES (more than that is not a gaidesk draft, and
would make every autosave slow). Characters no file can hold are removed from every text as it is
read (see :mod:`gaidesk.cleantext`), with a note on the report saying where.
"""

from __future__ import annotations

import json
import math
import os
import re
from typing import Any

from gaidesk import format as fmt
from gaidesk.cleantext import Cleaner, without_surrogates
from gaidesk.model import PARTS, CellValue, Meta, Report, Review

FORMAT_NAME = "gaidesk-report"
VERSION = 1
MAX_DRAFT_BYTES = 8 * 1024 * 1024  # a real draft is ~10 kB; this leaves room for long texts
MAX_TEXT_CHARS = 200_000  # one narrative part
MAX_NESTING = 32
# What this version does not know, as UTF-8 JSON; written back on every autosave, compactly (see
# dumps): 256 KB of small objects take a few ms, within the autosave budget.
MAX_UNKNOWN_BYTES = 256 * 1024
# An integer with more digits is no count and no year; Python itself refuses to read one of more
# than 4300 digits, so the loader refuses it first, with a message of its own.
MAX_INTEGER_DIGITS = 64


_TRUNCATED = "文件内容不完整，可能在保存时被中断。"


class DraftError(Exception):
    """A draft that cannot be read; ``str()`` is a Chinese message for the clerk."""


class _ExactNumber(str):
    """A JSON number with a fraction or exponent, kept as the text it was written as."""


class _HugeInteger(ValueError):
    def __init__(self, digits: int) -> None:
        super().__init__(digits)
        self.digits = digits


def _parse_int(text: str) -> int:
    digits = len(text.lstrip("-"))
    if digits > MAX_INTEGER_DIGITS:
        raise _HugeInteger(digits)
    return int(text)


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
        doc = json.loads(
            text,
            parse_float=_ExactNumber,
            parse_int=_parse_int,
            parse_constant=_reject_constant,
        )
    except _HugeInteger as exc:
        raise DraftError(
            f"文件里有一个 {exc.digits} 位的数字，不是正常的报告内容，文件可能已损坏。"
        ) from exc
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
    """The Report of a parsed draft document; DraftError (Chinese) when it is not one."""
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

    clean = Cleaner()
    report = Report()

    def text_field(field: fmt.MetaField) -> str:
        return clean(_string(meta, field.key, field.label), field.label)

    report.meta = Meta(
        agency=text_field(fmt.AGENCY),
        short_name=text_field(fmt.SHORT_NAME),
        year=_year(meta.get(fmt.YEAR.key)),
        title=text_field(fmt.TITLE),
        publish_date=text_field(fmt.PUBLISH_DATE),
    )
    for part in fmt.TEXT_PARTS:
        container: dict[str, Any] = text
        *parents, leaf = part.key.split(".")
        for name in parents:
            container = _object(container, name, "报告正文")
        where = fmt.cell_name(part.address)
        report.text[part.key] = clean(_string(container, leaf, where), where, multiline=True)
    titles = text.get("titles", {})
    if not isinstance(titles, dict):
        raise DraftError("报告正文中的小标题部分格式不对，文件可能已损坏。")
    for key, value in titles.items():
        if key in fmt.TEXT_PART_BY_KEY and fmt.TEXT_PART_BY_KEY[key].retitlable:
            if not isinstance(value, str) or len(value) > 200:
                raise DraftError("报告正文中的小标题格式不对，文件可能已损坏。")
            value = clean(value, fmt.cell_name(fmt.TEXT_PART_BY_KEY[key].address) + "的小标题")
            if value:
                report.titles[key] = value
    for address in fmt.ADDRESSES:
        table, row, col = fmt.parse(address).parts
        rows = _object(tables, table, "统计表")
        cells = rows.get(row)
        if cells is not None and not isinstance(cells, dict):
            raise DraftError(f"统计表中“{fmt.cell_name(address)}”所在行格式不对，文件可能已损坏。")
        value = _cell(address, None if cells is None else cells.get(col, None))
        if isinstance(value, str):
            value = clean(value, fmt.cell_name(address))
        report.cells[address] = value
    if "progress" in doc:
        review = _review(doc["progress"])
        if review is None:
            raise DraftError("草稿中的填写进度部分格式不对，文件可能已损坏。")
        report.review = review
    report.extra = _unknown_part(doc, clean)
    report.notes = clean.notes
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


def _known_tree() -> dict[str, Any]:
    """Every key of a draft this version reads, as nested objects; ``True`` marks a leaf."""
    text: dict[str, Any] = {"titles": True}
    for part in fmt.TEXT_PARTS:
        container = text
        *parents, leaf = part.key.split(".")
        for name in parents:
            container = container.setdefault(name, {})
        container[leaf] = True
    tables: dict[str, Any] = {}
    for address in fmt.ADDRESSES:
        table, row, col = fmt.parse(address).parts
        tables.setdefault(table, {}).setdefault(row, {})[col] = True
    meta = dict.fromkeys((field.key for field in fmt.META_FIELDS), True)
    return {
        "format": True,
        "version": True,
        "meta": meta,
        "text": text,
        "tables": tables,
        "progress": True,
    }


_KNOWN = _known_tree()


def _strip_known(value: dict[str, Any], known: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, item in value.items():
        inner = known.get(key)
        if inner is None:
            result[key] = item
        elif inner is not True and isinstance(item, dict):
            rest = _strip_known(item, inner)
            if rest:
                result[key] = rest
    return result


def _unknown_part(doc: dict[str, Any], clean: Cleaner) -> dict[str, Any]:
    """What the document holds beyond the report, bounded, as it will be written back."""
    unknown, removed = without_surrogates(_plain(_strip_known(doc, _KNOWN)))
    if not unknown:
        return {}
    size = len(json.dumps(unknown, ensure_ascii=False).encode("utf-8"))
    if size > MAX_UNKNOWN_BYTES:
        raise DraftError(
            f"草稿里有 {size // 1024} KB 本程序不认识的内容"
            f"（最多 {MAX_UNKNOWN_BYTES // 1024} KB），不像是 gaidesk 保存的报告草稿，没有打开。"
        )
    if removed:
        clean.notes.append(
            f"草稿中本程序不认识的部分有 {removed} 个无法保存的字符（残缺的字符），已删除。"
        )
    return unknown  # type: ignore[no-any-return]


def _plain(value: Any) -> Any:
    """A deep copy with exact numbers turned back into JSON numbers (or their text, for one no
    JSON number can hold, such as 1e999)."""
    if isinstance(value, _ExactNumber):
        number = float(value)
        return number if math.isfinite(number) else str(value)
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
    if type(value) is int and fmt.valid_year(value):
        return value
    if isinstance(value, str) and not isinstance(value, _ExactNumber) and value.strip().isdigit():
        return _year(int(value.strip()))
    return None


def _cell(address: str, value: Any) -> CellValue:
    """A cell as stored; the fee written as a JSON number keeps its exact digits."""
    kind = fmt.VALUE_CELLS[address].kind
    if isinstance(value, _ExactNumber):
        if kind is fmt.CellKind.DECIMAL:
            return str(value)
        number = float(value)
        return number if math.isfinite(number) else str(value)
    if kind is fmt.CellKind.DECIMAL and type(value) is int:
        return str(value)
    if isinstance(value, (list, dict)):
        return None  # nothing a cell can show; reported as a missing value
    if isinstance(value, str) and len(value) > 64:
        return value[:64]
    # An integer (at most MAX_INTEGER_DIGITS digits) is kept exactly, however large: VALUE-INVALID
    # names one beyond MAX_COUNT with all its digits.
    return value  # type: ignore[no-any-return]


def _child(parent: dict[str, Any], key: str) -> dict[str, Any]:
    """parent[key] as an object, replacing whatever else stood there."""
    value = parent.get(key)
    if not isinstance(value, dict):
        value = parent[key] = {}
    return value


def to_document(report: Report, raw: dict[str, str] | None = None) -> dict[str, Any]:
    """The JSON document of a report, with the unknown keys of the document it came from (shared
    with the report: read it, do not change it).

    With ``raw``, each unknown object or list is replaced by a placeholder string, and ``raw``
    maps the placeholder (as JSON) to the value's own compact JSON, for :func:`dumps`.
    """
    doc: dict[str, Any] = {"format": FORMAT_NAME, "version": VERSION}
    doc["meta"] = {field.key: getattr(report.meta, field.key) for field in fmt.META_FIELDS}
    text: dict[str, Any] = {}
    for part in fmt.TEXT_PARTS:
        container = text
        *parents, leaf = part.key.split(".")
        for name in parents:
            container = _child(container, name)
        container[leaf] = report.text.get(part.key, "")
    text["titles"] = {k: v for k, v in report.titles.items() if v}
    doc["text"] = text
    tables: dict[str, Any] = {}
    for address in fmt.ADDRESSES:
        table, row, col = fmt.parse(address).parts
        _child(_child(tables, table), row)[col] = report.cells.get(address)
    doc["tables"] = tables
    doc["progress"] = {
        "filled": [p for p in PARTS if p in report.review.filled],
        "confirmed": sorted(report.review.confirmed),
    }
    _merge_unknown(doc, report.extra, raw, os.urandom(6).hex())
    return doc


def _merge_unknown(
    doc: dict[str, Any], unknown: dict[str, Any], raw: dict[str, str] | None, nonce: str
) -> None:
    """Put the unknown keys back beside the known ones (the known value wins a clash). Only the
    freshly built known objects are changed; the unknown values are shared, not copied."""
    for key, value in unknown.items():
        present = doc.get(key)
        if isinstance(present, dict) and isinstance(value, dict):
            _merge_unknown(present, value, raw, nonce)
        elif key not in doc:
            if raw is not None and isinstance(value, (dict, list)):
                # No known text holds U+0000 (it is cleaned out), and the nonce is random.
                placeholder = f"\x00{nonce}-{len(raw)}\x00"
                raw[json.dumps(placeholder)] = json.dumps(value, ensure_ascii=False)
                value = placeholder
            doc[key] = value


_PLACEHOLDER = re.compile(r'"\\u0000[0-9a-f]{12}-\d+\\u0000"')


def dumps(report: Report) -> bytes:
    """The draft file's bytes: indented JSON, except the unknown objects and lists, written on
    one line each. json indents in Python but writes compact JSON in C: a draft with the largest
    unknown part allowed still saves within the autosave budget."""
    raw: dict[str, str] = {}
    text = json.dumps(to_document(report, raw), ensure_ascii=False, indent=1)
    if raw:
        text = _PLACEHOLDER.sub(lambda m: raw.get(m.group(0), m.group(0)), text)
    return (text + "\n").encode("utf-8")
