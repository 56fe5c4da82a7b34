"""Measure every budget of docs/design.md §3 against its baseline, in one run on one machine.

    python benchmarks/run.py [--repeat 7] [--dist dist] [--build] [--no-write]
                             [--only startup,keystroke,pdf,html,docx,autosave,sizes]

| budget (docs/design.md §3)              | measured here                                      |
|-----------------------------------------|----------------------------------------------------|
| start to an interactive window ≤ 1.3×   | process start → first window exposed and the event |
|   a bare PySide6 window                 |   loop idle; gaidesk FILE and the home screen vs a |
|                                         |   bare QWidget, separate processes, medians        |
| all rules after one keystroke ≤ 1 ms    | rules.check after a cell change; the GUI path      |
|   (colour in the same event-loop turn)  |   (model.setData → ReportDocument → dataChanged)   |
| PDF of a full report ≤ 1.5× reportlab   | gaidesk.pdf on the sample vs reportlab's platypus  |
|   alone, same three tables, same font   |   drawing the three official tables, same font     |
| web version ≤ the PDF's time            | gaidesk.webpage.render_html on the sample vs       |
|                                         |   gaidesk.pdf.render_pdf_bytes, alternating        |
| Word document of the sample ≤ its PDF   | gaidesk.docx_export on the sample vs gaidesk.pdf   |
|                                         |   on the same report, alternating                  |
| printing reaches the printer ≤ 3 s      | print job (render + send the pages) to a PDF file  |
|                                         |   printer, on its thread, window loop running      |
| autosave ≤ 10 ms                        | store.save_report on the sample (autosave mode),   |
|                                         |   and with the largest unknown part a draft may hold |
| frozen Linux onedir ≤ 120 MB            | du of dist/gaidesk (and the .deb, for the record)  |
| memory after start ≤ 1.3× bare window   | RSS when the first window is shown, same processes |

Prints a table and writes it, with the machine and the date, to docs/benchmarks.md.
Timings are medians of --repeat runs (alternating gaidesk and baseline to share any drift).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # gaidesk is found on the path set below
    from gaidesk.model import Report
    from gaidesk.rules import Finding

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "resources" / "samples" / "dazhai-2025.gaidesk"
sys.path.insert(0, str(ROOT / "src"))


@dataclass
class Row:
    what: str
    measured: str
    baseline: str
    ratio: float | None  # measured / baseline (or / the absolute budget)
    budget: str
    ok: bool | None
    note: str = ""


# -- start-up and memory: separate processes ----------------------------------------------------

# The child creates the application, watches for the first exposed window, and once the event
# loop has gone idle after it prints its RSS and quits. The parent times from spawn to that line.
_WATCH = r"""
import os, sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QWindow
from PySide6.QtWidgets import QApplication

def rss_kib():
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

app = QApplication(sys.argv[:1])

class Watch(QObject):
    done = False
    def eventFilter(self, obj, event):
        if not self.done and event.type() == QEvent.Type.Expose and isinstance(obj, QWindow) \
                and obj.isExposed():
            self.done = True
            def ready():
                print(f"READY {rss_kib()}", flush=True)
                app.closeAllWindows()
                app.quit()
            QTimer.singleShot(0, ready)
        return False

watch = Watch()
app.installEventFilter(watch)
"""


def _bare_window(make_w: str) -> str:
    """A child program that makes a window ``w`` with ``make_w``, shows it and runs, watched as
    gaidesk is, so that only what the window holds differs."""
    return (
        _WATCH
        + make_w
        + """
w.setWindowTitle("bare")
w.resize(800, 600)
w.show()
app.exec()
"""
    )


_BARE = _bare_window(
    """
from PySide6.QtWidgets import QWidget
w = QWidget()"""
)

# The same bare window showing one line of Chinese: how much of gaidesk's cost is Chinese text
# (Qt loading a CJK font) rather than gaidesk. For information only; the budget is against _BARE.
_BARE_CJK = _bare_window(
    """
from PySide6.QtWidgets import QLabel
w = QLabel("政府信息公开工作年度报告 大寨镇人民政府 2025年")"""
)


_GAIDESK = (
    _WATCH
    + r"""
