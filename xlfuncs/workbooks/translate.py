"""One description, several languages: every text of the sheets goes through a table.

``translate(sheets, table)`` returns the same sheets with each label, unit, note, prompt,
title and paragraph replaced by its entry in ``table``; a text without an entry is an
error (listing all of them), so a translated workbook has no forgotten English label.
Formulas, names, LLM_* calls, number formats and catalog data are not texts and stay.
"""

from __future__ import annotations

import dataclasses

from .cells import (Bars, Block, Calc, Chart, Check, Columns, Data, Fact, Grid, Input, Lines, Panels, Paragraph, Records,
                    Scatter, Sheet, Subhead, Tornado)

FIELDS = {
    Sheet: ("title", "subtitle"),
    Block: ("title", "intro"),
    Records: ("title", "intro"),
    Input: ("label", "unit", "prompt", "note"),
    Fact: ("label", "unit", "note"),
    Calc: ("label", "unit", "note"),
    Check: ("label", "unit", "note"),
    Data: ("label", "unit", "note"),
    Paragraph: ("text",),
    Chart: ("title", "x_title", "y_title"),
    Bars: ("title", "y_title"),
    Columns: ("title", "x_title", "y_title"),
    Subhead: ("label",),
    Lines: ("title", "x_title", "y_title"),
    Scatter: ("title", "x_title", "y_title"),
    Tornado: ("title", "x_title"),
    Grid: ("title", "intro"),
}
# Column headers that are names (GPT-3 Small, LLaMA 7B) stay as they are.
GENERIC_COLUMNS = ("Input", "Result", "Value", "", "Best", "Base", "Worst", "Check")


class Translator:
    def __init__(self, table: dict | None):
        self.table, self.missing = table, []

    def __call__(self, text: str) -> str:
        if self.table is None or not text:
            return text
        if text not in self.table:
            self.missing.append(text)
            return text
        return self.table[text]

    def check(self):
        if self.missing:
            raise KeyError("no translation for: " + " | ".join(dict.fromkeys(self.missing)))


def translate(sheets, t: Translator):
    return tuple(_item(s, t) for s in sheets)


def _item(obj, t):
    changes = {name: t(getattr(obj, name)) for name in FIELDS.get(type(obj), ())}
    if isinstance(obj, Sheet):
        changes["items"] = tuple(_item(i, t) for i in obj.items)
    elif isinstance(obj, Panels):
        changes["panels"] = tuple(tuple(_item(i, t) for i in panel) for panel in obj.panels)
    elif isinstance(obj, Block):
        changes["rows"] = tuple(_item(r, t) for r in obj.rows)
        changes["columns"] = tuple(t(c) if c in GENERIC_COLUMNS else c for c in obj.columns)
    elif isinstance(obj, Grid):
        changes.update(down=_item(obj.down, t), across=_item(obj.across, t), cell=_item(obj.cell, t))
    elif isinstance(obj, Records):
        changes["fields"] = tuple((name, t(header), fmt, width) for name, header, fmt, width in obj.fields)
        changes["translated"] = {name: {v: t(v) for v in {r.get(name) for r in obj.records} if v}
                                 for name in obj.translated}
    return dataclasses.replace(obj, **changes)


def map_rows(obj, fn):
    """``obj`` (a sheet, panel, block or grid) with ``fn`` applied to each of its rows."""
    if isinstance(obj, Sheet):
        return dataclasses.replace(obj, items=tuple(map_rows(i, fn) for i in obj.items))
    if isinstance(obj, Panels):
        return dataclasses.replace(obj, panels=tuple(tuple(map_rows(i, fn) for i in p) for p in obj.panels))
    if isinstance(obj, Block):
        return dataclasses.replace(obj, rows=tuple(fn(r) for r in obj.rows))
    if isinstance(obj, Grid):
        return dataclasses.replace(obj, down=fn(obj.down), across=fn(obj.across), cell=fn(obj.cell))
    return obj


def localize(sheets, defaults: dict):
    """The sheets with the inputs named in ``defaults`` ({name: {"values": [...], "note": ...}})
    given that language's default values and source; a name no input has is an error."""
    unused = set(defaults)

    def row(obj):
        if not (isinstance(obj, Input) and obj.name in defaults):
            return obj
        unused.discard(obj.name)
        entry = defaults[obj.name]
        if len(entry["values"]) != len(obj.values):
            raise ValueError(f"{obj.name}: {len(obj.values)} default values expected")
        return dataclasses.replace(obj, values=tuple(entry["values"]), note=entry.get("note", obj.note))

    out = tuple(map_rows(s, row) for s in sheets)
    if unused:
        raise KeyError("default values for inputs no sheet has: " + ", ".join(sorted(unused)))
    return out


def localize_money(sheets, money_format: str, plain_money: str):
    """The sheets with every amount of money (a row whose unit names the currency and whose
    format is the plain money format) shown in a language's own money format."""
    from .cells import CURRENCY

    def row(obj):
        if isinstance(obj, (Input, Calc)) and CURRENCY in obj.unit and obj.fmt == plain_money:
            return dataclasses.replace(obj, fmt=money_format)
        return obj

    return tuple(map_rows(s, row) for s in sheets)
