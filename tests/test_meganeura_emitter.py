"""Meganeura's emitter: what it cannot express is an error naming the op and why (the row
says it, never a simplified model), and a machine without Vulkan gives a SKIPPED row naming
`make vulkan`. The whole-model checks (tiny SmolLM2 through the runner: outputs, loss, every
gradient; clippy) are test_rust_crates', parametrized over the cargo emitters."""
from __future__ import annotations

import re
import shutil

import pytest

from inferena.emitters import Context, render
from inferena.ir import Builder, Graph, IRError
from inferena.models import MODELS
from inferena.runner.execute import run_program
from inferena.runner.generate import generate


def test_smollm2_heads_are_a_layout():
    files = render("meganeura", MODELS["SmolLM2-135M"].graphs("tiny"), Context(None, "tiny", "test"))
    model = files["src/model.rs"]
    assert re.search(r"g\.causal_attention\([^)]*,\s*4,\s*2,\s*16,?\s*\)", model)     # GQA: 4 heads, 2 kv heads
    assert "g.rope(" in model and "g.transpose(" not in model and "g.reshape(" not in model
    assert "g.cross_entropy_loss(" in model


def test_full_smollm2_is_one_function_per_block_kind_and_a_loop():
    """As Meganeura's own model builders are written: a function per block kind reading its
    parameters under its path, a loop over the layers; the variants (full, latency) share the
    functions whose code is the same, and main.rs has no per-variant or per-parameter code."""
    files = render("meganeura", MODELS["SmolLM2-135M"].graphs("full"), Context(None, "full", "test"))
    model, main = files["src/model.rs"], files["src/main.rs"]
    assert model.count("fn llama_decoder_layer(g: &mut Graph, p: &str, h: NodeId) -> NodeId") == 1
    assert "for i in 0..30 {" in model and 'llama_decoder_layer(g, &format!("{p}.layers.{i}"), ' in model
    assert '"{p}.self_attn.q_proj' not in model                  # the attention reads its own
    assert 'linear(g, &format!("{p}.q_proj"), normed, [576, 576], false)' in model
    assert 'shared_parameter(g, "model.embed_tokens.weight"' in model                 # tied to the lm head
    assert len(model.splitlines()) < 200 and len(main.splitlines()) < 200
    assert "model.layers" not in main and "build_full" not in main


@pytest.mark.parametrize("name", ["SmolLM2-135M", "StableDiffusion", "ResNet-50", "Whisper-tiny"])
def test_the_models_it_expresses(name):
    files = render("meganeura", MODELS[name].graphs("tiny"), Context(None, "tiny", "test"))
    assert "build_full" in files["src/model.rs"] and "build_latency" in files["src/model.rs"]


def test_resnet_trains_through_the_irs_backward_graph():
    """Meganeura's MaxPool2d backward is approximate (and its MulPerChannel has none): ResNet-50
    trains through the IR's backward graph written as forward Meganeura ops, the record says
    so, and the max-pool gradient goes to each window's first maximum (a composed helper)."""
    files = render("meganeura", MODELS["ResNet-50"].graphs("tiny"), Context(None, "tiny", "test"))
    model, main = files["src/model.rs"], files["src/main.rs"]
    assert '"autodiff": "ir"' in main and "open(&model::TRAINING, Mode::Inference)" in main
    assert "Mode::Training" not in main and '"not_measured"' not in main
    assert "pub fn build_training(" in model and "max_pool_2d_backward(g, " in model
    assert "g.conv2d_grad_input(" in model and "g.conv2d_grad_weight(" in model
    assert re.search(r'\("loss", &\[\]\),\s*\("grad.conv1.weight", &\[64, 3, 7, 7\]\)', model)


def test_whisper_has_exact_gelu_and_trainable_cross_attention():
    model = render("meganeura", MODELS["Whisper-tiny"].graphs("tiny"), Context(None, "tiny", "test"))["src/model.rs"]
    assert "fn gelu_erf(" in model and "gelu_erf(g, " in model and "g.gelu(" not in model
    assert re.search(r"g\.multi_head_attn\([^)]*,\s*true,?\s*\)", model) and "g.cross_attention(" not in model


def test_the_timestep_embedding_is_built_in_the_graph():
    """sin and cos composed from Meganeura's ops (range reduction and a Taylor series), arange its
    exclusive cumulative sum of ones: nothing of the model is computed outside its graph."""
    for name in ("StableDiffusion-1.5", "SmolVLA"):
        model = render("meganeura", MODELS[name].graphs("tiny"), Context(None, "tiny", "test"))["src/model.rs"]
        assert "fn sin_cos(" in model and "g.exclusive_cumsum(" in model, name
        assert 'g.input("timestep"' in model, name


def test_smolvla_attends_over_prefix_and_actions_causally():
    """Keys after a prefix, a causal mask aligned to the last key: Meganeura's causal attention of
    the queries after as many zero rows; the keys and values placed by one-hot matmuls (its concat
    loses the attention's dV)."""
    model = render("meganeura", MODELS["SmolVLA"].graphs("tiny"), Context(None, "tiny", "test"))["src/model.rs"]
    assert "one_hot_rows(g, " in model and "g.rope_with_offset(" in model
    assert re.search(r"g\.causal_attention\(", model) and re.search(r"g\.split_b\(out", model)


@pytest.mark.skipif(shutil.which("cargo") is None, reason="cargo is not installed")
def test_attention_one_head_at_a_time_passes(tmp_path, monkeypatch):
    """Full-size SD 1.5's head dim 40 is not a power of two, which Meganeura's attention kernels
    need: attention_by_heads (matmuls, softmax) takes it. Forced on tiny SmolLM2 (causal,
    grouped-query heads), it passes with Meganeura's own autodiff."""
    from inferena.emitters import meganeura
    monkeypatch.setattr(meganeura, "_FORCE_HEADS", True)
    model_dir = generate("SmolLM2-135M", "tiny", ["meganeura"], tmp_path, log=lambda m: None)
    assert "attention_by_heads(g, " in (model_dir / "meganeura" / "src" / "model.rs").read_text()
    rec = run_program(model_dir, "meganeura", warmup=0, repeat=1, timeout=1800)
    if rec.status == "SKIPPED":
        pytest.skip(rec.reason)
    assert rec.status == "PASS" and rec.training_ms is not None, f"{rec.status} {rec.reason}"


def test_an_op_it_lacks_names_the_op():
    g = Graph("M")
    b = Builder(g)
    b.output("y", b.erf(b.input("x", (2, 3))))
    with pytest.raises(IRError, match="meganeura cannot express erf"):
        render("meganeura", {"full": g, "latency": g}, Context(None, "tiny", "test"))


@pytest.mark.skipif(shutil.which("cargo") is None, reason="cargo is not installed")
def test_without_vulkan_the_row_is_skipped_naming_make_vulkan(tmp_path, monkeypatch):
    model_dir = generate("SmolLM2-135M", "tiny", ["meganeura"], tmp_path, log=lambda m: None)
    monkeypatch.setenv("VK_ICD_FILENAMES", str(tmp_path / "no-driver.json"))
    rec = run_program(model_dir, "meganeura", warmup=0, repeat=1, timeout=1800)
    assert rec.status == "SKIPPED" and "make vulkan" in rec.reason, f"{rec.status} {rec.reason}"
