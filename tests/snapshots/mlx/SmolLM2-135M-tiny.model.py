"""test"""
import mlx.core as mx
import mlx.nn as nn


# SmolLM2-135M (tiny): the sizes the code is built with
VOCAB = 256
HIDDEN = 64
HEADS = 4
KV_HEADS = 2
HEAD_DIM = 16
INTERMEDIATE = 128


def rope_tables(positions, dim, theta):
    """cos/sin of the rotary angles, [len(positions), dim // 2], computed in float64 on the CPU
    (MLX's GPU backends have no float64)."""
    with mx.stream(mx.cpu):
        inv_freq = 1.0 / theta ** (mx.arange(0, dim, 2, dtype=mx.float64) / dim)
        angles = positions.astype(mx.float64)[:, None] * inv_freq[None, :]
        return mx.cos(angles).astype(mx.float32), mx.sin(angles).astype(mx.float32)


def apply_rope(x, cos, sin):
    """Rotary embedding with the half-split pairing (d pairs with d + D/2)."""
    x1, x2 = mx.split(x, 2, axis=-1)
    return mx.concatenate([x1 * cos - x2 * sin, x2 * cos + x1 * sin], axis=-1)


class LlamaAttention(nn.Module):
    def __init__(self):
        super().__init__()
        self.q_proj = nn.Linear(HIDDEN, HEADS * HEAD_DIM, bias=False)
        self.k_proj = nn.Linear(HIDDEN, KV_HEADS * HEAD_DIM, bias=False)
        self.v_proj = nn.Linear(HIDDEN, KV_HEADS * HEAD_DIM, bias=False)
        self.o_proj = nn.Linear(HEADS * HEAD_DIM, HIDDEN, bias=False)

    def __call__(self, normed, cos, sin):
        q = self.q_proj(normed)
        k = self.k_proj(normed)
        v = self.v_proj(normed)
        q = q.reshape(*q.shape[:2], HEADS, HEAD_DIM)
        q = q.transpose(0, 2, 1, 3)
        q = apply_rope(q, cos, sin)
        k = k.reshape(*k.shape[:2], KV_HEADS, HEAD_DIM)
        k = k.transpose(0, 2, 1, 3)
        k = apply_rope(k, cos, sin)
        v = v.reshape(*v.shape[:2], KV_HEADS, HEAD_DIM)
        v = v.transpose(0, 2, 1, 3)
        out = mx.fast.scaled_dot_product_attention(q, k, v, scale=q.shape[-1] ** -0.5, mask="causal")
        out = out.transpose(0, 2, 1, 3)
        out = out.reshape(*out.shape[:2], HEADS * HEAD_DIM)
        out = self.o_proj(out)
        return out


class LlamaMLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.gate_proj = nn.Linear(HIDDEN, INTERMEDIATE, bias=False)
        self.up_proj = nn.Linear(HIDDEN, INTERMEDIATE, bias=False)
        self.down_proj = nn.Linear(INTERMEDIATE, HIDDEN, bias=False)

    def __call__(self, normed):
        gate = self.gate_proj(normed)
        up = self.up_proj(normed)
        gate = nn.silu(gate)
        h = gate * up
        out = self.down_proj(h)
        return out


class LlamaDecoderLayer(nn.Module):
    def __init__(self):
        super().__init__()
        self.input_layernorm = nn.RMSNorm(HIDDEN, eps=1e-05)
        self.post_attention_layernorm = nn.RMSNorm(HIDDEN, eps=1e-05)
        self.self_attn = LlamaAttention()
        self.mlp = LlamaMLP()

    def __call__(self, h, cos, sin):
        normed = self.input_layernorm(h)
        out = self.self_attn(normed, cos, sin)
        h = h + out
        normed = self.post_attention_layernorm(h)
        out = self.mlp(normed)
        h = h + out
        return h


class LlamaModel(nn.Module):
    def __init__(self):
        super().__init__()
        self.embed_tokens = nn.Embedding(VOCAB, HIDDEN)
        self.norm = nn.RMSNorm(HIDDEN, eps=1e-05)
        self.layers = [LlamaDecoderLayer() for _ in range(2)]

    def __call__(self, input_ids):
        h = self.embed_tokens(input_ids)
        positions = mx.arange(input_ids.shape[1])
        cos, sin = rope_tables(positions, HEAD_DIM, 100000.0)
        for layer in self.layers:
            h = layer(h, cos, sin)
        normed = self.norm(h)
        return normed


class LlamaForCausalLM(nn.Module):
    def __init__(self):
        super().__init__()
        self.model = LlamaModel()

    def __call__(self, input_ids):
        normed = self.model(input_ids)
        logits = normed @ self.model.embed_tokens.weight.T
        return logits


def loss_fn(logits, labels):
    loss = nn.losses.cross_entropy(logits, labels, reduction="mean")
    return loss
