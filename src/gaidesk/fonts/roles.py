"""The typographic roles of the printed report (docs/format.md §8) and the faces each may use:
the official faces, searched first, then documented fallbacks found on 信创 Linux desktops."""

from __future__ import annotations

import enum

from gaidesk.errors import ExportError


class Role(enum.StrEnum):
    """A typographic role; its value is the word the PDF's styles and the tests use."""

    TITLE = "title"
    HEADING = "heading"
    SUBHEADING = "subheading"
    BODY = "body"
    TABLE = "table"


TITLE, HEADING, SUBHEADING, BODY, TABLE = Role
ROLES: tuple[Role, ...] = tuple(Role)
ROLE_NAMES: dict[str, str] = {
    TITLE: "标题",
    HEADING: "一级标题",
    SUBHEADING: "二级标题",
    BODY: "正文",
    TABLE: "表格",
}

# Family names as they appear in the fonts' name tables (English and Chinese names both occur).
# After Windows' faces come the same typefaces as 信创 desktops carry them: Founder's (方正) GBK
# and 简体 faces, which come with WPS and office font packs, and the national standard faces of
# CESI (中国电子技术标准化研究院) that UOS and Kylin install.
OFFICIAL_FACES: dict[str, tuple[str, ...]] = {
    TITLE: (
        "FZXiaoBiaoSong-B05S",
        "方正小标宋简体",
        "FZXiaoBiaoSong-B05",
        "方正小标宋_GBK",
        "FZXBSJW--GB1-0",
        "方正小标宋",
        "小标宋体",
        "小标宋",
        "CESI小标宋-GB2312",
        "CESI小标宋-GB13000",
        "CESI小标宋-GB18030",
    ),
    HEADING: (
        "SimHei",
        "黑体",
        "方正黑体_GBK",
        "FZHei-B01",
        "方正黑体简体",
        "FZHei-B01S",
        "CESI黑体-GB2312",
        "CESI黑体-GB13000",
        "CESI黑体-GB18030",
    ),
    SUBHEADING: (
        "KaiTi",
        "楷体",
        "KaiTi_GB2312",
        "楷体_GB2312",
        "STKaiti",
        "华文楷体",
        "方正楷体_GBK",
        "FZKai-Z03",
        "方正楷体简体",
        "FZKai-Z03S",
        "CESI楷体-GB2312",
        "CESI楷体-GB13000",
        "CESI楷体-GB18030",
    ),
    BODY: (
        "FangSong",
        "仿宋",
        "FangSong_GB2312",
        "仿宋_GB2312",
        "STFangsong",
        "华文仿宋",
        "方正仿宋_GBK",
        "FZFangSong-Z02",
        "方正仿宋简体",
        "FZFangSong-Z02S",
        "CESI仿宋-GB2312",
        "CESI仿宋-GB13000",
        "CESI仿宋-GB18030",
    ),
    TABLE: (
        "SimSun",
        "宋体",
        "NSimSun",
        "新宋体",
        "STSong",
        "华文宋体",
        "方正书宋_GBK",
        "FZShuSong-Z01",
        "方正书宋简体",
        "FZShuSong-Z01S",
        "CESI宋体-GB2312",
        "CESI宋体-GB13000",
        "CESI宋体-GB18030",
    ),
}

# Documented fallbacks (Debian/UOS/Kylin packages fonts-arphic-uming, fonts-arphic-ukai,
# fonts-wqy-zenhei, fonts-hanazono; Noto CJK only when a TrueType build is present — the usual
# .ttc files are CFF and are skipped). The title falls back to a Song face drawn bold.
FALLBACK_FACES: dict[str, tuple[str, ...]] = {
    TITLE: (
        "AR PL UMing CN",
        "AR PL UMing TW",
        "Noto Serif CJK SC",
        "Noto Serif SC",
        "HanaMinA",
        "WenQuanYi Zen Hei",
    ),
    HEADING: (
        "WenQuanYi Zen Hei",
        "WenQuanYi Micro Hei",
        "Noto Sans CJK SC",
        "Noto Sans SC",
        "Droid Sans Fallback",
    ),
    SUBHEADING: ("AR PL UKai CN", "AR PL UKai TW", "AR PL KaitiM GB"),
    BODY: ("AR PL UMing CN", "AR PL UMing TW", "Noto Serif CJK SC", "Noto Serif SC", "HanaMinA"),
    TABLE: ("AR PL UMing CN", "AR PL UMing TW", "Noto Serif CJK SC", "Noto Serif SC", "HanaMinA"),
}
# Faces tried, in this order, for a character the role's own face lacks (rare characters).
COVERAGE_FACES: tuple[str, ...] = (
    "SimSun",
    "SimSun-ExtB",
    "SimSun-ExtG",
    "FangSong",
    "KaiTi",
    "SimHei",
    "AR PL UMing CN",
    "AR PL UKai CN",
    "WenQuanYi Zen Hei",
    "HanaMinA",
    "HanaMinB",
)
# Roles for which a fallback face stands in for a bold face and is drawn emboldened.
EMBOLDEN_FALLBACK: frozenset[str] = frozenset({TITLE})

FONT_SUFFIXES = (".ttf", ".ttc", ".otf", ".otc")


class MissingGlyphError(ExportError):
    """A character of the report that no available font can draw."""

    def __init__(self, char: str, where: str, context: str) -> None:
        self.char = char
        self.where = where
        self.context = context
        code = f"U+{ord(char):04X}"
        super().__init__(
            f"字符“{char}”（{code}）无法打印：本机没有任何字体包含这个字。"
            f"位置：{where}，“{context}”。请改用常用字，或把包含这个字的 TrueType 字体"
            f"（.ttf/.ttc）放入字体文件夹后重试。"
        )
