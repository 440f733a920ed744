"""Attention: positions, RoPE (half-split pairing), causal mask, scaled dot-product attention."""
from __future__ import annotations

import numpy as np

from ..registry import expect, register
from ..types import TensorType
from .common import const
from .linalg import swap_last


def _positions_infer(x, *, axis, offset):
    expect(-x.rank <= axis < x.rank, f"axis {axis} out of range for {x}")
    return TensorType((x.shape[axis],), "i64")


register("positions", inputs="like", attrs={"axis": int, "offset": 0}, infer=_positions_infer,
         ref=lambda x, *, axis, offset: np.arange(x.shape[axis], dtype=np.int64) + offset)


def _rope_tables_infer(positions, *, dim, theta):
    expect(positions.rank == 1 and positions.dtype == "i64", f"positions must be i64[S], got {positions}")
    expect(dim % 2 == 0, f"rotary dim {dim} must be even")
    t = TensorType((positions.shape[0], dim // 2), "f32")
    return t, t


def _rope_tables_ref(positions, *, dim, theta):
    inv_freq = 1.0 / theta ** (np.arange(0, dim, 2, dtype=np.float64) / dim)
    angles = positions.astype(np.float64)[:, None] * inv_freq[None, :]
    return np.cos(angles), np.sin(angles)


register("rope_tables", inputs="positions", attrs={"dim": int, "theta": float},
         infer=_rope_tables_infer, ref=_rope_tables_ref)


def _rope_infer(x, cos, sin):
    expect(x.rank >= 2 and x.shape[-1] % 2 == 0, f"rope needs [..., S, D] with even D, got {x}")
    want = (x.shape[-2], x.shape[-1] // 2)
    expect(cos.shape == want and sin.shape == want, f"cos/sin must be {list(want)}, got {cos} and {sin}")
    return x


def _rope_ref(x, cos, sin):
    x1, x2 = np.split(x, 2, axis=-1)
    return np.concatenate([x1 * cos - x2 * sin, x2 * cos + x1 * sin], axis=-1)


def _rope_decompose(b, x, cos, sin):
    half = x.shape[-1] // 2
    x1, x2 = b.split(x, axis=-1, sizes=(half, half))
    return b.concat(b.sub(b.mul(x1, cos), b.mul(x2, sin)),
                    b.add(b.mul(x2, cos), b.mul(x1, sin)), axis=-1)


register("rope", inputs="x cos sin", infer=_rope_infer, ref=_rope_ref, decompose=_rope_decompose)


def _causal_ref(q, k, *, offset=0):
    """True where query i may attend key j: j <= i + offset (offset 0: top-left aligned)."""
    return np.tril(np.ones((q.shape[-2], k.shape[-2]), dtype=bool), offset)


def _causal_infer(q, k, *, offset):
    expect(q.rank >= 2 and k.rank >= 2, f"causal_mask needs [..., S, D] and [..., T, D], got {q} and {k}")
    return TensorType((q.shape[-2], k.shape[-2]), "bool")


register("causal_mask", inputs="q k", attrs={"offset": 0}, infer=_causal_infer, ref=_causal_ref)


def _attention_infer(q, k, v, mask=None, *, causal, scale):
    expect(q.rank == 4 and k.rank == 4 and v.rank == 4, f"q, k, v must be [B, H, S, D]: {q}, {k}, {v}")
    (bq, hq, s, d), (bk, hk, t, dk), (bv, hv, tv, dv) = q.shape, k.shape, v.shape
    expect(bq == bk == bv and hk == hv and t == tv and d == dk,
           f"q {list(q.shape)}, k {list(k.shape)}, v {list(v.shape)} do not fit together")
    expect(hq % hk == 0, f"{hq} query heads are not a multiple of {hk} key/value heads")
    if mask is not None:
        expect(mask.dtype == "bool", f"mask must be bool, got {mask}")
        ok = len(mask.shape) <= 4 and all(m in (1, f) for m, f in zip(mask.shape[::-1], (t, s, hq, bq)))
        expect(ok, f"mask {list(mask.shape)} does not broadcast to {[bq, hq, s, t]}")
    return TensorType((bq, hq, s, dv), q.dtype)


def _attention_ref(q, k, v, mask=None, *, causal, scale):
    group = q.shape[1] // k.shape[1]
    k, v = np.repeat(k, group, axis=1), np.repeat(v, group, axis=1)
    scores = q @ np.swapaxes(k, -1, -2) * scale
    allowed = np.ones(scores.shape[-2:], bool) if mask is None else mask
    if causal:
        allowed = allowed & _causal_ref(q, k)
    scores = np.where(allowed, scores, -np.inf)
    p = np.exp(scores - scores.max(axis=-1, keepdims=True))
    return (p / p.sum(axis=-1, keepdims=True)) @ v


def _attention_decompose(b, q, k, v, mask=None, *, causal, scale):
    bs, hq, s, d = q.shape
    hk, t, dv = k.shape[1], k.shape[2], v.shape[3]
    group = hq // hk
    q5 = b.reshape(q, shape=(bs, hk, group, s, d))      # query head h uses kv head h // group
    k5 = b.reshape(k, shape=(bs, hk, 1, t, d))
    v5 = b.reshape(v, shape=(bs, hk, 1, t, dv))
    scores = b.matmul(q5, swap_last(b, k5))
    scores = b.mul(scores, const(b, scale, scores))
    neg_inf = const(b, -np.inf, scores)
    if mask is not None:
        full = b.broadcast_to(mask, shape=(bs, hq, s, t))
        scores = b.where(b.reshape(full, shape=(bs, hk, group, s, t)), scores, neg_inf)
    if causal:
        scores = b.where(b.causal_mask(q5, k5), scores, neg_inf)
    out = b.matmul(b.softmax(scores, axis=-1), v5)
    return b.reshape(out, shape=(bs, hq, s, dv))


register("attention", inputs="q k v mask?", attrs={"causal": False, "scale": float},
         infer=_attention_infer, ref=_attention_ref, decompose=_attention_decompose)
