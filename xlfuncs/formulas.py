"""The article's formulas, each once, as small pure functions.

Every function takes and returns plain numbers (floats, or numpy arrays of floats: only
arithmetic is used, so a whole column goes through in one call). Units are in the names
and docstrings: parameters and tokens are counts, FLOPs are floating-point operations,
peaks are TFLOP/s, memory is decimal GB (1e9 bytes, as the article), bandwidth GB/s.

Each docstring states the formula, its source, and its Excel spelling (what the native
template workbook writes); the LibreOffice test proves both spellings agree.

Source article: "Estimating the parameters of large-model training" (Chinese), digested
in shared/seed/README.md; sections are cited as §1 … §10 of that digest.
"""

SECONDS_PER_DAY = 86_400.0
GB = 1e9  # the article's GB is decimal
MIXED_ADAMW_BYTES = 20.0  # (2+4) weights + (2+4) gradients + (4+4) Adam moments, §6


def params_exact(layers, hidden, vocab=0.0):
    """Trainable parameters of a GPT-style transformer: P = L·(12h² + 13h) + V·h.

    Per layer 4h² + 4h for attention (QKV and output projections with biases), 8h² + 5h for
    the 4h-wide MLP with biases, 4h for two LayerNorms; V·h for the (tied) embedding.
    Source: §1 (GPT-3: L=96, h=12288, V=50257 → 174.6e9). Excel: =L*(12*h^2+13*h)+V*h
    """
    return layers * (12.0 * hidden * hidden + 13.0 * hidden) + vocab * hidden


def params_approx(layers, hidden):
    """The article's large-h approximation: P ≈ 12·L·h².

    Source: §1 (GPT-3 → 174e9; LLaMA 32,4096 → 6.4e9). Excel: =12*L*h^2
    """
    return 12.0 * layers * hidden * hidden


def flops_per_token_param(recompute):
    """FLOPs per parameter per token: 6 (forward 2 + backward 4), 8 with activation
    recomputation (one more forward pass). Source: §2. Excel: =IF(recompute,8,6)
    """
    return 6.0 + 2.0 * recompute  # arithmetic, so a column of TRUE/FALSE works too


def train_flops(params, tokens, recompute=True):
    """Training compute in FLOPs: C = 8·P·T with recomputation, 6·P·T without.

    Source: §2 (6 × 174.6e9 × 300e9 = 3.1428e23). Excel: =IF(recompute,8,6)*P*T
    """
    return flops_per_token_param(recompute) * params * tokens


def train_seconds(flops, gpus, peak_tflops, utilization):
    """Wall-clock seconds: t = C / (n·X·u), X the peak FLOP/s of one GPU, u its utilization.

    Source: §3 (8·175e9·300e9 / (1024·312e12·0.45) ≈ 2,921,340 s); Narayanan et al. 2021,
    eq. 4. Excel: =C/(n*X*1E12*u)
    """
    return flops / (gpus * peak_tflops * 1e12 * utilization)


def train_days(flops, gpus, peak_tflops, utilization, goodput=1.0):
    """Training time in days: t / 86,400 / g, where g (goodput, default 1) is the share of
    wall-clock time spent on useful training. Source: §3 (≈ 33.8 days at g = 1).
    Excel: =C/(n*X*1E12*u)/86400/g
    """
    return train_seconds(flops, gpus, peak_tflops, utilization) / SECONDS_PER_DAY / goodput


def gpus_for_days(flops, days, peak_tflops, utilization, goodput=1.0):
    """GPUs needed to finish in a deadline: n = C / (t·X·u·g), fractional (round up to buy).

    Source: §4 (175B, 300B tokens, 30 days on A100 at 0.45 → 1154.1, g = 1).
    Excel: =C/(d*86400*X*1E12*u*g)
    """
    return flops / (days * SECONDS_PER_DAY * peak_tflops * 1e12 * utilization * goodput)


def gpu_hours(flops, peak_tflops, utilization, goodput=1.0):
    """GPU-hours of a run, as paid for: C / (X·u·g) / 3600; the same whatever the GPU count.

    Follows from §3 (n·t is constant). Excel: =C/(X*1E12*u*g)/3600
    """
    return flops / (peak_tflops * 1e12 * utilization * goodput) / 3600.0


def infer_memory_gb(params, bytes_per_param=2.0, overhead=0.2):
    """Inference memory in GB: (1 + overhead)·P·bytes; the article's overhead is 0.2.

    Source: §5 (175e9 at 4 bytes → 840 GB). Excel: =(1+o)*P*b/1E9
    """
    return (1.0 + overhead) * params * bytes_per_param / GB


