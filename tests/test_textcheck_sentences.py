"""TEXT-NUMBER on sentences from published reports: each gives exactly its expected reading.

The table lives in tests/data/text-number-sentences.json (where every sentence came from, the
table-3/table-4 totals it is compared with, what must be read and what must be flagged).
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from gaidesk import format as fmt
from gaidesk import rules, textcheck
from gaidesk.model import Report
from tests.support.paths import DATA

DATA = json.loads((DATA / "text-number-sentences.json").read_text(encoding="utf-8"))
SENTENCES: list[dict[str, Any]] = DATA["sentences"]
T4_KEYS = {g.key for g in fmt.T4_GROUPS}


def report_with(table: dict[str, int], text: str) -> Report:
    report = Report.blank("某镇人民政府", 2025)
    for address in fmt.ADDRESSES:
        if fmt.VALUE_CELLS[address].kind is fmt.CellKind.COUNT:
            report.cells[address] = 0
    for key, value in table.items():
        table_key = "t4" if key in T4_KEYS else "t3"
        column = fmt.T4_TOTAL_COLUMN if key in T4_KEYS else fmt.T3_TOTAL_COLUMN
        report.cells[f"{table_key}.{key}.{column}"] = value
    report.text["overview.on_request"] = text
    return report


def table_value(table: dict[str, int], topic: str) -> int:
    """What the table says for a topic, from the data's row keys (the rules' own mapping)."""
    report = report_with(table, "")
    return sum(report.count(a) or 0 for a in rules._TOPIC_CELLS[topic])


def test_the_collection_is_large_and_varied() -> None:
    texts = {s["text"] for s in SENTENCES}
    assert len(texts) >= 60
    with_parts = [t for t in texts if any(m in t for m in ("其中", "含", "包括", "分别"))]
    assert len(with_parts) >= 30
    assert all(s["source"] for s in SENTENCES)
    assert sum(1 for s in SENTENCES if s["warns"] and s["table_from"] == "published") >= 1
    assert sum(1 for s in SENTENCES if s["warns"]) >= 8
    topics = {topic for s in SENTENCES for topic, _ in s["reads"]}
    totals = {textcheck.NEW, textcheck.CARRIED_IN, textcheck.ANSWERED, textcheck.CARRIED_OUT}
    assert totals | {textcheck.REVIEW, textcheck.LITIGATION} <= topics
    assert len(topics & set(textcheck.RESULT_GROUP_BY_NAME)) >= 5


@pytest.mark.parametrize("case", SENTENCES, ids=[str(i) for i in range(len(SENTENCES))])
def test_sentence_reads_as_expected(case: dict[str, Any]) -> None:
    text, table = case["text"], case["table"]
    read = [[s.topic, s.value] for s in textcheck.statements(text)]
    assert read == case["reads"]
    # The data is consistent: exactly the counts that differ from the table are to be flagged.
    differ = {topic for topic, value in case["reads"] if table_value(table, topic) != value}
    assert differ == set(case["warns"])

    report = report_with(table, text)
    found = [f for f in rules.check(report) if f.rule == "TEXT-NUMBER"]
    flagged = {
        s.topic
        for s in textcheck.statements(text)
        for f in found
        if f"正文“{s.quote}”" in f.message and f.cells[1:] == rules._TOPIC_CELLS[s.topic]
    }
    assert flagged == set(case["warns"])
    for f in found:
        assert f.cells[0] == "text.overview.on_request" and "表中为 " in f.message


def test_the_message_names_what_was_compared() -> None:
    text = "共收到政府信息公开申请2件，办结2件，其中公开答复1件，无法提供1件。"
    table = {"new": 2, "results_total": 2, "granted": 2, "unable_not_held": 1}
    (finding,) = [f for f in rules.check(report_with(table, text)) if f.rule == "TEXT-NUMBER"]
    assert finding.message == (
        "一、总体情况（二）依申请公开：正文“其中公开答复1件”对应“予以公开”，表中为 2，相差 1"
    )
    assert finding.cells == ("text.overview.on_request", "t3.granted.total")
    denied = {"new": 2, "results_total": 2, "granted": 1, "denied_state_secret": 1}
    (finding,) = [f for f in rules.check(report_with(denied, text)) if f.rule == "TEXT-NUMBER"]
    assert "对应“无法提供”，表中为 0" in finding.message
    assert finding.cells[1:] == tuple(f"t3.{r}.total" for r in fmt.T3_RESULT_ROWS[10:13])
