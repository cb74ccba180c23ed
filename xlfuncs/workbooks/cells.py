"""The vocabulary of a sheet description: what a row is, and the few non-formula helpers.

A sheet is a list of blocks; a block is a list of rows under one header, with one or
more value columns (one for a form such as "the GPT-3 example", one per model for a
table such as "the LLaMA family"). A row is one of:

- :class:`Input` — a value the user may change (yellow, unlocked, named, validated);
- :class:`Fact` — a published figure, locked, with its source in the note;
- :class:`Calc` — a computed figure: the core function that computes it, the rows it
  reads, and optionally the add-in call that computes the same in the add-in workbook;
- :class:`Subhead` — a bold label that groups the rows below it;
- :class:`Data` — a figure with no readable native formula (an exact count from a
  config): a value in the native workbook, the add-in call in the add-in workbook.

Arguments of a Calc name other rows: ``"tokens"`` is a row of the same sheet (the same
column when both rows are table rows of one block, or of two blocks with the same column
headers such as "Best, Base, Worst"; else its single cell);
``"budget.flops"`` is a row of another sheet; ``"tokens@3"`` is column 3 (0-based) of a
table row. Anything that is not a string is a literal (a number, TRUE/FALSE);
:class:`Text` is a literal piece of text; :class:`Table` is the key/value range of a block.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable


@dataclass(frozen=True)
class Text:
    """A literal text argument, written "in quotes" in a formula."""
    value: str


# A unit may name the workbook's currency: "{currency} per GPU-hour" is written as a
# formula on the currency input (Budget_Currency), so the money labels follow what the user types.
CURRENCY = "{currency}"


@dataclass(frozen=True)
class Input:
    key: str
    label: str
    unit: str
    values: tuple          # one per value column of the block
    fmt: str = "General"
    check: str = "positive"  # positive | whole | fraction | share | nonnegative | optional | zero | gpu | model | flag | text | choice:a|b
    prompt: str = ""       # the input message shown when the cell is selected
    name: str = ""         # the workbook-level defined name
    note: str = ""


@dataclass(frozen=True)
class Fact:
    key: str
    label: str
    unit: str
    values: tuple
    fmt: str = "General"
    note: str = ""


@dataclass(frozen=True)
class Calc:
    key: str
    label: str
    unit: str
    fn: Callable
    args: tuple = ()
    fmt: str = "General"
    addin: tuple | None = None  # ("LLM_TRAIN_DAYS", (arg, ...)) for the add-in workbook
    note: str = ""
    strong: bool = False        # a headline result, set in bold
    name: str = ""              # a defined name for the result: "Budget_RentCost" names the row,
                                # "Budget_RentCost@1" its column 1 (0-based) only


@dataclass(frozen=True)
class Check(Calc):
    """A test of the plan: TRUE/FALSE (green when TRUE, red when FALSE), or a count of
    failing tests (green at 0, red above). The label says what is tested, the note why."""


@dataclass(frozen=True)
class Data(Calc):
    """A figure no readable native formula computes (an exact count from a config): the
    native workbook shows the core's value as data, in the style of a published figure,
    with its source in the note; the add-in workbook computes it with ``addin``."""


@dataclass(frozen=True)
class Block:
    key: str
    title: str
    columns: tuple          # value-column headers; one entry for a form
    rows: tuple
    intro: str = ""
    only: str = ""          # "native" or "addin": laid out in that workbook only
    keys: bool = False      # column B shows each row's key instead of its unit: the block is a key/value range


@dataclass(frozen=True)
class Table:
    """The key/value range of a ``keys`` block (column B to its value column), as an
    argument: LLM_TRAIN_MEM_GPU(model, setup) reads the setup this way."""
    block: str


@dataclass(frozen=True)
class Span:
    """The cells of consecutive rows of one block, from ``first`` to ``last`` (one value
    column), as an argument: a range such as $C$30:$C$53 in a formula (=SUM(S)), the tuple of
    their values for the core."""
    first: str
    last: str


@dataclass(frozen=True)
class Records:
    """A list of records (the GPU catalog): one row per record, one column per field."""
    key: str
    title: str
    fields: tuple           # (field, header with unit, number format, width)
    records: tuple          # dicts
    intro: str = ""
    translated: dict = field(default_factory=dict)  # field -> {value: shown as}, for words such as "secondary"


@dataclass(frozen=True)
class Subhead:
    """A sub-heading inside a block: a bold label over the rows that follow, no values."""
    key: str
    label: str


@dataclass(frozen=True)
class Panels:
    """Side-by-side columns of items (blocks, charts), each a tuple of items laid out top
    to bottom; a panel starts one column to the right of the widest block of the one
    before. The next item of the sheet starts below the tallest panel."""
    panels: tuple


@dataclass(frozen=True)
class Bars:
    """A clustered column chart of some rows of one table block: one series per row, one
    group per value column (the block's column headers are the categories)."""
    title: str
    rows: tuple             # row keys, all in one block
    y_title: str
    axis_format: str = "#,##0"
    rows_tall: int = 0      # rows it takes (0: the usual 16)


@dataclass(frozen=True)
class Chart:
    title: str
    x: str                  # row key of the categories
    y: str                  # row key of the values
    x_title: str
    y_title: str


@dataclass(frozen=True)
class Columns:
    """A column chart of one value column down consecutive rows of a block, ``first`` to
    ``last`` (GPUs by hour): one bar per row, the rows' labels as the categories."""
    title: str
    first: str
    last: str
    x_title: str
    y_title: str
    axis_format: str = "#,##0"


@dataclass(frozen=True)
class Labels:
    """The label cells (column A of a block) of the rows from ``first`` to ``last``, as a
    range argument: INDEX on it picks a row's name (the drivers of a tornado chart)."""
    first: str
    last: str


@dataclass(frozen=True)
class Lines:
    """A line chart of several rows of one table block against a row of categories
    (the months): one series per row, named by its label."""
    title: str
    x: str                  # row key of the categories
    ys: tuple               # row keys of the series
    x_title: str
    y_title: str
    axis_format: str = "#,##0"
    width: float = 18
    height: float = 9


@dataclass(frozen=True)
class Scatter:
    """An XY chart of one row against another, on logarithmic axes where a base is given
    (doubling GPU counts and irregular deadlines are spaced as their ratios are)."""
    title: str
    x: str
    y: str
    x_title: str
    y_title: str
    x_log: int = 0          # 0: a linear axis; 2 or 10: the logarithm's base
    y_log: int = 0


@dataclass(frozen=True)
class Tornado:
    """A horizontal bar chart of the change each driver makes (a row of the low changes, a
    row of the high ones, one value column per driver, largest first) around the base."""
    title: str
    categories: str         # row key of the drivers' names
    rows: tuple             # row keys of the two series
    x_title: str
    axis_format: str = "#,##0"


@dataclass(frozen=True)
class Grid:
    """A two-way table: one input down (column B), one across (the header row), and in
    every cell the Calc ``cell`` of the two, its arguments naming ``down.key`` and
    ``across.key`` for the row's and the column's input."""
    key: str
    title: str
    down: Input
    across: Input
    cell: Calc
    intro: str = ""
    keys = False            # not a key/value range (read like a Block's)

    @property
    def columns(self):
        return self.across.values


@dataclass(frozen=True)
class Paragraph:
    text: str
    style: str = "body"     # title | heading | body | note (one grey line, not wrapped)
    only: str = ""          # "native" or "addin": shown in that workbook only


@dataclass(frozen=True)
class Sheet:
    key: str
    title: str
    items: tuple
    widths: dict = field(default_factory=dict)  # column letter -> width
    subtitle: str = ""
    pages_tall: int = 1     # printed on this many pages' height (0: as many as it takes)
    page_breaks: tuple = () # keys of the blocks that start a new printed page
    print_scale: int = 0    # a fixed print scale in percent (0: fit to the pages above)
    portrait: bool = False  # printed upright (default: landscape)
    column_breaks: tuple = ()  # where printed pages break: a letter starts a page, a number (1-based) ends one
    paper: str = "A4"       # A4, or A3 for a sheet whose panels are each one page tall
    print_titles: str = ""  # columns printed on every page, e.g. "A:B" (the labels of a wide table)
    print_to: str = ""      # the last column printed (notes overflowing past it stay off the page)
    row_height: float = 0   # points for every row (0: the application's default); 12.75 fits 10-point text


# --- helpers a Calc may name that are not arithmetic -----------------------------------
# Each has its Excel spelling in its docstring like the core's formulas.

def given_or(given, fallback):
    """The value typed in a cell, or a fallback when the cell is empty or 0.

    Excel: =IF(g>0,g,f)
    """
    return given if given else fallback


def same(value):
    """The value of another cell, shown again. Excel: =x"""
    return value


def gpu_field(name, field_name):
    """A field of a GPU in the catalog; the workbooks spell it as INDEX/MATCH on the GPUs
    sheet (native) or LLM_GPU (add-in)."""
    from ..catalogs import gpu

    return gpu(name)[field_name]


def price_field(name, field_name):
    """A figure of a GPU's row in the price table (``money.gpu_prices``); the workbooks spell
    it as INDEX/MATCH on the GPUs sheet's price table."""
    from .. import money

    return money.gpu_prices(name)[field_name]


def model_field(name, field_name):
    """A size of a catalog model (layers, hidden …, :func:`architectures.shape`); the
    workbooks spell it as INDEX/MATCH on the Models sheet (native) or LLM_MODEL (add-in)."""
    from ..architectures import catalog, shape

    return shape(catalog(name))[field_name]


def train_memory(name, setup_json, part):
    """GB per GPU of a catalog model under a setup (``memory.train_memory_gb``): data in
    the native workbook, LLM_TRAIN_MEM_GPU in the add-in."""
    import json

    from ..architectures import catalog
    from ..memory import read_setup, train_memory_gb

    return train_memory_gb(catalog(name), read_setup(json.loads(setup_json)), part)


def train_fits(name, setup_json, gpu_name):
    """TRUE when the setup's total fits the GPU's exposed memory (``memory.fits``)."""
    import json

    from ..architectures import catalog
    from ..catalogs import gpu
    from ..memory import fits, read_setup

    return fits(catalog(name), read_setup(json.loads(setup_json)), gpu(gpu_name))


def model_params(name, part="total"):
    """The exact parameters of a catalog model from its config (``architectures.params``):
    data in the native workbook, LLM_PARAMS_HF in the add-in."""
    from ..architectures import catalog, params

    return params(catalog(name), part)


def model_flops_per_token(name, seq_len):
    """Training FLOPs per token of a catalog model at a sequence length, without
    recomputation (``architectures.train_flops_per_token``): data in the native workbook,
    LLM_TRAIN_FLOPS_HF(name, 1, s, FALSE) in the add-in."""
    from ..architectures import catalog, train_flops_per_token

    return train_flops_per_token(catalog(name), seq_len, False)


def largest(values, k):
    """The k-th largest of a list (1: the largest). Excel: =LARGE(v,k)"""
    return sorted(values, reverse=True)[int(k) - 1]


def position(value, values):
    """Where a value stands in a list (1-based, the first exact match). Excel: =MATCH(x,v,0)"""
    return list(values).index(value) + 1


def pick(values, i):
    """The i-th of a list (1-based). Excel: =INDEX(v,i)"""
    return list(values)[int(i) - 1]
