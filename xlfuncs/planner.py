"""Planning the other way round: from a budget or a deadline to what to train and buy.

Pure functions on floats or numpy arrays, like ``formulas``; each docstring states the
formula, its source and its Excel spelling. Symbols as in ``formulas``: C FLOPs, P
parameters, T tokens, n GPUs, X peak TFLOP/s, u utilization, k FLOPs per parameter per
token (8 with recomputation, 6 without), g goodput.
"""

import math

from .formulas import SECONDS_PER_DAY, ceil_whole, energy_kwh, flops_per_token_param
from .inputs import InputError, show

HOURS_PER_YEAR = 8766.0  # 365.25 days
HOURS_PER_MONTH = HOURS_PER_YEAR / 12
CLUSTER_TRIES = 1024  # node counts tried past the first before saying nothing fits


def optimal_params(flops, tokens_per_param=20.0):
    """Compute-optimal parameters for a FLOP budget: N = √(C / (6·k)), k tokens per parameter.

    From C = 6·N·D and D = k·N (Hoffmann et al. 2022: k ≈ 20 read from Table 3; 1.21e20 FLOPs
    → 1.0B parameters). Excel: =SQRT(C/(6*k))
    """
    return (flops / (6.0 * tokens_per_param)) ** 0.5


def cluster_flops(gpus, days, peak_tflops, utilization, goodput=1.0):
    """FLOPs a cluster delivers by a deadline: n · t · X · u · g.

    Inverse of §3's t = C / (n·X·u). Excel: =n*d*86400*X*1E12*u*g
    """
    return gpus * days * SECONDS_PER_DAY * peak_tflops * 1e12 * utilization * goodput


def max_tokens(params, flops, recompute=True):
    """Tokens a FLOP budget trains a model of P parameters on: T = C / (k·P). Excel: =C/(IF(r,8,6)*P)"""
    return flops / (flops_per_token_param(recompute) * params)


def max_params(tokens, flops, recompute=True):
    """Parameters a FLOP budget trains on T tokens: P = C / (k·T). Excel: =C/(IF(r,8,6)*T)"""
    return flops / (flops_per_token_param(recompute) * tokens)


def implied_utilization(flops, gpu_hours, peak_tflops):
    """Utilization a reported run implies: u = C / (GPU-hours · 3600 · X).

    E.g. Llama 3.1 405B: 3.8e25 FLOPs in 30.84M H100 hours → 0.346 of the 989 TFLOP/s dense
    peak (Llama 3 paper reports 38-43% in steady state). Excel: =C/(H*3600*X*1E12)
    """
    return flops / (gpu_hours * 3600.0 * peak_tflops * 1e12)


def calendar_days(compute_days, goodput=1.0):
    """Wall-clock days when only a share g of the time trains usefully (failures, restarts,
    checkpoints, evaluation): compute days / g. Excel: =d/g
    """
    return compute_days / goodput


def amortized_hardware_cost(gpu_hours, price_per_gpu, lifetime_years=3.0,
                            server_overhead=1.6, network_overhead=1.15):
    """The share of a cluster's purchase price that one run uses up, straight-line:
    GPU-hours · price · server overhead · network overhead / (lifetime · 8766 h).

    Defaults from Epoch AI's training-cost model (Cottier et al. 2024, "The rising costs of
    training frontier AI models", arXiv:2405.21015, and its code): a server costs 1.6× its
    GPUs, the cluster interconnect adds 15%, hardware is amortised over 3 years.
    Excel: =H*p*s*w/(L*8766)
    """
    return gpu_hours * all_in_gpu_price(price_per_gpu, server_overhead, network_overhead) / (lifetime_years * HOURS_PER_YEAR)


def cost_if_bought(amortized_hardware, energy_cost):
    """What a run costs on owned GPUs: the amortised share of the hardware plus the energy
    it draws (Epoch AI's "amortized hardware CapEx + energy", Cottier et al. 2024).
    Excel: =a+e
    """
    return amortized_hardware + energy_cost


