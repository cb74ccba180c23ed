"""The money side of a training plan: what owning a GPU costs per useful hour, when buying
beats renting, the whole program beside the final run, goodput lost to interruptions,
and the finance team's tools (NPV, payback, depreciation).

Pure functions on floats, like ``formulas`` and ``planner``; each docstring states the
formula, its source and its Excel spelling (the native workbook writes that spelling).
Symbols: P installed price of one GPU, r yearly cost of capital, L lifetime in years, u
share of hours an owned GPU is busy, H hours in a year, S residual value as a share of P.
Prices per GPU are in ``catalogs/prices.json`` (:func:`gpu_prices`).
"""

from __future__ import annotations

import functools
import json
import math
from pathlib import Path

from .inputs import InputError, show

HOURS_PER_YEAR = 8766.0  # 365.25 days
MONTHS_PER_YEAR = 12.0
# Llama 3 405B: 419 unexpected interruptions in a 54-day snapshot on 16,384 H100 GPUs
# (Dubey et al. 2024, "The Llama 3 Herd of Models", §3.3.4 and Table 5).
LLAMA3_INTERRUPTIONS_PER_GPU_DAY = 419 / (54 * 16384)


# --- owning a GPU -----------------------------------------------------------------------

def capital_recovery_factor(rate, years):
    """Share of a purchase to set aside each year so that it is paid back, interest
    included, over its lifetime: r / (1 − (1+r)^−L); 1/L when r = 0 (straight line).

    Standard annuity factor (e.g. Brealey, Myers & Allen, "Principles of Corporate Finance",
    ch. 2: the equivalent annual cost); r = 10 %, L = 3 gives 0.40211.
    Excel: =IF(r=0,1/L,r/(1-(1+r)^(-L)))  (also =-PMT(r,L,1))
    """
    if years <= 0:
        raise InputError(f"years {show(years)} must be above 0")
    if rate < 0:
        raise InputError(f"rate {show(rate)} must be 0 or more (a yearly cost of capital such as 0.1)")
    return 1.0 / years if rate == 0 else rate / (1.0 - (1.0 + rate) ** (-years))


def hardware_cost_per_hour(price, rate, years, usage=1.0, residual=0.0, hours_per_year=HOURS_PER_YEAR):
    """Hardware cost of one useful (busy) hour of an owned GPU: the equivalent annual cost
    of the purchase less its residual value, spread over the busy hours of a year:
    ((P − S·P)·CRF(r, L) + S·P·r) / (H · u).

    Capital recovery with salvage value (engineering economics: CR = (P−S)(A/P,i,n) + S·i;
    Newnan, "Engineering Economic Analysis", ch. 6). With r = 0, S = 0, u = 1 it is Epoch
    AI's straight-line amortisation P / (L · 8766 h) (Cottier et al. 2024).
    Excel: =((P-S*P)*c+S*P*r)/(H*u)
    """
    if not 0 < usage <= 1:
        raise InputError(f"usage {show(usage)} must be above 0 and at most 1")
    if not 0 <= residual <= 1:
        raise InputError(f"residual {show(residual)} must be a share of the price, 0 to 1")
    crf = capital_recovery_factor(rate, years)
    return _hardware_per_hour(price, residual, crf, rate, hours_per_year, usage)


def _hardware_per_hour(price, residual, crf, rate, hours_per_year, usage):
    """((P − S·P)·c + S·P·r) / (H·u), the capital recovery factor c already computed.
    Excel: =((P-S*P)*c+S*P*r)/(H*u)
    """
    return ((price - residual * price) * crf + residual * price * rate) / (hours_per_year * usage)


def fixed_cost_per_hour(power_kw_it, colocation_per_kw_month, price, support_share, usage=1.0,
                        hours_per_year=HOURS_PER_YEAR):
    """Costs of owning that run whether the GPU is busy or not, per useful hour:
    colocation (IT kW × price per kW-month × 12) plus support (a share of the purchase per
    year), spread over the busy hours: (k·c·12 + s·P) / (H·u).

    Colocation is priced per kW of IT load per month (e.g. CBRE, "North America Data
    Center Trends"); hardware support contracts as a yearly share of capex.
    Excel: =(k*c*12+s*P)/(H*u)
    """
    return (power_kw_it * colocation_per_kw_month * MONTHS_PER_YEAR + support_share * price) / (hours_per_year * usage)


def ownership_cost_per_hour(hardware, fixed, energy):
    """What one useful hour of an owned GPU costs: hardware + fixed running costs (both
    already per useful hour) + the electricity of that hour. Excel: =a+f+e"""
    return hardware + fixed + energy


