"""The openpyxl writer: cells, styles, names, checks, protection, charts, print setup.

It takes a laid-out :class:`~xlfuncs.workbooks.book.Book` and writes what the book says;
the values it hands back (for the cached-value pass) are the book's, from the core.
"""

from __future__ import annotations

import math

from openpyxl import Workbook
from openpyxl.chart import BarChart, LineChart, Reference, ScatterChart, Series
from openpyxl.chart.series import SeriesLabel
from openpyxl.formatting.rule import CellIsRule, FormulaRule
from openpyxl.chart.text import RichText
from openpyxl.drawing.text import CharacterProperties, ParagraphProperties, RichTextProperties
from openpyxl.drawing.text import Paragraph as TextParagraph
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.pagebreak import Break

from .book import VALUE_COL, Book, chart_rows
from .cells import (CURRENCY, Bars, Block, Calc, Chart, Check, Columns, Data, Fact, Grid, Input, Lines, Paragraph, Records,
                    Scatter, Subhead, Tornado)

BLUE, GREY, DARK = "0000FF", "595959", "1F4E79"
THIN = Side(style="thin", color="BFBFBF")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
# Arial everywhere: on every platform, and LibreOffice's Liberation Sans has its metrics,
# so columns sized here are the right size in Excel, LibreOffice and Google Sheets alike.
FACE = "Arial"
PLAIN = Font(name=FACE, size=10)
BOLD = Font(name=FACE, size=10, bold=True)
INPUT = dict(fill=PatternFill("solid", fgColor="FFF2CC"), font=Font(name=FACE, size=10, color=BLUE),
             border=BOX, protection=Protection(locked=False))
FACT = dict(font=Font(name=FACE, size=10, color=GREY, italic=True))
HEADER = dict(fill=PatternFill("solid", fgColor="DDEBF7"), font=BOLD,
              border=Border(bottom=Side(style="thin", color=DARK)))
NOTE = dict(font=Font(name=FACE, size=9, color=GREY), alignment=Alignment(indent=1))
UNIT = dict(font=Font(name=FACE, size=9, color=GREY))
SUBHEAD = Font(name=FACE, size=10, bold=True, color=DARK)
TITLE = Font(name=FACE, bold=True, size=16, color=DARK)
BLOCK_TITLE = Font(name=FACE, bold=True, size=12, color=DARK)

# Texts of the writer itself (translated like the description).
UI = ("Quantity", "Unit", "How it is computed", "Not accepted",
      "must be a number greater than 0", "must be a whole number, 1 or more",
      "must be a number above 0 and at most 1 (100%)", "must be a number, 0 or more",
      "must be TRUE or FALSE", "must be a GPU from the GPUs sheet", "must be a name", "Page &P of &N",
      "Key", "must be a model from the Models sheet", "must be one of the list",
      "must be a whole number from 0 to 3", "must be a number, 0 or more and below 1")


def write(book: Book, t) -> tuple[Workbook, dict]:
    """The workbook and the values of its formula cells: {sheet title: {cell: value}}."""
    wb = Workbook()
    wb.remove(wb.active)
    for sheet in book.sheets:
        ws = wb.create_sheet(sheet.title)
        _sheet(ws, book, sheet, t)
    _names(wb, book)
    cached = {}
    for sheet, r, c, formula, value in _unit_cells(book) + list(book.formula_cells()):
        cell = wb[sheet.title].cell(r, c)
        cell.value = formula
        cached.setdefault(sheet.title, {})[cell.coordinate] = value
    return wb, cached


