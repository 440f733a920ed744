"""Helpers shared by the op families' rules."""
from __future__ import annotations

import numpy as np

from ..registry import expect
from ..types import TensorType, Value


def broadcast(*types: TensorType) -> TensorType:
    """Result type of a NumPy-broadcasting elementwise op."""
    dtypes = {t.dtype for t in types}
    expect(len(dtypes) == 1, f"dtypes differ: {', '.join(str(t) for t in types)}")
    try:
        shape = np.broadcast_shapes(*(t.shape for t in types))
    except ValueError:
        raise_shapes = " and ".join(str(list(t.shape)) for t in types)
        expect(False, f"shapes {raise_shapes} do not broadcast")
    # each size from an input that has it (a traced config size keeps its name: ir/sizes.py)
    rank = len(shape)
    picks = [next((t.shape[a - rank + t.rank] for t in types if a - rank + t.rank >= 0
                   and t.shape[a - rank + t.rank] == d), d) for a, d in enumerate(shape)]
    return TensorType(tuple(picks), types[0].dtype)


def same(x: TensorType, **_) -> TensorType:
    return x


def floating(x: TensorType, **_) -> TensorType:
    expect(x.is_float, f"needs a float tensor, got {x}")
    return x


def axis_of(axis: int, rank: int) -> int:
    expect(-rank <= axis < rank, f"axis {axis} out of range for rank {rank}")
    return axis % rank


def sum_to(b, g: Value, shape: tuple[int, ...]) -> Value:
    """Undo broadcasting in a VJP: sum g down to `shape` (no-op when equal)."""
    return g if g.shape == tuple(shape) else b.sum_to(g, shape=tuple(shape))


def const(b, value: float, like: Value) -> Value:
    return b.const(value=float(value), dtype=like.dtype)
