"""How much of a narrative part is the same as another text: last year's part (X-SIMILAR) or
another unit's (SUM-SIMILAR).

Sameness is measured as the share of this text's characters that lie in a run of at
least ``RUN`` consecutive characters also found in the other text (punctuation and spaces
ignored, every number treated as the same number). This is how plagiarism checkers for Chinese
text work: a copied sentence is covered entirely, a copied sentence with new figures or a new
year is still covered, while two texts written independently on the same subject share only
short stock phrases (政府信息, 公开工作) and stay low. Pure functions, cached on their arguments.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from gaidesk import format as fmt

RUN = 6  # characters; shorter common runs are stock phrases (政府信息), not copying
# Parts shorter than this are not compared: 「无」 or the format's own one-line answers. A stock
# slogan of a sentence (22 characters) copied from last year is compared, and warned about.
MIN_CHARS = 12
# The format's own wording, the same every year by design: not counted as copying.
STOCK_SENTENCES = (fmt.NO_FEE_SENTENCE,)

Spans = tuple[tuple[int, int], ...]  # (start, end) character ranges of a text


@lru_cache(maxsize=256)
def _mapped(text: str) -> tuple[str, Spans]:
    """The text as compared (NFKC, punctuation and spaces dropped, every number as 「0」) and,
    for each of its characters, the range of the original text it comes from."""
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    for i, ch in enumerate(text):
        for c in unicodedata.normalize("NFKC", ch):
            if not c.isalnum():  # punctuation, spaces, symbols (and 「_」, as regex \W does)
                continue
            if c.isdecimal():
                if out and out[-1] == "0":  # one number, however many digits: 「1,234」 is 「0」
                    spans[-1] = (spans[-1][0], i + 1)
                    continue
                c = "0"
            out.append(c)
            spans.append((i, i + 1))
    return "".join(out), tuple(spans)


def _normalise(text: str) -> str:
    return _mapped(text)[0]


def normalised(text: str) -> str:
    """The text as sameness compares it: NFKC, without punctuation and spaces, every number
    written 「0」 (the county's summary shingles this form across units)."""
    return _normalise(text)


@lru_cache(maxsize=64)
def _runs(text: str) -> frozenset[str]:
    return frozenset(text[i : i + RUN] for i in range(len(text) - RUN + 1))


def _covered(na: str, nb: str) -> list[bool]:
    """For each character of na, whether it lies in a run of RUN characters also in nb."""
    if na == nb:
        return [True] * len(na)
    covered = [False] * len(na)
    if len(na) < RUN or len(nb) < RUN:
        return covered
    grams = _runs(nb)
    for i in range(len(na) - RUN + 1):
        if na[i : i + RUN] in grams:
            covered[i : i + RUN] = [True] * RUN
    return covered


def similarity(a: str, b: str) -> float:
    """How much of ``a`` (this year's text) is found in ``b`` (last year's), from 0 to 1.

    The share of a's characters covered by runs of at least RUN characters that also occur in b,
    after dropping punctuation and spaces and treating every number alike.
    """
    return _similarity(a, b)


@lru_cache(maxsize=256)
def _similarity(a: str, b: str) -> float:
    na, nb = _normalise(a), _normalise(b)
    if not na or not nb:
        return 0.0
    return sum(_covered(na, nb)) / len(na)


@lru_cache(maxsize=64)
def matching_spans(a: str, b: str) -> tuple[Spans, Spans]:
    """Where this year's text ``a`` and last year's ``b`` say the same: the (start, end) ranges
    of each (in its own characters) that make up the sameness of similarity(a, b)."""
    (na, map_a), (nb, map_b) = _mapped(a), _mapped(b)
    if not na or not nb:
        return (), ()
    return _ranges(_covered(na, nb), map_a), _ranges(_covered(nb, na), map_b)


def _ranges(covered: list[bool], spans: Spans) -> Spans:
    """Covered characters as ranges of the original text, joined across the punctuation and
    spaces between two covered characters."""
    out: list[tuple[int, int]] = []
    previous = False
    for flag, (start, end) in zip(covered, spans, strict=True):
        if flag and previous and out:
            out[-1] = (out[-1][0], end)
        elif flag:
            out.append((start, end))
        previous = flag
    return tuple(out)


def comparable(text: str) -> bool:
    """Whether a part is long enough for a sameness verdict, the format's stock sentences aside."""
    normal = _normalise(text)
    for stock in STOCK_SENTENCES:
        normal = normal.replace(_normalise(stock), "")
    return len(normal) >= MIN_CHARS
