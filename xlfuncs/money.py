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
    # 1 − (1+r)^−L written as −expm1(−L·log1p(r)): the same number, without the rounding
    # that makes it 0 (and the factor infinite) for a rate such as 1e-20.
    return 1.0 / years if rate == 0 else rate / -math.expm1(-years * math.log1p(rate))


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


# --- the month-by-month cash flow of renting against buying --------------------------------
# One column per month; month m is the interval from m − 1 to m months after the start.
# The GPUs bought are delivered after a lead time; the run starts at delivery on them, and
# afterwards they work the busy share of their hours until the end of their lifetime.
# Renting pays for the same GPU-hours in the same months, so the two rows compare like
# with like (the break-even month of the Budget sheet, month by month).

HOURS_PER_MONTH = HOURS_PER_YEAR / MONTHS_PER_YEAR  # 730.5
EXCEL_EPOCH_ORDINAL = 693594  # date(1899, 12, 30).toordinal(): day 0 of Excel's date serials


def month_start(start, month):
    """The date month m begins: the start date moved on m − 1 whole months (the same day of
    the month, or its last day when shorter), as Excel's EDATE; dates are Excel date serials
    (days since 1899-12-30). Excel: =EDATE(s,m-1)"""
    import calendar
    import datetime

    day = datetime.date.fromordinal(EXCEL_EPOCH_ORDINAL + int(start))
    total = day.year * 12 + day.month - 1 + int(month) - 1
    year, mon = divmod(total, 12)
    mon += 1
    moved = datetime.date(year, mon, min(day.day, calendar.monthrange(year, mon)[1]))
    return float(moved.toordinal() - EXCEL_EPOCH_ORDINAL)


def run_months(gpu_hours, gpus):
    """Months a run of H GPU-hours takes on n GPUs that work every hour: H / (n · 730.5 h),
    730.5 hours being a twelfth of 365.25 days. Excel: =H/(n*730.5)"""
    return gpu_hours / (gpus * HOURS_PER_MONTH)


def months_after_run(lifetime_years, run):
    """Months of the hardware's lifetime left after the run: MAX(0, 12·L − d). Excel: =MAX(0,12*L-d)"""
    return max(0.0, MONTHS_PER_YEAR * lifetime_years - run)


def share_of_month(month, begin, length):
    """The part of month m (from m − 1 to m months after the start) that falls in the span
    from b to b + d months: MAX(0, MIN(m, b + d) − MAX(m − 1, b)), between 0 and 1, so a
    run that ends mid-month is paid for to the day. Excel: =MAX(0,MIN(m,b+d)-MAX(m-1,b))"""
    return max(0.0, min(month, begin + length) - max(month - 1, begin))


def busy_gpu_hours(gpus, in_run, after_run, usage):
    """GPU-hours the n GPUs work in a month: every hour of the month's share a of the run,
    and the busy share u of the hours of its share b after the run: n · 730.5 · (a + u·b).
    Excel: =n*730.5*(a+u*b)"""
    return gpus * HOURS_PER_MONTH * (in_run + usage * after_run)


def paid_on_delivery(amount, month, lead):
    """A purchase paid when the GPUs arrive, in the month after the lead time of L months:
    P in month L + 1, 0 in the others. Excel: =IF(m=L+1,P,0)"""
    return amount if month == lead + 1 else 0.0


def owned_fixed_costs(gpus, fixed_per_month, in_run, after_run):
    """Colocation and support of the n GPUs in a month: they are owned (and paid for, busy or
    not) for the month's share a in the run and b after it: n · F · (a + b). Excel: =n*F*(a+b)"""
    return gpus * fixed_per_month * (in_run + after_run)


def outflow(capex, running):
    """Cash out in a month: the purchase paid that month plus the running costs. Excel: =a+b"""
    return capex + running


def total(flows):
    """The sum of the flows of a range: Σ f (cumulative cash when the range runs from the
    first month to this one). Excel: =SUM(f)"""
    return float(sum(flows))


def variable_declining(cost, salvage, life, start, end, factor=2.0):
    """Depreciation from period `start` to `end` (whole periods) at factor/life of the book
    value, switching to straight line over the remaining life when that gives more, and
    never below the salvage value: Excel's VDB (Microsoft's examples: VDB(2400, 300, 120,
    0, 1) = 40.00, VDB(2400, 300, 10, 0, 1) = 480.00, VDB(2400, 300, 120, 6, 18) = 396.31;
    "200 % declining balance switching to straight line", IRS Publication 946's MACRS method).
    Excel: =VDB(c,s,L,a,b,f)"""
    book, charged = cost, 0.0
    for period in range(int(end)):
        declining = book * factor / life
        straight = (book - salvage) / (life - period) if life > period else 0.0
        step = min(max(declining, straight), max(book - salvage, 0.0))
        book -= step
        if period >= start:
            charged += step
    return charged


