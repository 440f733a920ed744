"""Shape ops: reshape, transpose, broadcast_to, split, concat, select; arange."""
from __future__ import annotations

import numpy as np

from ..registry import expect, register
from ..types import DTYPES, TensorType
from .common import axis_of


def target_shape(shape: tuple[int, ...], spec: tuple[int, ...]) -> tuple[int, ...]:
    """Resolve a reshape spec: 0 keeps the input's dimension at that position, -1 is inferred."""
    expect(spec.count(-1) <= 1, f"reshape {list(spec)}: at most one -1")
    out = [shape[i] if d == 0 and i < len(shape) else d for i, d in enumerate(spec)]
    known = int(np.prod([d for d in out if d != -1]))
    total = int(np.prod(shape))
    if -1 in out:
        expect(known > 0 and total % known == 0, f"cannot reshape {list(shape)} to {list(spec)}")
        out[out.index(-1)] = total // known
    expect(int(np.prod(out)) == total, f"cannot reshape {list(shape)} ({total} elements) to {list(spec)}")
    return tuple(out)


register("reshape", inputs="x", attrs={"shape": tuple},
         infer=lambda x, *, shape: TensorType(target_shape(x.shape, shape), x.dtype),
         ref=lambda x, *, shape: x.reshape(target_shape(x.shape, shape)),
         vjp=lambda b, ins, outs, cts, *, shape: [b.reshape(cts[0], shape=ins[0].shape)])


def _transpose_infer(x, *, perm):
    expect(sorted(perm) == list(range(x.rank)), f"perm {list(perm)} is no permutation of rank {x.rank}")
    return TensorType(tuple(x.shape[p] for p in perm), x.dtype)


register("transpose", inputs="x", attrs={"perm": tuple}, infer=_transpose_infer,
         ref=lambda x, *, perm: np.transpose(x, perm),
         vjp=lambda b, ins, outs, cts, *, perm: [
             b.transpose(cts[0], perm=tuple(int(i) for i in np.argsort(perm)))])


def _broadcast_to_infer(x, *, shape):
    ok = len(shape) >= x.rank and all(d in (1, s) for d, s in zip(x.shape[::-1], shape[::-1]))
    expect(ok, f"cannot broadcast {list(x.shape)} to {list(shape)}")
    return TensorType(tuple(shape), x.dtype)


register("broadcast_to", inputs="x", attrs={"shape": tuple}, infer=_broadcast_to_infer,
         ref=lambda x, *, shape: np.broadcast_to(x, shape).copy(),
         vjp=lambda b, ins, outs, cts, *, shape: [b.sum_to(cts[0], shape=ins[0].shape)])


def _split_infer(x, *, axis, sizes):
    a = axis_of(axis, x.rank)
    expect(sum(sizes) == x.shape[a], f"split sizes {list(sizes)} do not add up to {x.shape[a]}")
    return tuple(TensorType(x.shape[:a] + (s,) + x.shape[a + 1:], x.dtype) for s in sizes)


def _split_vjp(b, ins, outs, cts, *, axis, sizes):
    parts = [g if g is not None else b.zeros_like(o) for g, o in zip(cts, outs)]
    return [b.concat(*parts, axis=axis)]


register("split", inputs="x", attrs={"axis": int, "sizes": tuple}, infer=_split_infer,
         ref=lambda x, *, axis, sizes: tuple(np.split(x, np.cumsum(sizes)[:-1], axis=axis)),
         vjp=_split_vjp)


def _concat_infer(*xs, axis):
    a = axis_of(axis, xs[0].rank)
    for x in xs[1:]:
        expect(x.dtype == xs[0].dtype and x.rank == xs[0].rank and all(
            d == e for i, (d, e) in enumerate(zip(x.shape, xs[0].shape)) if i != a),
            f"cannot concatenate {', '.join(str(t) for t in xs)} along axis {axis}")
    size = sum(x.shape[a] for x in xs)
    return TensorType(xs[0].shape[:a] + (size,) + xs[0].shape[a + 1:], xs[0].dtype)


def _concat_vjp(b, ins, outs, cts, *, axis):
    parts = b.split(cts[0], axis=axis, sizes=tuple(x.shape[axis] for x in ins))
    return list(parts) if isinstance(parts, tuple) else [parts]


register("concat", inputs="xs*", attrs={"axis": int}, infer=_concat_infer,
         ref=lambda *xs, axis: np.concatenate(xs, axis=axis), vjp=_concat_vjp)


def _select_infer(x, *, axis, index):
    a = axis_of(axis, x.rank)
    n = x.shape[a]
    expect(-n <= index < n, f"index {index} out of range for axis {axis} of size {n} in {x}")
    return TensorType(x.shape[:a] + x.shape[a + 1:], x.dtype)


def _select_decompose(b, x, *, axis, index):
    """The slice [index, index + 1) along the axis (split), then that axis reshaped away."""
    rank = x.type.rank
    a, n = axis % rank, x.shape[axis]
    index %= n
    sizes = tuple(s for s in (index, 1, n - index - 1) if s)
    parts = b.split(x, axis=a, sizes=sizes)
    one = parts if len(sizes) == 1 else parts[0 if index == 0 else 1]
    tail = x.shape[a + 1:]
    spec = (0,) * a + ((-1,) + tail[1:] if tail else ())       # 0 keeps the leading dims
    return b.reshape(one, shape=spec)


register("select", inputs="x", attrs={"axis": int, "index": int}, infer=_select_infer,
         ref=lambda x, *, axis, index: np.take(x, index, axis=axis), decompose=_select_decompose)


def _arange_infer(*, size, dtype):
    expect(size >= 1, f"size {size} must be positive")
    expect(dtype in ("f32", "f64", "i64"), f"dtype {dtype!r} must be f32, f64 or i64")
    return TensorType((size,), dtype)


register("arange", inputs="", attrs={"size": int, "dtype": "f32"}, infer=_arange_infer,
         ref=lambda *, size, dtype: np.arange(size, dtype=np.float64 if dtype == "f32" else DTYPES[dtype]))