def breakeven_months(price, rent, energy, fixed_per_month, rate=0.0, usage=1.0, hours_per_year=HOURS_PER_YEAR,
                     residual=0.0, years=1.0):
    """Months after which buying a GPU costs less than renting it, with the same terms as
    the ownership cost: the monthly saving m = H/12 · u · (rent − energy) − fixed per month
    pays back the purchase less the present value of its residual value at the end of the
    lifetime, P·(1 − S·(1+r)^−L), at the monthly rate i = (1+r)^(1/12) − 1:
    M = −ln(1 − P'·i/m) / ln(1+i); M = P'/m when r = 0 (present value of an annuity solved
    for its term, Excel's NPER). At M = 12·L this is exactly the point where the capital
    recovery with salvage value, (P − S·P)·CRF + S·P·r (Newnan ch. 6), equals the saving.
    Raises an error when the saving never pays it back.
    Excel: =NPER((1+r)^(1/12)-1,H/12*u*(h-e)-F,-P*(1-S*(1+r)^(-L)))
    """
    saving = hours_per_year / MONTHS_PER_YEAR * usage * (rent - energy) - fixed_per_month
    if saving <= 0:
        raise InputError(f"rent {show(rent)} per hour saves nothing over owning's running costs: buying never pays back")
    net = price * (1.0 - residual * (1.0 + rate) ** (-years))
    i = monthly_rate(rate)
    if i == 0:
        return net / saving
    if net * i >= saving:
        raise InputError(f"rate {show(rate)}: the interest on the purchase exceeds the monthly saving; buying never pays back")
    return -math.log(1 - net * i / saving) / math.log(1 + i)


def monthly_rate(rate):
    """The monthly rate equivalent to a yearly one: (1+r)^(1/12) − 1. Excel: =(1+r)^(1/12)-1"""
    return (1.0 + rate) ** (1.0 / MONTHS_PER_YEAR) - 1.0


def run_hardware_cost(gpu_hours, price, rate, years, usage=1.0):
    """Hardware cost of a run on owned GPUs: its GPU-hours × the installed price × the
    capital recovery factor / (8766 h × usage), i.e. the run's GPU-hours at
    :func:`hardware_cost_per_hour` with no residual value. r = 0 and usage 1 give Epoch
    AI's straight-line amortisation. Excel: =H*P*IF(r=0,1/L,r/(1-(1+r)^(-L)))/(8766*u)
    """
    return gpu_hours * hardware_cost_per_hour(price, rate, years, usage)


# --- the program, not only the run ---------------------------------------------------------

def program_cost(final_run, experiments=0.0, evaluation=0.0, post_training=0.0, staff=0.0,
                 storage=0.0, networking=0.0, contingency=0.0):
    """The whole cost of a model program: the final run's compute times (1 + experiments
    and failed runs as a multiple of it + evaluation and post-training as shares of it),
    plus staff, storage, networking and egress, all times (1 + contingency):
    (F·(1+x+e+p) + s + d + w)·(1+c).

    Why: DeepSeek-V3's $5.576M "excludes the costs associated with prior research and
    ablation experiments" (DeepSeek-AI 2024, §1); Epoch AI puts R&D staff at 29-49 % of
    frontier models' development cost (Cottier et al. 2024). Excel: =(F*(1+x+e+p)+s+d+w)*(1+c)
    """
    return (final_run * (1 + experiments + evaluation + post_training) + staff + storage + networking) * (1 + contingency)


def staff_cost(fte, cost_per_year, months):
    """People on the program: FTE × loaded cost per year × months / 12. Excel: =n*c*m/12"""
    return fte * cost_per_year * months / MONTHS_PER_YEAR


def storage_cost(params, bytes_per_param, checkpoints, data_tb, price_tb_month, months):
    """Storage over the program: checkpoints kept (P × bytes per parameter each; 14 for bf16
    weights + fp32 master weights and two Adam moments, ZeRO paper's 2+12 bytes without
    gradients, Rajbhandari et al. 2020) plus the data, in TB (1E12 bytes), × price per
    TB-month × months. Excel: =(P*b*k/1E12+D)*p*m
    """
    return (params * bytes_per_param * checkpoints / 1e12 + data_tb) * price_tb_month * months


def serving_cost(months, monthly_cost):
    """Serving the model after training: months of serving × the serving plan's monthly
    cost (the Serving sheet's GPU-hours a day / 24 × 730.5 h × price). Excel: =m*c"""
    return months * monthly_cost


def with_serving(program, serving):
    """The program's cost with the serving after it: program cost + serving cost (the
    contingency covers the program only; serving is priced from its own plan). Excel: =a+s"""
    return program + serving