def co2_tonnes(kwh, kg_per_kwh):
    """Emissions in tonnes CO₂e: kWh × grid intensity (kg/kWh) / 1000.

    Patterson et al. 2021, Table 4: GPT-3, 1,287 MWh at 0.429 kg/kWh → 552 t. Excel: =E*I/1000
    """
    return kwh * kg_per_kwh / 1000.0


def cost_per_million_tokens(cost, tokens):
    """Money per million training tokens: cost / T × 10⁶. Excel: =K/T*1E6"""
    return cost / tokens * 1e6


def breakeven_months(purchase_per_gpu, rent_per_gpu_hour, usage=1.0, running_per_gpu_hour=0.0):
    """Months after which owning a GPU costs less than renting one: the purchase price
    (all in) divided by what renting would cost each month beyond the owner's running cost:
    M = p / (730.5 h · usage · (rent − running)). Excel: =p/(730.5*u*(r-e))
    """
    if rent_per_gpu_hour <= running_per_gpu_hour:
        raise InputError(f"rent_per_gpu_hour {show(rent_per_gpu_hour)} must exceed running_per_gpu_hour "
                         f"{show(running_per_gpu_hour)}: otherwise buying never pays back")
    return purchase_per_gpu / (HOURS_PER_MONTH * usage * (rent_per_gpu_hour - running_per_gpu_hour))


def budget_gpus(flops, budget, price_per_gpu_hour, days, peak_tflops, utilization, goodput=1.0):
    """Whole GPUs to rent so that a run both finishes by the deadline and stays within a
    money budget: ⌈C / (t·X·u·g)⌉ (§4), provided GPU-hours × price ≤ budget; the rental
    costs the same whatever the GPU count (n·t is constant), so the budget either covers
    the run or no GPU count does. Raises an error that says by how much it falls short.
    """
    from .formulas import ceil_whole, cost, gpu_hours, gpus_for_days

    rent = cost(gpu_hours(flops, peak_tflops, utilization, goodput), price_per_gpu_hour)
    if rent > budget:
        raise InputError(f"budget {show(budget)} cannot cover the run: its GPU rental costs {rent:,.0f}")
    return ceil_whole(gpus_for_days(flops, days, peak_tflops, utilization, goodput))


MAX_LAYERS = 2000           # the deepest published LLMs have a few hundred layers
MAX_GPUS_PER_NODE = 1024    # NVL72/NVL576-class domains are the largest built
MAX_NODES = 2_000_000       # 16 million GPUs of 8: beyond any cluster
SPLITS_PER_SIZE = 64        # splits whose memory is checked for the chosen node count


