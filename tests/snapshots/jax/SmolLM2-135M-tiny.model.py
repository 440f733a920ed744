"""test"""
import jax
import jax.numpy as jnp
import numpy as np


# SmolLM2-135M (tiny): the sizes the code is built with
HEADS = 4
KV_HEADS = 2
HEAD_DIM = 16


def rope_tables(positions, dim, theta):
    """cos/sin of the rotary angles, [len(positions), dim // 2]."""
    inv_freq = 1.0 / theta ** (np.arange(0, dim, 2) / dim)
    angles = positions[:, None] * inv_freq[None, :].astype(np.float32)
    return jnp.cos(angles), jnp.sin(angles)


def apply_rope(x, cos, sin):
    """Rotary embedding with the half-split pairing (d pairs with d + D/2)."""
    x1, x2 = jnp.split(x, 2, axis=-1)
    return jnp.concatenate([x1 * cos - x2 * sin, x2 * cos + x1 * sin], axis=-1)


def rms_norm(x, weight, eps):
    return x * jax.lax.rsqrt(jnp.mean(x * x, axis=-1, keepdims=True) + eps) * weight


def dot_product_attention(q, k, v, mask=None, *, scale=None, is_causal=False):
    """jax.nn.dot_product_attention on [batch, heads, seq, head_dim] tensors (it takes
    [batch, seq, heads, head_dim]); fewer key/value heads than query heads is grouped-query
    attention. The scale defaults to 1/sqrt(head_dim)."""
    q, k, v = (x.swapaxes(1, 2) for x in (q, k, v))
    out = jax.nn.dot_product_attention(q, k, v, mask=mask, scale=scale, is_causal=is_causal)
    return out.swapaxes(1, 2)


def cross_entropy(logits, labels):
    """Mean negative log-likelihood of integer labels over every position."""
    log_probs = jax.nn.log_softmax(logits, axis=-1)
    return -jnp.take_along_axis(log_probs, labels[..., None], axis=-1).mean()


def llama_attention(p, normed, cos, sin):
    q = normed @ p["q_proj"]["weight"].T
    k = normed @ p["k_proj"]["weight"].T
    v = normed @ p["v_proj"]["weight"].T
    q = q.reshape(*q.shape[:2], HEADS, HEAD_DIM)
    q = q.transpose(0, 2, 1, 3)
    q = apply_rope(q, cos, sin)
    k = k.reshape(*k.shape[:2], KV_HEADS, HEAD_DIM)
    k = k.transpose(0, 2, 1, 3)
    k = apply_rope(k, cos, sin)
    v = v.reshape(*v.shape[:2], KV_HEADS, HEAD_DIM)
    v = v.transpose(0, 2, 1, 3)
    out = dot_product_attention(q, k, v, is_causal=True)
    out = out.transpose(0, 2, 1, 3)
    out = out.reshape(*out.shape[:2], HEADS * HEAD_DIM)
    out = out @ p["o_proj"]["weight"].T
    return out


def llama_mlp(p, normed):
    gate = normed @ p["gate_proj"]["weight"].T
    up = normed @ p["up_proj"]["weight"].T
    gate = jax.nn.silu(gate)
    h = gate * up
    out = h @ p["down_proj"]["weight"].T
    return out


def llama_decoder_layer(p, h, cos, sin):
    normed = rms_norm(h, p["input_layernorm"]["weight"], eps=1e-05)
    out = llama_attention(p["self_attn"], normed, cos, sin)
    h = h + out
    normed = rms_norm(h, p["post_attention_layernorm"]["weight"], eps=1e-05)
    out = llama_mlp(p["mlp"], normed)
    h = h + out
    return h


def llama_model(p, input_ids):
    h = p["embed_tokens"]["weight"][input_ids]
    positions = jnp.arange(input_ids.shape[1])
    cos, sin = rope_tables(positions, HEAD_DIM, 100000.0)

    def step(h, layer):
        return llama_decoder_layer(layer, h, cos, sin), None
    h, _ = jax.lax.scan(step, h, p["layers"])
    normed = rms_norm(h, p["norm"]["weight"], eps=1e-05)
    return normed


def llama_for_causal_lm(params, input_ids):
    normed = llama_model(params["model"], input_ids)
    logits = normed @ params["model"]["embed_tokens"]["weight"].T
    return logits


def loss_fn(logits, labels):
    loss = cross_entropy(logits, labels)
    return loss
