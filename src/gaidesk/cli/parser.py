"""The command line's arguments, with argparse's own messages in Chinese."""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NoReturn

if TYPE_CHECKING:
    pass
from gaidesk.cli.common import (
    EXIT_UNREADABLE,
)

_ARGPARSE_MESSAGES = (
    (r"the following arguments are required: (.*)", "缺少必需的参数：{0}"),
    (r"unrecognized arguments: (.*)", "无法识别的参数：{0}"),
    (r"argument (\S+): invalid int value: '(.*)'", "参数 {0} 需要一个整数，“{1}”不是整数"),
    (r"argument (\S+): expected one argument", "参数 {0} 后面需要跟一个值"),
    (r"argument (\S+): invalid choice: '?([^' ]*)'?.*", "“{1}”不是可用的子命令"),
)


class _Parser(argparse.ArgumentParser):
    """argparse with Chinese headings and error messages."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("add_help", False)
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        self.add_argument("-h", "--help", action="help", help="显示本帮助并退出")

    def error(self, message: str) -> NoReturn:
        for pattern, chinese in _ARGPARSE_MESSAGES:
            m = re.fullmatch(pattern, message)
            if m:
                message = chinese.format(*m.groups())
                break
        self.print_usage(sys.stderr)
        self.exit(EXIT_UNREADABLE, f"{self.prog}：{message}\n（用 {self.prog} -h 查看用法）\n")


class _Formatter(argparse.RawDescriptionHelpFormatter):
    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, prefix="用法：" if prefix is None else prefix)


def build_parser() -> _Parser:
    """The parser of the verbs, with their help in Chinese."""
    parser = _Parser(
        prog="gaidesk",
        description=(
            "gaidesk：填写、检查、保存和打印《政府信息公开工作年度报告》。\n"
            "不带子命令时打开程序窗口；gaidesk 文件 直接打开这份草稿。"
        ),
        epilog=(
            "退出码：0 没有错误（可以有提醒），1 有错误或操作失败，2 文件无法读取或参数有误。\n"
            "草稿默认保存在本用户的数据文件夹，可用 --data-dir 或环境变量 GAIDESK_DATA_DIR 更改。"
        ),
    )
    parser.add_argument(
        "--data-dir", metavar="文件夹", help="数据文件夹（草稿、回收站、字体），例如U盘上的文件夹"
    )
    sub = parser.add_subparsers(dest="verb", metavar="子命令", parser_class=_Parser)

    check = sub.add_parser(
        "check",
        help="检查一个或多个草稿的全部规则",
        description="检查草稿：表内加总、勾稽关系、正文与表格是否一致等全部规则。",
        epilog="退出码：0 没有错误（可以有提醒），1 至少一处错误，2 有文件无法读取。",
    )
    check.add_argument("files", nargs="+", metavar="文件", help="要检查的 .gaidesk 草稿")
    check.add_argument(
        "--previous", metavar="上年草稿", help="上年报告，用于核对上年结转、现行有效件数和正文重复"
    )
    check.add_argument("--json", action="store_true", help="以 JSON 输出（多个文件时为列表）")

    new = sub.add_parser(
        "new",
        help="新建报告草稿（可从上年报告接续）",
        description=(
            "新建报告草稿。用 --from 给出上年报告时，单位和简称沿用上年，年度为上年加一，\n"
            "本年“上年结转”按上年“结转下年度继续办理”逐列填好，“现行有效件数”以上年数为起点；\n"
            "正文留空（编辑时会在旁边显示上年的正文以供参考）。"
        ),
    )
    new.add_argument("--agency", metavar="单位全称", help="报告单位，例如 大寨镇人民政府")
    new.add_argument("--year", type=int, metavar="年度", help="报告年度，例如 2026")
    new.add_argument("--short-name", metavar="简称", help="标题中用的简称，默认由单位名得出")
    new.add_argument("--from", dest="source", metavar="上年草稿", help="从上年报告接续")
    new.add_argument(
        "-o", "--output", metavar="输出文件", help="新草稿的文件；不给时放在草稿文件夹中"
    )
    new.add_argument("--force", action="store_true", help="输出文件已存在时覆盖它")

    export = sub.add_parser(
        "export",
        help="导出 PDF、Excel、Word 或网站发布版",
        description=(
            "导出 PDF（可直接打印）、Excel 表格、Word 文档或网站发布版"
            "（可粘贴到网站编辑器的网页）。有错误的报告只会导出为“草稿”。"
        ),
    )
    export.add_argument("file", metavar="文件", help="要导出的 .gaidesk 草稿")
    export.add_argument("--pdf", metavar="输出.pdf", help="导出 PDF 到这个文件")
    export.add_argument("--xlsx", metavar="输出.xlsx", help="导出 Excel 工作簿到这个文件")
    export.add_argument("--docx", metavar="输出.docx", help="导出 Word 文档到这个文件")
    export.add_argument(
        "--html", metavar="输出.html", help="导出网站发布版（可粘贴到网站编辑器的网页）到这个文件"
    )

    imp = sub.add_parser(
        "import",
        help="从 Excel 工作簿或保存的网页导入报告",
        description="从含有官方统计表的 Excel 工作簿（.xlsx）或保存的年度报告网页（.html、.htm）"
        "导入，生成新的草稿（不会覆盖已有文件）。网页的正文（各部分文字）也一并导入。",
    )
    imp.add_argument("file", metavar="文件", help="Excel 工作簿（.xlsx）或保存的年度报告网页")
    imp.add_argument("-o", "--output", required=True, metavar="输出.gaidesk", help="新草稿的文件")

    add_summary_parser(sub)
    return parser


def build_window_parser() -> _Parser:
    """The parser when no verb is given: the window, optionally on a draft."""
    parser = _Parser(prog="gaidesk", description="打开 gaidesk 程序窗口。")
    parser.add_argument("--data-dir", metavar="文件夹", help="数据文件夹（草稿、回收站、字体）")
    parser.add_argument("file", nargs="?", metavar="文件", help="要打开的 .gaidesk 草稿")
    return parser


def first_positional(argv: Sequence[str]) -> str | None:
    """The first argument that is not an option (or an option's value), or None."""
    skip = False
    for arg in argv:
        if skip:
            skip = False
            continue
        if arg == "--data-dir":
            skip = True
            continue
        if arg == "--":
            return None
        if not arg.startswith("-"):
            return arg
    return None


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
