"""Which kind of body a report comes from, read from its full name (报告单位).

Two review rules depend on it: a township makes no 规章 (T2-TOWNSHIP), and a government at any
level reports the results of its work assessment, social evaluation and accountability
(S1-OVERSIGHT, 《政府信息公开条例》第五十条). The body is known only by the name the clerk typed,
so the kinds are decided by how the official name of such a body ends.
"""

from __future__ import annotations

# 乡、民族乡、镇人民政府 (苏木 and 民族苏木 in Inner Mongolia) and 街道办事处: the township level.
# Short forms clerks type (「大寨镇政府」「城关街道」) count too.
TOWNSHIP_NAME_ENDINGS: tuple[str, ...] = (
    "乡人民政府",
    "镇人民政府",
    "苏木人民政府",
    "乡政府",
    "镇政府",
    "街道办事处",
    "街道",
)
# A government at any level, 乡镇人民政府 and 街道办事处 up to a province (各级人民政府): its name
# ends with 人民政府 (「政府」 in the short form) or is a township's. Its departments
# (「…人民政府办公室」「…局」) report for themselves and are not governments.
LEVEL_GOVERNMENT_NAME_ENDINGS: tuple[str, ...] = ("政府", *TOWNSHIP_NAME_ENDINGS)


def _name(agency: str) -> str:
    return agency.strip()


def is_township(agency: str) -> bool:
    """Whether the reporting body is a 乡/镇人民政府 or a 街道办事处."""
    return _name(agency).endswith(TOWNSHIP_NAME_ENDINGS)


def is_level_government(agency: str) -> bool:
    """Whether the reporting body is a people's government of some level (or a 街道办事处)."""
    return _name(agency).endswith(LEVEL_GOVERNMENT_NAME_ENDINGS)