def _sheet(ws, book, sheet, t):
    ws.cell(1, 1, sheet.title).font = TITLE
    if sheet.subtitle:
        _style(ws.cell(2, 1, sheet.subtitle), UNIT)
    widths = dict(sheet.widths)
    for kind, item, r, x, span in book.rows_of[sheet.key]:
        if getattr(item, "key", None) in sheet.page_breaks:
            ws.row_breaks.append(Break(id=r - 1))
        if kind == "paragraph":
            _paragraph(ws, item, r, widths.get("A", 100), x, in_panel=span > 0)
        elif kind == "block":
            _block(ws, book, sheet, item, r, x, span, t)
        elif kind == "records":
            widths.update(_records(ws, item, r))
        elif kind == "chart" and isinstance(item, Bars):
            _bars(ws, book, sheet, item, r, x)
        elif kind == "chart" and isinstance(item, Columns):
            _columns(ws, book, sheet, item, r, x)
        elif kind == "chart" and isinstance(item, Lines):
            _lines(ws, book, sheet, item, r, x)
        elif kind == "chart" and isinstance(item, Scatter):
            _scatter(ws, book, sheet, item, r, x)
        elif kind == "chart" and isinstance(item, Tornado):
            _tornado(ws, book, sheet, item, r, x)
        elif kind == "grid":
            _grid(ws, book, sheet, item, r, x, t)
        elif kind == "chart":
            _chart(ws, book, sheet, item, r, x)
    for letter, width in widths.items():
        ws.column_dimensions[letter].width = width
    last_row = max([ws.max_row] + [r + chart_rows(item) for kind, item, r, _, _ in book.rows_of[sheet.key]
                                   if kind == "chart"])
    if sheet.row_height:  # every row the same height, unless the writer set one (a title, a wrapped paragraph)
        ws.row_dimensions[1].height = 21  # the 16-point sheet title
        ws.sheet_format.defaultRowHeight, ws.sheet_format.customHeight = sheet.row_height, True
        for r in range(1, last_row + 1):
            if ws.row_dimensions[r].height is None:
                ws.row_dimensions[r].height = sheet.row_height
    _protect_and_print(ws, sheet, t, last_row)


def _style(cell, style):
    for name, value in style.items():
        setattr(cell, name, value)
    return cell


def _paragraph(ws, item: Paragraph, r, width, x=0, in_panel=False):
    cell = ws.cell(r, 1 + x, item.text)
    cell.font = PLAIN
    if item.style == "note":
        _style(cell, UNIT)
    elif item.style == "title":
        cell.font = TITLE
    elif item.style == "heading" and in_panel:  # the row is shared with the panel beside it
        cell.font = BLOCK_TITLE
    elif item.style == "heading":
        cell.font = BLOCK_TITLE
        ws.row_dimensions[r].height = 24
        cell.alignment = Alignment(vertical="bottom")
    else:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        # Wrapped text needs its height set: Excel does not grow a row on open.
        ws.row_dimensions[r].height = 14 * max(1, math.ceil(_display_width(item.text) / (width * 1.4))) + 4


def _display_width(text):
    """Width in Arial-10 characters: a Chinese character is nearly three Latin letters wide."""
    return sum(2.8 if ord(ch) > 0x2E80 else 1 for ch in text)


def _block(ws, book: Book, sheet, block: Block, r, x, span, t):
    ws.cell(r, 1 + x, block.title).font = BLOCK_TITLE
    if sheet.row_height:  # a 12-point title in a sheet of low rows
        ws.row_dimensions[r].height = max(ws.row_dimensions[r].height or 0, 15)
    if block.intro:
        r += 1
        _style(ws.cell(r, 1 + x, block.intro), UNIT)
    note_col = VALUE_COL + len(block.columns)
    header = [t("Quantity"), t("Key") if block.keys else t("Unit"), *block.columns, t("How it is computed")]
    for j, text in enumerate(header):
        cell = _style(ws.cell(r + 1, 1 + x + j, text), HEADER)
        if 1 < j < note_col - 1:
            cell.alignment = Alignment(horizontal="right")
        elif j == note_col - 1:
            cell.alignment = Alignment(indent=1)
    for j in range(len(header), span):  # a narrow block's header as wide as the panel
        _style(ws.cell(r + 1, 1 + x + j), HEADER)
    for row in block.rows:
        place = book.places[(sheet.key, row.key)]
        if isinstance(row, Subhead):
            ws.cell(place.r, 1 + x, row.label).font = SUBHEAD
            continue
        ws.cell(place.r, 1 + x, row.label).font = PLAIN
        unit = row.key if block.keys else row.unit
        _style(ws.cell(place.r, 2 + x, None if CURRENCY in unit else unit), UNIT)
        if row.note:
            _style(ws.cell(place.r, note_col + x, row.note), NOTE)
        for j in range(place.n):
            cell = ws.cell(place.r, place.c + j)
            cell.number_format = row.fmt
            cell.font = PLAIN
            if isinstance(row, Input):
                cell.value = row.values[j]
                _style(cell, INPUT)
                if isinstance(row.values[j], str):
                    cell.alignment = Alignment(horizontal="right")
            elif isinstance(row, Fact):
                cell.value = row.values[j]
                _style(cell, FACT)
                if isinstance(row.values[j], str):
                    cell.alignment = Alignment(horizontal="right")  # a name over its column of numbers
            elif isinstance(row, Data) and not book.is_formula(place):
                cell.value = book.value(place, j)   # data from the core, shown as a published figure is
                _style(cell, FACT)
            elif isinstance(row, Calc) and row.strong:
                cell.font = BOLD
            if isinstance(row, Calc) and row.fmt == "@":  # a word as a result sits where numbers do
                cell.alignment = Alignment(horizontal="right", shrink_to_fit=True)  # and a long name stays in its cell
        if isinstance(row, Input):
            _validate(ws, row, place, t)
        elif isinstance(row, Check):
            _traffic_light(ws, row, place)


