"""test"""
import torch
import torch.nn.functional as F
from torch import nn


# SmolLM2-135M (tiny): the sizes the code is built with
VOCAB = 256
HIDDEN = 64
HEADS = 4
KV_HEADS = 2
HEAD_DIM = 16
INTERMEDIATE = 128


def rope_tables(positions, dim, theta):
    """cos/sin of the rotary angles, [len(positions), dim // 2], computed in float64."""
    inv_freq = 1.0 / theta ** (torch.arange(0, dim, 2, dtype=torch.float64, device=positions.device) / dim)
    angles = positions.double()[:, None] * inv_freq[None, :]
    return angles.cos().float(), angles.sin().float()


def apply_rope(x, cos, sin):
    """Rotary embedding with the half-split pairing (d pairs with d + D/2)."""
    x1, x2 = x.chunk(2, dim=-1)
    return torch.cat((x1 * cos - x2 * sin, x2 * cos + x1 * sin), dim=-1)


class LlamaAttention(nn.Module):
    def __init__(self):
        super().__init__()
        self.q_proj = nn.Linear(HIDDEN, HEADS * HEAD_DIM, bias=False)
        self.k_proj = nn.Linear(HIDDEN, KV_HEADS * HEAD_DIM, bias=False)
        self.v_proj = nn.Linear(HIDDEN, KV_HEADS * HEAD_DIM, bias=False)
        self.o_proj = nn.Linear(HEADS * HEAD_DIM, HIDDEN, bias=False)

    def forward(self, normed, cos, sin):
        q = self.q_proj(normed)
        k = self.k_proj(normed)
        v = self.v_proj(normed)
        q = q.unflatten(-1, (HEADS, HEAD_DIM))
        q = q.transpose(1, 2)
        q = apply_rope(q, cos, sin)
        k = k.unflatten(-1, (KV_HEADS, HEAD_DIM))
        k = k.transpose(1, 2)
        k = apply_rope(k, cos, sin)
        v = v.unflatten(-1, (KV_HEADS, HEAD_DIM))
        v = v.transpose(1, 2)
        out = F.scaled_dot_product_attention(q, k, v, is_causal=True, enable_gqa=True)
        out = out.transpose(1, 2)
        out = out.flatten(-2)
        out = self.o_proj(out)
        return out


class LlamaMLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.gate_proj = nn.Linear(HIDDEN, INTERMEDIATE, bias=False)
        self.up_proj = nn.Linear(HIDDEN, INTERMEDIATE, bias=False)
        self.down_proj = nn.Linear(INTERMEDIATE, HIDDEN, bias=False)

    def forward(self, normed):
        gate = self.gate_proj(normed)
        up = self.up_proj(normed)
        gate = F.silu(gate)
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

    def forward(self, h, cos, sin):
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
        self.layers = nn.ModuleList(LlamaDecoderLayer() for _ in range(2))

    def forward(self, input_ids):
        h = self.embed_tokens(input_ids)
        positions = torch.arange(input_ids.shape[1], device=input_ids.device)
        cos, sin = rope_tables(positions, HEAD_DIM, 100000.0)
        for layer in self.layers:
            h = layer(h, cos, sin)
        normed = self.norm(h)
        return normed


class LlamaForCausalLM(nn.Module):
    def __init__(self):
        super().__init__()
        self.model = LlamaModel()

    def forward(self, input_ids):
        normed = self.model(input_ids)
        logits = F.linear(normed, self.model.embed_tokens.weight)
        return logits


def loss_fn(logits, labels):
    loss = F.cross_entropy(logits.flatten(0, -2), labels.flatten())
    return loss
