"""Rare characters in the printed report: each copies out of the PDF as itself (ToUnicode beyond
the Basic Multilingual Plane), is drawn from a face of the role's style class where one has it,
and every substitute face is named with the characters it drew (PDF result, CLI, export dialog).

The machine's fonts decide which faces draw what; packaging/setup.sh installs fonts-hanazono
(HanaMinA/B, Ming faces with CJK Extension B) beside AR PL UMing/UKai and WenQuanYi Zen Hei.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from gaidesk import draft, fonts
from gaidesk.fonts import BODY, HEADING, ROLE_STYLES, Face, FontSet, RoleFont, Style, style_of
from gaidesk.fonts import choice as font_choice
from gaidesk.model import Report
from gaidesk.pdf import export_pdf
from gaidesk.pdf.tounicode import astral_cmap_fixed
from tests.support.fonts import fake_face

# Beyond the Basic Multilingual Plane (𠀾 U+2003E, and Extension B characters of place and
# person names: 𡈽 U+2123D, 𠮷 U+20BB7), Extension A (䶮 U+4DAE, 㵘 U+3D58) and a rare BMP one.
RARE = "𠀾䶮龘㵘"
AGENCY = "𠮷𡈽镇人民政府"
TITLE = "𠮷𡈽镇2025年政府信息公开工作年度报告"
PHRASE = f"我镇{RARE}村的群众"


def _rare_report(path: Path) -> Report:
    report = draft.parse(path.read_bytes())
    report.text["overview.active"] = PHRASE + report.text["overview.active"]
    report.meta.agency = AGENCY
    report.meta.title = TITLE
    return report


def _pdftotext(path: Path) -> str:
    tool = shutil.which("pdftotext")
    if tool is None:
        pytest.fail("pdftotext (poppler-utils) is not installed: run packaging/setup.sh test")
    done = subprocess.run([tool, "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True)
    return "".join(done.stdout.decode("utf-8").split())


def _needs_fonts_for(text: str) -> FontSet:
    fontset = fonts.choose()
    missing = [ch for ch in text if fontset.face_for(BODY, ch) is None]
    if missing:
        pytest.fail(f"no installed face has {missing}: install fonts-hanazono (packaging/setup.sh)")
    return fontset


# --------------------------------------------------------------------------------------------
# ToUnicode


def test_astral_destinations_become_surrogate_pairs() -> None:
    cmap = "1 begincodespacerange\n<00> <03>\nendcodespacerange\n3 beginbfchar\n"
    entries = "<00> <0000>\n<01> <4E00>\n<02> <2003E>\n<03> <10FFFD>\nendbfchar"
    fixed = astral_cmap_fixed(cmap + entries)
    assert fixed == cmap + "<00> <0000>\n<01> <4E00>\n<02> <D840DC3E>\n<03> <DBFFDFFD>\nendbfchar"
    assert astral_cmap_fixed(fixed) == fixed  # the codespace line and fixed entries stay


@pytest.mark.slow
def test_every_rare_character_copies_out_as_itself(dazhai_path: Path, tmp_path: Path) -> None:
    _needs_fonts_for(RARE + AGENCY)
    out = tmp_path / "rare.pdf"
    export_pdf(_rare_report(dazhai_path), out, findings=[])
    text = _pdftotext(out)
    assert PHRASE in text
    assert TITLE in text
    assert AGENCY in text  # the 落款
    for ch in RARE + AGENCY:
        assert ch in text
    assert "\u2003" not in text  # 𠀾 was copied out as an em space


# --------------------------------------------------------------------------------------------
# Style classes


def test_every_official_face_is_of_its_role_s_class() -> None:
    for role, names in fonts.OFFICIAL_FACES.items():
        for name in names:
            assert style_of(fake_face(name)) == ROLE_STYLES[role][0], (role, name)


def test_documented_fallbacks_are_of_their_role_s_classes() -> None:
    for role, names in fonts.FALLBACK_FACES.items():
        for name in names:
            if role == fonts.TITLE and name == "WenQuanYi Zen Hei":
                continue  # the title's last resort, drawn bold: a Hei face on purpose
            assert style_of(fake_face(name)) in ROLE_STYLES[role], (role, name)


@pytest.mark.parametrize(
    ("families", "family_class", "style"),
    [
        (("HanaMinA", "花園明朝A"), 0, Style.SONG),
        (("文泉驿正黑", "WenQuanYi Zen Hei"), 0, Style.HEI),
        (("AR PL UMing CN",), 0x0800, Style.SONG),  # the name wins over the OS/2 class
        (("方正仿宋_GBK",), 0, Style.FANGSONG),
        (("Kaigen Gothic SC",), 0, Style.HEI),
        (("Unnamed CJK",), 0x0105, Style.SONG),  # IBM class 1: oldstyle serif
        (("Unnamed CJK",), 0x0800, Style.HEI),
        (("Unnamed CJK",), 0, None),
    ],
)
def test_style_from_names_then_os2_class(
    families: tuple[str, ...], family_class: int, style: Style | None
) -> None:
    assert style_of(fake_face(*families, family_class=family_class)) == style


def _set(own: dict[str, Face], coverage: dict[Face, str], order: list[Face]) -> FontSet:
    roles = {
        role: RoleFont(role, own.get(role, order[0]), official=False, user=False, embolden=False)
        for role in fonts.ROLES
    }
    fontset = FontSet(roles, order)
    for face in order:
        fontset._coverage[face] = frozenset(map(ord, coverage.get(face, "")))
    return fontset


def test_fallback_of_the_role_s_class_comes_first() -> None:
    """㵘 in 仿宋 body text: the Ming face that has it, although a Hei face comes earlier in the
    list (it is the headings' own face); in a 黑体 heading the Hei face."""
    fangsong = fake_face("仿宋")
    hei = fake_face("WenQuanYi Zen Hei")
    kai = fake_face("AR PL UKai CN")
    ming = fake_face("HanaMinA", "花園明朝A")
    unknown = fake_face("Unnamed CJK")
    fontset = _set(
        {BODY: fangsong, HEADING: hei},
        {fangsong: "一", hei: "一㵘䶮", kai: "一䶮", ming: "一㵘", unknown: "一䶮"},
        [fangsong, hei, unknown, kai, ming],
    )
    assert fontset.face_for(BODY, "㵘") == ming
    assert fontset.face_for(HEADING, "㵘") == hei
    assert fontset.face_for(BODY, "䶮") == kai  # a Kai face before one of unknown class
    assert fontset.face_for(HEADING, "䶮") == hei
    # Without a face of the class that has it, any face that has it.
    only_hei = _set({BODY: fangsong}, {fangsong: "一", hei: "㵘"}, [fangsong, hei])
    assert only_hei.face_for(BODY, "㵘") == hei


def test_role_without_its_faces_takes_a_face_of_its_class(monkeypatch: pytest.MonkeyPatch) -> None:
    hei = fake_face("WenQuanYi Zen Hei")
    kai = fake_face("AR PL KaitiM Big5")  # not a documented fallback: found by its class
    faces = [hei, kai]
    coverage = {face: frozenset(map(ord, "国一")) for face in faces}
    monkeypatch.setattr(font_choice, "coverage", coverage.__getitem__)
    roles = font_choice._choose(faces, ["/nowhere"]).roles
    assert roles[fonts.SUBHEADING].face == kai
    assert roles[HEADING].face == hei


@pytest.mark.slow
def test_body_fallback_on_this_machine_is_of_the_body_s_class() -> None:
    fontset = _needs_fonts_for(RARE + AGENCY)
    for ch in RARE + AGENCY:
        face = fontset.face_for(BODY, ch)
        assert face is not None
        if any(
            style_of(f) in ROLE_STYLES[BODY] for f in fontset.coverage_faces if fontset.has(f, ch)
        ):
            assert style_of(face) in ROLE_STYLES[BODY], (ch, face.display_name)
    # The case of the issue: 㵘 is in WenQuanYi Zen Hei and in HanaMinA.
    if any(fontset.has(f, "㵘") and f.matches("HanaMinA") for f in fontset.coverage_faces):
        assert style_of(fontset.face_for(BODY, "㵘")) == Style.SONG  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------------
# Naming the substitutes


def test_substitutes_note() -> None:
    assert fonts.substitutes_note({}) == ""
    note = fonts.substitutes_note({"花園明朝A": "㵘䶮", "花園明朝B": "𠮷"})
    assert note == "以下字符用替代字体印出：㵘、䶮（花園明朝A）；𠮷（花園明朝B）。"


def _expected_substitutes(fontset: FontSet) -> dict[str, set[str]]:
    """Face -> characters, for the rare characters of the body text and the 落款 (body role)."""
    own = fontset.roles[BODY].face
    expected: dict[str, set[str]] = {}
    for ch in RARE + AGENCY:
        face = fontset.face_for(BODY, ch)
        assert face is not None
        if face != own:
            expected.setdefault(face.display_name, set()).add(ch)
    return expected


@pytest.mark.slow
def test_pdf_result_names_every_substitute(dazhai_path: Path, tmp_path: Path) -> None:
    fontset = _needs_fonts_for(RARE + AGENCY)
    result = export_pdf(_rare_report(dazhai_path), tmp_path / "r.pdf", findings=[])
    got = {face: set(chars) for face, chars in result.substitutes.items()}
    expected = _expected_substitutes(fontset)
    assert expected  # at least the Extension B characters need a face other than the body's
    for face, chars in expected.items():
        assert chars <= got.get(face, set()), face
    # Nothing else of the sample needs a substitute: every character listed is a rare one here
    # (title and heading roles may take other faces for them).
    for chars in got.values():
        assert set(chars) <= set(RARE + AGENCY)
    assert result.substitutes_note().startswith("以下字符用替代字体印出：")
    assert not export_pdf(
        draft.parse(dazhai_path.read_bytes()), tmp_path / "plain.pdf", findings=[]
    ).substitutes


@pytest.mark.slow
def test_cli_export_names_the_substitutes(
    capsys: pytest.CaptureFixture[str], dazhai_path: Path, tmp_path: Path
) -> None:
    from gaidesk.__main__ import main

    fontset = _needs_fonts_for(RARE + AGENCY)
    source = tmp_path / "rare.gaidesk"
    source.write_bytes(draft.dumps(_rare_report(dazhai_path)))
    code = main(["export", str(source), "--pdf", str(tmp_path / "rare.pdf")])
    out = capsys.readouterr().out
    assert code == 0
    (line,) = [line for line in out.splitlines() if "替代字体印出" in line]
    for face, chars in _expected_substitutes(fontset).items():
        for ch in chars:
            assert f"{ch}" in line
        assert f"（{face}）" in line