PASS = dict(fill=PatternFill("solid", bgColor="C6EFCE"), font=Font(color="006100", bold=True))
FAIL = dict(fill=PatternFill("solid", bgColor="FFC7CE"), font=Font(color="9C0006", bold=True))


def _traffic_light(ws, row: Check, place):
    """A check green when it passes, red when it fails (a count: green at 0)."""
    cell = ws.cell(place.r, place.c).coordinate
    if row.fmt == FLAG_FORMAT:
        good, bad = ("equal", ["TRUE"]), ("equal", ["FALSE"])
        ws.conditional_formatting.add(cell, CellIsRule(operator=good[0], formula=good[1], **PASS))
        ws.conditional_formatting.add(cell, CellIsRule(operator=bad[0], formula=bad[1], **FAIL))
    else:
        ws.conditional_formatting.add(cell, FormulaRule(formula=[f"{cell}=0"], **PASS))
        ws.conditional_formatting.add(cell, FormulaRule(formula=[f"{cell}>0"], **FAIL))


FLAG_FORMAT = '"TRUE";"TRUE";"FALSE"'


def fit(text: str, limit: int) -> str:
    """A text cut to at most ``limit`` characters at a whole word (Excel's limits on an
    input message's title, 32, and its text, 255); a text without spaces (Chinese) is cut
    at the limit."""
    if len(text) <= limit:
        return text
    cut = text[:limit + 1].rsplit(" ", 1)[0] if " " in text[:limit + 1] else text[:limit]
    if cut.count("(") > cut.count(")"):  # a remark in brackets that does not fit is left out whole
        cut = cut[:cut.rindex("(")]
    words = cut.rstrip(" ,;:").split(" ")
    while len(words) > 1 and words[-1].lower() in DANGLING:
        words.pop()
    return " ".join(words).rstrip(" ,;:")


# Words a cut title must not end on ("Residual value at the end of the").
DANGLING = {"a", "an", "and", "at", "by", "for", "in", "is", "of", "on", "or", "per", "the", "to", "with"}


