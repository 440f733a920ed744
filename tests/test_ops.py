"""Per-op tests of the IR: every registered op's NumPy reference against an independent
formulation, its shape inference, its decomposition, and its gradient against finite
differences.

The case table (CASES) is the single place to add tests for a new op; test_coverage fails,
naming the op, for any op in ir.OPS without a forward case, or (unless it is in NO_GRAD)
without a gradient case.
"""
from __future__ import annotations

import dataclasses
import itertools
import math
import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pytest

import inferena.ir as ir

# Ops that have no gradient: integer/bool outputs, constants, or ops only used in backward
# graphs. They get forward cases only.
NO_GRAD = {"positions", "rope_tables", "causal_mask", "one_hot", "embedding_grad", "const",
           "max", "greater", "arange", "conv2d_backward_input",
           "conv2d_backward_weight", "max_pool2d_backward"}

RTOL = 1e-10          # reference vs independent formula, decomposition vs op
FD_STEP = 1e-6        # central finite differences, float64
FD_RTOL = 1e-6

rng = np.random.default_rng(20240611)


def randn(*shape):
    return rng.standard_normal(shape)


def positive(*shape):
    return rng.uniform(0.5, 2.0, shape)


def away_from_zero(*shape):
    return rng.uniform(0.5, 2.0, shape) * rng.choice([-1.0, 1.0], shape)


def ints(*values):
    return np.array(values, dtype=np.int64)


@dataclass
class Case:
    op: str
    inputs: tuple
    attrs: dict
    expected: Any                     # array, or tuple of arrays for multi-output ops
    id: str
    grad: bool = False                # also a gradient (finite-difference) case
    dtypes: tuple | None = None       # nominal IR dtypes of the inputs (default: f32/i64/bool)
    grad_outputs: tuple | None = None  # which outputs feed the loss (default: all)
    frozen: tuple = ()                # inputs that are non-trainable parameters (no gradient)
    nominal: tuple = field(init=False)

    def __post_init__(self):
        self.nominal = self.dtypes or tuple(nominal_dtype(a) for a in self.inputs)


def nominal_dtype(a: np.ndarray) -> str:
    return {"f": "f32", "i": "i64", "b": "bool"}[np.asarray(a).dtype.kind]


CASES: list[Case] = []


def case(op, inputs, attrs, expected, id, **kw):
    CASES.append(Case(op, tuple(inputs), attrs, expected, f"{op}-{id}", **kw))


# --- independent formulations -----------------------------------------------------------

def loop_elementwise(fn, *arrays, dtype=np.float64):
    """fn applied element by element, with broadcasting done by hand (index clamping)."""
    arrays = [np.asarray(a) for a in arrays]
    rank = max(a.ndim for a in arrays)
    padded = [a.reshape((1,) * (rank - a.ndim) + a.shape) for a in arrays]
    shape = tuple(max(p.shape[d] for p in padded) for d in range(rank))
    out = np.empty(shape, dtype)
    for idx in itertools.product(*(range(n) for n in shape)):
        out[idx] = fn(*(p[tuple(i if n > 1 else 0 for i, n in zip(idx, p.shape))]
                        for p in padded))
    return out


def loop_reduce(fn, x, axes, keepdims):
    """fn(list of values) over the reduced axes, by explicit index loops."""
    red = sorted({a % x.ndim for a in axes})
    kept = [d for d in range(x.ndim) if d not in red]
    out = np.empty(tuple(x.shape[d] for d in kept))
    for oidx in itertools.product(*(range(x.shape[d]) for d in kept)):
        vals = []
        for ridx in itertools.product(*(range(x.shape[d]) for d in red)):
            full = [0] * x.ndim
            for d, i in zip(kept, oidx):
                full[d] = i
            for d, i in zip(red, ridx):
                full[d] = i
            vals.append(float(x[tuple(full)]))
        out[oidx] = fn(vals)
    if keepdims:
        out = out.reshape(tuple(1 if d in red else x.shape[d] for d in range(x.ndim)))
    return out


def loop_softmax(x, axis):
    y = np.moveaxis(x, axis, -1).copy()
    for idx in itertools.product(*(range(n) for n in y.shape[:-1])):
        row = [math.exp(v) for v in y[idx]]
        total = math.fsum(row)
        y[idx] = [r / total for r in row]
    return np.moveaxis(y, -1, axis)


def sigmoid_scalar(v):
    return 1.0 / (1.0 + math.exp(-v))


def loop_attention(q, k, v, mask, causal, scale):
    """Scaled dot-product attention, one query row at a time; query head h reads kv head
    h // (Hq / Hk). Causal masking is top-left aligned (query i sees keys j <= i), as in
    torch's scaled_dot_product_attention(is_causal=True)."""
    bsz, hq, s, d = q.shape
    hk, t, dv = k.shape[1], k.shape[2], v.shape[3]
    group = hq // hk
    m = None if mask is None else mask.reshape((1,) * (4 - mask.ndim) + mask.shape)
    out = np.zeros((bsz, hq, s, dv))
    for b, h, i in itertools.product(range(bsz), range(hq), range(s)):
        kh = h // group
        scores, keys = [], []
        for j in range(t):
            ok = causal is False or j <= i
            if m is not None:
                ok = ok and bool(m[tuple(ix if n > 1 else 0 for ix, n in
                                         zip((b, h, i, j), m.shape))])
            if ok:
                scores.append(scale * math.fsum(q[b, h, i, e] * k[b, kh, j, e] for e in range(d)))
                keys.append(j)
        top = max(scores)
        w = [math.exp(sc - top) for sc in scores]
        total = math.fsum(w)
        for wj, j in zip(w, keys):
            out[b, h, i] += wj / total * v[b, kh, j]
    return out


def complex_rope(x, cos, sin):
    """RoPE as a complex rotation of (x[:half], x[half:]) pairs by angle atan2(sin, cos)."""
    half = x.shape[-1] // 2
    z = (x[..., :half] + 1j * x[..., half:]) * (cos + 1j * sin)
    return np.concatenate([z.real, z.imag], axis=-1)


