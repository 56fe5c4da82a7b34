"""``gaidesk check``: every rule over drafts, in words or as JSON."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from gaidesk.rules import Finding
from gaidesk.cli.common import (
    EXIT_ERRORS,
    EXIT_OK,
    EXIT_UNREADABLE,
    err,
    finding_dict,
    load_draft,
    say,
)


def check(files: list[str], previous_path: str | None, as_json: bool) -> int:
    """``gaidesk check``: every rule over each draft; exit 1 when one has an error."""
    from gaidesk import format as fmt
    from gaidesk import rules
    from gaidesk.draft import DraftError

    previous = None
    if previous_path is not None:
        try:
            previous = load_draft(previous_path, quiet=as_json)
        except DraftError as exc:
            err(f"上年报告“{previous_path}”无法读取：{exc}")
            return EXIT_UNREADABLE
    results: list[dict[str, Any]] = []
    code = EXIT_OK
    for name in files:
        try:
            report = load_draft(name, quiet=as_json)
        except DraftError as exc:
            code = EXIT_UNREADABLE
            results.append(
                {
                    "file": name,
                    "errors": None,
                    "warnings": None,
                    "findings": [],
                    "unreadable": str(exc),
                }
            )
            if not as_json:
                say(f"{name}：无法读取。{exc}")
                say()
            continue
        findings = rules.check(report, previous)
        errors = fmt.count(findings, fmt.Severity.ERROR)
        warnings = len(findings) - errors
        if errors and code == EXIT_OK:
            code = EXIT_ERRORS
        results.append(
            {
                "file": name,
                "errors": errors,
                "warnings": warnings,
                "findings": [finding_dict(f) for f in findings],
                "notes": list(report.notes),
            }
        )
        if not as_json:
            _print_findings(name, findings, errors, warnings)
    if as_json:
        doc: Any = results[0] if len(files) == 1 else results
        say(json.dumps(doc, ensure_ascii=False, indent=2))
    elif len(files) > 1:
        _print_summary(results)
    return code


def _print_findings(name: str, findings: list[Finding], errors: int, warnings: int) -> None:
    if not findings:
        say(f"{name}：没有发现问题。")
        say()
        return
    from gaidesk import format as fmt

    say(f"{name}：{fmt.counts_text(errors, warnings, sep='，')}")
    ordered = sorted(findings, key=lambda f: f.severity != fmt.Severity.ERROR)
    for f in ordered:
        say(f"  【{f.severity.word}】{f.rule}：{f.message}")
    say()


def _print_summary(results: list[dict[str, Any]]) -> None:
    unreadable = sum(1 for r in results if r["errors"] is None)
    with_errors = sum(1 for r in results if r["errors"])
    clean = len(results) - unreadable - with_errors
    line = f"共 {len(results)} 个文件：{clean} 个没有错误，{with_errors} 个有错误"
    if unreadable:
        line += f"，{unreadable} 个无法读取"
    say(line + "。")