# --- goodput ------------------------------------------------------------------------------

def goodput(gpus, checkpoint_minutes=1.0, restart_minutes=10.0,
            interruptions_per_gpu_day=LLAMA3_INTERRUPTIONS_PER_GPU_DAY):
    """Share of wall-clock time that trains usefully on a cluster whose interruptions grow
    with its size, checkpointing at the Young/Daly interval.

    Mean time between interruptions M = 1440 / (n · λ) minutes (λ per GPU-day); checkpoint
    every τ = √(2·δ·M) (Young 1974, "A first order approximation to the optimum checkpoint
    interval"; Daly 2006); lost per unit time: δ/τ writing checkpoints, and per interruption
    half an interval of lost work plus the restart R: g = 1 − δ/τ − (τ/2 + R)/M.
    Default λ: Llama 3 405B, 419 unexpected interruptions in 54 days on 16,384 GPUs (Dubey
    et al. 2024, Table 5). Returns a dict: goodput, interval_minutes, mtbf_hours.
    """
    for name, value in (("gpus", gpus), ("interruptions_per_gpu_day", interruptions_per_gpu_day)):
        if not value > 0:
            raise InputError(f"{name} {show(value)} must be above 0")
    for name, value in (("checkpoint_minutes", checkpoint_minutes), ("restart_minutes", restart_minutes)):
        if not value >= 0:
            raise InputError(f"{name} {show(value)} must be 0 or more")
    mtbf = mtbf_minutes(gpus, interruptions_per_gpu_day)
    tau = young_daly_minutes(checkpoint_minutes, mtbf)
    g = goodput_share(checkpoint_minutes, tau, restart_minutes, mtbf)
    if g <= 0:
        raise InputError(f"gpus {show(gpus)}: an interruption every {mtbf:.0f} minutes leaves no useful time "
                         f"with {show(checkpoint_minutes)}-minute checkpoints and {show(restart_minutes)}-minute restarts")
    return {"goodput": g, "interval_minutes": tau, "mtbf_hours": mtbf / 60.0}


def mtbf_minutes(gpus, interruptions_per_gpu_day):
    """Minutes between interruptions of a cluster: 1440 / (n·λ). Excel: =1440/(n*l)"""
    return 1440.0 / (gpus * interruptions_per_gpu_day)


def young_daly_minutes(checkpoint_minutes, mtbf):
    """Young's optimal checkpoint interval √(2·δ·M) (Young 1974; Daly 2006's first order).
    Excel: =SQRT(2*d*M)"""
    return math.sqrt(2.0 * checkpoint_minutes * mtbf)


def goodput_share(checkpoint_minutes, interval, restart_minutes, mtbf):
    """Useful share of time: 1 − δ/τ − (τ/2 + R)/M (first-order waste, Daly 2006). A zero
    checkpoint cost gives τ = 0: only the restarts are lost. Excel: =1-IF(t>0,d/t,0)-(t/2+R)/M"""
    writing = checkpoint_minutes / interval if interval > 0 else 0.0
    return 1.0 - writing - (interval / 2.0 + restart_minutes) / mtbf


# --- cash flow, NPV, payback, depreciation ------------------------------------------------

def npv(rate, flows):
    """Net present value of flows at the end of periods 1, 2, …: Σ f_t / (1+r)^t, as
    Excel's NPV (Microsoft's example: NPV(10%, −10000, 3000, 4200, 6800) = 1,188.44).
    Excel: =NPV(r,f)"""
    return sum(f / (1.0 + rate) ** t for t, f in enumerate(flows, start=1))


def payback_period(cost_a, cost_b):
    """The first period (1-based) in which the cumulative cost of a, once b has cost
    anything, is at most that of b (buying against renting), or 0 when it never is within
    the flows given. Excel: =IFERROR(MATCH(1,INDEX((A<=B)*(B>0),0),0),0)  on the cumulative rows
    """
    total_a = total_b = 0.0
    for t, (a, b) in enumerate(zip(cost_a, cost_b), start=1):
        total_a, total_b = total_a + a, total_b + b
        if total_b > 0 and total_a <= total_b:
            return t
    return 0


def straight_line(cost, salvage, life):
    """Depreciation per period, straight line: (cost − salvage) / life, as Excel's SLN
    (Microsoft's example: SLN(30000, 7500, 10) = 2,250). Excel: =SLN(c,s,L)"""
    return (cost - salvage) / life


