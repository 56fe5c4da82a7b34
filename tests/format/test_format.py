"""The format definition rebuilds exactly the label grids of docs/format.md §2–§4."""

from __future__ import annotations

import pytest

from gaidesk import format as fmt


def grid_text(table: fmt.Table) -> dict[tuple[int, int], tuple[str, int, int]]:
    return {(c.row, c.col): (c.text or c.address, c.rowspan, c.colspan) for c in table.grid}


@pytest.mark.parametrize("key", ["t2", "t3", "t4"])
def test_grid_covers_every_position_exactly_once(key: str) -> None:
    table = fmt.TABLES[key]
    seen: set[tuple[int, int]] = set()
    for cell in table.grid:
        for r in range(cell.row, cell.row + cell.rowspan):
            for c in range(cell.col, cell.col + cell.colspan):
                assert (r, c) not in seen
                seen.add((r, c))
    assert len(seen) == table.rows * table.cols


def test_table2_layout() -> None:
    g = grid_text(fmt.TABLES["t2"])
    assert fmt.TABLES["t2"].rows == 14 and fmt.TABLES["t2"].cols == 4
    assert g[(0, 0)] == ("第二十条第（一）项", 1, 4)
    assert [g[(1, c)][0] for c in range(4)] == [
        "信息内容",
        "本年制发件数",
        "本年废止件数",
        "现行有效件数",
    ]
    assert g[(2, 0)][0] == "规章" and g[(3, 0)][0] == "行政规范性文件"
    assert g[(3, 3)] == ("t2.normative_docs.in_force", 1, 1)
    assert g[(4, 0)] == ("第二十条第（五）项", 1, 4)
    assert g[(5, 1)] == ("本年处理决定数量", 1, 3)
    assert g[(6, 0)][0] == "行政许可" and g[(6, 1)] == ("t2.licensing.decisions", 1, 3)
    assert g[(7, 0)] == ("第二十条第（六）项", 1, 4)
    assert g[(9, 0)][0] == "行政处罚" and g[(10, 0)][0] == "行政强制"
    assert g[(11, 0)] == ("第二十条第（八）项", 1, 4)
    assert g[(12, 1)] == ("本年收费金额（单位：万元）", 1, 3)
    assert g[(13, 0)][0] == "行政事业性收费" and g[(13, 1)] == ("t2.fees.amount", 1, 3)
    assert fmt.VALUE_CELLS["t2.fees.amount"].kind is fmt.CellKind.DECIMAL


def test_table3_header_and_merges() -> None:
    t = fmt.TABLES["t3"]
    g = grid_text(t)
    assert (t.rows, t.cols) == (28, 10)
    assert g[(0, 0)] == (
        "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
        3,
        3,
    )
    assert g[(0, 3)] == ("申请人情况", 1, 7)
    assert g[(1, 3)] == ("自然人", 2, 1)
    assert g[(1, 4)] == ("法人或其他组织", 1, 5)
    assert g[(1, 9)] == ("总计", 2, 1)
    assert [g[(2, c)][0] for c in range(4, 9)] == [
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
    ]
    assert g[(3, 0)] == ("一、本年新收政府信息公开申请数量", 1, 3)
    assert g[(4, 0)] == ("二、上年结转政府信息公开申请数量", 1, 3)
    assert g[(5, 0)] == ("三、本年度办理结果", 22, 1)
    assert g[(5, 1)] == ("（一）予以公开", 1, 2)
    assert g[(6, 1)] == ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", 1, 2)
    assert g[(7, 1)] == ("（三）不予公开", 8, 1)
    assert g[(9, 2)][0] == "3.危及“三安全一稳定”"
    assert g[(15, 1)] == ("（四）无法提供", 3, 1)
    assert g[(18, 1)] == ("（五）不予处理", 5, 1)
    assert g[(23, 1)] == ("（六）其他处理", 3, 1)
    assert g[(23, 2)][0] == "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"
    assert g[(26, 1)] == ("（七）总计", 1, 2)
    assert g[(27, 0)] == ("四、结转下年度继续办理", 1, 3)
    assert [r.key for r in fmt.T3_ROWS][:2] == ["new", "carried_in"]
    assert len(fmt.T3_ROWS) == 25 and len(fmt.T3_RESULT_ROWS) == 21
    assert [c.key for c in fmt.T3_COLUMNS] == [
        "natural",
        "commercial",
        "research",
        "social",
        "legal",
        "other",
        "total",
    ]
    assert g[(27, 9)] == ("t3.carried_out.total", 1, 1)


