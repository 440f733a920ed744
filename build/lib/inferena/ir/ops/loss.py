"""Losses: cross-entropy (mean over all positions), one-hot, mean squared error."""
from __future__ import annotations

import numpy as np

from ..registry import expect, register
from ..types import TensorType
from .common import const


def _one_hot_infer(labels, *, depth):
    expect(labels.dtype == "i64", f"labels must be i64, got {labels}")
    return TensorType(labels.shape + (depth,), "f32")


register("one_hot", inputs="labels", attrs={"depth": int}, infer=_one_hot_infer,
         ref=lambda labels, *, depth: (labels[..., None] == np.arange(depth)).astype(np.float64))


def _ce_infer(logits, labels):
    expect(labels.dtype == "i64", f"labels must be i64, got {labels}")
    expect(logits.is_float and logits.shape[:-1] == labels.shape,
           f"logits {logits} do not match labels {labels} (want [..., classes] and [...])")
    return TensorType((), logits.dtype)


def _ce_ref(logits, labels):
    z = logits - logits.max(axis=-1, keepdims=True)
    lse = np.log(np.exp(z).sum(axis=-1))
    picked = np.take_along_axis(z, labels[..., None], axis=-1)[..., 0]
    return np.asarray((lse - picked).mean())


def _one_hot_like(b, labels, logits):
    """one_hot is f32; cast it when the logits are another float dtype (f64)."""
    hot = b.one_hot(labels, depth=logits.shape[-1])
    return hot if logits.dtype == hot.dtype else b.cast(hot, dtype=logits.dtype)


def _ce_vjp(b, ins, outs, cts):
    logits, labels = ins
    diff = b.sub(b.softmax(logits, axis=-1), _one_hot_like(b, labels, logits))
    n = int(np.prod(labels.shape))
    return [b.mul(diff, b.mul(cts[0], const(b, 1.0 / n, cts[0]))), None]


def _ce_decompose(b, logits, labels):
    z = b.sub(logits, b.max(logits, axes=(-1,), keepdims=True))
    lse = b.log(b.sum(b.exp(z), axes=(-1,)))
    picked = b.sum(b.mul(z, _one_hot_like(b, labels, logits)), axes=(-1,))
    return b.mean(b.sub(lse, picked), axes=tuple(range(labels.type.rank)))


register("cross_entropy", inputs="logits labels", infer=_ce_infer, ref=_ce_ref,
         vjp=_ce_vjp, decompose=_ce_decompose)


def _mse_infer(pred, target):
    expect(pred.is_float and pred.shape == target.shape and pred.dtype == target.dtype,
           f"prediction {pred} and target {target} must be float tensors of one shape and dtype")
    return TensorType((), pred.dtype)


def _mse_decompose(b, pred, target):
    d = b.sub(pred, target)
    return b.mean(b.mul(d, d), axes=tuple(range(pred.type.rank)))


register("mse_loss", inputs="pred target", infer=_mse_infer,
         ref=lambda pred, target: np.asarray(np.mean((pred - target) ** 2)),
         decompose=_mse_decompose)
