"""Solve-for and money, against figures published outside the project."""

import json
from pathlib import Path

import pytest

import xlfuncs as x
from xlfuncs import InputError

REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference" / "reference_models.json"

# Hoffmann et al. 2022 (Chinchilla), Table 3: compute-optimal (FLOPs, parameters, tokens).
CHINCHILLA_TABLE_3 = [
    (1.92e19, 400e6, 8.0e9), (1.21e20, 1e9, 20.2e9), (1.23e22, 10e9, 205.1e9),
    (5.76e23, 67e9, 1.5e12), (3.85e24, 175e9, 3.7e12), (9.90e24, 280e9, 5.9e12),
    (3.43e25, 520e9, 11.0e12), (1.27e26, 1e12, 21.2e12), (1.30e28, 10e12, 216.2e12),
]


def test_table_3_transcription_matches_the_reference_data():
    if not REFERENCE.exists():
        pytest.skip(f"reference data not beside this checkout ({REFERENCE})")
    rows = next(m for m in json.loads(REFERENCE.read_text()) if m["name"] == "Chinchilla compute-optimal table")
    assert [(r["flops"], r["params"], r["tokens"]) for r in rows["compute_optimal_table"]] == CHINCHILLA_TABLE_3


@pytest.mark.parametrize("flops, params, tokens", CHINCHILLA_TABLE_3)
def test_compute_optimal_split_follows_chinchilla_table_3(flops, params, tokens):
    # The 20-tokens rule is a reading of Table 3, whose fitted law puts 20-22 tokens per
    # parameter: at 5.76e23 the rule gives 69B where the paper gives 67B. Within 5% for
    # parameters and 10% for tokens, tolerances that say so.
    n = x.LLM_OPTIMAL_PARAMS(flops)
    assert n == pytest.approx(params, rel=0.05)
    assert x.LLM_OPTIMAL_TOKENS(n) == pytest.approx(tokens, rel=0.10)


def test_one_billion_parameter_row_is_close_to_exact():
    # 1.21e20 FLOPs → 1B parameters on 20.2B tokens (Table 3)
    assert x.LLM_OPTIMAL_PARAMS(1.21e20) == pytest.approx(1e9, rel=0.005)
    assert x.LLM_OPTIMAL_TOKENS(x.LLM_OPTIMAL_PARAMS(1.21e20)) == pytest.approx(20.2e9, rel=0.01)


def test_megatron_gpt3_projection_34_days():
    # Narayanan et al. 2021 §5.1: 175B on 300B tokens, 1024 A100 at 140 TFLOP/s → 34 days
    assert x.LLM_TRAIN_DAYS(175e9, 300e9, 1024, 140, 1) == pytest.approx(34, abs=0.5)
    # ... and the cluster trains 300B tokens in those 34 days
    assert x.LLM_MAX_TOKENS(175e9, 1024, 34, 140, 1) == pytest.approx(300e9, rel=0.02)


def test_megatron_1t_projection_84_days():
    # Narayanan et al. 2021 §5.1: 1T parameters (1.008T), 450B tokens, 3072 GPUs at 163 TFLOP/s → 84 days
    assert x.LLM_TRAIN_DAYS(1.008e12, 450e9, 3072, 163, 1) == pytest.approx(84, abs=0.5)
    assert x.LLM_MAX_PARAMS(450e9, 3072, 84, 163, 1) == pytest.approx(1.008e12, rel=0.01)


def test_llama_65b_run_21_days():
    # Touvron et al. 2023 (LLaMA) §2.4: 65B on 1.4T tokens, 2048 A100-80GB, ~380 tokens/s/GPU,
    # about 21 days. 380 tokens/s/GPU at 6 FLOPs/param/token is the utilization to use.
    u = x.LLM_UTILIZATION(6 * 65.2e9 * 380, 1 / 3600, "A100-80GB")
    assert u == pytest.approx(0.476, abs=0.005)  # "~48% of 312 TFLOP/s" (NOTES.md derives the same)
    assert x.LLM_TRAIN_DAYS(65.2e9, 1.4e12, 2048, "A100-80GB", u, False) == pytest.approx(21, abs=0.5)


def test_llama_3_1_405b_implied_utilization():
    # Llama 3 paper: 3.8e25 FLOPs, 30.84M H100 GPU-hours → 34.6% of the dense peak, below
    # the 38-43% steady-state MFU the paper reports (the hours include long-context stages).
    assert x.LLM_UTILIZATION(3.8e25, 30.84e6, "H100-SXM") == pytest.approx(0.346, abs=0.002)
    assert x.LLM_TRAIN_FLOPS(405.85e9, 15.6e12, False) == pytest.approx(3.8e25, rel=0.01)


def test_goodput_turns_compute_days_into_calendar_days():
    assert x.LLM_TRAIN_DAYS(175e9, 300e9, 1024, "A100-40GB", 0.45, True, 0.9) == pytest.approx(33.81 / 0.9, rel=1e-3)
    assert x.LLM_TRAIN_GPUS(175e9, 300e9, 30, "A100-40GB", 0.45, True, 1) == pytest.approx(1154.1, abs=0.05)


def test_deepseek_v3_rental_cost():
    # DeepSeek-V3 technical report, Table 1: 2.788M H800 GPU-hours at $2 per GPU-hour = $5.576M
    assert x.formulas.cost(2.788e6, 2) == pytest.approx(5.576e6)


