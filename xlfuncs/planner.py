"""Planning the other way round: from a budget or a deadline to what to train and buy.

Pure functions on floats or numpy arrays, like ``formulas``; each docstring states the
formula, its source and its Excel spelling. Symbols as in ``formulas``: C FLOPs, P
parameters, T tokens, n GPUs, X peak TFLOP/s, u utilization, k FLOPs per parameter per
token (8 with recomputation, 6 without), g goodput.
"""

from .formulas import SECONDS_PER_DAY, ceil_whole, energy_kwh, flops_per_token_param

HOURS_PER_YEAR = 8766.0  # 365.25 days
HOURS_PER_MONTH = HOURS_PER_YEAR / 12


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
    return purchase_per_gpu / (HOURS_PER_MONTH * usage * (rent_per_gpu_hour - running_per_gpu_hour))


def splits(gpus, gpus_per_node, layers, heads):
    """Valid tensor × pipeline × data parallel splits of a GPU count, least model-parallel
    first: tensor parallel stays inside a node and divides the attention heads (Megatron-LM
    requires both), pipeline stages divide the GPUs left and are at most one per layer.
    """
    found = []
    for tp in (t for t in range(1, gpus_per_node + 1) if gpus_per_node % t == 0 and heads % t == 0):
        if gpus % tp:
            continue
        rest = gpus // tp
        found += [(tp, pp, rest // pp) for pp in range(1, min(rest, layers) + 1) if rest % pp == 0]
    return sorted(found, key=lambda s: (s[0] * s[1], s[1]))


def smallest_cluster(memory_gb, gpu_memory_gb, first_nodes, gpus_per_node, layers, heads, tries=4096):
    """The fewest whole nodes, from ``first_nodes`` up, with a split whose busiest GPU holds
    its share: ``memory_gb(tp, pp, dp)`` ≤ the GPU's memory. Returns (nodes, (tp, pp, dp),
    GB per GPU), or None when no split fits within ``tries`` node counts.
    """
    first = max(1, int(first_nodes))
    for nodes in range(first, first + tries):
        for tp, pp, dp in splits(nodes * gpus_per_node, gpus_per_node, layers, heads):
            need = memory_gb(tp, pp, dp)
            if need <= gpu_memory_gb:
                return nodes, (tp, pp, dp), need
    return None


# --- issue 5: what the Budget sheet's plan needs beyond the functions above ------------


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
