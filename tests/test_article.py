"""Every worked example of the source article, through the Excel functions.

Expected numbers are the article's own (shared/seed/README.md, rows 1-10), with the
tolerance the article's rounding allows; where it quotes a paper, the paper is named.
"""

import pytest

import xlfuncs as x

GPT3 = dict(layers=96, hidden=12288, vocab=50257)


def test_gpt3_parameters_exact_174_6_billion():
    # §1: L(12h²+13h)+Vh for GPT-3 is quoted as 174.6B
    assert x.LLM_PARAMS(**GPT3) == pytest.approx(174.6e9, rel=5e-4)


def test_gpt3_parameters_approx_174_billion():
    # §1: 12·L·h² ≈ 174B
    assert x.LLM_PARAMS(96, 12288, method="approx") == pytest.approx(174e9, rel=5e-3)


@pytest.mark.parametrize("layers, hidden, article_billions", [
    (32, 4096, 6.4), (40, 5120, 12.6), (60, 6656, 31.9), (80, 8192, 64.4)])
def test_llama_sizes_12_L_h2(layers, hidden, article_billions):
    # §1's LLaMA table: 12·L·h² for the four LLaMA-1 shapes
    assert x.LLM_PARAMS(layers, hidden, method="approx") / 1e9 == pytest.approx(article_billions, abs=0.05)


def test_gpt3_training_flops_6PT():
    # §2: 6 × 174.6e9 × 300e9 = 3.1428e23 FLOPs (GPT-3 paper Table D.1: 3.14e23)
    assert x.LLM_TRAIN_FLOPS(174.6e9, 300e9, False) == pytest.approx(3.1428e23, rel=1e-12)


def test_training_flops_default_is_8PT_with_recomputation():
    # §2: with activation recomputation the count is 8·T·P
    assert x.LLM_TRAIN_FLOPS(175e9, 300e9) == pytest.approx(8 * 175e9 * 300e9, rel=1e-12)


def test_gpt3_training_days_on_1024_a100():
    # §3: 8·175e9·300e9 / (1024·312e12·0.45) ≈ 2,921,340 s ≈ 34 days
    days = x.LLM_TRAIN_DAYS(175e9, 300e9, 1024, "A100-40GB", 0.45)
    assert days * 86400 == pytest.approx(2_921_340, abs=1)
    assert round(days, 1) == 33.8


def test_narayanan_2021_140_tflops_is_34_days():
    # §3 and Narayanan et al. 2021 §5.1: X·u = 140 TFLOP/s → 34 days
    assert x.LLM_TRAIN_DAYS(175e9, 300e9, 1024, 140, 1) == pytest.approx(34, abs=0.5)


def test_gpus_for_a_30_day_deadline():
    # §4: 30 days (2,592,000 s) → 1154.1, a purchase rounds up to 1155
    gpus = x.LLM_TRAIN_GPUS(175e9, 300e9, 30, "A100-40GB", 0.45)
    assert round(gpus, 1) == 1154.1
    assert x.formulas.ceil_whole(gpus) == 1155


def test_inference_memory_840_gb_at_fp32():
    # §5: 1.2 × 175e9 × 4 bytes ≈ 840 GB
    assert x.LLM_INFER_MEM(175e9, 4) == pytest.approx(840)
    assert x.LLM_INFER_MEM("175B", "fp32") == pytest.approx(840)
    assert x.LLM_INFER_MEM(175e9, "fp16") == pytest.approx(420)


def test_training_memory_3500_gb():
    # §6: 20 bytes × 175e9 = 3500 GB
    assert x.LLM_TRAIN_MEM(175e9) == pytest.approx(3500)


def test_44_gpus_of_80_gb_hold_one_replica():
    # §6: 3500 GB on 80 GB cards → at least 44
    assert x.LLM_MIN_GPUS(3500, 80) == 44
    assert x.LLM_MIN_GPUS(x.LLM_TRAIN_MEM(175e9), "A100-80GB") == 44


def test_tokens_per_parameter_20():
    # §7: compute-optimal ≈ 20 tokens per parameter (Hoffmann et al. 2022)
    assert x.LLM_OPTIMAL_TOKENS(70e9) == pytest.approx(1.4e12)


def test_gpt3_saw_1_to_2_tokens_per_parameter():
    # §7: GPT-3 saw 1-2 tokens per parameter: 300B / 175B
    assert 1 <= 300e9 / x.LLM_PARAMS(**GPT3) <= 2


def test_one_a100_at_peak_takes_about_32_years():
    # §9: 3.1428e23 / 312e12 s ≈ 32 years
    days = x.LLM_TRAIN_DAYS(174.6e9, 300e9, 1, "A100-40GB", 1, False)
    assert days / 365 == pytest.approx(32, abs=0.5)


def test_peak_a100s_for_30_days_is_several_hundred():
    # §9: "32 years × 12 = 384 cards" for 30 days at peak; exactly, 388.6
    gpus = x.LLM_TRAIN_GPUS(174.6e9, 300e9, 30, "A100-40GB", 1, False)
    assert gpus == pytest.approx(384, rel=0.02)


def test_tp_traffic_over_a_200_gbit_nic_takes_20_s():
    # §10: 500 GB over 200 Gbit/s ≈ 20 s
    assert x.LLM_COMM_SECONDS(500, "200Gbps") == pytest.approx(20)
    assert x.LLM_COMM_SECONDS(500, 25) == pytest.approx(20)


def test_tp_traffic_over_nvlink4_takes_1_1_s():
    # §10: 500 GB over 450 GB/s (= 3600 Gbit/s) ≈ 1.1 s
    assert x.LLM_COMM_SECONDS(500, "450GB/s") == pytest.approx(1.1, abs=0.02)
    assert x.LLM_COMM_SECONDS(500, "3600 Gbit/s") == pytest.approx(1.1, abs=0.02)


@pytest.mark.parametrize("name, tflops", [
    ("A100-40GB", 312), ("H100-SXM", 989.4), ("B200", 2250)])
def test_catalog_dense_peaks(name, tflops):
    # §8 quotes A100 312, H100 990 (datasheet dense 989.4), B100/B200 2250 TFLOP/s
    assert x.LLM_GPU(name) == tflops