from gaidesk.gui.app import run
target = sys.argv[1]
run(None if target == "home" else target, sys.argv[2])
"""
)


def _spawn_until_ready(argv: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Seconds from spawn to the READY line, and the RSS (KiB) the child reported."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )
    assert proc.stdout is not None
    rss = -1
    elapsed = -1.0
    for line in proc.stdout:
        if line.startswith("READY") or line.startswith("gaidesk-smoke: shown"):
            elapsed = time.perf_counter() - start
            rss = int(line.split()[1]) if line.startswith("READY") else -1
            break
    proc.communicate(timeout=60)
    if elapsed < 0:
        raise RuntimeError(f"no window from {argv[:3]}: exit {proc.returncode}")
    return elapsed, rss


def startup(repeat: int, frozen: Path | None) -> list[Row]:
    import compileall

    # As installed (and frozen) programs have: bytecode on disk. Without it, an environment with
    # PYTHONDONTWRITEBYTECODE compiles every module of gaidesk again on every start.
    compileall.compile_dir(ROOT / "src", quiet=1)
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    env["PYTHONPATH"] = str(ROOT / "src")
    work = Path(tempfile.mkdtemp(prefix="gaidesk-bench-"))
    try:
        draft = work / SAMPLE.name
        shutil.copyfile(SAMPLE, draft)
        os.chmod(draft, 0o644)
        runs: dict[str, list[tuple[float, int]]] = {"bare": [], "cjk": [], "draft": [], "home": []}
        if frozen is not None:
            runs["frozen"] = []
        py = sys.executable
        # One warm-up each: the first run pays for the disk cache.
        for rnd in range(repeat + 1):
            results = {
                "bare": _spawn_until_ready([py, "-c", _BARE], env),
                "cjk": _spawn_until_ready([py, "-c", _BARE_CJK], env),
                "draft": _spawn_until_ready(
                    [py, "-c", _GAIDESK, str(draft), str(work / "data")], env
                ),
                "home": _spawn_until_ready([py, "-c", _GAIDESK, "home", str(work / "data")], env),
            }
            if frozen is not None:
                fenv = {**env, "GAIDESK_SMOKE_QUIT_MS": "0", "GAIDESK_DATA_DIR": str(work / "f")}
                results["frozen"] = _spawn_until_ready([str(frozen), str(draft)], fenv)
            if rnd:
                for key, value in results.items():
                    runs[key].append(value)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    def med(key: str, i: int) -> float:
        return statistics.median(v[i] for v in runs[key])

    bare_t, bare_m = med("bare", 0), med("bare", 1)
    rows = []
    for key, label in (("draft", "gaidesk 草稿（向导窗口）"), ("home", "gaidesk 首页")):
        t = med(key, 0)
        rows.append(
            Row(
                f"启动到可操作窗口：{label}",
                f"{t * 1000:.0f} ms",
                f"{bare_t * 1000:.0f} ms 空白 PySide6 窗口",
                t / bare_t,
                "≤ 1.3×",
                t / bare_t <= 1.3,
            )
        )
    t = med("cjk", 0)
    rows.append(
        Row(
            "（参考）空白窗口加一行中文",
            f"{t * 1000:.0f} ms",
            f"{bare_t * 1000:.0f} ms 空白 PySide6 窗口",
            t / bare_t,
            "（参考）",
            None,
            f"内存 {med('cjk', 1) / 1024:.0f} MiB：中文字体本身的开销",
        )
    )
    if frozen is not None:
        t = med("frozen", 0)
        rows.append(
            Row(
                "启动到可操作窗口：冻结程序（onedir，草稿）",
                f"{t * 1000:.0f} ms",
                f"{bare_t * 1000:.0f} ms 空白 PySide6 窗口（源码运行）",
                t / bare_t,
                "（参考）",
                None,
                "冻结程序与源码运行的基线不完全可比，仅作参考",
            )
        )
    for key, label in (("draft", "草稿（向导窗口）"), ("home", "首页")):
        m = med(key, 1)
        rows.append(
            Row(
                f"启动后内存（RSS）：{label}",
                f"{m / 1024:.0f} MiB",
                f"{bare_m / 1024:.0f} MiB 空白 PySide6 窗口",
                m / bare_m,
                "≤ 1.3×",
                m / bare_m <= 1.3,
            )
        )
    return rows


# -- in-process timings --------------------------------------------------------------------------


def _median_ms(fn: Callable[[], object], repeat: int, warmup: int = 3) -> float:
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def _interleaved_medians_ms(repeat: int, runs: dict[str, Callable[[], object]]) -> dict[str, float]:
    """The median ms of each run, timed in turns (one of each per round), so that a slower
    moment of the machine weighs on all of them alike rather than on whichever came last."""
    times: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(repeat):
        for name, fn in runs.items():
            start = time.perf_counter()
            fn()
            times[name].append((time.perf_counter() - start) * 1000)
    return {name: statistics.median(runs_ms) for name, runs_ms in times.items()}


def keystroke(repeat: int) -> list[Row]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from gaidesk import rules, store
    from gaidesk.gui.document import ReportDocument
    from gaidesk.gui.table.model import ReportTableModel

    app = QApplication.instance() or QApplication(sys.argv[:1])
    report = store.load_report(SAMPLE)
    address = "t3.new.natural"
    original = report.cells[address]
    values = [original, (original or 0) + 1]
    state = {"i": 0}

    def core() -> None:
        state["i"] += 1
        report.set_cell(address, values[state["i"] % 2])
        rules.check(report)

    core_ms = _median_ms(core, repeat * 40)

    document = ReportDocument(store.load_report(SAMPLE))
    model = ReportTableModel(document, "t3")
    row, col = model._position[address]
    index = model.index(row, col)
    emitted: list[int] = []
    model.dataChanged.connect(lambda *_: emitted.append(1))

    def gui() -> None:
        state["i"] += 1
        model.setData(index, str(values[state["i"] % 2]))

    gui_ms = _median_ms(gui, repeat * 40)
    # Same event-loop turn: the model has announced the change before setData returned.
    emitted.clear()
    model.setData(index, "999999")
    same_turn = bool(emitted) and any(address in f.cells for f in document.findings)
    del app
    return [
        Row(
            "一次按键后的全部规则：rules.check（改一个单元格）",
            f"{core_ms:.3f} ms",
            "预算 1 ms",
            core_ms / 1.0,
            "≤ 1 ms",
            core_ms <= 1.0,
        ),
        Row(
            "一次按键：表格模型 setData → 文档 → 规则 → dataChanged",
            f"{gui_ms:.3f} ms",
            "预算 1 ms",
            gui_ms / 1.0,
            "≤ 1 ms",
            gui_ms <= 1.0,
            "同一事件循环轮次内变色：" + ("是" if same_turn else "否"),
        ),
    ]


def _widths(key: str, cols: int) -> list[float]:
    """Column widths (points) like the printed tables': wide label columns, narrow numbers."""
    mm = 72 / 25.4
    labels = {"t2": [52.0], "t3": [12.0, 20.0, 40.0], "t4": []}[key]
    rest = (156 - sum(labels)) / (cols - len(labels))
    return [w * mm for w in labels] + [rest * mm] * (cols - len(labels))


