"""The Excel spelling of a core function, read from its docstring.

Each formula of ``formulas.py`` states its Excel spelling in its docstring
("Excel: =C/(n*X*1E12*u)/86400"). The native workbook writes exactly that text with
the symbols replaced by cell references, so the spelling lives in one place and the
LibreOffice test proves that it computes what the Python function computes.

:data:`SYMBOLS` says which symbol of the spelling stands for which argument (in the
function's argument order); that is all this module knows about the formulas.
"""

from __future__ import annotations

import inspect
import re

from .. import architectures, memory, money, serving
from .. import formulas as f
from .. import planner as pl
from . import cells

SYMBOLS = {
    f.params_exact: "L h V",
    f.params_approx: "L h",
    f.train_flops: "P T recompute",
    f.train_days: "C n X u g",
    f.gpus_for_days: "C d X u g",
    f.gpu_hours: "C X u g",
    f.infer_memory_gb: "P b o",
    f.train_memory_gb: "P b",
    f.ceil_whole: "x",
    f.gpus_to_hold: "M m",
    f.optimal_tokens: "P k",
    f.comm_seconds: "G B",
    f.cost: "h p",
    f.energy_kwh: "h W PUE f",
    f.days_to_years: "d",
    f.gbits_to_gbytes: "g",
    f.relative_error: "e r",
    f.purchase_cost: "n p",
    f.days_from_throughput: "T r n",
    f.utilization_from_throughput: "P r X recompute",
    pl.calendar_days: "d g",
    pl.amortized_hardware_cost: "H p L s w",
    pl.co2_tonnes: "E I",
    pl.cost_per_million_tokens: "K T",
    pl.breakeven_months: "p r u e",
    pl.implied_utilization: "C H X",
    pl.all_in_gpu_price: "p s w",
    pl.running_cost_per_gpu_hour: "W e PUE f",
    pl.gpus_to_buy: "n m",
    pl.gpu_hours_from_days: "n d",
    cells.given_or: "g f",
    pl.cost_if_bought: "a e",
    cells.same: "x",
    # per-GPU training memory (memory.py) and a run's FLOPs from FLOPs per token
    memory.shard_params: "N E H tp pp",
    memory.weight_bytes: "p",
    memory.gradient_bytes: "p",
    memory.optimizer_bytes: "p o",
    memory.zero_sharded: "B z k N",
    memory.states_per_param: "w g o",
    memory.state_gb: "P B",
    memory.sequence_parallel: "t",
    memory.activation_bytes_per_layer: "s b h a t sp r f",
    memory.activation_extra_bytes: "s b h V t pp sp",
    memory.activation_width: "p",
    memory.activation_gb: "A L E w",
    memory.split_ok: "a L t pp",
    memory.total_gb: "w g o a",
    memory.headroom: "M r n",
    memory.fits_margin: "H",
    architectures.flops_for_tokens: "F T",
    money.run_hardware_cost: "H P r L u",
    # the Budget sheet's ownership, program, goodput and checks
    money.capital_recovery_factor: "r L",
    money.case_price: "a b s x",
    money.busy_hour_hardware: "P S c r u H",
    money.it_kw_per_gpu: "W f",
    money.fixed_cost_per_hour: "k c P s u H",
    money.fixed_cost_per_month: "k c P s",
    money.breakeven_months: "P h e F r u H S L",
    money.serving_cost: "m c",
    money.with_serving: "a s",
    pl.known: "a b c x y z W",
    money.own_run_cost: "a f e",
    money.cheaper: "a b",
    money.program_cost: "F x e p s d w c",
    money.staff_cost: "n c m",
    money.storage_cost: "P b k D p m",
    money.interruption_rate: "k d n",
    money.mtbf_minutes: "n l",
    money.young_daly_minutes: "d M",
    money.goodput_share: "d t R M",
    pl.hardware_utilization: "u r",
    pl.whole_nodes: "n m k s",
    pl.at_most: "a b",
    pl.at_least: "a b",
    pl.within_years: "a L",
    pl.cases_in_order: "a b c x y z",
    pl.same_value: "a b",
    pl.same_values: "a b c x y z",
    pl.failing: "a b c d e f g k",
    # the serving plan, hour by hour (serving.py)
    serving.mean_output_rate: "r D O",
    serving.hourly_rate: "m x S",
    serving.share_total: "S",
    serving.replica_rate: "t n",
    serving.gpus_for_hour: "m x S c n",
    serving.peak_gpus: "G",
    serving.replicas_at: "G n",
    serving.gpu_hours_per_day: "G a",
    serving.average_gpus: "H",
    serving.monthly_cost: "H p",
    serving.cost_per_mtok: "K m",
    serving.hourly_text: "S",
    # the month-by-month cash flow (money.py)
    money.month_start: "s m",
    money.run_months: "H n",
    money.run_end: "L d",
    money.months_after_run: "L d",
    money.monthly_rate: "r",
    money.share_of_month: "m b d",
    money.busy_gpu_hours: "n a b u",
    money.paid_on_delivery: "P m L",
    money.outflow: "a b",
    money.owned_fixed_costs: "n F a b",
    money.total: "f",
    money.npv: "r f",
    money.depreciation: "c Y m L d",
    money.book_value: "c Y m L d",
    money.discounted: "f i m",
    money.cheaper_so_far: "A B",
    money.first_month: "f",
    money.mark_month: "m t",
    money.npv_saving: "B R",
    # the Sensitivity sheet: the run's cost, a tornado of its drivers, sorted
    money.run_rental_cost: "P T recompute X u g p",
    money.scaled: "x k",
    money.swing: "l h",
    money.sort_key: "x i",
    money.change_from: "x b",
    cells.largest: "v k",
    cells.position: "x v",
    cells.pick: "v i",
}