def _validate(ws, row: Input, place, t):
    first = ws.cell(place.r, place.c).coordinate
    last = ws.cell(place.r, place.c + place.n - 1).coordinate
    kind = row.check
    if kind == "gpu":
        dv = DataValidation(type="list", formula1="GPU_Names", error=t("must be a GPU from the GPUs sheet"))
    elif kind == "text":
        dv = DataValidation(type="textLength", operator="greaterThan", formula1="0", error=t("must be a name"))
    elif kind == "model":
        dv = DataValidation(type="list", formula1="Model_Names", error=t("must be a model from the Models sheet"))
    elif kind.startswith("choice:"):    # "choice:none|selective|full"
        dv = DataValidation(type="list", formula1='"' + kind[7:].replace("|", ",") + '"',
                            error=t("must be one of the list"))
    elif kind == "zero":
        dv = DataValidation(type="whole", operator="between", formula1="0", formula2="3",
                            error=t("must be a whole number from 0 to 3"))
    elif kind == "share":
        dv = DataValidation(type="custom", formula1=f"AND({first}>=0,{first}<1)",
                            error=t("must be a number, 0 or more and below 1"))
    elif kind == "flag":
        dv = DataValidation(type="list", formula1='"TRUE,FALSE"', error=t("must be TRUE or FALSE"))
    elif kind == "fraction":
        dv = DataValidation(type="custom", formula1=f"AND({first}>0,{first}<=1)",
                            error=t("must be a number above 0 and at most 1 (100%)"))
    elif kind == "whole":
        dv = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="1",
                            error=t("must be a whole number, 1 or more"))
    elif kind in ("nonnegative", "optional"):
        dv = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0",
                            error=t("must be a number, 0 or more"))
    else:
        dv = DataValidation(type="decimal", operator="greaterThan", formula1="0",
                            error=t("must be a number greater than 0"))
    dv.error = f"{row.label} {dv.error}"
    dv.errorTitle, dv.promptTitle = t("Not accepted"), fit(row.label, 32)
    dv.prompt = fit(row.prompt or t("must be a number greater than 0"), 255)
    dv.allow_blank = kind == "optional"
    dv.showErrorMessage = dv.showInputMessage = True
    dv.add(f"{first}:{last}" if first != last else first)
    ws.add_data_validation(dv)


def _records(ws, rec: Records, r) -> dict:
    ws.cell(r, 1, rec.title).font = BLOCK_TITLE
    _style(ws.cell(r + 1, 1, rec.intro), UNIT)
    widths = {}
    for j, (name, header, fmt, width) in enumerate(rec.fields):
        cell = _style(ws.cell(r + 2, 1 + j, header), HEADER)
        cell.alignment = Alignment(wrap_text=True, vertical="bottom")
        widths[get_column_letter(1 + j)] = width
        for i, record in enumerate(rec.records):
            value = record.get(name)
            if name in rec.translated:
                value = rec.translated[name].get(value, value)
            cell = ws.cell(r + 3 + i, 1 + j, value)
            cell.number_format, cell.font = fmt, PLAIN
            if fmt == "@" and j:  # text beside a number needs a gap; long text wraps
                cell.alignment = Alignment(indent=1, wrap_text=True, vertical="top")
            else:
                cell.alignment = Alignment(vertical="top")
            if isinstance(value, str) and _display_width(value) > width:  # Chinese text is wider
                lines = math.ceil(_display_width(value) / (width * 1.15))
                ws.row_dimensions[r + 3 + i].height = max(ws.row_dimensions[r + 3 + i].height or 0, 13 * lines + 2)
    ws.row_dimensions[r + 2].height = 45
    return widths


def _chart(ws, book, sheet, chart: Chart, r, at=0):
    x = book.places[(sheet.key, chart.x)]
    y = book.places[(sheet.key, chart.y)]
    lc = LineChart()
    lc.title, lc.style, lc.legend = chart.title, 2, None
    lc.x_axis.title, lc.y_axis.title = chart.x_title, chart.y_title
    lc.x_axis.delete = lc.y_axis.delete = False  # openpyxl 3.1 hides axes otherwise
    lc.y_axis.number_format = "#,##0"
    lc.add_data(Reference(ws, min_col=y.c, max_col=y.c + y.n - 1, min_row=y.r), from_rows=True)
    lc.set_categories(Reference(ws, min_col=x.c, max_col=x.c + x.n - 1, min_row=x.r))
    lc.series[0].marker.symbol = "circle"
    lc.series[0].smooth = False  # straight segments between the computed points
    lc.width, lc.height = 18, 7.5
    ws.add_chart(lc, f"{get_column_letter(1 + at)}{r}")


