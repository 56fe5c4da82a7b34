"""LibreOffice in the tests: converting an exported document headless with its own profile."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest


def convert(source: Path, to: str, outdir: Path, profile: Path) -> None:
    """Convert ``source`` with LibreOffice headless (``--convert-to to``) into ``outdir``, with
    the user profile in ``profile``; skips the test when LibreOffice is not installed."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        pytest.skip(
            "LibreOffice (soffice) 未安装；packaging/setup.sh test 会安装 "
            "libreoffice-calc-nogui 和 libreoffice-writer-nogui"
        )
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            to,
            "--outdir",
            str(outdir),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
