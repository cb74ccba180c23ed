"""The finance sheets: the month-by-month cash flow of buying the GPUs against renting the
same GPU-hours, and how the run's cost moves with its uncertain inputs.

- **Cash flow**: one column per month from a start date. Buying pays the purchase on
  delivery (after a lead time) and the running costs of the hours the GPUs work; renting
  pays the rental price for the same hours in the same months: the run first, then the busy
  share of the hardware's lifetime (the Budget sheet's break-even, month by month). Below:
  depreciation over an accounting life (straight line or declining balance), the cumulative
  costs with the crossover month marked, and the same in today's money, whose totals are the
  NPVs (``CashFlow_NPV_Buy``, ``CashFlow_NPV_Rent``). Every figure is a function of
  ``money.py``; the sheet reads the Budget sheet's base case by its row keys.
- **Sensitivity**: the run's rental cost against utilization × price per GPU-hour (a
  two-way table), a tornado of its drivers (each uncertain input at its best and worst case,
  the others at base, sorted by swing), and the Budget scenario's days against the GPU count
  and GPUs against the deadline on log axes.
"""

from __future__ import annotations

from openpyxl.utils import get_column_letter

from .. import formulas as f
from .. import money
from .cells import (Block, Calc, Fact, Grid, Input, Labels, Lines, Panels, Scatter, Sheet, Span, Subhead, Tornado, largest,
                    pick, position, same)
from .budget import CASES, TOKENS_B
from .sheets import BILLIONS, FLAG, ONE, PERCENT, SHARE, TEXT, TWO, WHOLE

# Money on these sheets: symbol-free formats (the unit column names the currency), shown in
# thousands so that a month of a large cluster still fits its column; the cell keeps the exact value.
THOUSANDS = "#,##0,"
PER_HOUR = "#,##0.00"
MONTHS = 60                   # five years of columns: a 3-4-year lifetime after a lead time
PER_PAGE = 12                 # months on one printed page: a year
DATE = "mmm yyyy"
MARK = '"▲";;'                # 1 shows a triangle, 0 nothing
K = "{currency} thousand"


def _row(key):
    """The whole row of months of a cash-flow row, as a range argument."""
    return Span(f"{key}@0", f"{key}@{MONTHS - 1}")


def _so_far(key):
    """The months of a row from the first to this one: a running total's range."""
    return Span(f"{key}@0", key)


# --- Cash flow ---------------------------------------------------------------------------