def _bars(ws, book, sheet, chart: Bars, r, x):
    """Clustered columns: one series per row, the block's column headers as categories."""
    places = [book.places[(sheet.key, key)] for key in chart.rows]
    first = places[0]
    bc = BarChart()
    bc.type, bc.grouping, bc.style = "col", "clustered", 10
    bc.title, bc.y_axis.title = chart.title, chart.y_title
    bc.x_axis.delete = bc.y_axis.delete = False
    bc.y_axis.number_format = chart.axis_format
    bc.legend.position = "b"
    for p in places:
        bc.add_data(Reference(ws, min_col=p.c, max_col=p.c + p.n - 1, min_row=p.r), from_rows=True)
        bc.series[-1].tx = SeriesLabel(v=p.row.label)
    header_row = first.r - _rows_above(book, sheet, first)
    bc.set_categories(Reference(ws, min_col=first.c, max_col=first.c + first.n - 1, min_row=header_row))
    bc.width, bc.height = 17, 7.5 if not chart.rows_tall else chart.rows_tall * _row_cm(sheet) - 0.2
    if x == 0:
        ws.add_chart(bc, f"A{r}")
        return
    # In a panel right of a column break, a chart whose edge sits on the break prints a page of
    # its own in LibreOffice: start it a little inside its first column.
    from openpyxl.drawing.spreadsheet_drawing import AnchorMarker, OneCellAnchor
    from openpyxl.drawing.xdr import XDRPositiveSize2D
    from openpyxl.utils.units import cm_to_EMU

    bc.anchor = OneCellAnchor(_from=AnchorMarker(col=x, colOff=cm_to_EMU(0.25), row=r - 1),
                              ext=XDRPositiveSize2D(cm_to_EMU(bc.width), cm_to_EMU(bc.height)))
    ws.add_chart(bc)


def _row_cm(sheet):
    """Height of a row in centimetres (15 points unless the sheet sets its rows' height)."""
    return (sheet.row_height or 15) / 72 * 2.54


def _columns(ws, book, sheet, chart: Columns, r, x):
    """One bar per row of a block, down its value column; the rows' labels are the categories."""
    first, last = book.places[(sheet.key, chart.first)], book.places[(sheet.key, chart.last)]
    bc = BarChart()
    bc.type, bc.grouping, bc.style, bc.legend = "col", "clustered", 10, None
    bc.title, bc.x_axis.title, bc.y_axis.title = chart.title, chart.x_title, chart.y_title
    bc.x_axis.delete = bc.y_axis.delete = False
    bc.y_axis.number_format = chart.axis_format
    bc.gapWidth = 40
    # 24 labels do not fit side by side: set them at 45 degrees, in 8 points
    bc.x_axis.txPr = RichText(bodyPr=RichTextProperties(rot=-2700000, vert="horz"),
                              p=[TextParagraph(pPr=ParagraphProperties(defRPr=CharacterProperties(sz=800)),
                                               endParaRPr=CharacterProperties())])
    bc.add_data(Reference(ws, min_col=first.c, min_row=first.r, max_row=last.r))
    bc.set_categories(Reference(ws, min_col=1 + first.x, min_row=first.r, max_row=last.r))
    bc.width, bc.height = 26, 7.5
    ws.add_chart(bc, f"{get_column_letter(1 + x)}{r}")


def _lines(ws, book, sheet, chart: Lines, r, x):
    """Several rows as lines over a row of categories (the months)."""
    cats = book.places[(sheet.key, chart.x)]
    lc = LineChart()
    lc.title, lc.style = chart.title, 2
    lc.x_axis.title, lc.y_axis.title = chart.x_title or None, chart.y_title or None
    lc.x_axis.delete = lc.y_axis.delete = False
    lc.y_axis.number_format = chart.axis_format
    lc.x_axis.number_format = cats.row.fmt
    lc.x_axis.tickLblSkip = 6
    lc.legend.position = "b"
    for key in chart.ys:
        p = book.places[(sheet.key, key)]
        lc.add_data(Reference(ws, min_col=p.c, max_col=p.c + p.n - 1, min_row=p.r), from_rows=True)
        lc.series[-1].tx = SeriesLabel(v=p.row.label)
        lc.series[-1].smooth = False
    lc.set_categories(Reference(ws, min_col=cats.c, max_col=cats.c + cats.n - 1, min_row=cats.r))
    lc.width, lc.height = chart.width, chart.height
    ws.add_chart(lc, f"{get_column_letter(1 + x)}{r}")