def _reportlab_tables(font_path: str, font_index: int) -> Callable[[], bytes]:
    """reportlab alone drawing the three official tables (labels, values, merges) in one font."""
    import io

    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table, TableStyle

    from gaidesk import format as fmt
    from gaidesk import store

    name = "BenchTable"
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(name, font_path, subfontIndex=font_index))
    report = store.load_report(SAMPLE)
    style = ParagraphStyle("cell", fontName=name, fontSize=10.5, leading=13)

    def build() -> bytes:
        story: list[object] = []
        for key in ("t2", "t3", "t4"):
            table = fmt.TABLES[key]
            data: list[list[object]] = [[""] * table.cols for _ in range(table.rows)]
            commands: list[tuple[object, ...]] = [
                ("FONT", (0, 0), (-1, -1), name, 10.5 if key != "t4" else 9),
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
            for cell in table.grid:
                if cell.is_value:
                    value = report.cells.get(cell.address)
                    data[cell.row][cell.col] = "" if value is None else str(value)
                else:
                    data[cell.row][cell.col] = Paragraph(cell.text, style)
                if cell.rowspan > 1 or cell.colspan > 1:
                    commands.append(
                        (
                            "SPAN",
                            (cell.col, cell.row),
                            (cell.col + cell.colspan - 1, cell.row + cell.rowspan - 1),
                        )
                    )
            story.append(
                Table(data, colWidths=_widths(key, table.cols), style=TableStyle(commands))
            )
            story.append(PageBreak())
        buffer = io.BytesIO()
        doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=28 * mm, rightMargin=26 * mm)
        doc.build(story)
        return buffer.getvalue()

    return build


