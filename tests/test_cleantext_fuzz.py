"""Drafts with random Unicode in every text field (lone surrogates, C0/C1 controls, astral
characters, non-characters): loading cleans them, and check, save, PDF and workbook export never
raise anything but a Chinese refusal of a character no installed font can draw."""

from __future__ import annotations

import copy
import json
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gaidesk import format as fmt
from gaidesk import rules
from gaidesk.fonts import MissingGlyphError
from gaidesk.pdf import export_pdf
from gaidesk.store import load_report, save_report
from gaidesk.workbook import export_xlsx
from tests.support.paths import SAMPLES

_ODD = "\udc80 \ud83d \udfff \x00 \x0b \x1b \x7f \x85 \x9f \r \t \n \ufffe \uffff \u2028 \u200b"
_odd = st.sampled_from([*_ODD.split(" "), " ", "\ufeff", "\U0001f600", "\U00020000"])
_char = st.one_of(
    _odd,
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),  # common CJK
    st.characters(max_codepoint=0x7F),
    st.characters(min_codepoint=0x10000, max_codepoint=0x10FFFF),  # astral
    st.characters(),  # anything but surrogates
)
_text = st.text(alphabet=_char, max_size=40)


def _text_fields(doc: dict[str, Any]) -> list[tuple[str, ...]]:
    fields: list[tuple[str, ...]] = [
        ("meta", "agency"),
        ("meta", "short_name"),
        ("meta", "title"),
        ("meta", "publish_date"),
    ]
    for part in fmt.TEXT_PARTS:
        fields.append(("text", *part.key.split(".")))
    for part in fmt.TEXT_PARTS:
        if part.retitlable:
            fields.append(("text", "titles", part.key))
    fields += [("tables", "t3", "new", "natural"), ("tables", "t2", "fees", "amount")]
    fields += [("unknown_future_key",), ("meta", "unknown")]
    return fields


@pytest.fixture(scope="module")
def sample_doc() -> dict[str, Any]:
    path = SAMPLES / "dazhai-2025.gaidesk"
    doc: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return doc


def _set(doc: dict[str, Any], where: tuple[str, ...], value: str) -> None:
    for key in where[:-1]:
        doc = doc.setdefault(key, {})
    doc[where[-1]] = value


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_random_unicode_in_every_text_field(
    sample_doc: dict[str, Any], tmp_path: Path, data: st.DataObject
) -> None:
    doc = copy.deepcopy(sample_doc)
    fields = _text_fields(doc)
    texts = data.draw(st.lists(_text, min_size=len(fields), max_size=len(fields)))
    for where, text in zip(fields, texts, strict=True):
        _set(doc, where, text)
    path = tmp_path / "fuzz.gaidesk"
    # As another program may write it: JSON escapes, lone surrogates included.
    path.write_text(json.dumps(doc, ensure_ascii=True), encoding="ascii")

    report = load_report(path)
    findings = rules.check(report)
    save_report(report, path)
    again = load_report(path)
    assert again == report
    assert again.notes == []  # what was saved is clean

    export_xlsx(report, tmp_path / "fuzz.xlsx", findings=findings)
    try:
        export_pdf(report, tmp_path / "fuzz.pdf", findings=findings)
    except MissingGlyphError as exc:
        # The one refusal allowed: a character no font on this machine has (or an unassigned
        # code point), named in Chinese; never a control character, a non-character or half a
        # surrogate pair: those never get this far.
        assert len(exc.char) == 1
        assert unicodedata.category(exc.char) not in ("Cc", "Cs")
        assert exc.char not in "\ufffe\uffff"
        assert "无法打印" in str(exc)