def _scatter(ws, book, sheet, chart: Scatter, r, x):
    """One row against another as points joined by lines, on log axes where asked."""
    xp, yp = book.places[(sheet.key, chart.x)], book.places[(sheet.key, chart.y)]
    sc = ScatterChart()
    sc.title, sc.style, sc.legend = chart.title, 13, None
    sc.x_axis.title, sc.y_axis.title = chart.x_title, chart.y_title
    sc.x_axis.delete = sc.y_axis.delete = False
    sc.x_axis.number_format = sc.y_axis.number_format = "#,##0"
    for axis, base in ((sc.x_axis, chart.x_log), (sc.y_axis, chart.y_log)):
        if base:
            axis.scaling.logBase = base
    series = Series(Reference(ws, min_col=yp.c, max_col=yp.c + yp.n - 1, min_row=yp.r),
                    Reference(ws, min_col=xp.c, max_col=xp.c + xp.n - 1, min_row=xp.r))
    series.marker.symbol = "circle"
    series.smooth = False
    sc.series.append(series)
    sc.width, sc.height = 18, 7.5
    ws.add_chart(sc, f"{get_column_letter(1 + x)}{r}")


def _tornado(ws, book, sheet, chart: Tornado, r, x):
    """Horizontal bars, the two series overlapping so each driver's low and high change
    sit on one line; the first column (the largest swing) on top."""
    cats = book.places[(sheet.key, chart.categories)]
    bc = BarChart()
    bc.type, bc.grouping, bc.overlap, bc.gapWidth, bc.style = "bar", "clustered", 100, 40, 10
    bc.title, bc.y_axis.title = chart.title, chart.x_title
    bc.x_axis.delete = bc.y_axis.delete = False
    bc.x_axis.scaling.orientation = "maxMin"   # the largest swing on top
    bc.x_axis.tickLblPos = "low"               # names left of the bars, not across them
    bc.y_axis.crosses = "max"                  # the value axis stays below the bars
    bc.y_axis.number_format = chart.axis_format
    bc.legend.position = "b"
    for key in chart.rows:
        p = book.places[(sheet.key, key)]
        bc.add_data(Reference(ws, min_col=p.c, max_col=p.c + p.n - 1, min_row=p.r), from_rows=True)
        bc.series[-1].tx = SeriesLabel(v=p.row.label)
    bc.set_categories(Reference(ws, min_col=cats.c, max_col=cats.c + cats.n - 1, min_row=cats.r))
    bc.width, bc.height = 18, 7.5
    ws.add_chart(bc, f"{get_column_letter(1 + x)}{r}")


def _grid(ws, book, sheet, grid: Grid, r, x, t):
    """A two-way table: the across input on the header row, the down input in column B."""
    ws.cell(r, 1 + x, grid.title).font = BLOCK_TITLE
    if grid.intro:
        _style(ws.cell(r + 1, 1 + x, grid.intro), UNIT)
    across = book.places[(sheet.key, grid.across.key)]
    _style(ws.cell(across.r, 1 + x, grid.across.label), HEADER)
    unit = grid.across.unit
    _style(ws.cell(across.r, 2 + x, None if CURRENCY in unit else unit), HEADER)
    for j, value in enumerate(grid.across.values):
        cell = _style(ws.cell(across.r, across.c + j, value), INPUT)
        cell.number_format = grid.across.fmt
    _validate(ws, grid.across, across, t)
    note = _style(ws.cell(across.r, across.c + across.n, t("How it is computed")), HEADER)
    note.alignment = Alignment(indent=1)
    for i in range(len(grid.down.values)):
        down = book.places[(sheet.key, f"{grid.down.key}{i + 1}")]
        calc = book.places[(sheet.key, f"{grid.cell.key}{i + 1}")]
        if i == 0:
            ws.cell(down.r, 1 + x, grid.down.label).font = PLAIN
            if grid.cell.note:
                _style(ws.cell(down.r, calc.c + calc.n, grid.cell.note), NOTE)
        cell = _style(ws.cell(down.r, down.c, down.row.values[0]), INPUT)
        cell.number_format = grid.down.fmt
        _validate(ws, down.row, down, t)
        for j in range(calc.n):
            cell = ws.cell(calc.r, calc.c + j)
            cell.number_format, cell.font = grid.cell.fmt, PLAIN


def _rows_above(book, sheet, place) -> int:
    """How far a block row is below its block's header row."""
    return 1 + place.block.rows.index(place.row)


CURRENCY_NAME = "Budget_Currency"


