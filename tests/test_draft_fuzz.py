"""The draft loader under bad input: every case is a DraftError with a Chinese message, or a
report whose bad cells the VALUE-INVALID rule names — never another exception."""

from __future__ import annotations

import copy
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gaidesk import draft, rules
from gaidesk.draft import DraftError
from gaidesk.model import Report, is_valid
from gaidesk.store import drafts as store_drafts
from gaidesk.store import load_report

BAD_VALUES: list[Any] = [
    None,
    "",
    "十七",
    "１２",
    "12",
    -1,
    -(10**40),
    10**40,
    1.5,
    3.0,
    1e308,
    True,
    [],
    [1, 2],
    {},
    {"a": 1},
    "x" * 300_000,
]


def _has_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def _check_outcome(path: Path, doc: Any = None) -> Report | None:
    """Load; a refusal must be a DraftError with a Chinese message. Returns the report."""
    try:
        report = load_report(path)
    except DraftError as exc:
        assert _has_cjk(str(exc)), str(exc)
        return None
    # Whatever a cell holds that is not a valid value is named by VALUE-INVALID.
    invalid = {a for a, v in report.cells.items() if not is_valid(a, v)}
    named = {c for f in rules.check(report) if f.rule == "VALUE-INVALID" for c in f.cells}
    assert invalid <= named
    return report


