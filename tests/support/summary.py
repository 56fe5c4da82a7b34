"""A county's folder of reports for the summary tests and benchmark, made from the samples.

Every unit gets its own body, balanced numbers and a narrative of its own (characters drawn at
random from the vocabulary of these reports, so two units share no passage unless a test copies
one), the official period sentence and fee sentence being the boilerplate all units share.
"""

from __future__ import annotations

import random
from pathlib import Path

from gaidesk import format as fmt
from gaidesk.model import Report
from gaidesk.store import load_report, save_report
from tests.support.paths import SAMPLES
from tests.support.rules import fill_balanced

_VOCABULARY = (
    "政务公开信息工作推进规范管理平台服务群众监督考核制度落实完善加强建设发布渠道申请办理"
    "答复依法及时准确全面提升质量水平宣传培训队伍机制健全目录标准流程数据安全保障乡村振兴"
    "民生财政预算决算重点领域解读回应关切便民中心栏目网站新媒体"
)
_PLACES = "东西南北上下新老金银青白石桥河山湖林花云泉水岗坪岭台"


def body_names(count: int, seed: int = 7) -> list[str]:
    """``count`` different township names: 「金桥镇人民政府」…"""
    rng = random.Random(seed)
    places = 2 if count <= 500 else 3  # two characters give 1,300 names, three 31,200
    names: list[str] = []
    while len(names) < count:
        name = "".join(rng.sample(_PLACES, places)) + rng.choice("镇乡") + "人民政府"
        if name not in names:
            names.append(name)
    return names


def sentence(rng: random.Random, length: int = 24) -> str:
    return "".join(rng.choice(_VOCABULARY) for _ in range(length)) + "。"


def narrative(rng: random.Random, year: int) -> dict[str, str]:
    """A narrative of the unit's own: 2-4 sentences per part."""
    text = {p.key: "".join(sentence(rng) for _ in range(rng.randint(2, 4))) for p in fmt.TEXT_PARTS}
    text[fmt.PREFACE.key] = fmt.period_sentence(year) + sentence(rng)
    text[fmt.FEE_PART.key] = fmt.NO_FEE_SENTENCE + sentence(rng)
    # 条例第五十条's results, which every level of government reports (S1-OVERSIGHT).
    text[fmt.OVERSIGHT_PART.key] += "年终开展工作考核和社会评议。" + fmt.NO_ACCOUNTABILITY_SENTENCE
    return text


def unit_report(body: str, year: int, seed: int) -> Report:
    """A clean report of ``body`` built on one of the samples (alternately)."""
    rng = random.Random(seed)
    samples = sorted(SAMPLES.glob("*.gaidesk"))
    report = load_report(samples[seed % len(samples)])
    report.meta.agency = body
    report.meta.short_name = ""
    report.meta.title = ""
    report.meta.year = year
    report.text.update(narrative(rng, year))
    fill_balanced(report, rng.randint)
    return report


def write_unit(report: Report, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    save_report(report, path, keep_version=False)
    return path
