"""The measures of the printed report: the page and its text block (GB/T 9704) with the sizes and
pitches of the text, the tables' fixed measures, the watermark and the 落款's step."""

from __future__ import annotations

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_TOP = 37 * mm
MARGIN_LEFT = 28 * mm
TEXT_WIDTH = 156 * mm
TEXT_HEIGHT = 225 * mm
MARGIN_BOTTOM = PAGE_HEIGHT - MARGIN_TOP - TEXT_HEIGHT

TITLE_SIZE = 22.0  # 2号
TITLE_LEADING = 34.0
BODY_SIZE = 16.0  # 3号
# The GB/T 9704 text block holds 22 lines of 28 characters of 3号: characters are set on a pitch of
# a 28th of the block's width (a little under their 16 pt size, as Word's document grid does) and
# lines on a pitch of a 22nd of its height, so that the last of 22 lines ends at the block's foot.
CHARS_PER_LINE = 28
LINES_PER_PAGE = 22
BODY_PITCH = TEXT_WIDTH / CHARS_PER_LINE
BODY_TRACKING = BODY_PITCH - BODY_SIZE  # added to each character's advance (negative)
BODY_LEADING = TEXT_HEIGHT / LINES_PER_PAGE
INDENT = 2 * BODY_PITCH  # the first line's indent: two characters
PAGE_NUMBER_SIZE = 14.0  # 4号
PAGE_NUMBER_GAP = 7 * mm  # from the text block's lower edge to the top of the page number line

# Table font sizes and paddings are the tables' own traits (gaidesk.format.Traits).
LABEL_SHARE = 0.28  # of the text width, for the one label column of a table without long labels
# Table 3's data columns are wide enough for a header of this many characters (自然人, 总计) and
# a number of its traits' print_number_digits on one line; longer headers (社会公益组织) wrap.
T3_HEADER_CHARS = 3
CELL_PADDING = 3.0
# A number too wide for its cell at the table's size is shrunk down to the table's
# ``print_number_min_size``, then set condensed down to this share of its width, and only then
# shrunk further.
MIN_CONDENSE = 0.8
GRID_WIDTH = 0.6

WATERMARK = "草稿"
# 落款 (GB/T 9704-2012 7.3.5.2): one blank line below the text, the body's name with two
# characters of space on its right, the date on the next line starting two characters further
# right than the name (or, when the date is the longer, with two characters of space on its right
# and the name moved left to keep the two-character step).
SIGNATURE_STEP = 2 * BODY_SIZE
