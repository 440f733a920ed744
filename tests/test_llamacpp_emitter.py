"""The llama.cpp row: tiny SmolLM2's weights exported to GGUF (q/k rows reordered for llama.cpp's
RoPE pairing) and run through llama-cpp-python; logits of every position PASS against the
reference, and the row says why it has no training."""
from __future__ import annotations

import importlib.util

import numpy as np
import pytest

from inferena.emitters import EMITTERS
from inferena.models import MODELS
from inferena.runner.execute import run_program
from inferena.runner.generate import generate


def test_written_for_llama_models_only():
    e = EMITTERS["llamacpp"]
    assert e.available(MODELS["SmolLM2-135M"])
    assert not any(e.available(MODELS[m]) for m in MODELS if m != "SmolLM2-135M")


def test_rotary_pairs_turn_half_split_into_interleaved():
    """The row permutation: a head's rows (i, i + D/2) become neighbours (2i, 2i+1)."""
    pytest.importorskip("gguf")
    from inferena.emitters.base import TEMPLATES
    src = (TEMPLATES / "llamacpp" / "main.py.j2").read_text()
    start, end = src.index("def rotary_pairs"), src.index("def export")
    ns: dict = {"np": np}
    exec(src[start:end], ns)
    w = np.arange(8)[:, None] * np.ones((1, 2))           # one head of D = 8: rows 0..7
    assert ns["rotary_pairs"](w, 1)[:, 0].tolist() == [0, 4, 1, 5, 2, 6, 3, 7]


@pytest.mark.skipif(importlib.util.find_spec("llama_cpp") is None,
                    reason="llama-cpp-python not installed (pip install 'inferena[llamacpp]')")
def test_tiny_smollm2_passes(tmp_path):
    model_dir = generate("SmolLM2-135M", "tiny", ["llamacpp"], tmp_path, log=lambda m: None)
    rec = run_program(model_dir, "llamacpp", warmup=0, repeat=1, timeout=600)
    assert rec.status == "PASS", f"{rec.status} {rec.reason}"
    assert rec.training_ms is None and "no training: llama.cpp" in rec.reason
    assert None not in (rec.inference_ms, rec.latency_ms, rec.build_s, rec.output_rel_l2)
