"""The workbook's figures against the figures others published.

Numbers below come from outside the project, each with its source:
- the article (digest shared/seed/README.md, sections §1-§10; the Chinese original beside it);
- Brown et al. 2020, "Language Models are Few-Shot Learners", Table 2.1 (sizes and parameter
  counts) and Table D.1 (training compute), as collected in the project's reference data
  (shared/reference/reference_models.json, "verified_via_verbatim_transcription");
- Touvron et al. 2023, "LLaMA", Table 2 (sizes, published counts, tokens), §2.4 (380
  tokens/s/GPU on 2048 A100-80GB, about 21 days for 65B) and Table 15 (GPU-hours), same file.
The workbook's values are read as a user sees them: cached values, openpyxl data_only=True.
"""

from __future__ import annotations

import openpyxl
import pytest

from wbcells import TEMPLATES, find_row


@pytest.fixture(scope="module")
def wb():
    return openpyxl.load_workbook(TEMPLATES / "llm_budget.xlsx", data_only=True)


def value(ws, label, col="C"):
    return ws[f"{col}{find_row(ws, label)}"].value


def test_gpt3_sheet_reproduces_the_article(wb):
    ws = wb["GPT-3"]
    # §1: L(12h²+13h)+Vh for L=96, h=12288, V=50257 "= 174.6B"
    assert round(value(ws, "Parameters, L·(12h²+13h)+V·h") / 1e9, 1) == 174.6
    # §1: 12·L·h² "≈ 174B"
    assert round(value(ws, "Parameters, 12·L·h²") / 1e9) == 174
    # §2: 6 × 174.6e9 × 300e9 = 3.1428e23 (the workbook uses the unrounded 174.58e9)
    assert value(ws, "Training compute, 6·P·T with P = L·(12h²+13h)+V·h") == pytest.approx(3.1428e23, rel=1e-3)
    assert f"{value(ws, 'Training compute, 6·P·T with P = L·(12h²+13h)+V·h'):.2e}" == "3.14e+23"
    # §2: with recomputation 8·P·T: 4.19e23 (8/6 of the above)
    assert f"{value(ws, 'Training compute with recomputation, 8·P·T'):.2e}" == "4.19e+23"
    # §3: 8·175e9·300e9 / (1024 · 312e12 · 0.45) ≈ 2,921,340 s ≈ 34 days (33.8)
    days = value(ws, "Training time on n GPUs")
    assert days * 86400 == pytest.approx(2_921_340, abs=1)
    assert round(days, 1) == 33.8
    # §4: 30 days → ≈ 1154 A100s; a purchase rounds up to 1155
    assert round(value(ws, "GPUs to finish within the deadline"), 1) == 1154.1
    assert value(ws, "GPUs to buy for the deadline (whole)") == 1155
    # §5: 1.2 × 175e9 × 4 bytes = 840 GB (fp32); at 2 bytes, half: 420 GB
    assert value(ws, "Inference memory, fp32 (4 bytes per parameter)") == pytest.approx(840)
    assert value(ws, "Inference memory, fp16 (2 bytes per parameter)") == pytest.approx(420)
    # §6: 20 bytes × 175e9 = 3500 GB; at least 44 cards of 80 GB
    assert value(ws, "Training memory, model states (20 bytes per parameter)") == pytest.approx(3500)
    assert value(ws, "GPUs to hold one copy of the model states") == 44
    # §9: one A100 at peak would need about 32 years
    assert round(value(ws, "The same in years")) == 32
    # §10: 500 GB over a 200 Gbit/s NIC ≈ 20 s; over NVLink 4 (450 GB/s) ≈ 1.1 s
    assert value(ws, "Tensor-parallel traffic time over the NIC") == pytest.approx(20)
    assert round(value(ws, "Tensor-parallel traffic time over NVLink"), 1) == 1.1