def rope_tables_loops(positions, dim, theta):
    cos = np.empty((len(positions), dim // 2))
    sin = np.empty_like(cos)
    for p, pos in enumerate(positions):
        for i in range(dim // 2):
            angle = float(pos) * math.pow(theta, -2.0 * i / dim)
            cos[p, i], sin[p, i] = math.cos(angle), math.sin(angle)
    return cos, sin


# --- elementwise binaries (broadcasting both ways, plain and scalar) ---------------------

_BINARY = {"add": lambda a, b: a + b, "sub": lambda a, b: a - b,
           "mul": lambda a, b: a * b, "div": lambda a, b: a / b}
for _op, _fn in _BINARY.items():
    _rhs = away_from_zero if _op == "div" else randn
    for _id, (_sa, _sb) in {"same": ((2, 3), (2, 3)), "rhs-bcast": ((2, 3, 4), (3, 1)),
                            "lhs-bcast": ((4,), (2, 3, 4)), "both-bcast": ((3, 1), (2, 1, 4)),
                            "scalar": ((2, 3), ())}.items():
        _a, _b = randn(*_sa), _rhs(*_sb)
        case(_op, [_a, _b], {}, loop_elementwise(_fn, _a, _b), _id, grad=True)
_ia, _ib = ints(1, 2, 3), ints(10, 20, 30)
case("add", [_ia, _ib], {}, ints(11, 22, 33), "i64")
case("mul", [ints(2, -3), ints(4, 5)], {}, ints(8, -15), "i64")

# --- unaries ------------------------------------------------------------------------------

_x = randn(2, 3)
case("neg", [_x], {}, loop_elementwise(lambda v: 0.0 - v, _x), "2d", grad=True)
_x = randn(2, 3, 2)
case("exp", [_x], {}, loop_elementwise(math.exp, _x), "3d", grad=True)
_x = positive(3, 4)
case("log", [_x], {}, loop_elementwise(math.log, _x), "pos", grad=True)
case("log", [np.array([1.0, math.e, math.e ** 2])], {}, np.array([0.0, 1.0, 2.0]), "hand")
_x = positive(3, 4)
case("sqrt", [_x], {}, loop_elementwise(lambda v: math.exp(0.5 * math.log(v)), _x), "pos",
     grad=True)
case("sqrt", [np.array([4.0, 9.0, 0.25])], {}, np.array([2.0, 3.0, 0.5]), "hand")
_x = positive(3, 4)
case("rsqrt", [_x], {}, loop_elementwise(lambda v: math.pow(v, -0.5), _x), "pos", grad=True)
case("rsqrt", [np.array([4.0, 0.25])], {}, np.array([0.5, 2.0]), "hand")
_x = randn(2, 5)
case("tanh", [_x], {}, loop_elementwise(
    lambda v: (1.0 - math.exp(-2.0 * v)) / (1.0 + math.exp(-2.0 * v)), _x), "2d", grad=True)
_x = positive(2, 3)
case("pow", [_x], {"exponent": 2.5}, loop_elementwise(lambda v: math.exp(2.5 * math.log(v)), _x),
     "frac", grad=True)
_x = randn(2, 3)
case("pow", [_x], {"exponent": 3.0}, loop_elementwise(lambda v: v * v * v, _x), "cube",
     grad=True)
_x = positive(4)
case("pow", [_x], {"exponent": -1.5}, loop_elementwise(lambda v: 1.0 / (v * math.sqrt(v)), _x),
     "neg-exp", grad=True)
case("pow", [positive(3)], {"exponent": 2}, None, "int-exponent")   # int accepted for float attr
CASES[-1].expected = CASES[-1].inputs[0] * CASES[-1].inputs[0]

# --- where, cast, const, zeros_like -----------------------------------------------------

_c, _a, _b = rng.random((3, 1)) < 0.5, randn(2, 3, 4), randn(4)
_c[0, 0], _c[1, 0] = True, False
case("where", [_c, _a, _b], {}, loop_elementwise(lambda c, a, b: a if c else b, _c, _a, _b),
     "bcast", grad=True)
_c, _a, _b = rng.random((2, 3)) < 0.5, randn(), randn(2, 3)
_c[0, 0], _c[0, 1] = True, False
case("where", [_c, _a, _b], {}, loop_elementwise(lambda c, a, b: a if c else b, _c, _a, _b),
     "scalar-a", grad=True)
case("where", [np.array([True, False, True]), ints(1, 2, 3), ints(7, 8, 9)], {}, ints(1, 8, 3),
     "i64")

_x = randn(2, 3)
case("cast", [_x], {"dtype": "f64"}, _x.copy(), "f32-to-f64", grad=True)
_x = randn(2, 3)
case("cast", [_x], {"dtype": "f32"}, loop_elementwise(np.float32, _x, dtype=np.float32),
     "f64-to-f32", dtypes=("f64",))
_x = np.array([-2.7, -0.5, 0.0, 0.9, 3.99])
case("cast", [_x], {"dtype": "i64"}, ints(-2, 0, 0, 0, 3), "f32-to-i64")
case("cast", [ints(-1, 0, 5)], {"dtype": "f32"}, np.array([-1.0, 0.0, 5.0]), "i64-to-f32")
case("cast", [ints(0, 2, 0)], {"dtype": "bool"}, np.array([False, True, False]), "i64-to-bool")

case("const", [], {"value": -math.inf}, np.array(-math.inf), "neg-inf")
case("const", [], {"value": 2.5, "dtype": "f64"}, np.array(2.5), "f64")
case("const", [], {"value": 3.0, "dtype": "i64"}, np.array(3, np.int64), "i64")

case("zeros_like", [randn(2, 3)], {}, np.zeros((2, 3)), "f32", grad=True)   # zero gradient
case("zeros_like", [ints(4, 5, 6)], {}, ints(0, 0, 0), "i64")

# --- activations ----------------------------------------------------------------------

_x = randn(3, 4) * 3
case("sigmoid", [_x], {}, loop_elementwise(sigmoid_scalar, _x), "2d", grad=True)
case("sigmoid", [np.array([0.0, 800.0, -800.0])], {}, np.array([0.5, 1.0, 0.0]), "saturates")
_x = randn(3, 4) * 2
case("silu", [_x], {}, loop_elementwise(lambda v: v * sigmoid_scalar(v), _x), "2d", grad=True)
for _axis in (-1, 0, 1):
    _x = randn(2, 3, 4)
    case("softmax", [_x], {"axis": _axis}, loop_softmax(_x, _axis), f"axis{_axis}", grad=True)
case("softmax", [np.array([1000.0, 1000.0])], {}, np.array([0.5, 0.5]), "large")

# --- reductions -----------------------------------------------------------------------

for _kd in (False, True):
    _x = randn(2, 3, 4)
    case("sum", [_x], {"axes": (0, 2), "keepdims": _kd}, loop_reduce(math.fsum, _x, (0, 2), _kd),
         f"axes02-keep{_kd}", grad=True)
    _x = randn(2, 3, 4)
    case("sum", [_x], {"axes": (-1,), "keepdims": _kd}, loop_reduce(math.fsum, _x, (-1,), _kd),
         f"last-keep{_kd}", grad=True)
    _x = randn(2, 3, 4)
    case("mean", [_x], {"axes": (1,), "keepdims": _kd},
         loop_reduce(lambda v: math.fsum(v) / len(v), _x, (1,), _kd), f"axis1-keep{_kd}", grad=True)
    _x = randn(2, 3, 4)
    case("mean", [_x], {"axes": (0, 1, 2), "keepdims": _kd},
         loop_reduce(lambda v: math.fsum(v) / len(v), _x, (0, 1, 2), _kd), f"all-keep{_kd}",
         grad=True)
    _x = randn(2, 3, 4)
    case("max", [_x], {"axes": (1,), "keepdims": _kd}, loop_reduce(max, _x, (1,), _kd),
         f"axis1-keep{_kd}")
_x = randn(2, 3)
case("sum", [_x], {"axes": (0, 1)}, np.array(np.einsum("ij->", _x)), "einsum-all", grad=True)
case("max", [np.array([[1.0, -5.0, 3.0], [-2.0, -1.0, -7.0]])], {"axes": (-1,)},
     np.array([3.0, -1.0]), "hand")

_x = randn(2, 3, 4)
case("sum_to", [_x], {"shape": (3, 1)}, np.einsum("ijk->j", _x).reshape(3, 1), "lead+inner",
     grad=True)
_x = randn(2, 1, 4)
case("sum_to", [_x], {"shape": (1, 4)}, np.einsum("ijk->k", _x).reshape(1, 4), "lead",
     grad=True)
_x = randn(3, 4)
case("sum_to", [_x], {"shape": ()}, np.array(np.einsum("ij->", _x)), "scalar", grad=True)
_x = randn(3, 4)
case("sum_to", [_x], {"shape": (3, 4)}, _x.copy(), "identity", grad=True)

# --- shape ops ------------------------------------------------------------------------

_x = randn(3, 1)
case("broadcast_to", [_x], {"shape": (2, 3, 4)}, np.tile(_x, (2, 1, 4)), "3d", grad=True)
_x = randn()
case("broadcast_to", [_x], {"shape": (2, 2)}, np.full((2, 2), float(_x)), "scalar", grad=True)

_x = randn(2, 3, 4)
_flat = np.array([_x[i, j, k] for i in range(2) for j in range(3) for k in range(4)])
case("reshape", [_x], {"shape": (0, -1)}, _flat.reshape(2, 12), "keep-infer", grad=True)
case("reshape", [_x], {"shape": (0, 0, 2, -1)}, _flat.reshape(2, 3, 2, 2), "keep2", grad=True)
case("reshape", [_x], {"shape": (4, 0, -1)}, _flat.reshape(4, 3, 2), "keep-middle", grad=True)
case("reshape", [_x], {"shape": (-1,)}, _flat.copy(), "flatten", grad=True)

_x = randn(2, 3, 4)
case("transpose", [_x], {"perm": (2, 0, 1)}, np.einsum("ijk->kij", _x), "3d", grad=True)
_x = randn(3, 5)
case("transpose", [_x], {"perm": (1, 0)}, np.einsum("ij->ji", _x), "2d", grad=True)

_x = randn(2, 4, 3)
case("split", [_x], {"axis": 1, "sizes": (1, 2, 1)}, (_x[:, 0:1], _x[:, 1:3], _x[:, 3:4]),
     "three", grad=True)
_x = randn(2, 5)
case("split", [_x], {"axis": -1, "sizes": (3, 2)}, (_x[:, :3], _x[:, 3:]), "neg-axis",
     grad=True, grad_outputs=(1,))       # first part unused: its cotangent is zeros
_x = randn(3, 2)
case("split", [_x], {"axis": 0, "sizes": (3,)}, (_x.copy(),), "single", grad=True)


def _concat_expected(xs, axis):
    xs = [np.moveaxis(x, axis, 0) for x in xs]
    out = np.empty((sum(x.shape[0] for x in xs),) + xs[0].shape[1:])
    at = 0
    for x in xs:
        for row in x:
            out[at] = row
            at += 1
    return np.moveaxis(out, 0, axis)


_xs = [randn(2, 1, 3), randn(2, 3, 3), randn(2, 2, 3)]
case("concat", _xs, {"axis": 1}, _concat_expected(_xs, 1), "three", grad=True)
_xs = [randn(2, 2), randn(2, 3)]
case("concat", _xs, {"axis": -1}, _concat_expected(_xs, -1), "neg-axis", grad=True)
_xs = [randn(2, 2)]
case("concat", _xs, {"axis": 0}, _xs[0].copy(), "single", grad=True)
case("concat", [ints(1, 2), ints(3)], {"axis": 0}, ints(1, 2, 3), "i64")

# --- linear algebra -------------------------------------------------------------------

_a, _b = randn(2, 3, 4), randn(4, 5)
case("matmul", [_a, _b], {}, np.einsum("bij,jk->bik", _a, _b), "batched-2d", grad=True)
_a, _b = randn(2, 1, 3, 4), randn(3, 4, 2)
case("matmul", [_a, _b], {}, np.einsum("aij,bjk->abik", _a[:, 0], _b), "bcast-batch",
     grad=True)
_a, _b = randn(3, 4), randn(2, 4, 2)
case("matmul", [_a, _b], {}, np.einsum("ij,bjk->bik", _a, _b), "2d-batched", grad=True)

_x, _w, _bias = randn(2, 3, 4), randn(5, 4), randn(5)
case("linear", [_x, _w, _bias], {}, np.einsum("bsi,oi->bso", _x, _w) + _bias[None, None, :],
     "3d-bias", grad=True)
_x, _w = randn(2, 3, 4), randn(5, 4)
case("linear", [_x, _w], {}, np.einsum("bsi,oi->bso", _x, _w), "3d-nobias", grad=True)
_x, _w, _bias = randn(3, 4), randn(2, 4), randn(2)
case("linear", [_x, _w, _bias], {}, np.einsum("si,oi->so", _x, _w) + _bias, "2d-bias",
     grad=True)

_ids, _w = ints(1, 4, 1, 0, 4, 4).reshape(2, 3), randn(6, 3)
case("embedding", [_ids, _w], {},
     np.stack([_w[i] for i in _ids.ravel().tolist()]).reshape(2, 3, 3), "repeated", grad=True)

_g, _ids = randn(2, 3, 4), ints(1, 4, 1, 0, 4, 4).reshape(2, 3)
_eg = np.zeros((6, 4))
for _i, _j in itertools.product(range(2), range(3)):
    _eg[_ids[_i, _j]] += _g[_i, _j]
case("embedding_grad", [_g, _ids], {"num": 6}, _eg, "repeated")

# --- norms, positions, rope, masks, attention ------------------------------------------

_x, _w = randn(2, 3, 8), randn(8)
case("rmsnorm", [_x, _w], {"eps": 1e-5},
     _x * _w / np.sqrt(np.linalg.norm(_x, axis=-1, keepdims=True) ** 2 / 8 + 1e-5), "3d",
     grad=True)

case("positions", [randn(2, 5, 3)], {"axis": 1, "offset": 3}, ints(3, 4, 5, 6, 7), "offset")
case("positions", [ints(0, 0, 0, 0).reshape(1, 4)], {"axis": -1}, ints(0, 1, 2, 3), "i64-like")

_p = ints(0, 1, 2, 7)
case("rope_tables", [_p], {"dim": 6, "theta": 10000.0}, rope_tables_loops([0, 1, 2, 7], 6, 1e4),
     "dim6")
case("rope_tables", [ints(0, 1)], {"dim": 2, "theta": 10.0},
     (np.array([[1.0], [math.cos(1.0)]]), np.array([[0.0], [math.sin(1.0)]])), "hand")

_x = randn(1, 2, 3, 4)
_cos, _sin = ir.spec("rope_tables").ref(ints(2, 3, 4), dim=4, theta=100.0)
case("rope", [_x, _cos, _sin], {}, complex_rope(_x, _cos, _sin), "tables", grad=True)
_x, _ang = randn(2, 5, 6), rng.uniform(-3, 3, (5, 3))
case("rope", [_x, np.cos(_ang), np.sin(_ang)], {}, complex_rope(_x, np.cos(_ang), np.sin(_ang)),
     "3d", grad=True)

_m = np.array([[i >= j for j in range(5)] for i in range(3)])
case("causal_mask", [randn(2, 3, 4), randn(2, 5, 4)], {}, _m, "3x5")
case("causal_mask", [randn(4, 2), randn(4, 2)], {}, np.array([[1, 0, 0, 0], [1, 1, 0, 0], [1, 1, 1, 0],
                                                              [1, 1, 1, 1]], bool), "4x4")
case("causal_mask", [randn(1, 2, 3, 4), randn(1, 2, 5, 4)], {"offset": 2},
     np.array([[j <= i + 2 for j in range(5)] for i in range(3)]), "prefix-offset")


def _attention_case(id, q, k, v, mask=None, *, causal, scale=None, grad=True):
    scale = 1.0 / math.sqrt(q.shape[-1]) if scale is None else scale
    inputs = [q, k, v] + ([] if mask is None else [mask])
    case("attention", inputs, {"causal": causal, "scale": scale},
         loop_attention(q, k, v, mask, causal, scale), id, grad=grad)


# causal, grouped-query (6 query heads, 2 kv heads), key length 5 != query length 3
_attention_case("causal-gqa", randn(1, 6, 3, 4), randn(1, 2, 5, 4), randn(1, 2, 5, 3),
                causal=True)
# explicit [B, 1, S, T] bool mask, multi-query (4 heads, 1 kv head), S=4 > T=3
_mask = rng.random((2, 1, 4, 3)) < 0.6
_mask[..., 0] = True                      # every query row keeps at least one key
_attention_case("mask-mqa", randn(2, 4, 4, 2), randn(2, 1, 3, 2), randn(2, 1, 3, 2), _mask,
                causal=False)
# a mask per query head [B, H, S, T], grouped-query (4 query heads, 2 kv heads)
_mask = rng.random((2, 4, 3, 3)) < 0.6
_mask[..., 0] = True
_attention_case("head-mask-gqa", randn(2, 4, 3, 2), randn(2, 2, 3, 2), randn(2, 2, 3, 2), _mask,
                causal=False)
# [S, T] mask combined with causal, plain multi-head
_mask = rng.random((4, 4)) < 0.6
_mask[:, 0] = True
_attention_case("mask+causal", randn(1, 2, 4, 3), randn(1, 2, 4, 3), randn(1, 2, 4, 3), _mask,
                causal=True, scale=0.7)
# no mask, not causal, T != S
_attention_case("full", randn(2, 2, 2, 3), randn(2, 2, 3, 3), randn(2, 2, 3, 2), causal=False)
# causal with S > T: top-left aligned, the extra query rows see every key
_attention_case("causal-s>t", randn(1, 1, 4, 2), randn(1, 1, 2, 2), randn(1, 1, 2, 2),
                causal=True)

# --- losses ---------------------------------------------------------------------------


def _ce_expected(logits, labels):
    losses = []
    for idx in itertools.product(*(range(n) for n in labels.shape)):
        row = logits[idx]
        lse = math.log(math.fsum(math.exp(v) for v in row))
        losses.append(lse - row[labels[idx]])
    return np.array(math.fsum(losses) / len(losses))


_lg, _lb = randn(2, 3, 5) * 2, rng.integers(0, 5, (2, 3))
case("cross_entropy", [_lg, _lb], {}, _ce_expected(_lg, _lb), "3d", grad=True)
_lg, _lb = randn(4, 3), ints(0, 2, 2, 1)
case("cross_entropy", [_lg, _lb], {}, _ce_expected(_lg, _lb), "2d", grad=True)
case("cross_entropy", [np.zeros((2, 4)), ints(1, 3)], {}, np.array(math.log(4.0)), "uniform")

_lb = ints(0, 4, 2, 2, 1, 3).reshape(2, 3)
_oh = np.zeros((2, 3, 5))
for _i, _j in itertools.product(range(2), range(3)):
    _oh[_i, _j, _lb[_i, _j]] = 1.0
case("one_hot", [_lb], {"depth": 5}, _oh, "2d")

# --- sin, cos, erf, greater --------------------------------------------------------------

_x = randn(2, 3) * 2
case("sin", [_x], {}, loop_elementwise(math.sin, _x), "2d", grad=True)
_x = randn(3, 2) * 2
case("cos", [_x], {}, loop_elementwise(math.cos, _x), "2d", grad=True)
_x = randn(2, 4) * 1.5
case("erf", [_x], {}, loop_elementwise(math.erf, _x), "2d", grad=True)
case("erf", [np.array([0.0, 0.5, -0.5, 3.0, -7.0, 30.0])], {},
     np.array([0.0, math.erf(0.5), -math.erf(0.5), 1.0 - math.erfc(3.0), -1.0, 1.0]), "hand")
_a, _b = randn(2, 3), randn(3)
_a[0, 1] = _b[1]                                          # equal is not greater
case("greater", [_a, _b], {}, loop_elementwise(lambda u, v: u > v, _a, _b, dtype=bool), "bcast")
case("greater", [randn(2, 2), np.array(0.0)], {}, None, "scalar")
CASES[-1].expected = CASES[-1].inputs[0] > 0
case("greater", [ints(1, 5, 3), ints(2, 2, 3)], {}, np.array([False, True, False]), "i64")

# --- activations: gelu (exact and tanh), relu ----------------------------------------------

_x = randn(3, 4) * 2
case("gelu", [_x], {}, loop_elementwise(lambda v: v * 0.5 * math.erfc(-v / math.sqrt(2.0)), _x),
     "exact", grad=True)
_x = randn(2, 5) * 2
case("gelu", [_x], {"approximate": "tanh"}, loop_elementwise(
    lambda v: 0.5 * v * (1.0 + math.tanh(math.sqrt(2.0 / math.pi) * (v + 0.044715 * v ** 3))), _x),
    "tanh", grad=True)
_x = away_from_zero(3, 4)                 # away from the kink, for finite differences
case("relu", [_x], {}, loop_elementwise(lambda v: v if v > 0 else 0.0, _x), "2d", grad=True)
case("relu", [np.array([-1.0, 0.0, 2.5])], {}, np.array([0.0, 0.0, 2.5]), "hand")

# --- convolutions ----------------------------------------------------------------------------


def loop_conv2d(x, w, bias=None, stride=(1, 1), padding=(0, 0), dilation=(1, 1), groups=1):
    """Direct convolution: every output element as an explicit sum over its window."""
    n, _, h, wd = x.shape
    o, cg, kh, kw = w.shape
    ho = (h + 2 * padding[0] - dilation[0] * (kh - 1) - 1) // stride[0] + 1
    wo = (wd + 2 * padding[1] - dilation[1] * (kw - 1) - 1) // stride[1] + 1
    out = np.zeros((n, o, ho, wo))
    for b, oc, y, xx in itertools.product(range(n), range(o), range(ho), range(wo)):
        g = oc // (o // groups)
        terms = [0.0 if bias is None else float(bias[oc])]
        for ci, i, j in itertools.product(range(cg), range(kh), range(kw)):
            r = y * stride[0] + i * dilation[0] - padding[0]
            c = xx * stride[1] + j * dilation[1] - padding[1]
            if 0 <= r < h and 0 <= c < wd:
                terms.append(x[b, g * cg + ci, r, c] * w[oc, ci, i, j])
        out[b, oc, y, xx] = math.fsum(terms)
    return out


def _conv_taps(x_shape, w_shape, g_shape, stride, padding, dilation, groups):
    """(sample, out channel, out y, out x, in channel, kernel i, kernel j, in row, in col) of
    every multiply in a convolution that lands inside the (unpadded) input."""
    o, cg, kh, kw = w_shape
    for b, oc, y, xx in itertools.product(*(range(d) for d in g_shape)):
        g = oc // (o // groups)
        for ci, i, j in itertools.product(range(cg), range(kh), range(kw)):
            r = y * stride[0] + i * dilation[0] - padding[0]
            c = xx * stride[1] + j * dilation[1] - padding[1]
            if 0 <= r < x_shape[2] and 0 <= c < x_shape[3]:
                yield b, oc, y, xx, g * cg + ci, ci, i, j, r, c


def loop_conv2d_grad_input(g, w, input_size, stride=(1, 1), padding=(0, 0), dilation=(1, 1),
                           groups=1):
    """d(sum(conv(x) * g)) / dx, by scattering every multiply's contribution."""
    shape = (g.shape[0], w.shape[1] * groups) + tuple(input_size)
    out = np.zeros(shape)
    for b, oc, y, xx, cin, ci, i, j, r, c in _conv_taps(shape, w.shape, g.shape, stride, padding,
                                                        dilation, groups):
        out[b, cin, r, c] += w[oc, ci, i, j] * g[b, oc, y, xx]
    return out


def loop_conv2d_grad_weight(x, g, kernel, stride=(1, 1), padding=(0, 0), dilation=(1, 1),
                            groups=1):
    w_shape = (g.shape[1], x.shape[1] // groups) + tuple(kernel)
    out = np.zeros(w_shape)
    for b, oc, y, xx, cin, ci, i, j, r, c in _conv_taps(x.shape, w_shape, g.shape, stride, padding,
                                                        dilation, groups):
        out[oc, ci, i, j] += x[b, cin, r, c] * g[b, oc, y, xx]
    return out


def _conv_case(id, x, w, bias=None, grad=True, **attrs):
    inputs = [x, w] + ([] if bias is None else [bias])
    case("conv2d", inputs, attrs, loop_conv2d(x, w, bias, **attrs), id, grad=grad)


_conv_case("3x3-pad1-bias", randn(2, 3, 5, 5), randn(4, 3, 3, 3), randn(4), padding=(1, 1))
_conv_case("stride2-nobias", randn(1, 2, 7, 6), randn(3, 2, 3, 3), stride=(2, 2), padding=(1, 1))
_conv_case("groups-dilation", randn(2, 4, 6, 7), randn(6, 2, 3, 2), randn(6), stride=(2, 1),
           padding=(2, 1), dilation=(2, 3), groups=2)
_conv_case("1x1", randn(2, 6, 3, 4), randn(5, 6, 1, 1), randn(5))
_conv_case("7x7-stride2-pad3", randn(1, 3, 9, 9), randn(2, 3, 7, 7), stride=(2, 2),
           padding=(3, 3), grad=False)
_conv_case("depthwise", randn(1, 3, 4, 5), randn(3, 1, 3, 3), padding=(1, 1), groups=3)

_w = randn(3, 2, 3, 3)
_g = randn(1, 3, 4, 3)                       # the conv output of a 7x6 (or 8x6) input, stride 2
for _size in ((7, 6), (8, 6)):
    _at = {"stride": (2, 2), "padding": (1, 1)}
    case("conv2d_backward_input", [_g, _w], {"input_size": _size, **_at},
         loop_conv2d_grad_input(_g, _w, _size, **_at), f"stride2-{_size[0]}x{_size[1]}")
_w, _g = randn(6, 2, 3, 2), randn(2, 6, 3, 6)
_at = {"stride": (2, 1), "padding": (2, 1), "dilation": (2, 3), "groups": 2}
case("conv2d_backward_input", [_g, _w], {"input_size": (6, 7), **_at},
     loop_conv2d_grad_input(_g, _w, (6, 7), **_at), "groups-dilation")

_x, _g = randn(1, 2, 7, 6), randn(1, 3, 4, 3)
_at = {"stride": (2, 2), "padding": (1, 1)}
case("conv2d_backward_weight", [_x, _g], {"kernel": (3, 3), **_at},
     loop_conv2d_grad_weight(_x, _g, (3, 3), **_at), "stride2")
_x, _g = randn(2, 4, 6, 7), randn(2, 6, 3, 6)
_at = {"stride": (2, 1), "padding": (2, 1), "dilation": (2, 3), "groups": 2}
case("conv2d_backward_weight", [_x, _g], {"kernel": (3, 2), **_at},
     loop_conv2d_grad_weight(_x, _g, (3, 2), **_at), "groups-dilation")


def loop_conv1d(x, w, bias=None, stride=1, padding=0, dilation=1, groups=1):
    n, _, length = x.shape
    o, cg, k = w.shape
    lo = (length + 2 * padding - dilation * (k - 1) - 1) // stride + 1
    out = np.zeros((n, o, lo))
    for b, oc, t in itertools.product(range(n), range(o), range(lo)):
        g = oc // (o // groups)
        terms = [0.0 if bias is None else float(bias[oc])]
        for ci, j in itertools.product(range(cg), range(k)):
            p = t * stride + j * dilation - padding
            if 0 <= p < length:
                terms.append(x[b, g * cg + ci, p] * w[oc, ci, j])
        out[b, oc, t] = math.fsum(terms)
    return out


_x, _w, _bias = randn(1, 3, 8), randn(4, 3, 3), randn(4)
case("conv1d", [_x, _w, _bias], {"padding": 1}, loop_conv1d(_x, _w, _bias, padding=1), "k3-pad1",
     grad=True)
_x, _w = randn(2, 4, 9), randn(6, 2, 3)
_at = {"stride": 2, "padding": 1, "dilation": 2, "groups": 2}
case("conv1d", [_x, _w], _at, loop_conv1d(_x, _w, **_at), "stride2-groups-dilation", grad=True)

# --- normalisations ----------------------------------------------------------------------------


def loop_group_norm(x, w, bias, groups, eps):
    out = np.empty(x.shape)
    cg = x.shape[1] // groups
    for n, g in itertools.product(range(x.shape[0]), range(groups)):
        vals = [float(v) for v in x[n, g * cg:(g + 1) * cg].ravel()]
        mean = math.fsum(vals) / len(vals)
        var = math.fsum((v - mean) ** 2 for v in vals) / len(vals)
        for c in range(g * cg, (g + 1) * cg):
            out[n, c] = (x[n, c] - mean) / math.sqrt(var + eps) * w[c] + bias[c]
    return out


def loop_layer_norm(x, w, bias, eps):
    out = np.empty(x.shape)
    for idx in itertools.product(*(range(n) for n in x.shape[:-1])):
        row = [float(v) for v in x[idx]]
        mean = math.fsum(row) / len(row)
        var = math.fsum((v - mean) ** 2 for v in row) / len(row)
        out[idx] = [(v - mean) / math.sqrt(var + eps) * w[d] + (0.0 if bias is None else bias[d])
                    for d, v in enumerate(row)]
    return out


_x, _w, _bias = randn(2, 6, 3, 3) * 2 + 1, randn(6), randn(6)
case("group_norm", [_x, _w, _bias], {"groups": 3, "eps": 1e-5},
     loop_group_norm(_x, _w, _bias, 3, 1e-5), "4d", grad=True)
_x, _w, _bias = randn(2, 4, 5), randn(4), randn(4)
case("group_norm", [_x, _w, _bias], {"groups": 2, "eps": 0.5},
     loop_group_norm(_x, _w, _bias, 2, 0.5), "3d-big-eps", grad=True)
_x, _w, _bias = randn(3, 4), randn(4), randn(4)
case("group_norm", [_x, _w, _bias], {"groups": 4, "eps": 1e-6},
     loop_group_norm(_x, _w, _bias, 4, 1e-6), "2d-one-per-group")

_x, _w, _bias = randn(2, 3, 5) * 3 - 1, randn(5), randn(5)
case("layer_norm", [_x, _w, _bias], {"eps": 1e-5}, loop_layer_norm(_x, _w, _bias, 1e-5), "3d-bias",
     grad=True)
_x, _w = randn(4, 6), randn(6)
case("layer_norm", [_x, _w], {"eps": 0.1}, loop_layer_norm(_x, _w, None, 0.1), "2d-nobias",
     grad=True)


def loop_batch_norm(x, w, bias, mean, var, eps):
    out = np.empty(x.shape)
    for idx in itertools.product(*(range(n) for n in x.shape)):
        c = idx[1]
        out[idx] = (x[idx] - mean[c]) / math.sqrt(var[c] + eps) * w[c] + bias[c]
    return out


_bn = [randn(2, 3, 4, 4), randn(3), randn(3), randn(3), positive(3)]
case("batch_norm", _bn, {"eps": 1e-5}, loop_batch_norm(*_bn, 1e-5), "4d", grad=True,
     frozen=(3, 4))               # running statistics are buffers: no gradient
_bn = [randn(4, 3), randn(3), randn(3), randn(3), positive(3)]
case("batch_norm", _bn, {"eps": 0.25}, loop_batch_norm(*_bn, 0.25), "2d", grad=True, frozen=(3, 4))

# --- pooling and upsampling --------------------------------------------------------------------


def _pool_windows(x, kernel, stride, padding):
    """Per output position: the in-image (row, col) positions of its window, row-major."""
    h, w = x.shape[2:]
    ho = (h + 2 * padding[0] - kernel[0]) // stride[0] + 1
    wo = (w + 2 * padding[1] - kernel[1]) // stride[1] + 1
    for y, xx in itertools.product(range(ho), range(wo)):
        yield y, xx, [(y * stride[0] + i - padding[0], xx * stride[1] + j - padding[1])
                      for i in range(kernel[0]) for j in range(kernel[1])
                      if 0 <= y * stride[0] + i - padding[0] < h
                      and 0 <= xx * stride[1] + j - padding[1] < w]


def loop_max_pool(x, kernel=(3, 3), stride=(2, 2), padding=(1, 1)):
    ho = (x.shape[2] + 2 * padding[0] - kernel[0]) // stride[0] + 1
    wo = (x.shape[3] + 2 * padding[1] - kernel[1]) // stride[1] + 1
    out = np.empty(x.shape[:2] + (ho, wo))
    for n, c in itertools.product(range(x.shape[0]), range(x.shape[1])):
        for y, xx, where in _pool_windows(x, kernel, stride, padding):
            out[n, c, y, xx] = max(x[n, c, r, q] for r, q in where)
    return out


def loop_max_pool_grad(g, x, kernel=(3, 3), stride=(2, 2), padding=(1, 1)):
    out = np.zeros(x.shape)
    for n, c in itertools.product(range(x.shape[0]), range(x.shape[1])):
        for y, xx, where in _pool_windows(x, kernel, stride, padding):
            best = where[0]
            for r, q in where[1:]:
                if x[n, c, r, q] > x[n, c, best[0], best[1]]:    # first maximum wins
                    best = (r, q)
            out[n, c, best[0], best[1]] += g[n, c, y, xx]
    return out


_x = randn(2, 3, 7, 6)
case("max_pool2d", [_x], {}, loop_max_pool(_x), "3x3-s2-p1", grad=True)
_x = randn(1, 2, 4, 6)
_at = {"kernel": (2, 2), "stride": (2, 2), "padding": (0, 0)}
case("max_pool2d", [_x], _at, loop_max_pool(_x, **_at), "2x2-s2", grad=True)
_x = randn(1, 2, 5, 6)
_at = {"kernel": (3, 2), "stride": (1, 2), "padding": (1, 0)}
case("max_pool2d", [_x], _at, loop_max_pool(_x, **_at), "3x2-s12-p10", grad=True)
_x = -positive(1, 1, 3, 3)                   # all negative: the -inf padding must never win
case("max_pool2d", [_x], {}, loop_max_pool(_x), "negative")

_x, _g = randn(2, 3, 7, 6), randn(2, 3, 4, 3)
case("max_pool2d_backward", [_g, _x], {}, loop_max_pool_grad(_g, _x), "3x3-s2-p1")
_x = np.array([[[[1.0, 3.0, 3.0, 0.0], [3.0, 2.0, 3.0, 1.0], [0.0, 0.0, 5.0, 5.0]]]])
_g = randn(1, 1, 2, 2)
case("max_pool2d_backward", [_g, _x], {}, loop_max_pool_grad(_g, _x), "ties-first-wins")
_x, _g = randn(1, 2, 5, 6), randn(1, 2, 5, 3)
_at = {"kernel": (3, 2), "stride": (1, 2), "padding": (1, 0)}
case("max_pool2d_backward", [_g, _x], _at, loop_max_pool_grad(_g, _x, **_at), "3x2-s12-p10")


def loop_upsample(x, scale):
    n, c, h, w = x.shape
    out = np.empty((n, c, h * scale, w * scale))
    for idx in itertools.product(*(range(d) for d in out.shape)):
        out[idx] = x[idx[0], idx[1], idx[2] // scale, idx[3] // scale]
    return out


_x = randn(2, 3, 2, 3)
case("upsample_nearest", [_x], {}, loop_upsample(_x, 2), "x2", grad=True)
_x = randn(1, 2, 3, 2)
case("upsample_nearest", [_x], {"scale": 3}, loop_upsample(_x, 3), "x3", grad=True)

# --- mse_loss, select, arange ----------------------------------------------------------------

_p, _t = randn(2, 3, 4), randn(2, 3, 4)
case("mse_loss", [_p, _t], {}, np.array(math.fsum(((_p - _t) ** 2).ravel()) / _p.size), "3d",
     grad=True)
case("mse_loss", [np.array([1.0, 2.0]), np.array([0.0, 4.0])], {}, np.array(2.5), "hand")

_x = randn(2, 4, 3)
case("select", [_x], {"axis": 1, "index": 2}, np.stack([_x[i, 2] for i in range(2)]), "middle",
     grad=True)
_x = randn(3, 2, 4)
case("select", [_x], {"axis": -1, "index": -1}, np.array([[_x[i, j, 3] for j in range(2)]
                                                         for i in range(3)]), "last", grad=True)
_x = randn(3, 2)
case("select", [_x], {"axis": 0, "index": 0}, np.array([_x[0, 0], _x[0, 1]]), "first", grad=True)
_x = randn(1, 3, 2)
case("select", [_x], {"axis": 0, "index": 0}, _x[0].copy(), "only", grad=True)
_x = randn(4)
case("select", [_x], {"axis": 0, "index": 2}, np.array(_x[2]), "to-scalar", grad=True)
case("select", [ints(4, 5, 6, 7).reshape(2, 2)], {"axis": 1, "index": 1}, ints(5, 7), "i64")

case("arange", [], {"size": 5}, np.array([0.0, 1.0, 2.0, 3.0, 4.0]), "f32")
case("arange", [], {"size": 3, "dtype": "i64"}, ints(0, 1, 2), "i64")

GRAD_CASES = [c for c in CASES if c.grad]
DECOMPOSE_CASES = [c for c in CASES if ir.spec(c.op).decompose is not None]


def in_f64(cases):
    """The cases again with every float input declared f64 (rules must keep dtypes)."""
    return [dataclasses.replace(c, id=f"{c.id}-f64", dtypes=tuple(
        "f64" if dt == "f32" else dt for dt in c.nominal)) for c in cases if c.dtypes is None]


# --- helpers ----------------------------------------------------------------------------

def as_tuple(x):
    return x if isinstance(x, tuple) else (x,)


def assert_close(got, want, what, rtol=RTOL):
    got, want = np.asarray(got), np.asarray(want)
    assert got.shape == want.shape, f"{what}: shape {got.shape} != {want.shape}"
    if want.dtype.kind in "fc":
        np.testing.assert_allclose(got, want, rtol=rtol, atol=rtol * 1e-2, err_msg=what)
    else:
        np.testing.assert_array_equal(got, want, err_msg=what)


def build(c: Case, params: bool, loss: bool = False):
    """A one-node graph for case c; float inputs become parameters when `params`. With
    `loss`, adds R inputs and loss = sum over outputs of sum(out * R)."""
    b = ir.Builder(ir.Graph(f"test_{c.op}"))
    feeds, values = {}, []
    for i, (arr, dt) in enumerate(zip(c.inputs, c.nominal)):
        name = f"x{i}"
        arr = np.asarray(arr)
        is_float = dt in ("f32", "f64")
        values.append(b.param(name, arr.shape, dtype=dt, trainable=i not in c.frozen)
                      if params and is_float else b.input(name, arr.shape, dt))
        feeds[name] = arr
    outs = as_tuple(b.op(c.op, *values, **c.attrs))
    for j, o in enumerate(outs):
        b.output(f"out{j}", o)
    if loss:
        total = None
        for j in c.grad_outputs or range(len(outs)):
            o = outs[j]
            r = b.input(f"r{j}", o.shape, o.dtype)
            feeds[f"r{j}"] = rng_r(c, j, o.shape)
            term = b.sum(b.mul(o, r), axes=tuple(range(len(o.shape))))
            total = term if total is None else b.add(total, term)
        b.output("loss", total)
    return b.graph, feeds


def rng_r(c: Case, j: int, shape):
    """A fixed random cotangent per case and output (not all ones)."""
    seed = sum(map(ord, c.id)) * 31 + j
    return np.random.default_rng(seed).uniform(0.5, 1.5, shape) * \
        np.random.default_rng(seed + 1).choice([-1.0, 1.0], shape)


# --- tests ------------------------------------------------------------------------------

@pytest.mark.parametrize("c", CASES, ids=lambda c: c.id)
def test_reference(c: Case):
    spec = ir.spec(c.op)
    got = as_tuple(spec.ref(*c.inputs, **spec.check_attrs(c.attrs)))   # defaults filled in
    want = as_tuple(c.expected)
    assert len(got) == len(want), f"{c.id}: {len(got)} outputs, expected {len(want)}"
    for j, (g, w) in enumerate(zip(got, want)):
        assert_close(g, w, f"{c.id} output {j}")
        assert np.asarray(g).dtype.kind == np.asarray(w).dtype.kind, \
            f"{c.id} output {j}: dtype {np.asarray(g).dtype} != {np.asarray(w).dtype}"


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_references_compute_in_the_input_dtype(dtype):
    """Float inputs in float32 give float32 outputs, in float64 float64 (the reference
    interpreter's precision is never silently lowered, and a float32 run stays float32)."""
    wrong = []
    for c in CASES:
        if c.op == "cast" or not any(np.asarray(a).dtype.kind == "f" for a in c.inputs):
            continue
        inputs = [np.asarray(a).astype(dtype) if np.asarray(a).dtype.kind == "f" else a
                  for a in c.inputs]
        spec = ir.spec(c.op)
        for j, out in enumerate(as_tuple(spec.ref(*inputs, **spec.check_attrs(c.attrs)))):
            out = np.asarray(out)
            if out.dtype.kind == "f" and out.dtype != dtype:
                wrong.append(f"{c.id} output {j}: {out.dtype}")
    assert not wrong, f"references that do not compute in {np.dtype(dtype)}: {', '.join(wrong)}"


@pytest.mark.parametrize("c", CASES, ids=lambda c: c.id)
def test_shape_inference(c: Case):
    spec = ir.spec(c.op)
    types = [ir.TensorType(np.shape(a), dt) for a, dt in zip(c.inputs, c.nominal)]
    attrs = spec.check_attrs(c.attrs)
    inferred = spec.infer_types(types, attrs)
    got = as_tuple(spec.ref(*c.inputs, **attrs))
    assert len(inferred) == len(got)
    for t, g in zip(inferred, got):
        g = np.asarray(g)
        assert t.shape == g.shape, f"{c.id}: inferred {t}, reference gives shape {g.shape}"
        assert np.dtype(ir.DTYPES[t.dtype]).kind == g.dtype.kind, \
            f"{c.id}: inferred {t}, reference gives dtype {g.dtype}"


@pytest.mark.parametrize("c", DECOMPOSE_CASES + in_f64(DECOMPOSE_CASES), ids=lambda c: c.id)
def test_decomposition(c: Case):
    graph, feeds = build(c, params=False)
    low = ir.decompose(graph, keep=lambda op: False)
    left = {n.op for n in low.nodes if ir.spec(n.op).decompose is not None}
    assert not left, f"{c.id}: ops {left} survive full decomposition"
    want = ir.run(graph, feeds)
    got = ir.run(low, feeds)
    assert set(got) == set(want)
    for k in want:
        assert_close(got[k], want[k], f"{c.id} decomposed {k}")
        assert_close(want[k], as_tuple(c.expected)[int(k[3:])], f"{c.id} graph {k}")


def finite_difference(graph, feeds, name):
    base = feeds[name]
    fd = np.zeros(base.shape)
    for idx in np.ndindex(*base.shape):
        vals = []
        for sign in (1.0, -1.0):
            x = base.copy()
            x[idx] += sign * FD_STEP
            vals.append(float(ir.run(graph, {**feeds, name: x}, outputs=["loss"])["loss"]))
        fd[idx] = (vals[0] - vals[1]) / (2 * FD_STEP)
    return fd


def check_gradients(graph, feeds, label):
    gg = ir.grad_graph(graph)
    got = ir.run(gg, feeds)
    assert_close(got["loss"], ir.run(graph, feeds)["loss"], f"{label} loss")
    assert graph.params, f"{label}: nothing to differentiate"
    for name, p in graph.params.items():
        if not p.trainable:
            assert ir.GRAD_PREFIX + name not in got, f"{label}: frozen {name} got a gradient"
            continue
        g = got[ir.GRAD_PREFIX + name]
        assert g.shape == p.type.shape, f"{label}: grad of {name} has shape {g.shape}"
        fd = finite_difference(graph, feeds, name)
        scale = max(np.abs(fd).max(), 1e-3)
        np.testing.assert_allclose(g, fd, rtol=FD_RTOL, atol=FD_RTOL * scale,
                                   err_msg=f"{label}: d loss / d {name}")


@pytest.mark.parametrize("c", GRAD_CASES + in_f64(GRAD_CASES), ids=lambda c: c.id)
def test_gradient(c: Case):
    graph, feeds = build(c, params=True, loss=True)
    check_gradients(graph, feeds, c.id)


def test_rope_with_in_graph_tables_gradient():
    """positions -> rope_tables -> rope inside one graph; gradient w.r.t. x only."""
    b = ir.Builder(ir.Graph("rope_chain"))
    x = b.param("x", (1, 2, 5, 6))
    pos = b.positions(x, axis=2, offset=1)
    cos, sin = b.rope_tables(pos, dim=6, theta=50.0)
    y = b.rope(x, cos, sin)
    r = b.input("r", y.shape)
    b.output("y", y)
    b.output("loss", b.sum(b.mul(y, r), axes=(0, 1, 2, 3)))
    xv, rv = randn(1, 2, 5, 6), randn(1, 2, 5, 6)
    feeds = {"x": xv, "r": rv}
    cos_v, sin_v = rope_tables_loops(range(1, 6), 6, 50.0)
    assert_close(ir.run(b.graph, feeds)["y"], complex_rope(xv, cos_v, sin_v), "rope chain")
    check_gradients(b.graph, feeds, "rope chain")


def _t(*shape, dtype="f32"):
    return ir.TensorType(shape, dtype)


# (op, input types, attributes, a fragment of the error message)
BAD_SHAPES = [
    ("conv2d", [_t(1, 4, 8, 8), _t(6, 3, 3, 3)], {}, "input has 4 channels"),
    ("conv2d", [_t(1, 4, 8, 8), _t(6, 2, 3, 3)], {"groups": 4}, "expects 8"),
    ("conv2d", [_t(1, 4, 8, 8), _t(6, 4, 3, 3), _t(5)], {}, "bias"),
    ("conv2d", [_t(1, 4, 2, 2), _t(6, 4, 3, 3)], {}, "does not fit"),
    ("conv2d", [_t(4, 8, 8), _t(6, 4, 3, 3)], {}, "[N, C, H, W]"),
    ("conv2d", [_t(1, 4, 8, 8), _t(6, 4, 3, 3)], {"stride": (0, 1)}, "must be >= 1"),
    ("conv2d_backward_input", [_t(1, 6, 3, 3), _t(6, 4, 3, 3)], {"input_size": (8, 8)}, "spatial size"),
    ("conv2d_backward_weight", [_t(1, 4, 8, 8), _t(2, 6, 6, 6)], {"kernel": (3, 3)}, "batch sizes differ"),
    ("conv1d", [_t(1, 4, 8), _t(6, 4, 3, 3)], {}, "[out, in/groups, K]"),
    ("group_norm", [_t(2, 6, 4), _t(6), _t(6)], {"groups": 4, "eps": 1e-5}, "not divisible"),
    ("group_norm", [_t(2, 6, 4), _t(3), _t(6)], {"groups": 3, "eps": 1e-5}, "must be [6]"),
    ("layer_norm", [_t(2, 6), _t(5)], {"eps": 1e-5}, "last dim"),
    ("batch_norm", [_t(2, 3, 4, 4), _t(3), _t(3), _t(3), _t(4)], {"eps": 1e-5}, "running_var"),
    ("gelu", [_t(3)], {"approximate": "erf"}, "'none' or 'tanh'"),
    ("max_pool2d", [_t(1, 2, 5, 5)], {"kernel": (2, 2), "padding": (2, 2)}, "half the kernel"),
    ("max_pool2d_backward", [_t(1, 2, 2, 2), _t(1, 2, 5, 5)], {}, "is not the max_pool2d output"),
    ("upsample_nearest", [_t(2, 3, 4)], {}, "[N, C, H, W]"),
    ("mse_loss", [_t(2, 3), _t(3, 2)], {}, "one shape"),
    ("select", [_t(2, 3)], {"axis": 1, "index": 3}, "out of range"),
    ("select", [_t(2, 3)], {"axis": 2, "index": 0}, "out of range"),
    ("arange", [], {"size": 0}, "positive"),
]


@pytest.mark.parametrize("op, types, attrs, message", BAD_SHAPES,
                         ids=[f"{b[0]}-{b[3]}" for b in BAD_SHAPES])
def test_shape_errors_say_what_is_wrong(op, types, attrs, message):
    spec = ir.spec(op)
    with pytest.raises(ir.IRError, match=re.escape(message)):
        spec.infer_types(types, spec.check_attrs(attrs))


def test_coverage():
    """Every registered op has a forward case, and a gradient case unless it is in NO_GRAD."""
    forward = {c.op for c in CASES}
    grad = {c.op for c in GRAD_CASES}
    problems = []
    no_forward = sorted(set(ir.OPS) - forward)
    if no_forward:
        problems.append(f"ops without a forward case in tests/test_ops.py: {', '.join(no_forward)}")
    no_grad = sorted(set(ir.OPS) - NO_GRAD - grad)
    if no_grad:
        problems.append(f"ops without a gradient case (add one, or list the op in NO_GRAD): "
                        f"{', '.join(no_grad)}")
    stale = sorted(NO_GRAD - set(ir.OPS))
    if stale:
        problems.append(f"NO_GRAD names unregistered ops: {', '.join(stale)}")
    wrong = sorted(NO_GRAD & grad)
    if wrong:
        problems.append(f"ops in NO_GRAD have gradient cases: {', '.join(wrong)}")
    assert not problems, "\n".join(problems)


def test_no_grad_ops_are_not_differentiable():
    """NO_GRAD ops really have neither a VJP nor a decomposition to derive one from."""
    for op in NO_GRAD:
        s = ir.spec(op)
        assert s.vjp is None and s.decompose is None, f"{op} is differentiable; test its gradient"