CASHFLOW = Sheet("cashflow", "Cash flow", (
    Panels((
        (
            Block("cf_in", "1. The plan's dates and the accounts", ("Input",), (
                Input("start", "First month of the plan", "date", (46388,), "yyyy-mm", "positive",
                      "The month the GPUs are ordered (and a rental would be booked), as a date such as 2027-01-01.",
                      "CashFlow_Start", "your plan"),
                Input("lead", "Delivery lead time", "months", (3,), WHOLE, "whole",
                      "Whole months from the order to the GPUs running; the purchase is paid on delivery.",
                      "CashFlow_LeadMonths", "example: your supplier's quote"),
                Input("acct_life", "Accounting life for depreciation", "years", (4,), ONE, "positive",
                      "Years the books write the purchase off over; not the hardware lifetime of the Budget sheet.",
                      "CashFlow_AccountingLife", "Microsoft 10-K: 4 years to 2022, 6 since"),
                Input("method", "Depreciation method", "", ("straight-line",), TEXT, "choice:straight-line|declining",
                      "straight-line: the same charge each month; declining: twice that rate on the remaining value, "
                      "then straight line (Excel's VDB).", "CashFlow_Depreciation", "IRS Pub. 946: 200% declining"),
            )),
            Block("cf_budget", "2. From the Budget sheet (base case)", ("Value",), (
                Calc("gpus", "GPUs bought", "GPUs", same, ("budget.buy@1",), WHOLE, note="Budget: GPUs to buy"),
                Calc("capex", "Up-front purchase", K, same, ("budget.capex@1",), THOUSANDS, note="Budget: paid on delivery"),
                Calc("hours", "GPU-hours of the run", "GPU-hours", same, ("budget.hours@1",), WHOLE, note="Budget"),
                Calc("price", "Rental price per GPU-hour", "{currency}/GPU-hour", same, ("budget.price_hour@1",), PER_HOUR,
                     note="Budget"),
                Calc("running", "Running cost per owned GPU-hour", "{currency}/GPU-hour", same, ("budget.running@1",),
                     PER_HOUR, note="Budget: running cost of a busy hour"),
                Calc("fixed", "Colocation and support per GPU", "{currency}/month", same, ("budget.fixed_month@1",),
                     PER_HOUR, note="Budget: paid busy or not"),
                Calc("usage", "Share of hours owned GPUs are busy", "share of time", same, ("budget.usage",), SHARE,
                     note="Budget: after the run"),
                Calc("lifetime", "Hardware lifetime", "years", same, ("budget.lifetime",), ONE, note="Budget"),
                Calc("rate_year", "Cost of capital", "per year", same, ("budget.cost_of_capital",), PERCENT, note="Budget"),
            )),
            Block("cf_terms", "3. The run in months", ("Value",), (
                Calc("run", "Length of the run on the GPUs bought", "months", money.run_months, ("hours", "gpus"), TWO,
                     note="GPU-hours / (GPUs × 730.5 h)"),
                Calc("run_end", "The run ends after", "months", money.run_end, ("lead", "run"), TWO,
                     note="lead time + run"),
                Calc("after", "Lifetime left after the run", "months", money.months_after_run, ("lifetime", "run"), ONE,
                     note="12 × lifetime − run"),
                Calc("rate", "Cost of capital per month", "per month", money.monthly_rate, ("rate_year",), "0.000%",
                     note="(1 + r)^(1/12) − 1"),
            )),
            Block("cf_results", "4. Buying against renting", ("Value",), (
                Calc("npv_buy", "NPV of buying", K, money.npv, ("rate", _row("buy")), THOUSANDS,
                     note="NPV of the monthly cash out", strong=True, name="CashFlow_NPV_Buy"),
                Calc("npv_rent", "NPV of renting", K, money.npv, ("rate", _row("rent")), THOUSANDS,
                     note="NPV of the monthly rent", strong=True, name="CashFlow_NPV_Rent"),
                Calc("saving", "Buying saves, in today's money", K, money.npv_saving, ("npv_buy", "npv_rent"), THOUSANDS,
                     note="NPV of renting − NPV of buying"),
                Calc("total_buy", "Cash out in the months shown, buying", K, money.total, (_row("buy"),), THOUSANDS,
                     note="sum of the row"),
                Calc("total_rent", "Cash out in the months shown, renting", K, money.total, (_row("rent"),), THOUSANDS,
                     note="sum of the row"),
                Calc("crossover", "Crossover: buying costs less from", "month", money.first_month,
                     (_row("cheaper"),), WHOLE, note="0: not within the months shown", strong=True),
                Calc("payback", "Payback, in today's money", "month", money.first_month, (_row("pv_cheaper"),), WHOLE,
                     note="the same, discounted; 0: not shown", strong=True),
            )),
        ),
        (),
        (),
        (Lines("Cumulative cost", "date", ("cum_buy", "cum_rent"), "",
               "millions, in the Budget's currency", "#,##0.0,,", width=14, height=10),),
    )),
    Block("cf_months", "5. Month by month", ("",) * MONTHS, (
        Fact("month", "Month of the plan", "", tuple(range(1, MONTHS + 1)), WHOLE, "1: the first month"),
        Calc("date", "Month beginning", "", money.month_start, ("start", "month"), DATE, note="EDATE(start, month − 1)"),
        Subhead("h_hours", "GPU-hours"),
        Calc("in_run", "Share of the month in the run", "share", money.share_of_month, ("month", "lead", "run"), TWO,
             note="part of the month from delivery to the run's end"),
        Calc("after_run", "Share of the month after the run", "share", money.share_of_month, ("month", "run_end", "after"),
             TWO, note="part of the month in the rest of the lifetime"),
        Calc("busy", "GPU-hours worked", "GPU-hours", money.busy_gpu_hours, ("gpus", "in_run", "after_run", "usage"), WHOLE,
             note="GPUs × 730.5 h × (run share + busy share × after)"),
        Subhead("h_buy", "Buying"),
        Calc("capex_m", "Purchase, paid on delivery", K, money.paid_on_delivery, ("capex", "month", "lead"), THOUSANDS,
             note="the month after the lead time"),
        Calc("running_m", "Running costs", K, f.cost, ("busy", "running"), THOUSANDS, note="GPU-hours × running cost"),
        Calc("fixed_m", "Colocation and support", K, money.owned_fixed_costs, ("gpus", "fixed", "in_run", "after_run"),
             THOUSANDS, note="GPUs × per GPU a month × months owned"),
        Calc("owning_m", "Running, colocation and support", K, money.outflow, ("running_m", "fixed_m"), THOUSANDS,
             note="the two above"),
        Calc("buy", "Cash out, buying", K, money.outflow, ("capex_m", "owning_m"), THOUSANDS, note="purchase + the line above",
             strong=True),
        Calc("depr", "Depreciation", K, money.depreciation, ("capex", "acct_life", "month", "lead", "method"), THOUSANDS,
             note="SLN or VDB over the accounting life; not cash"),
        Calc("book", "Book value at the month's end", K, money.book_value, ("capex", "acct_life", "month", "lead", "method"),
             THOUSANDS, note="purchase − depreciation so far"),
        Subhead("h_rent", "Renting the same GPU-hours"),
        Calc("rent", "Cash out, renting", K, f.cost, ("busy", "price"), THOUSANDS, note="GPU-hours × rental price",
             strong=True),
        Subhead("h_cum", "Cumulative cost"),
        Calc("cum_buy", "Cumulative cost of buying", K, money.total, (_so_far("buy"),), THOUSANDS, note="sum to this month"),
        Calc("cum_rent", "Cumulative cost of renting", K, money.total, (_so_far("rent"),), THOUSANDS, note="sum to this month"),
        Calc("cheaper", "Buying has cost less so far", "TRUE/FALSE", money.cheaper_so_far, ("cum_buy", "cum_rent"), FLAG,
             note="cumulative buying ≤ renting"),
        Calc("mark", "Crossover month ▲", "", money.mark_month, ("month", "crossover"), MARK, note="the first such month"),
        Subhead("h_pv", "In today's money, at the cost of capital"),
        Calc("pv_buy", "Cash out, buying, discounted", K, money.discounted, ("buy", "rate", "month"), THOUSANDS,
             note="flow / (1 + monthly rate)^month"),
        Calc("pv_rent", "Cash out, renting, discounted", K, money.discounted, ("rent", "rate", "month"), THOUSANDS,
             note="flow / (1 + monthly rate)^month"),
        Calc("cum_pv_buy", "Cumulative, buying, discounted", K, money.total, (_so_far("pv_buy"),), THOUSANDS,
             note="the last month's is the NPV"),
        Calc("cum_pv_rent", "Cumulative, renting, discounted", K, money.total, (_so_far("pv_rent"),), THOUSANDS,
             note="the last month's is the NPV"),
        Calc("pv_cheaper", "Buying has cost less so far, discounted", "TRUE/FALSE", money.cheaper_so_far,
             ("cum_pv_buy", "cum_pv_rent"), FLAG, note="discounted buying ≤ renting"),
    )),
), widths={"A": 29, "B": 11, **{get_column_letter(c): 8.5 for c in range(3, 3 + MONTHS)},
           get_column_letter(3 + MONTHS): 46},
    subtitle="Buying the Budget's GPUs against renting the same GPU-hours, month by month: type over the yellow "
             "cells; the figures come from the Budget sheet's base case.",
    page_breaks=("cf_months",), print_scale=78, print_titles="A:B",
    column_breaks=tuple(2 + PER_PAGE * k for k in range(1, MONTHS // PER_PAGE + 1)))
# --- Sensitivity -----------------------------------------------------------------------
# The run's rental cost against utilization × price; a tornado of its drivers, each at its
# best and worst case with the others at base, sorted by swing with LARGE/MATCH/INDEX so the
# order follows the inputs; days and GPUs against the cluster size and deadline on log axes.

DRIVERS = ("util", "goodput", "price", "tokens")
UTIL_PROMPT = "Utilizations to compare, each above 0 and at most 1 (100%)."
PRICE_PROMPT = "Rental prices per GPU-hour to compare, in the Budget's currency."


def _driver_cost(key, label, note, util="util", goodput="goodput", price="price", tokens="tokens"):
    """The run's rental cost with one input at its best, base and worst case."""
    args = ("params", tokens, "recompute", "peak", util, goodput, price)
    return Calc(key, label, K, money.run_rental_cost, args, THOUSANDS,
                ("LLM_TRAIN_COST", ("params", tokens, "peak", price, util, "recompute", goodput)), note)


SENSITIVITY = Sheet("sens", "Sensitivity", (
    Block("sens_scenario", "The scenario, from the Budget sheet (base case)", ("Value",), (
        Calc("params", "Parameters", "parameters", same, ("budget.params",), BILLIONS, note="Budget sheet"),
        Calc("tokens", "Training tokens", "tokens", same, ("budget.tokens",), TOKENS_B, note="Budget sheet"),
        Calc("recompute", "Activation recomputation", "TRUE/FALSE", same, ("budget.recompute",), FLAG, note="Budget sheet"),
        Calc("peak", "Peak of the GPU type", "TFLOP/s", same, ("budget.peak",), ONE, note="Budget sheet"),
        Calc("util", "Utilization u", "share of peak", same, ("budget.util@1",), SHARE, note="Budget sheet"),
        Calc("goodput", "Goodput g", "share of time", same, ("budget.goodput@1",), SHARE, note="Budget sheet"),
        Calc("price", "Rental price per GPU-hour", "{currency}/GPU-hour", same, ("budget.price_hour@1",), PER_HOUR,
             note="Budget sheet"),
        Calc("cost", "Rental cost of the run", K, money.run_rental_cost,
             ("params", "tokens", "recompute", "peak", "util", "goodput", "price"), THOUSANDS,
             ("LLM_TRAIN_COST", ("params", "tokens", "peak", "price", "util", "recompute", "goodput")),
             "C/(X·u·g)/3600 × price", strong=True),
    )),
    Grid("sens_grid", "Rental cost of the run: utilization × price per GPU-hour",
         Input("u", "Utilization u ↓", "share of peak", (0.25, 0.30, 0.35, 0.40, 0.45, 0.50), SHARE, "fraction",
               UTIL_PROMPT, "Sensitivity_Utilizations"),
         Input("p", "Price per GPU-hour →", "{currency}", (1.0, 1.5, 2.0, 2.5, 3.0, 4.0), PER_HOUR,
               "nonnegative", PRICE_PROMPT, "Sensitivity_Prices"),
         Calc("grid", "Rental cost of the run", K, money.run_rental_cost,
              ("params", "tokens", "recompute", "peak", "u", "goodput", "p"), THOUSANDS,
              ("LLM_TRAIN_COST", ("params", "tokens", "peak", "p", "u", "recompute", "goodput")), "C/(X·u·g)/3600 × price"),
         intro="In thousands of the Budget's currency; goodput and the rest as in the Budget's base case."),
    Block("sens_drivers", "The run's rental cost with one input at its best, base and worst case", CASES, (
        Input("tokens_k", "Training tokens, as a share of the Budget's", "share", (0.8, 1.0, 1.2), SHARE, "positive",
              "The tokens of each case as a share of the Budget's: 100% in the base case.", "Sensitivity_TokenRange",
              "example range: ±20%"),
        Calc("tokens_case", "Training tokens of the case", "tokens", money.scaled, ("tokens", "tokens_k"), TOKENS_B,
             note="Budget's tokens × share"),
        _driver_cost("d_util", "Utilization u", "Budget's three cases", util="budget.util"),
        _driver_cost("d_goodput", "Goodput g", "Budget's three cases", goodput="budget.goodput"),
        _driver_cost("d_price", "Price per GPU-hour", "Budget's three cases", price="budget.price_hour"),
        _driver_cost("d_tokens", "Training tokens", "the shares above", tokens="tokens_case"),
    )),
    Block("sens_swing", "How far each input moves the cost", ("Value",), (
        *(Calc(f"s_{d}", label, K, money.swing, (f"d_{d}@0", f"d_{d}@2"), THOUSANDS, note="|worst − best|")
          for d, label in zip(DRIVERS, ("Utilization u", "Goodput g", "Price per GPU-hour", "Training tokens"))),
        *(Calc(f"k_{d}", f"Sort key {i}", K, money.sort_key, (f"s_{d}", i), THOUSANDS, note="ties keep the order above")
          for i, d in enumerate(DRIVERS, start=1)),
    )),
    Block("sens_tornado", "The drivers, largest swing first", ("1", "2", "3", "4"), (
        Fact("rank", "Rank", "", (1, 2, 3, 4), WHOLE, "1: the largest swing"),
        Calc("key", "Sort key", K, largest, (Span("k_util", "k_tokens"), "rank"), THOUSANDS, note="LARGE"),
        Calc("pos", "Row of the driver above", "", position, ("key", Span("k_util", "k_tokens")), WHOLE, note="MATCH"),
        Calc("driver", "Driver", "", pick, (Labels("s_util", "s_tokens"), "pos"), TEXT, note="INDEX of the names"),
        Calc("low", "Cost, best case", K, pick, (Span("d_util@0", "d_tokens@0"), "pos"), THOUSANDS, note="INDEX"),
        Calc("high", "Cost, worst case", K, pick, (Span("d_util@2", "d_tokens@2"), "pos"), THOUSANDS, note="INDEX"),
        Calc("low_change", "Best case − base", K, money.change_from, ("low", "cost"), THOUSANDS, note="against the base cost"),
        Calc("high_change", "Worst case − base", K, money.change_from, ("high", "cost"), THOUSANDS, note="against the base cost"),
    )),
    Tornado("What moves the run's cost most", "driver", ("low_change", "high_change"),
            "change from the base cost, thousands", "#,##0"),
    Block("sens_gpus", "Calendar days against the GPU count", ("", "", "", "", "", ""), (
        Input("n", "GPUs n", "GPUs", (256, 512, 1024, 2048, 4096, 8192), WHOLE, "whole", "GPU counts to compare.", "Sensitivity_GPUs"),
        Calc("days", "Calendar time", "days", f.train_days, ("budget.flops", "n", "peak", "util", "goodput"), ONE,
             ("LLM_TRAIN_DAYS", ("params", "tokens", "n", "peak", "util", "budget.recompute", "goodput")), "§3: C/(n·X·u)/g"),
    )),
    Scatter("Calendar days against the GPU count (log scales)", "n", "days", "GPUs", "days", x_log=2, y_log=10),
    Block("sens_deadline", "GPUs needed against the deadline", ("", "", "", "", "", ""), (
        Input("d", "Deadline", "days", (14, 30, 60, 90, 180, 365), WHOLE, "positive", "Deadlines to compare, in days.", "Sensitivity_Deadlines"),
        Calc("need", "GPUs to finish within the deadline", "GPUs", f.gpus_for_days, ("budget.flops", "d", "peak", "util", "goodput"), ONE,
             ("LLM_TRAIN_GPUS", ("params", "tokens", "d", "peak", "util", "budget.recompute", "goodput")), "§4: C/(t·X·u·g)"),
        Calc("buy", "GPUs to buy (whole)", "GPUs", f.ceil_whole, ("need",), WHOLE, note="rounded up"),
    )),
    Scatter("GPUs needed against the deadline (log scales)", "d", "need", "deadline (days)", "GPUs", x_log=10, y_log=2),
), widths={"A": 33, "B": 13, **{c: 12 for c in "CDEFGH"}, "I": 22},
    subtitle="How the Budget scenario's cost, time and GPUs move with its inputs; the yellow cells can be changed.",
    page_breaks=("sens_tornado", "sens_gpus"), print_scale=78)