# Brown et al. 2020, Table 2.1: n_params as printed; Table D.1: total training FLOPs.
GPT3_TABLE_2_1 = {"Small": 125e6, "Medium": 350e6, "Large": 760e6, "XL": 1.3e9,
                  "2.7B": 2.7e9, "6.7B": 6.7e9, "13B": 13.0e9, "175B": 175.0e9}
GPT3_TABLE_D_1_FLOPS = {"Small": 2.25e20, "Medium": 6.41e20, "Large": 1.37e21, "XL": 2.38e21,
                        "2.7B": 4.77e21, "6.7B": 1.2e22, "13B": 2.31e22, "175B": 3.14e23}


def table(ws, label, first_header):
    """{column header: value} of a table row, the header row being the one above the
    first row whose label is ``first_header``."""
    rows = [c.row for c in ws["A"] if c.value == first_header]
    header_row = rows[-1] - 1
    r = next(c.row for c in ws["A"] if c.value == label and c.row > header_row)
    names = [c.value for c in ws[header_row]]
    return {n: v for n, v in zip(names[2:], [c.value for c in ws[r]][2:]) if n and v is not None}


def test_gpt3_family_estimates_are_near_the_published_counts(wb):
    ws = wb["GPT-3"]
    exact = table(ws, "Parameters, L·(12h²+13h)+V·h", "Layers L")
    published = table(ws, "Published parameters", "Layers L")
    flops = table(ws, "Training compute, 6·P·T, T as above", "Layers L")
    for size, count in GPT3_TABLE_2_1.items():
        assert published[size] == count, size  # the sheet shows the paper's figure
        # The article's formula leaves out the 2048 learned positions (h each) and the
        # paper rounds its counts: within 2.5 % for every size.
        assert exact[size] == pytest.approx(count, rel=0.025), size
        # 6·P·T at 300B tokens against the paper's Table D.1: within 2 %.
        assert flops[size] == pytest.approx(GPT3_TABLE_D_1_FLOPS[size], rel=0.02), size


# Touvron et al. 2023, Table 2 (published counts) and the article's 12·L·h² table.
LLAMA_PUBLISHED = {"7B": 6.7e9, "13B": 13.0e9, "33B": 32.5e9, "65B": 65.2e9}
ARTICLE_12LH2 = {"7B": 6.4, "13B": 12.6, "33B": 31.9, "65B": 64.4}  # B, the article's table
LLAMA_TABLE_15_HOURS = {"7B": 82432, "13B": 135168, "33B": 530432, "65B": 1022362}


def test_llama_sheet_against_the_paper(wb):
    ws = wb["LLaMA"]
    approx = table(ws, "Parameters, 12·L·h²", "Layers L")
    published = table(ws, "Published parameters", "Layers L")
    hours = table(ws, "GPU-hours", "Layers L")
    for size, count in LLAMA_PUBLISHED.items():
        assert round(approx[size] / 1e9, 1) == ARTICLE_12LH2[size], size
        assert published[size] == count, size
        assert approx[size] == pytest.approx(count, rel=0.04), size  # 12Lh² is 1-4 % low
    # GPU-hours at the article's 0.45 utilization against Table 15: the 65B run within 10 %.
    assert hours["65B"] == pytest.approx(LLAMA_TABLE_15_HOURS["65B"], rel=0.10)
    # §2.4: 380 tokens/s/GPU on 2048 GPUs → 1.4T tokens in about 21 days.
    assert value(ws, "Reported throughput") == 380
    assert round(value(ws, "Days implied by the reported throughput")) == 21
    # The estimate at u = 0.45 (6·P·T, 2048 A100-80GB at 312 TFLOP/s) is near the reported 21 days.
    assert value(ws, "Days estimated above for 65B") == pytest.approx(21, rel=0.08)
    # What 380 tokens/s means as utilization: 6 × 65.2e9 × 380 / 312e12 ≈ 0.48
    # (the reference data notes 47.8 % from the Table 15 GPU-hours).
    assert value(ws, "Utilization implied by the reported throughput") == pytest.approx(0.48, abs=0.01)