def test_table4_layout() -> None:
    t = fmt.TABLES["t4"]
    g = grid_text(t)
    assert (t.rows, t.cols) == (4, 15)
    assert g[(0, 0)] == ("行政复议", 1, 5)
    assert g[(0, 5)] == ("行政诉讼", 1, 10)
    labels = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    assert [g[(1, c)] for c in range(5)] == [(x, 2, 1) for x in labels]
    assert g[(1, 5)] == ("未经复议直接起诉", 1, 5)
    assert g[(1, 10)] == ("复议后起诉", 1, 5)
    assert [g[(2, c)][0] for c in range(5, 15)] == labels * 2
    assert (
        g[(3, 0)][0] == "t4.review.upheld" and g[(3, 14)][0] == "t4.litigation_after_review.total"
    )


def test_totals_and_addresses() -> None:
    assert len(fmt.ADDRESSES) == 10 + 25 * 7 + 15
    row_total = fmt.VALUE_CELLS["t3.new.total"]
    assert row_total.parts == tuple(
        f"t3.new.{c}" for c in ("natural", "commercial", "research", "social", "legal", "other")
    )
    col_total = fmt.VALUE_CELLS["t3.results_total.legal"]
    assert len(col_total.parts) == 21 and "t3.new.legal" not in col_total.parts
    assert fmt.VALUE_CELLS["t4.review.total"].parts == tuple(
        f"t4.review.{c}" for c in ("upheld", "corrected", "other", "pending")
    )


def test_sections_in_official_order() -> None:
    assert [s.heading for s in fmt.SECTIONS] == [
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ]
    assert [p.heading for p in fmt.SECTIONS[0].parts] == [
        "",  # the lead paragraph of 一, before （一）
        "（一）主动公开",
        "（二）依申请公开",
        "（三）政府信息管理",
        "（四）政府信息公开平台建设",
        "（五）监督保障",
    ]
    assert [p.heading for p in fmt.SECTIONS[4].parts] == ["（一）主要问题", "（二）改进情况"]
    assert (
        fmt.default_title("淮安市人民政府", 2024) == "淮安市人民政府2024年政府信息公开工作年度报告"
    )


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("１２", 12), (" 1 234 ", 1234), ("1,234", 1234), ("１，２３４", 1234), ("", 0)],
)
def test_cell_input_understood(typed: str, expected: int) -> None:
    from gaidesk.model import parse_cell_input

    assert parse_cell_input("t3.new.natural", typed) == expected


@pytest.mark.parametrize("typed", ["12,5", "1,2345", "abc", "-3", "2.5", "１二"])
def test_cell_input_refused(typed: str) -> None:
    from gaidesk.model import InputError, parse_cell_input

    with pytest.raises(InputError):
        parse_cell_input("t3.new.natural", typed)


@pytest.mark.parametrize("typed", ["-3", "－3", "−3", "-1,000"])
def test_negative_input_is_called_negative(typed: str) -> None:
    from gaidesk.model import InputError, parse_cell_input

    with pytest.raises(InputError, match="负数"):
        parse_cell_input("t3.new.natural", typed)


def test_fee_input_keeps_its_digits() -> None:
    from gaidesk.model import InputError, parse_cell_input

    assert parse_cell_input("t2.fees.amount", "190.457379") == "190.457379"
    assert parse_cell_input("t2.fees.amount", "7,730.28") == "7730.28"
    with pytest.raises(InputError):
        parse_cell_input("t2.fees.amount", "7730,28")
