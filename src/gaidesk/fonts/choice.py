"""Choosing a face for every role, and checking that every character of a text can be drawn."""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial

from gaidesk.errors import ExportError
from gaidesk.fonts.folders import coverage, faces_of, font_files, user_font_dirs
from gaidesk.fonts.roles import (
    COVERAGE_FACES,
    EMBOLDEN_FALLBACK,
    FALLBACK_FACES,
    OFFICIAL_FACES,
    ROLE_NAMES,
    ROLES,
    MissingGlyphError,
)
from gaidesk.fonts.sfnt import Face
from gaidesk.fonts.styles import style_rank


@dataclass(frozen=True)
class RoleFont:
    """The face chosen for a role of the printed report, and how."""

    role: str
    face: Face
    official: bool  # one of the official faces of the role
    user: bool  # found in the user's fonts folder
    embolden: bool  # a fallback drawn bold to stand in for a bold face

    def describe(self) -> str:
        """How the face was chosen, in Chinese (official or stand-in, bold, fonts folder)."""
        how = "规范字体" if self.official else "替代字体"
        extra = "，加粗显示" if self.embolden else ""
        where = "，来自字体文件夹" if self.user else ""
        return f"{self.face.display_name}（{how}{extra}{where}）"


@dataclass
class FontSet:
    """The faces chosen for the five roles, and the faces that stand in for missing glyphs."""

    roles: dict[str, RoleFont]
    # Every usable face: the roles' own, the user's, COVERAGE_FACES, the rest. A role tries them
    # for a character its face lacks in this order within each style class, the classes it
    # prefers first (fallback_faces).
    coverage_faces: list[Face]
    _missing_cache: dict[tuple[str, str], Face | None] = field(default_factory=dict)
    _fallback_cache: dict[str, list[Face]] = field(default_factory=dict)
    # Coverage of the faces, read once for this set (its files were current when it was made).
    _coverage: dict[Face, frozenset[int]] = field(default_factory=dict)

    def describe(self) -> dict[str, str]:
        """Each role's face as ``describe`` words it."""
        return {role: rf.describe() for role, rf in self.roles.items()}

    def coverage(self, face: Face) -> frozenset[int]:
        """The code points a face draws, read once per font set."""
        cov = self._coverage.get(face)
        if cov is None:
            cov = self._coverage[face] = coverage(face)
        return cov

    def has(self, face: Face, char: str) -> bool:
        """Whether a face draws a character."""
        return ord(char) in self.coverage(face)

    def fallback_faces(self, role: str) -> list[Face]:
        """The faces a role tries for a character its own face lacks, in order: those of the
        role's style class first (a 仿宋 body takes a Song or Ming face before a 黑体)."""
        order = self._fallback_cache.get(role)
        if order is None:
            order = self._fallback_cache[role] = sorted(
                self.coverage_faces, key=partial(style_rank, role)
            )
        return order

    def face_for(self, role: str, char: str) -> Face | None:
        """The face that draws a character in a role: the role's own, else the first of its
        fallback faces that has it, else None."""
        own = self.roles[role].face
        code = ord(char)
        if code in self.coverage(own):
            return own
        key = (role, char)
        if key not in self._missing_cache:
            found = None
            for face in self.fallback_faces(role):
                if code in self.coverage(face):
                    found = face
                    break
            self._missing_cache[key] = found
        return self._missing_cache[key]

    def runs(self, role: str, text: str) -> list[tuple[str, Face]]:
        """Split text into runs each drawn with one face (the role's own where it can)."""
        out: list[tuple[str, Face]] = []
        own = self.roles[role].face
        own_cov = self.coverage(own)
        for ch in text:
            face = own if ord(ch) in own_cov else (self.face_for(role, ch) or own)
            if out and out[-1][1] == face:
                out[-1] = (out[-1][0] + ch, face)
            else:
                out.append((ch, face))
        return out


def substitutes_note(substitutes: Mapping[str, str]) -> str:
    """One sentence naming each substitute face (face name -> the characters it drew) and its
    characters, e.g. 「以下字符用替代字体印出：㵘、䶮（花園明朝A）；𠀾（花園明朝B）。」; empty
    when no character needed one."""
    parts = [f"{'、'.join(chars)}（{face}）" for face, chars in substitutes.items() if chars]
    return f"以下字符用替代字体印出：{'；'.join(parts)}。" if parts else ""


class NoFontError(ExportError):
    """No usable Chinese face at all for a role."""