def _write(tmp_path: Path, data: bytes | str, name: str = "f.gaidesk") -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def _leaves(doc: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Paths to every value of a document (objects and leaves alike)."""
    if isinstance(doc, dict):
        for key, value in doc.items():
            yield (*prefix, key)
            yield from _leaves(value, (*prefix, key))


def _set(doc: Any, path: tuple[Any, ...], value: Any) -> None:
    for key in path[:-1]:
        doc = doc[key]
    doc[path[-1]] = value


def _delete(doc: Any, path: tuple[Any, ...]) -> None:
    for key in path[:-1]:
        doc = doc[key]
    del doc[path[-1]]


@pytest.fixture
def sample_doc(dazhai_path: Path) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(dazhai_path.read_text(encoding="utf-8"))
    return doc


def test_truncated_at_many_offsets(dazhai_path: Path, tmp_path: Path) -> None:
    data = dazhai_path.read_bytes()
    offsets = sorted(set(range(0, len(data), max(1, len(data) // 300))) | {1, 2, len(data) - 2})
    refused = 0
    for n in offsets:
        path = _write(tmp_path, data[:n])
        if _check_outcome(path) is None:
            refused += 1
        assert path.read_bytes() == data[:n]  # never touched
    assert refused == len(offsets)


def test_wrong_types_everywhere(sample_doc: dict[str, Any], tmp_path: Path) -> None:
    paths = list(_leaves(sample_doc))
    assert len(paths) > 200
    loaded = refused = 0
    for where in paths:
        for bad in BAD_VALUES:
            doc = copy.deepcopy(sample_doc)
            _set(doc, where, bad)
            path = _write(tmp_path, json.dumps(doc, ensure_ascii=False))
            if _check_outcome(path) is None:
                refused += 1
            else:
                loaded += 1
    assert loaded and refused


def test_bad_cells_are_loaded_and_named(sample_doc: dict[str, Any], tmp_path: Path) -> None:
    doc = copy.deepcopy(sample_doc)
    doc["tables"]["t3"]["new"]["natural"] = -3
    doc["tables"]["t3"]["new"]["commercial"] = 2.5
    doc["tables"]["t3"]["new"]["research"] = "七"
    doc["tables"]["t3"]["new"]["social"] = 10**30
    doc["tables"]["t2"]["fees"]["amount"] = -1
    del doc["tables"]["t4"]["review"]["upheld"]
    report = _check_outcome(_write(tmp_path, json.dumps(doc, ensure_ascii=False)))
    assert report is not None
    named = {c for f in rules.check(report) if f.rule == "VALUE-INVALID" for c in f.cells}
    assert {
        "t3.new.natural",
        "t3.new.commercial",
        "t3.new.research",
        "t3.new.social",
        "t2.fees.amount",
        "t4.review.upheld",
    } <= named


def test_missing_keys(sample_doc: dict[str, Any], tmp_path: Path) -> None:
    for where in list(_leaves(sample_doc)):
        doc = copy.deepcopy(sample_doc)
        _delete(doc, where)
        report = _check_outcome(_write(tmp_path, json.dumps(doc, ensure_ascii=False)))
        if where in (("format",), ("version",)):
            assert report is None


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n",
        "null",
        "[]",
        "42",
        '"gaidesk-report"',
        '{"format": "gaidesk-report"}',
        '{"format": "gaidesk-report", "version": "1"}',
        '{"format": "gaidesk-report", "version": 0}',
        '{"format": "gaidesk-report", "version": 1.0}',
        '{"format": "gaidesk-report", "version": 2}',
        '{"format": "other", "version": 1}',
        '{"format": "gaidesk-report", "version": 1, "meta": []}',
        '{"format": "gaidesk-report", "version": 1, "tables": {"t3": []}}',
        '{"format": "gaidesk-report", "version": 1, "tables": {"t3": {"new": 5}}}',
        '{"format": "gaidesk-report", "version": 1, "text": {"overview": "x"}}',
        '{"format": "gaidesk-report", "version": 1, "text": {"titles": {"overview.active": 5}}}',
        '{"format": "gaidesk-report", "version": 1, "meta": {"year": NaN}}',
        '{"format": "gaidesk-report", "version": 1, "meta": {"year": Infinity}}',
        '{"format": "gaidesk-report", "version": 1, "meta": {"year": 1e999}}',
        '{"format": "gaidesk-report", "version": 1, "meta": {"year": 99999999999999999999}}',
        '{"format": "gaidesk-report", "version": 1, "meta": {"agency": 5}}',
        '{"format": "gaidesk-report", "version": 1}{"format": "x"}',
        '{"format": "gaidesk-report", "format": "gaidesk-report", "version": 1}',
    ],
)
def test_odd_documents(tmp_path: Path, text: str) -> None:
    _check_outcome(_write(tmp_path, text))


@pytest.mark.parametrize(
    "data",
    [
        b"\xff\xfe{\x00",
        b"\xef\xbb\xbf",
        b"PK\x03\x04" + bytes(200),  # an xlsx/zip renamed
        b"%PDF-1.7\n" + bytes(100),
        bytes(range(256)),
    ],
)
def test_binary_junk(tmp_path: Path, data: bytes) -> None:
    assert _check_outcome(_write(tmp_path, data)) is None


@pytest.mark.parametrize("depth", [40, 1_000, 100_000, 3_000_000])
def test_deep_nesting(tmp_path: Path, depth: int) -> None:
    head = '{"format": "gaidesk-report", "version": 1, "meta": {"x": '
    text = head + "[" * depth + "]" * depth + "}}"
    assert _check_outcome(_write(tmp_path, text)) is None
    objects = head + '{"a": ' * depth + "1" + "}" * depth + "}}"
    assert _check_outcome(_write(tmp_path, objects)) is None


def test_huge_numbers_and_long_texts(sample_doc: dict[str, Any], tmp_path: Path) -> None:
    doc = copy.deepcopy(sample_doc)
    text = json.dumps(doc, ensure_ascii=False)
    text = text.replace('"natural": 0', '"natural": ' + "9" * 5000, 1)
    _check_outcome(_write(tmp_path, text))
    doc["text"]["preface"] = "字" * (draft.MAX_TEXT_CHARS + 1)
    assert _check_outcome(_write(tmp_path, json.dumps(doc, ensure_ascii=False))) is None


def test_file_over_100_mb_is_refused_by_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "big.gaidesk"
    with open(path, "wb") as f:  # sparse: no 100 MB written to the disk
        f.write(b'{"format": "gaidesk-report", "version": 1, "x": "')
        f.truncate(101 * 1024 * 1024)
    reads: list[int] = []
    real = store_drafts.read_limited

    def counting(p: Path) -> bytes:
        data = real(p)
        reads.append(len(data))
        return data

    monkeypatch.setattr(store_drafts, "read_limited", counting)
    with pytest.raises(DraftError, match="太大"):
        load_report(path)
    assert reads == []  # refused from its size alone

    # Even if the size were misreported (a file growing meanwhile), no more than the limit is read.
    real_stat = os.stat

    def small_stat(p: Any, *args: Any, **kwargs: Any) -> os.stat_result:
        result = real_stat(p, *args, **kwargs)
        if Path(p) == path:
            values = list(result)
            values[6] = 1000  # st_size
            return os.stat_result(values)
        return result

    monkeypatch.setattr(os, "stat", small_stat)
    with pytest.raises(DraftError, match="太大"):
        load_report(path)
    assert reads == [draft.MAX_DRAFT_BYTES + 1]


_json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=20,
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(where=st.integers(min_value=0), value=_json_values)
def test_random_values_anywhere(
    sample_doc: dict[str, Any], tmp_path: Path, where: int, value: Any
) -> None:
    paths = list(_leaves(sample_doc))
    doc = copy.deepcopy(sample_doc)
    _set(doc, paths[where % len(paths)], value)
    _check_outcome(_write(tmp_path, json.dumps(doc, ensure_ascii=False)))


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.binary(max_size=300))
def test_random_bytes(tmp_path: Path, data: bytes) -> None:
    _check_outcome(_write(tmp_path, data))


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(cut=st.integers(min_value=0), junk=st.binary(max_size=20))
def test_random_corruption(dazhai_path: Path, tmp_path: Path, cut: int, junk: bytes) -> None:
    data = dazhai_path.read_bytes()
    n = cut % len(data)
    _check_outcome(_write(tmp_path, data[:n] + junk + data[n + len(junk) :]))


def test_cut_inside_a_character_is_called_incomplete(dazhai_path: Path) -> None:
    data = dazhai_path.read_bytes()
    cut = data.index("镇".encode()) + 1  # inside the three bytes of a character
    with pytest.raises(DraftError, match="不完整"):
        draft.parse(data[:cut])
