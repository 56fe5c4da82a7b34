"""Offline by construction: no part of gaidesk tries to open a network connection.

Two ways of showing it:
- in this process, every socket connection and name lookup is refused and recorded while the
  command-line verbs run and a window opens a draft, edits it, saves it, previews, prints and
  exports it;
- in a fresh interpreter (inside ``unshare -n``, an empty network namespace, where the machine
  allows one), an audit hook records every socket event while the verbs run and the program
  starts as ``gaidesk FILE``; Qt's network module must not even be loaded.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from gaidesk import store
from gaidesk.cli import main as cli_main
from tests.support.gui import DialogLog


class Refused:
    """Patches the socket module so that every attempt to reach the network fails and is noted."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.attempts: list[str] = []

        def refuse(what: str):  # type: ignore[no-untyped-def]
            def f(*args: Any, **kwargs: Any) -> Any:
                self.attempts.append(f"{what}{args[1:] if what.startswith('socket.') else args}")
                raise OSError(101, "network refused by test_offline")

            return f

        monkeypatch.setattr(socket.socket, "connect", refuse("socket.connect"))
        monkeypatch.setattr(socket.socket, "connect_ex", refuse("socket.connect_ex"))
        monkeypatch.setattr(socket.socket, "sendto", refuse("socket.sendto"))
        monkeypatch.setattr(socket, "create_connection", refuse("create_connection"))
        monkeypatch.setattr(socket, "getaddrinfo", refuse("getaddrinfo"))
        monkeypatch.setattr(socket, "gethostbyname", refuse("gethostbyname"))


@pytest.fixture
def refused(monkeypatch: pytest.MonkeyPatch) -> Refused:
    return Refused(monkeypatch)


def test_the_patch_catches_a_connection(refused: Refused) -> None:
    with pytest.raises(OSError):
        socket.create_connection(("example.org", 80))
    with socket.socket() as s, pytest.raises(OSError):
        s.connect(("127.0.0.1", 9))
    assert len(refused.attempts) == 2


def test_command_line_verbs_never_connect(
    refused: Refused, tmp_path: Path, dazhai_path: Path, huaian_path: Path
) -> None:
    draft = tmp_path / "dazhai.gaidesk"
    shutil.copyfile(dazhai_path, draft)
    os.chmod(draft, 0o644)
    assert cli_main(["check", str(draft), "--previous", str(huaian_path)]) in (0, 1)
    assert cli_main(["check", "--json", str(draft)]) == 0
    new = tmp_path / "new.gaidesk"
    assert cli_main(["new", "--agency", "大寨镇人民政府", "--year", "2026", "--from", str(draft),
                     "-o", str(new)]) == 0  # fmt: skip
    pdf, xlsx = tmp_path / "out.pdf", tmp_path / "out.xlsx"
    assert cli_main(["export", str(draft), "--pdf", str(pdf), "--xlsx", str(xlsx)]) == 0
    assert pdf.read_bytes()[:5] == b"%PDF-" and xlsx.stat().st_size > 0
    assert cli_main(["import", str(xlsx), "-o", str(tmp_path / "imported.gaidesk")]) == 0
    assert refused.attempts == []


def test_window_never_connects(
    refused: Refused, controller: Any, log: DialogLog, dazhai_path: Path, tmp_path: Path
) -> None:
    from PySide6.QtPrintSupport import QPrinter
    from PySide6.QtWidgets import QApplication

    from gaidesk.gui.printing import print_pdf

    report = store.load_report(dazhai_path)
    path = controller.library.new_draft_path(report)
    store.save_report(report, path, keep_version=False)
    window = controller.open_draft(path)
    assert window is not None
    from gaidesk.gui.steps import STEPS

    for step in range(len(STEPS)):
        window.go_to_step(step)
        QApplication.processEvents()
    window.document.set_cell("t2.normative_docs.issued", 3)
    assert window.save_now()
    dialog = window.exporter.preview()
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert print_pdf(dialog.data, printer)
    dialog.close()
    log.save_answers = [tmp_path / "report.pdf", tmp_path / "report.xlsx"]
    log.choose_answers = [0, 0, 0]
    window.exporter.export_pdf()
    window.exporter.export_xlsx()
    assert (tmp_path / "report.pdf").exists() and (tmp_path / "report.xlsx").exists()
    window.close()
    QApplication.processEvents()
    assert refused.attempts == []


AUDIT = r"""
import json, os, sys
events = []
WATCHED = {"socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyaddr",
           "socket.sendto", "socket.sendmsg", "socket.bind", "http.client.connect",
           "urllib.Request", "ftplib.connect", "smtplib.connect"}
def hook(event, args):
    if event in WATCHED:
        events.append(f"{event} {args!r}")
sys.addaudithook(hook)
"""

PROBE = (
    AUDIT
    + r"""
from gaidesk.cli import main
draft, data, out = sys.argv[1], sys.argv[2], sys.argv[3]
codes = [
    main(["check", draft]),
    main(["export", draft, "--pdf", os.path.join(out, "a.pdf"),
          "--xlsx", os.path.join(out, "a.xlsx")]),
    main(["import", os.path.join(out, "a.xlsx"), "-o", os.path.join(out, "b.gaidesk")]),
]
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv[:1])
QTimer.singleShot(700, app.closeAllWindows)
QTimer.singleShot(700, app.quit)
from gaidesk.gui.app import run
codes.append(run(draft, data))
print(json.dumps({"codes": codes, "events": events,
                  "qtnetwork": "PySide6.QtNetwork" in sys.modules}))
"""
)


def _offline_prefix() -> list[str]:
    unshare = shutil.which("unshare")
    if unshare is None:
        return []
    for flags in (["-n"], ["-rn"]):
        probe = subprocess.run([unshare, *flags, "true"], capture_output=True, check=False)
        if probe.returncode == 0:
            return [unshare, *flags]
    return []


def test_fresh_program_without_network(tmp_path: Path, dazhai_path: Path, data_dir: Path) -> None:
    draft = tmp_path / "dazhai.gaidesk"
    shutil.copyfile(dazhai_path, draft)
    os.chmod(draft, 0o644)
    prefix = _offline_prefix()
    result = subprocess.run(
        [*prefix, sys.executable, "-c", PROBE, str(draft), str(data_dir), str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=180,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome["codes"] == [0, 0, 0, 0]
    assert outcome["events"] == []
    assert outcome["qtnetwork"] is False
    assert (tmp_path / "a.pdf").exists()
    if prefix:  # the empty namespace really had no way out
        check = subprocess.run(
            [*prefix, sys.executable, "-c",
             "import socket; socket.create_connection(('1.1.1.1', 53), 2)"],
            capture_output=True,
            text=True,
            check=False,
        )  # fmt: skip
        assert check.returncode != 0


def test_the_audit_hook_sees_a_lookup() -> None:
    """The fresh-interpreter probe would notice a connection attempt (so its [] means none)."""
    probe = AUDIT + (
        "import socket\n"
        "try:\n    socket.create_connection(('127.0.0.1', 9), 1)\nexcept OSError:\n    pass\n"
        "print(json.dumps(events))\n"
    )
    result = subprocess.run(
        [*_offline_prefix(), sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        check=True,
    )
    assert any(e.startswith("socket.connect") for e in json.loads(result.stdout))