def _pages(data: bytes) -> int:
    import io

    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(data)).pages)


def pdf(repeat: int) -> list[Row]:
    from gaidesk import fonts, pdf, rules, store

    report = store.load_report(SAMPLE)
    start = time.perf_counter()
    findings = rules.check(report)
    data = pdf.render_pdf_bytes(report, findings=findings)
    cold = (time.perf_counter() - start) * 1000
    face = fonts.choose().roles["table"].face
    baseline = _reportlab_tables(face.path, face.index)
    baseline()
    medians = _interleaved_medians_ms(
        repeat,
        {
            "reportlab": baseline,
            "gaidesk": lambda: pdf.render_pdf_bytes(report, findings=findings),
        },
    )
    g, r = medians["gaidesk"], medians["reportlab"]
    return [
        Row(
            f"完整报告的 PDF（样例，{_pages(data)} 页）",
            f"{g:.0f} ms",
            f"{r:.0f} ms reportlab 单独画三张表（{face.display_name}）",
            g / r,
            "≤ 1.5×",
            g / r <= 1.5,
            f"首次导出（含字体扫描）{cold:.0f} ms",
        )
    ]


def _against_its_pdf(
    repeat: int, report: Report, findings: list[Finding], render: Callable[[], object]
) -> tuple[float, float]:
    """The median ms of ``render`` (another output of ``report``) and of the report's PDF,
    timed in turns, the PDF first, after one PDF to scan the fonts and warm its caches."""
    from gaidesk import pdf

    pdf.render_pdf_bytes(report, findings=findings)
    medians = _interleaved_medians_ms(
        repeat,
        {"pdf": lambda: pdf.render_pdf_bytes(report, findings=findings), "other": render},
    )
    return medians["other"], medians["pdf"]


def html(repeat: int) -> list[Row]:
    from gaidesk import rules, store, webpage

    report = store.load_report(SAMPLE)
    findings = rules.check(report)
    size = len(webpage.render_html(report, findings=findings).html.encode("utf-8"))
    h, p = _against_its_pdf(
        repeat, report, findings, lambda: webpage.render_html(report, findings=findings)
    )
    return [
        Row(
            "网站发布版（样例）",
            f"{h:.1f} ms",
            f"{p:.0f} ms 同一报告的 PDF",
            h / p,
            "≤ 1×",
            h <= p,
            f"网页 {size / 1024:.0f} KB",
        )
    ]


def docx(repeat: int) -> list[Row]:
    from gaidesk import docx_export, rules, store

    report = store.load_report(SAMPLE)
    findings = rules.check(report)
    start = time.perf_counter()
    docx_export.render_docx(report, findings=findings)
    cold = (time.perf_counter() - start) * 1000
    d, p = _against_its_pdf(
        repeat, report, findings, lambda: docx_export.render_docx(report, findings=findings)
    )
    return [
        Row(
            "完整报告的 Word 文档（样例）",
            f"{d:.0f} ms",
            f"{p:.0f} ms 同一报告的 PDF",
            d / p,
            "≤ 1.0×",
            d / p <= 1.0,
            f"首次导出（含载入 python-docx 和模板）{cold:.0f} ms",
        )
    ]