def _unit_cells(book: Book):
    """The unit cells that name the currency, as formulas on the currency input:
    (sheet, row, column, formula, value shown before recalculation)."""
    currency = book.places.get(("budget", "currency"))
    cells = []
    for place in book.places.values():
        unit = getattr(place.row, "unit", "")
        if currency is None or CURRENCY not in unit or place.block is None or place.block.keys:
            continue
        if isinstance(place.block, Grid) and place.row is not place.block.across:
            continue  # a two-way table's column B holds its down input, not units
        cells.append((place.sheet, place.r, 2 + place.x, _currency_formula(unit),
                      unit.replace(CURRENCY, currency.row.values[0])))
    return cells


def _currency_formula(unit):
    """"{currency} per GPU-hour" as =Budget_Currency&" per GPU-hour": the texts around the
    currency quoted, empty ones left out."""
    parts = []
    for i, text in enumerate(unit.split(CURRENCY)):
        if i:
            parts.append(CURRENCY_NAME)
        if text:
            parts.append('"' + text.replace('"', '""') + '"')
    return "=" + "&".join(parts)


def _names(wb, book: Book):
    for (sheet_key, key), place in book.places.items():
        row = place.row
        if isinstance(row, Input) and row.name:
            last = book.address(place, place.n - 1).split("!")[-1]
            target = book.address(place) + (f":{last}" if place.n > 1 else "")
            wb.defined_names[row.name] = DefinedName(row.name, attr_text=target)
        elif isinstance(row, Calc) and row.name:  # a named result: the row, or one column of it
            name, _, column = row.name.partition("@")
            j = int(column) if column else 0
            last = book.address(place, place.n - 1).split("!")[-1]
            target = book.address(place, j) + (f":{last}" if place.n > 1 and not column else "")
            wb.defined_names[name] = DefinedName(name, attr_text=target)
    for sheet in book.sheets:  # the down input of a two-way table: its column of cells
        for kind, grid, *_rest in book.rows_of[sheet.key]:
            if kind == "grid" and grid.down.name:
                first = book.places[(sheet.key, f"{grid.down.key}1")]
                last = book.places[(sheet.key, f"{grid.down.key}{len(grid.down.values)}")]
                target = book.address(first) + ":" + book.address(last).split("!")[-1]
                wb.defined_names[grid.down.name] = DefinedName(grid.down.name, attr_text=target)
    names = book.places[("gpus", "name")]
    wb.defined_names["GPU_Names"] = DefinedName("GPU_Names", attr_text=book.records_range(names))
    if ("models", "name") in book.places:
        names = book.places[("models", "name")]
        wb.defined_names["Model_Names"] = DefinedName("Model_Names", attr_text=book.records_range(names))
    if ("throughput", "mfu_model") in book.places:  # the predicted-MFU table, every column
        first, last = book.places[("throughput", "mfu_model")], book.places[("throughput", "mfu_setup")]
        left, right = book.records_range(first), book.records_range(last)
        target = left.split(":")[0] + ":" + right.split(":")[1]
        wb.defined_names["Throughput_PredictedMFU"] = DefinedName("Throughput_PredictedMFU", attr_text=target)


def _protect_and_print(ws, sheet, t, last_row=None):
    ws.protection.sheet = True          # no password: protection against slips only
    ws.protection.formatColumns = False  # False = allowed: users may still widen columns
    ws.protection.formatRows = False
    ws.page_setup.orientation = "portrait" if sheet.portrait else "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A3 if sheet.paper == "A3" else ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, sheet.pages_tall
    ws.sheet_properties.pageSetUpPr.fitToPage = not sheet.print_scale
    if sheet.print_scale:  # a fixed scale keeps the text readable; the breaks say where pages end
        ws.page_setup.scale = sheet.print_scale
        for column in sheet.column_breaks:
            ws.col_breaks.append(Break(id=column_index_from_string(column) - 1 if isinstance(column, str) else column))
    if sheet.print_to:
        ws.print_area = f"A1:{sheet.print_to}{last_row or ws.max_row}"
    if sheet.print_titles:
        ws.print_title_cols = sheet.print_titles
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.5
    ws.page_margins.header = ws.page_margins.footer = 0.2  # inside the margins, or the footer never prints
    ws.oddFooter.center.text = f"&A · {t('Page &P of &N')}"