def test_budget_gpus_meets_deadline_and_budget():
    # Article §4: 1154.1 GPUs for 30 days → rent 1155; GPU-hours 830,959 (1154.1 × 720 h)
    assert x.LLM_BUDGET_GPUS(175e9, 300e9, 2e6, 2.0, 30, "A100-40GB") == 1155


def test_budget_too_small_says_by_how_much():
    with pytest.raises(InputError, match=r"budget 1000000 cannot cover the run: its GPU rental costs 1,661,918"):
        x.LLM_BUDGET_GPUS(175e9, 300e9, 1e6, 2.0, 30, "A100-40GB")


def test_gpt3_energy_and_emissions_patterson_2021():
    # Patterson et al. 2021, Table 4: GPT-3 on 10,000 V100 for 14.8 days at 330 W average,
    # PUE 1.1 → 1,287 MWh; at 0.429 kg CO2e/kWh → 552 tCO2e.
    kwh = x.LLM_ENERGY_KWH(10_000 * 14.8 * 24, 330, 1.1)
    assert kwh / 1000 == pytest.approx(1287, rel=0.005)
    assert x.LLM_CO2_TONNES(1287e3, 0.429) == pytest.approx(552, abs=0.5)


def test_server_power_factor_of_a_dgx_h100():
    # Epoch AI: DGX H100 draws 10.2 kW for 8 GPUs of 700 W → 1.82 per GPU; an hour of one GPU
    # then costs 10.2/8 kWh of server energy.
    assert x.LLM_ENERGY_KWH(1, "H100-SXM", 1, 10.2 / 8 / 0.7) == pytest.approx(10.2 / 8)


def test_amortized_cost_over_the_lifetime_is_the_whole_cluster():
    # An identity of Epoch AI's model, not a published figure: cluster cost = GPUs × price × 1.6 (server) × 1.15 (interconnect),
    # written off over 3 years; a run as long as the lifetime uses all of it.
    gpus, price = 1024, 25_000
    lifetime_hours = 3 * 365.25 * 24
    whole = x.LLM_AMORTIZED_COST(gpus * lifetime_hours, price)
    assert whole == pytest.approx(gpus * price * 1.6 * 1.15)


def test_cost_per_million_tokens():
    # No one publishes this ratio: arithmetic on DeepSeek-V3's published $5.576M and 14.8T tokens
    assert x.LLM_COST_PER_MTOK(5.576e6, 14.8e12) == pytest.approx(0.3768, abs=1e-4)


def test_breakeven_months():
    # Arithmetic, not a published figure: a $30,000 GPU against $2/h all month, 30000 / (730.5 × 2)
    assert x.LLM_BREAKEVEN_MONTHS(30_000, 2) == pytest.approx(20.53, abs=0.01)


def test_breakeven_never_when_running_costs_exceed_rent():
    with pytest.raises(InputError, match="buying never pays back"):
        x.LLM_BREAKEVEN_MONTHS(30_000, 2, 1, 2.5)


# --- the Budget sheet's plan ----------------------------------------------------------


def test_gpus_to_buy_the_article_30_days_then_memory_with_a_long_deadline():
    from xlfuncs import formulas as f, planner

    flops = f.train_flops(175e9, 300e9, True)
    hold = f.gpus_to_hold(f.train_memory_gb(175e9), 80)  # §6: 44 cards of 80 GB
    # §4: 30 days on A100 at 0.45 need 1154.1 GPUs: buy 1155, more than the 44 that hold the model
    assert planner.gpus_to_buy(f.gpus_for_days(flops, 30, 312, 0.45), hold) == 1155
    # three years need only ≈ 32: then the memory binds, and 44 is what to buy
    assert planner.gpus_to_buy(f.gpus_for_days(flops, 3 * 365, 312, 0.45), hold) == 44


def test_gpt3_gpu_hours_from_gpus_and_days_patterson_2021():
    from xlfuncs import planner

    # Patterson et al. 2021, Table 4: 10,000 V100 × 14.8 days; at 330 W and PUE 1.1 → 1,287 MWh
    hours = planner.gpu_hours_from_days(10_000, 14.8)
    assert x.LLM_ENERGY_KWH(hours, 330, 1.1) / 1000 == pytest.approx(1287, rel=0.005)


def test_running_cost_of_a_dgx_h100_gpu_hour():
    from xlfuncs import planner

    # NVIDIA DGX H100: 10.2 kW for 8 GPUs, i.e. 1.275 kWh per GPU-hour; at PUE 1 and $1/kWh, $1.275
    assert planner.running_cost_per_gpu_hour(700, 1.0, 1.0, 10.2 / 8 / 0.7) == pytest.approx(1.275)


def test_installed_price_is_what_amortisation_writes_off():
    from xlfuncs import planner

    # Epoch AI: price × 1.6 (server) × 1.15 (interconnect); a run as long as the 3-year
    # lifetime writes off exactly one installed GPU.
    installed = planner.all_in_gpu_price(25_000)
    assert installed == pytest.approx(25_000 * 1.6 * 1.15)
    assert x.LLM_AMORTIZED_COST(3 * 365.25 * 24, 25_000) == pytest.approx(installed)
