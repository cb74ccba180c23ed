"""Where every row of the description lands, what each cell holds, and its value.

:class:`Book` lays the sheets out (deterministically: the same description always gives
the same cells), and for every cell answers three questions: its native Excel formula,
its add-in formula, and its value computed by the core's Python functions. The writer
only asks; it computes nothing.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from openpyxl.utils import get_column_letter

from . import cells, spelling
from .cells import (Bars, Block, Calc, Chart, Columns, Data, Fact, Grid, Input, Labels, Lines, Panels, Paragraph, Records,
                    Scatter, Span, Subhead, Table, Text, Tornado)

FIRST_ROW = 4        # rows 1-3: title, subtitle, a blank row
VALUE_COL = 3        # column C: the first value column (A label, B unit)
CHART_ROWS = 16      # rows a chart takes
# Lookups of a catalog sheet: the helper, the sheet and its name column.
LOOKUPS = {cells.gpu_field: ("gpus", "name"), cells.model_field: ("models", "name"),
           cells.price_field: ("prices", "p_gpu")}


@dataclass
class Place:
    sheet: object        # cells.Sheet
    block: object        # Block or Records
    row: object          # the row (Input/Fact/Calc), or a Records field
    r: int               # worksheet row
    c: int               # first value column
    n: int               # number of value columns
    x: int = 0           # columns left of the block's label column (0: the label is in A)


class Book:
    """The laid-out workbook: ``variant`` is "native" or "addin"."""

    def __init__(self, sheets, variant="native"):
        self.sheets, self.variant = sheets, variant
        self.places: dict[tuple[str, str], Place] = {}
        self.rows_of: dict[str, list] = {}   # sheet key -> [(kind, item, worksheet row)]
        self._values: dict = {}
        for sheet in sheets:
            self.rows_of[sheet.key] = self._lay_out(sheet)

    # -- layout --------------------------------------------------------------------------
    def _lay_out(self, sheet):
        out = []
        self._items(sheet, sheet.items, FIRST_ROW, 0, out)
        return out

    def _items(self, sheet, items, r, x, out, width=0):
        """Lay items out from row ``r`` with their labels in column ``x + 1``; each entry
        of ``out`` is (kind, item, worksheet row, x, span), a block's span being at least
        ``width`` (its panel's) columns. Returns the next free row."""
        for item in items:
            if isinstance(item, Paragraph):
                if item.only and item.only != self.variant:
                    continue
                out.append(("paragraph", item, r, x, width))  # width 0: not in a panel
                r += 1
            elif isinstance(item, Block):
                if item.only and item.only != self.variant:
                    continue
                out.append(("block", item, r, x, max(width, span(item))))
                r += 2 + bool(item.intro)  # title, (intro,) header
                for row in item.rows:
                    self.places[(sheet.key, row.key)] = Place(sheet, item, row, r, VALUE_COL + x, len(item.columns), x)
                    r += 1
                r += 1
            elif isinstance(item, Records):
                out.append(("records", item, r, x, len(item.fields)))
                r += 3  # title, intro, header
                for j, (name, *_rest) in enumerate(item.fields):
                    self.places[(sheet.key, name)] = Place(sheet, item, name, r, j + 1 + x, 1, x)
                r += len(item.records) + 1
            elif isinstance(item, (Chart, Bars, Columns, Lines, Scatter, Tornado)):
                out.append(("chart", item, r, x, 0))
                r += chart_rows(item)
            elif isinstance(item, Grid):
                out.append(("grid", item, r, x, 3 + len(item.across.values)))
                r = self._grid(sheet, item, r, x)
            elif isinstance(item, Panels):
                ends, left = [], x
                for panel in item.panels:
                    wide = max((span(i) for i in panel if isinstance(i, Block)), default=0)
                    ends.append(self._items(sheet, panel, r, left, out, wide))
                    left += wide + 1
                r = max(ends)
        return r

    def _grid(self, sheet, grid, r, x):
        """A two-way table unrolled into rows: the across input on the header row, and for
        each value of the down input its own one-cell input (column B) and a row of the
        cell's Calc reading that input. Returns the next free row."""
        r += 1 + bool(grid.intro)  # title, (intro)
        self.places[(sheet.key, grid.across.key)] = Place(sheet, grid, grid.across, r, VALUE_COL + x,
                                                          len(grid.across.values), x)
        for i, value in enumerate(grid.down.values):
            r += 1
            down = dataclasses.replace(grid.down, key=f"{grid.down.key}{i + 1}", values=(value,), name="")
            def mine(args):  # the row's own down input in place of the grid's
                return tuple(down.key if a == grid.down.key else a for a in args)

            addin = grid.cell.addin and (grid.cell.addin[0], mine(grid.cell.addin[1]))
            cell = dataclasses.replace(grid.cell, key=f"{grid.cell.key}{i + 1}", args=mine(grid.cell.args),
                                       addin=addin, name="")
            self.places[(sheet.key, down.key)] = Place(sheet, grid, down, r, 2 + x, 1, x)
            self.places[(sheet.key, cell.key)] = Place(sheet, grid, cell, r, VALUE_COL + x, len(grid.across.values), x)
        return r + 2

    def find(self, sheet_key, arg):
        """The place an argument names, and the column it pins (None: not pinned)."""
        pin = None
        if "@" in arg:
            arg, pin = arg.split("@")
            pin = int(pin)
        if "." in arg:
            sheet_key, arg = arg.split(".")
        return self.places[(sheet_key, arg)], pin

    def _column(self, here: Place, there: Place, pin, j):
        if pin is not None and there.n == 1:
            return 0    # a single value stands for every case: "@1" of it is the value
        if pin is not None:
            if pin >= there.n:
                raise ValueError(f"{there.row.key} has {there.n} columns: @{pin} is not one of them")
            return pin
        if there.n == 1:
            return 0
        if here.n == there.n and (there.block is here.block or there.block.columns == here.block.columns):
            return j
        raise ValueError(f"{there.row.key} has {there.n} columns: say which with @")

    # -- references and formulas ---------------------------------------------------------
    def address(self, place: Place, j=0, sheet_key=None) -> str:
        cell = f"${get_column_letter(place.c + j)}${place.r}"
        if sheet_key == place.sheet.key:
            return cell
        return f"{quote(self.title(place.sheet))}!{cell}"

    def title(self, sheet) -> str:
        return sheet.title

    def ref(self, here: Place, arg, j) -> str:
        if isinstance(arg, Table):
            return self.table_range(here, arg.block)
        if isinstance(arg, Span):
            (a, ca), (b, cb) = self._ends(here, arg, j)
            return self.address(a, ca, here.sheet.key) + ":" + self.address(b, cb, here.sheet.key).split("!")[-1]
        if isinstance(arg, Labels):
            (a, _), (b, _) = self._ends(here, arg, j)
            letter = get_column_letter(1 + a.x)
            cell = f"${letter}${a.r}:${letter}${b.r}"
            return cell if a.sheet is here.sheet else f"{quote(self.title(a.sheet))}!{cell}"
        if not isinstance(arg, str):
            return spelling.literal(arg)
        there, pin = self.find(here.sheet.key, arg)
        return self.address(there, self._column(here, there, pin, j), here.sheet.key)

    def formula(self, place: Place, j=0) -> str:
        """What the cell of a Calc holds in this variant."""
        calc: Calc = place.row
        if calc.addin and self.variant == "addin":
            name, args = calc.addin
            return f"={name}({','.join(self.ref(place, a, j) for a in args)})"
        if calc.fn in LOOKUPS:
            return self._lookup(place, j)
        args = spelling.defaults(calc.fn, calc.args)
        return spelling.native(calc.fn, [self.ref(place, a, j) for a in args])

    def _lookup(self, place, j):
        name_arg, field_name = place.row.args
        sheet_key, name_field = LOOKUPS[place.row.fn]
        names = self.places[(sheet_key, name_field)]
        column = self.places[(sheet_key, field_name.value)]
        return (f"=INDEX({self.records_range(column)},"
                f"MATCH({self.ref(place, name_arg, j)},{self.records_range(names)},0))")

    def table_range(self, here: Place, block_key) -> str:
        """The key/value range of a ``keys`` block: its key column (B) to its value column."""
        rows = [p for p in self.places.values() if p.sheet is here.sheet and p.block.key == block_key]
        first, last = rows[0], rows[-1]
        cell = f"${get_column_letter(2 + first.x)}${first.r}:${get_column_letter(last.c)}${last.r}"
        return cell if here.sheet is first.sheet else f"{quote(self.title(first.sheet))}!{cell}"

    def is_formula(self, place: Place) -> bool:
        """A Calc is a formula, except a Data row of the native workbook (a value there)."""
        return isinstance(place.row, Calc) and not (isinstance(place.row, Data) and self.variant == "native")

    def records_range(self, place: Place) -> str:
        letter = get_column_letter(place.c)
        last = place.r + len(place.block.records) - 1
        return f"{quote(self.title(place.sheet))}!${letter}${place.r}:${letter}${last}"

    # -- values ---------------------------------------------------------------------------
    def value(self, place: Place, j=0):
        """The cell's value: typed (Input), published (Fact) or computed by the core (Calc)."""
        row = place.row
        if isinstance(row, (Input, Fact)):
            return row.values[j]
        key = (place.sheet.key, row.key, j)
        if key not in self._values:
            args = [self._arg_value(place, a, j) for a in row.args]
            self._values[key] = row.fn(*args)
        return self._values[key]

    def _ends(self, here, span, j):
        """The (place, column) of both ends of a Span or Labels argument."""
        ends = []
        for end in (span.first, span.last):
            there, pin = self.find(here.sheet.key, end)
            ends.append((there, self._column(here, there, pin, j)))
        return ends

    def _between(self, a: Place, b: Place):
        """The places of a block's rows from a's row to b's row (a column of a Span)."""
        rows = a.block.rows[a.block.rows.index(a.row):a.block.rows.index(b.row) + 1]
        return [self.places[(a.sheet.key, row.key)] for row in rows if not isinstance(row, Subhead)]

    def _arg_value(self, here, arg, j):
        if isinstance(arg, Span):
            (a, ca), (b, cb) = self._ends(here, arg, j)
            if a is b:
                return [self.value(a, k) for k in range(ca, cb + 1)]
            return [self.value(p, ca) for p in self._between(a, b)]
        if isinstance(arg, Labels):
            (a, _), (b, _) = self._ends(here, arg, j)
            return [p.row.label for p in self._between(a, b)]
        if isinstance(arg, Text):
            return arg.value
        if not isinstance(arg, str):
            return arg
        there, pin = self.find(here.sheet.key, arg)
        return self.value(there, self._column(here, there, pin, j))

    def formula_cells(self):
        """Every computed cell: (sheet, worksheet row, column, formula, value)."""
        for (sheet_key, _), place in self.places.items():
            if self.is_formula(place):
                for j in range(place.n):
                    yield place.sheet, place.r, place.c + j, self.formula(place, j), self.value(place, j)


def chart_rows(chart) -> int:
    """Rows a chart takes: its own ``rows_tall``, else the usual."""
    return getattr(chart, "rows_tall", 0) or CHART_ROWS


def span(block) -> int:
    """Columns a block takes: label, unit, its value columns, the note."""
    return 3 + len(block.columns) if isinstance(block, Block) else 0


def quote(title: str) -> str:
    return "'" + title.replace("'", "''") + "'"