def train_memory_gb(params, bytes_per_param=MIXED_ADAMW_BYTES):
    """Model-state memory for training in GB: bytes·P, 20 bytes for mixed-precision AdamW
    (fp16 weights + fp32 master 2+4, fp16 + fp32 gradients 2+4, Adam moments 4+4).
    Activations come on top. Source: §6 (175e9 → 3500 GB). Excel: =b*P/1E9
    """
    return bytes_per_param * params / GB


def ceil_whole(x):
    """The smallest whole number ≥ x, forgiving float noise a millionth of a millionth
    wide (so 3.0000000000000004 GPUs is 3, not 4). Excel: =ROUNDUP(x,0)
    """
    floor = x // 1.0  # exact for any float: no product that would lose the last digit
    return floor + ((x - floor) > 1e-12 * (abs(x) + 1.0))


def gpus_to_hold(memory_gb, gpu_memory_gb):
    """Whole GPUs whose memory holds a given amount: ⌈M / m⌉.

    Source: §6 (3500 GB on 80 GB cards → 44). Excel: =ROUNDUP(M/m,0)
    """
    return ceil_whole(memory_gb / gpu_memory_gb)


def optimal_tokens(params, tokens_per_param=20.0):
    """Compute-optimal training tokens: D = 20·N (Hoffmann et al. 2022, read from Table 3).

    Source: §7. Excel: =k*P
    """
    return tokens_per_param * params


def comm_seconds(gigabytes, bandwidth_gbs):
    """Seconds to move data over a link: bytes / bandwidth, both in GB and GB/s.

    Source: §10 (500 GB over 200 Gbit/s = 25 GB/s → 20 s; over 450 GB/s → 1.1 s). Excel: =G/B
    """
    return gigabytes / bandwidth_gbs


def cost(hours, price_per_hour):
    """Money for a metered resource: hours × price per hour (GPU rental). Excel: =h*p"""
    return hours * price_per_hour


def energy_kwh(hours, power_w, pue=1.0, server_factor=1.0):
    """Energy in kWh: GPU-hours × power per GPU (W) / 1000 × server factor × PUE.

    Patterson et al. 2021, "Carbon Emissions and Large Neural Network Training": energy =
    hours × processors × average power × PUE (GPT-3: 10,000 V100 × 14.8 days × 330 W × 1.1
    → 1,287 MWh). The server factor scales GPU power to the whole server's (CPUs, memory,
    network); Epoch AI uses 1.8 (DGX H100: 10.2 kW / 8 GPUs / 700 W = 1.82).
    Excel: =h*W/1000*f*PUE
    """
    return hours * power_w / 1000.0 * server_factor * pue



# --- what the template workbooks need beyond the formulas above ---------------

DAYS_PER_YEAR = 365.0


def days_to_years(days):
    """Years in a number of days, 365 days a year.

    Source: §9 (GPT-3 on one A100 at peak: 3.1428e23 / 312e12 s ≈ 11,658 days ≈ 32 years).
    Excel: =d/365
    """
    return days / DAYS_PER_YEAR


def gbits_to_gbytes(gbit_per_s):
    """A link speed in Gbit/s as GB/s: 8 bits to the byte.

    Source: §10 (a 200 Gbit/s NIC moves 25 GB/s; NVLink 4 at 3600 Gbit/s is 450 GB/s).
    Excel: =g/8
    """
    return gbit_per_s / 8.0


def relative_error(estimate, reference):
    """How far an estimate is from a reference, as a fraction: estimate / reference − 1
    (−0.04 is 4 % low). Excel: =e/r-1
    """
    return estimate / reference - 1.0


def purchase_cost(gpus, price_per_gpu):
    """Money to buy a number of GPUs: n × price per GPU, in the price's currency.

    Excel: =n*p
    """
    return gpus * price_per_gpu


def days_from_throughput(tokens, tokens_per_second, gpus):
    """Training days from a measured throughput: T / (r·n) / 86,400, r in tokens per second
    per GPU. Source: Touvron et al. 2023 (LLaMA) §2.4: 380 tokens/s/GPU on 2048 A100-80GB
    → 1.4T tokens in about 21 days. Excel: =T/(r*n)/86400
    """
    return tokens / (tokens_per_second * gpus) / SECONDS_PER_DAY


def utilization_from_throughput(params, tokens_per_second, peak_tflops, recompute=False):
    """The utilization a measured throughput implies: FLOPs per token (6·P, or 8·P with
    recomputation) × r / X, r in tokens per second per GPU, X peak TFLOP/s.

    Source: follows from §3 (t = C / (n·X·u)); LLaMA-65B at 380 tokens/s on A100s
    (312 TFLOP/s) → 6 × 65.2e9 × 380 / 312e12 ≈ 0.48. Excel: =IF(recompute,8,6)*P*r/(X*1E12)
    """
    return flops_per_token_param(recompute) * params * tokens_per_second / (peak_tflops * 1e12)
