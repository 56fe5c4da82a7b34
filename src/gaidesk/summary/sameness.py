"""Cross-unit sameness (内容雷同): which two units wrote one narrative part more than half alike.

Comparing every pair of units would cost the square of their number (4.5 million pairs for a
prefecture's 3,000 units), so the candidates come from an index and only they are compared:

1. Each part is cut into sentences and each sentence normalised as ``textcheck`` does (NFKC,
   no punctuation or spaces, every number 「0」). A sentence found in more than ``common_limit``
   units — the official period sentence, a template the county handed out — is common wording:
   it is left out of both texts before they are compared, so it makes nobody alike.
2. The rest is shingled: its runs of ``SHINGLE`` characters, of which a fixed, content-chosen
   quarter is kept (a copied passage keeps the same quarter in both copies). Each kept shingle
   indexes the units whose part holds it; a shingle in more than ``common_limit`` units is
   common wording too and leaves the index. The cost is the units' text plus, per shingle, the
   pairs among at most ``common_limit`` units: it grows linearly with the number of units.
3. Two units whose parts share at least a quarter of the smaller part's kept shingles are
   confirmed with ``sametext.similarity``, the measure of X-SIMILAR (one notion of 「the same」
   for this year against last year and for one unit against another): the share of a part's
   characters in runs also found in the other part. More than half, in either direction, is
   reported.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from gaidesk import format as fmt
from gaidesk import sametext
from gaidesk.rules import SIMILARITY_LIMIT

SHINGLE = 8  # characters of normalised text per shingle
MAX_COMMON_UNITS = 20  # a passage in more units than this is common wording, however many
_SENTENCE_END = re.compile(r"(?<=[。！？；!?;\n])")
_CANDIDATE_SHARE = 0.25  # shared kept shingles, of the smaller part's, to confirm a pair


@dataclass(frozen=True)
class SamePair:
    """Two units (indices into the units compared) whose part ``part`` is alike."""

    part: str  # the text part's key
    first: int
    second: int
    share: float  # the larger of the two directions, 0 to 1
    passage: str  # the start of the passage they share, for the reader


def common_limit(units: int) -> int:
    """In how many units a passage may occur before it counts as common wording: more than
    half of them, and never more than MAX_COMMON_UNITS (two units always can be alike)."""
    return max(2, min(units // 2, MAX_COMMON_UNITS))


def _sentences(text: str) -> list[tuple[str, str]]:
    """(original sentence, normalised sentence) pairs of a part."""
    out = []
    for sentence in _SENTENCE_END.split(text):
        normal = sametext.normalised(sentence)
        if normal:
            out.append((sentence, normal))
    return out


def _kept_shingles(normal: str) -> set[str]:
    """The content-chosen quarter of a text's shingles (the same in every copy of a passage)."""
    return {
        normal[i : i + SHINGLE]
        for i in range(len(normal) - SHINGLE + 1)
        if (ord(normal[i]) + 3 * ord(normal[i + SHINGLE - 1])) % 4 == 0
    }


def find_same(texts: Sequence[dict[str, str] | None]) -> list[SamePair]:
    """Pairs of units whose part is more than half alike; ``texts`` holds each unit's narrative
    by part key (None for a unit without one)."""
    limit = common_limit(sum(1 for t in texts if t is not None))
    split: list[dict[str, list[tuple[str, str]]]] = [
        {k: _sentences(v) for k, v in t.items() if v.strip()} if t is not None else {}
        for t in texts
    ]
    in_units: Counter[str] = Counter()
    for parts in split:
        in_units.update({normal for sentences in parts.values() for _, normal in sentences})
    common = {s for s, n in in_units.items() if n > limit}
    del in_units

    found: list[SamePair] = []
    for part in fmt.TEXT_PARTS:
        own: dict[int, str] = {}  # unit -> its part without the common sentences
        kept: dict[int, set[str]] = {}
        postings: dict[str, list[int]] = {}
        crowded: set[str] = set()
        for unit, parts in enumerate(split):
            sentences = [(o, n) for o, n in parts.get(part.key, ()) if n not in common]
            if not sentences:
                continue
            own[unit] = "".join(o for o, _ in sentences)
            shingles = _kept_shingles("".join(n for _, n in sentences))
            kept[unit] = shingles
            for shingle in shingles:
                if shingle in crowded:
                    continue
                holders = postings.setdefault(shingle, [])
                holders.append(unit)
                if len(holders) > limit:
                    crowded.add(shingle)
                    del postings[shingle]
        shared: Counter[tuple[int, int]] = Counter()
        for holders in postings.values():
            for i, first in enumerate(holders):
                for second in holders[i + 1 :]:
                    shared[first, second] += 1
        for (first, second), count in sorted(shared.items()):
            smaller = min(len(kept[first] - crowded), len(kept[second] - crowded))
            if count < _CANDIDATE_SHARE * smaller:
                continue
            pair = _confirm(part.key, first, second, own[first], own[second])
            if pair is not None:
                found.append(pair)
    found.sort(
        key=lambda p: (p.first, p.second, fmt.TEXT_PARTS.index(fmt.TEXT_PART_BY_KEY[p.part]))
    )
    return found


def _confirm(part: str, first: int, second: int, a: str, b: str) -> SamePair | None:
    if not (sametext.comparable(a) and sametext.comparable(b)):
        return None
    share = max(sametext.similarity(a, b), sametext.similarity(b, a))
    if share <= SIMILARITY_LIMIT:
        return None
    spans, _ = sametext.matching_spans(a, b)
    start, end = max(spans, key=lambda s: s[1] - s[0])
    passage = a[start:end].strip()
    return SamePair(part, first, second, share, passage[:40] + ("…" if len(passage) > 40 else ""))
