"""The basic information of a report (基本信息): its fields, their labels and what is valid."""

from __future__ import annotations

from typing import NamedTuple

from gaidesk.format.address import meta_address

# A report year outside this range is a typing mistake (draft file, command line, workbook
# import and the year boxes of the program all use it).
MIN_YEAR = 1990
MAX_YEAR = 2200


class MetaField(NamedTuple):
    """A basic-information field of the report."""

    key: str  # the attribute of model.Meta and the key in the draft file, "agency"
    label: str  # 「报告单位」
    required: bool = False  # META-MISSING when empty

    @property
    def address(self) -> str:
        """The field's address, ``meta.`` + key."""
        return meta_address(self.key)


AGENCY = MetaField("agency", "报告单位", required=True)
SHORT_NAME = MetaField("short_name", "单位简称")
YEAR = MetaField("year", "报告年度", required=True)
TITLE = MetaField("title", "报告标题")
PUBLISH_DATE = MetaField("publish_date", "发布日期")

META_FIELDS: tuple[MetaField, ...] = (AGENCY, SHORT_NAME, YEAR, TITLE, PUBLISH_DATE)
META_FIELD_BY_ADDRESS: dict[str, MetaField] = {f.address: f for f in META_FIELDS}
# The fields the rules and the messages name (title and date have defaults and no rule).
NAMED_META_FIELDS: tuple[MetaField, ...] = (AGENCY, SHORT_NAME, YEAR)


def valid_year(year: int) -> bool:
    """Whether a report year lies in the range the program accepts."""
    return MIN_YEAR <= year <= MAX_YEAR
