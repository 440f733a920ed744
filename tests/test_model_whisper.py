"""Whisper-tiny from its graphs alone: sizes and HF checkpoint names of the full config, the
latency graph's layout, the sinusoidal position table and the inputs. (The tiny end-to-end
run is tests/test_models.py.)"""
from __future__ import annotations

import numpy as np
import pytest

import inferena.ir as ir
from inferena.ir.weights import init_param
from inferena.models import get_model

MODEL = get_model("Whisper-tiny")


@pytest.fixture(scope="module")
def graphs():
    return MODEL.graphs("full")


def hf_names(encoder_layers: int = 4, decoder_layers: int = 4) -> set[str]:
    """WhisperForConditionalGeneration's parameter names (proj_out is tied, so absent)."""
    def attn(prefix):
        return [f"{prefix}.{p}_proj.weight" for p in ("q", "k", "v", "out")] + \
               [f"{prefix}.{p}_proj.bias" for p in ("q", "v", "out")]        # k_proj has no bias

    def norm(prefix):
        return [f"{prefix}.weight", f"{prefix}.bias"]

    def ffn(prefix):
        return [f"{prefix}.{fc}.{w}" for fc in ("fc1", "fc2") for w in ("weight", "bias")] + \
               norm(f"{prefix}.final_layer_norm")

    names = [*norm("model.encoder.conv1"), *norm("model.encoder.conv2"), "model.encoder.embed_positions.weight",
             *norm("model.encoder.layer_norm"), "model.decoder.embed_tokens.weight",
             "model.decoder.embed_positions.weight", *norm("model.decoder.layer_norm")]
    for i in range(encoder_layers):
        layer = f"model.encoder.layers.{i}"
        names += [*attn(f"{layer}.self_attn"), *norm(f"{layer}.self_attn_layer_norm"), *ffn(layer)]
    for i in range(decoder_layers):
        layer = f"model.decoder.layers.{i}"
        names += [*attn(f"{layer}.self_attn"), *norm(f"{layer}.self_attn_layer_norm"),
                  *attn(f"{layer}.encoder_attn"), *norm(f"{layer}.encoder_attn_layer_norm"), *ffn(layer)]
    return set(names)


def test_full_config_size(graphs):
    full = graphs["full"]
    assert full.param_count() == 37_760_640          # transformers' WhisperForConditionalGeneration, tiny sizes
    assert len(full.params) == 167


def test_hf_names_and_layouts(graphs):
    params = graphs["full"].params
    assert set(params) == hf_names()
    shapes = {
        "model.encoder.conv1.weight": (384, 80, 3), "model.encoder.conv2.weight": (384, 384, 3),
        "model.encoder.embed_positions.weight": (1500, 384), "model.decoder.embed_tokens.weight": (51865, 384),
        "model.decoder.embed_positions.weight": (448, 384),
        "model.encoder.layers.0.fc1.weight": (1536, 384), "model.decoder.layers.3.fc2.weight": (384, 1536),
        "model.decoder.layers.2.encoder_attn.k_proj.weight": (384, 384),
    }
    for name, shape in shapes.items():
        assert params[name].type.shape == shape, name
    assert MODEL.tied == {"proj_out.weight": "model.decoder.embed_tokens.weight"}
    assert [n for n, p in params.items() if not p.trainable] == ["model.encoder.embed_positions.weight"]


def test_block_kinds(graphs):
    blocks = graphs["full"].blocks
    assert blocks["model"] == "WhisperModel" and blocks["model.encoder"] == "WhisperEncoder"
    assert blocks["model.encoder.layers.3"] == "WhisperEncoderLayer"
    assert blocks["model.decoder.layers.0"] == "WhisperDecoderLayer"
    assert {blocks[f"model.decoder.layers.0.{a}"] for a in ("self_attn", "encoder_attn")} == {
        "WhisperCausalSelfAttention", "WhisperCrossAttention"}


def test_latency_graph_is_one_decoder_step(graphs):
    full, latency = graphs["full"], graphs["latency"]
    assert {k: t.shape for k, t in latency.inputs.items()} == {
        "decoder_input_ids": (1, 1), "encoder_hidden_states": (1, 1500, 384)}
    assert set(latency.params) == {n for n in full.params if n.startswith("model.decoder.")}
    assert all(latency.params[n].type == full.params[n].type for n in latency.params)
    assert list(latency.outputs) == ["logits"] and latency.values[latency.outputs["logits"]].shape == (1, 1, 51865)


def test_sinusoid_table_matches_whisper():
    param = ir.Param("table", ir.TensorType((1500, 384), "f32"), {"kind": "sinusoids"})
    table = init_param(param)
    p, i = 1499, 5                                       # sin at channel i, cos at channel 192 + i
    rate = 10000.0 ** (-i / 191)
    assert table[p, i] == pytest.approx(np.sin(p * rate), abs=1e-6)
    assert table[p, 192 + i] == pytest.approx(np.cos(p * rate), abs=1e-6)
    assert np.array_equal(table[0, :192], np.zeros(192)) and np.array_equal(table[0, 192:], np.ones(192))


def test_inputs():
    full = MODEL.inputs("full", "full")
    assert full["input_features"].shape == (1, 80, 3000) and full["input_features"].dtype == np.float32
    assert full["input_features"][0, 1, 0] == pytest.approx(np.sin(3.0))      # j = 3000
    assert full["decoder_input_ids"].tolist() == [[50258, 50259, 50359, 50363]]
    assert full["labels"].tolist() == [[50259, 50359, 50363, 50257]]
    assert MODEL.inputs("full", "latency")["decoder_input_ids"].tolist() == [[50258]]
    tiny = MODEL.inputs("tiny", "full")
    assert tiny["decoder_input_ids"].max() < MODEL.config("tiny").vocab