def declining_balance(cost, salvage, life, period, factor=2.0):
    """Depreciation in one period, declining balance at factor/life of the book value,
    never below the salvage value, as Excel's DDB (Microsoft's examples: DDB(2400, 300,
    10, 1) = 480, DDB(2400, 300, 10, 10) = 22.12). Excel: =DDB(c,s,L,t,f)"""
    book = cost
    for _ in range(int(period) - 1):
        book -= min(book * factor / life, max(book - salvage, 0.0))
    return min(book * factor / life, max(book - salvage, 0.0))


def cash_flow(months, upfront, lead_months, run_months, rent_per_month, running_per_month):
    """Month-by-month cash of buying and of renting, month 1 first: buying pays the
    upfront at delivery (month lead + 1) and the running costs from then on; renting pays
    the rental in each month of the run, which starts at delivery too so both finish
    together. Returns a dict of lists: month, buy, rent, cum_buy, cum_rent.
    """
    rows = {"month": [], "buy": [], "rent": [], "cum_buy": [], "cum_rent": []}
    cb = cr = 0.0
    for m in range(1, int(months) + 1):
        started = m > lead_months
        running = started and m <= lead_months + run_months
        buy = (upfront if m == lead_months + 1 else 0.0) + (running_per_month if started else 0.0)
        rent = rent_per_month if running else 0.0
        cb, cr = cb + buy, cr + rent
        for key, value in (("month", m), ("buy", buy), ("rent", rent), ("cum_buy", cb), ("cum_rent", cr)):
            rows[key].append(value)
    return rows


# --- the price table ----------------------------------------------------------------------

@functools.lru_cache(maxsize=None)
def price_table() -> dict:
    """``catalogs/prices.json``: per GPU, purchase and rental prices (low, high) in US
    dollars, each with its source and date, or marked "example" where no source exists."""
    data = json.loads((Path(__file__).parent / "catalogs" / "prices.json").read_text(encoding="utf-8"))
    return {row["gpu"]: row for row in data["prices"]}


def gpu_prices(name):
    """The price row of a GPU by its catalog name, or an InputError naming those priced."""
    from .catalogs import gpu

    entry = gpu(name)
    row = price_table().get(entry["name"])
    if row is None:
        raise InputError(f"gpu {show(name)} has no price in the price table; priced: {', '.join(price_table())}")
    return row


# --- the Budget sheet's money rows -------------------------------------------------------
# Each is one cell's formula; the sheet passes every constant (hours in a year, the case's
# place in a price range) as a labelled cell, so no number hides inside a formula.

def case_price(low, high, position, rate=1.0):
    """A case's price inside a quoted range, converted to the workbook's currency: the
    low figure plus a share s of the range (best case 0, base ½, worst 1), times the
    exchange rate x (units of the currency per US dollar; the price table is in dollars):
    (L + (H − L)·s)·x. Excel: =(a+(b-a)*s)*x"""
    return (low + (high - low) * position) * rate


def busy_hour_hardware(price, residual, crf, rate, usage, hours_per_year=HOURS_PER_YEAR):
    """:func:`hardware_cost_per_hour` with its capital recovery factor c already in a cell:
    ((P − S·P)·c + S·P·r) / (H·u) (capital recovery with salvage value, Newnan ch. 6).
    Excel: =((P-S*P)*c+S*P*r)/(H*u)"""
    return _hardware_per_hour(price, residual, crf, rate, hours_per_year, usage)


def it_kw_per_gpu(power_w, server_factor):
    """IT load of one GPU with its share of the server, in kW: W / 1000 × f (the load a
    colocation contract prices per kW). Excel: =W/1000*f"""
    return power_w / 1000.0 * server_factor


def fixed_cost_per_month(power_kw_it, colocation_per_kw_month, price, support_share):
    """What owning one GPU costs each month, busy or not: colocation k·c plus a yearly
    support share of its installed price s·P / 12. Excel: =k*c+s*P/12"""
    return power_kw_it * colocation_per_kw_month + support_share * price / MONTHS_PER_YEAR


def own_run_cost(hardware, fixed, energy):
    """A run on owned GPUs: the hardware's capital recovery, colocation and support, and
    the electricity, each already for the run's GPU-hours. Excel: =a+f+e"""
    return hardware + fixed + energy


def cheaper(a, b):
    """The lower of two costs (renting or buying the final run). Excel: =MIN(a,b)"""
    return min(a, b)


def interruption_rate(interruptions, days, gpus):
    """Interruptions per GPU-day of a published run: k / (d · n); Llama 3 405B: 419 in 54
    days on 16,384 GPUs (Dubey et al. 2024, Table 5). Excel: =k/(d*n)"""
    return interruptions / (days * gpus)
