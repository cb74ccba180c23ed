"""The template workbooks: one description of the sheets (``sheets.py``), four files.

==========================  ==========================================  ========
file                        every estimate is                           language
==========================  ==========================================  ========
llm_budget.xlsx             a native Excel formula (no add-in needed)   English
llm_budget_addin.xlsx       an ``=LLM_...()`` call of the add-in        English
llm_budget_zh.xlsx          a native Excel formula                      Chinese
llm_budget_addin_zh.xlsx    an ``=LLM_...()`` call                      Chinese
==========================  ==========================================  ========

:func:`build` writes them all into a temporary folder first and moves them into place
only when all four are written, so a build that fails half-way leaves the previous
workbooks as they were.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from pathlib import Path

WORKBOOKS = {
    "llm_budget.xlsx": ("native", "en"),
    "llm_budget_addin.xlsx": ("addin", "en"),
    "llm_budget_zh.xlsx": ("native", "zh"),
    "llm_budget_addin_zh.xlsx": ("addin", "zh"),
}


def layout(variant="native", lang="en"):
    """The laid-out workbook of a variant and language (see :class:`book.Book`)."""
    from .book import Book
    from .sheets import SHEETS
    from .translate import translate

    t = _translator(lang)
    sheets = translate(SHEETS, t)
    if lang != "en":
        from .locale import defaults
        from .translate import localize

        sheets = localize(sheets, defaults(lang))
        from .locale import formats
        from .sheets import MONEY
        from .translate import localize_money

        if "money" in formats(lang):
            sheets = localize_money(sheets, formats(lang)["money"], MONEY)
    b = Book(sheets, variant)
    t.check()
    return b, t


def _translator(lang):
    from .translate import Translator

    if lang == "en":
        return Translator(None)
    from .locale import table

    return Translator(table(lang))


def write(path: Path, variant="native", lang="en") -> Path:
    """Write one workbook, cached values included."""
    from . import cached, writer

    b, t = layout(variant, lang)
    wb, values = writer.write(b, t)
    t.check()
    wb.properties.creator = "xlfuncs"
    from datetime import datetime

    wb.properties.created = wb.properties.modified = datetime(*cached.FIXED_DATE)
    wb.save(path)
    cached.finish(Path(path), values)
    return Path(path)


def build(out_dir) -> list[Path]:
    """Write all the workbooks into ``out_dir``: the whole new set or, on any failure
    (an unwritable folder, Ctrl+C), none of it: the new set is written into a temporary
    folder beside the old one, the old files are moved aside, the new ones moved in, and
    the old ones put back if a move fails. The temporary folder is always removed."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".build-", dir=out_dir))
    try:
        for name, (variant, lang) in WORKBOOKS.items():
            write(tmp / name, variant, lang)
        _swap(tmp, out_dir)
        return [out_dir / name for name in WORKBOOKS]
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _swap(tmp: Path, out_dir: Path) -> None:
    old = tmp / "old"
    old.mkdir()
    aside, moved = [], []
    try:
        for name in WORKBOOKS:
            if (out_dir / name).exists():
                os.replace(out_dir / name, old / name)
                aside.append(name)
        for name in WORKBOOKS:
            os.replace(tmp / name, out_dir / name)
            moved.append(name)
    except BaseException:
        for name in moved:  # take the new ones out again, then put the old ones back
            with contextlib.suppress(OSError):
                os.remove(out_dir / name)
        for name in aside:
            with contextlib.suppress(OSError):
                os.replace(old / name, out_dir / name)
        raise