def splits(gpus, gpus_per_node, layers, heads, limit=None):
    """Valid tensor × pipeline × data parallel splits of a GPU count, least model-parallel
    first, as Megatron-LM requires them: tensor parallel stays inside a node (at most 64)
    and divides the attention heads; at most as many pipeline stages as layers; data
    parallel takes the rest. ``limit`` keeps the first so many (a bounded search).
    Cost: the divisors of the GPU count, O(√gpus), never a loop over every count.
    """
    from .memory import split_ok

    found = []
    for tp in _divisors(math.gcd(gpus_per_node, gpus), 64):
        rest = gpus // tp
        found += [(tp, pp, rest // pp) for pp in _divisors(rest, layers) if split_ok(heads, layers, tp, pp)]
    found.sort(key=lambda s: (s[0] * s[1], s[1]))
    return found[:limit] if limit else found


def _divisors(n, cap):
    """Divisors of n up to cap, ascending, in O(√n)."""
    small = [d for d in range(1, math.isqrt(n) + 1) if n % d == 0]
    return sorted({d for d in small if d <= cap} | {n // d for d in small if n // d <= cap})


def _most_sharded(gpus, gpus_per_node, layers, heads):
    """For each tensor-parallel size, the split with the most pipeline stages: the ones
    that hold least per GPU, enough to tell whether any split of this size fits."""
    best = {}
    for tp, pp, dp in splits(gpus, gpus_per_node, layers, heads):
        if pp >= best.get(tp, (0, 0))[0]:
            best[tp] = (pp, dp)
    return [(tp, pp, dp) for tp, (pp, dp) in best.items()]


def memory_nodes(memory_gb, gpu_memory_gb, gpus_per_node, layers, heads):
    """The fewest whole nodes with some split that holds the model (``memory_gb(tp, pp, dp)``
    ≤ the GPU's memory), or None past :data:`MAX_NODES`. Bounded: node counts double until
    one fits (at most 21 sizes), then a bisection (at most 21 more), each size checking only
    its most-sharded splits (a handful) — memory shrinks as the cluster grows, so the first
    fitting size is found without trying every count.
    """
    def any_fits(nodes):
        return any(memory_gb(*s) <= gpu_memory_gb
                   for s in _most_sharded(nodes * gpus_per_node, gpus_per_node, layers, heads))

    hi = 1
    while not any_fits(hi):
        if hi >= MAX_NODES:
            return None
        hi = min(2 * hi, MAX_NODES)
    lo = hi // 2                  # lo never fits (or is 0)
    while hi - lo > 1:
        mid = (lo + hi) // 2
        lo, hi = (lo, mid) if any_fits(mid) else (mid, hi)
    return hi


def smallest_cluster(memory_gb, gpu_memory_gb, first_nodes, gpus_per_node, layers, heads, tries=CLUSTER_TRIES):
    """The fewest whole nodes, from ``first_nodes`` up, with a split whose busiest GPU holds
    its share: ``memory_gb(tp, pp, dp)`` ≤ the GPU's memory. Returns (nodes, (tp, pp, dp),
    GB per GPU), or None when no split fits within ``tries`` node counts. Each size checks
    at most :data:`SPLITS_PER_SIZE` splits, least model-parallel first.
    """
    first = max(1, int(first_nodes))
    for nodes in range(first, first + tries):
        for tp, pp, dp in splits(nodes * gpus_per_node, gpus_per_node, layers, heads, SPLITS_PER_SIZE):
            need = memory_gb(tp, pp, dp)
            if need <= gpu_memory_gb:
                return nodes, (tp, pp, dp), need
    return None


DEFAULT_SETUP = {"micro_batch": 1, "seq_len": 2048, "recompute": "full"}
DEFAULT_BATCH_TOKENS = 4 * 2 ** 20   # a 4M-token global batch (Llama 3: 4M-16M; GPT-3: 3.2M)


def check_sizes(model, gpus_per_node):
    """Sizes the planner refuses to search: more layers than :data:`MAX_LAYERS`, more GPUs per
    node than :data:`MAX_GPUS_PER_NODE`."""
    if len(model.layers) > MAX_LAYERS:
        raise InputError(f"config has {len(model.layers):,} layers; planning supports at most {MAX_LAYERS:,}")
    if not 1 <= gpus_per_node <= MAX_GPUS_PER_NODE:
        raise InputError(f"gpus_per_node must be 1-{MAX_GPUS_PER_NODE:,}, got {show(float(gpus_per_node))}")


def cluster(model, setup, tokens, days, peak_tflops, gpu_memory_gb, utilization=0.45,
            goodput=1.0, gpus_per_node=8):
    """The smallest cluster of whole nodes that both finishes the training by the deadline
    and holds it in memory under a valid tensor × pipeline × data split.

    Compute: n ≥ C / (t·X·u·g) (§4), C the detailed training FLOPs of ``architectures``
    with a second forward pass when ``setup.recompute`` is "full". Memory: the busiest GPU
    of the split needs at most its memory less ``setup.reserve`` (``memory`` module).
    The search sets tp, pp and dp itself; the setup's own tp/pp/dp are ignored. Bounded
    (:func:`memory_nodes`, :func:`smallest_cluster`): it answers or refuses in well under a
    second. Returns a dict: nodes, gpus, tp, pp, dp, mem_gb, headroom_gb, days (calendar,
    with those GPUs), compute_nodes, memory_nodes, binding ("compute", "memory", or
    "split" when no valid split of the larger of the two counts fits and the split rules
    set the size), or None when nothing fits.
    """
    import dataclasses

    from . import architectures, memory
    from .formulas import ceil_whole, gpus_for_days, train_days

    check_sizes(model, gpus_per_node)
    flops = architectures.train_flops(model, tokens, setup.seq_len, setup.recompute == "full")
    compute_gpus = ceil_whole(gpus_for_days(flops, days, peak_tflops, utilization, goodput))
    if compute_gpus / gpus_per_node > MAX_NODES:
        raise InputError(f"the deadline needs {compute_gpus:,.0f} GPUs, beyond {MAX_NODES * gpus_per_node:,} "
                         "(a longer deadline, fewer tokens or a faster GPU)")
    compute_nodes = int(ceil_whole(compute_gpus / gpus_per_node))
    usable = gpu_memory_gb * (1.0 - setup.reserve)

    def need(tp, pp, dp):  # sequence parallelism as the setup says, or on with tp > 1
        return memory.train_memory_gb(model, dataclasses.replace(setup, tp=tp, pp=pp, dp=dp))

    layers, heads = len(model.layers), min(layer.heads for layer in model.layers)
    mem_nodes = memory_nodes(need, usable, gpus_per_node, layers, heads)
    found = mem_nodes and smallest_cluster(need, usable, max(compute_nodes, mem_nodes), gpus_per_node, layers,
                                           heads, tries=64)
    if not found:
        return None
    nodes, (tp, pp, dp), mem = found
    gpus = nodes * gpus_per_node
    binding = "split" if nodes > max(compute_nodes, mem_nodes) else (
        "memory" if mem_nodes > compute_nodes else "compute")
    # Floats, as every number a cell receives (COM carries no integers past 64 bits).
    return {"nodes": float(nodes), "gpus": float(gpus), "tp": float(tp), "pp": float(pp), "dp": float(dp), "mem_gb": mem,
            "headroom_gb": usable - mem, "days": train_days(flops, gpus, peak_tflops, utilization, goodput),
            "compute_nodes": float(compute_nodes), "memory_nodes": float(mem_nodes), "binding": binding,
            "mfu": None, "setup": None}


PREDICTED_LAYOUTS = 2000    # layouts the step-time searches of one predicted sizing time, all rounds together
PREDICTED_CHECKS = 240      # and memory checks they make (each search also has performance's own bounds)


def predicted_cluster(model, setup, tokens, days, gpu, goodput=1.0, gpus_per_node=8, rounds=4):
    """The smallest cluster that finishes by the deadline at the step-time model's predicted
    throughput on its fastest fitting split (``performance.best_setup``), with a global
    batch of :data:`DEFAULT_BATCH_TOKENS` tokens, or half a sequence per GPU where that is
    more (powers of two of sequences).

    Bounded: starting from the nodes memory needs and those the best GEMM efficiency
    would need (a lower bound on the GPUs), it re-sizes from the predicted throughput at
    most ``rounds`` times (a fixed point: n ← ⌈n · predicted days / deadline⌉), then walks up
    one node count at a time at most ``rounds`` more times. Each sizing is one bounded
    best-setup search; together they time at most :data:`PREDICTED_LAYOUTS` layouts and
    make :data:`PREDICTED_CHECKS` memory checks. Returns cluster()'s fields plus mfu and setup.
    """
    from . import memory, performance
    from .formulas import ceil_whole

    check_sizes(model, gpus_per_node)
    seconds = days * 86400 * goodput
    # The deadline and memory bound the size from below (the best GEMM efficiency bounds MFU).
    best_eff = performance.constants(gpu)["gemm_max_eff"]
    flops = tokens * performance.model_flops_per_token(model, setup.seq_len)
    lower = ceil_whole(flops / (seconds * gpu["tflops"] * 1e12 * best_eff) / gpus_per_node)
    if lower > MAX_NODES:
        raise InputError(f"the deadline needs over {MAX_NODES * gpus_per_node:,} GPUs even at peak efficiency")
    base = cluster(model, setup, tokens, days, gpu["tflops"], gpu["memory_gb"], 0.45, goodput, gpus_per_node)
    mem_nodes = base["memory_nodes"] if base else None
    if mem_nodes is None:
        return None
    batch = 2 ** max(0, round(math.log2(DEFAULT_BATCH_TOKENS / setup.seq_len)))
    table = {"seq_len": setup.seq_len, "gpus_per_node": gpus_per_node, "global_batch": batch}
    for key in ("precision", "optimizer", "framework", "sp", "flash_attention"):
        table[key] = getattr(setup, key)

    # A memory check walks every layer: deep models get fewer (performance.MAX_LAYER_CHECKS).
    checks = max(4, min(PREDICTED_CHECKS, performance.MAX_LAYER_CHECKS // len(model.layers)))
    budget = {"layouts": PREDICTED_LAYOUTS, "checks": checks}

    def run(nodes):
        if budget["layouts"] <= 0 or budget["checks"] <= 0:
            raise InputError(f"no cluster found within the search's bound of {PREDICTED_LAYOUTS:,} layouts and "
                             f"{checks} memory checks (last tried {nodes:,} nodes): give a utilization such as 0.4, "
                             "or allow more days")
        gpus = friendly(int(nodes)) * gpus_per_node
        # 4M tokens, or half a sequence per GPU on large clusters (Llama 3: 16M tokens on 16K GPUs)
        trial = dict(table, gpus=gpus, global_batch=max(batch, 2 ** max(0, (gpus // 2).bit_length() - 1)))
        try:
            fields, chosen = performance.best_setup(model, trial, gpu, limit=400, budget=budget)
        except InputError:
            return None
        return fields, chosen, tokens / (fields["tokens_per_s_per_gpu"] * gpus) / goodput / 86400

    nodes = friendly(int(max(lower, mem_nodes)))
    result, no_split = None, False
    for _ in range(2 * rounds):
        result = run(nodes)
        if result is None:        # no layout of this size splits the batch or fits memory
            nodes, no_split = friendly(nodes + 1), True
            continue
        fields, chosen, d = result
        if d <= days:
            break
        grow = ceil_whole(nodes * d / days) if _ < rounds else nodes + 1
        nodes = friendly(int(min(max(grow, nodes + 1), MAX_NODES)))
    if result is None or result[2] > days:
        raise InputError(f"no cluster found that finishes in {show(float(days))} days within {2 * rounds} sizings "
                         f"(last tried {nodes:,} nodes): allow more days or fewer tokens")
    fields, chosen, d = result
    plan = performance.read_plan(chosen, gpu)
    mem = memory.train_memory_gb(model, plan.setup)
    compute_nodes = lower
    binding = "split" if no_split and d < days * 0.98 else (
        "memory" if nodes == friendly(int(mem_nodes)) and mem_nodes > lower else "compute")
    return {"nodes": float(nodes), "gpus": float(nodes * gpus_per_node), "tp": float(plan.setup.tp),
            "pp": float(plan.setup.pp), "dp": float(plan.setup.dp), "mem_gb": mem,
            "headroom_gb": memory.headroom_gb(model, plan.setup, gpu), "days": d,
            "compute_nodes": float(compute_nodes), "memory_nodes": float(mem_nodes), "binding": binding,
            "mfu": fields["mfu"], "setup": performance.setup_text(chosen)}


def friendly(nodes):
    """The smallest node count ≥ ``nodes`` of the form odd · 2^j with the odd part at most 15
    (at most 1/8 more nodes): GPU counts whose data-parallel size can divide a
    power-of-two global batch once pipeline stages absorb the odd factor."""
    if nodes <= 16:
        return max(1, nodes)
    j = max(0, nodes.bit_length() - 4)
    return -(-nodes // 2 ** j) * 2 ** j


def serve(model, tokens_per_day, context, bytes_per_number, gpu_memory_gb, bandwidth_gbs,
          batch=32, bandwidth_utilization=0.6, reserve=0.1):
    """GPUs to serve a daily volume of generated tokens, the larger of two needs.

    Memory: one replica holds every weight and the KV cache of ``batch`` sequences of
    ``context`` tokens on GPUs of which a share ``reserve`` stays free:
    m = ⌈(P·b + batch·KV(context)) / (M·(1 − reserve))⌉.
    Throughput: decoding is bound by memory bandwidth (Pope et al. 2022, "Efficiently
    Scaling Transformer Inference", §2; vLLM, Kwon et al. 2023): each step reads all the
    weights and the batch's KV cache once and yields one token per sequence, so a replica
    makes batch / ((P·b + batch·KV) / (m·B·η)) tokens/s, η the share of peak bandwidth
    reached. Replicas = ⌈tokens per day / 86,400 / that⌉. All experts of a mixture are
    read (at serving batch sizes nearly all are routed to). Returns a dict: gpus,
    replicas, gpus_per_replica, tokens_per_s (per replica), replica_gb.
    """
    from . import architectures
    from .formulas import SECONDS_PER_DAY, ceil_whole

    weights_gb = architectures.params(model, "total") * bytes_per_number / 1e9
    replica_gb = weights_gb + architectures.kv_cache_gb(model, batch, context, bytes_per_number)
    per_replica = ceil_whole(replica_gb / (gpu_memory_gb * (1.0 - reserve)))
    step_s = replica_gb / (per_replica * bandwidth_gbs * bandwidth_utilization)
    tokens_per_s = batch / step_s
    replicas = ceil_whole(tokens_per_day / SECONDS_PER_DAY / tokens_per_s)
    return {"gpus": replicas * per_replica, "replicas": replicas, "gpus_per_replica": per_replica,
            "tokens_per_s": tokens_per_s, "replica_gb": replica_gb}


def monthly_cost(gpus, price_per_gpu_hour, usage=1.0):
    """Money a month for GPUs kept running: n · 730.5 h · usage · price. Excel: =n*730.5*u*p"""
    return gpus * HOURS_PER_MONTH * usage * price_per_gpu_hour


# --- what the Budget sheet's plan needs beyond the functions above ------------


def all_in_gpu_price(price_per_gpu, server_overhead=1.6, network_overhead=1.15):
    """What one GPU costs installed: its price × server overhead × network overhead (the
    rest of its server, then its share of the cluster interconnect).

    Defaults from Epoch AI (Cottier et al. 2024, arXiv:2405.21015), as in
    ``amortized_hardware_cost``. Excel: =p*s*w
    """
    return price_per_gpu * server_overhead * network_overhead


def running_cost_per_gpu_hour(power_w, price_per_kwh, pue=1.0, server_factor=1.0):
    """An owner's electricity bill for one GPU-hour: the energy of one GPU-hour (W / 1000
    × server factor × PUE, see ``formulas.energy_kwh``) × the price per kWh.

    Excel: =W/1000*f*PUE*e
    """
    return energy_kwh(1.0, power_w, pue, server_factor) * price_per_kwh


def gpus_to_buy(gpus_for_deadline, gpus_to_hold):
    """Whole GPUs that both finish by the deadline and hold the model states: the larger of
    ⌈GPUs for the deadline⌉ (§4) and the GPUs whose memory holds the states (§6).

    Excel: =MAX(ROUNDUP(n,0),m)
    """
    n = ceil_whole(gpus_for_deadline)
    return n + (gpus_to_hold - n) * (gpus_to_hold > n)  # arithmetic max: works on arrays too


def gpu_hours_from_days(gpus, days):
    """GPU-hours of a run reported as GPUs × days: n · d · 24.

    E.g. GPT-3 (Patterson et al. 2021, Table 4): 10,000 V100 × 14.8 days = 3.552M GPU-hours.
    Excel: =n*d*24
    """
    return gpus * days * 24.0


# --- the Budget sheet: which utilization, whole nodes, checks ------------------------------

def hardware_utilization(mfu, recompute=True):
    """The hardware FLOPs utilization (HFU) an MFU implies. MFU counts the model's 6·P·T
    FLOPs (what papers publish); with activation recomputation the GPUs also rerun the
    forward pass, 8·P·T in all, so the same run keeps them busier: HFU = MFU × 8/6
    (Chowdhery et al. 2022, PaLM, App. B; Korthikanti et al. 2022, §6).
    Excel: =u*IF(r,8,6)/6"""
    return mfu * (8 if recompute else 6) / 6


def whole_nodes(gpus_for_deadline, gpus_to_hold, gpus_per_node=8, spares=0.0):
    """GPUs to buy as whole servers with spares: the larger of the deadline's GPUs
    (rounded up) and the GPUs that hold the model, plus a spare share s, rounded up to
    whole nodes of k GPUs: ⌈max(⌈n⌉, m)·(1+s)/k⌉·k.
    Excel: =ROUNDUP(MAX(ROUNDUP(n,0),m)*(1+s)/k,0)*k"""
    return math.ceil(max(math.ceil(gpus_for_deadline), gpus_to_hold) * (1 + spares) / gpus_per_node) * gpus_per_node


def at_most(value, limit):
    """TRUE when a value is at most its limit (calendar days against the deadline).
    Excel: =a<=b"""
    return bool(value <= limit)


def at_least(value, floor):
    """TRUE when a value is at least a floor (GPUs against those that hold the model).
    Excel: =a>=b"""
    return bool(value >= floor)


def within_years(months, years):
    """TRUE when a number of months falls within a lifetime in years: M ≤ 12·L.
    Excel: =a<=12*L"""
    return bool(months <= 12 * years)


def cases_in_order(best_days, base_days, worst_days, best_cost, base_cost, worst_cost):
    """TRUE when the best case takes least time and money and the worst case most.
    Excel: =AND(a<=b,b<=c,x<=y,y<=z)"""
    return bool(best_days <= base_days <= worst_days and best_cost <= base_cost <= worst_cost)


def same_value(used, default):
    """TRUE when the figure used is the default one (no override in force). Excel: =a=b"""
    return bool(used == default)


def same_values(a, b, c, x, y, z):
    """TRUE when three figures used are their three defaults. Excel: =AND(a=x,b=y,c=z)"""
    return bool(a == x and b == y and c == z)


def known(a, b, c, x, y, z, power_w):
    """TRUE when the prices used for the three cases (rental a, b, c; purchase x, y, z) are
    numbers and the power used is above 0: a GPU with no price row or no board power
    would otherwise give #N/A costs or zero energy.
    Excel: =AND(ISNUMBER(a),ISNUMBER(b),ISNUMBER(c),ISNUMBER(x),ISNUMBER(y),ISNUMBER(z),IF(ISNUMBER(W),W>0,FALSE))"""
    numbers = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (a, b, c, x, y, z))
    return bool(numbers and isinstance(power_w, (int, float)) and power_w > 0)


def failing(a, b, c, d, e, f, g, k):
    """How many of eight checks are FALSE.
    Excel: =NOT(a)+NOT(b)+NOT(c)+NOT(d)+NOT(e)+NOT(f)+NOT(g)+NOT(k)"""
    return sum(not v for v in (a, b, c, d, e, f, g, k))