def depreciation(cost, life_years, month, lead, method):
    """Depreciation charged in month m for GPUs delivered after L months, over an accounting
    life of Y years (12·Y months) with no salvage value: "straight-line" charges c / (12·Y)
    a month (Excel's SLN); "declining" charges twice the straight-line rate on the book value,
    switching to straight line when that is more (Excel's VDB). Nothing before delivery or
    after the accounting life. Excel: =IF(OR(m<=L,m>L+12*Y),0,IF(d="declining",VDB(c,0,12*Y,m-L-1,m-L),SLN(c,0,12*Y)))"""
    life = MONTHS_PER_YEAR * life_years
    if month <= lead or month > lead + life:
        return 0.0
    if str(method).lower() == "declining":
        return variable_declining(cost, 0.0, life, month - lead - 1, month - lead)
    return straight_line(cost, 0.0, life)


def book_value(cost, life_years, month, lead, method):
    """The purchase's value in the books at the end of month m: its cost less the
    depreciation charged so far (see :func:`depreciation`); 0 before delivery.
    Excel: =IF(m<=L,0,c-IF(d="declining",VDB(c,0,12*Y,0,MIN(m-L,12*Y)),SLN(c,0,12*Y)*MIN(m-L,12*Y)))"""
    life = MONTHS_PER_YEAR * life_years
    if month <= lead:
        return 0.0
    done = min(month - lead, life)
    if str(method).lower() == "declining":
        value = cost - variable_declining(cost, 0.0, life, 0, done)
    else:
        value = cost - straight_line(cost, 0.0, life) * done
    # Excel and LibreOffice show a difference within rounding of its terms as 0; so does this.
    return 0.0 if abs(value) <= 1e-12 * abs(cost) else value


def discounted(flow, rate, month):
    """A flow of month m in today's money at the monthly rate i: f / (1 + i)^m, the terms
    Excel's NPV adds up. Excel: =f/(1+i)^m"""
    return flow / (1.0 + rate) ** month


def cheaper_so_far(cost_a, cost_b):
    """TRUE in a month when the cumulative cost of a (buying) is at most that of b
    (renting), once b has cost anything. Excel: =AND(B>0,A<=B)"""
    return bool(cost_b > 0 and cost_a <= cost_b)


def first_month(flags):
    """The first month (1-based) whose flag is TRUE, or 0 when none is: the crossover month
    on the cumulative costs, the payback month on the discounted ones.
    Excel: =IFERROR(MATCH(TRUE,f,0),0)"""
    return next((t for t, flag in enumerate(flags, start=1) if flag), 0)


def mark_month(month, target):
    """1 in the month that equals the target (the crossover), 0 elsewhere: a marker a number
    format can show as a sign. Excel: =IF(m=t,1,0)"""
    return 1 if month == target else 0


def npv_saving(npv_buy, npv_rent):
    """What buying saves over renting in today's money: NPV of renting − NPV of buying (both
    costs; negative: renting is cheaper). Excel: =R-B"""
    return npv_rent - npv_buy


def run_end(lead, run):
    """When the run ends, in months from the start: the lead time plus the run. Excel: =L+d"""
    return lead + run


# --- what the run's rental cost depends on (the Sensitivity sheet) ---------------------------

def run_rental_cost(params, tokens, recompute, peak_tflops, utilization, goodput, price_per_hour):
    """Rental cost of a training run: its GPU-hours C / (X·u·g) / 3600 with C = 6·P·T (8·P·T
    with recomputation, article §2-§3) at the price per GPU-hour; ``formulas.train_flops``,
    ``gpu_hours`` and ``cost`` in one cell, as LLM_TRAIN_COST computes it.
    Excel: =IF(recompute,8,6)*P*T/(X*1E12*u*g)/3600*p"""
    from . import formulas

    hours = formulas.gpu_hours(formulas.train_flops(params, tokens, recompute), peak_tflops, utilization, goodput)
    return formulas.cost(hours, price_per_hour)


def scaled(value, factor):
    """A value times a factor: a case of an input given as a share of its base. Excel: =x*k"""
    return value * factor


def swing(low, high):
    """How far apart a result is at an input's best and worst case: |high − low|, the
    length of its bar in a tornado chart. Excel: =ABS(h-l)"""
    return abs(high - low)


def sort_key(value, position):
    """A value made unique for sorting: x·(1 − i·1E−9) − i·1E−9 for the i-th of a list, so
    that equal values (two drivers that move nothing) keep the order listed and a rank picks
    each once. Excel: =x*(1-i*1E-9)-i*1E-9"""
    return value * (1 - position * 1e-9) - position * 1e-9


def change_from(value, base):
    """A result's change from its base case: x − b (negative: it costs less). Excel: =x-b"""
    return value - base