def _pick(faces: Sequence[Face], names: Sequence[str]) -> Face | None:
    for name in names:
        for face in faces:
            if face.usable and face.matches(name):
                return face
    return None


# The last choices, by everything they depend on: the folders searched, the state (path, size,
# mtime) of every font file in them and the name lists. A font dropped into a folder, removed or
# replaced makes a new key; an unchanged machine gets the same FontSet without reading anything.
_CHOICE_CACHE: dict[tuple[object, ...], FontSet] = {}


def choose(extra_dirs: Iterable[str | os.PathLike[str]] = ()) -> FontSet:
    """Choose a face for every role: official faces, then fallbacks; the user's folder wins
    among equals because it is searched first. Cached per process while the font folders and
    their files stay the same."""
    extra = list(extra_dirs)
    files = font_files(extra)
    user_dirs = [str(d) for d in user_font_dirs(extra)]
    key = (
        tuple(user_dirs),
        tuple(files),
        tuple(OFFICIAL_FACES.items()),
        tuple(FALLBACK_FACES.items()),
        COVERAGE_FACES,
        EMBOLDEN_FALLBACK,
    )
    cached = _CHOICE_CACHE.get(key)
    if cached is None:
        cached = _choose(faces_of(files), user_dirs)
        if len(_CHOICE_CACHE) >= 8:
            _CHOICE_CACHE.clear()
        _CHOICE_CACHE[key] = cached
    return cached


def _choose(faces: Sequence[Face], user_dirs: Sequence[str]) -> FontSet:
    def from_user(face: Face) -> bool:
        return any(face.path.startswith(os.path.realpath(d) + os.sep) for d in user_dirs)

    roles: dict[str, RoleFont] = {}
    for role in ROLES:
        face = _pick(faces, OFFICIAL_FACES[role])
        official = face is not None
        if face is None:
            face = _pick(faces, FALLBACK_FACES[role])
        if face is None:
            face = _pick_any_cjk(sorted(faces, key=partial(style_rank, role)))
        if face is None:
            raise NoFontError(
                f"找不到可用于“{ROLE_NAMES[role]}”的中文字体。请安装宋体、黑体、楷体、仿宋等"
                f"TrueType 字体，或把字体文件（.ttf/.ttc）放入字体文件夹：{user_dirs[0]}"
            )
        roles[role] = RoleFont(
            role,
            face,
            official=official,
            user=from_user(face),
            embolden=not official and role in EMBOLDEN_FALLBACK,
        )
    usable = [f for f in faces if f.usable]
    ordered: list[Face] = []
    for face in (
        *(rf.face for rf in roles.values()),
        *(f for f in usable if from_user(f)),
        *(f for name in COVERAGE_FACES for f in usable if f.matches(name)),
        *usable,
    ):
        if face not in ordered:
            ordered.append(face)
    return FontSet(roles, ordered)


def _pick_any_cjk(faces: Sequence[Face]) -> Face | None:
    for face in faces:
        if face.usable and ord("国") in coverage(face) and ord("一") in coverage(face):
            return face
    return None


# --------------------------------------------------------------------------------------------
# Checking a text before export

_IGNORED_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp"})
_VARIATION_SELECTORS = re.compile("[\ufe00-\ufe0f\U000e0100-\U000e01ef]")


def printable(text: str) -> str:
    """The text as it is printed: control and format characters (zero-width, direction marks,
    variation selectors) are invisible and dropped; tabs become spaces."""
    if text.isprintable() and not _VARIATION_SELECTORS.search(text):
        # No control, format or line/paragraph separator character (isprintable is False for
        # each of them, and for tabs and newlines): nothing to drop or replace.
        return text
    text = text.replace("\t", " ")
    return "".join(
        ch
        for ch in text
        if ch == "\n"
        or (
            unicodedata.category(ch) not in _IGNORED_CATEGORIES
            and not ("\ufe00" <= ch <= "\ufe0f" or "\U000e0100" <= ch <= "\U000e01ef")
        )
    )


def check_text(fonts: FontSet, role: str, text: str, where: str) -> None:
    """Raise MissingGlyphError for the first character no available face can draw."""
    for i, ch in enumerate(text):
        if ch.isspace():
            continue
        if fonts.face_for(role, ch) is None:
            start = max(0, i - 6)
            context = text[start : i + 7].replace("\n", " ")
            raise MissingGlyphError(ch, where, context)