def printing(repeat: int) -> list[Row]:
    """From 打印 to 「已发送到打印机」: the print job (render the report, hand its pages to the
    printer) on its worker thread, to a PDF file printer, as the window runs it."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop
    from PySide6.QtPrintSupport import QPrinter
    from PySide6.QtWidgets import QApplication

    from gaidesk import store
    from gaidesk.gui.printing import PrintJob

    app = QApplication.instance() or QApplication(sys.argv[:1])
    report = store.load_report(SAMPLE)
    work = Path(tempfile.mkdtemp(prefix="gaidesk-bench-print-"))
    times: list[float] = []
    size = 0
    try:
        for i in range(repeat + 1):
            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            out = work / f"printed-{i}.pdf"
            printer.setOutputFileName(str(out))
            job = PrintJob(report, [], [], printer)
            loop = QEventLoop()
            job.finished.connect(loop.quit)
            t = time.perf_counter()
            job.start()
            loop.exec()
            if i:  # the first run loads the fonts
                times.append((time.perf_counter() - t) * 1000)
            size = out.stat().st_size
        # Where no vector route exists (Windows' GDI printers): page images at up to 300 dpi.
        from gaidesk import pdf
        from gaidesk.gui import printing

        data = pdf.render_pdf_bytes(report, findings=[])
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        raster_out = work / "raster.pdf"
        printer.setOutputFileName(str(raster_out))
        t = time.perf_counter()
        printing._draw_pages(data, range(printing.page_count(data)), printer, None)
        raster_ms = (time.perf_counter() - t) * 1000
        raster_size = raster_out.stat().st_size
    finally:
        shutil.rmtree(work, ignore_errors=True)
    del app
    med = statistics.median(times)
    return [
        Row(
            "打印完整报告（样例）到打印机：后台线程生成并发送，窗口不停顿",
            f"{med:.0f} ms",
            "预算 3 s",
            med / 3000,
            "≤ 3 s",
            med <= 3000,
            f"矢量页面，打印到 PDF 文件 {size / 1e6:.2f} MB",
        ),
        Row(
            "打印：无矢量通道的打印机（Windows）逐页画 300 dpi 灰度图像",
            f"{raster_ms:.0f} ms",
            "预算 3 s",
            raster_ms / 3000,
            "≤ 3 s",
            raster_ms <= 3000,
            f"一次测量，不含生成 PDF；打印到 PDF 文件 {raster_size / 1e6:.2f} MB",
        ),
    ]


def _with_largest_unknown_part() -> bytes:
    """The sample with as many small unknown objects as a draft may hold (the worst case for
    writing it back: json indents in Python)."""
    from gaidesk import draft

    doc = json.loads(SAMPLE.read_text(encoding="utf-8"))
    item = {"n": 10**5, "text": "字" * 20}
    size = len(json.dumps(item, ensure_ascii=False).encode("utf-8")) + 2  # with ", "
    count = (draft.MAX_UNKNOWN_BYTES - 1024) // size
    doc["other_program"] = [dict(item, n=n) for n in range(count)]
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")


def _autosave_times(repeat: int, data: bytes) -> list[float]:
    from gaidesk import store

    work = Path(tempfile.mkdtemp(prefix="gaidesk-bench-save-"))
    try:
        target = work / "drafts" / SAMPLE.name
        target.parent.mkdir()
        target.write_bytes(data)
        report = store.load_report(target)
        store.save_report(report, target, keep_version=False)
        times = []
        for i in range(repeat * 10):
            report.text["overview.active"] = report.text.get("overview.active", "") + str(i % 10)
            t = time.perf_counter()
            store.save_report(report, target)
            times.append((time.perf_counter() - t) * 1000)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return times


def autosave(repeat: int) -> list[Row]:
    rows = []
    for what, data in (
        ("自动保存一次草稿（store.save_report）", SAMPLE.read_bytes()),
        ("自动保存：草稿带上限内最多的未知内容", _with_largest_unknown_part()),
    ):
        times = _autosave_times(repeat, data)
        med = statistics.median(times)
        p95 = sorted(times)[int(len(times) * 0.95) - 1]
        rows.append(
            Row(
                what,
                f"{med:.2f} ms",
                "预算 10 ms",
                med / 10.0,
                "≤ 10 ms",
                med <= 10.0,
                f"95% 分位 {p95:.2f} ms",
            )
        )
    return rows


def sizes(dist: Path) -> list[Row]:
    rows = []
    onedir = dist / "gaidesk"
    if onedir.is_dir():
        total = sum(
            p.stat().st_size for p in onedir.rglob("*") if p.is_file() and not p.is_symlink()
        )
        megabytes = total / 1e6
        rows.append(
            Row(
                "冻结程序 onedir（Linux）",
                f"{megabytes:.1f} MB（{total / 2**20:.1f} MiB）",
                "预算 120 MB",
                megabytes / 120,
                "≤ 120 MB",
                megabytes <= 120,
                "按十进制 MB（10⁶ 字节）计，比 MiB 更严",
            )
        )
    debs = sorted(dist.glob("gaidesk_*.deb"))
    if debs:
        size = debs[-1].stat().st_size
        rows.append(
            Row(
                ".deb 安装包",
                f"{size / 1e6:.1f} MB",
                "（无预算）",
                None,
                "—",
                None,
                debs[-1].name,
            )
        )
    return rows


# -- the report ----------------------------------------------------------------------------------


PARTS = ("startup", "keystroke", "pdf", "html", "docx", "print", "autosave", "sizes")
ANALYSIS_MARKER = "<!-- analysis: kept when benchmarks/run.py rewrites this file -->"


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kib / 2**20:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    import PySide6

    return (
        f"{platform.platform()}; {cpu} × {os.cpu_count()}{mem}; Python "
        f"{platform.python_version()}; PySide6 {PySide6.__version__}; "
        f"QT_QPA_PLATFORM={os.environ.get('QT_QPA_PLATFORM', '')}"
    )


def table(rows: list[Row]) -> str:
    lines = [
        "| 项目 | 实测 | 基线 | 比值 | 预算 | 结果 | 说明 |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        ratio = "—" if r.ratio is None else f"{r.ratio:.2f}"
        verdict = "—" if r.ok is None else ("达标" if r.ok else "**未达标**")
        lines.append(
            f"| {r.what} | {r.measured} | {r.baseline} | {ratio} | {r.budget} | {verdict} | "
            f"{r.note} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="benchmarks/run.py", description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--dist", default=str(ROOT / "dist"), help="the build folder to measure")
    parser.add_argument("--build", action="store_true", help="run packaging/build.sh first")
    parser.add_argument("--no-write", action="store_true", help="do not update docs/benchmarks.md")
    parser.add_argument("--json", help="also write the figures to this JSON file")
    parser.add_argument(
        "--only",
        help="measure only these parts (comma-separated: " + ",".join(PARTS) + "); "
        "implies --no-write, as the table would be incomplete",
    )
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    dist = Path(args.dist)
    if args.build:
        subprocess.run(
            ["bash", str(ROOT / "packaging" / "build.sh"), "--out", str(dist)], check=True
        )
    frozen = dist / "gaidesk" / ("gaidesk.exe" if sys.platform == "win32" else "gaidesk")

    parts = PARTS if not args.only else tuple(p.strip() for p in args.only.split(","))
    unknown = [p for p in parts if p not in PARTS]
    if unknown:
        parser.error(f"unknown part(s): {', '.join(unknown)}")
    if args.only:
        args.no_write = True
    rows: list[Row] = []
    if "startup" in parts:
        rows += startup(args.repeat, frozen if frozen.exists() else None)
    if "keystroke" in parts:
        rows += keystroke(args.repeat)
    if "pdf" in parts:
        rows += pdf(args.repeat)
    if "html" in parts:
        rows += html(args.repeat)
    if "docx" in parts:
        rows += docx(args.repeat)
    if "print" in parts:
        rows += printing(args.repeat)
    if "autosave" in parts:
        rows += autosave(args.repeat)
    if "sizes" in parts:
        rows += sizes(dist)

    now = dt.datetime.now().astimezone()
    text = table(rows)
    print(text)
    if args.json:
        Path(args.json).write_text(
            json.dumps([r.__dict__ for r in rows], ensure_ascii=False, indent=2), encoding="utf-8"
        )
    if not args.no_write:
        doc = ROOT / "docs" / "benchmarks.md"
        doc.parent.mkdir(exist_ok=True)
        # Hand-written analysis below the marker survives a new run.
        kept = ""
        if doc.exists():
            old = doc.read_text(encoding="utf-8")
            if ANALYSIS_MARKER in old:
                kept = "\n" + old[old.index(ANALYSIS_MARKER) :]
        doc.write_text(
            "# gaidesk 性能预算实测\n\n"
            "由 `python benchmarks/run.py` 生成（预算见 [design.md §3](design.md#3-budgets)；"
            "比值 = 实测 ÷ 同次运行的基线，"
            "或 ÷ 绝对预算）。时间为中位数，每项重复 "
            f"{args.repeat} 次；启动和内存在独立进程中测量，gaidesk 与基线交替运行。\n\n"
            f"- 日期：{now:%Y-%m-%d %H:%M %Z}\n- 机器：{machine()}\n\n{text}\n{kept}",
            encoding="utf-8",
        )
        print(f"\n已写入 {doc.relative_to(ROOT)}")
    return 0 if all(r.ok is not False for r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
