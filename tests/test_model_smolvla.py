"""SmolVLA action expert: checkpoint naming and size from the graph alone, the time embedding
against a direct float64 computation, alternating layer kinds, one class per block kind."""
from __future__ import annotations

import numpy as np
import pytest

import inferena.ir as ir
from inferena.emitters.structure import analyze
from inferena.models import get_model
from inferena.models.smolvla import CONFIGS, time_embedding

MODEL = get_model("SmolVLA")
EXPERT = "model.vlm_with_expert.lm_expert"


@pytest.fixture(scope="module")
def full():
    return MODEL.graphs("full")


def test_size_and_names_match_smolvla_base(full):
    params = full["full"].params
    assert len(params) == 153
    assert full["full"].param_count() == 99_849_312
    assert full["latency"].params.keys() == params.keys()
    assert params[f"{EXPERT}.layers.0.self_attn.k_proj.weight"].type.shape == (320, 720)    # self-attention
    assert params[f"{EXPERT}.layers.1.self_attn.k_proj.weight"].type.shape == (320, 320)    # cross-attention
    assert params[f"{EXPERT}.layers.15.self_attn.v_proj.weight"].type.shape == (320, 320)
    assert params[f"{EXPERT}.layers.7.self_attn.q_proj.weight"].type.shape == (960, 720)
    assert params[f"{EXPERT}.layers.7.mlp.down_proj.weight"].type.shape == (720, 2048)
    assert params["model.action_time_mlp_in.weight"].type.shape == (720, 1440)
    assert params["model.action_out_proj.bias"].type.shape == (32,)
    assert {n for n in params if not n.startswith(f"{EXPERT}.layers.")} == {
        f"{EXPERT}.norm.weight", *(f"model.{p}.{t}" for p in ("action_in_proj", "action_time_mlp_in",
                                                              "action_time_mlp_out", "action_out_proj")
                                   for t in ("weight", "bias"))}
    assert not any(n.endswith("bias") for n in params if n.startswith(EXPERT))


def test_inputs_follow_the_spec(full):
    x = MODEL.inputs("full", "full")
    assert x["noisy_actions"].shape == (1, 50, 32) and x["prefix_keys"].shape == (16, 1, 16, 320)
    assert x["timestep"].tolist() == [0.5]
    j = np.arange(16 * 16 * 320)
    np.testing.assert_allclose(x["prefix_values"].ravel(), np.sin(0.007 * j), atol=1e-7)
    np.testing.assert_allclose(x["target"].ravel(), np.cos(0.02 * np.arange(1600)), atol=1e-7)
    latency = MODEL.inputs("full", "latency")
    assert latency["noisy_actions"].shape == (1, 1, 32) and "target" not in latency
    assert {k: t.shape for k, t in full["latency"].inputs.items()} == {k: v.shape for k, v in latency.items()}


@pytest.mark.parametrize("config", ["full", "tiny"])
@pytest.mark.parametrize("t", [0.5, 0.0, 0.999])
def test_time_embedding_is_the_float64_table(config, t):
    """sin/cos of 2π·t/period_i, period_i = 0.004·(4/0.004)^(i/(n-1)), built in float64 in
    the graph, then rounded to float32 once (as LeRobot does)."""
    c = CONFIGS[config]
    b = ir.Builder(ir.Graph("time"))
    emb = time_embedding(b, b.input("timestep", (1,)), c)
    table = next(n for n in b.graph.nodes if n.op == "concat")            # before the cast to f32
    assert b.graph.values[table.outputs[0]].dtype == "f64" and emb.dtype == "f32"
    b.output("table", b.value(table.outputs[0]))
    b.output("emb", emb)
    got = ir.run(b.graph, {"timestep": np.array([t], np.float32)}, np.float64)
    n = c.hidden // 2
    period = 0.004 * (4.0 / 0.004) ** (np.arange(n, dtype=np.float64) / (n - 1))
    angle = 2 * np.pi * np.float64(np.float32(t)) / period
    want = np.concatenate([np.sin(angle), np.cos(angle)])
    assert got["emb"].shape == (1, 1, c.hidden)
    np.testing.assert_allclose(got["table"][0, 0], want, rtol=0, atol=1e-12)
    np.testing.assert_allclose(got["emb"][0, 0], want.astype(np.float32), rtol=0, atol=1e-7)


def test_layers_alternate_and_every_kind_is_one_class(full):
    blocks = full["full"].blocks
    kinds = [blocks[f"{EXPERT}.layers.{i}"] for i in range(16)]
    assert kinds == ["SelfAttentionLayer", "CrossAttentionLayer"] * 8
    program = analyze(full)
    assert set(program.blocks) == {"SmolVLAPolicy", "VLAFlowMatching", "SmolVLMWithExpertModel", "ActionExpert",
                                   "SelfAttentionLayer", "CrossAttentionLayer", "ExpertSelfAttention",
                                   "ExpertCrossAttention", "ExpertMLP"}
    assert program.roots == {"full": "SmolVLAPolicy", "latency": "SmolVLAPolicy"}   # chunk length in no attribute
    loops = [s for s in program.blocks["ActionExpert"].stmts if s.kind == "loop"]
    assert len(loops) == 1 and loops[0].child_kinds == kinds      # one loop, zipped with the per-layer prefix


def test_self_attention_mask_sees_the_prefix_and_earlier_actions(full):
    masks = [n for n in full["full"].nodes if n.op == "causal_mask"]
    assert len(masks) == 8 and all(n.attrs["offset"] == 16 for n in masks)
    cross = [n for n in full["full"].nodes if n.op == "attention" and ".layers.1." in n.block]
    assert len(cross) == 1 and len(cross[0].inputs) == 3          # no mask in cross-attention
