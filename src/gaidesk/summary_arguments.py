"""The arguments of ``gaidesk summary`` (docs/format.md §7). Kept out of the ``summary`` package,
which imports the rules: this module imports nothing, so building the command line stays quick."""

from __future__ import annotations

from typing import Any


def add_summary_parser(sub: Any) -> None:
    """Add the ``summary`` verb to the command line's sub-parsers."""
    summ = sub.add_parser(
        "summary",
        help="审核汇总：检查一批单位的报告并汇总",
        description=(
            "审核汇总：读取各单位的报告（.gaidesk 草稿、.xlsx 工作簿、.html 网页，\n"
            "文件夹中逐层查找），"
            "逐份检查全部规则，对照名单找出未报、重复报送、不在名单上的单位和年度不对的报告，\n"
            "找出正文一半以上相同（内容雷同）的单位，并把表二、表三、表四汇总成一张表再检查。"
        ),
        epilog=(
            "退出码：0 没有错误（可以有提醒），1 有错误（报告有错误、名单上的单位未报、\n"
            "重复报送、年度不对、汇总表不平衡）或输出失败，2 有文件无法读取或参数有误。"
        ),
    )
    summ.add_argument("paths", nargs="+", metavar="文件或文件夹", help="各单位的报告或所在文件夹")
    summ.add_argument(
        "--roster", metavar="名单", help="应报单位名单：文本文件每行一个，或工作簿中的单位名称列"
    )
    summ.add_argument("--year", type=int, metavar="年度", help="报告年度；不给时取最多报告的年度")
    summ.add_argument(
        "--previous", metavar="上年文件夹", help="上年各单位的报告，按单位名称逐一核对"
    )
    summ.add_argument("--xlsx", metavar="输出.xlsx", help="把审核结果和汇总表导出为 Excel 工作簿")
    summ.add_argument("--pdf", metavar="输出.pdf", help="把审核清单导出为可打印的 PDF")
    summ.add_argument("--json", action="store_true", help="以 JSON 输出")
