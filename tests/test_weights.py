"""Weights: seeded init is deterministic and healthy; real checkpoints (HF names, bf16,
tied embeddings) load exactly, and bad ones fail with a message naming the tensor."""
from __future__ import annotations

import json
import struct

import numpy as np
import pytest

import inferena.ir as ir
from inferena.models import get_model

MODEL = get_model("SmolLM2-135M")


def tiny_graph():
    return MODEL.graphs("tiny")["full"]


def to_bf16_bytes(arr: np.ndarray) -> bytes:
    """Round-to-nearest-even f32 -> bf16, as torch does."""
    bits = arr.astype(np.float32).view(np.uint32)
    rounded = (bits + 0x7FFF + ((bits >> 16) & 1)) >> 16
    return rounded.astype(np.uint16).tobytes()


def from_bf16_bytes(data: bytes, shape) -> np.ndarray:
    return (np.frombuffer(data, np.uint16).astype(np.uint32) << 16).view(np.float32).reshape(shape)


def write_bf16_checkpoint(path, tensors: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Write tensors as a bf16 safetensors file (the format, byte by byte, as HF writes
    bf16 checkpoints); returns the exact values stored."""
    header, blobs, offset = {}, [], 0
    for name, arr in tensors.items():
        data = to_bf16_bytes(arr)
        header[name] = {"dtype": "BF16", "shape": list(arr.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    head = json.dumps(header).encode()
    head += b" " * (-len(head) % 8)
    path.write_bytes(struct.pack("<Q", len(head)) + head + b"".join(blobs))
    return {k: from_bf16_bytes(d, v.shape) for d, (k, v) in zip(blobs, tensors.items())}


def test_seeded_init_is_deterministic_and_follows_the_rules():
    g = tiny_graph()
    a, b = ir.init_params(g), ir.init_params(g)
    assert all(np.array_equal(a[k], b[k]) for k in a)
    assert np.all(a["model.norm.weight"] == 1.0)
    w = a["model.layers.0.self_attn.q_proj.weight"]
    assert w.dtype == np.float32 and abs(w.std() - 0.02) < 0.003
    assert not np.array_equal(a["model.layers.0.self_attn.q_proj.weight"], a["model.layers.1.self_attn.q_proj.weight"])
    # the seed comes from the name alone: a stable value, same on every machine
    assert ir.weights.seed_of("model.norm.weight") == ir.weights.seed_of("model.norm.weight")
    assert float(a["model.embed_tokens.weight"][0, 0]) == pytest.approx(
        float(ir.weights.init_param(g.params["model.embed_tokens.weight"])[0, 0]))


def test_bf16_checkpoint_with_tied_head_and_buffers_loads_exactly(tmp_path):
    g = tiny_graph()
    values = {k: v + 0.01 for k, v in ir.init_params(g).items()}
    extra = {"lm_head.weight": values["model.embed_tokens.weight"],
             "model.rotary_emb.inv_freq": np.ones(8, np.float32)}
    stored = write_bf16_checkpoint(tmp_path / "model.safetensors", {**values, **extra})
    loaded = ir.load_checkpoint(g, tmp_path / "model.safetensors", MODEL.checkpoint_ignore, MODEL.tied)
    assert set(loaded) == set(g.params)
    for k in g.params:
        assert loaded[k].dtype == np.float32
        np.testing.assert_array_equal(loaded[k], stored[k])
    assert not np.array_equal(loaded["model.norm.weight"], values["model.norm.weight"])   # really bf16


@pytest.mark.parametrize("change, message", [
    (lambda t: t.pop("model.norm.weight"), "missing 1 parameter(s) of LlamaForCausalLM: model.norm.weight"),
    (lambda t: t.update({"model.norm.weight": np.ones(3, np.float32)}), "model.norm.weight has shape [3]"),
    (lambda t: t.update({"model.extra.weight": np.ones(3, np.float32)}), "model.extra.weight [3] is not a parameter"),
    (lambda t: t.update({"lm_head.weight": np.zeros((256, 64), np.float32)}), "should be tied"),
])
def test_bad_checkpoints_name_the_tensor(tmp_path, change, message):
    g = tiny_graph()
    tensors = ir.init_params(g)
    change(tensors)
    ir.save_tensors(tmp_path / "bad.safetensors", tensors)
    with pytest.raises(ir.IRError, match=message.replace("[", r"\[").replace("]", r"\]").replace("(", r"\(").replace(")", r"\)")):
        ir.load_checkpoint(g, tmp_path / "bad.safetensors", MODEL.checkpoint_ignore, MODEL.tied)


def test_unreadable_checkpoint(tmp_path):
    (tmp_path / "x.safetensors").write_bytes(b"not a safetensors file")
    with pytest.raises(ir.IRError, match="cannot read safetensors"):
        ir.load_checkpoint(tiny_graph(), tmp_path / "x.safetensors")


def test_transformers_checkpoint_matches_transformers_logits(tmp_path):
    """A checkpoint saved by transformers itself (bf16) loads by HF name, and the IR's
    reference gives the logits transformers computes from the same bf16 weights."""
    torch = pytest.importorskip("torch")
    transformers = pytest.importorskip("transformers")
    c = MODEL.config("tiny")
    config = transformers.LlamaConfig(
        vocab_size=c.vocab, hidden_size=c.hidden, intermediate_size=c.intermediate,
        num_hidden_layers=c.layers, num_attention_heads=c.heads, num_key_value_heads=c.kv_heads,
        head_dim=c.head_dim, rms_norm_eps=c.eps, tie_word_embeddings=True,
        rope_parameters={"rope_type": "default", "rope_theta": c.rope_theta})
    torch.manual_seed(0)
    hf = transformers.LlamaForCausalLM(config).to(torch.bfloat16)
    hf.save_pretrained(tmp_path)
    g = tiny_graph()
    weights = ir.load_checkpoint(g, tmp_path, MODEL.checkpoint_ignore, MODEL.tied)
    ids = MODEL.inputs("tiny", "full")
    ours = ir.run(g, {**weights, **ids})["logits"]
    with torch.no_grad():
        theirs = hf.float()(input_ids=torch.from_numpy(ids["input_ids"])).logits.double().numpy()
    assert np.linalg.norm(ours - theirs) / np.linalg.norm(theirs) < 1e-5
