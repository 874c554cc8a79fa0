"""Finding a Unicode TrueType font for the PDF card on this computer.

The PDF must show what a patient typed in any script, so it needs a font
with many glyphs. We look for these families, best coverage first:

1. DejaVu Sans (Latin, Greek, Cyrillic, Arabic, Hebrew, many symbols, some
   emoji); on most Linux systems, and shipped inside matplotlib;
2. Noto Sans;
3. Liberation Sans;
4. Arial (Windows and macOS have it; it covers Arabic and Hebrew too).

The first family found is the card's font; the others found are fallbacks
for characters it lacks. When none is found, the PDF renderer uses the PDF
core font Helvetica, simplifies letters it cannot show and says so on the
card. Nothing here imports fpdf.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

#: (family, regular file names, bold file names), in order of preference.
FAMILIES: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("DejaVu Sans", ("DejaVuSans.ttf",), ("DejaVuSans-Bold.ttf",)),
    ("Noto Sans", ("NotoSans-Regular.ttf",), ("NotoSans-Bold.ttf",)),
    ("Liberation Sans", ("LiberationSans-Regular.ttf",), ("LiberationSans-Bold.ttf",)),
    ("Arial", ("Arial.ttf", "arial.ttf"), ("Arial Bold.ttf", "arialbd.ttf")),
)


@dataclass(frozen=True)
class FontChoice:
    """A font family found on this computer."""

    family: str
    regular: Path
    #: The bold face; the regular one when the family has no bold file.
    bold: Path


def font_dirs() -> list[Path]:
    """Where fonts usually live, on Linux, macOS and Windows."""
    home = Path.home()
    dirs = [
        Path("/usr/share/fonts"),
        Path("/usr/local/share/fonts"),
        home / ".local" / "share" / "fonts",
        home / ".fonts",
        Path("/Library/Fonts"),
        Path("/System/Library/Fonts"),
        Path("/System/Library/Fonts/Supplemental"),
        home / "Library" / "Fonts",
    ]
    data_dirs = os.environ.get("XDG_DATA_DIRS", "")
    for entry in data_dirs.split(os.pathsep):
        if entry:
            dirs.append(Path(entry) / "fonts")
    if sys.platform == "win32":
        windir = os.environ.get("WINDIR") or os.environ.get("SystemRoot") or r"C:\Windows"
        dirs.append(Path(windir) / "Fonts")
        local = os.environ.get("LOCALAPPDATA")
        if local:
            dirs.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
    matplotlib_fonts = _matplotlib_font_dir()
    if matplotlib_fonts is not None:
        dirs.append(matplotlib_fonts)
    seen: list[Path] = []
    for directory in dirs:
        if directory not in seen:
            seen.append(directory)
    return seen


def _matplotlib_font_dir() -> Path | None:
    """matplotlib ships DejaVu Sans; find it without importing matplotlib."""
    try:
        spec = importlib.util.find_spec("matplotlib")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        candidate = Path(location) / "mpl-data" / "fonts" / "ttf"
        if candidate.is_dir():
            return candidate
    return None


def _index(dirs: list[Path]) -> dict[str, Path]:
    """File name (lower case) -> first path with that name, under ``dirs``."""
    wanted = {
        name.lower()
        for _family, regular, bold in FAMILIES
        for name in (*regular, *bold)
    }
    found: dict[str, Path] = {}
    for directory in dirs:
        if not directory.is_dir():
            continue
        for root, _subdirs, files in os.walk(directory, onerror=lambda _e: None):
            for name in files:
                key = name.lower()
                if key in wanted and key not in found:
                    found[key] = Path(root) / name
    return found


def find_fonts(dirs: list[Path] | None = None) -> list[FontChoice]:
    """Every known family found, best first (empty when there is none)."""
    index = _index(font_dirs() if dirs is None else list(dirs))
    choices: list[FontChoice] = []
    for family, regular_names, bold_names in FAMILIES:
        regular = next((index[n.lower()] for n in regular_names if n.lower() in index), None)
        if regular is None:
            continue
        bold = next((index[n.lower()] for n in bold_names if n.lower() in index), regular)
        choices.append(FontChoice(family, regular, bold))
    return choices


@lru_cache(maxsize=1)
def system_fonts() -> tuple[FontChoice, ...]:
    """``find_fonts()`` for this computer, looked up once per process."""
    return tuple(find_fonts())