# Functions newer than Excel 2007 are stored in the file under a prefix (ECMA-376, "future
# functions"); without it Excel and LibreOffice read an unknown name (#NAME?).
STORED_AS = {"TEXTJOIN": "_xlfn.TEXTJOIN"}

_EXCEL = re.compile(r"Excel:\s*(=\S+)")
_TOKEN = re.compile(r"(\d+\.?\d*(?:[eE][-+]?\d+)?)|([A-Za-z_][A-Za-z_0-9]*)(\()?|(\"[^\"]*\")|(.)")


def spelling(fn) -> str:
    """The "Excel: =..." text of a function's docstring."""
    m = _EXCEL.search(inspect.getdoc(fn) or "")
    if not m:
        raise ValueError(f"{fn.__name__} states no Excel spelling in its docstring")
    return m.group(1)


def literal(value) -> str:
    """A Python value as an Excel literal."""
    if value is True or value is False:
        return "TRUE" if value else "FALSE"
    if isinstance(value, cells.Text):
        return '"' + value.value.replace('"', '""') + '"'
    x = float(value)
    text = str(int(x)) if x.is_integer() and abs(x) < 1e15 else repr(x).upper().replace("E+", "E")
    return f"({text})" if x < 0 else text


def defaults(fn, args: tuple) -> tuple:
    """The arguments with the function's defaults filled in for those left out."""
    params = list(inspect.signature(fn).parameters.values())
    if len(args) > len(params):
        raise ValueError(f"{fn.__name__} takes {len(params)} arguments, given {len(args)}")
    missing = params[len(args):]
    if any(p.default is inspect.Parameter.empty for p in missing):
        raise ValueError(f"{fn.__name__}: required argument {missing[0].name} not given")
    return tuple(args) + tuple(p.default for p in missing)


def native(fn, refs: list[str]) -> str:
    """The native formula: the docstring spelling with each symbol replaced by its cell
    reference (or literal), in the order of the function's arguments."""
    symbols = SYMBOLS[fn].split()
    if len(symbols) != len(refs):
        raise ValueError(f"{fn.__name__}: {len(symbols)} symbols, {len(refs)} references")
    table = dict(zip(symbols, refs))
    out = []
    for number, word, call, quoted, other in _TOKEN.findall(spelling(fn)):
        if word and (call or word.upper() in ("TRUE", "FALSE")):
            out.append(STORED_AS.get(word, word) + call)
        elif word:
            if word not in table:
                raise ValueError(f"{fn.__name__}: symbol {word} of its Excel spelling is not in SYMBOLS")
            out.append(table[word])
        elif number:
            out.append(_canonical(number))
        else:
            out.append(quoted or other)
    return "".join(out)


def _canonical(number: str) -> str:
    """A number as Excel itself writes it: 1E12 becomes 1E+12 (some readers need the sign)."""
    return re.sub(r"[eE](\d)", r"E+\1", number)
